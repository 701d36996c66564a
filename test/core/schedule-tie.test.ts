import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

// The harness starts on Thursday 26 November 2026 at 12:00 UTC (13:00 in Berlin). Ballot 1 closes
// at 17:30 UTC, 30 minutes before the 19:00 (18:00 UTC) release; the tie grace is 30 minutes too.
const utc = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(11, 16));

describe.each(dialects)('a tie on a release schedule (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function tiedSeries(): Promise<void> {
    h = await makeHarness(dialect);
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.', moderator());
    await h.settle();
    expect(await h.say('/series schedule 09:00,13:00,19:00 Europe/Berlin', moderator())).toContain('19:00');
    await h.say('/vote A', viewer(1));
    await h.say('/vote B', viewer(2));
  }
  async function at(time: string): Promise<void> {
    h.clock.set(utc(`2026-11-26T${time}`));
    await h.settle();
  }
  const ballot1 = () => h.handle.db.selectFrom('ballots').selectAll().orderBy('created_at').executeTakeFirstOrThrow();
  const episode2 = () => h.handle.db.selectFrom('episodes').selectAll().where('number', '=', 2).executeTakeFirst();

  it('leaves moderators at most half the gap before the release, then draws, and the episode is out on time', async () => {
    await tiedSeries();
    await at('17:30');
    const tied = await ballot1();
    expect(tied.status).toBe('tied');
    expect(iso(tied.tie_deadline)).toBe('17:45');
    await at('17:44');
    expect((await ballot1()).status).toBe('tied');
    await at('17:45');
    expect(await ballot1()).toMatchObject({ status: 'closed', decided_by: 'random-tie' });
    const e2 = await episode2();
    expect(e2?.status).toBe('rendered');
    expect(iso(e2?.release_at ?? null)).toBe('18:00');
    await at('18:00');
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    expect(h.publisher.notices).toEqual([]);
  });

  it('draws at once when the scheduler comes back after half the gap has gone', async () => {
    await tiedSeries();
    await at('17:50');
    expect(await ballot1()).toMatchObject({ status: 'closed', decided_by: 'random-tie' });
    expect(iso((await episode2())?.release_at ?? null)).toBe('18:00');
  });

  it('keeps the whole tie grace without a schedule', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.', moderator());
    await h.settle();
    await h.say('/vote A', viewer(1));
    await h.say('/vote B', viewer(2));
    const ballot = await ballot1();
    h.clock.set(ballot.closes_at ?? 0);
    await h.settle();
    const tied = await ballot1();
    expect(tied.status).toBe('tied');
    expect((tied.tie_deadline ?? 0) - (ballot.closes_at ?? 0)).toBe(30 * 60_000);
  });
});
