import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { endEpisode, type ChosenTwist } from '../../src/core/story/episode.js';
import { initialState } from '../../src/core/story/state.js';
import type { CastMember, SponsorBrief, WriteRequest } from '../../src/core/ports.js';
import { silentLogger } from '../../src/log.js';
import { LlmWriter, replyJsonSchema } from '../../src/writer/llm-writer.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { quote } from '../../src/writer/prompt.js';
import { ScriptSchema, type Script } from '../../src/writer/script.js';
import { HOLDING_ACTIONS, mentions, sponsorProblems } from '../../src/writer/sponsor.js';
import { checkStory } from '../../src/writer/story-check.js';
import { it as withFakeOpenAi } from '../fakes/openai/fixture.js';
import { storyReply, type RecordedRequest } from '../fakes/openai/server.js';
import { bibleFor, CAST, request } from './fixtures.js';

const TIERS = ['background', 'prop', 'featured'] as const;
const brief = (tier: SponsorBrief['tier'], product = 'Salmon Crunch', brand = 'Purrfect'): SponsorBrief => ({ brand, product, tier, brief: 'A crunchy treat for brave moments' });
const textOf = (scene: Script['scenes'][number]) => [scene.narration, ...scene.dialogue.map((d) => d.line)].join(' ');

const ZH_PREMISE = '一只仓鼠会计被指控偷了面包店的营业款，只有夜班的鹦鹉看见是谁打开了保险箱。';
const ZH_CAST: CastMember[] = [
  { name: '豆豆', species: '仓鼠', look: {}, personality: '焦虑', voice: '' },
  { name: '团子', species: '鹦鹉', look: {}, personality: '话多', voice: '' },
  { name: '可乐', species: '柴犬', look: {}, personality: '忠心', voice: '' },
];

/**
 * Episodes 1–6 as the loop writes them (core's beginEpisode/endEpisode), the sponsor placed in
 * episodes 2–6 at the tiers in turn; the same series without the sponsor, for comparison.
 */
async function series(lang: 'en' | 'zh', sponsor: (n: number) => SponsorBrief | undefined) {
  const writer = new OfflineWriter();
  const cast = lang === 'zh' ? ZH_CAST : CAST;
  const premise = lang === 'zh' ? ZH_PREMISE : undefined;
  const bible = lang === 'zh' ? bibleFor(ZH_PREMISE, ZH_CAST, 'thriller', 19) : bibleFor();
  let before = initialState(bible);
  let chosen: ChosenTwist | null = null;
  const out: { req: WriteRequest; script: Script; written: Awaited<ReturnType<OfflineWriter['write']>> }[] = [];
  for (let n = 1; n <= 6; n++) {
    const base = request({ episodeNumber: n, before, chosen, bible, cast }, lang === 'zh' ? { premise, seed: 19, tone: 'thriller' } : {});
    const s = sponsor(n);
    const req: WriteRequest = s ? { ...base, sponsor: s } : base;
    const written = await writer.write(req);
    const { story, twists } = endEpisode(req, written);
    out.push({ req, script: ScriptSchema.parse(written.script), written: { ...written, twists } });
    before = story.state;
    const t = twists[n % twists.length]!;
    chosen = { op: t.op, label: t.label, teaser: t.teaser, source: 'writer' };
  }
  return out;
}

