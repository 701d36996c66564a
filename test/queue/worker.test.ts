import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../src/core/clock.js';
import { DeferJobError } from '../../src/core/errors.js';
import { createIdGenerator } from '../../src/core/ids.js';
import type { JobRun, StoryLoop } from '../../src/core/loop.js';
import { migrateToLatest, type DbHandle } from '../../src/db/connect.js';
import { DbJobQueue } from '../../src/queue/db-queue.js';
import { isDeadLocalOwner, localIdentity, ownerName } from '../../src/core/owners.js';
import { runStep } from '../../src/queue/step.js';
import { Worker } from '../../src/queue/worker.js';
import { silentLogger } from '../../src/log.js';
import { freshDb, T0, type TestDb } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';

/** The steps the worker runs, scripted: each call gets the run and answers as the test says. */
function scriptedLoop(step: (run: JobRun) => Promise<void>): StoryLoop & { runs: JobRun[] } {
  const runs: JobRun[] = [];
  return { runs, run: (run: JobRun) => (runs.push(run), step(run)), onFailed: async () => {} } as unknown as StoryLoop & { runs: JobRun[] };
}

/** Resolves when the step's signal aborts, never otherwise: a platform call that hangs. */
const hangs = (run: JobRun) => new Promise<void>((_, reject) => run.signal!.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));

/** A pid that belonged to a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('the worker', () => {
  let db: TestDb;
  let handle: DbHandle;
  let clock: ManualClock;
  let queue: DbJobQueue;

  async function setup() {
    db = await freshDb('sqlite');
    handle = db.open();
    await migrateToLatest(handle);
    clock = new ManualClock(T0);
    const random = seededRandom(3);
    queue = new DbJobQueue(handle.db, handle.dialect, clock, random, createIdGenerator(clock, random), { maxAttempts: 2, retryBaseMs: 1000, leaseMs: 60_000 });
    await queue.enqueue(handle.db, { kind: 'deliver', key: 'deliver:d1', payload: { deliveryId: 'd1' } });
  }
  const job = () => handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
  const worker = (loop: StoryLoop) => new Worker(queue, loop, silentLogger, ownerName('w1'), { concurrency: 1, pollMs: 10, heartbeatMs: 1000 });

  afterEach(async () => {
    await handle?.close();
    await db?.drop();
  });

  it('puts a deferred step back for later without counting the attempt, as often as it takes', async () => {
    await setup();
    const loop = scriptedLoop(async () => {
      throw new DeferJobError('telegram is unreachable', 30_000);
    });
    const w = worker(loop);
    for (let i = 0; i < 5; i++) {
      expect(await w.drain()).toBe(1);
      expect(await job()).toMatchObject({ status: 'queued', attempts: 0, run_at: clock.now() + 30_000, last_error: 'telegram is unreachable' });
      clock.advance(30_000);
    }
    expect(loop.runs).toHaveLength(5);
  });

  it('on stop, abandons a step that hangs after the grace: the call is aborted and the job goes back unspent', async () => {
    await setup();
    const loop = scriptedLoop(hangs);
    const w = worker(loop);
    w.start();
    await until(() => loop.runs.length > 0, 'the step to start');
    expect((await job()).status).toBe('running');
    await w.stop(50);
    expect(loop.runs[0]!.signal!.aborted).toBe(true);
    expect(await job()).toMatchObject({ status: 'queued', attempts: 0, lease_owner: null, last_error: 'the process is shutting down' });
  });

  it('gives a step its deadline: past it the step fails like any failed step and is retried later', async () => {
    const loop = scriptedLoop(hangs);
    const never = new AbortController().signal;
    await expect(runStep(loop, { kind: 'deliver', payload: {}, attempt: 1 }, never, 30)).rejects.toThrow('the deliver step did not finish within 0 s');
    expect(loop.runs[0]!.signal!.aborted).toBe(true);
  });

  it('takes back at once a job held by a killed process on this machine, not after its lease', async () => {
    await setup();
    const dead = `${localIdentity()}:${deadPid()}:w0`;
    const claimed = await queue.claim(dead);
    expect(claimed?.lease_until).toBe(clock.now() + 60_000);
    const loop = scriptedLoop(async () => {});
    const w = worker(loop);
    w.start();
    await until(() => loop.runs.length > 0, 'the step to start');
    await w.stop();
    expect(await job()).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('calls an owner dead only when it is a process of this machine and PID namespace that is gone', () => {
    expect(isDeadLocalOwner(`${localIdentity()}:${deadPid()}:w0`)).toBe(true);
    expect(isDeadLocalOwner(ownerName('mine'))).toBe(false);
    // Our own PID under a name we never made: an earlier process that had it (a restarted container).
    expect(isDeadLocalOwner(`${localIdentity()}:${process.pid}:before-restart`)).toBe(true);
    expect(isDeadLocalOwner(`${localIdentity()}:1:w0`)).toBe(false); // init lives
    // The same host name in another PID namespace (a container on the host network): not ours to judge.
    expect(isDeadLocalOwner(`${os.hostname()}/other-boot/4026530000:${deadPid()}:w0`)).toBe(false);
    expect(isDeadLocalOwner(`another-host:${deadPid()}:w0`)).toBe(false);
    expect(isDeadLocalOwner('test-1')).toBe(false);
  });
});
