import type { Random } from '../../../core/clock.js';
import { type Ctx, circle, fade, fill, floor, glow, line, rounded, shape, vertical, wall } from './paint.js';

/** Homes: the living room, a small flat, a bedroom at night, the mansion library, a rainy window. */

export function livingRoom(ctx: Ctx, w: number, h: number): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#f2d7b6'],
      [0.62, '#e4c29a'],
    ]),
    0,
    0,
    w,
    h,
  );
  // Picture frame and lamp
  fill(ctx, '#7a5236', w * 0.3, h * 0.14, w * 0.4, h * 0.14);
  fill(ctx, '#a7c5a0', w * 0.32, h * 0.152, w * 0.36, h * 0.116);
  fill(ctx, '#f6e7a8', w * 0.78, h * 0.3, w * 0.12, h * 0.06);
  fill(ctx, '#6b5a4a', w * 0.835, h * 0.36, w * 0.01, h * 0.22);
  floor(ctx, w, h, 0.62, '#a8774f', 'rgba(0,0,0,0.12)');
  // Sofa
  fill(ctx, '#9c3d54', w * 0.08, h * 0.46, w * 0.64, h * 0.1);
  fill(ctx, '#b34a64', w * 0.06, h * 0.52, w * 0.68, h * 0.09);
  fill(ctx, '#7d2f43', w * 0.04, h * 0.5, w * 0.05, h * 0.11);
  fill(ctx, '#7d2f43', w * 0.71, h * 0.5, w * 0.05, h * 0.11);
}

export function library(ctx: Ctx, w: number, h: number, rnd: Random): void {
  fill(ctx, '#3b2417', 0, 0, w, h);
  const colors = ['#8e2c2c', '#2c4f8e', '#2c7a4b', '#b08a2e', '#5e3a7a', '#7a4a2c'];
  for (let shelf = 0; shelf < 5; shelf++) {
    const y = h * (0.06 + shelf * 0.11);
    fill(ctx, '#24150d', 0, y + h * 0.09, w, h * 0.015);
    let x = w * 0.02;
    while (x < w * 0.98) {
      const bw = w * (0.02 + rnd() * 0.025);
      ctx.fillStyle = colors[Math.floor(rnd() * colors.length)]!;
      ctx.fillRect(x, y + h * (0.01 + rnd() * 0.02), bw, h * 0.08);
      x += bw + w * 0.004;
    }
  }
  floor(ctx, w, h, 0.62, '#5b3420', 'rgba(0,0,0,0.2)');
  // Fireplace glow
  const g = ctx.createRadialGradient(w * 0.5, h * 0.62, 0, w * 0.5, h * 0.62, w * 0.6);
  g.addColorStop(0, 'rgba(255,170,80,0.35)');
  g.addColorStop(1, 'rgba(255,170,80,0)');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

export function rainyWindow(ctx: Ctx, w: number, h: number, rnd: Random): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#1b2838'],
      [1, '#2c3e50'],
    ]),
    0,
    0,
    w,
    h,
  );
  fill(
    ctx,
    vertical(ctx, h, [
      [0.05, '#35506b'],
      [0.55, '#4d6a85'],
    ]),
    w * 0.08,
    h * 0.06,
    w * 0.84,
    h * 0.52,
  );
  // City lights blurred behind glass
  for (let i = 0; i < 30; i++) {
    ctx.fillStyle = `rgba(255,${180 + Math.floor(rnd() * 60)},120,${0.15 + rnd() * 0.25})`;
    ctx.beginPath();
    ctx.arc(w * (0.1 + rnd() * 0.8), h * (0.3 + rnd() * 0.26), w * (0.01 + rnd() * 0.025), 0, Math.PI * 2);
    ctx.fill();
  }
  // Rain streaks
  ctx.strokeStyle = 'rgba(200,220,255,0.45)';
  ctx.lineWidth = Math.max(1, w / 500);
  for (let i = 0; i < 140; i++) {
    const x = w * (0.08 + rnd() * 0.84);
    const y = h * (0.06 + rnd() * 0.48);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x - w * 0.004, y + h * (0.01 + rnd() * 0.03));
    ctx.stroke();
  }
  ctx.strokeStyle = '#d8d2c4';
  ctx.lineWidth = w / 40;
  ctx.strokeRect(w * 0.08, h * 0.06, w * 0.84, h * 0.52);
  ctx.beginPath();
  ctx.moveTo(w * 0.5, h * 0.06);
  ctx.lineTo(w * 0.5, h * 0.58);
  ctx.stroke();
  floor(ctx, w, h, 0.62, '#3b2f2a', 'rgba(255,255,255,0.06)');
  fill(ctx, '#cfc6b4', w * 0.05, h * 0.58, w * 0.9, h * 0.03);
}

