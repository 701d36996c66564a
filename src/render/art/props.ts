import type { Prop } from '../../writer/staging.js';
import { canvasFont } from './fonts.js';
import { type Ctx, fillStroke as penFillStroke, heartPath, OUTLINE } from './parts/pen.js';

/**
 * Procedural vector props in the characters' house style (a dark outline around flat fills), in
 * the cast's scale: `unit` is a character's height / 100. A held prop (`PROP_HELD`) is centred on
 * (x, y), the middle of the paw that holds it, and is meant to be drawn over that paw; a standing
 * prop stands on the floor with the middle of its bottom edge at (x, y). `open` opens the letter (a sheet instead of an envelope) and the
 * money case (bills instead of a closed lid); the ring box is always open, as a closed one reads
 * as any box.
 */
export function drawProp(ctx: Ctx, prop: Prop, x: number, y: number, unit: number, opts: { open?: boolean } = {}): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(unit, unit);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  DRAW[prop](ctx, opts.open ?? false);
  ctx.restore();
}

/**
 * How high the hospital bed's mattress is, in units: a character lying in bed lies on it, head on
 * the pillow at the bed's left end (about 30 units left of the anchor).
 */
export const BED_TOP = 34;

/**
 * The box a prop fills, in units, open or closed: centred on the grip point for a
 * held prop, standing on the anchor (from y - h to y) for a standing one.
 */
export function propBounds(prop: Prop): { w: number; h: number } {
  return BOUNDS[prop];
}

const BOUNDS: Record<Prop, { w: number; h: number }> = {
  'hospital bed': { w: 112, h: 78 },
  'ring box': { w: 19, h: 25 },
  letter: { w: 25, h: 27 },
  phone: { w: 17, h: 29 },
  suitcase: { w: 37, h: 31 },
  bouquet: { w: 26, h: 30 },
  glass: { w: 14, h: 28 },
  'evidence bag': { w: 22, h: 28 },
  poison: { w: 16, h: 27 },
  cake: { w: 38, h: 48 },
  photo: { w: 22, h: 26 },
  contract: { w: 22, h: 28 },
  'gift box': { w: 28, h: 31 },
  'money case': { w: 37, h: 43 },
};

/** Held props are small: a thinner outline than the characters' keeps their details open. */
const THIN = 1.5;
/** The characters' own outline, for the props that stand beside them. */
const THICK = 2.2;

const fillStroke = (ctx: Ctx, fill: string, width = THIN) => penFillStroke(ctx, fill, width);

function stroke(ctx: Ctx, color: string, width: number): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
}

function box(ctx: Ctx, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** A four-pointed twinkle. */
function sparkle(ctx: Ctx, x: number, y: number, s: number, color = '#fffbe0'): void {
  ctx.beginPath();
  ctx.moveTo(x, y - s);
  ctx.quadraticCurveTo(x, y, x + s, y);
  ctx.quadraticCurveTo(x, y, x, y + s);
  ctx.quadraticCurveTo(x, y, x - s, y);
  ctx.quadraticCurveTo(x, y, x, y - s);
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
  ctx.strokeStyle = 'rgba(43,32,36,0.6)';
  ctx.lineWidth = 0.5;
  ctx.stroke();
}

/** Lines of writing across a sheet: straight for print, wavy for a hand. */
function writing(ctx: Ctx, x0: number, x1: number, ys: number[], color: string, wavy: boolean): void {
  ctx.beginPath();
  ys.forEach((y, i) => {
    const end = i === ys.length - 1 ? x0 + (x1 - x0) * 0.6 : x1;
    ctx.moveTo(x0, y);
    if (!wavy) ctx.lineTo(end, y);
    else for (let x = x0; x < end; x += 2) ctx.quadraticCurveTo(x + 0.5, y - 0.7, Math.min(x + 2, end), y);
  });
  stroke(ctx, color, 0.8);
}

/** Text squeezed to `width`, written at a large size and scaled down (canvas fonts round to whole pixels). */
function label(ctx: Ctx, text: string, x: number, y: number, width: number, height: number, color: string): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(0.05, 0.05);
  ctx.font = canvasFont(height * 20);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = color;
  ctx.fillText(text, 0, 0, width * 20);
  ctx.restore();
}

const DRAW: Record<Prop, (ctx: Ctx, open: boolean) => void> = {
  'hospital bed': hospitalBed,
  'ring box': ringBox,
  letter,
  phone,
  suitcase,
  bouquet,
  glass,
  'evidence bag': evidenceBag,
  poison,
  cake,
  photo,
  contract,
  'gift box': giftBox,
  'money case': moneyCase,
};

