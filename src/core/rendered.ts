import path from 'node:path';
import type { MediaStore, RenderedEpisode } from './ports.js';

/** The columns that describe a rendered video (episodes and recaps share them). */
export interface RenderedColumns {
  video_path: string;
  poster_path: string | null;
  duration_ms: number;
  size_bytes: number;
  video_width: number | null;
  video_height: number | null;
}

/** Keeps a file of a render where every machine can reach it, under its series, by its own name. */
export function keepRenderFile(media: MediaStore, seriesId: string, file: string): Promise<string> {
  return media.keep(file, `${seriesId}/${path.basename(file)}`);
}

/** Keeps a render's video and poster, and says what to store about them. */
export async function keepRendered(media: MediaStore, seriesId: string, rendered: RenderedEpisode): Promise<RenderedColumns> {
  return {
    video_path: await keepRenderFile(media, seriesId, rendered.videoPath),
    poster_path: rendered.posterPath ? await keepRenderFile(media, seriesId, rendered.posterPath) : null,
    duration_ms: rendered.durationMs,
    size_bytes: rendered.sizeBytes,
    video_width: rendered.width ?? null,
    video_height: rendered.height ?? null,
  };
}
