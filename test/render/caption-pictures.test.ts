import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { assemble, oversize, partsOf, picturesList, type CaptionPicture } from '../../src/render/assemble.js';
import { bandHeight, CaptionPictures, captionStates, pam, PICTURE_STEP, type CaptionState } from '../../src/render/caption-frames.js';
import { captionEvents, type CaptionLine, SUNG } from '../../src/render/captions.js';
import { encodeWav } from '../../src/render/audio/pcm.js';
import type { Segment } from '../../src/render/storyboard.js';
import { bins, frameAt, frameCount, renderer, request, shortScript, tempDir } from './helpers.js';

const W = 360;
const H = 640;

/** Words 0.4 s apart, each voiced for 0.35 s, from `from`. */
const timed = (text: string, from = 0) => text.split(' ').map((word, i) => ({ word, start: from + i * 0.4, end: from + i * 0.4 + 0.35 }));

const statesOf = (lines: CaptionLine[], language = 'en') => captionStates(captionEvents(lines, { width: W, height: H, language }), { width: W, height: H, step: PICTURE_STEP });

/** The picture showing at `t`. */
const at = (states: CaptionState[], t: number) => states.findLast((s) => s.at <= t + 1e-9)!;

/** Mean x of a picture's pixels close to a colour (opaque ones only), or NaN. */
function meanX(canvas: Canvas, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const { data, width } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let [sum, n] = [0, 0];
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! < 250) continue;
    if (Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 30) {
      sum += (i / 4) % width;
      n++;
    }
  }
  return sum / n;
}

/** Opaque pixels of a picture. */
function ink(canvas: Canvas): number {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 128) n++;
  return n;
}

