import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRequest, Writer, WrittenEpisode } from '../../src/core/ports.js';
import { readEpisodeStory } from '../../src/core/story/service.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

/** The offline writer, but the first attempt at episode 2 dies after it wrote (as a crashed worker would). */
class FlakyWriter implements Writer {
  private readonly inner = new OfflineWriter();
  readonly requests: WriteRequest[] = [];
  failed = false;
  async write(request: WriteRequest): Promise<WrittenEpisode> {
    this.requests.push(structuredClone(request));
    const written = await this.inner.write(request);
    if (request.episodeNumber === 2 && !this.failed) {
      this.failed = true;
      throw new Error('the worker died mid-write');
    }
    return written;
  }
}

describe.each(dialects)('the story across a retried episode (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('starts a retried episode from the state before it, so its twist is applied once', async () => {
    const writer = new FlakyWriter();
    h = await makeHarness(dialect, { writer }, { JOB_MAX_ATTEMPTS: '1' });
    await h.say(`/series new "The Gala" A hamster chef is framed for poisoning the mayor's parrot at the gala dinner cast="Pip: hamster, Rex: German Shepherd, Coco: parrot"`, moderator());
    await h.settle();
    const first = h.publisher.posts[0]!;
    const winner = first.ballot.options[0]!;
    await h.say(`/vote ${winner.letter}`, viewer(1));
    await h.advance(HOUR);
    // Episode 2 failed at the write step; a moderator retries it.
    const failed = await h.handle.db.selectFrom('episodes').selectAll().where('number', '=', 2).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', failed_stage: 'write' });
    expect(await h.say('/mod retry', moderator())).toContain('Retrying episode 2');
    await h.settle();
    const done = await h.handle.db.selectFrom('episodes').selectAll().where('number', '=', 2).executeTakeFirstOrThrow();
    expect(done.status).toBe('published');

    // Both attempts started from exactly the same story: episode 1's state, with the twist applied once.
    const attempts = writer.requests.filter((r) => r.episodeNumber === 2);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.story).toEqual(attempts[0]!.story);
    const one = readEpisodeStory((await h.handle.db.selectFrom('episodes').select('story').where('number', '=', 1).executeTakeFirstOrThrow()).story)!;
    const two = readEpisodeStory(done.story)!;
    expect(two.twist).toMatchObject({ kind: attempts[0]!.story.twist!.op.kind, actor: attempts[0]!.story.twist!.op.actor });
    const twistFacts = (s: typeof two.state) => s.facts.filter((f) => f.episode === 2 && f.actor === two.twist!.actor && f.kind !== 'clue').length;
    expect(twistFacts(two.state)).toBeGreaterThanOrEqual(1);
    // Exactly what one application of the twist and the episode's own changes give, nothing doubled.
    expect(two.state.facts.length).toBe(one.state.facts.length + two.changes.filter((c) => c.type === 'fact').length);
    expect(two.state.kinds[two.twist!.kind]).toBe(1);
  });
});
