import { describe, expect, it } from 'vitest';
import {
  checkPayoff,
  distinctSentences,
  hookOffscreen,
  labelTemplate,
  maxLineRepeats,
  payoffMismatch,
  placeClashes,
  placesPerEpisode,
  premiseCoverage,
  premiseTerms,
  presuppositionFailures,
  repeatedWinningTemplates,
  selfAddress,
  speciesMismatches,
  stem,
  unfitSpeakers,
} from '../../bench/story-metrics.js';
import type { DemoEpisode, DemoResult } from '../../src/demo.js';
import type { EpisodeStory } from '../../src/core/story/model.js';
import type { Script } from '../../src/writer/script.js';

type Scene = Script['scenes'][number];

const CAST = [
  { name: 'Pip', species: 'guinea pig' },
  { name: 'Rex', species: 'German Shepherd' },
  { name: 'Coco', species: 'parrot' },
];
const PREMISE = "A guinea pig bookkeeper is accused of stealing the bakery's takings, and only a parrot saw who opened the safe.";

function scene(narration: string, who: string[] = ['Pip', 'Rex'], more: Partial<Scene> = {}): Scene {
  return { beat: 'escalation', setting: 'living room', characters: who.map((name) => ({ name, emotion: 'sad' as const })), narration, dialogue: [], seconds: 5, ...more };
}

const say = (speaker: string, line: string) => ({ speaker, line });

interface EpisodeInput {
  scenes: Scene[];
  hook?: string;
  previously?: string | null;
  /** The twist that won the ballot after this episode. */
  winner?: { label: string; teaser?: string; source?: string };
  story?: Partial<EpisodeStory>;
}

function episode(number: number, input: EpisodeInput): DemoEpisode {
  const scenes = input.scenes.map((s, i) => ({ ...s, beat: i === 0 ? ('hook' as const) : i === input.scenes.length - 1 ? ('cliffhanger' as const) : s.beat }));
  const script: Script = {
    title: `Episode ${number}`,
    hook: input.hook ?? scenes[0]!.narration.slice(0, 80),
    previously: input.previously ?? null,
    scenes,
    cliffhanger: scenes.at(-1)!.narration,
    twists: [],
  };
  const w = input.winner;
  return {
    number,
    title: script.title,
    script,
    ballot: w ? [{ letter: 'A', label: w.label.slice(0, 55), teaser: w.teaser ?? 'Nobody saw it coming.', source: w.source ?? 'writer', twist: null }] : [],
    winner: w ? { letter: 'A', label: w.label.slice(0, 55), source: w.source ?? 'writer' } : null,
    story: (input.story as EpisodeStory | undefined) ?? null,
  };
}

function series(episodes: EpisodeInput[], premise = PREMISE): DemoResult {
  return { series: { title: 'T', premise, tone: 'thriller', cast: CAST, bible: null }, episodes: episodes.map((e, i) => episode(i + 1, e)) };
}

const plain = (text: string, who?: string[]): EpisodeInput => ({ scenes: [scene(text, who), scene('Rain falls.', who)] });

describe('story metrics: words', () => {
  it('stems lightly and maps irregular forms and a few synonyms to one key', () => {
    expect(new Set(['fake', 'fakes', 'faked', 'faking'].map(stem)).size).toBe(1);
    expect(stem('betrays')).toBe(stem('betrayal'));
    expect(stem('stole')).toBe(stem('stealing'));
    expect(stem('death')).toBe(stem('dies'));
    expect(stem('mayor’s')).toBe('mayor');
    expect(stem('poisoning')).toBe(stem('poisoned'));
  });

  it('takes the premise terms from the premise, without cast names, species or stop words', () => {
    const terms = premiseTerms(PREMISE, CAST);
    expect(terms).toEqual(expect.arrayContaining([stem('bookkeeper'), stem('accused'), stem('bakery'), stem('takings'), stem('safe')]));
    for (const gone of ['guinea', 'pig', 'parrot', 'pip', 'only', 'the', 'saw']) expect(terms).not.toContain(stem(gone));
  });
});

