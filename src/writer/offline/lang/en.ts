import { hashSeed } from '../../../core/clock.js';
import type { Genre } from '../../../core/story/model.js';
import { kindOf } from '../../../core/story/species.js';
import type { Family } from '../../../core/story/twists.js';
import { sentences } from '../../../core/story/state.js';
import { prepositionFor } from '../../../core/story/words.js';
import { clause, escapeRegExp } from '../../../core/text.js';
import { SCENES, TWIST_TEXT } from '../bank/index.js';
import type { WriterLanguage } from './types.js';

/**
 * English, the offline writer's first language: the phrase bank in ../bank/, and the grammar the
 * planner needs to echo a label (stems, participles, who does the verb), to retell a viewer's
 * words as done or in the first person, and to fill slots (prepositions, capitals).
 */

const TIMES = ['that night', 'at dawn', 'late that evening', 'at first light', 'just after midnight', 'in the grey morning', 'at dusk', 'in the small hours', 'at noon', 'that afternoon'];

/** Where an atmosphere line fits: the first key whose words the place name has. */
const PLACE_KEYS: [RegExp, string][] = [
  [/police|court|jail|prison|cell|interview/i, 'court'],
  [/hospital|clinic|ward|vet|operating|surgery|waiting room/i, 'hospital'],
  [/kitchen/i, 'kitchen'],
  [/restaurant|diner|dinner|banquet/i, 'restaurant'],
  [/gala|ballroom|wedding|party|chapel|church/i, 'ballroom'],
  [/office|bank|newsroom|town hall|city hall|boardroom|law/i, 'office'],
  [/street|alley|city|town|square|garage/i, 'street'],
  [/park|garden|forest|woods|meadow|field|orchard|bench/i, 'park'],
  [/home|house|living|bedroom|apartment|flat|cottage|mansion|manor|estate|castle|palace|penthouse/i, 'home'],
  [/station|airport|platform/i, 'station'],
  [/library|study|museum|gallery/i, 'library'],
  [/roof|terrace|balcony/i, 'rooftop'],
  [/stage|theatre|theater|studio|arena|stadium|hall|locker|training|show|contest/i, 'stage'],
  [/farm|barn|stable/i, 'farm'],
  [/shop|store|bakery|café|cafe|market|boutique|salon/i, 'shop'],
  [/school|classroom|campus/i, 'school'],
  [/harbou?r|beach|lake|river|pier|port|ship|boat|yacht|island|pool/i, 'water'],
];

const TITLE_WORDS: Record<Family, readonly string[]> = {
  secret: ['What {A} Knew', 'The Secret Out', 'Said Aloud', 'No More Lies', 'The Quiet Truth', 'Behind Closed Doors'],
  conflict: ['Face to Face', 'The Knife in the Back', 'No Turning Back', 'Burned Bridges', 'Teeth Bared', 'The Reckoning'],
  bond: ['Side by Side', 'The Truce', 'Together, For Now', 'An Open Paw', 'One Team'],
  danger: ['Hold On', 'The Long Night', 'Every Breath', 'Close Call'],
  case: ['The Clue', 'Sneaking Away', 'The Broken Alibi', 'Evidence', 'Caught Out'],
  contest: ['Ruined', 'Stolen Glory', 'Sabotage', 'Winner Takes All', 'The Spotlight'],
  heart: ['Three Words', 'Confession', 'Open Heart', 'Say It'],
  family: ['Family Secrets', 'Family Matters'],
  farce: ['Mistaken', 'The Prank', 'Playing Along', 'Oops'],
};

/** Titles that only fit their own kind of twist ("The Ring" needs a proposal). */
const KIND_TITLES: Record<string, readonly string[]> = {
  propose: ['The Ring', 'The Question'],
  kiss: ['The Kiss'],
  breakup: ['Heartbreak', 'Goodbye'],
  reject: ['No', 'The Answer Is No'],
  jealousy: ['Jealous Eyes', 'Green With Envy'],
  coma: ['The Vigil', 'Still Here'],
  vanish: ['Gone', 'Without a Trace'],
  will: ['The Heir', 'The Inheritance'],
  sibling: ['Blood Ties'],
  unmask: ['The Answer', 'Unmasked'],
};

