import type { Kysely } from 'kysely';

// The story model: each episode keeps what it did to the story and the state it left (JSON), so a
// retried episode starts again from the state before it; each ballot option keeps its twist as an
// operation (JSON), so the winner reaches the writer as a structure, never re-read from its words.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('episodes').addColumn('story', 'text').execute();
  await db.schema.alterTable('ballot_options').addColumn('twist', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ballot_options').dropColumn('twist').execute();
  await db.schema.alterTable('episodes').dropColumn('story').execute();
}
