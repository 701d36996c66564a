import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Studio } from '../../src/adapters/web/studio.js';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { silentLogger } from '../../src/log.js';
import { makeHarness, moderator, testConfig, viewer, type Harness } from '../helpers/harness.js';

/** The studio over a harness app; this machine's requests moderate as the studio admin. */
async function boot() {
  const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-sponsor-studio-')), WEB_PORT: '0' };
  const h = await makeHarness('sqlite', { publishers: [new WebPublisher()] }, env);
  const studio = new Studio(testConfig(env).web, h.config.render.mediaDir, silentLogger);
  studio.attach(h.app);
  return { h, studio, url: await studio.start() };
}

describe('sponsors on the studio’s moderation page', () => {
  let h: Harness;
  let studio: Studio;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });

  it('adds a sponsor from the form (audited as the admin), then lists its placements with the votes and posts of each episode', async () => {
    let url: string;
    ({ h, studio, url } = await boot());
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.', moderator());
    await h.settle();
    const post = (fields: Record<string, string>) =>
      fetch(`${url}/s/paws-of-fate/mod`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
        body: new URLSearchParams(fields).toString(),
      });

    const empty = await (await fetch(`${url}/s/paws-of-fate/mod`)).text();
    expect(empty).toContain('<section class="card" id="sponsors"><h3>Sponsors</h3>');
    expect(empty).toContain('No sponsors yet.');

    const added = await post({ command: 'mod sponsor', action: 'add', brand: 'Purrfect', product: 'Salmon Crunch', tier: 'featured', episodes: 'next 1', brief: 'Crunchy <b>courage</b>' });
    expect(added.status).toBe(303);
    const audit = await h.handle.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'sponsor.add').execute();
    expect(audit).toEqual([{ action: 'sponsor.add', actor_id: 'web:admin' }]);

    // Episode 2 carries it.
    await h.say('/vote A', viewer(1));
    await h.say('/mod close-vote', moderator());
    await h.settle();
    const page = await (await fetch(`${url}/s/paws-of-fate/mod`)).text();
    expect(page).toContain('<b>#1 <bdi>Purrfect</bdi></b> — <bdi>Salmon Crunch</bdi> · Featured — a scene built around it · episodes 2–2');
    // The brief is text, never markup.
    expect(page).toContain('Crunchy &lt;b&gt;courage&lt;/b&gt;');
    // Episode 2: no votes on its ballot yet, posted to one channel (the studio), whose size no platform told.
    expect(page).toMatch(/<a href="\/s\/paws-of-fate#ep-2">Ep\. 2<\/a>.*?<td>Featured — a scene built around it<\/td><td>\w+<\/td><td>0<\/td><td>1<\/td><td>—<\/td><\/tr>/);
    expect(page).toContain('sponsor.placed');
    // The feed says the episode is sponsored; the one before it is not.
    const feed = await (await fetch(`${url}/s/paws-of-fate`)).text();
    expect(feed.match(/<p class="disclosure muted small">#ad · Sponsored by Purrfect<\/p>/g)).toHaveLength(1);
    // Removing it from the page goes through the same command.
    expect((await post({ command: 'mod sponsor', action: 'remove', number: '1' })).status).toBe(303);
    expect((await h.handle.db.selectFrom('sponsors').select('removed_at').executeTakeFirstOrThrow()).removed_at).not.toBeNull();
    expect(await (await fetch(`${url}/s/paws-of-fate/mod`)).text()).toContain('(removed)');
  });
});
