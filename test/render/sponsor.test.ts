import fs from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedEpisode } from '../../src/core/ports.js';
import { drawSponsorProduct, drawSponsorSign, type SponsorMark } from '../../src/render/art/props.js';
import { shotCanvas, type ShotSpec } from '../../src/render/art/shots.js';
import { lookOf } from '../../src/render/art/looks.js';
import { animaleseSpeaker, planStoryboard } from '../../src/render/storyboard.js';
import { ScriptSchema, type Script } from '../../src/writer/script.js';
import { CAST, countNear, frameAt, renderer, request, shortScript, tempDir } from './helpers.js';

/** Pixels that clearly differ between two RGB frames, within a band of rows (fractions of the height). */
function changed(a: Buffer, b: Buffer, band: [number, number], width = 720): number {
  const height = a.length / 3 / width;
  let n = 0;
  for (let i = Math.floor(band[0] * height) * width * 3; i < Math.floor(band[1] * height) * width * 3; i += 3) {
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 60) n++;
  }
  return n;
}

const WHITE: [number, number, number] = [255, 255, 255];
const MARK: SponsorMark = { brand: 'Purrfect', product: 'Salmon Crunch', tier: 'prop' };
/** The disclosure label's rows in the output frame (it sits at 12 % of the oversized still). */
const LABEL: [number, number] = [0.07, 0.11];

/** The middle of each scene's first shot after the hook (the cold open), in seconds: the same for every render of the same words. */
async function sceneTimes(script: Script): Promise<number[]> {
  const board = await planStoryboard({ script, number: 2, seriesTitle: 'Paws of Fate', cast: CAST, options: [] }, animaleseSpeaker);
  const times: number[] = [];
  let last: string | undefined;
  for (const seg of board.segments) {
    if (seg.picture.kind !== 'shot') continue;
    const key = JSON.stringify([seg.picture.shot.setting, seg.picture.shot.characters.map((c) => c.look.name)]);
    if (key !== last) times.push(seg.start + Math.min(1.2, seg.duration / 2));
    last = key;
  }
  return times;
}

