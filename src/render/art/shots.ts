import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Emotion } from '../../writer/script.js';
import { ACTION_PROP, IN_BED, PROP_HELD, type Action, type Prop, type Wardrobe } from '../../writer/staging.js';
import { backgroundFor, paintBackground } from './backgrounds.js';
import { drawCharacter, type Staging, type Variant } from './characters.js';
import { BoundedMap } from '../../core/bounded-map.js';
import { planOf } from './kinds.js';
import type { Look } from './looks.js';
import { BED_TOP, drawBed, drawProp, drawSponsorSign, type SponsorMark } from './props.js';

export interface ShotCharacter {
  look: Look;
  emotion: Emotion;
  speaking: boolean;
  action?: Action;
  wardrobe?: readonly Wardrobe[];
  holding?: Prop | null;
  /** The sponsor's product this character holds (core/sponsors.ts). */
  sponsor?: SponsorMark;
}

/**
 * How much of the scene the camera takes in: `wide` (the establishing shot of a place), `two`
 * (everyone, facing each other), `close` (one face: a reveal, a tear, a reaction).
 */
export type Framing = 'wide' | 'two' | 'close';

export interface ShotSpec {
  setting: string;
  characters: ShotCharacter[];
  /** Objects standing in the scene. */
  props?: readonly Prop[];
  framing?: Framing;
  /** Whose face a close-up is on. */
  focus?: string;
  /** A sponsor placed in the scene: a poster on the wall (background), a lit sign (featured); a prop is in its holder's paw. */
  sponsor?: SponsorMark;
}

/** Where one to three characters stand, as fractions of the frame: x, feet y, scale. */
/**
 * The feet line, as a share of the still's height: high enough that even a small character's face
 * stays above the captions (which sit over the bodies, clear of the phone's own buttons below).
 */
const FLOOR = 0.78;

const BLOCKING: Record<number, [number, number, number][]> = {
  1: [[0.5, FLOOR, 1.15]],
  2: [
    [0.29, FLOOR, 1],
    [0.71, FLOOR, 1],
  ],
  3: [
    [0.2, FLOOR + 0.02, 0.92],
    [0.5, FLOOR - 0.05, 0.8],
    [0.8, FLOOR + 0.02, 0.92],
  ],
};

export interface Placement {
  character: ShotCharacter;
  x: number;
  /** Where the feet are (for someone in bed: the middle of the mattress). */
  y: number;
  size: number;
  facing: 'left' | 'right';
  /** Someone lying in bed: which bed. */
  bed?: 'hospital' | 'home';
}

/** The camera: a zoom about a point, as screen = world * zoom + offset. */
interface Camera {
  zoom: number;
  dx: number;
  dy: number;
}

/** Actions that leave a paw free to hold something (and show it: not from behind). */
const FREE_PAWS: ReadonlySet<Action> = new Set(['stand', 'sit', 'point', 'eavesdrop']);

/** Who stays where the blocking puts them: a bed or a doorway is no place to be pulled from. */
const ANCHORED: ReadonlySet<Action> = new Set(['lie in bed', 'sleep', 'storm out', 'eavesdrop']);

/** Where everyone stands before the camera frames them. */
/** How far left of its anchor someone lying in bed reaches, in sizes (long ears on the pillow). */
const LYING_LEFT = 0.84;
/** Half the width of someone standing, in sizes (a raised paw, a wing). */
const STANDING_HALF = 0.3;
/** What a pan or a push-in may crop off each side of the oversized still, as a share of its width. */
const SAFE_EDGE = 0.1;

/** The places where a patient lies in the hospital's bed. */
const MEDICAL = new Set(['hospital room', 'vet clinic']);

