import { afterEach, describe, expect, it } from 'vitest';
import { bibleText, feelingPhrase, publicStory, storyText } from '../../commands/format.js';
import { commands } from '../../commands/index.js';
import { slashCommands } from '../../src/adapters/discord/slash-commands.js';
import { parseCommandText } from '../../src/core/command-text.js';
import { bibleFromPremise } from '../../src/core/story/premise.js';
import type { StoryView } from '../../src/core/story/service.js';
import { arcBeat } from '../../src/core/story/arc.js';
import { initialState } from '../../src/core/story/state.js';
import { readEpisodeStory } from '../../src/core/story/service.js';
import { chan, HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const PREMISE = "A hamster chef is framed for poisoning the mayor's parrot at the gala dinner";
const CAST = 'Pip: hamster, Rex: German Shepherd, Coco: parrot';
const NEW = `/series new "The Hamster Chef" ${PREMISE} cast="${CAST}"`;

/** A story as core makes it from the premise, before episode 1, to shape by hand. */
function sampleView(): StoryView {
  const bible = bibleFromPremise({
    title: 'The Hamster Chef',
    premise: PREMISE,
    tone: 'melodrama',
    cast: [
      { name: 'Pip', species: 'hamster', personality: 'anxious' },
      { name: 'Rex', species: 'German Shepherd', personality: 'weary' },
      { name: 'Coco', species: 'parrot', personality: 'proud' },
    ],
    seed: 1,
  });
  return { bible, state: initialState(bible), nextBeat: arcBeat(1, bible.seasonLength) };
}

describe('the story as viewers read it', () => {
  it('says how characters feel about each other in words', () => {
    expect(feelingPhrase({ trust: 2, feeling: 'neutral' })).toBe('trusts');
    expect(feelingPhrase({ trust: -1, feeling: 'neutral' })).toBe('suspects');
    expect(feelingPhrase({ trust: 0, feeling: 'neutral' })).toBeNull();
    expect(feelingPhrase({ trust: 2, feeling: 'love' })).toBe('loves');
    expect(feelingPhrase({ trust: -2, feeling: 'grudge' })).toBe('holds a grudge against');
    expect(feelingPhrase({ trust: -3, feeling: 'neutral' })).toBe('hates');

    const view = sampleView();
    const s = view.state;
    const set = (from: string, to: string, trust: number, feeling: 'neutral' | 'love' | 'grudge') => {
      const r = s.relations.find((x) => x.from === from && x.to === to)!;
      Object.assign(r, { trust, feeling });
    };
    set('Pip', 'Rex', 2, 'neutral');
    set('Pip', 'Coco', -1, 'neutral');
    set('Rex', 'Pip', 2, 'love');
    set('Coco', 'Pip', -2, 'grudge');
    s.characters.Coco = { condition: 'missing', place: 'the town hall' };
    const text = storyText('The Hamster Chef', publicStory(view));
    expect(text).toContain('• Pip, the hamster chef (protagonist) — fine, at the gala dinner. Trusts Rex; suspects Coco.');
    expect(text).toMatch(/• Rex, .*Loves Pip/);
    expect(text).toMatch(/• Coco, the mayor's parrot \(victim\) — missing, last seen in the town hall\. Trusts Rex; holds a grudge against Pip\./);
  });

  it('shows threads with their latest clues and answers, and keeps secrets and the culprit out', () => {
    const view = sampleView();
    const s = view.state;
    s.episode = 6;
    s.cliffhanger = { text: 'Rex finds the poison vial in Pip’s apron.', who: ['Rex', 'Pip'], place: 'the restaurant kitchen', thread: 't1' };
    s.threads[0]!.clues = ['a muddy pawprint by the cake', 'a torn napkin with a feather', 'a security photo with a shadow', 'the poison vial smells of seeds'];
    s.threads.push({
      id: 't2',
      question: 'Why did Rex lie about the rooftop?',
      about: ['Rex'],
      clues: [],
      status: 'closed',
      opened: 2,
      closed: 5,
      answer: 'Rex was meeting the mayor in secret.',
      central: false,
    });
    s.threads.push({
      id: 't3',
      question: 'Who sent Coco the letter?',
      about: ['Coco'],
      clues: [],
      status: 'closed',
      opened: 3,
      closed: 4,
      answer: 'Coco confessed to Pip: Coco was behind it all.',
      central: false,
    });
    s.facts.push({ id: 'f9', episode: 4, kind: 'hid', actor: 'Rex', target: null, object: null, text: 'Rex hid the recipe book in the freezer.', known: ['Rex', 'Pip'], public: false });
    s.threads[0]!.clues.push('Rex told Pip: rex hid the recipe book in the freezer');
    s.facts.push({ id: 'f10', episode: 5, kind: 'argued', actor: 'Pip', target: 'Rex', object: null, text: 'Pip and Rex argued at the town hall.', known: [], public: true });
    // Make the culprit the story's antagonist: a label that would give them away.
    view.bible.roles.find((r) => r.name === 'Coco')!.role = 'antagonist';
    s.culprit = 'Coco';
    view.nextBeat = arcBeat(7, view.bible.seasonLength);

    const story = publicStory(view);
    const text = storyText('The Hamster Chef', story);
    expect(text).toContain("❓ Who really poisoned the mayor's parrot?");
    expect(text).toContain('6 episodes in · next: episode 7 of 20, complications.');
    expect(text).toContain('Last time: Rex finds the poison vial');
    expect(text).toContain("• Who really poisoned the mayor's parrot? (the central question, from the start)");
    // The latest three clues, the older one counted.
    expect(text).toContain('🔍 the poison vial smells of seeds');
    expect(text).not.toContain('a muddy pawprint by the cake');
    expect(text).toContain('1 earlier clue');
    expect(text).not.toContain('freezer');
    expect(text).toContain('Why did Rex lie about the rooftop? — Rex was meeting the mayor in secret. (episode 5)');
    // No secret: not a hidden fact, not the culprit (nor an answer or a label that names them).
    for (const f of s.facts.filter((x) => !x.public)) expect(text).not.toContain(f.text);
    expect(text).not.toContain('behind');
    expect(text).not.toMatch(/culprit/i);
    expect(text).toContain("• Coco, the mayor's parrot (suspect)");
    expect(story.known.map((k) => k.text)).toContain('Pip and Rex argued at the town hall.');
    expect(story.known.map((k) => k.text)).not.toContain('Rex hid the recipe book in the freezer.');
    expect(text.length).toBeLessThan(2000);

    // Once everyone knows, the label is back.
    s.facts.find((f) => f.kind === 'culprit')!.public = true;
    expect(storyText('The Hamster Chef', publicStory(view))).toContain("• Coco, the mayor's parrot (antagonist)");
  });

  it('shows moderators the whole bible, the culprit only where the chat is private', () => {
    const view = sampleView();
    const text = bibleText('The Hamster Chef', view);
    expect(text).toContain('Genre: mystery');
    expect(text).toContain('Places: the gala dinner');
    expect(text).toContain(`🔒 Culprit (secret): ${view.bible.incident!.culprit}`);
    expect(bibleText('The Hamster Chef', view, { showCulprit: false })).not.toContain(`Culprit (secret): ${view.bible.incident!.culprit}`);
  });

  it('fits the command on Discord and reads it from text', () => {
    const mod = slashCommands(commands).find((c) => c.name === 'mod') as { options: { name: string; description: string; options: { name: string; required: boolean; description: string }[] }[] };
    const story = mod.options.find((o) => o.name === 'story')!;
    expect(story.options.map((o) => [o.name, o.required])).toEqual([
      ['field', false],
      ['value', false],
    ]);
    for (const o of [story, ...story.options]) expect(o.description.length).toBeLessThanOrEqual(100);
    const series = slashCommands(commands).find((c) => c.name === 'series') as { options: { name: string }[] };
    expect(series.options.map((o) => o.name)).toContain('story');
    expect(parseCommandText(commands, '/mod story question Who really poisoned Coco?').args).toEqual({ field: 'question', value: 'Who really poisoned Coco?' });
    expect(parseCommandText(commands, '/mod story').args).toEqual({});
  });
});

describe.each(dialects)('story commands (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function running(): Promise<{ id: string }> {
    h = await makeHarness(dialect);
    expect(await h.say(NEW, moderator())).toContain('begins');
    await h.settle();
    return { id: (await h.app.engine.series.find('the-hamster-chef')).id };
  }

  it('/series story shows the question, the threads and where everyone stands, and never a secret', async () => {
    const { id } = await running();
    for (let episode = 1; episode <= 8; episode++) {
      const view = await h.app.engine.story.view(id);
      expect(view.state.episode).toBe(episode);
      const reply = await h.app.commandText('/series story', viewer(1), chan());
      expect(reply.ephemeral).toBe(true);
      const text = reply.text;
      const central = view.state.threads.find((t) => t.central && t.status === 'open');
      expect(text).toContain(`❓ ${central?.question ?? view.bible.question}`);
      expect(text).toContain('🧵 Open threads');
      for (const t of view.state.threads.filter((x) => x.status === 'open').slice(0, 1)) expect(text).toContain(t.question);
      for (const r of view.bible.roles) {
        const c = view.state.characters[r.name]!;
        expect(text).toContain(`• ${r.name}, ${r.title}`);
        expect(text).toMatch(new RegExp(`• ${r.name}, .*— ${c.condition === 'arrested' ? 'under arrest' : c.condition}`));
      }
      for (const f of view.state.facts.filter((x) => !x.public)) expect(text.toLowerCase(), `secret of episode ${episode}`).not.toContain(f.text.toLowerCase().replace(/[.!?]+$/, ''));
      expect(text).not.toContain('Culprit');
      const culprit = view.state.culprit;
      if (culprit && !view.state.facts.some((f) => f.public && f.kind === 'culprit'))
        expect(text).not.toContain(`• ${culprit}, ${view.bible.roles.find((r) => r.name === culprit)?.title} (antagonist)`);
      await h.say('/vote A', viewer(episode));
      await h.advance(HOUR);
    }
    // In a private chat too, naming the series.
    const dm = await h.app.commandText('/series story the-hamster-chef', viewer(2), chan('dm-2', 'telegram'), { isPrivate: true });
    expect(dm.text).toContain('“The Hamster Chef” — the story so far');
  });

  it('/mod story is for moderators, shows them the bible and keeps the culprit out of a group chat', async () => {
    const { id } = await running();
    expect(await h.say('/mod story', viewer(1))).toBe('Only moderators can do that.');
    expect(await h.say('/mod story genre comedy', viewer(1))).toBe('Only moderators can do that.');
    const bible = (await h.app.engine.story.view(id)).bible;
    const reply = await h.app.commandText('/mod story', moderator(), chan());
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain(`Genre: ${bible.genre}`);
    expect(reply.text).toContain(`Central question: ${bible.question}`);
    expect(reply.text).toContain(`🔒 Culprit (secret): ${bible.incident!.culprit}`);
    // Telegram shows a group every reply: the culprit is not in it.
    const tg = chan('tg-1', 'telegram');
    await h.say('/series follow the-hamster-chef', moderator(1, 'telegram'), tg);
    const group = await h.say('/mod story', moderator(1, 'telegram'), tg);
    expect(group).toContain(`Genre: ${bible.genre}`);
    expect(group).not.toContain(`Culprit (secret): ${bible.incident!.culprit}`);
  });

  it('corrects every field of the bible and says the next episode follows it', async () => {
    const { id } = await running();
    const m = moderator();
    const bible = async () => (await h.app.engine.story.view(id)).bible;
    expect(await h.say('/mod story genre Comedy', m)).toBe('📓 The genre is now comedy. The next episode follows the corrected bible.');
    expect((await bible()).genre).toBe('comedy');
    expect(await h.say('/mod story question Who really poisoned Coco', m)).toContain('The central question is now: Who really poisoned Coco?');
    expect((await bible()).question).toBe('Who really poisoned Coco?');
    // The central thread follows the corrected question.
    expect(await h.say('/series story', viewer(1))).toContain('❓ Who really poisoned Coco?');
    expect(await h.say('/mod story role rex antagonist', m)).toContain('Rex is now the antagonist');
    expect((await bible()).roles.find((r) => r.name === 'Rex')!.role).toBe('antagonist');
    expect(await h.say('/mod story role Coco love interest, the mayor’s glamorous parrot', m)).toContain('Coco is now the love interest (the mayor’s glamorous parrot).');
    expect((await bible()).roles.find((r) => r.name === 'Coco')).toMatchObject({ name: 'Coco', role: 'love interest', title: 'the mayor’s glamorous parrot' });
    expect(await h.say('/mod story places the midnight bakery, the rooftop garden,', m)).toContain('The places are now: the midnight bakery and the rooftop garden.');
    expect((await bible()).places.map((p) => p.name)).toEqual(['the midnight bakery', 'the rooftop garden']);
    expect(await h.say('/mod story props the poison vial; the recipe book', m)).toContain('The props are now: the poison vial and the recipe book.');
    expect((await bible()).props).toEqual(['the poison vial', 'the recipe book']);
    expect(await h.say('/mod story props none', m)).toContain('The story has no props now.');
    const culpritReply = await h.say('/mod story culprit rex', m);
    expect(culpritReply).toContain('The secret culprit is now Rex.');
    // Said plainly when the episodes written so far have it otherwise.
    expect(culpritReply.includes('Heads-up: after episode 1')).toBe((await h.app.engine.story.view(id)).state.culprit !== 'Rex');
    expect((await bible()).incident!.culprit).toBe('Rex');
    expect(await h.say('/mod story culprit none', m)).toContain('Who did it is undecided now.');
    expect((await bible()).incident!.culprit).toBeNull();
    const audit = await h.handle.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'story.correct').execute();
    expect(audit).toHaveLength(9);
    expect(new Set(audit.map((a) => a.actor_id))).toEqual(new Set([m.id]));
  });

  it('explains bad corrections and changes nothing', async () => {
    const { id } = await running();
    const m = moderator();
    const before = JSON.stringify((await h.app.engine.story.view(id)).bible);
    expect(await h.say('/mod story colour red', m)).toBe('The story bible has no “colour”. You can correct: genre, question, role, places, props, culprit — e.g. /mod story genre mystery.');
    expect(await h.say('/mod story genre opera', m)).toBe('The genre must be one of: mystery, rivalry, medical, romance, revenge, family, comedy.');
    expect(await h.say('/mod story genre', m)).toContain('The genre must be one of');
    expect(await h.say('/mod story role Bruno antagonist', m)).toBe('There is no character called “Bruno”. The cast is Pip, Rex, Coco.');
    expect(await h.say('/mod story role Rex villain', m)).toContain('The role must be one of: protagonist, antagonist');
    expect(await h.say('/mod story role Rex', m)).toContain('Which role for Rex?');
    expect(await h.say('/mod story role', m)).toContain('Say whose role and which');
    expect(await h.say('/mod story culprit Bruno', m)).toContain('There is no character called “Bruno”');
    expect(await h.say('/mod story culprit', m)).toContain('Say who did it');
    expect(await h.say('/mod story places', m)).toBe('Give between 1 and 6 places, separated by commas.');
    expect(await h.say('/mod story places , ,', m)).toBe('Give between 1 and 6 places, separated by commas.');
    expect(await h.say('/mod story places none', m)).toBe('Give between 1 and 6 places, separated by commas.');
    expect(await h.say('/mod story places a, b, c, d, e, f, g', m)).toBe('Give between 1 and 6 places, separated by commas.');
    expect(await h.say(`/mod story places ${'x'.repeat(61)}`, m)).toBe('Place is too long (61 characters); keep it to 60.');
    expect(await h.say(`/mod story question Who ${'really '.repeat(30)}did it?`, m)).toMatch(/^The central question is too long \(\d+ characters\); keep it to 200\.$/);
    expect(await h.say('/mod story question \u0000\u0007\u202E', m)).toBe("The central question can't be empty.");
    expect(await h.say('/mod story question Who?', m)).toBe('The central question needs at least 5 characters.');
    expect(await h.say('/mod story places \u0007\u200B, \u0000', m)).toBe('Give between 1 and 6 places, separated by commas.');
    expect(JSON.stringify((await h.app.engine.story.view(id)).bible)).toBe(before);
    // Control characters inside a value are cleaned away.
    expect(await h.say('/mod story question Who\u0007 poisoned\u202E the parrot', m)).toContain('The central question is now: Who poisoned the parrot?');
    expect(await h.say('/mod story places the\u0000 bakery', m)).toContain('The places are now: the bakery.');
  });

  it('writes the next episode in the corrected places', async () => {
    const { id } = await running();
    const m = moderator();
    expect(await h.say('/mod story places the midnight bakery, the rooftop garden', m)).toContain('The places are now');
    await h.say('/vote A', viewer(1));
    await h.advance(HOUR);
    const episode = await h.handle.db.selectFrom('episodes').selectAll().where('series_id', '=', id).where('number', '=', 2).executeTakeFirstOrThrow();
    expect(episode.status).not.toBe('failed');
    const script = JSON.parse(episode.script!) as { scenes: { setting: string }[] };
    const settings = script.scenes.map((s) => s.setting.toLowerCase());
    expect(
      settings.some((s) => s.includes('the midnight bakery') || s.includes('the rooftop garden')),
      settings.join(' | '),
    ).toBe(true);
    expect(readEpisodeStory(episode.story)).toBeDefined();
  });
});
