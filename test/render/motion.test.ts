import { createCanvas } from '@napi-rs/canvas';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksOf } from '../../src/render/art/looks.js';
import { changedLayer, characterLayer, layerBox, paintShot, placements, shotCanvas, type ShotSpec } from '../../src/render/art/shots.js';
import { assemble, buildGraph, oversize, partsOf, type Layer } from '../../src/render/assemble.js';
import { probe } from '../../src/render/ffmpeg.js';
import { encodeWav } from '../../src/render/audio/pcm.js';
import type { Segment } from '../../src/render/storyboard.js';
import { bins, CAST, frameAt, frameCount, tempDir } from './helpers.js';

const W = 360;
const H = 640;

/** Pixels that clearly differ between two frames. */
function changed(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 60) n++;
  return n;
}

/** The box (x0, y0, x1, y1) of the pixels that clearly differ between two frames. */
function changedBox(a: Buffer, b: Buffer): [number, number, number, number] {
  let [x0, y0, x1, y1] = [W, H, -1, -1];
  for (let i = 0; i < a.length; i += 3) {
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) <= 60) continue;
    const [x, y] = [(i / 3) % W, Math.floor(i / 3 / W)];
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return [x0, y0, x1, y1];
}

/** An input for assemble: a still of one colour, no layers. */
async function solid(dir: string, name: string, colour: string): Promise<string> {
  const big = oversize(W, H);
  const canvas = createCanvas(big.width, big.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, big.width, big.height);
  const file = path.join(dir, `${name}.jpg`);
  fs.writeFileSync(file, await canvas.encode('jpeg', 95));
  return file;
}

function quiet(dir: string): { soundtrack: string } {
  const soundtrack = path.join(dir, 'silence.wav');
  fs.writeFileSync(soundtrack, encodeWav(new Float32Array(24_000 * 3)));
  return { soundtrack };
}

/** The mean red and blue of a frame. */
function redBlue(rgb: Buffer): [number, number] {
  let r = 0;
  let b = 0;
  for (let i = 0; i < rgb.length; i += 3) {
    r += rgb[i]!;
    b += rgb[i + 2]!;
  }
  return [r / (rgb.length / 3), b / (rgb.length / 3)];
}

/** The mean x of the red pixels in a frame; NaN when none are left. */
function redX(rgb: Buffer): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < rgb.length; i += 3) {
    if (rgb[i]! > 180 && rgb[i + 1]! < 90) {
      sum += (i / 3) % W;
      n++;
    }
  }
  return n ? sum / n : Number.NaN;
}

/** Two seconds of a red square moving over a white still, from the still's centre, as `show` says. */
async function movingSquare(show: (left: number) => Layer['show']): Promise<string> {
  const dir = tempDir();
  const base = await solid(dir, 'white', '#f0f0f0');
  const big = oversize(W, H);
  const square = createCanvas(60, 60);
  square.getContext('2d').fillStyle = '#e02020';
  square.getContext('2d').fillRect(0, 0, 60, 60);
  const walker = path.join(dir, 'walker.png');
  fs.writeFileSync(walker, await square.encode('png'));
  const output = path.join(dir, 'out.mp4');
  const left = Math.round(big.width / 2 - 30);
  const top = Math.round(big.height / 2 - 30);
  await assemble(
    bins,
    {
      segments: [{ picture: { kind: 'shot', shot: { setting: 'office', characters: [] } }, start: 0, duration: 2, motion: 'still', jolt: false, mood: null, talking: [] }],
      stills: [{ base, layers: [{ file: walker, left, top, width: 60, height: 60, show: show(left) }] }],
      ...quiet(dir),
      width: W,
      height: H,
      fps: 25,
      duration: 2,
      maxVideoKbps: 4000,
      output,
    },
    60_000,
  );
  return output;
}

