import type { Kysely } from 'kysely';

// Who may vote in the studio without signing in: 'signed-in' (anonymous votes count only from the
// studio's own machine; from elsewhere people sign in with Discord or Telegram) or 'anyone'.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('series')
    .addColumn('studio_votes', 'text', (c) => c.notNull().defaultTo('signed-in'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('series').dropColumn('studio_votes').execute();
}
