import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Emotion } from '../../writer/script.js';
import type { Look } from './looks.js';

type Ctx = SKRSContext2D;

/**
 * Procedural vector characters: an anthropomorphised cat or dog of a breed, in its accessory,
 * posed for one of eight emotions. `size` is the character's height in pixels; (x, y) is the
 * middle of its feet. The same look always draws the same character.
 */
export function drawCharacter(ctx: Ctx, look: Look, emotion: Emotion, x: number, y: number, size: number, facing: 'left' | 'right'): void {
  const u = size / 100;
  ctx.save();
  ctx.translate(x, y);
  if (facing === 'left') ctx.scale(-1, 1);
  ctx.scale(u, u);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  // Origin at the feet; the head's centre is at (0, -72).
  drawShadow(ctx);
  drawTail(ctx, look, emotion);
  drawBody(ctx, look, emotion);
  drawArms(ctx, look, emotion);
  ctx.save();
  ctx.translate(0, -72);
  if (emotion === 'sad' || emotion === 'crying') ctx.rotate(0.06);
  if (emotion === 'smug') ctx.rotate(-0.08);
  drawEars(ctx, look, emotion, 'back');
  drawHead(ctx, look);
  drawEars(ctx, look, emotion, 'front');
  drawFace(ctx, look, emotion);
  drawHeadwear(ctx, look);
  ctx.restore();
  drawEffects(ctx, emotion);
  ctx.restore();
}

const OUTLINE = '#2b2024';

function fillStroke(ctx: Ctx, fill: string, width = 2.2): void {
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = OUTLINE;
  ctx.lineWidth = width;
  ctx.stroke();
}

function drawShadow(ctx: Ctx): void {
  ctx.beginPath();
  ctx.ellipse(0, 0, 30, 5, 0, 0, Math.PI * 2);
  ctx.fillStyle = 'rgba(0,0,0,0.25)';
  ctx.fill();
}

function drawTail(ctx: Ctx, look: Look, emotion: Emotion): void {
  const b = look.breed;
  ctx.beginPath();
  if (b.kind === 'cat') {
    const up = emotion === 'happy' || emotion === 'in love' || emotion === 'smug' ? -1 : emotion === 'scared' ? -1.3 : 0.4;
    ctx.moveTo(14, -14);
    ctx.bezierCurveTo(40, -10, 42, -30 + up * 10, 34, -44 + up * 8);
    ctx.lineWidth = 7;
    ctx.strokeStyle = OUTLINE;
    ctx.stroke();
    ctx.lineWidth = 4.6;
    ctx.strokeStyle = b.fur;
    ctx.stroke();
  } else if (b.id === 'corgi') {
    ctx.ellipse(18, -18, 5, 4, 0, 0, Math.PI * 2);
    fillStroke(ctx, b.fur);
  } else {
    const wag = emotion === 'happy' || emotion === 'in love' ? -0.5 : emotion === 'sad' || emotion === 'scared' ? 0.9 : 0;
    ctx.save();
    ctx.translate(16, -20);
    ctx.rotate(wag);
    ctx.ellipse(12, -6, b.fluffy ? 12 : 10, b.fluffy ? 6 : 4, -0.6, 0, Math.PI * 2);
    fillStroke(ctx, b.id === 'husky' ? b.fur : b.fur2);
    ctx.restore();
  }
}

