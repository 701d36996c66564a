import type { AudienceTaste } from '../core/ports.js';
import type { TwistOp } from '../core/story/model.js';

/**
 * How the writers weigh what a community keeps choosing (core/insight.ts `tasteOf`): its favourite
 * twist kinds and characters get more room on the next ballot, never all of it. At most half the
 * options are of favoured kinds, and at least one is of another kind, so a ballot can still surprise.
 */

/** The largest share of a ballot that favoured kinds may take. */
export const FAVOURED_SHARE = 0.5;

/** How many options of a ballot of `count` may be of favoured kinds (or led by favoured characters). */
export function favouredCap(count: number): number {
  return Math.max(1, Math.min(count - 1, Math.floor(count * FAVOURED_SHARE)));
}

export const favouredKind = (op: Pick<TwistOp, 'kind'>, taste: AudienceTaste | undefined): boolean => taste?.favoured.kinds.includes(op.kind) ?? false;
export const favouredCharacter = (op: Pick<TwistOp, 'actor'>, taste: AudienceTaste | undefined): boolean => taste?.favoured.characters.includes(op.actor) ?? false;

/** What the offline picker adds to a twist's score for the audience: a favourite rises above the writer's own taste for variety. */
export function audienceBonus(op: Pick<TwistOp, 'kind' | 'actor'>, taste: AudienceTaste | undefined): number {
  return (favouredKind(op, taste) ? 2.5 : 0) + (favouredCharacter(op, taste) ? 1 : 0);
}

/** A running count of a ballot being chosen: whether one more favourite still fits under the cap. */
export class FavouredCap {
  private kinds = 0;
  private characters = 0;

  constructor(
    private readonly taste: AudienceTaste | undefined,
    private readonly count: number,
  ) {}

  /** `characters`: also hold favoured characters to the cap (the first pass; a small cast may need them all after). */
  fits(op: Pick<TwistOp, 'kind' | 'actor'>, opts: { characters: boolean }): boolean {
    const cap = favouredCap(this.count);
    if (favouredKind(op, this.taste) && this.kinds >= cap) return false;
    if (opts.characters && favouredCharacter(op, this.taste) && !favouredKind(op, this.taste) && this.characters >= cap) return false;
    return true;
  }

  take(op: Pick<TwistOp, 'kind' | 'actor'>): void {
    if (favouredKind(op, this.taste)) this.kinds++;
    else if (favouredCharacter(op, this.taste)) this.characters++;
  }
}

/**
 * Why a ballot breaks the rule (sent back to the LLM for repair); empty when it keeps it. The same
 * cap holds for favoured kinds and, counted on their own, for options led by favoured characters
 * (unless the whole `cast` is favoured: then nobody else could lead one).
 */
export function audienceProblems(twists: readonly { op: Pick<TwistOp, 'kind'> & Partial<Pick<TwistOp, 'actor'>> }[], taste: AudienceTaste | undefined, cast?: readonly string[]): string[] {
  if (!taste || !twists.length) return [];
  const cap = favouredCap(twists.length);
  const problems: string[] = [];
  const kinds = taste.favoured.kinds;
  const byKind = twists.filter((t) => kinds.includes(t.op.kind)).length;
  if (kinds.length && byKind === twists.length)
    problems.push(`every twist option is of a kind this audience keeps choosing (${kinds.join(', ')}); at most ${cap} may be, and the others must be of other kinds`);
  else if (kinds.length && byKind > cap) problems.push(`${byKind} of the ${twists.length} twist options are of kinds this audience keeps choosing (${kinds.join(', ')}); at most ${cap} may be`);
  const characters = taste.favoured.characters;
  const someoneElse = !cast || cast.some((name) => !characters.includes(name));
  const byCharacter = twists.filter((t) => t.op.actor !== undefined && characters.includes(t.op.actor)).length;
  if (characters.length && someoneElse && byCharacter > cap) {
    problems.push(
      `${byCharacter} of the ${twists.length} twist options are led by characters this audience keeps choosing (${characters.join(', ')}); at most ${cap} may be, and ${byCharacter === twists.length ? 'the others' : 'the rest'} must be led by someone else`,
    );
  }
  return problems;
}

/** What the LLM prompt says about the audience (empty while there is nothing to tell). */
export function audienceLines(taste: AudienceTaste | undefined): string[] {
  if (!taste?.ballots) return [];
  const { kinds, characters } = taste.favoured;
  const won = taste.kinds
    .slice(0, 4)
    .map((k) => `${k.kind} ${k.wins}×`)
    .join(', ');
  const lines = [`WHAT THIS AUDIENCE CHOOSES (its last ${taste.ballots} decided ballots): twist kinds that won: ${won || 'none of ours (its own twists)'}.`];
  if (kinds.length || characters.length) {
    const likes = [kinds.length ? `${kinds.join(', ')} twists` : '', characters.length ? `twists led by ${characters.join(', ')}` : ''].filter(Boolean).join(' and ');
    lines.push(
      `- They keep choosing ${likes}: give that room on the next ballot, but never all of it.${kinds.length ? ' At most half the options (rounded down, at least one) may be of those kinds, and at least one option must be of another kind.' : ''}${characters.length ? ` At most half the options (rounded down, at least one) may be led by ${characters.join(' or ')}, and at least one must be led by someone else.` : ''}`,
    );
  }
  return lines;
}
