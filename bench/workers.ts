import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDb } from '../src/db/connect.js';
import { silentLogger } from '../src/log.js';
import { PG_URL, testDialects } from '../test/helpers/harness.js';
import type { Print } from './setup.js';

const EPISODES = 6;
const BIN = path.resolve('bin/tailtwist.js');

/**
 * Render throughput on PostgreSQL: six 30-second episodes queued at once, written, rendered and
 * published by 1, 2 and 4 `tailtwist worker` processes competing for the jobs. Prints episodes
 * per minute for each.
 */
export async function run(print: Print): Promise<void> {
  if (!(await testDialects()).includes('postgres')) {
    console.warn('workers: PostgreSQL is not reachable; skipped');
    return;
  }
  for (const workers of [1, 2, 4]) print(`workers.${workers}.episodes_per_minute`, Number((await throughput(workers)).toFixed(1)), 'episodes/min');
}

async function throughput(workers: number): Promise<number> {
  const name = `tailtwist_bench_workers_${process.pid}_${workers}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-bench-workers-'));
  const children: ChildProcess[] = [];
  const config = loadConfig({ DATABASE_URL: url.toString(), DATA_DIR: dataDir });
  const handle = openDb(config.database);
  try {
    await migrateToLatest(handle);
    // This process only queues the series; the workers do everything else.
    const app = createApp({ config, db: handle, log: silentLogger, workerName: 'bench-queuer' });
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: url.toString(), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NARRATOR: process.env.NARRATOR ?? 'auto' };
    for (let i = 0; i < workers; i++) {
      const child = spawn(process.execPath, [BIN, 'worker'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
    }
    // Let the workers start (migrations are done; they only connect) before the clock starts.
    await new Promise((r) => setTimeout(r, 3000));
    const start = performance.now();
    for (let i = 0; i < EPISODES; i++) {
      await app.engine.series.create(
        { id: 'web:bench', isModerator: true },
        { platform: 'web', chatId: `bench-${i}` },
        { title: `Throughput ${i}`, premise: 'A Shiba Inu wakes up in hospital with no memory.', targetSeconds: 30 },
      );
    }
    for (;;) {
      const row = await handle.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      if (Number(row.n) >= EPISODES) break;
      const failed = await handle.db.selectFrom('episodes').select('error').where('status', '=', 'failed').executeTakeFirst();
      if (failed) throw new Error(`bench: an episode failed: ${failed.error}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return EPISODES / ((performance.now() - start) / 60_000);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await handle.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