function blocking(spec: ShotSpec, w: number, h: number): Placement[] {
  // Only the first patient gets the bed; a second one sits up. A prop too big for paws stands in the scene.
  const firstInBed = spec.characters.find((c) => IN_BED.has(c.action ?? 'stand'));
  const staged = spec.characters.slice(0, 3).map((c): ShotCharacter => {
    const action = IN_BED.has(c.action ?? 'stand') && c !== firstInBed ? 'sit' : c.action;
    const holding = c.holding && !PROP_HELD[c.holding] ? null : c.holding;
    return { ...c, ...(action ? { action } : {}), ...(holding !== undefined ? { holding } : {}) };
  });
  // A prop the scene names but nobody holds goes to the first free paws.
  const loose = (spec.props ?? []).filter((p) => PROP_HELD[p] && !staged.some((c) => c.holding === p));
  const cast = staged.map((c) => {
    if (!loose.length || c.holding || c.sponsor || (c.action && !FREE_PAWS.has(c.action)) || ACTION_PROP[c.action ?? 'stand']) return c;
    return { ...c, holding: loose.shift()! };
  });
  const spots = BLOCKING[cast.length] ?? [];
  const placed = cast.map((c, i): Placement => {
    const [fx, fy, scale] = spots[i]!;
    let x = w * fx;
    let facing: 'left' | 'right' = cast.length === 1 || fx < 0.5 ? 'right' : 'left';
    const size = h * 0.36 * scale * c.look.scale * (c.speaking ? 1.08 : 1);
    const y = h * fy;
    if (c.action === 'storm out' && cast.length > 1) {
      // Walking off, away from the others, towards the nearer edge.
      facing = fx < 0.5 ? 'left' : 'right';
      x = fx < 0.5 ? w * 0.14 : w * 0.86;
    }
    if (c.action === 'eavesdrop' && cast.length > 1) x = fx < 0.5 ? w * 0.12 : w * 0.88;
    return { character: c, x, y, size, facing };
  });
  // A bed takes the middle-left of the frame (pillow to the left); whoever is at the bedside
  // stands to its right; whoever storms out or listens at the door keeps to their edge.
  const lying = placed.find((p) => IN_BED.has(p.character.action ?? 'stand'));
  if (lying) {
    const others = placed.filter((p) => p !== lying && !ANCHORED.has(p.character.action ?? 'stand'));
    lying.size *= placed.length > 1 ? 0.8 : 0.9;
    // The pillow end (head, ears, the drip stand) reaches LYING_LEFT sizes to the left: it stays
    // inside what any camera move keeps of the still.
    lying.x = Math.max(w * (placed.length > 1 ? 0.44 : 0.52), w * SAFE_EDGE + LYING_LEFT * lying.size);
    lying.y = h * FLOOR - BED_TOP * (lying.size / 100);
    lying.facing = 'right';
    lying.bed = MEDICAL.has(backgroundFor(spec.setting).name) ? 'hospital' : 'home';
    // Visitors stand at the bedside, in front of its foot, inside the safe edge too.
    others.forEach((p, i) => {
      p.size *= others.length > 1 ? 0.86 : 0.92;
      p.x = w * (1 - SAFE_EDGE) - STANDING_HALF * p.size - (others.length - 1 - i) * w * 0.25;
      p.facing = 'left';
    });
  }
  // Two who hug stand together in the middle (never someone in bed or on the way out).
  const free = placed.filter((p) => !ANCHORED.has(p.character.action ?? 'stand'));
  const huggers = free.filter((p) => p.character.action === 'hug');
  if (huggers.length === 1 && free.length === 2) huggers.push(free.find((p) => p !== huggers[0])!);
  if (huggers.length >= 2) {
    const [a, b] = huggers.sort((p, q) => p.x - q.x) as [Placement, Placement];
    const mid = (a.x + b.x) / 2;
    a.x = mid - a.size * 0.22;
    b.x = mid + b.size * 0.22;
    a.facing = 'right';
    b.facing = 'left';
  }
  return placed;
}

