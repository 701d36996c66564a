import path from 'node:path';
import type { DbJobQueue } from '../../src/queue/db-queue.js';
import type { Worker } from '../../src/queue/worker.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRequest, Writer, WrittenEpisode } from '../../src/core/ports.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';
import { HOUR, makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

/** A writer whose calls can be held open, as a slow LLM would, and counted. */
class GatedWriter implements Writer {
  calls = 0;
  private readonly inner = new OfflineWriter();
  gate: Promise<void> | undefined;
  async write(req: WriteRequest): Promise<WrittenEpisode> {
    this.calls++;
    await this.gate;
    return this.inner.write(req);
  }
}

describe.each(dialects)('restarts (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('closes an open ballot on time after a restart, once, with every vote counted', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.', moderator());
    await h.settle();
    await h.say('/vote B', viewer(1));
    await h.say('/vote B', viewer(2));
    h.clock.advance(30 * MINUTE);
    await h.restart();
    await h.say('/vote A', viewer(3));
    await h.advance(30 * MINUTE);
    // A second restart after the close: nothing is decided or posted again.
    await h.restart();
    await h.advance(10 * MINUTE);
    const ballots = await h.handle.db.selectFrom('ballots').selectAll().orderBy('created_at').execute();
    expect(ballots[0]!.status).toBe('closed');
    const counts = Object.values(JSON.parse(ballots[0]!.tally!) as Record<string, number>);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(Math.max(...counts)).toBe(2);
    expect(h.publisher.results).toHaveLength(1);
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    expect(ballots).toHaveLength(2);
  });

  it('catches up on a ballot that fell due while the process was down', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.', moderator());
    await h.settle();
    await h.say('/vote C', viewer(1));
    await h.restart();
    h.clock.advance(3 * HOUR); // down for three hours
    await h.settle();
    expect(h.publisher.results).toHaveLength(1);
    expect(h.publisher.results[0]!.ballot.winnerLetter).toBe('C');
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
  });

  it('resumes a job whose worker died mid-step, after its lease runs out, and does it once', async () => {
    const writer = new GatedWriter();
    h = await makeHarness(dialect, { writer });
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.', moderator());
    // A worker claims the write job and dies with it (its lease stays behind).
    const claimed = await (h.app.queue as DbJobQueue).claim('worker-that-dies');
    expect(claimed?.kind).toBe('write');
    await h.restart({ writer });
    await h.settle();
    expect(writer.calls).toBe(0); // the lease (5 minutes) still holds
    await h.advance(5 * MINUTE + 1);
    expect(writer.calls).toBe(1);
    expect(h.publisher.posts).toHaveLength(1);
    const job = await h.handle.db.selectFrom('jobs').selectAll().where('id', '=', claimed!.id).executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(2);
    // The dead worker coming back to life cannot complete or fail the job it lost.
    await (h.app.queue as DbJobQueue).complete(claimed!, 'worker-that-dies');
    await (h.app.queue as DbJobQueue).fail(claimed!, 'worker-that-dies', 'late', { permanent: true, onFinal: async () => {} });
    expect((await h.handle.db.selectFrom('jobs').select('status').where('id', '=', claimed!.id).executeTakeFirstOrThrow()).status).toBe('done');
  });

  it('keeps a slow step from being done twice when a stale worker finishes late', async () => {
    const writer = new GatedWriter();
    let release!: () => void;
    writer.gate = new Promise((r) => (release = r));
    h = await makeHarness(dialect, { writer });
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.', moderator());
    const slow = (h.app.worker as Worker).runOne(); // holds the write job inside the writer
    await new Promise((r) => setTimeout(r, 50));
    expect(writer.calls).toBe(1);
    // Its lease expires (the process hung); another worker takes the job over and finishes.
    const stale = h.app;
    h.clock.advance(6 * MINUTE);
    writer.gate = undefined;
    const other = (await import('../../src/app.js')).createApp({
      config: h.config,
      db: h.handle,
      log: (await import('../../src/log.js')).silentLogger,
      clock: h.clock,
      writer,
      renderer: new StoryboardRenderer(path.join(h.config.dataDir, 'media')),
      publishers: Object.values(h.publishers),
      workerName: 'second-worker',
    });
    await other.worker.drain();
    expect(h.publisher.posts).toHaveLength(1);
    // The stale worker wakes up: its result is dropped, nothing is written or posted again.
    release();
    await slow;
    await stale.worker.drain();
    await other.worker.drain();
    expect(writer.calls).toBe(2);
    expect(h.publisher.posts).toHaveLength(1);
    const ballots = await h.handle.db.selectFrom('ballots').select('id').execute();
    expect(ballots).toHaveLength(1);
  });
});
