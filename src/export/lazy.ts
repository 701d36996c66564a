import type { Config } from '../config.js';
import type { Exporter, MediaStore } from '../core/ports.js';
import { resolveBinaries } from '../render/ffmpeg.js';

/**
 * The exporter, loaded on its first job: a process that never exports never loads the canvas
 * (the season cut draws its end credits) or the MP4 joiner.
 */
export function lazyExporter(config: Config, media: MediaStore): Exporter {
  let loaded: Promise<Exporter> | undefined;
  const load = async (): Promise<Exporter> => {
    const { fileExporter } = await import('./exporter.js');
    const r = config.render;
    return fileExporter({ bins: resolveBinaries({ ffmpegPath: r.ffmpegPath, ffprobePath: r.ffprobePath }), media, publicUrl: config.web.publicUrl, outDir: r.mediaDir, cacheDir: r.cacheDir });
  };
  return {
    seasonCut: async (facts, signal) => (await (loaded ??= load())).seasonCut(facts, signal),
    withSubtitles: async (video, timeline, signal) => (await (loaded ??= load())).withSubtitles(video, timeline, signal),
  };
}