function drawBody(ctx: Ctx, look: Look, emotion: Emotion): void {
  const b = look.breed;
  const slump = emotion === 'sad' || emotion === 'crying' ? 3 : 0;
  // Legs
  for (const lx of [-10, 10]) {
    ctx.beginPath();
    ctx.ellipse(lx, -5, 7, 6, 0, 0, Math.PI * 2);
    fillStroke(ctx, b.fur2);
  }
  // Torso
  ctx.beginPath();
  ctx.ellipse(0, -28 + slump, 21, 26, 0, 0, Math.PI * 2);
  const clothes = look.accessory === 'suit' ? '#2d3142' : look.accessory === 'hospital gown' ? '#a8d5e2' : b.fur;
  fillStroke(ctx, clothes);
  ctx.save();
  ctx.clip();
  if (look.accessory === 'suit') {
    ctx.beginPath();
    ctx.moveTo(-9, -54);
    ctx.lineTo(0, -30);
    ctx.lineTo(9, -54);
    ctx.closePath();
    ctx.fillStyle = '#f7f7f2';
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(-2, -50);
    ctx.lineTo(2, -50);
    ctx.lineTo(3, -34);
    ctx.lineTo(0, -30);
    ctx.lineTo(-3, -34);
    ctx.closePath();
    ctx.fillStyle = look.accent;
    ctx.fill();
  } else if (look.accessory === 'hospital gown') {
    ctx.fillStyle = '#7fb8cc';
    for (let gx = -20; gx <= 20; gx += 8) for (let gy = -52; gy <= -4; gy += 8) ctx.fillRect(gx + ((gy / 8) % 2) * 4, gy, 2, 2);
  } else {
    ctx.beginPath();
    ctx.ellipse(0, -22 + slump, 13, 18, 0, 0, Math.PI * 2);
    ctx.fillStyle = b.belly;
    ctx.fill();
  }
  ctx.restore();
  // Neckwear
  if (look.accessory === 'tie') {
    ctx.beginPath();
    ctx.moveTo(-3, -52);
    ctx.lineTo(3, -52);
    ctx.lineTo(4, -32);
    ctx.lineTo(0, -27);
    ctx.lineTo(-4, -32);
    ctx.closePath();
    fillStroke(ctx, look.accent, 1.6);
  } else if (look.accessory === 'bow') {
    ctx.beginPath();
    ctx.moveTo(0, -51);
    ctx.lineTo(-9, -56);
    ctx.lineTo(-9, -46);
    ctx.closePath();
    ctx.moveTo(0, -51);
    ctx.lineTo(9, -56);
    ctx.lineTo(9, -46);
    ctx.closePath();
    fillStroke(ctx, look.accent, 1.6);
    ctx.beginPath();
    ctx.arc(0, -51, 2.4, 0, Math.PI * 2);
    fillStroke(ctx, look.accent, 1.2);
  } else if (look.accessory === 'pearls') {
    for (let i = -4; i <= 4; i++) {
      ctx.beginPath();
      ctx.arc(i * 3.2, -50 + Math.abs(i) * -0.6 + 4, 1.7, 0, Math.PI * 2);
      fillStroke(ctx, '#fdfcf7', 0.8);
    }
  } else if (look.accessory === 'scarf') {
    ctx.beginPath();
    ctx.ellipse(0, -52, 16, 5, 0, 0, Math.PI * 2);
    fillStroke(ctx, look.accent, 1.6);
    ctx.beginPath();
    ctx.rect(6, -52, 6, 18);
    fillStroke(ctx, look.accent, 1.6);
  }
}

function paw(ctx: Ctx, x: number, y: number, fur: string): void {
  ctx.beginPath();
  ctx.ellipse(x, y, 6, 6.5, 0, 0, Math.PI * 2);
  fillStroke(ctx, fur, 1.8);
}

function drawArms(ctx: Ctx, look: Look, emotion: Emotion): void {
  const fur = look.breed.fur;
  const sleeve = look.accessory === 'suit' ? '#2d3142' : look.accessory === 'hospital gown' ? '#a8d5e2' : fur;
  const arm = (x1: number, y1: number, x2: number, y2: number) => {
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.lineWidth = 10;
    ctx.strokeStyle = OUTLINE;
    ctx.stroke();
    ctx.lineWidth = 7;
    ctx.strokeStyle = sleeve;
    ctx.stroke();
    paw(ctx, x2, y2, fur);
  };
  switch (emotion) {
    case 'angry':
      arm(-18, -42, -26, -58);
      arm(18, -42, 26, -58);
      break;
    case 'shocked':
      arm(-18, -42, -14, -74);
      arm(18, -42, 14, -74);
      break;
    case 'crying':
      arm(-18, -42, -8, -70);
      arm(18, -42, 22, -20);
      break;
    case 'in love':
      arm(-18, -42, -4, -40);
      arm(18, -42, 4, -40);
      break;
    case 'happy':
      arm(-18, -42, -26, -24);
      arm(18, -42, 30, -66);
      break;
    case 'smug':
      arm(-18, -42, 8, -32);
      arm(18, -42, -6, -30);
      break;
    case 'scared':
      arm(-18, -42, 6, -36);
      arm(18, -42, -6, -38);
      break;
    default:
      arm(-18, -42, -22, -18);
      arm(18, -42, 22, -18);
  }
}

