import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditsPages } from '../../src/export/credits-card.js';
import type { EpisodeCredit } from '../../src/export/credits.js';
import { seasonCut, type SeasonEpisode, type SeasonResult } from '../../src/export/season.js';
import { readTimeline, type Timeline } from '../../src/export/timeline-file.js';
import { bins, frameAt, loudness, renderer, request, shortScript, tempDir } from '../render/helpers.js';

const ffprobe = (args: string[]) => execFileSync(bins.ffprobe, ['-v', 'error', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const chaptersOf = (file: string) =>
  (JSON.parse(ffprobe(['-show_chapters', '-of', 'json', file])) as { chapters: { start_time: string; end_time: string; tags: { title: string } }[] }).chapters.map((c) => ({
    start: Number(c.start_time),
    end: Number(c.end_time),
    title: c.tags.title,
  }));
const keyframesOf = (file: string) =>
  ffprobe(['-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file])
    .trim()
    .split('\n')
    .filter((l) => l.includes('K'))
    .map((l) => Number(l.split(',')[0]));
const videoDuration = (file: string) => Number(ffprobe(['-select_streams', 'v:0', '-show_entries', 'stream=duration', '-of', 'csv=p=0', file]).trim());
/** How alike two RGB frames are: the mean absolute difference per channel (0 = the same). */
const difference = (a: Buffer, b: Buffer) => {
  let sum = 0;
  for (let i = 0; i < a.length; i += 7) sum += Math.abs(a[i]! - b[i]!);
  return sum / (a.length / 7);
};

describe('a season cut of rendered episodes', () => {
  const dir = tempDir();
  const episodes: SeasonEpisode[] = [];
  const credits: EpisodeCredit[] = [
    { number: 1, title: 'The Locket', twist: 'Luna is an impostor', author: 'Sam 🐾', voters: 12 },
    { number: 2, title: 'The Locket', twist: 'Mochi collapses', author: null, voters: 7 },
    { number: 3, title: 'The Locket', twist: null, author: null, voters: 3 },
  ];
  let cut: SeasonResult;

  beforeAll(async () => {
    const r = renderer(dir);
    for (const number of [1, 2, 3]) {
      const out = await r.render(request(shortScript(), { number, episodeId: `ep_${number}` }));
      episodes.push({ number, title: 'The Locket', video: out.videoPath, timeline: await readTimeline(out.timelinePath) });
    }
    cut = await seasonCut({ bins, seriesTitle: 'Paws of Fate', language: 'en', episodes, credits, output: path.join(dir, 'season.mp4') });
  }, 240_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps one "previously", drops every outro but the last, and adds the credits, all by stream copy', () => {
    const [one, two, three] = episodes.map((e) => e.timeline!);
    const part = (t: Timeline, kind: string) => t.parts.filter((p) => p.kind === kind).reduce((s, p) => s + p.end - p.start, 0);
    // Episode 1 has no "previously"; 2 and 3 have theirs cut; only episode 3 keeps its outro.
    expect(part(two!, 'previously')).toBeGreaterThan(1);
    const expected =
      part(one!, 'story') +
      part(two!, 'opening') +
      part(two!, 'story') +
      part(three!, 'opening') +
      part(three!, 'story') +
      videoDuration(episodes[2]!.video) -
      part(three!, 'opening') -
      part(three!, 'previously') -
      part(three!, 'story');
    const credits = cut.chapters.at(-1)!;
    expect(credits.title).toBe('Credits');
    expect(credits.start).toBeCloseTo(expected, 1);
    expect(videoDuration(cut.file)).toBeCloseTo(cut.duration, 1);
    expect(cut.reencoded).toEqual([]);
    // Written sample by sample (src/export/mp4.ts): it decodes from end to end without a complaint.
    const decode = spawnSync(bins.ffmpeg, ['-v', 'error', '-i', cut.file, '-f', 'null', '-'], { encoding: 'utf8' });
    expect(decode.status).toBe(0);
    expect(decode.stderr).toBe('');
    // The credits pages (a title page, one page of three twists) are held stills, 3.5 s each.
    expect(credits.end - credits.start).toBeCloseTo(7, 2);
    expect(cut.duration - credits.start).toBeCloseTo(7, 2);
  });

  it('marks a chapter where each episode starts, on its first frame', () => {
    const chapters = chaptersOf(cut.file);
    expect(chapters.map((c) => c.title)).toEqual(['Episode 1: The Locket', 'Episode 2: The Locket', 'Episode 3: The Locket', 'Credits']);
    const keyframes = keyframesOf(cut.file);
    for (const c of chapters) expect(Math.min(...keyframes.map((k) => Math.abs(k - c.start)))).toBeLessThan(1 / 24 + 0.001);
    // The picture at each episode's chapter is that episode's cold open (its title card says its number).
    for (const [i, c] of chapters.slice(0, 3).entries()) {
      const inCut = frameAt(cut.file, c.start + 0.3);
      const own = frameAt(episodes[i]!.video, 0.3);
      const other = frameAt(episodes[(i + 1) % 3]!.video, 0.3);
      expect(difference(inCut, own)).toBeLessThan(4);
      expect(difference(inCut, own)).toBeLessThan(difference(inCut, other));
    }
  });

  it('is as loud as the episodes (−14 LUFS)', () => {
    const episode = loudness(episodes[1]!.video);
    expect(Math.abs(loudness(cut.file) - episode)).toBeLessThan(1);
    expect(loudness(cut.file)).toBeGreaterThan(-16);
    expect(loudness(cut.file)).toBeLessThan(-12);
  });
});

describe('a season cut of episodes whose picture and sound must stay together', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** 20 s of black with a white flash and a beep together at `marks`, keyframes at the part boundaries (2, 5, 15). */
  function episode(name: string, marks: number[]): SeasonEpisode {
    const file = path.join(dir, `${name}.mp4`);
    const when = marks.map((m) => `between(t,${m},${m + 0.1})`).join('+');
    execFileSync(bins.ffmpeg, [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=black:s=360x640:r=24:d=20',
      '-f',
      'lavfi',
      '-i',
      'sine=f=880:sample_rate=48000:d=20',
      '-filter_complex',
      `[0:v]drawbox=c=white:t=fill:enable='${when}'[v];[1:a]volume=4,volume=0:enable='eq(${when},0)'[a]`,
      '-map',
      '[v]',
      '-map',
      '[a]',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '23',
      '-pix_fmt',
      'yuv420p',
      '-r',
      '24',
      '-force_key_frames',
      '2,5,15',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-ac',
      '2',
      '-t',
      '20',
      '-movflags',
      '+faststart',
      file,
    ]);
    const timeline: Timeline = {
      version: 1,
      duration: 20,
      fps: 24,
      width: 360,
      height: 640,
      language: 'en',
      captions: [],
      parts: [
        { kind: 'opening', start: 0, end: 2 },
        { kind: 'previously', start: 2, end: 5 },
        { kind: 'story', start: 5, end: 15 },
        { kind: 'outro', start: 15, end: 20 },
      ],
    };
    return { number: Number(name.slice(2)), title: name, video: file, timeline };
  }

  /** When each flash starts (seconds) and each beep starts. */
  function marksOf(file: string): { flashes: number[]; beeps: number[] } {
    // Every frame on a 24 fps clock from the start: frame n is at n/24 s.
    const gray = execFileSync(bins.ffmpeg, ['-v', 'error', '-i', file, '-vf', 'fps=24,scale=8:8', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 28 });
    const flashes: number[] = [];
    for (let i = 0, was = false; i * 64 < gray.length; i++) {
      const lit = gray.subarray(i * 64, i * 64 + 64).reduce((a, b) => a + b, 0) / 64 > 100;
      if (lit && !was) flashes.push(i / 24);
      was = lit;
    }
    const pcm = execFileSync(bins.ffmpeg, ['-v', 'error', '-i', file, '-vn', '-ac', '1', '-ar', '8000', '-f', 's16le', '-'], { maxBuffer: 1 << 28 });
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2);
    const beeps: number[] = [];
    // In 1 ms steps: the cut places a part's sound on a whole AAC packet (21.3 ms), within half a
    // packet of its picture, and a coarser step would eat the rest of the tolerance.
    for (let i = 0, was = false; i < samples.length; i += 8) {
      let peak = 0;
      for (let k = i; k < i + 8 && k < samples.length; k++) peak = Math.max(peak, Math.abs(samples[k]!));
      const loud = peak > 3000;
      if (loud && !was) beeps.push(i / 8000);
      was = loud;
    }
    return { flashes, beeps };
  }

  let cut: SeasonResult;
  /** How far the sound lags the picture in the episodes themselves (the encoders' own offset). */
  let lag: number;
  beforeAll(async () => {
    // A mark in every part: the opening (1 s), the "previously" (3 s), the story (8 s), the outro (17 s).
    // Six episodes: a join that gained or lost a little sound would add up to a drift.
    const eps = Array.from({ length: 6 }, (_, i) => episode(`ep${i + 1}`, [1, 3, 8, 17]));
    const own = marksOf(eps[0]!.video);
    lag = own.beeps[0]! - own.flashes[0]!;
    cut = await seasonCut({ bins, seriesTitle: 'Sync', language: 'en', episodes: eps, credits: [], output: path.join(dir, 'cut.mp4') });
  }, 60_000);

  it('places every kept part where the chapters say, with its sound in step with its picture (within 15 ms), however many are joined', () => {
    // Episode 1: opening, previously, story (15 s); the middle ones: opening, story (12 s); the last: opening, story, outro (17 s).
    const starts = [0, 15, 27, 39, 51, 63, 80];
    expect(cut.chapters.map((c) => c.start)).toEqual(starts);
    const expected = [1, 3, 8, ...starts.slice(1, 5).flatMap((s) => [s + 1, s + 2 + 3]), 63 + 1, 63 + 2 + 3, 63 + 12 + 2];
    const { flashes, beeps } = marksOf(cut.file);
    expect(flashes).toHaveLength(expected.length);
    expect(beeps).toHaveLength(expected.length);
    for (const [i, at] of expected.entries()) {
      expect(Math.abs(flashes[i]! - at), `flash ${i}`).toBeLessThan(1 / 24 + 0.001);
      expect(Math.abs(beeps[i]! - flashes[i]! - lag), `mark ${i} at ${at} s: flash ${flashes[i]}, beep ${beeps[i]}`).toBeLessThan(0.015);
    }
  });
});

describe('the end credits', () => {
  it('name authors by their display names only, with the voters of each closed ballot', () => {
    const pages = creditsPages(
      'Paws of Fate',
      [
        { number: 1, title: 'The Locket', twist: 'Luna is an impostor', author: 'Sam 🐾', voters: 12 },
        { number: 2, title: 'Rain', twist: 'Mochi collapses', author: null, voters: 1 },
        { number: 3, title: 'Storm', twist: null, author: null, voters: 5 },
      ],
      720,
      1280,
      'en',
    );
    const text = pages.flatMap((p) => p.text);
    expect(text).toEqual(expect.arrayContaining(['Credits', 'Paws of Fate', 'The twist you chose: Luna is an impostor', 'Twist by Sam 🐾 · 12 voters', '1 voter', 'Still voting…']));
    expect(text.join(' ')).not.toMatch(/telegram:|discord:|web:/);
    // A ballot still open shows no count yet.
    expect(text.join(' ')).not.toContain('5 voters');
  });
});
