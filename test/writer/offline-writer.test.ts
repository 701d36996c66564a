import { describe, expect, it } from 'vitest';
import { sentences } from '../../src/core/story/state.js';
import { checkPayoff } from '../../bench/story-metrics.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { ScriptSchema, type Script } from '../../src/writer/script.js';
import { totalSeconds } from '../../src/writer/timing.js';
import { castOf, runSeries, type SeriesRun } from './fixtures.js';

/** Premises of our own across genres, with pets other than cats and dogs. */
const PREMISES = [
  { premise: "A hamster chef is framed for poisoning the mayor's parrot at the gala dinner", cast: 'Pip: hamster, Rex: German Shepherd, Coco: parrot', tone: 'melodrama' },
  { premise: 'Two rival bakers, a rabbit and a corgi, must share one kitchen until the royal bake-off', cast: 'Clover: rabbit, Duke: corgi, Mabel: duck', tone: 'comedy' },
  { premise: "When grandma's will leaves the farm to the pig, the cats want it back", cast: 'Truffle: pig, Salem: black cat, Whiskers: tabby cat', tone: 'melodrama' },
  { premise: 'A budgie nurse falls for the fox who keeps visiting the hospital at night', cast: 'Kiwi: budgie, Ember: fox, Bruno: bulldog', tone: 'romance' },
];
const PLACE_WORDS = /\b(kitchen|restaurant|hospital|ballroom|gala|office|rooftop|garden|park|station|court|alley|library|mansion|farm|bakery|stage|school|hall)\b/gi;

const series = new Map<string, SeriesRun>();
/** A 20-episode series per premise and vote pattern, written once for every test here. */
async function run(i: number, pattern: 'first' | 'last' | 'mixed' = 'mixed', community: Record<number, string> = {}): Promise<SeriesRun> {
  const key = `${i}:${pattern}:${JSON.stringify(community)}`;
  if (!series.has(key)) {
    const p = PREMISES[i]!;
    series.set(
      key,
      await runSeries(new OfflineWriter(), {
        premise: p.premise,
        cast: castOf(p.cast),
        tone: p.tone,
        seed: 11 + i,
        episodes: 20,
        pick: (n, options) => community[n] ?? (pattern === 'first' ? 0 : pattern === 'last' ? options.length - 1 : (n * 7 + i) % options.length),
      }),
    );
  }
  return series.get(key)!;
}

const scriptOf = (e: SeriesRun['episodes'][number]) => e.written.script as Script;
const textOf = (scene: Script['scenes'][number]) => [scene.narration, ...scene.dialogue.map((d) => d.line)].join(' ');

