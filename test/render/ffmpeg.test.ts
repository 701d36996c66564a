import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFfmpeg } from '../../src/render/ffmpeg.js';
import { bins, tempDir } from './helpers.js';

describe('the ffmpeg check at start', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts the ffmpeg in use and names its version', async () => {
    expect((await checkFfmpeg(bins)).version).toMatch(/^ffmpeg version /);
  });

  it('says clearly when the binary is missing or lacks what the graph needs', async () => {
    await expect(checkFfmpeg({ ...bins, ffmpeg: '/nonexistent/ffmpeg' })).rejects.toThrow('ffmpeg at /nonexistent/ffmpeg does not run');
    const bare = path.join(dir, 'bare-ffmpeg');
    fs.writeFileSync(bare, '#!/bin/sh\necho "Filters:"\necho " ... null              V->V       Pass the source unchanged."\n', { mode: 0o755 });
    await expect(checkFfmpeg({ ...bins, ffmpeg: bare })).rejects.toThrow(/lacks the filters overlay, fade, crop, loop, concat, zoompan/);
  });
});
