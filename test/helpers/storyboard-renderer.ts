import fs from 'node:fs/promises';
import path from 'node:path';
import type { RenderRequest, RenderedEpisode, Renderer } from '../../src/core/ports.js';

/**
 * For the engine's own tests: writes the storyboard as text where the video would go, so that a
 * suite driving hundreds of episodes through the loop does not encode hundreds of videos. The
 * real renderer has its own suite (test/render) and the whole loop runs with it in test/e2e.
 */
export class StoryboardRenderer implements Renderer {
  constructor(private readonly mediaDir: string) {}

  async render(req: RenderRequest): Promise<RenderedEpisode> {
    await fs.mkdir(this.mediaDir, { recursive: true });
    const file = path.join(this.mediaDir, `${req.episodeId}.txt`);
    const body = [`${req.title}`, '', JSON.stringify(req.script, null, 2), '', ...req.options.map((o) => `${o.letter}. ${o.label}`), ''].join('\n');
    // Write then rename: a crash never leaves a half-written file under the final name.
    await fs.writeFile(`${file}.tmp`, body);
    await fs.rename(`${file}.tmp`, file);
    return { videoPath: file, posterPath: null, durationMs: 30_000, sizeBytes: Buffer.byteLength(body) };
  }
}