describe('transitions', () => {
  it('dissolves one scene into the next, and cuts where the storyboard says cut', async () => {
    const dir = tempDir();
    const [red, blue, green] = [await solid(dir, 'red', '#e02020'), await solid(dir, 'blue', '#2020e0'), await solid(dir, 'green', '#20e020')];
    const shot: ShotSpec = { setting: 'office', characters: [] };
    const seg = (start: number, transition: 'cut' | 'crossfade'): Segment => ({
      picture: { kind: 'shot', shot },
      start,
      duration: 1,
      motion: 'still',
      jolt: false,
      mood: null,
      talking: [],
      transition,
    });
    const output = path.join(dir, 'out.mp4');
    await assemble(
      bins,
      {
        segments: [seg(0, 'cut'), seg(1, 'crossfade'), seg(2, 'cut')],
        stills: [red, blue, green].map((base) => ({ base, layers: [] })),
        ...quiet(dir),
        width: W,
        height: H,
        fps: 25,
        duration: 3,
        maxVideoKbps: 4000,
        output,
      },
      60_000,
    );
    const [r0, b0] = redBlue(frameAt(output, 0.5, W, H));
    expect(r0).toBeGreaterThan(180);
    expect(b0).toBeLessThan(80);
    // Into the second shot: red fading out over blue.
    const [r1, b1] = redBlue(frameAt(output, 1.12, W, H));
    expect(r1).toBeGreaterThan(60);
    expect(b1).toBeGreaterThan(60);
    const [r2, b2] = redBlue(frameAt(output, 1.6, W, H));
    expect(r2).toBeLessThan(80);
    expect(b2).toBeGreaterThan(180);
    // A cut: no blue left a moment into the third shot.
    expect(redBlue(frameAt(output, 2.06, W, H))[1]).toBeLessThan(80);
  });
});

describe('walking out', () => {
  it('moves a walker layer off the frame at its speed, after a beat', async () => {
    // The still is cropped from its centre: a layer at the still's centre is at the frame's centre.
    const output = await movingSquare(() => ({ kind: 'walk', after: 0.5, speed: -200, bob: 0 }));
    const still = redX(frameAt(output, 0.3, W, H));
    expect(still).toBeCloseTo(W / 2, -1);
    // 200 px a second to the left, from half a second in.
    expect(redX(frameAt(output, 1.0, W, H))).toBeCloseTo(W / 2 - 100, -1);
    expect(redX(frameAt(output, 1.9, W, H))).toBeNaN();
  });

  it('walks an arrival in from off the frame to its place, and keeps it there', async () => {
    const output = await movingSquare((left) => ({ kind: 'arrive', from: -(left + 60), over: 1, bob: 0 }));
    expect(redX(frameAt(output, 0.02, W, H))).toBeNaN();
    expect(redX(frameAt(output, 0.6, W, H))).toBeLessThan(W / 2 - 30);
    expect(redX(frameAt(output, 1.5, W, H))).toBeCloseTo(W / 2, -1);
  });
});

describe('the mouth and eye layers', () => {
  it('hold every pixel the talking or blinking drawing changes, at any size, and nothing else', () => {
    const looks = looksOf([...CAST, { name: 'Coco', species: 'parrot', look: {}, personality: '', voice: '' }]);
    for (const [framing, focus] of [
      ['two', undefined],
      ['close', 'Coco'],
    ] as const) {
      const shot: ShotSpec = {
        setting: 'office',
        characters: [
          { look: looks.get('Luna')!, emotion: 'angry', speaking: true, action: 'point' },
          { look: looks.get('Coco')!, emotion: 'scared', speaking: true, action: 'phone' },
        ],
        framing,
        ...(focus ? { focus } : {}),
      };
      const big = oversize(720, 1280);
      const frame = { w: big.width, h: big.height };
      const base = shotCanvas(shot, big.width, big.height);
      for (const p of placements(shot, big.width, big.height)) {
        for (const extra of [{ talking: true }, { blink: true }]) {
          const part = changedLayer(shot, p, frame, extra);
          if (!part) {
            // Only someone the close-up leaves out of the frame has no layer.
            expect(framing === 'close' && p.character.look.name !== focus).toBe(true);
            continue;
          }
          const head = layerBox(p, frame);
          expect(part.canvas.width * part.canvas.height).toBeLessThan((head.width * head.height) / 4);
          // The still with the part laid over it is the shot painted with the change.
          const composed = createCanvas(big.width, big.height);
          composed.getContext('2d').drawImage(base, 0, 0);
          composed.getContext('2d').drawImage(part.canvas, part.left, part.top);
          const changed = createCanvas(big.width, big.height);
          paintShot(changed.getContext('2d'), shot, big.width, big.height, new Set(), { name: p.character.look.name, extra });
          const a = composed.getContext('2d').getImageData(0, 0, big.width, big.height).data;
          const b = changed.getContext('2d').getImageData(0, 0, big.width, big.height).data;
          let differ = 0;
          for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 24) differ++;
          expect(differ, `${framing} ${p.character.look.name} ${JSON.stringify(extra)}`).toBeLessThan(40);
        }
      }
    }
  });
});

