import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { covers, readFontFacts, type FontFacts } from '../text/font-file.js';
import { graphemes } from '../text/lines.js';
import type { HanVariant } from '../text/language.js';

/**
 * The bundled fonts (OFL, TrueType, from npm) and which one draws each piece of text. Fredoka
 * draws Latin and Hebrew, the Noto families every other script we write in; nothing depends on
 * the fonts a machine has installed. Canvas (cards, signs) gets the fonts as a fallback list and
 * Skia picks per character; captions are drawn run by run, each run in the first font that has it.
 */

const require = createRequire(import.meta.url);
const pkg = (name: string) => path.dirname(require.resolve(`@expo-google-fonts/${name}/package.json`));
const noto = (name: string, stem: string, weight = '700Bold') => path.join(pkg(name), weight, `${stem}_${weight}.ttf`);

export type FontKey = 'latin' | 'sc' | 'tc' | 'jp' | 'kr' | 'arabic' | 'hebrew' | 'devanagari' | 'thai' | 'emoji';

export interface BundledFont {
  /** The font's family name (the file's name ID 1). */
  family: string;
  file: string;
}

export const FONTS: Record<FontKey, BundledFont> = {
  latin: { family: 'Fredoka SemiBold', file: noto('fredoka', 'Fredoka', '600SemiBold') },
  sc: { family: 'Noto Sans SC', file: noto('noto-sans-sc', 'NotoSansSC') },
  tc: { family: 'Noto Sans TC', file: noto('noto-sans-tc', 'NotoSansTC') },
  jp: { family: 'Noto Sans JP', file: noto('noto-sans-jp', 'NotoSansJP') },
  kr: { family: 'Noto Sans KR', file: noto('noto-sans-kr', 'NotoSansKR') },
  arabic: { family: 'Noto Sans Arabic', file: noto('noto-sans-arabic', 'NotoSansArabic') },
  hebrew: { family: 'Noto Sans Hebrew', file: noto('noto-sans-hebrew', 'NotoSansHebrew') },
  devanagari: { family: 'Noto Sans Devanagari', file: noto('noto-sans-devanagari', 'NotoSansDevanagari') },
  thai: { family: 'Noto Sans Thai', file: noto('noto-sans-thai', 'NotoSansThai') },
  // Colour emoji (COLRv1), which Skia draws.
  emoji: { family: 'Noto Color Emoji', file: noto('noto-color-emoji', 'NotoColorEmoji', '400Regular') },
};

/** Which CJK font draws Han first, by the language's written forms. */
const HAN_ORDER: Record<HanVariant, FontKey[]> = {
  sc: ['sc', 'tc', 'jp', 'kr'],
  tc: ['tc', 'sc', 'jp', 'kr'],
  jp: ['jp', 'sc', 'tc', 'kr'],
  kr: ['kr', 'sc', 'tc', 'jp'],
};

/**
 * The fonts to try, in order, for text in a language whose Han characters take `han`'s forms:
 * Fredoka, the CJK fonts, the other scripts, emoji. In Chinese, Japanese or Korean (`cjkFirst`) the
 * CJK font comes first, so that punctuation (。！…) takes its CJK forms and Latin words match it.
 */
export function fontChain(han: HanVariant, cjkFirst = false): FontKey[] {
  const cjk = HAN_ORDER[han];
  return [...(cjkFirst ? [...cjk, 'latin' as const] : ['latin' as const, ...cjk]), 'arabic', 'hebrew', 'devanagari', 'thai', 'emoji'];
}

/** A text's Han forms: the language's, unless a text in no CJK language shows it is Japanese or Korean. */
export function hanFor(han: HanVariant, text: string, cjkLanguage: boolean): HanVariant {
  if (cjkLanguage) return han;
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'jp';
  if (/\p{Script=Hangul}/u.test(text)) return 'kr';
  return han;
}

const facts = new Map<FontKey, FontFacts>();

/** What the font has and how tall it stands (read once per process, a few kilobytes of the file). */
export function fontFacts(key: FontKey): FontFacts {
  let f = facts.get(key);
  if (!f) {
    f = readFontFacts(FONTS[key].file);
    facts.set(key, f);
  }
  return f;
}

/** Characters that draw nothing and need no glyph (joiners, variation selectors, bidi marks). */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}]/u;

/** Whether the font has a glyph for every visible character of `text`. */
export function hasGlyphs(key: FontKey, text: string): boolean {
  const { ranges } = fontFacts(key);
  for (const ch of text) if (!INVISIBLE.test(ch) && !covers(ranges, ch.codePointAt(0)!)) return false;
  return true;
}

/** A grapheme drawn as an emoji picture rather than a text symbol. */
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
/** Spaces, punctuation, digits, combining marks: they keep the font of the text around them. */
const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]+$/u;

export interface FontRun {
  text: string;
  font: FontKey;
}

/**
 * Text cut into runs, each in the first font of `chain` that has every character of it (emoji in
 * the chain's emoji font first; spaces and punctuation stay with the run before them when its
 * font has them). A character no bundled font has goes with the chain's first font.
 */
export function fontRuns(text: string, chain: FontKey[]): FontRun[] {
  const emojiFont = chain.find((k) => k === 'emoji');
  const runs: FontRun[] = [];
  for (const g of graphemes(text)) {
    const prev = runs.at(-1);
    const emoji = EMOJI.test(g) && emojiFont !== undefined;
    let font: FontKey | undefined;
    if (!emoji && prev && NEUTRAL.test(g) && hasGlyphs(prev.font, g)) font = prev.font;
    font ??= (emoji ? [emojiFont, ...chain] : chain).find((k) => hasGlyphs(k, g)) ?? chain[0]!;
    if (prev?.font === font) prev.text += g;
    else runs.push({ text: g, font });
  }
  return runs;
}

/** Canvas family names are ours alone, so a system font of the same name is never taken instead. */
const canvasFamily = (key: FontKey) => `TailTwist ${FONTS[key].family}`;
let registered = false;

/**
 * A canvas font: the bundled fonts as a fallback list for a language's Han forms (Skia shapes
 * each run, Arabic and Devanagari included, and takes each character from the first font that has it).
 */
export function canvasFont(px: number, han: HanVariant = 'sc', cjkFirst = false): string {
  if (!registered) {
    // Skia maps the files; registering all of them costs a few milliseconds.
    for (const key of Object.keys(FONTS) as FontKey[]) GlobalFonts.registerFromPath(FONTS[key].file, canvasFamily(key));
    registered = true;
  }
  return `${Math.round(px)}px ${fontChain(han, cjkFirst)
    .map((k) => `"${canvasFamily(k)}"`)
    .join(', ')}`;
}

/**
 * One font alone on canvas at caption size `size`, for drawing and measuring captions run by run.
 * Every script gets the Latin font's em: the size names the Latin font's full height (ascent and
 * descent, as subtitle sizes do), and Noto Sans Arabic's tall ascent and descent would otherwise
 * make Arabic captions half the size of English ones.
 */
export function captionFont(key: FontKey, size: number): string {
  canvasFont(size);
  const { unitsPerEm, winHeight } = fontFacts('latin');
  return `${((size * unitsPerEm) / (winHeight || unitsPerEm)).toFixed(2)}px "${canvasFamily(key)}"`;
}
