import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Platform, SeriesTable } from '../db/schema.js';
import { t, type Locale } from '../i18n/i18n.js';
import { lockForUpdate, transaction, type CoreContext } from './context.js';
import { ChannelBlockedError, ChannelMovedError, DeferJobError, PermanentJobError, PlatformUnreachableError, UserError } from './errors.js';
import { BLOCKED_RECHECK_MS, ChannelService, postLocale } from './channels.js';
import { refusalText, type Refusal } from './refusal.js';
import { isDeadLocalOwner } from './owners.js';
import {
  localMedia,
  type Executor,
  type Exporter,
  type JobKind,
  type MediaStore,
  type Place,
  type Publisher,
  type RecapWriter,
  type RenderRequest,
  type Renderer,
  type WriteRequest,
  type Writer,
  type WrittenEpisode,
} from './ports.js';
import { idColumns, queueDelivery, savedIds } from './deliveries.js';
import { reasonFor, tasteOf } from './insight.js';
import { authorise, briefOf, recordPlacement, settlePlacement, sponsorFor } from './sponsors.js';
import { insertOption, LABEL_MAX, MAX_ACTIVE_OPTIONS } from './options.js';
import { cleanText, truncate } from './text.js';
import { beginEpisode, endEpisode } from './story/episode.js';
import type { EpisodeStory } from './story/model.js';
import { loadBible, readTwistOp, stateBefore } from './story/service.js';
import { parseTwist } from './story/suggestion.js';
import { creditFor } from './credits.js';
import { World } from './story/world.js';
import { keepRendered, keepRenderFile } from './rendered.js';
import { loadBallotView, loadEpisodeView } from './views.js';
import { JsonObject, readJson } from './json.js';
import { RecapSteps } from './recap.js';
import { ExportSteps } from './export-jobs.js';
import { closeAtFor, lateNotice, releaseAtFor } from './schedule.js';

/**
 * The durable loop: write → render → publish → deliver (per channel) → … → announce at close.
 * Every step is a job; every step first checks the stored state, so a re-run after a crash
 * picks up where the last run stopped and never does finished work again.
 */

type SeriesRow = Selectable<SeriesTable>;

/** When no platform states a limit: Discord's default, the smallest common one. */
export const DEFAULT_UPLOAD_BYTES = 10 * 1024 * 1024;

export async function startEpisode(ctx: CoreContext, tx: Executor, series: Pick<SeriesRow, 'id'>, number: number, twistOptionId: string | null, releaseAt: number | null = null): Promise<string> {
  const now = ctx.clock.now();
  const id = ctx.ids('ep');
  await tx
    .insertInto('episodes')
    .values({
      id,
      series_id: series.id,
      number,
      status: 'writing',
      title: null,
      script: null,
      twist_option_id: twistOptionId,
      video_path: null,
      poster_path: null,
      duration_ms: null,
      size_bytes: null,
      video_width: null,
      video_height: null,
      failed_stage: null,
      error: null,
      created_at: now,
      updated_at: now,
      published_at: null,
      release_at: releaseAt,
    })
    .execute();
  await ctx.queue.enqueue(tx, { kind: 'write', key: `write:${id}`, payload: { episodeId: id } });
  return id;
}

/** Starts the next episode once the latest ballot has a winner and the series is running. */
export async function startNextEpisodeIfDue(ctx: CoreContext, tx: Executor, series: Pick<SeriesRow, 'id' | 'status'>): Promise<string | undefined> {
  if (series.status !== 'running') return undefined;
  const latest = await tx
    .selectFrom('episodes')
    .leftJoin('ballots', 'ballots.episode_id', 'episodes.id')
    .select(['episodes.number', 'ballots.status as ballotStatus', 'ballots.winner_option_id', 'ballots.closes_at'])
    .where('episodes.series_id', '=', series.id)
    .orderBy('episodes.number', 'desc')
    .executeTakeFirst();
  if (!latest || latest.ballotStatus !== 'closed' || !latest.winner_option_id) return undefined;
  // On a schedule, the episode aims for the release its ballot was closing for (closed early, tied or not).
  const releaseAt = await releaseAtFor(tx, series.id, latest.closes_at ?? ctx.clock.now());
  return startEpisode(ctx, tx, series, latest.number + 1, latest.winner_option_id, releaseAt);
}

