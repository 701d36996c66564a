import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { probe, resolveBinaries } from '../../src/render/ffmpeg.js';
import { HOUR, makeHarness, moderator, testConfig, viewer, type Harness } from '../helpers/harness.js';

describe('a series rendered to video', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('writes, renders and publishes real episodes, each under the upload limit', async () => {
    const config = testConfig({ NARRATOR: 'animalese' });
    h = await makeHarness('sqlite', { renderer: createRenderer(config, silentLogger) });
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. length=30 cast="Mochi: Shiba Inu, Luna: black cat"', moderator());
    await h.settle();
    const first = h.publisher.posts[0]!;
    expect(first.episode.videoPath).toMatch(/\.mp4$/);
    const info = await probe(resolveBinaries(), first.episode.videoPath!);
    expect(info.video).toMatchObject({ width: 720, height: 1280, codec: 'h264' });
    expect(first.episode.sizeBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(fs.existsSync(first.episode.posterPath!)).toBe(true);
    await h.say(`/vote ${first.ballot.options[0]!.letter}`, viewer(1));
    await h.advance(HOUR);
    const second = h.publisher.posts[1]!;
    expect(second.episode.number).toBe(2);
    expect((await probe(resolveBinaries(), second.episode.videoPath!)).durationSeconds).toBeGreaterThan(20);
  }, 180_000);
});
