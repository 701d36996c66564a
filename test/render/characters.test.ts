import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { KINDS, drawnKind } from '../../src/core/story/species.js';
import { drawCharacter, type Staging, type Variant } from '../../src/render/art/characters.js';
import { changedLayer, placements, shotCanvas, type ShotSpec } from '../../src/render/art/shots.js';
import { BREEDS, breedOf, looksOf, type Look } from '../../src/render/art/looks.js';
import type { Emotion } from '../../src/writer/script.js';
import { ACTIONS, WARDROBE } from '../../src/writer/staging.js';

const W = 160;
const H = 200;

/** A character drawn alone on a transparent canvas, as RGBA pixels. */
function pixels(look: Look, emotion: Emotion = 'happy', staging: Staging = {}): Uint8ClampedArray {
  const canvas = createCanvas(W, H);
  drawCharacter(canvas.getContext('2d'), look, emotion, W / 2, H * 0.9, H * 0.6, 'right', staging);
  return canvas.getContext('2d').getImageData(0, 0, W, H).data;
}

/** Of the pixels either picture paints, the share that clearly differ. */
function difference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let painted = 0;
  let differ = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i + 3]! < 128 && b[i + 3]! < 128) continue;
    painted++;
    const d = Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) + Math.abs(a[i + 3]! - b[i + 3]!);
    if (d > 60) differ++;
  }
  return painted ? differ / painted : 0;
}

const sheet = (name: string, species: string) => ({ name, species, personality: '', look: { accessory: 'none' } });

/** One character of every kind the core knows, as someone would type it. */
const ONE_OF_EACH = KINDS.map((k) => sheet(`A ${k.id}`, k.id));

