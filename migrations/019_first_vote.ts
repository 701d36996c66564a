import { sql, type Kysely } from 'kysely';

// When a voter first voted on a ballot (and, kept in channel_id, where): changing a vote moves
// cast_at on, but the stats page counts the first hour and the channel by the first arrival.
// Rows from before are filled from cast_at. The stats page's index follows the column it reads,
// so the one it replaces no longer costs every changed vote an index update.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('votes')
    .addColumn('first_cast_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update votes set first_cast_at = cast_at`.execute(db);
  await db.schema.dropIndex('votes_for_insight').execute();
  await db.schema.createIndex('votes_for_insight_first').on('votes').columns(['ballot_id', 'channel_id', 'option_id', 'first_cast_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('votes_for_insight_first').execute();
  await db.schema.createIndex('votes_for_insight').on('votes').columns(['ballot_id', 'channel_id', 'option_id', 'cast_at']).execute();
  await db.schema.alterTable('votes').dropColumn('first_cast_at').execute();
}
