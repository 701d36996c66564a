import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../db/connect.js';
import type { Executor, JobKind, JobSpec, Logger } from '../core/ports.js';
import { DeferJobError, PermanentJobError } from '../core/errors.js';
import type { JobRun, StoryLoop } from '../core/loop.js';
import type { QueueSettings } from './db-queue.js';
import type { JobBackend, JobRunner } from './types.js';
import { runStep, STEP_DEADLINE_MS, StepAbandonedError } from './step.js';
import { ownerName } from '../core/owners.js';

const KINDS: JobKind[] = ['write', 'render', 'publish', 'deliver', 'announce', 'recap', 'recap-post', 'export'];
/** Where pg-boss puts a job that ran out of attempts: its failure is recorded on the episode. */
const GAVE_UP = 'tailtwist-gave-up';

interface Data {
  key: string;
  payload: Record<string, string>;
}

/**
 * Jobs in pg-boss, in the same PostgreSQL database. Enqueueing stays transactional: the job row
 * and its idempotency key are written by the caller's transaction, so a job exists if and only if
 * the state change that asked for it does. Keys are kept in `job_keys` for good (pg-boss archives
 * finished jobs), so a step is never queued twice. A job that runs out of attempts (or kills its
 * worker until pg-boss expires it) is recorded as the episode's failure, as with the embedded queue.
 */
export class PgBossQueue implements JobBackend {
  private boss: PgBoss;
  private readonly options: PgBoss.ConstructorOptions;
  private started: Promise<void> | undefined;
  private loop: StoryLoop | undefined;

  private readonly schema: string;
  private readonly expireIn: number;
  /** This process, as the steps it runs name it in their claims. */
  private readonly owner = ownerName('boss');

  constructor(
    private readonly db: Db,
    connection: { connectionString: string; schema: string },
    private readonly settings: QueueSettings & { concurrency: number; pollSeconds: number },
    private readonly log: Logger,
  ) {
    this.schema = connection.schema;
    // Expired jobs (their worker died) are found by pg-boss's maintenance: look twice per lease.
    const expireIn = Math.max(30, Math.round(settings.leaseMs / 1000));
    this.expireIn = expireIn;
    this.options = {
      connectionString: connection.connectionString,
      schema: connection.schema,
      application_name: 'tailtwist:pg-boss',
      max: 4,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: Math.max(1, Math.min(120, Math.round(expireIn / 2))),
    };
    this.boss = this.newBoss();
  }

  private newBoss(): PgBoss {
    const boss = new PgBoss(this.options);
    boss.on('error', (err) => this.log.error({ err }, 'pg-boss error'));
    return boss;
  }

