import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RecapRequest } from '../src/core/ports.js';
import type { Bible } from '../src/core/story/model.js';
import { DEFAULT_UPLOAD_BYTES } from '../src/core/loop.js';
import { runDemo } from '../src/demo.js';
import { createLogger, silentLogger } from '../src/log.js';
import { renderMoodLoop } from '../src/render/audio/music.js';
import { encodeWav } from '../src/render/audio/pcm.js';
import { narratorEngine } from '../src/render/audio/tts.js';
import { probe, resolveBinaries } from '../src/render/ffmpeg.js';
import { VideoRenderer } from '../src/render/renderer.js';
import { recapScript } from '../src/writer/recap.js';
import type { Print } from './setup.js';

const EPISODES = 20;

/**
 * "The story so far" of a 20-episode series at 720x1280: the series is written offline by the demo
 * runner (scripts only, nothing rendered), then only the recap is written and rendered. What is
 * warm: the mood loops (rendered once per installation) and the narrator engine's self-test (once
 * per worker process). What is cold: every still of the key shots (a real recap reuses the stills
 * its episodes' renders left in the cache when it frames them alike), every narrator line, the
 * captions and the encode.
 */
export async function run(print: Print): Promise<void> {
  const written = performance.now();
  const demo = await runDemo({ episodes: EPISODES, seed: 2026, print: () => {}, noVideo: true });
  print('recap.write_series.wall', Number(((performance.now() - written) / 1000).toFixed(2)), 's');
  const last = demo.episodes.at(-1)!;
  const request: RecapRequest = {
    series: { id: 'bench', title: demo.series.title, language: 'en', seed: 2026 },
    bible: demo.series.bible as unknown as Bible,
    state: last.story!.state,
    episodes: demo.episodes.map((e, i) => ({
      number: e.number,
      title: e.title,
      script: e.script,
      summary: e.story?.summary ?? '',
      twist: i > 0 && demo.episodes[i - 1]!.winner ? { label: demo.episodes[i - 1]!.winner!.label, source: 'writer' } : null,
    })),
    ballot: { open: true, options: last.ballot.map((o) => ({ letter: o.letter, label: o.label, teaser: o.teaser, kind: o.twist?.kind ?? 'community' })) },
  };
  const script = recapScript(request);
  print('recap.scenes', script.scenes.length, 'scenes');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-bench-recap-'));
  try {
    const musicDir = path.join(dir, 'music');
    fs.mkdirSync(musicDir);
    for (const mood of ['tender', 'tense', 'tragic', 'triumphant', 'comic'] as const) fs.writeFileSync(path.join(musicDir, `${mood}-v1.wav`), encodeWav(await renderMoodLoop(mood)));
    await narratorEngine('en');
    const bins = resolveBinaries();
    const renderer = new VideoRenderer({
      bins,
      width: 720,
      height: 1280,
      fps: 24,
      mediaDir: path.join(dir, 'media'),
      cacheDir: path.join(dir, 'cache'),
      musicDir,
      log: process.env.BENCH_DEBUG ? createLogger('debug', { pretty: false }) : silentLogger,
      narrator: 'system',
    });
    const cast = demo.series.cast.map((c) => ({ name: c.name, species: c.species, personality: '', voice: '', look: {} }));
    const start = performance.now();
    const rendered = await renderer.render({
      episodeId: 'rc_bench',
      seriesId: 'bench',
      seriesTitle: script.title,
      language: 'en',
      number: EPISODES,
      title: script.title,
      script,
      cast,
      options: request.ballot.options.map((o) => ({ letter: o.letter, label: o.label })),
      maxBytes: DEFAULT_UPLOAD_BYTES,
    });
    const wall = (performance.now() - start) / 1000;
    const info = await probe(bins, rendered.videoPath);
    print('recap.720p.seconds', Number(wall.toFixed(2)), 's');
    print('recap.720p.video_seconds', Number(info.durationSeconds.toFixed(1)), 's of video');
    print('recap.720p.size', Number((rendered.sizeBytes / 1048576).toFixed(2)), 'MiB');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