function hospitalBed(ctx: Ctx): void {
  const metal = '#8fa3b0';
  // The IV stand, behind the head of the bed.
  ctx.beginPath();
  ctx.moveTo(-54, -2);
  ctx.lineTo(-49, -5);
  ctx.lineTo(-44, -2);
  stroke(ctx, OUTLINE, 2.6);
  for (const wx of [-54, -44]) {
    ctx.beginPath();
    ctx.arc(wx, -1.5, 1.5, 0, Math.PI * 2);
    fillStroke(ctx, '#4a5560', 1);
  }
  ctx.beginPath();
  ctx.moveTo(-49, -4);
  ctx.lineTo(-49, -76);
  ctx.moveTo(-54, -76);
  ctx.lineTo(-44, -76);
  stroke(ctx, OUTLINE, 3.2);
  stroke(ctx, metal, 1.6);
  // The drip bag, its drip chamber and the line down to the pillow.
  ctx.beginPath();
  ctx.moveTo(-49, -55);
  ctx.lineTo(-49, -51);
  ctx.bezierCurveTo(-49, -40, -38, -50, -34, -40);
  stroke(ctx, 'rgba(90,120,140,0.9)', 0.9);
  box(ctx, -50.5, -58, 3, 4, 0.8);
  fillStroke(ctx, '#e6f4fb', 1);
  box(ctx, -55, -75, 12, 17, 3);
  fillStroke(ctx, 'rgba(232,246,255,0.95)', 1.6);
  box(ctx, -53.5, -68, 9, 8.5, 2);
  ctx.fillStyle = '#9fd4ef';
  ctx.fill();
  box(ctx, -52, -72.5, 6, 3, 0.6);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  // Legs and wheels.
  for (const lx of [-37, 46]) {
    box(ctx, lx - 1.8, -16, 3.6, 12, 1);
    fillStroke(ctx, metal, 1.6);
    ctx.beginPath();
    ctx.arc(lx, -3, 3, 0, Math.PI * 2);
    fillStroke(ctx, '#4a5560', 1.6);
  }
  // The base under the mattress.
  box(ctx, -44, -22, 94, 7, 2);
  fillStroke(ctx, '#b9ccd8', THICK);
  // Headboard and footboard.
  box(ctx, -47, -47, 8, 40, 3);
  fillStroke(ctx, '#6f9fc0', THICK);
  box(ctx, 47, -39, 7, 32, 3);
  fillStroke(ctx, '#6f9fc0', THICK);
  // The far side rail, raised behind the mattress (a character lying in bed hides most of it).
  ctx.beginPath();
  ctx.roundRect(4, -BED_TOP - 9, 36, 12, 3);
  for (const rx of [16, 28]) {
    ctx.moveTo(rx, -BED_TOP - 9);
    ctx.lineTo(rx, -BED_TOP);
  }
  stroke(ctx, OUTLINE, 3);
  stroke(ctx, '#d9e3ea', 1.4);
  // Mattress, its top at BED_TOP.
  box(ctx, -40, -BED_TOP, 88, 12, 3);
  fillStroke(ctx, '#f4f8fa', THICK);
  // Pillow at the head end.
  ctx.beginPath();
  ctx.ellipse(-30, -BED_TOP - 3.5, 10, 5, -0.05, 0, Math.PI * 2);
  fillStroke(ctx, '#ffffff', THICK);
  // Blanket over the rest, hanging over the side, a white sheet folded over its top.
  ctx.beginPath();
  ctx.moveTo(-16, -BED_TOP);
  ctx.lineTo(48, -BED_TOP);
  ctx.lineTo(48, -19);
  for (let bx = 48; bx > -16; bx -= 8) ctx.quadraticCurveTo(bx - 4, -16, bx - 8, -19);
  ctx.closePath();
  fillStroke(ctx, '#7fb6dd', THICK);
  box(ctx, -18, -BED_TOP, 7, 15.5, 2);
  fillStroke(ctx, '#ffffff', 1.6);
  // A red cross on the headboard says "hospital" at any size.
  ctx.fillStyle = '#e23b3b';
  ctx.fillRect(-44.1, -37.3, 2.2, 6.6);
  ctx.fillRect(-46.3, -35.1, 6.6, 2.2);
}

/**
 * A bed at home, the same size as the hospital bed (someone lying in it lies the same way): a
 * wooden headboard and footboard, a quilt, no rails, wheels or drip.
 */
function homeBed(ctx: Ctx): void {
  const wood = '#a8744a';
  // Feet.
  for (const lx of [-42, 47]) {
    box(ctx, lx - 2.5, -12, 5, 12, 1.2);
    fillStroke(ctx, '#7a5236', 1.6);
  }
  // The frame under the mattress.
  box(ctx, -44, -22, 94, 11, 2);
  fillStroke(ctx, wood, THICK);
  // A tall rounded headboard and a low footboard.
  ctx.beginPath();
  ctx.moveTo(-50, -8);
  ctx.lineTo(-50, -56);
  ctx.quadraticCurveTo(-43, -64, -36, -56);
  ctx.lineTo(-36, -8);
  ctx.closePath();
  fillStroke(ctx, wood, THICK);
  box(ctx, -47, -50, 8, 30, 3);
  fillStroke(ctx, '#c08a5b', 1.2);
  box(ctx, 45, -40, 8, 32, 3);
  fillStroke(ctx, wood, THICK);
  // Mattress, its top at BED_TOP, and the pillow.
  box(ctx, -38, -BED_TOP, 86, 12, 3);
  fillStroke(ctx, '#fbf6ee', THICK);
  ctx.beginPath();
  ctx.ellipse(-28, -BED_TOP - 3.5, 10, 5, -0.05, 0, Math.PI * 2);
  fillStroke(ctx, '#fffaf0', THICK);
  // A patchwork quilt hanging over the side.
  ctx.beginPath();
  ctx.moveTo(-16, -BED_TOP);
  ctx.lineTo(47, -BED_TOP);
  ctx.lineTo(47, -17);
  for (let bx = 47; bx > -16; bx -= 9) ctx.quadraticCurveTo(bx - 4.5, -14, bx - 9, -17);
  ctx.closePath();
  fillStroke(ctx, '#d9665b', THICK);
  ctx.save();
  ctx.clip();
  ctx.fillStyle = '#f2c66d';
  for (let qx = -12; qx < 47; qx += 14) for (let qy = -BED_TOP + 2; qy < -14; qy += 12) ctx.fillRect(qx + ((qy / 12) % 2 ? 7 : 0), qy, 6, 6);
  ctx.restore();
}

