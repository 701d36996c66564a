import type { Clock, Random } from './clock.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export type IdGenerator = (prefix: string) => string;

/**
 * Short, sortable, URL-safe ids: a prefix, the time in base 36 (9 chars, sortable until the year
 * 5188) and 6 random base-36 chars (2 billion values per millisecond).
 */
export function createIdGenerator(clock: Clock, random: Random): IdGenerator {
  return (prefix) => {
    let rand = '';
    for (let i = 0; i < 6; i++) rand += ALPHABET[Math.floor(random() * 36)];
    return `${prefix}_${clock.now().toString(36).padStart(9, '0')}${rand}`;
  };
}
