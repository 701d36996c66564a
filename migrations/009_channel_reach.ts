import type { Kysely } from 'kysely';

// A channel the platform refuses (the bot was removed, a permission is missing) is marked with the
// reason, so deliveries stop retrying it and moderators see why; the frame size of a rendered
// episode, so platforms that need it (Telegram) show a vertical video upright; and a claim on a
// delivery while a step posts it, so two jobs for one delivery (a retry and a recheck) never post twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channels').addColumn('blocked_reason', 'text').execute();
  await db.schema.alterTable('channels').addColumn('blocked_at', 'bigint').execute();
  await db.schema.alterTable('episodes').addColumn('video_width', 'integer').execute();
  await db.schema.alterTable('episodes').addColumn('video_height', 'integer').execute();
  await db.schema.alterTable('deliveries').addColumn('claimed_until', 'bigint').execute();
  await db.schema.alterTable('deliveries').addColumn('claimed_by', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deliveries').dropColumn('claimed_by').execute();
  await db.schema.alterTable('deliveries').dropColumn('claimed_until').execute();
  await db.schema.alterTable('episodes').dropColumn('video_height').execute();
  await db.schema.alterTable('episodes').dropColumn('video_width').execute();
  await db.schema.alterTable('channels').dropColumn('blocked_at').execute();
  await db.schema.alterTable('channels').dropColumn('blocked_reason').execute();
}
