import fs from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';

/**
 * Cover images from an episode's poster (the cold open's first frame, title and all): 9:16 as it
 * is, and 1:1 with the whole poster in the middle over a blurred, darkened fill of itself, so
 * that nothing of the title is cropped away.
 */

export interface Covers {
  portrait: Buffer;
  square: Buffer;
}

const JPEG_QUALITY = 90;

export async function coversOf(posterFile: string): Promise<Covers> {
  const poster = await loadImage(await fs.readFile(posterFile));
  const w = poster.width;
  const h = poster.height;

  const portrait = createCanvas(w, h);
  portrait.getContext('2d').drawImage(poster, 0, 0, w, h);

  // The square is as wide as the poster is tall (1280×1280 for a 720×1280 poster).
  const side = Math.max(w, h);
  const square = createCanvas(side, side);
  const ctx = square.getContext('2d');
  const cover = Math.max(side / w, side / h);
  // The fill: the poster covering the square, blurred (drawn small, then scaled up: cheap and soft).
  const small = createCanvas(Math.max(1, Math.round((w * cover) / 16)), Math.max(1, Math.round((h * cover) / 16)));
  small.getContext('2d').drawImage(poster, 0, 0, small.width, small.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(small, (side - w * cover) / 2, (side - h * cover) / 2, w * cover, h * cover);
  ctx.fillStyle = 'rgba(10,6,20,0.45)';
  ctx.fillRect(0, 0, side, side);
  const fit = Math.min(side / w, side / h);
  ctx.shadowColor = 'rgba(0,0,0,0.6)';
  ctx.shadowBlur = side * 0.03;
  ctx.drawImage(poster, (side - w * fit) / 2, (side - h * fit) / 2, w * fit, h * fit);

  const [p, s] = await Promise.all([portrait.encode('jpeg', JPEG_QUALITY), square.encode('jpeg', JPEG_QUALITY)]);
  return { portrait: p, square: s };
}
