import { afterEach, describe, expect, it } from 'vitest';
import type { WriteRequest, Writer } from '../../src/core/ports.js';
import { stripPlacement } from '../../src/core/sponsors.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { ScriptSchema } from '../../src/writer/script.js';
import { makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.';
const ADD = (tier: string, episodes: string) => `/mod sponsor add brand=Purrfect product="Salmon Crunch" tier=${tier} episodes="${episodes}" brief="A crunchy treat for brave moments"`;

/** The offline writer, with a moment in the middle of `write` where a moderator can act (as on another process). */
class RacingWriter implements Writer {
  readonly inner = new OfflineWriter();
  readonly requests: WriteRequest[] = [];
  during: (() => Promise<void>) | undefined;
  /** Changes what the writer returns (after the moment). */
  bend: ((written: Awaited<ReturnType<Writer['write']>>, req: WriteRequest) => Awaited<ReturnType<Writer['write']>>) | undefined;
  async write(req: WriteRequest) {
    this.requests.push(req);
    const during = this.during;
    this.during = undefined;
    await during?.();
    const written = await this.inner.write(req);
    return this.bend ? this.bend(written, req) : written;
  }
}

describe.each(dialects)('a sponsor changed while its episode is written (%s)', (dialect) => {
  let h: Harness;
  let writer: RacingWriter;
  afterEach(async () => h?.close());

  async function running(): Promise<void> {
    writer = new RacingWriter();
    h = await makeHarness(dialect, { writer });
    expect(await h.say(NEW, moderator())).toContain('begins');
    await h.settle();
  }
  /** Votes A and closes the ballot: episode 2 is written (the moderator's moment comes in the middle), rendered and posted. */
  async function nextEpisode(): Promise<void> {
    await h.say('/vote A', viewer(1));
    expect(await h.say('/mod close-vote', moderator())).toContain('wins');
    await h.settle();
  }
  const episode2 = () => h.handle.db.selectFrom('episodes').selectAll().where('number', '=', 2).executeTakeFirstOrThrow();
  const placements = () => h.handle.db.selectFrom('sponsor_placements').select(['episode_number', 'tier']).orderBy('episode_number').execute();

  it('takes a sponsor removed mid-write out of the episode: no placement, no disclosure, a valid script', async () => {
    await running();
    await h.say(ADD('prop', 'next 2'), moderator());
    writer.during = async () => {
      expect(await h.say('/mod sponsor remove 1', moderator())).toContain('is out');
    };
    await nextEpisode();
    const e2 = await episode2();
    expect(e2.status).toBe('published');
    expect(writer.requests.map((r) => r.sponsor?.brand ?? null)).toEqual([null, 'Purrfect']);
    const script = ScriptSchema.parse(JSON.parse(e2.script ?? ''));
    expect(script.sponsor).toBeUndefined();
    expect(JSON.stringify(script)).not.toMatch(/Salmon Crunch|Purrfect/);
    expect(h.publisher.posts.at(-1)?.episode).toMatchObject({ number: 2 });
    expect(h.publisher.posts.at(-1)?.episode.sponsoredBy ?? null).toBeNull();
    expect(await placements()).toEqual([]);
  });

  it('writes an episode again when the removed sponsor cannot be taken out cleanly', async () => {
    await running();
    await h.say(ADD('prop', 'next 1'), moderator());
    writer.during = async () => void (await h.say('/mod sponsor remove 1', moderator()));
    // The product in the cliffhanger too: stripping the scene's sentence would leave it there.
    writer.bend = (w, req) => (req.sponsor ? { ...w, cliffhanger: `${w.cliffhanger} And the Salmon Crunch is gone.` } : w);
    await nextEpisode();
    expect(writer.requests.map((r) => r.sponsor?.brand ?? null)).toEqual([null, 'Purrfect', null]);
    const e2 = await episode2();
    expect(e2.status).toBe('published');
    expect(e2.script).not.toMatch(/Salmon Crunch|Purrfect/);
    expect(await placements()).toEqual([]);
  });

  it('writes an episode again with the sponsor as edited mid-write', async () => {
    await running();
    await h.say(ADD('prop', 'next 1'), moderator());
    writer.during = async () => void (await h.say('/mod sponsor edit number=1 tier=background', moderator()));
    await nextEpisode();
    expect(writer.requests.map((r) => r.sponsor?.tier ?? null)).toEqual([null, 'prop', 'background']);
    const script = ScriptSchema.parse(JSON.parse((await episode2()).script ?? ''));
    expect(script.sponsor).toMatchObject({ brand: 'Purrfect', tier: 'background' });
    expect(await placements()).toEqual([{ episode_number: 2, tier: 'background' }]);
  });

  it('records a placement the writer could only put in the background, with the tier asked', async () => {
    await running();
    await h.say(ADD('prop', 'next 1'), moderator());
    // As the offline writer does when nobody on screen has a free paw.
    writer.bend = (w, req) => (req.sponsor ? { ...w, script: { ...(w.script as object), sponsor: { ...(w.script as { sponsor: object }).sponsor, tier: 'background', holder: null } } } : w);
    await nextEpisode();
    expect(await placements()).toEqual([{ episode_number: 2, tier: 'background' }]);
    const audit = await h.handle.db.selectFrom('audit_log').select('details').where('action', '=', 'sponsor.placed').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ episode: 2, tier: 'background', askedTier: 'prop' });
    expect(h.publisher.posts.at(-1)?.episode.sponsoredBy).toBe('Purrfect');
  });

  it('starts "next 1" after the episode being written, says so, and places it there', async () => {
    await running();
    let reply = '';
    writer.during = async () => {
      reply = await h.say(ADD('prop', 'next 1'), moderator());
    };
    await nextEpisode();
    expect(reply).toContain('episodes 3–3');
    expect(writer.requests.map((r) => r.sponsor?.brand ?? null)).toEqual([null, null]);
    expect(await h.say('/mod sponsor list', moderator())).toContain('episodes 3–3');
    await nextEpisode();
    expect(await placements()).toEqual([{ episode_number: 3, tier: 'prop' }]);
    // A range is cut the same way: the episode being written is not free.
    writer.during = async () => {
      reply = await h.say('/mod sponsor add brand=Woofy product=Ball tier=background episodes=4-5 brief="Bouncy fun"', moderator());
    };
    await nextEpisode();
    expect(reply).toContain('episodes 5–5');
  });
});

