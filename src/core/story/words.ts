import type { Genre } from './model.js';

/**
 * Small lexicons the premise and suggestion parsers read with: places, props, events, jobs.
 * Data only; the parsers are in premise.ts and suggestion.ts.
 */

/** Nouns that name a place; the parser keeps the words before them ("the gala dinner"). */
export const PLACE_NOUNS = new Set(
  (
    'kitchen restaurant gala dinner banquet ballroom hospital clinic ward surgery school classroom office mansion manor estate castle palace ' +
    'court courtroom station airport park garden beach farm barn bakery café cafe bar pub club hotel theatre theater stage studio stadium arena ' +
    'ship boat yacht island village town city library museum gallery church chapel shop store market salon gym pool zoo shelter kennel circus ' +
    'camp forest woods lake river rooftop roof penthouse apartment flat house home cottage laboratory factory bank prison jail alley street ' +
    'harbour harbor port pier lighthouse tent backstage hallway corridor attic basement cellar vineyard orchard greenhouse bakehouse diner ' +
    'boutique spa casino racetrack track field meadow mountain cabin lodge resort festival fair carnival party wedding funeral aquarium houseboat ' +
    'stable kennels observatory warehouse dock docks marina pond nest burrow den'
  ).split(' '),
);

/** Places a job implies, when the premise names the job but not the place. */
export const JOB_PLACES: Record<string, string> = {
  chef: 'the restaurant kitchen',
  cook: 'the kitchen',
  baker: 'the bakery',
  detective: 'the police station',
  inspector: 'the police station',
  officer: 'the police station',
  cop: 'the police station',
  nurse: 'the hospital ward',
  doctor: 'the hospital ward',
  vet: 'the vet clinic',
  surgeon: 'the operating room',
  mayor: 'the town hall',
  judge: 'the courtroom',
  lawyer: 'the law office',
  singer: 'the stage',
  star: 'the stage',
  actor: 'the stage',
  actress: 'the stage',
  dancer: 'the dance studio',
  student: 'the school',
  teacher: 'the school',
  barista: 'the café',
  waiter: 'the restaurant',
  gardener: 'the garden',
  ceo: 'the office',
  boss: 'the office',
  banker: 'the bank',
  farmer: 'the farm',
  heir: 'the family mansion',
  heiress: 'the family mansion',
  butler: 'the mansion',
  maid: 'the mansion',
  king: 'the palace',
  queen: 'the palace',
  prince: 'the palace',
  princess: 'the palace',
  captain: 'the ship',
  sailor: 'the harbour',
  pilot: 'the airport',
  reporter: 'the newsroom',
  journalist: 'the newsroom',
  coach: 'the training ground',
  champion: 'the arena',
  magician: 'the theatre',
  artist: 'the gallery',
  painter: 'the studio',
  librarian: 'the library',
  mechanic: 'the garage',
  firefighter: 'the fire station',
  bride: 'the wedding hall',
  groom: 'the wedding hall',
};

/** Job and family words: a cast member's title, or a person off screen ("the mayor"). */
export const JOB_NOUNS = new Set(
  (
    'chef cook baker detective inspector officer cop nurse doctor vet surgeon mayor judge lawyer heir heiress butler maid singer star actor ' +
    'actress dancer student teacher boss ceo barista waiter gardener thief spy king queen prince princess duke duchess bride groom fiance ' +
    'fiancee widow orphan twin sister brother mother father mom dad grandma grandpa grandmother grandfather champion captain coach artist painter ' +
    'writer reporter journalist influencer model pilot sailor farmer mechanic banker billionaire tycoon magician bodyguard assistant intern ' +
    'rookie neighbour neighbor roommate landlord boyfriend girlfriend husband wife ex stepmother stepsister stepbrother cousin uncle aunt ' +
    'librarian firefighter owner manager director principal sheriff mentor apprentice stranger ringmaster bookkeeper pickpocket florist ' +
    'planner accountant clerk tailor jeweller jeweler courier guard keeper butcher grocer vendor acrobat clown juggler'
  ).split(' '),
);

