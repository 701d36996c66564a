import type { Kysely } from 'kysely';

// Platforms whose ballot is a native poll (Telegram) post it as a message of its own, and the
// poll's answers arrive as option numbers: keep the poll message's id (to stop the poll at close)
// and the letters in the order the poll lists them (options can change after posting).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('ballot_message_id', 'text').execute();
  await db.schema.alterTable('deliveries').addColumn('poll_letters', 'text').execute();
  await db.schema.createIndex('deliveries_poll_id').on('deliveries').column('poll_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_poll_id').execute();
  await db.schema.alterTable('deliveries').dropColumn('poll_letters').execute();
  await db.schema.alterTable('deliveries').dropColumn('ballot_message_id').execute();
}
