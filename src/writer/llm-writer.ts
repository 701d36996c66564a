import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { Logger, WriteRequest, Writer, WrittenEpisode } from '../core/ports.js';
import { CONDITIONS, FEELINGS, type Change, type Cliffhanger, type TwistOp } from '../core/story/model.js';
import { threadMoved } from '../core/story/twists.js';
import { World } from '../core/story/world.js';
import { buildPrompt } from './prompt.js';
import { describeIssues, LIMITS, OnScreenSchema, SceneSchema, ScriptSchema } from './script.js';
import { ACTIONS, PROPS, WARDROBE } from './staging.js';
import { checkStory, describeProblems, spokenSentences, type SceneChange } from './story-check.js';
import { timeScript, totalSeconds, WORDS_PER_SECOND } from './timing.js';
import { SPONSOR_TIERS } from '../core/sponsors.js';
import { sponsorProblems } from './sponsor.js';
import { audienceProblems } from './audience.js';

export interface LlmWriterOptions {
  client: OpenAI;
  model: string;
  log: Logger;
  /** Replies that fail validation are sent back for repair at most this many times. */
  repairs?: number;
  /** The whole call, body included, must finish within this (the SDK's timeout stops at headers). */
  deadlineMs: number;
  /** Writes the episode when the LLM can't and the series allows it. */
  fallback?: Writer;
}

type OutputMode = 'json_schema' | 'json_object' | 'plain';
type TokenParam = 'max_tokens' | 'max_completion_tokens' | 'none';

export class LlmWriterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmWriterError';
  }
}

/** Pulls the JSON object out of a reply that may wrap it in prose or a code fence. */
export function extractJson(reply: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(reply)?.[1] ?? reply;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the reply contains no JSON object');
  return JSON.parse(fenced.slice(start, end + 1));
}

const name = z.string().trim().min(1).max(LIMITS.name);
const words = (max: number) => z.string().trim().min(1).max(max);
const scene = z.number().int().min(1).max(8);

/** The changes a reply may make: a subset of the story model's, each with the scene it happens in. */
export const ReplyChangeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('fact'),
    scene,
    kind: words(30),
    actor: name.nullable(),
    target: z.string().trim().max(60).nullable(),
    object: z.string().trim().max(60).nullable(),
    text: words(240),
    known: z.array(name).max(8),
    public: z.boolean(),
  }),
  z.object({ type: z.literal('reveal'), scene, fact: words(20), to: z.array(name).min(1).max(8) }),
  z.object({ type: z.literal('open'), scene, question: words(200), about: z.array(name).max(4), central: z.boolean() }),
  z.object({ type: z.literal('clue'), scene, thread: words(20), clue: words(200) }),
  z.object({ type: z.literal('close'), scene, thread: words(20), answer: words(240) }),
  z.object({ type: z.literal('condition'), scene, name, condition: z.enum(CONDITIONS) }),
  z.object({ type: z.literal('move'), scene, name, place: words(60) }),
  z.object({ type: z.literal('relation'), scene, from: name, to: name, trust: z.number().int().min(-3).max(3), feeling: z.enum(FEELINGS).nullable() }),
]);
export type ReplyChange = z.infer<typeof ReplyChangeSchema>;

/**
 * A scene as the model answers it: staging is always asked for (strict structured output wants
 * every field), and a word outside the vocabulary falls back to plain staging instead of costing
 * a repair round.
 */
const ReplySceneSchema = SceneSchema.omit({ seconds: true }).extend({
  characters: z
    .array(
      OnScreenSchema.extend({
        action: z.enum(ACTIONS).catch('stand'),
        wardrobe: z.array(z.enum(WARDROBE)).max(2).catch([]),
        holding: z.enum(PROPS).nullable().catch(null),
      }),
    )
    .min(1)
    .max(3),
  props: z.array(z.enum(PROPS)).max(3).catch([]),
});

