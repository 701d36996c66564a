import type { SelectQueryBuilder, Transaction } from 'kysely';
import type { Db, Dialect } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { Clock, Random } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { Executor, JobQueue, Logger, Screener, Telemetry } from './ports.js';

export interface CoreSettings {
  defaultVoteWindowMs: number;
  defaultTieGraceMs: number;
}

/** Everything the story engine needs, handed in by the app. */
export interface CoreContext {
  db: Db;
  dialect: Dialect;
  queue: JobQueue;
  clock: Clock;
  random: Random;
  ids: IdGenerator;
  log: Logger;
  /** Screens community text before it is stored. */
  screener: Screener;
  settings: CoreSettings;
  telemetry: Telemetry;
}

/** Who acts: `platform:user`, and whether the platform says they moderate this place. */
export interface Actor {
  id: string;
  isModerator: boolean;
  name?: string;
}

export function transaction<T>(ctx: CoreContext, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(fn);
}

/**
 * Row locks for PostgreSQL, where transactions run side by side. SQLite serialises writers
 * itself (one connection per process, busy timeout across processes), so there it is a no-op.
 */
export function lockForUpdate<TB extends keyof Database, O>(ctx: CoreContext, qb: SelectQueryBuilder<Database, TB, O>): SelectQueryBuilder<Database, TB, O> {
  return ctx.dialect === 'postgres' ? qb.forUpdate() : qb;
}

export function lockForShare<TB extends keyof Database, O>(ctx: CoreContext, qb: SelectQueryBuilder<Database, TB, O>): SelectQueryBuilder<Database, TB, O> {
  return ctx.dialect === 'postgres' ? qb.forShare() : qb;
}

export async function audit(ctx: CoreContext, tx: Executor, entry: { seriesId: string | null; actor: Actor; action: string; details?: Record<string, unknown> }): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      id: ctx.ids('al'),
      series_id: entry.seriesId,
      actor_id: entry.actor.id,
      action: entry.action,
      details: JSON.stringify(entry.details ?? {}),
      at: ctx.clock.now(),
    })
    .execute();
}
