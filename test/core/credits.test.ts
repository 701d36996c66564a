import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/context.js';
import { AUTHOR_NAME_MAX, creditName, creditsOf } from '../../src/core/credits.js';
import type { RenderRequest, RenderedEpisode } from '../../src/core/ports.js';
import { visibleLength } from '../../src/core/text.js';
import { t } from '../../src/i18n/i18n.js';
import { silentLogger } from '../../src/log.js';
import { LocalScreener } from '../../src/writer/screen.js';
import { chan, HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. cast="Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever"';
const TELEGRAM = chan('-100200', 'telegram');

/** The storyboard renderer, keeping every request the loop sends it. */
class KeptRequests extends StoryboardRenderer {
  readonly requests: RenderRequest[] = [];
  override async render(req: RenderRequest): Promise<RenderedEpisode> {
    this.requests.push(req);
    return super.render(req);
  }
}

describe.each(dialects)('credits for the community (%s)', (dialect) => {
  let h: Harness;
  let renderer: KeptRequests;
  let seriesId: string;
  afterEach(async () => h?.close());

  /** A series followed on Discord and Telegram, its first episode out and its ballot open. */
  async function running(): Promise<void> {
    renderer = new KeptRequests(fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-credits-')));
    h = await makeHarness(dialect, { renderer });
    await h.say(NEW, moderator());
    await h.settle();
    seriesId = (await h.handle.db.selectFrom('series').select('id').executeTakeFirstOrThrow()).id;
    await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), TELEGRAM);
    await h.settle();
  }

  /** Suggests a twist, has a moderator put it on the open ballot, and returns its letter. */
  async function onBallot(author: Actor, text: string, place = chan()): Promise<string> {
    await h.say(`/suggest ${text}`, author, place);
    const pending = await h.app.engine.suggestions.pending(seriesId);
    const approved = await h.say(`/mod approve ${pending.at(-1)!.number}`, moderator());
    return /option ([A-F])/.exec(approved)![1]!;
  }

  /** Votes `letter` in by three people and closes the ballot; the next episode is written and rendered. */
  async function wins(letter: string): Promise<void> {
    await h.say(`/vote ${letter}`, viewer(1));
    await h.say(`/vote ${letter}`, viewer(2));
    await h.say(`/vote ${letter}`, viewer(3, 'telegram'), TELEGRAM);
    await h.advance(HOUR);
  }

  const requestFor = (number: number) => renderer.requests.filter((r) => r.number === number).at(-1)!;

  it("names a Telegram member's winning twist on the episode that pays it off, by display name and never by id", async () => {
    await running();
    const ana: Actor = { id: 'telegram:4242', isModerator: false, name: 'Ana Pérez 🐹' };
    const letter = await onBallot(ana, 'Luna has a secret twin', TELEGRAM);
    const stored = await h.handle.db.selectFrom('suggestions').select(['author_id', 'author_name']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ author_id: 'telegram:4242', author_name: 'Ana Pérez 🐹' });
    // Two voters change their minds, one of them twice: each person counts once.
    await h.say('/vote A', viewer(1));
    await h.say('/vote B', viewer(1));
    await h.say('/vote A', viewer(4, 'telegram'), TELEGRAM);
    await h.say(`/vote ${letter}`, viewer(4, 'telegram'), TELEGRAM);
    await wins(letter);

    expect(requestFor(1).credit).toBeUndefined();
    expect(requestFor(2).credit).toBe('Ana Pérez 🐹');
    // No id of the author anywhere the renderer looks.
    expect(JSON.stringify(renderer.requests)).not.toMatch(/4242/);

    const label = (await h.handle.db.selectFrom('ballot_options').select('label').where('source', '=', 'community').executeTakeFirstOrThrow()).label;
    const credits = await creditsOf(h.app.engine.ctx, seriesId);
    expect(credits).toEqual([
      { number: 1, title: expect.any(String), twist: label, author: 'Ana Pérez 🐹', voters: 4 },
      { number: 2, title: expect.any(String), twist: null, author: null, voters: 0 },
    ]);
    expect(credits[1]!.title).not.toBe('');
    expect(JSON.stringify(credits)).not.toMatch(/4242|telegram:|discord:/);
    // A range keeps to its episodes.
    expect((await creditsOf(h.app.engine.ctx, seriesId, { from: 2 })).map((c) => c.number)).toEqual([2]);
    expect((await creditsOf(h.app.engine.ctx, seriesId, { to: 1 })).map((c) => c.number)).toEqual([1]);
  });

  it('names nobody who said no (/me credits off, /suggest credit:no) nor in a series whose moderators turned credits off', async () => {
    await running();
    const ana: Actor = { id: 'discord:501', isModerator: false, name: 'Ana' };
    const bo: Actor = { id: 'discord:502', isModerator: false, name: 'Bo' };
    const cy: Actor = { id: 'telegram:503', isModerator: false, name: 'Cy' };

    // Ana opts out for good, wherever she takes part; she may ask how she stands.
    expect(await h.say('/me credits', ana)).toBe(t('en', 'credits.mine.isOn'));
    expect(await h.say('/me credits off', ana)).toBe(t('en', 'credits.mine.off'));
    expect(await h.say('/me credits', ana, TELEGRAM)).toBe(t('en', 'credits.mine.isOff'));
    await wins(await onBallot(ana, 'Luna has a secret twin'));
    expect(requestFor(2).credit).toBeUndefined();

    // Bo asks for this one suggestion only: his name is not even kept.
    expect(await h.say('/suggest Mochi finds a hidden letter credit:no', bo)).toContain(t('en', 'credits.unnamed'));
    expect(await h.handle.db.selectFrom('suggestions').select(['text', 'author_name']).where('author_id', '=', bo.id).executeTakeFirstOrThrow()).toEqual({
      text: 'Mochi finds a hidden letter',
      author_name: null,
    });
    const boLetter = /option ([A-F])/.exec(await h.say('/mod approve 2', moderator()))![1]!;
    await wins(boLetter);
    expect(requestFor(3).credit).toBeUndefined();

    // Cy would be named, but the moderators turned credits off for the series (only they may).
    expect(await h.say('/mod credits off', viewer(9))).toBe(t('en', 'errors.command.notModerator'));
    expect(await h.say('/mod credits off', moderator())).toBe(t('en', 'credits.series.off', { title: 'Paws of Fate' }));
    await wins(await onBallot(cy, 'Biscuit was the thief all along', TELEGRAM));
    expect(requestFor(4).credit).toBeUndefined();
    expect((await creditsOf(h.app.engine.ctx, seriesId)).map((c) => c.author)).toEqual([null, null, null, null]);

    // Turned back on, the season's credits name Cy, and Ana once she says yes again; Bo's stays unnamed.
    await h.say('/mod credits on', moderator());
    expect((await creditsOf(h.app.engine.ctx, seriesId)).map((c) => c.author)).toEqual([null, null, 'Cy', null]);
    expect(await h.say('/me credits on', ana)).toBe(t('en', 'credits.mine.on'));
    expect((await creditsOf(h.app.engine.ctx, seriesId)).map((c) => c.author)).toEqual(['Ana', null, 'Cy', null]);
    expect(JSON.stringify(renderer.requests)).not.toMatch(/"credit"/);
  });

  it('credits nobody for a twist from the writer or a moderator, or an author with no name to show', async () => {
    await running();
    // A platform that gave no name, and a "name" that is the id: the suggestion counts, the name does not.
    await wins(await onBallot({ id: 'discord:601', isModerator: false }, 'Luna has a secret twin'));
    await wins(await onBallot({ id: 'telegram:602', isModerator: false, name: 'telegram:602' }, 'Mochi finds a hidden letter', TELEGRAM));
    const added = await h.say('/mod add-option Biscuit flies to Paris', moderator());
    expect(added).toMatch(/^Added option [A-F]/);
    await wins(/option ([A-F])/.exec(added)![1]!);
    await wins('A');
    expect(renderer.requests.map((r) => r.credit)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect((await creditsOf(h.app.engine.ctx, seriesId)).map((c) => [c.author, c.twist !== null])).toEqual([
      [null, true],
      [null, true],
      [null, true],
      [null, true],
      [null, false],
    ]);
  });
});