/** Objects a story can turn on. */
export const PROP_NOUNS = new Set(
  (
    'will ring necklace letter letters diary photo photograph key keys crown trophy medal contract map locket phone cake painting jewel ' +
    'diamond envelope ticket tickets camera collar recipe vial bottle poison knife potion pendant watch bracelet notebook journal fortune ' +
    'money cheque check deed script manuscript tape recording video footage passport invitation bouquet dress veil crown tiara sword ' +
    'perfume lipstick scarf hat umbrella suitcase briefcase box chest safe file files document documents evidence prize cup badge ' +
    'gift present cookie cookies pie soup wine dish sauce cheese carrot bone toy ball blanket'
  ).split(' '),
);

export interface EventVerb {
  /** Word forms that mark it in a premise or a suggestion. */
  forms: readonly string[];
  /** "poisoned": done to the object. */
  past: string;
  /** "the poisoning of": followed by the object. */
  noun: string;
  /** What happens to a victim in the cast. */
  victim: 'in hospital' | 'missing' | 'dead' | 'hurt' | null;
  /** A prop the event leaves behind. */
  prop: string | null;
}

export const EVENT_VERBS: readonly EventVerb[] = [
  { forms: ['poison', 'poisons', 'poisoned', 'poisoning', 'poisonings'], past: 'poisoned', noun: 'the poisoning of', victim: 'in hospital', prop: 'the poison vial' },
  { forms: ['steal', 'steals', 'stole', 'stolen', 'stealing', 'theft'], past: 'stole', noun: 'the theft of', victim: null, prop: null },
  { forms: ['rob', 'robs', 'robbed', 'robbing', 'robbery', 'burgle', 'burgled', 'heist'], past: 'robbed', noun: 'the robbery of', victim: null, prop: 'the broken lock' },
  { forms: ['kidnap', 'kidnaps', 'kidnapped', 'kidnapping', 'abduct', 'abducted', 'abduction'], past: 'kidnapped', noun: 'the kidnapping of', victim: 'missing', prop: 'the ransom note' },
  { forms: ['murder', 'murders', 'murdered', 'kill', 'kills', 'killed', 'killing', 'death'], past: 'killed', noun: 'the death of', victim: 'dead', prop: 'the torn collar' },
  { forms: ['attack', 'attacks', 'attacked', 'push', 'pushed', 'shove', 'shoved'], past: 'attacked', noun: 'the attack on', victim: 'hurt', prop: 'the torn scarf' },
  { forms: ['sabotage', 'sabotages', 'sabotaged', 'sabotaging', 'ruin', 'ruins', 'ruined', 'ruining'], past: 'sabotaged', noun: 'the sabotage of', victim: null, prop: 'the cut wire' },
  { forms: ['burn', 'burns', 'burned', 'burnt', 'fire', 'arson'], past: 'set fire to', noun: 'the fire at', victim: 'hurt', prop: 'the burnt match' },
  { forms: ['forge', 'forges', 'forged', 'forging', 'fake', 'faked', 'faking'], past: 'forged', noun: 'the forgery of', victim: null, prop: 'the forged signature' },
  { forms: ['leak', 'leaks', 'leaked', 'leaking'], past: 'leaked', noun: 'the leak of', victim: null, prop: 'the anonymous email' },
  { forms: ['swap', 'swaps', 'swapped', 'switch', 'switched', 'switching'], past: 'swapped', noun: 'the swapping of', victim: null, prop: 'the switched label' },
  { forms: ['break', 'breaks', 'broke', 'broken', 'smash', 'smashed'], past: 'broke', noun: 'the breaking of', victim: null, prop: 'the shattered glass' },
  { forms: ['lose', 'loses', 'lost'], past: 'lost', noun: 'the loss of', victim: null, prop: null },
  {
    forms: ['vanish', 'vanishes', 'vanished', 'disappear', 'disappears', 'disappeared', 'disappearance', 'missing'],
    past: 'made vanish',
    noun: 'the disappearance of',
    victim: 'missing',
    prop: 'the empty display case',
  },
  { forms: ['cheat', 'cheats', 'cheated', 'cheating', 'rig', 'rigged'], past: 'rigged', noun: 'the cheating at', victim: null, prop: 'the doctored scorecard' },
];

