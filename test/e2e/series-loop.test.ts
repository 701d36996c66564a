import { afterEach, describe, expect, it } from 'vitest';
import { chan, HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

describe.each(dialects)('a whole series through votes (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('runs five episodes, each written from the twist that won the last ballot', async () => {
    h = await makeHarness(dialect);
    const reply = await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding. cast="Mochi: Shiba Inu, Luna: black cat"', moderator());
    expect(reply).toContain('“Paws of Fate” begins');
    expect(reply).toContain('Mochi the Shiba Inu and Luna the black cat');
    await h.settle();

    const winners: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const post = h.publisher.posts.at(-1)!;
      expect(post.episode.number).toBe(n);
      expect(post.episode.status).toBe('published');
      expect(post.ballot.status).toBe('open');
      const options = post.ballot.options.filter((o) => o.status === 'active');
      expect(options.length).toBeGreaterThanOrEqual(3);
      if (n > 1) expect(post.episode.previously).toBe(`Previously: ${winners.at(-1)!.replace(/[.!?…]+$/, '')}.`);
      // Seven viewers vote: the twist at position n % 3 wins 4 to 3.
      const winner = options[n % options.length]!;
      const loser = options[(n + 1) % options.length]!;
      for (let v = 1; v <= 7; v++) {
        const pick = v <= 4 ? winner.letter : loser.letter;
        expect(await h.say(`/vote ${pick}`, viewer(v))).toContain(`You picked ${pick}`);
      }
      winners.push(winner.label);
      await h.advance(HOUR);
      const result = h.publisher.results.at(-1)!;
      expect(result.ballot.winnerLetter).toBe(winner.letter);
      expect(result.ballot.decidedBy).toBe('votes');
      expect(result.ballot.totalVotes).toBe(7);
    }

    // Episode 6 is out; every step ran once: one post per episode, one result per ballot.
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.publisher.results).toHaveLength(5);
    const episodes = await h.handle.db.selectFrom('episodes').select(['number', 'twist_option_id']).orderBy('number').execute();
    expect(episodes).toHaveLength(6);
    const ballots = await h.handle.db.selectFrom('ballots').select(['winner_option_id', 'episode_id']).where('status', '=', 'closed').execute();
    for (const ep of episodes.slice(1)) expect(ballots.map((b) => b.winner_option_id)).toContain(ep.twist_option_id);
    const jobs = await h.app.queue.counts();
    expect(jobs.failed ?? 0).toBe(0);
    expect(jobs.queued ?? 0).toBe(0);
    const status = await h.say('/series status', viewer(1));
    expect(status).toContain('Episode 6');
    expect(status).toContain('out now');
  });

  it('adds up the votes of every channel that follows the series, across platforms', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new "Neon Whiskers" Two cats break up under neon lights and the city takes sides.', moderator());
    await h.settle();
    const tg = chan('-100456', 'telegram');
    expect(await h.say('/series follow neon-whiskers', moderator(1, 'telegram'), tg)).toContain('current episode and its ballot are on their way');
    await h.settle();
    const tgPublisher = h.publishers.telegram;
    expect(tgPublisher.posts).toHaveLength(1);

    await h.say('/vote A', viewer(1));
    await h.say('/vote A', viewer(2));
    await h.say('/vote B', viewer(1, 'telegram'), tg);
    await h.say('/vote B', viewer(2, 'telegram'), tg);
    await h.say('/vote B', viewer(3, 'telegram'), tg);
    const status = await h.say('/series status', viewer(9), tg);
    expect(status).toMatch(/A\. .* — 2 votes/);
    expect(status).toMatch(/B\. .* — 3 votes/);
    await h.advance(HOUR);
    const ballot = await h.handle.db.selectFrom('ballots').selectAll().where('status', '=', 'closed').executeTakeFirstOrThrow();
    const winner = await h.handle.db.selectFrom('ballot_options').select('position').where('id', '=', ballot.winner_option_id!).executeTakeFirstOrThrow();
    expect(winner.position).toBe(1);
    const perChannel = await h.handle.db
      .selectFrom('votes')
      .select(['channel_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('channel_id')
      .execute();
    expect(perChannel.map((r) => Number(r.n)).sort()).toEqual([2, 3]);
    // Both channels got episode 2.
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    expect(tgPublisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
  });
});
