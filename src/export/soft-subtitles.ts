import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FfmpegBinaries } from '../render/ffmpeg.js';
import { cuesOf, toSrt } from './subtitles.js';
import type { Timeline } from './timeline-file.js';

/**
 * The post kit's soft-subtitled variant: the episode's picture rendered without its captions
 * (RenderRequest.burnCaptions false) with the captions as a `mov_text` track, for platforms that
 * add captions of their own. Muxing copies the streams; the slow part, the render, is a job.
 */

const exec = promisify(execFile);

/** ISO 639-2 codes, as MP4 track languages want them. */
const ISO639_2: Record<string, string> = { en: 'eng', zh: 'zho', es: 'spa', pt: 'por', ja: 'jpn', ko: 'kor', ar: 'ara', hi: 'hin', id: 'ind', fr: 'fra', de: 'deu' };

export function trackLanguage(language: string): string {
  return ISO639_2[language.toLowerCase().split(/[-_]/)[0]!] ?? 'und';
}

/** Writes `output`: the uncaptioned `video` with the timeline's captions as a subtitle track. */
export async function withSubtitleTrack(bins: FfmpegBinaries, video: string, timeline: Timeline, output: string, signal?: AbortSignal): Promise<string> {
  const unique = randomUUID().slice(0, 8);
  const srt = `${output}.${unique}.srt`;
  const tmp = `${output}.${unique}.tmp.mp4`;
  await fs.mkdir(path.dirname(output), { recursive: true });
  try {
    await fs.writeFile(srt, toSrt(cuesOf(timeline.captions, { width: timeline.width, language: timeline.language })));
    await exec(
      bins.ffmpeg,
      [
        ...['-v', 'error', '-nostdin', '-y', '-i', video, '-f', 'srt', '-i', srt],
        ...['-map', '0:v:0', '-map', '0:a:0', '-map', '1:s:0', '-c:v', 'copy', '-c:a', 'copy', '-c:s', 'mov_text'],
        ...['-metadata:s:s:0', `language=${trackLanguage(timeline.language)}`, '-disposition:s:0', 'default', '-movflags', '+faststart', '-f', 'mp4', tmp],
      ],
      { signal, maxBuffer: 4 * 1024 * 1024 },
    ).catch((err: Error & { stderr?: string }) => {
      throw new Error(`could not add the subtitle track: ${(err.stderr || err.message).trim().split('\n').slice(-3).join(' | ')}`);
    });
    await fs.rename(tmp, output);
    return output;
  } finally {
    await Promise.all([fs.rm(srt, { force: true }), fs.rm(tmp, { force: true })]);
  }
}