/** The bed someone lies in: the hospital's in a place of medicine, their own anywhere else. */
export function drawBed(ctx: Ctx, bed: 'hospital' | 'home', x: number, y: number, unit: number): void {
  if (bed === 'hospital') {
    drawProp(ctx, 'hospital bed', x, y, unit);
    return;
  }
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(unit, unit);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  homeBed(ctx);
  ctx.restore();
}

function ringBox(ctx: Ctx): void {
  // Centred on the grip: the sparkles rise above the box.
  ctx.translate(0, 1.2);
  // The lid, open behind, showing its satin lining.
  box(ctx, -8, -11, 16, 11, 3);
  fillStroke(ctx, '#a3172f');
  box(ctx, -6, -9, 12, 8, 2);
  ctx.fillStyle = '#fbe8ee';
  ctx.fill();
  // The box and its velvet slot.
  box(ctx, -8.5, -1, 17, 11, 2.5);
  fillStroke(ctx, '#c21d3b');
  box(ctx, -6.5, -1, 13, 3, 1.5);
  fillStroke(ctx, '#5c0d1c', 0.8);
  ctx.beginPath();
  ctx.moveTo(-7, 4);
  ctx.lineTo(7, 4);
  stroke(ctx, '#e8a33d', 1);
  // The ring, standing in the slot, and its diamond.
  ctx.beginPath();
  ctx.ellipse(0, -2.5, 3.6, 3.3, 0, 0, Math.PI * 2);
  stroke(ctx, OUTLINE, 2.8);
  stroke(ctx, '#f4c542', 1.5);
  ctx.beginPath();
  ctx.moveTo(-3, -8);
  ctx.lineTo(3, -8);
  ctx.lineTo(0, -4.8);
  ctx.closePath();
  ctx.moveTo(-3, -8);
  ctx.lineTo(-1.8, -10);
  ctx.lineTo(1.8, -10);
  ctx.lineTo(3, -8);
  fillStroke(ctx, '#bff2ff', 0.9);
  sparkle(ctx, 5.5, -9, 3.2);
  sparkle(ctx, -6, -6.5, 2.2);
  sparkle(ctx, 1.5, -11.5, 1.5);
}

function letter(ctx: Ctx, open: boolean): void {
  if (open) {
    // A love letter unfolded: pink paper, a heart, handwriting, the creases of its folds.
    box(ctx, -10, -12.5, 20, 25, 1);
    fillStroke(ctx, '#ffe6ee');
    ctx.beginPath();
    ctx.moveTo(-10, -4);
    ctx.lineTo(10, -4);
    ctx.moveTo(-10, 4.5);
    ctx.lineTo(10, 4.5);
    stroke(ctx, 'rgba(200,120,150,0.45)', 0.6);
    heartPath(ctx, 0, -8.5, 2.2);
    ctx.fillStyle = '#e0284f';
    ctx.fill();
    writing(ctx, -7, 7, [-3, 0, 3, 6, 9], '#6a4a8a', true);
    return;
  }
  // A sealed envelope with a heart of red wax.
  box(ctx, -11.5, -8, 23, 16, 1.5);
  fillStroke(ctx, '#fff4dc');
  ctx.beginPath();
  ctx.moveTo(-11, 7.5);
  ctx.lineTo(-2, 0);
  ctx.moveTo(11, 7.5);
  ctx.lineTo(2, 0);
  stroke(ctx, 'rgba(43,32,36,0.45)', 0.8);
  ctx.beginPath();
  ctx.moveTo(-11.5, -7.5);
  ctx.lineTo(0, 1.5);
  ctx.lineTo(11.5, -7.5);
  ctx.closePath();
  fillStroke(ctx, '#f7e2bd', 1.1);
  heartPath(ctx, 0, 1.2, 3.4);
  fillStroke(ctx, '#d3193c', 1);
}

function phone(ctx: Ctx): void {
  box(ctx, -7.5, -13.5, 15, 27, 3);
  fillStroke(ctx, '#23252d');
  // The lit screen: a chat in progress.
  const g = ctx.createLinearGradient(0, -11, 0, 11);
  g.addColorStop(0, '#8ff0ff');
  g.addColorStop(1, '#b79cff');
  box(ctx, -5.8, -11.2, 11.6, 21.4, 1.6);
  ctx.fillStyle = g;
  ctx.fill();
  box(ctx, -2.2, -12.6, 4.4, 1.3, 0.6);
  ctx.fillStyle = '#0d0e12';
  ctx.fill();
  box(ctx, -4.5, -8, 7, 3.4, 1.5);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  box(ctx, -2, -3, 6.5, 3.4, 1.5);
  ctx.fillStyle = '#3d8bff';
  ctx.fill();
  box(ctx, -4.5, 2, 5.5, 3.4, 1.5);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  heartPath(ctx, 2.5, 3.5, 1.3);
  ctx.fillStyle = '#ff3d6e';
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(-2, 12);
  ctx.lineTo(2, 12);
  stroke(ctx, '#6b6f7a', 0.8);
}

