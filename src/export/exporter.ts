import fs from 'node:fs/promises';
import path from 'node:path';
import type { KitFacts, SeasonFacts } from '../core/exports.js';
import { disclosureOf } from '../core/sponsors.js';
import type { Exporter, MediaStore } from '../core/ports.js';
import type { FfmpegBinaries } from '../render/ffmpeg.js';
import { seasonCaption } from './caption-text.js';
import { kitFiles, type KitFile } from './kit.js';
import { seasonCut, type SeasonResult } from './season.js';
import { readTimeline } from './timeline-file.js';
import { withSubtitleTrack } from './soft-subtitles.js';

/**
 * Post kits and season cuts from what the core read (`src/core/exports.ts`), with the files
 * fetched from the media store: used by `tailtwist export`, the studio and the export job.
 */

export interface ExportEnv {
  bins: FfmpegBinaries;
  media: MediaStore;
  /** The studio's public address (WEB_PUBLIC_URL): the series' link in captions. */
  publicUrl?: string | undefined;
  /** Where a season cut keeps its end credits clips (the render cache); none: made for each cut. */
  cacheDir?: string | undefined;
}

export function seriesUrl(publicUrl: string | undefined, seriesName: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(seriesName)}` : null;
}

/** A file kept beside a video (its poster, its timeline): null when the store has none. */
async function optional(media: MediaStore, ref: string | null): Promise<string | null> {
  if (!ref) return null;
  return media.localFile(ref).catch(() => null);
}

/** Needs no ffmpeg: the kit's files are the video as it is, pictures and text. */
export async function episodeKit(env: Pick<ExportEnv, 'media' | 'publicUrl'>, facts: KitFacts, soft?: string | null): Promise<KitFile[]> {
  const [video, poster, timelineFile] = await Promise.all([env.media.localFile(facts.episode.videoRef), optional(env.media, facts.episode.posterRef), optional(env.media, facts.episode.timelineRef)]);
  return kitFiles({
    slug: facts.seriesName,
    video,
    poster,
    timeline: await readTimeline(timelineFile),
    soft: soft ?? null,
    post: {
      language: facts.language,
      seriesTitle: facts.seriesTitle,
      genre: facts.genre,
      cast: facts.cast,
      number: facts.episode.number,
      title: facts.episode.title,
      hook: facts.episode.hook,
      ballot: facts.ballot,
      url: seriesUrl(env.publicUrl, facts.seriesName),
      disclosure: disclosureOf(facts.episode, facts.language)?.caption ?? null,
    },
  });
}

export interface SeasonExport extends SeasonResult {
  /** The ready-to-paste caption with its chapter list. */
  caption: string;
}

export async function seasonExport(env: ExportEnv, facts: SeasonFacts, output: string, signal?: AbortSignal): Promise<SeasonExport> {
  const episodes = await Promise.all(
    facts.episodes.map(async (e) => ({
      number: e.number,
      title: e.title,
      video: await env.media.localFile(e.videoRef),
      timeline: await readTimeline(await optional(env.media, e.timelineRef)),
    })),
  );
  const result = await seasonCut({
    bins: env.bins,
    seriesTitle: facts.seriesTitle,
    language: facts.language,
    episodes,
    credits: facts.credits,
    output,
    ...(env.cacheDir ? { cacheDir: env.cacheDir } : {}),
    ...(signal ? { signal } : {}),
  });
  const caption = seasonCaption({
    language: facts.language,
    seriesTitle: facts.seriesTitle,
    genre: facts.genre,
    cast: facts.cast,
    from: facts.from,
    to: facts.to,
    chapters: result.chapters.map((c) => ({ start: c.start, title: c.title })),
    url: seriesUrl(env.publicUrl, facts.seriesName),
    disclosures: facts.sponsors.map((brand) => disclosureOf({ sponsoredBy: brand }, facts.language)!.caption),
  });
  return { ...result, caption };
}

/** The export job's files (core/export-jobs.ts), made under `outDir` (the media folder) before the media store keeps them. */
export function fileExporter(env: ExportEnv & { outDir: string }): Exporter {
  return {
    async seasonCut(facts, signal) {
      const output = path.join(env.outDir, facts.seriesId, `season-${facts.from}-${facts.to}-${facts.version}.mp4`);
      const cut = await seasonExport(env, facts, output, signal);
      return { file: cut.file, caption: cut.caption, durationMs: Math.round(cut.duration * 1000), sizeBytes: (await fs.stat(cut.file)).size };
    },
    async withSubtitles(video, timelineFile, signal) {
      const timeline = await readTimeline(timelineFile);
      if (!timeline) throw new Error(`${path.basename(video)} has no timeline to take its captions from`);
      const file = await withSubtitleTrack(env.bins, video, timeline, `${video.replace(/\.mp4$/i, '')}-subtitled.mp4`, signal);
      return { file, sizeBytes: (await fs.stat(file)).size };
    },
  };
}
