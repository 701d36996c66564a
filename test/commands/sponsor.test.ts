import { afterEach, describe, expect, it } from 'vitest';
import { episodePlainText, episodeEmbed } from '../../src/adapters/discord/views.js';
import { episodeCaption } from '../../src/adapters/telegram/format.js';
import { authorise, disclosureOf, parseEpisodeSpan, type Sponsor } from '../../src/core/sponsors.js';
import { ScriptSchema } from '../../src/writer/script.js';
import { sponsorProblems } from '../../src/writer/sponsor.js';
import { makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.';
const ADD = '/mod sponsor add brand=Purrfect product="Salmon Crunch" tier=prop episodes="next 2" brief="A crunchy treat for brave moments"';

describe.each(dialects)('sponsor placements (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function running(): Promise<Harness> {
    h = await makeHarness(dialect);
    expect(await h.say(NEW, moderator())).toContain('begins');
    await h.settle();
    return h;
  }
  const auditRows = () => h.handle.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('action', 'like', 'sponsor.%').orderBy('at').orderBy('id').execute();
  /** Votes A and closes the ballot: the next episode is written, rendered and posted. */
  async function nextEpisode(): Promise<void> {
    await h.say('/vote A', viewer(1));
    expect(await h.say('/mod close-vote', moderator())).toContain('wins');
    await h.settle();
  }

  it('refuses a sponsor to anyone but a moderator, in the command and in the engine, and writes nothing', async () => {
    await running();
    expect(await h.say(ADD, viewer(1))).toBe('Only moderators can do that.');
    const series = await h.handle.db.selectFrom('series').select('id').executeTakeFirstOrThrow();
    await expect(h.app.engine.sponsors.add(viewer(1), series.id, { brand: 'Purrfect', product: 'Salmon Crunch', brief: 'A treat', tier: 'prop', episodes: { next: 1 } })).rejects.toMatchObject({
      code: 'not-moderator',
    });
    expect(await h.handle.db.selectFrom('sponsors').select('id').execute()).toEqual([]);
    expect(await auditRows()).toEqual([]);
  });

  it('adds, lists, edits and removes a sponsor, auditing each, and keeps one sponsor per episode', async () => {
    await running();
    expect(await h.say(ADD, moderator())).toBe(
      '💼 Sponsor #1 is in: Purrfect’s Salmon Crunch, as a prop someone uses, episodes 2–3. Every placement goes in the audit log, and those episodes say “Sponsored by Purrfect” on screen and #ad in every caption.',
    );
    expect(await h.say('/mod sponsor list', moderator())).toBe(
      '💼 Sponsors of Paws of Fate:\n#1 Purrfect — Salmon Crunch · as a prop someone uses · episodes 2–3 · “A crunchy treat for brave moments”',
    );
    expect(await h.say('/mod sponsor add brand=Woofy product=Ball tier=background episodes=3-4 brief="Bouncy fun"', moderator())).toContain('Sponsor #1 (Purrfect) already has episodes 2–3');
    expect(await h.say('/mod sponsor add brand=Woofy product=Ball tier=background episodes=1 brief="Bouncy fun"', moderator())).toContain('the next one to write is 2');
    expect(await h.say('/mod sponsor add brand=Woofy product=Ball tier=background episodes=soon brief="Bouncy fun"', moderator())).toContain('Episodes go like 3-5, 7 or next 3');
    expect(await h.say('/mod sponsor add brand=Woofy', moderator())).toContain('To add a sponsor, give brand, product, tier, episodes, brief.');
    expect(await h.say('/mod sponsor add brand=Woofy product=Ball tier=background episodes=4-5 brief="Bouncy fun"', moderator())).toContain('Sponsor #2 is in');
    expect(await h.say('/mod sponsor edit number=1 tier=featured', moderator())).toBe(
      '💼 Sponsor #1 updated: Purrfect’s Salmon Crunch, in a scene built around it, episodes 2–3. Episodes already written keep what they had.',
    );
    expect(await h.say('/mod sponsor edit tier=featured', moderator())).toContain('Which sponsor?');
    expect(await h.say('/mod sponsor remove Woofy', moderator())).toBe('💼 Sponsor #2 (Woofy) is out. Episodes already written keep their placement.');
    expect(await h.say('/mod sponsor remove 2', moderator())).toContain('No active sponsor #2 here');
    // One clock tick for all of them: compared in order of action.
    expect((await auditRows()).map((r) => [r.action, r.actor_id]).sort()).toEqual([
      ['sponsor.add', 'discord:mod1'],
      ['sponsor.add', 'discord:mod1'],
      ['sponsor.edit', 'discord:mod1'],
      ['sponsor.remove', 'discord:mod1'],
    ]);
    expect(JSON.parse((await auditRows()).find((r) => r.action === 'sponsor.edit')!.details)).toMatchObject({ sponsor: 1, changed: { tier: ['prop', 'featured'] } });
  });

  it('writes the sponsor into its episodes only, records and audits each placement, and every caption discloses it', async () => {
    await running();
    await h.say(ADD, moderator());
    await nextEpisode(); // episode 2
    await nextEpisode(); // episode 3
    await nextEpisode(); // episode 4: after the sponsor's episodes
    const episodes = await h.handle.db.selectFrom('episodes').select(['id', 'number', 'script', 'status']).orderBy('number').execute();
    expect(episodes.map((e) => e.status)).toEqual(['published', 'published', 'published', 'published']);
    const scripts = episodes.map((e) => ScriptSchema.parse(JSON.parse(e.script!)));
    expect(scripts.map((s) => s.sponsor?.brand ?? null)).toEqual([null, 'Purrfect', 'Purrfect', null]);
    for (const s of scripts.slice(1, 3)) {
      expect(s.sponsor).toMatchObject({ product: 'Salmon Crunch', tier: 'prop' });
      expect(sponsorProblems(s, { brand: 'Purrfect', product: 'Salmon Crunch', brief: '', tier: 'prop' })).toEqual([]);
    }
    expect(JSON.stringify(scripts[3])).not.toContain('Salmon Crunch');

    const placements = await h.handle.db.selectFrom('sponsor_placements').select(['episode_number', 'tier', 'holder']).orderBy('episode_number').execute();
    expect(placements.map((p) => [p.episode_number, p.tier, p.holder])).toEqual([
      [2, 'prop', scripts[1]!.sponsor!.holder],
      [3, 'prop', scripts[2]!.sponsor!.holder],
    ]);
    const placed = (await auditRows()).filter((r) => r.action === 'sponsor.placed').map((r) => ({ ...JSON.parse(r.details), actor: r.actor_id }));
    expect(placed.sort((a, b) => a.episode - b.episode)).toEqual([
      expect.objectContaining({ sponsor: 1, brand: 'Purrfect', episode: 2, tier: 'prop', authorisedBy: 'discord:mod1' }),
      expect.objectContaining({ sponsor: 1, brand: 'Purrfect', episode: 3, tier: 'prop', authorisedBy: 'discord:mod1' }),
    ]);

    // What each platform posts: the sponsored episodes carry the disclosure, the others do not.
    const posted = h.publisher.posts.map((p) => p.episode);
    expect(posted.map((e) => [e.number, e.sponsoredBy ?? null])).toEqual([
      [1, null],
      [2, 'Purrfect'],
      [3, 'Purrfect'],
      [4, null],
    ]);
    const two = posted[1]!;
    expect(disclosureOf(two, 'en')).toEqual({ brand: 'Purrfect', tag: '#ad', onScreen: 'Sponsored by Purrfect', caption: '#ad · Sponsored by Purrfect' });
    expect(disclosureOf(two, 'de')?.caption).toBe('#ad #Werbung · Präsentiert von Purrfect');
    expect(disclosureOf(posted[0], 'en')).toBeNull();
    expect(episodeCaption(two, undefined, 'en')).toContain('\n\n#ad · Sponsored by Purrfect\n\n');
    expect(episodeCaption(posted[0]!, undefined, 'en')).not.toContain('#ad');
    expect(episodePlainText(two, 'ja')).toContain('#ad #PR · 提供：Purrfect');
    const ballot = h.publisher.posts[1]!.ballot;
    expect(episodeEmbed(two, ballot, 'en').description).toMatch(/^#ad · Sponsored by Purrfect\n\n/);
    expect(episodeEmbed(posted[3]!, ballot, 'en').description).not.toContain('#ad');

    // The studio's report: each placement with the votes and posts of its episode.
    const series = await h.handle.db.selectFrom('series').select('id').executeTakeFirstOrThrow();
    const [report] = await h.app.engine.sponsors.report(series.id);
    expect(report!.placements.map((p) => [p.number, p.votes, p.posts])).toEqual([
      [2, 1, 1],
      [3, 1, 1],
    ]);
  });

  it('takes a sponsor no moderator placed out of a script, and refuses a script that left the placed one out', () => {
    const script = { title: 'x', scenes: [{}, {}, {}, {}], sponsor: { brand: 'Sneaky', product: 'Soda', tier: 'background', scene: 1, holder: null } };
    expect(authorise(script, undefined)).toEqual({ script: { title: 'x', scenes: [{}, {}, {}, {}] }, placement: null });
    const sponsor = { brand: 'Purrfect', product: 'Salmon Crunch', tier: 'prop', series_id: 's', number: 1 } as Sponsor;
    expect(() => authorise({ title: 'x', scenes: [{}, {}] }, sponsor)).toThrow('left out the sponsor placement of Purrfect');
    const kept = authorise({ scenes: [{}, {}, {}], sponsor: { brand: 'PURRFECT', product: 'salmon crunch', tier: 'prop', scene: 2, holder: 'Rex' } }, sponsor);
    expect(kept.placement).toEqual({ brand: 'Purrfect', product: 'Salmon Crunch', tier: 'prop', scene: 2, holder: 'Rex' });
  });
});

describe('episode spans', () => {
  it('reads ranges, single episodes and "next N", and refuses the rest', () => {
    expect(parseEpisodeSpan('3-5')).toEqual({ first: 3, last: 5 });
    expect(parseEpisodeSpan(' 3 – 5 ')).toEqual({ first: 3, last: 5 });
    expect(parseEpisodeSpan('#7')).toEqual({ first: 7, last: 7 });
    expect(parseEpisodeSpan('next 3')).toEqual({ next: 3 });
    expect(parseEpisodeSpan('Next-2')).toEqual({ next: 2 });
    for (const bad of ['5-3', 'next 0', 'soon', '1-500', '']) expect(() => parseEpisodeSpan(bad), bad).toThrow();
  });
});
