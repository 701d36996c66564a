import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { looksOf } from '../../src/render/art/looks.js';
import { BED_TOP, drawBed, drawProp, propBounds } from '../../src/render/art/props.js';
import { placements } from '../../src/render/art/shots.js';
import { PROP_HELD, PROPS, type Prop } from '../../src/writer/staging.js';

/** Every look a prop has: each prop closed, and the two that open, open. */
const VARIANTS: { prop: Prop; open: boolean }[] = [...PROPS.map((prop) => ({ prop, open: false })), { prop: 'letter', open: true }, { prop: 'money case', open: true }];
const name = (v: { prop: Prop; open: boolean }) => `${v.prop}${v.open ? ' (open)' : ''}`;

const UNIT = 3;
const SIZE = 170 * UNIT;

/** One prop on a transparent square canvas, its anchor in the middle, and the canvas' RGBA pixels. */
function render(prop: Prop, open: boolean, anchorY = SIZE / 2): Uint8ClampedArray {
  const canvas = createCanvas(SIZE, SIZE);
  drawProp(canvas.getContext('2d'), prop, SIZE / 2, anchorY, UNIT, { open });
  return canvas.getContext('2d').getImageData(0, 0, SIZE, SIZE).data;
}

/** The prop with its bounds' box centred on the canvas, so that two props can be laid one on the other. */
function centred(prop: Prop, open: boolean): Uint8ClampedArray {
  return render(prop, open, PROP_HELD[prop] ? SIZE / 2 : SIZE / 2 + (propBounds(prop).h * UNIT) / 2);
}

describe('scene props', () => {
  it('draws every prop, and draws something', () => {
    for (const v of VARIANTS) {
      const px = render(v.prop, v.open);
      let painted = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) painted++;
      expect(painted, name(v)).toBeGreaterThan(100 * UNIT * UNIT);
    }
  });

  it('draws each prop unlike every other', () => {
    const drawn = VARIANTS.map((v) => ({ v, px: centred(v.prop, v.open) }));
    for (const [i, a] of drawn.entries()) {
      for (const b of drawn.slice(i + 1)) {
        // Of the pixels either one paints, a clear share must look different.
        let union = 0;
        let differ = 0;
        for (let p = 0; p < a.px.length; p += 4) {
          if (a.px[p + 3]! < 40 && b.px[p + 3]! < 40) continue;
          union++;
          let d = 0;
          for (let c = 0; c < 4; c++) d += Math.abs(a.px[p + c]! - b.px[p + c]!);
          if (d > 60) differ++;
        }
        expect(differ / union, `${name(a.v)} vs ${name(b.v)}`).toBeGreaterThan(0.3);
      }
    }
  });

  it('keeps every prop inside its bounds, and fills them: centred on the grip when held, standing on the anchor otherwise', () => {
    const mid = SIZE / 2;
    for (const v of VARIANTS) {
      const { w, h } = propBounds(v.prop);
      const held = PROP_HELD[v.prop];
      const px = render(v.prop, v.open);
      // How far the painted pixels reach from the anchor, in units.
      let reachX = 0;
      let up = 0;
      let down = 0;
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (px[(y * SIZE + x) * 4 + 3]! < 40) continue;
          reachX = Math.max(reachX, Math.abs(x + 0.5 - mid) / UNIT);
          up = Math.max(up, (mid - y) / UNIT);
          down = Math.max(down, (y + 1 - mid) / UNIT);
        }
      }
      const reachY = held ? Math.max(up, down) : up;
      const [boxX, boxY] = [w / 2, held ? h / 2 : h];
      // An outline may spill over by half its width; the box is never more than 2 units loose.
      expect(reachX, `${name(v)} across`).toBeLessThanOrEqual(boxX + 1.5);
      expect(reachY, `${name(v)} up`).toBeLessThanOrEqual(boxY + 1.5);
      if (!held) expect(down, `${name(v)} below the floor`).toBeLessThanOrEqual(1.5);
      if (v.prop !== 'letter' && v.prop !== 'money case') {
        expect(reachX, `${name(v)} across`).toBeGreaterThanOrEqual(boxX - 2);
        expect(reachY, `${name(v)} up`).toBeGreaterThanOrEqual(boxY - 2);
      }
    }
  });

  it('sizes held props to a paw and standing props to the set', () => {
    for (const prop of PROPS) {
      const { w, h } = propBounds(prop);
      if (PROP_HELD[prop]) expect(Math.max(w, h), prop).toBeLessThanOrEqual(30);
      else expect(Math.max(w, h), prop).toBeGreaterThanOrEqual(24);
    }
    expect(propBounds('hospital bed').w).toBeGreaterThan(100);
    expect(BED_TOP).toBeGreaterThanOrEqual(32);
    expect(BED_TOP).toBeLessThanOrEqual(40);
  });

  it('leaves the mattress top clear for a character lying on it', () => {
    // Over the middle of the bed: mattress just below BED_TOP, nothing just above it.
    const px = render('hospital bed', false);
    const alpha = (x: number, up: number) => px[(Math.round(SIZE / 2 - up * UNIT) * SIZE + Math.round(SIZE / 2 + x * UNIT)) * 4 + 3];
    for (const x of [-10, -5, 0]) {
      expect(alpha(x, BED_TOP + 2.5), `x=${x}`).toBe(0);
      expect(alpha(x, BED_TOP - 2), `x=${x}`).toBe(255);
    }
  });

  it('lays a patient in the hospital bed in a place of medicine and in a bed of their own elsewhere', () => {
    const look = looksOf([{ name: 'Pip', species: 'hamster', personality: '', look: { accessory: 'none' } }]).get('Pip')!;
    const bedOf = (setting: string) => placements({ setting, characters: [{ look, emotion: 'sad', speaking: false, action: 'lie in bed' }] }, 540, 960)[0]!.bed;
    expect(bedOf('the hospital ward')).toBe('hospital');
    expect(bedOf('the vet clinic')).toBe('hospital');
    expect(bedOf("Pip's apartment")).toBe('home');
    expect(bedOf('the bedroom')).toBe('home');
    const bed = (kind: 'hospital' | 'home') => {
      const canvas = createCanvas(SIZE, SIZE);
      drawBed(canvas.getContext('2d'), kind, SIZE / 2, SIZE / 2, UNIT);
      return canvas.getContext('2d').getImageData(0, 0, SIZE, SIZE).data;
    };
    const [a, b] = [bed('hospital'), bed('home')];
    let differ = 0;
    for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) + Math.abs(a[i + 3]! - b[i + 3]!) > 60) differ++;
    expect(differ / (a.length / 4)).toBeGreaterThan(0.02);
  });

  it('draws the same prop the same way every time', () => {
    for (const v of VARIANTS) expect(Buffer.from(render(v.prop, v.open)).equals(Buffer.from(render(v.prop, v.open))), name(v)).toBe(true);
  });
});