/** What the model answers: the episode script, its ballot as operations, and what it did to the story. */
export const ReplySchema = z.object({
  title: words(LIMITS.title),
  hook: words(LIMITS.hook),
  previously: words(LIMITS.previously).nullable(),
  scenes: z.array(ReplySceneSchema).min(4).max(8),
  cliffhanger: z.object({ text: words(LIMITS.cliffhanger), who: z.array(name).max(3), place: words(60), thread: z.string().trim().max(20).nullable() }),
  twists: z
    .array(
      z.object({
        kind: words(30),
        actor: name,
        target: name.nullable(),
        object: z.string().trim().max(120).nullable(),
        label: words(LIMITS.label),
        teaser: words(LIMITS.teaser),
      }),
    )
    .min(3)
    .max(4),
  changes: z.array(ReplyChangeSchema).max(16),
  summary: words(200),
  /** Where a moderator's sponsor is placed (scene 1-based); null without a SPONSOR section. A missing field reads as null. */
  sponsor: z
    .object({ brand: words(60), product: words(80), tier: z.enum(SPONSOR_TIERS), scene: z.number().int().min(1).max(8), holder: name.nullable() })
    .nullable()
    .default(null),
});
export type Reply = z.infer<typeof ReplySchema>;

/**
 * The JSON Schema for structured output, in the subset strict mode accepts: length limits left
 * to validation (several OpenAI-compatible servers reject maxLength), unions as anyOf, constants
 * as one-value enums. The prompt states the limits.
 */
export function replyJsonSchema(opts: { sponsor?: boolean } = {}): Record<string, unknown> {
  // "sponsor" only when a moderator placed one: strict mode makes every field required.
  const schema = z.toJSONSchema(opts.sponsor ? ReplySchema : ReplySchema.omit({ sponsor: true }), { target: 'draft-7' }) as Record<string, unknown>;
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        if (['maxLength', 'minLength', '$schema', 'default'].includes(k)) continue;
        if (k === 'oneOf') out.anyOf = strip(v);
        else if (k === 'const') out.enum = [v];
        else out[k] = strip(v);
      }
      return out;
    }
    return node;
  };
  return strip(schema) as Record<string, unknown>;
}

/** A checked reply: the episode as the engine takes it. */
export type Checked = { episode: WrittenEpisode } | { problem: string };

/**
 * Checks a parsed reply against the schema, the cast, the target length and the story (see
 * story-check.ts); returns the episode or every reason it can't be used.
 */
export function checkReply(raw: unknown, req: WriteRequest): Checked {
  const parsed = ReplySchema.safeParse(raw);
  if (!parsed.success) return { problem: describeIssues(parsed.error) };
  const reply = normaliseNames(parsed.data, req);
  const previously = req.episodeNumber === 1 ? null : reply.previously;
  const scriptParsed = ScriptSchema.safeParse(
    timeScript({
      title: reply.title,
      hook: reply.hook,
      previously,
      scenes: reply.scenes.map((s) => ({ ...s, seconds: 1 })),
      cliffhanger: reply.cliffhanger.text,
      twists: reply.twists.map((t) => ({ kind: t.kind, label: t.label, teaser: t.teaser })),
      // Only a sponsor the moderators placed: one the model made up is dropped.
      ...(req.sponsor && reply.sponsor ? { sponsor: { ...reply.sponsor, scene: reply.sponsor.scene - 1 } } : {}),
    }),
  );
  if (!scriptParsed.success) return { problem: describeIssues(scriptParsed.error) };
  const script = scriptParsed.data;
  const castNames = new Set(req.cast.map((c) => c.name));
  const unknown = new Set(script.scenes.flatMap((s) => s.characters.map((c) => c.name)).filter((n) => !castNames.has(n)));
  if (unknown.size) return { problem: `characters not in the cast: ${[...unknown].join(', ')}; use only ${req.cast.map((c) => c.name).join(', ')}` };

  const problems: string[] = [];
  const seconds = totalSeconds(script);
  const target = req.series.targetSeconds;
  if (seconds < Math.max(20, target * 0.65) || seconds > Math.min(135, target * 1.35)) {
    problems.push(`the episode reads in ${Math.round(seconds)} s but should take about ${target} s (about ${Math.round(target * WORDS_PER_SECOND)} words in total)`);
  }
  const twists = reply.twists.map((t) => ({ label: t.label, teaser: t.teaser, op: { kind: t.kind, actor: t.actor, target: t.target, object: t.object, thread: null, words: null } as TwistOp }));
  const changes: SceneChange[] = reply.changes;
  const cliffhanger: Cliffhanger = reply.cliffhanger;
  const checked = checkStory(req.story, { script, twists, changes, cliffhanger, summary: reply.summary }, { episode: req.episodeNumber, cast: req.cast });
  problems.push(
    ...checked.problems,
    ...audienceProblems(
      twists,
      req.audience,
      req.cast.map((c) => c.name),
    ),
  );
  // A reply that drops (or bends) the sponsor placement goes back for repair like any other.
  if (req.sponsor) problems.push(...sponsorProblems(script, req.sponsor));
  if (problems.length || !checked.after) return { problem: describeProblems(problems) };

  const after = new World(req.story.bible, checked.after);
  return {
    episode: {
      title: script.title,
      previously: script.previously,
      cliffhanger: script.cliffhanger,
      twists: twists.map((t) => ({ ...t, op: { ...t.op, thread: threadMoved(after, t.op) } })),
      script,
      story: {
        changes: changes.map(({ scene: _scene, ...c }) => (c.type === 'open' && !c.central ? { type: 'open', question: c.question, about: c.about } : c) as Change),
        cliffhanger,
        summary: reply.summary,
        spoken: spokenSentences(script),
      },
    },
  };
}

