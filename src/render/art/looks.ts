import { hashSeed, seededRandom } from '../../core/clock.js';
import { drawnKind, englishSpecies } from '../../core/story/species.js';

/**
 * A character's look, derived from the character sheet alone (name, species, look, personality),
 * so that a character is drawn the same in every shot of the series. The kind (dog, parrot…) comes
 * from the core's species table; the breed gives colours and features within the kind.
 */

export type Accessory = 'none' | 'suit' | 'tie' | 'bow' | 'hospital gown' | 'glasses' | 'crown' | 'pearls' | 'scarf';

export type Ears = 'pointy' | 'floppy' | 'tall' | 'round' | 'huge' | 'tufted' | 'long' | 'lop' | 'petal' | 'folded' | 'curly' | 'none';
export type Snout = 'short' | 'medium' | 'long';
export type Pattern = 'plain' | 'tabby' | 'mask' | 'dark-mask' | 'points' | 'saddle' | 'spots' | 'blaze' | 'patches' | 'tuxedo' | 'rosettes' | 'wrinkles' | 'face-marks' | 'cheek-spot';

export interface Colours {
  fur: string;
  /** Second colour: markings, ear tips, wings, legs. */
  fur2: string;
  belly: string;
}

export interface Breed {
  id: string;
  /** The core kind this breed belongs to (src/core/story/species.ts). */
  kind: string;
  /** What people call it, to match a species typed in chat. */
  match: RegExp;
  /** The first is the breed's usual colours; two characters of the breed take different ones. */
  colours: readonly Colours[];
  ears: Ears;
  snout: Snout;
  pattern: Pattern;
  fluffy: boolean;
  /** A pom-pom of curls on the crown (poodles). */
  topknot?: boolean;
  /** Height against the kind's usual one. */
  size: number;
}

const c = (fur: string, fur2: string, belly: string): Colours => ({ fur, fur2, belly });

