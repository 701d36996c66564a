import fs from 'node:fs/promises';
import path from 'node:path';
import type { RenderRequest, RenderedEpisode, Renderer } from '../core/ports.js';

// A stand-in renderer: writes the episode's storyboard as text where the video will go, so that
// the loop runs end to end before the real render worker lands (see the render issue).
export class SimpleRenderer implements Renderer {
  constructor(private readonly mediaDir: string) {}

  async render(req: RenderRequest): Promise<RenderedEpisode> {
    await fs.mkdir(this.mediaDir, { recursive: true });
    const file = path.join(this.mediaDir, `${req.episodeId}.txt`);
    const body = [
      `${req.title}`,
      '',
      JSON.stringify(req.script, null, 2),
      '',
      ...req.options.map((o) => `${o.letter}. ${o.label}`),
      '',
    ].join('\n');
    // Write then rename: a crash never leaves a half-written file under the final name.
    await fs.writeFile(`${file}.tmp`, body);
    await fs.rename(`${file}.tmp`, file);
    return { videoPath: file, posterPath: null, durationMs: 30_000, sizeBytes: Buffer.byteLength(body) };
  }
}