describe('the name a suggestion is credited under', () => {
  const ctx = { screener: new LocalScreener(), log: silentLogger };
  const named = (name: string | undefined, id = 'telegram:42') => creditName(ctx, { id, isModerator: false, ...(name === undefined ? {} : { name }) });

  it('is the display name cleaned like community text: controls and bidi tricks out, emoji and right-to-left scripts kept', async () => {
    expect(await named('  Ana\u202E Pérez\u0007  \n🐹 ')).toBe('Ana Pérez 🐹');
    expect(await named('محمد الفارس')).toBe('محمد الفارس');
    expect(await named('小明')).toBe('小明');
    const long = await named('Bartholomew Featherstonehaugh-Smythe the Third of Pawsley');
    expect(visibleLength(long!)).toBeLessThanOrEqual(AUTHOR_NAME_MAX);
    expect(long).toMatch(/^Bartholomew .*…$/);
  });

  it('is nothing rather than an id, an empty name or one the screener refuses', async () => {
    expect(await named(undefined)).toBeNull();
    expect(await named(' \u200B\u3164 ')).toBeNull();
    expect(await named('telegram:42')).toBeNull();
    expect(await named('42')).toBeNull();
    expect(await named('discord:123456789012345678')).toBeNull();
    expect(await named('123456789012345678', 'discord:987')).toBeNull();
    expect(await named('web:k3Jx9')).toBeNull();
    expect(await named('Sh1t Lord')).toBeNull();
    // A name with a number in it is still a name.
    expect(await named('Agent 007')).toBe('Agent 007');
  });
});
