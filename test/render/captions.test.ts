import { describe, expect, it } from 'vitest';
import { fontChain } from '../../src/render/art/fonts.js';
import { splitWords } from '../../src/render/audio/words.js';
import { looksOf } from '../../src/render/art/looks.js';
import { faceRows, type ShotSpec } from '../../src/render/art/shots.js';
import { oversize } from '../../src/render/assemble.js';
import { captionEvents, CAPTION_BOTTOM, keepNames, legible, captionBlock, captionBottom, captionMetrics, captionWidth, pages, type CaptionPage } from '../../src/render/captions.js';

/** A line's words as the voice would time them (spaced or not, as the script writes them). */
const words = (text: string) => splitWords(text).map(({ word, space }, i) => ({ word, start: i * 0.4, end: i * 0.4 + 0.35, ...(space ? {} : { space }) }));
const text = (page: CaptionPage) =>
  page.map((line) =>
    line
      .map((t) => t.text + (t.space ? ' ' : ''))
      .join('')
      .trim(),
  );
/** A caption's rows as they read. */
const rows = (rs: { text: string; space: boolean }[][]) =>
  rs.map((r) =>
    r
      .map((t) => t.text + (t.space ? ' ' : ''))
      .join('')
      .trim(),
  );

describe('captions', () => {
  it('shows at most two lines at a time, each no wider than the safe area as drawn', () => {
    const split = pages(words('Mochi wakes up in a hospital bed with no memory of the wedding and everyone is lying to him'), { width: 720 });
    expect(split.length).toBeGreaterThan(1);
    const { lineWidth, size } = captionMetrics(720);
    for (const page of split) {
      expect(page.length).toBeLessThanOrEqual(2);
      for (const line of text(page)) expect(captionWidth(line, fontChain('sc'), size)).toBeLessThanOrEqual(lineWidth);
    }
    // Words are whole: every line starts and ends on one.
    expect(split.flatMap(text).join(' ')).toBe('Mochi wakes up in a hospital bed with no memory of the wedding and everyone is lying to him');
  });

  it('measures width, not characters: a line of wide letters holds fewer of them', () => {
    const narrow = pages(words(Array(16).fill('illil').join(' ')), { width: 720 });
    const wide = pages(words(Array(16).fill('MWMWM').join(' ')), { width: 720 });
    const perLine = (p: CaptionPage[]) => p[0]![0]!.map((t) => t.text).join('').length;
    expect(perLine(narrow)).toBeGreaterThan(perLine(wide) * 1.5);
  });

  it('breaks Chinese between characters and puts its words back together without spaces', () => {
    const line = '豆豆在医院醒来，完全不记得婚礼的事，而且每个人都在骗他。到底发生了什么？';
    const split = pages(words(line), { width: 720, language: 'zh' });
    expect(split.flat().length).toBeGreaterThan(2);
    expect(split.flatMap(text).join('')).toBe(line);
    for (const l of split.flatMap(text).slice(1)) expect(l).not.toMatch(/^[，。？]/);
    const events = captionEvents([{ speaker: '露娜', color: '#8e44ad', words: words(line) }], { width: 720, height: 1280, language: 'zh' });
    expect(events[0]!.rows[0]![0]).toMatchObject({ text: '露娜：', speaker: true });
    expect(events[0]!.chain[0]).toBe('sc');
    expect(events.flatMap((e) => rows(e.rows)).join('')).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff]/);
  });

  it('evens out the two lines of a page instead of leaving a lone character below', () => {
    const [page] = pages(words('露娜又撒谎了，这次她骗了所有人。'), { width: 720, language: 'zh' });
    const [top, bottom] = text(page!);
    expect(top!.length + bottom!.length).toBe(16);
    expect(bottom!.length).toBeGreaterThanOrEqual(top!.length - 2);
  });

  it('cuts a run of Chinese that came as one long word, sharing its time between the pieces', () => {
    const one = [{ word: '豆豆在医院醒来完全不记得婚礼的事而且每个人都在骗他', start: 1, end: 5 }];
    const split = pages(one, { width: 720, language: 'zh' });
    const tokens = split.flat(2);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens[0]!.start).toBe(1);
    expect(tokens.at(-1)!.end).toBeCloseTo(5);
    for (const [i, t] of tokens.entries()) if (i) expect(t.start).toBeCloseTo(tokens[i - 1]!.end);
  });

  it('reads Arabic from the right', () => {
    const [event] = captionEvents([{ speaker: null, color: '#ffffff', words: words('يستيقظ موتشي في سرير المستشفى') }], { width: 720, height: 1280, language: 'ar' });
    expect(event!.rtl).toBe(true);
    expect(event!.chain).toContain('arabic');
  });

  it('times each page from its first word to the next page, names the speaker first in a legible colour', () => {
    const events = captionEvents([{ speaker: 'Luna', color: '#8e44ad', words: words('Surprise darling') }], { width: 720, height: 1280 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ start: 0, end: 0.4 + 0.35 + 0.35, bottom: CAPTION_BOTTOM, rtl: false, color: legible('#8e44ad') });
    expect(events[0]!.rows[0]!.map((t) => [t.text, t.speaker === true])).toEqual([
      ['Luna:', true],
      ['Surprise', false],
      ['darling', false],
    ]);
    const long = captionEvents([{ speaker: null, color: '#ffffff', words: words('Mochi wakes up in a hospital bed with no memory of the wedding and everyone is lying to him') }], {
      width: 720,
      height: 1280,
    });
    expect(long.length).toBeGreaterThan(1);
    for (const [i, e] of long.entries()) if (i + 1 < long.length) expect(e.end).toBe(long[i + 1]!.start);
  });
});

