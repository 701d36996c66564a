import type { Random } from '../../../core/clock.js';
import { type Ctx, circle, fade, fill, floor, glow, line, paw, rounded, shape, sideways, sign, vertical, wall } from './paint.js';

/** Workplaces: hospital, vet clinic, office, police station, courtroom, kitchen, classroom, TV studio. */

export function hospital(ctx: Ctx, w: number, h: number): void {
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

export function office(ctx: Ctx, w: number, h: number): void {
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

export function courtroom(ctx: Ctx, w: number, h: number): void {
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

/** Tongues of flame rising from (x, y), `size` tall. */
function flames(ctx: Ctx, x: number, y: number, size: number, rnd: Random): void {
  glow(ctx, x, y - size * 0.4, size * 2.2, '255,150,60', 0.45);
  for (const [color, scale] of [
    ['#ff6a1a', 1],
    ['#ffb02e', 0.7],
    ['#fff0a0', 0.38],
  ] as const) {
    for (let i = -2; i <= 2; i++) {
      const fx = x + i * size * 0.16 * scale;
      const tall = size * scale * (0.55 + rnd() * 0.45) * (1 - Math.abs(i) * 0.18);
      const half = size * 0.13 * scale;
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.moveTo(fx - half, y);
      ctx.quadraticCurveTo(fx - half, y - tall * 0.6, fx + (rnd() - 0.5) * half, y - tall);
      ctx.quadraticCurveTo(fx + half, y - tall * 0.6, fx + half, y);
      ctx.closePath();
      ctx.fill();
    }
  }
  fill(ctx, '#3d7bff', x - size * 0.42, y - size * 0.04, size * 0.84, size * 0.05);
}

export function kitchen(ctx: Ctx, w: number, h: number, rnd: Random): void {
  const top = 0.68;
  wall(ctx, w, h, top, '#dfe6e8', '#c4cfd3');
  // White tiles on the splashback, faint so faces stay readable in front of them.
  for (let y = h * 0.36; y < h * 0.6; y += w * 0.07) line(ctx, 'rgba(90,110,120,0.12)', Math.max(1, w / 500), [0, y, w, y]);
  for (let x = 0; x < w; x += w * 0.1) line(ctx, 'rgba(90,110,120,0.12)', Math.max(1, w / 500), [x, h * 0.36, x, h * 0.6]);
  // The extractor hood, lit from below by the stove.
  shape(ctx, sideways(ctx, w * 0.3, w * 0.7, '#7f8a91', '#e4e9ec', '#8e989f'), [w * 0.34, 0, w * 0.66, 0, w * 0.74, h * 0.15, w * 0.26, h * 0.15]);
  fill(ctx, '#5d676d', w * 0.25, h * 0.15, w * 0.5, h * 0.014);
  // The pan rail and what hangs from it.
  fill(ctx, '#50595e', 0, h * 0.19, w, h * 0.008);
  const hanging = [0.06, 0.16, 0.27, 0.4, 0.6, 0.73, 0.84, 0.94];
  for (const [i, x] of hanging.entries()) {
    const cx = w * x;
    const kind = i % 4;
    if (kind === 3) {
      // A ladle
      line(ctx, '#9aa3a8', w / 110, [cx, h * 0.194, cx, h * 0.27]);
      circle(ctx, '#9aa3a8', cx, h * 0.275, w * 0.025);
      continue;
    }
    const r = w * (kind === 0 ? 0.07 : kind === 1 ? 0.055 : 0.045);
    const copper = kind !== 1;
    line(ctx, copper ? '#6b3b22' : '#2b2f33', w / 70, [cx, h * 0.194, cx, h * 0.24]);
    circle(ctx, copper ? '#b8673a' : '#33383c', cx, h * 0.24 + r, r);
    circle(ctx, copper ? '#d9884f' : '#4a5157', cx - r * 0.15, h * 0.24 + r * 0.9, r * 0.7);
  }
  // Shelves of tins at the sides.
  for (const x0 of [0, w * 0.8]) {
    fill(ctx, '#8e989f', x0, h * 0.37, w * 0.2, h * 0.008);
    for (let i = 0; i < 4; i++) fill(ctx, ['#c94f3d', '#e8b04a', '#dfe6e8', '#5a8f6b'][(i + Math.floor(rnd() * 4)) % 4]!, x0 + w * (0.02 + i * 0.045), h * 0.335, w * 0.035, h * 0.035);
  }
  // Steel counter and the stove in the middle, flames up.
  fill(ctx, sideways(ctx, 0, w, '#aab4ba', '#e9eef0', '#b3bdc2', '#e9eef0', '#aab4ba'), 0, h * 0.6, w, h * 0.018);
  fill(ctx, fade(ctx, h * 0.618, h * top, '#9aa5ab', '#7c878d'), 0, h * 0.618, w, h * (top - 0.618));
  for (let x = w * 0.2; x < w; x += w * 0.2) line(ctx, 'rgba(40,50,55,0.35)', Math.max(1, w / 300), [x, h * 0.62, x, h * top]);
  fill(ctx, '#2b3034', w * 0.34, h * 0.595, w * 0.32, h * 0.01);
  flames(ctx, w * 0.5, h * 0.595, h * 0.07, rnd);
  // Pots on the side burners, flames licking up round them.
  for (const x of [0.07, 0.93]) {
    flames(ctx, w * x, h * 0.6, h * 0.035, rnd);
    fill(ctx, '#3b4146', w * (x - 0.06), h * 0.55, w * 0.12, h * 0.04);
    fill(ctx, '#5d666c', w * (x - 0.065), h * 0.548, w * 0.13, h * 0.008);
  }
  // Red quarry tiles.
  fill(ctx, fade(ctx, h * top, h, '#b4563d', '#7e3526'), 0, h * top, w, h * (1 - top));
  for (let i = 1; i < 9; i++) {
    const y = h * top + ((h * (1 - top)) / 9) * i * (i / 5);
    line(ctx, 'rgba(240,220,200,0.25)', Math.max(1, w / 350), [0, y, w, y]);
  }
  for (let i = -6; i <= 6; i++) line(ctx, 'rgba(240,220,200,0.25)', Math.max(1, w / 350), [w / 2 + i * w * 0.09, h * top, w / 2 + i * w * 0.3, h]);
}

export function policeStation(ctx: Ctx, w: number, h: number): void {
  const top = 0.68;
  wall(ctx, w, h, top, '#cdd6d0', '#b7c3bc');
  fill(ctx, fade(ctx, h * 0.5, h * top, '#6f8379', '#5d6f66'), 0, h * 0.5, w, h * (top - 0.5));
  // A chequered band along the dado: blue and white, as on police cars.
  for (let x = 0, i = 0; x < w; x += w * 0.04, i++) {
    fill(ctx, i % 2 ? '#f4f6f8' : '#1f3f8f', x, h * 0.49, w * 0.04, h * 0.012);
    fill(ctx, i % 2 ? '#1f3f8f' : '#f4f6f8', x, h * 0.502, w * 0.04, h * 0.012);
  }
  // Window with blinds, daylight between the slats.
  fill(ctx, fade(ctx, h * 0.08, h * 0.3, '#fff2c4', '#f3d98c'), w * 0.05, h * 0.08, w * 0.33, h * 0.22);
  for (let i = 0; i < 11; i++) fill(ctx, '#8d8a78', w * 0.05, h * (0.085 + i * 0.02), w * 0.33, h * 0.009);
  ctx.strokeStyle = '#4d5a54';
  ctx.lineWidth = w / 80;
  ctx.strokeRect(w * 0.05, h * 0.08, w * 0.33, h * 0.22);
  // The wanted board: cork, pinned posters, red string.
  fill(ctx, '#6b4a2e', w * 0.42, h * 0.06, w * 0.4, h * 0.27);
  fill(ctx, '#c0925f', w * 0.44, h * 0.07, w * 0.36, h * 0.25);
  const posters = [
    [0.46, 0.085],
    [0.64, 0.1],
    [0.54, 0.205],
  ] as const;
  for (const [px, py] of posters) {
    const x = w * px;
    const y = h * py;
    fill(ctx, '#f4ecd6', x, y, w * 0.14, h * 0.1);
    sign(ctx, 'WANTED', x + w * 0.07, y + h * 0.014, w * 0.028, '#7a1f1f');
    // A suspect's silhouette: head, ears, shoulders.
    fill(ctx, '#3a3330', x + w * 0.025, y + h * 0.085, w * 0.09, h * 0.015);
    circle(ctx, '#3a3330', x + w * 0.07, y + h * 0.068, w * 0.03);
    shape(ctx, '#3a3330', [x + w * 0.042, y + h * 0.065, x + w * 0.048, y + h * 0.038, x + w * 0.064, y + h * 0.055]);
    shape(ctx, '#3a3330', [x + w * 0.098, y + h * 0.065, x + w * 0.092, y + h * 0.038, x + w * 0.076, y + h * 0.055]);
    circle(ctx, '#d93b3b', x + w * 0.07, y + h * 0.004, w * 0.009);
  }
  line(ctx, '#d93b3b', w / 300, [w * 0.53, h * 0.089, w * 0.71, h * 0.104, w * 0.61, h * 0.209, w * 0.53, h * 0.089]);
  // The cell door at the right: a frame and bars.
  fill(ctx, '#3b4440', w * 0.86, h * 0.1, w * 0.16, h * (top - 0.1));
  fill(ctx, '#222826', w * 0.88, h * 0.12, w * 0.14, h * (top - 0.12));
  for (let x = w * 0.885; x < w; x += w * 0.03) fill(ctx, sideways(ctx, x, x + w * 0.012, '#8b9692', '#cdd5d2', '#6f7a76'), x, h * 0.12, w * 0.012, h * (top - 0.12));
  fill(ctx, '#6f7a76', w * 0.88, h * 0.35, w * 0.14, h * 0.012);
  // A desk at the left with a green lamp, files and a mug.
  fill(ctx, '#5a4434', 0, h * 0.56, w * 0.36, h * 0.025);
  fill(ctx, '#48372a', w * 0.01, h * 0.585, w * 0.33, h * (top - 0.585));
  fill(ctx, '#2d3a33', w * 0.05, h * 0.553, w * 0.06, h * 0.008);
  line(ctx, '#2d3a33', w / 120, [w * 0.08, h * 0.555, w * 0.08, h * 0.49, w * 0.12, h * 0.475]);
  shape(ctx, '#2f7a4f', [w * 0.09, h * 0.5, w * 0.12, h * 0.47, w * 0.16, h * 0.47, w * 0.2, h * 0.5]);
  glow(ctx, w * 0.145, h * 0.53, w * 0.12, '255,230,150', 0.4);
  fill(ctx, '#e8dcc0', w * 0.2, h * 0.545, w * 0.12, h * 0.015);
  fill(ctx, '#d6c79e', w * 0.21, h * 0.535, w * 0.1, h * 0.012);
  // Grey linoleum.
  fill(ctx, fade(ctx, h * top, h, '#9aa3a6', '#6f787c'), 0, h * top, w, h * (1 - top));
  for (let i = 1; i < 8; i++) {
    const y = h * top + ((h * (1 - top)) / 8) * i * (i / 5);
    line(ctx, 'rgba(255,255,255,0.12)', Math.max(1, w / 400), [0, y, w, y]);
  }
}

export function vetClinic(ctx: Ctx, w: number, h: number): void {
  const top = 0.68;
  wall(ctx, w, h, top, '#fbf4e4', '#f0e4c8');
  fill(ctx, fade(ctx, h * 0.5, h * top, '#6cc0b3', '#4fa597'), 0, h * 0.5, w, h * (top - 0.5));
  // A border of little paw prints along the top of the teal.
  fill(ctx, '#3e8e82', 0, h * 0.495, w, h * 0.008);
  for (let x = w * 0.04; x < w; x += w * 0.09) paw(ctx, 'rgba(255,255,255,0.55)', x, h * 0.523, w * 0.03);
  // Posters: a big paw, and a heart with a bone.
  fill(ctx, '#ffffff', w * 0.05, h * 0.08, w * 0.22, h * 0.16);
  fill(ctx, '#ffe3c2', w * 0.065, h * 0.09, w * 0.19, h * 0.14);
  paw(ctx, '#f08a3c', w * 0.16, h * 0.16, w * 0.15);
  fill(ctx, '#ffffff', w * 0.05, h * 0.27, w * 0.22, h * 0.1);
  fill(ctx, '#d8f0ec', w * 0.065, h * 0.28, w * 0.19, h * 0.08);
  circle(ctx, '#e8566c', w * 0.135, h * 0.31, w * 0.03);
  circle(ctx, '#e8566c', w * 0.185, h * 0.31, w * 0.03);
  shape(ctx, '#e8566c', [w * 0.107, h * 0.318, w * 0.213, h * 0.318, w * 0.16, h * 0.348]);
  paw(ctx, '#ffffff', w * 0.16, h * 0.315, w * 0.04);
  // The vet's sign: a cross with a paw in it.
  for (const [x, y, cw, ch] of [
    [0.3, 0.085, 0.16, 0.05],
    [0.355, 0.058, 0.05, 0.104],
  ] as const)
    rounded(ctx, '#2f9e8f', w * x, h * y, w * cw, h * ch, w * 0.01);
  paw(ctx, '#ffffff', w * 0.38, h * 0.108, w * 0.055);
  // The exam lamp on its arm, over the exam table.
  line(ctx, '#8f9ea3', w / 90, [w * 0.56, 0, w * 0.56, h * 0.1, w * 0.47, h * 0.15]);
  shape(ctx, '#d9e2e4', [w * 0.39, h * 0.19, w * 0.43, h * 0.15, w * 0.51, h * 0.15, w * 0.55, h * 0.19]);
  fill(ctx, '#fffbe0', w * 0.4, h * 0.188, w * 0.14, h * 0.008);
  glow(ctx, w * 0.47, h * 0.22, w * 0.22, '255,250,220', 0.5);
  // Glass-fronted cabinet of bottles, upper right; cupboards below.
  fill(ctx, '#d8dfe0', w * 0.6, h * 0.07, w * 0.36, h * 0.26);
  for (const [i, x] of [0.62, 0.79].entries()) {
    fill(ctx, '#e9f6f8', w * x, h * 0.08, w * 0.155, h * 0.24);
    for (const [j, y] of [0.16, 0.24, 0.32].entries()) {
      fill(ctx, '#b9c4c6', w * x, h * y, w * 0.155, h * 0.006);
      for (let k = 0; k < 4; k++) {
        const color = ['#8c5a2b', '#3b76b8', '#f4f4f4', '#e58f3a'][(i + j + k) % 4]!;
        rounded(ctx, color, w * (x + 0.012 + k * 0.036), h * (y - 0.045 + ((j + k) % 2) * 0.01), w * 0.026, h * (0.045 - ((j + k) % 2) * 0.01), w * 0.006);
      }
    }
  }
  fill(ctx, '#eef4f2', w * 0.72, h * 0.5, w * 0.28, h * (top - 0.5));
  line(ctx, '#b5c2c0', Math.max(1, w / 300), [w * 0.86, h * 0.5, w * 0.86, h * top]);
  fill(ctx, '#8f9ea3', w * 0.83, h * 0.56, w * 0.01, h * 0.04);
  fill(ctx, '#8f9ea3', w * 0.88, h * 0.56, w * 0.01, h * 0.04);
  // The steel exam table.
  fill(ctx, sideways(ctx, w * 0.25, w * 0.75, '#a9b6ba', '#eef3f4', '#a9b6ba'), w * 0.25, h * 0.575, w * 0.5, h * 0.018);
  fill(ctx, '#7d8b90', w * 0.47, h * 0.593, w * 0.06, h * (top - 0.593));
  // Pale tiles.
  floor(ctx, w, h, top, '#cfe0dc', 'rgba(60,110,100,0.18)');
}

export function classroom(ctx: Ctx, w: number, h: number): void {
  const top = 0.68;
  wall(ctx, w, h, top, '#f6e7b0', '#ebd48f');
  fill(ctx, '#c9a15f', 0, h * 0.6, w, h * (top - 0.6));
  // The chalkboard, chalk on it.
  fill(ctx, '#8a5a32', w * 0.05, h * 0.09, w * 0.7, h * 0.25);
  fill(ctx, fade(ctx, h * 0.1, h * 0.33, '#356b50', '#2a5640'), w * 0.07, h * 0.1, w * 0.66, h * 0.23);
  sign(ctx, 'A B C', w * 0.25, h * 0.16, w * 0.08, 'rgba(255,255,255,0.85)');
  sign(ctx, '2+2=4', w * 0.55, h * 0.25, w * 0.07, 'rgba(255,255,255,0.8)');
  line(ctx, 'rgba(255,255,255,0.6)', w / 200, [w * 0.12, h * 0.27, w * 0.2, h * 0.26, w * 0.3, h * 0.275, w * 0.38, h * 0.265]);
  fill(ctx, '#6e4626', w * 0.05, h * 0.335, w * 0.7, h * 0.01);
  fill(ctx, '#ffffff', w * 0.2, h * 0.328, w * 0.04, h * 0.007);
  // Clock, and a globe on the cupboard at the right.
  circle(ctx, '#3a3a3a', w * 0.87, h * 0.13, w * 0.075);
  circle(ctx, '#ffffff', w * 0.87, h * 0.13, w * 0.065);
  line(ctx, '#222', w / 150, [w * 0.87, h * 0.105, w * 0.87, h * 0.13, w * 0.9, h * 0.14]);
  fill(ctx, '#a0522d', w * 0.8, h * 0.5, w * 0.2, h * 0.1);
  line(ctx, '#5b3a1e', w / 120, [w * 0.9, h * 0.5, w * 0.9, h * 0.47]);
  circle(ctx, '#4a90c2', w * 0.9, h * 0.44, w * 0.055);
  shape(ctx, '#6bb35a', [w * 0.87, h * 0.42, w * 0.91, h * 0.415, w * 0.92, h * 0.44, w * 0.89, h * 0.455]);
  // Pennants along the top edge.
  const colors = ['#e8554e', '#f2b134', '#4fa3d9', '#6bbf59', '#a56cc1'];
  for (let i = 0; i < 10; i++) shape(ctx, colors[i % 5]!, [w * (i / 10), h * 0.045, w * ((i + 1) / 10), h * 0.045, w * ((i + 0.5) / 10), h * 0.075]);
  floor(ctx, w, h, top, '#b98c5e', 'rgba(0,0,0,0.12)');
  // Pupils' desks in front.
  for (const x0 of [-0.04, 0.78]) {
    fill(ctx, '#d9a35a', w * x0, h * 0.87, w * 0.26, h * 0.02);
    fill(ctx, '#6b6b6b', w * (x0 + 0.03), h * 0.89, w * 0.012, h * 0.08);
    fill(ctx, '#6b6b6b', w * (x0 + 0.21), h * 0.89, w * 0.012, h * 0.08);
  }
}

export function tvStudio(ctx: Ctx, w: number, h: number): void {
  const top = 0.68;
  fill(ctx, fade(ctx, 0, h, '#181c33', '#0d0f1c'), 0, 0, w, h);
  // The set: a logo wall behind a desk.
  fill(ctx, fade(ctx, h * 0.16, h * top, '#26336e', '#3a2a6e', '#1d1f4a'), w * 0.12, h * 0.16, w * 0.76, h * (top - 0.16));
  for (const x of [0.12, 0.87]) fill(ctx, '#5b6bd6', w * x, h * 0.16, w * 0.01, h * (top - 0.16));
  glow(ctx, w * 0.5, h * 0.28, w * 0.3, '120,160,255', 0.35);
  ctx.strokeStyle = '#9fd0ff';
  ctx.lineWidth = w / 45;
  ctx.beginPath();
  ctx.arc(w * 0.5, h * 0.28, w * 0.12, 0, Math.PI * 2);
  ctx.stroke();
  paw(ctx, '#e9f4ff', w * 0.5, h * 0.28, w * 0.13);
  // The lighting rig: a truss, cans and soft beams.
  ctx.save();
  ctx.globalCompositeOperation = 'lighter';
  const beams = ['255,120,200', '255,230,160', '120,220,255', '255,230,160', '255,120,200'];
  for (const [i, rgb] of beams.entries()) {
    const x = w * (0.1 + i * 0.2);
    const g = ctx.createLinearGradient(0, h * 0.09, 0, h * 0.8);
    g.addColorStop(0, `rgba(${rgb},0.28)`);
    g.addColorStop(1, `rgba(${rgb},0)`);
    shape(ctx, g, [x - w * 0.02, h * 0.1, x + w * 0.02, h * 0.1, x + w * 0.16 - i * w * 0.06, h * 0.8, x - w * 0.1 - i * w * 0.02, h * 0.8]);
  }
  ctx.restore();
  fill(ctx, '#5a5f6e', 0, h * 0.04, w, h * 0.008);
  fill(ctx, '#5a5f6e', 0, h * 0.07, w, h * 0.008);
  for (let x = 0; x < w; x += w * 0.05) line(ctx, '#5a5f6e', w / 250, [x, h * 0.044, x + w * 0.025, h * 0.074, x + w * 0.05, h * 0.044]);
  for (let i = 0; i < 5; i++) {
    const x = w * (0.1 + i * 0.2);
    rounded(ctx, '#23252d', x - w * 0.03, h * 0.075, w * 0.06, h * 0.035, w * 0.01);
    circle(ctx, '#fff6d8', x, h * 0.105, w * 0.018);
  }
  // ON AIR sign.
  rounded(ctx, '#3a0d12', w * 0.38, h * 0.11, w * 0.24, h * 0.04, w * 0.01);
  ctx.save();
  ctx.shadowColor = '#ff3344';
  ctx.shadowBlur = w / 30;
  sign(ctx, 'ON AIR', w * 0.5, h * 0.131, w * 0.05, '#ff4a55');
  ctx.restore();
  // The presenters' desk.
  shape(ctx, '#e7ecff', [w * 0.2, h * 0.56, w * 0.8, h * 0.56, w * 0.76, h * 0.64, w * 0.24, h * 0.64]);
  fill(ctx, '#57c8ff', w * 0.23, h * 0.6, w * 0.54, h * 0.01);
  // Glossy floor with the set reflected in it.
  fill(ctx, fade(ctx, h * top, h, '#1f2440', '#07080f'), 0, h * top, w, h * (1 - top));
  glow(ctx, w * 0.5, h * 0.76, w * 0.45, '90,120,255', 0.22);
  // Cameras on pedestals at both sides, turned to the set.
  for (const side of [-1, 1]) {
    const cx = side < 0 ? w * 0.06 : w * 0.94;
    fill(ctx, '#2c2f38', cx - w * 0.012, h * 0.58, w * 0.024, h * 0.3);
    line(ctx, '#2c2f38', w / 60, [cx - w * 0.1, h * 0.94, cx, h * 0.86, cx + w * 0.1, h * 0.94]);
    rounded(ctx, '#3a3e4a', cx - w * 0.11, h * 0.5, w * 0.22, h * 0.085, w * 0.015);
    fill(ctx, '#1b1d24', cx - side * w * 0.16, h * 0.515, w * 0.08, h * 0.05);
    circle(ctx, '#4a5a8a', cx - side * w * 0.2, h * 0.54, w * 0.03);
    circle(ctx, '#ff3344', cx + side * w * 0.06, h * 0.51, w * 0.012);
  }
}
