import type { SKRSContext2D } from '@napi-rs/canvas';
import { hashSeed, seededRandom, type Random } from '../../core/clock.js';

type Ctx = SKRSContext2D;
type Gradient = ReturnType<Ctx['createLinearGradient']>;
type Painter = (ctx: Ctx, w: number, h: number, rnd: Random) => void;

/**
 * Procedural backgrounds for the settings micro-dramas use. A scene's setting (free text from the
 * writer) picks the closest one by its words; the same setting text always paints the same picture.
 */
export const BACKGROUNDS: Record<string, { match: RegExp; paint: Painter }> = {
  'hospital room': { match: /hospital|clinic|ward|vet|doctor|icu|bed/i, paint: hospital },
  'neon street at night': { match: /neon|street|city|night|alley|arcade|club/i, paint: neonStreet },
  office: { match: /office|desk|company|boardroom|work|penthouse|lawyer/i, paint: office },
  'rainy window': { match: /rain|window|storm/i, paint: rainyWindow },
  'wedding hall': { match: /wedding|altar|chapel|church|ceremony|gala|ballroom/i, paint: weddingHall },
  'living room': { match: /living|home|house|apartment|sofa|kitchen|bedroom/i, paint: livingRoom },
  park: { match: /park|garden|forest|lake|outdoor|field|beach/i, paint: park },
  'mansion library': { match: /mansion|library|study|estate|castle/i, paint: library },
  courtroom: { match: /court|trial|judge|police|station house/i, paint: courtroom },
  'train station': { match: /train|station|platform|airport|bus/i, paint: trainStation },
  rooftop: { match: /roof|terrace|balcony|skyline|bar/i, paint: rooftop },
};

export function backgroundFor(setting: string): { name: string; paint: Painter } {
  const found = Object.entries(BACKGROUNDS).find(([name, b]) => b.match.test(setting) || setting.toLowerCase().includes(name));
  const [name, bg] = found ?? ['living room', BACKGROUNDS['living room']!];
  return { name, paint: bg.paint };
}

export function paintBackground(ctx: Ctx, setting: string, w: number, h: number): void {
  const { name, paint } = backgroundFor(setting);
  ctx.save();
  paint(ctx, w, h, seededRandom(hashSeed(name + setting)));
  ctx.restore();
}

function vertical(ctx: Ctx, h: number, stops: [number, string][]): Gradient {
  const g = ctx.createLinearGradient(0, 0, 0, h);
  for (const [at, color] of stops) g.addColorStop(at, color);
  return g;
}

function fill(ctx: Ctx, style: string | Gradient, x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = style;
  ctx.fillRect(x, y, w, h);
}

function floor(ctx: Ctx, w: number, h: number, top: number, color: string, line: string): void {
  fill(ctx, color, 0, h * top, w, h * (1 - top));
  ctx.strokeStyle = line;
  ctx.lineWidth = Math.max(1, w / 400);
  for (let i = 1; i < 8; i++) {
    const y = h * top + ((h * (1 - top)) / 8) * i * (i / 5);
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.lineTo(w, y);
    ctx.stroke();
  }
}

function hospital(ctx: Ctx, w: number, h: number): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#cfe8e4'],
      [0.62, '#b3d9d3'],
    ]),
    0,
    0,
    w,
    h,
  );
  floor(ctx, w, h, 0.62, '#9fb9c0', 'rgba(255,255,255,0.25)');
  // Window with blinds
  fill(ctx, '#e8f6ff', w * 0.08, h * 0.12, w * 0.36, h * 0.22);
  ctx.fillStyle = 'rgba(120,150,160,0.35)';
  for (let i = 0; i < 9; i++) ctx.fillRect(w * 0.08, h * 0.12 + i * h * 0.025, w * 0.36, h * 0.008);
  // Heart monitor
  fill(ctx, '#2f3b40', w * 0.66, h * 0.2, w * 0.24, h * 0.12);
  ctx.strokeStyle = '#3df58a';
  ctx.lineWidth = w / 200;
  const y0 = h * 0.27;
  ctx.beginPath();
  let x = w * 0.68;
  ctx.moveTo(x, y0);
  for (const [dx, dy] of [
    [0.05, 0],
    [0.012, -0.05],
    [0.012, 0.06],
    [0.012, -0.015],
    [0.1, 0],
  ] as const) {
    x += w * dx;
    ctx.lineTo(x, y0 + h * dy * 0.6);
  }
  ctx.stroke();
  // Bed
  fill(ctx, '#f7fbfc', w * 0.05, h * 0.55, w * 0.9, h * 0.1);
  fill(ctx, '#8fb3c9', w * 0.05, h * 0.6, w * 0.9, h * 0.05);
  fill(ctx, '#6b7f8a', w * 0.05, h * 0.65, w * 0.02, h * 0.1);
  fill(ctx, '#6b7f8a', w * 0.93, h * 0.65, w * 0.02, h * 0.1);
}

