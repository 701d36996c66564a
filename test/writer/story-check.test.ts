import { describe, expect, it } from 'vitest';
import type { StoryInput } from '../../src/core/ports.js';
import type { ChosenTwist } from '../../src/core/story/episode.js';
import type { Bible, StoryState, TwistOp } from '../../src/core/story/model.js';
import { initialState, sayHash } from '../../src/core/story/state.js';
import type { Script } from '../../src/writer/script.js';
import { checkStory, type EpisodeDraft, type SceneChange } from '../../src/writer/story-check.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { bibleFor, castOf, request, runSeries, type SeriesRun } from './fixtures.js';

const PREMISE = "A hamster chef is framed for poisoning the mayor's parrot at the gala dinner";
const CAST = castOf('Pip: hamster, Rex: German Shepherd, Coco: parrot');
const base = bibleFor(PREMISE, CAST, 'melodrama', 7);
/** The story as the tests need it, whatever the premise parser guesses: a mystery that Rex really did. */
const BIBLE: Bible = {
  ...base,
  genre: 'mystery',
  places: ['the gala dinner', 'the restaurant kitchen', 'the police station', 'the town hall'].map((name) => ({ name, fromPremise: true })),
  props: ['the poison vial', 'a torn napkin', 'a security photo'],
  incident: { ...base.incident!, accused: 'Pip', culprit: 'Rex' },
};

/** After episode 2: Coco in a coma, Rex sniffing at a clue in the kitchen. */
function before(change: (s: StoryState) => void = () => {}): StoryState {
  const s = initialState(BIBLE);
  s.episode = 2;
  s.characters.Coco = { condition: 'unconscious', place: 'the town hall' };
  s.cliffhanger = { text: 'Rex sniffs a torn napkin and growls.', who: ['Rex'], place: 'the restaurant kitchen', thread: 't1' };
  change(s);
  return s;
}

const ACCUSE: ChosenTwist = {
  op: { kind: 'accuse', actor: 'Rex', target: 'Pip', object: null, thread: null, words: null },
  label: 'Rex accuses Pip in front of everyone',
  teaser: 'The detective points a paw.',
  source: 'writer',
};

function story(opts: { chosen?: ChosenTwist | null; state?: StoryState; episode?: number } = {}): StoryInput {
  const episodeNumber = opts.episode ?? 3;
  return request({ episodeNumber, before: opts.state ?? before(), chosen: opts.chosen === undefined ? ACCUSE : opts.chosen, bible: BIBLE, cast: CAST }, { premise: PREMISE }).story;
}

type Draft = EpisodeDraft & { script: Script; twists: { label: string; op: TwistOp }[]; changes: SceneChange[] };

/** An episode that keeps every rule, for the story above. */
function draft(): Draft {
  return {
    script: {
      title: 'The Napkin',
      hook: 'Rex points straight at Pip.',
      previously: 'Previously: Rex accuses Pip in front of everyone.',
      scenes: [
        {
          beat: 'hook',
          setting: 'the restaurant kitchen',
          characters: [
            { name: 'Rex', emotion: 'angry' },
            { name: 'Pip', emotion: 'scared' },
          ],
          narration: 'Rex slams a torn napkin on the counter and accuses Pip of the poisoning, loud enough for every cook to hear.',
          dialogue: [
            { speaker: 'Rex', line: 'You poisoned that parrot, chef.' },
            { speaker: 'Pip', line: 'I would never hurt anyone, detective.' },
          ],
          seconds: 10,
        },
        {
          beat: 'payoff',
          setting: 'the gala dinner',
          characters: [
            { name: 'Pip', emotion: 'crying' },
            { name: 'Rex', emotion: 'smug' },
          ],
          narration: 'Every guest at the gala dinner turns to stare as Pip stuffs both cheek pouches with shame.',
          dialogue: [{ speaker: 'Pip', line: 'Somebody here knows the truth.' }],
          seconds: 10,
        },
        {
          beat: 'turn',
          setting: 'the police station',
          characters: [{ name: 'Rex', emotion: 'shocked' }],
          narration: "Rex studies the napkin under a lamp, and Rex's ears flatten: it smells of almonds.",
          dialogue: [{ speaker: 'Rex', line: 'Almonds. Nobody ordered almonds.' }],
          seconds: 10,
        },
        {
          beat: 'cliffhanger',
          setting: 'the town hall',
          characters: [{ name: 'Pip', emotion: 'scared' }],
          narration: 'A shadow moves behind Pip, and a door clicks shut.',
          dialogue: [],
          seconds: 5,
        },
      ],
      cliffhanger: 'A shadow moves behind Pip, and a door clicks shut.',
      twists: [
        { kind: 'clue', label: 'Pip finds a security photo pointing at Rex', teaser: 'A picture is worth a thousand lies.' },
        { kind: 'witness', label: 'Pip saw Rex sneaking away', teaser: 'The chef remembers the corridor.' },
        { kind: 'frame', label: 'Rex plants the poison vial on Pip', teaser: 'Evidence appears where it should not.' },
      ],
    },
    twists: [
      { label: 'Pip finds a security photo pointing at Rex', op: { kind: 'clue', actor: 'Pip', target: 'Rex', object: 'a security photo', thread: null, words: null } },
      { label: 'Pip saw Rex sneaking away', op: { kind: 'witness', actor: 'Pip', target: 'Rex', object: null, thread: null, words: null } },
      { label: 'Rex plants the poison vial on Pip', op: { kind: 'frame', actor: 'Rex', target: 'Pip', object: 'the poison vial', thread: null, words: null } },
    ],
    changes: [
      { type: 'move', scene: 2, name: 'Pip', place: 'the gala dinner' },
      { type: 'clue', scene: 3, thread: 't1', clue: 'The napkin smells of almonds' },
    ],
    cliffhanger: { text: 'A shadow moves behind Pip, and a door clicks shut.', who: ['Pip'], place: 'the town hall', thread: 't1' },
    summary: 'Rex accused Pip; a napkin smelling of almonds turned up.',
  };
}

