import type { Logger } from '../../core/ports.js';
import { BoundedMap } from '../../core/bounded-map.js';

/**
 * Coalesces tally refreshes: however fast votes arrive, each ballot's messages are edited at most
 * once per `everyMs`, and the last vote before a quiet spell is always shown.
 */
export class TallyRefresher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly last = new BoundedMap<string, number>(1_000);

  constructor(
    private readonly everyMs: number,
    private readonly refresh: (ballotId: string) => Promise<void>,
    private readonly log: Logger,
  ) {}

  touch(ballotId: string): void {
    if (this.timers.has(ballotId)) return; // an edit is already coming and will include this vote
    const wait = Math.max(0, (this.last.get(ballotId) ?? 0) + this.everyMs - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(ballotId);
      this.last.set(ballotId, Date.now());
      this.refresh(ballotId).catch((err: unknown) => this.log.warn({ err, ballotId }, 'discord: tally refresh failed'));
    }, wait);
    timer.unref();
    this.timers.set(ballotId, timer);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
