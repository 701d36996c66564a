import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { fontChain, fontRuns, FONTS, hanFor, type FontKey } from '../../src/render/art/fonts.js';
import { assemble, oversize } from '../../src/render/assemble.js';
import { encodeWav } from '../../src/render/audio/pcm.js';
import { CaptionPictures, captionStates, PICTURE_STEP } from '../../src/render/caption-frames.js';
import { splitWords } from '../../src/render/audio/words.js';
import { captionEvents, captionMetrics, type CaptionLine } from '../../src/render/captions.js';
import { textLanguage } from '../../src/render/text/language.js';
import { graphemes } from '../../src/render/text/lines.js';
import { bins, countNear, frameAt, tempDir } from './helpers.js';

/** A sentence in each script we bundle a font for, in the language that writes it. */
const SAMPLES: { language: string; text: string; font: FontKey }[] = [
  { language: 'en', text: 'Mochi wakes up — “Surprise, darling!” Café crème, naïve Zoë…', font: 'latin' },
  { language: 'he', text: 'מוצ׳י מתעורר בבית החולים, ואף אחד לא אומר לו את האמת!', font: 'latin' },
  { language: 'zh', text: '豆豆在医院醒来，完全不记得婚礼的事。到底发生了什么？', font: 'sc' },
  { language: 'zh-TW', text: '豆豆在醫院醒來，完全不記得婚禮的事。到底發生了什麼？', font: 'tc' },
  { language: 'ja', text: 'モチは病院のベッドで目を覚ました。結婚式のことは何も覚えていない！', font: 'jp' },
  { language: 'ko', text: '모치는 병원 침대에서 깨어났다. 결혼식이 전혀 기억나지 않는다!', font: 'kr' },
  { language: 'ar', text: 'يستيقظ موتشي في سرير المستشفى، ولا يتذكر شيئًا عن الزفاف؟', font: 'arabic' },
  { language: 'hi', text: 'मोची अस्पताल के बिस्तर पर जागता है। उसे शादी की कोई याद नहीं!', font: 'devanagari' },
  { language: 'th', text: 'โมจิตื่นขึ้นมาบนเตียงในโรงพยาบาล และจำงานแต่งงานไม่ได้เลย', font: 'thai' },
];
const EMOJI = '😱🐹❤️👩‍👩‍👧🎬';

const opened = new Map<string, fontkit.Font>();
/** The font file read by fontkit: another reader than ours, to check what ours says. */
function fontkitFont(key: FontKey): fontkit.Font {
  const file = FONTS[key].file;
  let font = opened.get(file);
  if (!font) {
    font = fontkit.openSync(file) as fontkit.Font;
    opened.set(file, font);
  }
  return font;
}
const visible = (text: string) => Array.from(text).filter((ch) => !/\p{Default_Ignorable_Code_Point}/u.test(ch));

function chainOf(language: string, text: string): FontKey[] {
  const lang = textLanguage(language);
  const cjk = ['zh', 'ja', 'ko'].includes(lang.locale);
  return fontChain(hanFor(lang.han, text, cjk), cjk);
}

describe('bundled fonts', () => {
  it.each(SAMPLES)('draws every character of $language text with a font that has its glyph', ({ language, text, font }) => {
    const runs = fontRuns(text, chainOf(language, text));
    expect(runs.map((r) => r.text).join('')).toBe(text);
    for (const run of runs) {
      const missing = visible(run.text).filter((ch) => !fontkitFont(run.font).hasGlyphForCodePoint(ch.codePointAt(0)!));
      expect(missing, `${run.font} lacks ${missing.join('')}`).toEqual([]);
    }
    // The script's letters are in the script's own font.
    const letters = runs.filter((r) => /\p{L}/u.test(language === 'en' ? r.text : r.text.replace(/\p{Script=Latin}/gu, '')));
    expect(new Set(letters.map((r) => r.font))).toEqual(new Set([font]));
  });

  it('draws emoji in colour, each glyph from the emoji font', () => {
    const runs = fontRuns(`Wow ${EMOJI}`, fontChain('sc'));
    expect(runs.at(-1)).toEqual({ text: EMOJI, font: 'emoji' });
    for (const ch of visible(EMOJI)) expect(fontkitFont('emoji').hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
  });

  it('takes Han forms from the language, and from kana or Hangul in a text of no CJK language', () => {
    const font = (language: string, text: string) => fontRuns(text, chainOf(language, text)).find((r) => /\p{Script=Han}/u.test(r.text))?.font;
    expect(font('zh', '骨')).toBe('sc');
    expect(font('繁體中文', '骨')).toBe('tc');
    expect(font('ja', '骨')).toBe('jp');
    expect(font('en', 'ほね骨')).toBe('jp');
    // A character the language's font lacks comes from the next CJK font that has it.
    expect(font('ja', '这')).toBe('sc');
  });
});

const W = 720;
const H = 1280;
const BG: [number, number, number] = [0x33, 0x66, 0x99];

/** Words timed as a voice would: one every 0.4 s. */
const timed = (text: string) => splitWords(text).map(({ word, space }, i) => ({ word, start: i * 0.4, end: i * 0.4 + 0.35, space }));

/** One frame of captions burned in as the renderer does (pictures laid over the video), over a plain background. */
async function frame(dir: string, name: string, lines: CaptionLine[], language: string, at: number): Promise<Buffer> {
  const big = oversize(W, H);
  const still = path.join(dir, 'background.png');
  if (!fs.existsSync(still)) {
    const canvas = createCanvas(big.width, big.height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#336699';
    ctx.fillRect(0, 0, big.width, big.height);
    fs.writeFileSync(still, canvas.encodeSync('png'));
    fs.writeFileSync(path.join(dir, 'silence.wav'), encodeWav(new Float32Array(24_000 * 9)));
  }
  const states = captionStates(captionEvents(lines, { width: W, height: H, language }), { width: W, height: H, step: PICTURE_STEP });
  const pictures = new CaptionPictures(path.join(dir, 'pictures'));
  try {
    const files = await pictures.write(states);
    const output = path.join(dir, `${name}.mp4`);
    await assemble(
      bins,
      {
        segments: [{ picture: { kind: 'shot', shot: { setting: 'office', characters: [] } }, start: 0, duration: 8, motion: 'still', jolt: false, mood: null, talking: [] }],
        stills: [{ base: still, layers: [] }],
        soundtrack: path.join(dir, 'silence.wav'),
        captions: states.map((s, i) => ({ at: s.at, top: s.top, file: files[i]! })),
        width: W,
        height: H,
        fps: 25,
        duration: 8,
        maxVideoKbps: 6000,
        output,
      },
      60_000,
    );
    return frameAt(output, at, W, H);
  } finally {
    await pictures.remove();
  }
}

/** Pixels that clearly differ between two frames. */
function changed(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 60) n++;
  return n;
}

/** The leftmost and rightmost columns with anything but background. */
function inkSpan(rgb: Buffer): [number, number] {
  let [left, right] = [W, 0];
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      if (Math.abs(rgb[i]! - BG[0]) + Math.abs(rgb[i + 1]! - BG[1]) + Math.abs(rgb[i + 2]! - BG[2]) > 30) [left, right] = [Math.min(left, x), Math.max(right, x)];
    }
  return [left, right];
}

