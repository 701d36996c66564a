import type { Emotion } from '../../writer/script.js';
import { ACTION_PROP, PROP_HELD, type Action, type Prop, type Wardrobe } from '../../writer/staging.js';
import { planOf } from './kinds.js';
import type { Look } from './looks.js';
import { drawHeadwear, drawLegs, drawTorso, drawVeil, TORSO_Y, type Outfit } from './parts/body.js';
import { drawEars } from './parts/ears.js';
import { drawEffects, drawSwoosh } from './parts/effects.js';
import { drawEyes } from './parts/eyes.js';
import { drawBehindHead, drawHead } from './parts/head.js';
import { drawArm } from './parts/limbs.js';
import { drawCheeksAndTears, drawMouth } from './parts/mouths.js';
import { drawMuzzle } from './parts/muzzles.js';
import type { Ctx } from './parts/pen.js';
import { drawTail } from './parts/tails.js';
import { poseFor } from './poses.js';
import { drawProp, drawSponsorProduct, type SponsorMark } from './props.js';

/**
 * Procedural vector characters: an anthropomorphised animal of its kind and breed (kinds.ts,
 * looks.ts), dressed for the scene and posed for an action and an emotion. `size` is the
 * character's height in pixels; (x, y) is the middle of its feet. The same look always draws the
 * same character. Drawn facing right, mirrored for left.
 */

export interface Staging {
  action?: Action;
  wardrobe?: readonly Wardrobe[];
  /** What the character holds; without it (undefined or null), what its action needs (a letter to read). */
  holding?: Prop | null;
  /** Eyes shut: the blink frame. */
  blink?: boolean;
  /** Mouth open: the talking frame. */
  talking?: boolean;
  /** Breathing in: the chest swells and the shoulders rise; the head stays where it is. */
  breath?: boolean;
  /** A sponsor's product in the holding paw, in place of any prop (core/sponsors.ts). */
  sponsor?: SponsorMark;
}

/** What a moving layer changes in a drawing: the frames switched on ffmpeg's timeline. */
export type Variant = Pick<Staging, 'blink' | 'talking' | 'breath'>;

export function outfitOf(look: Look, wardrobe: readonly Wardrobe[] = []): Outfit {
  const wears = (w: Wardrobe) => wardrobe.includes(w);
  const torso = wears('wedding dress')
    ? 'wedding dress'
    : wears('hospital gown')
      ? 'hospital gown'
      : wears('suit')
        ? 'suit'
        : look.accessory === 'suit' || look.accessory === 'hospital gown'
          ? look.accessory
          : 'fur';
  const neck = look.accessory === 'tie' || look.accessory === 'bow' || look.accessory === 'pearls' || look.accessory === 'scarf' ? look.accessory : 'none';
  return {
    torso,
    neck: torso === 'hospital gown' || (torso === 'wedding dress' && neck !== 'pearls') ? 'none' : neck,
    head: wears("chef's hat") ? "chef's hat" : torso === 'wedding dress' ? 'veil' : look.accessory === 'crown' ? 'crown' : 'none',
    glasses: look.accessory === 'glasses',
    badge: wears('police badge'),
  };
}

