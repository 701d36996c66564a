import type { BodyPlan } from '../kinds.js';
import type { Look } from '../looks.js';
import { type Ctx, ellipse, fillStroke, puffs } from './pen.js';

/** How the character's weight rests: the legs and where the torso sits. */
export type Stance = 'stand' | 'sit' | 'kneel' | 'stride' | 'lean';

/** What the character wears in this shot: its own accessory, and what the scene puts on it. */
export interface Outfit {
  torso: 'fur' | 'suit' | 'hospital gown' | 'wedding dress';
  neck: 'none' | 'tie' | 'bow' | 'pearls' | 'scarf';
  head: 'none' | 'crown' | "chef's hat" | 'veil';
  glasses: boolean;
  badge: boolean;
}

export const TORSO_Y: Record<Stance, number> = { stand: -28, sit: -21, kneel: -19, stride: -29, lean: -28 };

const FEET = '#e59a3a';

/** Legs and feet, drawn before the torso. */
export function drawLegs(ctx: Ctx, look: Look, plan: BodyPlan, stance: Stance): void {
  const { fur2 } = look.colours;
  const leg = (x: number, y: number, rx: number, ry: number, rot = 0) => {
    if (plan.feet === 'bird' || plan.feet === 'webbed') {
      // Thin legs with toes (or a webbed foot).
      ctx.beginPath();
      ctx.moveTo(x, y - ry - 4);
      ctx.lineTo(x + Math.sin(rot) * 8, y);
      ctx.lineWidth = 2.6;
      ctx.strokeStyle = FEET;
      ctx.stroke();
      ctx.beginPath();
      if (plan.feet === 'webbed') ctx.ellipse(x + 4, y - 1, 7, 2.6, 0, 0, Math.PI * 2);
      else
        for (const t of [-0.5, 0, 0.5]) {
          ctx.moveTo(x, y);
          ctx.lineTo(x + Math.cos(t) * 6, y + Math.sin(t) * 2 - 1);
        }
      if (plan.feet === 'webbed') fillStroke(ctx, FEET, 1.2);
      else {
        ctx.lineWidth = 2;
        ctx.strokeStyle = FEET;
        ctx.stroke();
      }
      return;
    }
    ellipse(ctx, x, y, rx, ry, plan.feet === 'hooves' ? look.colours.fur : fur2, 2.2, rot);
    if (plan.feet === 'hooves') ellipse(ctx, x + (rot ? 4 : 0), y + ry * 0.55, rx * 0.9, 2.6, '#4a3a36', 1.4, rot);
  };
  switch (stance) {
    case 'sit':
      leg(6, -4, 10, 5.5);
      leg(14, -3, 10, 5.5);
      break;
    case 'kneel':
      // One knee on the floor behind, the other foot planted in front, knee up.
      leg(-12, -4, 12, 5);
      leg(14, -12, 6, 12, -0.25);
      break;
    case 'stride':
      leg(-13, -5, 7, 6, -0.4);
      leg(13, -5, 7, 6, 0.4);
      break;
    default:
      leg(-10, -5, 7, 6);
      leg(10, -5, 7, 6);
  }
}

