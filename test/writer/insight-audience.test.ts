import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { tasteFrom } from '../../src/core/insight.js';
import type { AudienceTaste, WriteRequest } from '../../src/core/ports.js';
import type { TwistOp } from '../../src/core/story/model.js';
import { silentLogger } from '../../src/log.js';
import { audienceProblems, favouredCap } from '../../src/writer/audience.js';
import { LlmWriter } from '../../src/writer/llm-writer.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { buildPrompt } from '../../src/writer/prompt.js';
import { it as withFakeOpenAi } from '../fakes/openai/fixture.js';
import { storyModel, storyReply, type RecordedRequest } from '../fakes/openai/server.js';
import { runSeries } from './fixtures.js';

/** A community that chose `kind` (done by `lead`) `wins` times of its last six ballots. */
const chose = (kind: string, wins = 5, lead?: string): AudienceTaste => tasteFrom(6, [{ key: kind, count: wins }], lead ? [{ key: lead, count: wins }] : []);
const KINDS = ['betray', 'reveal', 'confront', 'eavesdrop', 'confess', 'forgive', 'expose', 'ally', 'rescue'];

describe('the offline writer and what the audience keeps choosing', () => {
  it('offers a kind this community keeps choosing on more ballots than it would otherwise', async () => {
    const offline = new OfflineWriter();
    for (const seed of [1, 2]) {
      const { episodes } = await runSeries(offline, { seed, episodes: 10, pick: (n) => n });
      for (const kind of ['betray', 'reveal', 'expose']) {
        let before = 0;
        let after = 0;
        for (const e of episodes) {
          before += e.written.twists.some((t) => t.op.kind === kind) ? 1 : 0;
          after += (await offline.write({ ...e.request, audience: chose(kind) })).twists.some((t) => t.op.kind === kind) ? 1 : 0;
        }
        expect(after, `${kind}, seed ${seed}`).toBeGreaterThan(before);
      }
    }
  });

  it('never gives the favourites the whole ballot: at most half of it, and always one option of another kind', async () => {
    const offline = new OfflineWriter();
    const many: AudienceTaste = { ...chose('betray'), favoured: { kinds: KINDS, characters: ['Mochi', 'Luna'] } };
    let withFavourite = 0;
    for (const seed of [1, 2, 3]) {
      const { episodes } = await runSeries(offline, { seed, episodes: 8, pick: (n) => n });
      for (const e of episodes) {
        const { twists } = await offline.write({ ...e.request, audience: many });
        const favoured = twists.filter((t) => KINDS.includes(t.op.kind)).length;
        expect(favoured, JSON.stringify(twists.map((t) => t.op.kind))).toBeLessThanOrEqual(favouredCap(twists.length));
        expect(twists.length - favoured).toBeGreaterThanOrEqual(1);
        expect(twists.length).toBeGreaterThanOrEqual(2);
        if (favoured) withFavourite++;
      }
    }
    // The cap keeps the favourites' share down, not out.
    expect(withFavourite).toBeGreaterThan(12);
  });

  it('writes the same ballots as before for a community with no favourites yet', async () => {
    const offline = new OfflineWriter();
    const { episodes } = await runSeries(offline, { seed: 4, episodes: 5, pick: (n) => n });
    for (const e of episodes) {
      const again = await offline.write({ ...e.request, audience: tasteFrom(2, [{ key: 'betray', count: 1 }], []) });
      expect(again.twists.map((t) => t.label)).toEqual(e.written.twists.map((t) => t.label));
    }
  });
});

describe('the rule the LLM writer is held to', () => {
  it('finds a ballot the favourites took over', () => {
    const ops = (...kinds: string[]) => kinds.map((kind) => ({ op: { kind } }));
    const taste = { ...chose('betray'), favoured: { kinds: ['betray', 'reveal'], characters: [] } };
    expect(audienceProblems(ops('betray', 'clue', 'ally'), taste)).toEqual([]);
    expect(audienceProblems(ops('betray', 'reveal', 'ally', 'clue'), taste)).toEqual([]);
    expect(audienceProblems(ops('betray', 'reveal', 'ally'), taste)[0]).toContain('2 of the 3 twist options');
    expect(audienceProblems(ops('betray', 'reveal'), taste)[0]).toContain('every twist option');
    expect(audienceProblems(ops('betray', 'reveal'), undefined)).toEqual([]);
  });
});

/** The options the prompt offers the model, as operations. */
const candidatesIn = (prompt: string): TwistOp[] => [...prompt.matchAll(/^- <data>(\{"kind".*\})<\/data>$/gm)].map((m) => JSON.parse(m[1]!) as TwistOp);
const promptOf = (r: RecordedRequest) => r.body.messages!.find((m) => m.role === 'user')!.content;

describe('the LLM writer and what the audience keeps choosing', () => {
  const make = (url: string) => new LlmWriter({ client: new OpenAI({ apiKey: 'test-key', baseURL: url, timeout: 2000, maxRetries: 0 }), model: 'test-model', log: silentLogger, deadlineMs: 8000 });

  withFakeOpenAi('tells the model what the audience likes, and sends back a ballot the favourites took over', async ({ openai }) => {
    const { episodes } = await runSeries(new OfflineWriter(), { seed: 1, episodes: 2, pick: () => 0 });
    const base = episodes[1]!.request;
    const kinds = [...new Set(candidatesIn(buildPrompt(base).user).map((op) => op.kind))];
    expect(kinds.length).toBeGreaterThanOrEqual(4);
    // The model's usual ballot is the first three kinds it is shown: make two of them the favourites.
    const taste: AudienceTaste = { ...chose(kinds[0]!), favoured: { kinds: [kinds[0]!, kinds[1]!], characters: [] } };
    const req: WriteRequest = { ...base, audience: taste };
    const prompt = buildPrompt(req).user;
    expect(prompt).toContain('WHAT THIS AUDIENCE CHOOSES (its last 6 decided ballots)');
    expect(prompt).toContain(`They keep choosing ${kinds[0]}, ${kinds[1]} twists`);
    expect(prompt).toContain('at least one option must be of another kind');
    expect(buildPrompt(base).user).not.toContain('WHAT THIS AUDIENCE CHOOSES');

    const other = candidatesIn(prompt).find((op) => op.kind === kinds[3])!;
    openai.chat = [
      storyModel,
      (r) => {
        const reply = storyReply(promptOf(r));
        reply.twists[1] = { ...other, label: `${other.actor} makes a move`, teaser: 'Nobody saw it coming.' };
        return { content: JSON.stringify(reply) };
      },
    ];
    const out = await make(openai.url).writeEpisode(req);
    const calls = openai.chatRequests();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.messages!.at(-1)!.content).toContain(`2 of the 3 twist options are of kinds this audience keeps choosing (${kinds[0]}, ${kinds[1]}); at most 1 may be`);
    expect(out.twists.map((t) => t.op.kind)).toEqual([kinds[0], kinds[3], kinds[2]]);
  });
});

it('caps favourites at half a ballot, at least one, and never the whole ballot', () => {
  expect([2, 3, 4, 5, 6].map(favouredCap)).toEqual([1, 1, 2, 2, 3]);
});
