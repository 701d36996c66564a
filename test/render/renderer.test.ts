import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, type ProbeInfo } from '../../src/render/ffmpeg.js';
import type { RenderedEpisode } from '../../src/core/ports.js';
import { bins, countNear, frameAt, loudness, meanVolume, renderer, request, shortScript, tempDir } from './helpers.js';

describe('the video renderer', () => {
  const dir = tempDir();
  let out: RenderedEpisode;
  let info: ProbeInfo;
  const req = request(shortScript());

  beforeAll(async () => {
    out = await renderer(dir).render(req);
    info = await probe(bins, out.videoPath);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes a vertical H.264/AAC MP4 with a poster', () => {
    expect(info.video).toMatchObject({ codec: 'h264', width: 720, height: 1280, pixFmt: 'yuv420p', fps: 24 });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000 });
    expect(fs.existsSync(out.posterPath!)).toBe(true);
    // +faststart: the index (moov) comes before the media data (mdat).
    const head = fs.readFileSync(out.videoPath).subarray(0, 4096).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));
  });

  it('lasts as long as its voices and cards, and reports it truly', () => {
    expect(info.durationSeconds).toBeGreaterThan(12);
    expect(info.durationSeconds).toBeLessThan(30);
    expect(Math.abs(out.durationMs / 1000 - info.durationSeconds) / info.durationSeconds).toBeLessThan(0.05);
    expect(out.sizeBytes).toBe(fs.statSync(out.videoPath).size);
    expect(out.sizeBytes).toBeLessThan(req.maxBytes);
  });

  it('has a soundtrack that is not silent, at about −14 LUFS', () => {
    expect(meanVolume(out.videoPath)).toBeGreaterThan(-35);
    expect(loudness(out.videoPath)).toBeGreaterThan(-16);
    expect(loudness(out.videoPath)).toBeLessThan(-12);
  });

  it('burns the captions in, highlighted word by word', () => {
    // About two thirds into the payoff narration the sung words are yellow.
    const withCaption = frameAt(out.videoPath, 7.2);
    const yellow = countNear(withCaption, 720, [0.62, 0.8], [255, 225, 77]);
    expect(yellow).toBeGreaterThan(300);
  });

  it('moves the camera: the cold open pushes in, the twist lands with a white flash', () => {
    // How much of a frame's middle band another frame matches when magnified `zoom` times about the centre.
    const band = (rgb: Buffer, zoom: number, other: Buffer) => {
      let diff = 0;
      for (let y = 128; y < 704; y += 2) {
        for (let x = 40; x < 680; x += 2) {
          const sx = Math.round(360 + (x - 360) / zoom);
          const sy = Math.round(640 + (y - 640) / zoom);
          for (let c = 0; c < 3; c++) diff += Math.abs(rgb[(sy * 720 + sx) * 3 + c]! - other[(y * 720 + x) * 3 + c]!);
        }
      }
      return diff;
    };
    const first = frameAt(out.videoPath, 0);
    const later = frameAt(out.videoPath, 1.4);
    const zooms = [1, 1.02, 1.04, 1.06, 1.08, 1.1, 1.12];
    const best = (frame: Buffer) => zooms.reduce((a, b) => (band(first, b, frame) < band(first, a, frame) ? b : a));
    expect(best(first)).toBe(1);
    expect(best(later)).toBeGreaterThanOrEqual(1.04);

    // Every frame, tiny: the flash is the one that is nearly white all over.
    const tiny = execFileSync(bins.ffmpeg, ['-v', 'error', '-i', out.videoPath, '-vf', 'scale=36:64', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 64 * 1024 * 1024 });
    const means: number[] = [];
    for (let at = 0; at + 36 * 64 <= tiny.length; at += 36 * 64) means.push(tiny.subarray(at, at + 36 * 64).reduce((a, b) => a + b, 0) / (36 * 64));
    const brightest = means.indexOf(Math.max(...means));
    expect(means[brightest]).toBeGreaterThan(200);
    // ...and it fades into the (dark, neon) street within a third of a second.
    expect(means[brightest + 12]!).toBeLessThan(120);
  });

  it('reuses its artifacts: a retried render skips what exists', async () => {
    const again = await renderer(dir).render(req);
    expect(again.videoPath).toBe(out.videoPath);
    expect(fs.statSync(again.videoPath).mtimeMs).toBe(fs.statSync(out.videoPath).mtimeMs);
    const art = fs.readdirSync(path.join(dir, 'cache', 'art'));
    expect(art.length).toBeGreaterThan(0);
    expect(art.every((f) => f.endsWith('.jpg') || f.endsWith('.png'))).toBe(true);
  });
});
