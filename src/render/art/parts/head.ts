import type { BodyPlan } from '../kinds.js';
import type { Look } from '../looks.js';
import { type Ctx, ellipse, fillStroke, OUTLINE, puffs } from './pen.js';

/** The head (origin at its centre): what grows behind it, its shape, the breed's pattern and the character's marking. */

/** Spines, a mane, a frill, a crest or a fluffy ruff: drawn before the head so the face sits in front. */
export function drawBehindHead(ctx: Ctx, look: Look, plan: BodyPlan): void {
  const { rx, ry } = plan.head;
  const { fur, fur2 } = look.colours;
  if (plan.extras.includes('spines')) {
    ctx.beginPath();
    for (let i = 0; i <= 16; i++) {
      const a = Math.PI * (0.55 + (i / 16) * 1.35);
      const r = i % 2 ? rx + 3 : rx + 13;
      const p = [Math.cos(a) * r * 1.05 + 4, Math.sin(a) * r * 0.95 - 2] as const;
      if (i === 0) ctx.moveTo(...p);
      else ctx.lineTo(...p);
    }
    ctx.closePath();
    fillStroke(ctx, fur2, 1.8);
  }
  if (plan.extras.includes('frill')) {
    ctx.beginPath();
    for (let i = 0; i <= 9; i++) {
      const a = Math.PI * (1.05 + (i / 9) * 0.9);
      const r = i % 2 ? ry + 4 : ry + 12;
      const p = [Math.cos(a) * r, Math.sin(a) * r - 4] as const;
      if (i === 0) ctx.moveTo(...p);
      else ctx.lineTo(...p);
    }
    ctx.closePath();
    fillStroke(ctx, fur2, 1.8);
  }
  if (plan.extras.includes('crest')) {
    for (const [i, a] of [-0.35, -0.1, 0.15].entries()) {
      ctx.save();
      ctx.translate(-2, -ry + 3);
      ctx.rotate(a - 0.25);
      ctx.beginPath();
      ctx.ellipse(0, -10 - i, 4, 13 - i * 2, 0, 0, Math.PI * 2);
      fillStroke(ctx, look.breed.id === 'macaw' ? fur : fur2, 1.6);
      ctx.restore();
    }
  }
  if (look.breed.topknot) {
    // A poodle's pom-pom of curls on the crown.
    puffs(
      ctx,
      [
        [-9, -ry + 2],
        [0, -ry - 3],
        [9, -ry + 2],
        [-4, -ry - 9],
        [5, -ry - 9],
      ],
      7,
      fur,
    );
  }
  if (look.breed.fluffy) {
    // A ruff of fur around the face.
    ctx.beginPath();
    for (let i = 0; i < 14; i++) {
      const a = (i / 14) * Math.PI * 2;
      ctx.moveTo(Math.cos(a) * (rx + 1), Math.sin(a) * (ry + 1));
      ctx.arc(Math.cos(a) * rx, Math.sin(a) * ry, 5, 0, Math.PI * 2);
    }
    ctx.fillStyle = fur2;
    ctx.fill();
  }
}

