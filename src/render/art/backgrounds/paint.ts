import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Random } from '../../../core/clock.js';
import { canvasFont } from '../fonts.js';

/** What every background painter shares: flat shapes, gradients for light, a floor. */

export type Ctx = SKRSContext2D;
export type Gradient = ReturnType<Ctx['createLinearGradient']>;
export type Painter = (ctx: Ctx, w: number, h: number, rnd: Random) => void;

/** A vertical gradient over the whole height, stops at fractions of it. */
export function vertical(ctx: Ctx, h: number, stops: [number, string][]): Gradient {
  const g = ctx.createLinearGradient(0, 0, 0, h);
  for (const [at, color] of stops) g.addColorStop(at, color);
  return g;
}

/** A vertical gradient from y0 to y1 through evenly spaced colours. */
export function fade(ctx: Ctx, y0: number, y1: number, ...colors: string[]): Gradient {
  const g = ctx.createLinearGradient(0, y0, 0, y1);
  for (const [i, color] of colors.entries()) g.addColorStop(i / Math.max(1, colors.length - 1), color);
  return g;
}

/** A horizontal gradient from x0 to x1 through evenly spaced colours. */
export function sideways(ctx: Ctx, x0: number, x1: number, ...colors: string[]): Gradient {
  const g = ctx.createLinearGradient(x0, 0, x1, 0);
  for (const [i, color] of colors.entries()) g.addColorStop(i / Math.max(1, colors.length - 1), color);
  return g;
}

export function fill(ctx: Ctx, style: string | Gradient, x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = style;
  ctx.fillRect(x, y, w, h);
}

export function rounded(ctx: Ctx, style: string | Gradient, x: number, y: number, w: number, h: number, r: number): void {
  ctx.fillStyle = style;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
  ctx.fill();
}

export function circle(ctx: Ctx, style: string | Gradient, x: number, y: number, r: number): void {
  ctx.fillStyle = style;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fill();
}

/** A filled polygon through the points x0, y0, x1, y1, … */
export function shape(ctx: Ctx, style: string | Gradient, points: number[]): void {
  ctx.fillStyle = style;
  ctx.beginPath();
  for (let i = 0; i < points.length; i += 2) ctx.lineTo(points[i]!, points[i + 1]!);
  ctx.closePath();
  ctx.fill();
}

export function line(ctx: Ctx, style: string, width: number, points: number[]): void {
  ctx.strokeStyle = style;
  ctx.lineWidth = width;
  ctx.beginPath();
  for (let i = 0; i < points.length; i += 2) ctx.lineTo(points[i]!, points[i + 1]!);
  ctx.stroke();
}

/** Soft light: `rgb` ("255,200,120") at `alpha` in the middle, gone at radius r. */
export function glow(ctx: Ctx, x: number, y: number, r: number, rgb: string, alpha: number): void {
  const g = ctx.createRadialGradient(x, y, 0, x, y, r);
  g.addColorStop(0, `rgba(${rgb},${alpha})`);
  g.addColorStop(1, `rgba(${rgb},0)`);
  ctx.fillStyle = g;
  ctx.fillRect(x - r, y - r, r * 2, r * 2);
}

/** A short sign's words, centred on x, y. */
export function sign(ctx: Ctx, text: string, x: number, y: number, px: number, color: string): void {
  ctx.font = canvasFont(px);
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y);
}

/** A paw print: the pad and four toes. */
export function paw(ctx: Ctx, style: string, x: number, y: number, size: number): void {
  ctx.fillStyle = style;
  ctx.beginPath();
  ctx.ellipse(x, y + size * 0.18, size * 0.32, size * 0.26, 0, 0, Math.PI * 2);
  ctx.fill();
  for (const [dx, dy] of [
    [-0.36, -0.12],
    [-0.13, -0.32],
    [0.13, -0.32],
    [0.36, -0.12],
  ] as const) {
    ctx.beginPath();
    ctx.ellipse(x + dx * size, y + dy * size, size * 0.12, size * 0.15, dx * 0.8, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** The floor from `top` down, with boards that widen towards the viewer. */
export function floor(ctx: Ctx, w: number, h: number, top: number, color: string, seam: string): void {
  fill(ctx, color, 0, h * top, w, h * (1 - top));
  ctx.strokeStyle = seam;
  ctx.lineWidth = Math.max(1, w / 400);
  for (let i = 1; i < 8; i++) {
    const y = h * top + ((h * (1 - top)) / 8) * i * (i / 5);
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.lineTo(w, y);
    ctx.stroke();
  }
}

/** The wall: a gradient from `top` colour to `bottom` colour, down to the floor at `at`. */
export function wall(ctx: Ctx, w: number, h: number, at: number, top: string, bottom: string): void {
  fill(ctx, fade(ctx, 0, h * at, top, bottom), 0, 0, w, h * at);
}