function cameraFor(spec: ShotSpec, placed: readonly Placement[], w: number, h: number): Camera {
  const framing = spec.framing ?? 'two';
  if (framing === 'wide') {
    // Pulled back: the place fills the frame, the cast smaller in it (about the feet line).
    const zoom = 0.78;
    return { zoom, dx: (w * (1 - zoom)) / 2, dy: h * FLOOR * (1 - zoom) };
  }
  if (framing === 'close') {
    const target = placed.find((p) => p.character.look.name === spec.focus) ?? placed[0];
    if (!target) return { zoom: 1, dx: 0, dy: 0 };
    const lying = IN_BED.has(target.character.action ?? 'stand');
    // The face at the frame's upper middle, about 60 % of the frame's width across.
    const zoom = Math.min(2.6, (w * 0.6) / (target.size * 0.48));
    const faceX = lying ? target.x - target.size * 0.36 * (target.facing === 'left' ? -1 : 1) : target.x;
    const faceY = lying ? target.y - target.size * 0.1 : target.y - target.size * 0.72;
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    return { zoom, dx: clamp(w * 0.5 - faceX * zoom, w - w * zoom, 0), dy: clamp(h * 0.44 - faceY * zoom, h - h * zoom, 0) };
  }
  return { zoom: 1, dx: 0, dy: 0 };
}

const onCamera = (p: Placement, cam: Camera): Placement => ({ ...p, x: p.x * cam.zoom + cam.dx, y: p.y * cam.zoom + cam.dy, size: p.size * cam.zoom });

/** Where each character is on screen, in drawing order (the middle one of three stands further back). */
export function placements(spec: ShotSpec, w: number, h: number): Placement[] {
  const placed = blocking(spec, w, h);
  const cam = cameraFor(spec, placed, w, h);
  const n = placed.length;
  const order = placed.map((p, i) => ({ p, i })).sort((a, b) => (a.i === 1 && n === 3 ? -1 : b.i === 1 && n === 3 ? 1 : 0));
  const framed = order.map(({ p }) => onCamera(p, cam));
  // In a close-up, someone the camera shows only a sliver of (an ear, a tail at the edge) is left out.
  return spec.framing === 'close' ? framed.filter((p) => p.character.look.name === spec.focus || shownShare(p, w, h) >= 0.5) : framed;
}

/** How much of a character's box lies inside what every camera move keeps of the frame. */
function shownShare(p: Placement, w: number, h: number): number {
  const [x0, x1, y0, y1] = [p.x - STANDING_HALF * p.size, p.x + STANDING_HALF * p.size, p.y - p.size, p.y];
  const inside = Math.max(0, Math.min(x1, w * (1 - SAFE_EDGE)) - Math.max(x0, w * SAFE_EDGE)) * Math.max(0, Math.min(y1, h) - Math.max(y0, 0));
  return inside / ((x1 - x0) * (y1 - y0));
}

/**
 * Where the faces are, as [top, bottom] pixel rows of the shot (head, ears and muzzle): the
 * captions keep clear of them. Someone lying in bed has their face on the pillow.
 */
export function faceRows(spec: ShotSpec, w: number, h: number): [number, number][] {
  return placements(spec, w, h).map((p) => {
    const u = p.size / 100;
    if (IN_BED.has(p.character.action ?? 'stand')) return [p.y - 0.3 * p.size, p.y + 0.12 * p.size];
    const plan = planOf(p.character.look.kind);
    // Sitting and kneeling lower the head; a slump is a few units more at most.
    const drop = p.character.action === 'sit' ? 7 : p.character.action === 'kneel' ? 9 : 0;
    const centre = p.y - (plan.headY - drop) * u;
    return [centre - (plan.head.ry + 10) * u, centre + (plan.head.ry + 8) * u];
  });
}

