import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { chan, HOUR, makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

async function seriesWithOpenBallot(dialect: Parameters<typeof makeHarness>[0], extra = '', config: Record<string, string> = {}): Promise<Harness> {
  const h = await makeHarness(dialect, {}, config);
  const reply = await h.say(`/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. ${extra}`, moderator());
  expect(reply).toContain('begins');
  await h.settle();
  expect(h.publisher.posts).toHaveLength(1);
  return h;
}

async function ballotRow(h: Harness, episode = 1) {
  return h.handle.db.selectFrom('ballots').innerJoin('episodes', 'episodes.id', 'ballots.episode_id').selectAll('ballots').where('episodes.number', '=', episode).executeTakeFirstOrThrow();
}

async function winnerLetter(h: Harness, episode = 1): Promise<string | null> {
  const b = await ballotRow(h, episode);
  if (!b.winner_option_id) return null;
  const o = await h.handle.db.selectFrom('ballot_options').select('position').where('id', '=', b.winner_option_id).executeTakeFirstOrThrow();
  return String.fromCharCode(65 + o.position);
}

describe.each(dialects)('ballots (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('keeps one vote per voter: a re-vote replaces the first', async () => {
    h = await seriesWithOpenBallot(dialect);
    expect(await h.say('/vote A', viewer(1))).toMatch(/^You picked A: .+\. You can change it for 1h\.$/);
    expect(await h.say('/vote b', viewer(1))).toContain('You picked B');
    expect(await h.say('/vote B', viewer(1))).not.toContain('changed from');
    expect(await h.say('/vote C', viewer(1))).toContain('(changed from B)');
    const votes = await h.handle.db.selectFrom('votes').selectAll().execute();
    expect(votes).toHaveLength(1);
    await h.say('/vote A', viewer(2));
    await h.advance(HOUR);
    expect(await winnerLetter(h)).toBeNull(); // 1–1 tie between A and C: the moderators decide
    expect((await ballotRow(h)).status).toBe('tied');
  });

  it('names the open ballots whose posted tally is out of date, whoever voted', async () => {
    h = await seriesWithOpenBallot(dialect);
    const ballot = await ballotRow(h);
    const start = h.clock.now();
    expect(await h.app.engine.ballotsVotedSince(start, 'discord')).toEqual([]);
    h.clock.advance(MINUTE);
    await h.app.engine.voteOn({ ballotId: ballot.id, letter: 'B', voterId: 'telegram:7', place: chan('t1', 'telegram') });
    expect(await h.app.engine.ballotsVotedSince(start, 'discord')).toEqual([ballot.id]);
    expect(await h.app.engine.ballotsVotedSince(h.clock.now() + 1, 'discord')).toEqual([]);
    // Posted on Discord only: nothing to refresh on Telegram.
    expect(await h.app.engine.ballotsVotedSince(start, 'telegram')).toEqual([]);
    await h.advance(HOUR);
    expect(await h.app.engine.ballotsVotedSince(start, 'discord')).toEqual([]);
  });

  it('refuses a vote after close, with the reason', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote A', viewer(1));
    h.clock.advance(HOUR); // due, but the scheduler has not run yet: still refused
    expect(await h.say('/vote B', viewer(2))).toContain('Voting on this ballot has closed');
    await h.settle();
    expect(await winnerLetter(h)).toBe('A');
    // Episode 2 is being written: no open ballot at all now.
    h.publisher.posts.length = 0;
    const ballot = await ballotRow(h);
    await expect(h.app.engine.ballots.vote({ ballotId: ballot.id, option: 'A', voterId: 'discord:user3', channelId: null })).rejects.toThrow('Voting on this ballot has closed');
    const votes = await h.handle.db.selectFrom('votes').select('voter_id').execute();
    expect(votes.map((v) => v.voter_id)).toEqual(['discord:user1']);
  });

  it('refuses a vote for a vetoed option and stops counting earlier votes for it', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote B', viewer(1));
    await h.say('/vote B', viewer(2));
    await h.say('/vote A', viewer(3));
    expect(await h.say('/mod veto B', moderator())).toContain('Option B');
    expect(await h.say('/vote B', viewer(4))).toContain('withdrawn by the moderators');
    expect(await h.say('/vote Z', viewer(4))).toContain('There is no option Z');
    await h.advance(HOUR);
    expect(await winnerLetter(h)).toBe('A');
    const tally = JSON.parse((await ballotRow(h)).tally!) as Record<string, number>;
    const vetoed = await h.handle.db.selectFrom('ballot_options').select('id').where('status', '=', 'vetoed').executeTakeFirstOrThrow();
    expect(tally[vetoed.id]).toBeUndefined(); // B's two votes do not count
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('never lets a ballot drop below two twists', async () => {
    h = await seriesWithOpenBallot(dialect);
    const count = h.publisher.posts[0]!.ballot.options.length;
    for (const letter of 'ABCD'.slice(0, count - 2)) expect(await h.say(`/mod veto ${letter}`, moderator())).toContain('withdrawn');
    expect(await h.say(`/mod veto ${'ABCD'[count - 2]}`, moderator())).toContain('at least two twists');
    expect(await h.say('/mod veto A', moderator())).toContain('already vetoed');
    expect(await h.say('/mod approve A', moderator())).toContain('back on the ballot');
    expect(await h.say('/mod add-option Mochi was the butler all along', moderator())).toContain(`Added option ${'ABCDE'[count]}`);
    expect(await h.say('/mod add-option mochi was the butler ALL along', moderator())).toContain('already on the ballot');
  });

  it('breaks a tie by moderator pick under the "moderator" rule', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote A', viewer(1));
    await h.say('/vote B', viewer(2));
    await h.say('/vote C', viewer(3));
    await h.say('/vote C', viewer(4));
    await h.say('/vote B', viewer(5));
    await h.advance(HOUR);
    expect((await ballotRow(h)).status).toBe('tied');
    expect(await h.say('/vote A', viewer(6))).toContain('moderators are picking the winner');
    expect(await h.say('/mod pick A', moderator())).toContain('not one of the tied options');
    expect(await h.say('/mod pick C', viewer(1))).toContain('Only moderators');
    expect(await h.say('/mod pick C', moderator())).toContain('twist C wins');
    const b = await ballotRow(h);
    expect(b.decided_by).toBe('moderator');
    await h.settle();
    const ep2 = await h.handle.db.selectFrom('episodes').selectAll().where('number', '=', 2).executeTakeFirstOrThrow();
    expect(ep2.twist_option_id).toBe(b.winner_option_id);
    const audit = await h.handle.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('ballot.pick');
  });

  it('draws among the tied twists when the moderators do not pick in time', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote A', viewer(1));
    await h.say('/vote B', viewer(2));
    await h.advance(HOUR);
    expect((await ballotRow(h)).status).toBe('tied');
    await h.advance(29 * MINUTE);
    expect((await ballotRow(h)).status).toBe('tied');
    await h.advance(MINUTE);
    const b = await ballotRow(h);
    expect(b.status).toBe('closed');
    expect(b.decided_by).toBe('random-tie');
    expect(['A', 'B']).toContain(await winnerLetter(h));
  });

  it('draws at once under the "random" tie rule, the same way for the same seed', async () => {
    const winners: (string | null)[] = [];
    for (let run = 0; run < 2; run++) {
      h = await seriesWithOpenBallot(dialect, 'ties=random');
      await h.say('/vote A', viewer(1));
      await h.say('/vote B', viewer(2));
      await h.say('/vote C', viewer(3));
      await h.advance(HOUR);
      const b = await ballotRow(h);
      expect(b.decided_by).toBe('random-tie');
      winners.push(await winnerLetter(h));
      await h.close();
    }
    expect(winners[0]).toBe(winners[1]);
    h = undefined as unknown as Harness;
  });

  it('extends a ballot with no votes once, then draws, so no series stalls', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.advance(HOUR);
    let b = await ballotRow(h);
    expect(b.status).toBe('open');
    expect(b.extensions).toBe(1);
    expect(b.closes_at).toBe(h.clock.now() + HOUR);
    await h.advance(HOUR);
    b = await ballotRow(h);
    expect(b.status).toBe('closed');
    expect(b.decided_by).toBe('random-no-votes');
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
  });

  it('lets a moderator close early; the result is posted to every channel once', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote C', viewer(1));
    expect(await h.say('/mod close-vote', moderator())).toContain('twist C wins');
    expect(await h.say('/mod close-vote', moderator())).toContain('no open ballot');
    await h.settle();
    expect(h.publisher.results).toHaveLength(1);
    expect(h.publisher.results[0]!.ballot.winnerLetter).toBe('C');
    await h.advance(HOUR * 3);
    expect(h.publisher.results.filter((r) => r.ballot.id === h.publisher.results[0]!.ballot.id)).toHaveLength(1);
  });

  it('re-times the open ballot when the vote window changes', async () => {
    h = await seriesWithOpenBallot(dialect);
    h.clock.advance(10 * MINUTE);
    expect(await h.say('/mod window 30m', moderator())).toBe('Ballots now stay open 30m. The open ballot now closes in 20m.');
    expect(await h.say('/mod window 1m', moderator())).toContain('closes in 1m');
    expect(await h.say('/mod window soon', moderator())).toContain('is not a duration');
    expect(await h.say('/mod window 30s', moderator())).toContain('between 1 minute and 7 days');
    expect(await h.say('/mod window 8d', moderator())).toContain('between 1 minute and 7 days');
    await h.say('/vote A', viewer(1));
    await h.advance(MINUTE);
    expect(await winnerLetter(h)).toBe('A');
  });

  it('freezes the ballot while paused and gives the time back on resume', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote A', viewer(1));
    h.clock.advance(40 * MINUTE);
    expect(await h.say('/series pause', moderator())).toContain('paused');
    expect(await h.say('/vote B', viewer(2))).toContain('is paused');
    await h.advance(5 * HOUR);
    expect((await ballotRow(h)).status).toBe('open');
    expect(await h.say('/series resume', moderator())).toContain('running again');
    await h.advance(19 * MINUTE);
    expect((await ballotRow(h)).status).toBe('open');
    await h.advance(MINUTE);
    expect(await winnerLetter(h)).toBe('A');
  });

  it('ends a series: its ballot is cancelled and nothing more is written', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote A', viewer(1));
    expect(await h.say('/series end', moderator())).toContain('has ended');
    expect(await h.say('/vote A', viewer(2))).toContain('has ended');
    expect(await h.say('/series pause', moderator())).toContain('already ended');
    await h.advance(5 * HOUR);
    expect((await ballotRow(h)).status).toBe('cancelled');
    expect(h.publisher.posts).toHaveLength(1);
    const episodes = await h.handle.db.selectFrom('episodes').select('number').execute();
    expect(episodes).toHaveLength(1);
    // The channel is free for a new series.
    expect(await h.say('/series new "Second Season" The cats return to the neon city for revenge.', moderator(), chan())).toContain('begins');
  });

  it('lets a voter retract a vote while the ballot is open', async () => {
    h = await seriesWithOpenBallot(dialect);
    await h.say('/vote A', viewer(1));
    const b = await ballotRow(h);
    expect(await h.app.engine.ballots.retract(b.id, 'discord:user1')).toBe(true);
    expect(await h.app.engine.ballots.retract(b.id, 'discord:user1')).toBe(false);
    await h.advance(HOUR);
    expect((await ballotRow(h)).extensions).toBe(1);
  });

  it('counts exactly the votes it confirmed when votes race a close', async () => {
    h = await seriesWithOpenBallot(dialect);
    const ballot = await ballotRow(h);
    const votes = Array.from({ length: 120 }, (_, i) =>
      h.app.engine.ballots
        .vote({ ballotId: ballot.id, option: 'ABC'[i % 3]!, voterId: `discord:racer${i}`, channelId: null })
        .then(() => true)
        .catch((err: Error) => {
          expect(err.message).toMatch(/has closed/);
          return false;
        }),
    );
    const close = (async () => {
      await new Promise((r) => setTimeout(r, 5));
      return h.app.engine.ballots.close(ballot.id, { early: true });
    })();
    const confirmed = (await Promise.all(votes)).filter(Boolean).length;
    const outcome = await close;
    const closed = await ballotRow(h);
    const counted = Object.values(JSON.parse(closed.tally!) as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(confirmed);
    expect(['decided', 'tied', 'extended']).toContain(outcome.kind);
  });

  it('fails the votes of a group together, at once, when the connection is lost during their write', async () => {
    if (dialect !== 'postgres') return; // SQLite has no connection to lose
    h = await seriesWithOpenBallot(dialect);
    const ballot = await ballotRow(h);
    // The server ends the session as the group is written: each attempt to write counts once (a
    // sequence ignores the rollback).
    await sql`create sequence write_attempts`.execute(h.handle.db);
    await sql`create function cut_write() returns trigger language plpgsql as $$ begin perform nextval('write_attempts'); perform pg_terminate_backend(pg_backend_pid()); return null; end $$`.execute(
      h.handle.db,
    );
    await sql`create trigger cut_write before insert on votes for each statement execute function cut_write()`.execute(h.handle.db);
    const results = await Promise.allSettled(['A', 'B', 'C', 'A'].map((option, n) => h.app.engine.ballots.vote({ ballotId: ballot.id, option, voterId: `discord:${n}`, channelId: null })));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // The pool dropped the ended session rather than lend it to this query.
    const attempts = await sql<{ n: number }>`select last_value as n from write_attempts`.execute(h.handle.db);
    expect(Number(attempts.rows[0]!.n)).toBe(1);
  });

  it('answers each of the votes cast together on its own: a refused or failing one takes no other with it', async () => {
    h = await seriesWithOpenBallot(dialect);
    const ballot = await ballotRow(h);
    const vote = (option: string, voterId: unknown, ballotId = ballot.id) => h.app.engine.ballots.vote({ ballotId, option, voterId: voterId as string, channelId: null });
    // One turn, so they go in one group: the write of the group fails on the voter with no id.
    const results = await Promise.allSettled([
      vote('A', 'discord:1'),
      vote('B', 'discord:2'),
      vote('C', 'discord:1'), // the same voter again: written after the first, replacing it
      vote('H', 'discord:3'), // no such option
      vote('A', 'discord:4', 'no-such-ballot'),
      vote('B', null), // the database refuses it
      vote('C', 'discord:5'),
    ]);
    const outcome = results.map((r) => (r.status === 'fulfilled' ? `${r.value.letter}${r.value.previousLetter ? `<${r.value.previousLetter}` : ''}` : String((r.reason as Error).message)));
    expect(outcome.slice(0, 3)).toEqual(['A', 'B', 'C<A']);
    expect(outcome[3]).toContain('There is no option H');
    expect(outcome[4]).toContain('That ballot does not exist');
    expect(outcome[5]).not.toMatch(/^[A-H]/);
    expect(outcome[6]).toBe('C');
    const votes = await h.handle.db.selectFrom('votes').innerJoin('ballot_options', 'ballot_options.id', 'votes.option_id').select(['voter_id', 'position']).orderBy('voter_id').execute();
    expect(votes).toEqual([
      { voter_id: 'discord:1', position: 2 },
      { voter_id: 'discord:2', position: 1 },
      { voter_id: 'discord:5', position: 2 },
    ]);
  });
});
