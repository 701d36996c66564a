import type { Random } from '../../../core/clock.js';
import { type Ctx, circle, fade, fill, floor, glow, line, rounded, shape, sideways, sign, wall } from './paint.js';

/** Venues: the wedding hall (the reception) and the chapel, the gala ballroom, the café. */

const FLOWERS = ['#ffffff', '#f7a8b8', '#ffd6e0'];

/** The reception: fairy lights, balloons, round tables, the cake. */
export function weddingHall(ctx: Ctx, w: number, h: number, rnd: Random): void {
  const top = 0.65;
  wall(ctx, w, h, top, '#fbe7ea', '#f1cdd3');
  // Fairy lights strung from the corners to the middle of the ceiling.
  for (let s = 0; s < 6; s++) {
    const x0 = (s / 5) * w;
    const sag = h * (0.06 + (s % 3) * 0.03);
    for (let i = 0; i <= 14; i++) {
      const t = i / 14;
      const x = x0 + (w * 0.5 - x0) * t;
      const y = h * 0.02 + Math.sin(t * Math.PI) * sag;
      circle(ctx, '#fff1b8', x, y, w * 0.006);
      glow(ctx, x, y, w * 0.022, '255,220,140', 0.35);
    }
  }
  // Balloon bunches in the top corners.
  const balloons = ['#ffffff', '#f2c86b', '#f5a3b5'];
  for (const cx of [w * 0.12, w * 0.88]) {
    for (let i = 0; i < 7; i++) {
      const bx = cx + (rnd() - 0.5) * w * 0.16;
      const by = h * (0.14 + rnd() * 0.1);
      line(ctx, 'rgba(150,110,110,0.5)', Math.max(1, w / 400), [bx, by, cx, h * 0.42]);
      ctx.fillStyle = balloons[i % 3]!;
      ctx.beginPath();
      ctx.ellipse(bx, by, w * 0.045, w * 0.055, 0, 0, Math.PI * 2);
      ctx.fill();
      circle(ctx, 'rgba(255,255,255,0.6)', bx - w * 0.015, by - w * 0.02, w * 0.01);
    }
  }
  // The banner.
  shape(ctx, '#ffffff', [w * 0.26, h * 0.2, w * 0.74, h * 0.2, w * 0.72, h * 0.245, w * 0.74, h * 0.29, w * 0.26, h * 0.29, w * 0.28, h * 0.245]);
  sign(ctx, 'Just Married', w * 0.5, h * 0.246, w * 0.062, '#c2566e');
  // Round tables at the sides, white cloths and flowers.
  for (const cx of [w * 0.08, w * 0.92]) {
    shape(ctx, '#ffffff', [cx - w * 0.15, h * 0.56, cx + w * 0.15, h * 0.56, cx + w * 0.18, h * 0.66, cx - w * 0.18, h * 0.66]);
    fill(ctx, '#f0e6e8', cx - w * 0.18, h * 0.64, w * 0.36, h * 0.02);
    fill(ctx, '#e9dcc4', cx - w * 0.008, h * 0.5, w * 0.016, h * 0.06);
    for (let i = 0; i < 5; i++) circle(ctx, FLOWERS[i % 3]!, cx + (i - 2) * w * 0.02, h * (0.495 - (i % 2) * 0.01), w * 0.022);
  }
  // The cake, three tiers, behind.
  fill(ctx, '#ffffff', w * 0.4, h * 0.5, w * 0.2, h * 0.06);
  fill(ctx, '#fff8ee', w * 0.43, h * 0.45, w * 0.14, h * 0.05);
  fill(ctx, '#fff8ee', w * 0.455, h * 0.41, w * 0.09, h * 0.04);
  for (const y of [0.45, 0.5, 0.56]) fill(ctx, '#f5a3b5', w * 0.4, h * y - h * 0.004, w * 0.2, h * 0.006);
  fill(ctx, '#f0e6e8', w * 0.36, h * 0.56, w * 0.28, h * 0.1);
  // The dance floor: light parquet.
  fill(ctx, fade(ctx, h * top, h, '#d9b38a', '#a87c55'), 0, h * top, w, h * (1 - top));
  for (let i = -8; i <= 8; i++) line(ctx, 'rgba(90,50,20,0.18)', Math.max(1, w / 350), [w / 2 + i * w * 0.07, h * top, w / 2 + i * w * 0.25, h]);
  for (let i = 1; i < 8; i++) {
    const y = h * top + ((h * (1 - top)) / 8) * i * (i / 5);
    line(ctx, 'rgba(90,50,20,0.18)', Math.max(1, w / 350), [0, y, w, y]);
  }
}