describe('the offline writer weaves a sponsor in at its tier', () => {
  for (const lang of ['en', 'zh'] as const) {
    const product = lang === 'zh' ? '三文鱼脆脆' : 'Salmon Crunch';
    const tierOf = (n: number) => (n >= 2 ? TIERS[(n - 2) % 3] : undefined);
    const placed = (n: number) => (tierOf(n) ? brief(tierOf(n)!, product) : undefined);

    it(`${lang}: in the episodes it was placed in, at its tier, and the story checks still pass`, async () => {
      const episodes = await series(lang, placed);
      for (const { req, script, written } of episodes) {
        const n = req.episodeNumber;
        const where = `episode ${n}`;
        if (!req.sponsor) {
          expect(script.sponsor, where).toBeUndefined();
          expect(JSON.stringify(script), where).not.toContain(product);
          continue;
        }
        expect(sponsorProblems(script, req.sponsor), where).toEqual([]);
        const placement = script.sponsor!;
        expect(placement).toMatchObject({ brand: 'Purrfect', product, tier: req.sponsor.tier });
        const scene = script.scenes[placement.scene]!;
        expect(placement.scene, where).toBeGreaterThan(0);
        expect(mentions(scene.narration, req.sponsor), where).toBe(true);
        // Said once: no other scene names it.
        expect(
          script.scenes.filter((s) => mentions(textOf(s), req.sponsor!)),
          where,
        ).toHaveLength(1);
        if (req.sponsor.tier === 'background') expect(placement.holder).toBeNull();
        else {
          const holder = scene.characters.find((c) => c.name === placement.holder)!;
          expect(HOLDING_ACTIONS.has(holder.action ?? 'stand'), where).toBe(true);
          expect(scene.narration, where).toContain(holder.name);
        }
        if (req.sponsor.tier === 'featured')
          expect(
            scene.dialogue.some((d) => d.speaker === placement.holder && d.line.includes(product)),
            where,
          ).toBe(true);
        const { problems } = checkStory(req.story, { script, twists: written.twists, changes: written.story.changes, cliffhanger: written.story.cliffhanger }, { episode: n, cast: req.cast });
        expect(problems, where).toEqual([]);
        // What was said about it is remembered, so the series does not say it again.
        expect(written.story.spoken.some((s) => s.includes(product))).toBe(true);
      }
    });

    it(`${lang}: leaves each episode's story as it was: the same changes, cliffhanger, scenes and ballot as the same request without the sponsor`, async () => {
      for (const e of await series(lang, placed)) {
        if (!e.req.sponsor) continue;
        const { sponsor: _placed, ...plainReq } = e.req;
        const plain = await new OfflineWriter().write(plainReq);
        const p = { written: { ...plain, twists: endEpisode(plainReq, plain).twists }, script: ScriptSchema.parse(plain.script) };
        const where = `episode ${e.req.episodeNumber}`;
        expect(e.written.story.changes, where).toEqual(p.written.story.changes);
        expect(e.written.story.cliffhanger, where).toEqual(p.written.story.cliffhanger);
        expect(e.written.twists, where).toEqual(p.written.twists);
        expect(e.script.scenes.map((s) => [s.beat, s.setting, s.characters])).toEqual(p.script.scenes.map((s) => [s.beat, s.setting, s.characters]));
        // Only the sponsored scene's words change.
        const changed = e.script.scenes.flatMap((s, i) => (textOf(s) === textOf(p.script.scenes[i]!) ? [] : [i]));
        expect(changed, where).toEqual([e.script.sponsor!.scene]);
      }
    });
  }

  it('writes a sponsor that runs longer than its bank, without failing the episode', async () => {
    const episodes = await series('en', () => brief('prop'));
    for (const { req, script } of episodes) expect(sponsorProblems(script, req.sponsor!), `episode ${req.episodeNumber}`).toEqual([]);
  });
});

// ---- the LLM writer ------------------------------------------------------------------------------

const BETRAY: ChosenTwist = {
  op: { kind: 'betray', actor: 'Luna', target: 'Mochi', object: 'the test results', thread: null, words: null },
  label: 'Luna betrays Mochi and sells the test results',
  teaser: 'A friend at the bedside, a thief at the door.',
  source: 'writer',
};
const BIBLE = bibleFor();
function llmRequest(sponsor?: SponsorBrief): WriteRequest {
  const s = initialState(BIBLE);
  s.episode = 1;
  s.cliffhanger = { text: 'Luna freezes in the corridor, an envelope under one paw.', who: ['Luna'], place: 'the hospital corridor', thread: null };
  const req = request({ episodeNumber: 2, before: s, chosen: BETRAY, bible: BIBLE });
  return sponsor ? { ...req, sponsor } : req;
}
const promptOf = (r: RecordedRequest) => r.body.messages!.find((m) => m.role === 'user')!.content;
const lastMessage = (r: RecordedRequest) => r.body.messages!.at(-1)!.content;
/** The fake model's episode with the sponsor held by the turn scene's character (scene 3). */
const withPlacement = (r: RecordedRequest) => {
  const reply = storyReply(promptOf(r));
  const turn = reply.scenes[2]!;
  const holder = turn.characters[0]!.name;
  turn.narration += ` ${holder} grips the Salmon Crunch from Purrfect like a lucky charm.`;
  return { content: JSON.stringify({ ...reply, sponsor: { brand: 'Purrfect', product: 'Salmon Crunch', tier: 'prop', scene: 3, holder } }) };
};
const withFake = withFakeOpenAi.extend('writer', async ({ openai }) => {
  return new LlmWriter({ client: new OpenAI({ apiKey: 'test-key', baseURL: openai.url, timeout: 2000, maxRetries: 0 }), model: 'test-model', log: silentLogger, deadlineMs: 8000 });
});

