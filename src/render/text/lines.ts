/**
 * Where a line of text may break, in any script: at spaces; between any two Chinese or Japanese
 * characters (never before closing punctuation or small kana, never after an opening bracket); between
 * the words of Thai, Lao, Khmer and Burmese, which ICU's dictionaries find (Node ships full ICU);
 * never inside a word of a script written with spaces. And which way a line reads.
 */

/** Characters a line may break on either side of (ideographs, kana, their punctuation). */
const CHAR_BREAK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff60]/u;
/** Scripts written without spaces whose words come from a dictionary. */
const DICT_BREAK = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Never at the start of a line: closing punctuation, small kana, the prolonged sound mark. */
const NO_START = /^[)\]}»›、。，．・：；！？!?,.:;%）］｝〕〉》」』】〙〗〟’”ゝゞーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻…‥]/u;
/** Never at the end of a line: opening punctuation. */
const NO_END = /[([{«‹（［｛〔〈《「『【〘〖〝‘“]$/u;
/** Languages written right to left (their lines read so even when they start with a Latin name). */
export function baseDirection(locale: string): 'ltr' | 'rtl' {
  return /^(ar|he|fa|ur|ps|yi|dv|ckb)\b/i.test(locale) ? 'rtl' : 'ltr';
}

/** Scripts that read right to left. */
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/** Spaces a line may break at: any but the no-break ones, which hold a name like "Dr.\u00a0Prickle" together. */
const BREAK_SPACE = /[^\S\u00a0\u2007\u202f]/u;
const ONLY_BREAK_SPACES = new RegExp(`^${BREAK_SPACE.source}+$`, 'u');
const ENDS_IN_BREAK_SPACE = new RegExp(`${BREAK_SPACE.source}$`, 'u');

let words: Intl.Segmenter | undefined;
let clusters: Intl.Segmenter | undefined;

/** User-perceived characters: a base with its marks, an emoji with its modifiers, a Thai cluster. */
export function graphemes(text: string): string[] {
  clusters ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  return Array.from(clusters.segment(text), (s) => s.segment);
}

const breakable = (ch: string) => CHAR_BREAK.test(ch) || DICT_BREAK.test(ch);

/**
 * The text cut at every place a line may break: each piece ends where a break is allowed (after
 * its trailing spaces, if any), and the pieces join back into the text.
 */
export function breakPieces(text: string): string[] {
  words ??= new Intl.Segmenter('und', { granularity: 'word' });
  const pieces: string[] = [];
  let cur = '';
  const add = (next: string) => {
    const last = Array.from(cur).at(-1) ?? '';
    const first = Array.from(next)[0] ?? '';
    if (cur && !ENDS_IN_BREAK_SPACE.test(cur) && (breakable(last) || breakable(first)) && !NO_START.test(next) && !NO_END.test(cur)) {
      pieces.push(cur);
      cur = '';
    }
    cur += next;
  };
  for (const { segment } of words.segment(text)) {
    if (ONLY_BREAK_SPACES.test(segment)) {
      cur += segment;
      pieces.push(cur);
      cur = '';
    } else if (CHAR_BREAK.test(segment)) for (const g of graphemes(segment)) add(g);
    else add(segment);
  }
  if (cur) pieces.push(cur);
  return pieces;
}

/**
 * Greedy lines: each takes items while `fits` says the line still fits; an item that does not fit
 * even alone gets a line of its own (the caller cuts it, or lets it be).
 */
export function fillLines<T>(items: T[], fits: (line: T[]) => boolean): T[][] {
  const lines: T[][] = [];
  let line: T[] = [];
  for (const item of items) {
    if (line.length && !fits([...line, item])) {
      lines.push(line);
      line = [];
    }
    line.push(item);
  }
  if (line.length) lines.push(line);
  return lines;
}

/**
 * Text in lines no wider than `maxWidth` as `measure` measures them. A `\n` always breaks. A word
 * wider than a whole line is the one thing cut between characters.
 */
export function wrapText(text: string, maxWidth: number, measure: (line: string) => number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const pieces = breakPieces(paragraph.trim());
    for (const line of fillLines(pieces, (l) => measure(l.join('').trimEnd()) <= maxWidth)) {
      const joined = line.join('').trimEnd();
      if (measure(joined) <= maxWidth) out.push(joined);
      else out.push(...fillLines(graphemes(joined), (l) => measure(l.join('')) <= maxWidth).map((l) => l.join('').trim()));
    }
  }
  return out.filter(Boolean);
}

/** The way a text reads, from its first letter that has a direction. */
export function direction(text: string, base: 'ltr' | 'rtl' = 'ltr'): 'ltr' | 'rtl' {
  // In a right-to-left series, a line that starts with a Latin name ("Max يفتح الرسالة") still reads right to left.
  if (base === 'rtl' && RTL.test(text)) return 'rtl';
  for (const ch of text) {
    if (RTL.test(ch)) return 'rtl';
    if (/\p{L}/u.test(ch)) return 'ltr';
  }
  return 'ltr';
}