/** Events that happen to their subject ("a necklace vanishes"): the object comes before the verb. */
export const INTRANSITIVE = new Set(['vanish', 'vanishes', 'vanished', 'disappear', 'disappears', 'disappeared', 'missing', 'burns', 'burned', 'burnt', 'breaks', 'broke', 'lost']);

/** Endings that make a word a place ("houseboat", "courtyard", "playground"). */
export const PLACE_ENDINGS = /(boat|house|room|hall|shop|yard|ground|station|port|field|park|garden|club|bar)$/;

/** Endings of words that name a job or a kind of person ("bookkeeper", "florist", "magician"). */
export const PERSON_ENDINGS =
  /(ist|ian|keeper|maker|master|monger|smith|pocket|planner|player|singer|dancer|writer|driver|trainer|owner|baker|farmer|teacher|hunter|fighter|sitter|walker|groomer|breeder|seller|dealer|robber|burglar)$/;

/** Words that mark someone as blamed for the event: the subject before them is the accused. */
export const BLAME_WORDS = new Set(['framed', 'accused', 'blamed', 'suspected', 'arrested', 'charged', 'wrongly', 'convicted', 'jailed', 'fired']);

/** Events people compete in: a rivalry's central question is who wins one. */
export const CONTEST_NOUNS = new Set(
  'bake-off cook-off competition contest championship race show audition election tournament cup award final finals pageant olympics match derby exam promotion title prize'.split(' '),
);

/** Genre cues in a premise, with a weight each. */
export const GENRE_WORDS: Record<string, readonly string[]> = {
  mystery: [
    'framed',
    'frame',
    'poison',
    'poisoned',
    'poisoning',
    'murder',
    'murdered',
    'stolen',
    'stole',
    'theft',
    'steal',
    'kidnapped',
    'detective',
    'case',
    'missing',
    'vanished',
    'disappeared',
    'suspect',
    'clue',
    'crime',
    'police',
    'investigate',
    'mystery',
    'culprit',
    'accused',
    'robbery',
    'thief',
    'heist',
    'killed',
    'alibi',
    'lying',
    'lie',
    'lies',
    'witness',
  ],
  rivalry: [
    'rival',
    'rivals',
    'rivalry',
    'competition',
    'contest',
    'compete',
    'competing',
    'championship',
    'bake-off',
    'cook-off',
    'forced',
    'share',
    'stuck',
    'roommates',
    'feud',
    'enemies',
    'versus',
    'audition',
    'race',
    'tournament',
    'promotion',
    'beat',
  ],
  medical: [
    'hospital',
    'coma',
    'sick',
    'ill',
    'illness',
    'diagnosis',
    'surgery',
    'transplant',
    'vet',
    'clinic',
    'doctor',
    'nurse',
    'memory',
    'amnesia',
    'accident',
    'bed',
    'wakes',
    'heartbeat',
    'disease',
    'cure',
    'dying',
    'failing',
    'heart',
    'cancer',
    'blind',
    'injured',
    'injury',
  ],
  romance: [
    'love',
    'loves',
    'falls',
    'crush',
    'date',
    'dating',
    'wedding',
    'engaged',
    'engagement',
    'marry',
    'married',
    'proposal',
    'propose',
    'heart',
    'kiss',
    'sweetheart',
    'boyfriend',
    'girlfriend',
    'fiance',
    'fiancee',
    'romance',
    'bride',
    'groom',
  ],
  revenge: ['revenge', 'payback', 'avenge', 'vengeance', 'betrayed', 'betrayal', 'wronged', 'ruin', 'ruined', 'returns', 'exile', 'exiled', 'even', 'humiliated', 'destroyed', 'dumped'],
  family: [
    'inheritance',
    'inherit',
    'will',
    'heir',
    'heiress',
    'fortune',
    'estate',
    'secret',
    'adopted',
    'twin',
    'family',
    'father',
    'mother',
    'sister',
    'brother',
    'grandma',
    'grandpa',
    'siblings',
    'mansion',
    'legacy',
  ],
  comedy: [
    'accidentally',
    'mix-up',
    'disguise',
    'disguised',
    'prank',
    'pretends',
    'pretend',
    'pretending',
    'mistaken',
    'chaos',
    'clumsy',
    'hilarious',
    'silly',
    'swapped',
    'oops',
    'chaotic',
    'ridiculous',
  ],
};

