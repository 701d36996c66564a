import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, openDb, type DbHandle } from '../../src/db/connect.js';
import { freshDb, testDialects, type TestDb } from '../helpers/harness.js';

const dialects = await testDialects();
const TABLES = [
  'audit_log',
  'ballot_options',
  'ballots',
  'channels',
  'characters',
  'deliveries',
  'episodes',
  'jobs',
  'series',
  'suggestions',
  'votes',
  'leases',
  'job_keys',
  'user_settings',
  'recaps',
  'recap_posts',
  'sponsors',
  'sponsor_placements',
  'exports',
].sort();

describe.each(dialects)('the database (%s)', (dialect) => {
  let db: TestDb;
  let handle: DbHandle;
  afterEach(async () => {
    await handle?.close();
    await db?.drop();
  });

  it('creates every table of the design with one set of migrations, and re-running changes nothing', async () => {
    db = await freshDb(dialect);
    handle = db.open();
    const first = await migrateToLatest(handle);
    expect(first.results?.map((r) => r.migrationName)).toEqual([
      '001_initial',
      '002_writer_fallback',
      '003_poll_ballots',
      '004_moderator_role',
      '005_leases',
      '006_job_keys',
      '007_channel_upload_limit',
      '008_story_model',
      '009_channel_reach',
      '010_studio_votes',
      '011_channel_language',
      '012_credits',
      '013_recaps',
      '014_release_schedule',
      '015_sponsors',
      '016_insight',
      '018_exports',
      '019_first_vote',
    ]);
    expect(first.results?.every((r) => r.status === 'Success')).toBe(true);
    const again = await migrateToLatest(handle);
    expect(again.results).toEqual([]);
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual(TABLES);
  });

  it('reads times back as numbers, exactly', async () => {
    db = await freshDb(dialect);
    handle = db.open();
    await migrateToLatest(handle);
    const t = Date.UTC(2099, 11, 31, 23, 59, 59, 999);
    await handle.db.insertInto('audit_log').values({ id: 'a', series_id: null, actor_id: 'x', action: 'y', details: '{}', at: t }).execute();
    const row = await handle.db
      .selectFrom('audit_log')
      .select(['at', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('at')
      .executeTakeFirstOrThrow();
    expect(row.at).toBe(t);
    expect(Number(row.n)).toBe(1);
  });

  if (dialect === 'sqlite') {
    it('runs SQLite in WAL mode with foreign keys enforced', async () => {
      db = await freshDb(dialect);
      handle = db.open();
      await migrateToLatest(handle);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(handle.db);
      expect(mode.rows[0]!.journal_mode).toBe('wal');
      await expect(
        handle.db
          .insertInto('characters')
          .values({ id: 'c', series_id: 'missing', name: 'x', name_key: 'x', species: 'cat', look: '{}', personality: '', voice: '', position: 0, created_at: 0 })
          .execute(),
      ).rejects.toThrow(/FOREIGN KEY/);
    });
  }
});

describe('a PostgreSQL server that does not answer', () => {
  it('fails the query after the connect timeout, with the reason, instead of hanging', async () => {
    // Accepts connections and never says a word: what a partitioned or hung server looks like.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const handle = openDb({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(handle.db.selectFrom('series').selectAll().execute()).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await handle.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
