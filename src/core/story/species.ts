/**
 * What the words of a story know about each kind of animal: what people call it, its body (so a
 * parrot never has paws), its gestures and its usual tempers. One row a kind;
 * anything unknown is spoken of as a generic pet.
 */

export interface Kind {
  id: string;
  /** The plain noun: "dog", "parrot". */
  noun: string;
  /** Words in a species typed in chat that mean this kind (whole words, lower case). */
  words: readonly string[];
  /** Body words narration may use, e.g. paws, tail, whiskers, wings, beak. */
  body: { hands: string; tail: string | null; face: string; ears: string; extra: readonly string[] };
  /** Little gestures for narration, written to follow the name: "'s ears flatten" or " hisses". */
  tells: { nervous: readonly string[]; angry: readonly string[]; sad: readonly string[]; glad: readonly string[] };
  /** Tempers the genre gives this kind when its personality says none ("the anxious hamster"). */
  tempers: readonly string[];
}

const DOG_BREEDS = [
  'shiba',
  'inu',
  'akita',
  'retriever',
  'golden',
  'labrador',
  'lab',
  'corgi',
  'husky',
  'malamute',
  'dachshund',
  'poodle',
  'pug',
  'bulldog',
  'boxer',
  'shepherd',
  'collie',
  'beagle',
  'chihuahua',
  'dalmatian',
  'pomeranian',
  'samoyed',
  'terrier',
  'spaniel',
  'greyhound',
  'doberman',
  'rottweiler',
  'schnauzer',
  'bloodhound',
  'basset',
  'hound',
  'mastiff',
  'sheepdog',
  'pup',
  'puppy',
  'dog',
  'mutt',
];
const CAT_BREEDS = [
  'cat',
  'kitten',
  'kitty',
  'tabby',
  'persian',
  'siamese',
  'ragdoll',
  'sphynx',
  'bengal',
  'calico',
  'tuxedo',
  'coon',
  'birman',
  'burmese',
  'abyssinian',
  'british',
  'shorthair',
  'longhair',
  'tomcat',
  'moggy',
];

