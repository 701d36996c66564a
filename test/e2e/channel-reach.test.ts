import { afterEach, describe, expect, it } from 'vitest';
import { ChannelBlockedError, ChannelMovedError, DeferJobError, PlatformUnreachableError } from '../../src/core/errors.js';
import { chan, makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.';
const TG = chan('-1001', 'telegram');

describe.each(dialects)('channels the platforms move, refuse or drop (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** A series followed on Discord (c1) and in a Telegram group. */
  async function twoChannels(): Promise<void> {
    await h.say(NEW, moderator());
    await h.settle();
    await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), TG);
    await h.settle();
  }

  it('marks a channel the platform refuses, tells it once, keeps the attempts, and posts when it is restored', async () => {
    h = await makeHarness(dialect);
    await twoChannels();
    const refusal = () => new ChannelBlockedError('the bot may not send videos in this group');
    h.publishers.telegram.deliverFailures.push(refusal(), refusal(), refusal());
    await h.say('/vote A', viewer(1));
    await h.advance(60 * MINUTE);
    // Episode 2 went to Discord; the Telegram group is marked and its delivery waits, unfailed.
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    const channel = await h.handle.db.selectFrom('channels').selectAll().where('platform', '=', 'telegram').executeTakeFirstOrThrow();
    expect(channel.blocked_reason).toBe('the bot may not send videos in this group');
    const waiting = await h.handle.db.selectFrom('deliveries').selectAll().where('channel_id', '=', channel.id).where('status', '=', 'pending').execute();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.error).toContain('waiting: the bot may not send videos');
    expect(h.publishers.telegram.notices).toHaveLength(1);
    expect(h.publishers.telegram.notices[0]!.text).toMatch(/can't post episode 2 of "Paws of Fate" here: the bot may not send videos/);
    expect(await h.app.engine.channels.blockedIn(channel.series_id)).toMatchObject([{ platform: 'telegram', chatId: '-1001', reason: 'the bot may not send videos in this group' }]);
    expect(await h.say('/series status paws-of-fate', moderator())).toContain("⚠️ A Telegram chat (-1001) can't receive episodes: the bot may not send videos in this group.");
    // Looked at again every half hour: still refused, still told only once.
    await h.advance(31 * MINUTE);
    expect(h.publishers.telegram.notices).toHaveLength(1);
    // The platform says the bot may post again: the waiting episode goes out at once.
    h.publishers.telegram.deliverFailures.length = 0;
    expect(await h.app.engine.channels.restored('telegram', '-1001')).toBe(1);
    await h.settle();
    expect(h.publishers.telegram.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    const after = await h.handle.db.selectFrom('channels').selectAll().where('id', '=', channel.id).executeTakeFirstOrThrow();
    expect(after.blocked_at).toBeNull();
    // The recheck that was still queued finds the delivery sent and posts nothing twice.
    await h.advance(31 * MINUTE);
    expect(h.publishers.telegram.posts.map((p) => p.episode.number)).toEqual([1, 2]);
  });

  it('clears the mark when a recheck gets through on its own', async () => {
    h = await makeHarness(dialect);
    await twoChannels();
    h.publishers.telegram.deliverFailures.push(new ChannelBlockedError('the bot was removed from the group'));
    await h.say('/vote A', viewer(1));
    await h.advance(60 * MINUTE);
    expect(h.publishers.telegram.posts).toHaveLength(1);
    await h.advance(31 * MINUTE);
    expect(h.publishers.telegram.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    const channel = await h.handle.db.selectFrom('channels').selectAll().where('platform', '=', 'telegram').executeTakeFirstOrThrow();
    expect(channel.blocked_at).toBeNull();
  });

  it('does not post an episode late once its ballot closed while the channel refused us', async () => {
    h = await makeHarness(dialect);
    await twoChannels();
    h.publishers.telegram.deliverFailures.push(...Array.from({ length: 10 }, () => new ChannelBlockedError('the bot was removed from the group')));
    await h.say('/vote A', viewer(1));
    await h.advance(60 * MINUTE);
    // Episode 2's ballot runs its hour and closes; rechecks keep finding the group closed to us.
    await h.say('/vote A', viewer(1));
    for (let i = 0; i < 5; i++) await h.advance(20 * MINUTE);
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2, 3]);
    h.publishers.telegram.deliverFailures.length = 0;
    await h.advance(31 * MINUTE);
    // The group is back: episode 3 (ballot open) goes out; episode 2 (ballot closed) does not.
    expect(h.publishers.telegram.posts.map((p) => p.episode.number)).toEqual([1, 3]);
    const late = await h.handle.db
      .selectFrom('deliveries')
      .innerJoin('episodes', 'episodes.id', 'deliveries.episode_id')
      .select(['episodes.number', 'deliveries.status', 'deliveries.error'])
      .where('deliveries.status', '=', 'failed')
      .execute();
    expect(late).toEqual([{ number: 2, status: 'failed', error: 'the channel could not be reached while its ballot was open' }]);
  });

  it('posts a delivery once when two jobs for it run at the same time (a retry and a recheck)', async () => {
    h = await makeHarness(dialect);
    await h.say(NEW, moderator());
    await h.settle();
    const telegram = h.publishers.telegram;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const deliver = telegram.deliver.bind(telegram);
    telegram.deliver = async (req) => {
      await gate;
      return deliver(req);
    };
    await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), TG);
    const row = await h.handle.db
      .selectFrom('deliveries')
      .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
      .select('deliveries.id')
      .where('channels.platform', '=', 'telegram')
      .executeTakeFirstOrThrow();
    const job = { kind: 'deliver' as const, payload: { deliveryId: row.id }, attempt: 1 };
    const first = h.app.engine.loop.run(job);
    await new Promise((r) => setTimeout(r, 50));
    await expect(h.app.engine.loop.run(job)).rejects.toBeInstanceOf(DeferJobError);
    open();
    await first;
    expect(telegram.posts).toHaveLength(1);
    // A late job for it finds it sent and posts nothing.
    await h.app.engine.loop.run(job);
    expect(telegram.posts).toHaveLength(1);
  });

  it('follows a chat to its new id and posts there at once', async () => {
    h = await makeHarness(dialect);
    await twoChannels();
    h.publishers.telegram.deliverFailures.push(new ChannelMovedError('-100777'));
    await h.say('/vote A', viewer(1));
    await h.advance(60 * MINUTE);
    const posted = h.publishers.telegram.posts.map((p) => [p.episode.number, p.place.chatId]);
    expect(posted).toEqual([
      [1, '-1001'],
      [2, '-100777'],
    ]);
    // Votes and commands from the new id reach the same series.
    expect(await h.say('/series status', viewer(2, 'telegram'), chan('-100777', 'telegram'))).toContain('Paws of Fate');
  });

  it('lets deliveries to a platform that does not answer wait without using their attempts, and the rest go on', async () => {
    h = await makeHarness(dialect);
    await twoChannels();
    const down = () => new PlatformUnreachableError('telegram', 'connect ECONNREFUSED 127.0.0.1:9');
    h.publishers.telegram.deliverFailures.push(...Array.from({ length: 8 }, down));
    await h.say('/vote A', viewer(1));
    await h.advance(60 * MINUTE);
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    expect(h.app.engine.loop.platformHealth().find((p) => p.platform === 'telegram')).toMatchObject({ reachable: false, reason: 'connect ECONNREFUSED 127.0.0.1:9' });
    // Far more outage than JOB_MAX_ATTEMPTS (3 here) allows: the delivery is still waiting, not failed.
    for (let i = 0; i < 8; i++) await h.advance(6 * MINUTE);
    const telegram = await h.handle.db
      .selectFrom('deliveries')
      .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
      .selectAll('deliveries')
      .where('channels.platform', '=', 'telegram')
      .orderBy('deliveries.created_at')
      .execute();
    expect(telegram.map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(h.publishers.telegram.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    expect(h.app.engine.loop.platformHealth().find((p) => p.platform === 'telegram')).toMatchObject({ reachable: true });
  });
});
