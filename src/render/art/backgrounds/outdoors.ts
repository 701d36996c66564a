import type { Random } from '../../../core/clock.js';
import { type Ctx, circle, fade, fill, floor, glow, line, rounded, shape, sign, vertical } from './paint.js';

/** Outdoors and on the move: street, park, beach, rooftop, train station, airport gate. */

export function neonStreet(ctx: Ctx, w: number, h: number, rnd: Random): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#0b0820'],
      [0.6, '#1c1035'],
      [1, '#0d0a1a'],
    ]),
    0,
    0,
    w,
    h,
  );
  // Buildings
  for (let i = 0; i < 7; i++) {
    const bw = w * (0.12 + rnd() * 0.12);
    const bx = i * w * 0.15 - w * 0.05;
    const bh = h * (0.35 + rnd() * 0.3);
    fill(ctx, '#150f2b', bx, h * 0.66 - bh, bw, bh);
    ctx.fillStyle = 'rgba(255,214,120,0.5)';
    for (let wy = h * 0.66 - bh + h * 0.02; wy < h * 0.62; wy += h * 0.04)
      for (let wx = bx + bw * 0.15; wx < bx + bw * 0.85; wx += bw * 0.25) if (rnd() < 0.35) ctx.fillRect(wx, wy, bw * 0.1, h * 0.015);
  }
  // Neon signs with glow
  const neon = ['#ff2fb3', '#2ff3ff', '#b84dff', '#ffe84d'];
  for (let i = 0; i < 4; i++) {
    const color = neon[i]!;
    ctx.save();
    ctx.shadowColor = color;
    ctx.shadowBlur = w / 25;
    ctx.strokeStyle = color;
    ctx.lineWidth = w / 120;
    const sx = w * (0.08 + i * 0.23);
    const sy = h * (0.2 + (i % 2) * 0.12);
    ctx.strokeRect(sx, sy, w * 0.16, h * 0.05);
    ctx.restore();
  }
  // Wet street with reflections
  fill(
    ctx,
    vertical(ctx, h, [
      [0.66, '#1a1230'],
      [1, '#07050f'],
    ]),
    0,
    h * 0.66,
    w,
    h * 0.34,
  );
  for (let i = 0; i < 4; i++) {
    ctx.fillStyle = `${neon[i]}33`;
    ctx.fillRect(w * (0.08 + i * 0.23), h * 0.7, w * 0.16, h * 0.2);
  }
}

export function park(ctx: Ctx, w: number, h: number, rnd: Random): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#8ecdf0'],
      [0.55, '#d8f0fb'],
    ]),
    0,
    0,
    w,
    h,
  );
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  for (let i = 0; i < 4; i++) {
    const cx = w * (0.15 + i * 0.25);
    const cy = h * (0.08 + (i % 2) * 0.06);
    for (const [dx, r] of [
      [-0.05, 0.05],
      [0, 0.07],
      [0.05, 0.05],
    ] as const) {
      ctx.beginPath();
      ctx.arc(cx + w * dx, cy, w * r, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  // Trees
  for (let i = 0; i < 5; i++) {
    const tx = w * (0.05 + i * 0.22 + rnd() * 0.05);
    fill(ctx, '#6d4c33', tx - w * 0.015, h * 0.38, w * 0.03, h * 0.2);
    ctx.fillStyle = ['#4f9d4a', '#3f8a3c', '#5fae55'][i % 3]!;
    ctx.beginPath();
    ctx.arc(tx, h * 0.35, w * 0.1, 0, Math.PI * 2);
    ctx.fill();
  }
  fill(
    ctx,
    vertical(ctx, h, [
      [0.55, '#7cc26b'],
      [1, '#4f9a43'],
    ]),
    0,
    h * 0.55,
    w,
    h * 0.45,
  );
  // Bench
  fill(ctx, '#8a5a34', w * 0.6, h * 0.56, w * 0.32, h * 0.02);
  fill(ctx, '#8a5a34', w * 0.6, h * 0.6, w * 0.32, h * 0.02);
  fill(ctx, '#4b3a2b', w * 0.62, h * 0.62, w * 0.02, h * 0.05);
  fill(ctx, '#4b3a2b', w * 0.88, h * 0.62, w * 0.02, h * 0.05);
}

export function rooftop(ctx: Ctx, w: number, h: number, rnd: Random): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#2b1f4d'],
      [0.35, '#c8557a'],
      [0.6, '#f7a35c'],
    ]),
    0,
    0,
    w,
    h,
  );
  for (let i = 0; i < 12; i++) {
    const bw = w * (0.06 + rnd() * 0.08);
    const bh = h * (0.12 + rnd() * 0.25);
    fill(ctx, '#2a2040', (i / 12) * w, h * 0.6 - bh, bw, bh);
  }
  floor(ctx, w, h, 0.6, '#4a4058', 'rgba(255,255,255,0.08)');
  // Railing
  ctx.strokeStyle = '#1c1628';
  ctx.lineWidth = w / 150;
  ctx.beginPath();
  ctx.moveTo(0, h * 0.56);
  ctx.lineTo(w, h * 0.56);
  ctx.stroke();
  for (let x = 0; x < w; x += w / 14) {
    ctx.beginPath();
    ctx.moveTo(x, h * 0.56);
    ctx.lineTo(x, h * 0.6);
    ctx.stroke();
  }
}

