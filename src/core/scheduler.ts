import type { BallotService } from './ballots.js';
import type { Lease } from './lease.js';
import type { Logger } from './ports.js';

/**
 * Due times live in the database (ballot close times, tie deadlines, release slots, job run_at), so a tick after
 * a restart catches up on everything that fell due while the process was down. With several bot
 * processes, only the holder of the scheduler lease acts; another takes over if it dies.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<number> | undefined;

  constructor(
    private readonly ballots: BallotService,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly lease?: Lease,
    /** Hands episodes whose release slot came to the queue (scheduled series). */
    private readonly releases?: { releaseDue(): Promise<number> },
  ) {}

  /** Whether this process is the one that closes ballots (always, without a lease). */
  get isLeader(): boolean {
    return this.lease ? this.lease.isHeld : true;
  }

  /** Closes every due ballot and releases every due episode; returns how many were handled. Overlapping ticks share one run. */
  tick(): Promise<number> {
    this.ticking ??= this.closeIfLeader().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async closeIfLeader(): Promise<number> {
    if (this.lease) {
      const was = this.lease.isHeld;
      const now = await this.lease.hold();
      if (now !== was) this.log.info({ owner: this.lease.owner }, now ? 'scheduler: this process now closes ballots' : 'scheduler: another process closes ballots');
      if (!now) return 0;
    }
    const closed = await this.ballots.closeDue();
    return closed + ((await this.releases?.releaseDue()) ?? 0);
  }

  start(): void {
    if (this.timer) return;
    const loop = () => {
      this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'scheduler tick failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => 0);
    if (this.lease?.isHeld) await this.lease.release().catch((err: unknown) => this.log.warn({ err }, 'scheduler: could not release its lease'));
  }
}