function suitcase(ctx: Ctx): void {
  // Handle, then the case on two little feet.
  ctx.beginPath();
  ctx.moveTo(-6, -24);
  ctx.lineTo(-6, -27);
  ctx.quadraticCurveTo(-6, -29, -4, -29);
  ctx.lineTo(4, -29);
  ctx.quadraticCurveTo(6, -29, 6, -27);
  ctx.lineTo(6, -24);
  stroke(ctx, OUTLINE, 3.6);
  stroke(ctx, '#5e3219', 1.6);
  for (const fx of [-12, 12]) {
    box(ctx, fx - 2.5, -4, 5, 4, 1);
    fillStroke(ctx, '#3d2418', 1.4);
  }
  box(ctx, -17, -25, 34, 22, 3.5);
  fillStroke(ctx, '#b8643a', THICK);
  // A seam, two straps with brass buckles, corner caps and a travel sticker.
  ctx.beginPath();
  ctx.moveTo(-16, -19);
  ctx.lineTo(16, -19);
  stroke(ctx, '#8a4527', 1);
  for (const sx of [-9, 9]) {
    ctx.beginPath();
    ctx.rect(sx - 2, -25, 4, 22);
    fillStroke(ctx, '#6b3620', 1.2);
    box(ctx, sx - 2.6, -18, 5.2, 3.6, 0.6);
    fillStroke(ctx, '#e9b949', 1);
  }
  box(ctx, -4, -14, 8, 6, 1.5);
  fillStroke(ctx, '#f3e6c4', 1);
  ctx.beginPath();
  ctx.moveTo(-4, -11);
  ctx.lineTo(4, -11);
  stroke(ctx, '#3b8ed0', 1.4);
}

function rose(ctx: Ctx, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  fillStroke(ctx, '#d81f3c', 1.2);
  ctx.beginPath();
  ctx.arc(x + 0.3, y + 0.2, r * 0.55, Math.PI * 0.2, Math.PI * 1.9);
  ctx.arc(x - 0.2, y - 0.1, r * 0.22, Math.PI, Math.PI * 2.6);
  stroke(ctx, '#8a0f25', 0.8);
}

function bouquet(ctx: Ctx): void {
  // Centred on the grip: the roses reach further from it than the cone.
  ctx.translate(0, 1.35);
  ctx.scale(0.9, 0.9);
  // Leaves fanning out behind the flowers.
  for (const [lx, ly, a] of [
    [-9, -3, -0.9],
    [9, -3, 0.9],
    [-4, -12, -0.3],
    [5, -12.5, 0.4],
  ] as const) {
    ctx.beginPath();
    ctx.ellipse(lx, ly, 2.6, 5.5, a, 0, Math.PI * 2);
    fillStroke(ctx, '#3f9b4b', 1);
  }
  for (const [rx, ry] of [
    [-6.5, -5.5],
    [6.5, -5.5],
    [0, -7],
    [-3.5, -11.5],
    [3.8, -11.5],
  ] as const)
    rose(ctx, rx, ry, 4);
  // The paper cone and a ribbon bow where the paw holds it.
  ctx.beginPath();
  ctx.moveTo(-11, -3);
  ctx.quadraticCurveTo(0, 1, 11, -3);
  ctx.lineTo(2.5, 14);
  ctx.lineTo(-2.5, 14);
  ctx.closePath();
  fillStroke(ctx, '#f9d3e1');
  ctx.beginPath();
  ctx.moveTo(0, 0);
  ctx.lineTo(0, 13);
  stroke(ctx, 'rgba(190,110,140,0.6)', 0.7);
  ctx.beginPath();
  ctx.ellipse(-2.6, 5, 2.6, 1.6, 0.3, 0, Math.PI * 2);
  ctx.ellipse(2.6, 5, 2.6, 1.6, -0.3, 0, Math.PI * 2);
  fillStroke(ctx, '#f4c542', 0.9);
  ctx.beginPath();
  ctx.arc(0, 5, 1.2, 0, Math.PI * 2);
  fillStroke(ctx, '#f4c542', 0.9);
}