export const KINDS: readonly Kind[] = [
  {
    id: 'dog',
    noun: 'dog',
    words: DOG_BREEDS,
    body: { hands: 'paws', tail: 'tail', face: 'muzzle', ears: 'ears', extra: ['nose', 'collar'] },
    tells: {
      nervous: ["'s tail sinks low", ' licks a nervous nose twice', ' paces in a tight circle'],
      angry: [' bares every tooth', ' growls low in the chest', ' plants all four paws'],
      sad: ["'s ears droop", ' rests a chin on both paws', ' whimpers without meaning to'],
      glad: [' wags from nose to tail', "'s ears prick up", ' bounces on both front paws'],
    },
    tempers: ['loyal', 'earnest', 'eager'],
  },
  {
    id: 'cat',
    noun: 'cat',
    words: CAT_BREEDS,
    body: { hands: 'paws', tail: 'tail', face: 'whiskers', ears: 'ears', extra: ['claws', 'fur'] },
    tells: {
      nervous: ["'s tail tip flicks", "'s ears flatten", ' grooms one paw far too long'],
      angry: [' hisses', "'s tail lashes", ' unsheathes every claw'],
      sad: [' curls into a tight ball', ' stares at nothing with wide eyes', ' stops purring'],
      glad: [' purrs like a small engine', ' kneads the nearest cushion', ' slow-blinks'],
    },
    tempers: ['aloof', 'proud', 'cunning'],
  },
  {
    id: 'rabbit',
    noun: 'rabbit',
    words: ['rabbit', 'bunny', 'hare', 'lop'],
    body: { hands: 'paws', tail: 'cotton tail', face: 'twitching nose', ears: 'long ears', extra: ['whiskers', 'hind legs'] },
    tells: {
      nervous: [' thumps a hind leg', ' freezes, nose twitching', "'s long ears pin flat"],
      angry: [' thumps the floor hard', ' boxes the air', ' turns away in a huff'],
      sad: ["'s long ears fold down", ' hunches into a loaf', ' hides behind both paws'],
      glad: [' does a little binky', "'s nose twitches happily", ' flops over sideways'],
    },
    tempers: ['skittish', 'gentle', 'jumpy'],
  },
  {
    id: 'hamster',
    noun: 'hamster',
    words: ['hamster', 'gerbil', 'mouse', 'rat'],
    body: { hands: 'tiny paws', tail: null, face: 'whiskers', ears: 'round ears', extra: ['cheek pouches'] },
    tells: {
      nervous: ["'s cheek pouches fill without thinking", ' trembles from whiskers to toes', ' wrings both tiny paws'],
      angry: [' puffs up to twice the size', ' chatters furiously', ' stamps a tiny foot'],
      sad: ["'s cheek pouches empty slowly", ' curls up in a corner', "'s whiskers droop"],
      glad: [' runs a happy lap', "'s cheeks bulge with joy", ' squeaks and spins'],
    },
    tempers: ['anxious', 'fussy', 'tireless'],
  },
  {
    id: 'guinea pig',
    noun: 'guinea pig',
    words: ['guinea', 'cavy'],
    body: { hands: 'tiny paws', tail: null, face: 'whiskers', ears: 'petal ears', extra: ['round belly'] },
    tells: {
      nervous: [' freezes mid-chew', ' rumbles softly', ' backs into a corner'],
      angry: [' chatters hard', ' rumbles loudly', ' raises a proud head'],
      sad: [' stops wheeking', ' presses into the straw', "'s whiskers droop"],
      glad: [' wheeks at full volume', ' popcorns into the air', ' chews happily'],
    },
    tempers: ['jumpy', 'chatty', 'earnest'],
  },
  {
    id: 'parrot',
    noun: 'parrot',
    words: [
      'parrot',
      'macaw',
      'cockatoo',
      'cockatiel',
      'budgie',
      'budgerigar',
      'parakeet',
      'lovebird',
      'bird',
      'canary',
      'finch',
      'crow',
      'raven',
      'owl',
      'pigeon',
      'dove',
      'seagull',
      'gull',
      'sparrow',
      'robin',
      'magpie',
      'eagle',
      'hawk',
      'falcon',
      'flamingo',
      'peacock',
      'toucan',
      'kiwi',
      'pelican',
      'stork',
      'heron',
    ],
    body: { hands: 'wings', tail: 'tail feathers', face: 'beak', ears: 'crest', extra: ['feathers', 'talons'] },
    tells: {
      nervous: [' ruffles every feather', ' shifts from talon to talon', "'s beak clicks"],
      angry: [' spreads both wings wide', "'s crest shoots up", "'s beak snaps"],
      sad: [' tucks a head under one wing', "'s feathers hang dull", ' goes silent on the perch'],
      glad: [' bobs happily', ' whistles a little tune', ' fluffs up round'],
    },
    tempers: ['vain', 'chatty', 'dramatic'],
  },
  {
    id: 'duck',
    noun: 'duck',
    words: ['duck', 'duckling', 'goose', 'swan', 'chicken', 'hen', 'rooster'],
    body: { hands: 'wings', tail: 'tail feathers', face: 'bill', ears: 'head', extra: ['webbed feet', 'feathers'] },
    tells: {
      nervous: [' waddles in a circle', ' preens the same feather', ' flaps once'],
      angry: [' hisses, neck stretched', ' flaps hard', "'s bill snaps"],
      sad: [' tucks a bill under one wing', ' sits down on the spot', ' goes quiet and still'],
      glad: [' waggles both tail feathers', ' bobs twice', ' flaps happily'],
    },
    tempers: ['flustered', 'cheerful', 'stubborn'],
  },
  {
    id: 'fox',
    noun: 'fox',
    words: ['fox', 'vixen', 'fennec'],
    body: { hands: 'paws', tail: 'brush of a tail', face: 'sharp muzzle', ears: 'tall ears', extra: ['whiskers'] },
    tells: {
      nervous: ["'s tail wraps around both paws", "'s tall ears turn back", ' sniffs the air'],
      angry: [' gekkers through bared teeth', ' arches up', "'s tail fluffs out"],
      sad: [' buries a nose in that brush of a tail', "'s ears lower", ' looks away'],
      glad: [' grins a sly grin', "'s tail swishes", ' pounces on nothing'],
    },
    tempers: ['sly', 'charming', 'restless'],
  },
  {
    id: 'red panda',
    noun: 'red panda',
    words: ['panda', 'raccoon'],
    body: { hands: 'paws', tail: 'striped tail', face: 'masked face', ears: 'round ears', extra: ['whiskers'] },
    tells: {
      nervous: [' hugs that striped tail', ' rubs a masked face', ' shuffles both paws'],
      angry: [' rears up, arms wide', ' huffs', ' stamps'],
      sad: [' hides behind that striped tail', ' curls up small', ' stares down at both paws'],
      glad: [' rolls over happily', ' chirps', ' waves both paws'],
    },
    tempers: ['shy', 'clumsy', 'sweet'],
  },
  {
    id: 'otter',
    noun: 'otter',
    words: ['otter', 'ferret', 'weasel', 'mink', 'stoat', 'beaver', 'seal'],
    body: { hands: 'paws', tail: 'long tail', face: 'whiskers', ears: 'small round ears', extra: ['sleek fur'] },
    tells: {
      nervous: [' rubs both paws together', "'s whiskers twitch", ' rolls over and back again'],
      angry: [' chitters sharply', ' arches a long back', ' slaps the floor with a tail'],
      sad: [' floats very still', ' curls around a long tail', "'s whiskers droop"],
      glad: [' does a happy little roll', ' chirps and spins', ' claps both paws'],
    },
    tempers: ['playful', 'curious', 'cheeky'],
  },
  {
    id: 'hedgehog',
    noun: 'hedgehog',
    words: ['hedgehog', 'porcupine', 'echidna', 'shrew', 'mole'],
    body: { hands: 'tiny paws', tail: null, face: 'pointed snout', ears: 'small ears', extra: ['spines'] },
    tells: {
      nervous: ["'s spines prickle up", ' huffs and snuffles', ' half curls into a ball'],
      angry: [' bristles every spine', ' huffs like a little engine', ' stamps a tiny foot'],
      sad: [' curls into a tight, prickly ball', "'s spines lie flat", ' sniffles quietly'],
      glad: [' snuffles happily', "'s nose wiggles", ' trundles in a happy circle'],
    },
    tempers: ['prickly', 'shy', 'grumpy'],
  },
  {
    id: 'squirrel',
    noun: 'squirrel',
    words: ['squirrel', 'chipmunk'],
    body: { hands: 'tiny paws', tail: 'bushy tail', face: 'whiskers', ears: 'tufted ears', extra: ['cheeks'] },
    tells: {
      nervous: ["'s bushy tail flicks and flicks", ' freezes, nose twitching', ' chatters under the breath'],
      angry: [' chatters furiously', "'s bushy tail puffs up", ' stamps and scolds'],
      sad: [' hugs that bushy tail', ' sits very still', "'s tufted ears droop"],
      glad: [' bounds in a happy zigzag', "'s bushy tail curls high", ' chirrups'],
    },
    tempers: ['twitchy', 'scatterbrained', 'bold'],
  },
  {
    id: 'pig',
    noun: 'pig',
    words: ['pig', 'piglet', 'hog', 'boar', 'sheep', 'lamb', 'goat', 'cow', 'calf', 'horse', 'pony'],
    body: { hands: 'trotters', tail: 'curly tail', face: 'snout', ears: 'floppy ears', extra: ['hooves'] },
    tells: {
      nervous: [' snuffles at the floor', ' shifts from hoof to hoof', "'s ears flick"],
      angry: [' snorts hard', ' scrapes a hoof on the ground', ' lowers a heavy head'],
      sad: [' lies down with a heavy sigh', "'s ears hang", ' stops snuffling'],
      glad: ["'s curly tail wiggles", ' oinks happily', ' trots in a circle'],
    },
    tempers: ['stubborn', 'clever', 'proud'],
  },
];

