/**
 * Each kind of animal as data: what people call it, its body (so a parrot never has paws), its
 * gestures, its usual tempers, its voice and its size on screen. One row a kind; the renderer
 * draws each kind by its id (src/render/art/kinds.ts). Anything unknown is spoken of as a
 * generic pet and drawn as a stand-in kind, and the person who typed it is told which.
 */

export interface Kind {
  id: string;
  /** The plain noun: "dog", "parrot". */
  noun: string;
  /** Other nouns a premise may call it by ("puppy", "kitten"). */
  alsoCalled?: readonly string[];
  /** Words in a species typed in chat that mean this kind (whole words, lower case). */
  words: readonly string[];
  /** Words for animals we do not draw, shown as this kind instead (a horse as a pig): the user is told. */
  near?: readonly string[];
  /** Body words narration may use, e.g. paws, tail, whiskers, wings, beak. */
  body: { hands: string; tail: string | null; face: string; ears: string; extra: readonly string[] };
  /** Little gestures for narration, written to follow the name: "'s ears flatten" or " hisses". */
  tells: { nervous: readonly string[]; angry: readonly string[]; sad: readonly string[]; glad: readonly string[] };
  /** Tempers the genre gives this kind when its personality says none ("the anxious hamster"). */
  tempers: readonly string[];
  /** The offline (animalese) voice: base pitch in Hz, 0..1 brightness, seconds a syllable. */
  voice: { pitch: number; brightness: number; syllable: number };
  /** Height on screen against a dog's (1). */
  size: number;
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
  'doggo',
  'maltese',
  'dane',
  'bernard',
  'newfoundland',
  'doodle',
  'goldendoodle',
  'labradoodle',
  'cockapoo',
  'maltipoo',
  'doxie',
  'frenchie',
  'papillon',
  'pinscher',
  'westie',
  'scottie',
  'aussie',
  'spitz',
  'weimaraner',
  'vizsla',
  'setter',
  'pekingese',
  'havanese',
  'cavalier',
  'bichon',
  'shih',
  'tzu',
  'yorkie',
  'yorkshire',
  'malinois',
  'sausage',
  'wiener',
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
  'maine',
  'ginger',
  'marmalade',
  'scottish',
  'fold',
  'bombay',
  'tortie',
  'tortoiseshell',
  'himalayan',
  'russian',
  'manx',
  'savannah',
  'ocelot',
];