function glass(ctx: Ctx): void {
  const bowl = (): void => {
    ctx.beginPath();
    ctx.moveTo(-6, -13);
    ctx.lineTo(6, -13);
    ctx.bezierCurveTo(6.6, -5, 4.5, -1, 0, -1);
    ctx.bezierCurveTo(-4.5, -1, -6.6, -5, -6, -13);
    ctx.closePath();
  };
  // Stem and foot.
  ctx.beginPath();
  ctx.moveTo(0, -1);
  ctx.lineTo(0, 10);
  stroke(ctx, OUTLINE, 3);
  stroke(ctx, '#eaf6fb', 1.2);
  ctx.beginPath();
  ctx.ellipse(0, 11, 5.5, 1.8, 0, 0, Math.PI * 2);
  fillStroke(ctx, '#eaf6fb', 1.2);
  // The bowl, the wine in it and a glint.
  bowl();
  ctx.fillStyle = 'rgba(225,243,250,0.75)';
  ctx.fill();
  ctx.save();
  ctx.clip();
  ctx.fillStyle = '#9b1030';
  ctx.fillRect(-8, -7.5, 16, 8);
  ctx.fillStyle = '#c8264a';
  ctx.fillRect(-8, -7.5, 16, 1.3);
  ctx.restore();
  bowl();
  stroke(ctx, OUTLINE, THIN);
  ctx.beginPath();
  ctx.moveTo(-4, -11.5);
  ctx.quadraticCurveTo(-4.6, -8, -3.4, -5);
  stroke(ctx, '#ffffff', 1);
}

function evidenceBag(ctx: Ctx): void {
  // What it holds: a brass key.
  ctx.save();
  ctx.translate(0, 5);
  ctx.rotate(-0.6);
  ctx.beginPath();
  ctx.arc(-4.5, 0, 2.6, 0, Math.PI * 2);
  ctx.moveTo(-2, -0.8);
  ctx.lineTo(5.5, -0.8);
  ctx.lineTo(5.5, 2.6);
  ctx.lineTo(4, 2.6);
  ctx.lineTo(4, 0.8);
  ctx.lineTo(2.8, 0.8);
  ctx.lineTo(2.8, 2.2);
  ctx.lineTo(1.5, 2.2);
  ctx.lineTo(1.5, 0.8);
  ctx.lineTo(-2, 0.8);
  fillStroke(ctx, '#e9b949', 0.9);
  ctx.beginPath();
  ctx.arc(-4.5, 0, 1, 0, Math.PI * 2);
  ctx.fillStyle = 'rgba(225,240,248,1)';
  ctx.fill();
  ctx.restore();
  // The clear bag over it, its zip seal and the red strip.
  box(ctx, -10, -13, 20, 26, 1.5);
  ctx.fillStyle = 'rgba(215,235,245,0.5)';
  ctx.fill();
  stroke(ctx, OUTLINE, 1.2);
  ctx.beginPath();
  ctx.moveTo(-10, -10.5);
  ctx.lineTo(10, -10.5);
  stroke(ctx, '#4b5a66', 1);
  ctx.beginPath();
  ctx.rect(-10, -8.5, 20, 5.5);
  fillStroke(ctx, '#d62828', 1);
  // A case number and a barcode, not a word: it reads as evidence in every language.
  ctx.fillStyle = '#ffffff';
  for (const [bx, bw] of [
    [-8, 0.8],
    [-6.6, 0.5],
    [-5.6, 1.1],
    [-3.9, 0.5],
    [-2.8, 0.9],
    [-1.2, 0.5],
    [-0.2, 1.2],
    [1.6, 0.5],
  ] as const)
    ctx.fillRect(bx, -7.6, bw, 3.7);
  label(ctx, '#07', 5.2, -5.6, 5.5, 3.6, '#ffffff');
  ctx.beginPath();
  ctx.moveTo(7, -1);
  ctx.lineTo(7, 10);
  stroke(ctx, 'rgba(255,255,255,0.85)', 1);
}

function poison(ctx: Ctx): void {
  const bottle = (): void => {
    ctx.beginPath();
    ctx.moveTo(-2.6, -8);
    ctx.lineTo(-2.6, -5);
    ctx.bezierCurveTo(-2.6, -3, -7, -3, -7, 1);
    ctx.lineTo(-7, 10.5);
    ctx.quadraticCurveTo(-7, 12.5, -5, 12.5);
    ctx.lineTo(5, 12.5);
    ctx.quadraticCurveTo(7, 12.5, 7, 10.5);
    ctx.lineTo(7, 1);
    ctx.bezierCurveTo(7, -3, 2.6, -3, 2.6, -5);
    ctx.lineTo(2.6, -8);
    ctx.closePath();
  };
  // Dark glass, green liquid in it.
  bottle();
  ctx.fillStyle = '#3a2452';
  ctx.fill();
  ctx.save();
  ctx.clip();
  ctx.fillStyle = '#5ee84a';
  ctx.fillRect(-8, 3, 16, 10);
  ctx.fillStyle = '#b4ff8c';
  ctx.fillRect(-8, 3, 16, 1.1);
  ctx.beginPath();
  ctx.moveTo(-5, -1);
  ctx.quadraticCurveTo(-5.5, 2, -5, 4);
  stroke(ctx, 'rgba(255,255,255,0.45)', 1);
  ctx.restore();
  bottle();
  stroke(ctx, OUTLINE, THIN);
  // Cork.
  box(ctx, -3.2, -12, 6.4, 4.5, 1);
  fillStroke(ctx, '#b07a4a', 1.2);
  // The label with a skull and crossbones.
  box(ctx, -5, 1.5, 10, 9, 1.2);
  fillStroke(ctx, '#f6f0dc', 1);
  ctx.beginPath();
  ctx.moveTo(-3, 9);
  ctx.lineTo(3, 6.5);
  ctx.moveTo(3, 9);
  ctx.lineTo(-3, 6.5);
  stroke(ctx, OUTLINE, 1);
  ctx.beginPath();
  ctx.arc(0, 4.6, 2.3, 0, Math.PI * 2);
  ctx.rect(-1.3, 5.5, 2.6, 2);
  ctx.fillStyle = OUTLINE;
  ctx.fill();
  ctx.fillStyle = '#f6f0dc';
  for (const ex of [-0.9, 0.9]) {
    ctx.beginPath();
    ctx.arc(ex, 4.5, 0.6, 0, Math.PI * 2);
    ctx.fill();
  }
  // Bubbles rising from it.
  for (const [bx, by, r] of [
    [4.5, -9, 1.2],
    [6.5, -12, 0.9],
  ] as const) {
    ctx.beginPath();
    ctx.arc(bx, by, r, 0, Math.PI * 2);
    fillStroke(ctx, '#7cf05a', 0.6);
  }
}

