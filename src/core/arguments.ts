import type { Params } from '../i18n/i18n.js';
import { UserError } from './errors.js';
import { positionOf } from './views.js';

/**
 * One parser per kind of command option, each turning what a person typed (or what a platform
 * already typed, like Discord's integers) into a value, or into a UserError that says what to
 * type instead. The command model (`commands.ts`) picks the parser from an option's definition.
 */

/** An option's value as an adapter hands it over. */
export type RawArg = string | number | boolean;

const invalid = (key: string, params: Params) => new UserError('invalid-input', key, params);

/**
 * Text, kept as typed (spaces, emoji, any script): the engine cleans it and applies the real limit
 * in visible characters (`cleanText`). This is only a hard stop for absurd input before any work,
 * counted in UTF-16 units and roomy enough for long emoji sequences.
 */
export function parseString(raw: RawArg, o: { name: string; maxLength?: number }): string {
  const text = String(raw);
  if (o.maxLength !== undefined && text.length > o.maxLength * 16) {
    throw invalid('errors.option.farTooLong', { name: o.name, max: o.maxLength });
  }
  return text;
}

/** A whole number within the option's bounds ("12", " -3 ", or a number a platform sent). */
export function parseInteger(raw: RawArg, o: { name: string; min?: number; max?: number }): number {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const n = typeof text === 'number' ? text : /^-?\d+$/.test(String(text)) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n)) throw invalid('errors.option.integer', { name: o.name });
  if ((o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
    throw invalid('errors.option.range', { name: o.name, min: o.min ?? '-∞', max: o.max ?? '∞' });
  }
  return n;
}

const YES = ['true', 'yes', 'on'];
const NO = ['false', 'no', 'off'];

/** yes/no, on/off, true/false in any case, or a boolean a platform sent. */
export function parseBoolean(raw: RawArg, o: { name: string }): boolean {
  if (typeof raw === 'boolean') return raw;
  const word = String(raw).trim().toLowerCase();
  if (YES.includes(word)) return true;
  if (NO.includes(word)) return false;
  throw invalid('errors.option.boolean', { name: o.name });
}

/** One of a fixed list, in any case; the list's own spelling comes back, so it types as the list's union. */
export function parseChoice<C extends string>(raw: string, o: { name: string; choices: readonly C[] }): C {
  const word = raw.toLowerCase();
  const choice = o.choices.find((c) => c === word);
  if (choice === undefined) throw invalid('errors.option.choice', { name: o.name, choices: o.choices.join(', ') });
  return choice;
}

/** What a moderator approves or vetoes: a suggestion by number, or a ballot option by letter. */
export type BallotTarget = { suggestion: number } | { letter: string };

/** "12" or "#12" is a suggestion; "B" is a ballot option. */
export function parseBallotTarget(text: string): BallotTarget {
  const t = text.trim().replace(/^#/, '');
  if (/^\d{1,6}$/.test(t)) return { suggestion: Number(t) };
  if (positionOf(t) !== undefined) return { letter: t.toUpperCase() };
  throw invalid('errors.option.target', { text: text.slice(0, 10) });
}
