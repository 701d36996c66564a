import { audit, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { UserError } from './errors.js';
import type { EpisodeView, Executor, JobKind } from './ports.js';
import { loadEpisodeView } from './views.js';

/** The stage a failed episode goes back to, and the job that redoes it. */
const RETRY_FROM: Record<string, { status: 'writing' | 'written' | 'rendered'; kind: JobKind }> = {
  write: { status: 'writing', kind: 'write' },
  render: { status: 'written', kind: 'render' },
  publish: { status: 'rendered', kind: 'publish' },
};

export class EpisodeService {
  constructor(private readonly ctx: CoreContext) {}

  /** Episode `number` of a series, or its newest one. */
  async show(seriesId: string, number?: number, db: Executor = this.ctx.db): Promise<EpisodeView> {
    let query = db.selectFrom('episodes').select('id').where('series_id', '=', seriesId);
    query = number === undefined ? query.orderBy('number', 'desc') : query.where('number', '=', number);
    const row = await query.executeTakeFirst();
    if (!row) {
      throw new UserError('not-found', number === undefined ? 'errors.episode.none' : 'errors.episode.noSuch', number === undefined ? {} : { number });
    }
    return (await loadEpisodeView(db, row.id))!;
  }

  /** A moderator sends a failed episode back to the stage that failed. */
  async retry(actor: Actor, seriesId: string): Promise<EpisodeView> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const episode = await lockForUpdate(ctx, tx.selectFrom('episodes').selectAll().where('series_id', '=', seriesId).orderBy('number', 'desc').limit(1)).executeTakeFirst();
      if (!episode || episode.status !== 'failed') throw new UserError('conflict', 'errors.episode.notFailed');
      const from = RETRY_FROM[episode.failed_stage ?? 'write'] ?? RETRY_FROM.write!;
      const now = ctx.clock.now();
      await tx.updateTable('episodes').set({ status: from.status, failed_stage: null, error: null, updated_at: now }).where('id', '=', episode.id).execute();
      // A fresh idempotency key: the failed job keeps its record, the retry is a new step.
      await ctx.queue.enqueue(tx, { kind: from.kind, key: `${from.kind}:${episode.id}:retry:${now}`, payload: { episodeId: episode.id } });
      await audit(ctx, tx, { seriesId, actor, action: 'episode.retry', details: { number: episode.number, stage: episode.failed_stage } });
      return (await loadEpisodeView(tx, episode.id))!;
    });
  }
}
