import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { probe, resolveBinaries } from '../../src/render/ffmpeg.js';
import { HOUR, makeHarness, moderator, testConfig, viewer, type Harness } from '../helpers/harness.js';

describe('the story so far, rendered', () => {
  let h: Harness | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await h?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is a vertical video of 30 to 60 seconds, made by the episode renderer from the published episodes', async () => {
    const config = testConfig({ NARRATOR: 'animalese' });
    dataDir = config.dataDir;
    h = await makeHarness('sqlite', { renderer: createRenderer(config, silentLogger) });
    await h.say(
      '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding. length=30 cast="Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever"',
      moderator(),
    );
    await h.settle();
    await h.say('/vote A', viewer(1));
    await h.advance(HOUR);
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    await h.say('/series recap', viewer(1));
    await h.settle();
    const [posted] = h.publisher.recaps;
    expect(posted?.recap.videoPath).toMatch(/\.mp4$/);
    const info = await probe(resolveBinaries(), posted!.recap.videoPath!);
    expect(info.video).toMatchObject({ width: 720, height: 1280, codec: 'h264' });
    expect(info.durationSeconds).toBeGreaterThanOrEqual(30);
    expect(info.durationSeconds).toBeLessThanOrEqual(60);
    expect(posted!.recap).toMatchObject({ width: 720, height: 1280, upToEpisode: 2 });
    expect(fs.existsSync(posted!.recap.posterPath!)).toBe(true);
  }, 240_000);
});
