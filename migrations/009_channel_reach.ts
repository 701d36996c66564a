import type { Kysely } from 'kysely';

// A channel the platform refuses (the bot was removed, a permission is missing) is marked with the
// reason, so deliveries stop retrying it and moderators see why; the frame size of a rendered
// episode, so platforms that need it (Telegram) show a vertical video upright.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channels').addColumn('blocked_reason', 'text').execute();
  await db.schema.alterTable('channels').addColumn('blocked_at', 'bigint').execute();
  await db.schema.alterTable('episodes').addColumn('video_width', 'integer').execute();
  await db.schema.alterTable('episodes').addColumn('video_height', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('episodes').dropColumn('video_height').execute();
  await db.schema.alterTable('episodes').dropColumn('video_width').execute();
  await db.schema.alterTable('channels').dropColumn('blocked_at').execute();
  await db.schema.alterTable('channels').dropColumn('blocked_reason').execute();
}
