import fs from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import OpenAI from 'openai';
import { afterAll, describe, expect } from 'vitest';
import { it } from '../fakes/openai/fixture.js';
import type { FakeOpenAi } from '../fakes/openai/server.js';
import { countNear, frameAt, renderer, request, shortScript, tempDir } from './helpers.js';

/** A picture the image service "draws": all magenta, so the video shows where it was used. */
function magenta(): Buffer {
  const c = createCanvas(256, 384);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#ff00ff';
  ctx.fillRect(0, 0, 256, 384);
  return c.toBuffer('image/png');
}

describe('scene art from OpenAI images', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const make = (openai: FakeOpenAi, cache: string) => renderer(cache, { openaiImages: { client: new OpenAI({ apiKey: 'k', baseURL: openai.url, maxRetries: 0 }), model: 'img-test' } });

  it('prompts with the character sheet and the scene, once per shot, and uses the picture', async ({ openai }) => {
    openai.images = () => magenta();
    const out = await make(openai, `${dir}/a`).render(request(shortScript({ title: 'Painted' })));
    const calls = openai.requests.filter((r) => r.path.endsWith('/images/generations'));
    expect(calls.length).toBe(3); // the three scenes after the hook; the cold open reuses one of them
    expect(calls[0]!.body.size).toBe('1024x1536');
    expect(calls.some((c) => /Mochi, an anthropomorphised shiba \(dog\)/.test(c.body.prompt!))).toBe(true);
    expect(calls.some((c) => /Setting: hospital room/.test(c.body.prompt!))).toBe(true);
    const frame = frameAt(out.videoPath, 10);
    expect(countNear(frame, 720, [0.1, 0.5], [255, 0, 255])).toBeGreaterThan(100_000);
    // The poster is the painted cold open too.
    const { loadImage } = await import('@napi-rs/canvas');
    const poster = await loadImage(fs.readFileSync(out.posterPath!));
    const c = createCanvas(poster.width, poster.height);
    c.getContext('2d').drawImage(poster, 0, 0);
    const px = c.getContext('2d').getImageData(poster.width / 2, poster.height / 2, 1, 1).data;
    expect(Math.abs(px[0]! - 255) + Math.abs(px[1]! - 0) + Math.abs(px[2]! - 255)).toBeLessThan(12);
    // A second render of the same scenes asks for nothing: pictures are kept per prompt.
    await make(openai, `${dir}/a`).render(request(shortScript({ title: 'Painted again' })));
    expect(openai.requests.filter((r) => r.path.endsWith('/images/generations')).length).toBe(3);
  }, 120_000);

  it('draws the shot procedurally when the image service fails', async ({ openai }) => {
    openai.images = () => ({ status: 500, body: { error: { message: 'images down' } } });
    const out = await make(openai, `${dir}/b`).render(request(shortScript({ title: 'Unpainted' })));
    const frame = frameAt(out.videoPath, 10);
    expect(countNear(frame, 720, [0.1, 0.5], [255, 0, 255])).toBeLessThan(1000);
  }, 120_000);
});
