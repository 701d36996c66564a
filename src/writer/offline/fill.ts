import type { WriterLanguage } from './lang/types.js';

/**
 * Fills the phrase bank's templates (see bank/types.ts for the slots). A person slot takes its
 * words from the character's species and personality, so a parrot gets wings and a beak, in the
 * language of the pack the slots carry.
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
  /** The language the template is in: its body words, gestures and tidying. */
  lang: WriterLanguage;
}

function personSlot(p: Person, part: string | undefined, slots: Slots): string {
  if (!part) return p.name;
  switch (part) {
    case 'title':
      return p.title;
    case 'adj':
      return slots.lang.adjective(p);
    case 'hands':
    case 'face':
    case 'ears':
      return slots.lang.body(p.species)[part];
    case 'nervous':
    case 'angry':
    case 'sad':
    case 'glad':
      return slots.pick(slots.lang.body(p.species).tells[part]);
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
      return personSlot(p, part, slots);
    }
    const value = slots[head as 'O' | 'P' | 'T' | 'E' | 'e' | 'Q' | 'F' | 'W' | 'X'];
    return typeof value === 'string' ? value : whole;
  });
  return slots.lang.tidy(out);
}

/** Whether every slot a template uses has a value. */
export function canFill(template: string, slots: Omit<Slots, 'lang'>): boolean {
  for (const m of template.matchAll(/\{([A-Za-z])(?:\.[a-z]+)?\}/g)) {
    const v = slots[m[1] as keyof Omit<Slots, 'lang'>];
    if (v === undefined || v === '') return false;
  }
  return true;
}