export function drawCharacter(ctx: Ctx, look: Look, emotion: Emotion, x: number, y: number, size: number, facing: 'left' | 'right', staging: Staging = {}): void {
  const plan = planOf(look.kind);
  const action = staging.action ?? 'stand';
  const pose = poseFor(action, emotion);
  const outfit = outfitOf(look, staging.wardrobe);
  // What the action needs, unless the script gave something else to hold.
  const held = staging.holding ?? ACTION_PROP[action];
  const u = size / 100;
  ctx.save();
  ctx.translate(x, y);
  if (facing === 'left') ctx.scale(-1, 1);
  ctx.scale(u, u);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  if (pose.lying === 'bed') {
    // On its back along the bed, head on the pillow (to the left): the bed's top is the floor here.
    ctx.rotate(-Math.PI / 2);
    ctx.translate(0, 36);
  }
  const sad = emotion === 'sad' || emotion === 'crying';
  const slump = sad ? 3 : 0;
  const drop = TORSO_Y[pose.stance] - TORSO_Y.stand + slump;
  if (pose.lying !== 'bed') shadow(ctx, pose.stance === 'sit' ? 36 : 30);
  if (outfit.head === 'veil') {
    // Behind everything: the veil hangs from the crown down the back.
    ctx.save();
    ctx.translate(0, -plan.headY + drop);
    drawVeil(ctx, plan);
    ctx.restore();
  }
  if (!pose.back) drawTail(ctx, look, plan, emotion);
  drawLegs(ctx, look, plan, pose.stance);
  ctx.save();
  ctx.translate(0, -10);
  ctx.rotate(pose.lean);
  ctx.translate(0, 10);
  const sleeve = outfit.torso === 'suit' ? '#2d3142' : outfit.torso === 'hospital gown' ? '#a8d5e2' : outfit.torso === 'wedding dress' ? '#fdfbf7' : look.colours.fur;
  // Breathing in scales the torso up from its bottom; the shoulders ride up with it.
  const chest = staging.breath ? { sx: 1.03, sy: 1.05 } : { sx: 1, sy: 1 };
  const torsoBottom = TORSO_Y[pose.stance] + slump + plan.body.ry;
  const shoulderY = -42 + drop;
  const shoulder = (side: -1 | 1) => [side * (plan.body.rx - 3) * chest.sx, shoulderY - (torsoBottom - shoulderY) * (chest.sy - 1)] as const;
  const paw = (i: 0 | 1) => [pose.paws[i][0], pose.paws[i][1] + (pose.paws[i][1] < -30 ? 0 : drop * 0.5)] as const;
  if (pose.back) {
    drawArm(ctx, look, plan, sleeve, shoulder(-1), paw(0));
    drawArm(ctx, look, plan, sleeve, shoulder(1), paw(1));
  }
  ctx.save();
  ctx.translate(0, torsoBottom);
  ctx.scale(chest.sx, chest.sy);
  ctx.translate(0, -torsoBottom);
  drawTorso(ctx, look, plan, pose.stance, outfit, slump);
  ctx.restore();
  if (!pose.back) drawArm(ctx, look, plan, sleeve, shoulder(-1), paw(0));
  ctx.save();
  ctx.translate(0, -plan.headY + drop);
  if (sad || pose.lying === 'floor') ctx.rotate(pose.lying === 'floor' ? 0.18 : 0.06);
  if (emotion === 'smug') ctx.rotate(-0.08);
  drawBehindHead(ctx, look, plan);
  drawEars(ctx, look, plan, emotion, 'back');
  drawHead(ctx, look, plan);
  drawEars(ctx, look, plan, emotion, 'front');
  if (!pose.back) {
    const E = plan.eyeX;
    // Asleep or unconscious: eyes shut.
    drawEyes(ctx, look, emotion, E, staging.blink || action === 'sleep');
    const open = staging.talking ? 1 : emotion === 'shocked' ? 0.6 : 0;
    const mouthY = drawMuzzle(ctx, look, plan, open);
    if (mouthY !== null) drawMouth(ctx, emotion, mouthY, staging.talking);
    drawCheeksAndTears(ctx, emotion, E);
  }
  drawHeadwear(ctx, plan, pose.back ? { ...outfit, glasses: false } : outfit, plan.eyeX);
  ctx.restore();
  if (!pose.back) {
    drawArm(ctx, look, plan, sleeve, shoulder(1), paw(1));
    if (staging.sponsor) drawSponsorProduct(ctx, staging.sponsor, paw(pose.holds)[0], paw(pose.holds)[1], 1);
    else if (held && PROP_HELD[held]) drawProp(ctx, held, paw(pose.holds)[0], paw(pose.holds)[1], 1, { open: action === 'read letter' || action === 'kneel' });
    if (pose.swoosh && action === 'slap') drawSwoosh(ctx, pose.paws[1][0] + 2, pose.paws[1][1] - 12, 14);
  }
  ctx.restore();
  if (pose.back) drawTail(ctx, look, plan, emotion);
  if (pose.swoosh && action === 'storm out') drawSwoosh(ctx, -30, -40, 30);
  if (pose.lying === 'floor') puddle(ctx);
  if (pose.lying !== 'bed') drawEffects(ctx, emotion, plan.headY - drop);
  ctx.restore();
}

/** Tears on the floor in front of someone who collapsed. */
function puddle(ctx: Ctx): void {
  ctx.beginPath();
  ctx.ellipse(24, 1, 16, 3.5, 0, 0, Math.PI * 2);
  ctx.fillStyle = 'rgba(90,170,255,0.55)';
  ctx.fill();
}

function shadow(ctx: Ctx, rx: number): void {
  ctx.beginPath();
  ctx.ellipse(0, 0, rx, 5, 0, 0, Math.PI * 2);
  ctx.fillStyle = 'rgba(0,0,0,0.25)';
  ctx.fill();
}
