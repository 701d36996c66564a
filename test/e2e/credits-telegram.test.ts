import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderRequest, RenderedEpisode } from '../../src/core/ports.js';
import type { FakeUser } from '../fakes/telegram/server.js';
import { ADMIN, TelegramRig, users } from '../fakes/telegram/rig.js';
import { HOUR } from '../helpers/harness.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';

/** The storyboard renderer, keeping every request the loop sends it. */
class KeptRequests extends StoryboardRenderer {
  readonly requests: RenderRequest[] = [];
  override async render(req: RenderRequest): Promise<RenderedEpisode> {
    this.requests.push(req);
    return super.render(req);
  }
}

describe('"Twist by" for a Telegram member (real grammY against the fake Bot API)', () => {
  let rig: TelegramRig;
  afterEach(async () => rig?.close());

  it('credits the winning suggestion under the name Telegram shows (first and last name), never the user id', async () => {
    const renderer = new KeptRequests(fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-credits-')));
    rig = new TelegramRig();
    await rig.boot({ deps: { renderer } });
    const { h } = rig;
    await rig.say(ADMIN, '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. cast="Mochi: Shiba Inu, Luna: black cat"');
    await h.settle();

    const ana: FakeUser & { last_name: string } = { id: 5550123, first_name: 'Ana', last_name: 'Pérez 🐹', username: 'ana_p' };
    expect(await rig.say(ana, '/suggest Luna has a secret twin')).toMatch(/#1/);
    const letter = /option ([A-F])/.exec(await rig.say(ADMIN, '/mod approve 1'))![1]!;
    for (const fan of users.slice(0, 3)) await rig.say(fan, `/vote ${letter}`);
    await h.advance(2 * HOUR);

    const second = renderer.requests.find((r) => r.number === 2);
    expect(second?.credit).toBe('Ana Pérez 🐹');
    expect(JSON.stringify(renderer.requests)).not.toContain('5550123');
    const stored = await h.handle.db.selectFrom('suggestions').select(['author_id', 'author_name']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ author_id: 'telegram:5550123', author_name: 'Ana Pérez 🐹' });
  }, 40_000);
});
