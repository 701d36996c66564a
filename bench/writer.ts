import { performance } from 'node:perf_hooks';
import type { WriteRequest } from '../src/core/ports.js';
import { OfflineWriter } from '../src/writer/offline/offline-writer.js';
import { buildPrompt, estimateTokens } from '../src/writer/prompt.js';
import type { Script } from '../src/writer/script.js';
import { request } from '../test/writer/fixtures.js';
import type { Print } from './setup.js';

/**
 * The offline writer's speed (whole scripts a second, memory carried from episode to episode,
 * validation included) and the LLM prompt's size as a series grows (episodes 1, 10 and 50).
 */
export async function run(print: Print): Promise<void> {
  const writer = new OfflineWriter();
  const tokens: Record<number, number> = {};
  let written = 0;
  const start = performance.now();
  for (let series = 0; series < 20; series++) {
    let bible: Record<string, unknown> = {};
    let synopsis = '';
    let twist: WriteRequest['twist'];
    for (let n = 1; n <= 50; n++) {
      const req = request({ episodeNumber: n, ...(twist ? { twist } : {}) }, { id: `s${series}`, bible, synopsis, seed: series + 1 });
      if (series === 0 && [1, 10, 50].includes(n)) tokens[n] = estimateTokens(buildPrompt(req));
      const out = await writer.write(req);
      written++;
      bible = out.bible!;
      synopsis = out.synopsis!;
      const t = (out.script as Script).twists[n % 3]!;
      twist = { label: t.label, teaser: t.teaser, source: 'writer' };
    }
  }
  const seconds = (performance.now() - start) / 1000;
  print('writer.offline.scripts_per_second', Math.round(written / seconds), 'scripts/s');
  for (const n of [1, 10, 50]) print(`writer.prompt_tokens.ep${n}`, tokens[n]!, 'tokens');
}
