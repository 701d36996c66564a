import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { Studio } from '../../src/adapters/web/studio.js';
import { createRenderer } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { timelineRefOf } from '../../src/core/exports.js';
import type { MediaStore } from '../../src/core/ports.js';
import type { Series } from '../../src/core/series.js';
import { cuesOf } from '../../src/export/subtitles.js';
import { readTimeline } from '../../src/export/timeline-file.js';
import { silentLogger } from '../../src/log.js';
import { resolveBinaries } from '../../src/render/ffmpeg.js';
import { HOUR, MINUTE, makeHarness, moderator, testConfig, viewer, type Harness } from '../helpers/harness.js';
import { BIN } from '../helpers/process.js';

const bins = resolveBinaries({ ffmpegPath: process.env.FFMPEG_PATH, ffprobePath: process.env.FFPROBE_PATH });
const probeJson = (file: string, entries: string[]) => JSON.parse(execFileSync(bins.ffprobe, ['-v', 'error', ...entries, '-of', 'json', file], { encoding: 'utf8' }));
const chaptersOf = (file: string) => (probeJson(file, ['-show_chapters']) as { chapters: { start_time: string; tags: { title: string } }[] }).chapters;
const streamsOf = (file: string) =>
  (probeJson(file, ['-show_entries', 'stream=codec_type,codec_name:stream_tags=language']) as { streams: { codec_type: string; codec_name: string; tags?: { language?: string } }[] }).streams;
