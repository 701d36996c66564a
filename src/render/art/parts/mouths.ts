import type { Emotion } from '../../../writer/script.js';
import { type Ctx, OUTLINE } from './pen.js';

/** The mouth for each emotion at height `my` (origin at the head's centre); `talking` opens it. */
export function drawMouth(ctx: Ctx, emotion: Emotion, my: number, talking = false): void {
  ctx.lineWidth = 2;
  ctx.strokeStyle = OUTLINE;
  ctx.beginPath();
  if (talking) {
    // An open mouth mid-word: the same for every emotion, so the mouth layer can switch on and off.
    ctx.ellipse(0, my + 1.5, 4.2, 3.6, 0, 0, Math.PI * 2);
    ctx.fillStyle = '#5a1f24';
    ctx.fill();
    ctx.stroke();
    ctx.beginPath();
    ctx.ellipse(0, my + 3.2, 2.4, 1.3, 0, 0, Math.PI * 2);
    ctx.fillStyle = '#e26d7a';
    ctx.fill();
    return;
  }
  switch (emotion) {
    case 'happy':
    case 'in love':
      ctx.arc(0, my - 2, 5, 0.15 * Math.PI, 0.85 * Math.PI);
      ctx.fillStyle = '#c0392b';
      ctx.fill();
      ctx.stroke();
      break;
    case 'shocked':
      ctx.ellipse(0, my + 1, 3.2, 4.2, 0, 0, Math.PI * 2);
      ctx.fillStyle = '#5a1f24';
      ctx.fill();
      ctx.stroke();
      break;
    case 'smug':
      ctx.moveTo(-4, my);
      ctx.quadraticCurveTo(1, my + 2, 6, my - 3);
      ctx.stroke();
      break;
    case 'angry':
      // A snarl: a squared mouth, clenched teeth showing.
      ctx.roundRect(-5.5, my + 0.5, 11, 5, 1.8);
      ctx.fillStyle = '#5a1f24';
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(-4.4, my + 1.3, 8.8, 1.8);
      break;
    case 'scared':
      ctx.moveTo(-5, my + 1);
      for (let i = -4; i <= 5; i++) ctx.lineTo(i, my + 1 + (i % 2 ? 1.2 : -1.2));
      ctx.stroke();
      break;
    default: // sad, crying
      ctx.arc(0, my + 4, 4.5, 1.15 * Math.PI, 1.85 * Math.PI);
      ctx.stroke();
  }
}

/** Blush, angry flush and tears. */
export function drawCheeksAndTears(ctx: Ctx, emotion: Emotion, E: number): void {
  if (emotion === 'in love' || emotion === 'happy' || emotion === 'angry') {
    ctx.fillStyle = emotion === 'angry' ? 'rgba(220,40,40,0.45)' : 'rgba(255,105,140,0.5)';
    for (const x of [-E - 6, E + 6]) {
      ctx.beginPath();
      ctx.ellipse(x, 7, 4.5, 2.6, 0, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  if (emotion === 'crying') {
    ctx.fillStyle = 'rgba(90,170,255,0.85)';
    for (const x of [-E, E]) {
      ctx.beginPath();
      ctx.moveTo(x - 2, 1);
      ctx.lineTo(x + 2, 1);
      ctx.lineTo(x + 3, 24);
      ctx.lineTo(x - 3, 24);
      ctx.closePath();
      ctx.fill();
    }
  }
  if (emotion === 'sad') {
    ctx.fillStyle = 'rgba(90,170,255,0.9)';
    ctx.beginPath();
    ctx.ellipse(E + 2, 8, 1.8, 2.8, 0, 0, Math.PI * 2);
    ctx.fill();
  }
}