/** Standing props go where nobody stands: between two characters, or beside one. */
function propSpots(spec: ShotSpec, w: number, h: number): { prop: Prop; x: number; y: number }[] {
  // Held props are in paws (see `blocking`); the bed of someone lying in it is drawn with them; a
  // prop too big to hold that someone was given stands beside the rest.
  const given = spec.characters.flatMap((c) => (c.holding && !PROP_HELD[c.holding] ? [c.holding] : []));
  const props = [...new Set([...(spec.props ?? []), ...given])].filter((p) => !PROP_HELD[p] && (p !== 'hospital bed' || !spec.characters.some((c) => IN_BED.has(c.action ?? 'stand'))));
  const n = spec.characters.length;
  const xs = n === 1 ? [0.8, 0.2, 0.62] : n === 2 ? [0.5, 0.09, 0.91] : [0.36, 0.64, 0.06];
  return props.map((prop, i) => ({ prop, x: w * xs[i % xs.length]!, y: h * (FLOOR + (n === 3 ? -0.01 : 0.01)) }));
}

function stagingOf(c: ShotCharacter): Staging {
  return {
    ...(c.action ? { action: c.action } : {}),
    ...(c.wardrobe ? { wardrobe: c.wardrobe } : {}),
    ...(c.holding !== undefined ? { holding: c.holding } : {}),
    ...(c.sponsor ? { sponsor: c.sponsor } : {}),
  };
}

/** One character as placed, with the bed under them if they lie in one. */
export function drawPlaced(ctx: SKRSContext2D, p: Placement, extra: Variant = {}): void {
  const c = p.character;
  const unit = p.size / 100;
  if (IN_BED.has(c.action ?? 'stand')) drawBed(ctx, p.bed ?? 'hospital', p.x, p.y + BED_TOP * unit, unit);
  drawCharacter(ctx, c.look, c.emotion, p.x, p.y, p.size, p.facing, { ...stagingOf(c), ...extra });
  if (IN_BED.has(c.action ?? 'stand')) blanket(ctx, p, unit);
  if (c.action === 'eavesdrop') doorway(ctx, p, unit);
}

/** The edge of a doorway between an eavesdropper and the others: they listen from behind it. */
function doorway(ctx: SKRSContext2D, p: Placement, unit: number): void {
  const dir = p.facing === 'left' ? -1 : 1;
  const x = p.x + dir * 34 * unit;
  const top = p.y - 150 * unit;
  ctx.save();
  ctx.fillStyle = '#7a5236';
  ctx.strokeStyle = '#2b2024';
  ctx.lineWidth = 2 * unit;
  ctx.beginPath();
  ctx.rect(dir > 0 ? x : x - 16 * unit, top, 16 * unit, p.y - top + 4 * unit);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = '#a0724c';
  ctx.fillRect(dir > 0 ? x + 4 * unit : x - 12 * unit, top + 4 * unit, 4 * unit, p.y - top - 4 * unit);
  ctx.restore();
}

/** The blanket over someone in bed, up to the chest. */
function blanket(ctx: SKRSContext2D, p: Placement, unit: number): void {
  const dir = p.facing === 'left' ? -1 : 1;
  ctx.save();
  ctx.translate(p.x, p.y);
  ctx.scale(dir * unit, unit);
  ctx.beginPath();
  ctx.moveTo(-8, -12);
  ctx.quadraticCurveTo(24, -24, 60, -12);
  ctx.lineTo(62, 8);
  ctx.lineTo(-8, 8);
  ctx.closePath();
  // The hospital's pale sheet, or the quilt of the bed at home.
  ctx.fillStyle = p.bed === 'home' ? '#d9665b' : '#dfe9f2';
  ctx.fill();
  ctx.strokeStyle = '#2b2024';
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.fillStyle = p.bed === 'home' ? '#f2c66d' : '#b9cfe2';
  ctx.fillRect(-8, -8, 68, 3);
  ctx.restore();
}

/**
 * A shot: the setting's background, its props, and its characters facing each other, the speaker a
 * little bigger, framed by the camera.
 */