/** Words that make a personality an antagonist's. */
export const SCHEMER_WORDS = /schem|jealous|cold|ambitious|sly|villain|cunning|liar|greedy|ruthless|manipulat|spiteful|vain|cruel|smug|bitter/i;

export const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at for with from by is are was were be been being has have had that this these those their they them ' +
    'his her its it as all into out over who what when where which while than then just only very really secretly finally after before ' +
    'during because so if not no yet still also about against between through under again once one two three every each some any most ' +
    'gets got get getting becomes became must can will would could should may might shall do does did doing makes made make has ' +
    'he she him i you we us our your my me own same other another new old now here there'
  ).split(' '),
);

/** Words that are verbs or adverbs more often than names of places, kept out of noun phrases. */
export function looksVerbal(word: string): boolean {
  return /(?:ly|ing|ed)$/.test(word) && word.length > 4;
}

const ON = /^(rooftop|roof|terrace|balcony|bench|street|stage|beach|pier|deck|ferry|boat|ship|train|bus|plane|houseboat|farm|island|square)$/;
const AT = /^(dinner|gala|party|wedding|fair|festival|show|ball|contest|bake-off|competition|funeral|reception|trials?|auction|lighthouse|station|airport|harbou?r)$/;

/** The preposition a place takes, by its last word: on the rooftop, at the gala dinner, in the kitchen. */
export function prepositionFor(place: string): 'in' | 'on' | 'at' | undefined {
  const head = place.toLowerCase().split(/\s+/).at(-1) ?? '';
  return ON.test(head) ? 'on' : AT.test(head) ? 'at' : PLACE_NOUNS.has(head) || PLACE_ENDINGS.test(head) ? 'in' : undefined;
}

/** A place with the preposition it takes: "in the hospital room", "on the rooftop", "at the gala dinner". */
export function wherePhrase(place: string): string {
  return `${prepositionFor(place) ?? 'in'} ${place}`;
}

/** Places every story of a genre may use when its premise names too few (premise-en-zh.ts says them in Chinese, in the same order as words-zh.ts). */
export const GENRE_PLACES: Record<Genre, readonly string[]> = {
  mystery: ['the police station', 'the back alley', 'the interview room'],
  rivalry: ['the practice hall', 'the locker room', 'the main stage'],
  medical: ['the hospital room', 'the hospital corridor', 'the waiting room'],
  romance: ['the rooftop', 'the park bench', 'the rainy street'],
  revenge: ['the penthouse office', 'the rooftop', 'the rainy street'],
  family: ['the family mansion', "the lawyer's office", 'the old garden'],
  comedy: ['the living room', 'the corner café', 'the town square'],
};

/** Props of a genre, likewise. */
export const GENRE_PROPS: Record<Genre, readonly string[]> = {
  mystery: ['a muddy pawprint', 'a torn napkin', 'a security photo'],
  rivalry: ['the trophy', 'the scorecard', 'the secret recipe'],
  medical: ['the test results', 'the heart monitor', 'a get-well card'],
  romance: ['a love letter', 'a silver ring', 'an old photo'],
  revenge: ['an old photo', 'the signed contract', 'a burner phone'],
  family: ['the will', 'the family locket', 'an unsigned letter'],
  comedy: ['a fake moustache', 'the wrong suitcase', 'a birthday cake'],
};
