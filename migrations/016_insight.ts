import type { Kysely } from 'kysely';

// Audience insight: why the writers offered a ballot option (a reason from what this community keeps
// choosing, JSON, localized when shown), and how many members a channel had when an episode was
// posted there (the platform's count, null when it did not say), for turnout per episode; and an
// index for the stats page's one pass over a series' votes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ballot_options').addColumn('reason', 'text').execute();
  await db.schema.alterTable('deliveries').addColumn('members', 'integer').execute();
  // The stats page groups a series' votes by ballot, channel and option with the time they were cast:
  // read from this index alone, without visiting the rows.
  await db.schema.createIndex('votes_for_insight').on('votes').columns(['ballot_id', 'channel_id', 'option_id', 'cast_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('votes_for_insight').execute();
  await db.schema.alterTable('deliveries').dropColumn('members').execute();
  await db.schema.alterTable('ballot_options').dropColumn('reason').execute();
}
