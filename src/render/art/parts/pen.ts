import type { SKRSContext2D } from '@napi-rs/canvas';

/** The shared pen of the character art: one outline colour and weight, round joins. */

export type Ctx = SKRSContext2D;

export const OUTLINE = '#2b2024';

export function fillStroke(ctx: Ctx, fill: string, width = 2.2): void {
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = OUTLINE;
  ctx.lineWidth = width;
  ctx.stroke();
}

export function ellipse(ctx: Ctx, x: number, y: number, rx: number, ry: number, fill: string, width = 2.2, rotation = 0): void {
  ctx.beginPath();
  ctx.ellipse(x, y, rx, ry, rotation, 0, Math.PI * 2);
  fillStroke(ctx, fill, width);
}

/** A stroke drawn twice: the outline, then the colour inside it (tails, limbs). */
export function outlinedStroke(ctx: Ctx, colour: string, width: number): void {
  ctx.lineWidth = width + 2.6;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/** A heart's outline as the current path. */
export function heartPath(ctx: Ctx, x: number, y: number, s: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y + s * 0.9);
  ctx.bezierCurveTo(x - s * 1.6, y - s * 0.2, x - s * 0.7, y - s * 1.4, x, y - s * 0.5);
  ctx.bezierCurveTo(x + s * 0.7, y - s * 1.4, x + s * 1.6, y - s * 0.2, x, y + s * 0.9);
  ctx.closePath();
}

export function heart(ctx: Ctx, x: number, y: number, s: number, color: string): void {
  heartPath(ctx, x, y, s);
  ctx.fillStyle = color;
  ctx.fill();
}

/** A cloud of curls: round puffs with one outline around them all (outlines first, fills over them). */
export function puffs(ctx: Ctx, centres: readonly (readonly [number, number])[], r: number, fill: string, width = 2.2): void {
  ctx.beginPath();
  for (const [x, y] of centres) {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }
  ctx.strokeStyle = OUTLINE;
  ctx.lineWidth = width * 2;
  ctx.stroke();
  ctx.fillStyle = fill;
  ctx.fill();
}