export function drawHead(ctx: Ctx, look: Look, plan: BodyPlan): void {
  const { rx, ry } = plan.head;
  const { fur, fur2, belly } = look.colours;
  ctx.beginPath();
  ctx.ellipse(0, 0, rx, ry, 0, 0, Math.PI * 2);
  fillStroke(ctx, fur);
  ctx.save();
  ctx.clip();
  const blot = (x: number, y: number, erx: number, ery: number, colour: string, alpha = 1) => {
    ctx.beginPath();
    ctx.ellipse(x, y, erx, ery, 0, 0, Math.PI * 2);
    ctx.globalAlpha = alpha;
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.globalAlpha = 1;
  };
  switch (look.breed.pattern) {
    case 'mask':
    case 'dark-mask': {
      const mask = look.breed.pattern === 'dark-mask' ? fur2 : belly;
      blot(0, 10, rx * 0.7, 12, mask);
      if (look.breed.pattern === 'mask') {
        blot(-11, 2, 7, 6, mask);
        blot(11, 2, 7, 6, mask);
      }
      break;
    }
    case 'points':
      blot(0, 6, 11, 12, fur2, 0.75);
      break;
    case 'tabby':
    case 'wrinkles': {
      ctx.strokeStyle = look.breed.pattern === 'tabby' ? fur2 : 'rgba(60,30,30,0.35)';
      ctx.lineWidth = look.breed.pattern === 'tabby' ? 2.4 : 1.4;
      for (const dx of [-6, 0, 6]) {
        ctx.beginPath();
        if (look.breed.pattern === 'tabby') {
          ctx.moveTo(dx, -ry);
          ctx.lineTo(dx * 0.8, -ry + 9);
        } else {
          ctx.moveTo(dx - 4, -12 + Math.abs(dx) * 0.3);
          ctx.quadraticCurveTo(dx, -15, dx + 4, -12 + Math.abs(dx) * 0.3);
        }
        ctx.stroke();
      }
      if (look.breed.pattern === 'tabby') {
        for (const side of [-1, 1]) {
          ctx.beginPath();
          ctx.moveTo(side * rx, 0);
          ctx.lineTo(side * (rx - 7), 2);
          ctx.moveTo(side * rx, 5);
          ctx.lineTo(side * (rx - 6), 6);
          ctx.stroke();
        }
      }
      break;
    }
    case 'saddle':
      blot(-14, -10, 9, 9, fur2);
      break;
    case 'spots':
      for (const [x, y, r] of [
        [-15, -8, 3.2],
        [12, -12, 2.6],
        [17, 4, 2.2],
        [-6, -16, 2],
        [4, -6, 1.6],
      ] as const)
        blot(x, y, r, r, fur2);
      break;
    case 'rosettes':
      // Leopard rosettes: dark rings round a warmer centre.
      for (const [x, y] of [
        [-14, -9],
        [13, -11],
        [0, -15],
        [17, 2],
        [-17, 3],
      ] as const) {
        blot(x, y, 3, 2.6, fur2);
        blot(x + 0.3, y + 0.2, 1.5, 1.2, '#c98a3c');
      }
      break;
    case 'blaze':
      blot(0, 12, rx * 0.62, 11, belly);
      ctx.beginPath();
      ctx.moveTo(-3.5, 4);
      ctx.lineTo(-2, -ry);
      ctx.lineTo(2, -ry);
      ctx.lineTo(3.5, 4);
      ctx.closePath();
      ctx.fillStyle = belly;
      ctx.fill();
      break;
    case 'patches':
      blot(-13, -8, 11, 12, fur2);
      blot(15, 6, 8, 9, look.breed.kind === 'guinea pig' ? '#3b2b22' : '#3b302a');
      break;
    case 'tuxedo':
      blot(0, 13, rx * 0.55, 10, belly);
      break;
    case 'face-marks':
      if (look.breed.kind === 'red panda') {
        blot(0, 10, 13, 9, belly);
        blot(-11, -3, 5, 4, belly);
        blot(11, -3, 5, 4, belly);
        ctx.strokeStyle = fur2;
        ctx.lineWidth = 3;
        for (const side of [-1, 1]) {
          ctx.beginPath();
          ctx.moveTo(side * 9, 2);
          ctx.lineTo(side * 12, 12);
          ctx.stroke();
        }
      } else blot(0, 3, rx * 0.55, ry * 0.55, belly);
      break;
    case 'cheek-spot':
      blot(-14, 6, 5, 5, '#f28c38', 0.85);
      blot(14, 6, 5, 5, '#f28c38', 0.85);
      break;
    case 'plain':
      break;
  }
  switch (look.marking) {
    case 'eye patch':
      blot(-9, -1, 8.5, 8, look.breed.pattern === 'plain' && look.colours.fur2 === fur ? OUTLINE : fur2, 0.9);
      break;
    case 'star':
      blot(0, -ry + 7, 4, 4, belly);
      break;
    case 'freckles':
      for (const x of [-16, -13, -17, 13, 16, 14]) blot(x, 9 + (x % 3), 0.9, 0.9, OUTLINE, 0.55);
      break;
    case 'none':
      break;
  }
  ctx.restore();
  // The head's outline again, over the pattern.
  ctx.beginPath();
  ctx.ellipse(0, 0, rx, ry, 0, 0, Math.PI * 2);
  ctx.strokeStyle = OUTLINE;
  ctx.lineWidth = 2.2;
  ctx.stroke();
  if (plan.extras.includes('cheeks')) {
    for (const side of [-1, 1]) ellipse(ctx, side * (rx - 5), 9, 9, 8, look.colours.belly, 1.6);
  }
}