const GENERIC: Kind = {
  id: 'pet',
  noun: 'pet',
  words: [],
  body: { hands: 'paws', tail: 'tail', face: 'face', ears: 'ears', extra: [] },
  tells: {
    nervous: [' shifts from foot to foot', ' looks at the door', ' swallows hard'],
    angry: [' bristles', ' stares without blinking', ' stamps'],
    sad: [' looks at the floor', ' goes very still', ' hides behind both paws'],
    glad: [' beams', ' bounces on the spot', ' brightens'],
  },
  tempers: ['restless', 'curious', 'quiet'],
};

/** Body words that belong to some kinds only: narration must not give them to the others. */
export const BODY_WORDS = ['paws', 'paw', 'tail', 'whiskers', 'wings', 'wing', 'beak', 'feathers', 'talons', 'claws', 'snout', 'hooves', 'trotters', 'muzzle', 'bill'] as const;

const byWord = new Map<string, Kind>();
for (const kind of KINDS) for (const w of kind.words) if (!byWord.has(w)) byWord.set(w, kind);

/** The kind a species typed in chat belongs to ("German Shepherd" → dog); generic when unknown. */
export function kindOf(species: string): Kind {
  const lower = species.toLowerCase();
  // Names of two words first: a guinea pig is no pig, a red panda no panda bear.
  const phrase = KINDS.find((k) => k.noun.includes(' ') && lower.includes(k.noun)) ?? (/\bguinea\b/.test(lower) ? KINDS.find((k) => k.id === 'guinea pig') : undefined);
  if (phrase) return phrase;
  const words = lower.split(/[^\p{L}]+/u).filter(Boolean);
  // The last known word decides ("cat burglar dog" is a dog), but multi-word names are checked first.
  for (const w of [...words].reverse()) {
    const kind = byWord.get(w) ?? byWord.get(w.replace(/s$/, ''));
    if (kind) return kind;
  }
  return GENERIC;
}

/** Breeds that play the detective when nobody else is one. */
export function looksLikeDetective(species: string): boolean {
  return /shepherd|bloodhound|basset|beagle|hound|malinois|owl/i.test(species);
}

/** The words people use for this character's species in a premise: the breed, its words, the kind's noun. */
export function speciesWords(species: string): string[] {
  const words = species
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 3);
  const kind = kindOf(species);
  return [...new Set([...words, kind.noun, ...(kind.id === 'dog' ? ['dog', 'puppy', 'pup'] : kind.id === 'cat' ? ['cat', 'kitten'] : [])])];
}
