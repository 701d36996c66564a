import type { Selectable } from 'kysely';
import type { ExportsTable, SeriesTable } from '../db/schema.js';
import { lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { PermanentJobError, UserError } from './errors.js';
import { seasonFacts } from './exports.js';
import { keepRenderFile } from './rendered.js';
import { localMedia, type Executor, type Exporter, type MediaStore, type RenderRequest, type Renderer } from './ports.js';

/** A series row (as `series.ts` names it; not imported from there, which would make an import cycle through the loop). */
type Series = Selectable<SeriesTable>;

/**
 * Exports that take more than a moment (a season cut, an episode's soft-subtitled variant) as a
 * durable job, `export`: one row per thing and the version of what it is made from (`exports`),
 * job key `export:<kind>:<series>:<target>:<version>`, so asking twice makes it once, it is kept
 * until the series changes (a new version is another row), and a failed one is made again when
 * asked again. The files themselves are made in `src/export` (the Exporter port).
 */

export type ExportRow = Selectable<ExportsTable>;
export type ExportKind = ExportsTable['kind'];

/** What an ask found: being made (now or already), made, or made before and now made again. */
export interface ExportAsk {
  exportId: string;
  state: 'making' | 'made';
}

/** The state of the studio's exports of a series, for its page. */
export interface ExportStatus {
  id: string;
  status: ExportRow['status'];
  /** Made from the series as it stands now. */
  current: boolean;
  target: string;
  durationMs: number | null;
  caption: string | null;
  error: string | null;
}

const SOFT_VERSION = 'v1';

export class ExportService {
  constructor(private readonly ctx: CoreContext) {}

  /** Asks for the season cut of `series` (every episode with a video, or a range); moderators only. */
  async askSeason(actor: Actor, series: Series, range: { from?: number; to?: number } = {}, opts: { queue?: boolean } = {}): Promise<ExportAsk> {
    if (!actor.isModerator) throw new UserError('not-moderator', 'errors.command.notModerator');
    const facts = await seasonFacts(this.ctx.db, series, range);
    return this.ask(series.id, 'season', `${facts.from}-${facts.to}`, facts.version, actor.id, opts.queue ?? true);
  }

  /** Asks for episode `number` without burnt-in captions (subtitles as a track); moderators only. */
  async askSoftSubtitles(actor: Actor, series: Series, number: number, opts: { queue?: boolean } = {}): Promise<ExportAsk> {
    if (!actor.isModerator) throw new UserError('not-moderator', 'errors.command.notModerator');
    const episode = await this.ctx.db.selectFrom('episodes').select(['id', 'video_path', 'status']).where('series_id', '=', series.id).where('number', '=', number).executeTakeFirst();
    if (!episode?.video_path || (episode.status !== 'rendered' && episode.status !== 'published')) throw new UserError('not-found', 'errors.episode.noSuch', { number });
    return this.ask(series.id, 'soft-subtitles', episode.id, `${SOFT_VERSION}:${episode.video_path}`, actor.id, opts.queue ?? true);
  }

  private ask(seriesId: string, kind: ExportKind, target: string, version: string, askedBy: string, queue: boolean): Promise<ExportAsk> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const now = ctx.clock.now();
      // Two asks at once both insert; the second finds the first's row.
      await tx
        .insertInto('exports')
        .values({
          id: ctx.ids('ex'),
          series_id: seriesId,
          kind,
          target,
          version,
          status: 'making',
          file_path: null,
          caption: null,
          duration_ms: null,
          size_bytes: null,
          error: null,
          asked_by: askedBy,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['series_id', 'kind', 'target', 'version']).doNothing())
        .execute();
      const row = await lockForUpdate(
        ctx,
        tx.selectFrom('exports').selectAll().where('series_id', '=', seriesId).where('kind', '=', kind).where('target', '=', target).where('version', '=', version),
      ).executeTakeFirstOrThrow();
      if (row.status === 'made') return { exportId: row.id, state: 'made' };
      let key = `export:${kind}:${seriesId}:${target}:${version}`;
      if (row.status === 'failed') {
        // It could not be made before: asking again makes it again (under a key of its own).
        await tx.updateTable('exports').set({ status: 'making', error: null, updated_at: now }).where('id', '=', row.id).execute();
        key = `${key}:retry:${ctx.ids('rt')}`;
      }
      if (queue) await ctx.queue.enqueue(tx, { kind: 'export', key, payload: { exportId: row.id } });
      return { exportId: row.id, state: 'making' };
    });
  }

  /**
   * The season cut of the series as it stands (made, being made or failed), else the newest one made
   * before (not current); undefined when none was ever made.
   */
  async season(series: Series): Promise<ExportStatus | undefined> {
    const db = this.ctx.db;
    const now = await seasonFacts(db, series).catch(() => undefined);
    const seasons = db.selectFrom('exports').selectAll().where('series_id', '=', series.id).where('kind', '=', 'season');
    const current = now && (await seasons.where('target', '=', `${now.from}-${now.to}`).where('version', '=', now.version).executeTakeFirst());
    const row = current ?? (await seasons.where('status', '=', 'made').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst());
    return row && { id: row.id, status: row.status, current: row === current, target: row.target, durationMs: row.duration_ms, caption: row.caption, error: row.error };
  }

  /** The soft-subtitled variant of an episode's current video: made (its file), being made, failed, or never asked. */
  async softSubtitles(episodeId: string): Promise<ExportStatus | undefined> {
    const episode = await this.ctx.db.selectFrom('episodes').select(['video_path']).where('id', '=', episodeId).executeTakeFirst();
    if (!episode?.video_path) return undefined;
    const row = await this.ctx.db
      .selectFrom('exports')
      .selectAll()
      .where('kind', '=', 'soft-subtitles')
      .where('target', '=', episodeId)
      .where('version', '=', `${SOFT_VERSION}:${episode.video_path}`)
      .executeTakeFirst();
    return row && { id: row.id, status: row.status, current: true, target: row.target, durationMs: row.duration_ms, caption: null, error: row.error };
  }

  /** A made export's file (a media store reference) and what it is, for a download. */
  async file(seriesId: string, exportId: string): Promise<{ ref: string; kind: ExportKind; target: string } | undefined> {
    const row = await this.ctx.db
      .selectFrom('exports')
      .select(['file_path', 'kind', 'target'])
      .where('id', '=', exportId)
      .where('series_id', '=', seriesId)
      .where('status', '=', 'made')
      .executeTakeFirst();
    return row?.file_path ? { ref: row.file_path, kind: row.kind, target: row.target } : undefined;
  }
}