const WrittenSchema = z.object({
  title: z.string(),
  previously: z.string().nullable(),
  cliffhanger: z.string(),
  twists: z
    .array(z.object({ label: z.string(), teaser: z.string(), op: z.object({ kind: z.string(), actor: z.string() }).passthrough() }))
    .min(2)
    .max(MAX_ACTIVE_OPTIONS),
  story: z.object({
    changes: z.array(z.unknown()),
    cliffhanger: z.object({ text: z.string() }).passthrough(),
    summary: z.string(),
    spoken: z.array(z.string()),
    remember: z.array(z.string()).optional(),
  }),
});

/** Checks what a writer returned; a broken script is never passed on. */
export function checkWritten(written: WrittenEpisode): WrittenEpisode {
  const parsed = WrittenSchema.safeParse(written);
  if (!parsed.success) {
    throw new Error(`writer returned an invalid episode: ${parsed.error.issues[0]?.message ?? 'unknown'} at ${parsed.error.issues[0]?.path.join('.')}`);
  }
  const labels = written.twists.map((t) => t.label.trim().toLocaleLowerCase());
  if (new Set(labels).size !== labels.length) throw new Error('writer returned an invalid episode: two twists share a label');
  try {
    return {
      ...written,
      title: cleanText(written.title, { field: 'The episode title', max: 100 }),
      cliffhanger: cleanText(written.cliffhanger, { field: 'The cliffhanger', max: 300 }),
      twists: written.twists.map((t) => ({
        label: cleanText(t.label, { field: 'A twist label', max: LABEL_MAX }),
        teaser: cleanText(t.teaser, { field: 'A twist teaser', max: 200 }),
        op: t.op,
      })),
    };
  } catch (err) {
    if (err instanceof UserError) throw new Error(`writer returned an invalid episode: ${err.message}`);
    throw err;
  }
}

export interface LoopParts {
  writer: Writer;
  renderer: Renderer;
  publishers: ReadonlyMap<Platform, Publisher>;
  /** Where finished videos go; the local media folder when not given. */
  media?: MediaStore;
  /** Writes "the story so far" (core/recap.ts); without it, recaps fail. */
  recapWriter?: RecapWriter;
  /** Makes season cuts and soft-subtitled variants (src/export); without it, exports fail. */
  exporter?: Exporter;
}

export interface JobRun {
  kind: JobKind;
  payload: Record<string, string>;
  attempt: number;
  /** Aborted when the step must stop: shutdown, or its deadline passed. */
  signal?: AbortSignal;
  /** The worker running it (its lease owner name), for claims other steps can check. */
  owner?: string;
}

/** How long a step may hold a delivery (its deadline): after that the claim lapses (the step died). */
const DELIVERY_CLAIM_MS = 10 * 60_000;

/** A member count that takes longer is left unknown (turnout is shown as unknown, never as 0). */
const MEMBER_COUNT_TIMEOUT_MS = 5_000;

/** How long a platform that did not answer is left alone before its deliveries try again. */
const PLATFORM_PAUSE_MS = { first: 15_000, max: 5 * 60_000 };

export class StoryLoop {
  private readonly channels: ChannelService;
  private readonly recaps: RecapSteps;
  private readonly exports: ExportSteps;

  constructor(
    private readonly ctx: CoreContext,
    private readonly parts: LoopParts,
  ) {
    this.channels = new ChannelService(ctx);
    this.recaps = new RecapSteps(ctx, parts, { reach: (platform, call) => this.reach(platform, call), uploadLimit: (seriesId) => this.uploadLimit(seriesId) });
    this.exports = new ExportSteps(ctx, parts, {
      renderRequest: async (episodeId) => {
        const { series } = await this.loadEpisode(episodeId);
        return renderRequestFor(ctx.db, episodeId, await this.uploadLimit(series.id));
      },
    });
  }

  /** Runs one step of the loop; called by the queue worker. */
  async run(job: JobRun): Promise<void> {
    const p = job.payload;
    const signal = job.signal ?? new AbortController().signal;
    switch (job.kind) {
      case 'write':
        return this.write(need(p.episodeId));
      case 'render':
        return this.render(need(p.episodeId), signal);
      case 'publish':
        return this.publish(need(p.episodeId));
      case 'deliver':
        return this.deliver(need(p.deliveryId), signal, job.owner ?? `step:${this.ctx.ids('st')}`);
      case 'announce':
        return this.announce(need(p.ballotId), signal);
      case 'recap':
        return this.recaps.make(need(p.recapId), signal);
      case 'recap-post':
        return this.recaps.post(need(p.postId), signal);
      case 'export':
        return this.exports.make(need(p.exportId), signal);
    }
  }

