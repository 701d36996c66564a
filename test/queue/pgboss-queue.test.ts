import { afterEach, describe, expect, it } from 'vitest';
import type { Renderer, WriteRequest, WrittenEpisode, Writer } from '../../src/core/ports.js';
import type { PgBossQueue } from '../../src/queue/pgboss-queue.js';
import { makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';

const dialects = await testDialects();

/** pg-boss keeps real time (its own retry delays), so these tests wait a little, for real. */
const PGBOSS = { QUEUE: 'pg-boss', JOB_RETRY_BASE: '1s', JOB_MAX_ATTEMPTS: '2' };

class BrokenWriter implements Writer {
  calls = 0;
  async write(_req: WriteRequest): Promise<WrittenEpisode> {
    this.calls++;
    throw new Error('Request timed out.');
  }
}

describe.runIf(dialects.includes('postgres'))('the pg-boss queue on PostgreSQL', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('runs the whole loop: write, render, publish, deliver, votes, close, next episode', async () => {
    h = await makeHarness('postgres', {}, PGBOSS);
    await h.say('/series new "Boss Paws" A Shiba Inu wakes up in hospital with no memory.', moderator());
    await h.settle();
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1]);
    const letter = h.publisher.posts[0]!.ballot.options[1]!.letter;
    for (let v = 1; v <= 3; v++) await h.say(`/vote ${letter}`, viewer(v));
    expect(await h.say('/mod close-vote', moderator())).toContain(`twist ${letter} wins`);
    await h.settle();
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    expect(h.publisher.results).toHaveLength(1);
    const counts = await h.app.queue.counts();
    expect(counts.completed).toBeGreaterThanOrEqual(9);
    expect(counts.failed ?? 0).toBe(0);
  });

  it('on stop, gives running steps their grace, then puts a hung one back without spending an attempt', async () => {
    // A render that runs until its step is stopped (as ffmpeg does when the signal kills it).
    const renderer: Renderer = {
      render: (req) => new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new Error('ffmpeg was stopped with its step')), { once: true })),
    };
    h = await makeHarness('postgres', { renderer }, PGBOSS);
    await h.say('/series new "Boss Paws" A Shiba Inu wakes up in hospital with no memory.', moderator());
    h.app.worker.start();
    const renderState = async () => (await (h.app.queue as PgBossQueue).pending()).filter((p) => p.kind === 'render').map((p) => `${p.status}:${p.n}`);
    await until(async () => (await renderState()).includes('active:1'), 'the render to run', 20_000, { intervalMs: 100 });
    expect(await renderState()).toEqual(['active:1']);
    await h.app.worker.stop(200);
    // The hung render ended (pg-boss completes it as its handler returns) and a fresh job waits for
    // the next worker: no retry was counted.
    await until(async () => !(await renderState()).includes('active:1'), 'the hung render to end', 5000, { intervalMs: 100 });
    expect(await renderState()).toEqual(['created:1']);
    const episode = await h.handle.db.selectFrom('episodes').select('status').executeTakeFirstOrThrow();
    expect(episode.status).toBe('rendering');
  });

  it('enqueues inside the caller’s transaction and never twice for one key', async () => {
    h = await makeHarness('postgres', {}, PGBOSS);
    const queue = h.app.queue as PgBossQueue;
    await h.handle.db
      .transaction()
      .execute(async (tx) => {
        await queue.enqueue(tx, { kind: 'announce', key: 'announce:rolled-back', payload: { ballotId: 'none' } });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await h.handle.db.transaction().execute(async (tx) => {
      await queue.enqueue(tx, { kind: 'announce', key: 'announce:once', payload: { ballotId: 'none' } });
      await queue.enqueue(tx, { kind: 'announce', key: 'announce:once', payload: { ballotId: 'none' } });
    });
    await h.handle.db.transaction().execute((tx) => queue.enqueue(tx, { kind: 'announce', key: 'announce:once', payload: { ballotId: 'none' } }));
    const pending = await queue.pending();
    expect(pending.filter((p) => p.kind === 'announce').reduce((n, p) => n + p.n, 0)).toBe(1);
    const keys = await h.handle.db.selectFrom('job_keys').select('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['announce:once']);
  });

  it('retries a failing step with its delay, then records the failure on the episode', async () => {
    const writer = new BrokenWriter();
    h = await makeHarness('postgres', { writer }, PGBOSS);
    await h.say('/series new "Boss Fail" A corgi waits for a writer who never comes. fallback=no', moderator());
    await h.settle();
    expect(writer.calls).toBe(1);
    // pg-boss's retry delay (with backoff and jitter), in real time.
    await until(
      async () => {
        await h.settle();
        return writer.calls >= 2;
      },
      'the retry',
      15_000,
      { intervalMs: 250 },
    );
    expect(writer.calls).toBe(2);
    expect(await h.say('/series status', viewer(1))).toMatch(/stuck at the write step: Request timed out/);
    expect(await h.say('/mod retry', moderator())).toContain('Retrying episode 1');
  });
});
