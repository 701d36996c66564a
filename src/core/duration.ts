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

/** Formats milliseconds the way people say it: "2h 30m", "45s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, secs] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / secs);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * secs;
  }
  return parts.slice(0, 2).join(' ');
}

export const VOTE_WINDOW_MIN_MS = 60_000;
export const VOTE_WINDOW_MAX_MS = 7 * 86_400_000;

/** A vote window from user text, within limits, or a UserError that says what is allowed. */
export function parseVoteWindow(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UserError('invalid-input', `"${text.slice(0, 20)}" is not a duration. Try 30m, 2h, 1d or 1h30m.`);
  }
  if (ms < VOTE_WINDOW_MIN_MS || ms > VOTE_WINDOW_MAX_MS) {
    throw new UserError('invalid-input', 'A vote window must be between 1 minute and 7 days.');
  }
  return ms;
}
