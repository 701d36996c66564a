import type { Kysely } from 'kysely';

// The language a channel reads the bot in, set by its moderators (`/series language`): a shipped
// locale ('es', 'pt-BR'…), or null to follow each reader's own language and the series' language.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channels').addColumn('language', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channels').dropColumn('language').execute();
}