const check = (d: EpisodeDraft, input: StoryInput = story(), episode = 3) => checkStory(input, d, { episode, cast: CAST });

describe('the story checker', () => {
  it('passes an episode that keeps the story, and returns the state after it', () => {
    const result = check(draft());
    expect(result.problems).toEqual([]);
    expect(result.after!.threads.find((t) => t.id === 't1')!.clues).toContain('The napkin smells of almonds');
    expect(result.after!.characters.Pip!.place).toBe('the gala dinner');
    expect(result.after!.episode).toBe(3);
  });

  it('refuses changes that do not apply', () => {
    const d = draft();
    d.changes = [...d.changes, { type: 'clue', scene: 3, thread: 't9', clue: 'A feather' }];
    expect(check(d).problems).toContain('the changes do not apply: there is no thread t9');
    d.changes = [{ type: 'condition', scene: 2, name: 'Mittens', condition: 'hurt' }];
    expect(check(d).problems).toContain('the changes do not apply: Mittens is not in the cast');
    d.changes = [{ type: 'move', scene: 9, name: 'Pip', place: 'the town hall' }];
    expect(check(d).problems[0]).toMatch(/in scene 9, but the episode has scenes 1 to 4/);
  });

  it('refuses a coma patient who speaks or is on screen', () => {
    const d = draft();
    d.script.scenes[2]!.characters.push({ name: 'Coco', emotion: 'happy' });
    d.script.scenes[2]!.dialogue.push({ speaker: 'Coco', line: 'I saw everything that night.' });
    const problems = check(d).problems;
    expect(problems).toContain('Coco is unconscious and cannot speak in scene 3');
    expect(problems.some((p) => p.startsWith('Coco is unconscious and cannot be on screen in scene 3'))).toBe(true);
  });

  it('follows conditions scene by scene: silenced after the scene it happens in, awake from the scene they wake in', () => {
    const d = draft();
    d.changes = [...d.changes, { type: 'condition', scene: 2, name: 'Pip', condition: 'missing' }];
    // Pip vanishes in scene 2 (still there), and is back on screen in scene 4.
    const problems = check(d).problems;
    expect(problems.filter((p) => !p.startsWith('twist option'))).toEqual(['Pip is missing and cannot be on screen in scene 4 (show the others; narration may speak of Pip)']);
    // …and a missing chef can do nothing on the next ballot.
    expect(problems).toContain('twist option 2 (“Pip saw Rex sneaking away”): it cannot happen after this episode: Pip is missing');
    const woken = draft();
    woken.changes = [...woken.changes, { type: 'condition', scene: 3, name: 'Coco', condition: 'in hospital' }];
    woken.script.scenes[2]!.characters.push({ name: 'Coco', emotion: 'shocked' });
    woken.script.scenes[2]!.dialogue.push({ speaker: 'Coco', line: 'Where am I? What day is it?' });
    expect(check(woken).problems).toEqual([]);
  });

  it('lets a twist that knocks someone out show it happening, then keeps them off screen', () => {
    const coma: ChosenTwist = {
      op: { kind: 'coma', actor: 'Coco', target: 'Rex', object: null, thread: null, words: null },
      label: 'Coco slips into a coma',
      teaser: 'The monitor flatlines.',
      source: 'writer',
    };
    const input = story({ chosen: coma, state: before((s) => (s.characters.Coco = { condition: 'in hospital', place: 'the town hall' })) });
    expect(input.state.characters.Coco!.condition).toBe('unconscious');
    const d = draft();
    d.script.scenes[0]!.characters = [
      { name: 'Rex', emotion: 'shocked' },
      { name: 'Coco', emotion: 'scared' },
    ];
    d.script.scenes[0]!.narration = 'Rex watches the monitor as Coco slips into a coma, one wing still twitching.';
    d.script.scenes[0]!.dialogue = [{ speaker: 'Coco', line: 'Rex, the napkin...' }];
    d.script.hook = 'Rex cannot look away.';
    d.twists = [d.twists[0]!, d.twists[2]!];
    expect(check(d, input).problems).toEqual([]);
    d.script.scenes[3]!.characters.push({ name: 'Coco', emotion: 'sad' });
    expect(check(d, input).problems).toEqual(['Coco is unconscious and cannot be on screen in scene 4 unless asleep in bed (action “sleep”) (show the others; narration may speak of Coco)']);
    // Lying in bed, silent, an unconscious character may be seen: the genre's hospital bedside.
    d.script.scenes[3]!.characters.at(-1)!.action = 'lie in bed';
    expect(check(d, input).problems).toEqual([]);
    d.script.scenes[3]!.dialogue.push({ speaker: 'Coco', line: 'Where am I?' });
    expect(check(d, input).problems).toContain('Coco is unconscious and cannot speak in scene 4');
  });

  it('refuses an episode that does not pay off the twist with its own persons', () => {
    const d = draft();
    for (const s of d.script.scenes.slice(0, 3)) {
      s.characters = [{ name: 'Rex', emotion: 'angry' }];
      s.dialogue = s.dialogue.filter((l) => l.speaker === 'Rex');
      s.narration = s.narration.replace(/Pip/g, 'the chef');
    }
    d.script.hook = 'Rex growls.';
    const problems = check(d).problems;
    expect(problems).toContain('the twist is not paid off: Pip must be on screen in the first 3 scenes');
    expect(problems).toContain('the twist is not paid off: the first 3 scenes never name Pip');
  });

  it('refuses a community twist paid off without its own words', () => {
    const community: ChosenTwist = { op: undefined, label: 'Rex was secretly working for the mayor all along', teaser: '', source: 'community' };
    const input = story({ chosen: community });
    expect(input.twist!.op.words).toBe('Rex was secretly working for the mayor all along');
    const d = draft();
    const problems = check(d, input).problems;
    expect(problems.some((p) => p.startsWith('the community twist is not paid off in its own words') && p.includes('mayor'))).toBe(true);
    d.script.scenes[0]!.narration = 'Pip finds the letter that proves it: Rex was secretly working for the mayor all along.';
    expect(check(d, input).problems).toEqual([]);
  });

  it('refuses ballot options that cannot happen after the episode, or presuppose what never happened', () => {
    const d = draft();
    d.twists = [
      { label: 'Rex accuses Pip again', op: { kind: 'accuse', actor: 'Rex', target: 'Pip', object: null, thread: null, words: null } },
      { label: 'Pip betrays Rex over the fire', op: { kind: 'betray', actor: 'Pip', target: 'Rex', object: 'the fire', thread: null, words: null } },
      { label: 'Rex tells Pip a secret', op: { kind: 'reveal', actor: 'Rex', target: 'Pip', object: 'f99', thread: null, words: null } },
      { label: 'Rex kisses Pip', op: { kind: 'kiss', actor: 'Rex', target: 'Pip', object: null, thread: null, words: null } },
    ];
    const problems = check(d).problems;
    expect(problems).toContain('twist option 1 (“Rex accuses Pip again”): it cannot happen after this episode: Rex already accused Pip');
    expect(problems.find((p) => p.startsWith('twist option 2'))).toMatch(/presupposes “the fire”, which the story does not have/);
    expect(problems.find((p) => p.startsWith('twist option 3'))).toMatch(/presupposes “f99”/);
    expect(problems.find((p) => p.startsWith('twist option 4'))).toMatch(/“kiss” is not a kind of twist for a mystery story/);
  });

  it('checks the ballot against the state after the changes, not before', () => {
    const d = draft();
    expect(check(d).problems).toEqual([]);
    // Pip is arrested at the end: nobody can frame Pip any more, and Pip can search nothing.
    d.changes = [...d.changes, { type: 'condition', scene: 4, name: 'Pip', condition: 'arrested' }];
    expect(check(d).problems).toEqual([
      'twist option 1 (“Pip finds a security photo pointing at Rex”): it cannot happen after this episode: Pip is arrested',
      'twist option 3 (“Rex plants the poison vial on Pip”): it cannot happen after this episode: Pip is already locked up',
    ]);
  });

  it('refuses a label that does not say who does it, or names someone else', () => {
    const d = draft();
    d.twists[1] = { label: 'A witness comes forward', op: d.twists[1]!.op };
    d.twists[2] = { label: 'Rex plants the vial on Pip while Coco sleeps', op: d.twists[2]!.op };
    const problems = check(d).problems;
    expect(problems).toContain('twist option 2 (“A witness comes forward”): its label or teaser must name who does it (Pip)');
    expect(problems).toContain('twist option 3 (“Rex plants the vial on Pip while Coco sleeps”): its label names Coco, who is not in its operation');
  });

  it('refuses narration that names another place of the story than its own setting', () => {
    const d = draft();
    d.script.scenes[2]!.narration = 'Rex studies the napkin under a lamp, thinking of the gala dinner.';
    expect(check(d).problems).toEqual(['scene 3 is set in “the police station” but its narration names the gala dinner: one place a scene']);
  });

  it('refuses a character who says their own name', () => {
    const d = draft();
    d.script.scenes[1]!.dialogue = [{ speaker: 'Pip', line: 'Pip never lies, and Pip never poisons.' }];
    expect(check(d).problems).toEqual(['Pip says their own name in scene 2: “Pip never lies, and Pip never poisons.”']);
  });

  it('refuses bodies a species does not have', () => {
    const d = draft();
    d.script.scenes[2]!.narration = "Rex studies the napkin, and Rex's wings droop.";
    d.script.scenes[1]!.dialogue = [{ speaker: 'Pip', line: 'My tail is shaking, look at it.' }];
    const problems = check(d).problems;
    expect(problems.find((p) => p.startsWith('Rex is a German Shepherd and has no wings (scene 3)'))).toBeTruthy();
    expect(problems.find((p) => p.startsWith('Pip is a hamster and has no'))).toBeTruthy();
  });

  it('refuses lines already said in the series', () => {
    const names = BIBLE.roles.map((r) => r.name);
    const input = story({ state: before((s) => (s.said = [sayHash('Somebody here knows the truth.', names)])) });
    expect(check(draft(), input).problems).toEqual(['“Somebody here knows the truth.” was already said in an earlier episode: write a new line']);
  });

  it("lets the season's question come back from an earlier episode, and an old line of dialogue once, but nothing twice in one episode", () => {
    const names = BIBLE.roles.map((r) => r.name);
    const d = draft();
    d.script.scenes[2]!.narration = `${d.script.scenes[2]!.narration} ${BIBLE.question}`;
    const line = sayHash('Somebody here knows the truth.', names);
    const filler = Array.from({ length: 400 }, (_, i) => `x${i}`);
    // The question and a line heard 400 sentences ago: a refrain, and a line back once.
    expect(check(d, story({ state: before((s) => (s.said = [sayHash(BIBLE.question, names), line, ...filler])) })).problems).toEqual([]);
    // A line that already came back once (r…) does not come back again.
    expect(check(d, story({ state: before((s) => (s.said = [line, `r${line}`, ...filler])) })).problems).toEqual([
      '“Somebody here knows the truth.” was already said in an earlier episode: write a new line',
    ]);
    d.script.scenes[3]!.narration = `${d.script.scenes[3]!.narration} ${BIBLE.question}`;
    expect(check(d).problems).toEqual([`“${BIBLE.question}” is said twice in this episode`]);
  });

  it('refuses a hook that ignores the last cliffhanger', () => {
    const input = story();
    input.cliffhanger = { text: 'Someone creeps into the town hall.', who: ['Coco'], place: 'the town hall', thread: null };
    expect(check(draft(), input).problems).toEqual(['the hook does not answer the last cliffhanger: the first scene must take it up (Coco, the town hall)']);
  });

  it('keeps the central question for the answer, and the answer true', () => {
    const d = draft();
    d.changes = [...d.changes, { type: 'close', scene: 4, thread: 't1', answer: 'Coco did it.' }];
    expect(check(d).problems[0]).toMatch(/^the central question \(t1\) is answered only at the arc's answer/);
    const answer = story({ episode: 17, state: before((s) => (s.episode = 16)) });
    expect(answer.beat).toBe('answer');
    expect(check(d, answer, 17).problems).toContain('the answer to the central question must be the truth: Rex did it');
    d.changes[2] = { type: 'close', scene: 4, thread: 't1', answer: 'Rex did it, to frame the chef.' };
    expect(check(d, answer, 17).problems.filter((p) => p.includes('central'))).toEqual([]);
  });

  it('leaves who really did it to the story', () => {
    const d = draft();
    d.changes = [...d.changes, { type: 'fact', scene: 4, kind: 'culprit', actor: 'Pip', target: null, object: null, text: 'Pip did it.', known: [], public: true }];
    expect(check(d).problems).toContain("a fact of kind “culprit” is the story's own; use another kind");
  });
});

describe('the story checker in Chinese', () => {
  const cast = castOf('豆豆: 仓鼠, 团子: 鹦鹉, 可乐: 柴犬');
  let run: SeriesRun | undefined;
  /** Episode 3 of a Chinese series as the offline writer wrote it. */
  async function episode(): Promise<SeriesRun['episodes'][number]> {
    run ??= await runSeries(new OfflineWriter(), {
      premise: '一只仓鼠会计被指控偷了面包店的营业款，只有夜班的鹦鹉看见是谁打开了保险箱。',
      cast,
      tone: 'thriller',
      seed: 5,
      episodes: 3,
      pick: (n) => n,
    });
    return run.episodes[2]!;
  }
  const draftOf = (e: SeriesRun['episodes'][number]): Draft =>
    structuredClone({ script: e.written.script as Script, twists: [...e.written.twists], changes: [...e.written.story.changes], cliffhanger: e.written.story.cliffhanger });
  const checkZh = (e: SeriesRun['episodes'][number], d: EpisodeDraft) => checkStory(e.request.story, d, { episode: e.request.episodeNumber, cast });

  it('passes a Chinese episode that keeps the story', async () => {
    const e = await episode();
    expect(checkZh(e, draftOf(e)).problems).toEqual([]);
  });

  it('counts Chinese by characters and hears a clause said again after another lead-in', async () => {
    const e = await episode();
    const d = draftOf(e);
    const [one, two] = [d.script.scenes[1]!, d.script.scenes[2]!];
    one.narration += '豆豆在靠垫上踩起了奶。对不起。';
    two.narration += '那天夜里，豆豆在靠垫上踩起了奶。对不起。';
    // The clause of ten characters is heard twice; "对不起" is too short to count.
    expect(checkZh(e, d).problems).toEqual(['“那天夜里，豆豆在靠垫上踩起了奶。” says again what this episode already said (“豆豆在靠垫上踩起了奶”)']);
    one.dialogue = [{ speaker: one.characters[0]!.name, line: '你到底把钥匙藏到哪里去了？' }];
    two.dialogue = [{ speaker: two.characters[0]!.name, line: '你到底把钥匙藏到哪里去了？' }];
    expect(checkZh(e, d).problems).toContain('“你到底把钥匙藏到哪里去了？” is said twice in this episode');
  });

  it("refuses Chinese body words a species lacks: a parrot's whiskers, a dog's own wings", async () => {
    const e = await episode();
    const d = draftOf(e);
    const scene = d.script.scenes[1]!;
    scene.narration += '团子的翅膀扑棱了一下。';
    expect(checkZh(e, d).problems).toEqual([]);
    scene.narration += '团子的胡须抖个不停。';
    scene.dialogue = [...scene.dialogue, { speaker: '可乐', line: '我的小翅膀都在发抖。' }];
    const problems = checkZh(e, d).problems;
    expect(problems).toContain('团子 is a 鹦鹉 and has no 胡须 (scene 2): use 翅膀, 喙');
    expect(problems).toContain('可乐 is a 柴犬 and has no 翅膀 (scene 2): use 爪子, 鼻子');
  });
});