function drawEars(ctx: Ctx, look: Look, emotion: Emotion, layer: 'back' | 'front'): void {
  const b = look.breed;
  const droop = emotion === 'sad' || emotion === 'crying' || emotion === 'scared' ? 0.45 : emotion === 'angry' ? 0.25 : 0;
  for (const side of [-1, 1]) {
    ctx.save();
    if (b.ears === 'floppy') {
      if (layer !== 'front') {
        ctx.restore();
        continue;
      }
      ctx.translate(side * 20, -12);
      ctx.rotate(side * (0.25 + droop * 0.4));
      ctx.beginPath();
      ctx.ellipse(side * 4, 14, 8, 17, 0, 0, Math.PI * 2);
      fillStroke(ctx, b.fur2);
    } else {
      if (layer !== 'back') {
        ctx.restore();
        continue;
      }
      const tall = b.ears === 'tall' ? 1.45 : b.ears === 'round' ? 0.6 : 1;
      ctx.translate(side * 14, -16);
      ctx.rotate(side * (0.25 + droop));
      ctx.beginPath();
      if (b.ears === 'round') {
        ctx.arc(0, -4, 7, Math.PI, 0);
        ctx.closePath();
      } else {
        ctx.moveTo(-9, 4);
        ctx.lineTo(side * 2, -20 * tall);
        ctx.lineTo(9, 4);
        ctx.closePath();
      }
      fillStroke(ctx, b.pattern === 'points' ? b.fur2 : b.fur);
      ctx.beginPath();
      if (b.ears !== 'round') {
        ctx.moveTo(-4.5, 2);
        ctx.lineTo(side * 1.5, -13 * tall);
        ctx.lineTo(4.5, 2);
        ctx.closePath();
        ctx.fillStyle = b.kind === 'cat' ? '#f3a6b5' : b.belly;
        ctx.fill();
      }
    }
    ctx.restore();
  }
}

function drawHead(ctx: Ctx, look: Look): void {
  const b = look.breed;
  ctx.beginPath();
  if (b.fluffy) {
    // A ruff of fur around the face.
    for (let i = 0; i < 14; i++) {
      const a = (i / 14) * Math.PI * 2;
      ctx.moveTo(Math.cos(a) * 25, Math.sin(a) * 22);
      ctx.arc(Math.cos(a) * 24, Math.sin(a) * 21, 5, 0, Math.PI * 2);
    }
    ctx.fillStyle = b.fur2;
    ctx.fill();
    ctx.beginPath();
  }
  ctx.ellipse(0, 0, 24, 21, 0, 0, Math.PI * 2);
  fillStroke(ctx, b.fur);
  ctx.save();
  ctx.clip();
  if (b.pattern === 'mask') {
    ctx.beginPath();
    ctx.ellipse(0, 10, 17, 12, 0, 0, Math.PI * 2);
    ctx.ellipse(-11, 2, 7, 6, 0, 0, Math.PI * 2);
    ctx.ellipse(11, 2, 7, 6, 0, 0, Math.PI * 2);
    ctx.fillStyle = b.id === 'pug' ? b.fur2 : b.belly;
    ctx.fill();
  } else if (b.pattern === 'points') {
    ctx.beginPath();
    ctx.ellipse(0, 6, 11, 12, 0, 0, Math.PI * 2);
    ctx.fillStyle = b.fur2;
    ctx.globalAlpha = 0.75;
    ctx.fill();
    ctx.globalAlpha = 1;
  } else if (b.pattern === 'tabby') {
    ctx.strokeStyle = b.fur2;
    ctx.lineWidth = 2.4;
    for (const dx of [-6, 0, 6]) {
      ctx.beginPath();
      ctx.moveTo(dx, -20);
      ctx.lineTo(dx * 0.8, -11);
      ctx.stroke();
    }
    for (const side of [-1, 1]) {
      ctx.beginPath();
      ctx.moveTo(side * 24, 0);
      ctx.lineTo(side * 17, 2);
      ctx.moveTo(side * 24, 5);
      ctx.lineTo(side * 18, 6);
      ctx.stroke();
    }
  } else if (b.pattern === 'saddle') {
    ctx.beginPath();
    ctx.ellipse(-14, -10, 9, 9, 0, 0, Math.PI * 2);
    ctx.fillStyle = b.fur2;
    ctx.fill();
  }
  ctx.restore();
}

