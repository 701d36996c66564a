import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Actor } from '../core/context.js';
import { UserError } from '../core/errors.js';
import type { ExportAsk } from '../core/export-jobs.js';
import type { Engine } from '../core/engine.js';
import { kitFacts } from '../core/exports.js';
import type { Logger } from '../core/ports.js';
import { createApp } from '../app.js';
import { migrateToLatest, openDb } from '../db/connect.js';
import { episodeKit } from './exporter.js';
import { fileStem, writeFolder, writeZipFile } from './kit.js';

/**
 * `tailtwist export <series> [--episode N [--soft-subs]] [--season [--from N --to M]] [--out DIR] [--zip]`.
 * A season cut and a soft-subtitled variant go through the export job's table (core/export-jobs.ts),
 * made here at once: one already made for the series as it stands is reused, and one made here is
 * there for the studio too.
 */

export interface ExportOptions {
  series: string;
  /** An episode's post kit (the latest with a video when neither this nor `season` is given). */
  episode?: number;
  season?: boolean;
  from?: number;
  to?: number;
  out: string;
  zip?: boolean;
  /** Make the episode's soft-subtitled variant now (a render) when it is not made yet. */
  softSubs?: boolean;
}

/** Whoever runs the command line runs the installation. */
const OPERATOR: Actor = { id: 'cli:operator', isModerator: true };

export async function runExport(config: Config, log: Logger, opts: ExportOptions): Promise<string[]> {
  const handle = openDb(config.database);
  // The app as every process builds it (its media store, its series lookup); nothing is started.
  const app = createApp({ config, db: handle, log });
  try {
    await migrateToLatest(handle);
    const engine = app.engine;
    const series = await engine.series.find(opts.series);
    await fs.mkdir(opts.out, { recursive: true });
    if (opts.season) {
      const asked = await engine.exports.askSeason(OPERATOR, series, { ...(opts.from !== undefined ? { from: opts.from } : {}), ...(opts.to !== undefined ? { to: opts.to } : {}) }, { queue: false });
      const made = await makeNow(engine, asked);
      const row = await handle.db.selectFrom('exports').select(['target', 'caption']).where('id', '=', asked.exportId).executeTakeFirstOrThrow();
      const stem = `${fileStem(series.name)}-parts-${row.target}`;
      const files = [
        { name: `${stem}.mp4`, file: await app.media.localFile(made) },
        { name: `${stem}-caption.txt`, data: Buffer.from(`${row.caption ?? ''}\n`) },
      ];
      return opts.zip ? [await writeZipFile(files, path.join(opts.out, `${stem}.zip`))] : writeFolder(files, opts.out);
    }
    const number = opts.episode ?? (await latestWithVideo(handle.db, series.id));
    const facts = await kitFacts(handle.db, series, number);
    // The soft-subtitled variant: made now when asked for, else in the kit when it was made before.
    const soft = opts.softSubs
      ? await makeNow(engine, await engine.exports.askSoftSubtitles(OPERATOR, series, number, { queue: false }))
      : await engine.exports.softSubtitles(facts.episode.id).then((s) => (s?.status === 'made' ? engine.exports.file(series.id, s.id).then((f) => f?.ref) : undefined));
    const files = await episodeKit({ media: app.media, publicUrl: config.web.publicUrl }, facts, soft ? await app.media.localFile(soft) : null);
    const stem = `${fileStem(series.name)}-part-${number}`;
    return opts.zip ? [await writeZipFile(files, path.join(opts.out, `${stem}.zip`))] : writeFolder(files, path.join(opts.out, stem));
  } finally {
    await app.stop();
    await handle.close();
  }
}

async function latestWithVideo(db: Parameters<typeof kitFacts>[0], seriesId: string): Promise<number> {
  const row = await db
    .selectFrom('episodes')
    .select('number')
    .where('series_id', '=', seriesId)
    .where('status', 'in', ['rendered', 'published'])
    .where('video_path', 'is not', null)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  if (!row) throw new UserError('not-found', 'errors.episode.none');
  return row.number;
}

/** Runs the export job's step here (the CLI does not wait for a worker); returns the made file's reference. */
async function makeNow(engine: Engine, asked: ExportAsk): Promise<string> {
  const job = { kind: 'export' as const, payload: { exportId: asked.exportId }, attempt: 1 };
  if (asked.state === 'making') {
    await engine.loop.run(job).catch(async (err: unknown) => {
      await engine.ctx.db.transaction().execute((tx) => engine.loop.onFailed(tx, job, err instanceof Error ? err.message : String(err)));
      throw err;
    });
  }
  const row = await engine.ctx.db.selectFrom('exports').selectAll().where('id', '=', asked.exportId).executeTakeFirstOrThrow();
  if (row.status !== 'made' || !row.file_path) throw new Error(`the export is ${row.status}${row.error ? `: ${row.error}` : ''}`);
  return row.file_path;
}
