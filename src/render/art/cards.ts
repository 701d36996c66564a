import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { canvasFont } from './fonts.js';
import { paintShot, wrap, type ShotSpec } from './shots.js';

/** Title, "Previously on…", "To be continued…" and the ballot end card. */

function backdrop(ctx: SKRSContext2D, w: number, h: number, top: string, bottom: string): void {
  const g = ctx.createLinearGradient(0, 0, w, h);
  g.addColorStop(0, top);
  g.addColorStop(1, bottom);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

function centered(ctx: SKRSContext2D, lines: string[], w: number, y: number, lineHeight: number): number {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const [i, line] of lines.entries()) ctx.fillText(line, w / 2, y + i * lineHeight);
  return y + lines.length * lineHeight;
}

function glowText(ctx: SKRSContext2D, color: string, glow: string): void {
  ctx.fillStyle = color;
  ctx.shadowColor = glow;
  ctx.shadowBlur = 24;
}

/** The cold open: the most dramatic shot with the series title across the top. */
export function coldOpenCanvas(shot: ShotSpec, seriesTitle: string, number: number, w: number, h: number, picture?: Canvas): Canvas {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (picture) ctx.drawImage(picture, 0, 0, w, h);
  else paintShot(ctx, shot, w, h);
  const band = ctx.createLinearGradient(0, 0, 0, h * 0.22);
  band.addColorStop(0, 'rgba(0,0,0,0.75)');
  band.addColorStop(1, 'rgba(0,0,0,0)');
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, w, h * 0.22);
  ctx.font = canvasFont(w * 0.075);
  glowText(ctx, '#ffe6f0', '#ff2f7a');
  const lines = wrap(ctx, seriesTitle, w * 0.86).slice(0, 2);
  const end = centered(ctx, lines, w, h * 0.075, w * 0.085);
  ctx.font = canvasFont(w * 0.04);
  ctx.shadowBlur = 0;
  ctx.fillStyle = '#ffffff';
  centered(ctx, [`Episode ${number}`], w, end + w * 0.01, w * 0.05);
  return canvas;
}

export function previouslyCanvas(seriesTitle: string, previously: string, w: number, h: number): Canvas {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  backdrop(ctx, w, h, '#2d1b4e', '#0e0a1f');
  ctx.font = canvasFont(w * 0.06);
  glowText(ctx, '#ffd1e3', '#ff4f9a');
  let y = centered(ctx, ['Previously on'], w, h * 0.3, w * 0.08);
  ctx.font = canvasFont(w * 0.08);
  y = centered(ctx, wrap(ctx, seriesTitle, w * 0.86).slice(0, 2), w, y + w * 0.02, w * 0.095);
  ctx.shadowBlur = 0;
  ctx.font = canvasFont(w * 0.052);
  ctx.fillStyle = '#f4f1ff';
  centered(ctx, wrap(ctx, previously.replace(/^Previously:\s*/i, ''), w * 0.82).slice(0, 5), w, y + w * 0.08, w * 0.07);
  return canvas;
}

export function toBeContinuedCanvas(w: number, h: number): Canvas {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  backdrop(ctx, w, h, '#120d1f', '#3b0d2a');
  ctx.font = canvasFont(w * 0.095);
  glowText(ctx, '#fff3f8', '#ff2f7a');
  centered(ctx, ['To be', 'continued…'], w, h * 0.44, w * 0.12);
  return canvas;
}

/** The ballot, so every platform's viewers see what they vote on. */
export function endCardCanvas(options: { letter: string; label: string }[], w: number, h: number): Canvas {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  backdrop(ctx, w, h, '#1d1240', '#4a1038');
  ctx.font = canvasFont(w * 0.07);
  glowText(ctx, '#ffffff', '#ff4f9a');
  let y = centered(ctx, ['What happens next?', 'Vote now!'], w, h * 0.16, w * 0.09);
  ctx.shadowBlur = 0;
  const boxW = w * 0.84;
  const x0 = (w - boxW) / 2;
  const colors = ['#ff4f7a', '#3fa9f5', '#ffc93c', '#6ee07a', '#b07cff', '#ff9f43'];
  y += h * 0.04;
  ctx.font = canvasFont(w * 0.045);
  for (const [i, o] of options.slice(0, 6).entries()) {
    const lines = wrap(ctx, o.label, boxW - w * 0.2).slice(0, 2);
    const boxH = w * 0.06 * lines.length + w * 0.06;
    ctx.fillStyle = 'rgba(255,255,255,0.12)';
    ctx.beginPath();
    ctx.roundRect(x0, y, boxW, boxH, w * 0.03);
    ctx.fill();
    ctx.fillStyle = colors[i % colors.length]!;
    ctx.beginPath();
    ctx.arc(x0 + w * 0.075, y + boxH / 2, w * 0.045, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#1d1240';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = canvasFont(w * 0.055);
    ctx.fillText(o.letter, x0 + w * 0.075, y + boxH / 2);
    ctx.font = canvasFont(w * 0.045);
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'left';
    for (const [j, line] of lines.entries()) ctx.fillText(line, x0 + w * 0.15, y + w * 0.06 + j * w * 0.06);
    y += boxH + w * 0.03;
  }
  return canvas;
}