/** The torso with the outfit on it. */
export function drawTorso(ctx: Ctx, look: Look, plan: BodyPlan, stance: Stance, outfit: Outfit, slump: number): void {
  const { fur, belly } = look.colours;
  const y = TORSO_Y[stance] + slump;
  const { rx, ry } = plan.body;
  if (outfit.torso === 'wedding dress') {
    // A skirt to the floor under the torso.
    ctx.beginPath();
    ctx.moveTo(-rx * 0.7, y);
    ctx.quadraticCurveTo(-rx * 1.6, y + ry * 0.8, -rx * 1.45, 0);
    ctx.lineTo(rx * 1.45, 0);
    ctx.quadraticCurveTo(rx * 1.6, y + ry * 0.8, rx * 0.7, y);
    ctx.closePath();
    fillStroke(ctx, '#fdfbf7');
    ctx.strokeStyle = '#e6dccf';
    ctx.lineWidth = 1.2;
    for (const x of [-14, 0, 14]) {
      ctx.beginPath();
      ctx.moveTo(x * 0.5, y + 6);
      ctx.lineTo(x * 1.6, -3);
      ctx.stroke();
    }
  }
  ctx.beginPath();
  ctx.ellipse(0, y, rx, ry, 0, 0, Math.PI * 2);
  const cloth = outfit.torso === 'suit' ? '#2d3142' : outfit.torso === 'hospital gown' ? '#a8d5e2' : outfit.torso === 'wedding dress' ? '#fdfbf7' : fur;
  fillStroke(ctx, cloth);
  ctx.save();
  ctx.clip();
  if (outfit.torso === 'suit') {
    ctx.beginPath();
    ctx.moveTo(-9, y - ry);
    ctx.lineTo(0, y - 2);
    ctx.lineTo(9, y - ry);
    ctx.closePath();
    ctx.fillStyle = '#f7f7f2';
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(-2, y - ry + 4);
    ctx.lineTo(2, y - ry + 4);
    ctx.lineTo(3, y - 6);
    ctx.lineTo(0, y - 2);
    ctx.lineTo(-3, y - 6);
    ctx.closePath();
    ctx.fillStyle = look.accent;
    ctx.fill();
  } else if (outfit.torso === 'hospital gown') {
    ctx.fillStyle = '#7fb8cc';
    for (let gx = -rx; gx <= rx; gx += 8) for (let gy = y - ry; gy <= y + ry; gy += 8) ctx.fillRect(gx + ((gy / 8) % 2) * 4, gy, 2, 2);
  } else if (outfit.torso === 'wedding dress') {
    // A scalloped lace neckline and a satin sash: a white dress reads as a dress even on white fur.
    ctx.fillStyle = '#f1e7dc';
    for (let x = -rx; x <= rx; x += 5) {
      ctx.beginPath();
      ctx.arc(x, y - ry * 0.55, 2.6, 0, Math.PI);
      ctx.fill();
    }
    ctx.fillStyle = '#e3b5c4';
    ctx.fillRect(-rx, y + ry * 0.12, rx * 2, 4.5);
    ctx.fillStyle = '#c98aa0';
    ctx.fillRect(-rx, y + ry * 0.12 + 3.5, rx * 2, 1);
  } else {
    ctx.beginPath();
    ctx.ellipse(0, y + 6, rx * 0.62, ry * 0.7, 0, 0, Math.PI * 2);
    ctx.fillStyle = belly;
    ctx.fill();
    if (plan.extras.includes('spines')) {
      ctx.fillStyle = look.colours.fur2;
      ctx.fillRect(-rx, y - ry, 6, ry * 2);
    }
  }
  ctx.restore();
  if (outfit.badge) {
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const a = (i / 10) * Math.PI * 2 - Math.PI / 2;
      const r = i % 2 ? 3 : 6;
      ctx.lineTo(-9 + Math.cos(a) * r, y - 6 + Math.sin(a) * r);
    }
    ctx.closePath();
    fillStroke(ctx, '#f4c542', 1.2);
  }
  drawNeckwear(ctx, look, outfit, y - ry);
}

function drawNeckwear(ctx: Ctx, look: Look, outfit: Outfit, top: number): void {
  const at = top + 2;
  switch (outfit.neck) {
    case 'tie':
      ctx.beginPath();
      ctx.moveTo(-3, at);
      ctx.lineTo(3, at);
      ctx.lineTo(4, at + 20);
      ctx.lineTo(0, at + 25);
      ctx.lineTo(-4, at + 20);
      ctx.closePath();
      fillStroke(ctx, look.accent, 1.6);
      break;
    case 'bow':
      ctx.beginPath();
      ctx.moveTo(0, at + 1);
      ctx.lineTo(-9, at - 4);
      ctx.lineTo(-9, at + 6);
      ctx.closePath();
      ctx.moveTo(0, at + 1);
      ctx.lineTo(9, at - 4);
      ctx.lineTo(9, at + 6);
      ctx.closePath();
      fillStroke(ctx, look.accent, 1.6);
      ellipse(ctx, 0, at + 1, 2.4, 2.4, look.accent, 1.2);
      break;
    case 'pearls':
      for (let i = -4; i <= 4; i++) ellipse(ctx, i * 3.2, at + 4 - Math.abs(i) * 0.6, 1.7, 1.7, '#fdfcf7', 0.8);
      break;
    case 'scarf':
      ellipse(ctx, 0, at, 16, 5, look.accent, 1.6);
      ctx.beginPath();
      ctx.rect(6, at, 6, 18);
      fillStroke(ctx, look.accent, 1.6);
      break;
    case 'none':
      break;
  }
}