/** The chapel: a stained-glass window, an arch of flowers, pews either side of the aisle. */
export function weddingChapel(ctx: Ctx, w: number, h: number, rnd: Random): void {
  const top = 0.66;
  wall(ctx, w, h, top, '#efe3cf', '#ddccb0');
  for (const x of [0, w * 0.9]) fill(ctx, sideways(ctx, x, x + w * 0.1, '#d2c0a0', '#e6d8bf', '#cbb894'), x, 0, w * 0.1, h * top);
  // The stained-glass window: a pointed arch of coloured panes.
  const cx = w * 0.5;
  const ww = w * 0.3;
  const y0 = h * 0.07;
  const y1 = h * 0.33;
  const arch = () => {
    ctx.beginPath();
    ctx.moveTo(cx - ww / 2, y1);
    ctx.lineTo(cx - ww / 2, y0 + ww * 0.6);
    ctx.quadraticCurveTo(cx - ww / 2, y0, cx, y0 - h * 0.01);
    ctx.quadraticCurveTo(cx + ww / 2, y0, cx + ww / 2, y0 + ww * 0.6);
    ctx.lineTo(cx + ww / 2, y1);
    ctx.closePath();
  };
  glow(ctx, cx, h * 0.2, w * 0.45, '255,230,170', 0.45);
  ctx.save();
  arch();
  ctx.clip();
  const panes = ['#c0392b', '#2e6fbf', '#f1c40f', '#27ae60', '#8e44ad', '#e67e22'];
  const cols = 4;
  const rows = 7;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      fill(ctx, panes[Math.floor(rnd() * panes.length)]!, cx - ww / 2 + (c * ww) / cols, y0 - h * 0.01 + (r * (y1 - y0 + h * 0.01)) / rows, ww / cols, (y1 - y0) / rows + 1);
  circle(ctx, '#fff3c4', cx, h * 0.14, ww * 0.2);
  ctx.restore();
  ctx.strokeStyle = '#3b2f26';
  ctx.lineWidth = w / 120;
  arch();
  ctx.stroke();
  for (let c = 1; c < 4; c++) line(ctx, '#3b2f26', w / 300, [cx - ww / 2 + (c * ww) / 4, y0, cx - ww / 2 + (c * ww) / 4, y1]);
  for (let r = 1; r < 7; r++) line(ctx, '#3b2f26', w / 300, [cx - ww / 2, y0 + (r * (y1 - y0)) / 7, cx + ww / 2, y0 + (r * (y1 - y0)) / 7]);
  // The arch of flowers on two posts, framing whoever stands under it.
  const ay = h * 0.42;
  const ar = w * 0.36;
  line(ctx, '#b99a74', w / 60, [cx - ar, h * top, cx - ar, ay]);
  line(ctx, '#b99a74', w / 60, [cx + ar, h * top, cx + ar, ay]);
  ctx.strokeStyle = '#6f9a5b';
  ctx.lineWidth = w / 28;
  ctx.beginPath();
  ctx.arc(cx, ay, ar, Math.PI, 0);
  ctx.stroke();
  for (let i = 0; i <= 26; i++) {
    const a = Math.PI + (i / 26) * Math.PI;
    circle(ctx, FLOWERS[i % 3]!, cx + Math.cos(a) * ar, ay + Math.sin(a) * ar, w * 0.028);
  }
  for (const side of [-1, 1]) for (let i = 0; i < 4; i++) circle(ctx, FLOWERS[i % 3]!, cx + side * ar, ay + h * (0.02 + i * 0.045), w * 0.024);
  // Candles on stands.
  for (const x of [w * 0.06, w * 0.94]) {
    fill(ctx, '#c9a44e', x - w * 0.008, h * 0.45, w * 0.016, h * 0.21);
    fill(ctx, '#fffaf0', x - w * 0.012, h * 0.41, w * 0.024, h * 0.04);
    circle(ctx, '#ffcc55', x, h * 0.402, w * 0.009);
    glow(ctx, x, h * 0.4, w * 0.06, '255,200,100', 0.5);
  }
  // Stone floor, the aisle runner, pews at either side.
  floor(ctx, w, h, top, '#cdbb9c', 'rgba(120,90,60,0.15)');
  shape(ctx, '#b3263e', [w * 0.44, h * top, w * 0.56, h * top, w * 0.72, h, w * 0.28, h]);
  line(ctx, '#f4e6c8', w / 200, [w * 0.44, h * top, w * 0.28, h]);
  line(ctx, '#f4e6c8', w / 200, [w * 0.56, h * top, w * 0.72, h]);
  for (const side of [-1, 1]) {
    for (let i = 0; i < 3; i++) {
      const y = h * (0.69 + i * 0.09);
      const inner = w * (0.38 - i * 0.05);
      const x0 = side < 0 ? -w * 0.02 : w - inner + w * 0.02;
      rounded(ctx, '#7a4a28', x0, y, inner, h * 0.045, w * 0.01);
      fill(ctx, '#5e3820', x0, y + h * 0.045, inner, h * 0.012);
      const end = side < 0 ? x0 + inner - w * 0.02 : x0 + w * 0.02;
      circle(ctx, '#ffffff', end, y + h * 0.01, w * 0.02);
      circle(ctx, '#f7a8b8', end, y + h * 0.01, w * 0.01);
    }
  }
}

