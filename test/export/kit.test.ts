import fs from 'node:fs';
import path from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { parseSync } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import yauzl from 'yauzl';
import type { RenderedEpisode } from '../../src/core/ports.js';
import { CAPTION_MAX, episodeCaption, HASHTAGS_MAX, hashtag, type EpisodePost } from '../../src/export/caption-text.js';
import { kitFiles, writeFolder, writeZipFile, type KitFile } from '../../src/export/kit.js';
import { readTimeline } from '../../src/export/timeline-file.js';
import { probe } from '../../src/render/ffmpeg.js';
import { bins, renderer, request, shortScript, tempDir } from '../render/helpers.js';

const post = (over: Partial<EpisodePost> = {}): EpisodePost => ({
  language: 'en',
  seriesTitle: 'Paws of Fate',
  genre: 'mystery',
  cast: [
    { name: 'Mochi', species: 'Shiba Inu' },
    { name: 'Luna', species: 'black cat' },
  ],
  number: 2,
  title: 'The Locket',
  hook: 'Luna lied again.',
  ballot: {
    open: true,
    options: [
      { letter: 'A', label: 'Luna is an impostor' },
      { letter: 'B', label: 'Mochi collapses' },
    ],
    winner: null,
  },
  url: 'https://tails.example/s/paws',
  ...over,
});

const hashtags = (text: string) => text.match(/#[\p{L}\p{M}\p{N}_]+/gu) ?? [];

function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('an episode post kit', () => {
  const dir = tempDir();
  let out: RenderedEpisode;
  let files: KitFile[];
  let folder: string[];

  beforeAll(async () => {
    out = await renderer(dir).render(request(shortScript(), { number: 2 }));
    files = await kitFiles({ slug: 'paws', video: out.videoPath, poster: out.posterPath, timeline: await readTimeline(out.timelinePath), post: post() });
    folder = await writeFolder(files, path.join(dir, 'kit'));
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (suffix: string) => folder.find((f) => f.endsWith(suffix))!;

  it('holds the video, two covers, SRT and WebVTT subtitles and the caption', () => {
    expect(files.map((f) => f.name).sort()).toEqual(
      ['paws-part-2.mp4', 'paws-part-2-cover-9x16.jpg', 'paws-part-2-cover-1x1.jpg', 'paws-part-2.srt', 'paws-part-2.vtt', 'paws-part-2-caption.txt'].sort(),
    );
    for (const f of folder) expect(fs.statSync(f).size).toBeGreaterThan(0);
  });

  it('has a playable vertical MP4 and covers at 9:16 and 1:1', async () => {
    const info = await probe(bins, file('.mp4'));
    expect(info.video).toMatchObject({ codec: 'h264', width: 720, height: 1280 });
    expect(info.audio?.codec).toBe('aac');
    const portrait = await loadImage(fs.readFileSync(file('cover-9x16.jpg')));
    const square = await loadImage(fs.readFileSync(file('cover-1x1.jpg')));
    expect(portrait.width / portrait.height).toBeCloseTo(9 / 16, 2);
    expect(square.width).toBe(square.height);
  });

  it('has subtitles that parse, in order, inside the video, saying the script', async () => {
    const duration = (await probe(bins, file('.mp4'))).durationSeconds;
    const srt = parseSync(fs.readFileSync(file('.srt'), 'utf8')).filter((n) => n.type === 'cue');
    const vtt = new WebVTTParser().parse(fs.readFileSync(file('.vtt'), 'utf8'), 'metadata');
    expect(vtt.errors).toEqual([]);
    expect(srt.length).toBeGreaterThan(3);
    expect(vtt.cues.length).toBe(srt.length);
    let last = 0;
    for (const cue of vtt.cues) {
      expect(cue.startTime).toBeGreaterThanOrEqual(last);
      expect(cue.endTime).toBeGreaterThan(cue.startTime);
      expect(cue.endTime).toBeLessThanOrEqual(duration + 0.5);
      last = cue.endTime;
    }
    const said = vtt.cues.map((c) => c.text).join(' ');
    expect(said).toContain('Mochi wakes up crying.');
    // Dialogue carries its speaker's name, as the burnt-in captions do.
    expect(said).toContain('Luna: Surprise, darling.');
    // SRT and WebVTT agree on the timing (milliseconds).
    for (const [i, node] of srt.entries()) {
      if (node.type !== 'cue') continue;
      expect(node.data.start / 1000).toBeCloseTo(vtt.cues[i]!.startTime, 2);
    }
  });

  it('has a caption with the title, the part, the hook, what to vote on, the link and story hashtags, within the platforms limits', () => {
    const text = fs.readFileSync(file('caption.txt'), 'utf8');
    expect(text).toContain('Paws of Fate · Part 2: The Locket');
    expect(text).toContain('Luna lied again.');
    expect(text).toContain('A) Luna is an impostor');
    expect(text).toContain('https://tails.example/s/paws');
    expect(hashtags(text)).toEqual(expect.arrayContaining(['#PawsOfFate', '#Mochi', '#ShibaInu', '#BlackCat', '#Mystery']));
    expect(text.length).toBeLessThanOrEqual(CAPTION_MAX);
    expect(hashtags(text).length).toBeLessThanOrEqual(HASHTAGS_MAX);
  });

  it('zips the same files', async () => {
    const zip = await writeZipFile(files, path.join(dir, 'kit.zip'));
    expect((await zipEntries(zip)).sort()).toEqual(files.map((f) => f.name).sort());
  });
});

describe('the caption text', () => {
  it('stays within 2,200 characters and 30 hashtags however long the story', () => {
    const long = 'An endless monologue about the locket and the hospital. '.repeat(80);
    const cast = Array.from({ length: 40 }, (_, i) => ({ name: `Pet${String.fromCharCode(65 + (i % 26))}${i}`, species: `species number ${i}` }));
    const text = episodeCaption(post({ hook: long, cast, ballot: { open: true, winner: null, options: Array.from({ length: 6 }, (_, i) => ({ letter: 'ABCDEF'[i]!, label: long.slice(0, 55) })) } }));
    expect(text.length).toBeLessThanOrEqual(CAPTION_MAX);
    expect(hashtags(text).length).toBeLessThanOrEqual(HASHTAGS_MAX);
    expect(text).toContain('https://tails.example/s/paws');
  });

  it("is written in the series' language, hashtags in its script", () => {
    const zh = episodeCaption(post({ language: 'zh', seriesTitle: '命运之爪', cast: [{ name: '麻薯', species: '柴犬' }] }));
    expect(zh).toContain('第2集');
    expect(zh).toContain('#柴犬');
    expect(zh).toContain('#悬疑');
    const ar = episodeCaption(post({ language: 'ar', genre: 'family', ballot: { open: false, options: [], winner: 'Luna is an impostor' } }));
    expect(ar).toContain('اختار الجمهور: Luna is an impostor');
    expect(ar).toContain('#دراما_عائلية');
  });

  it('discloses a sponsor first, whatever else has to be shortened', () => {
    const text = episodeCaption(post({ hook: 'x'.repeat(3000), disclosure: '#ad · Sponsored by Purrfect' }));
    expect(text.startsWith('#ad · Sponsored by Purrfect\n')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(CAPTION_MAX);
  });

  it('makes hashtags from words in any script', () => {
    expect(hashtag('black cat')).toBe('#BlackCat');
    expect(hashtag("Rex's #1 fan!")).toBe('#Rexs1Fan');
    expect(hashtag('دراما عائلية')).toBe('#دراما_عائلية');
    expect(hashtag('2024')).toBeNull();
    expect(hashtag('  ')).toBeNull();
  });
});
