import { afterEach, describe, expect, it } from 'vitest';
import type { RenderRequest, Renderer, RenderedEpisode, WriteRequest, Writer, WrittenEpisode } from '../../src/core/ports.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';
import type { DbJobQueue } from '../../src/queue/db-queue.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { chan, makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

/** A writer that misbehaves a set number of times before (maybe) writing properly. */
class FlakyWriter implements Writer {
  calls = 0;
  constructor(
    private readonly bad: (() => Promise<WrittenEpisode>)[],
    private readonly inner: Writer = new OfflineWriter(),
  ) {}
  async write(req: WriteRequest): Promise<WrittenEpisode> {
    this.calls++;
    const next = this.bad.shift();
    return next ? next() : this.inner.write(req);
  }
}

class FailingRenderer implements Renderer {
  calls = 0;
  constructor(
    private failures: number,
    private readonly inner: Renderer,
  ) {}
  async render(req: RenderRequest): Promise<RenderedEpisode> {
    this.calls++;
    if (this.failures-- > 0) throw new Error('ffmpeg exited with code 1: Invalid argument');
    return this.inner.render(req);
  }
}

const garbage = async () => ({ title: '', previously: null, cliffhanger: 'x', twists: [{ label: 'only one', teaser: 't' }], script: {} }) as WrittenEpisode;
const timeout = async (): Promise<WrittenEpisode> => {
  throw new Error('Request timed out.');
};
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.';

describe.each(dialects)('faults (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('retries a writer that times out, with backoff, then goes on', async () => {
    const writer = new FlakyWriter([timeout, timeout]);
    h = await makeHarness(dialect, { writer });
    await h.say(NEW, moderator());
    await h.settle();
    expect(writer.calls).toBe(1);
    const job = await h.handle.db.selectFrom('jobs').selectAll().where('kind', '=', 'write').executeTakeFirstOrThrow();
    expect(job.status).toBe('queued');
    expect(job.last_error).toBe('Request timed out.');
    // First retry after about 10 s (±25 %), the second after about 20 s.
    expect(job.run_at - h.clock.now()).toBeGreaterThanOrEqual(7_500);
    expect(job.run_at - h.clock.now()).toBeLessThanOrEqual(12_500);
    await h.advance(5_000);
    expect(writer.calls).toBe(1);
    await h.advance(8_000);
    expect(writer.calls).toBe(2);
    await h.advance(30_000);
    expect(writer.calls).toBe(3);
    expect(h.publisher.posts).toHaveLength(1);
  });

  it('never passes a broken script on: the step fails with the reason, and a moderator can retry', async () => {
    const writer = new FlakyWriter([garbage, garbage, garbage]);
    h = await makeHarness(dialect, { writer });
    await h.say(NEW, moderator());
    for (let i = 0; i < 4; i++) await h.advance(MINUTE);
    expect(writer.calls).toBe(3);
    const episode = await h.handle.db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
    expect(episode.status).toBe('failed');
    expect(episode.failed_stage).toBe('write');
    expect(episode.error).toContain('writer returned an invalid episode');
    expect(await (h.app.queue as DbJobQueue).failed()).toHaveLength(1);
    expect(await h.handle.db.selectFrom('ballots').selectAll().execute()).toHaveLength(0);
    const status = await h.say('/series status', viewer(1));
    expect(status).toContain('stuck at the write step');
    expect(await h.say('/mod retry', viewer(1))).toContain('Only moderators');
    expect(await h.say('/mod retry', moderator())).toContain('Retrying episode 1');
    await h.settle();
    expect(h.publisher.posts).toHaveLength(1);
    expect(await h.say('/mod retry', moderator())).toContain('nothing to retry');
  });

  it('records a render failure at the render step, keeping the script', async () => {
    const renderer = new FailingRenderer(3, new StoryboardRenderer('/tmp/unused'));
    h = await makeHarness(dialect, { renderer });
    await h.say(NEW, moderator());
    for (let i = 0; i < 4; i++) await h.advance(MINUTE);
    const episode = await h.handle.db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
    expect(episode.status).toBe('failed');
    expect(episode.failed_stage).toBe('render');
    expect(episode.error).toContain('ffmpeg exited with code 1');
    expect(episode.script).not.toBeNull();
    expect(await h.say('/mod retry', moderator())).toContain('Retrying');
    await h.settle();
    expect(renderer.calls).toBe(4);
    expect(h.publisher.posts).toHaveLength(1);
  });

  it('retries a platform that answers 429 and then 500, and posts exactly once', async () => {
    h = await makeHarness(dialect);
    h.publisher.failures.push(new Error('429 Too Many Requests: retry after 3'), new Error('500 Internal Server Error'));
    await h.say(NEW, moderator());
    await h.settle();
    expect(h.publisher.posts).toHaveLength(0);
    await h.advance(MINUTE);
    await h.advance(MINUTE);
    expect(h.publisher.posts).toHaveLength(1);
    const delivery = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery.status).toBe('sent');
    expect(delivery.attempts).toBe(3);
    expect(delivery.message_id).toBe('discord-msg-1');
  });

  it('posts to the channels that work when one platform keeps failing', async () => {
    h = await makeHarness(dialect);
    await h.say(NEW, moderator());
    await h.settle();
    await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), chan('-1001', 'telegram'));
    await h.settle();
    h.publishers.telegram.failures.push(...Array.from({ length: 10 }, () => new Error('500 Internal Server Error')));
    await h.say('/vote A', viewer(1));
    await h.advance(60 * MINUTE);
    for (let i = 0; i < 4; i++) await h.advance(10 * MINUTE);
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    const failed = await h.handle.db.selectFrom('deliveries').selectAll().where('status', '=', 'failed').execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain('500');
  });

  it('fails a delivery for a platform with no publisher at once, with a clear reason', async () => {
    h = await makeHarness(dialect, { publishers: [] });
    await h.say(NEW, moderator());
    await h.settle();
    const delivery = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery.status).toBe('failed');
    expect(delivery.error).toBe('no discord publisher is configured in this process');
  });
});
