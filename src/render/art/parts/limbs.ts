import type { BodyPlan } from '../kinds.js';
import type { Look } from '../looks.js';
import { type Ctx, ellipse, fillStroke, OUTLINE } from './pen.js';

export type Point = readonly [number, number];

/** One arm from the shoulder to the paw (or a wing to its tip, or a foreleg to its hoof). */
export function drawArm(ctx: Ctx, look: Look, plan: BodyPlan, sleeve: string, from: Point, to: Point): void {
  const { fur, fur2 } = look.colours;
  if (plan.limbs === 'wings') {
    // A wing: a long feathered leaf along the arm's line.
    const [x1, y1] = from;
    const [x2, y2] = to;
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const len = Math.hypot(x2 - x1, y2 - y1) + 6;
    ctx.save();
    ctx.translate(x1, y1);
    ctx.rotate(angle);
    ctx.beginPath();
    ctx.moveTo(0, -5);
    ctx.quadraticCurveTo(len * 0.6, -9, len, 0);
    ctx.quadraticCurveTo(len * 0.55, 9, 0, 6);
    ctx.closePath();
    fillStroke(ctx, look.kind === 'duck' ? fur2 : fur2, 1.8);
    ctx.strokeStyle = OUTLINE;
    ctx.lineWidth = 0.9;
    for (const t of [0.45, 0.65, 0.82]) {
      ctx.beginPath();
      ctx.moveTo(len * t, -4);
      ctx.lineTo(len * t + 5, 3);
      ctx.stroke();
    }
    ctx.restore();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(...from);
  ctx.lineTo(...to);
  ctx.lineWidth = 10;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
  ctx.lineWidth = 7;
  ctx.strokeStyle = sleeve;
  ctx.stroke();
  if (plan.limbs === 'hooves') {
    ellipse(ctx, to[0], to[1], 5.5, 5.5, fur, 1.8);
    ellipse(ctx, to[0], to[1] + 3, 5, 2.5, '#4a3a36', 1.2);
  } else ellipse(ctx, to[0], to[1], 6, 6.5, look.kind === 'lizard' ? fur2 : fur, 1.8);
}
