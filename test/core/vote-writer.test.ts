import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { noTelemetry } from '../../src/core/ports.js';
import { VoteWriter, type Vote } from '../../src/core/vote-writer.js';
import { HOUR, makeHarness, moderator, testDialects, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.';

/** What a refused vote was told: the code and the words. */
async function refusal(cast: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await cast.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return { code: (err as UserError).code, message: (err as UserError).message };
}

describe.each(dialects)('the vote writer (%s)', (dialect) => {
  let h: Harness;
  let counted: number;
  afterEach(async () => h?.close());

  /** A series whose first ballot is open, a VoteWriter on the app's context, and a vote maker. */
  async function openBallot() {
    counted = 0;
    h = await makeHarness(dialect, { telemetry: { ...noTelemetry, voteCast: () => void counted++ } });
    await h.say(NEW, moderator());
    await h.settle();
    const ballot = await h.handle.db.selectFrom('ballots').selectAll().where('status', '=', 'open').executeTakeFirstOrThrow();
    const options = await h.handle.db.selectFrom('ballot_options').selectAll().where('ballot_id', '=', ballot.id).orderBy('position').execute();
    const writer = new VoteWriter(h.app.engine.ctx);
    const vote = (over: Partial<Vote> = {}): Vote => ({ ballotId: ballot.id, position: 0, voterId: 'discord:1', channelId: 'ch_1', now: h.clock.now(), ...over });
    return { ballot, options, writer, vote };
  }

  const storedVotes = () => h.handle.db.selectFrom('votes').selectAll().orderBy('voter_id').execute();

  it('counts a vote: answers with the letter, the label and the closing time, and stores the option, the channel and the time', async () => {
    const { ballot, options, writer, vote } = await openBallot();
    const result = await writer.cast(vote({ position: 1 }));
    expect(result).toEqual({ letter: 'B', label: options[1]!.label, previousLetter: null, closesAt: ballot.closes_at });
    expect(await storedVotes()).toEqual([{ ballot_id: ballot.id, voter_id: 'discord:1', option_id: options[1]!.id, channel_id: 'ch_1', cast_at: h.clock.now(), first_cast_at: h.clock.now() }]);
    expect(counted).toBe(1);
  });

  it('replaces a re-vote and names the letter it replaced', async () => {
    const { ballot, options, writer, vote } = await openBallot();
    await writer.cast(vote({ position: 0 }));
    h.clock.advance(1000);
    expect(await writer.cast(vote({ position: 2, channelId: null, now: h.clock.now() }))).toMatchObject({ letter: 'C', previousLetter: 'A' });
    // The change moves cast_at; where and when the voter first arrived stay (the stats page counts them).
    expect(await storedVotes()).toEqual([{ ballot_id: ballot.id, voter_id: 'discord:1', option_id: options[2]!.id, channel_id: 'ch_1', cast_at: h.clock.now(), first_cast_at: h.clock.now() - 1000 }]);
    expect(counted).toBe(2);
  });

  it('answers every vote of a group, and writes a voter who votes twice in one turn in order: the second replaces the first', async () => {
    const { options, writer, vote } = await openBallot();
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => writer.cast(vote({ voterId: `telegram:${i}`, position: i % 3 }))),
      writer.cast(vote({ voterId: 'discord:twice', position: 0 })),
      writer.cast(vote({ voterId: 'discord:twice', position: 1 })),
    ]);
    expect(results.slice(0, 40).map((r) => r.letter)).toEqual(Array.from({ length: 40 }, (_, i) => 'ABC'[i % 3]));
    expect(results.slice(40).map((r) => [r.letter, r.previousLetter])).toEqual([
      ['A', null],
      ['B', 'A'],
    ]);
    const stored = await storedVotes();
    expect(stored).toHaveLength(41);
    expect(stored.find((v) => v.voter_id === 'discord:twice')?.option_id).toBe(options[1]!.id);
    expect(counted).toBe(42);
  });

  it('refuses, with a code and nothing stored, a vote for a ballot or an option that does not exist or was withdrawn', async () => {
    const { writer, vote } = await openBallot();
    await h.app.engine.ballots.vetoOption(moderator(), (await h.handle.db.selectFrom('series').select('id').executeTakeFirstOrThrow()).id, 'B');
    expect(await refusal(writer.cast(vote({ ballotId: 'bl_none' })))).toEqual({ code: 'not-found', message: 'That ballot does not exist.' });
    expect(await refusal(writer.cast(vote({ ballotId: '' })))).toEqual({ code: 'not-found', message: 'That ballot does not exist.' });
    expect(await refusal(writer.cast(vote({ position: 7 })))).toEqual({ code: 'invalid-input', message: 'There is no option H on this ballot.' });
    expect(await refusal(writer.cast(vote({ position: 1 })))).toEqual({ code: 'invalid-input', message: 'Option B was withdrawn by the moderators. Pick another.' });
    expect(await storedVotes()).toEqual([]);
    expect(counted).toBe(0);
  });

  it('counts a vote cast before the closing time and refuses one cast at it, or after the ballot closed', async () => {
    const { ballot, writer, vote } = await openBallot();
    const closesAt = ballot.closes_at!;
    expect((await writer.cast(vote({ voterId: 'discord:early', now: closesAt - 1 }))).letter).toBe('A');
    expect(await refusal(writer.cast(vote({ voterId: 'discord:late', now: closesAt })))).toEqual({ code: 'ballot-closed', message: 'Voting on this ballot has closed.' });
    await h.advance(HOUR);
    expect((await h.handle.db.selectFrom('ballots').select('status').where('id', '=', ballot.id).executeTakeFirstOrThrow()).status).toBe('closed');
    expect(await refusal(writer.cast(vote({ voterId: 'discord:after', now: h.clock.now() })))).toEqual({ code: 'ballot-closed', message: 'Voting on this ballot has closed.' });
    expect((await storedVotes()).map((v) => v.voter_id)).toEqual(['discord:early']);
  });

  it('refuses a vote on a ballot that is not open yet, or tied and waiting for the moderators', async () => {
    h = await makeHarness(dialect);
    await h.say(NEW, moderator());
    const episode = await h.handle.db.selectFrom('episodes').select('id').executeTakeFirstOrThrow();
    await h.app.engine.loop.run({ kind: 'write', payload: { episodeId: episode.id }, attempt: 1 });
    const draft = await h.handle.db.selectFrom('ballots').selectAll().executeTakeFirstOrThrow();
    expect(draft.status).toBe('draft');
    const writer = new VoteWriter(h.app.engine.ctx);
    const vote = (voterId: string, position: number): Vote => ({ ballotId: draft.id, position, voterId, channelId: null, now: h.clock.now() });
    expect(await refusal(writer.cast(vote('discord:1', 0)))).toEqual({ code: 'ballot-closed', message: 'This ballot is not open yet: the episode is still on its way.' });

    await h.settle();
    await writer.cast(vote('discord:1', 0));
    await writer.cast(vote('discord:2', 1));
    await h.advance(HOUR); // one vote each: a tie, for the moderators to break
    expect((await h.handle.db.selectFrom('ballots').select('status').executeTakeFirstOrThrow()).status).toBe('tied');
    expect(await refusal(writer.cast(vote('discord:3', 0)))).toEqual({ code: 'ballot-closed', message: "Voting has closed. It's a tie, and the moderators are picking the winner." });
    expect((await storedVotes()).map((v) => v.voter_id)).toEqual(['discord:1', 'discord:2']);
  });

  it('refuses a vote while the series is paused, and once it has ended', async () => {
    const { writer, vote } = await openBallot();
    const series = await h.handle.db.selectFrom('series').select('id').executeTakeFirstOrThrow();
    await h.app.engine.series.pause(moderator(), series.id);
    expect(await refusal(writer.cast(vote()))).toEqual({ code: 'series-not-running', message: '“Paws of Fate” is paused; voting resumes when it does.' });
    await h.app.engine.series.resume(moderator(), series.id);
    expect((await writer.cast(vote({ now: h.clock.now() }))).letter).toBe('A');
    await h.app.engine.series.end(moderator(), series.id);
    expect(await refusal(writer.cast(vote({ position: 1, now: h.clock.now() })))).toEqual({ code: 'series-not-running', message: '“Paws of Fate” has ended.' });
    expect((await storedVotes()).map((v) => v.option_id)).toHaveLength(1);
    expect(counted).toBe(1);
  });

  it('keeps ids as data: quotes, JSON, emoji, right-to-left text and long ids are stored as given', async () => {
    const { ballot, writer, vote } = await openBallot();
    const voters = ['web:"],[0,"x', "telegram:'; drop table votes; --", 'discord:🐶‍🦺👨‍👩‍👧', 'web:القطة تعود', 'web:\\u0041\\', `web:${'x'.repeat(2000)}`];
    const results = await Promise.all(voters.map((voterId, i) => writer.cast(vote({ voterId, position: i % 2 }))));
    expect(results.map((r) => r.letter)).toEqual(['A', 'B', 'A', 'B', 'A', 'B']);
    expect((await storedVotes()).map((v) => v.voter_id).sort()).toEqual([...voters].sort());
    // A ballot id that looks like the group's packing is only an id that does not exist.
    expect(await refusal(writer.cast(vote({ ballotId: `${ballot.id}", 0, "x` })))).toMatchObject({ code: 'not-found' });
  });
});