/** Mean x of the pixels close to a colour in the caption band. */
function meanX(rgb: Buffer, color: [number, number, number]): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(H * 0.55); y < Math.floor(H * 0.8); y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      if (Math.abs(rgb[i]! - color[0]) + Math.abs(rgb[i + 1]! - color[1]) + Math.abs(rgb[i + 2]! - color[2]) < 40) {
        sum += x;
        n++;
      }
    }
  return sum / n;
}

describe('captions in every script, burned into the video', () => {
  const dir = tempDir();
  const CAPTIONS = [
    { language: 'zh', text: '豆豆在医院醒来，完全不记得婚礼的事。', family: 'Noto Sans SC' },
    { language: 'ar', text: 'يستيقظ موتشي في سرير المستشفى ولا يتذكر شيئًا عن الزفاف', family: 'Noto Sans Arabic' },
    { language: 'hi', text: 'मोची अस्पताल के बिस्तर पर जागता है और उसे शादी की कोई याद नहीं।', family: 'Noto Sans Devanagari' },
    { language: 'th', text: 'โมจิตื่นขึ้นมาบนเตียงในโรงพยาบาล', family: 'Noto Sans Thai' },
    { language: 'en', text: `Surprise, darling ${EMOJI}`, family: 'Noto Emoji' },
  ];

  it.each(CAPTIONS)('draws $language captions in $family, with a glyph for every character (no tofu)', async ({ language, text }) => {
    const line = (t: string): CaptionLine[] => [{ speaker: null, color: '#ffffff', words: timed(t) }];
    // Once every word is lit.
    const at = timed(text).at(-1)!.end;
    const real = await frame(dir, language, line(text), language, at);
    // The same caption with every character one that no font has: the missing-glyph box.
    const tofu = await frame(
      dir,
      `${language}-tofu`,
      line(
        graphemes(text)
          .map((g) => (/\s/u.test(g) ? g : '\u0378'))
          .join(''),
      ),
      language,
      at,
    );
    const ink = (rgb: Buffer) => W * H - countNear(rgb, W, [0, 1], BG, 30);
    expect(ink(real)).toBeGreaterThan(2000);
    expect(changed(real, tofu)).toBeGreaterThan(ink(real) * 0.2);
    // Measured in the same fonts, the lines stay inside the margins of the safe area.
    const { margin, outline } = captionMetrics(W);
    const [left, right] = inkSpan(real);
    expect(left).toBeGreaterThanOrEqual(margin - 2 * outline);
    expect(right).toBeLessThanOrEqual(W - margin + 2 * outline);
  });

  it('reads Arabic from the right, and lights its words up from the right', async () => {
    // 0.2 s in, the first word is lit (yellow) and the others wait (white); the speaker's name,
    // in Latin letters, still comes first: on the right.
    const rgb = await frame(dir, 'ar-karaoke', [{ speaker: 'Max', color: '#00ff00', words: timed('يستيقظ موتشي في سرير') }], 'ar', 0.2);
    expect(meanX(rgb, [0xff, 0xe1, 0x4d])).toBeGreaterThan(meanX(rgb, [0xff, 0xff, 0xff]) + 60);
    expect(meanX(rgb, [0x00, 0xff, 0x00])).toBeGreaterThan(meanX(rgb, [0xff, 0xe1, 0x4d]));
    const en = await frame(dir, 'en-karaoke', [{ speaker: null, color: '#ffffff', words: timed('Mochi wakes up crying') }], 'en', 0.2);
    expect(meanX(en, [0xff, 0xe1, 0x4d])).toBeLessThan(meanX(en, [0xff, 0xff, 0xff]) - 60);
  });
});
