import type { Selectable } from 'kysely';
import type { Db, Dialect } from '../db/connect.js';
import type { JobsTable } from '../db/schema.js';
import type { Clock, Random } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import type { Executor, JobSpec } from '../core/ports.js';
import type { JobBackend } from './types.js';

export type Job = Selectable<JobsTable>;

export interface QueueSettings {
  maxAttempts: number;
  retryBaseMs: number;
  leaseMs: number;
  /** Backoff never grows beyond this. */
  retryMaxMs?: number;
}

/**
 * The embedded queue: jobs are rows of the `jobs` table, claimed with a lease. A worker that dies
 * leaves its lease to expire and the job is claimed again; attempts are counted at claim time so
 * that even a job that crashes its process ends in `failed`, never in an endless loop.
 */
export class DbJobQueue implements JobBackend {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly ids: IdGenerator,
    private readonly settings: QueueSettings,
  ) {}

  async enqueue(tx: Executor, job: JobSpec): Promise<void> {
    const now = this.clock.now();
    await tx
      .insertInto('jobs')
      .values({
        id: this.ids('jb'),
        kind: job.kind,
        key: job.key,
        payload: JSON.stringify(job.payload),
        status: 'queued',
        attempts: 0,
        max_attempts: this.settings.maxAttempts,
        run_at: job.runAt ?? now,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  /** Claims the next runnable job for `owner`, or nothing. */
  async claim(owner: string): Promise<Job | undefined> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (tx) => {
      let query = tx
        .selectFrom('jobs')
        .selectAll()
        .where((eb) => eb.or([eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
        .orderBy('run_at')
        .limit(1);
      if (this.dialect === 'postgres') query = query.forUpdate().skipLocked();
      const job = await query.executeTakeFirst();
      if (!job) return undefined;
      const claimed = {
        status: 'running' as const,
        attempts: job.attempts + 1,
        lease_owner: owner,
        lease_until: now + this.settings.leaseMs,
        updated_at: now,
      };
      await tx.updateTable('jobs').set(claimed).where('id', '=', job.id).execute();
      return { ...job, ...claimed };
    });
  }

  /** Keeps a long job's lease alive; false if the lease was lost to another worker. */
  async heartbeat(job: Job, owner: string): Promise<boolean> {
    const now = this.clock.now();
    const res = await this.db
      .updateTable('jobs')
      .set({ lease_until: now + this.settings.leaseMs, updated_at: now })
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async complete(job: Job, owner: string): Promise<void> {
    const now = this.clock.now();
    await this.db
      .updateTable('jobs')
      .set({ status: 'done', lease_owner: null, lease_until: null, updated_at: now, finished_at: now })
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * Records a failure. With attempts left, the job is queued again after an exponential backoff
   * with jitter; otherwise it ends `failed` and `onFinal` runs in the same transaction.
   */
  async fail(job: Job, owner: string, error: string, opts: { permanent: boolean; onFinal: (tx: Executor) => Promise<void> }): Promise<'retry' | 'failed'> {
    const now = this.clock.now();
    const final = opts.permanent || job.attempts >= job.max_attempts;
    return this.db.transaction().execute(async (tx) => {
      if (final) {
        await tx
          .updateTable('jobs')
          .set({ status: 'failed', last_error: error.slice(0, 2000), lease_owner: null, lease_until: null, updated_at: now, finished_at: now })
          .where('id', '=', job.id)
          .where('lease_owner', '=', owner)
          .execute();
        await opts.onFinal(tx);
        return 'failed';
      }
      const max = this.settings.retryMaxMs ?? 30 * 60_000;
      const backoff = Math.min(max, this.settings.retryBaseMs * 2 ** (job.attempts - 1));
      const delay = Math.round(backoff * (0.75 + this.random() * 0.5));
      await tx
        .updateTable('jobs')
        .set({ status: 'queued', last_error: error.slice(0, 2000), run_at: now + delay, lease_owner: null, lease_until: null, updated_at: now })
        .where('id', '=', job.id)
        .where('lease_owner', '=', owner)
        .execute();
      return 'retry';
    });
  }

  /**
   * Puts a claimed job back without counting the attempt: its platform is down, or this process is
   * shutting down. It runs again after `delayMs`.
   */
  async defer(job: Job, owner: string, delayMs: number, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: Math.max(0, job.attempts - 1), last_error: reason.slice(0, 2000), run_at: now + Math.max(0, delayMs), lease_owner: null, lease_until: null, updated_at: now })
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'running')
      .execute();
  }

  /**
   * Running jobs whose owner `isDead` says is gone (a process on this host that was killed): their
   * leases lapse now, so the next claim takes them instead of waiting out the lease. Returns how many.
   */
  async reclaim(isDead: (owner: string) => boolean): Promise<number> {
    // Few jobs run at once (workers × lanes): reading them all is cheap.
    const running = await this.db.selectFrom('jobs').select(['id', 'lease_owner']).where('status', '=', 'running').execute();
    let n = 0;
    for (const job of running) {
      if (!job.lease_owner || !isDead(job.lease_owner)) continue;
      const res = await this.db.updateTable('jobs').set({ lease_until: 0 }).where('id', '=', job.id).where('lease_owner', '=', job.lease_owner).where('status', '=', 'running').executeTakeFirst();
      n += Number(res.numUpdatedRows);
    }
    return n;
  }

  /** Jobs that ended `failed` for good: the stage (kind) and the error. */
  async failed(): Promise<Job[]> {
    return this.db.selectFrom('jobs').selectAll().where('status', '=', 'failed').orderBy('updated_at').execute();
  }

  async pending(): Promise<{ kind: string; status: string; n: number }[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '!=', 'done')
      .groupBy(['kind', 'status'])
      .execute();
    return rows.map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) }));
  }

  async counts(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