/** A small flat: the bed, the window and the fridge all in one room. */
export function apartment(ctx: Ctx, w: number, h: number): void {
  const top = 0.66;
  wall(ctx, w, h, top, '#dce6ee', '#c6d3de');
  // Window onto the city by day, short curtains, a plant on the sill.
  fill(ctx, fade(ctx, h * 0.1, h * 0.34, '#8fc4ea', '#d9eefa'), w * 0.3, h * 0.1, w * 0.34, h * 0.24);
  for (let i = 0; i < 6; i++) fill(ctx, '#a9bccb', w * (0.3 + i * 0.058), h * (0.22 - (i % 3) * 0.03), w * 0.05, h * (0.12 + (i % 3) * 0.03));
  ctx.strokeStyle = '#f7f7f2';
  ctx.lineWidth = w / 70;
  ctx.strokeRect(w * 0.3, h * 0.1, w * 0.34, h * 0.24);
  line(ctx, '#f7f7f2', w / 110, [w * 0.47, h * 0.1, w * 0.47, h * 0.34]);
  line(ctx, '#f7f7f2', w / 110, [w * 0.3, h * 0.22, w * 0.64, h * 0.22]);
  fill(ctx, '#e8b44a', w * 0.26, h * 0.085, w * 0.07, h * 0.2);
  fill(ctx, '#e8b44a', w * 0.61, h * 0.085, w * 0.07, h * 0.2);
  fill(ctx, '#8a6a4a', w * 0.24, h * 0.08, w * 0.46, h * 0.008);
  fill(ctx, '#eef1f2', w * 0.28, h * 0.34, w * 0.38, h * 0.012);
  fill(ctx, '#c8643b', w * 0.34, h * 0.315, w * 0.05, h * 0.025);
  for (const a of [-0.7, -0.2, 0.3, 0.8]) {
    ctx.fillStyle = '#4f9d4a';
    ctx.beginPath();
    ctx.ellipse(w * 0.365 + Math.sin(a) * w * 0.03, h * 0.3, w * 0.012, h * 0.022, a, 0, Math.PI * 2);
    ctx.fill();
  }
  // A print over the bed, and the bed along the left wall.
  fill(ctx, '#ffffff', w * 0.04, h * 0.14, w * 0.17, h * 0.12);
  fill(ctx, '#f28c7a', w * 0.055, h * 0.15, w * 0.14, h * 0.1);
  circle(ctx, '#ffd36b', w * 0.125, h * 0.2, w * 0.035);
  fill(ctx, '#a3785a', 0, h * 0.47, w * 0.32, h * 0.13);
  rounded(ctx, '#ffffff', w * 0.02, h * 0.51, w * 0.14, h * 0.05, w * 0.02);
  fill(ctx, '#7fb0d6', 0, h * 0.56, w * 0.34, h * 0.1);
  for (let x = w * 0.03; x < w * 0.34; x += w * 0.06) fill(ctx, '#9cc3e2', x, h * 0.56, w * 0.025, h * 0.1);
  // Kitchenette at the right: a cupboard and a tall fridge with magnets.
  fill(ctx, '#f2efe6', w * 0.72, h * 0.1, w * 0.28, h * 0.1);
  line(ctx, '#c9c3b3', Math.max(1, w / 300), [w * 0.86, h * 0.1, w * 0.86, h * 0.2]);
  rounded(ctx, '#f6fbfb', w * 0.74, h * 0.23, w * 0.24, h * 0.43, w * 0.025);
  line(ctx, '#b8c6c8', w / 200, [w * 0.74, h * 0.36, w * 0.98, h * 0.36]);
  fill(ctx, '#9aa8ab', w * 0.76, h * 0.27, w * 0.012, h * 0.07);
  fill(ctx, '#9aa8ab', w * 0.76, h * 0.39, w * 0.012, h * 0.1);
  fill(ctx, '#ffe27a', w * 0.83, h * 0.26, w * 0.05, h * 0.04);
  circle(ctx, '#e8554e', w * 0.91, h * 0.29, w * 0.014);
  circle(ctx, '#4fa3d9', w * 0.86, h * 0.41, w * 0.014);
  fill(ctx, '#ffffff', w * 0.88, h * 0.4, w * 0.05, h * 0.05);
  // Pendant bulb and light wood floor with a round rug.
  line(ctx, '#444', w / 300, [w * 0.5, 0, w * 0.5, h * 0.045]);
  circle(ctx, '#fff4c8', w * 0.5, h * 0.05, w * 0.018);
  glow(ctx, w * 0.5, h * 0.05, w * 0.12, '255,240,190', 0.5);
  floor(ctx, w, h, top, '#cfae82', 'rgba(0,0,0,0.1)');
  ctx.fillStyle = '#e6a3a0';
  ctx.beginPath();
  ctx.ellipse(w * 0.5, h * 0.84, w * 0.36, h * 0.06, 0, 0, Math.PI * 2);
  ctx.fill();
}