/** Titles for any episode, when its kind's are used up. */
const GENERAL_TITLES = [
  '{O}',
  'Back at {P}',
  'What {B} Never Knew',
  "{A}'s Choice",
  '{A} and {B}',
  'The Truth About {B}',
  'Nowhere to Hide',
  'Point of No Return',
  'The Last Straw',
  'Too Close',
  'Under the Surface',
  'Every Secret Has a Price',
  'No Way Back',
  'Face the Music',
  "{B}'s Mistake",
  'The Weight of It',
  'One Step Behind',
  'All or Nothing',
  'Cracks',
  'Smoke and Mirrors',
  'Off the Record',
  'Things Unsaid',
  'The Long Way Home',
];

const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'at', 'in', 'on', 'to', 'for', 'with', 'by']);

/** "the poison vial" → "The Poison Vial". */
function titleCase(text: string): string {
  return text.replace(/[\p{L}'’]+/gu, (w, at: number) => (at > 0 && SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)));
}

const NEW_SEASON_QUESTIONS: Record<Genre, readonly string[]> = {
  mystery: ['Who sent {O} to {A}?', 'What is {B} still hiding from {A}?'],
  rivalry: ['Can {A} stay on top now that {B} wants revenge?', 'Who will win the rematch, {A} or {B}?'],
  medical: ['What are the new test results hiding?', 'Can {A} trust {B} with the truth this time?'],
  romance: ['Can {A} and {B} survive what comes next?', 'Who is writing {A} secret letters?'],
  revenge: ['Who will come for {A} now?', 'What price will {A} pay for revenge?'],
  family: ['Who else has a claim on the family?', 'What did the family bury with {O}?'],
  comedy: ['Can {A} survive the next disaster?', 'What will {B} do when the truth slips out?'],
};

/** "the poisoning of the mayor's parrot" → "the poisoning". */
export function shortEvent(event: string): string {
  return event.replace(/\s(of|on|at)\s.*$/, '');
}

const LEAVING = [
  '{A} walks away without a word.',
  '{A} slips out, and never looks back.',
  '{A} takes one last look, and goes.',
  '{A} leaves {O} behind, and goes.',
  'Quietly, {A} is gone.',
  '{A} steps out, alone.',
];

const FALLBACK_MOVES = ['{A} asks {B} for the whole truth', '{A} makes {B} a promise', '{A} walks away from {B}', '{A} tells {B} a secret kept for years'];

/** Twists in their own words between whoever is awake: for a story where nothing else can happen. */

/** Key word stems of a text (4+ letters, not names), to choose the lines that echo a twist. */
function keyStems(text: string, names: readonly string[]): string[] {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  return [...new Set((text.toLowerCase().match(/[\p{L}'’-]+/gu) ?? []).filter((w) => w.length >= 4 && !lower.has(w.replace(/['’]s$/, ''))).map(lightStem))];
}

const PARTICIPLES: Record<string, string> = {
  is: 'been',
  gets: 'got',
  goes: 'gone',
  loses: 'lost',
  sends: 'sent',
  leads: 'led',
  hides: 'hidden',
  steals: 'stolen',
  leaves: 'left',
  takes: 'taken',
  runs: 'run',
  makes: 'made',
  tells: 'told',
  breaks: 'broken',
  sells: 'sold',
  gives: 'given',
  writes: 'written',
  finds: 'found',
  eats: 'eaten',
  flies: 'flown',
  falls: 'fallen',
  forgets: 'forgotten',
  knows: 'known',
  sees: 'seen',
  wins: 'won',
  buys: 'bought',
  brings: 'brought',
  thinks: 'thought',
  keeps: 'kept',
  feels: 'felt',
  meets: 'met',
  hits: 'hit',
  puts: 'put',
  cuts: 'cut',
  spills: 'spilled',
  swears: 'sworn',
  forgives: 'forgiven',
  overhears: 'overheard',
  hears: 'heard',
  catches: 'caught',
  throws: 'thrown',
  holds: 'held',
  says: 'said',
  pays: 'paid',
  stands: 'stood',
  sits: 'sat',
  wakes: 'woken',
  beats: 'beaten',
  lies: 'lied',
  dies: 'died',
  tries: 'tried',
  spies: 'spied',
  begins: 'begun',
  slips: 'slipped',
  drops: 'dropped',
  plans: 'planned',
  stops: 'stopped',
  grabs: 'grabbed',
  traps: 'trapped',
  plots: 'plotted',
  admits: 'admitted',
  sinks: 'sunk',
  shrinks: 'shrunk',
  swims: 'swum',
  draws: 'drawn',
  digs: 'dug',
  blows: 'blown',
  bites: 'bitten',
  sticks: 'stuck',
  wears: 'worn',
  tears: 'torn',
  rides: 'ridden',
  shakes: 'shaken',
  speaks: 'spoken',
  chooses: 'chosen',
  fights: 'fought',
  teaches: 'taught',
  leans: 'leaned',
  comes: 'come',
  eavesdrops: 'eavesdropped',
  pins: 'pinned',
  sets: 'set',
  stirs: 'stirred',
  pops: 'popped',
  spots: 'spotted',
  reads: 'read',
  shuts: 'shut',
  lets: 'let',
  quits: 'quit',
  sheds: 'shed',
  hugs: 'hugged',
  nods: 'nodded',
  rips: 'ripped',
  snaps: 'snapped',
  tugs: 'tugged',
};

/** "frames" → "framed", "confesses" → "confessed", "steals" → "stolen"; undefined for a word that is no verb in -s. */
export function participleOf(verb: string): string | undefined {
  if (PARTICIPLES[verb]) return PARTICIPLES[verb];
  if (!verb.endsWith('s') || verb.endsWith('ss')) return undefined;
  if (verb.endsWith('ies')) return `${verb.slice(0, -3)}ied`;
  if (/(ch|sh|ss|x|zz|o)es$/.test(verb)) return `${verb.slice(0, -2)}ed`;
  if (verb.endsWith('es')) return `${verb.slice(0, -1)}d`;
  return `${verb.slice(0, -1)}ed`;
}

/** "Rex frames Pip for the poisoning" → "Rex has framed Pip for the poisoning": the twist, told as done. */
function perfect(label: string, actor: string, pick: <T>(list: readonly T[]) => T): string | undefined {
  const at = label.indexOf(actor);
  if (at < 0) return undefined;
  const rest = label.slice(at + actor.length).trim();
  const m = /^([\p{L}'’-]+)(.*)$/u.exec(rest);
  if (!m) return undefined;
  const verb = m[1]!.toLowerCase();
  const participle = participleOf(verb);
  if (!participle) return undefined;
  const lead = pick(['It is done: ', 'So it is true: ', 'There it is: ', 'It has happened: ']);
  return `${lead}${label.slice(0, at)}${actor} has ${participle}${m[2]!.replace(/[.!?…]+$/, '')}.`;
}

/** The verb of a label: the first word after its doer ("Rex frames Pip" → frame). */
function labelVerb(label: string, actor: string): string | undefined {
  const after = label.slice(label.indexOf(actor) + actor.length).match(/[\p{L}'’-]+/gu) ?? [];
  const word = after.find((w) => w.length >= 3 && !['and', 'the', 'for', 'with'].includes(w.toLowerCase()));
  return word ? lightStem(word.toLowerCase()) : undefined;
}

/** +0.5 when a sentence has the doer doing the verb, -1 when only the target does it. */
function directionOf(text: string, verb: string, actor: string, target: string | null, names: readonly string[]): number {
  let doer = false;
  let inverted = false;
  for (const sentence of sentences(text)) {
    const words = sentence.match(/[\p{L}'’-]+/gu) ?? [];
    let subject: string | undefined;
    for (const w of words) {
      const name = names.find((n) => w === n || w === `${n}'s` || w === `${n}’s`);
      // A possessive ("Clover's double-cross") names an owner, not who acts.
      if (name && w === name) subject = name;
      else if (lightStem(w.toLowerCase()) === verb) {
        if (subject === actor) doer = true;
        else if (subject && subject === target) inverted = true;
      }
    }
  }
  return inverted && !doer ? -1 : doer ? 0.5 : 0;
}

/** A word's light stem: frames/framed/framing → frame (the bank's tests compare words this way too). */
export function lightStem(word: string): string {
  return word
    .replace(/['’]s$/, '')
    .replace(/(ies|ied)$/, 'y')
    .replace(/(ing|ed|es|s)$/, '')
    .replace(/e$/, '')
    .replace(/(.)\1$/, '$1');
}

function overlap(keys: readonly string[], text: string): number {
  if (!keys.length) return 0;
  const have = new Set((text.toLowerCase().match(/[\p{L}'’-]+/gu) ?? []).map(lightStem));
  return keys.filter((k) => have.has(k)).length / keys.length;
}

const IRREGULAR: Record<string, string> = {
  is: 'was',
  has: 'had',
  does: 'did',
  gets: 'got',
  goes: 'went',
  loses: 'lost',
  sends: 'sent',
  leads: 'led',
  hides: 'hid',
  steals: 'stole',
  leaves: 'left',
  takes: 'took',
  runs: 'ran',
  makes: 'made',
  tells: 'told',
  breaks: 'broke',
  sells: 'sold',
  gives: 'gave',
  writes: 'wrote',
  finds: 'found',
  eats: 'ate',
  flies: 'flew',
  falls: 'fell',
  forgets: 'forgot',
  knows: 'knew',
  sees: 'saw',
  swaps: 'swapped',
  plans: 'planned',
  drops: 'dropped',
  wins: 'won',
  buys: 'bought',
  brings: 'brought',
  thinks: 'thought',
  keeps: 'kept',
  sleeps: 'slept',
  feels: 'felt',
  meets: 'met',
  sits: 'sat',
  hits: 'hit',
  puts: 'put',
  cuts: 'cut',
  lies: 'lied',
  dies: 'died',
  tries: 'tried',
  fakes: 'faked',
  burns: 'burned',
  forges: 'forged',
  poisons: 'poisoned',
  sabotages: 'sabotaged',
  arrests: 'arrested',
  plants: 'planted',
  shares: 'shared',
  swallows: 'swallowed',
  frames: 'framed',
  betrays: 'betrayed',
};

/**
 * A viewer's words told by the narrator with the tense moved on, so they read as something that
 * happened: "The judge is Percy in disguise" → "The judge was Percy in disguise all along."
 */
export function retell(words: string, names: readonly string[]): string | undefined {
  const text = words
    .replace(/^(what if|maybe|plot twist:?|twist:?|i think|imagine if|how about)\s+/i, '')
    .replace(/\s+(lol|lmao|haha+|omg|tbh)\b/gi, '')
    .replace(/[.!?…]+$/, '')
    .trim();
  const moved: [RegExp, string][] = [
    [/\b(is|are)\b/i, '$1'],
    [/\b(was|were)\b/i, 'had been'],
    [/\b(has|have)\b/i, 'had'],
  ];
  for (const [re] of moved) {
    const m = re.exec(text);
    if (!m) continue;
    const word = m[1]!.toLowerCase();
    const now = word === 'is' ? 'was' : word === 'are' ? 'were' : word === 'was' || word === 'were' ? 'had been' : 'had';
    // "was already empty" → "had already been empty".
    const rest = text.slice(m.index + m[0].length);
    const adverb = now === 'had been' ? /^\s+(already|always|never|secretly|really|still|actually)\b/i.exec(rest) : null;
    const out = adverb ? `${text.slice(0, m.index)}had ${adverb[1]} been${rest.slice(adverb[0].length)}` : `${text.slice(0, m.index)}${now}${rest}`;
    return `${out.charAt(0).toUpperCase()}${out.slice(1)}${/all along|the whole time/i.test(out) || now !== 'was' ? '' : ' all along'}.`;
  }
  // "Percy sabotages both pies" → "Percy sabotaged both pies."
  const verb = (text.match(/[\p{L}'’-]+/gu) ?? []).find((w, i) => i > 0 && /[^s]s$/.test(w) && !names.includes(w) && !/['’]s$/.test(w));
  if (!verb) return undefined;
  const past = IRREGULAR[verb.toLowerCase()] ?? participleOf(verb.toLowerCase());
  if (!past) return undefined;
  const out = text.replace(new RegExp(`\\b${escapeRegExp(verb)}\\b`), past);
  return `${out.charAt(0).toUpperCase()}${out.slice(1)}.`;
}

/** "Mabel hides Barnaby's heart pills", said by Mabel to Barnaby: "I hid your heart pills, Barnaby." */
export function firstPerson(words: string, speaker: string, listener: string | null, names: readonly string[]): string | undefined {
  let text = words
    .replace(/^(what if|maybe|plot twist:?|twist:?|i think|imagine if|how about)\s+/i, '')
    .replace(/[.!?…]+$/, '')
    .trim();
  const re = (name: string) => new RegExp(`(?<!\\p{L})${escapeRegExp(name)}(?!\\p{L})`, 'giu');
  const starts = new RegExp(`^${escapeRegExp(speaker)}\\s+(and\\s+(\\p{L}+)\\s+)?(\\p{L}+)`, 'iu').exec(text);
  if (!starts) return undefined;
  const partner = starts[2];
  const verb = starts[3]!.toLowerCase();
  const rest = text.slice(starts[0].length);
  let subject: string;
  let said: string;
  if (partner) {
    subject = listener && partner.toLowerCase() === listener.toLowerCase() ? 'You and I' : `${names.find((n) => n.toLowerCase() === partner.toLowerCase()) ?? partner} and I`;
    said = verb;
  } else {
    subject = 'I';
    said =
      verb === 'is'
        ? 'am'
        : verb === 'was'
          ? 'was'
          : verb === 'has'
            ? 'have'
            : (IRREGULAR[verb] ?? (/(s)$/.test(verb) && !/ss$/.test(verb) ? `${verb.replace(/e?s$/, '')}ed`.replace(/eed$/, 'ed') : verb));
  }
  text = `${subject} ${said}${rest}`;
  if (listener) text = text.replace(new RegExp(`(?<!\\p{L})${escapeRegExp(listener)}['’]s(?!\\p{L})`, 'giu'), 'your').replace(re(listener), 'you');
  text = text.replace(/\b(his|her|their) own\b/gi, 'my own');
  if (/(?<!\p{L})(you|your)(?!\p{L})/iu.test(text) === false && listener) text = `${text}, ${listener}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function lowerFirstUnlessName(text: string, names: readonly string[]): string {
  const first = text.split(/\s/)[0] ?? '';
  return names.some((n) => first.startsWith(n)) || /^[A-Z]{2}/.test(first) ? clause(text) : clause(text.charAt(0).toLowerCase() + text.slice(1));
}

/** Place words a sentence may name only when the scene is set there. */
const PLACE_WORDS =
  /\b(dance floor|ferry|boat|ship|train|bus|plane|taxi|tent|houseboat|lighthouse|aquarium|museum|circus|kitchen|restaurant|hospital|clinic|ward|ballroom|gala|office|rooftop|roof|garden|park|station|court|courtroom|alley|street|library|mansion|car park|parking|bar|hotel|church|chapel|wedding|beach|airport|caf[eé]|bakery|farm|barn|stage|studio|school|classroom|hallway|corridor|bedroom|living room|penthouse|lobby|basement|attic|theatre|theater|arena|stadium|harbou?r|pier|lake|river|shop|store|market|salon|gym|pool|town hall|city hall|bank|prison|jail|cell|newsroom)\b/gi;

/** The place a text names, with its article ("the ferry"), if it names one. */
function placeNamed(text: string): string | undefined {
  const m = new RegExp(`(?:the|a|an|her|his|their)\\s+((?:[\\p{L}-]+\\s+)?(?:${PLACE_WORDS.source.slice(3, -3)}))\\b`, 'iu').exec(text);
  return m ? `the ${m[1]!.toLowerCase()}` : undefined;
}

function namesOtherPlace(text: string, place: string): boolean {
  const here = place.toLowerCase();
  return [...text.matchAll(PLACE_WORDS)].some((m) => !here.includes(m[1]!.toLowerCase().replace(/é/, 'e')) && !here.includes(m[1]!.toLowerCase()));
}

/** Lines about someone coming back. */
const RETURN_TALK = /\b(came back|coming back|you're back|you are back|welcome back|you returned)\b/i;

/** Lines about a crime, for stories that have one. */
const CASE_TALK = /\b(alibi|culprit|evidence|crime|suspect|guilty|where were you)\b/i;

/** Lines of love, for two who are in love only. */
const ROMANTIC = /\b(love|loved|kiss|heart|darling|it's you|beautiful|adore|marry|forever)\b/i;

const ANSWERS = ['{X} Now everyone knows: {answer}.', '{X} The answer, at last: {answer}.', 'For a whole season one question hung in the air. {X} Here is the answer: {answer}.'];

const ADJECTIVES =
  /\b(anxious|weary|proud|loyal|sharp|mysterious|elegant|ambitious|loud|brooding|gentle|shy|bold|clever|kind|jealous|cold|sly|nervous|stubborn|cheerful|grumpy|vain|brave|timid|tender|charming|cunning|honest|reckless|calm|fierce|sweet|bitter|secretive|curious|lazy|greedy|noble|clumsy|dramatic|quiet|fiery|stern|warm|playful|restless|wise|naive|smug|cynical)\b/i;

/** Tempers of the jobs a premise gives ("the weary detective", "the anxious chef"). */
const JOB_TEMPERS: [RegExp, string][] = [
  [/detective|inspector|cop|officer|sheriff/, 'weary'],
  [/chef|cook|baker/, 'anxious'],
  [/nurse|doctor|vet|surgeon/, 'tireless'],
  [/heir|heiress|prince|princess|king|queen/, 'spoilt'],
  [/mayor|boss|ceo|tycoon|ringmaster/, 'pompous'],
  [/thief|pickpocket|spy|burglar/, 'slippery'],
  [/singer|star|actor|actress|dancer|influencer/, 'vain'],
  [/florist|gardener|librarian|bookkeeper/, 'shy'],
  [/planner|organiser|organizer/, 'frantic'],
];

/**
 * One word for a character's temper, for "{A.adj}": the personality's own adjective, else one
 * that fits their job in the premise, else one of their species' (two of a kind differ by name).
 */
export function adjectiveOf(p: { name: string; personality: string; title: string; species: string }): string {
  const own = ADJECTIVES.exec(p.personality)?.[1]?.toLowerCase();
  if (own) return own;
  const first = p.personality.split(/[ ,]/)[0] ?? '';
  if (/^[a-z]+$/i.test(first) && p.personality.length < 14) return p.personality.toLowerCase();
  const job = JOB_TEMPERS.find(([re]) => re.test(p.title.toLowerCase()))?.[1];
  if (job) return job;
  const tempers = kindOf(p.species).tempers;
  return tempers[hashSeed(p.name) % tempers.length]!;
}

/** Capitals after sentence ends, single spaces, no space before punctuation, no doubled stops. */
export function tidy(text: string): string {
  return (
    text
      // "in the rooftop" → "on the rooftop"; "in the gala dinner" → "at the gala dinner".
      .replace(/\b([Ii]n) the ((?:[\p{L}'’-]+ ){0,2}[\p{L}'’-]+)/gu, (whole, word: string, rest: string) => {
        // The place is the longest run of words after "the" that ends on a place word.
        const words = rest.split(' ');
        for (let n = words.length; n >= 1; n--) {
          const prep = prepositionFor(words.slice(0, n).join(' '));
          if (!prep) continue;
          const lead = word === 'In' ? prep.charAt(0).toUpperCase() + prep.slice(1) : prep;
          return `${lead} the ${rest}`;
        }
        return whole;
      })
      .replace(/\s+/g, ' ')
      .replace(/\s+([,.!?;:…])/g, '$1')
      .replace(/\.\.(?!\.)/g, '.')
      .replace(/([?!])\./g, '$1')
      .replace(/(^|[.!?…]["”]?\s+)(\p{Ll})/gu, (_, lead: string, ch: string) => lead + ch.toUpperCase())
      .trim()
  );
}

/** The English pack. */
export const EN: WriterLanguage = {
  id: 'en',
  scenes: SCENES,
  twists: TWIST_TEXT,
  times: TIMES,
  placeKeys: PLACE_KEYS,
  titles: { kinds: KIND_TITLES, families: TITLE_WORDS, general: GENERAL_TITLES },
  newSeasonQuestions: NEW_SEASON_QUESTIONS,
  leaving: LEAVING,
  fallbackMoves: FALLBACK_MOVES,
  answers: ANSWERS,
  sponsor: {
    background: [
      'Behind them, a glowing {R} poster promises {S} to anyone passing by.',
      'A neon {R} sign hums overhead, spelling out {S} again and again.',
      'On a shelf nearby, a neat stack of {S} from {R} catches the light.',
      'A huge ad for {R} {S} grins down on {P}, as if it knows something.',
      'The only calm thing in sight is a {R} poster of {S}, smiling away.',
      'A crate of {S}, stamped {R}, sits by the wall where everyone can see it.',
    ],
    prop: [
      '{A} grips the {S} from {R} in both {A.hands} like a lucky charm.',
      '{A} turns the {S} from {R} over and over, thinking hard.',
      "{A} raises {R}'s {S} like a shield and stands firm.",
      '{A} fidgets with the {S} from {R}, refusing to put it down.',
      "{A} hugs {R}'s {S} close, as if it could fix everything.",
      '{A} taps the {S} from {R} twice for courage.',
    ],
    featured: [
      "Everything stops for one thing: {R}'s {S}, gleaming in {A}'s {A.hands}.",
      'All eyes follow the {S} from {R} as {A} holds it up like a trophy.',
      "{A} unveils {R}'s {S}, and for a moment nobody breathes.",
      'The {S} from {R} is the centre of it all, and {A} will not share it.',
      "For one dramatic moment, {R}'s {S} is the star here, held high by {A}.",
      '{A} sets the {S} from {R} down between them like evidence.',
    ],
    line: [
      'Nobody touches my {S}. Nobody.',
      'This {S} changes everything.',
      'Trust me, my {S} never lets me down.',
      'When it gets this bad, I need my {S}.',
      'You want answers? Ask the {S}.',
      '{R} {S}. Do not ask, just look.',
    ],
  },
  confessionAnswers: [
    'You did what?',
    'Say that again. Slowly.',
    'Tell me this is a joke.',
    'How long were you going to hide it?',
    'I knew it. I always knew it.',
    'Then nothing will ever be the same.',
    'Why are you telling me now?',
    'You had better explain everything.',
  ],
  placeWords: PLACE_WORDS,
  talk: { returned: RETURN_TALK, crime: CASE_TALK, romantic: ROMANTIC },
  limits: { narration: 320, line: 140, cliffhanger: 200, label: 55, teaser: 140, title: 80 },
  previously: (label) => `Previously: ${label.replace(/[.!?…]+$/, '')}.`,
  summary: (n, text) => `Ep ${n}: ${text}`,
  fallback: {
    opening: (hero) => `${hero}'s world is about to break.`,
    setup: (hero, title) => `${hero}, ${title}, is at the centre of it all.`,
    leaving: (actor) => `${actor} walks away without a word.`,
    stunned: (who) => `${who} cannot believe it.`,
    turnsTo: (actor, target) => `${actor} turns to ${target ?? 'everyone'}.`,
    findsGone: (actor, target) => `${target ?? 'Everyone'} finds ${actor} gone.`,
    waits: (who) => `${who ?? 'Everyone'} waits.`,
    still: (who) => `${who} goes very still.`,
    cliffhanger: (who) => `${who} turns around, and everything stops.`,
    title: (n) => `Episode ${n}`,
    nextQuestion: (who) => `What comes next for ${who}?`,
    prop: { cliffhanger: 'a folded note', title: 'the secret', newSeason: 'a sealed envelope', twist: 'the evidence' },
    move: (actor) => `${actor} made a move nobody saw coming`,
  },
  answerFor(question, culprit, hero) {
    const choice = /^Will (\S+) choose (.+?), or (.+)\?$/.exec(question);
    if (choice) return `${choice[1]} chose ${choice[2]}`;
    if (/^Who\b/i.test(question)) return `It was ${culprit}, all along`;
    // A yes-or-no question is answered about its hero, not with a fact the turn may recall again in the next breath.
    return `yes, ${hero} came through it all`;
  },
  isChoice: (question) => /^Will \S+ choose /.test(question),
  titleCase,
  defaultTitle: (species) => `the ${species.toLowerCase()}`,
  shortEvent,
  join: (parts) => parts.join(' '),
  clause,
  viewerClause: lowerFirstUnlessName,
  keys: keyStems,
  overlap,
  direction(label, text, actor, target, names) {
    const verb = labelVerb(label, actor);
    return verb ? directionOf(text, verb, actor, target, names) : 0;
  },
  perfect: (label, actor, pick) => perfect(label, actor, pick),
  retellOwnWords: true,
  retell,
  firstPerson,
  placeNamed,
  namesOtherPlace,
  premiseWords: (text) => text.toLowerCase().match(/\p{L}{5,}/gu) ?? [],
  body(species) {
    const kind = kindOf(species);
    return { hands: kind.body.hands, face: kind.body.face, ears: kind.body.ears, tells: kind.tells };
  },
  adjective: adjectiveOf,
  tidy,
};
