import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { captionFont, fontChain, fontRuns, hanFor, type FontKey } from './art/fonts.js';
import type { SpokenWord } from './audio/words.js';
import { textLanguage } from './text/language.js';
import { baseDirection, breakPieces, direction, fillLines, graphemes } from './text/lines.js';

/**
 * Burned-in captions, as pages: at most two lines at a time, as wide as the safe area that phone
 * UIs leave free (measured in the fonts they are drawn in, not counted in characters), timed word
 * by word to the voice, the speaker's name first in their colour for dialogue. Lines break where
 * the script allows (between Chinese characters, between Thai words, at spaces elsewhere) and
 * right-to-left lines read, and light up, from the right. caption-frames.ts draws them.
 */

export interface CaptionLine {
  /** null for the narrator. */
  speaker: string | null;
  color: string;
  words: SpokenWord[];
}

/** A piece of a caption line that may start a new line: a word, or part of one (a Chinese character). */
export interface CaptionToken {
  text: string;
  start: number;
  end: number;
  /** A space follows it. */
  space: boolean;
  /** The speaker's name, before the first word. */
  speaker?: boolean;
}

/** One caption on screen: its lines. */
export type CaptionPage = CaptionToken[][];

/**
 * How far above the frame's bottom the captions sit, as a share of its height: clear of the phone
 * apps' own text and buttons below, over the characters' bodies (their faces are higher: shots.ts).
 */
export const CAPTION_BOTTOM = 0.2;
/** The least room the captions leave below them, over the phone apps' own buttons. */
const LOWEST_BOTTOM = 0.12;

/** How tall two caption lines stand, as a share of the frame's height. */
export function captionBlock(width: number, height: number): number {
  const { size, outline } = captionMetrics(width);
  return (2 * size * 1.22 + 2 * outline) / height;
}

/**
 * Where the captions sit over a picture whose faces span these rows (shares of the frame's height,
 * top to bottom), as the share of the height left below them: the usual place when no face is
 * there; else just below the faces, if that leaves the phone's buttons clear; else just above
 * them; else the usual place after all (a face filling the frame).
 */
export function captionBottom(faces: readonly [number, number][], block: number): number {
  const clear = (bottom: number) => faces.every(([top, end]) => end <= 1 - bottom - block || top >= 1 - bottom);
  if (clear(CAPTION_BOTTOM)) return CAPTION_BOTTOM;
  const below = 1 - Math.max(...faces.map(([, end]) => end)) - 0.01 - block;
  if (below >= LOWEST_BOTTOM && clear(below)) return below;
  const above = 1 - Math.min(...faces.map(([top]) => top)) + 0.01;
  if (1 - above - block >= 0.1 && clear(above)) return above;
  return CAPTION_BOTTOM;
}