/** Cast names as the cast spells them, and objects as the story spells them ("Poison Vial" → "the poison vial"). */
function normaliseNames(reply: Reply, req: WriteRequest): Reply {
  const byKey = new Map(req.cast.map((c) => [c.name.toLocaleLowerCase(), c.name]));
  const nm = (n: string) => byKey.get(n.trim().toLocaleLowerCase()) ?? n;
  const nn = (n: string | null) => (n === null ? null : nm(n));
  const { bible, state } = req.story;
  const bare = (t: string) =>
    t
      .trim()
      .toLowerCase()
      .replace(/^(the|a|an)\s+/, '');
  const things = [...bible.props, ...bible.places.map((p) => p.name), ...state.facts.map((f) => f.id)];
  const object = (o: string | null) => (o === null ? null : (byKey.get(o.trim().toLocaleLowerCase()) ?? things.find((t) => bare(t) === bare(o)) ?? o.trim()));
  const place = (p: string) => bible.places.find((x) => bare(x.name) === bare(p))?.name ?? p;
  return {
    ...reply,
    scenes: reply.scenes.map((s) => ({
      ...s,
      characters: s.characters.map((c) => ({ ...c, name: nm(c.name) })),
      dialogue: s.dialogue.map((d) => ({ ...d, speaker: nm(d.speaker) })),
    })),
    cliffhanger: { ...reply.cliffhanger, who: reply.cliffhanger.who.map(nm), place: place(reply.cliffhanger.place), thread: reply.cliffhanger.thread || null },
    sponsor: reply.sponsor && { ...reply.sponsor, holder: nn(reply.sponsor.holder) },
    twists: reply.twists.map((t) => ({ ...t, kind: t.kind.trim().toLowerCase(), actor: nm(t.actor), target: nn(t.target), object: object(t.object) })),
    changes: reply.changes.map((c): ReplyChange => {
      switch (c.type) {
        case 'fact':
          return { ...c, actor: nn(c.actor), target: nn(c.target), known: c.known.map(nm) };
        case 'reveal':
          return { ...c, to: c.to.map(nm) };
        case 'open':
          return { ...c, about: c.about.map(nm) };
        case 'condition':
          return { ...c, name: nm(c.name) };
        case 'move':
          return { ...c, name: nm(c.name), place: place(c.place) };
        case 'relation':
          return { ...c, from: nm(c.from), to: nm(c.to) };
        default:
          return c;
      }
    }),
  };
}

/**
 * Episodes from OpenAI or any OpenAI-compatible server (Ollama, vLLM, LM Studio), written on the
 * story model: the prompt carries the bible, the state, the twist to pay off and the cliffhanger
 * to answer; the reply returns the script, the next ballot as operations and the episode's story
 * changes. Structured output where the server supports it, plain JSON otherwise; a reply that is
 * not JSON, does not fit the schema, the cast or the length, or breaks the story (story-check.ts)
 * is sent back with the reasons a bounded number of times; timeouts, 429 and 5xx are retried by
 * the SDK with backoff. A broken episode is never passed on: the step fails with the reason, or
 * the offline writer continues the same story if the series allows it.
 */
export class LlmWriter implements Writer {
  private mode: OutputMode = 'json_schema';
  private tokenParam: TokenParam = 'max_tokens';

  constructor(private readonly opts: LlmWriterOptions) {}

  async write(req: WriteRequest): Promise<WrittenEpisode> {
    try {
      return await this.writeEpisode(req);
    } catch (err) {
      if (!(err instanceof LlmWriterError) || !req.series.allowFallback || !this.opts.fallback) throw err;
      this.opts.log.warn({ seriesId: req.series.id, episode: req.episodeNumber, reason: err.message }, 'LLM writer failed; the offline writer takes this episode');
      return this.opts.fallback.write(req);
    }
  }