  /** Platforms that did not answer lately, and until when their deliveries wait (this process's view). */
  private readonly paused = new Map<Platform, { until: number; pauseMs: number; reason: string }>();

  /** Each platform's reachability as the deliveries of this process saw it. */
  platformHealth(): { platform: Platform; reachable: boolean; reason?: string; retryAt?: number }[] {
    const now = this.ctx.clock.now();
    return [...this.parts.publishers.keys()].map((platform) => {
      const p = this.paused.get(platform);
      return p && p.until > now ? { platform, reachable: false, reason: p.reason, retryAt: p.until } : { platform, reachable: true };
    });
  }

  /**
   * Runs a platform call unless the platform is known to be down: then, and when the call finds it
   * down, the step is deferred (it keeps its attempts) so one dead platform holds up no lane.
   */
  private async reach<T>(platform: Platform, call: () => Promise<T>): Promise<T> {
    const now = this.ctx.clock.now();
    const pause = this.paused.get(platform);
    if (pause && pause.until > now) throw new DeferJobError(`${platform} is unreachable (${pause.reason}); waiting`, pause.until - now);
    try {
      const result = await call();
      if (pause) {
        this.paused.delete(platform);
        this.ctx.log.info({ platform }, 'platform answers again');
      }
      return result;
    } catch (err) {
      if (!(err instanceof PlatformUnreachableError)) throw err;
      const pauseMs = pause ? Math.min(PLATFORM_PAUSE_MS.max, pause.pauseMs * 2) : PLATFORM_PAUSE_MS.first;
      this.paused.set(platform, { until: this.ctx.clock.now() + pauseMs, pauseMs, reason: err.reason });
      if (!pause) this.ctx.log.warn({ platform, reason: err.reason }, 'platform unreachable: its deliveries wait, everything else goes on');
      throw new DeferJobError(err.message, pauseMs);
    }
  }

  /** Called in the transaction that marks a job failed for good: the failure is recorded where people look. */
  async onFailed(tx: Executor, job: JobRun, message: string): Promise<void> {
    const now = this.ctx.clock.now();
    if (job.kind === 'write' || job.kind === 'render' || job.kind === 'publish') {
      await tx
        .updateTable('episodes')
        .set({ status: 'failed', failed_stage: job.kind, error: message.slice(0, 1000), updated_at: now })
        .where('id', '=', need(job.payload.episodeId))
        .where('status', 'not in', ['published', 'cancelled'])
        .execute();
    } else if (job.kind === 'recap' || job.kind === 'recap-post') {
      await this.recaps.onFailed(tx, job.kind, job.payload, message);
    } else if (job.kind === 'export') {
      await this.exports.onFailed(tx, job.payload, message);
    } else if (job.kind === 'deliver') {
      await tx
        .updateTable('deliveries')
        .set({ status: 'failed', error: message.slice(0, 1000) })
        .where('id', '=', need(job.payload.deliveryId))
        .where('status', '=', 'pending')
        .execute();
    }
  }

  private async loadEpisode(episodeId: string) {
    const episode = await this.ctx.db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirst();
    if (!episode) throw new PermanentJobError(`episode ${episodeId} does not exist`);
    const series = await this.ctx.db.selectFrom('series').selectAll().where('id', '=', episode.series_id).executeTakeFirstOrThrow();
    return { episode, series };
  }

  private async cancelIfEnded(series: SeriesRow, episodeId: string): Promise<boolean> {
    if (series.status !== 'ended') return false;
    await this.ctx.db.updateTable('episodes').set({ status: 'cancelled', updated_at: this.ctx.clock.now() }).where('id', '=', episodeId).where('status', 'not in', ['published', 'failed']).execute();
    return true;
  }