describe('breathing', () => {
  it('swells the chest on each breath in, and holds it while the character speaks', async () => {
    const dir = tempDir();
    const big = oversize(W, H);
    const look = looksOf(CAST).get('Mochi')!;
    const shot: ShotSpec = { setting: 'office', characters: [{ look, emotion: 'happy', speaking: false }], framing: 'close', focus: 'Mochi' };
    const base = path.join(dir, 'base.jpg');
    fs.writeFileSync(base, await shotCanvas(shot, big.width, big.height).encode('jpeg', 93));
    const chest = changedLayer(shot, placements(shot, big.width, big.height)[0]!, { w: big.width, h: big.height }, { breath: true })!;
    const file = path.join(dir, 'chest.png');
    fs.writeFileSync(file, await chest.canvas.encode('png'));
    const { soundtrack } = quiet(dir);
    const output = path.join(dir, 'out.mp4');
    // One breath a second, in for its first 0.42 s; words from 1.0 to 1.6 s.
    const segment: Segment = { picture: { kind: 'shot', shot }, start: 0, duration: 2.4, motion: 'still', jolt: false, mood: null, talking: [] };
    await assemble(
      bins,
      {
        segments: [segment],
        stills: [
          { base, layers: [{ file, left: chest.left, top: chest.top, width: chest.canvas.width, height: chest.canvas.height, show: { kind: 'breath', every: 1, phase: 0, quiet: [[1.0, 1.6]] } }] },
        ],
        soundtrack,
        width: W,
        height: H,
        fps: 25,
        duration: 2.4,
        maxVideoKbps: 4000,
        output,
      },
      60_000,
    );
    const out = frameAt(output, 0.7, W, H);
    const breathIn = changed(out, frameAt(output, 0.2, W, H));
    expect(breathIn).toBeGreaterThan(100);
    expect(changed(out, frameAt(output, 2.2, W, H))).toBeGreaterThan(100);
    // In the same phase of a breath, but speaking: held.
    expect(changed(out, frameAt(output, 1.2, W, H))).toBeLessThan(breathIn / 4);
  });
});