describe('captions drawn as pictures', () => {
  it('shows one picture per word lit, nothing between lines, each timed to the voice', () => {
    const states = statesOf([
      { speaker: null, color: '#ffffff', words: timed('Mochi wakes up', 1) },
      { speaker: 'Luna', color: '#8e44ad', words: timed('Surprise darling', 4) },
    ]);
    // Blank, the first line lit word by word, blank after its last word (+0.35 s), the second line's two words, blank.
    const want: [number, boolean][] = [
      [0, true],
      [1, false],
      [1.4, false],
      [1.8, false],
      [2.5, true],
      [4, false],
      [4.4, false],
      [5.1, true],
    ];
    expect(states.map((s) => s.blank)).toEqual(want.map(([, blank]) => blank));
    for (const [i, [t]] of want.entries()) expect(Math.abs(states[i]!.at - t), `picture ${i}`).toBeLessThanOrEqual(PICTURE_STEP / 2 + 1e-9);
    // Each picture is named by what it shows: a new word lit is a new picture; blanks are one.
    expect(new Set(states.filter((s) => !s.blank).map((s) => s.key)).size).toBe(5);
    expect(new Set(states.filter((s) => s.blank).map((s) => s.key)).size).toBe(1);
    // Times fall on the 25-a-second grid the overlay reads them on.
    for (const s of states) expect(Math.abs(s.at / PICTURE_STEP - Math.round(s.at / PICTURE_STEP))).toBeLessThan(1e-9);
    // The lit words are yellow, and there are more of them as the line goes on.
    const yellow = (t: number) => {
      const c = at(states, t).draw();
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 250 && Math.abs(data[i]! - 0xff) + Math.abs(data[i + 1]! - 0xe1) + Math.abs(data[i + 2]! - 0x4d) < 30) n++;
      return n;
    };
    expect(yellow(1.1)).toBeGreaterThan(50);
    expect(yellow(1.5)).toBeGreaterThan(yellow(1.1) + 50);
    expect(yellow(2)).toBeGreaterThan(yellow(1.5) + 50);
    expect(ink(at(states, 3).draw())).toBe(0);
  });

  it('cuts a page short when the next line starts over it, and places each where the storyboard says', () => {
    const lines: CaptionLine[] = [
      { speaker: null, color: '#ffffff', words: timed('one two three', 0) },
      { speaker: null, color: '#ffffff', words: timed('four', 1.0) },
    ];
    const events = captionEvents(lines, { width: W, height: H, language: 'en', bottomAt: (t) => (t >= 1 ? 0.5 : undefined) });
    const states = captionStates(events, { width: W, height: H, step: PICTURE_STEP });
    // "three" (due at 0.8) lights; at 1.0 the next line replaces the page, higher up.
    expect(at(states, 0.9).top).toBeGreaterThan(at(states, 1.1).top);
    expect(at(states, 1.1).blank).toBe(false);
    expect(at(states, 1.1).top + bandHeight(W)).toBeLessThanOrEqual(Math.round(H * 0.5) + bandHeight(W));
    // The band never leaves the frame.
    for (const s of states) expect(s.top).toBeGreaterThanOrEqual(0), expect(s.top + bandHeight(W)).toBeLessThanOrEqual(H);
  });

  it('lights left to right, and right to left in Arabic with the speaker first on the right', () => {
    const en = at(statesOf([{ speaker: 'Max', color: '#00ff00', words: timed('Mochi wakes up crying') }]), 0.1).draw();
    expect(meanX(en, SUNG)).toBeLessThan(meanX(en, '#ffffff') - 20);
    expect(meanX(en, '#00ff00')).toBeLessThan(meanX(en, SUNG));
    const ar = at(statesOf([{ speaker: 'Max', color: '#00ff00', words: timed('يستيقظ موتشي في سرير') }], 'ar'), 0.1).draw();
    expect(meanX(ar, SUNG)).toBeGreaterThan(meanX(ar, '#ffffff') + 20);
    expect(meanX(ar, '#00ff00')).toBeGreaterThan(meanX(ar, SUNG));
  });

  it('draws every bundled script from its font (a real caption differs from the same one in missing glyphs)', () => {
    for (const [language, text] of [
      ['hi', 'मोची अस्पताल के बिस्तर पर जागता है'],
      ['zh', '豆豆在医院醒来'],
      ['ar', 'يستيقظ موتشي في سرير'],
      ['th', 'โมจิตื่นขึ้นมาบนเตียง'],
    ] as const) {
      const picture = (t: string) => at(statesOf([{ speaker: null, color: '#ffffff', words: [{ word: t, start: 0, end: 1 }] }], language), 2).draw();
      const real = at(statesOf([{ speaker: null, color: '#ffffff', words: [{ word: text, start: 0, end: 1 }] }], language), 0.5).draw();
      const missing = at(statesOf([{ speaker: null, color: '#ffffff', words: [{ word: text.replace(/\S/gu, '\u0378'), start: 0, end: 1 }] }], language), 0.5).draw();
      expect(ink(picture('x'))).toBe(0);
      expect(ink(real), language).toBeGreaterThan(500);
      const a = real.getContext('2d').getImageData(0, 0, real.width, real.height).data;
      const b = missing.getContext('2d').getImageData(0, 0, missing.width, missing.height).data;
      let differ = 0;
      for (let i = 3; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) > 128) differ++;
      // Dense Han characters cover much of what their missing-glyph boxes do: a smaller share differs.
      expect(differ, language).toBeGreaterThan(ink(real) * 0.05);
    }
  });

  it('lists each part its pictures on its own clock, the one showing at its start first', () => {
    const pictures: CaptionPicture[] = [
      { at: 0, top: 10, file: '/p/blank.png' },
      { at: 1.2, top: 20, file: "/p/it's.png" },
      { at: 2.4, top: 20, file: '/p/blank.png' },
    ];
    expect(picturesList(pictures, 1, 3).split('\n')).toEqual([
      'ffconcat version 1.0',
      "file '/p/blank.png'",
      'duration 0.200',
      "file '/p/it'\\''s.png'",
      'duration 1.200',
      "file '/p/blank.png'",
      'duration 0.600',
      "file '/p/blank.png'",
      '',
    ]);
  });
});