describe('a sponsor in a rendered episode', () => {
  const dir = tempDir();
  const plainScript = shortScript();
  // The product in Luna's paw in the hospital room (scene 2), its poster on the neon street (scene 3 — another episode).
  const propScript = ScriptSchema.parse({ ...plainScript, sponsor: { ...MARK, scene: 1, holder: 'Luna' } });
  const signScript = ScriptSchema.parse({ ...plainScript, sponsor: { ...MARK, tier: 'background', scene: 2, holder: null } });
  let plain: RenderedEpisode;
  let prop: RenderedEpisode;
  let sign: RenderedEpisode;
  let times: number[];

  beforeAll(async () => {
    const r = renderer(dir);
    times = await sceneTimes(plainScript);
    plain = await r.render(request(plainScript, { episodeId: 'ep_plain' }));
    prop = await r.render(request(propScript, { episodeId: 'ep_plain' }));
    sign = await r.render(request(signScript, { episodeId: 'ep_plain' }));
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('draws the product in its holder’s paw and "Sponsored by …" over the sponsored scene, and nothing else changes', () => {
    expect(times).toHaveLength(3);
    const [hospital, street] = times as [number, number, number];
    const a = frameAt(plain.videoPath, hospital);
    const b = frameAt(prop.videoPath, hospital);
    // The disclosure: white writing on a dark pill in the top rows, only in the sponsored render.
    expect(changed(a, b, LABEL)).toBeGreaterThan(1500);
    expect(countNear(b, 720, LABEL, WHITE, 60)).toBeGreaterThan(300);
    expect(countNear(a, 720, LABEL, WHITE, 60)).toBeLessThan(20);
    // The product: a package with its label where the characters are.
    expect(changed(a, b, [0.35, 0.85])).toBeGreaterThan(4000);
    // No sign on the wall at this tier; the scene after it, and the cold open, are the same as without the sponsor.
    expect(changed(a, b, [0.13, 0.3])).toBeLessThan(1500);
    expect(changed(frameAt(plain.videoPath, street), frameAt(prop.videoPath, street), [0, 1])).toBeLessThan(300);
    expect(changed(frameAt(plain.videoPath, 0.4), frameAt(prop.videoPath, 0.4), [0, 1])).toBeLessThan(300);
  });

  it('puts a background sponsor on the wall above everyone, with the disclosure, in its own scene only', () => {
    const [hospital, street] = times as [number, number, number];
    const a = frameAt(plain.videoPath, street);
    const b = frameAt(sign.videoPath, street);
    expect(changed(a, b, [0.12, 0.32])).toBeGreaterThan(8000);
    expect(countNear(b, 720, LABEL, WHITE, 60)).toBeGreaterThan(300);
    expect(changed(frameAt(plain.videoPath, hospital), frameAt(sign.videoPath, hospital), [0, 1])).toBeLessThan(300);
    expect(new Set([plain.videoPath, prop.videoPath, sign.videoPath]).size).toBe(3);
  });

  it('writes the brand so that it reads, also in the paw of a character facing left', () => {
    const spec = (facing: 'left' | 'right'): ShotSpec => ({
      setting: 'hospital room',
      // Two characters: the first faces right, the second left.
      characters: [
        { look: lookOf(CAST[0]!), emotion: 'happy', speaking: false, ...(facing === 'right' ? { sponsor: MARK } : {}) },
        { look: lookOf(CAST[1]!), emotion: 'happy', speaking: false, ...(facing === 'left' ? { sponsor: MARK } : {}) },
      ],
    });
    for (const facing of ['left', 'right'] as const) {
      const sponsored = shotCanvas(spec(facing), 360, 640).getContext('2d').getImageData(0, 0, 360, 640).data;
      const bare = shotCanvas({ ...spec(facing), characters: spec(facing).characters.map(({ sponsor: _s, ...c }) => c) }, 360, 640)
        .getContext('2d')
        .getImageData(0, 0, 360, 640).data;
      let differ = 0;
      for (let i = 0; i < bare.length; i += 4) if (Math.abs(bare[i]! - sponsored[i]!) + Math.abs(bare[i + 1]! - sponsored[i + 1]!) > 60) differ++;
      expect(differ, facing).toBeGreaterThan(800);
    }
    // The same product drawn mirrored reads the same way: un-mirrored, its pixels match.
    const draw = (mirror: boolean) => {
      const canvas = createCanvas(200, 200);
      const ctx = canvas.getContext('2d');
      ctx.translate(100, 100);
      if (mirror) ctx.scale(-1, 1);
      drawSponsorProduct(ctx, MARK, 0, 0, 4);
      return canvas.getContext('2d').getImageData(0, 0, 200, 200).data;
    };
    const [plainPx, mirrored] = [draw(false), draw(true)];
    let same = 0;
    let painted = 0;
    for (let i = 0; i < plainPx.length; i += 4) {
      if (plainPx[i + 3]! < 128) continue;
      painted++;
      if (Math.abs(plainPx[i]! - mirrored[i]!) + Math.abs(plainPx[i + 1]! - mirrored[i + 1]!) + Math.abs(plainPx[i + 2]! - mirrored[i + 2]!) < 30) same++;
    }
    expect(painted).toBeGreaterThan(5000);
    expect(same / painted).toBeGreaterThan(0.97);
    // A sign in any script: it draws, and two brands draw in colours of their own.
    const sign = (brand: string) => {
      const canvas = createCanvas(300, 200);
      drawSponsorSign(canvas.getContext('2d'), { brand, product: '三文鱼脆脆', tier: 'featured' }, 150, 40, 200);
      return canvas.getContext('2d').getImageData(150, 60, 1, 1).data;
    };
    expect([...sign('Purrfect')]).not.toEqual([...sign('Woofy')]);
  });
});