/** A bride's veil, hanging behind the head to the shoulders (origin at the head's centre). */
export function drawVeil(ctx: Ctx, plan: BodyPlan): void {
  // Tulle falling from the crown behind the shoulders, widening to a scalloped hem at the back;
  // drawn before the body, so it is seen only around it.
  const top = -plan.head.ry;
  const hem = 50;
  ctx.beginPath();
  ctx.moveTo(-10, top + 1);
  ctx.quadraticCurveTo(-plan.head.rx - 18, 12, -plan.head.rx - 12, hem);
  for (let x = -plan.head.rx - 12; x < plan.head.rx + 12; x += 8) ctx.quadraticCurveTo(x + 4, hem + 4, x + 8, hem);
  ctx.quadraticCurveTo(plan.head.rx + 18, 12, 10, top + 1);
  ctx.closePath();
  ctx.fillStyle = 'rgba(236,242,250,0.92)';
  ctx.fill();
  ctx.strokeStyle = 'rgba(43,32,36,0.55)';
  ctx.lineWidth = 1.4;
  ctx.stroke();
}

/** Glasses, a crown, a chef's hat or a veil's band (origin at the head's centre). */
export function drawHeadwear(ctx: Ctx, plan: BodyPlan, outfit: Outfit, E: number): void {
  const top = -plan.head.ry;
  if (outfit.glasses) {
    ctx.lineWidth = 1.8;
    ctx.strokeStyle = '#1b1b1b';
    for (const x of [-E, E]) {
      ctx.beginPath();
      ctx.arc(x, -1, 7, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.beginPath();
    ctx.moveTo(-E + 7, -1);
    ctx.lineTo(E - 7, -1);
    ctx.stroke();
  }
  switch (outfit.head) {
    case 'crown':
      ctx.beginPath();
      ctx.moveTo(-11, top + 4);
      ctx.lineTo(-13, top - 10);
      ctx.lineTo(-6, top - 3);
      ctx.lineTo(0, top - 13);
      ctx.lineTo(6, top - 3);
      ctx.lineTo(13, top - 10);
      ctx.lineTo(11, top + 4);
      ctx.closePath();
      fillStroke(ctx, '#f4c542', 1.6);
      ctx.beginPath();
      ctx.arc(0, top - 1, 2, 0, Math.PI * 2);
      ctx.fillStyle = '#c0392b';
      ctx.fill();
      break;
    case "chef's hat":
      // A puffed crown with one outline around it, over a band.
      puffs(
        ctx,
        [
          [-9, top - 13],
          [0, top - 17],
          [9, top - 13],
        ],
        9,
        '#ffffff',
        1.6,
      );
      ctx.beginPath();
      ctx.rect(-12, top - 6, 24, 9);
      fillStroke(ctx, '#ffffff', 1.6);
      ctx.beginPath();
      ctx.moveTo(-4, top - 6);
      ctx.lineTo(-3, top - 13);
      ctx.moveTo(4, top - 6);
      ctx.lineTo(3, top - 13);
      ctx.strokeStyle = '#d8d8d8';
      ctx.lineWidth = 1;
      ctx.stroke();
      break;
    case 'veil':
      // The band on top; the veil itself hangs behind the head (drawVeil).
      ellipse(ctx, 0, top + 2, 12, 3.5, '#fdfbf7', 1.2);
      for (const x of [-6, 0, 6]) ellipse(ctx, x, top - 0.5, 1.6, 1.6, '#f7d9e3', 0.6);
      break;
    case 'none':
      break;
  }
}
