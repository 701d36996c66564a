import OpenAI from 'openai';
import type { Config, OpenAiSettings } from '../config.js';
import type { Logger, Screener, Writer } from '../core/ports.js';
import { LlmWriter } from './llm-writer.js';
import { OfflineWriter } from './offline/offline-writer.js';
import { LocalScreener, OpenAiScreener } from './screen.js';

/** Retries the SDK makes on timeouts, 429 and 5xx (with backoff and Retry-After). */
const SDK_RETRIES = 2;

export function openAiClient(settings: OpenAiSettings): OpenAI {
  return new OpenAI({
    // Local servers (Ollama, LM Studio) need no key, but the SDK wants one.
    apiKey: settings.apiKey ?? 'not-needed',
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    timeout: settings.timeoutMs,
    maxRetries: SDK_RETRIES,
  });
}

/** The LLM writer when one is configured (with the offline writer as its fallback), else the offline writer. */
export function createWriter(config: Config, log: Logger): Writer {
  const offline = new OfflineWriter();
  if (config.writer !== 'llm' || !config.openai) return offline;
  return new LlmWriter({
    client: openAiClient(config.openai),
    model: config.openai.model,
    log,
    // Room for every SDK attempt plus its backoff, body included.
    deadlineMs: config.openai.timeoutMs * (SDK_RETRIES + 1) + 20_000,
    fallback: offline,
  });
}

export function createScreener(config: Config, log: Logger): Screener {
  const local = new LocalScreener();
  if (config.moderation !== 'openai' || !config.openai) return local;
  return new OpenAiScreener(openAiClient(config.openai), local, log);
}
