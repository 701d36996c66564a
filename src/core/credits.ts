import { audit, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import type { EpisodeCredit, Executor } from './ports.js';

export type { EpisodeCredit };
import { cleanText, truncate } from './text.js';

/**
 * Credits for the community: when a suggestion wins, the episode that pays it off says "Twist by
 * <name>", and a season's end credits list each winning twist with its author and its voters.
 * The name is the platform display name the author had when they suggested it — never an id —
 * and nobody is named who asked not to be (`/me credits off`, `/suggest … credit:no`), nor in a
 * series whose moderators turned credits off (`/mod credits off`).
 */

/** Display names are cut to this many visible characters: a line on a phone's screen. */
export const AUTHOR_NAME_MAX = 32;

/** One episode in a season's end credits. */
/** Episode numbers, both ends included. */
export interface EpisodeRange {
  from?: number;
  to?: number;
}

const PLATFORM_ID = /^(discord|telegram|web):/i;

/** A "name" that is an id after all: the actor's own id or its platform part, a prefixed id, a long number. */
function looksLikeId(name: string, actorId: string): boolean {
  const lower = name.toLowerCase();
  const user = actorId.slice(actorId.indexOf(':') + 1).toLowerCase();
  return lower === actorId.toLowerCase() || lower === user || PLATFORM_ID.test(name) || /^\d{6,}$/.test(name);
}

/**
 * The name a suggestion's author is credited under: their display name, cleaned like any
 * community text (controls and bidi overrides out; emoji and right-to-left scripts kept), cut to
 * `AUTHOR_NAME_MAX`, and screened. Null when there is none fit to show: a name is never a reason
 * to refuse the suggestion itself.
 */
export async function creditName(ctx: Pick<CoreContext, 'screener' | 'log'>, actor: Actor): Promise<string | null> {
  if (!actor.name) return null;
  let name: string;
  try {
    name = truncate(cleanText(actor.name, { field: 'name', max: 1000 }), AUTHOR_NAME_MAX);
  } catch {
    return null;
  }
  if (looksLikeId(name, actor.id)) return null;
  if (await ctx.screener.screen(name)) {
    ctx.log.info({ actor: actor.id }, 'credits: a display name the screener refused is not shown');
    return null;
  }
  return name;
}

/** Whether an author is named: a community twist, a stored name, the series and the person both allow it. */
function shownName(row: { source: string | null; author_name: string | null; series_credits: number; mine: number | null }): string | null {
  return row.source === 'community' && row.author_name && Number(row.series_credits) !== 0 && Number(row.mine ?? 1) !== 0 ? row.author_name : null;
}

/** The name an episode shows as "Twist by …": the author of the community twist that led to it, when they may be named. */
export async function creditFor(db: Executor, episodeId: string): Promise<string | null> {
  const row = await db
    .selectFrom('episodes as e')
    .innerJoin('series as sr', 'sr.id', 'e.series_id')
    .innerJoin('ballot_options as o', 'o.id', 'e.twist_option_id')
    .innerJoin('suggestions as s', 's.id', 'o.suggestion_id')
    .leftJoin('user_settings as u', 'u.user_id', 's.author_id')
    .select(['o.source', 's.author_name', 'sr.credits as series_credits', 'u.credits as mine'])
    .where('e.id', '=', episodeId)
    .executeTakeFirst();
  return row ? shownName(row) : null;
}

/**
 * A season's end credits: per rendered episode (in `range`), the twist its ballot chose, who
 * suggested it (when they may be named) and how many people voted on it.
 */
export async function creditsOf(ctx: Pick<CoreContext, 'db'>, seriesId: string, range: EpisodeRange = {}): Promise<EpisodeCredit[]> {
  let query = ctx.db
    .selectFrom('episodes as e')
    .innerJoin('series as sr', 'sr.id', 'e.series_id')
    .leftJoin('ballots as b', 'b.episode_id', 'e.id')
    .leftJoin('ballot_options as o', 'o.id', 'b.winner_option_id')
    .leftJoin('suggestions as s', 's.id', 'o.suggestion_id')
    .leftJoin('user_settings as u', 'u.user_id', 's.author_id')
    .select((eb) => [
      'e.number',
      'e.title',
      'o.label',
      'o.source',
      's.author_name',
      'sr.credits as series_credits',
      'u.credits as mine',
      // The votes table keeps one row per voter and ballot; counted distinct all the same.
      eb
        .selectFrom('votes as v')
        .select((v) => v.fn.count<number | string>('v.voter_id').distinct().as('n'))
        .whereRef('v.ballot_id', '=', 'b.id')
        .as('voters'),
    ])
    .where('e.series_id', '=', seriesId)
    .where('e.status', 'in', ['rendered', 'published']);
  if (range.from !== undefined) query = query.where('e.number', '>=', range.from);
  if (range.to !== undefined) query = query.where('e.number', '<=', range.to);
  const rows = await query.orderBy('e.number').execute();
  return rows.map((r) => ({
    number: r.number,
    title: r.title ?? '',
    twist: r.label ?? null,
    author: shownName(r),
    voters: Number(r.voters ?? 0),
  }));
}

/** The settings behind credits: each person's own, and each series'. */
export class CreditsService {
  constructor(private readonly ctx: CoreContext) {}

  /** Whether this person lets themselves be named (yes, until they say otherwise). */
  async mine(userId: string): Promise<boolean> {
    const row = await this.ctx.db.selectFrom('user_settings').select('credits').where('user_id', '=', userId).executeTakeFirst();
    return Number(row?.credits ?? 1) !== 0;
  }

  /** A person's choice, for every series and every episode from now on (and every season's credits). */
  async setMine(actor: Actor, named: boolean): Promise<void> {
    const now = this.ctx.clock.now();
    const credits = named ? 1 : 0;
    await this.ctx.db
      .insertInto('user_settings')
      .values({ user_id: actor.id, credits, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ credits, updated_at: now }))
      .execute();
  }

  /** Moderators: whether this series names the authors of the twists it pays off. */
  async setForSeries(actor: Actor, seriesId: string, named: boolean): Promise<void> {
    await transaction(this.ctx, async (tx) => {
      await lockForUpdate(this.ctx, tx.selectFrom('series').select('id').where('id', '=', seriesId)).executeTakeFirstOrThrow();
      await tx
        .updateTable('series')
        .set({ credits: named ? 1 : 0, updated_at: this.ctx.clock.now() })
        .where('id', '=', seriesId)
        .execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'series.credits', details: { named } });
    });
  }
}
