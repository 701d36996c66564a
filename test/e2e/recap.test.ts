import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderRequest, RenderedEpisode, Renderer } from '../../src/core/ports.js';
import { chan, HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';

const dialects = await testDialects();

/** The storyboard renderer, counting what it was asked to render. */
class CountingRenderer implements Renderer {
  readonly requests: RenderRequest[] = [];
  constructor(private readonly inner: Renderer) {}
  render(req: RenderRequest): Promise<RenderedEpisode> {
    this.requests.push(req);
    return this.inner.render(req);
  }
  recaps(): RenderRequest[] {
    return this.requests.filter((r) => r.episodeId.startsWith('rc'));
  }
}

const PREMISE = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding. cast="Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever"';

/** Votes the current ballot to a winner and lets the loop publish the next episode. */
async function nextEpisode(h: Harness): Promise<void> {
  await h.say('/vote A', viewer(1));
  await h.advance(HOUR);
}

describe.each(dialects)('the story so far (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function harness(): Promise<CountingRenderer> {
    const probe = { dir: '' };
    const renderer = new CountingRenderer({ render: (req) => new StoryboardRenderer(probe.dir).render(req) });
    h = await makeHarness(dialect, { renderer });
    probe.dir = path.join(h.config.dataDir, 'media');
    return renderer;
  }

  it('is made once however often it is asked for, and posted once in each place that asked', async () => {
    const renderer = await harness();
    await h.say(PREMISE, moderator());
    await h.settle();
    expect(await h.say('/series recap', viewer(1))).toContain('only one episode so far');
    await nextEpisode(h);
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);

    // Asked three times, from two places, before it is made.
    expect(await h.say('/series recap', viewer(1))).toContain('Making “the story so far” of “Paws of Fate”, up to episode 2');
    expect(await h.say('/series recap', viewer(2))).toContain('Making');
    const tg = chan('-100777', 'telegram');
    expect(await h.say('/series recap paws-of-fate', viewer(3, 'telegram'), tg)).toContain('Making');
    const jobs = await h.handle.db.selectFrom('jobs').select(['key']).where('kind', '=', 'recap').execute();
    expect(jobs.map((j) => j.key)).toEqual([expect.stringMatching(/^recap:sr_\w+:2$/)]);

    await h.settle();
    expect(renderer.recaps()).toHaveLength(1);
    const made = renderer.recaps()[0]!;
    expect(made.number).toBe(2);
    expect(made.options.length).toBeGreaterThanOrEqual(2);
    const files = fs.readdirSync(path.join(h.config.dataDir, 'media')).filter((f) => f.startsWith(made.episodeId));
    expect(files).toHaveLength(1);
    // Posted once to each place that asked, with the file that was made.
    expect(h.publisher.recaps).toHaveLength(1);
    expect(h.publisher.recaps[0]!.place).toMatchObject({ platform: 'discord', chatId: 'c1' });
    expect(h.publisher.recaps[0]!.recap.videoPath).toBe(path.join(h.config.dataDir, 'media', files[0]!));
    expect(h.publisher.recaps[0]!.text).toContain('Paws of Fate: the story so far, episodes 1–2');
    expect(h.publishers.telegram.recaps.map((r) => r.place.chatId)).toEqual(['-100777']);

    // Asked again after it is made: here it was posted already; elsewhere it is posted, not made again.
    expect(await h.say('/series recap', viewer(1))).toContain('already up here');
    expect(await h.say('/series recap paws-of-fate', viewer(4), chan('c9'))).toContain('is on its way');
    await h.settle();
    expect(renderer.recaps()).toHaveLength(1);
    expect(h.publisher.recaps.map((r) => r.place.chatId)).toEqual(['c1', 'c9']);
    expect(h.publisher.recaps[1]!.recap.id).toBe(made.episodeId);

    // The next episode makes the old recap stale: the next ask makes a new one.
    await nextEpisode(h);
    expect(await h.say('/series recap', viewer(1))).toContain('up to episode 3');
    await h.settle();
    expect(renderer.recaps().map((r) => r.number)).toEqual([2, 3]);
    expect(h.publisher.recaps.map((r) => r.recap.upToEpisode)).toEqual([2, 2, 3]);
    const failed = await h.handle.db.selectFrom('jobs').select('key').where('status', '=', 'failed').execute();
    expect(failed).toEqual([]);
  });

  it('is the script of the story: the published episodes, their staging, and the open ballot at the end', async () => {
    const renderer = await harness();
    await h.say(PREMISE, moderator());
    await h.settle();
    await nextEpisode(h);
    await nextEpisode(h);
    await h.say('/series recap', viewer(1));
    await h.settle();
    const req = renderer.recaps()[0]!;
    const script = req.script as { title: string; scenes: { beat: string; setting: string; characters: { name: string }[]; narration: string }[] };
    expect(script.title).toBe('Paws of Fate: the story so far');
    expect(script.scenes[0]!.beat).toBe('hook');
    expect(script.scenes.at(-1)!.beat).toBe('cliffhanger');
    expect(script.scenes.at(-1)!.narration).toContain('You decide.');
    // Every scene is staged as an episode staged one of its own.
    const episodes = await h.handle.db.selectFrom('episodes').select(['script']).where('status', '=', 'published').execute();
    const staged = new Set(episodes.flatMap((e) => (JSON.parse(e.script!) as typeof script).scenes.map((s) => JSON.stringify([s.setting, s.characters.map((c) => c.name)]))));
    for (const scene of script.scenes) expect(staged).toContain(JSON.stringify([scene.setting, scene.characters.map((c) => c.name)]));
    // It ends on the open ballot of the latest episode.
    const latest = h.publisher.posts.at(-1)!;
    expect(latest.episode.number).toBe(3);
    expect(req.options).toEqual(latest.ballot.options.filter((o) => o.status === 'active').map((o) => ({ letter: o.letter, label: o.label })));
  });

  it('comes to a channel that follows the series once there is more than one episode', async () => {
    await harness();
    await h.say(PREMISE, moderator());
    await h.settle();
    const tg = chan('-100456', 'telegram');
    // With one episode, the episode is the story so far.
    expect(await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), tg)).not.toContain('story so far');
    await h.settle();
    expect(h.publishers.telegram.posts).toHaveLength(1);
    expect(h.publishers.telegram.recaps).toHaveLength(0);

    await nextEpisode(h);
    const late = chan('c2');
    expect(await h.say('/series follow paws-of-fate', moderator(2), late)).toContain('The story so far is coming too');
    await h.settle();
    const here = h.publisher.recaps.filter((r) => r.place.chatId === 'c2');
    expect(here.map((r) => r.recap.upToEpisode)).toEqual([2]);
    expect(h.publisher.posts.filter((p) => p.place.chatId === 'c2').map((p) => p.episode.number)).toEqual([2]);
  });

  it('is made again when asked again after it could not be made', async () => {
    const renderer = await harness();
    await h.say(PREMISE, moderator());
    await h.settle();
    await nextEpisode(h);
    let fail = true;
    const inner = renderer.render.bind(renderer);
    renderer.render = (req) => (fail && req.episodeId.startsWith('rc') ? Promise.reject(new Error('no disk left')) : inner(req));
    await h.say('/series recap', viewer(1));
    // Every attempt fails (three, ten and twenty seconds apart): the recap and the post waiting for it fail.
    for (let i = 0; i < 3; i++) await h.advance(60_000);
    const recap = await h.handle.db.selectFrom('recaps').selectAll().executeTakeFirstOrThrow();
    expect(recap.status).toBe('failed');
    expect(recap.error).toContain('no disk left');
    expect(h.publisher.recaps).toHaveLength(0);
    fail = false;
    expect(await h.say('/series recap', viewer(1))).toContain('Making “the story so far” of “Paws of Fate”, up to episode 2');
    await h.settle();
    expect(h.publisher.recaps.map((r) => r.place.chatId)).toEqual(['c1']);
  });
});
