import { resolveLocale, type Locale } from '../../i18n/i18n.js';
import { languageTag } from '../audio/tts.js';

/** Which of the bundled CJK fonts draws Han characters first: the forms a reader of the language expects. */
export type HanVariant = 'sc' | 'tc' | 'jp' | 'kr';

export interface TextLanguage {
  /** The cards' catalog (English for a language we ship none for). */
  locale: Locale;
  han: HanVariant;
}

/**
 * A series' language as the renderer's text needs it, from what the user typed: a tag ("zh",
 * "es-ES", "zh_TW") or a name ("Chinese", "日本語", "繁體中文").
 */
export function textLanguage(language: string | null | undefined): TextLanguage {
  const tag = languageTag(language ?? '') ?? 'en';
  // Cantonese readers read Chinese cards before English ones.
  const locale = tag === 'yue' ? 'zh' : resolveLocale(tag);
  const han: HanVariant = /^(zh-(hant|tw|hk|mo)|yue)\b/.test(tag) ? 'tc' : locale === 'ja' ? 'jp' : locale === 'ko' ? 'kr' : 'sc';
  return { locale, han };
}
