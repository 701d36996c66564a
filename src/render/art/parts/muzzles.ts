import type { BodyPlan } from '../kinds.js';
import type { Look } from '../looks.js';
import { type Ctx, ellipse, fillStroke, OUTLINE } from './pen.js';

/**
 * Snouts, noses, beaks and bills (origin at the head's centre). Returns where the mouth goes, or
 * null when the beak or bill is the mouth (it opens itself, see `open`).
 */
export function drawMuzzle(ctx: Ctx, look: Look, plan: BodyPlan, open: number): number | null {
  const { fur2, belly } = look.colours;
  const darkNose = '#1b1b1b';
  switch (plan.muzzle) {
    case 'dog': {
      const len = look.breed.snout === 'long' ? 9 : look.breed.snout === 'short' ? 5 : 7;
      ellipse(ctx, 0, 9, 10, len, look.breed.pattern === 'dark-mask' ? fur2 : belly, 1.6);
      ctx.beginPath();
      ctx.ellipse(0, 9 - len + 4, 4, 2.8, 0, 0, Math.PI * 2);
      ctx.fillStyle = darkNose;
      ctx.fill();
      return 15 + (len - 7) * 0.5;
    }
    case 'fox': {
      ctx.beginPath();
      ctx.moveTo(-12, 2);
      ctx.quadraticCurveTo(0, 26, 12, 2);
      ctx.quadraticCurveTo(0, 8, -12, 2);
      fillStroke(ctx, belly, 1.6);
      ctx.beginPath();
      ctx.ellipse(0, 14, 3.4, 2.6, 0, 0, Math.PI * 2);
      ctx.fillStyle = darkNose;
      ctx.fill();
      whiskers(ctx, look, 10, 17);
      return 18;
    }
    case 'cat':
    case 'rodent':
    case 'rabbit':
    case 'otter': {
      if (plan.muzzle === 'otter') ellipse(ctx, 0, 9, 12, 7, belly, 1.4);
      if (plan.muzzle === 'rodent' || plan.muzzle === 'rabbit') ellipse(ctx, 0, 9, 8, 5.5, belly, 1.2);
      ctx.beginPath();
      if (plan.muzzle === 'otter') ctx.ellipse(0, 5.5, 4.2, 3, 0, 0, Math.PI * 2);
      else {
        ctx.moveTo(-2.8, 6);
        ctx.lineTo(2.8, 6);
        ctx.lineTo(0, 8.8);
        ctx.closePath();
      }
      ctx.fillStyle = plan.muzzle === 'otter' ? '#3a2a22' : look.kind === 'red panda' ? darkNose : '#f08ca0';
      ctx.fill();
      if (plan.extras.includes('whiskers')) whiskers(ctx, look, 8, 9);
      if (plan.extras.includes('buck teeth')) {
        ctx.beginPath();
        ctx.rect(-2.6, 12.5, 2.5, 3.6);
        ctx.rect(0.1, 12.5, 2.5, 3.6);
        fillStroke(ctx, '#ffffff', 0.9);
      }
      return 11;
    }
    case 'pig':
      ellipse(ctx, 0, 7, 9.5, 6.5, fur2, 1.8);
      for (const x of [-3.2, 3.2]) ellipse(ctx, x, 7, 1.6, 2.4, '#7a3b4a', 0.6);
      return 16;
    case 'hedgehog':
      ctx.beginPath();
      ctx.moveTo(-9, 3);
      ctx.quadraticCurveTo(0, 22, 9, 3);
      fillStroke(ctx, belly, 1.4);
      ctx.beginPath();
      ctx.arc(0, 13, 3, 0, Math.PI * 2);
      ctx.fillStyle = darkNose;
      ctx.fill();
      return 17;
    case 'lizard':
      for (const x of [-3, 3]) {
        ctx.beginPath();
        ctx.arc(x, 6, 0.9, 0, Math.PI * 2);
        ctx.fillStyle = OUTLINE;
        ctx.fill();
      }
      return 11;
    case 'beak': {
      // A hooked parrot beak; it opens by dropping the lower part.
      const hook = look.breed.snout === 'long' ? 1.2 : 1;
      ctx.beginPath();
      ctx.moveTo(-7, 12 + open * 3);
      ctx.quadraticCurveTo(0, 22 + open * 6, 6, 13 + open * 3);
      ctx.closePath();
      fillStroke(ctx, '#3a3a3a', 1.4);
      ctx.beginPath();
      ctx.moveTo(-8, 4);
      ctx.quadraticCurveTo(2, -1, 9, 5);
      ctx.quadraticCurveTo(8 * hook, 16 * hook, 2, 20 * hook);
      ctx.quadraticCurveTo(1, 12, -8, 12);
      ctx.closePath();
      fillStroke(ctx, look.breed.id === 'macaw' ? '#f4f1ea' : '#e8a33d', 1.6);
      return null;
    }
    case 'bill':
      // A flat duck bill; the lower half opens.
      ctx.beginPath();
      ctx.ellipse(0, 14 + open * 4, 11, 4, 0, 0, Math.PI * 2);
      fillStroke(ctx, '#e07b22', 1.4);
      ctx.beginPath();
      ctx.ellipse(0, 9, 13, 5.5, 0, 0, Math.PI * 2);
      fillStroke(ctx, '#f29a35', 1.6);
      for (const x of [-3, 3]) {
        ctx.beginPath();
        ctx.arc(x, 7.5, 0.9, 0, Math.PI * 2);
        ctx.fillStyle = OUTLINE;
        ctx.fill();
      }
      return null;
  }
}

function whiskers(ctx: Ctx, look: Look, from: number, y: number): void {
  ctx.strokeStyle = look.breed.id === 'black-cat' ? '#9c9aa3' : OUTLINE;
  ctx.lineWidth = 0.9;
  for (const side of [-1, 1]) {
    for (const dy of [-1, 2]) {
      ctx.beginPath();
      ctx.moveTo(side * from, y + dy);
      ctx.lineTo(side * (from + 15), y - 2 + dy * 2);
      ctx.stroke();
    }
  }
}