describe('story metrics: the premise', () => {
  it('counts the episodes after the first that name the premise, and not those that do not', () => {
    const demo = series([plain('Pip starts at the bakery.'), plain('The bakery smells of burnt sugar.'), plain('Rex lies again at the car park.'), plain('Who emptied the safe?')]);
    const c = premiseCoverage(demo);
    expect(c.total).toBe(3);
    expect(c.hits).toBe(2);
    expect(c.findings.map((f) => f.episode)).toEqual([3]);
  });

  it('does not count the "previously" recap or the premise animal as naming the premise', () => {
    const demo = series([plain('Pip starts.'), { ...plain('Coco the parrot flaps.'), previously: 'Previously: the bakery takings vanished.' }]);
    expect(premiseCoverage(demo).hits).toBe(0);
  });
});

describe('story metrics: presuppositions', () => {
  it('counts a winning twist that takes for granted an event that never happened', () => {
    const demo = series([{ ...plain('Pip counts the takings.'), winner: { label: 'Pip frames Rex for the fire' } }, plain('Smoke.')]);
    const c = presuppositionFailures(demo);
    expect(c.hits).toBe(1);
    expect(c.findings[0]!.what).toContain('the fire');
  });

  it('does not count it once the event happened on screen, or when the twist introduces it as new', () => {
    const happened = series([{ ...plain('The kitchen fire burns all night.'), winner: { label: 'Pip frames Rex for the fire' } }, plain('Smoke.')]);
    expect(presuppositionFailures(happened).hits).toBe(0);
    const introduced = series([{ ...plain('Pip counts the takings.'), winner: { label: 'Pip has a secret twin', teaser: 'Same eyes.' } }, plain('Two Pips.')]);
    expect(presuppositionFailures(introduced).hits).toBe(0);
    const possessive = series([{ ...plain('Pip counts the takings.'), winner: { label: "Pip's twin takes her place" } }, plain('Two Pips.')]);
    expect(presuppositionFailures(possessive).hits).toBe(1);
    // An oath of revenge is not a wedding; wedding vows are.
    const oath = series([{ ...plain('Pip counts the takings.'), winner: { label: 'Pip vows revenge on Rex' } }, plain('Pip waits.')]);
    expect(presuppositionFailures(oath).hits).toBe(0);
    const vows = series([{ ...plain('Pip counts the takings.'), winner: { label: 'Pip forgets the vows' } }, plain('Pip waits.')]);
    expect(presuppositionFailures(vows).hits).toBe(1);
  });

  it('reads the teaser too, and the will as a noun only', () => {
    const teaser = series([{ ...plain('Pip counts.'), winner: { label: 'Rex hides the truth', teaser: 'It happened on their anniversary.' } }, plain('.')]);
    expect(presuppositionFailures(teaser).hits).toBe(1);
    const modal = series([{ ...plain('Pip counts.'), winner: { label: 'Rex will never forgive Pip' } }, plain('.')]);
    expect(presuppositionFailures(modal).hits).toBe(0);
    const fromPremise = series([{ ...plain('Pip counts.'), winner: { label: 'Rex burns the will' } }, plain('.')], 'When the old tortoise dies, her will leaves the bakery to one pet.');
    expect(presuppositionFailures(fromPremise).hits).toBe(0);
  });
});