  /** The episode from the LLM alone (no fallback): repaired until it fits, or an LlmWriterError with the reason. */
  async writeEpisode(req: WriteRequest): Promise<WrittenEpisode> {
    const prompt = buildPrompt(req);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ];
    const attempts = (this.opts.repairs ?? 2) + 1;
    let problem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const reply = await this.complete(messages, { sponsor: req.sponsor !== undefined });
      let raw: unknown;
      try {
        raw = extractJson(reply);
      } catch (err) {
        problem = `reply ${attempt} was not JSON (${err instanceof Error ? err.message : String(err)})`;
        messages.push(
          { role: 'assistant', content: reply.slice(0, 4000) },
          { role: 'user', content: 'That was not a valid JSON object. Reply again with the complete episode as one JSON object only.' },
        );
        continue;
      }
      const checked = checkReply(raw, req);
      if ('episode' in checked) return checked.episode;
      problem = `reply ${attempt} did not fit: ${checked.problem}`;
      messages.push(
        { role: 'assistant', content: reply.slice(0, 8000) },
        { role: 'user', content: `That reply can't be used: ${checked.problem}. Reply again with the complete corrected JSON object only.` },
      );
    }
    throw new LlmWriterError(`the LLM gave no usable script after ${attempts} replies; last: ${problem}`);
  }

  /** One completion; downgrades the request once per unsupported feature the server reports. */
  private async complete(messages: ChatCompletionMessageParam[], schema: { sponsor: boolean }): Promise<string> {
    for (let downgrades = 0; ; downgrades++) {
      try {
        const res = await this.opts.client.chat.completions.create(this.request(messages, schema), { signal: AbortSignal.timeout(this.opts.deadlineMs) });
        const content = res.choices[0]?.message?.content;
        if (typeof content !== 'string' || !content.trim()) throw new LlmWriterError('the LLM returned an empty reply');
        return content;
      } catch (err) {
        if (err instanceof OpenAI.BadRequestError && downgrades < 4 && this.downgrade(err.message)) continue;
        throw this.explain(err);
      }
    }
  }

  private request(messages: ChatCompletionMessageParam[], schema: { sponsor: boolean }): ChatCompletionCreateParamsNonStreaming {
    const body: ChatCompletionCreateParamsNonStreaming = { model: this.opts.model, messages, temperature: 0.9 };
    if (this.mode === 'json_schema') {
      body.response_format = { type: 'json_schema', json_schema: { name: 'episode', schema: replyJsonSchema(schema), strict: true } };
    } else if (this.mode === 'json_object') {
      body.response_format = { type: 'json_object' };
    }
    if (this.tokenParam === 'max_tokens') body.max_tokens = 4000;
    if (this.tokenParam === 'max_completion_tokens') body.max_completion_tokens = 4000;
    return body;
  }

  /** Servers differ: step down from what this one rejected. Returns false if nothing is left to try. */
  private downgrade(message: string): boolean {
    const m = message.toLowerCase();
    if (/max_tokens/.test(m) && this.tokenParam === 'max_tokens') this.tokenParam = 'max_completion_tokens';
    else if (/max_completion_tokens/.test(m) && this.tokenParam === 'max_completion_tokens') this.tokenParam = 'none';
    else if (/response_format|json_schema|structured/.test(m) && this.mode === 'json_schema') this.mode = 'json_object';
    else if (/response_format|json_object/.test(m) && this.mode === 'json_object') this.mode = 'plain';
    else return false;
    this.opts.log.info({ mode: this.mode, tokenParam: this.tokenParam }, 'the LLM server does not support a request option; adapting');
    return true;
  }

  private explain(err: unknown): Error {
    if (err instanceof LlmWriterError) return err;
    if (err instanceof OpenAI.APIUserAbortError || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) {
      return new LlmWriterError(`the LLM did not finish a reply within ${Math.round(this.opts.deadlineMs / 1000)} s`);
    }
    if (err instanceof OpenAI.APIConnectionTimeoutError) return new LlmWriterError('the LLM server timed out (after retries)');
    if (err instanceof OpenAI.APIConnectionError) return new LlmWriterError(`the LLM server could not be reached: ${err.message}`);
    if (err instanceof OpenAI.APIError) return new LlmWriterError(`the LLM server answered ${err.status ?? 'an error'}: ${err.message}`);
    return err instanceof Error ? err : new Error(String(err));
  }
}