  /** Creates pg-boss's schema and our queues (idempotent); every process calls it before enqueueing. */
  start(): Promise<void> {
    // A failed start (the database was away) is tried again by the next caller, not remembered.
    this.started ??= this.install().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  /** pg-boss's schema and our queues. Processes starting together can deadlock creating them: try again. */
  private async install(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.boss.start();
        await this.ensureQueue(GAVE_UP, {});
        const retry = {
          retryLimit: Math.max(0, this.settings.maxAttempts - 1),
          retryDelay: Math.max(1, Math.round(this.settings.retryBaseMs / 1000)),
          retryBackoff: true,
          // pg-boss has no heartbeat: a step running longer than this is taken for dead.
          expireInSeconds: this.expireIn,
          deadLetter: GAVE_UP,
        };
        for (const kind of KINDS) await this.ensureQueue(kind, retry);
        return;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= 5 || !['40P01', '23505', '42P07', '42710'].includes(code ?? '')) throw err;
        this.log.warn({ code, attempt }, 'pg-boss: another process is setting up the queues; trying again');
        // A pg-boss whose start failed half-way cannot start again: begin with a fresh one.
        await this.boss.stop({ graceful: false, wait: false }).catch(() => undefined);
        this.boss = this.newBoss();
        await new Promise((r) => setTimeout(r, 200 + Math.floor(Math.random() * 800)));
      }
    }
  }

  /** Creates a queue unless it exists; processes starting together may race to create it. */
  private async ensureQueue(name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
    if (await this.boss.getQueue(name)) return;
    try {
      await this.boss.createQueue(name, { name, ...options });
    } catch (err) {
      if (!(await this.boss.getQueue(name))) throw err;
    }
  }

  async enqueue(tx: Executor, job: JobSpec): Promise<void> {
    await this.start();
    const fresh = await tx
      .insertInto('job_keys')
      .values({ key: job.key, kind: job.kind })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(fresh.numInsertedOrUpdatedRows ?? 0) === 0) return; // queued before: never twice
    const data: Data = { key: job.key, payload: job.payload };
    await this.boss.send(job.kind, data, {
      ...(job.runAt ? { startAfter: new Date(job.runAt) } : {}),
      // The insert runs in the caller's transaction.
      db: { executeSql: async (text, values) => ({ rows: (await tx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] }) },
    });
  }

  /** The runner the app starts (workers) or drains (tests, the demo). */
  runner(loop: StoryLoop): JobRunner {
    this.loop = loop;
    return {
      start: () => {
        this.stopping = false;
        this.stopper = new AbortController();
        const attempt = (delayMs: number) => {
          this.work().catch((err: unknown) => {
            if (this.stopping) return;
            this.log.error({ err }, `pg-boss workers did not start; trying again in ${Math.round(delayMs / 1000)} s`);
            this.retryTimer = setTimeout(() => attempt(Math.min(delayMs * 2, 60_000)), delayMs);
          });
        };
        attempt(1000);
      },
      stop: async (graceMs = 10_000) => {
        this.stopping = true;
        clearTimeout(this.retryTimer);
        // No new jobs (offWork does not wait for running ones)…
        await Promise.all([...this.workers].map((id) => this.boss.offWork({ id }).catch(() => undefined)));
        this.workers.clear();
        // …then the running steps get the grace; those still running are abandoned and put back.
        const timer = setTimeout(() => this.stopper.abort(), graceMs);
        await Promise.allSettled([...this.inflight]);
        clearTimeout(timer);
      },
      drain: (limit) => this.drain(limit),
    };
  }

  private readonly workers = new Set<string>();
  /** Steps running now, so a stop can give them their grace. */
  private readonly inflight = new Set<Promise<void>>();
  private stopping = false;
  private stopper = new AbortController();
  private retryTimer: NodeJS.Timeout | undefined;

  /** Runs jobs in the background: `concurrency` at a time per kind. */
  private async work(): Promise<void> {
    if (this.workers.size) return; // already working
    await this.start();
    const options = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: this.settings.pollSeconds };
    for (const kind of KINDS) {
      for (let i = 0; i < this.settings.concurrency; i++) this.workers.add(await this.boss.work<Data>(kind, options, ([job]) => this.run(kind, job!)));
    }
    this.workers.add(await this.boss.work<Data>(GAVE_UP, options, ([job]) => this.gaveUp(job!)));
  }

  /** Runs due jobs one at a time until none is left (or `limit`). */
  async drain(limit = 10_000): Promise<number> {
    await this.start();
    let n = 0;
    while (n < limit) {
      let ran = false;
      for (const kind of [...KINDS, GAVE_UP] as const) {
        const [job] = (await this.boss.fetch<Data>(kind, { batchSize: 1, includeMetadata: true })) ?? [];
        if (!job) continue;
        try {
          await (kind === GAVE_UP ? this.gaveUp(job) : this.run(kind, job));
          await this.boss.complete(kind, job.id);
        } catch (err) {
          await this.boss.fail(kind, job.id, { message: err instanceof Error ? err.message : String(err) });
        }
        ran = true;
        n++;
      }
      if (!ran) return n;
    }
    return n;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 });
  }

  /** Jobs by state. */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.byState(false);
    const out: Record<string, number> = {};
    for (const r of rows) out[r.status] = (out[r.status] ?? 0) + r.n;
    return out;
  }

  async pending(): Promise<{ kind: string; status: string; n: number }[]> {
    return this.byState(true);
  }

  private async byState(unfinished: boolean): Promise<{ kind: string; status: string; n: number }[]> {
    await this.start();
    const where = unfinished ? ` where state not in ('completed', 'cancelled')` : '';
    const { rows } = await this.db.executeQuery<{ name: string; state: string; n: number }>(
      CompiledQuery.raw(`select name, state, count(*)::int as n from ${this.schema}.job${where} group by name, state`, []),
    );
    return rows.map((r) => ({ kind: r.name, status: r.state, n: Number(r.n) }));
  }

  private async run(kind: JobKind, job: PgBoss.JobWithMetadata<Data>): Promise<void> {
    const running = this.step(kind, job);
    this.inflight.add(running);
    try {
      await running;
    } finally {
      this.inflight.delete(running);
    }
  }

  private async step(kind: JobKind, job: PgBoss.JobWithMetadata<Data>): Promise<void> {
    const run: JobRun = { kind, payload: job.data.payload, attempt: job.retryCount + 1, owner: this.owner };
    const log = { jobId: job.id, kind, key: job.data.key, attempt: run.attempt };
    try {
      // pg-boss takes a job for dead once it outlives expireIn: the step's deadline stays inside it.
      await runStep(this.loop!, run, this.stopper.signal, Math.min(STEP_DEADLINE_MS[kind], this.expireIn * 1000));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof DeferJobError || err instanceof StepAbandonedError) {
        // Its platform is down, or this process is stopping: the same step again later, as a new
        // job (this one ends), so the wait costs no attempt.
        const delayMs = err instanceof DeferJobError ? err.delayMs : 0;
        await this.boss.send(kind, { key: `${job.data.key.replace(/(:later)+$/, '')}:later`, payload: job.data.payload }, { startAfter: new Date(Date.now() + delayMs) });
        this.log.info({ ...log, reason: message }, `${kind} step put back; it runs again later`);
        return;
      }
      if (err instanceof PermanentJobError || job.retryCount >= job.retryLimit) {
        // The last attempt: the failure is recorded here, in the step's own words, and the job
        // ends (the dead-letter queue is left for jobs whose worker died on every attempt).
        await this.db.transaction().execute((tx) => this.loop!.onFailed(tx, run, message));
        this.log.error({ ...log, error: message }, `${kind} step failed for good`);
        return;
      }
      this.log.warn({ ...log, error: message }, `${kind} step failed; will retry`);
      throw err;
    }
  }

  /** A job pg-boss gave up on (e.g. it kept killing or hanging its worker): record the failure. */
  private async gaveUp(job: PgBoss.JobWithMetadata<Data>): Promise<void> {
    const kind = KINDS.find((k) => job.data.key.startsWith(`${k}:`));
    if (!kind) return;
    const message = 'gave up after every attempt; the worker running it stopped or timed out each time';
    await this.db.transaction().execute((tx) => this.loop!.onFailed(tx, { kind, payload: job.data.payload, attempt: job.retryCount + 1 }, message));
  }
}
