import type { Kysely } from 'kysely';

// Sponsor placements: a brand a moderator added to a series (its product, a one-line brief, the
// tier, which episodes), and each episode it was written into. A removed sponsor keeps its row
// (removed_at), so its placements and the audit log still name it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sponsors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('brief', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('first_episode', 'integer', (c) => c.notNull())
    .addColumn('last_episode', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .addUniqueConstraint('sponsors_series_number', ['series_id', 'number'])
    .execute();

  await db.schema
    .createTable('sponsor_placements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sponsor_id', 'text', (c) => c.notNull())
    .addColumn('series_id', 'text', (c) => c.notNull())
    .addColumn('episode_id', 'text', (c) => c.notNull())
    .addColumn('episode_number', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('scene', 'integer', (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('placed_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sponsor_placements_episode', ['episode_id', 'sponsor_id'])
    .execute();
  await db.schema.createIndex('sponsor_placements_by_sponsor').on('sponsor_placements').columns(['sponsor_id', 'episode_number']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sponsor_placements').execute();
  await db.schema.dropTable('sponsors').execute();
}
