import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, type App, type AppDeps } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock, seededRandom } from '../../src/core/clock.js';
import type { Actor } from '../../src/core/context.js';
import type { Place } from '../../src/core/ports.js';
import { migrateToLatest, openDb, type Dialect, type DbHandle, type DbTarget } from '../../src/db/connect.js';
import { silentLogger } from '../../src/log.js';
import { RecordingPublisher } from './recording-publisher.js';
import { StoryboardRenderer } from './storyboard-renderer.js';

export const PG_URL = process.env.TAILTWIST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The dialects the engine suites run on. PostgreSQL is required in CI (a missing server fails the
 * run); on a laptop without one, its suites are skipped with a warning.
 */
export async function testDialects(): Promise<Dialect[]> {
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  if (process.env.CI || process.env.TAILTWIST_REQUIRE_PG) {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL}; the PostgreSQL suite must run in CI.`);
  }
  console.warn(`PostgreSQL is not reachable at ${PG_URL}: skipping the PostgreSQL runs of the engine suite.`);
  return ['sqlite'];
}

export const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export interface TestDb {
  target: DbTarget;
  open(): DbHandle;
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh database: a temp SQLite file (so "restarts" can reopen it) or a PostgreSQL schema of its own. */
/** A database of its own: a SQLite file, or a schema in the PostgreSQL at `pgUrl`. */
export async function freshDb(dialect: Dialect, pgUrl = PG_URL): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-'));
    const target: DbTarget = { kind: 'sqlite', file: path.join(dir, 'test.db') };
    return { target, open: () => openDb(target), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `tt_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const target: DbTarget = { kind: 'postgres', url: pgUrl, schema, poolSize: 5 };
  return {
    target,
    open: () => openDb(target),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.query(`drop schema if exists ${schema}_pgboss cascade`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-data-')),
    DEFAULT_VOTE_WINDOW: '1h',
    DEFAULT_TIE_GRACE: '30m',
    JOB_RETRY_BASE: '10s',
    JOB_MAX_ATTEMPTS: '3',
    // The engine suites run on the embedded queue on both databases: it follows the test clock, so
    // retries and leases can be stepped through. pg-boss keeps real time; its own suite tests it.
    QUEUE: 'embedded',
    ...overrides,
  });
}

export interface Harness {
  app: App;
  clock: ManualClock;
  handle: DbHandle;
  db: TestDb;
  config: Config;
  /** The Discord publisher (most tests post there). */
  publisher: RecordingPublisher;
  publishers: Record<'discord' | 'telegram' | 'web', RecordingPublisher>;
  /** Simulates a process restart: a new app (and connection) over the same database and clock. */
  restart(deps?: Partial<AppDeps>): Promise<void>;
  /** Moves time on and lets the loop catch up, as the running process would. */
  advance(ms: number): Promise<void>;
  /** Runs the loop until nothing is due. */
  settle(): Promise<void>;
  say(text: string, actor: Actor, place?: Place): Promise<string>;
  close(): Promise<void>;
}

export const chan = (chatId = 'c1', platform: Place['platform'] = 'discord'): Place => ({ platform, chatId });
export const moderator = (n = 1, platform = 'discord'): Actor => ({ id: `${platform}:mod${n}`, isModerator: true });
export const viewer = (n: number, platform = 'discord'): Actor => ({ id: `${platform}:user${n}`, isModerator: false });

export async function makeHarness(dialect: Dialect, deps: Partial<AppDeps> = {}, configOverrides: Record<string, string> = {}): Promise<Harness> {
  // A DATABASE_URL among the overrides names another PostgreSQL server (see pg-cluster.ts).
  const pgUrl = configOverrides.DATABASE_URL ?? PG_URL;
  const db = await freshDb(dialect, pgUrl);
  const clock = new ManualClock(T0);
  // The config names the database kind (the queue follows it); the app uses the handle given.
  const config = testConfig({ ...(dialect === 'postgres' ? { DATABASE_URL: pgUrl } : {}), ...configOverrides });
  const publishers = {
    discord: new RecordingPublisher('discord'),
    telegram: new RecordingPublisher('telegram'),
    web: new RecordingPublisher('web'),
  };
  let handle = db.open();
  await migrateToLatest(handle);
  let seed = 1;
  const build = (extra: Partial<AppDeps> = {}) =>
    createApp({
      config,
      db: handle,
      log: silentLogger,
      clock,
      random: seededRandom(seed++),
      publishers: Object.values(publishers),
      renderer: new StoryboardRenderer(path.join(config.dataDir, 'media')),
      workerName: `test-${seed}`,
      ...deps,
      ...extra,
    });
  const h: Harness = {
    app: build(),
    clock,
    handle,
    db,
    config,
    publisher: publishers.discord,
    publishers,
    async restart(extra) {
      await h.app.stop();
      await handle.close();
      handle = db.open();
      h.handle = handle;
      h.app = build(extra);
    },
    async settle() {
      for (let i = 0; i < 20; i++) {
        const { closed, jobs } = await h.app.tick();
        if (closed === 0 && jobs === 0) return;
      }
    },
    async advance(ms) {
      clock.advance(ms);
      await h.settle();
    },
    async say(text, actor, place = chan()) {
      return (await h.app.commandText(text, actor, place)).text;
    },
    async close() {
      await h.app.stop();
      await handle.close();
      await db.drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  return h;
}