  private async write(episodeId: string): Promise<void> {
    const ctx = this.ctx;
    const { episode, series } = await this.loadEpisode(episodeId);
    if (episode.status !== 'writing') return;
    if (await this.cancelIfEnded(series, episodeId)) return;

    const done = ctx.telemetry.startStage('write');
    // A sponsor a moderator placed in this episode goes to the writer; nothing else may be placed.
    const sponsor = await sponsorFor(ctx.db, series.id, episode.number);
    const request = { ...(await this.writeRequest(series, episode.number, episode.twist_option_id)), ...(sponsor ? { sponsor: briefOf(sponsor) } : {}) };
    const outcome = await this.parts.writer
      .write(request)
      .then(checkWritten)
      .then((written) => this.storyAfter(request, written))
      .catch((err: unknown) => {
        done('failed');
        throw err;
      });
    done('ok');
    const { written, story } = outcome;
    const wrotePlacement = authorise(written.script, sponsor);

    await transaction(ctx, async (tx) => {
      // The series row first, as sponsor add, edit and remove lock it: a sponsor changes before this check or after the episode is written.
      await lockForUpdate(ctx, tx.selectFrom('series').select('id').where('id', '=', series.id)).executeTakeFirst();
      const current = await lockForUpdate(ctx, tx.selectFrom('episodes').select('status').where('id', '=', episodeId)).executeTakeFirst();
      if (current?.status !== 'writing') return; // another worker finished first
      const placed = settlePlacement(wrotePlacement, sponsor, await sponsorFor(tx, series.id, episode.number), [
        written.title,
        written.previously ?? '',
        written.cliffhanger,
        ...written.twists.flatMap((t) => [t.label, t.teaser]),
        story.summary,
      ]);
      if (placed.stripped) ctx.log.info({ episode: episode.number, sponsor: sponsor?.number }, 'the sponsor was removed while the episode was being written: its placement is taken out');
      const now = ctx.clock.now();
      await tx
        .updateTable('episodes')
        .set({
          status: 'written',
          title: written.title,
          script: JSON.stringify({ ...(placed.script as object), title: written.title, previously: written.previously, cliffhanger: written.cliffhanger }),
          story: JSON.stringify(story),
          updated_at: now,
        })
        .where('id', '=', episodeId)
        .execute();
      // The bible this episode was written from is kept (a series older than the story model, or a
      // character added since, would otherwise be read anew from the premise every time).
      const bible = JSON.stringify(request.story.bible);
      if (bible !== series.bible) await tx.updateTable('series').set({ bible }).where('id', '=', series.id).execute();
      if (sponsor && placed.placement) await recordPlacement(ctx, tx, sponsor, { id: episodeId, number: episode.number }, placed.placement);
      await this.createBallot(tx, series.id, episodeId, written.twists, new World(request.story.bible, story.state), request.audience);
      await ctx.queue.enqueue(tx, { kind: 'render', key: `render:${episodeId}`, payload: { episodeId } });
    });
  }

  /** The story after the episode; twists that cannot happen after it are left off its ballot. */
  private storyAfter(request: WriteRequest, written: WrittenEpisode): { written: WrittenEpisode; story: EpisodeStory } {
    const { story, twists } = endEpisode(request, written, (twist, why) =>
      this.ctx.log.warn({ episode: request.episodeNumber, twist, why }, 'a twist the writer offered cannot happen after this episode; left off the ballot'),
    );
    return { written: { ...written, twists }, story };
  }

  private async writeRequest(series: SeriesRow, number: number, twistOptionId: string | null): Promise<WriteRequest> {
    const db = this.ctx.db;
    const cast = await db.selectFrom('characters').selectAll().where('series_id', '=', series.id).orderBy('position').execute();
    const option = twistOptionId ? await db.selectFrom('ballot_options').select(['label', 'teaser', 'source', 'twist']).where('id', '=', twistOptionId).executeTakeFirst() : undefined;
    const bible = await loadBible(db, series);
    const before = await stateBefore(db, bible, series.id, number);
    const chosen = option ? { op: readTwistOp(option.twist), label: option.label, teaser: option.teaser, source: option.source } : null;
    return {
      series: {
        id: series.id,
        title: series.title,
        premise: series.premise,
        tone: series.tone,
        language: series.language,
        targetSeconds: series.target_seconds,
        seed: series.seed,
        allowFallback: series.writer_fallback === 1,
      },
      cast: cast.map((c) => ({
        name: c.name,
        species: c.species,
        personality: c.personality,
        voice: c.voice,
        look: readJson(JsonObject, c.look) ?? {},
      })),
      episodeNumber: number,
      story: beginEpisode(bible, before, number, chosen),
      audience: await tasteOf(db, series.id),
    };
  }

