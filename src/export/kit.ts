import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { episodeCaption, type EpisodePost } from './caption-text.js';
import { coversOf } from './covers.js';
import { cuesOf, toSrt, toVtt } from './subtitles.js';
import type { Timeline } from './timeline-file.js';

/**
 * An episode's post kit: the MP4, covers (9:16 and 1:1), subtitles (SRT, WebVTT), the caption to
 * paste, and the soft-subtitled MP4 when one was made; as a folder or one zip. Nothing here
 * renders: the subtitles come from the caption times kept beside the video.
 */

export interface KitInput {
  /** The file names' stem: the series' name (its slug). */
  slug: string;
  video: string;
  poster: string | null;
  /** The video's timeline (null for an episode rendered before timelines were kept: no subtitles then). */
  timeline: Timeline | null;
  post: EpisodePost;
  /** The soft-subtitled variant, when one was made. */
  soft?: string | null;
}

/** One file of a kit: on disk already, or made here. */
export interface KitFile {
  name: string;
  file?: string;
  data?: Buffer;
}

/** Safe in a file name on every system: letters and digits of any script, and dashes. */
export function fileStem(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'series'
  );
}

export async function kitFiles(input: KitInput): Promise<KitFile[]> {
  const stem = `${fileStem(input.slug)}-part-${input.post.number}`;
  const files: KitFile[] = [{ name: `${stem}.mp4`, file: input.video }];
  if (input.soft) files.push({ name: `${stem}-soft-subtitles.mp4`, file: input.soft });
  if (input.poster) {
    const covers = await coversOf(input.poster);
    files.push({ name: `${stem}-cover-9x16.jpg`, data: covers.portrait }, { name: `${stem}-cover-1x1.jpg`, data: covers.square });
  }
  if (input.timeline) {
    const cues = cuesOf(input.timeline.captions, { width: input.timeline.width, language: input.timeline.language });
    files.push({ name: `${stem}.srt`, data: Buffer.from(toSrt(cues)) }, { name: `${stem}.vtt`, data: Buffer.from(toVtt(cues)) });
  }
  files.push({ name: `${stem}-caption.txt`, data: Buffer.from(`${episodeCaption(input.post)}\n`) });
  return files;
}

/** Writes the files into `dir` (made if needed); returns their paths. */
export async function writeFolder(files: KitFile[], dir: string): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  return Promise.all(
    files.map(async (f) => {
      const to = path.join(dir, f.name);
      if (f.file) await fs.copyFile(f.file, to);
      else await fs.writeFile(to, f.data!);
      return to;
    }),
  );
}

/** Streams the files as one zip into `out` (a file or an HTTP response); videos and pictures stored, text deflated. */
export async function writeZip(files: KitFile[], out: Writable): Promise<void> {
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  for (const f of files) {
    const compress = !/\.(mp4|jpg|png)$/i.test(f.name);
    if (f.file) zip.addFile(f.file, f.name, { compress, mtime });
    else zip.addBuffer(f.data!, f.name, { compress, mtime });
  }
  zip.end();
  await pipeline(zip.outputStream, out);
}

export async function writeZipFile(files: KitFile[], file: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeZip(files, createWriteStream(file));
  return file;
}
