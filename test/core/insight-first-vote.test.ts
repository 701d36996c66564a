import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { insightOf } from '../../src/core/insight.js';
import { migrateToLatest } from '../../src/db/connect.js';
import { migrations } from '../../migrations/index.js';
import { chan, HOUR, makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const TG = chan('t1', 'telegram');

describe.each(dialects)('insight counts a voter where and when they first came (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function series(): Promise<string> {
    h = await makeHarness(dialect);
    expect(await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. window=4h', moderator())).toContain('begins');
    await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), TG);
    await h.settle();
    return (await h.app.engine.series.find('paws-of-fate')).id;
  }

  it('keeps a changed vote in the first hour and in the channel it first came from', async () => {
    const id = await series();
    await h.say('/vote A', viewer(1));
    await h.say('/vote A', viewer(2));
    h.clock.advance(50 * MINUTE);
    await h.say('/vote B', viewer(1)); // changed inside the first hour
    h.clock.advance(HOUR);
    await h.say('/vote B', viewer(2), TG); // changed after it, from another channel
    await h.say('/vote B', viewer(3), TG); // a late first vote
    const first = (await insightOf(h.handle.db, id)).episodes[0];
    expect(first?.voters).toBe(3);
    expect(first?.firstHourShare).toBeCloseTo(2 / 3);
    expect(first?.byPlatform).toEqual({ discord: 2, telegram: 1 });
    const rows = await h.handle.db.selectFrom('votes').select(['voter_id', 'channel_id', 'cast_at', 'first_cast_at']).orderBy('voter_id').execute();
    expect(rows.map((r) => r.first_cast_at < r.cast_at)).toEqual([true, true, false]);
  });

  it('measures the margin among the options still on the ballot, and says when the moderators decided', async () => {
    const id = await series();
    for (const n of [1, 2, 3, 4]) await h.say('/vote C', viewer(n));
    await h.say('/vote A', viewer(5));
    await h.say('/vote B', viewer(6));
    await h.say('/vote B', viewer(7));
    expect(await h.say('/mod veto C', moderator())).toContain('C');
    // A and B among what is left: B leads A by one of seven votes (C's four no longer count).
    expect((await insightOf(h.handle.db, id)).episodes[0]?.margin).toEqual({ votes: 1, share: 1 / 7, decidedBy: null });
    await h.say('/vote A', viewer(8));
    expect(await h.say('/mod close-vote', moderator())).toContain('tie');
    await h.say('/mod pick A', moderator());
    expect((await insightOf(h.handle.db, id)).episodes[0]?.margin).toEqual({ votes: 0, share: 0, decidedBy: 'moderator' });
  });

  it('fills the first arrival of votes cast before the migration from their cast time', async () => {
    await series();
    await h.say('/vote A', viewer(1));
    const schema = h.handle.target.kind === 'postgres' ? h.handle.target.schema : undefined;
    const migrator = new Migrator({ db: h.handle.db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
    const down = await migrator.migrateTo('018_exports');
    expect(down.error).toBeUndefined();
    await migrateToLatest(h.handle);
    const [row] = await h.handle.db.selectFrom('votes').select(['cast_at', 'first_cast_at']).execute();
    expect(row?.first_cast_at).toBe(row?.cast_at);
    expect(row?.first_cast_at).toBeGreaterThan(0);
  });
});