export function trainStation(ctx: Ctx, w: number, h: number): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#9aa7b3'],
      [0.62, '#c7ced4'],
    ]),
    0,
    0,
    w,
    h,
  );
  // Roof arches and clock
  ctx.strokeStyle = '#5d6b78';
  ctx.lineWidth = w / 60;
  for (let i = 0; i < 3; i++) {
    ctx.beginPath();
    ctx.arc(w * (0.17 + i * 0.33), h * 0.3, w * 0.17, Math.PI, 0);
    ctx.stroke();
  }
  ctx.fillStyle = '#fdfdfd';
  ctx.beginPath();
  ctx.arc(w / 2, h * 0.16, w * 0.07, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#222';
  ctx.lineWidth = w / 200;
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(w / 2, h * 0.16);
  ctx.lineTo(w / 2, h * 0.125);
  ctx.moveTo(w / 2, h * 0.16);
  ctx.lineTo(w * 0.535, h * 0.16);
  ctx.stroke();
  floor(ctx, w, h, 0.62, '#8d949b', 'rgba(255,255,255,0.15)');
  fill(ctx, '#f2d21b', 0, h * 0.64, w, h * 0.012);
}

/** A palm leaning in from the side: a tapering ringed trunk, a crown of drooping fronds. */
function palm(ctx: Ctx, baseX: number, baseY: number, topX: number, topY: number, size: number): void {
  const bend = { x: (baseX + topX) / 2 + size * 0.35, y: (baseY + topY) / 2 };
  const at = (t: number) => ({
    x: (1 - t) ** 2 * baseX + 2 * (1 - t) * t * bend.x + t * t * topX,
    y: (1 - t) ** 2 * baseY + 2 * (1 - t) * t * bend.y + t * t * topY,
  });
  const left: number[] = [];
  const right: number[] = [];
  const steps = 24;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const p = at(t);
    const r = size * (0.1 - t * 0.055);
    left.push(p.x - r, p.y);
    right.unshift(p.x + r, p.y);
  }
  shape(ctx, '#6e4a2e', [...left, ...right]);
  for (let i = 1; i < steps; i += 2) {
    const t = i / steps;
    const p = at(t);
    const r = size * (0.1 - t * 0.055);
    line(ctx, '#4f3220', size * 0.012, [p.x - r, p.y - size * 0.01, p.x + r, p.y + size * 0.01]);
  }
  for (const [deg, len] of [
    [195, 1],
    [225, 0.85],
    [260, 0.7],
    [290, 0.8],
    [320, 0.95],
    [350, 1.05],
    [20, 0.8],
    [160, 0.8],
  ] as const) {
    const a = (deg * Math.PI) / 180;
    const l = size * len;
    const ex = topX + Math.cos(a) * l;
    const ey = topY + Math.sin(a) * l * 0.5 + l * 0.3;
    const mx = topX + Math.cos(a) * l * 0.55;
    const my = topY + Math.sin(a) * l * 0.55 - l * 0.05;
    const thick = size * 0.07;
    ctx.fillStyle = deg % 2 ? '#2a6340' : '#1f4d33';
    ctx.beginPath();
    ctx.moveTo(topX, topY);
    ctx.quadraticCurveTo(mx, my - thick, ex, ey);
    ctx.quadraticCurveTo(mx, my + thick, topX, topY);
    ctx.fill();
  }
  for (const dx of [-0.04, 0.035]) circle(ctx, '#4a3020', topX + dx * size, topY + size * 0.05, size * 0.045);
}