describe('story metrics: payoff', () => {
  const cast = CAST.map((c) => c.name);

  it('accepts opening scenes that show the twist with its persons, in the right direction', () => {
    const check = checkPayoff('Rex betrays Pip', '', [scene('Pip wakes at the bakery.', ['Pip']), scene('Rex hands the recipe book to the rival bakery: a betrayal Pip never saw coming.')], cast);
    expect(check).toEqual({ ok: true, reasons: [] });
  });

  it('refuses a payoff that only reads the label out', () => {
    const check = checkPayoff('Rex betrays Pip', '', [scene('At midnight, everyone learns it: Rex betrays Pip.'), scene('Rain taps on the window.')], cast);
    expect(check.ok).toBe(false);
    expect(check.reasons.join()).toContain('empty payoff');
  });

  it('refuses an inverted doer, a person off screen, and missing key words', () => {
    const inverted = checkPayoff('Rex betrays Pip', '', [scene('Pip betrays Rex at the market, selling his secrets.')], cast);
    expect(inverted.reasons.join()).toContain('inverted');
    const passive = checkPayoff('Rex betrays Pip', '', [scene('Pip is betrayed by Rex, and the whole bakery knows.')], cast);
    expect(passive.ok).toBe(true);
    const away = checkPayoff('Coco steals the safe key', '', [scene('Someone steals the safe key from the counter.', ['Pip', 'Rex'])], cast);
    expect(away.reasons.join()).toContain('Coco not on screen');
    const lower = checkPayoff('coco steals the safe key', '', [scene('Someone steals the safe key from the counter.', ['Pip', 'Rex'])], cast, { anyCase: true });
    expect(lower.reasons.join()).toContain('Coco not on screen');
    const half = checkPayoff('Pip falls into a coma at the bakery', '', [scene('Pip falls asleep at home.', ['Pip'])], cast);
    expect(half.ok).toBe(false);
    expect(half.reasons.join()).toMatch(/missing/);
  });

  it('counts the episodes whose opening does not pay off the twist that won before them', () => {
    const demo = series([
      { ...plain('Pip counts the takings.'), winner: { label: 'Rex betrays Pip' } },
      { scenes: [scene('Rex slips the recipe to the rival: betrayal.'), scene('Pip cries.'), scene('Rain.')], winner: { label: 'Coco steals the safe key' } },
      { scenes: [scene('Previously unseen: nothing happens.'), scene('Rain.')] },
    ]);
    const c = payoffMismatch(demo);
    expect(c.total).toBe(2);
    expect(c.hits).toBe(1);
    expect(c.findings[0]!.episode).toBe(3);
  });

  it('counts community twists paid off only when the story shows them, not when the recap or a scene quotes them', () => {
    const suggestion = 'Rex was secretly working for the mayor all along';
    const quoted = series([
      { ...plain('Pip counts.'), winner: { label: suggestion, teaser: suggestion, source: 'community' } },
      { previously: `Previously: ${suggestion}.`, scenes: [scene(`At midnight, everyone learns it: ${suggestion}.`), scene('Rain.')] },
    ]);
    const q = payoffMismatch(quoted);
    expect(q.community).toMatchObject({ hits: 0, total: 1 });
    const shown = series([
      { ...plain('Pip counts.'), winner: { label: suggestion, teaser: suggestion, source: 'community' } },
      { scenes: [scene('Rex slips into the mayor’s office; the mayor pays him in secret.'), scene('Pip: “How long have you been working for him?”'), scene('Rain.')] },
    ]);
    expect(payoffMismatch(shown).community).toMatchObject({ hits: 1, total: 1 });
  });
});

describe('story metrics: places', () => {
  it('counts a scene whose narration names a place its setting does not name', () => {
    const demo = series([
      {
        scenes: [
          scene('Rex lies again at the car park.', ['Rex'], { setting: 'hospital room' }),
          scene('In the kitchen, Pip counts the takings.', ['Pip'], { setting: 'bakery kitchen' }),
          scene('Pip runs through the mansion.', ['Pip'], { setting: 'mansion library' }),
          scene('Rex waits at the car park.', ['Rex'], { setting: 'dog park' }),
          scene('Nothing but rain.', ['Rex'], { setting: 'office' }),
          // Not staging: an owner, and a question.
          scene("Pip counts the bakery's takings. Who will inherit the mansion?", ['Pip'], { setting: 'office' }),
        ],
      },
    ]);
    const c = placeClashes(demo);
    expect(c.total).toBe(4);
    expect(c.hits).toBe(2);
    expect(c.findings.map((f) => f.text)).toEqual(['Rex lies again at the car park.', 'Rex waits at the car park.']);
  });

  it('counts distinct settings per episode', () => {
    const demo = series([{ scenes: [scene('a', ['Pip'], { setting: 'bakery' }), scene('b', ['Pip'], { setting: 'Bakery' }), scene('c', ['Pip'], { setting: 'office' })] }]);
    expect(placesPerEpisode(demo)).toMatchObject({ hits: 2, total: 1 });
  });
});