export function paintShot(ctx: SKRSContext2D, spec: ShotSpec, w: number, h: number, omit: ReadonlySet<string> = new Set(), variant?: { name: string; extra: Variant }): void {
  const placed = blocking(spec, w, h);
  const cam = cameraFor(spec, placed, w, h);
  // Pulled back, the place still fills the frame: only the cast and its props get smaller.
  if (cam.zoom < 1) paintBackground(ctx, spec.setting, w, h);
  ctx.save();
  ctx.translate(cam.dx, cam.dy);
  ctx.scale(cam.zoom, cam.zoom);
  if (cam.zoom >= 1) paintBackground(ctx, spec.setting, w, h);
  const unit = (h * 0.36) / 100;
  for (const s of propSpots(spec, w, h)) drawProp(ctx, s.prop, s.x, s.y, unit);
  // The sponsor on the back wall, above everyone's heads.
  if (spec.sponsor && spec.sponsor.tier !== 'prop') drawSponsorSign(ctx, spec.sponsor, w / 2, h * 0.16, w * (spec.sponsor.tier === 'featured' ? 0.5 : 0.36));
  ctx.restore();
  for (const p of placements(spec, w, h)) if (!omit.has(p.character.look.name)) drawPlaced(ctx, p, p.character.look.name === variant?.name ? variant.extra : {});
  vignette(ctx, w, h);
}

/**
 * The box a character's mouth and eye layers cover: the head with room for a lean, in whole
 * pixels, within the frame (a close-up's head can be larger than the frame).
 */
export function layerBox(p: Placement, frame: { w: number; h: number }): { left: number; top: number; width: number; height: number } {
  const u = p.size / 100;
  const lying = IN_BED.has(p.character.action ?? 'stand');
  // Lying on its back, the head is on the pillow to the left of the middle of the mattress.
  const cx = lying ? p.x - 36 * u * (p.facing === 'left' ? -1 : 1) : p.x;
  const cy = lying ? p.y : p.y - (planOf(p.character.look.kind).headY - 4) * u;
  const half = 46 * u;
  const left = Math.max(0, Math.floor(cx - half));
  const top = Math.max(0, Math.floor(cy - half));
  const right = Math.min(frame.w, Math.ceil(cx + half));
  const bottom = Math.min(frame.h, Math.ceil(cy + half));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** Where a change lies, in character units from the feet, per character and variant: drawings scale, so once is enough. */
const changedUnits = new BoundedMap<string, { x0: number; y0: number; x1: number; y1: number } | null>(512);

/** The box (in units from the feet) where `extra` changes a character's drawing, found on a small drawing. */
function changedArea(p: Placement, extra: Variant): { x0: number; y0: number; x1: number; y1: number } | null {
  const key = JSON.stringify([p.character.look, p.character.emotion, p.character.action, p.character.wardrobe, p.character.holding, p.facing, p.bed, extra]);
  const known = changedUnits.get(key);
  if (known !== undefined) return known;
  const SIZE = 200;
  const probe: Placement = { ...p, x: SIZE, y: SIZE * 1.6, size: SIZE };
  const head = layerBox(probe, { w: SIZE * 3, h: SIZE * 3 });
  const a = characterLayer(probe, { w: SIZE * 3, h: SIZE * 3 }, {}, head)
    .canvas.getContext('2d')
    .getImageData(0, 0, head.width, head.height).data;
  const b = characterLayer(probe, { w: SIZE * 3, h: SIZE * 3 }, extra, head)
    .canvas.getContext('2d')
    .getImageData(0, 0, head.width, head.height).data;
  let [x0, y0, x1, y1] = [head.width, head.height, -1, -1];
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2] && a[i + 3] === b[i + 3]) continue;
    const x = (i / 4) % head.width;
    const y = Math.floor(i / 4 / head.width);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const unit = SIZE / 100;
  const area = x1 < 0 ? null : { x0: (head.left + x0 - probe.x) / unit, y0: (head.top + y0 - probe.y) / unit, x1: (head.left + x1 + 1 - probe.x) / unit, y1: (head.top + y1 + 1 - probe.y) / unit };
  changedUnits.set(key, area);
  return area;
}

