import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { tasteFrom } from '../../src/core/insight.js';
import type { AudienceTaste, WriteRequest } from '../../src/core/ports.js';
import type { TwistOp } from '../../src/core/story/model.js';
import { silentLogger } from '../../src/log.js';
import { audienceProblems } from '../../src/writer/audience.js';
import { LlmWriter } from '../../src/writer/llm-writer.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { buildPrompt } from '../../src/writer/prompt.js';
import { it as withFakeOpenAi } from '../fakes/openai/fixture.js';
import { storyModel, storyReply, type RecordedRequest } from '../fakes/openai/server.js';
import { runSeries } from './fixtures.js';

/** A community that keeps choosing twists led by `lead` (and no kind in particular). */
const leads = (lead: string): AudienceTaste => ({ ...tasteFrom(6, [], [{ key: lead, count: 5 }]) });
const ops = (...pairs: [string, string][]) => pairs.map(([kind, actor]) => ({ op: { kind, actor } }));

describe('favoured characters on an LLM-written ballot', () => {
  it('holds options led by favoured characters to the same cap as kinds, unless the whole cast is favoured', () => {
    const taste = leads('Luna');
    expect(taste.favoured.characters).toEqual(['Luna']);
    expect(audienceProblems(ops(['betray', 'Luna'], ['collapse', 'Mochi'], ['donor', 'Biscuit']), taste)).toEqual([]);
    expect(audienceProblems(ops(['betray', 'Luna'], ['collapse', 'Luna'], ['donor', 'Biscuit']), taste)[0]).toContain(
      '2 of the 3 twist options are led by characters this audience keeps choosing (Luna); at most 1 may be',
    );
    expect(audienceProblems(ops(['betray', 'Luna'], ['collapse', 'Luna']), taste, ['Luna', 'Mochi'])).toHaveLength(1);
    // Nobody else could lead one.
    expect(audienceProblems(ops(['betray', 'Luna'], ['collapse', 'Luna']), taste, ['Luna'])).toEqual([]);
  });

  const candidatesIn = (prompt: string): TwistOp[] => [...prompt.matchAll(/^- <data>(\{"kind".*\})<\/data>$/gm)].map((m) => JSON.parse(m[1] ?? '{}') as TwistOp);
  const promptOf = (r: RecordedRequest) => r.body.messages?.find((m) => m.role === 'user')?.content ?? '';

  withFakeOpenAi('tells the model the cap and sends back a ballot a favoured character took over', async ({ openai }) => {
    const { episodes } = await runSeries(new OfflineWriter(), { seed: 1, episodes: 2, pick: () => 0 });
    const base = episodes[1]?.request as WriteRequest;
    // The model's usual ballot: its first two options are led by the same character; the audience favours them.
    const usual = storyReply(buildPrompt(base).user).twists;
    const lead = usual.map((t) => t.actor).find((a, i, all) => all.indexOf(a) !== i) as string;
    expect(usual.filter((t) => t.actor === lead).length).toBeGreaterThan(1);
    const req: WriteRequest = { ...base, audience: leads(lead) };
    const prompt = buildPrompt(req).user;
    expect(prompt).toContain(`may be led by ${lead}, and at least one must be led by someone else`);

    const other = candidatesIn(prompt).find((op) => op.actor !== lead && !usual.some((t) => t.kind === op.kind)) as TwistOp;
    openai.chat = [
      storyModel,
      (r) => {
        const reply = storyReply(promptOf(r));
        const i = reply.twists.findLastIndex((t) => t.actor === lead);
        reply.twists[i] = { ...other, label: `${other.actor} makes a move`, teaser: 'Nobody saw it coming.' };
        return { content: JSON.stringify(reply) };
      },
    ];
    const out = await new LlmWriter({
      client: new OpenAI({ apiKey: 'test-key', baseURL: openai.url, timeout: 2000, maxRetries: 0 }),
      model: 'test-model',
      log: silentLogger,
      deadlineMs: 8000,
    }).writeEpisode(req);
    const calls = openai.chatRequests();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body.messages?.at(-1)?.content).toContain(`twist options are led by characters this audience keeps choosing (${lead}); at most 1 may be`);
    expect(out.twists.filter((t) => t.op.actor === lead)).toHaveLength(1);
  });
});