describe('story metrics: repetition', () => {
  it('measures distinct spoken sentences with the names masked', () => {
    const repeated = series([
      { scenes: [scene('Pip trusted Rex.', ['Pip', 'Rex'], { dialogue: [say('Pip', 'I trusted you.')] }), scene('Rex trusted Pip.', ['Pip', 'Rex'], { dialogue: [say('Rex', 'I trusted you!')] })] },
    ]);
    expect(distinctSentences(repeated)).toMatchObject({ hits: 2, total: 4 });
    const fresh = series([{ scenes: [scene('Pip counts coins.'), scene('Rex sniffs the till.')] }]);
    expect(distinctSentences(fresh)).toMatchObject({ hits: 2, total: 2 });
  });

  it('finds the dialogue line said most often in a series, whoever it names', () => {
    const demo = series([
      { scenes: [scene('a', ['Pip', 'Rex'], { dialogue: [say('Pip', 'Rex, how could you?'), say('Rex', 'Pip, how could you?')] }), scene('b')] },
      { scenes: [scene('c', ['Coco', 'Rex'], { dialogue: [say('Rex', 'Coco, how could you?')] }), scene('d')] },
    ]);
    expect(maxLineRepeats(demo)).toEqual({ max: 3, line: '@ how could you' });
    expect(maxLineRepeats(series([{ scenes: [scene('a', ['Pip'], { dialogue: [say('Pip', 'One.')] }), scene('b')] }])).max).toBe(1);
  });

  it('finds the same winning template with other names and nouns', () => {
    const demo = series([
      { ...plain('a'), winner: { label: 'Pip frames Rex for the fire' } },
      { ...plain('b'), winner: { label: 'Coco frames Pip for the wedding cake' } },
      { ...plain('c'), winner: { label: 'Rex falls into a coma at midnight' } },
      { ...plain('d'), winner: { label: 'Coco falls into a coma under the first snow' } },
      plain('e'),
    ]);
    expect(labelTemplate('Pip frames Rex for the fire', ['Pip', 'Rex'])).toBe('@ frames @ for the #');
    const t = repeatedWinningTemplates(demo);
    expect(t.max).toBe(2);
    const varied = series([{ ...plain('a'), winner: { label: 'Pip frames Rex for the fire' } }, { ...plain('b'), winner: { label: 'Coco sings at dawn' } }, plain('c')]);
    expect(repeatedWinningTemplates(varied).max).toBe(1);
  });
});

