import { UserError } from './errors.js';
import { positionOf } from './views.js';

/**
 * One parser per kind of command option, each turning what a person typed (or what a platform
 * already typed, like Discord's integers) into a value, or into a UserError that says what to
 * type instead. The command model (`commands.ts`) picks the parser from an option's definition.
 */

/** An option's value as an adapter hands it over. */
export type RawArg = string | number | boolean;

const invalid = (message: string) => new UserError('invalid-input', message);

/**
 * Text, kept as typed (spaces, emoji, any script): the engine cleans it and applies the real limit
 * in visible characters (`cleanText`). This is only a hard stop for absurd input before any work,
 * counted in UTF-16 units and roomy enough for long emoji sequences.
 */
export function parseString(raw: RawArg, o: { name: string; maxLength?: number }): string {
  const text = String(raw);
  if (o.maxLength !== undefined && text.length > o.maxLength * 16) {
    throw invalid(`${o.name} is far too long; keep it to ${o.maxLength} characters.`);
  }
  return text;
}

/** A whole number within the option's bounds ("12", " -3 ", or a number a platform sent). */
export function parseInteger(raw: RawArg, o: { name: string; min?: number; max?: number }): number {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const n = typeof text === 'number' ? text : /^-?\d+$/.test(String(text)) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n)) throw invalid(`${o.name} must be a whole number.`);
  if ((o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
    throw invalid(`${o.name} must be between ${o.min ?? '-∞'} and ${o.max ?? '∞'}.`);
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
  throw invalid(`${o.name} must be yes or no.`);
}

/** One of a fixed list, in any case; the list's own spelling comes back, so it types as the list's union. */
export function parseChoice<C extends string>(raw: string, o: { name: string; choices: readonly C[] }): C {
  const word = raw.toLowerCase();
  const choice = o.choices.find((c) => c === word);
  if (choice === undefined) throw invalid(`${o.name} must be one of: ${o.choices.join(', ')}.`);
  return choice;
}

/** What a moderator approves or vetoes: a suggestion by number, or a ballot option by letter. */
export type BallotTarget = { suggestion: number } | { letter: string };

/** "12" or "#12" is a suggestion; "B" is a ballot option. */
export function parseBallotTarget(text: string): BallotTarget {
  const t = text.trim().replace(/^#/, '');
  if (/^\d{1,6}$/.test(t)) return { suggestion: Number(t) };
  if (positionOf(t) !== undefined) return { letter: t.toUpperCase() };
  throw invalid(`“${text.slice(0, 10)}” is neither a suggestion number (like 12) nor an option letter (like B).`);
}
