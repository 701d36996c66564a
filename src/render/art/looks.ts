import { hashSeed, seededRandom } from '../../core/clock.js';

/**
 * A character's look, derived from the character sheet alone (name, species, look, personality),
 * so that a character is drawn the same in every shot of the series.
 */

export type Accessory = 'none' | 'suit' | 'tie' | 'bow' | 'hospital gown' | 'glasses' | 'crown' | 'pearls' | 'scarf';

export interface Breed {
  id: string;
  kind: 'cat' | 'dog';
  /** What people call it, to match a species typed in chat. */
  match: RegExp;
  fur: string;
  fur2: string;
  belly: string;
  ears: 'pointy' | 'floppy' | 'tall' | 'round';
  snout: 'short' | 'medium' | 'long';
  pattern: 'plain' | 'tabby' | 'mask' | 'points' | 'saddle';
  fluffy: boolean;
}

export const BREEDS: readonly Breed[] = [
  { id: 'shiba', kind: 'dog', match: /shiba|akita/i, fur: '#d9822b', fur2: '#b8621a', belly: '#fbefd9', ears: 'pointy', snout: 'medium', pattern: 'mask', fluffy: false },
  { id: 'golden', kind: 'dog', match: /golden|retriever|labrador|lab\b/i, fur: '#e6b35a', fur2: '#c98f35', belly: '#f6dca4', ears: 'floppy', snout: 'long', pattern: 'plain', fluffy: true },
  { id: 'corgi', kind: 'dog', match: /corgi/i, fur: '#e08a3c', fur2: '#c46f25', belly: '#ffffff', ears: 'tall', snout: 'medium', pattern: 'mask', fluffy: false },
  { id: 'husky', kind: 'dog', match: /husky|malamute|wolf/i, fur: '#6f7a86', fur2: '#4b545e', belly: '#f4f6f8', ears: 'pointy', snout: 'medium', pattern: 'mask', fluffy: true },
  { id: 'dachshund', kind: 'dog', match: /dachshund|sausage|wiener/i, fur: '#7a3f1d', fur2: '#5a2c12', belly: '#a8643a', ears: 'floppy', snout: 'long', pattern: 'plain', fluffy: false },
  { id: 'poodle', kind: 'dog', match: /poodle|bichon|maltese/i, fur: '#f3eee8', fur2: '#ddd3c7', belly: '#ffffff', ears: 'floppy', snout: 'medium', pattern: 'plain', fluffy: true },
  { id: 'pug', kind: 'dog', match: /pug|bulldog|boxer/i, fur: '#d8bf94', fur2: '#2b2622', belly: '#e8d5b0', ears: 'round', snout: 'short', pattern: 'mask', fluffy: false },
  { id: 'black-cat', kind: 'cat', match: /black cat|black kitten|panther/i, fur: '#26242b', fur2: '#141318', belly: '#3a3740', ears: 'pointy', snout: 'short', pattern: 'plain', fluffy: false },
  { id: 'tabby', kind: 'cat', match: /tabby|ginger|orange cat|marmalade/i, fur: '#e39a4a', fur2: '#b8692a', belly: '#f8dcb5', ears: 'pointy', snout: 'short', pattern: 'tabby', fluffy: false },
  { id: 'persian', kind: 'cat', match: /persian|ragdoll|maine coon|fluffy cat/i, fur: '#f1ece4', fur2: '#cfc2b2', belly: '#ffffff', ears: 'round', snout: 'short', pattern: 'plain', fluffy: true },
  { id: 'siamese', kind: 'cat', match: /siamese|birman/i, fur: '#efe3cf', fur2: '#5b4033', belly: '#fbf5ea', ears: 'pointy', snout: 'short', pattern: 'points', fluffy: false },
  {
    id: 'grey-cat',
    kind: 'cat',
    match: /grey cat|gray cat|british|russian blue|kitten|cat/i,
    fur: '#9aa3ad',
    fur2: '#737c86',
    belly: '#d9dde2',
    ears: 'pointy',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
  },
  {
    id: 'mutt',
    kind: 'dog',
    match: /dog|pup|hound|terrier|shepherd|collie|beagle/i,
    fur: '#b07b4f',
    fur2: '#8a5a34',
    belly: '#efd9bf',
    ears: 'floppy',
    snout: 'medium',
    pattern: 'saddle',
    fluffy: false,
  },
];

export function breedOf(species: string): Breed {
  return BREEDS.find((b) => b.match.test(species)) ?? BREEDS.at(-1)!;
}

const ACCESSORY_WORDS: [RegExp, Accessory][] = [
  [/crown|queen|king|prince|princess|royal|heir/i, 'crown'],
  [/suit|ceo|boss|lawyer|business|tycoon|rich/i, 'suit'],
  [/tie\b|office|banker/i, 'tie'],
  [/bow|elegant|charming|gentle/i, 'bow'],
  [/hospital|patient|sick|gown/i, 'hospital gown'],
  [/glasses|smart|doctor|nerd|scholar|detective/i, 'glasses'],
  [/pearl|diva|socialite|schemer/i, 'pearls'],
  [/scarf|poet|artist|mysterious|brooding/i, 'scarf'],
];

export interface Look {
  /** The character's name: one look per character. */
  name: string;
  breed: Breed;
  accessory: Accessory;
  /** Colour of clothes and accents: one per character, stable. */
  accent: string;
  eye: string;
}

const ACCENTS = ['#c0392b', '#2e86de', '#8e44ad', '#16a085', '#d35400', '#2c3e50', '#e84393', '#27ae60'];
const EYES = ['#3b2a1a', '#2d6a4f', '#1d3557', '#b5838d', '#6a4c93', '#e9c46a'];

/** The look of a character from its sheet; explicit `look.accessory`/`look.accent` win. */
export function lookOf(c: { name: string; species: string; personality: string; look: Record<string, unknown> }): Look {
  const rnd = seededRandom(hashSeed(`${c.name}:${c.species}`));
  const breed = breedOf(c.species);
  const given = typeof c.look.accessory === 'string' ? (c.look.accessory as Accessory) : undefined;
  const fromWords = ACCESSORY_WORDS.find(([re]) => re.test(`${c.personality} ${c.species}`))?.[1];
  const pool: Accessory[] = ['none', 'bow', 'tie', 'scarf', 'pearls', 'glasses', 'suit'];
  const accessory = given ?? fromWords ?? pool[Math.floor(rnd() * pool.length)]!;
  const accent = typeof c.look.accent === 'string' ? c.look.accent : ACCENTS[Math.floor(rnd() * ACCENTS.length)]!;
  const eye = breed.id === 'black-cat' ? '#e9c46a' : breed.id === 'husky' ? '#5dade2' : EYES[Math.floor(rnd() * EYES.length)]!;
  return { name: c.name, breed, accessory, accent, eye };
}