function cake(ctx: Ctx): void {
  // The stand.
  box(ctx, -7, -4, 14, 4, 1.5);
  fillStroke(ctx, '#e9edf2', 1.6);
  box(ctx, -18, -6.5, 36, 3, 1.5);
  fillStroke(ctx, '#f6f8fb', 1.6);
  // Three tiers, each with pink icing dripping over its top.
  const tiers = [
    [16, -6.5, 12],
    [11.5, -18.5, 10],
    [7.5, -28.5, 8],
  ] as const;
  for (const [half, bottom, height] of tiers) {
    const top = bottom - height;
    box(ctx, -half, top, half * 2, height, 2);
    fillStroke(ctx, '#fff6ea', 1.8);
    ctx.beginPath();
    ctx.moveTo(-half, top + 2);
    ctx.lineTo(-half, top + 1);
    ctx.quadraticCurveTo(-half, top, -half + 1, top);
    ctx.lineTo(half - 1, top);
    ctx.quadraticCurveTo(half, top, half, top + 1);
    ctx.lineTo(half, top + 2.5);
    const drips = Math.round(half / 2.2);
    const step = (half * 2) / drips;
    for (let i = 0; i < drips; i++) {
      const x = half - i * step;
      ctx.quadraticCurveTo(x - step * 0.25, top + (i % 2 ? 5 : 4), x - step * 0.5, top + 2.5);
      ctx.quadraticCurveTo(x - step * 0.75, top + 1.5, x - step, top + 2.5);
    }
    ctx.closePath();
    fillStroke(ctx, '#f78fb3', 1.2);
  }
  // Strawberries on the bottom tier.
  for (const sx of [-10, -3.5, 3.5, 10]) {
    ctx.beginPath();
    ctx.arc(sx, -11, 1.8, 0, Math.PI * 2);
    fillStroke(ctx, '#e0283f', 0.8);
  }
  // Candles with flames.
  for (const cx of [-4, 0, 4]) {
    box(ctx, cx - 1, -42, 2, 6, 0.5);
    fillStroke(ctx, cx === 0 ? '#7ec8f2' : '#fbd75b', 0.9);
    ctx.beginPath();
    ctx.moveTo(cx, -47.5);
    ctx.quadraticCurveTo(cx + 1.8, -44, cx, -42.8);
    ctx.quadraticCurveTo(cx - 1.8, -44, cx, -47.5);
    ctx.fillStyle = '#ff9f1c';
    ctx.fill();
    ctx.beginPath();
    ctx.ellipse(cx, -44, 0.6, 1, 0, 0, Math.PI * 2);
    ctx.fillStyle = '#fff3b0';
    ctx.fill();
  }
}

function photo(ctx: Ctx): void {
  // A polaroid: white frame, deeper at the bottom.
  box(ctx, -10, -12, 20, 24, 1);
  fillStroke(ctx, '#fdfdf8');
  ctx.save();
  ctx.beginPath();
  ctx.rect(-8, -10, 16, 15);
  ctx.clip();
  ctx.fillStyle = '#8fd3f7';
  ctx.fillRect(-8, -10, 16, 15);
  ctx.fillStyle = '#7cc46a';
  ctx.fillRect(-8, 1.5, 16, 4);
  // Two figures side by side, in silhouette: whoever the story says they are.
  for (const fx of [-3.5, 3.5]) {
    ctx.beginPath();
    ctx.ellipse(fx, 4, 3, 3.6, 0, 0, Math.PI * 2);
    ctx.moveTo(fx + 2.3, -2.8);
    ctx.arc(fx, -2.8, 2.3, 0, Math.PI * 2);
    ctx.fillStyle = '#3d3a4a';
    ctx.fill();
  }
  ctx.restore();
  ctx.beginPath();
  ctx.rect(-8, -10, 16, 15);
  stroke(ctx, OUTLINE, 0.8);
}

