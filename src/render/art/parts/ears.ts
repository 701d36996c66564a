import type { Emotion } from '../../../writer/script.js';
import type { BodyPlan } from '../kinds.js';
import type { Ears, Look } from '../looks.js';
import { type Ctx, fillStroke, puffs } from './pen.js';

/** Ears (origin at the head's centre). Upright ears go behind the head, hanging ones in front of it. */

const FRONT: ReadonlySet<Ears> = new Set(['floppy', 'lop', 'folded', 'petal', 'curly']);

export function drawEars(ctx: Ctx, look: Look, plan: BodyPlan, emotion: Emotion, layer: 'back' | 'front'): void {
  const ears = look.breed.ears;
  if (ears === 'none' || FRONT.has(ears) !== (layer === 'front')) return;
  const droop = emotion === 'sad' || emotion === 'crying' || emotion === 'scared' ? 0.45 : emotion === 'angry' ? 0.25 : 0;
  const { fur, fur2, belly } = look.colours;
  const { rx, ry } = plan.head;
  const inner = plan.innerEar ?? belly;
  const edge = look.breed.pattern === 'points' || look.kind === 'fox' ? fur2 : fur;
  for (const side of [-1, 1]) {
    ctx.save();
    switch (ears) {
      case 'floppy':
        ctx.translate(side * (rx - 4), -ry * 0.55);
        ctx.rotate(side * (0.25 + droop * 0.4));
        ctx.beginPath();
        ctx.ellipse(side * 4, 14, 8, 17, 0, 0, Math.PI * 2);
        fillStroke(ctx, look.kind === 'pig' ? fur : fur2);
        break;
      case 'curly':
        // A poodle's: a hanging cloud of curls.
        ctx.translate(side * (rx - 3), -ry * 0.5);
        ctx.rotate(side * (0.2 + droop * 0.4));
        puffs(
          ctx,
          [
            [side * 3, 4],
            [side * 6, 11],
            [side * 2, 16],
            [side * 6, 22],
            [side * 2, 27],
          ],
          6.5,
          fur,
        );
        break;
      case 'lop':
        ctx.translate(side * (rx - 6), -ry * 0.6);
        ctx.rotate(side * (0.12 + droop * 0.3));
        ctx.beginPath();
        ctx.ellipse(side * 5, 17, 7.5, 21, 0, 0, Math.PI * 2);
        fillStroke(ctx, fur2);
        break;
      case 'folded':
        ctx.translate(side * (rx - 9), -ry * 0.78);
        ctx.rotate(side * (0.5 + droop * 0.5));
        ctx.beginPath();
        ctx.moveTo(-7, 0);
        ctx.lineTo(7, 0);
        ctx.lineTo(side * 5, 11);
        ctx.closePath();
        fillStroke(ctx, look.breed.pattern === 'blaze' ? fur : fur2, 1.8);
        break;
      case 'petal':
        ctx.translate(side * (rx - 7), -ry * 0.7);
        ctx.rotate(side * (0.9 + droop * 0.3));
        ctx.beginPath();
        ctx.ellipse(0, 3, 7, 5, 0, 0, Math.PI * 2);
        fillStroke(ctx, '#e9a0a6', 1.6);
        break;
      case 'round': {
        ctx.translate(side * rx * 0.62, -ry * 0.78);
        ctx.rotate(side * (0.35 + droop * 0.6));
        const r = look.kind === 'red panda' ? 8.5 : look.kind === 'hedgehog' || look.kind === 'otter' ? 5 : 7;
        ctx.beginPath();
        ctx.arc(0, -3, r, Math.PI * 0.95, Math.PI * 2.05);
        ctx.closePath();
        fillStroke(ctx, look.kind === 'red panda' ? '#fbf4ea' : fur);
        ctx.beginPath();
        ctx.arc(0, -3, r * 0.55, Math.PI, 0);
        ctx.fillStyle = look.kind === 'red panda' ? fur2 : inner;
        ctx.fill();
        break;
      }
      case 'long': {
        ctx.translate(side * 9, -ry + 4);
        ctx.rotate(side * (0.12 + droop * 1.2));
        ctx.beginPath();
        ctx.ellipse(0, -20, 7, 22, 0, 0, Math.PI * 2);
        fillStroke(ctx, fur);
        ctx.beginPath();
        ctx.ellipse(0, -19, 3.5, 16, 0, 0, Math.PI * 2);
        ctx.fillStyle = inner;
        ctx.fill();
        break;
      }
      default: {
        // Triangles: pointy, tall, huge, tufted.
        const tall = ears === 'tall' ? 1.45 : ears === 'huge' ? 1.5 : ears === 'tufted' ? 1.2 : 1;
        const wide = ears === 'huge' ? 1.55 : 1;
        ctx.translate(side * rx * 0.58, -ry * 0.76);
        ctx.rotate(side * (0.25 + (ears === 'huge' ? 0.35 : 0) + droop));
        ctx.beginPath();
        ctx.moveTo(-9 * wide, 4);
        ctx.lineTo(side * 2, -20 * tall);
        ctx.lineTo(9 * wide, 4);
        ctx.closePath();
        fillStroke(ctx, edge);
        ctx.beginPath();
        ctx.moveTo(-4.5 * wide, 2);
        ctx.lineTo(side * 1.5, -13 * tall);
        ctx.lineTo(4.5 * wide, 2);
        ctx.closePath();
        ctx.fillStyle = inner;
        ctx.fill();
        if (ears === 'tufted') {
          ctx.beginPath();
          ctx.moveTo(side * 2, -20 * tall);
          ctx.lineTo(side * 4, -27 * tall);
          ctx.lineWidth = 2.4;
          ctx.strokeStyle = fur2;
          ctx.stroke();
        }
      }
    }
    ctx.restore();
  }
}