/** A chandelier: chain, gold ring, candle flames, crystal drops, a big warm glow. */
function chandelier(ctx: Ctx, x: number, y: number, size: number): void {
  glow(ctx, x, y, size * 3, '255,215,140', 0.35);
  line(ctx, '#c9a44e', size * 0.04, [x, 0, x, y - size * 0.3]);
  for (const [ry, rw] of [
    [-0.15, 0.55],
    [0.15, 1],
  ] as const) {
    ctx.strokeStyle = '#e2bf5e';
    ctx.lineWidth = size * 0.1;
    ctx.beginPath();
    ctx.ellipse(x, y + ry * size, rw * size, rw * size * 0.22, 0, 0, Math.PI * 2);
    ctx.stroke();
    for (let i = 0; i < 7; i++) {
      const a = (i / 7) * Math.PI * 2;
      const fx = x + Math.cos(a) * rw * size;
      const fy = y + ry * size + Math.sin(a) * rw * size * 0.22;
      fill(ctx, '#fffaf0', fx - size * 0.03, fy - size * 0.14, size * 0.06, size * 0.14);
      glow(ctx, fx, fy - size * 0.18, size * 0.2, '255,220,130', 0.6);
      circle(ctx, '#ffe08a', fx, fy - size * 0.18, size * 0.055);
      line(ctx, 'rgba(220,240,255,0.8)', size * 0.025, [fx, fy, fx, fy + size * 0.22]);
      shape(ctx, '#e8f6ff', [fx, fy + size * 0.18, fx + size * 0.04, fy + size * 0.25, fx, fy + size * 0.32, fx - size * 0.04, fy + size * 0.25]);
    }
  }
  shape(ctx, '#e2bf5e', [x - size * 0.12, y + size * 0.2, x + size * 0.12, y + size * 0.2, x, y + size * 0.5]);
}

