import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type Resource } from 'i18next';

/**
 * Message catalogs: one JSON file per language and namespace under `locales/<lng>/<ns>.json`.
 * `bot` holds chat replies and command descriptions, `cards` the words drawn into videos,
 * `studio` the web pages. English is the source and the fallback for every missing key.
 */

/** The languages we ship, as BCP 47 tags; the first is the fallback. */
export const LOCALES = ['en', 'zh', 'es', 'pt-BR', 'ja', 'ko', 'ar', 'hi', 'id', 'fr', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const NAMESPACES = ['bot', 'cards', 'studio'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/** Reads every catalog on disk (a namespace file that is absent is an empty catalog). */
export function loadCatalogs(dir = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lng of LOCALES) {
    const ns: Record<string, Record<string, unknown>> = {};
    let files: string[] = [];
    try {
      files = readdirSync(path.join(dir, lng));
    } catch {
      files = [];
    }
    for (const name of NAMESPACES) {
      ns[name] = files.includes(`${name}.json`) ? (JSON.parse(readFileSync(path.join(dir, lng, `${name}.json`), 'utf8')) as Record<string, unknown>) : {};
    }
    resources[lng] = ns;
  }
  return resources;
}

let instance: i18n | undefined;

function translator(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: loadCatalogs(),
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...LOCALES],
      ns: [...NAMESPACES],
      defaultNS: 'bot',
      // Replies are plain text the adapters escape themselves, never HTML.
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  }
  return instance;
}

/**
 * The shipped locale for a user's language tag (Telegram `language_code`, Discord `locale`, an
 * Accept-Language entry, a series' `language`): exact tag, then its language, then English.
 * Chinese: Simplified unless the tag says Traditional (then still Simplified: we ship no zh-Hant, and
 * a Chinese reader gets Chinese before English).
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  if (!tag) return 'en';
  const clean = tag.trim().replace(/_/g, '-').toLowerCase();
  const exact = LOCALES.find((l) => l.toLowerCase() === clean);
  if (exact) return exact;
  const base = clean.split('-')[0] ?? '';
  if (base === 'pt') return 'pt-BR';
  if (base === 'in') return 'id'; // Java's old code for Indonesian, still sent by some Android clients
  return LOCALES.find((l) => l === base) ?? 'en';
}

/** The best shipped locale for an Accept-Language header (by q-value, in order). */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.tag && r.tag !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const l = resolveLocale(r.tag);
    if (l !== 'en' || r.tag.toLowerCase().startsWith('en')) return l;
  }
  return 'en';
}

/**
 * A message not yet put into words: a catalog key and its parameters. A parameter may itself be a
 * message (a field's name inside an error), said in the same language as the message around it.
 */
export interface Message {
  key: string;
  params?: Params;
}
export type Params = { [name: string]: string | number | Message | undefined };
export type Translate = (key: string, params?: Params) => string;

export const msg = (key: string, params?: Params): Message => (params ? { key, params } : { key });

const isMessage = (v: unknown): v is Message => typeof v === 'object' && v !== null && typeof (v as Message).key === 'string';

function said(lng: Locale, params: Params): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) out[name] = isMessage(value) ? said1(lng, value.key, value.params ?? {}) : value;
  }
  return out;
}

function said1(lng: Locale, key: string, params: Params): string {
  return translator().t(key, { ...said(lng, params), lng });
}

/** A message in `locale`, from `ns:key` or a `bot` key; English where the catalog lacks it. */
export function t(locale: string, key: string, params: Params = {}): string {
  return said1(resolveLocale(locale), key, params);
}

/** A translator bound to one locale, for code that says several things to one reader. */
export function translate(locale: string): Translate {
  const lng = resolveLocale(locale);
  return (key, params = {}) => said1(lng, key, params);
}

/** Whether the English catalog has `key` (`ns:key`, or a `bot` key). */
export function hasKey(key: string): boolean {
  return translator().exists(key, { lng: 'en' });
}

/** "Rex, Coco and Pip" in the reader's language (Intl: "Rex、Coco和Pip", "Rex, Coco y Pip"…). */
export function listText(locale: string, items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  const lng = resolveLocale(locale);
  // English as the bot always wrote it: no serial comma ("Rex, Coco and Pip").
  if (lng === 'en' && items.length > 1) return `${items.slice(0, -1).join(', ')} ${type === 'conjunction' ? 'and' : 'or'} ${items.at(-1)}`;
  return new Intl.ListFormat(lng, { style: 'long', type }).format(items);
}

// ---- a series' language, typed as people type it ------------------------------------------

/** Names for our languages that Intl does not give (dialect and colloquial names). */
const LANGUAGE_ALIASES: Record<string, Locale> = {
  mandarin: 'zh',
  putonghua: 'zh',
  普通话: 'zh',
  國語: 'zh',
  国语: 'zh',
  汉语: 'zh',
  漢語: 'zh',
  华语: 'zh',
  简体: 'zh',
  简体中文: 'zh',
  中文简体: 'zh',
  繁體中文: 'zh',
  castellano: 'es',
  'español latino': 'es',
  brasileiro: 'pt-BR',
  'português brasileiro': 'pt-BR',
  portugues: 'pt-BR',
  bahasa: 'id',
  'bahasa indonesia': 'id',
  हिंदी: 'hi',
  'arabic (msa)': 'ar',
  francais: 'fr',
  espanol: 'es',
};

let languageNames: Map<string, Locale> | undefined;

/** Every shipped language's name in every shipped language ("spanish", "español", "西班牙语"…). */
function namesOfLanguages(): Map<string, Locale> {
  if (!languageNames) {
    languageNames = new Map(Object.entries(LANGUAGE_ALIASES));
    for (const shown of LOCALES) {
      const names = new Intl.DisplayNames([shown], { type: 'language' });
      for (const lng of LOCALES) {
        for (const tag of new Set([lng, lng.split('-')[0]!])) {
          const name = names.of(tag)?.toLowerCase();
          if (name && name !== tag.toLowerCase() && !languageNames.has(name)) languageNames.set(name, lng);
        }
      }
    }
  }
  return languageNames;
}

/**
 * The shipped locale of a series' language, which people type freely ("zh", "zh-Hans", "Spanish",
 * "español", "中文"); undefined for a language we do not ship (the caller falls back to English).
 */
export function languageLocale(language: string | null | undefined): Locale | undefined {
  const text = (language ?? '').trim().toLowerCase();
  if (!text) return undefined;
  if (/^[a-z]{2,3}([-_][a-z0-9]{1,8})*$/.test(text)) {
    const l = resolveLocale(text);
    // resolveLocale falls back to English: only a tag that says English is English.
    return l !== 'en' || text === 'en' || text.startsWith('en-') || text.startsWith('en_') ? l : undefined;
  }
  return namesOfLanguages().get(text);
}

/** Whether `tag` names a locale we ship, exactly as LOCALES spells it. */
export const isLocale = (tag: string): tag is Locale => (LOCALES as readonly string[]).includes(tag);
