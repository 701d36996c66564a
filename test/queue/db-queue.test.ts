import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../src/core/clock.js';
import { createIdGenerator } from '../../src/core/ids.js';
import { migrateToLatest, type DbHandle, type Dialect } from '../../src/db/connect.js';
import { DbJobQueue } from '../../src/queue/db-queue.js';
import { freshDb, T0, testDialects, type TestDb } from '../helpers/harness.js';

const dialects = await testDialects();

describe.each(dialects)('the embedded job queue (%s)', (dialect: Dialect) => {
  let db: TestDb;
  let handle: DbHandle;
  let clock: ManualClock;
  let queue: DbJobQueue;

  async function setup(settings = { maxAttempts: 3, retryBaseMs: 1000, leaseMs: 60_000 }) {
    db = await freshDb(dialect);
    handle = db.open();
    await migrateToLatest(handle);
    clock = new ManualClock(T0);
    const random = seededRandom(7);
    queue = new DbJobQueue(handle.db, handle.dialect, clock, random, createIdGenerator(clock, random), settings);
  }

  afterEach(async () => {
    await handle?.close();
    await db?.drop();
  });

  it('ignores a second enqueue with the same idempotency key', async () => {
    await setup();
    await queue.enqueue(handle.db, { kind: 'write', key: 'write:e1', payload: { episodeId: 'e1' } });
    await queue.enqueue(handle.db, { kind: 'write', key: 'write:e1', payload: { episodeId: 'e1' } });
    expect(await handle.db.selectFrom('jobs').selectAll().execute()).toHaveLength(1);
    const job = await queue.claim('w1');
    await queue.complete(job!, 'w1');
    // Even after it is done, the same step cannot be queued again.
    await queue.enqueue(handle.db, { kind: 'write', key: 'write:e1', payload: { episodeId: 'e1' } });
    expect(await queue.claim('w1')).toBeUndefined();
  });

  it('enqueues inside the caller’s transaction: a rollback leaves no job', async () => {
    await setup();
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await queue.enqueue(tx, { kind: 'render', key: 'render:e1', payload: { episodeId: 'e1' } });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await handle.db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);
  });

  it('leases a job to one worker until the lease runs out', async () => {
    await setup();
    await queue.enqueue(handle.db, { kind: 'write', key: 'k', payload: {} });
    const first = await queue.claim('w1');
    expect(first?.attempts).toBe(1);
    expect(await queue.claim('w2')).toBeUndefined();
    clock.advance(30_000);
    expect(await queue.heartbeat(first!, 'w1')).toBe(true);
    clock.advance(59_000);
    expect(await queue.claim('w2')).toBeUndefined();
    clock.advance(2_000);
    const second = await queue.claim('w2');
    expect(second?.id).toBe(first!.id);
    expect(second?.attempts).toBe(2);
    expect(await queue.heartbeat(first!, 'w1')).toBe(false);
  });

  it('runs due jobs only, oldest due first', async () => {
    await setup();
    await queue.enqueue(handle.db, { kind: 'write', key: 'later', payload: {}, runAt: T0 + 5000 });
    await queue.enqueue(handle.db, { kind: 'write', key: 'now', payload: {} });
    expect((await queue.claim('w'))?.key).toBe('now');
    expect(await queue.claim('w')).toBeUndefined();
    clock.advance(5000);
    expect((await queue.claim('w'))?.key).toBe('later');
  });

  it('retries with exponential backoff, then fails for good naming the stage and the error', async () => {
    await setup();
    await queue.enqueue(handle.db, { kind: 'render', key: 'render:e1', payload: { episodeId: 'e1' } });
    const finals: string[] = [];
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = (await queue.claim('w'))!;
      expect(job.attempts).toBe(attempt);
      const outcome = await queue.fail(job, 'w', `ffmpeg failed (${attempt})`, {
        permanent: false,
        onFinal: async () => {
          finals.push(job.kind);
        },
      });
      const row = await handle.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      if (attempt < 3) {
        expect(outcome).toBe('retry');
        delays.push(row.run_at - clock.now());
        expect(await queue.claim('w')).toBeUndefined();
        clock.set(row.run_at);
      } else {
        expect(outcome).toBe('failed');
        expect(row.status).toBe('failed');
        expect(row.kind).toBe('render');
        expect(row.last_error).toBe('ffmpeg failed (3)');
      }
    }
    expect(delays[0]).toBeGreaterThanOrEqual(750);
    expect(delays[0]).toBeLessThanOrEqual(1250);
    expect(delays[1]).toBeGreaterThanOrEqual(1500);
    expect(delays[1]).toBeLessThanOrEqual(2500);
    expect(finals).toEqual(['render']);
    expect((await queue.failed()).map((j) => j.key)).toEqual(['render:e1']);
    expect(await queue.counts()).toEqual({ failed: 1 });
  });

  it('fails a permanent error at once', async () => {
    await setup();
    await queue.enqueue(handle.db, { kind: 'deliver', key: 'd', payload: {} });
    const job = (await queue.claim('w'))!;
    expect(await queue.fail(job, 'w', 'no publisher', { permanent: true, onFinal: async () => {} })).toBe('failed');
  });

  if (dialect === 'postgres') {
    it('gives concurrent claimers different jobs (SKIP LOCKED)', async () => {
      await setup();
      for (let i = 0; i < 20; i++) await queue.enqueue(handle.db, { kind: 'write', key: `k${i}`, payload: {} });
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.claim(`w${i}`)));
      const ids = claims.filter(Boolean).map((j) => j!.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThan(0);
    });
  }
});
