import type { Selectable } from 'kysely';
import type { NoVoteRule, SeriesTable, StudioVotes, TieRule } from '../db/schema.js';
import { insertCharacters, stockCast, type CastInput } from './cast.js';
import { audit, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { VOTE_WINDOW_MAX_MS, VOTE_WINDOW_MIN_MS } from './duration.js';
import { msg } from '../i18n/i18n.js';
import { UserError } from './errors.js';
import { storyLanguage } from './story/language.js';
import { startEpisode, startNextEpisodeIfDue } from './loop.js';
import { channelAt, placeKey } from './channels.js';
import { queueDelivery } from './deliveries.js';
import { queueRecap } from './recap.js';
import type { Executor, Place } from './ports.js';
import { screenOrRefuse } from './screening.js';
import { cleanText, slugify } from './text.js';
import { loadBible } from './story/service.js';
import { fitToSchedule, readSchedule } from './schedule.js';

export type Series = Selectable<SeriesTable>;

export const TONES = ['melodrama', 'romance', 'comedy', 'thriller', 'tragedy'] as const;
export type Tone = (typeof TONES)[number];

export interface CreateSeriesInput {
  title: string;
  premise: string;
  tone?: Tone;
  language?: string;
  voteWindowMs?: number;
  tieRule?: TieRule;
  noVoteRule?: NoVoteRule;
  targetSeconds?: number;
  cast?: CastInput[];
  /** Whether the offline writer may step in when the LLM writer fails (default yes). */
  writerFallback?: boolean;
}

export class SeriesService {
  constructor(private readonly ctx: CoreContext) {}

  /** Creates a series followed by `place`, with its cast, and queues the writing of episode 1. */
  async create(actor: Actor, place: Place, input: CreateSeriesInput): Promise<Series> {
    const ctx = this.ctx;
    const title = cleanText(input.title, { field: msg('fields.title'), max: 80 });
    const premise = cleanText(input.premise, { field: msg('fields.premise'), max: 500, min: 10 });
    // Without a language, a premise written in Chinese makes a Chinese series: posts, cards and voice follow it.
    const language = cleanText(input.language ?? (storyLanguage(undefined, premise) === 'zh' ? 'zh' : 'en'), { field: msg('fields.language'), max: 30 });
    const voteWindowMs = input.voteWindowMs ?? ctx.settings.defaultVoteWindowMs;
    if (voteWindowMs < VOTE_WINDOW_MIN_MS || voteWindowMs > VOTE_WINDOW_MAX_MS) {
      throw new UserError('invalid-input', 'errors.duration.window');
    }
    const targetSeconds = input.targetSeconds ?? 60;
    if (!Number.isInteger(targetSeconds) || targetSeconds < 30 || targetSeconds > 120) {
      throw new UserError('invalid-input', 'errors.series.length');
    }
    await screenOrRefuse(ctx, msg('fields.title'), title);
    await screenOrRefuse(ctx, msg('fields.premise'), premise);
    const seed = Math.floor(ctx.random() * 2 ** 31);
    // A drama needs two characters at least: a short cast is topped up from the stock cast, in the story's language.
    const given = input.cast ?? [];
    const taken = new Set(given.map((c) => c.name.trim().toLocaleLowerCase()));
    const stock = stockCast(seed, 4, storyLanguage(language, premise));
    const cast = [...given, ...stock.filter((c) => !taken.has(c.name.toLocaleLowerCase()))].slice(0, Math.max(2, given.length));

    return transaction(ctx, async (tx) => {
      const busy = await this.activeFollow(tx, place);
      if (busy) {
        throw new UserError('conflict', 'errors.series.busyNew', { title: busy.title });
      }
      const now = ctx.clock.now();
      const series: Series = {
        id: ctx.ids('sr'),
        name: await this.freeName(tx, slugify(title)),
        title,
        premise,
        tone: input.tone ?? 'melodrama',
        language,
        status: 'running',
        bible: '{}',
        synopsis: '',
        vote_window_ms: voteWindowMs,
        tie_rule: input.tieRule ?? 'moderator',
        tie_grace_ms: ctx.settings.defaultTieGraceMs,
        no_vote_rule: input.noVoteRule ?? 'extend-then-random',
        target_seconds: targetSeconds,
        seed,
        writer_fallback: input.writerFallback === false ? 0 : 1,
        moderator_role: null,
        studio_votes: 'signed-in',
        release_schedule: null,
        credits: 1,
        paused_at: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      };
      await tx.insertInto('series').values(series).execute();
      await insertCharacters(ctx, tx, series.id, cast);
      // The story bible, from the premise and the cast as stored: moderators may correct it.
      series.bible = JSON.stringify(await loadBible(tx, series));
      await tx.updateTable('series').set({ bible: series.bible }).where('id', '=', series.id).execute();
      await this.insertFollow(tx, series.id, place, actor);
      await startEpisode(ctx, tx, series, 1, null);
      await audit(ctx, tx, { seriesId: series.id, actor, action: 'series.create', details: { title } });
      return series;
    });
  }

  /** Adds `place` to the channels of an existing series; its votes count with everyone else's. */
  async follow(actor: Actor, place: Place, ref: string): Promise<{ series: Series; episodeToDeliver: boolean; recap: boolean }> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const series = await this.find(ref, tx);
      if (series.status === 'ended') throw new UserError('series-not-running', 'errors.series.ended', { title: series.title });
      const busy = await this.activeFollow(tx, place);
      if (busy?.id === series.id) throw new UserError('conflict', 'errors.series.alreadyFollows', { title: series.title });
      if (busy) {
        throw new UserError('conflict', 'errors.series.busyFollow', { title: busy.title });
      }
      const channelId = await this.insertFollow(tx, series.id, place, actor);
      await audit(ctx, tx, { seriesId: series.id, actor, action: 'series.follow', details: { place } });
      // A newcomer channel gets the episode whose ballot is open now, so it can vote at once.
      const current = await tx
        .selectFrom('episodes')
        .innerJoin('ballots', 'ballots.episode_id', 'episodes.id')
        .select(['episodes.id'])
        .where('episodes.series_id', '=', series.id)
        .where('episodes.status', '=', 'published')
        .where('ballots.status', '=', 'open')
        .executeTakeFirst();
      if (current) await queueDelivery(ctx, tx, current.id, channelId);
      // …and, once there is more than one episode, the story so far to catch up on (a chat; the studio shows it on asking).
      const recap = current && place.platform !== 'web' ? await queueRecap(ctx, tx, series.id, place, actor.id) : undefined;
      return { series, episodeToDeliver: Boolean(current), recap: Boolean(recap) };
    });
  }

  async unfollow(actor: Actor, place: Place): Promise<Series> {
    return transaction(this.ctx, async (tx) => {
      const series = await this.activeFollow(tx, place);
      if (!series) throw new UserError('not-found', 'errors.series.notFollowing');
      const channel = await channelAt(tx, series.id, place);
      await tx.updateTable('channels').set({ unfollowed_at: this.ctx.clock.now() }).where('id', '=', channel!.id).execute();
      await audit(this.ctx, tx, { seriesId: series.id, actor, action: 'series.unfollow', details: { place } });
      return series;
    });
  }

  /** Pausing freezes the ballot clock and refuses votes; resuming gives the ballot its time back. */
  async pause(actor: Actor, seriesId: string): Promise<Series> {
    return this.changeStatus(actor, seriesId, 'paused', 'series.pause', async (tx, series, now) => {
      if (series.status === 'paused') throw new UserError('conflict', 'errors.series.alreadyPaused', { title: series.title });
      await tx.updateTable('series').set({ status: 'paused', paused_at: now, updated_at: now }).where('id', '=', series.id).execute();
    });
  }

  async resume(actor: Actor, seriesId: string): Promise<Series> {
    return this.changeStatus(actor, seriesId, 'running', 'series.resume', async (tx, series, now) => {
      if (series.status === 'running') throw new UserError('conflict', 'errors.series.alreadyRunning', { title: series.title });
      const pausedAt = series.paused_at ?? now;
      const open = await tx.selectFrom('ballots').select(['id', 'opens_at', 'closes_at']).where('series_id', '=', series.id).where('status', '=', 'open').execute();
      for (const b of open) {
        if (b.closes_at === null) continue;
        const frozenSince = Math.max(pausedAt, b.opens_at ?? pausedAt);
        await tx
          .updateTable('ballots')
          .set({ closes_at: b.closes_at + Math.max(0, now - frozenSince) })
          .where('id', '=', b.id)
          .execute();
      }
      // A tie left undecided during the pause gets its grace time back too.
      await tx
        .updateTable('ballots')
        .set((eb) => ({ tie_deadline: eb('tie_deadline', '+', Math.max(0, now - pausedAt)) }))
        .where('series_id', '=', series.id)
        .where('status', '=', 'tied')
        .execute();
      await tx.updateTable('series').set({ status: 'running', paused_at: null, updated_at: now }).where('id', '=', series.id).execute();
      await startNextEpisodeIfDue(this.ctx, tx, { ...series, status: 'running' });
      // On a schedule, the slots the pause passed are skipped: the ballot and the episode move to later ones.
      await fitToSchedule(this.ctx, tx, series, now, 'overdue');
    });
  }

  /** Ends a series for good: its open ballot is cancelled and no further episode is written. */
  async end(actor: Actor, seriesId: string): Promise<Series> {
    return this.changeStatus(actor, seriesId, 'ended', 'series.end', async (tx, series, now) => {
      await tx.updateTable('ballots').set({ status: 'cancelled', closed_at: now }).where('series_id', '=', series.id).where('status', 'in', ['draft', 'open', 'tied']).execute();
      await tx.updateTable('series').set({ status: 'ended', paused_at: null, updated_at: now }).where('id', '=', series.id).execute();
    });
  }

  async setVoteWindow(actor: Actor, seriesId: string, windowMs: number): Promise<{ series: Series; closesAt: number | null }> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const series = await this.lockSeries(tx, seriesId);
      if (series.status === 'ended') throw new UserError('series-not-running', 'errors.series.ended', { title: series.title });
      const now = ctx.clock.now();
      await tx.updateTable('series').set({ vote_window_ms: windowMs, updated_at: now }).where('id', '=', series.id).execute();
      // The open ballot is re-timed from when it opened, but never closes sooner than a minute from now.
      const open = await tx.selectFrom('ballots').select(['id', 'opens_at']).where('series_id', '=', series.id).where('status', '=', 'open').executeTakeFirst();
      let closesAt: number | null = null;
      // On a schedule, the ballot closes before the next release whatever the window (it applies again without one).
      if (open?.opens_at != null && !readSchedule(series.release_schedule)) {
        closesAt = Math.max(open.opens_at + windowMs, now + VOTE_WINDOW_MIN_MS);
        await tx.updateTable('ballots').set({ closes_at: closesAt }).where('id', '=', open.id).execute();
      }
      await audit(ctx, tx, { seriesId, actor, action: 'series.window', details: { windowMs, closesAt } });
      return { series: { ...series, vote_window_ms: windowMs }, closesAt };
    });
  }

  /** Names a role whose members moderate the series (null: only the platform's moderators). */
  async setModeratorRole(actor: Actor, seriesId: string, role: string | null): Promise<void> {
    await transaction(this.ctx, async (tx) => {
      await this.lockSeries(tx, seriesId);
      await tx.updateTable('series').set({ moderator_role: role, updated_at: this.ctx.clock.now() }).where('id', '=', seriesId).execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'series.moderator_role', details: { role } });
    });
  }

  /** Whose votes count in the studio: 'anyone', or 'signed-in' people (and this machine). */
  async setStudioVotes(actor: Actor, seriesId: string, who: StudioVotes): Promise<void> {
    await transaction(this.ctx, async (tx) => {
      await this.lockSeries(tx, seriesId);
      await tx.updateTable('series').set({ studio_votes: who, updated_at: this.ctx.clock.now() }).where('id', '=', seriesId).execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'series.studio_votes', details: { who } });
    });
  }

  /** Records the upload limit a platform reported for a place; false while the place follows no series. */
  async recordUploadLimit(place: Place, bytes: number): Promise<boolean> {
    const key = placeKey(place);
    const res = await this.ctx.db
      .updateTable('channels')
      .set({ upload_limit: bytes })
      .where('platform', '=', key.platform)
      .where('chat_id', '=', key.chat_id)
      .where('thread_id', '=', key.thread_id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Series whose name or title starts with `prefix` (for completions), newest first. */
  async search(prefix: string, limit: number): Promise<Series[]> {
    const p = `${prefix
      .trim()
      .toLowerCase()
      .replace(/[%_\\]/g, '')}%`;
    return this.ctx.db
      .selectFrom('series')
      .selectAll()
      .where((eb) => eb.or([eb('name', 'like', p), eb(eb.fn('lower', ['title']), 'like', p)]))
      .where('status', '!=', 'ended')
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Finds a series by name, title or id. */
  async find(ref: string, db: Executor = this.ctx.db): Promise<Series> {
    const text = ref.trim();
    const series =
      (await db.selectFrom('series').selectAll().where('name', '=', text.toLowerCase()).executeTakeFirst()) ??
      (await db.selectFrom('series').selectAll().where('id', '=', text).executeTakeFirst()) ??
      (await db
        .selectFrom('series')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['title']), '=', text.toLowerCase()))
        .orderBy('created_at', 'desc')
        .executeTakeFirst());
    if (!series) {
      throw new UserError('not-found', 'errors.series.unknown', { name: text.slice(0, 40) });
    }
    return series;
  }

  /** The running or paused series this place follows, if any. */
  async activeFollow(db: Executor, place: Place): Promise<Series | undefined> {
    const key = placeKey(place);
    return db
      .selectFrom('channels')
      .innerJoin('series', 'series.id', 'channels.series_id')
      .selectAll('series')
      .where('channels.platform', '=', key.platform)
      .where('channels.chat_id', '=', key.chat_id)
      .where('channels.thread_id', '=', key.thread_id)
      .where('channels.unfollowed_at', 'is', null)
      .where('series.status', '!=', 'ended')
      .executeTakeFirst();
  }

  /**
   * The series a command means: the one named, or else the one this place follows (or followed
   * last, so that the status of an ended series can still be read).
   */
  async resolve(place: Place, ref?: string): Promise<Series> {
    if (ref?.trim()) return this.find(ref);
    const active = await this.activeFollow(this.ctx.db, place);
    if (active) return active;
    const key = placeKey(place);
    const last = await this.ctx.db
      .selectFrom('channels')
      .innerJoin('series', 'series.id', 'channels.series_id')
      .selectAll('series')
      .where('channels.platform', '=', key.platform)
      .where('channels.chat_id', '=', key.chat_id)
      .where('channels.thread_id', '=', key.thread_id)
      .orderBy('channels.created_at', 'desc')
      .executeTakeFirst();
    if (last) return last;
    throw new UserError('not-found', 'errors.series.none');
  }

  /** Moderators act on the series their own channel follows, never on someone else's. */
  async resolveForModeration(place: Place, ref?: string): Promise<Series> {
    const series = await this.resolve(place, ref);
    const channel = await channelAt(this.ctx.db, series.id, place);
    if (!channel || channel.unfollowed_at !== null) {
      throw new UserError('not-moderator', 'errors.series.notYours', { title: series.title });
    }
    return series;
  }

  async channelIdFor(db: Executor, seriesId: string, place: Place): Promise<string | null> {
    return (await channelAt(db, seriesId, place))?.id ?? null;
  }

  async lockSeries(tx: Executor, seriesId: string): Promise<Series> {
    const series = await lockForUpdate(this.ctx, tx.selectFrom('series').selectAll().where('id', '=', seriesId)).executeTakeFirst();
    if (!series) throw new UserError('not-found', 'errors.series.gone');
    return series;
  }

  private async changeStatus(
    actor: Actor,
    seriesId: string,
    target: Series['status'],
    action: 'series.pause' | 'series.resume' | 'series.end',
    apply: (tx: Executor, series: Series, now: number) => Promise<void>,
  ): Promise<Series> {
    return transaction(this.ctx, async (tx) => {
      const series = await this.lockSeries(tx, seriesId);
      if (series.status === 'ended') throw new UserError('series-not-running', 'errors.series.alreadyEnded', { title: series.title });
      const now = this.ctx.clock.now();
      await apply(tx, series, now);
      await audit(this.ctx, tx, { seriesId, actor, action });
      return { ...series, status: target };
    });
  }

  private async insertFollow(tx: Executor, seriesId: string, place: Place, actor: Actor): Promise<string> {
    const existing = await channelAt(tx, seriesId, place);
    if (existing) {
      await tx.updateTable('channels').set({ unfollowed_at: null }).where('id', '=', existing.id).execute();
      return existing.id;
    }
    const id = this.ctx.ids('cn');
    // The place keeps the language its moderators chose for an earlier series.
    const key = placeKey(place);
    const earlier = await tx
      .selectFrom('channels')
      .select('language')
      .where('platform', '=', key.platform)
      .where('chat_id', '=', key.chat_id)
      .where('thread_id', '=', key.thread_id)
      .where('language', 'is not', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    await tx
      .insertInto('channels')
      .values({ id, series_id: seriesId, ...key, followed_by: actor.id, created_at: this.ctx.clock.now(), unfollowed_at: null, upload_limit: null, language: earlier?.language ?? null })
      .execute();
    return id;
  }

  private async freeName(tx: Executor, base: string): Promise<string> {
    const taken = new Set((await tx.selectFrom('series').select('name').where('name', 'like', `${base}%`).execute()).map((r) => r.name));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
