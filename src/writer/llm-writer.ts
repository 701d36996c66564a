import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Logger, WriteRequest, Writer, WrittenEpisode } from '../core/ports.js';
import { buildPrompt } from './prompt.js';
import { describeIssues, ScriptSchema, scriptJsonSchema, type Script } from './script.js';
import { timeScript, totalSeconds } from './timing.js';
import { toWritten } from './written.js';

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

/** Checks a parsed reply against the schema, the cast and the target length; returns the script or why not. */
export function checkReply(raw: unknown, req: WriteRequest): { script: Script } | { problem: string } {
  if (raw && typeof raw === 'object' && Array.isArray((raw as { scenes?: unknown }).scenes)) {
    // Seconds are counted from the words, not taken from the model.
    raw = timeScript(raw as Script);
  }
  const parsed = ScriptSchema.safeParse(raw);
  if (!parsed.success) return { problem: describeIssues(parsed.error) };
  const script = parsed.data;
  const byKey = new Map(req.cast.map((c) => [c.name.toLocaleLowerCase(), c.name]));
  const unknown = new Set<string>();
  for (const scene of script.scenes) {
    for (const c of scene.characters) {
      const name = byKey.get(c.name.toLocaleLowerCase());
      if (name) c.name = name;
      else unknown.add(c.name);
    }
    for (const d of scene.dialogue) d.speaker = byKey.get(d.speaker.toLocaleLowerCase()) ?? d.speaker;
  }
  if (unknown.size) return { problem: `characters not in the cast: ${[...unknown].join(', ')}; use only ${req.cast.map((c) => c.name).join(', ')}` };
  const seconds = totalSeconds(script);
  const target = req.series.targetSeconds;
  if (seconds < Math.max(20, target * 0.65) || seconds > Math.min(135, target * 1.35)) {
    return { problem: `the episode reads in ${Math.round(seconds)} s but should take about ${target} s (about ${Math.round(target * 2.6)} words in total)` };
  }
  return { script };
}

/**
 * Episode scripts from OpenAI or any OpenAI-compatible server (Ollama, vLLM, LM Studio).
 * Structured output where the server supports it, plain JSON otherwise; an invalid reply is sent
 * back for repair a bounded number of times; timeouts, 429 and 5xx are retried by the SDK with
 * backoff. A broken script is never passed on: the step fails with the reason, or the offline
 * writer steps in if the series allows it.
 */
export class LlmWriter implements Writer {
  private mode: OutputMode = 'json_schema';
  private tokenParam: TokenParam = 'max_tokens';

  constructor(private readonly opts: LlmWriterOptions) {}

  async write(req: WriteRequest): Promise<WrittenEpisode> {
    try {
      return toWritten(await this.writeScript(req), req);
    } catch (err) {
      if (!(err instanceof LlmWriterError) || !req.series.allowFallback || !this.opts.fallback) throw err;
      this.opts.log.warn({ seriesId: req.series.id, episode: req.episodeNumber, reason: err.message }, 'LLM writer failed; the offline writer takes this episode');
      return this.opts.fallback.write(req);
    }
  }

  async writeScript(req: WriteRequest): Promise<Script> {
    const prompt = buildPrompt(req);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ];
    const attempts = (this.opts.repairs ?? 2) + 1;
    let problem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const reply = await this.complete(messages);
      let raw: unknown;
      try {
        raw = extractJson(reply);
      } catch (err) {
        problem = `reply ${attempt} was not JSON (${err instanceof Error ? err.message : String(err)})`;
        messages.push({ role: 'assistant', content: reply.slice(0, 4000) }, { role: 'user', content: 'That was not a valid JSON object. Reply again with the complete episode as one JSON object only.' });
        continue;
      }
      const checked = checkReply(raw, req);
      if ('script' in checked) return checked.script;
      problem = `reply ${attempt} did not fit: ${checked.problem}`;
      messages.push(
        { role: 'assistant', content: reply.slice(0, 8000) },
        { role: 'user', content: `That reply can't be used: ${checked.problem}. Reply again with the complete corrected JSON object only.` },
      );
    }
    throw new LlmWriterError(`the LLM gave no usable script after ${attempts} replies; last: ${problem}`);
  }

  /** One completion; downgrades the request once per unsupported feature the server reports. */
  private async complete(messages: ChatCompletionMessageParam[]): Promise<string> {
    for (let downgrades = 0; ; downgrades++) {
      try {
        const res = await this.opts.client.chat.completions.create(this.request(messages), { signal: AbortSignal.timeout(this.opts.deadlineMs) });
        const content = res.choices[0]?.message?.content;
        if (typeof content !== 'string' || !content.trim()) throw new LlmWriterError('the LLM returned an empty reply');
        return content;
      } catch (err) {
        if (err instanceof OpenAI.BadRequestError && downgrades < 4 && this.downgrade(err.message)) continue;
        throw this.explain(err);
      }
    }
  }

  private request(messages: ChatCompletionMessageParam[]): ChatCompletionCreateParamsNonStreaming {
    const body: ChatCompletionCreateParamsNonStreaming = { model: this.opts.model, messages, temperature: 0.9 };
    if (this.mode === 'json_schema') {
      body.response_format = { type: 'json_schema', json_schema: { name: 'episode_script', schema: scriptJsonSchema(), strict: true } };
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
