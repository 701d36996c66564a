import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { DeliveryIds, Publisher } from '../src/core/ports.js';
import { migrateToLatest, openDb, type DbHandle } from '../src/db/connect.js';
import { silentLogger } from '../src/log.js';
import { StoryboardRenderer } from '../test/helpers/storyboard-renderer.js';

/** A publisher that posts nowhere: benchmarks measure our side only. */
const nowhere: Publisher = {
  platform: 'discord',
  async deliver(): Promise<DeliveryIds> {
    return { messageId: 'bench' };
  },
  async postResult() {},
};

export interface BenchApp {
  app: App;
  handle: DbHandle;
  close(): Promise<void>;
}

/** An app on a fresh SQLite file (WAL, as in production) with the offline writer. */
export async function benchApp(): Promise<BenchApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-bench-'));
  const config = loadConfig({ DATA_DIR: dir, DEFAULT_VOTE_WINDOW: '24h' });
  const handle = openDb(config.database);
  await migrateToLatest(handle);
  // Vote figures measure the engine: episodes get a storyboard file, not a video.
  const app = createApp({ config, db: handle, log: silentLogger, publishers: [nowhere], renderer: new StoryboardRenderer(path.join(dir, 'media')) });
  return {
    app,
    handle,
    async close() {
      await app.stop();
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a series in its own channel and runs the loop until its first ballot is open. */
export async function openBallot(app: App, n: number): Promise<string> {
  const mod = { id: `discord:mod${n}`, isModerator: true };
  await app.engine.series.create(mod, { platform: 'discord', chatId: `bench-${n}` }, { title: `Bench ${n}`, premise: 'A Shiba Inu wakes up in hospital with no memory.' });
  await app.worker.drain();
  const s = await app.engine.series.resolve({ platform: 'discord', chatId: `bench-${n}` });
  const ballot = await app.engine.ballots.current(s.id);
  if (ballot?.status !== 'open') throw new Error('bench setup: ballot did not open');
  return ballot.id;
}

export type Print = (name: string, value: number, unit: string) => void;

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
