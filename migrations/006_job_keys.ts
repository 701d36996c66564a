import type { Kysely } from 'kysely';

// With pg-boss holding the jobs, the idempotency keys of steps are kept here for good: pg-boss
// archives finished jobs, and a step must never be queued twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_keys').execute();
}
