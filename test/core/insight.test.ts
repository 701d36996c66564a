import { afterEach, describe, expect, it } from 'vitest';
import { insightOf, reasonText, tasteOf } from '../../src/core/insight.js';
import type { OptionReason } from '../../src/core/ports.js';
import { TwistOpSchema } from '../../src/core/story/model.js';
import { favouredCap } from '../../src/writer/audience.js';
import { chan, HOUR, makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const TG = chan('t1', 'telegram');

async function seriesOn(dialect: Parameters<typeof makeHarness>[0], members: { discord?: number; telegram?: number } = {}): Promise<Harness> {
  const h = await makeHarness(dialect);
  if (members.discord !== undefined) h.publishers.discord.members.set('c1', members.discord);
  if (members.telegram !== undefined) h.publishers.telegram.members.set('t1', members.telegram);
  expect(await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. window=4h', moderator())).toContain('begins');
  await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), TG);
  await h.settle();
  return h;
}

const seriesId = async (h: Harness) => (await h.app.engine.series.find('paws-of-fate')).id;

describe.each(dialects)('audience insight (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('counts each episode: voters per platform and channel, turnout, first-hour share, margin, suggestions and what won', async () => {
    h = await seriesOn(dialect, { discord: 40 });
    h.clock.advance(5 * MINUTE);
    for (const n of [1, 2, 3]) await h.say('/vote A', viewer(n));
    await h.say('/suggest Luna was the surgeon all along', viewer(9));
    h.clock.advance(2 * HOUR); // past the first hour
    await h.say('/vote B', viewer(5, 'telegram'), TG);
    await h.say('/vote A', viewer(3)); // a re-vote is counted once, when the voter first came
    await h.advance(2 * HOUR);

    const insight = await insightOf(h.handle.db, await seriesId(h));
    const first = insight.episodes[0]!;
    expect(first.number).toBe(1);
    expect(first.ballotStatus).toBe('closed');
    expect(first.voters).toBe(4);
    expect(first.byPlatform).toEqual({ discord: 3, telegram: 1 });
    expect(first.channels).toEqual([
      { platform: 'discord', chatId: 'c1', voters: 3, members: 40 },
      { platform: 'telegram', chatId: 't1', voters: 1, members: null },
    ]);
    // Turnout only where the platform said how many people are there: 3 of Discord's 40.
    expect(first.members).toBe(40);
    expect(first.turnout).toBeCloseTo(3 / 40);
    // Three of the four voters first voted in the first hour (voter 3 changed theirs later: still early).
    expect(first.firstHourShare).toBeCloseTo(3 / 4);
    expect(first.margin).toEqual({ votes: 2, share: 0.5, decidedBy: 'votes' });
    expect(first.suggestions).toBe(1);

    const option = await h.handle.db.selectFrom('ballot_options').selectAll().where('position', '=', 0).orderBy('created_at').executeTakeFirstOrThrow();
    const op = TwistOpSchema.parse(JSON.parse(option.twist!));
    expect(first.winner).toMatchObject({ letter: 'A', label: option.label, source: 'writer', decidedBy: 'votes', kind: op.kind, character: op.actor });
    expect(first.winner!.hook).toBeTruthy();
    expect(insight.winners.kinds).toEqual([{ key: op.kind, count: 1 }]);
    expect(insight.winners.characters).toEqual([{ key: op.actor, count: 1 }]);
    expect(insight.voters).toBe(4);
    // Episode 2 is out with its ballot open: counted as it goes, nobody has voted yet.
    expect(insight.episodes[1]).toMatchObject({ number: 2, ballotStatus: 'open', voters: 0, turnout: 0, firstHourShare: null, margin: null, winner: null });
  });

  it('says turnout is unknown, not 0, where no platform tells its member count', async () => {
    h = await seriesOn(dialect);
    await h.say('/vote A', viewer(1));
    const first = (await insightOf(h.handle.db, await seriesId(h))).episodes[0]!;
    expect(first.members).toBeNull();
    expect(first.turnout).toBeNull();
    expect(first.channels.every((c) => c.members === null)).toBe(true);
  });

  it('counts turnout where a platform tells its member count, a known 0% before anyone there votes', async () => {
    h = await seriesOn(dialect, { telegram: 8 });
    await h.say('/vote A', viewer(1));
    const first = (await insightOf(h.handle.db, await seriesId(h))).episodes[0]!;
    // Telegram counted its 8 members; nobody there voted yet: a known 0%.
    expect(first.members).toBe(8);
    expect(first.turnout).toBe(0);
    expect(first.channels).toContainEqual({ platform: 'telegram', chatId: 't1', voters: 0, members: 8 });
  });

  it('offers what the community keeps choosing, never all of it, and tells moderators why', async () => {
    h = await seriesOn(dialect);
    const id = await seriesId(h);
    const cast = await h.handle.db.selectFrom('characters').select('name').where('series_id', '=', id).orderBy('position').execute();
    const lead = cast[0]!.name;
    // Five ballots this community decides by vote; each winner is then recorded as a betrayal the
    // lead did (after the next episode started from it, so the story is what the votes made it).
    for (let round = 1; round <= 5; round++) {
      await h.say('/vote A', viewer(round));
      h.clock.advance(4 * HOUR);
      expect(await h.app.engine.ballots.closeDue()).toBe(1);
      const closed = await h.handle.db
        .selectFrom('ballots')
        .select('winner_option_id')
        .where('series_id', '=', id)
        .where('status', '=', 'closed')
        .orderBy('closed_at', 'desc')
        .executeTakeFirstOrThrow();
      const betrayal = JSON.stringify({ kind: 'betray', actor: lead, target: cast[1]!.name, object: null, thread: null, words: null });
      await h.handle.db.updateTable('ballot_options').set({ twist: betrayal }).where('id', '=', closed.winner_option_id!).execute();
      await h.settle();
    }
    expect((await tasteOf(h.handle.db, id)).favoured).toEqual({ kinds: ['betray'], characters: [lead] });

    // Episode 6's ballot was written with that taste: every writer option says why it is there.
    const ballot = (await h.app.engine.ballots.current(id))!;
    const view = await h.app.engine.ballots.view(ballot);
    const writers = view.options.filter((o) => o.source === 'writer');
    expect(writers.length).toBeGreaterThanOrEqual(2);
    const rows = await h.handle.db.selectFrom('ballot_options').select(['position', 'twist', 'reason']).where('ballot_id', '=', ballot.id).orderBy('position').execute();
    const kinds = rows.map((r) => TwistOpSchema.parse(JSON.parse(r.twist!)).kind);
    expect(kinds.filter((k) => k === 'betray').length).toBeLessThanOrEqual(favouredCap(kinds.length));
    expect(kinds.some((k) => k !== 'betray')).toBe(true);
    for (const o of writers) expect(o.reason).not.toBeNull();
    for (const [i, o] of writers.entries()) {
      const op = TwistOpSchema.parse(JSON.parse(rows[i]!.twist!));
      const expected: Partial<OptionReason> =
        op.kind === 'betray' ? { why: 'kind', kind: 'betray', wins: 5, of: 5 } : op.actor === lead ? { why: 'character', character: lead, wins: 5, of: 5 } : { why: 'variety', kinds: ['betray'] };
      expect(o.reason).toMatchObject(expected);
    }

    // /series status shows the reasons to moderators, in their language, and to nobody else.
    const reasonOf = (letter: string, locale: string) => reasonText(writers.find((o) => o.letter === letter)!.reason!, locale);
    const forMod = await h.say('/series status', moderator());
    for (const o of writers) expect(forMod).toContain(`Why ${o.letter}: ${reasonOf(o.letter, 'en')}`);
    expect(forMod).toMatch(/This community picked betrayal twists 5 of the last 5 times|This community backed twists led by .+ 5 of the last 5 times|Something other than betrayal/);
    expect(await h.say('/series status', viewer(4))).not.toContain('Why ');
    const de = await h.app.commandText('/series status', moderator(), chan(), { locale: 'de' });
    expect(de.text).toContain(`Warum ${writers[0]!.letter}: ${reasonOf(writers[0]!.letter, 'de')}`);

    // A moderator's pick says nothing about taste: it is left out.
    await h.say('/vote A', viewer(1));
    await h.say('/vote B', viewer(2));
    await h.advance(4 * HOUR);
    expect(await h.say('/mod pick A', moderator())).toContain('A');
    expect((await tasteOf(h.handle.db, id)).ballots).toBe(5);
  });
});
