import type { Kysely } from 'kysely';

// Whether a series lets the offline writer step in when the LLM writer fails (1 = yes).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('series')
    .addColumn('writer_fallback', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('series').dropColumn('writer_fallback').execute();
}