  /** The ballot of a freshly written episode: the writer's twists plus approved community ones. */
  private async createBallot(tx: Executor, seriesId: string, episodeId: string, twists: WrittenEpisode['twists'], world: World, audience: WriteRequest['audience']): Promise<void> {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    const ballotId = ctx.ids('bl');
    await tx
      .insertInto('ballots')
      .values({
        id: ballotId,
        episode_id: episodeId,
        series_id: seriesId,
        status: 'draft',
        opens_at: null,
        closes_at: null,
        extensions: 0,
        tie_deadline: null,
        winner_option_id: null,
        decided_by: null,
        tally: null,
        closed_at: null,
        created_at: now,
      })
      .execute();
    for (const t of twists) {
      const { id } = await insertOption(ctx, tx, ballotId, { label: t.label, teaser: t.teaser, twist: t.op, source: 'writer', suggestionId: null, createdBy: 'writer' });
      // Why it was offered, as far as this community's taste goes: moderators see it beside the option.
      const reason = reasonFor(t.op, audience);
      if (reason)
        await tx
          .updateTable('ballot_options')
          .set({ reason: JSON.stringify(reason) })
          .where('id', '=', id)
          .execute();
    }
    // Suggestions approved while no ballot was open join this one, oldest first, while room remains.
    const waiting = await tx
      .selectFrom('suggestions')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where('status', '=', 'approved')
      .where('option_id', 'is', null)
      .orderBy('number')
      .limit(MAX_ACTIVE_OPTIONS - twists.length)
      .execute();
    for (const s of waiting) {
      const option = await insertOption(ctx, tx, ballotId, {
        label: truncate(s.text, LABEL_MAX),
        teaser: s.text,
        twist: parseTwist(world, s.text).op,
        source: 'community',
        suggestionId: s.id,
        createdBy: s.decided_by ?? s.author_id,
      }).catch((err: unknown) => {
        // The same twist is already on the ballot: the suggestion is honoured by that option.
        if (err instanceof UserError && err.code === 'conflict') return undefined;
        throw err;
      });
      if (option) await tx.updateTable('suggestions').set({ option_id: option.id }).where('id', '=', s.id).execute();
    }
  }

  private async render(episodeId: string, signal: AbortSignal): Promise<void> {
    const ctx = this.ctx;
    const { episode, series } = await this.loadEpisode(episodeId);
    if (episode.status !== 'written' && episode.status !== 'rendering') return;
    if (await this.cancelIfEnded(series, episodeId)) return;
    await ctx.db.updateTable('episodes').set({ status: 'rendering', updated_at: ctx.clock.now() }).where('id', '=', episodeId).execute();

    const done = ctx.telemetry.startStage('render');
    const rendered = await this.parts.renderer.render({ ...(await renderRequestFor(ctx.db, episodeId, await this.uploadLimit(series.id))), signal }).catch((err: unknown) => {
      done('failed');
      throw err;
    });
    done('ok');
    // Kept where every machine can reach it, before the episode says it is rendered.
    const media = this.parts.media ?? localMedia;
    const kept = await keepRendered(media, series.id, rendered);
    // Beside the video under the same name (`.timeline.json`): post kits and season cuts find it from the video's ref.
    if (rendered.timelinePath) await keepRenderFile(media, series.id, rendered.timelinePath);

    await transaction(ctx, async (tx) => {
      const current = await lockForUpdate(ctx, tx.selectFrom('episodes').select(['status', 'release_at']).where('id', '=', episodeId)).executeTakeFirst();
      if (current?.status !== 'rendering') return;
      await tx
        .updateTable('episodes')
        .set({ status: 'rendered', ...kept, updated_at: ctx.clock.now() })
        .where('id', '=', episodeId)
        .execute();
      // A scheduled episode ready before its slot waits: the scheduler's tick publishes it then.
      if (current.release_at === null || current.release_at <= ctx.clock.now()) await ctx.queue.enqueue(tx, { kind: 'publish', key: `publish:${episodeId}`, payload: { episodeId } });
    });
  }

  /** The smallest upload limit among the platforms that follow the series, so one file fits them all. */
  private async uploadLimit(seriesId: string): Promise<number> {
    // Each channel's own limit where its platform told us, else the platform's.
    const channels = await this.ctx.db.selectFrom('channels').select(['platform', 'upload_limit']).where('series_id', '=', seriesId).where('unfollowed_at', 'is', null).execute();
    const limits = channels.map((c) => c.upload_limit ?? this.parts.publishers.get(c.platform)?.maxUploadBytes).filter((n): n is number => n !== undefined);
    return limits.length ? Math.min(...limits) : DEFAULT_UPLOAD_BYTES;
  }

