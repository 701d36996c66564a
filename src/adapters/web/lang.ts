import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatDuration } from '../../core/duration.js';
import { isLocale, localeFromAcceptLanguage, translate, type Locale, type Params } from '../../i18n/i18n.js';
import { escape, raw, render, type Safe, type Value } from './html.js';

/**
 * The studio in the reader's language: the one they picked from the language menu (a cookie), else
 * the browser's Accept-Language, else English. Words come from the `studio` catalog; numbers, dates
 * and durations from Intl.
 */

export const LANG_COOKIE = 'tt_lang';
const YEAR = 365 * 24 * 3600;

/** Each language named in itself, for the language menu. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  zh: '简体中文',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  ja: '日本語',
  ko: '한국어',
  ar: 'العربية',
  hi: 'हिन्दी',
  id: 'Bahasa Indonesia',
  fr: 'Français',
  de: 'Deutsch',
};

const RIGHT_TO_LEFT = new Set<Locale>(['ar']);

/** Units for "in N …", largest first, with their length in seconds. */
const RELATIVE_UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** What a page needs to speak to one reader. */
export interface Lang {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  /** A `studio` message; `bot:` keys reach the chat catalog (roles, conditions the bot names too). */
  t(key: string, params?: Params): string;
  /** A message with markup in it: the words escaped, each parameter text (escaped) or our own HTML. */
  html(key: string, params: Record<string, Value>): Safe;
  number(n: number): string;
  /** A moment as a date and a time (UTC: the server does not know the reader's time zone). */
  when(ms: number): string;
  /** How far ahead a moment is: "in 5 minutes". */
  fromNow(ms: number, now: number): string;
  /** A span of time the way the chat says it: "2h 30m", "2小时30分钟". */
  duration(ms: number): string;
}

const langs = new Map<Locale, Lang>();

export function langFor(locale: Locale): Lang {
  let lang = langs.get(locale);
  if (!lang) {
    const tr = translate(locale);
    const numbers = new Intl.NumberFormat(locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    lang = {
      locale,
      dir: RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr',
      t: (key, params) => tr(key.includes(':') ? key : `studio:${key}`, params),
      html: (key, params) => {
        // Each parameter goes in as a mark the escaping leaves alone, then becomes its HTML.
        const parts: string[] = [];
        const marked: Params = {};
        for (const [name, value] of Object.entries(params)) {
          if (typeof value === 'number')
            marked[name] = value; // a count picks the plural form
          else marked[name] = `\u0001${parts.push(render(value)) - 1}\u0001`;
        }
        const text = escape(tr(key.includes(':') ? key : `studio:${key}`, marked));
        return raw(text.replace(/\u0001(\d+)\u0001/g, (_, i: string) => parts[Number(i)] ?? ''));
      },
      number: (n) => numbers.format(n),
      when: (ms) => `${dates.format(ms)} UTC`,
      fromNow: (ms, now) => {
        const s = Math.max(0, Math.round((ms - now) / 1000));
        // The largest unit that leaves at least one: "in 3 hours", "in 2 days", never "in 180 minutes".
        const [unit, size] = RELATIVE_UNITS.find(([, size]) => s >= size) ?? RELATIVE_UNITS.at(-1)!;
        return relative.format(Math.round(s / size), unit);
      },
      duration: (ms) => formatDuration(ms, locale),
    };
    langs.set(locale, lang);
  }
  return lang;
}

/** The reader's language: their pick (a signed cookie), else the browser's, else English. */
export function langOf(req: FastifyRequest): Lang {
  // Cookies are parsed on every request; an error raised before that still gets a page.
  const cookie = req.cookies?.[LANG_COOKIE];
  const picked = cookie ? req.unsignCookie(cookie) : undefined;
  if (picked?.valid && picked.value && isLocale(picked.value)) return langFor(picked.value);
  const header = req.headers['accept-language'];
  return langFor(localeFromAcceptLanguage(Array.isArray(header) ? header[0] : header));
}

/** Remembers the language the reader picked; false for a tag we do not ship. */
export function pickLanguage(reply: FastifyReply, tag: string): boolean {
  if (!isLocale(tag)) return false;
  reply.setCookie(LANG_COOKIE, tag, { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: YEAR });
  return true;
}