function contract(ctx: Ctx): void {
  // White paper with a folded corner, a heading, print, a signature and a seal.
  ctx.beginPath();
  ctx.moveTo(-10, -13);
  ctx.lineTo(6, -13);
  ctx.lineTo(10, -9);
  ctx.lineTo(10, 13);
  ctx.lineTo(-10, 13);
  ctx.closePath();
  fillStroke(ctx, '#ffffff');
  ctx.beginPath();
  ctx.moveTo(6, -13);
  ctx.lineTo(6, -9);
  ctx.lineTo(10, -9);
  fillStroke(ctx, '#d9dde6', 1);
  ctx.beginPath();
  ctx.moveTo(-6, -9.5);
  ctx.lineTo(3, -9.5);
  stroke(ctx, '#2f4a8a', 2);
  writing(ctx, -7, 7, [-5.5, -3, -0.5, 2, 4.5], '#8a8f9c', false);
  ctx.beginPath();
  ctx.moveTo(-7, 9.5);
  ctx.bezierCurveTo(-5, 5, -4.5, 11, -3, 8.5);
  ctx.bezierCurveTo(-2, 7, -1, 10.5, 1, 8.5);
  stroke(ctx, '#1d4fd8', 0.9);
  // The seal with its two ribbon tails.
  ctx.beginPath();
  ctx.moveTo(5, 9);
  ctx.lineTo(4, 13.5);
  ctx.lineTo(5.5, 12.5);
  ctx.lineTo(6.5, 13.5);
  ctx.lineTo(6.8, 9);
  ctx.moveTo(7, 9);
  ctx.lineTo(8.5, 13.5);
  ctx.lineTo(9, 12.3);
  ctx.lineTo(10.3, 12.8);
  ctx.lineTo(8.6, 8.5);
  fillStroke(ctx, '#c21d3b', 0.7);
  ctx.beginPath();
  ctx.arc(6.8, 8, 3, 0, Math.PI * 2);
  fillStroke(ctx, '#d62839', 1);
  ctx.beginPath();
  ctx.arc(6.8, 8, 1.6, 0, Math.PI * 2);
  stroke(ctx, '#f4c542', 0.7);
}

function giftBox(ctx: Ctx): void {
  const color = '#36b3a6';
  const ribbon = '#e8436f';
  box(ctx, -11, -19, 22, 19, 1.5);
  fillStroke(ctx, color, THICK);
  ctx.beginPath();
  ctx.rect(-2.2, -19, 4.4, 19);
  fillStroke(ctx, ribbon, 1.2);
  // Lid.
  box(ctx, -12.5, -23.5, 25, 5.5, 1.5);
  fillStroke(ctx, '#48c9bb', THICK);
  ctx.beginPath();
  ctx.rect(-2.2, -23.5, 4.4, 5.5);
  fillStroke(ctx, ribbon, 1.2);
  // The bow.
  for (const side of [-1, 1]) {
    ctx.beginPath();
    ctx.moveTo(0, -24);
    ctx.bezierCurveTo(side * 3, -31, side * 9, -30.5, side * 7.5, -26);
    ctx.quadraticCurveTo(side * 6, -24, 0, -24);
    fillStroke(ctx, ribbon, 1.4);
  }
  ctx.beginPath();
  ctx.ellipse(0, -24.5, 2, 1.8, 0, 0, Math.PI * 2);
  fillStroke(ctx, '#c22a55', 1.2);
  // Dots on the paper.
  ctx.fillStyle = 'rgba(255,255,255,0.55)';
  for (const [dx, dy] of [
    [-7, -13],
    [6.5, -6],
    [-6, -4.5],
    [7, -14],
  ] as const) {
    ctx.beginPath();
    ctx.arc(dx, dy, 1.3, 0, Math.PI * 2);
    ctx.fill();
  }
}

function moneyCase(ctx: Ctx, open: boolean): void {
  const shell = '#2b2e36';
  const trim = '#b8c0c8';
  if (!open) {
    // Closed: a black briefcase with a handle and brass latches.
    ctx.beginPath();
    ctx.moveTo(-5, -19);
    ctx.lineTo(-5, -21);
    ctx.quadraticCurveTo(-5, -22.5, -3.5, -22.5);
    ctx.lineTo(3.5, -22.5);
    ctx.quadraticCurveTo(5, -22.5, 5, -21);
    ctx.lineTo(5, -19);
    stroke(ctx, OUTLINE, 3.4);
    stroke(ctx, '#5b606b', 1.6);
    box(ctx, -17, -20, 34, 20, 2.5);
    fillStroke(ctx, shell, THICK);
    ctx.beginPath();
    ctx.moveTo(-16, -14);
    ctx.lineTo(16, -14);
    stroke(ctx, trim, 1.4);
    for (const lx of [-10, 10]) {
      box(ctx, lx - 2, -16, 4, 4, 0.8);
      fillStroke(ctx, '#e9b949', 1);
    }
    return;
  }
  // Open: the lid stands behind, the case full of banded stacks of bills.
  box(ctx, -17, -41, 34, 24, 2.5);
  fillStroke(ctx, shell, THICK);
  box(ctx, -14.5, -38.5, 29, 19, 1.5);
  ctx.fillStyle = '#7a1f2b';
  ctx.fill();
  box(ctx, -17, -19, 34, 19, 2.5);
  fillStroke(ctx, shell, THICK);
  const bill = (bx: number, by: number): void => {
    box(ctx, bx, by, 9.6, 5.5, 0.8);
    fillStroke(ctx, '#7cc576', 0.9);
    ctx.beginPath();
    ctx.rect(bx + 3.6, by, 2.4, 5.5);
    ctx.fillStyle = '#f6f0dc';
    ctx.fill();
    ctx.beginPath();
    ctx.ellipse(bx + 1.8, by + 2.75, 0.9, 1.3, 0, 0, Math.PI * 2);
    ctx.ellipse(bx + 7.8, by + 2.75, 0.9, 1.3, 0, 0, Math.PI * 2);
    ctx.fillStyle = '#3f8a45';
    ctx.fill();
  };
  for (const row of [0, 1, 2]) for (const col of [0, 1, 2]) bill(-15 + col * 10.2, -23 + row * 5.8);
  // The front wall of the case, over the lower bills.
  box(ctx, -17, -9, 34, 9, 2.5);
  fillStroke(ctx, shell, THICK);
  ctx.beginPath();
  ctx.moveTo(-16, -9);
  ctx.lineTo(16, -9);
  stroke(ctx, trim, 1.4);
  for (const lx of [-10, 10]) {
    box(ctx, lx - 2, -10, 4, 3.5, 0.8);
    fillStroke(ctx, '#e9b949', 1);
  }
  // A loose bill on top.
  ctx.save();
  ctx.translate(4, -25);
  ctx.rotate(-0.25);
  bill(-4.8, -2.75);
  ctx.restore();
}