/** The gala ballroom: chandeliers, velvet drapes, a stage at the back. */
export function ballroom(ctx: Ctx, w: number, h: number): void {
  const top = 0.65;
  wall(ctx, w, h, top, '#4d1a2b', '#2e0e19');
  // Gold pilasters.
  for (let i = 1; i < 6; i++) fill(ctx, 'rgba(226,191,94,0.18)', w * (i / 6) - w * 0.012, h * 0.1, w * 0.024, h * (top - 0.1));
  // The stage at the back: a lit curtain, a raised front.
  fill(ctx, fade(ctx, h * 0.3, h * 0.57, '#8e1a2e', '#5e0f1d'), w * 0.18, h * 0.3, w * 0.64, h * 0.27);
  for (let x = w * 0.2; x < w * 0.8; x += w * 0.06) fill(ctx, 'rgba(0,0,0,0.12)', x, h * 0.3, w * 0.02, h * 0.27);
  fill(ctx, '#e2bf5e', w * 0.16, h * 0.29, w * 0.68, h * 0.015);
  shape(ctx, '#3d1e14', [w * 0.14, h * 0.57, w * 0.86, h * 0.57, w * 0.9, h * 0.64, w * 0.1, h * 0.64]);
  fill(ctx, '#e2bf5e', w * 0.14, h * 0.565, w * 0.72, h * 0.008);
  glow(ctx, w * 0.5, h * 0.5, w * 0.4, '255,200,150', 0.25);
  // Polished floor, chandeliers shining in it.
  fill(ctx, fade(ctx, h * top, h, '#5a2e1c', '#2a130b'), 0, h * top, w, h * (1 - top));
  for (const x of [0.5, 0.2, 0.8]) glow(ctx, w * x, h * 0.8, w * 0.18, '255,215,140', 0.18);
  // Drapes at the sides, tied back, and swags across the top.
  for (const side of [-1, 1]) {
    const x0 = side < 0 ? 0 : w * 0.86;
    fill(ctx, sideways(ctx, x0, x0 + w * 0.14, '#7a0f22', '#b3243c', '#6a0c1c', '#a51f36', '#7a0f22'), x0, 0, w * 0.14, h * 0.72);
    const tie = side < 0 ? w * 0.14 : w * 0.86;
    shape(ctx, sideways(ctx, Math.min(x0, tie), Math.max(x0 + w * 0.14, tie), '#8a1226', '#b3243c'), [tie, h * 0.2, tie + side * w * 0.08, h * 0.52, tie, h * 0.72]);
    line(ctx, '#e2bf5e', w / 100, [x0, h * 0.5, x0 + w * 0.14, h * 0.52]);
  }
  for (let i = 0; i < 4; i++) {
    ctx.fillStyle = i % 2 ? '#9a1a30' : '#b3243c';
    ctx.beginPath();
    ctx.ellipse(w * (0.125 + i * 0.25), h * 0.02, w * 0.15, h * 0.045, 0, 0, Math.PI);
    ctx.fill();
  }
  fill(ctx, '#e2bf5e', 0, 0, w, h * 0.008);
  chandelier(ctx, w * 0.5, h * 0.15, w * 0.17);
  chandelier(ctx, w * 0.2, h * 0.11, w * 0.1);
  chandelier(ctx, w * 0.8, h * 0.11, w * 0.1);
}

