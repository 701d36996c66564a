import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { preparedName } from './hot-statements.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** Where it connects (pg-boss opens its own connections to the same place). */
  target: DbTarget;
  close(): Promise<void>;
}

export type DbTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string; poolSize?: number; connectTimeoutMs?: number };

/** A server that does not answer (a partition, a dead host) fails a new connection after this long, not the OS's minutes. */
const CONNECT_TIMEOUT_MS = 10_000;

// PostgreSQL returns bigint (int8) as text to be safe beyond 2^53; our epoch-ms times and counts
// are far below that, so read them as numbers in both dialects.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

export function openDb(target: DbTarget): DbHandle {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
    const sqlite = new SqliteDatabase(target.file);
    if (target.file !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // WAL + NORMAL is durable across process crashes (only an OS crash can lose the last commit).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    cachePreparedStatements(sqlite);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', target, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: target.url,
    max: target.poolSize ?? 10,
    connectionTimeoutMillis: target.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    // Keep-alive probes after 10 s idle (the OS waits two hours): firewalls and NATs keep idle
    // connections open, and one to a vanished server is found out in minutes, not at the next query.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types: pgTypes,
    // Named, so that operators (and the fault tests) can tell our connections apart.
    application_name: target.schema ? `tailtwist:${target.schema}` : 'tailtwist',
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // A client that loses its server (a restart, a failover) must not crash the process: the query
  // in flight fails and is reported there; the pool replaces the client for the next query.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', target, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; with better-sqlite3, preparing costs more than running a
 * small query. Queries repeat (the SQL text is the same, only parameters change), so keep the
 * prepared statements. Statements are reusable once a call returns, which is all Kysely does.
 */
function cachePreparedStatements(sqlite: SqliteDatabase.Database, limit = 500): void {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * A pg client that runs the hot statements (see hot-statements.ts) as named prepared statements: each
 * connection parses and plans them once instead of on every vote.
 */
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length <= 2 ? preparedName(text) : undefined;
    const query = super.query as (...a: unknown[]) => unknown;
    const result = name ? query.call(this, { name, text, values }) : query.apply(this, args);
    if (!(result instanceof Promise)) return result as never;
    // A FATAL error ends the session, but the socket closes a moment later: until then the pool
    // would take this client back and hand it to the next query, which would fail too. Marked
    // unusable (the field pg-pool checks on release), it is dropped instead.
    return result.catch((err: unknown) => {
      if ((err as { severity?: unknown } | null)?.severity === 'FATAL') (this as unknown as { _queryable: boolean })._queryable = false;
      throw err;
    }) as never;
  }
}

export async function migrateToLatest(handle: Pick<DbHandle, 'db' | 'target'>): Promise<MigrationResultSet> {
  const schema = handle.target.kind === 'postgres' ? handle.target.schema : undefined;
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its own tables in every schema unless told which: a schema of its own must
    // never take another schema's migration tables for its own.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return result;
}
