import fs from 'node:fs/promises';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { canvasFontAsLibass, captionFontsDir, FONTS, fontChain, fontRuns, hanFor, libassSize, type FontKey } from './art/fonts.js';
import type { SpokenWord } from './audio/words.js';
import { textLanguage } from './text/language.js';
import { baseDirection, breakPieces, direction, fillLines, graphemes } from './text/lines.js';

/**
 * Burned-in captions as ASS subtitles for libass: at most two lines at a time, as wide as the safe
 * area that phone UIs leave free (measured in the fonts libass draws with, not counted in
 * characters), word-by-word karaoke timed to the voice, the speaker's name in their colour for
 * dialogue. Every run of text names its bundled font; lines break where the script allows (between
 * Chinese characters, between Thai words, at spaces elsewhere) and right-to-left lines read, and
 * light up, from the right.
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

/** '#rrggbb' → ASS '&H00bbggrr'. */
export function assColor(hex: string, alpha = 0): string {
  const h = hex.replace('#', '');
  const [r, g, b] = [h.slice(0, 2), h.slice(2, 4), h.slice(4, 6)];
  return `&H${alpha.toString(16).padStart(2, '0').toUpperCase()}${b}${g}${r}`.toUpperCase();
}

/** ASS has no escape for braces or backslashes: swap them for look-alikes so text can't inject tags. */
export function assText(text: string): string {
  return text.replace(/\\/g, '＼').replace(/\{/g, '（').replace(/\}/g, '）').replace(/\r?\n/g, ' ');
}

function time(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
}

/** The caption style's sizes for a frame `width` pixels wide. */
export function captionMetrics(width: number): { size: number; outline: number; margin: number; lineWidth: number } {
  const size = Math.round(width * 0.062);
  const outline = Math.round(size * 0.12);
  const margin = Math.round(width * 0.08);
  // A little slack: canvas and libass round glyph advances differently.
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

/** How wide libass draws `text` at caption size `size`, run by run in the fonts the captions name. */
export function captionWidth(text: string, chain: FontKey[], size: number): number {
  measurer ??= createCanvas(8, 8).getContext('2d');
  let width = 0;
  for (const run of fontRuns(text, chain)) {
    measurer.font = canvasFontAsLibass(run.font, libassSize(run.font, size));
    width += measurer.measureText(run.text).width;
  }
  return width;
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
  const width = (line: CaptionToken[]) => line.reduce((sum, t, i) => sum + measure(t.text) + (t.space && i < line.length - 1 ? measure(' ') : 0), 0);
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
  return fontChain(hanFor(lang.han, text, cjk), 'captions', cjk);
}

export interface AssOptions {
  width: number;
  height: number;
  /** The series' language (a tag or a name): which CJK forms Han characters take. */
  language?: string;
  /** The caption style's family (default: the bundled Fredoka). */
  font?: string;
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

/** One caption on screen: its rows, when it shows and where; what both ways of burning captions in draw. */
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
export function captionEvents(lines: CaptionLine[], opts: AssOptions): CaptionEvent[] {
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

export function buildAss(lines: CaptionLine[], opts: AssOptions): string {
  const { width, height } = opts;
  const { size, outline, margin } = captionMetrics(width);
  const header = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    // Lines are broken here, by measure and by script (libass would break at spaces only).
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    // Sung words turn yellow (Primary); words still to come are white (Secondary). A thick outline
    // and no drop shadow: libass re-renders the shadow every frame, a quarter of the picture's
    // filtering time for little legibility the outline does not already give. Encoding -1: libass
    // finds each line's direction and reorders right-to-left text across override tags.
    `Style: Caption,${opts.font ?? FONTS.latin.family},${size},${assColor(SUNG)},${assColor(TO_COME)},${assColor(OUTLINE)},${assColor('#000000', 0x80)},-1,0,0,0,100,100,0,0,1,${outline},0,2,${margin},${margin},${Math.round(height * CAPTION_BOTTOM)},-1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  const events: string[] = [];
  for (const event of captionEvents(lines, opts)) {
    const { chain, rtl } = event;
    // A sweep fills a word left to right, backwards in Arabic or Hebrew: there each word lights up whole.
    const k = rtl ? 'k' : 'kf';
    let font: FontKey = 'latin';
    let at = event.start;
    // A right-to-left mark starts each row of an Arabic or Hebrew line, so that a speaker's Latin
    // name ("Max:") does not turn the row left to right: the name stays first, on the right. It
    // is in a font that has it (the 2018 libass looks for a glyph even for an invisible mark).
    const mark = () => {
      if (!rtl) return '';
      const switched = runs('\u200f', ['arabic'], font, size);
      font = switched.font;
      return switched.text;
    };
    const rows = event.rows.map(
      (row) =>
        mark() +
        row
          .map((t, i) => {
            const gap = i < row.length - 1 && t.space ? ' ' : '';
            if (t.speaker) {
              const name = runs(t.text, chain, font, size).text;
              font = 'latin';
              return `{\\c${assColor(event.color)}\\3c${assColor(NAME_OUTLINE)}}${name}${gap}{\\r}`;
            }
            const pause = Math.max(0, Math.round((t.start - at) * 100));
            const dur = Math.max(1, Math.round((t.end - t.start) * 100));
            at = t.end;
            const r = runs(t.text, chain, font, size);
            font = r.font;
            return `${pause ? `{\\k${pause}}` : ''}{\\${k}${dur}}${r.text}${gap}`;
          })
          .join(''),
    );
    const marginV = event.bottom === CAPTION_BOTTOM ? 0 : Math.round(height * event.bottom);
    events.push(`Dialogue: 0,${time(event.start)},${time(event.end)},Caption,,0,0,${marginV},,${rows.join('\\N')}`);
  }
  return [...header, ...events, ''].join('\n');
}

/** A token's text with a font switch (family and size) before each run whose font is not the one in use. */
function runs(text: string, chain: FontKey[], current: FontKey, size: number): { text: string; font: FontKey } {
  let out = '';
  let font = current;
  for (const run of fontRuns(text, chain)) {
    if (run.font !== font) out += `{\\fn${FONTS[run.font].family}\\fs${libassSize(run.font, size)}}`;
    out += assText(run.text);
    font = run.font;
  }
  return { text: out, font };
}

/** The bundled fonts an ASS script of ours names (style and `\fn` switches). */
export function fontsNamedIn(ass: string): FontKey[] {
  const byFamily = new Map(Object.entries(FONTS).map(([key, f]) => [f.family, key as FontKey]));
  const names = [...ass.matchAll(/\\fn([^\\}]+)/g)].map((m) => m[1]!);
  const style = /^Style: [^,]*,([^,]+),/m.exec(ass)?.[1];
  if (style) names.push(style);
  return [...new Set(names.map((n) => byFamily.get(n)).filter((k): k is FontKey => k !== undefined))];
}

/** The fonts folder libass needs for a captions file: just the fonts it names. */
export async function captionsFontsDir(cacheDir: string, assFile: string): Promise<string> {
  return captionFontsDir(cacheDir, fontsNamedIn(await fs.readFile(assFile, 'utf8')));
}