export const KINDS: readonly Kind[] = [
  {
    id: 'dog',
    noun: 'dog',
    alsoCalled: ['puppy', 'pup'],
    words: DOG_BREEDS,
    near: ['wolf', 'coyote', 'jackal', 'dingo', 'hyena'],
    body: { hands: 'paws', tail: 'tail', face: 'muzzle', ears: 'ears', extra: ['nose', 'collar'] },
    tells: {
      nervous: ["'s tail sinks low", ' licks a nervous nose twice', ' paces in a tight circle'],
      angry: [' bares every tooth', ' growls low in the chest', ' plants all four paws'],
      sad: ["'s ears droop", ' rests a chin on both paws', ' whimpers without meaning to'],
      glad: [' wags from nose to tail', "'s ears prick up", ' bounces on both front paws'],
    },
    tempers: ['loyal', 'earnest', 'eager'],
    voice: { pitch: 250, brightness: 0.5, syllable: 0.1 },
    size: 1,
  },
  {
    id: 'cat',
    noun: 'cat',
    alsoCalled: ['kitten'],
    words: CAT_BREEDS,
    near: ['lion', 'lioness', 'tiger', 'leopard', 'cheetah', 'lynx', 'panther', 'cougar', 'jaguar', 'puma'],
    body: { hands: 'paws', tail: 'tail', face: 'whiskers', ears: 'ears', extra: ['claws', 'fur'] },
    tells: {
      nervous: ["'s tail tip flicks", "'s ears flatten", ' grooms one paw far too long'],
      angry: [' hisses', "'s tail lashes", ' unsheathes every claw'],
      sad: [' curls into a tight ball', ' stares at nothing with wide eyes', ' stops purring'],
      glad: [' purrs like a small engine', ' kneads the nearest cushion', ' slow-blinks'],
    },
    tempers: ['aloof', 'proud', 'cunning'],
    voice: { pitch: 420, brightness: 0.75, syllable: 0.085 },
    size: 0.95,
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
    voice: { pitch: 470, brightness: 0.55, syllable: 0.08 },
    size: 0.9,
  },
  {
    id: 'hamster',
    noun: 'hamster',
    words: ['hamster', 'gerbil'],
    near: ['mouse', 'mice', 'rat', 'chinchilla'],
    body: { hands: 'tiny paws', tail: null, face: 'whiskers', ears: 'round ears', extra: ['cheek pouches'] },
    tells: {
      nervous: ["'s cheek pouches fill without thinking", ' trembles from whiskers to toes', ' wrings both tiny paws'],
      angry: [' puffs up to twice the size', ' chatters furiously', ' stamps a tiny foot'],
      sad: ["'s cheek pouches empty slowly", ' curls up in a corner', "'s whiskers droop"],
      glad: [' runs a happy lap', "'s cheeks bulge with joy", ' squeaks and spins'],
    },
    tempers: ['anxious', 'fussy', 'tireless'],
    voice: { pitch: 640, brightness: 0.7, syllable: 0.068 },
    size: 0.72,
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
    voice: { pitch: 560, brightness: 0.65, syllable: 0.075 },
    size: 0.76,
  },
  {
    id: 'parrot',
    noun: 'parrot',
    words: ['parrot', 'macaw', 'cockatoo', 'cockatiel', 'budgie', 'budgerigar', 'parakeet', 'lovebird', 'bird', 'birdie', 'conure', 'lorikeet', 'canary', 'finch'],
    near: [
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
      'penguin',
    ],
    body: { hands: 'wings', tail: 'tail feathers', face: 'beak', ears: 'crest', extra: ['feathers', 'talons'] },
    tells: {
      nervous: [' ruffles every feather', ' shifts from talon to talon', "'s beak clicks"],
      angry: [' spreads both wings wide', "'s crest shoots up", "'s beak snaps"],
      sad: [' tucks a head under one wing', "'s feathers hang dull", ' goes silent on the perch'],
      glad: [' bobs happily', ' whistles a little tune', ' fluffs up round'],
    },
    tempers: ['vain', 'chatty', 'dramatic'],
    voice: { pitch: 530, brightness: 0.92, syllable: 0.078 },
    size: 0.88,
  },
  {
    id: 'duck',
    noun: 'duck',
    words: ['duck', 'duckling', 'mallard'],
    near: ['goose', 'swan', 'chicken', 'hen', 'rooster', 'chick'],
    body: { hands: 'wings', tail: 'tail feathers', face: 'bill', ears: 'head', extra: ['webbed feet', 'feathers'] },
    tells: {
      nervous: [' waddles in a circle', ' preens the same feather', ' flaps once'],
      angry: [' hisses, neck stretched', ' flaps hard', "'s bill snaps"],
      sad: [' tucks a bill under one wing', ' sits down on the spot', ' goes quiet and still'],
      glad: [' waggles both tail feathers', ' bobs twice', ' flaps happily'],
    },
    tempers: ['flustered', 'cheerful', 'stubborn'],
    voice: { pitch: 310, brightness: 0.88, syllable: 0.09 },
    size: 0.85,
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
    voice: { pitch: 330, brightness: 0.62, syllable: 0.09 },
    size: 0.98,
  },
  {
    id: 'red panda',
    noun: 'red panda',
    words: [],
    near: ['panda', 'raccoon', 'bear', 'koala'],
    body: { hands: 'paws', tail: 'striped tail', face: 'masked face', ears: 'round ears', extra: ['whiskers'] },
    tells: {
      nervous: [' hugs that striped tail', ' rubs a masked face', ' shuffles both paws'],
      angry: [' rears up, arms wide', ' huffs', ' stamps'],
      sad: [' hides behind that striped tail', ' curls up small', ' stares down at both paws'],
      glad: [' rolls over happily', ' chirps', ' waves both paws'],
    },
    tempers: ['shy', 'clumsy', 'sweet'],
    voice: { pitch: 450, brightness: 0.55, syllable: 0.085 },
    size: 0.9,
  },
  {
    id: 'otter',
    noun: 'otter',
    words: ['otter'],
    near: ['ferret', 'weasel', 'mink', 'stoat', 'beaver', 'seal', 'meerkat'],
    body: { hands: 'paws', tail: 'long tail', face: 'whiskers', ears: 'small round ears', extra: ['sleek fur'] },
    tells: {
      nervous: [' rubs both paws together', "'s whiskers twitch", ' rolls over and back again'],
      angry: [' chitters sharply', ' arches a long back', ' slaps the floor with a tail'],
      sad: [' floats very still', ' curls around a long tail', "'s whiskers droop"],
      glad: [' does a happy little roll', ' chirps and spins', ' claps both paws'],
    },
    tempers: ['playful', 'curious', 'cheeky'],
    voice: { pitch: 400, brightness: 0.6, syllable: 0.082 },
    size: 0.92,
  },
  {
    id: 'hedgehog',
    noun: 'hedgehog',
    words: ['hedgehog'],
    near: ['porcupine', 'echidna', 'shrew', 'mole'],
    body: { hands: 'tiny paws', tail: null, face: 'pointed snout', ears: 'small ears', extra: ['spines'] },
    tells: {
      nervous: ["'s spines prickle up", ' huffs and snuffles', ' half curls into a ball'],
      angry: [' bristles every spine', ' huffs like a little engine', ' stamps a tiny foot'],
      sad: [' curls into a tight, prickly ball', "'s spines lie flat", ' sniffles quietly'],
      glad: [' snuffles happily', "'s nose wiggles", ' trundles in a happy circle'],
    },
    tempers: ['prickly', 'shy', 'grumpy'],
    voice: { pitch: 500, brightness: 0.45, syllable: 0.08 },
    size: 0.74,
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
    voice: { pitch: 580, brightness: 0.72, syllable: 0.07 },
    size: 0.8,
  },
  {
    id: 'pig',
    noun: 'pig',
    words: ['pig', 'piglet', 'hog', 'boar'],
    near: ['sheep', 'lamb', 'goat', 'cow', 'calf', 'horse', 'pony', 'donkey', 'unicorn', 'elephant', 'hippo'],
    body: { hands: 'trotters', tail: 'curly tail', face: 'snout', ears: 'floppy ears', extra: ['hooves'] },
    tells: {
      nervous: [' snuffles at the floor', ' shifts from hoof to hoof', "'s ears flick"],
      angry: [' snorts hard', ' scrapes a hoof on the ground', ' lowers a heavy head'],
      sad: [' lies down with a heavy sigh', "'s ears hang", ' stops snuffling'],
      glad: ["'s curly tail wiggles", ' oinks happily', ' trots in a circle'],
    },
    tempers: ['stubborn', 'clever', 'proud'],
    voice: { pitch: 175, brightness: 0.4, syllable: 0.11 },
    size: 1.02,
  },
  {
    id: 'lizard',
    noun: 'lizard',
    words: ['lizard', 'gecko', 'iguana', 'chameleon', 'reptile', 'skink'],
    near: ['dragon', 'dinosaur', 'dino', 'snake', 'turtle', 'tortoise', 'frog', 'toad', 'axolotl', 'crocodile', 'alligator', 'newt'],
    body: { hands: 'claws', tail: 'tail', face: 'snout', ears: 'crest', extra: ['scales'] },
    tells: {
      nervous: ["'s tail curls tight", ' flicks a tongue twice', ' freezes on the spot'],
      angry: ["'s crest flares", ' hisses', ' lashes a tail'],
      sad: [' lies flat on the floor', ' closes both eyes slowly', "'s colour dulls"],
      glad: [' bobs a happy head', ' basks in the warmth', "'s eyes go bright"],
    },
    tempers: ['cool', 'patient', 'mysterious'],
    voice: { pitch: 270, brightness: 0.45, syllable: 0.1 },
    size: 0.9,
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
  voice: { pitch: 300, brightness: 0.5, syllable: 0.1 },
  size: 0.95,
};

/** Body words that belong to some kinds only: narration must not give them to the others. */
export const BODY_WORDS = ['paws', 'paw', 'tail', 'whiskers', 'wings', 'wing', 'beak', 'feathers', 'talons', 'claws', 'snout', 'hooves', 'trotters', 'muzzle', 'bill'] as const;

const byWord = new Map<string, { kind: Kind; exact: boolean }>();
for (const kind of KINDS) for (const w of kind.words) if (!byWord.has(w)) byWord.set(w, { kind, exact: true });
for (const kind of KINDS) for (const w of kind.near ?? []) if (!byWord.has(w)) byWord.set(w, { kind, exact: false });

/** How a species typed in chat was understood: its kind, and whether that kind is the animal itself or a stand-in. */
export interface SpeciesMatch {
  kind: Kind;
  /** false: an animal we do not draw, shown as `kind` (a horse as a pig), or nothing we know (`known` false). */
  exact: boolean;
  known: boolean;
  /** The word that decided, e.g. "horse". */
  word?: string;
}

export function matchSpecies(species: string): SpeciesMatch {
  const lower = species.toLowerCase();
  // Names of two words first: a guinea pig is no pig, a red panda no panda bear.
  const phrase = KINDS.find((k) => k.noun.includes(' ') && new RegExp(`\\b${k.noun}s?\\b`).test(lower));
  if (phrase) return { kind: phrase, exact: true, known: true, word: phrase.noun };
  const words = lower.split(/[^\p{L}]+/u).filter(Boolean);
  // The last known word decides ("cat burglar dog" is a dog).
  for (const w of [...words].reverse()) {
    const found = [w, ...singulars(w)].map((x) => [x, byWord.get(x)] as const).find(([, f]) => f);
    if (found) return { ...found[1]!, known: true, word: found[0] };
  }
  return { kind: GENERIC, exact: false, known: false };
}

/** A kind by its id (a look keeps the id); the generic pet for an id we do not have. */
export function kindById(id: string): Kind {
  return KINDS.find((k) => k.id === id) ?? GENERIC;
}

/** What a plural may be the plural of: puppies, wolves, foxes, mice, geese. */
function singulars(word: string): string[] {
  const irregular: Record<string, string> = { mice: 'mouse', geese: 'goose', sheep: 'sheep', calves: 'calf', wolves: 'wolf' };
  return [irregular[word], word.replace(/ies$/, 'y'), word.replace(/ves$/, 'f'), word.replace(/es$/, ''), word.replace(/(?<=[^s])s$/, '')].filter((x): x is string => !!x && x !== word);
}

/**
 * The kind whose words a story uses for this species ("German Shepherd" → dog): the generic pet
 * for an animal we only show as another (a horse never oinks) and for one we do not know.
 */
export function kindOf(species: string): Kind {
  const match = matchSpecies(species);
  return match.exact ? match.kind : GENERIC;
}

/** Kinds an unknown species may be drawn as: ones with paws and a tail, as the generic pet's words say. */
const STAND_INS = ['dog', 'cat', 'fox', 'otter', 'red panda', 'rabbit'] as const;

/** The kind a character is drawn as: its own, or a stand-in chosen by its species text (the same one every time). */
export function drawnKind(species: string): Kind {
  const match = matchSpecies(species);
  if (match.known) return match.kind;
  let h = 0;
  for (const ch of species.toLowerCase().trim().replace(/\s+/g, ' ')) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  const id = STAND_INS[h % STAND_INS.length]!;
  return KINDS.find((k) => k.id === id)!;
}

const IRREGULAR: Record<string, string> = { mouse: 'mice', goose: 'geese', sheep: 'sheep', calf: 'calves', wolf: 'wolves', pony: 'ponies', fish: 'fish' };
function plural(noun: string): string {
  if (IRREGULAR[noun]) return IRREGULAR[noun];
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return /(x|s|sh|ch)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/** Every kind we draw, for a reply: "dogs and cats of many breeds, rabbits, …". */
export function drawableKinds(): string {
  const others = KINDS.filter((k) => k.id !== 'dog' && k.id !== 'cat').map((k) => plural(k.noun));
  return `dogs and cats of many breeds, ${others.slice(0, -1).join(', ')} and ${others.at(-1)}`;
}

/**
 * What to tell the person who typed a species we do not draw as itself; undefined when we do.
 * Never silent: "I don't know “dragon” yet, so Sparky will look like a lizard. I can draw: …".
 */
export function speciesNote(name: string, species: string, opts: { list?: boolean } = {}): string | undefined {
  const match = matchSpecies(species);
  if (match.exact) return undefined;
  const drawn = drawnKind(species);
  const shown = Array.from(species.trim().replace(/\s+/g, ' ')).slice(0, 40).join('').trim();
  const what = match.known ? `I can't draw ${plural(match.word ?? shown)} yet` : `I don't know “${shown}” yet`;
  const note = `${what}, so ${name} will look like ${/^[aeiou]/.test(drawn.noun) ? 'an' : 'a'} ${drawn.noun}.`;
  return opts.list === false ? note : `${note} I can draw ${drawableKinds()}.`;
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
  return [...new Set([...words, kind.noun, ...(kind.alsoCalled ?? [])])];
}
