/**
 * Spoken words in any script: where a line splits into the words that karaoke captions light up and
 * mouths move on, and how long each takes to say. Text with spaces splits on them (English stays
 * exactly as it always was); Chinese, Japanese, Thai and other scripts written without spaces are
 * cut by `Intl.Segmenter`'s dictionaries, with punctuation kept on the word before it.
 */

/** One word of a line as the voice says it. */
export interface SpokenWord {
  word: string;
  /** Seconds from the clip's start. */
  start: number;
  end: number;
  /**
   * Whether a space follows this word in the text; absent means true. False between the words of
   * a Chinese, Japanese or Thai run, so captions put them back together without spaces.
   */
  space?: boolean;
}

/** Scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Japanese particles and endings (a little hiragana) read with the word before: 目を, 起きた. */
const PARTICLE = /^[\p{Script=Hiragana}ー]{1,2}$/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

let segmenter: Intl.Segmenter | undefined;

/** A line's words in order, each saying whether a space follows it. */
export function splitWords(text: string): { word: string; space: boolean }[] {
  const out: { word: string; space: boolean }[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    if (!UNSPACED.test(token)) {
      out.push({ word: token, space: true });
      continue;
    }
    const parts = segment(token);
    parts.forEach((word, i) => out.push({ word, space: i === parts.length - 1 }));
  }
  return out;
}

/** A run without spaces cut into words; punctuation and symbols stay with a word, never alone. */
function segment(token: string): string[] {
  segmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
  const parts: string[] = [];
  let lead = ''; // an opening quote or bracket waits for the word it opens
  for (const { segment: s, isWordLike } of segmenter.segment(token)) {
    const last = parts.length - 1;
    if (!isWordLike) {
      if (last >= 0 && !/^[「『（(《〈【“‘"']+$/u.test(s)) parts[last] += s;
      else lead += s;
    } else if (last >= 0 && !lead && PARTICLE.test(s) && KANA.test(token) && !/[\p{P}\p{S}]$/u.test(parts[last] ?? '')) {
      parts[last] += s;
    } else {
      parts.push(lead + s);
      lead = '';
    }
  }
  if (lead) {
    if (parts.length) parts[parts.length - 1] += lead;
    else parts.push(lead);
  }
  return parts;
}

/** A word that ends a sentence, in any script: a longer pause after it. */
export const endsSentence = (word: string) => /[.!?…。！？؟।॥]$/.test(word);
/** A word that ends a clause: a short pause after it. */
export const endsClause = (word: string) => /[,;:，、；：،؛]$/.test(word);
/** A word that asks: the voice rises. */
export const asks = (word: string) => /[?？؟]$/.test(word);

const LATIN_VOWELS = /[aeiouy]+/gi;
const OTHER_VOWELS = /[аеёиоуыэюяіїєαεηιουωάέήίόύώϊϋΐΰ]+/gu;
const VIRAMA = /[\u094D\u09CD\u0A4D\u0ACD\u0B4D\u0BCD\u0C4D\u0CCD\u0D4D\u0DCA]/gu;
const SMALL_KANA = /[ぁぃぅぇぉゃゅょゎァィゥェォャュョヮ]/u;

/**
 * Roughly how many syllables (morae in Japanese) a word takes to say; 0 for a word with no letters
 * or digits. `hanMorae` is what one Chinese character counts for: 1 in Chinese, about 2 in Japanese
 * (most kanji are read with two morae).
 */
export function syllables(word: string, hanMorae = 1): number {
  const letters = word.normalize('NFD').replace(/[^\p{L}\p{N}]/gu, '');
  if (!letters) return 0;
  if (/[a-z]/i.test(letters)) {
    const groups = letters.match(LATIN_VOWELS)?.length ?? 1;
    return Math.max(1, groups - (/[^aeiouy]e$/i.test(letters) && groups > 1 ? 1 : 0));
  }
  // Counted on the composed text: NFD would take each Hangul block apart into its letters.
  const text = word.normalize('NFC');
  let n = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) n += hanMorae;
    else if (/[\p{Script=Hiragana}\p{Script=Katakana}ー]/u.test(ch)) n += SMALL_KANA.test(ch) ? 0 : 1;
    else if (/\p{Script=Hangul}/u.test(ch))
      n += 1; // one block, one syllable
    // Abjads write few vowels, Thai and Lao stack theirs: about a syllable per two letters.
    else if (/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thai}\p{Script=Lao}]/u.test(ch)) n += /\p{L}/u.test(ch) ? 0.5 : 0;
    else if (/[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(ch))
      n += 0; // vowel groups, below
    else if (/[\p{L}\p{N}]/u.test(ch)) n += 1; // an Indic akshara, a digit, any other letter
  }
  // Indic consonants joined by a virama are one syllable.
  n -= (text.match(VIRAMA) ?? []).length;
  n += (text.toLowerCase().match(OTHER_VOWELS) ?? []).length;
  return Math.max(1, Math.round(n));
}

/** Whether a line is Japanese (its kanji then take about two morae each). */
export const hanMoraeOf = (text: string) => (KANA.test(text) ? 2 : 1);
