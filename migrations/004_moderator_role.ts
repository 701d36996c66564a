import type { Kysely } from 'kysely';

// A role (by name) whose members moderate a series on platforms with roles (Discord), besides
// those with the platform's own moderator permissions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('series').addColumn('moderator_role', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('series').dropColumn('moderator_role').execute();
}