describe('parts', () => {
  it('draws a long episode in parts joined by stream copy, frame for frame as in one pass', async () => {
    const dir = tempDir();
    const stills = [await solid(dir, 'red', '#e02020'), await solid(dir, 'blue', '#2020e0'), await solid(dir, 'green', '#20e020')].map((base) => ({ base, layers: [] }));
    const shot: ShotSpec = { setting: 'office', characters: [] };
    const seg = (start: number, transition: 'cut' | 'crossfade'): Segment => ({
      picture: { kind: 'shot', shot },
      start,
      duration: 1.02,
      motion: 'still',
      jolt: false,
      mood: null,
      talking: [],
      transition,
    });
    const segments = [seg(0, 'cut'), seg(1.02, 'crossfade'), seg(2.04, 'cut')];
    const { soundtrack } = quiet(dir);
    // (Captions in parts: caption-pictures.test.ts.)
    const input = { segments, stills, soundtrack, width: W, height: H, fps: 25, duration: 3.06, maxVideoKbps: 4000 };
    expect(partsOf({ ...input, partBytes: 1 })).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
    ]);
    const whole = path.join(dir, 'whole.mp4');
    const parted = path.join(dir, 'parted.mp4');
    await assemble(bins, { ...input, output: whole }, 60_000);
    await assemble(bins, { ...input, output: parted, partBytes: 1 }, 60_000);
    const [a, b] = [await probe(bins, whole), await probe(bins, parted)];
    expect(b.audio?.codec).toBe('aac');
    expect(b.durationSeconds).toBeCloseTo(a.durationSeconds, 1);
    expect(frameCount(parted)).toBe(frameCount(whole));
    // The crossfade that opens the second part, and plain frames.
    for (const t of [0.5, 1.1, 1.5, 2.2, 2.5, 2.9]) expect(changed(frameAt(whole, t, W, H), frameAt(parted, t, W, H)), `at ${t} s`).toBeLessThan(200);
    // Nothing of the parts is left behind.
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('lip sync', () => {
  it('opens the mouth while the line is voiced and keeps it shut in silence', async () => {
    const dir = tempDir();
    const big = oversize(W, H);
    const look = looksOf(CAST).get('Luna')!;
    const shot: ShotSpec = { setting: 'office', characters: [{ look, emotion: 'angry', speaking: true }], framing: 'close', focus: 'Luna' };
    const base = path.join(dir, 'base.jpg');
    fs.writeFileSync(base, await shotCanvas(shot, big.width, big.height).encode('jpeg', 93));
    const p = placements(shot, big.width, big.height)[0]!;
    const box = layerBox(p, { w: big.width, h: big.height });
    const mouth = path.join(dir, 'mouth.png');
    fs.writeFileSync(mouth, await characterLayer(p, { w: big.width, h: big.height }, { talking: true }).canvas.encode('png'));
    // The eyes blink too (at 0.5 s, 1.5 s…): two layers in place, laid over a crop of the still around them.
    const eyes = changedLayer(shot, p, { w: big.width, h: big.height }, { blink: true })!;
    const blink = path.join(dir, 'blink.png');
    fs.writeFileSync(blink, await eyes.canvas.encode('png'));
    const { soundtrack } = quiet(dir);
    const voiced: [number, number] = [0.8, 1.6];
    const segment: Segment = { picture: { kind: 'shot', shot }, start: 0, duration: 2.4, motion: 'still', jolt: false, mood: null, talking: [{ name: 'Luna', windows: [voiced] }] };
    const output = path.join(dir, 'out.mp4');
    const layers: Layer[] = [
      { file: mouth, left: box.left, top: box.top, width: box.width, height: box.height, show: { kind: 'words', windows: [voiced] } },
      { file: blink, left: eyes.left, top: eyes.top, width: eyes.canvas.width, height: eyes.canvas.height, show: { kind: 'blink', every: 1, phase: 0.5 } },
    ];
    const still = { base, layers };
    expect(buildGraph({ segments: [segment], stills: [still], soundtrack, width: W, height: H, fps: 25, duration: 2.4, maxVideoKbps: 4000, output })).toContain('split');
    await assemble(
      bins,
      {
        segments: [segment],
        stills: [still],
        soundtrack,
        width: W,
        height: H,
        fps: 25,
        duration: 2.4,
        maxVideoKbps: 4000,
        output,
      },
      60_000,
    );
    const before = frameAt(output, 0.4, W, H);
    // Mid-flap instants inside the voiced span (the mouth flaps 7 times a second, open most of each).
    const open = [1.0, 1.144].map((t) => frameAt(output, t, W, H));
    const after = frameAt(output, 2.1, W, H);
    const opened = open.map((frame) => changed(before, frame));
    for (const n of opened) expect(n).toBeGreaterThan(150);
    // Shut again in silence: what differs is the encoder's noise, far less than a mouth.
    expect(changed(before, after)).toBeLessThan(Math.min(...opened) / 4);
    // A blink in silence changes the eyes, in place: each layer's changes inside its own box (the
    // camera holds the middle of the oversized still).
    const blinking = frameAt(output, 0.56, W, H);
    expect(changed(before, blinking)).toBeGreaterThan(Math.max(40, changed(before, after) * 2));
    const [ox, oy] = [(big.width - W) / 2, (big.height - H) / 2];
    const inside = ([x0, y0, x1, y1]: number[], l: Layer) => {
      expect(x0).toBeGreaterThanOrEqual(l.left - ox - 2);
      expect(y0).toBeGreaterThanOrEqual(l.top - oy - 2);
      expect(x1).toBeLessThanOrEqual(l.left - ox + l.width + 2);
      expect(y1).toBeLessThanOrEqual(l.top - oy + l.height + 2);
    };
    inside(changedBox(before, blinking), layers[1]!);
    inside(changedBox(before, open[0]!), layers[0]!);
  });
});
