import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeEngines } from '../../src/render/audio/tts.js';
import { probe } from '../../src/render/ffmpeg.js';
import { bins, meanVolume, renderer, request, shortScript, tempDir } from './helpers.js';

describe('the video renderer with hard input', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders emoji, CJK and right-to-left text without crashing', async () => {
    const script = shortScript({
      title: '柴犬の秘密 🐶💔',
      previously: 'Previously: القطة تعود 🐱 and 柴犬が目を覚ます',
      twists: [
        { kind: 'identity', label: 'Luna 🐱 is an impostor', teaser: '👯' },
        { kind: 'illness', label: '柴犬が倒れる', teaser: '病院へ' },
        { kind: 'wedding', label: 'الزفاف ملغى', teaser: 'لا' },
      ],
    });
    script.scenes[1]!.narration = 'Mochi 🐶 wakes up: 柴犬が目を覚ます. القطة تكذب! {\\an8}braces';
    script.scenes[1]!.dialogue = [{ speaker: 'Luna', line: 'مرحبا 💋 darling' }];
    const out = await renderer(dir).render(request(script, { seriesTitle: 'Paws 🐾 of Fate' }));
    const info = await probe(bins, out.videoPath);
    expect(info.video?.width).toBe(720);
    expect(info.durationSeconds).toBeGreaterThan(10);
  }, 120_000);

  it('still has voices with no text-to-speech engine installed', async () => {
    const pathBefore = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(await probeEngines()).toEqual([]);
      const out = await renderer(dir, { narrator: 'system' }).render(request(shortScript({ title: 'No engines' })));
      expect(meanVolume(out.videoPath)).toBeGreaterThan(-35);
    } finally {
      process.env.PATH = pathBefore;
    }
  }, 120_000);

  it('draws a picture two shots share once, and two renders of one episode at once both finish', async () => {
    // The same character, pose and place in two scenes: both shots want the same layer file.
    const script = shortScript({ title: 'Twice' });
    script.scenes[2] = { ...script.scenes[1]!, beat: 'turn', narration: 'And again.' };
    const req = request(script);
    const shared = renderer(dir);
    const [a, b] = await Promise.all([shared.render(req), renderer(dir).render(req)]);
    expect(a.videoPath).toBe(b.videoPath);
    expect((await probe(bins, a.videoPath)).video?.width).toBe(720);
    expect(fs.readdirSync(path.join(dir, 'cache', 'art')).filter((f) => f.includes('.tmp'))).toEqual([]);
  }, 120_000);

  it('fits a tight size target by encoding again smaller', async () => {
    const out = await renderer(dir).render(request(shortScript({ title: 'Tight' }), { maxBytes: 900 * 1024 }));
    expect(out.sizeBytes).toBeLessThanOrEqual(900 * 1024);
  }, 120_000);

  it('fails at the video stage with ffmpeg’s last lines when ffmpeg fails', async () => {
    const fake = path.join(dir, 'broken-ffmpeg');
    fs.writeFileSync(fake, '#!/bin/sh\necho "Unknown encoder libx264" >&2\necho "Conversion failed!" >&2\nexit 1\n', { mode: 0o755 });
    const r = renderer(dir, { bins: { ...bins, ffmpeg: fake } });
    const err = (await r.render(request(shortScript({ title: 'Broken' }))).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^render failed at the video stage: ffmpeg failed/);
    expect(err.message).toContain('Conversion failed!');
  }, 120_000);

  it('kills a hung ffmpeg after its time and says so', async () => {
    const fake = path.join(dir, 'hung-ffmpeg');
    fs.writeFileSync(fake, '#!/bin/sh\necho "frame=  10 fps=0.0" >&2\nexec sleep 60\n', { mode: 0o755 });
    const r = renderer(dir, { bins: { ...bins, ffmpeg: fake }, ffmpegTimeoutMs: 1500 });
    const err = (await r.render(request(shortScript({ title: 'Hung' }))).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^render failed at the video stage: ffmpeg was stopped after 2 s without finishing/);
  }, 60_000);

  it('refuses a script that is not a valid episode script', async () => {
    await expect(renderer(dir).render(request(shortScript(), { script: { title: 'x' } }))).rejects.toThrow(/^render failed at the script stage: the episode script is not valid/);
  });
});
