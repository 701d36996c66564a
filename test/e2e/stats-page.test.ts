import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import { kindName, reasonText } from '../../src/core/insight.js';
import { TwistOpSchema } from '../../src/core/story/model.js';
import { t } from '../../src/i18n/i18n.js';
import { silentLogger } from '../../src/log.js';
import { HOUR, makeHarness, MINUTE, moderator, testConfig, viewer, type Harness } from '../helpers/harness.js';
import { RecordingPublisher } from '../helpers/recording-publisher.js';

/** A studio over a series posted to the studio and to a Discord channel of 40 members. */
async function bootStudio(): Promise<{ h: Harness; studio: Studio; url: string }> {
  const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-stats-')), NARRATOR: 'animalese', WEB_PORT: '0' };
  const config = testConfig(env);
  const discord = new RecordingPublisher('discord');
  discord.members.set('c1', 40);
  const h = await makeHarness('sqlite', { publishers: [new WebPublisher(), discord] }, env);
  const studio = new Studio(config.web, config.render.mediaDir, silentLogger);
  studio.attach(h.app);
  const url = await studio.start();
  await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. window=4h', moderator());
  await h.settle();
  return { h, studio, url };
}

/** The text of an element's cells in a row of the episode table. */
const cell = (page: string, episode: number, cls: string) => new RegExp(`<tr data-episode="${episode}">.*?<td class="${cls}">([^<]*)</td>`, 's').exec(page)?.[1];

describe('the studio’s stats page', () => {
  let h: Harness;
  let studio: Studio;
  let url: string;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });
  const get = async (route: string, headers: Record<string, string> = {}) => (await fetch(`${url}${route}`, { headers })).text();

  it('draws each episode’s ballot as charts (server-rendered SVG) with the figures in a table', async () => {
    ({ h, studio, url } = await bootStudio());
    h.clock.advance(10 * MINUTE);
    await h.say('/vote A', viewer(1));
    await h.say('/vote A', viewer(2));
    h.clock.advance(2 * HOUR);
    await h.say('/vote B', viewer(3));
    await h.say('/suggest Luna was the surgeon all along', viewer(4));
    await h.advance(2 * HOUR);

    const page = await get('/s/paws-of-fate/stats');
    // Real charts, drawn on the server: no script, no canvas.
    const svgs = page.match(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(5);
    expect(page).toContain('<figure class="chart" dir="ltr" role="img" aria-label="Votes per episode">');
    expect(page).toContain('aria-label="How each ballot went"');
    // The legend and the axes carry the data's names.
    const perEpisode = /aria-label="Votes per episode">(.*?)<\/figure>/s.exec(page)![1]!;
    expect(perEpisode).toContain('>Discord<');
    expect(perEpisode).toContain('>Suggestions<');
    expect(perEpisode).toContain('>Episode 1<');
    const rates = /aria-label="How each ballot went">(.*?)<\/figure>/s.exec(page)![1]!;
    for (const name of ['Turnout', 'Voted in the first hour', 'Winning margin']) expect(rates).toContain(`>${name}<`);
    expect(rates).toContain('>100%<');

    // The figures: 3 voters of Discord's 40, two in the first hour, A won 2–1, one suggestion.
    expect(cell(page, 1, 'voters')).toBe('3');
    expect(cell(page, 1, 'turnout')).toBe('8%');
    expect(cell(page, 1, 'first-hour')).toBe('67%');
    expect(cell(page, 1, 'margin')).toBe('33% (+1)');
    expect(cell(page, 1, 'suggestions')).toBe('1');
    const option = await h.handle.db.selectFrom('ballot_options').select('twist').where('position', '=', 0).orderBy('created_at').executeTakeFirstOrThrow();
    const op = TwistOpSchema.parse(JSON.parse(option.twist!));
    expect(cell(page, 1, 'winner')).toBe(`A · ${kindName(op.kind, 'en')} · ${op.actor}`);
    // What won, by kind, character and hook, as charts with the names on their axis.
    const won = /<section class="card" id="winners">(.*?)<\/section>/s.exec(page)![1]!;
    expect(won).toContain(`aria-label="Twist kinds that won"`);
    expect(won).toContain(`>${kindName(op.kind, 'en')}<`);
    expect(won).toContain(`>${op.actor}<`);
    expect(page).toContain('Discord c1 · 40 members');
    // Nobody is favoured after one ballot: the writers say so.
    expect(page).toContain('No favourites yet: the writers keep every ballot mixed.');

    // In the reader's language, numbers included.
    const de = await get('/s/paws-of-fate/stats', { 'accept-language': 'de' });
    expect(de).toContain(`aria-label="${t('de', 'studio:insight.rates')}"`);
    expect(de).toContain(`>${t('de', 'studio:insight.suggestions')}<`);
    expect(cell(de, 1, 'turnout')).toBe('8\u00a0%');
    expect(cell(de, 1, 'winner')).toBe(`A · ${kindName(op.kind, 'de')} · ${op.actor}`);
  });

  it('shows a series without votes without charts of nothing', async () => {
    ({ h, studio, url } = await bootStudio());
    const page = await get('/s/paws-of-fate/stats');
    expect(page).toContain('<section class="card" id="rates"><h3>How each ballot went</h3><p class="muted">No votes yet.</p>');
    expect(cell(page, 1, 'turnout')).toBe('0%');
    expect(cell(page, 1, 'first-hour')).toBe('—');
  });

  it('shows moderators why the writers offered an option', async () => {
    ({ h, studio, url } = await bootStudio());
    const reason = { why: 'kind' as const, kind: 'betray', wins: 4, of: 5 };
    await h.handle.db
      .updateTable('ballot_options')
      .set({ reason: JSON.stringify(reason) })
      .where('position', '=', 1)
      .execute();
    const mod = await get('/s/paws-of-fate/mod');
    expect(mod).toContain(`<small class="reason">${reasonText(reason, 'en')}</small>`);
    expect(reasonText(reason, 'en')).toBe('This community picked betrayal twists 4 of the last 5 times.');
    const ja = await get('/s/paws-of-fate/mod', { 'accept-language': 'ja' });
    expect(ja).toContain(reasonText(reason, 'ja'));
  });
});
