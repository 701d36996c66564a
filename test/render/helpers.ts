import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RenderRequest } from '../../src/core/ports.js';
import { silentLogger } from '../../src/log.js';
import { resolveBinaries } from '../../src/render/ffmpeg.js';
import { VideoRenderer, type VideoRendererOptions } from '../../src/render/renderer.js';
import type { Script } from '../../src/writer/script.js';
import { timeScript } from '../../src/writer/timing.js';

export const bins = resolveBinaries({ ffmpegPath: process.env.FFMPEG_PATH, ffprobePath: process.env.FFPROBE_PATH });

export const CAST = [
  { name: 'Mochi', species: 'Shiba Inu', look: {}, personality: 'proud', voice: '' },
  { name: 'Luna', species: 'black cat', look: {}, personality: 'mysterious', voice: '' },
];

/** A short episode: about eight seconds of scenes, plus the cards. */
export function shortScript(overrides: Partial<Script> = {}): Script {
  return timeScript({
    title: 'The Locket',
    hook: 'Luna lied again.',
    previously: 'Previously: Luna has a secret twin.',
    scenes: [
      { beat: 'hook', setting: 'rainy window', characters: [{ name: 'Luna', emotion: 'smug' }], narration: 'Luna lied again.', dialogue: [], seconds: 1 },
      {
        beat: 'payoff',
        setting: 'hospital room',
        characters: [
          { name: 'Mochi', emotion: 'crying' },
          { name: 'Luna', emotion: 'smug' },
        ],
        narration: 'Mochi wakes up crying.',
        dialogue: [{ speaker: 'Luna', line: 'Surprise, darling.' }],
        seconds: 1,
      },
      { beat: 'turn', setting: 'neon street at night', characters: [{ name: 'Mochi', emotion: 'angry' }], narration: 'Then the lights go out.', dialogue: [], seconds: 1 },
      {
        beat: 'cliffhanger',
        setting: 'wedding hall',
        characters: [
          { name: 'Mochi', emotion: 'shocked' },
          { name: 'Luna', emotion: 'scared' },
        ],
        narration: 'Someone knocks.',
        dialogue: [],
        seconds: 1,
      },
    ],
    cliffhanger: 'Someone knocks.',
    twists: [
      { kind: 'identity', label: 'Luna is an impostor', teaser: 'The real Luna is missing.' },
      { kind: 'illness', label: 'Mochi collapses', teaser: 'The monitors scream.' },
      { kind: 'wedding', label: 'The wedding is off', teaser: 'One word: no.' },
    ],
    ...overrides,
  });
}

export function request(script: Script, overrides: Partial<RenderRequest> = {}): RenderRequest {
  return {
    episodeId: `ep_${Math.random().toString(36).slice(2, 8)}`,
    seriesId: 'sr_test',
    seriesTitle: 'Paws of Fate',
    language: 'en',
    number: 2,
    title: script.title,
    script,
    cast: CAST,
    options: script.twists.map((t, i) => ({ letter: 'ABCD'[i]!, label: t.label })),
    maxBytes: 10 * 1024 * 1024,
    ...overrides,
  };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-render-'));
}

export function renderer(dir: string, overrides: Partial<VideoRendererOptions> = {}): VideoRenderer {
  return new VideoRenderer({
    bins,
    width: 720,
    height: 1280,
    fps: 24,
    mediaDir: path.join(dir, 'media'),
    cacheDir: path.join(dir, 'cache'),
    log: silentLogger,
    narrator: 'animalese',
    ...overrides,
  });
}

/** One frame as raw RGB. */
export function frameAt(video: string, seconds: number, width = 720, height = 1280): Buffer {
  return execFileSync(bins.ffmpeg, ['-v', 'error', '-ss', String(seconds), '-i', video, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** How many video frames a file holds (ffprobe counts them by decoding). */
export function frameCount(video: string): number {
  const out = execFileSync(bins.ffprobe, ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', video], { encoding: 'utf8' });
  return Number(out.trim());
}

/** The mean volume in dBFS (ffmpeg's volumedetect). */
export function meanVolume(video: string): number {
  const res = spawnSync(bins.ffmpeg, ['-v', 'info', '-i', video, '-af', 'volumedetect', '-vn', '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(res.stderr)?.[1] ?? '-91');
}

/** Integrated loudness in LUFS, as ffmpeg's ebur128 filter measures it. */
export function loudness(video: string): number {
  const res = spawnSync(bins.ffmpeg, ['-v', 'info', '-nostats', '-i', video, '-af', 'ebur128', '-vn', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = res.stderr.slice(res.stderr.lastIndexOf('Summary:'));
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1] ?? 'NaN');
}

/** Pixels in a horizontal band (fractions of the height) close to a colour. */
export function countNear(rgb: Buffer, width: number, band: [number, number], color: [number, number, number], tolerance = 40): number {
  const height = rgb.length / 3 / width;
  let n = 0;
  for (let y = Math.floor(band[0] * height); y < Math.floor(band[1] * height); y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (Math.abs(rgb[i]! - color[0]) + Math.abs(rgb[i + 1]! - color[1]) + Math.abs(rgb[i + 2]! - color[2]) < tolerance) n++;
    }
  }
  return n;
}