function eye(ctx: Ctx, x: number, look: Look, opts: { open?: number; pupil?: number; lookY?: number }): void {
  const open = opts.open ?? 1;
  ctx.beginPath();
  ctx.ellipse(x, -1, 5.2, 6 * open, 0, 0, Math.PI * 2);
  fillStroke(ctx, '#ffffff', 1.4);
  ctx.beginPath();
  ctx.arc(x, -1 + (opts.lookY ?? 0), 3.6 * (opts.pupil ?? 1), 0, Math.PI * 2);
  ctx.fillStyle = look.eye;
  ctx.fill();
  ctx.beginPath();
  ctx.arc(x, -1 + (opts.lookY ?? 0), 1.9 * (opts.pupil ?? 1), 0, Math.PI * 2);
  ctx.fillStyle = '#111';
  ctx.fill();
  ctx.beginPath();
  ctx.arc(x + 1.3, -2.6 + (opts.lookY ?? 0), 1, 0, Math.PI * 2);
  ctx.fillStyle = '#fff';
  ctx.fill();
}

function brow(ctx: Ctx, x: number, tilt: number, lift = 0): void {
  ctx.beginPath();
  ctx.moveTo(x - 5, -10 - lift + tilt * (x < 0 ? -1 : 1));
  ctx.lineTo(x + 5, -10 - lift - tilt * (x < 0 ? -1 : 1));
  ctx.lineWidth = 2.2;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
}

function heart(ctx: Ctx, x: number, y: number, s: number, color: string): void {
  ctx.beginPath();
  ctx.moveTo(x, y + s * 0.9);
  ctx.bezierCurveTo(x - s * 1.6, y - s * 0.2, x - s * 0.7, y - s * 1.4, x, y - s * 0.5);
  ctx.bezierCurveTo(x + s * 0.7, y - s * 1.4, x + s * 1.6, y - s * 0.2, x, y + s * 0.9);
  ctx.fillStyle = color;
  ctx.fill();
}

