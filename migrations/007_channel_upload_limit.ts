import type { Kysely } from 'kysely';

// The upload limit a platform reported for a channel (Discord tells it with every interaction:
// boosted servers take larger files); null: the platform's default.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channels').addColumn('upload_limit', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channels').dropColumn('upload_limit').execute();
}