/** The bottom third of a frame (where captions sit), as grey bytes. */
/** A frame, small and grey. */
const frameOf = (video: string, seconds: number) =>
  execFileSync(bins.ffmpeg, ['-v', 'error', '-ss', String(seconds), '-i', video, '-frames:v', '1', '-vf', 'scale=90:160', '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
/** The largest mean difference of any horizontal band of two frames (captions sit in a band, wherever the faces leave room). */
const difference = (a: Buffer, b: Buffer) => {
  const band = 90 * 20;
  let most = 0;
  for (let from = 0; from < a.length; from += band) {
    let sum = 0;
    for (let i = from; i < Math.min(a.length, from + band); i++) sum += Math.abs(a[i]! - b[i]!);
    most = Math.max(most, sum / band);
  }
  return most;
};

function zipNames(file: string): Promise<string[]> {
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

describe('exports made by the export job, from a series rendered for real', () => {
  let h: Harness;
  let config: Config;
  let series: Series;
  const artFiles = () => fs.readdirSync(path.join(config.render.cacheDir, 'art')).length;
  const exportJobs = async () => (await h.handle.db.selectFrom('jobs').select('key').where('kind', '=', 'export').execute()).map((j) => j.key);

  beforeAll(async () => {
    config = testConfig({ NARRATOR: 'animalese' });
    // The harness shares the renderer's folders: the CLI below opens the same database and media.
    h = await makeHarness('sqlite', { renderer: createRenderer(config, silentLogger) }, { DATA_DIR: config.dataDir, NARRATOR: 'animalese' });
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding. length=30 cast="Mochi: Shiba Inu, Luna: black cat"', moderator());
    await h.settle();
    await h.say('/vote A', viewer(1));
    await h.advance(HOUR);
    expect(h.publisher.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    series = await h.app.engine.series.find('paws-of-fate');
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  it('makes a season cut asked twice once, keeps it until the series changes, and only for moderators', async () => {
    const exports = h.app.engine.exports;
    await expect(exports.askSeason(viewer(2), series)).rejects.toMatchObject({ code: 'not-moderator' });
    const [first, second] = [await exports.askSeason(moderator(), series), await exports.askSeason(moderator(2), series)];
    expect(second.exportId).toBe(first.exportId);
    expect(await exportJobs()).toHaveLength(1);
    expect((await exports.season(series))?.status).toBe('making');

    await h.settle();
    const made = await exports.season(series);
    expect(made).toMatchObject({ status: 'made', current: true, target: '1-2' });
    const file = (await exports.file(series.id, made!.id))!.ref;
    expect(chaptersOf(file).map((c) => c.tags.title)).toEqual([expect.stringContaining('Episode 1'), expect.stringContaining('Episode 2'), 'Credits']);
    expect(made!.caption).toMatch(/^0:00 /m);
    // Asked again: it is there, nothing is queued.
    expect(await exports.askSeason(moderator(), series)).toEqual({ exportId: first.exportId, state: 'made' });
    expect(await exportJobs()).toHaveLength(1);
  }, 120_000);

  it('makes an episode without burnt-in captions from the cached stills, its captions a subtitle track', async () => {
    const exports = h.app.engine.exports;
    const episode = await h.handle.db.selectFrom('episodes').selectAll().where('series_id', '=', series.id).where('number', '=', 2).executeTakeFirstOrThrow();
    const stills = artFiles();
    const asked = await exports.askSoftSubtitles(moderator(), series, 2);
    await h.settle();
    expect(await exports.softSubtitles(episode.id)).toMatchObject({ id: asked.exportId, status: 'made' });
    // Only the encode ran again: no still was drawn.
    expect(artFiles()).toBe(stills);
    const soft = (await exports.file(series.id, asked.exportId))!.ref;
    expect(streamsOf(soft).map((s) => [s.codec_type, s.codec_name])).toEqual([
      ['video', 'h264'],
      ['audio', 'aac'],
      ['subtitle', 'mov_text'],
    ]);
    expect(streamsOf(soft)[2]!.tags?.language).toBe('eng');
    const timeline = (await readTimeline(timelineRefOf(episode.video_path!)))!;
    const cues = cuesOf(timeline.captions, { width: timeline.width, language: timeline.language });
    const packets = execFileSync(bins.ffprobe, ['-v', 'error', '-select_streams', 's:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', soft], { encoding: 'utf8' }).trim().split('\n');
    // mov_text fills the gaps between cues with empty samples: every cue is there, in order.
    expect(packets.length).toBeGreaterThanOrEqual(cues.length);
    // While a caption shows, the burnt-in episode differs from the soft one in the caption's band; with none, they match.
    const cue = cues.find((c) => c.end - c.start > 1)!;
    const mid = (cue.start + cue.end) / 2;
    expect(difference(frameOf(episode.video_path!, mid), frameOf(soft, mid))).toBeGreaterThan(3);
    const silent = cues.at(-1)!.end + 0.5;
    expect(difference(frameOf(episode.video_path!, silent), frameOf(soft, silent))).toBeLessThan(3);
  }, 180_000);

  it('marks an export that could not be made as failed, and makes it when asked again', async () => {
    const broken: MediaStore = {
      keep: async (file) => file,
      localFile: async () => {
        throw new Error('the media bucket does not answer');
      },
    };
    await h.restart({ media: broken });
    const asked = await h.app.engine.exports.askSeason(moderator(), series, { from: 2, to: 2 });
    await h.settle();
    for (let i = 0; i < 4; i++) await h.advance(MINUTE);
    const failed = await h.handle.db.selectFrom('exports').selectAll().where('id', '=', asked.exportId).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('does not answer') });

    await h.restart();
    expect(await h.app.engine.exports.askSeason(moderator(), series, { from: 2, to: 2 })).toEqual({ exportId: asked.exportId, state: 'making' });
    await h.settle();
    const made = await h.handle.db.selectFrom('exports').selectAll().where('id', '=', asked.exportId).executeTakeFirstOrThrow();
    expect(made).toMatchObject({ status: 'made', error: null });
    expect(chaptersOf(made.file_path!).map((c) => c.tags.title)).toEqual([expect.stringContaining('Episode 2'), 'Credits']);
  }, 120_000);

  it('exports from the command line: the season cut it finds made, and a post kit with the soft-subtitled video', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-export-cli-'));
    const env = {
      PATH: process.env.PATH ?? '',
      DATA_DIR: config.dataDir,
      DATABASE_URL: `sqlite:${(h.db.target as { file: string }).file}`,
      NARRATOR: 'animalese',
      LOG_LEVEL: 'error',
      ...(process.env.FFMPEG_PATH ? { FFMPEG_PATH: process.env.FFMPEG_PATH } : {}),
      ...(process.env.FFPROBE_PATH ? { FFPROBE_PATH: process.env.FFPROBE_PATH } : {}),
    };
    const cli = (args: string[]) => spawnSync(process.execPath, [BIN, 'export', 'paws-of-fate', ...args, '--out', out], { env, encoding: 'utf8', timeout: 120_000 });
    try {
      const season = cli(['--season']);
      expect(season.status, season.stderr).toBe(0);
      const [video, caption] = season.stdout.trim().split('\n');
      expect(path.basename(video!)).toBe('paws-of-fate-parts-1-2.mp4');
      expect(chaptersOf(video!)).toHaveLength(3);
      expect(fs.readFileSync(caption!, 'utf8')).toMatch(/^0:00 /m);

      const kit = cli(['--episode', '2', '--zip']);
      expect(kit.status, kit.stderr).toBe(0);
      const zip = kit.stdout.trim();
      expect(path.basename(zip)).toBe('paws-of-fate-part-2.zip');
      expect((await zipNames(zip)).sort()).toEqual(
        [
          'paws-of-fate-part-2-caption.txt',
          'paws-of-fate-part-2-cover-1x1.jpg',
          'paws-of-fate-part-2-cover-9x16.jpg',
          'paws-of-fate-part-2-soft-subtitles.mp4',
          'paws-of-fate-part-2.mp4',
          'paws-of-fate-part-2.srt',
          'paws-of-fate-part-2.vtt',
        ].sort(),
      );

      // Made here and now when asked for (a render without the captions, then the track added).
      const fresh = cli(['--episode', '1', '--soft-subs']);
      expect(fresh.status, fresh.stderr).toBe(0);
      const soft = fresh.stdout
        .trim()
        .split('\n')
        .find((f) => f.endsWith('-soft-subtitles.mp4'));
      expect(soft && path.basename(soft)).toBe('paws-of-fate-part-1-soft-subtitles.mp4');
      expect(streamsOf(soft!).map((s) => s.codec_name)).toEqual(['h264', 'aac', 'mov_text']);

      const bad = cli(['--season', '--soft-subs']);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('--soft-subs goes with a post kit');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);

  it('shows the season cut on the moderation page: made, out of date after a new episode, asked again, being made, then a download link', async () => {
    const studio = new Studio(config.web, config.render.mediaDir, silentLogger);
    studio.attach(h.app);
    const url = await studio.start();
    const post = (where: string) => fetch(`${url}${where}`, { method: 'POST', redirect: 'manual', headers: { origin: url } });
    const card = async () => {
      const page = await (await fetch(`${url}/s/paws-of-fate/mod`)).text();
      const at = page.indexOf('<section class="card" id="exports">');
      return at < 0 ? '' : page.slice(at, page.indexOf('</section>', at));
    };
    try {
      const made = await card();
      expect(made).toContain('Download parts 1–2');
      expect(made).toContain('Caption to paste (with chapters)');
      expect(made).not.toContain('New episodes since this cut.');
      const link = /href="(\/s\/paws-of-fate\/exports\/[^"]+\/video\.mp4)"/.exec(made)?.[1];
      const download = await fetch(`${url}${link}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('video/mp4');
      expect(download.headers.get('content-disposition')).toContain('paws-of-fate-parts-1-2.mp4');
      expect(
        Buffer.from(await download.arrayBuffer())
          .subarray(4, 8)
          .toString('latin1'),
      ).toBe('ftyp');
      // The latest episode's soft-subtitled variant was made above: the card says so, and the kit has it.
      expect(made).toContain('Part 2 without burnt-in captions');
      expect(made).toContain('Ready: it’s in the post kit.');
      const kit = await fetch(`${url}/s/paws-of-fate/episodes/2/kit.zip`);
      const zip = path.join(config.dataDir, 'kit.zip');
      fs.writeFileSync(zip, Buffer.from(await kit.arrayBuffer()));
      expect(await zipNames(zip)).toContain('paws-of-fate-part-2-soft-subtitles.mp4');

      // Episode 3 comes out: the cut is out of date, and episode 3 has no soft-subtitled variant yet.
      await h.say('/vote A', viewer(1));
      await h.advance(HOUR);
      const stale = await card();
      expect(stale).toContain('New episodes since this cut.');
      expect(stale).toContain('Make a fresh cut');
      expect(stale).toContain('Part 3 without burnt-in captions');

      const asked = await post('/s/paws-of-fate/exports/season');
      expect(asked.status).toBe(303);
      expect(asked.headers.get('location')).toBe('/s/paws-of-fate/mod#exports');
      expect(await card()).toContain('Being made… reload in a moment for the link.');
      const soft = await post('/s/paws-of-fate/episodes/3/soft-subtitles');
      expect(soft.status).toBe(303);
      expect(await exportJobs()).toContainEqual(expect.stringMatching(/^export:soft-subtitles:/));
      await h.settle();
      const fresh = await card();
      expect(fresh).toContain('Download parts 1–3');
      expect(fresh).not.toContain('New episodes since this cut.');
    } finally {
      await studio.stop();
    }
  }, 240_000);
});
