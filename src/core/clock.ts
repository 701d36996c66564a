/** Time and chance come into the core through these, never from Date.now()/Math.random(). */
export interface Clock {
  /** UTC epoch milliseconds. */
  now(): number;
}

/** Returns a float in [0, 1). */
export type Random = () => number;

export const systemClock: Clock = { now: () => Date.now() };
export const systemRandom: Random = () => Math.random();

/** A clock that only moves when told to: for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
  set(ms: number): void {
    this.time = ms;
  }
}

/** mulberry32: a small, fast, well-distributed seeded PRNG. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: turns a string (series seed + ballot id) into a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic draw of one item, seeded by `seedText`. */
export function seededPick<T>(items: readonly T[], seedText: string): T {
  if (items.length === 0) throw new Error('seededPick needs at least one item');
  const r = seededRandom(hashSeed(seedText))();
  return items[Math.floor(r * items.length)] as T;
}
