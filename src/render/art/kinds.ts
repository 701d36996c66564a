/**
 * How each kind of animal is built, one row a kind (keyed by the core's kind id): the head and
 * body proportions and which drawing each part uses. Breeds vary ears, colours and markings within
 * a kind (looks.ts). Adding a kind is a row here and in src/core/story/species.ts, plus drawing
 * functions for any part it does not share.
 */

export type Muzzle = 'dog' | 'cat' | 'fox' | 'rodent' | 'rabbit' | 'beak' | 'bill' | 'pig' | 'otter' | 'hedgehog' | 'lizard';
export type Tail = 'cat' | 'dog' | 'bushy' | 'fox' | 'striped' | 'cotton' | 'curly' | 'feathers' | 'duck' | 'otter' | 'lizard' | 'none';
export type Limb = 'paws' | 'wings' | 'hooves';
export type Extra = 'whiskers' | 'spines' | 'cheeks' | 'crest' | 'buck teeth' | 'frill';

export interface BodyPlan {
  /** Head radii, in units of a 100-unit-tall character. */
  head: { rx: number; ry: number };
  /** Torso radii; a round body reads as a small pet, a tall one as a dog. */
  body: { rx: number; ry: number };
  /** Where the head's centre sits above the feet. */
  headY: number;
  muzzle: Muzzle;
  tail: Tail;
  limbs: Limb;
  feet: 'paws' | 'bird' | 'webbed' | 'hooves';
  extras: readonly Extra[];
  /** Eyes' distance from the middle of the face. */
  eyeX: number;
  /** The inside of upright ears: pink skin, or the breed's belly colour when unset. */
  innerEar?: string;
}

const PINK = '#f3a6b5';

const MAMMAL = { head: { rx: 24, ry: 21 }, body: { rx: 21, ry: 26 }, headY: 72, limbs: 'paws', feet: 'paws', eyeX: 9 } as const;

export const BODY_PLANS: Readonly<Record<string, BodyPlan>> = {
  dog: { ...MAMMAL, muzzle: 'dog', tail: 'dog', extras: [] },
  cat: { ...MAMMAL, head: { rx: 24, ry: 20 }, body: { rx: 19, ry: 26 }, muzzle: 'cat', tail: 'cat', extras: ['whiskers'], innerEar: PINK },
  rabbit: { ...MAMMAL, head: { rx: 22, ry: 21 }, body: { rx: 21, ry: 25 }, headY: 68, muzzle: 'rabbit', tail: 'cotton', extras: ['whiskers', 'buck teeth'], innerEar: PINK },
  hamster: { ...MAMMAL, head: { rx: 27, ry: 23 }, body: { rx: 26, ry: 27 }, headY: 64, muzzle: 'rodent', tail: 'none', extras: ['cheeks', 'whiskers'], eyeX: 10, innerEar: PINK },
  'guinea pig': { ...MAMMAL, head: { rx: 28, ry: 21 }, body: { rx: 28, ry: 25 }, headY: 60, muzzle: 'rodent', tail: 'none', extras: ['whiskers'], eyeX: 12 },
  parrot: { ...MAMMAL, head: { rx: 21, ry: 22 }, body: { rx: 19, ry: 28 }, headY: 74, muzzle: 'beak', tail: 'feathers', limbs: 'wings', feet: 'bird', extras: ['crest'], eyeX: 9 },
  duck: { ...MAMMAL, head: { rx: 20, ry: 19 }, body: { rx: 25, ry: 26 }, headY: 74, muzzle: 'bill', tail: 'duck', limbs: 'wings', feet: 'webbed', extras: [], eyeX: 8 },
  fox: { ...MAMMAL, head: { rx: 25, ry: 19 }, body: { rx: 18, ry: 26 }, muzzle: 'fox', tail: 'fox', extras: ['whiskers'] },
  'red panda': { ...MAMMAL, head: { rx: 26, ry: 21 }, muzzle: 'cat', tail: 'striped', extras: ['whiskers'], eyeX: 10 },
  otter: { ...MAMMAL, head: { rx: 22, ry: 19 }, body: { rx: 18, ry: 29 }, headY: 76, muzzle: 'otter', tail: 'otter', extras: ['whiskers'], eyeX: 10 },
  hedgehog: { ...MAMMAL, head: { rx: 23, ry: 21 }, body: { rx: 24, ry: 25 }, headY: 64, muzzle: 'hedgehog', tail: 'none', extras: ['spines'], eyeX: 8 },
  squirrel: { ...MAMMAL, head: { rx: 21, ry: 19 }, body: { rx: 17, ry: 25 }, headY: 70, muzzle: 'rodent', tail: 'bushy', extras: ['whiskers', 'buck teeth'] },
  pig: { ...MAMMAL, head: { rx: 27, ry: 22 }, body: { rx: 25, ry: 27 }, muzzle: 'pig', tail: 'curly', limbs: 'hooves', feet: 'hooves', extras: [], eyeX: 11 },
  lizard: { ...MAMMAL, head: { rx: 23, ry: 18 }, body: { rx: 17, ry: 27 }, headY: 74, muzzle: 'lizard', tail: 'lizard', extras: ['frill'], eyeX: 12 },
};

export function planOf(kind: string): BodyPlan {
  return BODY_PLANS[kind] ?? BODY_PLANS.dog!;
}