  /** Opens the ballot and fans the episode out: one delivery (and one job) per following channel. */
  private async publish(episodeId: string): Promise<void> {
    const ctx = this.ctx;
    await transaction(ctx, async (tx) => {
      const episode = await lockForUpdate(ctx, tx.selectFrom('episodes').selectAll().where('id', '=', episodeId)).executeTakeFirst();
      if (!episode || episode.status !== 'rendered') return;
      const series = await tx.selectFrom('series').selectAll().where('id', '=', episode.series_id).executeTakeFirstOrThrow();
      const now = ctx.clock.now();
      if (series.status === 'ended') {
        await tx.updateTable('episodes').set({ status: 'cancelled', updated_at: now }).where('id', '=', episodeId).execute();
        return;
      }
      // Never before its slot, and not while paused (pausing skips releases; resuming gives it a later slot).
      if (episode.release_at !== null && (episode.release_at > now || series.status === 'paused')) return;
      await tx
        .updateTable('ballots')
        .set({ status: 'open', opens_at: now, closes_at: closeAtFor(series, now, now) })
        .where('episode_id', '=', episodeId)
        .where('status', '=', 'draft')
        .execute();
      await tx.updateTable('episodes').set({ status: 'published', published_at: now, updated_at: now }).where('id', '=', episodeId).execute();
      const channels = await tx.selectFrom('channels').select('id').where('series_id', '=', series.id).where('unfollowed_at', 'is', null).execute();
      for (const channel of channels) await queueDelivery(ctx, tx, episodeId, channel.id);
    });
  }

