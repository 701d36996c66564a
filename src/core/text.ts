import type { Message } from '../i18n/i18n.js';
import { UserError } from './errors.js';

// C0/C1 controls (tab and newline are handled separately), bidi embeddings/overrides/isolates that
// can spoof how text reads, and other invisible format characters — but never the zero-width
// joiner (U+200D) or variation selectors that emoji sequences need.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const BIDI_AND_INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\u061C\u2060-\u2064\uFEFF\u00AD]/g;
/**
 * What shows nothing on its own: ignorable code points (joiners, fillers such as U+3164, the
 * combining grapheme joiner), white space and the blank braille cell. Text made only of these is empty.
 */
const SHOWS_NOTHING = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\u2800]/gu;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length as a person counts it: an emoji with modifiers is one character. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** Cuts at most `max` visible characters, on a word boundary where one is near, adding "…". */
export function truncate(text: string, max: number): string {
  // A string has at least as many UTF-16 units as visible characters: short ones need no segmenting.
  if (text.length <= max || visibleLength(text) <= max) return text;
  const graphemes = Array.from(segmenter.segment(text), (s) => s.segment).slice(0, max - 1);
  let cut = graphemes.join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** Cuts to at most `max` code points (never inside an emoji's surrogate pair), marking the cut: for platform limits. */
export function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

export interface CleanTextOptions {
  /** How the field is named to the user: a catalog message (`msg('fields.suggestion')`), or English text. */
  field: string | Message;
  max: number;
  min?: number;
  multiline?: boolean;
}

/**
 * Untrusted text from a chat, made safe to store and show: Unicode-normalised, control and
 * invisible characters removed, whitespace collapsed, length checked in visible characters.
 * Emoji, CJK and right-to-left scripts pass through unharmed.
 */
export function cleanText(raw: unknown, opts: CleanTextOptions): string {
  if (typeof raw !== 'string') {
    throw new UserError('invalid-input', 'errors.text.missing', { field: opts.field });
  }
  let text = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  text = text.replace(CONTROL, (ch) => (ch === '\n' ? ch : '')).replace(BIDI_AND_INVISIBLE, '');
  text = opts.multiline
    ? text
        .split('\n')
        .map((line) => line.replace(/ {2,}/g, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : text.replace(/\s+/g, ' ').trim();
  const min = opts.min ?? 1;
  const length = text.replace(SHOWS_NOTHING, '') === '' ? 0 : visibleLength(text);
  if (length === 0) throw new UserError('invalid-input', 'errors.text.empty', { field: opts.field });
  if (length < min) throw new UserError('invalid-input', 'errors.text.short', { field: opts.field, min });
  if (length > opts.max) throw new UserError('invalid-input', 'errors.text.long', { field: opts.field, length, max: opts.max });
  return text;
}

/**
 * A series' name from its title, in any script: letters, digits and their marks (a Devanagari vowel
 * sign is part of its word), lower case where the script has case, "-" between words, Latin accents
 * dropped ("Café Noir" → "cafe-noir", "命运之爪" → "命运之爪", "مخالب القدر" → "مخالب-القدر"); at most
 * 32 characters as a person counts them. "series" for a title with no letter at all (emoji only).
 */
export function slugify(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const slug = Array.from(segmenter.segment(words), (s) => s.segment)
    .slice(0, 32)
    .join('')
    .replace(/-+$/g, '');
  return slug || 'series';
}

/**
 * A space where Han characters touch a word of another script ("柴犬Mochi" → "柴犬 Mochi"), as Chinese
 * typesetting separates Western words; Han next to Han, kana or punctuation stays as it is.
 */
export function hanGap(text: string): string {
  return text.replace(
    /(?<=\p{Script=Han})(?=[\p{L}\p{N}])(?!\p{Script=Han}|[\p{Script=Hiragana}\p{Script=Katakana}\u30fc])|(?<=[\p{L}\p{N}])(?<!\p{Script=Han}|[\p{Script=Hiragana}\p{Script=Katakana}\u30fc])(?=\p{Script=Han})/gu,
    ' ',
  );
}

/** Languages written right to left (of those we ship, Arabic; the others for a tag that names them). */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

export const isRightToLeft = (locale: string): boolean => RIGHT_TO_LEFT.has(locale.split('-')[0]!.toLowerCase());

/**
 * A line for a right-to-left reader that starts with Latin text ("A. Luna lies", "/vote — …"): a
 * right-to-left mark first, since Telegram and Discord lay a line out by its first strong letter.
 * Other lines, and every line for other readers, as they are.
 */
export function rtlLine(locale: string, line: string): string {
  if (!isRightToLeft(locale) || line.startsWith('\u200f')) return line;
  const first = /\p{L}/u.exec(line)?.[0];
  return first && RTL_LETTER.test(first) ? line : `\u200f${line}`;
}

/** Text made safe to put inside a regular expression (names and words come from people). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "the safe was empty" → "The safe was empty". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A sentence without its closing stop, to go inside another: "Rex lied." → "Rex lied". */
export function clause(text: string): string {
  return text.replace(/[.!?…]+$/, '');
}
