import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { parseSuggestion, runDemo } from '../src/demo.js';
import { StoryboardRenderer } from './helpers/storyboard-renderer.js';

describe('tailtwist demo', () => {
  it('runs a whole series offline and prints each script, the same way for the same seed', async () => {
    const run = async (seed: number) => {
      const out: string[] = [];
      await runDemo({ episodes: 4, seed, print: (t) => out.push(t), renderer: new StoryboardRenderer('/tmp/tailtwist-demo-test') });
      return out.join('\n');
    };
    const text = await run(7);
    for (let n = 1; n <= 4; n++) expect(text).toContain(`━━ Episode ${n}: `);
    expect(text.match(/The vote:/g)).toHaveLength(3);
    expect(text).toContain('← wins');
    expect(text).toContain('Previously: ');
    expect(await run(7)).toBe(text);
    expect(await run(8)).not.toBe(text);
  });

  it('retries a step that failed once, as a deployment would, and goes on', async () => {
    const inner = new StoryboardRenderer('/tmp/tailtwist-demo-test');
    let failures = 0;
    const flaky = { render: (req: Parameters<StoryboardRenderer['render']>[0]) => (failures++ === 0 ? Promise.reject(new Error('a passing hiccup')) : inner.render(req)) };
    const out: string[] = [];
    await runDemo({ episodes: 2, seed: 3, print: (t) => out.push(t), renderer: flaky });
    expect(out.join('\n')).toContain('━━ Episode 2: ');
  });

  it('says why when an episode does not come out', async () => {
    const failing = { render: () => Promise.reject(new Error('the disk is full')) };
    await expect(runDemo({ episodes: 2, seed: 1, print: () => {}, renderer: failing })).rejects.toThrow(/episode 1 did not come out: .*the disk is full/);
  });
});

