import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { langFor } from '../../src/adapters/web/lang.js';
import { rateSeries } from '../../src/adapters/web/pages.js';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import { insightOf } from '../../src/core/insight.js';
import { silentLogger } from '../../src/log.js';
import { HOUR, makeHarness, moderator, testConfig, viewer, type Harness } from '../helpers/harness.js';
import { RecordingPublisher } from '../helpers/recording-publisher.js';

/** The text of an element's cells in a row of the episode table. */
const cell = (page: string, episode: number, cls: string) => new RegExp(`<tr data-episode="${episode}">.*?<td class="${cls}">([^<]*)</td>`, 's').exec(page)?.[1];

describe('the stats page when nobody voted, or a draw decided', () => {
  let h: Harness;
  let studio: Studio;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });

  it('draws a known 0% turnout at 0, leaves unknown ones a gap, and says a draw decided', async () => {
    const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-stats-')), NARRATOR: 'animalese', WEB_PORT: '0' };
    const discord = new RecordingPublisher('discord');
    discord.members.set('c1', 40);
    h = await makeHarness('sqlite', { publishers: [new WebPublisher(), discord] }, env);
    studio = new Studio(testConfig(env).web, testConfig(env).render.mediaDir, silentLogger);
    studio.attach(h.app);
    const url = await studio.start();
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. window=4h', moderator());
    await h.settle();
    // Episode 1: nobody votes (extended once, then drawn); episode 2: two of 40 vote.
    await h.advance(4 * HOUR);
    await h.advance(4 * HOUR);
    await h.say('/vote A', viewer(1));
    await h.say('/vote B', viewer(2));

    const insight = await insightOf(h.handle.db, (await h.app.engine.series.find('paws-of-fate')).id);
    expect(insight.episodes.map((e) => [e.number, e.voters, e.turnout])).toEqual([
      [1, 0, 0],
      [2, 2, 2 / 40],
    ]);
    expect(rateSeries(langFor('en'), insight.episodes).map((s) => s.data)).toEqual([
      [0, 2 / 40],
      [null, 1],
      [null, 0],
    ]);
    const page = await (await fetch(`${url}/s/paws-of-fate/stats`)).text();
    expect(cell(page, 1, 'margin')).toBe('by a random draw (nobody voted)');
    expect(cell(page, 2, 'margin')).toBe('0% (+0)');
  });
});
