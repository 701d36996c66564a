import type { Logger } from '../core/ports.js';
import { DeferJobError, PermanentJobError } from '../core/errors.js';
import type { JobRun, StoryLoop } from '../core/loop.js';
import type { DbJobQueue, Job } from './db-queue.js';
import { isDeadLocalOwner } from '../core/owners.js';
import { runStep, StepAbandonedError } from './step.js';
import { readJson, Strings } from '../core/json.js';

/** How often a worker looks for jobs held by killed processes on its host. */
const RECLAIM_EVERY_MS = 15_000;

/**
 * Runs the loop's jobs: claims one, runs the step, records the outcome. `drain` runs until no job
 * is due (tests and the CLI use it); `start` polls in the background with N lanes.
 */
export class Worker {
  private running = false;
  private lanes: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  /** Fires when a stop has waited long enough: running steps are abandoned and retried. */
  private stopper = new AbortController();
  private reclaimedAt = 0;

  constructor(
    private readonly queue: DbJobQueue,
    private readonly loop: StoryLoop,
    private readonly log: Logger,
    private readonly owner: string,
    private readonly opts: { concurrency: number; pollMs: number; heartbeatMs: number },
  ) {}

  /** Claims and runs one job; false when nothing is due. */
  async runOne(): Promise<boolean> {
    const job = await this.queue.claim(this.owner);
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  /** Runs jobs until none is due; returns how many ran. */
  async drain(limit = 10_000): Promise<number> {
    let n = 0;
    while (n < limit && (await this.runOne())) n++;
    return n;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopper = new AbortController();
    for (let i = 0; i < this.opts.concurrency; i++) this.lanes.push(this.lane());
  }

  /**
   * Stops taking jobs and lets running steps finish for up to `graceMs`; steps still running then
   * are abandoned (their calls are aborted) and go back to the queue without losing an attempt.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    const timer = setTimeout(() => this.stopper.abort(), graceMs);
    await Promise.all(this.lanes);
    clearTimeout(timer);
    this.lanes = [];
  }

  /** Jobs whose worker on this host was killed are taken back now, not when their lease lapses. */
  private async reclaimDead(): Promise<void> {
    if (Date.now() - this.reclaimedAt < RECLAIM_EVERY_MS) return;
    this.reclaimedAt = Date.now();
    const n = await this.queue.reclaim(isDeadLocalOwner);
    if (n) this.log.warn({ jobs: n }, 'took back jobs from a worker on this machine that is gone');
  }

  private async lane(): Promise<void> {
    while (this.running) {
      let didWork = false;
      try {
        await this.reclaimDead();
        didWork = await this.runOne();
      } catch (err) {
        this.log.error({ err }, 'worker could not claim a job');
      }
      if (!didWork && this.running) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, this.opts.pollMs);
          this.wakers.add(wake);
        });
      }
    }
  }

  private async execute(job: Job): Promise<void> {
    const run: JobRun = { kind: job.kind as JobRun['kind'], payload: readJson(Strings, job.payload) ?? {}, attempt: job.attempts, owner: this.owner };
    const log = { jobId: job.id, kind: job.kind, key: job.key, attempt: job.attempts };
    if (job.attempts > job.max_attempts) {
      // Claimed again after its lease ran out more times than allowed: the step kills or hangs
      // its worker. Stop here with a reason rather than crash forever.
      const message = `gave up after ${job.max_attempts} attempts; the worker running it stopped each time${job.last_error ? ` (last error: ${job.last_error})` : ''}`;
      await this.queue.fail(job, this.owner, message, { permanent: true, onFinal: (tx) => this.loop.onFailed(tx, run, message) });
      this.log.error({ ...log, error: message }, `${job.kind} step failed for good`);
      return;
    }
    const beat = setInterval(() => {
      this.queue.heartbeat(job, this.owner).catch((err: unknown) => this.log.warn({ ...log, err }, 'lease heartbeat failed'));
    }, this.opts.heartbeatMs);
    try {
      await runStep(this.loop, run, this.stopper.signal);
      await this.queue.complete(job, this.owner);
      this.log.debug(log, 'job done');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof StepAbandonedError || err instanceof DeferJobError) {
        await this.queue.defer(job, this.owner, err instanceof DeferJobError ? err.delayMs : 0, message);
        this.log.info({ ...log, reason: message }, `${job.kind} step put back; it runs again later`);
        return;
      }
      const outcome = await this.queue.fail(job, this.owner, message, {
        permanent: err instanceof PermanentJobError,
        onFinal: (tx) => this.loop.onFailed(tx, run, message),
      });
      if (outcome === 'failed') this.log.error({ ...log, error: message }, `${job.kind} step failed for good`);
      else this.log.warn({ ...log, error: message }, `${job.kind} step failed; will retry`);
    } finally {
      clearInterval(beat);
    }
  }
}
