import type { Kysely } from 'kysely';

// Credits for the community: the display name a suggestion's author had when they made it (never
// an id; null when there was none fit to show, or they asked not to be named), a series-wide
// switch for moderators, and each person's own choice (`/me credits`), which holds everywhere.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('suggestions').addColumn('author_name', 'text').execute();
  await db.schema
    .alterTable('series')
    .addColumn('credits', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('user_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('credits', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_settings').execute();
  await db.schema.alterTable('series').dropColumn('credits').execute();
  await db.schema.alterTable('suggestions').dropColumn('author_name').execute();
}