function drawFace(ctx: Ctx, look: Look, emotion: Emotion): void {
  const b = look.breed;
  const E = 9;
  // Eyes and brows
  switch (emotion) {
    case 'happy':
      for (const x of [-E, E]) {
        ctx.beginPath();
        ctx.arc(x, 0, 4.5, Math.PI * 1.1, Math.PI * 1.9);
        ctx.lineWidth = 2.4;
        ctx.strokeStyle = OUTLINE;
        ctx.stroke();
      }
      break;
    case 'in love':
      for (const x of [-E, E]) heart(ctx, x, -1, 5, '#e84393');
      break;
    case 'smug':
      for (const x of [-E, E]) {
        eye(ctx, x, look, { open: 0.8, lookY: 1 });
        ctx.beginPath();
        ctx.ellipse(x, -4, 6, 4.5, 0, Math.PI, 0);
        ctx.fillStyle = b.fur;
        ctx.fill();
        ctx.beginPath();
        ctx.moveTo(x - 5.5, -3);
        ctx.lineTo(x + 5.5, -3);
        ctx.lineWidth = 1.8;
        ctx.strokeStyle = OUTLINE;
        ctx.stroke();
      }
      brow(ctx, E, 0, 4);
      break;
    case 'angry':
      for (const x of [-E, E]) eye(ctx, x, look, { open: 0.75, pupil: 0.8 });
      brow(ctx, -E, -3);
      brow(ctx, E, -3);
      break;
    case 'shocked':
      for (const x of [-E, E]) eye(ctx, x, look, { open: 1.25, pupil: 0.45 });
      brow(ctx, -E, 0, 5);
      brow(ctx, E, 0, 5);
      break;
    case 'scared':
      for (const x of [-E, E]) eye(ctx, x, look, { open: 1.15, pupil: 0.55, lookY: 1 });
      brow(ctx, -E, 2.5, 2);
      brow(ctx, E, 2.5, 2);
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
      brow(ctx, -E, 3);
      brow(ctx, E, 3);
      break;
    default: // sad
      for (const x of [-E, E]) eye(ctx, x, look, { open: 0.85, lookY: 1.5 });
      brow(ctx, -E, 3);
      brow(ctx, E, 3);
  }
  // Muzzle and nose
  if (b.kind === 'dog') {
    const len = b.snout === 'long' ? 9 : b.snout === 'short' ? 5 : 7;
    ctx.beginPath();
    ctx.ellipse(0, 9, 10, len, 0, 0, Math.PI * 2);
    fillStroke(ctx, b.id === 'pug' ? b.fur2 : b.belly, 1.6);
    ctx.beginPath();
    ctx.ellipse(0, 9 - len + 4, 4, 2.8, 0, 0, Math.PI * 2);
    ctx.fillStyle = '#1b1b1b';
    ctx.fill();
  } else {
    ctx.beginPath();
    ctx.moveTo(-2.5, 6);
    ctx.lineTo(2.5, 6);
    ctx.lineTo(0, 8.5);
    ctx.closePath();
    ctx.fillStyle = '#f08ca0';
    ctx.fill();
    ctx.strokeStyle = b.id === 'black-cat' ? '#9c9aa3' : OUTLINE;
    ctx.lineWidth = 0.9;
    for (const side of [-1, 1]) {
      for (const dy of [-1, 2]) {
        ctx.beginPath();
        ctx.moveTo(side * 8, 9 + dy);
        ctx.lineTo(side * 23, 7 + dy * 2);
        ctx.stroke();
      }
    }
  }
  // Mouth
  const my = b.kind === 'dog' ? 15 : 11;
  ctx.lineWidth = 2;
  ctx.strokeStyle = OUTLINE;
  ctx.beginPath();
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
      ctx.moveTo(-5, my + 2);
      ctx.lineTo(5, my + 2);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(-3, my + 2);
      ctx.lineTo(-2, my + 4);
      ctx.moveTo(3, my + 2);
      ctx.lineTo(2, my + 4);
      ctx.stroke();
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
  // Cheeks and tears
  if (emotion === 'in love' || emotion === 'happy' || emotion === 'angry') {
    ctx.fillStyle = emotion === 'angry' ? 'rgba(220,40,40,0.45)' : 'rgba(255,105,140,0.5)';
    for (const x of [-15, 15]) {
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

function drawHeadwear(ctx: Ctx, look: Look): void {
  if (look.accessory === 'glasses') {
    ctx.lineWidth = 1.8;
    ctx.strokeStyle = '#1b1b1b';
    for (const x of [-9, 9]) {
      ctx.beginPath();
      ctx.arc(x, -1, 7, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.beginPath();
    ctx.moveTo(-2, -1);
    ctx.lineTo(2, -1);
    ctx.stroke();
  } else if (look.accessory === 'crown') {
    ctx.beginPath();
    ctx.moveTo(-11, -17);
    ctx.lineTo(-13, -31);
    ctx.lineTo(-6, -24);
    ctx.lineTo(0, -34);
    ctx.lineTo(6, -24);
    ctx.lineTo(13, -31);
    ctx.lineTo(11, -17);
    ctx.closePath();
    fillStroke(ctx, '#f4c542', 1.6);
    ctx.beginPath();
    ctx.arc(0, -22, 2, 0, Math.PI * 2);
    ctx.fillStyle = '#c0392b';
    ctx.fill();
  }
}

function drawEffects(ctx: Ctx, emotion: Emotion): void {
  if (emotion === 'in love') {
    heart(ctx, 30, -104, 5, 'rgba(232,67,147,0.9)');
    heart(ctx, -28, -112, 4, 'rgba(232,67,147,0.7)');
    heart(ctx, 18, -122, 3, 'rgba(232,67,147,0.6)');
  } else if (emotion === 'scared') {
    ctx.beginPath();
    ctx.moveTo(26, -100);
    ctx.quadraticCurveTo(32, -90, 26, -86);
    ctx.quadraticCurveTo(20, -90, 26, -100);
    ctx.fillStyle = 'rgba(120,200,255,0.9)';
    ctx.fill();
  } else if (emotion === 'angry') {
    ctx.strokeStyle = '#e02424';
    ctx.lineWidth = 2.4;
    for (const [dx, dy, r] of [
      [0, 0, 0],
      [1, 1, Math.PI / 2],
      [0, 1, Math.PI],
      [1, 0, -Math.PI / 2],
    ] as const) {
      ctx.beginPath();
      ctx.arc(24 + dx * 6, -100 + dy * 6, 3, r, r + Math.PI / 2);
      ctx.stroke();
    }
  } else if (emotion === 'shocked') {
    ctx.strokeStyle = OUTLINE;
    ctx.lineWidth = 2;
    for (const a of [-0.5, -0.2, 0.1]) {
      ctx.beginPath();
      ctx.moveTo(Math.sin(a) * 36, -72 - Math.cos(a) * 36);
      ctx.lineTo(Math.sin(a) * 46, -72 - Math.cos(a) * 46);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(-Math.sin(a) * 36, -72 - Math.cos(a) * 36);
      ctx.lineTo(-Math.sin(a) * 46, -72 - Math.cos(a) * 46);
      ctx.stroke();
    }
  }
}