/**
 * The part of the shot that `extra` changes on one character (the mouth, the eyes): that small
 * rectangle of the whole shot, painted again with the change, opaque, so that laying it over the
 * still changes those pixels and no others. Undefined when nothing changes (a beak already open,
 * eyes already shut).
 */
export function changedLayer(spec: ShotSpec, p: Placement, frame: { w: number; h: number }, extra: Variant, omit?: ReadonlySet<string>): { canvas: Canvas; left: number; top: number } | undefined {
  const area = changedArea(p, extra);
  if (!area) return undefined;
  const u = p.size / 100;
  // A unit of margin, and a pixel or two for the outline's anti-aliasing at any size.
  const pad = u + 2;
  const left = Math.max(0, Math.floor(p.x + area.x0 * u - pad));
  const top = Math.max(0, Math.floor(p.y + area.y0 * u - pad));
  const right = Math.min(frame.w, Math.ceil(p.x + area.x1 * u + pad));
  const bottom = Math.min(frame.h, Math.ceil(p.y + area.y1 * u + pad));
  if (right - left < 2 || bottom - top < 2) return undefined;
  // Painted with a margin that is cut off: strokes that cross a canvas's edge are smoothed a
  // little differently there than in the whole frame.
  const margin = 4;
  const region = createCanvas(right - left + 2 * margin, bottom - top + 2 * margin);
  const ctx = region.getContext('2d');
  ctx.translate(margin - left, margin - top);
  paintShot(ctx, spec, frame.w, frame.h, omit, { name: p.character.look.name, extra });
  const canvas = createCanvas(right - left, bottom - top);
  canvas.getContext('2d').drawImage(region, -margin, -margin);
  return { canvas, left, top };
}

/** The box the whole character covers (for a layer that moves), unclipped. */
export function wholeBox(p: Placement): { left: number; top: number; width: number; height: number } {
  const width = Math.ceil(p.size * 1.4);
  const height = Math.ceil(p.size * 1.6);
  return { left: Math.floor(p.x - width / 2), top: Math.floor(p.y - p.size * 1.45), width, height };
}

/**
 * One character on a transparent canvas, drawn exactly where the full shot draws it (to the
 * sub-pixel) and under the same vignette, so that switching the layer on changes only what
 * `extra` changes: the mouth or the eyes.
 */
export function characterLayer(p: Placement, frame: { w: number; h: number }, extra: Variant = {}, box = layerBox(p, frame)): { canvas: Canvas; left: number; top: number } {
  const canvas = createCanvas(box.width, box.height);
  const ctx = canvas.getContext('2d');
  drawPlaced(ctx, { ...p, x: p.x - box.left, y: p.y - box.top }, extra);
  ctx.globalCompositeOperation = 'source-atop';
  ctx.translate(-box.left, -box.top);
  vignette(ctx, frame.w, frame.h);
  return { canvas, left: box.left, top: box.top };
}

export function vignette(ctx: SKRSContext2D, w: number, h: number): void {
  const g = ctx.createRadialGradient(w / 2, h * 0.48, h * 0.25, w / 2, h * 0.48, h * 0.75);
  g.addColorStop(0, 'rgba(0,0,0,0)');
  g.addColorStop(1, 'rgba(0,0,0,0.45)');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

/** The shot as a picture; characters in `omit` are left out, to be laid over as layers that move. */
export function shotCanvas(spec: ShotSpec, w: number, h: number, omit?: ReadonlySet<string>): Canvas {
  const canvas = createCanvas(w, h);
  paintShot(canvas.getContext('2d'), spec, w, h, omit);
  return canvas;
}
