import type { Kysely } from 'kysely';

// Fixed release times (#21): a series' schedule (JSON: times, zone, how long before a release its
// ballot closes; null: each episode goes out as soon as it is ready), and the due time of an
// episode's release, which the scheduler's tick picks up like a ballot's close.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('series').addColumn('release_schedule', 'text').execute();
  await db.schema.alterTable('episodes').addColumn('release_at', 'bigint').execute();
  // The tick looks for rendered episodes whose release is due.
  await db.schema.createIndex('episodes_release_due').on('episodes').columns(['status', 'release_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('episodes_release_due').execute();
  await db.schema.alterTable('episodes').dropColumn('release_at').execute();
  await db.schema.alterTable('series').dropColumn('release_schedule').execute();
}
