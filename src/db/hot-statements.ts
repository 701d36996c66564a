import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';

/** The SQL of every hot statement, by the name PostgreSQL connections prepare it under. */
const hotStatements = new Map<string, string>();

/**
 * A statement run so often that it is worth preparing once: better-sqlite3 keeps every prepared
 * statement (see connect.ts), and PostgreSQL connections prepare hot ones by name, because
 * planning a join costs PostgreSQL more than running it. The SQL is fixed; only parameters change.
 */
export function hotStatement<R>(text: string): (db: Kysely<any>, parameters: readonly unknown[]) => Promise<R[]> {
  hotStatements.set(text, `tt_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`);
  return async (db, parameters) => [...(await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows];
}

/** The name to prepare `sql` under when it is a hot statement, else undefined. */
export function preparedName(sql: string): string | undefined {
  return hotStatements.get(sql);
}