/** A speaker's colour made light enough to read on the captions' dark outline (a slate accent is lifted towards white). */
export function legible(hex: string): string {
  let [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const luminance = () => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  for (let i = 0; i < 8 && luminance() < 0.55; i++) [r, g, b] = [r, g, b].map((c) => Math.round(c + (255 - c) * 0.25)) as [number, number, number];
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The colours of a caption: words sung, words to come, their outline, and a speaker's name's outline. */
export const SUNG = '#ffe14d';
export const TO_COME = '#ffffff';
export const OUTLINE = '#1a1020';
export const NAME_OUTLINE = '#101010';

/** How thick the dark outline round the letters is at caption size `size`. */
const outlineOf = (size: number) => Math.round(size * 0.12);

/** The caption style's sizes for a frame `width` pixels wide. */
export function captionMetrics(width: number): { size: number; outline: number; margin: number; lineWidth: number } {
  const size = Math.round(width * 0.062);
  const outline = outlineOf(size);
  const margin = Math.round(width * 0.08);
  // A little slack for the outline's round joins at a line's ends.
  return { size, outline, margin, lineWidth: (width - 2 * margin - 2 * outline) * 0.96 };
}

/** Words cut where a line may break inside them, each piece timed by its share of the word's letters. */
function tokensOf(words: SpokenWord[]): CaptionToken[] {
  const out: CaptionToken[] = [];
  for (const w of words) {
    if (!w.word.trim()) continue;
    const pieces = breakPieces(w.word.trim());
    const total = pieces.reduce((n, p) => n + graphemes(p).length, 0);
    let done = 0;
    for (const [i, piece] of pieces.entries()) {
      const share = graphemes(piece).length;
      const at = (n: number) => w.start + ((w.end - w.start) * n) / total;
      out.push({ text: piece.trimEnd(), start: at(done), end: at(done + share), space: i === pieces.length - 1 ? w.space !== false : /\s$/u.test(piece) });
      done += share;
    }
  }
  return out;
}

let measurer: SKRSContext2D | undefined;

/** How wide `text` is drawn at caption size `size`, run by run in the fonts of `chain`. */
export function captionWidth(text: string, chain: FontKey[], size: number): number {
  measurer ??= createCanvas(8, 8).getContext('2d');
  let width = 0;
  for (const run of fontRuns(text, chain)) {
    measurer.font = captionFont(run.font, size);
    width += measurer.measureText(run.text).width;
  }
  return width;
}

/** The gap between two words of a caption: a space, widened by the outline that both words' letters wear. */
export function captionSpace(chain: FontKey[], size: number): number {
  return captionWidth(' ', chain, size) + outlineOf(size) * 1.5;
}

/**
 * A caption line's words in pages of at most two lines, each line no wider than the safe area.
 * A word too wide for a line alone is cut between its characters.
 */
export function pages(words: SpokenWord[], opts: { width: number; language?: string; speaker?: string | null }): CaptionPage[] {
  const { size, lineWidth } = captionMetrics(opts.width);
  const chain = chainFor(words.map((w) => w.word).join(''), opts.language);
  // A line's width is its tokens' widths and its spaces' (each token measured once): words are
  // shaped within themselves, and nothing kerns across a space.
  const widths = new Map<string, number>();
  const measure = (text: string) => {
    let w = widths.get(text);
    if (w === undefined) {
      w = captionWidth(text, chain, size);
      widths.set(text, w);
    }
    return w;
  };
  const gap = captionSpace(chain, size);
  const width = (line: CaptionToken[]) => line.reduce((sum, t, i) => sum + measure(t.text) + (t.space && i < line.length - 1 ? gap : 0), 0);
  const fits = (line: CaptionToken[]) => width(line) <= lineWidth;
  const tokens: CaptionToken[] = [];
  // Chinese and Japanese put a full-width colon and no space after the name.
  const cjk = ['sc', 'tc', 'jp'].includes(chain[0]!);
  if (opts.speaker) tokens.push({ text: `${opts.speaker}${cjk ? '：' : ':'}`, start: 0, end: 0, space: !cjk, speaker: true });
  for (const t of tokensOf(words)) {
    if (fits([t]) || graphemes(t.text).length < 2) {
      tokens.push(t);
      continue;
    }
    // Wider than a line alone (a long word, or a long run of text without spaces): cut by characters.
    const parts = fillLines(graphemes(t.text), (l) => fits([{ ...t, text: l.join('') }])).map((l) => l.join(''));
    const span = (t.end - t.start) / parts.length;
    parts.forEach((text, i) => tokens.push({ text, start: t.start + span * i, end: t.start + span * (i + 1), space: i === parts.length - 1 ? t.space : false }));
  }
  const lines = fillLines(tokens, fits);
  const out: CaptionPage[] = [];
  for (let i = 0; i < lines.length; i += 2) out.push(i + 1 < lines.length ? balanced([...lines[i]!, ...lines[i + 1]!], width, lineWidth) : [lines[i]!]);
  return out;
}

/**
 * Two lines as even as they can be (the top one the wider when they can't be equal), so that a
 * page never ends on a lone word or character.
 */
function balanced(tokens: CaptionToken[], width: (line: CaptionToken[]) => number, max: number): CaptionPage {
  let best: CaptionPage = [tokens];
  let score = Number.POSITIVE_INFINITY;
  for (let k = 1; k < tokens.length; k++) {
    const [top, bottom] = [tokens.slice(0, k), tokens.slice(k)];
    const [a, b] = [width(top), width(bottom)];
    if (a > max || b > max) continue;
    const s = Math.max(a, b) + (a < b ? 1 : 0);
    if (s < score) {
      score = s;
      best = [top, bottom];
    }
  }
  return best;
}

function chainFor(text: string, language: string | undefined): FontKey[] {
  const lang = textLanguage(language);
  const cjk = ['zh', 'ja', 'ko'].includes(lang.locale);
  return fontChain(hanFor(lang.han, text, cjk), cjk);
}

export interface CaptionOptions {
  width: number;
  height: number;
  /** The series' language (a tag or a name): which CJK forms Han characters take. */
  language?: string;
  /** Where the captions starting at `seconds` sit (share of the height below them), if not the usual place. */
  bottomAt?: (seconds: number) => number | undefined;
  /** Names of more than one word ("Dr. Prickle"): never broken across two lines. */
  names?: readonly string[];
}

/** Joins the words of each multi-word name into one, by a no-break space, timed from its first word to its last. */
export function keepNames(words: SpokenWord[], names: readonly string[]): SpokenWord[] {
  const long = names.map((n) => n.split(/\s+/).filter(Boolean)).filter((parts) => parts.length > 1);
  if (!long.length) return words;
  const bare = (w: string) => w.replace(/[^\p{L}\p{N}]+$/u, '').toLowerCase();
  const out: SpokenWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const name = long.find((parts) => parts.every((part, k) => words[i + k] && bare(words[i + k]!.word) === bare(part)));
    if (!name) {
      out.push(words[i]!);
      continue;
    }
    const last = words[i + name.length - 1]!;
    out.push({
      ...last,
      word: words
        .slice(i, i + name.length)
        .map((w) => w.word)
        .join('\u00a0'),
      start: words[i]!.start,
    });
    i += name.length - 1;
  }
  return out;
}

/** One caption on screen: its rows, when it shows and where. */
export interface CaptionEvent {
  start: number;
  end: number;
  /** The share of the frame's height below it. */
  bottom: number;
  /** Its words read, and light up, from the right. */
  rtl: boolean;
  /** The fonts its text is drawn in, first choice first. */
  chain: FontKey[];
  /** The speaker's name's colour (already legible). */
  color: string;
  rows: CaptionToken[][];
}

/** The captions' pages, timed and placed: one event per page, shown until the next page of its line starts. */
export function captionEvents(lines: CaptionLine[], opts: CaptionOptions): CaptionEvent[] {
  const events: CaptionEvent[] = [];
  for (const line of lines) {
    const words = keepNames(
      line.words.filter((w) => w.word.trim()),
      opts.names ?? [],
    );
    if (!words.length) continue;
    const chain = chainFor(words.map((w) => w.word).join(''), opts.language);
    const rtl = direction(words.map((w) => w.word).join(' '), baseDirection(textLanguage(opts.language).locale)) === 'rtl';
    const all = pages(words, { width: opts.width, language: opts.language, speaker: line.speaker });
    for (const [p, page] of all.entries()) {
      const timed = page.flat().filter((t) => !t.speaker);
      if (!timed.length) continue;
      const start = timed[0]!.start;
      const next = all[p + 1]?.flat().find((t) => !t.speaker);
      const end = next ? next.start : timed.at(-1)!.end + 0.35;
      events.push({ start, end, bottom: opts.bottomAt?.(start) ?? CAPTION_BOTTOM, rtl, chain, color: legible(line.color), rows: page });
    }
  }
  return events;
}
