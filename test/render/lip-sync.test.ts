import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksOf } from '../../src/render/art/looks.js';
import { FONT_DIR, FONT_FAMILY } from '../../src/render/art/fonts.js';
import { characterLayer, layerBox, placements, shotCanvas, type ShotSpec } from '../../src/render/art/shots.js';
import { assemble, oversize } from '../../src/render/assemble.js';
import { encodeWav } from '../../src/render/audio/pcm.js';
import { buildAss } from '../../src/render/captions.js';
import type { Segment } from '../../src/render/storyboard.js';
import { bins, CAST, frameAt, tempDir } from './helpers.js';

const W = 360;
const H = 640;

/** Pixels that clearly differ between two frames. */
function changed(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 3) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 60) n++;
  return n;
}

describe('lip sync', () => {
  it('opens the mouth while the line is voiced and keeps it shut in silence', async () => {
    const dir = tempDir();
    const big = oversize(W, H);
    const look = looksOf(CAST).get('Luna')!;
    const shot: ShotSpec = { setting: 'office', characters: [{ look, emotion: 'angry', speaking: true }], framing: 'close', focus: 'Luna' };
    const base = path.join(dir, 'base.jpg');
    fs.writeFileSync(base, await shotCanvas(shot, big.width, big.height).encode('jpeg', 93));
    const p = placements(shot, big.width, big.height)[0]!;
    const box = layerBox(p);
    const mouth = path.join(dir, 'mouth.png');
    fs.writeFileSync(mouth, await characterLayer(p, { w: big.width, h: big.height }, { talking: true }).canvas.encode('png'));
    const soundtrack = path.join(dir, 'silence.wav');
    fs.writeFileSync(soundtrack, encodeWav(new Float32Array(24_000 * 3)));
    const captions = path.join(dir, 'none.ass');
    fs.writeFileSync(captions, buildAss([], { width: W, height: H, font: FONT_FAMILY }));
    const voiced: [number, number] = [0.8, 1.6];
    const segment: Segment = { picture: { kind: 'shot', shot }, start: 0, duration: 2.4, motion: 'still', jolt: false, mood: null, talking: [{ name: 'Luna', windows: [voiced] }] };
    const output = path.join(dir, 'out.mp4');
    await assemble(
      bins,
      {
        segments: [segment],
        stills: [{ base, layers: [{ file: mouth, left: box.left, top: box.top, show: { kind: 'words', windows: [voiced] } }] }],
        soundtrack,
        captions,
        fontsDir: FONT_DIR,
        width: W,
        height: H,
        fps: 25,
        duration: 2.4,
        maxVideoKbps: 4000,
        output,
      },
      60_000,
    );
    const before = frameAt(output, 0.4, W, H);
    // Mid-flap instants inside the voiced span (the mouth flaps 7 times a second, open most of each).
    const open = [1.0, 1.144].map((t) => frameAt(output, t, W, H));
    const after = frameAt(output, 2.1, W, H);
    for (const frame of open) expect(changed(before, frame)).toBeGreaterThan(150);
    expect(changed(before, after)).toBeLessThan(30);
  });
});