// ---- a sponsor's product ----------------------------------------------------------------------

/** A sponsor placed in a scene (core/sponsors.ts), as the drawing needs it. */
export interface SponsorMark {
  brand: string;
  product: string;
  tier: 'background' | 'prop' | 'featured';
}

/** The brand's own colour, the same every time: a hue from its name. */
function brandColours(brand: string): { main: string; dark: string; light: string } {
  let h = 0;
  for (const ch of brand.toLowerCase()) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return { main: `hsl(${h}, 72%, 52%)`, dark: `hsl(${h}, 70%, 30%)`, light: `hsl(${(h + 40) % 360}, 90%, 88%)` };
}

/** Undoes a mirror in the current transform, so that writing reads left to right on a character facing left. */
function unmirror(ctx: Ctx): void {
  const m = ctx.getTransform();
  if (m.a * m.d - m.b * m.c < 0) ctx.scale(-1, 1);
}

/**
 * The product in a paw, in the props' style and scale (drawn over the paw like a held prop,
 * centred on the grip): a package in the brand's colour with a white label naming the brand, and
 * the product's name under it. Larger than other held props, so the brand reads on a phone.
 */
export function drawSponsorProduct(ctx: Ctx, mark: SponsorMark, x: number, y: number, unit: number): void {
  const c = brandColours(mark.brand);
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(unit, unit);
  unmirror(ctx);
  ctx.lineJoin = 'round';
  // The package, a little taller than wide, its lid a darker band.
  box(ctx, -15, -21, 30, 40, 4);
  fillStroke(ctx, c.main, THICK);
  ctx.beginPath();
  ctx.roundRect(-15, -21, 30, 7, [4, 4, 0, 0]);
  fillStroke(ctx, c.dark, THIN);
  // The label: the brand in big letters, the product under it.
  box(ctx, -13, -11, 26, 17, 2.5);
  fillStroke(ctx, '#ffffff', THIN);
  label(ctx, mark.brand, 0, -4.5, 24, 8, c.dark);
  label(ctx, mark.product, 0, 2.5, 24, 4.2, OUTLINE);
  sparkle(ctx, 10, -17, 3);
  ctx.restore();
}

/**
 * A poster of the brand on the scene's back wall (background tier), or a big lit sign over the
 * scene (featured): the brand, the product, a frame in the brand's colour. `width` is in pixels;
 * (x, y) is the middle of its top edge.
 */
export function drawSponsorSign(ctx: Ctx, mark: SponsorMark, x: number, y: number, width: number): void {
  const c = brandColours(mark.brand);
  const featured = mark.tier === 'featured';
  const u = width / 100;
  const height = (featured ? 44 : 40) * u;
  ctx.save();
  ctx.translate(x - width / 2, y);
  if (featured) {
    // A glow around a lit sign.
    ctx.shadowColor = c.light;
    ctx.shadowBlur = 8 * u;
  }
  box(ctx, 0, 0, width, height, 4 * u);
  ctx.fillStyle = c.dark;
  ctx.fill();
  ctx.shadowBlur = 0;
  ctx.lineWidth = 1.6 * u;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
  box(ctx, 3 * u, 3 * u, width - 6 * u, height - 6 * u, 3 * u);
  ctx.fillStyle = c.light;
  ctx.fill();
  ctx.lineWidth = 2.4 * u;
  ctx.strokeStyle = c.main;
  ctx.stroke();
  ctx.restore();
  // The writing, unscaled (the label helper writes at a twentieth).
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(u, u);
  label(ctx, mark.brand, 0, height / u / 2 - 6, 88, 16, c.dark);
  label(ctx, mark.product, 0, height / u / 2 + 10, 84, 8, OUTLINE);
  if (featured) for (const sx of [-44, 44]) sparkle(ctx, sx, 4, 5);
  ctx.restore();
}