describe('the characters', () => {
  it('draws every kind with a body of its own: no two kinds look alike', () => {
    const looks = looksOf(ONE_OF_EACH);
    const drawn = ONE_OF_EACH.map((c) => ({ kind: looks.get(c.name)!.kind, pixels: pixels(looks.get(c.name)!) }));
    expect(new Set(drawn.map((d) => d.kind)).size).toBe(KINDS.length);
    for (const [i, a] of drawn.entries()) {
      for (const b of drawn.slice(i + 1)) expect(difference(a.pixels, b.pixels), `${a.kind} vs ${b.kind}`).toBeGreaterThan(0.25);
    }
  });

  it('draws the breeds people type, each its own', () => {
    const breeds = ['German Shepherd', 'Chihuahua', 'Dalmatian', 'Border Collie', 'Pomeranian', 'Samoyed', 'Maine Coon', 'Sphynx', 'Bengal', 'Shiba Inu', 'pug', 'tabby cat'];
    const looks = looksOf(breeds.map((b) => sheet(b, b)));
    expect(new Set([...looks.values()].map((l) => l.breed.id)).size).toBe(breeds.length);
    const drawn = breeds.map((b) => pixels(looks.get(b)!));
    for (const [i, a] of drawn.entries()) for (const [j, b] of drawn.entries()) if (j > i) expect(difference(a, b), `${breeds[i]} vs ${breeds[j]}`).toBeGreaterThan(0.1);
  });

  it('tells two characters of one breed apart, and never changes a look when the cast grows', () => {
    const cast = [sheet('Mochi', 'Shiba Inu'), sheet('Kenji', 'Shiba Inu'), sheet('Yuki', 'shiba')];
    const looks = looksOf(cast);
    const [a, b, c] = cast.map((x) => looks.get(x.name)!);
    expect(a!.breed.id).toBe(b!.breed.id);
    expect(difference(pixels(a!), pixels(b!))).toBeGreaterThan(0.1);
    expect(difference(pixels(b!), pixels(c!))).toBeGreaterThan(0.02);
    expect(new Set([a!.accent, b!.accent, c!.accent]).size).toBe(3);
    // Mochi alone, or with the others after her: the same character.
    expect(looksOf([cast[0]!]).get('Mochi')).toEqual(a);
    expect(looksOf(cast.slice(0, 2)).get('Kenji')).toEqual(b);
  });

  it('reaches every breed from the words people type', () => {
    const samples: Record<string, string> = {
      'german-shepherd': 'German Shepherd',
      shiba: 'Shiba Inu',
      golden: 'golden retriever',
      labrador: 'black Labrador',
      corgi: 'Corgi',
      husky: 'Siberian Husky',
      dachshund: 'doxie',
      poodle: 'Goldendoodle',
      pug: 'Frenchie',
      bulldog: 'English Bulldog',
      chihuahua: 'papillon',
      dalmatian: 'Dalmatian',
      'border-collie': 'aussie',
      pomeranian: 'Pomeranian',
      samoyed: 'Samoyed',
      beagle: 'basset hound',
      doberman: 'Doberman pinscher',
      terrier: 'westie',
      mutt: 'Great Dane',
      'black-cat': 'Bombay cat',
      tuxedo: 'tuxedo cat',
      'maine-coon': 'Maine Coon',
      sphynx: 'Sphynx',
      bengal: 'Bengal',
      calico: 'tortie',
      tabby: 'ginger tabby',
      persian: 'Himalayan',
      siamese: 'Ragdoll',
      'scottish-fold': 'Scottish Fold',
      'grey-cat': 'Russian Blue',
      'lop-rabbit': 'Holland lop',
      rabbit: 'bunny',
      hamster: 'hamster',
      'guinea-pig': 'guinea pig',
      cockatoo: 'cockatiel',
      budgie: 'budgie',
      macaw: 'macaw',
      duck: 'duckling',
      fennec: 'fennec fox',
      fox: 'fox',
      'red-panda': 'red panda',
      otter: 'sea otter',
      hedgehog: 'hedgehog',
      squirrel: 'chipmunk',
      pig: 'piglet',
      lizard: 'leopard gecko',
    };
    expect(Object.keys(samples).sort()).toEqual(BREEDS.map((b) => b.id).sort());
    for (const [id, species] of Object.entries(samples)) expect(breedOf(species).id, species).toBe(id);
    // Plurals and two-word names are read too; a New Guinea singing dog is no guinea pig.
    for (const [species, kind] of [
      ['puppies', 'dog'],
      ['wolves', 'dog'],
      ['foxes', 'fox'],
      ['mice', 'hamster'],
      ['guinea pigs', 'guinea pig'],
      ['New Guinea singing dog', 'dog'],
    ] as const)
      expect(drawnKind(species).id, species).toBe(kind);
  });

  it('wears the colour the species names', () => {
    const looks = looksOf([sheet('Ink', 'black Labrador'), sheet('Sunny', 'yellow Labrador'), sheet('Cocoa', 'chocolate lab'), sheet('Snow', 'white German Shepherd')]);
    const fur = (name: string) => looks.get(name)!.colours.fur;
    expect(fur('Ink')).toBe('#2a2624');
    expect(fur('Sunny')).toBe('#e8c27a');
    expect(fur('Cocoa')).toBe('#6b4028');
    // A breed without a colour that near keeps its closest.
    expect(looks.get('Snow')!.breed.id).toBe('german-shepherd');
  });

  it('draws every action as a pose of its own', () => {
    const look = looksOf([sheet('Rex', 'corgi')]).get('Rex')!;
    const poses = ACTIONS.map((action) => ({ action, pixels: pixels(look, 'sad', { action }) }));
    for (const [i, a] of poses.entries()) {
      for (const b of poses.slice(i + 1)) expect(difference(a.pixels, b.pixels), `${a.action} vs ${b.action}`).toBeGreaterThan(0.04);
    }
  });

  it('poses wings and hooves too, not only paws', () => {
    for (const species of ['parrot', 'pig', 'duck']) {
      const look = looksOf([sheet('X', species)]).get('X')!;
      expect(difference(pixels(look, 'angry', { action: 'point' }), pixels(look, 'angry', { action: 'read letter' }))).toBeGreaterThan(0.04);
    }
  });

  it('dresses a character for the scene', () => {
    const look = looksOf([sheet('Bella', 'golden retriever')]).get('Bella')!;
    const plain = pixels(look);
    for (const w of WARDROBE) expect(difference(plain, pixels(look, 'happy', { wardrobe: [w] })), w).toBeGreaterThan(0.01);
  });

  it('changes only the mouth for the talking frame and only the eyes for the blink', () => {
    const look = looksOf([sheet('Luna', 'black cat')]).get('Luna')!;
    const base = pixels(look, 'angry');
    const talking = pixels(look, 'angry', { talking: true });
    const blink = pixels(look, 'angry', { blink: true });
    for (const frame of [talking, blink]) {
      const d = difference(base, frame);
      expect(d).toBeGreaterThan(0.002);
      expect(d).toBeLessThan(0.05);
    }
    expect(difference(talking, blink)).toBeGreaterThan(0.002);
  });

  it('breathes with the chest of every kind and never moves the eyes, whose blink lies over it', () => {
    const looks = looksOf(ONE_OF_EACH);
    const [w, h] = [540, 960];
    for (const c of ONE_OF_EACH) {
      const look = looks.get(c.name)!;
      for (const action of ['stand', 'sit', 'lie in bed'] as const) {
        const what = `${look.kind} ${action}`;
        const shot: ShotSpec = { setting: 'office', characters: [{ look, emotion: 'angry', speaking: false, action }], framing: 'close', focus: c.name };
        const p = placements(shot, w, h)[0]!;
        const chest = changedLayer(shot, p, { w, h }, { breath: true });
        expect(chest, what).toBeDefined();
        // The still with the chest layer over it, against the still, inside the eyes' box. (The mouth's
        // layer shows only while the character speaks, and then it holds its breath.)
        const still = shotCanvas(shot, w, h);
        const breathing = createCanvas(w, h);
        breathing.getContext('2d').drawImage(still, 0, 0);
        breathing.getContext('2d').drawImage(chest!.canvas, chest!.left, chest!.top);
        for (const extra of [{ blink: true }] satisfies Variant[]) {
          const face = changedLayer(shot, p, { w, h }, extra);
          if (!face) continue;
          const box = [face.left, face.top, face.canvas.width, face.canvas.height] as const;
          const a = still.getContext('2d').getImageData(...box).data;
          const b = breathing.getContext('2d').getImageData(...box).data;
          let moved = 0;
          for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 30) moved++;
          expect(moved / (a.length / 4), `${what} ${Object.keys(extra)[0]}`).toBeLessThan(0.02);
        }
      }
    }
  });

  it('shuts the eyes of someone asleep or unconscious in bed, and changes nothing else', () => {
    const look = looksOf([sheet('Bella', 'poodle')]).get('Bella')!;
    const awake = pixels(look, 'sad', { action: 'lie in bed' });
    const asleep = pixels(look, 'sad', { action: 'sleep' });
    const d = difference(awake, asleep);
    expect(d).toBeGreaterThan(0.001);
    expect(d).toBeLessThan(0.06);
  });

  it('draws a species typed in Chinese as its breed and colour', () => {
    const looks = looksOf([sheet('豆豆', '柴犬'), sheet('团子', '金毛'), sheet('可乐', '橘猫'), sheet('年糕', '黑猫')]);
    expect(looks.get('豆豆')!.breed.id).toBe(breedOf('Shiba Inu').id);
    expect(looks.get('团子')!.breed.id).toBe(breedOf('golden retriever').id);
    expect(looks.get('可乐')!.colours).toEqual(looksOf([sheet('Cola', 'ginger cat')]).get('Cola')!.colours);
    expect(looks.get('年糕')!.breed.id).toBe(breedOf('black cat').id);
  });

  it('draws a species it does not know as a stand-in, the same one every time', () => {
    expect(drawnKind('Blorbian space slug').id).toBe(drawnKind('blorbian space slug').id);
    expect(drawnKind('dragon').id).toBe('lizard');
    expect(drawnKind('horse').id).toBe('pig');
    const look = looksOf([sheet('Zorp', 'Blorbian space slug')]).get('Zorp')!;
    expect(look.kind).toBe(drawnKind('Blorbian space slug').id);
    expect(difference(pixels(look), new Uint8ClampedArray(W * H * 4))).toBeGreaterThan(0.5);
  });

  it('draws the same character the same way every time', () => {
    const look = looksOf([sheet('Pip', 'hamster')]).get('Pip')!;
    expect(Buffer.from(pixels(look, 'scared', { action: 'phone' })).equals(Buffer.from(pixels(look, 'scared', { action: 'phone' })))).toBe(true);
  });
});
