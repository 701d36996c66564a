import type OpenAI from 'openai';
import { hashSeed } from '../../core/clock.js';
import type { Logger } from '../../core/ports.js';
import type { Speak } from '../storyboard.js';
import { decodeWav, SAMPLE_RATE } from './pcm.js';
import { estimateWordTimes } from './tts.js';

/** OpenAI's voices: the narrator has its own, each character gets one by name, the same every time. */
export const NARRATOR_OPENAI_VOICE = 'fable';
const CHARACTER_VOICES = ['alloy', 'echo', 'nova', 'shimmer', 'onyx', 'coral', 'sage', 'ash'] as const;

export function openAiVoiceFor(name: string): string {
  return CHARACTER_VOICES[hashSeed(name) % CHARACTER_VOICES.length]!;
}

/** Speech from OpenAI's TTS (or a compatible /audio/speech endpoint); throws when it can't. */
export function openAiSpeaker(client: OpenAI, model: string): Speak {
  return async (text, who) => {
    const res = await client.audio.speech.create({
      model,
      voice: who.narrator ? NARRATOR_OPENAI_VOICE : openAiVoiceFor(who.name),
      input: text,
      response_format: 'wav',
      ...(who.narrator ? { instructions: 'A dramatic soap-opera narrator, hushed and intense.' } : {}),
    });
    const samples = decodeWav(Buffer.from(await res.arrayBuffer()));
    return { samples, words: estimateWordTimes(text, samples.length / SAMPLE_RATE) };
  };
}

/** Tries `first`; a line it can't voice is spoken by `fallback`, so a TTS outage never stops a render. */
export function withFallback(first: Speak, fallback: Speak, log: Logger): Speak {
  let warned = false;
  return async (text, who) => {
    try {
      return await first(text, who);
    } catch (err) {
      if (!warned) log.warn({ error: err instanceof Error ? err.message : String(err) }, 'OpenAI TTS failed; speaking offline instead');
      warned = true;
      return fallback(text, who);
    }
  };
}
