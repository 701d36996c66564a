import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createLogger, silentLogger } from '../src/log.js';
import { renderMoodLoop } from '../src/render/audio/music.js';
import { encodeWav } from '../src/render/audio/pcm.js';
import { narratorEngine } from '../src/render/audio/tts.js';
import { probe, resolveBinaries } from '../src/render/ffmpeg.js';
import { encoderOptions } from '../src/render/assemble.js';
import { VideoRenderer, videoKbpsFor } from '../src/render/renderer.js';
import { animaleseSpeaker, planStoryboard } from '../src/render/storyboard.js';
import { DEFAULT_UPLOAD_BYTES } from '../src/core/loop.js';
import { writeOffline } from '../src/writer/offline/offline-writer.js';
import { request as renderRequest } from '../test/render/helpers.js';
import { CAST, request as writeRequest } from '../test/writer/fixtures.js';
import type { Script } from '../src/writer/script.js';
import type { Print } from './setup.js';

const exec = promisify(execFile);

/** The highest resident memory any ffmpeg child of this process reaches while `work` runs. */
async function watchChildren<T>(work: () => Promise<T>): Promise<{ result: T; peakKb: number }> {
  let peakKb = 0;
  const sample = () => {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        if (!/^PPid:\s+(\d+)$/m.test(status) || Number(/^PPid:\s+(\d+)$/m.exec(status)![1]) !== process.pid) continue;
        peakKb = Math.max(peakKb, Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      } catch {
        // gone already
      }
    }
  };
  const timer = setInterval(sample, 100);
  try {
    return { result: await work(), peakKb };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Renders the same 60-second fixture episode (plus its cards) at 720x1280 and 1080x1920 from a
 * cold cache, and compares with a bare re-encode of the finished video with the same settings.
 */
export async function run(print: Print): Promise<void> {
  const bins = resolveBinaries();
  const script = writeOffline(
    writeRequest({ episodeNumber: 2, chosen: { op: undefined, label: 'Luna reveals the secret to Mochi', teaser: 'Same eyes, a different heart.', source: 'community' } }, { id: 'bench', seed: 2026 }),
  ).script as Script;
  // The narrator's engine counts: festival is the best voice and the slowest; animalese needs nothing.
  const runs = [
    ['720p', 720, 1280, 'system'],
    ['1080p', 1080, 1920, 'system'],
    ['720p_animalese', 720, 1280, 'animalese'],
  ] as const;
  // The mood loops are rendered from the soundfont once per installation and kept: warm them first.
  const musicDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-bench-music-'));
  for (const mood of ['tender', 'tense', 'tragic', 'triumphant', 'comic'] as const) fs.writeFileSync(path.join(musicDir, `${mood}-v1.wav`), encodeWav(await renderMoodLoop(mood)));
  // A worker checks once per process which narrator engine works (a short test line); renders
  // after that are the steady state this measures.
  await narratorEngine('en');
  // Distinct framings: a place and how much of it the camera takes in, and whose face.
  const req = renderRequest(script, { episodeId: 'bench', seriesId: 'bench', cast: CAST });
  const board = await planStoryboard({ script, number: req.number, seriesTitle: req.seriesTitle, cast: req.cast, options: req.options }, animaleseSpeaker);
  const framings = board.segments.flatMap((seg) => (seg.picture.kind === 'shot' || seg.picture.kind === 'cold-open' ? [seg.picture.shot] : []));
  print('render.720p.distinct_shots', new Set(framings.map((f) => `${f.setting}|${f.framing}|${f.focus ?? ''}`)).size, 'shots');
  for (const [name, width, height, narrator] of runs) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-bench-render-'));
    try {
      const renderer = new VideoRenderer({
        bins,
        width,
        height,
        fps: 24,
        mediaDir: path.join(dir, 'media'),
        cacheDir: path.join(dir, 'cache'),
        musicDir,
        log: process.env.BENCH_DEBUG ? createLogger('debug', { pretty: false }) : silentLogger,
        narrator,
      });
      const start = performance.now();
      const { result, peakKb } = await watchChildren(() => renderer.render(renderRequest(script, { episodeId: 'bench', seriesId: 'bench', cast: CAST })));
      const wall = (performance.now() - start) / 1000;
      const info = await probe(bins, result.videoPath);
      const bareStart = performance.now();
      // Exactly the episode's encoder settings, its bitrate cap included.
      const settings = encoderOptions({ maxVideoKbps: videoKbpsFor(DEFAULT_UPLOAD_BYTES, info.durationSeconds), fps: 24 });
      await exec(bins.ffmpeg, ['-v', 'error', '-y', '-i', result.videoPath, ...settings.flatMap((o) => o.split(' ')), '-movflags', '+faststart', path.join(dir, 'bare.mp4')]);
      const bare = (performance.now() - bareStart) / 1000;
      print(`render.${name}.seconds`, Number(info.durationSeconds.toFixed(1)), 's of video');
      print(`render.${name}.wall`, Number(wall.toFixed(2)), 's');
      print(`render.${name}.realtime`, Number((info.durationSeconds / wall).toFixed(2)), 'x');
      print(`render.${name}.size`, Number((result.sizeBytes / 1048576).toFixed(2)), 'MiB');
      print(`render.${name}.peak_rss_ffmpeg`, Math.round(peakKb / 1024), 'MB');
      print(`render.${name}.peak_rss_node`, Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
      print(`render.${name}.ratio_to_bare_encode`, Number((wall / bare).toFixed(2)), 'x');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
