import type { Genre, Role } from './model.js';

/**
 * What a premise parser does the same in every language once it has read the premise: the parts
 * nobody was given, and who really did it.
 */

/** The part the second character plays, by genre; everyone left suspects or helps. */
export function completeRoles(roles: Map<string, Role>, genre: Genre, cast: readonly string[], schemer: string | undefined, mentioned: readonly string[]): void {
  const free = () => cast.filter((n) => !roles.has(n));
  const otherRole: Role = genre === 'romance' ? 'love interest' : genre === 'rivalry' ? 'rival' : 'antagonist';
  const second = schemer ?? mentioned.find((n) => !roles.has(n)) ?? free()[0];
  if (second && ![...roles.values()].includes(otherRole)) roles.set(second, otherRole);
  for (const n of free()) roles.set(n, genre === 'mystery' ? 'suspect' : 'ally');
}

function culpritWeight(role: Role | undefined): number {
  return role === 'antagonist' ? 3 : role === 'suspect' || role === 'rival' ? 2 : role === 'victim' ? 1 : role === 'detective' || role === 'ally' ? 0.5 : 0;
}

/** Who really did it: decided now, revealed by the arc. Never the accused or the protagonist; the likeliest parts first, a seeded draw among them. */
export function chooseCulprit(roles: ReadonlyMap<string, Role>, cast: readonly string[], exclude: readonly (string | null | undefined)[], rnd: () => number): string | null {
  const pool = cast.filter((n) => !exclude.includes(n)).sort((a, b) => culpritWeight(roles.get(b)) - culpritWeight(roles.get(a)));
  const best = pool.filter((n) => culpritWeight(roles.get(n)) === culpritWeight(roles.get(pool[0]!)));
  return best.length ? best[Math.floor(rnd() * best.length)]! : null;
}
