import { describe, expect, it } from 'vitest';
import type { ChosenTwist } from '../../src/core/story/episode.js';
import type { Bible, StoryState } from '../../src/core/story/model.js';
import { initialState, MAX_FACTS, MAX_SAID, SUMMARY_LINES } from '../../src/core/story/state.js';
import { buildPrompt, estimateTokens, quote } from '../../src/writer/prompt.js';
import { bibleFor, castOf, request } from './fixtures.js';

const PREMISE = "A hamster chef is framed for poisoning the mayor's parrot at the gala dinner";
const CAST = castOf('Pip: hamster, Rex: German Shepherd, Coco: parrot');
const base = bibleFor(PREMISE, CAST, 'melodrama', 7);
const BIBLE: Bible = { ...base, genre: 'mystery', incident: { ...base.incident!, accused: 'Pip', culprit: 'Rex' } };

function state(n: number, change: (s: StoryState) => void = () => {}): StoryState {
  const s = initialState(BIBLE);
  s.episode = n;
  s.characters.Coco = { condition: 'unconscious', place: BIBLE.places[0]!.name };
  s.threads.push({
    id: 't2',
    question: 'Who left the kitchen door open?',
    about: ['Pip', 'Rex'],
    clues: ['A muddy pawprint by the door'],
    status: 'open',
    opened: 2,
    closed: null,
    answer: null,
    central: false,
  });
  s.cliffhanger = { text: 'Rex finds a torn napkin under the stove.', who: ['Rex'], place: 'the restaurant kitchen', thread: 't2' };
  s.summary = ['Pip was blamed for the poisoning.', 'Coco fell into a coma.'];
  change(s);
  return s;
}

const WITNESS: ChosenTwist = {
  op: { kind: 'witness', actor: 'Pip', target: 'Rex', object: null, thread: null, words: null },
  label: 'Pip saw Rex sneaking away',
  teaser: 'The chef remembers the corridor.',
  source: 'writer',
};

const prompt = (n: number, s: StoryState, chosen: ChosenTwist | null = WITNESS, bible: Bible = BIBLE) =>
  buildPrompt(request({ episodeNumber: n, before: s, chosen, bible, cast: CAST }, { premise: PREMISE }));

