import type { Emotion } from '../../../writer/script.js';
import type { Look } from '../looks.js';
import { type Ctx, fillStroke, heart, OUTLINE } from './pen.js';

/** Eyes and brows for each emotion (origin at the head's centre); `closed` is a blink. */
export function drawEyes(ctx: Ctx, look: Look, emotion: Emotion, E: number, closed = false): void {
  if (closed && emotion !== 'happy' && emotion !== 'crying' && emotion !== 'in love') {
    for (const x of [-E, E]) arc(ctx, x, -1, 4.5, 0.1, 0.9);
    browsFor(ctx, emotion, E);
    return;
  }
  switch (emotion) {
    case 'happy':
      for (const x of [-E, E]) arc(ctx, x, 0, 4.5, 1.1, 1.9);
      break;
    case 'in love':
      for (const x of [-E, E]) heart(ctx, x, -1, 5, '#e84393');
      break;
    case 'smug':
      for (const x of [-E, E]) {
        eye(ctx, x, look, { open: 0.8, lookY: 1 });
        ctx.beginPath();
        ctx.ellipse(x, -4, 6, 4.5, 0, Math.PI, 0);
        ctx.fillStyle = look.colours.fur;
        ctx.fill();
        ctx.beginPath();
        ctx.moveTo(x - 5.5, -3);
        ctx.lineTo(x + 5.5, -3);
        ctx.lineWidth = 1.8;
        ctx.strokeStyle = OUTLINE;
        ctx.stroke();
      }
      break;
    case 'angry':
      for (const x of [-E, E]) eye(ctx, x, look, { open: 0.75, pupil: 0.8 });
      break;
    case 'shocked':
      for (const x of [-E, E]) eye(ctx, x, look, { open: 1.25, pupil: 0.45 });
      break;
    case 'scared':
      for (const x of [-E, E]) eye(ctx, x, look, { open: 1.15, pupil: 0.55, lookY: 1 });
      break;
    case 'crying':
      for (const x of [-E, E]) {
        ctx.beginPath();
        ctx.moveTo(x - 5, -1);
        ctx.lineTo(x, 1.5);
        ctx.lineTo(x + 5, -1);
        ctx.lineWidth = 2.4;
        ctx.strokeStyle = OUTLINE;
        ctx.stroke();
      }
      break;
    default: // sad
      for (const x of [-E, E]) eye(ctx, x, look, { open: 0.85, lookY: 1.5 });
  }
  browsFor(ctx, emotion, E);
}

function browsFor(ctx: Ctx, emotion: Emotion, E: number): void {
  switch (emotion) {
    case 'smug':
      brow(ctx, E, 0, 4);
      break;
    case 'angry':
      // Inner ends down: a frown.
      brow(ctx, -E, 3.5);
      brow(ctx, E, 3.5);
      break;
    case 'shocked':
      brow(ctx, -E, 0, 5);
      brow(ctx, E, 0, 5);
      break;
    case 'scared':
      // Inner ends up: worry.
      brow(ctx, -E, -2.5, 2);
      brow(ctx, E, -2.5, 2);
      break;
    case 'crying':
    case 'sad':
      brow(ctx, -E, -3);
      brow(ctx, E, -3);
      break;
    default:
  }
}

function arc(ctx: Ctx, x: number, y: number, r: number, from: number, to: number): void {
  ctx.beginPath();
  ctx.arc(x, y, r, Math.PI * from, Math.PI * to);
  ctx.lineWidth = 2.4;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
}

function eye(ctx: Ctx, x: number, look: Look, opts: { open?: number; pupil?: number; lookY?: number }): void {
  const open = opts.open ?? 1;
  const y = -1 + (opts.lookY ?? 0);
  const pupil = opts.pupil ?? 1;
  ctx.beginPath();
  ctx.ellipse(x, -1, 5.2, 6 * open, 0, 0, Math.PI * 2);
  fillStroke(ctx, '#ffffff', 1.4);
  const dot = (dx: number, dy: number, r: number, colour: string) => {
    ctx.beginPath();
    ctx.arc(x + dx, y + dy, r, 0, Math.PI * 2);
    ctx.fillStyle = colour;
    ctx.fill();
  };
  dot(0, 0, 3.6 * pupil, look.eye);
  dot(0, 0, 1.9 * pupil, '#111');
  dot(1.3, -1.6, 1, '#fff');
}

/** A brow over the eye at x: a positive tilt lowers its inner end (towards the nose). */
function brow(ctx: Ctx, x: number, tilt: number, lift = 0): void {
  ctx.beginPath();
  ctx.moveTo(x - 5, -10 - lift + tilt * (x < 0 ? -1 : 1));
  ctx.lineTo(x + 5, -10 - lift - tilt * (x < 0 ? -1 : 1));
  ctx.lineWidth = 2.2;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
}
