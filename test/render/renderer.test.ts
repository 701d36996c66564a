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

  it('reuses its artifacts: a retried render skips what exists', async () => {
    const again = await renderer(dir).render(req);
    expect(again.videoPath).toBe(out.videoPath);
    expect(fs.statSync(again.videoPath).mtimeMs).toBe(fs.statSync(out.videoPath).mtimeMs);
    const art = fs.readdirSync(path.join(dir, 'cache', 'art'));
    expect(art.length).toBeGreaterThan(0);
    expect(art.every((f) => f.endsWith('.jpg') || f.endsWith('.png'))).toBe(true);
  });
});
