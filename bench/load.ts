import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ManualClock, seededRandom } from '../src/core/clock.js';
import type { DeliveryIds, Publisher } from '../src/core/ports.js';
import { migrateToLatest, openDb, type Dialect } from '../src/db/connect.js';
import { silentLogger } from '../src/log.js';
import { freshDb, testDialects } from '../test/helpers/harness.js';
import { StoryboardRenderer } from '../test/helpers/storyboard-renderer.js';
import { percentile, type Print } from './setup.js';

const SERIES = 1000;
const VOTES = 100_000;
/** Votes in flight at once, as a busy bot process with many chats would have. */
const CONCURRENCY = 32;

const nowhere: Publisher = {
  platform: 'discord',
  async deliver(): Promise<DeliveryIds> {
    return { messageId: 'bench' };
  },
  async postResult() {},
};

/**
 * Load: 1,000 series with open ballots, 100,000 votes over them from 32 concurrent callers (every
 * vote a full engine call), then all 1,000 ballots falling due at once and closed by the
 * scheduler. On SQLite and on PostgreSQL (when it is reachable). RSS is this process's peak.
 */
export async function run(print: Print): Promise<void> {
  for (const dialect of await testDialects()) await runOn(dialect, print);
}

/** The highest resident memory sampled while `work` runs (the load itself, not the setup). */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; mb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const result = await work();
    return { result, mb: Math.round(Math.max(peak, process.memoryUsage.rss()) / 1048576) };
  } finally {
    clearInterval(timer);
  }
}

async function runOn(dialect: Dialect, print: Print): Promise<void> {
  const db = await freshDb(dialect);
  // The production pool (10 connections), not the small one the test suites use.
  const handle = openDb(db.target.kind === 'postgres' ? { ...db.target, poolSize: undefined } : db.target);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-load-'));
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
  try {
    await migrateToLatest(handle);
    const config = loadConfig({ DATA_DIR: dir, DEFAULT_VOTE_WINDOW: '24h' });
    const app = createApp({
      config,
      db: handle,
      log: silentLogger,
      clock,
      random: seededRandom(7),
      publishers: [nowhere],
      renderer: new StoryboardRenderer(path.join(dir, 'media')),
      workerName: 'load',
    });

    const setupStart = performance.now();
    for (let n = 0; n < SERIES; n++) {
      await app.engine.series.create(
        { id: `discord:mod${n}`, isModerator: true },
        { platform: 'discord', chatId: `load-${n}` },
        { title: `Load ${n}`, premise: 'A Shiba Inu wakes up in hospital with no memory.' },
      );
    }
    await app.worker.drain(SERIES * 10);
    const ballots = (await handle.db.selectFrom('ballots').select(['id', 'series_id']).where('status', '=', 'open').execute()).map((b) => b.id);
    if (ballots.length !== SERIES) throw new Error(`bench: expected ${SERIES} open ballots, found ${ballots.length}`);
    print(`load.${dialect}.setup`, Number(((performance.now() - setupStart) / 1000).toFixed(1)), 's');

    const letters = ['A', 'B', 'C'];
    const latencies = new Float64Array(VOTES);
    let next = 0;
    // CONCURRENCY callers, each voting as soon as its last vote is in (no queue of 100,000 promises).
    const caller = async () => {
      for (let v = next++; v < VOTES; v = next++) {
        const t = performance.now();
        await app.engine.ballots.vote({ ballotId: ballots[v % SERIES]!, option: letters[(v * 7) % 3]!, voterId: `discord:${v}`, channelId: null });
        latencies[v] = performance.now() - t;
      }
    };
    if (global.gc) global.gc();
    const start = performance.now();
    const load = await peakRss(async () => {
      await Promise.all(Array.from({ length: CONCURRENCY }, caller));
      return (performance.now() - start) / 1000;
    });
    const seconds = load.result;
    const stored = await handle.db
      .selectFrom('votes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== VOTES) throw new Error(`bench: expected ${VOTES} stored votes, found ${stored.n}`);
    const sorted = Array.from(latencies).sort((a, b) => a - b);
    print(`load.${dialect}.votes_per_second`, Math.round(VOTES / seconds), 'votes/s');
    print(`load.${dialect}.vote_p50`, Number(percentile(sorted, 50).toFixed(2)), 'ms');
    print(`load.${dialect}.vote_p99`, Number(percentile(sorted, 99).toFixed(2)), 'ms');

    // Every ballot falls due at once; one scheduler tick closes them all.
    clock.advance(24 * 3_600_000 + 1);
    const closeStart = performance.now();
    const closed = await app.scheduler.tick();
    const closeMs = performance.now() - closeStart;
    if (closed !== SERIES) throw new Error(`bench: expected ${SERIES} closed ballots, closed ${closed}`);
    print(`load.${dialect}.close_all`, Math.round(closeMs), 'ms');
    print(`load.${dialect}.close_per_ballot`, Number((closeMs / SERIES).toFixed(2)), 'ms');
    print(`load.${dialect}.peak_rss`, load.mb, 'MB');
    await app.stop();
  } finally {
    await handle.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
