import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';
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