describe('where the captions sit', () => {
  const block = captionBlock(720, 1280);
  it('keep their usual place when no face is there, go below faces that reach it, or above when below would cover the phone’s buttons', () => {
    expect(captionBottom([[0.3, 0.55]], block)).toBe(CAPTION_BOTTOM);
    // A small character's face in the usual band: the captions go under it.
    const under = captionBottom([[0.6, 0.7]], block);
    expect(1 - under - block).toBeGreaterThanOrEqual(0.7);
    expect(under).toBeGreaterThanOrEqual(0.12);
    // A face low in the frame (someone in bed): above it.
    const over = captionBottom([[0.7, 0.86]], block);
    expect(1 - over).toBeLessThanOrEqual(0.7);
  });

  it('moves captions clear of a small character in a two-shot, and places each caption that starts there', () => {
    const looks = looksOf([
      { name: 'Pip', species: 'hamster', personality: '', look: {} },
      { name: 'Rex', species: 'German Shepherd', personality: '', look: {} },
    ]);
    const shot: ShotSpec = { setting: 'office', characters: ['Pip', 'Rex'].map((n) => ({ look: looks.get(n)!, emotion: 'angry' as const, speaking: false })), framing: 'two' };
    const big = oversize(720, 1280);
    const faces = faceRows(shot, big.width, big.height).map(([top, end]): [number, number] => [(top - (big.height - 1280) / 2) / 1280, (end - (big.height - 1280) / 2) / 1280]);
    // The hamster's face reaches into the usual band.
    expect(faces.some(([top, end]) => end > 1 - CAPTION_BOTTOM - block && top < 1 - CAPTION_BOTTOM)).toBe(true);
    const bottom = captionBottom(faces, block);
    for (const [top, end] of faces) expect(end <= 1 - bottom - block || top >= 1 - bottom).toBe(true);
    const line = (start: number) => ({ speaker: null, color: '#ffffff', words: [{ word: 'Hello', start, end: start + 0.5 }] });
    const events = captionEvents([line(1), line(6)], { width: 720, height: 1280, bottomAt: (t) => (t < 5 ? bottom : undefined) });
    expect(events.map((e) => e.bottom)).toEqual([bottom, CAPTION_BOTTOM]);
  });
});

describe('speaker names', () => {
  it('are lifted to a colour that reads on the dark outline, and keep light colours as they are', () => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    expect(lum(legible('#2c3e50'))).toBeGreaterThanOrEqual(0.55);
    expect(legible('#2c3e50')).not.toBe('#2c3e50');
    expect(legible('#ffe14d')).toBe('#ffe14d');
  });
});

describe('names in captions', () => {
  it('never breaks a name of two words across lines, and times it from its first word to its last', () => {
    const line = 'Silence falls and then Dr. Prickle stops at the door of bed four and looks back at Barnaby';
    const timed = words(line);
    const kept = keepNames(timed, ['Dr. Prickle', 'Barnaby']);
    const name = kept.find((w) => w.word.startsWith('Dr.'))!;
    expect(name.word).toBe('Dr.\u00a0Prickle');
    expect(name.start).toBe(timed.find((w) => w.word === 'Dr.')!.start);
    expect(name.end).toBe(timed.find((w) => w.word === 'Prickle')!.end);
    // However narrow the frame, the name stays on one line.
    for (const width of [360, 480, 720]) {
      for (const page of pages(kept, { width })) for (const row of page) expect(row.map((t) => t.text).join(' ')).not.toMatch(/Dr\.$/);
    }
    const events = captionEvents([{ speaker: null, color: '#ffffff', words: timed }], { width: 360, height: 640, names: ['Dr. Prickle'] });
    expect(events.flatMap((e) => e.rows.flat()).map((t) => t.text)).toContain('Dr.\u00a0Prickle');
  });
});

describe('a right-to-left series', () => {
  it('reads a line that starts with a Latin name right to left', () => {
    const line = { speaker: null, color: '#ffffff', words: words('Max يفتح الرسالة ثم يصرخ') };
    expect(captionEvents([line], { width: 720, height: 1280, language: 'ar' })[0]!.rtl).toBe(true);
    expect(captionEvents([line], { width: 720, height: 1280, language: 'en' })[0]!.rtl).toBe(false);
  });
});
