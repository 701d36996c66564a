import type { Emotion } from '../../../writer/script.js';
import type { BodyPlan } from '../kinds.js';
import type { Look } from '../looks.js';
import { type Ctx, ellipse, fillStroke, outlinedStroke } from './pen.js';

/** Tails (origin at the feet, the character facing right: the tail is on the left, behind). */
export function drawTail(ctx: Ctx, look: Look, plan: BodyPlan, emotion: Emotion): void {
  const { fur, fur2, belly } = look.colours;
  const up = emotion === 'happy' || emotion === 'in love' || emotion === 'smug' ? 1 : emotion === 'sad' || emotion === 'scared' || emotion === 'crying' ? -1 : 0;
  ctx.save();
  ctx.scale(-1, 1);
  switch (plan.tail) {
    case 'none':
      break;
    case 'cat':
      ctx.beginPath();
      ctx.moveTo(14, -14);
      ctx.bezierCurveTo(40, -10, 42, -30 + up * -10, 34, -44 + up * -8 - (up < 0 ? -34 : 0));
      outlinedStroke(ctx, fur, 4.6);
      break;
    case 'dog':
      if (look.breed.id === 'corgi') {
        ellipse(ctx, 18, -18, 5, 4, fur);
        break;
      }
      ctx.translate(16, -20);
      ctx.rotate(up > 0 ? -0.5 : up < 0 ? 0.9 : 0);
      ellipse(ctx, 12, -6, look.breed.fluffy ? 12 : 10, look.breed.fluffy ? 6 : 4, look.breed.id === 'husky' || look.breed.pattern === 'spots' ? fur : fur2, 2.2, -0.6);
      break;
    case 'cotton':
      ellipse(ctx, 20, -14, 7, 7, '#ffffff');
      break;
    case 'curly':
      ctx.beginPath();
      ctx.moveTo(20, -22);
      ctx.bezierCurveTo(34, -24, 34, -36, 27, -34);
      ctx.bezierCurveTo(20, -32, 26, -24, 32, -26);
      outlinedStroke(ctx, fur2, 2.6);
      break;
    case 'bushy':
    case 'fox':
    case 'striped': {
      // A big brush standing up behind the body: the squirrel's is tallest.
      const tall = plan.tail === 'bushy' ? 1.35 : 1;
      ctx.translate(14, -16);
      ctx.rotate((plan.tail === 'bushy' ? -0.15 : 0.25) - up * 0.15);
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.bezierCurveTo(28, 4, 36 * tall, -30 * tall, 20, -50 * tall);
      ctx.bezierCurveTo(10, -38 * tall, 4, -24, -4, -8);
      ctx.closePath();
      fillStroke(ctx, fur);
      ctx.save();
      ctx.clip();
      if (plan.tail === 'fox') ellipse(ctx, 20, -50 * tall, 12, 12, belly, 0);
      if (plan.tail === 'striped') {
        ctx.fillStyle = fur2;
        for (const y of [-8, -20, -32, -44]) {
          ctx.beginPath();
          ctx.ellipse(14, y, 22, 3.5, 0.35, 0, Math.PI * 2);
          ctx.fill();
        }
      }
      ctx.restore();
      break;
    }
    case 'feathers':
      for (const [i, a] of [-0.15, 0.1, 0.35].entries()) {
        ctx.save();
        ctx.translate(8, -12);
        ctx.rotate(a + 0.9);
        ctx.beginPath();
        ctx.ellipse(0, 18, 4.5, 20 - i * 2, 0, 0, Math.PI * 2);
        fillStroke(ctx, i === 1 ? fur2 : fur, 1.6);
        ctx.restore();
      }
      break;
    case 'duck':
      ctx.beginPath();
      ctx.moveTo(18, -26);
      ctx.lineTo(34, -36);
      ctx.lineTo(26, -18);
      ctx.closePath();
      fillStroke(ctx, fur, 1.8);
      break;
    case 'otter':
    case 'lizard':
      ctx.beginPath();
      ctx.moveTo(12, -16);
      ctx.bezierCurveTo(30, -8, 44, -4, 52, up > 0 ? -20 : -2);
      outlinedStroke(ctx, plan.tail === 'lizard' ? fur : fur2, plan.tail === 'lizard' ? 6 : 7);
      break;
  }
  ctx.restore();
}