describe('story metrics: speakers', () => {
  it('counts a line in which the speaker names themself', () => {
    const demo = series([{ scenes: [scene('a', ['Pip', 'Rex'], { dialogue: [say('Pip', 'How long, Pip? How long?'), say('Rex', 'Pip, listen.')] }), scene('b')] }]);
    const c = selfAddress(demo);
    expect(c.hits).toBe(1);
    expect(c.findings[0]!.text).toContain('How long, Pip?');
  });

  it('counts a character who speaks after the text put them in a coma, until they wake', () => {
    const demo = series([
      { scenes: [scene('At midnight, Pip falls into a coma.', ['Pip', 'Rex'], { dialogue: [say('Pip', 'Is anyone there?'), say('Rex', 'Stay with me.')] }), scene('Rain.')] },
      { scenes: [scene('The monitors beep.', ['Pip', 'Rex'], { dialogue: [say('Pip', 'I can hear you.')] }), scene('At dawn, Pip wakes up.', ['Pip'], { dialogue: [say('Pip', 'Where am I?')] })] },
    ]);
    const c = unfitSpeakers(demo);
    expect(c.hits).toBe(2);
    expect(c.findings.map((f) => f.text)).toEqual(['Pip: “Is anyone there?”', 'Pip: “I can hear you.”']);
  });

  it('does not count a fear that someone may never wake, what is said of someone else, or someone who just left', () => {
    const demo = series([
      { scenes: [scene('Rex fears Pip may never wake up; Rex’s hope dies.', ['Pip', 'Rex'], { dialogue: [say('Rex', 'Hold on.')] }), scene('b')] },
      { scenes: [scene('Pip disappears into the kitchen.', ['Pip']), scene('Pip comes out with a cake.', ['Pip'], { dialogue: [say('Pip', 'Surprise!')] })] },
    ]);
    expect(unfitSpeakers(demo).hits).toBe(0);
    const gone = series([
      { scenes: [scene('Pip goes missing after the gala.', ['Rex']), scene('The bakery.', ['Pip'], { dialogue: [say('Pip', 'I am here.')] })] },
      plain('Pip speaks again.', ['Pip']),
    ]);
    expect(unfitSpeakers(gone).hits).toBe(1);
  });

  it('counts a character whom the story state keeps dead through the episode, not one who came back', () => {
    const state = (condition: string) => ({ state: { characters: { Rex: { condition, place: 'bakery' } } } }) as unknown as Partial<EpisodeStory>;
    const line = { scenes: [scene('The bakery is quiet.', ['Pip', 'Rex'], { dialogue: [say('Rex', 'I am here.')] }), scene('b')] };
    const stillDead = series([
      { ...plain('a'), story: state('dead') },
      { ...line, story: state('dead') },
    ]);
    expect(unfitSpeakers(stillDead).hits).toBe(1);
    const cameBack = series([
      { ...plain('a'), story: state('dead') },
      { ...line, story: state('fine') },
    ]);
    expect(unfitSpeakers(cameBack).hits).toBe(0);
  });

  it('counts a bird that speaks of its paws, not of its wings', () => {
    const demo = series([{ scenes: [scene('a', ['Coco', 'Rex'], { dialogue: [say('Coco', 'My paws are shaking.'), say('Coco', 'My wings are tired.')] }), scene('b')] }]);
    const c = unfitSpeakers(demo);
    expect(c.hits).toBe(1);
    expect(c.findings[0]!.what).toContain('paws');
  });
});

describe('story metrics: species', () => {
  it('counts body parts that a character’s species lacks, however they are attributed', () => {
    const demo = series([
      {
        scenes: [
          scene('Coco hides the letter under the till, paws shaking.', ['Coco']),
          scene("Rex stares at Coco's paws.", ['Coco', 'Rex']),
          scene('Rex spreads his wings.', ['Rex']),
          scene("Pip's tail twitches.", ['Pip']),
        ],
      },
    ]);
    const c = speciesMismatches(demo);
    expect(c.findings.map((f) => f.what)).toEqual(['Coco (parrot) has paws', 'Coco (parrot) has paws', 'Rex (German Shepherd) has wings', 'Pip (guinea pig) has tail']);
    expect(c.findings[0]!.text).toBe('Coco hides the letter under the till, paws shaking.');
  });

  it('leaves alone the parts a species has, and words that are not its body', () => {
    const demo = series([
      {
        scenes: [
          scene('Coco spreads her wings over the safe.', ['Coco']),
          scene("Rex's paws thud down the east wing.", ['Rex']),
          scene('Pip stuffs the key into her cheek pouch, whiskers trembling.', ['Pip']),
          scene('Rex finds a feather on the floor.', ['Rex']),
          // Whose teeth? Rex has them: an attribution the reader cannot pin on Coco is not counted.
          scene('Rex growls at Coco, teeth bared.', ['Rex', 'Coco']),
        ],
      },
    ]);
    expect(speciesMismatches(demo).findings).toEqual([]);
  });
});

describe('story metrics: the hook', () => {
  it('counts an episode whose hook names someone who is not on screen', () => {
    const demo = series([
      { hook: 'Rex lies again at the car park.', scenes: [scene('Rex lies again at the car park.', ['Pip']), scene('b')] },
      { hook: 'Pip counts the takings twice.', scenes: [scene('Pip counts the takings twice.', ['Pip']), scene('b')] },
    ]);
    const c = hookOffscreen(demo);
    expect(c).toMatchObject({ hits: 1, total: 2 });
    expect(c.findings[0]!.episode).toBe(1);
  });
});
