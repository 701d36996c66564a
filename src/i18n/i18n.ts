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

export type Params = Record<string, string | number>;

/** A message in `locale`, from `ns:key` or a `bot` key; English where the catalog lacks it. */
export function t(locale: string, key: string, params: Params = {}): string {
  return translator().t(key, { ...params, lng: resolveLocale(locale) });
}

/** A translator bound to one locale, for code that says several things to one reader. */
export function translate(locale: string): (key: string, params?: Params) => string {
  const lng = resolveLocale(locale);
  return (key, params = {}) => translator().t(key, { ...params, lng });
}