describe('caption pictures, hard cases', () => {
  it('keeps marks under the last row of Arabic inside the band, at any frame width', () => {
    for (const width of [360, 720, 1080]) {
      const lines: CaptionLine[] = [{ speaker: null, color: '#ffffff', words: timed('جميعٍ يوجعُ قريبٍ ضلوعٍ') }];
      const states = captionStates(captionEvents(lines, { width, height: Math.round((width * 16) / 9), language: 'ar' }), { width, height: Math.round((width * 16) / 9), step: PICTURE_STEP });
      const picture = at(states, 1).draw();
      const { data } = picture.getContext('2d').getImageData(0, picture.height - 2, picture.width, 2);
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      expect(inked, `${width} px`).toBe(0);
    }
  });

  it('draws a right-to-left word from the right: an emoji after it sits at its left end', () => {
    // The first word is lit (yellow); the second, still white, ends in a red heart.
    const picture = at(statesOf([{ speaker: null, color: '#ffffff', words: timed('سرير حبيبي❤️') }], 'ar'), 0.1).draw();
    const { data, width } = picture.getContext('2d').getImageData(0, 0, picture.width, picture.height);
    const meanOf = (match: (r: number, g: number, b: number) => boolean) => {
      let [sum, n] = [0, 0];
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3]! > 250 && match(data[i]!, data[i + 1]!, data[i + 2]!)) {
          sum += (i / 4) % width;
          n++;
        }
      return sum / n;
    };
    const red = meanOf((r, g, b) => r > 180 && g < 90 && b < 110);
    const white = meanOf((r, g, b) => r > 235 && g > 235 && b > 235);
    expect(red).toBeLessThan(white);
  });

  it('shows a page again at its new place when the same words come back lower', () => {
    const lines: CaptionLine[] = [
      { speaker: null, color: '#ffffff', words: [{ word: 'Again', start: 0, end: 0.5 }] },
      { speaker: null, color: '#ffffff', words: [{ word: 'Again', start: 0.5, end: 1 }] },
    ];
    const events = captionEvents(lines, { width: W, height: H, language: 'en', bottomAt: (t) => (t >= 0.5 ? 0.5 : undefined) });
    const states = captionStates(events, { width: W, height: H, step: PICTURE_STEP });
    expect(at(states, 0.7).top).toBeLessThan(at(states, 0.2).top);
  });

  it('moves the captions’ band a hundred times in one part (ffmpeg nests expressions only so deep)', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const big = oversize(W, H);
    const canvas = createCanvas(big.width, big.height);
    canvas.getContext('2d').fillStyle = '#203040';
    canvas.getContext('2d').fillRect(0, 0, big.width, big.height);
    const base = path.join(dir, 'still.png');
    fs.writeFileSync(base, canvas.encodeSync('png'));
    const soundtrack = path.join(dir, 'silence.wav');
    fs.writeFileSync(soundtrack, encodeWav(new Float32Array(24_000 * 5)));
    const [state] = statesOf([{ speaker: null, color: '#ffffff', words: timed('HELLO') }]).filter((s) => !s.blank);
    const file = path.join(dir, 'hello.pam');
    fs.writeFileSync(file, pam(state!.draw()));
    const pictures: CaptionPicture[] = Array.from({ length: 100 }, (_, i) => ({ at: i * 0.04, top: i % 2 ? 40 : 400, file }));
    const output = path.join(dir, 'out.mp4');
    const seg: Segment = { picture: { kind: 'shot', shot: { setting: 'office', characters: [] } }, start: 0, duration: 4, motion: 'still', jolt: false, mood: null, talking: [] };
    await assemble(bins, { segments: [seg], stills: [{ base, layers: [] }], soundtrack, captions: pictures, width: W, height: H, fps: 25, duration: 4, maxVideoKbps: 3000, output }, 60_000);
    // Past the last change the band rests low.
    const frame = frameAt(output, 3.5, W, H);
    const bright = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < W; x++) if (frame[(y * W + x) * 3]! > 200) n++;
      return n;
    };
    expect(bright(400, 400 + bandHeight(W))).toBeGreaterThan(100);
    expect(bright(40, 40 + bandHeight(W))).toBe(0);
  });
});

