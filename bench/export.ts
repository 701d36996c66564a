import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createLogger, silentLogger } from '../src/log.js';
import { writeOffline } from '../src/writer/offline/offline-writer.js';
import type { Script } from '../src/writer/script.js';
import { kitFiles, writeZipFile } from '../src/export/kit.js';
import { seasonCut } from '../src/export/season.js';
import { readTimeline } from '../src/export/timeline-file.js';
import { resolveBinaries } from '../src/render/ffmpeg.js';
import { VideoRenderer } from '../src/render/renderer.js';
import { request as renderRequest } from '../test/render/helpers.js';
import { CAST, request as writeRequest } from '../test/writer/fixtures.js';
import type { Print } from './setup.js';

const exec = promisify(execFile);

/**
 * Post kit and season cut on a 60-second 720p episode. Rendering is not measured here (`render`
 * does): the episode is rendered once into a cache under the OS temp dir and reused by later runs,
 * and the season is that episode twenty times over (a cut does the same work whatever the pictures).
 */
export async function run(print: Print): Promise<void> {
  const bins = resolveBinaries();
  const cache = path.join(os.tmpdir(), 'tailtwist-bench-export');
  const renderer = new VideoRenderer({
    bins,
    width: 720,
    height: 1280,
    fps: 24,
    mediaDir: path.join(cache, 'media'),
    cacheDir: path.join(cache, 'cache'),
    log: process.env.BENCH_DEBUG ? createLogger('debug', { pretty: false }) : silentLogger,
    narrator: 'animalese',
  });
  const script = writeOffline(
    writeRequest({ episodeNumber: 2, chosen: { op: undefined, label: 'Luna reveals the secret to Mochi', teaser: 'Same eyes, a different heart.', source: 'community' } }, { id: 'bench', seed: 2026 }),
  ).script as Script;
  const episode = await renderer.render(renderRequest(script, { episodeId: 'bench-export', seriesId: 'bench', cast: CAST }));
  const timeline = await readTimeline(episode.timelinePath);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-bench-export-out-'));
  try {
    print('export.episode.seconds', Number(((timeline?.duration ?? 0) as number).toFixed(1)), 's of video');

    const kitStart = performance.now();
    const files = await kitFiles({
      slug: 'bench',
      video: episode.videoPath,
      poster: episode.posterPath,
      timeline,
      post: {
        language: 'en',
        seriesTitle: 'Paws of Fate',
        genre: 'mystery',
        cast: CAST.map((c) => ({ name: c.name, species: c.species })),
        number: 2,
        title: script.title,
        hook: script.scenes[0]!.narration,
        ballot: { open: true, options: script.twists.map((t, i) => ({ letter: 'ABCD'[i]!, label: t.label })), winner: null },
        url: 'https://tails.example/s/bench',
      },
    });
    await writeZipFile(files, path.join(out, 'kit.zip'));
    print('export.kit.seconds', Number(((performance.now() - kitStart) / 1000).toFixed(2)), 's');

    const episodes = Array.from({ length: 20 }, (_, i) => ({ number: i + 1, title: script.title, video: episode.videoPath, timeline }));
    const credits = episodes.map((e) => ({ number: e.number, title: e.title, twist: 'Luna reveals the secret to Mochi', author: e.number % 3 ? null : 'Sam', voters: 40 + e.number }));
    // A first cut on a fresh machine: its silence clip is made too (once per machine), and the credits.
    const cache = path.join(out, 'cache');
    const cut = (output: string, who: string) =>
      seasonCut({ bins, seriesTitle: 'Paws of Fate', language: 'en', episodes, credits: credits.map((c) => ({ ...c, author: c.author && who })), output: path.join(out, output), cacheDir: cache });
    let start = performance.now();
    const first = await cut('first.mp4', 'Robin');
    print('export.season.fresh_machine_seconds', Number(((performance.now() - start) / 1000).toFixed(2)), 's');
    print('export.season.video', Number(first.duration.toFixed(1)), 's of video');
    // The measure: the first cut of a season version (other credits: drawn and encoded), as the export job makes it.
    start = performance.now();
    await cut('season.mp4', 'Sam');
    const season = (performance.now() - start) / 1000;
    print('export.season.seconds', Number(season.toFixed(2)), 's');
    // The same cut again (another range, a retry): the credits clip comes from the cache.
    start = performance.now();
    await cut('again.mp4', 'Sam');
    print('export.season.cached_seconds', Number(((performance.now() - start) / 1000).toFixed(2)), 's');

    // The floor: the same twenty files joined whole by ffmpeg's concat demuxer, nothing cut or added.
    const list = path.join(out, 'list.txt');
    fs.writeFileSync(list, episodes.map((e) => `file '${e.video.replace(/'/g, "'\\''")}'`).join('\n'));
    const copyStart = performance.now();
    await exec(bins.ffmpeg, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', path.join(out, 'copy.mp4')]);
    const copy = (performance.now() - copyStart) / 1000;
    print('export.season.copy_seconds', Number(copy.toFixed(2)), 's');
    print('export.season.ratio_to_copy', Number((season / copy).toFixed(2)), 'x');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