describe('stripPlacement', () => {
  const SPONSOR = { brand: 'Purrfect', product: 'Salmon Crunch', brief: 'A crunchy treat', tier: 'featured' as const };

  it('takes the offline writer’s sentence and line out and leaves a script the schema accepts', async () => {
    const writer = new OfflineWriter();
    const { runSeries } = await import('../writer/fixtures.js');
    const { episodes } = await runSeries(writer, { seed: 3, episodes: 3, pick: (n) => n });
    for (const e of episodes) {
      const written = await writer.write({ ...e.request, sponsor: SPONSOR });
      const script = written.script as { sponsor?: { scene: number }; scenes: { narration: string; seconds: number }[] };
      const at = script.sponsor?.scene ?? -1;
      expect(at).toBeGreaterThan(0);
      const stripped = stripPlacement(script, SPONSOR, [written.title, written.cliffhanger]);
      expect(stripped).not.toBeNull();
      const parsed = ScriptSchema.parse(stripped);
      expect(parsed.sponsor).toBeUndefined();
      expect(JSON.stringify(parsed)).not.toMatch(/Salmon Crunch|Purrfect/);
      expect(parsed.scenes[at]!.seconds).toBeLessThan(script.scenes[at]!.seconds);
      // Only the sponsored scene changes.
      expect(parsed.scenes.filter((_, i) => i !== at)).toEqual(script.scenes.filter((_, i) => i !== at));
    }
  });

  it('refuses when a mention would stay or a scene would be left with no narration', () => {
    const scene = (narration: string) => ({ beat: 'payoff', setting: 'Kitchen', characters: [{ name: 'Mochi', emotion: 'sad' }], narration, dialogue: [], seconds: 4 });
    const base = { title: 'T', hook: 'H', previously: null, twists: [], cliffhanger: 'C' };
    expect(stripPlacement({ ...base, scenes: [scene('Mochi eats Salmon Crunch.')] }, SPONSOR)).toBeNull();
    expect(stripPlacement({ ...base, hook: 'Purrfect!', scenes: [scene('Mochi cries. She eats Salmon Crunch.')] }, SPONSOR)).toBeNull();
    expect(stripPlacement({ ...base, scenes: [scene('Mochi cries. She eats Salmon Crunch.')] }, SPONSOR, ['Title with salmon crunch'])).toBeNull();
    // A word that only contains the brand is not a mention.
    expect(stripPlacement({ ...base, hook: 'Purrfectly calm', scenes: [scene('Mochi cries. She eats Salmon Crunch.')] }, SPONSOR)).toMatchObject({ scenes: [{ narration: 'Mochi cries.' }] });
    // Next to Han characters a brand is a mention without spaces.
    const zh = { brand: '喵星', product: '三文鱼脆', brief: '', tier: 'prop' as const };
    expect(stripPlacement({ ...base, scenes: [scene('年糕哭了。她拿起喵星三文鱼脆。')] }, zh)).toMatchObject({ scenes: [{ narration: '年糕哭了。' }] });
  });
});
