import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { BACKGROUNDS, backgroundFor, paintBackground } from '../../src/render/art/backgrounds.js';

/** A background at a quarter of its 720p size (806×1434), as raw RGBA. */
const W = 202;
const H = 358;

function pixels(setting: string): Uint8ClampedArray {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  paintBackground(ctx, setting, W, H);
  return ctx.getImageData(0, 0, W, H).data;
}

/** How far apart two pictures are: the mean difference of a colour channel, 0 to 255. */
function distance(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
  return sum / ((a.length / 4) * 3);
}

describe('backgrounds', () => {
  const names = Object.keys(BACKGROUNDS);

  it('has a painter for every place the stories need', () => {
    for (const name of [
      'restaurant kitchen',
      'gala ballroom',
      'police station',
      'apartment',
      'TV studio',
      'wedding chapel',
      'wedding hall',
      'vet clinic',
      'beach',
      'café',
      'classroom',
      'airport gate',
      'bedroom at night',
      'hospital room',
      'living room',
      'courtroom',
      'train station',
      'rooftop',
    ])
      expect(names).toContain(name);
  });

  it('paints every background, each one its own picture', () => {
    const painted = names.map((name) => ({ name, rgba: pixels(name) }));
    for (const name of names) expect(backgroundFor(name).name, `${name} is found by its own name`).toBe(name);
    for (const [i, a] of painted.entries()) {
      for (const b of painted.slice(i + 1)) expect(distance(a.rgba, b.rgba), `${a.name} vs ${b.name}`).toBeGreaterThan(20);
    }
  });

  it('paints the same picture for the same text', () => {
    for (const setting of ['the gala ballroom', 'the wedding hall', 'a beach at sunset', 'her bedroom at night', 'a rainy street']) {
      expect(Buffer.from(pixels(setting)).equals(Buffer.from(pixels(setting)))).toBe(true);
    }
  });

  it('picks the place a setting names, the more specific name first and whole words only', () => {
    const cases: [string, string][] = [
      ['the restaurant kitchen', 'restaurant kitchen'],
      ['the mansion kitchen', 'restaurant kitchen'],
      ['vet clinic', 'vet clinic'],
      ["Dr. Paws' vet clinic", 'vet clinic'],
      ['the animal hospital', 'vet clinic'],
      ['police station', 'police station'],
      ['a police station at midnight', 'police station'],
      ['the interview room', 'police station'],
      ['gala ballroom', 'gala ballroom'],
      ['the charity gala', 'gala ballroom'],
      ['the main stage', 'gala ballroom'],
      ['the dance studio', 'gala ballroom'],
      ['wedding chapel', 'wedding chapel'],
      ['the church', 'wedding chapel'],
      ['the wedding hall', 'wedding hall'],
      ['the wedding reception', 'wedding hall'],
      ['sunset beach', 'beach'],
      ['the harbour', 'beach'],
      ['barn', 'park'],
      ['the old barn', 'park'],
      ['a bar downtown', 'café'],
      ['the rooftop bar', 'rooftop'],
      ['TV studio', 'TV studio'],
      ['the newsroom', 'TV studio'],
      ['a studio apartment', 'apartment'],
      ['her tiny flat', 'apartment'],
      ['a café', 'café'],
      ['the corner cafe', 'café'],
      ['the bakery', 'café'],
      ['airport gate', 'airport gate'],
      ['gate B12', 'airport gate'],
      ['the train station', 'train station'],
      ['her bedroom at night', 'bedroom at night'],
      ['the hospital room', 'hospital room'],
      ['hospital room', 'hospital room'],
      ['a hospital bed', 'hospital room'],
      ['the operating theatre', 'hospital room'],
      ['courtroom', 'courtroom'],
      ['the tennis court', 'park'],
      ['the school classroom', 'classroom'],
      ['the lecture theatre', 'classroom'],
      ['the living room', 'living room'],
      ['the family home', 'living room'],
      ['the opera house', 'gala ballroom'],
      ['the family mansion', 'mansion library'],
      ["the lawyer's office", 'office'],
      ['the penthouse office', 'office'],
      ['the back alley', 'neon street at night'],
      ['the city at night', 'neon street at night'],
      ['the rainy street', 'neon street at night'],
      ['the window, rain falling', 'rainy window'],
      ['the car park', 'neon street at night'],
      ['the park bench', 'park'],
      ['xqzt vlorp', 'living room'],
      ['', 'living room'],
    ];
    expect(cases.map(([setting]) => [setting, backgroundFor(setting).name])).toEqual(cases);
  });
});