/** What the export step needs from the loop. */
export interface ExportParts {
  renderer: Renderer;
  exporter?: Exporter;
  media?: MediaStore;
}

export interface ExportHooks {
  /** What the renderer was given for the episode (loop.ts `renderRequestFor`, with the series' upload limit). */
  renderRequest(episodeId: string): Promise<RenderRequest>;
}

/** The `export` job's step, run by the loop. */
export class ExportSteps {
  constructor(
    private readonly ctx: CoreContext,
    private readonly parts: ExportParts,
    private readonly hooks: ExportHooks,
  ) {}

  async make(exportId: string, signal: AbortSignal): Promise<void> {
    const ctx = this.ctx;
    const row = await ctx.db.selectFrom('exports').selectAll().where('id', '=', exportId).executeTakeFirst();
    if (!row || row.status !== 'making') return;
    const exporter = this.parts.exporter;
    if (!exporter) throw new PermanentJobError('no exporter is configured in this process');
    const media = this.parts.media ?? localMedia;
    const done = ctx.telemetry.startStage('export');
    let made: { file: string; caption: string | null; durationMs: number | null; sizeBytes: number };
    try {
      if (row.kind === 'season') {
        const series = await ctx.db.selectFrom('series').selectAll().where('id', '=', row.series_id).executeTakeFirstOrThrow();
        const [from, to] = row.target.split('-').map(Number);
        // Made from the series as it stands (a newer version than asked, if an episode came in meanwhile).
        made = await exporter.seasonCut(await seasonFacts(ctx.db, series, { from: from!, to: to! }), signal);
      } else {
        // The renderer's caches hold the episode's stills and soundtrack: only the encode runs again.
        const rendered = await this.parts.renderer.render({ ...(await this.hooks.renderRequest(row.target)), burnCaptions: false, signal });
        if (!rendered.timelinePath) throw new PermanentJobError('the renderer kept no timeline: there are no captions to add as a track');
        const subtitled = await exporter.withSubtitles(rendered.videoPath, rendered.timelinePath, signal);
        made = { file: subtitled.file, caption: null, durationMs: rendered.durationMs, sizeBytes: subtitled.sizeBytes };
      }
      const ref = await keepRenderFile(media, row.series_id, made.file);
      await ctx.db
        .updateTable('exports')
        .set({ status: 'made', file_path: ref, caption: made.caption, duration_ms: made.durationMs, size_bytes: made.sizeBytes, error: null, updated_at: ctx.clock.now() })
        .where('id', '=', exportId)
        .where('status', '=', 'making')
        .execute();
      done('ok');
    } catch (err) {
      done('failed');
      throw err;
    }
  }

  /** An export that could not be made is marked failed (asking again makes it again). */
  async onFailed(tx: Executor, payload: Record<string, string>, message: string): Promise<void> {
    if (!payload.exportId) return;
    await tx
      .updateTable('exports')
      .set({ status: 'failed', error: message.slice(0, 1000), updated_at: this.ctx.clock.now() })
      .where('id', '=', payload.exportId)
      .where('status', '=', 'making')
      .execute();
  }
}
