import { storyNow } from './story/service.js';
import { parseTwist } from './story/suggestion.js';
import type { Selectable } from 'kysely';
import type { SuggestionsTable } from '../db/schema.js';
import { audit, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { msg } from '../i18n/i18n.js';
import { UserError } from './errors.js';
import { insertOption, LABEL_MAX } from './options.js';
import type { Executor } from './ports.js';
import { screenOrRefuse } from './screening.js';
import { cleanText, truncate } from './text.js';
import { creditName } from './credits.js';

export type Suggestion = Selectable<SuggestionsTable>;

export const SUGGESTION_MAX = 140;
/** Pending suggestions one person may have waiting in one series: keeps the moderator queue fair. */
export const PENDING_PER_AUTHOR = 3;

export class SuggestionService {
  constructor(private readonly ctx: CoreContext) {}

  /** `credit: false`: the author asked not to be named if it wins (their display name is not kept). */
  async suggest(actor: Actor, seriesId: string, channelId: string | null, rawText: string, opts: { credit?: boolean } = {}): Promise<Suggestion> {
    const ctx = this.ctx;
    const text = cleanText(rawText, { field: msg('fields.suggestion'), max: SUGGESTION_MAX, min: 3 });
    await screenOrRefuse(ctx, msg('fields.thatSuggestion'), text);
    const authorName = opts.credit === false ? null : await creditName(ctx, actor);
    return transaction(ctx, async (tx) => {
      // Locking the series row serialises numbering in PostgreSQL.
      const series = await lockForUpdate(ctx, tx.selectFrom('series').select(['id', 'status', 'title']).where('id', '=', seriesId)).executeTakeFirstOrThrow();
      if (series.status === 'ended') throw new UserError('series-not-running', 'errors.series.ended', { title: series.title });
      const mine = await tx
        .selectFrom('suggestions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('series_id', '=', seriesId)
        .where('author_id', '=', actor.id)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (Number(mine.n) >= PENDING_PER_AUTHOR) {
        throw new UserError('limit-reached', 'errors.suggestion.tooMany', { max: PENDING_PER_AUTHOR });
      }
      const last = await tx
        .selectFrom('suggestions')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('series_id', '=', seriesId)
        .executeTakeFirst();
      const suggestion: Suggestion = {
        id: ctx.ids('sg'),
        series_id: seriesId,
        number: Number(last?.n ?? 0) + 1,
        author_id: actor.id,
        channel_id: channelId,
        text,
        status: 'pending',
        option_id: null,
        decided_by: null,
        decided_at: null,
        created_at: ctx.clock.now(),
        author_name: authorName,
      };
      await tx.insertInto('suggestions').values(suggestion).execute();
      return suggestion;
    });
  }

  async pending(seriesId: string, db: Executor = this.ctx.db): Promise<Suggestion[]> {
    return db.selectFrom('suggestions').selectAll().where('series_id', '=', seriesId).where('status', '=', 'pending').orderBy('number').execute();
  }

  /**
   * Approves a suggestion: it joins the ballot now if one can be changed and has room, or else
   * the next ballot. Returns the letter it got, or null when it waits for the next ballot.
   */
  async approve(actor: Actor, seriesId: string, number: number): Promise<{ suggestion: Suggestion; letter: string | null }> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const s = await this.lockPending(tx, seriesId, number);
      const now = ctx.clock.now();
      let letter: string | null = null;
      let optionId: string | null = null;
      const ballot = await tx.selectFrom('ballots').select('id').where('series_id', '=', seriesId).where('status', 'in', ['draft', 'open']).executeTakeFirst();
      if (ballot) {
        try {
          const series = await tx.selectFrom('series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow();
          const option = await insertOption(ctx, tx, ballot.id, {
            label: truncate(s.text, LABEL_MAX),
            teaser: s.text,
            // Read against the story the ballot's episode left: who, what, to whom.
            twist: parseTwist(await storyNow(tx, series), s.text).op,
            source: 'community',
            suggestionId: s.id,
            createdBy: actor.id,
          });
          ({ letter, id: optionId } = option);
        } catch (err) {
          // A full ballot is no reason to lose the idea: it waits for the next one.
          if (!(err instanceof UserError && err.code === 'limit-reached')) throw err;
        }
      }
      await tx.updateTable('suggestions').set({ status: 'approved', option_id: optionId, decided_by: actor.id, decided_at: now }).where('id', '=', s.id).execute();
      await audit(ctx, tx, { seriesId, actor, action: 'suggestion.approve', details: { number, letter } });
      return { suggestion: { ...s, status: 'approved', option_id: optionId }, letter };
    });
  }

  async veto(actor: Actor, seriesId: string, number: number): Promise<Suggestion> {
    return transaction(this.ctx, async (tx) => {
      const s = await this.lockPending(tx, seriesId, number);
      await tx.updateTable('suggestions').set({ status: 'vetoed', decided_by: actor.id, decided_at: this.ctx.clock.now() }).where('id', '=', s.id).execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'suggestion.veto', details: { number } });
      return { ...s, status: 'vetoed' };
    });
  }

  private async lockPending(tx: Executor, seriesId: string, number: number): Promise<Suggestion> {
    const s = await lockForUpdate(this.ctx, tx.selectFrom('suggestions').selectAll().where('series_id', '=', seriesId).where('number', '=', number)).executeTakeFirst();
    if (!s) throw new UserError('not-found', 'errors.suggestion.none', { number });
    if (s.status !== 'pending') throw new UserError('conflict', `errors.suggestion.already.${s.status}`, { number });
    return s;
  }
}
