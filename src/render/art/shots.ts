import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Emotion } from '../../writer/script.js';
import { paintBackground } from './backgrounds.js';
import { drawCharacter } from './characters.js';
import type { Look } from './looks.js';

export interface ShotCharacter {
  look: Look;
  emotion: Emotion;
  speaking: boolean;
}

export interface ShotSpec {
  setting: string;
  characters: ShotCharacter[];
}

/** Where one to three characters stand, as fractions of the frame: x, feet y, scale. */
const BLOCKING: Record<number, [number, number, number][]> = {
  1: [[0.5, 0.8, 1.15]],
  2: [
    [0.29, 0.8, 1],
    [0.71, 0.8, 1],
  ],
  3: [
    [0.2, 0.82, 0.92],
    [0.5, 0.75, 0.8],
    [0.8, 0.82, 0.92],
  ],
};

export interface Placement {
  character: ShotCharacter;
  x: number;
  /** Where the feet are. */
  y: number;
  size: number;
  facing: 'left' | 'right';
}

/** Where each character stands, in drawing order (the middle one of three stands further back). */
export function placements(spec: ShotSpec, w: number, h: number): Placement[] {
  const cast = spec.characters.slice(0, 3);
  const blocking = BLOCKING[cast.length] ?? [];
  const order = cast.map((c, i) => ({ c, i })).sort((a, b) => (a.i === 1 && cast.length === 3 ? -1 : b.i === 1 && cast.length === 3 ? 1 : 0));
  return order.map(({ c, i }) => {
    const [fx, fy, scale] = blocking[i]!;
    const facing = cast.length === 1 || fx < 0.5 ? 'right' : 'left';
    return { character: c, x: w * fx, y: h * fy, size: h * 0.36 * scale * (c.speaking ? 1.08 : 1), facing };
  });
}

/**
 * A shot: the setting's background with its characters, facing each other, the speaker a little
 * bigger. Characters named in `apart` are left out, to be laid over as layers that can move.
 */
export function paintShot(ctx: SKRSContext2D, spec: ShotSpec, w: number, h: number, apart: ReadonlySet<string> = new Set()): void {
  paintBackground(ctx, spec.setting, w, h);
  for (const p of placements(spec, w, h)) {
    if (apart.has(p.character.look.name)) continue;
    drawCharacter(ctx, p.character.look, p.character.emotion, p.x, p.y, p.size, p.facing);
  }
  vignette(ctx, w, h);
}

/** One character on a transparent canvas just big enough, and where it goes in the shot. */
export function characterLayer(p: Placement): { canvas: Canvas; left: number; top: number } {
  const width = Math.ceil(p.size * 1.2);
  const height = Math.ceil(p.size * 1.5);
  const canvas = createCanvas(width, height);
  const feet = p.size * 1.38;
  drawCharacter(canvas.getContext('2d'), p.character.look, p.character.emotion, width / 2, feet, p.size, p.facing);
  return { canvas, left: Math.round(p.x - width / 2), top: Math.round(p.y - feet) };
}

export function vignette(ctx: SKRSContext2D, w: number, h: number): void {
  const g = ctx.createRadialGradient(w / 2, h * 0.48, h * 0.25, w / 2, h * 0.48, h * 0.75);
  g.addColorStop(0, 'rgba(0,0,0,0)');
  g.addColorStop(1, 'rgba(0,0,0,0.45)');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

export function shotCanvas(spec: ShotSpec, w: number, h: number, apart?: ReadonlySet<string>): Canvas {
  const canvas = createCanvas(w, h);
  paintShot(canvas.getContext('2d'), spec, w, h, apart);
  return canvas;
}

/** Wraps text to lines that fit `maxWidth` at the current font. */
export function wrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width <= maxWidth || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  // Text without spaces (CJK) that still overflows is cut by characters.
  return lines.flatMap((l) => {
    if (ctx.measureText(l).width <= maxWidth) return [l];
    const out: string[] = [];
    let cur = '';
    for (const ch of Array.from(l)) {
      if (ctx.measureText(cur + ch).width > maxWidth && cur) {
        out.push(cur);
        cur = ch;
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  });
}