describe('the offline writer', () => {
  it('writes valid scripts whose ballots can all happen, for premises, casts and votes of every kind', async () => {
    for (let i = 0; i < PREMISES.length; i++) {
      for (const pattern of ['first', 'last', 'mixed'] as const) {
        const { episodes } = await run(i, pattern);
        expect(episodes).toHaveLength(20);
        for (const e of episodes) {
          const parsed = ScriptSchema.safeParse(e.written.script);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
          expect(e.written.twists.length).toBeGreaterThanOrEqual(2);
        }
      }
    }
  });

  it('is deterministic: the same seed and votes give the same scripts', async () => {
    const p = PREMISES[0]!;
    const once = () => runSeries(new OfflineWriter(), { premise: p.premise, cast: castOf(p.cast), seed: 5, episodes: 6, pick: (n) => n });
    const [a, b] = [await once(), await once()];
    expect(b.episodes.map(scriptOf)).toEqual(a.episodes.map(scriptOf));
  });

  it('tells the premise: episode 1 shows its event and places, and every episode visits a place of it', async () => {
    const { bible, episodes } = await run(0);
    const first = scriptOf(episodes[0]!);
    expect(first.scenes.map(textOf).join(' ')).toMatch(/poison/i);
    const premisePlaces = bible.places.filter((p) => p.fromPremise).map((p) => p.name);
    expect(premisePlaces).toContain('the gala dinner');
    for (const e of episodes) {
      const script = scriptOf(e);
      const all = `${script.scenes.map((s) => `${s.setting} ${textOf(s)}`).join(' ')}`.toLowerCase();
      const named = [...premisePlaces, ...bible.props, bible.question].some((term) => all.includes(term.toLowerCase())) || /poison|parrot|chef|mayor/.test(all);
      expect(named, `episode ${e.request.episodeNumber} forgets the premise`).toBe(true);
    }
  });

  it('pays the winning twist off at once, by its own actor to its own target, in the words voted for', async () => {
    let checked = 0;
    const failed: string[] = [];
    for (let i = 0; i < PREMISES.length; i++) {
      const { bible, episodes } = await run(i, 'last');
      for (const e of episodes.slice(1)) {
        const op = e.request.story.twist!.op;
        const [hook, payoff] = scriptOf(e).scenes;
        const onScreen = [...hook!.characters, ...payoff!.characters].map((c) => c.name);
        // Who vanished is not seen; everyone else the twist is about is (a coma patient in the bed).
        if (op.kind !== 'vanish') expect(onScreen, `${op.kind} in episode ${e.request.episodeNumber}`).toContain(op.actor);
        const targetAwake = op.target && !['unconscious', 'missing', 'dead'].includes(e.request.story.state.characters[op.target]?.condition ?? 'dead');
        if (targetAwake) expect(onScreen, `${op.kind} in episode ${e.request.episodeNumber}`).toContain(op.target);
        expect(`${hook!.narration} ${payoff!.narration}`).toContain(op.actor);
        // Read as a viewer would (the story bench's judge): persons on screen, most of the label's words, the doer not inverted.
        const judged = checkPayoff(
          e.request.story.twist!.label,
          e.request.story.twist!.teaser,
          scriptOf(e).scenes.slice(0, 3),
          bible.roles.map((r) => r.name),
        );
        checked++;
        if (!judged.ok) failed.push(`${e.request.story.twist!.label}: ${judged.reasons.join('; ')}`);
      }
    }
    expect(failed.length / checked, failed.join('\n')).toBeLessThanOrEqual(0.1);
  });

  it('pays a community suggestion off in its own words and persons, and keeps it as a fact', async () => {
    const words = 'Rex was secretly working for the mayor all along';
    const { episodes } = await run(0, 'mixed', { 4: words });
    const e = episodes[4]!;
    expect(e.request.story.twist!.op).toMatchObject({ kind: 'community', actor: 'Rex' });
    const payoff = scriptOf(e).scenes[1]!;
    expect(payoff.characters.map((c) => c.name)).toContain('Rex');
    expect(payoff.dialogue.find((d) => d.speaker === 'Rex')?.line).toMatch(/^I was secretly working for the mayor all along/);
    expect(e.story.state.facts.some((f) => f.kind === 'community' && f.text.startsWith(words))).toBe(true);
  });

  it('never lets someone unconscious, missing or dead speak, and nobody says their own name', async () => {
    for (let i = 0; i < PREMISES.length; i++) {
      for (const pattern of ['first', 'last', 'mixed'] as const) {
        for (const e of (await run(i, pattern)).episodes) {
          const silent = Object.entries(e.story.state.characters)
            .filter(([, c]) => ['unconscious', 'missing', 'dead'].includes(c.condition))
            .map(([n]) => n);
          const before = Object.entries(e.request.story.state.characters)
            .filter(([, c]) => ['unconscious', 'missing', 'dead'].includes(c.condition))
            .map(([n]) => n);
          for (const scene of scriptOf(e).scenes) {
            for (const d of scene.dialogue) {
              expect(silent.includes(d.speaker) && before.includes(d.speaker), `${d.speaker} speaks while ${e.story.state.characters[d.speaker]?.condition}`).toBe(false);
              expect(d.line, `${d.speaker} names themself`).not.toMatch(new RegExp(`\\b${d.speaker}\\b`));
            }
          }
        }
      }
    }
  });

  it('gives each species its own body: no paws on a parrot, no wings on a dog', async () => {
    const bodies: Record<string, RegExp> = { Coco: /\b(paws?|fur|snout|hooves)\b/i, Rex: /\b(wings?|beak|feathers|talons)\b/i, Pip: /\b(wings?|beak|hooves|tail)\b/i };
    for (const e of (await run(0)).episodes) {
      for (const scene of scriptOf(e).scenes) {
        for (const s of sentences(scene.narration)) {
          const named = Object.keys(bodies).filter((n) => s.includes(n));
          // A sentence about one character alone: its body words are that character's.
          if (named.length === 1) expect(s, s).not.toMatch(bodies[named[0]!]!);
        }
      }
    }
  });

  it('keeps each scene in its one place: narration names no place but its own setting', async () => {
    for (let i = 0; i < PREMISES.length; i++) {
      for (const e of (await run(i)).episodes) {
        for (const scene of scriptOf(e).scenes) {
          for (const m of scene.narration.matchAll(PLACE_WORDS)) {
            const word = m[1]!.toLowerCase();
            // A possessive names an owner, not where we are ("the bakery's takings"); the question is the season's.
            if (scene.narration.slice(m.index + word.length).startsWith("'s") || e.request.story.bible.question.toLowerCase().includes(word)) continue;
            expect(scene.setting.toLowerCase(), `“${scene.narration}” in ${scene.setting}`).toContain(word);
          }
        }
      }
    }
  });

  it('never narrates the same sentence twice in a series; a line of dialogue comes back at most once, long after', async () => {
    for (let i = 0; i < PREMISES.length; i++) {
      const { bible, episodes } = await run(i);
      const mask = (t: string) => bible.roles.reduce((acc, r) => acc.split(r.name).join('@'), t.toLowerCase());
      const questions = new Set(episodes.flatMap((e) => e.story.state.threads.map((t) => mask(t.question))));
      const narrated = episodes
        .flatMap((e) => scriptOf(e).scenes.flatMap((s) => sentences(s.narration)))
        .map(mask)
        .filter((x) => !questions.has(x));
      expect(new Set(narrated).size, 'narration').toBe(narrated.length);
      const lines = new Map<string, number[]>();
      for (const e of episodes) for (const s of scriptOf(e).scenes) for (const d of s.dialogue) lines.set(mask(d.line), [...(lines.get(mask(d.line)) ?? []), e.request.episodeNumber]);
      for (const [line, at] of lines) {
        expect(at.length, line).toBeLessThanOrEqual(2);
        if (at.length === 2) expect(at[1]! - at[0]!, line).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('sums each episode up without saying its twist twice', async () => {
    for (let i = 0; i < PREMISES.length; i++) {
      const { episodes } = await run(i);
      for (const e of episodes) {
        const told = sentences(e.written.story.summary.replace(/^Ep \d+:\s*/, ''));
        expect(told.length, e.written.story.summary).toBeGreaterThan(0);
        expect(new Set(told).size, e.written.story.summary).toBe(told.length);
      }
    }
  });

  it('answers the central question by the end of the season and opens the next one', async () => {
    for (let i = 0; i < PREMISES.length; i++) {
      const { episodes } = await run(i, 'first');
      const last = episodes.at(-1)!.story.state;
      const first = last.threads.find((t) => t.id === 't1');
      expect(first?.status ?? 'closed', `premise ${i}`).toBe('closed');
      expect(
        last.threads.some((t) => t.central && t.status === 'open'),
        `premise ${i}: no new question`,
      ).toBe(true);
    }
  });

  it('never runs out of twists, even for two characters over two seasons and a premise it cannot read', async () => {
    for (const [premise, cast] of [
      ['A lonely dragon wants friends', 'Sparky: dragon, Moss: tortoise'],
      ['Two cats', 'Tom: cat, Rex: dog'],
    ] as const) {
      for (const pick of [() => 0, (_: number, o: unknown[]) => o.length - 1]) {
        const { episodes } = await runSeries(new OfflineWriter(), { premise, cast: castOf(cast), seed: 3, episodes: 45, pick });
        expect(episodes).toHaveLength(45);
        expect(episodes.every((e) => e.written.twists.length >= 2)).toBe(true);
      }
    }
  });

  it('fits the length the series chose and opens with a hook short enough for three seconds', async () => {
    for (const target of [30, 60, 90, 120]) {
      const p = PREMISES[1]!;
      const { episodes } = await runSeries(new OfflineWriter(), { premise: p.premise, cast: castOf(p.cast), tone: p.tone, seed: 7, episodes: 6, targetSeconds: target, pick: (n) => n });
      for (const e of episodes) {
        const s = scriptOf(e);
        expect(totalSeconds(s)).toBeGreaterThanOrEqual(target * 0.8);
        expect(totalSeconds(s)).toBeLessThanOrEqual(target * 1.15);
        expect(s.scenes[0]!.seconds).toBeLessThanOrEqual(3.8);
      }
    }
  });
});
