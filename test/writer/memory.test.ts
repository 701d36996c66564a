import { describe, expect, it } from 'vitest';
import type { WriteRequest } from '../../src/core/ports.js';
import { MAX_THREADS, readBible, remember, SYNOPSIS_EPISODES } from '../../src/writer/memory.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { buildPrompt, estimateTokens } from '../../src/writer/prompt.js';
import type { Script } from '../../src/writer/script.js';
import { request } from './fixtures.js';

describe('series memory', () => {
  it('keeps the prompt bounded however long the series runs', async () => {
    const writer = new OfflineWriter();
    let bible: Record<string, unknown> = {};
    let synopsis = '';
    let twist: WriteRequest['twist'];
    const tokens: Record<number, number> = {};
    for (let n = 1; n <= 50; n++) {
      const req = request({ episodeNumber: n, ...(twist ? { twist } : {}) }, { bible, synopsis });
      tokens[n] = estimateTokens(buildPrompt(req));
      const out = await writer.write(req);
      bible = out.bible!;
      synopsis = out.synopsis!;
      const t = (out.script as Script).twists[n % 3]!;
      twist = { label: t.label, teaser: t.teaser, source: 'writer' };
    }
    console.log(`prompt tokens: episode 1 = ${tokens[1]}, episode 10 = ${tokens[10]}, episode 50 = ${tokens[50]}`);
    expect(tokens[50]).toBeLessThan(tokens[10]! * 1.15);
    expect(tokens[50]).toBeLessThan(2000);
    expect(readBible(bible, { setting: '', tone: '' }).threads).toHaveLength(MAX_THREADS);
    expect(synopsis.split('\n')).toHaveLength(SYNOPSIS_EPISODES);
    expect(synopsis.split('\n').at(-1)).toMatch(/^Ep 50 /);
  });

  it('reads a damaged bible with sensible defaults', () => {
    expect(readBible({ threads: 'nope', motifs: [1, 'rain'] }, { setting: 'Tokyo', tone: 'noir' })).toEqual({ setting: 'Tokyo', tone: 'noir', motifs: ['rain'], threads: [] });
  });

  it('turns each voted twist into a running thread', () => {
    const m = remember({ bible: readBible({}, { setting: 's', tone: 't' }), synopsis: '' }, { number: 2, script: { title: 'T', cliffhanger: 'C' }, twist: 'Luna lies' });
    expect(m.bible.threads).toEqual([{ episode: 2, text: 'Luna lies' }]);
    expect(m.synopsis).toBe('Ep 2 “T” — Luna lies. Ends: C');
  });
});
