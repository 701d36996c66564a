import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import { silentLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { HOUR, makeHarness, moderator, testConfig, viewer, type Harness } from '../helpers/harness.js';

describe('the story so far in the studio', () => {
  let h: Harness | undefined;
  let studio: Studio | undefined;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });

  it('is asked for with a button, made once, and played from the feed', async () => {
    const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-studio-')), WEB_PORT: '0' };
    const config = testConfig(env);
    h = await makeHarness('sqlite', { publishers: [new WebPublisher()] }, env);
    const app = h.app;
    studio = new Studio(
      config.web,
      config.render.mediaDir,
      silentLogger,
      () => [],
      new Metrics(
        () => h?.handle.db,
        () => app.queue,
      ),
      { telegramBot: () => undefined },
    );
    studio.attach(h.app);
    const url = await studio.start();
    const ask = async () =>
      (await (await fetch(`${url}/s/paws-of-fate/recap`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: '{}' })).json()) as { message: string };

    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.', moderator());
    await h.settle();
    expect((await ask()).message).toContain('only one episode so far');
    await h.say('/vote A', viewer(1));
    await h.advance(HOUR);

    const before = await (await fetch(`${url}/s/paws-of-fate`)).text();
    expect(before).toContain('action="/s/paws-of-fate/recap"');
    expect(before).not.toContain('The story so far (episodes');
    expect((await ask()).message).toContain('Making “the story so far” of “Paws of Fate”, up to episode 2');
    await h.settle();

    const after = await (await fetch(`${url}/s/paws-of-fate`)).text();
    const link = /href="(\/media\/(rc_\w+)\/video)"/.exec(after);
    expect(link).not.toBeNull();
    expect(after).toContain('▶ The story so far (episodes 1–2)');
    expect(after).not.toContain('action="/s/paws-of-fate/recap"');
    const video = await fetch(`${url}${link![1]}`);
    expect(video.status).toBe(200);
    expect(await video.text()).toContain('Paws of Fate: the story so far');
    // Asked again: it is there already, not made again.
    expect((await ask()).message).toContain('is ready');
    const jobs = await h.handle.db.selectFrom('jobs').select('key').where('kind', '=', 'recap').execute();
    expect(jobs).toHaveLength(1);
  });
});
