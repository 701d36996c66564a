import type { BallotService } from './ballots.js';
import type { Logger } from './ports.js';

/**
 * Due times live in the database (ballot close times, tie deadlines, job run_at), so a tick after
 * a restart catches up on everything that fell due while the process was down.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<number> | undefined;

  constructor(
    private readonly ballots: BallotService,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Closes every due ballot; returns how many were handled. Overlapping ticks share one run. */
  tick(): Promise<number> {
    this.ticking ??= this.ballots.closeDue().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
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
  }
}
