import { resolveLocale } from '../i18n/i18n.js';
import { UserError } from './errors.js';

const UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses "90s", "15m", "2h", "1h30m", "1d" into milliseconds; undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  if (!/^(\d+(\.\d+)?[smhdw])+$/.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) {
    total += Number(amount) * (UNITS[unit as string] as number);
  }
  return Math.round(total);
}

const UNIT_NAMES = { d: 'day', h: 'hour', m: 'minute', s: 'second' } as const;

/**
 * Formats milliseconds the way people say it: "2h 30m", "45s"; in another locale, Intl's short
 * units ("2小时30分钟", "2 h 30 min").
 */
export function formatDuration(ms: number, locale = 'en'): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  const lng = resolveLocale(locale);
  for (const [unit, secs] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / secs);
    if (n > 0) parts.push(lng === 'en' ? `${n}${unit}` : new Intl.NumberFormat(lng, { style: 'unit', unit: UNIT_NAMES[unit], unitDisplay: 'short' }).format(n));
    rest -= n * secs;
  }
  const shown = parts.slice(0, 2);
  return lng === 'en' ? shown.join(' ') : new Intl.ListFormat(lng, { type: 'unit', style: 'narrow' }).format(shown);
}

export const VOTE_WINDOW_MIN_MS = 60_000;
export const VOTE_WINDOW_MAX_MS = 7 * 86_400_000;

/** A vote window from user text, within limits, or a UserError that says what is allowed. */
export function parseVoteWindow(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UserError('invalid-input', 'errors.duration.invalid', { text: text.slice(0, 20) });
  }
  if (ms < VOTE_WINDOW_MIN_MS || ms > VOTE_WINDOW_MAX_MS) {
    throw new UserError('invalid-input', 'errors.duration.window');
  }
  return ms;
}
