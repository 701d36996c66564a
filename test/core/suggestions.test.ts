import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { TwistOpSchema } from '../../src/core/story/model.js';
import { PENDING_PER_AUTHOR, SUGGESTION_MAX } from '../../src/core/suggestions.js';
import { chan, HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. cast="Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever"';

/** What a refused call was told: the code and the words. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return { code: (err as UserError).code, message: (err as UserError).message };
}

describe.each(dialects)('community suggestions (%s)', (dialect) => {
  let h: Harness;
  let seriesId: string;
  afterEach(async () => h?.close());

  /** A running series whose first ballot is open. */
  async function running(): Promise<void> {
    h = await makeHarness(dialect);
    await h.say(NEW, moderator());
    await h.settle();
    seriesId = (await h.handle.db.selectFrom('series').select('id').executeTakeFirstOrThrow()).id;
  }
  const suggestions = () => h.app.engine.suggestions;
  const stored = () => h.handle.db.selectFrom('suggestions').selectAll().orderBy('number').execute();
  const activeOptions = async () => {
    const ballot = await h.handle.db.selectFrom('ballots').select('id').where('series_id', '=', seriesId).where('status', '=', 'open').executeTakeFirstOrThrow();
    return h.handle.db.selectFrom('ballot_options').selectAll().where('ballot_id', '=', ballot.id).where('status', '=', 'active').orderBy('position').execute();
  };

  it('stores a suggestion cleaned and pending, numbered within its series, with its author and channel', async () => {
    await running();
    const first = await suggestions().suggest(viewer(1), seriesId, 'ch_1', '  Luna\u0000 steals\u202E the\u0007   crown 👑 ');
    expect(first).toMatchObject({
      series_id: seriesId,
      number: 1,
      author_id: 'discord:user1',
      channel_id: 'ch_1',
      text: 'Luna steals the crown 👑',
      status: 'pending',
      option_id: null,
      decided_by: null,
    });
    expect(first.created_at).toBe(h.clock.now());
    const second = await suggestions().suggest(viewer(2), seriesId, null, '🐶💔 القطة تعود من الموت');
    expect(second).toMatchObject({ number: 2, text: '🐶💔 القطة تعود من الموت', channel_id: null });
    expect(await stored()).toEqual([first, second]);
    // Another series counts from 1.
    await h.say('/series new "Whisker Court" A cat judge hears the case of the missing tuna.', moderator(), chan('c2'));
    const other = (await h.handle.db.selectFrom('series').select('id').where('id', '!=', seriesId).executeTakeFirstOrThrow()).id;
    expect((await suggestions().suggest(viewer(1), other, null, 'The tuna was never missing')).number).toBe(1);
  });

  it('refuses empty, invisible, too short and too long text as invalid input, and stores nothing', async () => {
    await running();
    const refused = async (text: string) => refusal(suggestions().suggest(viewer(1), seriesId, null, text));
    expect(await refused('')).toEqual({ code: 'invalid-input', message: "A twist suggestion can't be empty." });
    expect(await refused(' \u0000\u0007\t\n ')).toEqual({ code: 'invalid-input', message: "A twist suggestion can't be empty." });
    expect(await refused('\u200B\u202E\u2066\u3164')).toEqual({ code: 'invalid-input', message: "A twist suggestion can't be empty." });
    expect(await refused('ok')).toEqual({ code: 'invalid-input', message: 'A twist suggestion needs at least 3 characters.' });
    expect(await refused('x'.repeat(SUGGESTION_MAX + 1))).toEqual({ code: 'invalid-input', message: 'A twist suggestion is too long (141 characters); keep it to 140.' });
    expect(await stored()).toEqual([]);
    // Length is what a person counts: 140 family emoji (each several code points) fit.
    expect((await suggestions().suggest(viewer(1), seriesId, null, '👨‍👩‍👧'.repeat(SUGGESTION_MAX))).text).toBe('👨‍👩‍👧'.repeat(SUGGESTION_MAX));
  });

  it('refuses text the screener rejects, saying why', async () => {
    await running();
    expect(await refusal(suggestions().suggest(viewer(1), seriesId, null, 'Luna says f.u.c.k to the vet'))).toEqual({
      code: 'invalid-input',
      message: "That suggestion can't be used: it contains words this series does not allow. Please rephrase it.",
    });
    expect(await stored()).toEqual([]);
  });

  it('keeps at most three pending suggestions per person: a decision makes room', async () => {
    await running();
    for (let i = 1; i <= PENDING_PER_AUTHOR; i++) await suggestions().suggest(viewer(1), seriesId, null, `Twist number ${i}`);
    expect(await refusal(suggestions().suggest(viewer(1), seriesId, null, 'One too many'))).toEqual({
      code: 'limit-reached',
      message: 'You already have 3 suggestions waiting for the moderators. Please wait for them.',
    });
    expect((await suggestions().suggest(viewer(2), seriesId, null, 'Someone else')).number).toBe(4);
    await suggestions().veto(moderator(), seriesId, 2);
    expect((await suggestions().suggest(viewer(1), seriesId, null, 'Room again')).number).toBe(5);
  });

  it('numbers suggestions made at the same moment one after another', async () => {
    await running();
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => suggestions().suggest(viewer(i), seriesId, null, `Twist from viewer ${i}`)));
    expect(made.map((s) => s.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('takes suggestions while the series is paused, refuses them once it has ended, and for a series that does not exist', async () => {
    await running();
    await h.app.engine.series.pause(moderator(), seriesId);
    expect((await suggestions().suggest(viewer(1), seriesId, null, 'Mochi remembers the wedding')).number).toBe(1);
    await h.app.engine.series.end(moderator(), seriesId);
    expect(await refusal(suggestions().suggest(viewer(2), seriesId, null, 'Luna leaves town'))).toEqual({ code: 'series-not-running', message: '“Paws of Fate” has ended.' });
    await expect(suggestions().suggest(viewer(2), 'sr_none', null, 'Luna leaves town')).rejects.toThrow();
    expect((await stored()).map((s) => s.text)).toEqual(['Mochi remembers the wedding']);
  });

  it('puts an approved suggestion on the open ballot at the next letter, read into a twist, and records who decided', async () => {
    await running();
    const before = await activeOptions();
    await suggestions().suggest(viewer(1), seriesId, 'ch_1', 'Luna betrays Mochi');
    h.clock.advance(1000);
    const { suggestion, letter } = await suggestions().approve(moderator(2), seriesId, 1);
    expect(letter).toBe('ABCDEF'[before.length]);
    const option = (await activeOptions()).at(-1)!;
    expect(option).toMatchObject({ position: before.length, label: 'Luna betrays Mochi', teaser: 'Luna betrays Mochi', source: 'community', suggestion_id: suggestion.id, created_by: 'discord:mod2' });
    expect(TwistOpSchema.parse(JSON.parse(option.twist!))).toMatchObject({ kind: 'betray', actor: 'Luna', target: 'Mochi' });
    expect(await stored()).toEqual([{ ...suggestion, status: 'approved', option_id: option.id, decided_by: 'discord:mod2', decided_at: h.clock.now() }]);
    const audit = await h.handle.db.selectFrom('audit_log').select(['actor_id', 'action', 'details']).where('action', 'like', 'suggestion.%').execute();
    expect(audit.map((a) => ({ ...a, details: JSON.parse(a.details) }))).toEqual([{ actor_id: 'discord:mod2', action: 'suggestion.approve', details: { number: 1, letter } }]);
  });

  it('cuts a long suggestion to a ballot label and keeps its words whole in the teaser', async () => {
    await running();
    const text = `Luna ${'very '.repeat(20)}slowly betrays Mochi`;
    await suggestions().suggest(viewer(1), seriesId, null, text);
    await suggestions().approve(moderator(), seriesId, 1);
    const option = (await activeOptions()).at(-1)!;
    expect(option.teaser).toBe(text);
    expect(option.label.endsWith('…')).toBe(true);
    expect([...option.label].length).toBeLessThanOrEqual(55);
  });

  it('keeps an approved suggestion for the next ballot when this one is full or no longer open', async () => {
    await running();
    const room = 6 - (await activeOptions()).length;
    for (let i = 1; i <= room + 2; i++) await suggestions().suggest(viewer(i), seriesId, null, `Twist number ${i} for Mochi`);
    for (let n = 1; n <= room; n++) expect((await suggestions().approve(moderator(), seriesId, n)).letter).not.toBeNull();
    const full = await suggestions().approve(moderator(), seriesId, room + 1);
    expect(full.letter).toBeNull();
    expect(full.suggestion).toMatchObject({ status: 'approved', option_id: null });
    // One vote each for A and B: a tie, and the ballot waits for the moderators.
    const ballot = await h.handle.db.selectFrom('ballots').select('id').where('status', '=', 'open').executeTakeFirstOrThrow();
    await h.app.engine.ballots.vote({ ballotId: ballot.id, option: 'A', voterId: 'discord:v1', channelId: null });
    await h.app.engine.ballots.vote({ ballotId: ballot.id, option: 'B', voterId: 'discord:v2', channelId: null });
    await h.advance(HOUR);
    expect((await h.handle.db.selectFrom('ballots').select('status').where('id', '=', ballot.id).executeTakeFirstOrThrow()).status).toBe('tied');
    expect((await suggestions().approve(moderator(), seriesId, room + 2)).letter).toBeNull();
    expect((await stored()).filter((s) => s.status === 'approved' && s.option_id === null).map((s) => s.number)).toEqual([room + 1, room + 2]);
  });

  it('refuses to approve a twist already on the ballot, and leaves the suggestion pending', async () => {
    await running();
    const [first] = await activeOptions();
    await suggestions().suggest(viewer(1), seriesId, null, first!.label.toLocaleUpperCase());
    expect(await refusal(suggestions().approve(moderator(), seriesId, 1))).toEqual({ code: 'conflict', message: 'That twist is already on the ballot.' });
    expect((await stored())[0]).toMatchObject({ status: 'pending', option_id: null, decided_by: null });
    expect(await h.handle.db.selectFrom('audit_log').selectAll().where('action', 'like', 'suggestion.%').execute()).toEqual([]);
  });

  it('vetoes a suggestion with who and when; a decided or unknown suggestion cannot be decided again', async () => {
    await running();
    await suggestions().suggest(viewer(1), seriesId, null, 'Mochi fakes the amnesia');
    await suggestions().suggest(viewer(2), seriesId, null, 'Biscuit saw everything');
    h.clock.advance(1000);
    expect(await suggestions().veto(moderator(), seriesId, 1)).toMatchObject({ number: 1, status: 'vetoed' });
    expect((await stored())[0]).toMatchObject({ status: 'vetoed', decided_by: 'discord:mod1', decided_at: h.clock.now(), option_id: null });
    expect((await suggestions().pending(seriesId)).map((s) => s.number)).toEqual([2]);
    expect(await refusal(suggestions().approve(moderator(), seriesId, 1))).toEqual({ code: 'conflict', message: 'Suggestion #1 was already vetoed.' });
    expect(await refusal(suggestions().veto(moderator(), seriesId, 1))).toEqual({ code: 'conflict', message: 'Suggestion #1 was already vetoed.' });
    expect(await refusal(suggestions().veto(moderator(), seriesId, 42))).toEqual({ code: 'not-found', message: 'There is no suggestion #42.' });
    expect(await refusal(suggestions().approve(moderator(), 'sr_none', 2))).toEqual({ code: 'not-found', message: 'There is no suggestion #2.' });
    const audit = await h.handle.db.selectFrom('audit_log').select('action').where('action', 'like', 'suggestion.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['suggestion.veto']);
  });
});