  /**
   * Posts one delivery, holding a claim on it: a retry, a recheck and a restore may each have a job
   * for the same delivery, and only one of them posts at a time (the others wait and then find it sent).
   */
  private async deliver(deliveryId: string, signal: AbortSignal, owner: string): Promise<void> {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    const claim = (by: string | null) =>
      ctx.db
        .updateTable('deliveries')
        .set({ claimed_until: now + DELIVERY_CLAIM_MS, claimed_by: owner })
        .where('id', '=', deliveryId)
        .where('status', '=', 'pending')
        .where((eb) => (by === null ? eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]) : eb('claimed_by', '=', by)))
        .executeTakeFirst();
    if (Number((await claim(null)).numUpdatedRows) === 0) {
      const row = await ctx.db.selectFrom('deliveries').select(['status', 'claimed_until', 'claimed_by']).where('id', '=', deliveryId).executeTakeFirst();
      if (!row || row.status !== 'pending') return;
      // Held by a worker of this machine that was killed: take it over now rather than wait out its claim.
      const taken = row.claimed_by !== null && isDeadLocalOwner(row.claimed_by) && Number((await claim(row.claimed_by)).numUpdatedRows) > 0;
      if (!taken) throw new DeferJobError('another step is posting this delivery', Math.max(1_000, (row.claimed_until ?? now) - now));
    }
    try {
      await this.post(deliveryId, signal);
    } finally {
      await ctx.db.updateTable('deliveries').set({ claimed_until: null, claimed_by: null }).where('id', '=', deliveryId).where('claimed_by', '=', owner).execute();
    }
  }

  private async post(deliveryId: string, signal: AbortSignal, moves = 0): Promise<void> {
    const ctx = this.ctx;
    const delivery = await ctx.db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
    if (!delivery || delivery.status !== 'pending') return;
    const channel = await ctx.db.selectFrom('channels').selectAll().where('id', '=', delivery.channel_id).executeTakeFirstOrThrow();
    if (channel.unfollowed_at !== null) {
      await ctx.db.updateTable('deliveries').set({ status: 'failed', error: 'channel unfollowed the series' }).where('id', '=', deliveryId).execute();
      return;
    }
    const publisher = this.parts.publishers.get(channel.platform);
    if (!publisher) throw new PermanentJobError(`no ${channel.platform} publisher is configured in this process`);
    const stored = await loadEpisodeView(ctx.db, delivery.episode_id);
    // The publisher uploads a file on this machine: fetch it if another machine rendered it.
    const media = this.parts.media ?? localMedia;
    const episode = stored && {
      ...stored,
      videoPath: stored.videoPath ? await media.localFile(stored.videoPath) : null,
      posterPath: stored.posterPath ? await media.localFile(stored.posterPath) : null,
    };
    const ballotRow = await ctx.db.selectFrom('ballots').selectAll().where('episode_id', '=', delivery.episode_id).executeTakeFirstOrThrow();
    if (ballotRow.status === 'closed' || ballotRow.status === 'cancelled') {
      // Waited out its whole ballot (a channel that refused us, a platform that was down): posting it now would be noise.
      await ctx.db.updateTable('deliveries').set({ status: 'failed', error: 'the channel could not be reached while its ballot was open' }).where('id', '=', deliveryId).execute();
      return;
    }
    await ctx.db
      .updateTable('deliveries')
      .set({ attempts: delivery.attempts + 1 })
      .where('id', '=', deliveryId)
      .execute();
    const place = { platform: channel.platform, chatId: channel.chat_id, threadId: channel.thread_id };
    const ballot = await loadBallotView(ctx.db, ballotRow);
    const series = await ctx.db.selectFrom('series').select('language').where('id', '=', ballotRow.series_id).executeTakeFirstOrThrow();
    const locale = postLocale(channel.language, series.language);
    let ids;
    try {
      ids = await this.reach(channel.platform, () =>
        publisher.deliver({
          deliveryId,
          ...(channel.upload_limit !== null ? { uploadLimit: channel.upload_limit } : {}),
          place,
          episode: episode!,
          ballot,
          saved: savedIds(delivery),
          locale,
          checkpoint: async (partial) => {
            const columns = idColumns(partial);
            if (Object.keys(columns).length) await ctx.db.updateTable('deliveries').set(columns).where('id', '=', deliveryId).execute();
          },
          signal,
        }),
      );
    } catch (err) {
      if (err instanceof ChannelMovedError && moves < 2) {
        await this.channels.moved(channel.platform, channel.chat_id, err.toChatId);
        return this.post(deliveryId, signal, moves + 1);
      }
      if (err instanceof ChannelBlockedError) return this.waitForChannel(deliveryId, place, err.why ?? err.reason, publisher, locale, episode!.number, episode!.seriesTitle);
      throw err;
    }
    await ctx.db
      .updateTable('deliveries')
      .set({
        status: 'sent',
        ...idColumns(ids),
        sent_at: ctx.clock.now(),
        error: null,
      })
      .where('id', '=', deliveryId)
      .where('status', '=', 'pending')
      .execute();
    // Posting worked: a channel that was refused is clear again, and what waited there goes out.
    if (channel.blocked_at !== null) await this.channels.restored(channel.platform, channel.chat_id);
    // A scheduled episode that missed its slot: the channel hears why it comes now.
    const late = publisher.notify && (await lateNotice(ctx.db, delivery.episode_id, delivery.created_at, locale));
    if (late) await publisher.notify?.(place, late).catch((err: unknown) => ctx.log.info({ err, place }, 'could not tell the channel its episode is late'));
    await this.recordMembers(deliveryId, publisher, place, signal);
  }

  /** How many people the channel had when the episode went out (turnout); the platform's count, bounded and best effort. */
  private async recordMembers(deliveryId: string, publisher: Publisher, place: Place, signal: AbortSignal): Promise<void> {
    if (!publisher.memberCount) return;
    const members = await publisher.memberCount(place, AbortSignal.any([signal, AbortSignal.timeout(MEMBER_COUNT_TIMEOUT_MS)])).catch(() => null);
    if (members !== null) await this.ctx.db.updateTable('deliveries').set({ members }).where('id', '=', deliveryId).execute();
  }

  /**
   * The platform refuses the channel: it is marked (moderators see why in the studio and, where the
   * platform still lets us write, in the chat), and the delivery is tried again later rather than
   * burning its attempts; the platform telling us the way is clear again sends it at once.
   */
  private async waitForChannel(deliveryId: string, place: Place, reason: string | Refusal, publisher: Publisher, locale: Locale, episodeNumber: number, seriesTitle: string): Promise<void> {
    const ctx = this.ctx;
    const fresh = await this.channels.blocked(place.platform, place.chatId, reason);
    await transaction(ctx, async (tx) => {
      await tx
        .updateTable('deliveries')
        .set({ error: `waiting: ${refusalText(reason, 'en')}`.slice(0, 1000) })
        .where('id', '=', deliveryId)
        .execute();
      await ctx.queue.enqueue(tx, { kind: 'deliver', key: `deliver:${deliveryId}:${ctx.ids('rt')}`, payload: { deliveryId }, runAt: ctx.clock.now() + BLOCKED_RECHECK_MS });
    });
    if (fresh && publisher.notify) {
      const text = t(locale, 'notices.blocked', { number: episodeNumber, title: seriesTitle, reason: refusalText(reason, locale) });
      await publisher.notify(place, text).catch((err: unknown) => ctx.log.info({ err, place }, 'could not tell the channel why its episode is waiting'));
    }
  }

  /** After a ballot closes: every channel that got the episode hears the result, once. */
  private async announce(ballotId: string, signal: AbortSignal): Promise<void> {
    const ctx = this.ctx;
    const ballot = await ctx.db.selectFrom('ballots').selectAll().where('id', '=', ballotId).executeTakeFirst();
    if (!ballot || ballot.status !== 'closed') return;
    const episode = (await loadEpisodeView(ctx.db, ballot.episode_id))!;
    const view = await loadBallotView(ctx.db, ballot);
    const deliveries = await ctx.db
      .selectFrom('deliveries')
      .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
      .select([
        'deliveries.id',
        'deliveries.message_id',
        'deliveries.poll_id',
        'deliveries.ballot_message_id',
        'deliveries.poll_letters',
        'channels.platform',
        'channels.chat_id',
        'channels.thread_id',
        'channels.language',
      ])
      .where('deliveries.episode_id', '=', ballot.episode_id)
      .where('deliveries.status', '=', 'sent')
      .where('deliveries.result_posted_at', 'is', null)
      .execute();
    const series = await ctx.db.selectFrom('series').select('language').where('id', '=', ballot.series_id).executeTakeFirstOrThrow();
    const failures: string[] = [];
    let deferred: DeferJobError | undefined;
    for (const d of deliveries) {
      const publisher = this.parts.publishers.get(d.platform);
      if (!publisher) continue;
      try {
        await this.reach(d.platform, () =>
          publisher.postResult({
            place: { platform: d.platform, chatId: d.chat_id, threadId: d.thread_id },
            episode,
            ballot: view,
            saved: savedIds(d),
            locale: postLocale(d.language, series.language),
            signal,
          }),
        );
        await ctx.db.updateTable('deliveries').set({ result_posted_at: ctx.clock.now() }).where('id', '=', d.id).execute();
      } catch (err) {
        if (err instanceof ChannelMovedError) {
          // The chat has a new id: follow it; the retry posts the result there.
          await this.channels.moved(d.platform, d.chat_id, err.toChatId);
          failures.push(`${d.platform}:${d.chat_id}: ${err.message}`);
        } else if (err instanceof ChannelBlockedError) {
          // Nobody there can read it: the channel is marked, the other channels hear the result.
          await this.channels.blocked(d.platform, d.chat_id, err.why ?? err.reason);
          await ctx.db.updateTable('deliveries').set({ result_posted_at: ctx.clock.now() }).where('id', '=', d.id).execute();
        } else if (err instanceof DeferJobError) {
          deferred = deferred ?? err;
        } else {
          failures.push(`${d.platform}:${d.chat_id}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    // One channel failing must not hold back the others; the retry only redoes the failed ones.
    if (failures.length) throw new Error(`result not posted to ${failures.length} channel(s): ${failures.join('; ')}`);
    if (deferred) throw deferred;
  }
}

/** Everything the renderer needs to know about a written episode. */
export async function renderRequestFor(db: Executor, episodeId: string, maxBytes: number): Promise<RenderRequest> {
  const episode = await db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
  const series = await db.selectFrom('series').selectAll().where('id', '=', episode.series_id).executeTakeFirstOrThrow();
  const ballot = await db.selectFrom('ballots').selectAll().where('episode_id', '=', episodeId).executeTakeFirstOrThrow();
  const view = await loadBallotView(db, ballot);
  const cast = await db.selectFrom('characters').selectAll().where('series_id', '=', series.id).orderBy('position').execute();
  const credit = await creditFor(db, episodeId);
  return {
    episodeId,
    seriesId: series.id,
    seriesTitle: series.title,
    language: series.language,
    number: episode.number,
    title: episode.title ?? `Episode ${episode.number}`,
    script: readJson(z.unknown(), episode.script) ?? {},
    cast: cast.map((c) => ({ name: c.name, species: c.species, personality: c.personality, voice: c.voice, look: readJson(JsonObject, c.look) ?? {} })),
    options: view.options.filter((o) => o.status === 'active').map((o) => ({ letter: o.letter, label: o.label })),
    ...(credit ? { credit } : {}),
    maxBytes,
  };
}

function need(value: string | undefined): string {
  if (!value) throw new PermanentJobError('job payload is missing an id');
  return value;
}