describe('the LLM writer with a sponsor', () => {
  withFake('is told the placement, sends back a reply that drops it, and takes the repaired one', async ({ openai, writer }) => {
    openai.chat = [(r) => ({ content: JSON.stringify(storyReply(promptOf(r))) }), withPlacement];
    const req = llmRequest(brief('prop'));
    const out = await writer.write(req);
    const script = ScriptSchema.parse(out.script);
    expect(script.sponsor).toMatchObject({ brand: 'Purrfect', product: 'Salmon Crunch', tier: 'prop', scene: 2 });
    expect(script.scenes[2]!.narration).toContain('grips the Salmon Crunch');
    expect(endEpisode(req, out).twists.length).toBeGreaterThanOrEqual(2);

    const [first, repair] = openai.chatRequests();
    const prompt = promptOf(first!);
    expect(prompt).toContain('THE SPONSOR (placed by the moderators; weave it in without breaking the story):');
    expect(prompt).toContain(`Brand: ${quote('Purrfect')}. Product: ${quote('Salmon Crunch')}. The brand's brief: ${quote('A crunchy treat for brave moments')}.`);
    expect(prompt).toContain('Tier "prop": a named character on screen holds and uses the product');
    // Structured output asks for the field only when a sponsor is placed.
    expect((first!.body.response_format as unknown as { json_schema: { schema: { required: string[] } } }).json_schema.schema.required).toContain('sponsor');
    expect((replyJsonSchema() as { required: string[] }).required).not.toContain('sponsor');
    expect(lastMessage(repair!)).toContain('the sponsor placement is missing: weave Salmon Crunch by Purrfect into one scene at the "prop" tier');
  });

  withFake('sends back a placement in words the scene never says, or held by someone not there', async ({ openai, writer }) => {
    const bent = (edit: (reply: Record<string, unknown>) => void) => (r: RecordedRequest) => {
      const reply = JSON.parse(withPlacement(r).content) as Record<string, unknown> & { scenes: { narration: string }[]; sponsor: Record<string, unknown> };
      edit(reply);
      return { content: JSON.stringify(reply) };
    };
    openai.chat = [
      bent((reply) => {
        const r = reply as { scenes: { narration: string }[] };
        r.scenes[2]!.narration = r.scenes[2]!.narration.replace(/ \S+ grips the Salmon Crunch.*$/, '');
      }),
      bent((reply) => Object.assign((reply as { sponsor: object }).sponsor, { holder: 'Nobody' })),
      withPlacement,
    ];
    const out = await writer.write(llmRequest(brief('prop')));
    expect(ScriptSchema.parse(out.script).sponsor?.product).toBe('Salmon Crunch');
    const requests = openai.chatRequests();
    expect(requests).toHaveLength(3);
    expect(lastMessage(requests[1]!)).toContain("scene 3's narration never names Salmon Crunch");
    expect(lastMessage(requests[2]!)).toContain('Nobody holds the sponsor');
  });

  withFake('drops a sponsor the model made up when none was placed', async ({ openai, writer }) => {
    openai.chat = [withPlacement];
    const out = await writer.write(llmRequest());
    expect(ScriptSchema.parse(out.script).sponsor).toBeUndefined();
    expect(promptOf(openai.chatRequests()[0]!)).not.toContain('THE SPONSOR');
  });
});

it('counts a background placement as seen only where its scene names it', () => {
  expect(mentions('A neon PURRFECT sign hums overhead.', brief('background'))).toBe(true);
  expect(mentions('Nothing to see.', brief('background'))).toBe(false);
});