describe('tailtwist demo: a premise of your own', () => {
  const premise = 'A hamster chef and a parrot food critic are locked in the kitchen of a floating restaurant the night before it sinks.';
  const cast = 'Pip: hamster, Rex: German Shepherd, Coco: parrot';

  it('uses the title, premise, cast and tone it is given', async () => {
    const out: string[] = [];
    const result = await runDemo({ episodes: 2, seed: 5, print: (t) => out.push(t), noVideo: true, title: 'Sinking Feelings', premise, cast, tone: 'comedy' });
    expect(result.series).toMatchObject({ title: 'Sinking Feelings', premise, tone: 'comedy' });
    expect(result.series.cast).toEqual([
      { name: 'Pip', species: 'hamster' },
      { name: 'Rex', species: 'German Shepherd' },
      { name: 'Coco', species: 'parrot' },
    ]);
    expect(out[0]).toContain('Sinking Feelings');
    expect(out[0]).toContain('Pip the hamster');
    const onScreen = new Set(result.episodes.flatMap((e) => e.script.scenes.flatMap((s) => s.characters.map((c) => c.name))));
    expect([...onScreen].every((n) => ['Pip', 'Rex', 'Coco'].includes(n))).toBe(true);
    expect(onScreen.size).toBeGreaterThan(1);
  });

  it('refuses a cast it cannot read, with the reason the chat would give', async () => {
    await expect(runDemo({ episodes: 2, seed: 1, print: () => {}, noVideo: true, cast: 'just a hamster' })).rejects.toThrow(/Name: species/);
  });

  it('lets a suggested twist win after its episode, as a community option a moderator approved', async () => {
    const out: string[] = [];
    const text = 'Rex was secretly working for the mayor all along';
    const result = await runDemo({ episodes: 3, seed: 2, print: (t) => out.push(t), noVideo: true, premise, cast, votes: 'first', suggestions: [{ after: 2, text }] });
    const [first, second, third] = result.episodes;
    expect(first!.winner).toEqual({ letter: 'A', label: first!.ballot[0]!.label, source: 'writer' });
    expect(second!.winner).toMatchObject({ label: text, source: 'community' });
    expect(second!.ballot.find((o) => o.letter === second!.winner!.letter)).toMatchObject({ label: text, teaser: text, source: 'community' });
    expect(second!.ballot.filter((o) => o.source === 'writer').length).toBeGreaterThanOrEqual(3);
    expect(third!.winner).toBeNull();
    expect(out.join('\n')).toMatch(/A viewer suggests: “Rex was secretly working for the mayor all along” — approved as option [D-H]/);
    expect(out.join('\n')).toMatch(/\. Rex was secretly working for the mayor all along — \d+ {2}← wins {2}\(community\)/);
  });

  it('makes the first, the last or a seeded random writer twist win', async () => {
    const winners = async (votes: 'first' | 'last' | 'random', seed = 4) => {
      const r = await runDemo({ episodes: 4, seed, print: () => {}, noVideo: true, votes });
      return r.episodes.slice(0, 3).map((e) => ({ winner: e.winner!.letter, letters: e.ballot.filter((o) => o.source === 'writer').map((o) => o.letter) }));
    };
    for (const w of await winners('first')) expect(w.winner).toBe(w.letters[0]);
    for (const w of await winners('last')) expect(w.winner).toBe(w.letters.at(-1));
    const random = await winners('random');
    for (const w of random) expect(w.letters).toContain(w.winner);
    expect(await winners('random')).toEqual(random);
  });

  it('refuses a suggestion that no ballot could carry, before anything runs', async () => {
    await expect(runDemo({ episodes: 3, seed: 1, print: () => {}, noVideo: true, suggestions: [{ after: 3, text: 'Coco fakes her own death' }] })).rejects.toThrow(
      /N must be from 1 to 2 with --episodes 3/,
    );
    await expect(
      runDemo({
        episodes: 5,
        seed: 1,
        print: () => {},
        noVideo: true,
        suggestions: [
          { after: 2, text: 'Coco fakes her own death' },
          { after: 2, text: 'Pip sings' },
        ],
      }),
    ).rejects.toThrow(/two suggestions after episode 2/);
  });

  it('reads "N:twist text" and says how to write it when it is not', () => {
    expect(parseSuggestion('3:Coco fakes her own death')).toEqual({ after: 3, text: 'Coco fakes her own death' });
    expect(parseSuggestion(' 12 : Rex: the spy ')).toEqual({ after: 12, text: 'Rex: the spy' });
    expect(() => parseSuggestion('Coco fakes her own death')).toThrow(/write it as N:twist text/);
    expect(() => parseSuggestion('3:')).toThrow(/missing or too short/);
    expect(() => parseSuggestion('0:Coco sings')).toThrow(/1 or more/);
  });

  it('with no video renders nothing, writes no files and runs 20 episodes in seconds', async () => {
    const outDir = path.join(os.tmpdir(), `tailtwist-demo-novideo-${process.pid}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    const start = performance.now();
    const result = await runDemo({ episodes: 20, seed: 9, print: () => {}, noVideo: true, outDir, votes: 'random' });
    const seconds = (performance.now() - start) / 1000;
    expect(result.episodes).toHaveLength(20);
    expect(fs.existsSync(outDir)).toBe(false);
    expect(seconds).toBeLessThan(15);
  }, 30_000);

  it('returns every episode with its script, ballot, winner and story, as --json writes them', async () => {
    const result = await runDemo({ episodes: 3, seed: 6, print: () => {}, noVideo: true, premise, cast });
    expect(Object.keys(result)).toEqual(['series', 'episodes']);
    expect(Object.keys(result.series)).toEqual(['title', 'premise', 'tone', 'cast', 'bible']);
    expect(result.series.bible).toBeTypeOf('object');
    for (const e of result.episodes) {
      expect(Object.keys(e).sort()).toEqual(['ballot', 'number', 'script', 'story', 'title', 'winner']);
      expect(e.script.scenes.length).toBeGreaterThanOrEqual(4);
      expect(e.ballot.length).toBeGreaterThanOrEqual(3);
      for (const o of e.ballot) expect(Object.keys(o)).toEqual(['letter', 'label', 'teaser', 'source', 'twist']);
    }
    expect(result.episodes.map((e) => e.number)).toEqual([1, 2, 3]);
    expect(result.episodes[0]!.winner!.label).toBe(result.episodes[0]!.ballot.find((o) => o.letter === result.episodes[0]!.winner!.letter)!.label);
  });
});
