import type { Kysely } from 'kysely';

// "The story so far": one recap video per series and latest episode (made once, kept until the
// next episode), and one post of it per place that asked (or followed), so each place gets it once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('episode_number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('video_path', 'text')
    .addColumn('poster_path', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('size_bytes', 'bigint')
    .addColumn('video_width', 'integer')
    .addColumn('video_height', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('recaps_series_episode', ['series_id', 'episode_number'])
    .execute();
  await db.schema
    .createTable('recap_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recap_id', 'text', (c) => c.notNull().references('recaps.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('asked_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addUniqueConstraint('recap_posts_place', ['recap_id', 'platform', 'chat_id', 'thread_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recap_posts').execute();
  await db.schema.dropTable('recaps').execute();
}
