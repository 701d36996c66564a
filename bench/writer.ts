import { performance } from 'node:perf_hooks';
import type { WriteRequest } from '../src/core/ports.js';
import { beginEpisode, endEpisode, type ChosenTwist } from '../src/core/story/episode.js';
import { initialState } from '../src/core/story/state.js';
import { OfflineWriter } from '../src/writer/offline/offline-writer.js';
import { buildPrompt, estimateTokens } from '../src/writer/prompt.js';
import { bibleFor, CAST, PREMISE } from '../test/writer/fixtures.js';
import type { Print } from './setup.js';

/**
 * The offline writer's speed (whole scripts a second, through the story model as the loop runs
 * it: the twist applied before, the changes and the ballot checked after) and the LLM prompt's
 * size as a series grows (episodes 1, 10 and 50).
 */
export async function run(print: Print): Promise<void> {
  const writer = new OfflineWriter();
  const tokens: Record<number, number> = {};
  let written = 0;
  let writing = 0;
  for (let series = 0; series < 10; series++) {
    const bible = bibleFor(PREMISE, CAST, 'melodrama', series + 1);
    let before = initialState(bible);
    let chosen: ChosenTwist | null = null;
    for (let n = 1; n <= 50; n++) {
      const start = performance.now();
      const req: WriteRequest = {
        series: { id: `s${series}`, title: 'Paws of Fate', premise: PREMISE, tone: 'melodrama', language: 'en', targetSeconds: 60, seed: series + 1, allowFallback: true },
        cast: CAST,
        episodeNumber: n,
        story: beginEpisode(bible, before, n, chosen),
      };
      const out = await writer.write(req);
      const { story, twists } = endEpisode(req, out);
      writing += performance.now() - start;
      written++;
      if (series === 0 && [1, 10, 50].includes(n)) tokens[n] = estimateTokens(buildPrompt(req));
      before = story.state;
      const t = twists[n % twists.length]!;
      chosen = { op: t.op, label: t.label, teaser: t.teaser, source: 'writer' };
    }
  }
  print('writer.offline.scripts_per_second', Math.round(written / (writing / 1000)), 'scripts/s');
  for (const n of [1, 10, 50]) print(`writer.prompt_tokens.ep${n}`, tokens[n]!, 'tokens');
}
