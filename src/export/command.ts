import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { UserError } from '../core/errors.js';
import { kitFacts, seasonFacts } from '../core/exports.js';
import type { Logger } from '../core/ports.js';
import { createApp } from '../app.js';
import { migrateToLatest, openDb } from '../db/connect.js';
import { resolveBinaries } from '../render/ffmpeg.js';
import { episodeKit, seasonExport, type ExportEnv } from './exporter.js';
import { fileStem, writeFolder, writeZipFile } from './kit.js';

/** `tailtwist export <series> [--episode N] [--season [--from N --to M]] [--out DIR] [--zip]`. */

export interface ExportOptions {
  series: string;
  /** An episode's post kit (the latest with a video when neither this nor `season` is given). */
  episode?: number;
  season?: boolean;
  from?: number;
  to?: number;
  out: string;
  zip?: boolean;
}

export async function runExport(config: Config, log: Logger, opts: ExportOptions): Promise<string[]> {
  const handle = openDb(config.database);
  // The app as every process builds it (its media store, its series lookup); nothing is started.
  const app = createApp({ config, db: handle, log });
  try {
    await migrateToLatest(handle);
    const env: ExportEnv = { bins: resolveBinaries({ ffmpegPath: config.render.ffmpegPath, ffprobePath: config.render.ffprobePath }), media: app.media, publicUrl: config.web.publicUrl };
    const series = await app.engine.series.find(opts.series);
    await fs.mkdir(opts.out, { recursive: true });
    if (opts.season) {
      const facts = await seasonFacts(handle.db, series, { ...(opts.from !== undefined ? { from: opts.from } : {}), ...(opts.to !== undefined ? { to: opts.to } : {}) });
      const stem = `${fileStem(series.name)}-parts-${facts.from}-${facts.to}`;
      const video = path.join(opts.out, `${stem}.mp4`);
      const cut = await seasonExport(env, facts, video);
      const caption = path.join(opts.out, `${stem}-caption.txt`);
      await fs.writeFile(caption, `${cut.caption}\n`);
      if (cut.reencoded.length) log.warn({ episodes: cut.reencoded }, 'episodes with other encoder settings were re-encoded to join');
      if (!opts.zip) return [video, caption];
      const zip = await writeZipFile(
        [
          { name: path.basename(video), file: video },
          { name: path.basename(caption), file: caption },
        ],
        path.join(opts.out, `${stem}.zip`),
      );
      await Promise.all([fs.rm(video), fs.rm(caption)]);
      return [zip];
    }
    const number = opts.episode ?? (await latestWithVideo(handle.db, series.id));
    const files = await episodeKit(env, await kitFacts(handle.db, series, number));
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
