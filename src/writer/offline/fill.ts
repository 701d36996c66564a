import { hashSeed } from '../../core/clock.js';
import { kindOf } from '../../core/story/species.js';
import { prepositionFor } from '../../core/story/words.js';

/**
 * Fills the phrase bank's templates (see bank/types.ts for the slots). A person slot takes its
 * words from the character's species and personality, so a parrot gets wings and a beak.
 */

export interface Person {
  name: string;
  title: string;
  species: string;
  personality: string;
}

export interface Slots {
  A?: Person;
  B?: Person;
  C?: Person;
  O?: string;
  P?: string;
  T?: string;
  E?: string;
  e?: string;
  Q?: string;
  F?: string;
  W?: string;
  X?: string;
  /** Picks one of several gestures; seeded by the caller. */
  pick: <T>(list: readonly T[]) => T;
}

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
export function adjectiveOf(p: Pick<Person, 'name' | 'personality' | 'title' | 'species'>): string {
  const own = ADJECTIVES.exec(p.personality)?.[1]?.toLowerCase();
  if (own) return own;
  const first = p.personality.split(/[ ,]/)[0] ?? '';
  if (/^[a-z]+$/i.test(first) && p.personality.length < 14) return p.personality.toLowerCase();
  const job = JOB_TEMPERS.find(([re]) => re.test(p.title.toLowerCase()))?.[1];
  if (job) return job;
  const tempers = kindOf(p.species).tempers;
  return tempers[hashSeed(p.name) % tempers.length]!;
}

function personSlot(p: Person, part: string | undefined, pick: Slots['pick']): string {
  if (!part) return p.name;
  const kind = kindOf(p.species);
  switch (part) {
    case 'title':
      return p.title;
    case 'adj':
      return adjectiveOf(p);
    case 'hands':
      return kind.body.hands;
    case 'face':
      return kind.body.face;
    case 'ears':
      return kind.body.ears;
    case 'nervous':
    case 'angry':
    case 'sad':
    case 'glad':
      return pick(kind.tells[part]);
    default:
      return p.name;
  }
}

export function fill(template: string, slots: Slots): string {
  const out = template.replace(/\{([A-Za-z])(?:\.([a-z]+))?\}/g, (whole, head: string, part: string | undefined) => {
    if (head === 'A' || head === 'B' || head === 'C') {
      const p = slots[head];
      if (!p) return whole;
      // A gesture follows the name directly: "'s tail sinks low" or " ruffles every feather".
      return personSlot(p, part, slots.pick);
    }
    const value = slots[head as 'O' | 'P' | 'T' | 'E' | 'e' | 'Q' | 'F' | 'W' | 'X'];
    return typeof value === 'string' ? value : whole;
  });
  return tidy(out);
}

/** Whether every slot a template uses has a value. */
export function canFill(template: string, slots: Slots): boolean {
  for (const m of template.matchAll(/\{([A-Za-z])(?:\.[a-z]+)?\}/g)) {
    const v = slots[m[1] as keyof Slots];
    if (v === undefined || v === '') return false;
  }
  return true;
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