/** The café: pendant lamps, a chalk menu, shelves of cups, the espresso machine, a chequered floor. */
export function cafe(ctx: Ctx, w: number, h: number): void {
  const top = 0.66;
  wall(ctx, w, h, top, '#f3e0c0', '#e8cda2');
  fill(ctx, fade(ctx, h * 0.5, h * top, '#8a5a3c', '#6e4530'), 0, h * 0.5, w, h * (top - 0.5));
  for (let x = w * 0.05; x < w; x += w * 0.1) line(ctx, 'rgba(0,0,0,0.15)', Math.max(1, w / 350), [x, h * 0.5, x, h * top]);
  // The chalkboard menu.
  fill(ctx, '#6b4a30', w * 0.05, h * 0.19, w * 0.32, h * 0.2);
  fill(ctx, '#2e3230', w * 0.065, h * 0.2, w * 0.29, h * 0.18);
  sign(ctx, 'MENU', w * 0.21, h * 0.23, w * 0.06, '#f7f1e3');
  for (let i = 0; i < 4; i++) {
    const y = h * (0.27 + i * 0.028);
    line(ctx, 'rgba(247,241,227,0.7)', w / 250, [w * 0.09, y, w * 0.25, y]);
    circle(ctx, 'rgba(247,241,227,0.7)', w * 0.31, y, w * 0.008);
  }
  // Shelves of cups and jars.
  const cups = ['#e8554e', '#f2b134', '#ffffff', '#4fa3d9', '#6bbf59'];
  for (const [s, y] of [0.22, 0.32].entries()) {
    fill(ctx, '#8a5a3c', w * 0.58, h * y, w * 0.38, h * 0.01);
    for (let i = 0; i < 6; i++) {
      const x = w * (0.6 + i * 0.06);
      if ((i + s) % 3 === 2) {
        rounded(ctx, 'rgba(200,160,110,0.9)', x, h * (y - 0.05), w * 0.04, h * 0.05, w * 0.008);
        continue;
      }
      fill(ctx, cups[(i + s * 2) % 5]!, x, h * (y - 0.03), w * 0.035, h * 0.03);
      ctx.strokeStyle = cups[(i + s * 2) % 5]!;
      ctx.lineWidth = w / 250;
      ctx.beginPath();
      ctx.arc(x + w * 0.04, h * (y - 0.015), w * 0.009, -Math.PI / 2, Math.PI / 2);
      ctx.stroke();
    }
  }
  // Pendant lamps.
  for (const x of [0.22, 0.5, 0.78]) {
    line(ctx, '#3a2a20', w / 300, [w * x, 0, w * x, h * 0.1]);
    shape(ctx, '#2f5d4a', [w * (x - 0.06), h * 0.14, w * (x - 0.02), h * 0.1, w * (x + 0.02), h * 0.1, w * (x + 0.06), h * 0.14]);
    fill(ctx, '#fff0c0', w * (x - 0.05), h * 0.138, w * 0.1, h * 0.006);
    glow(ctx, w * x, h * 0.16, w * 0.2, '255,220,150', 0.45);
  }
  // The counter with the espresso machine and a cake under glass.
  fill(ctx, '#4a2e1e', 0, h * 0.49, w, h * 0.014);
  rounded(ctx, sideways(ctx, w * 0.72, w * 0.96, '#9aa3a8', '#eef2f4', '#9aa3a8'), w * 0.72, h * 0.41, w * 0.24, h * 0.08, w * 0.01);
  fill(ctx, '#3a3e42', w * 0.76, h * 0.46, w * 0.16, h * 0.012);
  circle(ctx, '#d94a3a', w * 0.9, h * 0.425, w * 0.01);
  fill(ctx, '#ffffff', w * 0.79, h * 0.475, w * 0.03, h * 0.015);
  fill(ctx, '#d9d2c4', w * 0.04, h * 0.485, w * 0.16, h * 0.006);
  fill(ctx, '#f2b7c0', w * 0.07, h * 0.455, w * 0.1, h * 0.03);
  ctx.fillStyle = 'rgba(220,240,255,0.35)';
  ctx.beginPath();
  ctx.arc(w * 0.12, h * 0.485, w * 0.075, Math.PI, 0);
  ctx.fill();
  // Chequered floor.
  fill(ctx, '#e9dcc3', 0, h * top, w, h * (1 - top));
  for (let r = 0; r < 7; r++) {
    const y0 = h * top + ((h * (1 - top)) / 7) * r * (r / 4.2);
    const y1 = h * top + ((h * (1 - top)) / 7) * (r + 1) * ((r + 1) / 4.2);
    for (let c = -8; c < 8; c++)
      if ((r + c) % 2 === 0)
        shape(ctx, '#6e4a36', [
          w / 2 + c * w * 0.07 * (1 + r * 0.5),
          y0,
          w / 2 + (c + 1) * w * 0.07 * (1 + r * 0.5),
          y0,
          w / 2 + (c + 1) * w * 0.07 * (1 + (r + 1) * 0.5),
          y1,
          w / 2 + c * w * 0.07 * (1 + (r + 1) * 0.5),
          y1,
        ]);
  }
}