/** A bedroom at night: moon at the window, a bedside lamp, everything else blue. */
export function bedroomAtNight(ctx: Ctx, w: number, h: number, rnd: Random): void {
  const top = 0.67;
  wall(ctx, w, h, top, '#1f2550', '#2c3266');
  // The window: night sky, moon, stars, curtains.
  fill(ctx, fade(ctx, h * 0.08, h * 0.34, '#0b1030', '#23306b'), w * 0.52, h * 0.08, w * 0.4, h * 0.26);
  for (let i = 0; i < 18; i++) circle(ctx, 'rgba(255,255,230,0.85)', w * (0.54 + rnd() * 0.36), h * (0.09 + rnd() * 0.23), w * (0.003 + rnd() * 0.004));
  glow(ctx, w * 0.78, h * 0.16, w * 0.18, '220,230,255', 0.35);
  // A crescent: the moon, less the disc that overlaps it.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, w, h);
  ctx.arc(w * 0.805, h * 0.148, w * 0.052, 0, Math.PI * 2);
  ctx.clip('evenodd');
  circle(ctx, '#f4f1d6', w * 0.78, h * 0.16, w * 0.06);
  ctx.restore();
  ctx.strokeStyle = '#3b4278';
  ctx.lineWidth = w / 70;
  ctx.strokeRect(w * 0.52, h * 0.08, w * 0.4, h * 0.26);
  line(ctx, '#3b4278', w / 110, [w * 0.72, h * 0.08, w * 0.72, h * 0.34]);
  fill(ctx, '#5a3f7a', w * 0.47, h * 0.07, w * 0.07, h * 0.3);
  fill(ctx, '#5a3f7a', w * 0.9, h * 0.07, w * 0.07, h * 0.3);
  // String lights looping over the bed.
  for (let i = 0; i <= 12; i++) {
    const x = w * (0.03 + i * 0.035);
    const y = h * (0.1 + Math.sin((i / 12) * Math.PI) * 0.04);
    circle(ctx, '#ffd98a', x, y, w * 0.008);
    glow(ctx, x, y, w * 0.03, '255,210,120', 0.35);
  }
  // The bed: headboard, pillows, a duvet.
  rounded(ctx, '#3d2f5c', w * 0.04, h * 0.42, w * 0.62, h * 0.2, w * 0.05);
  rounded(ctx, '#d9dcf2', w * 0.08, h * 0.5, w * 0.22, h * 0.06, w * 0.03);
  rounded(ctx, '#d9dcf2', w * 0.38, h * 0.5, w * 0.22, h * 0.06, w * 0.03);
  fill(ctx, fade(ctx, h * 0.55, h * 0.69, '#5a6cc4', '#3b4a98'), w * 0.02, h * 0.55, w * 0.66, h * 0.14);
  // The bedside table and its lamp, a warm pool in the blue.
  fill(ctx, '#4a3866', w * 0.74, h * 0.53, w * 0.2, h * 0.14);
  fill(ctx, '#5e4a80', w * 0.73, h * 0.52, w * 0.22, h * 0.015);
  glow(ctx, w * 0.84, h * 0.46, w * 0.32, '255,190,110', 0.4);
  fill(ctx, '#c9a46a', w * 0.835, h * 0.47, w * 0.012, h * 0.05);
  shape(ctx, '#ffd18a', [w * 0.78, h * 0.475, w * 0.9, h * 0.475, w * 0.875, h * 0.43, w * 0.805, h * 0.43]);
  floor(ctx, w, h, top, '#2a2445', 'rgba(255,255,255,0.05)');
  // Moonlight across the floor.
  shape(ctx, 'rgba(200,215,255,0.12)', [w * 0.5, h * top, w * 0.9, h * top, w * 1.05, h * 0.95, w * 0.45, h * 0.95]);
}
