import fs from 'node:fs';
import OpenAI from 'openai';
import { afterAll, describe, expect } from 'vitest';
import { encodeWav, SAMPLE_RATE } from '../../src/render/audio/pcm.js';
import { NARRATOR_OPENAI_VOICE, openAiVoiceFor } from '../../src/render/audio/openai-tts.js';
import { it } from '../fakes/openai/fixture.js';
import type { FakeOpenAi } from '../fakes/openai/server.js';
import { meanVolume, renderer, request, shortScript, tempDir } from './helpers.js';

/** A second of a tone whose pitch says which voice spoke. */
function tone(seconds: number, hz: number): Buffer {
  const s = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  for (let i = 0; i < s.length; i++) s[i] = 0.3 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
  return encodeWav(s);
}

describe('voices from OpenAI TTS', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const make = (openai: FakeOpenAi) => renderer(dir, { openaiTts: { client: new OpenAI({ apiKey: 'k', baseURL: openai.url, maxRetries: 0 }), model: 'tts-test' } });

  it('voices the narrator and each character with their own voice', async ({ openai }) => {
    openai.speech = (r) => tone(0.8, r.body.voice === NARRATOR_OPENAI_VOICE ? 220 : 440);
    const out = await make(openai).render(request(shortScript({ title: 'OpenAI voices' })));
    const calls = openai.requests.filter((r) => r.path.endsWith('/audio/speech'));
    const voices = new Set(calls.map((c) => c.body.voice));
    expect(voices).toContain(NARRATOR_OPENAI_VOICE);
    expect(voices).toContain(openAiVoiceFor('Luna'));
    expect(calls.every((c) => c.body.model === 'tts-test')).toBe(true);
    expect(meanVolume(out.videoPath)).toBeGreaterThan(-35);
  }, 120_000);

  it('speaks offline when the TTS endpoint fails, and still renders', async ({ openai }) => {
    openai.speech = () => ({ status: 500, body: { error: { message: 'tts down' } } });
    const out = await make(openai).render(request(shortScript({ title: 'TTS down' })));
    expect(meanVolume(out.videoPath)).toBeGreaterThan(-35);
  }, 120_000);
});
