import type { Emotion } from '../../../writer/script.js';
import { type Ctx, heart, OUTLINE } from './pen.js';

/** Cartoon signs over the head: hearts, a sweat drop, an anger mark, shock lines (origin at the feet). */
export function drawEffects(ctx: Ctx, emotion: Emotion, headY: number): void {
  const top = -headY - 30;
  if (emotion === 'in love') {
    heart(ctx, 30, top - 2, 5, 'rgba(232,67,147,0.9)');
    heart(ctx, -28, top - 10, 4, 'rgba(232,67,147,0.7)');
    heart(ctx, 18, top - 20, 3, 'rgba(232,67,147,0.6)');
  } else if (emotion === 'scared') {
    ctx.beginPath();
    ctx.moveTo(26, top + 2);
    ctx.quadraticCurveTo(32, top + 12, 26, top + 16);
    ctx.quadraticCurveTo(20, top + 12, 26, top + 2);
    ctx.fillStyle = 'rgba(120,200,255,0.9)';
    ctx.fill();
  } else if (emotion === 'angry') {
    ctx.strokeStyle = '#e02424';
    ctx.lineWidth = 2.4;
    for (const [dx, dy, r] of [
      [0, 0, 0],
      [1, 1, Math.PI / 2],
      [0, 1, Math.PI],
      [1, 0, -Math.PI / 2],
    ] as const) {
      ctx.beginPath();
      ctx.arc(24 + dx * 6, top + 2 + dy * 6, 3, r, r + Math.PI / 2);
      ctx.stroke();
    }
  } else if (emotion === 'shocked') {
    ctx.strokeStyle = OUTLINE;
    ctx.lineWidth = 2;
    for (const a of [-0.5, -0.2, 0.1]) {
      for (const side of [-1, 1]) {
        ctx.beginPath();
        ctx.moveTo(side * Math.sin(a) * 36, -headY - Math.cos(a) * 36);
        ctx.lineTo(side * Math.sin(a) * 46, -headY - Math.cos(a) * 46);
        ctx.stroke();
      }
    }
  }
}

/** Speed lines behind a moving paw (a slap) or a body (storming out). */
export function drawSwoosh(ctx: Ctx, x: number, y: number, length: number): void {
  ctx.strokeStyle = 'rgba(255,255,255,0.85)';
  ctx.lineWidth = 2.2;
  for (const dy of [-6, 0, 6]) {
    ctx.beginPath();
    ctx.moveTo(x - length, y + dy * 1.4);
    ctx.lineTo(x - 4, y + dy);
    ctx.stroke();
  }
}