/** Breeds by kind, most specific first; each kind's last row is its default. */
export const BREEDS: readonly Breed[] = [
  // Dogs
  {
    id: 'german-shepherd',
    kind: 'dog',
    match: /shepherd|malinois/i,
    colours: [c('#c98a4b', '#2b2420', '#e8c49a'), c('#3a3430', '#1d1a18', '#8a6a4a')],
    ears: 'tall',
    snout: 'long',
    pattern: 'dark-mask',
    fluffy: false,
    size: 1.08,
  },
  {
    id: 'shiba',
    kind: 'dog',
    match: /shiba|akita/i,
    colours: [c('#d9822b', '#b8621a', '#fbefd9'), c('#3b302a', '#1f1915', '#e9c9a0')],
    ears: 'pointy',
    snout: 'medium',
    pattern: 'mask',
    fluffy: false,
    size: 1,
  },
  {
    id: 'golden',
    kind: 'dog',
    match: /golden(?!doodle)/i,
    colours: [c('#e6b35a', '#c98f35', '#f6dca4'), c('#f1d08e', '#d9b061', '#fbecc8')],
    ears: 'floppy',
    snout: 'long',
    pattern: 'plain',
    fluffy: false,
    size: 1.06,
  },
  {
    id: 'labrador',
    kind: 'dog',
    match: /labrador|lab\b|retriever/i,
    colours: [c('#e8c27a', '#c99a4d', '#f6e0b0'), c('#2a2624', '#161413', '#3d3734'), c('#6b4028', '#4b2b19', '#86563a')],
    ears: 'floppy',
    snout: 'long',
    pattern: 'plain',
    fluffy: false,
    size: 1.05,
  },
  {
    id: 'corgi',
    kind: 'dog',
    match: /corgi/i,
    colours: [c('#e08a3c', '#c46f25', '#ffffff'), c('#3a302c', '#c46f25', '#ffffff')],
    ears: 'tall',
    snout: 'medium',
    pattern: 'mask',
    fluffy: false,
    size: 0.82,
  },
  {
    id: 'husky',
    kind: 'dog',
    match: /husky|malamute|wolf/i,
    colours: [c('#6f7a86', '#4b545e', '#f4f6f8'), c('#a0693d', '#7a4d2a', '#f7efe6')],
    ears: 'pointy',
    snout: 'medium',
    pattern: 'mask',
    fluffy: false,
    size: 1.06,
  },
  {
    id: 'dachshund',
    kind: 'dog',
    match: /dachshund|sausage|wiener|doxie/i,
    colours: [c('#7a3f1d', '#5a2c12', '#a8643a'), c('#2a2220', '#b0703c', '#b0703c')],
    ears: 'floppy',
    snout: 'long',
    pattern: 'plain',
    fluffy: false,
    size: 0.8,
  },
  {
    id: 'poodle',
    kind: 'dog',
    match: /poodle|bichon|maltese|doodle/i,
    colours: [c('#f3eee8', '#ddd3c7', '#ffffff'), c('#2b2628', '#1a1718', '#3a3436'), c('#c98f5a', '#a8703f', '#e0b386')],
    ears: 'curly',
    snout: 'medium',
    pattern: 'plain',
    fluffy: false,
    topknot: true,
    size: 0.95,
  },
  {
    id: 'pug',
    kind: 'dog',
    match: /pug|french bulldog|frenchie/i,
    colours: [c('#d8bf94', '#2b2622', '#e8d5b0'), c('#2b2622', '#15110f', '#3a3430')],
    ears: 'folded',
    snout: 'short',
    pattern: 'dark-mask',
    fluffy: false,
    size: 0.82,
  },
  {
    id: 'bulldog',
    kind: 'dog',
    match: /bulldog|boxer|mastiff|rottweiler/i,
    colours: [c('#e2cfae', '#b58a5a', '#f8efe1'), c('#8a5a36', '#2b2420', '#d9b38c')],
    ears: 'folded',
    snout: 'short',
    pattern: 'wrinkles',
    fluffy: false,
    size: 0.98,
  },
  {
    id: 'chihuahua',
    kind: 'dog',
    match: /chihuahua|papillon/i,
    colours: [c('#e9c08a', '#c99a62', '#f7e4c8'), c('#3a302b', '#c99a62', '#e9c08a')],
    ears: 'huge',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 0.72,
  },
  {
    id: 'dalmatian',
    kind: 'dog',
    match: /dalmatian/i,
    colours: [c('#f8f6f2', '#1f1c1c', '#ffffff'), c('#f8f6f2', '#6b3f26', '#ffffff')],
    ears: 'floppy',
    snout: 'medium',
    pattern: 'spots',
    fluffy: false,
    size: 1.04,
  },
  {
    id: 'border-collie',
    kind: 'dog',
    match: /collie|sheepdog|aussie|australian/i,
    colours: [c('#221e1e', '#ffffff', '#ffffff'), c('#7a4a2c', '#ffffff', '#ffffff')],
    ears: 'folded',
    snout: 'long',
    pattern: 'blaze',
    fluffy: true,
    size: 1,
  },
  {
    id: 'pomeranian',
    kind: 'dog',
    match: /pomeranian|pom\b|spitz/i,
    colours: [c('#f0a348', '#d98427', '#fbdcae'), c('#f6efe4', '#e2d6c4', '#ffffff')],
    ears: 'pointy',
    snout: 'short',
    pattern: 'plain',
    fluffy: true,
    size: 0.72,
  },
  { id: 'samoyed', kind: 'dog', match: /samoyed|spitz|eskimo/i, colours: [c('#fbfaf7', '#e6e1d8', '#ffffff')], ears: 'pointy', snout: 'medium', pattern: 'plain', fluffy: true, size: 1.04 },
  { id: 'beagle', kind: 'dog', match: /beagle|basset|hound|bloodhound/i, colours: [c('#c8843f', '#2b2420', '#ffffff')], ears: 'floppy', snout: 'long', pattern: 'blaze', fluffy: false, size: 0.9 },
  { id: 'doberman', kind: 'dog', match: /doberman|pinscher/i, colours: [c('#221c1a', '#b8652c', '#b8652c')], ears: 'tall', snout: 'long', pattern: 'mask', fluffy: false, size: 1.08 },
  {
    id: 'terrier',
    kind: 'dog',
    match: /terrier|yorkie|yorkshire|schnauzer|westie|scottie/i,
    colours: [c('#8a8f96', '#c89a5a', '#d8c3a0'), c('#f5f1ea', '#dcd3c6', '#ffffff')],
    ears: 'pointy',
    snout: 'medium',
    pattern: 'plain',
    fluffy: false,
    size: 0.8,
  },
  {
    id: 'mutt',
    kind: 'dog',
    match: /dog|pup|mutt/i,
    colours: [c('#b07b4f', '#8a5a34', '#efd9bf'), c('#e0c49a', '#9e7650', '#f6ead6'), c('#4a3b33', '#c9a27a', '#e9d5b8')],
    ears: 'floppy',
    snout: 'medium',
    pattern: 'saddle',
    fluffy: false,
    size: 1,
  },
  // Cats
  {
    id: 'black-cat',
    kind: 'cat',
    match: /black cat|black kitten|panther|bombay/i,
    colours: [c('#26242b', '#141318', '#3a3740')],
    ears: 'pointy',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  { id: 'tuxedo', kind: 'cat', match: /tuxedo|black and white cat/i, colours: [c('#1f1d22', '#141318', '#ffffff')], ears: 'pointy', snout: 'short', pattern: 'tuxedo', fluffy: false, size: 1 },
  {
    id: 'maine-coon',
    kind: 'cat',
    match: /maine coon|coon|norwegian|forest cat/i,
    colours: [c('#8a6a4c', '#4e3a2a', '#efe2cf'), c('#b8b2aa', '#6b6560', '#f4f1ec')],
    ears: 'tufted',
    snout: 'medium',
    pattern: 'tabby',
    fluffy: true,
    size: 1.12,
  },
  {
    id: 'sphynx',
    kind: 'cat',
    match: /sphynx|sphinx|hairless/i,
    colours: [c('#e9c3b5', '#d59e8f', '#f3d9cf'), c('#a9a1a3', '#8b8285', '#cfc7c9')],
    ears: 'huge',
    snout: 'short',
    pattern: 'wrinkles',
    fluffy: false,
    size: 0.98,
  },
  {
    id: 'bengal',
    kind: 'cat',
    match: /bengal|leopard|ocelot|savannah|cheetah/i,
    colours: [c('#d9b45e', '#4a2f18', '#fbf0d6'), c('#d7d2c8', '#3d3a38', '#f7f5f0')],
    ears: 'pointy',
    snout: 'medium',
    pattern: 'rosettes',
    fluffy: false,
    size: 1.02,
  },
  { id: 'calico', kind: 'cat', match: /calico|tortie|tortoiseshell/i, colours: [c('#ffffff', '#e08a3c', '#ffffff')], ears: 'pointy', snout: 'short', pattern: 'patches', fluffy: false, size: 0.96 },
  {
    id: 'tabby',
    kind: 'cat',
    match: /tabby|ginger|orange cat|marmalade|tiger|lion/i,
    colours: [c('#e8843a', '#b8581f', '#f8dcb5'), c('#a89a88', '#5e5247', '#e9e0d4')],
    ears: 'pointy',
    snout: 'short',
    pattern: 'tabby',
    fluffy: false,
    size: 1,
  },
  {
    id: 'persian',
    kind: 'cat',
    match: /persian|himalayan|exotic|fluffy cat/i,
    colours: [c('#f1ece4', '#cfc2b2', '#ffffff'), c('#e7b98a', '#c8925e', '#f8e6d0')],
    ears: 'round',
    snout: 'short',
    pattern: 'plain',
    fluffy: true,
    size: 1,
  },
  {
    id: 'siamese',
    kind: 'cat',
    match: /siamese|birman|ragdoll|balinese/i,
    colours: [c('#efe3cf', '#5b4033', '#fbf5ea'), c('#f2ece6', '#7d8796', '#ffffff')],
    ears: 'pointy',
    snout: 'short',
    pattern: 'points',
    fluffy: false,
    size: 1,
  },
  { id: 'scottish-fold', kind: 'cat', match: /scottish|fold/i, colours: [c('#b9b4ae', '#8a847e', '#e6e2dd')], ears: 'folded', snout: 'short', pattern: 'plain', fluffy: false, size: 0.96 },
  {
    id: 'grey-cat',
    kind: 'cat',
    match: /grey cat|gray cat|british|russian blue|cat|kitten|kitty/i,
    colours: [c('#9aa3ad', '#737c86', '#d9dde2'), c('#f2f0ec', '#d4cfc8', '#ffffff'), c('#c78d52', '#9b6331', '#f1d7b4')],
    ears: 'pointy',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  // Other kinds: their usual looks
  {
    id: 'lop-rabbit',
    kind: 'rabbit',
    match: /\blop/i,
    colours: [c('#d9b48a', '#b58d63', '#f7ead9'), c('#f4f1ec', '#d8d0c6', '#ffffff')],
    ears: 'lop',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  {
    id: 'rabbit',
    kind: 'rabbit',
    match: /./,
    colours: [c('#f6f3ef', '#f1b8c6', '#ffffff'), c('#9b7a5c', '#7a5c42', '#efe1cf'), c('#8f949b', '#6e737a', '#e5e7ea')],
    ears: 'long',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  {
    id: 'hamster',
    kind: 'hamster',
    match: /./,
    colours: [c('#e6a85c', '#c9863b', '#fff5e6'), c('#f2ede6', '#c7bdb0', '#ffffff'), c('#9a9590', '#6f6a66', '#efece8')],
    ears: 'round',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  {
    id: 'guinea-pig',
    kind: 'guinea pig',
    match: /./,
    colours: [c('#f4efe8', '#c4763a', '#f4efe8'), c('#c4763a', '#3b2b22', '#f4efe8')],
    ears: 'petal',
    snout: 'short',
    pattern: 'patches',
    fluffy: false,
    size: 1,
  },
  {
    id: 'cockatoo',
    kind: 'parrot',
    match: /cockatoo|cockatiel/i,
    colours: [c('#f8f8f4', '#f2c94c', '#ffffff'), c('#b8b8b8', '#f2c94c', '#e9e9e9')],
    ears: 'none',
    snout: 'short',
    pattern: 'cheek-spot',
    fluffy: false,
    size: 1,
  },
  {
    id: 'budgie',
    kind: 'parrot',
    match: /budgie|budgerigar|parakeet|lovebird|canary|finch/i,
    colours: [c('#7ec850', '#2d6a4f', '#f4e04d'), c('#5fa8e8', '#2b4f7a', '#f6f6f6')],
    ears: 'none',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 0.8,
  },
  {
    id: 'macaw',
    kind: 'parrot',
    match: /./,
    colours: [c('#e63946', '#2f6eb5', '#f4d35e'), c('#3aa0d8', '#f4c430', '#f4c430'), c('#4caf50', '#e63946', '#c5e384')],
    ears: 'none',
    snout: 'long',
    pattern: 'face-marks',
    fluffy: false,
    size: 1.05,
  },
  {
    id: 'duck',
    kind: 'duck',
    match: /./,
    colours: [c('#fbfaf5', '#e9e4d8', '#ffffff'), c('#f7d447', '#e8b923', '#fbe88a'), c('#8d6e55', '#2d6a4f', '#c8ad8f')],
    ears: 'none',
    snout: 'medium',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  { id: 'fennec', kind: 'fox', match: /fennec/i, colours: [c('#efd2a2', '#c9a56f', '#fbf1de')], ears: 'huge', snout: 'medium', pattern: 'plain', fluffy: false, size: 0.85 },
  {
    id: 'fox',
    kind: 'fox',
    match: /./,
    colours: [c('#e8702a', '#2f2420', '#fbf6ef'), c('#eef2f5', '#9aa6b2', '#ffffff'), c('#4a4a52', '#1f1f24', '#dcdcdc')],
    ears: 'tall',
    snout: 'long',
    pattern: 'mask',
    fluffy: false,
    size: 1,
  },
  {
    id: 'red-panda',
    kind: 'red panda',
    match: /./,
    colours: [c('#c4521c', '#3a1f14', '#f6efe6'), c('#a8461b', '#2a1710', '#f6efe6')],
    ears: 'round',
    snout: 'short',
    pattern: 'face-marks',
    fluffy: false,
    size: 1,
  },
  {
    id: 'otter',
    kind: 'otter',
    match: /./,
    // Sleek and dark, with the pale face of an otter: unlike the hedgehog's brown at a glance.
    colours: [c('#5b3a26', '#3f2819', '#efdcc2'), c('#6e4a32', '#4a3222', '#f3e4cc')],
    ears: 'round',
    snout: 'medium',
    pattern: 'mask',
    fluffy: false,
    size: 1,
  },
  {
    id: 'hedgehog',
    kind: 'hedgehog',
    match: /./,
    colours: [c('#7a5a40', '#4e3828', '#f0dfc4'), c('#b8a48c', '#857058', '#f6ecdc')],
    ears: 'round',
    snout: 'long',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  {
    id: 'squirrel',
    kind: 'squirrel',
    match: /./,
    colours: [c('#c8642d', '#9b4a1e', '#f5e6cf'), c('#8d8d8d', '#646464', '#f0f0f0')],
    ears: 'tufted',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  {
    id: 'pig',
    kind: 'pig',
    match: /./,
    colours: [c('#f4a6b8', '#e07f98', '#f9c9d4'), c('#f4a6b8', '#2b2426', '#f9c9d4'), c('#c98a63', '#9c6443', '#e2b294')],
    ears: 'floppy',
    snout: 'short',
    pattern: 'plain',
    fluffy: false,
    size: 1,
  },
  {
    id: 'lizard',
    kind: 'lizard',
    match: /./,
    colours: [c('#6aa84f', '#38761d', '#d9ead3'), c('#f1c232', '#3b3b3b', '#fff2cc'), c('#4aa3c8', '#1f5f7a', '#d0ecf5')],
    ears: 'none',
    snout: 'long',
    pattern: 'spots',
    fluffy: false,
    size: 1,
  },
];

export function breedOf(species: string): Breed {
  const kind = drawnKind(species).id;
  const ofKind = BREEDS.filter((b) => b.kind === kind);
  return ofKind.find((b) => b.match.test(species)) ?? ofKind.at(-1)!;
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

/** A small mark that tells two characters of one breed apart even in the same colours. */
export type Marking = 'none' | 'eye patch' | 'star' | 'freckles';
const MARKINGS: readonly Marking[] = ['none', 'eye patch', 'star', 'freckles'];

export interface Look {
  /** The character's name: one look per character. */
  name: string;
  /** The kind drawn (the core's kind id, or the stand-in for a species we do not know). */
  kind: string;
  breed: Breed;
  colours: Colours;
  marking: Marking;
  accessory: Accessory;
  /** Colour of clothes and accents: one per character, stable. */
  accent: string;
  eye: string;
  /** Height against a dog's (1): the kind's size times the breed's. */
  scale: number;
}

const ACCENTS = ['#c0392b', '#2e86de', '#8e44ad', '#16a085', '#d35400', '#2c3e50', '#e84393', '#27ae60'];
const EYES = ['#3b2a1a', '#2d6a4f', '#1d3557', '#b5838d', '#6a4c93', '#e9c46a'];

const COLOUR_WORDS: readonly [RegExp, [number, number, number]][] = [
  [/\bblack\b/i, [35, 32, 34]],
  [/\b(white|snowy)\b/i, [245, 243, 238]],
  [/\b(brown|chocolate|liver)\b/i, [110, 66, 40]],
  [/\b(grey|gray|silver|blue)\b/i, [140, 146, 152]],
  [/\b(golden|yellow|cream|blonde?|fawn)\b/i, [232, 194, 122]],
  [/\b(red|ginger|orange)\b/i, [217, 112, 42]],
];

/** The breed's colours closest to a colour the species names, if it names one. */
function namedColour(species: string, breed: Breed): Colours | undefined {
  const rgb = COLOUR_WORDS.find(([re]) => re.test(species))?.[1];
  if (!rgb) return undefined;
  const distance = (hex: string) => {
    const n = Number.parseInt(hex.slice(1), 16);
    return Math.abs((n >> 16) - rgb[0]) + Math.abs(((n >> 8) & 255) - rgb[1]) + Math.abs((n & 255) - rgb[2]);
  };
  return [...breed.colours].sort((a, b) => distance(a.fur) - distance(b.fur))[0];
}

interface Sheet {
  name: string;
  species: string;
  personality: string;
  look: Record<string, unknown>;
}

/** The look of a character from its sheet alone; explicit `look.accessory`/`look.accent` win. */
export function lookOf(sheet: Sheet): Look {
  return looksOf([sheet]).get(sheet.name)!;
}

/**
 * The looks of a whole cast, in the cast's order: a character of the same breed as an earlier one
 * takes the next colours, marking and accent its elders do not have, so the two are told apart.
 * Characters added later never change the looks of those before them.
 */
export function looksOf(cast: readonly Sheet[]): Map<string, Look> {
  const looks = new Map<string, Look>();
  for (const sheet of cast) {
    const rnd = seededRandom(hashSeed(`${sheet.name}:${sheet.species}`));
    const kind = drawnKind(sheet.species);
    // Breeds and colours are matched in the table's English words ("柴犬" → "shiba inu").
    const species = englishSpecies(sheet.species);
    const breed = breedOf(species);
    const elders = [...looks.values()].filter((l) => l.breed.id === breed.id);
    const pick = <T>(options: readonly T[], taken: (t: T) => boolean, start: number): T => {
      for (let i = 0; i < options.length; i++) {
        const o = options[(start + i) % options.length]!;
        if (!taken(o)) return o;
      }
      return options[start % options.length]!;
    };
    // The colour the species names ("black Labrador"); else, without elders of its breed, the
    // breed's usual colours; else colours its elders do not wear.
    const named = namedColour(species, breed);
    const colours = named ?? (elders.length ? pick(breed.colours, (o) => elders.some((l) => l.colours === o), 1) : breed.colours[0]!);
    const marking = !elders.length ? 'none' : pick(MARKINGS, (m) => elders.some((l) => l.marking === m && l.colours === colours), Math.floor(rnd() * MARKINGS.length));
    const given = typeof sheet.look.accessory === 'string' ? (sheet.look.accessory as Accessory) : undefined;
    const fromWords = ACCESSORY_WORDS.find(([re]) => re.test(`${sheet.personality} ${species}`))?.[1];
    const pool: Accessory[] = ['none', 'bow', 'tie', 'scarf', 'pearls', 'glasses', 'suit'];
    const accessory = given ?? fromWords ?? pool[Math.floor(rnd() * pool.length)]!;
    const accent = typeof sheet.look.accent === 'string' ? sheet.look.accent : pick(ACCENTS, (a) => [...looks.values()].some((l) => l.accent === a), Math.floor(rnd() * ACCENTS.length));
    const eye = breed.id === 'black-cat' ? '#e9c46a' : breed.id === 'husky' ? '#5dade2' : kind.id === 'parrot' || kind.id === 'duck' ? '#1b1b1b' : EYES[Math.floor(rnd() * EYES.length)]!;
    looks.set(sheet.name, { name: sheet.name, kind: kind.id, breed, colours, marking, accessory, accent, eye, scale: kind.size * breed.size });
  }
  return looks;
}
