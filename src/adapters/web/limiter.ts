import { BoundedMap } from '../../core/bounded-map.js';

/**
 * Counts events per key (a client address) in a sliding window: `allow` says whether one more
 * fits. Kept in memory: a restart forgets, which is fine for slowing down guessing and stuffing.
 */
export class WindowLimiter {
  private readonly hits = new BoundedMap<string, number[]>(50_000);

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether another event for `key` is within the limit now (without counting it). */
  allows(key: string): boolean {
    return this.recent(key).length < this.max;
  }

  /** Counts an event for `key`. */
  hit(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.hits.set(key, list);
    // Bounded memory under a flood of addresses: forget the oldest key.
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }
}