describe('the LLM prompt', () => {
  it('carries the bible, the state, the twist to pay off and the cliffhanger to answer', () => {
    const { system, user } = prompt(3, state(2));
    expect(user).toContain(`Central question: ${quote("Who really poisoned the mayor's parrot?")} (thread t1)`);
    expect(user).toContain(`- Pip: ${quote('hamster')}, protagonist, ${quote('the hamster chef')}`);
    expect(user).toContain('Body: wings, beak, crest, tail feathers, feathers, talons.');
    expect(user).toContain(`- t2 about Pip, Rex, since episode 2: ${quote('Who left the kitchen door open?')}; clues: ${quote('A muddy pawprint by the door')}`);
    expect(user).toMatch(/- Coco: unconscious, at .* — cannot speak or be on screen\./);
    expect(user).toContain(`- ${quote('Coco fell into a coma.')}`);
    expect(user).toContain(`${quote('Rex finds a torn napkin under the stove.')} — who: Rex; place: ${quote('the restaurant kitchen')}; thread t2.`);
    expect(user).toContain(`Operation: ${quote({ kind: 'witness', actor: 'Pip', target: 'Rex', object: null })} — A saw B sneaking away right after the event.`);
    expect(user).toMatch(/What it changed: new fact <data>"Pip saw Rex sneaking away right after .*"<\/data> \(public\)/);
    expect(user).toContain('Pay it off in scenes 1–3: name Pip and Rex; on screen: Pip and Rex; Pip does it to Rex, not the other way round.');
    expect(user).toContain(`The secret truth (the characters do not know it; plant fair clues, never say it outright): ${quote('Rex')} did it.`);
    expect(system).toContain('Characters who are unconscious, missing or dead do not speak and are not on screen');
    expect(system).toContain('No character says their own name.');
    expect(system).toContain('a parrot has wings, a beak and feathers, never paws');
  });

  it('offers the kinds of twist that fit the genre, and legal options to start from', () => {
    const { user } = prompt(3, state(2));
    expect(user).toContain('Kinds for a mystery story');
    expect(user).toContain('- alibi: A proves B’s alibi for the event is a lie');
    expect(user).not.toMatch(/^- (kiss|propose|coma):/m);
    expect(user).toMatch(/^- <data>\{"kind":"[a-z_]+","actor":"(Pip|Rex)",/m);
    const rivalry = prompt(3, state(2), WITNESS, { ...BIBLE, genre: 'rivalry' }).user;
    expect(rivalry).toContain('- sabotage: A secretly ruins B’s prop');
    expect(rivalry).not.toMatch(/^- alibi:/m);
  });

  it('sets up the premise in episode 1, and reveals the truth at the answer', () => {
    const first = prompt(1, initialState(BIBLE), null).user;
    expect(first).toContain('This is episode 1: introduce the cast and the premise; "previously" is null.');
    expect(first).not.toContain('THE LAST CLIFFHANGER');
    const answer = prompt(17, state(16)).user;
    expect(answer).toContain('this episode is the answer');
    expect(answer).toContain(`The truth, to be revealed now: ${quote('Rex')} did it.`);
  });

  it('quotes a community twist in its own words, as data', () => {
    const words = 'Coco faked the whole poisoning to escape the mayor';
    const { user } = prompt(
      3,
      state(2, (s) => (s.characters.Coco = { condition: 'fine', place: 'the gala dinner' })),
      { op: undefined, label: words, teaser: words, source: 'community' },
    );
    expect(user).toContain(`The audience's own words (use them in the payoff): ${quote(words)}`);
    expect(user).toContain('from the community');
  });

  it('stays bounded however long the series runs', () => {
    const names = BIBLE.roles.map((r) => r.name);
    const long = (label: string, n: number) => `${label} ${n}: ${'a long and winding detail of the story that keeps going '.repeat(6)}`.slice(0, 200);
    // Episode 50 with everything the state can hold, at its bounds.
    const full = state(49, (s) => {
      s.facts = Array.from({ length: MAX_FACTS }, (_, i) => ({
        id: `f${i + 1}`,
        episode: i,
        kind: i % 2 ? 'witnessed' : 'betrayed',
        actor: names[i % 3]!,
        target: names[(i + 1) % 3]!,
        object: null,
        text: `${long('fact', i)}${'x'.repeat(40)}`,
        known: i % 3 ? [names[i % 3]!] : [],
        public: i % 3 === 0,
      }));
      s.threads = Array.from({ length: 14 }, (_, i) => ({
        id: `t${i + 1}`,
        question: `${long('question', i)}?`,
        about: names.slice(0, 2),
        clues: Array.from({ length: 12 }, (_, j) => long(`clue ${i}`, j)),
        status: i < 10 ? ('open' as const) : ('closed' as const),
        opened: i,
        closed: i < 10 ? null : i + 1,
        answer: i < 10 ? null : long('answer', i),
        central: i === 0,
      }));
      s.summary = Array.from({ length: SUMMARY_LINES }, (_, i) => `${long('summary', i)}${'y'.repeat(100)}`);
      s.said = Array.from({ length: MAX_SAID }, (_, i) => i.toString(36));
      s.relations = s.relations.map((r) => ({ ...r, trust: -3, feeling: 'grudge' }));
      s.cliffhanger = { text: long('cliffhanger', 49), who: ['Rex', 'Pip'], place: 'the restaurant kitchen', thread: 't2' };
    });
    const at50 = estimateTokens(prompt(50, full));
    const at10 = estimateTokens(prompt(10, state(9)));
    const at1 = estimateTokens(prompt(1, initialState(BIBLE), null));
    expect(at1).toBeLessThan(3000);
    expect(at10).toBeLessThan(3500);
    // Everything at its bounds still fits a small context, well under the reply's room.
    expect(at50).toBeLessThan(7000);
    const user = prompt(50, full).user;
    expect(user.match(/^- f\d+: /gm)!.length).toBeLessThanOrEqual(14);
    expect(user).toContain('- f60: ');
    expect(user.match(/^- t\d+/gm)).toHaveLength(6);
  });
});
