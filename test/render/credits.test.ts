import fs from 'node:fs';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedEpisode } from '../../src/core/ports.js';
import { countNear, frameAt, renderer, request, shortScript, tempDir } from './helpers.js';

/** Pixels that clearly differ between two RGB frames, within a band of rows (fractions of the height). */
function changed(a: Buffer, b: Buffer, band: [number, number], width = 720): number {
  const height = a.length / 3 / width;
  let n = 0;
  for (let i = Math.floor(band[0] * height) * width * 3; i < Math.floor(band[1] * height) * width * 3; i += 3) {
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 60) n++;
  }
  return n;
}

const GOLD: [number, number, number] = [0xff, 0xd3, 0x6e];

describe('"Twist by <name>" on the cold open', () => {
  const dir = tempDir();
  const script = shortScript();
  let plain: RenderedEpisode;
  let credited: RenderedEpisode;

  beforeAll(async () => {
    const r = renderer(dir);
    plain = await r.render(request(script, { episodeId: 'ep_plain' }));
    credited = await r.render(request(script, { episodeId: 'ep_plain', credit: 'Ana Pérez 🐹' }));
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('draws the line under the title in the first seconds, and nothing else changes', () => {
    const a = frameAt(plain.videoPath, 0.4);
    const b = frameAt(credited.videoPath, 0.4);
    // The line sits in the title band at the top of the frame, in gold on a dark pill.
    expect(changed(a, b, [0.1, 0.3])).toBeGreaterThan(8000);
    expect(countNear(b, 720, [0.1, 0.3], GOLD)).toBeGreaterThan(400);
    expect(countNear(a, 720, [0.1, 0.3], GOLD)).toBeLessThan(50);
    // The picture below it (but for the encoder's noise), and the scenes after the cold open, are the same.
    expect(changed(a, b, [0.35, 1])).toBeLessThan(1500);
    expect(changed(frameAt(plain.videoPath, 4), frameAt(credited.videoPath, 4), [0, 1])).toBeLessThan(200);
  });

  it('is part of what the render is cached by, and shows on the poster', async () => {
    expect(credited.videoPath).not.toBe(plain.videoPath);
    expect(credited.posterPath).not.toBe(plain.posterPath);
    const rgb = async (file: string) => {
      const image = await loadImage(fs.readFileSync(file));
      const canvas = createCanvas(image.width, image.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      const rgba = ctx.getImageData(0, 0, image.width, image.height).data;
      return Buffer.from(rgba.filter((_, i) => i % 4 !== 3));
    };
    const poster = await rgb(credited.posterPath!);
    expect(countNear(poster, 720, [0.1, 0.3], GOLD)).toBeGreaterThan(400);
    expect(countNear(await rgb(plain.posterPath!), 720, [0.1, 0.3], GOLD)).toBeLessThan(50);
  });
});