function neonStreet(ctx: Ctx, w: number, h: number, rnd: Random): void {
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

function office(ctx: Ctx, w: number, h: number): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#e9e4da'],
      [0.62, '#d8d0c2'],
    ]),
    0,
    0,
    w,
    h,
  );
  // City window
  fill(
    ctx,
    vertical(ctx, h, [
      [0.08, '#89b4d9'],
      [0.4, '#dfeefa'],
    ]),
    w * 0.1,
    h * 0.08,
    w * 0.8,
    h * 0.32,
  );
  ctx.fillStyle = '#7d93a8';
  for (let i = 0; i < 8; i++) ctx.fillRect(w * (0.12 + i * 0.1), h * (0.24 - (i % 3) * 0.04), w * 0.07, h * (0.16 + (i % 3) * 0.04));
  ctx.strokeStyle = '#5b5348';
  ctx.lineWidth = w / 90;
  ctx.strokeRect(w * 0.1, h * 0.08, w * 0.8, h * 0.32);
  floor(ctx, w, h, 0.62, '#6e5b4b', 'rgba(0,0,0,0.15)');
  // Desk
  fill(ctx, '#4a3a2e', w * 0.1, h * 0.6, w * 0.8, h * 0.05);
  fill(ctx, '#3b2e24', w * 0.12, h * 0.65, w * 0.05, h * 0.12);
  fill(ctx, '#3b2e24', w * 0.83, h * 0.65, w * 0.05, h * 0.12);
}

function rainyWindow(ctx: Ctx, w: number, h: number, rnd: Random): void {
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

function weddingHall(ctx: Ctx, w: number, h: number): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#fff3e6'],
      [0.62, '#f7dcc8'],
    ]),
    0,
    0,
    w,
    h,
  );
  // Arch of flowers
  ctx.strokeStyle = '#e8c39e';
  ctx.lineWidth = w / 30;
  ctx.beginPath();
  ctx.arc(w / 2, h * 0.4, w * 0.34, Math.PI, 0);
  ctx.stroke();
  const flowers = ['#ffffff', '#f7a8b8', '#ffd6e0'];
  for (let i = 0; i <= 24; i++) {
    const a = Math.PI + (i / 24) * Math.PI;
    ctx.fillStyle = flowers[i % 3]!;
    ctx.beginPath();
    ctx.arc(w / 2 + Math.cos(a) * w * 0.34, h * 0.4 + Math.sin(a) * w * 0.34, w * 0.03, 0, Math.PI * 2);
    ctx.fill();
  }
  // Fairy lights
  for (let i = 0; i < 20; i++) {
    ctx.fillStyle = 'rgba(255,220,140,0.85)';
    ctx.beginPath();
    ctx.arc(w * (i / 19), h * 0.05 + Math.sin(i * 0.9) * h * 0.015, w / 120, 0, Math.PI * 2);
    ctx.fill();
  }
  floor(ctx, w, h, 0.62, '#e9d3bd', 'rgba(180,140,110,0.2)');
  // Aisle runner
  ctx.fillStyle = '#b3263e';
  ctx.beginPath();
  ctx.moveTo(w * 0.42, h * 0.62);
  ctx.lineTo(w * 0.58, h * 0.62);
  ctx.lineTo(w * 0.75, h);
  ctx.lineTo(w * 0.25, h);
  ctx.closePath();
  ctx.fill();
}

function livingRoom(ctx: Ctx, w: number, h: number): void {
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

function park(ctx: Ctx, w: number, h: number, rnd: Random): void {
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

function library(ctx: Ctx, w: number, h: number, rnd: Random): void {
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

function courtroom(ctx: Ctx, w: number, h: number): void {
  fill(
    ctx,
    vertical(ctx, h, [
      [0, '#c9a77c'],
      [0.62, '#a9855a'],
    ]),
    0,
    0,
    w,
    h,
  );
  ctx.strokeStyle = 'rgba(70,45,20,0.35)';
  ctx.lineWidth = w / 150;
  for (let i = 1; i < 6; i++) ctx.strokeRect(w * (i / 6) - w * 0.07, h * 0.1, w * 0.14, h * 0.4);
  // Judge's bench and seal
  fill(ctx, '#5b3a1e', w * 0.15, h * 0.42, w * 0.7, h * 0.16);
  ctx.fillStyle = '#d9b35a';
  ctx.beginPath();
  ctx.arc(w / 2, h * 0.22, w * 0.08, 0, Math.PI * 2);
  ctx.fill();
  floor(ctx, w, h, 0.62, '#7a5a3a', 'rgba(0,0,0,0.15)');
}

function trainStation(ctx: Ctx, w: number, h: number): void {
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

function rooftop(ctx: Ctx, w: number, h: number, rnd: Random): void {
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