/** The beach at sunset: the sun on the sea, sand, a palm. */
export function beach(ctx: Ctx, w: number, h: number, rnd: Random): void {
  const horizon = 0.46;
  const shore = 0.64;
  fill(ctx, fade(ctx, 0, h * horizon, '#3b2a6b', '#b9507e', '#f48a6a', '#ffc57a'), 0, 0, w, h * horizon);
  // Long thin clouds lit from below.
  for (let i = 0; i < 5; i++) {
    ctx.fillStyle = `rgba(255,${170 + Math.floor(rnd() * 50)},170,0.45)`;
    ctx.beginPath();
    ctx.ellipse(w * (0.1 + rnd() * 0.8), h * (0.12 + i * 0.05), w * (0.15 + rnd() * 0.15), h * 0.008, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  glow(ctx, w * 0.5, h * 0.4, w * 0.55, '255,220,140', 0.5);
  circle(ctx, '#fff0b0', w * 0.5, h * 0.4, w * 0.13);
  // The sea, the sun's path across it, the foam at the shore.
  fill(ctx, fade(ctx, h * horizon, h * shore, '#8a5a8f', '#3f6e9c', '#2f8aa6'), 0, h * horizon, w, h * (shore - horizon));
  for (let i = 0; i < 12; i++) {
    const y = h * (horizon + 0.008 + i * 0.015);
    const half = w * (0.14 - i * 0.007 + rnd() * 0.02);
    fill(ctx, `rgba(255,225,150,${0.7 - i * 0.045})`, w * 0.5 - half, y, half * 2, h * 0.005);
  }
  fill(ctx, fade(ctx, h * shore, h, '#f2c98f', '#e0a865', '#cf9050'), 0, h * shore, w, h * (1 - shore));
  fill(ctx, 'rgba(120,90,60,0.25)', 0, h * shore, w, h * 0.025);
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.beginPath();
  ctx.moveTo(0, h * shore);
  for (let x = 0; x <= w; x += w / 24) ctx.lineTo(x, h * shore + Math.sin(x / (w / 9)) * h * 0.006 + h * 0.006);
  ctx.lineTo(w, h * shore);
  ctx.closePath();
  ctx.fill();
  // Birds, a starfish, the palm.
  for (let i = 0; i < 3; i++) {
    const bx = w * (0.62 + i * 0.07);
    const by = h * (0.2 + (i % 2) * 0.025);
    line(ctx, '#3b2a4b', w / 250, [bx - w * 0.02, by - h * 0.006, bx, by, bx + w * 0.02, by - h * 0.006]);
  }
  ctx.fillStyle = '#e8674a';
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = (i / 10) * Math.PI * 2 - Math.PI / 2;
    const r = w * (i % 2 ? 0.012 : 0.03);
    ctx.lineTo(w * 0.8 + Math.cos(a) * r, h * 0.88 + Math.sin(a) * r);
  }
  ctx.fill();
  palm(ctx, w * 0.03, h * 0.97, w * 0.2, h * 0.14, w * 0.4);
}

/** The airport gate: the plane through the window wall, the departures board, rows of seats. */
export function airportGate(ctx: Ctx, w: number, h: number): void {
  const top = 0.66;
  const ground = 0.37;
  // Through the glass: sky, the plane, the apron.
  fill(ctx, fade(ctx, 0, h * ground, '#5aa6e0', '#cfe9f8'), 0, 0, w, h * ground);
  fill(ctx, fade(ctx, h * ground, h * 0.62, '#9aa3a8', '#7f898f'), 0, h * ground, w, h * (0.62 - ground));
  line(ctx, '#f2d21b', w / 150, [0, h * 0.5, w, h * 0.44]);
  // The plane, nose to the left.
  const py = h * 0.3;
  shape(ctx, '#2d6fc4', [w * 0.74, py - h * 0.02, w * 0.84, py - h * 0.13, w * 0.9, py - h * 0.13, w * 0.88, py]);
  rounded(ctx, '#f7f9fb', w * 0.06, py - h * 0.028, w * 0.86, h * 0.056, h * 0.028);
  shape(ctx, '#c9d3dc', [w * 0.8, py - h * 0.004, w * 0.95, py - h * 0.01, w * 0.95, py, w * 0.82, py + h * 0.006]);
  fill(ctx, '#2d6fc4', w * 0.1, py + h * 0.006, w * 0.8, h * 0.008);
  for (let x = w * 0.2; x < w * 0.76; x += w * 0.04) circle(ctx, '#3a4a5c', x, py - h * 0.006, w * 0.009);
  shape(ctx, '#3a4a5c', [w * 0.08, py - h * 0.012, w * 0.13, py - h * 0.016, w * 0.13, py - h * 0.004, w * 0.075, py - h * 0.002]);
  shape(ctx, '#c9d3dc', [w * 0.38, py + h * 0.01, w * 0.6, py + h * 0.01, w * 0.44, py + h * 0.05, w * 0.32, py + h * 0.05]);
  rounded(ctx, '#aab6c2', w * 0.33, py + h * 0.03, w * 0.12, h * 0.028, h * 0.014);
  for (const x of [0.18, 0.56]) {
    line(ctx, '#333', w / 150, [w * x, py + h * 0.028, w * x, py + h * 0.06]);
    circle(ctx, '#222', w * x, py + h * 0.065, w * 0.012);
  }
  // The window wall's frame.
  for (let x = 0; x <= w; x += w / 4) fill(ctx, '#3c4650', x - w * 0.012, 0, w * 0.024, h * 0.62);
  fill(ctx, '#3c4650', 0, h * 0.2, w, h * 0.008);
  fill(ctx, '#2e3640', 0, 0, w, h * 0.05);
  for (let i = 0; i < 5; i++) fill(ctx, '#f4f8ff', w * (0.08 + i * 0.2), h * 0.045, w * 0.1, h * 0.006);
  fill(ctx, '#5d6873', 0, h * 0.6, w, h * (top - 0.6));
  // The departures board, hanging.
  line(ctx, '#2e3640', w / 200, [w * 0.1, h * 0.05, w * 0.1, h * 0.08]);
  line(ctx, '#2e3640', w / 200, [w * 0.44, h * 0.05, w * 0.44, h * 0.08]);
  fill(ctx, '#12161c', w * 0.05, h * 0.08, w * 0.44, h * 0.12);
  fill(ctx, '#f2b01e', w * 0.05, h * 0.08, w * 0.44, h * 0.032);
  sign(ctx, 'GATE 12', w * 0.27, h * 0.097, w * 0.055, '#12161c');
  for (let r = 0; r < 3; r++) {
    const y = h * (0.122 + r * 0.024);
    fill(ctx, '#f2b01e', w * 0.07, y, w * 0.1, h * 0.012);
    fill(ctx, '#e9edf2', w * 0.2, y, w * 0.16, h * 0.012);
    fill(ctx, r === 0 ? '#4ad66d' : '#e9edf2', w * 0.39, y, w * 0.08, h * 0.012);
  }
  // Carpet, and rows of joined seats at both sides.
  floor(ctx, w, h, top, '#35506b', 'rgba(255,255,255,0.06)');
  for (const [x0, y, n] of [
    [-0.02, 0.58, 3],
    [0.78, 0.58, 3],
    [-0.06, 0.86, 3],
    [0.76, 0.86, 3],
  ] as const) {
    const sw = w * 0.1;
    fill(ctx, '#6f7a84', w * x0, h * (y + 0.05), sw * n, h * 0.008);
    for (let i = 0; i < n; i++) {
      rounded(ctx, '#2d6fc4', w * x0 + i * sw + w * 0.005, h * y, sw - w * 0.01, h * 0.04, w * 0.01);
      fill(ctx, '#245aa0', w * x0 + i * sw + w * 0.005, h * (y + 0.035), sw - w * 0.01, h * 0.015);
    }
    fill(ctx, '#6f7a84', w * x0 + sw * 0.5, h * (y + 0.058), w * 0.01, h * 0.05);
  }
}