describe('caption pictures burnt in by ffmpeg', () => {
  it('shows each picture where and when it is due, the same whether drawn in one part or three', async () => {
    const dir = tempDir();
    const big = oversize(W, H);
    const still = (name: string, colour: string) => {
      const canvas = createCanvas(big.width, big.height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, big.width, big.height);
      const file = path.join(dir, `${name}.png`);
      fs.writeFileSync(file, canvas.encodeSync('png'));
      return { base: file, layers: [] };
    };
    const seg = (start: number): Segment => ({ picture: { kind: 'shot', shot: { setting: 'office', characters: [] } }, start, duration: 1.02, motion: 'still', jolt: false, mood: null, talking: [] });
    const segments = [seg(0), seg(1.02), seg(2.04)];
    const stills = [still('a', '#203040'), still('b', '#203040'), still('c', '#203040')];
    const soundtrack = path.join(dir, 'silence.wav');
    fs.writeFileSync(soundtrack, encodeWav(new Float32Array(24_000 * 4)));
    // One line in the first part, one in the last (on the episode's clock), up high.
    const events = captionEvents(
      [
        { speaker: null, color: '#ffffff', words: timed('EARLY BIRD', 0.3) },
        { speaker: null, color: '#ffffff', words: timed('LATE', 2.3) },
      ],
      { width: W, height: H, language: 'en', bottomAt: (t) => (t > 2 ? 0.6 : undefined) },
    );
    const states = captionStates(events, { width: W, height: H, step: PICTURE_STEP });
    const drawn = new Map<string, Canvas>();
    const pictures = states.map((s) => {
      const file = path.join(dir, `${s.key}.pam`);
      drawn.set(file, s.draw());
      fs.writeFileSync(file, pam(drawn.get(file)!));
      return { at: s.at, top: s.top, file };
    });
    const captions = pictures;
    // 24 frames a second, as episodes are: the parts start between the pictures' 1/25 s grid.
    const input = { segments, stills, soundtrack, captions, width: W, height: H, fps: 24, duration: 3.06, maxVideoKbps: 4000 };
    expect(partsOf({ ...input, partBytes: 1 })).toHaveLength(3);
    const whole = path.join(dir, 'whole.mp4');
    const parted = path.join(dir, 'parted.mp4');
    await assemble(bins, { ...input, output: whole }, 60_000);
    await assemble(bins, { ...input, output: parted, partBytes: 1 }, 60_000);
    // Each frame is the background with the picture due then laid over it at its place.
    const expected = async (t: number) => {
      const canvas = createCanvas(W, H);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#203040';
      ctx.fillRect(0, 0, W, H);
      const shown = pictures.findLast((p) => p.at <= t)!;
      ctx.drawImage(drawn.get(shown.file)!, 0, shown.top);
      const { data } = ctx.getImageData(0, 0, W, H);
      return Buffer.from(data.filter((_, i) => i % 4 !== 3));
    };
    const differing = (a: Buffer, b: Buffer) => {
      let n = 0;
      for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 90) n++;
      return n;
    };
    // Each part ends on its last frame (the pictures' list would hold on): the parts add up to the episode.
    expect(frameCount(parted)).toBe(Math.round(3.06 * 24));
    for (const t of [0.2, 0.5, 0.9, 1.5, 2.2, 2.5, 2.9]) {
      const want = await expected(t);
      for (const video of [whole, parted]) expect(differing(frameAt(video, t, W, H), want), `${path.basename(video)} at ${t} s`).toBeLessThan(150);
    }
    // The late line is up where the storyboard put it, in the last part.
    expect(pictures.findLast((p) => p.at <= 2.5)!.top).toBeLessThan(pictures.findLast((p) => p.at <= 0.5)!.top);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('caption pictures of a render', () => {
  it('writes each picture once, as RGBA ffmpeg reads, and removes them when asked', async () => {
    const dir = tempDir();
    const states = statesOf([{ speaker: null, color: '#ffffff', words: timed('one two three') }]);
    const pictures = new CaptionPictures(path.join(dir, 'pictures'));
    const files = await pictures.write(states);
    expect(files).toHaveLength(states.length);
    // The blank before and after the line is one file; each lit state its own.
    expect(new Set(files).size).toBe(new Set(states.map((s) => s.key)).size);
    expect(await pictures.write(states)).toEqual(files);
    const file = fs.readFileSync(files[1]!);
    const header = `P7\nWIDTH ${W}\nHEIGHT ${bandHeight(W)}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n`;
    expect(file.subarray(0, header.length).toString('latin1')).toBe(header);
    expect(file.length).toBe(header.length + W * bandHeight(W) * 4);
    // Temp files of this process, as a killed render's leftovers are recognised.
    for (const f of files) expect(path.basename(f)).toMatch(/\.[0-9a-f]{8}-\d+\.[0-9a-f]{8}\.tmp\.pam$/);
    await pictures.remove();
    expect(fs.readdirSync(path.join(dir, 'pictures'))).toEqual([]);
  });

  it('burns a Hindi line in, shaped, and leaves no pictures behind', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const hindi = shortScript();
    hindi.scenes[1]!.narration = 'मोची अस्पताल के बिस्तर पर जागता है।';
    const r = renderer(dir);
    const burnt = await r.render(request(hindi, { language: 'hi', episodeId: 'ep_hi' }));
    const soft = await r.render(request(hindi, { language: 'hi', episodeId: 'ep_hi', burnCaptions: false }));
    expect(fs.readdirSync(path.join(dir, 'cache', 'caption-pictures'))).toEqual([]);
    // Somewhere in the episode the burnt-in video differs from the one without captions.
    const differ = (t: number) => {
      const [a, b] = [frameAt(burnt.videoPath, t), frameAt(soft.videoPath, t)];
      let n = 0;
      for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 120) n++;
      return n;
    };
    expect(Math.max(...[2, 3, 4, 5, 6].map(differ))).toBeGreaterThan(3000);
  });
});
