import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Platform, RecapsTable } from '../db/schema.js';
import { t } from '../i18n/i18n.js';
import { placeKey, postLocale } from './channels.js';
import { lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { ChannelBlockedError, ChannelMovedError, PermanentJobError, UserError } from './errors.js';
import { JsonObject, readJson } from './json.js';
import { localMedia, type Executor, type MediaStore, type Place, type Publisher, type RecapRequest, type RecapView, type RecapWriter, type Renderer } from './ports.js';
import { loadBible, readEpisodeStory, readTwistOp, stateBefore } from './story/service.js';
import { keepRendered } from './rendered.js';
import { letterOf } from './views.js';

/**
 * "The story so far": a short video made from the episodes already published, told from the story
 * model, ending on the open ballot. One recap per series and latest episode (job key
 * `recap:<seriesId>:<episodeNumber>`), made once and kept until the next episode; every place that
 * asks (or follows the series) gets one post of it (`recap_posts`, job `recap-post`), so a recap
 * asked twice is made once, and a place that asks twice is posted to once.
 */

export type Recap = Selectable<RecapsTable>;

/** What an ask did: the recap is being made (posted when ready), is being posted now, or was posted here already. */
export interface RecapAsk {
  recapId: string;
  number: number;
  state: 'making' | 'posting' | 'posted';
}

/** A recap tells at least this many episodes; with fewer, the episode is its own recap. */
export const RECAP_MIN_EPISODES = 2;

/**
 * Asks for the recap of the series as it stands (its latest published episode) to be posted in
 * `place`, in the caller's transaction. Undefined when the series has too few episodes for one.
 */
export async function queueRecap(ctx: CoreContext, tx: Executor, seriesId: string, place: Place, askedBy: string): Promise<RecapAsk | undefined> {
  const latest = await tx
    .selectFrom('episodes')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('series_id', '=', seriesId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  const number = Number(latest?.n ?? 0);
  if (number < RECAP_MIN_EPISODES) return undefined;
  const now = ctx.clock.now();
  // Two asks at once both insert; the second finds the first's row.
  await tx
    .insertInto('recaps')
    .values({
      id: ctx.ids('rc'),
      series_id: seriesId,
      episode_number: number,
      status: 'making',
      video_path: null,
      poster_path: null,
      duration_ms: null,
      size_bytes: null,
      video_width: null,
      video_height: null,
      error: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['series_id', 'episode_number']).doNothing())
    .execute();
  const recap = await lockForUpdate(ctx, tx.selectFrom('recaps').selectAll().where('series_id', '=', seriesId).where('episode_number', '=', number)).executeTakeFirstOrThrow();
  if (recap.status === 'failed') {
    // It could not be made before: asking again makes it again.
    await tx.updateTable('recaps').set({ status: 'making', error: null, updated_at: now }).where('id', '=', recap.id).execute();
    await ctx.queue.enqueue(tx, { kind: 'recap', key: `recap:${seriesId}:${number}:retry:${ctx.ids('rt')}`, payload: { recapId: recap.id } });
    recap.status = 'making';
  } else if (recap.status === 'making') {
    // The key makes it once however often it is asked for.
    await ctx.queue.enqueue(tx, { kind: 'recap', key: `recap:${seriesId}:${number}`, payload: { recapId: recap.id } });
  }

  const key = placeKey(place);
  await tx
    .insertInto('recap_posts')
    .values({ id: ctx.ids('rp'), recap_id: recap.id, ...key, status: 'pending', message_id: null, error: null, asked_by: askedBy, created_at: now, sent_at: null })
    .onConflict((oc) => oc.columns(['recap_id', 'platform', 'chat_id', 'thread_id']).doNothing())
    .execute();
  const post = await tx
    .selectFrom('recap_posts')
    .select(['id', 'status'])
    .where('recap_id', '=', recap.id)
    .where('platform', '=', key.platform)
    .where('chat_id', '=', key.chat_id)
    .where('thread_id', '=', key.thread_id)
    .executeTakeFirstOrThrow();
  if (post.status === 'sent') return { recapId: recap.id, number, state: 'posted' };
  let postKey = `recap-post:${post.id}`;
  if (post.status === 'failed') {
    await tx.updateTable('recap_posts').set({ status: 'pending', error: null }).where('id', '=', post.id).execute();
    postKey = `${postKey}:retry:${ctx.ids('rt')}`;
  }
  // Made already: posted now. Otherwise the step that makes it posts it to everyone who asked.
  if (recap.status === 'made') await ctx.queue.enqueue(tx, { kind: 'recap-post', key: postKey, payload: { postId: post.id } });
  return { recapId: recap.id, number, state: recap.status === 'made' ? 'posting' : 'making' };
}

/** Recaps as commands and the studio ask for them. */
export class RecapService {
  constructor(private readonly ctx: CoreContext) {}

  /** Asks for the series' recap in `place` (anyone may); refuses while the series has a single episode. */
  async ask(actor: Actor, place: Place, series: { id: string; title: string }): Promise<RecapAsk> {
    const asked = await transaction(this.ctx, (tx) => queueRecap(this.ctx, tx, series.id, place, actor.id));
    if (!asked) throw new UserError('invalid-input', 'recap.tooEarly', { title: series.title });
    return asked;
  }

  /** The newest recap of a series that is made, and whether it still tells the latest episode. */
  async latest(seriesId: string): Promise<{ id: string; number: number; current: boolean; making: boolean } | undefined> {
    const db = this.ctx.db;
    const rows = await db.selectFrom('recaps').select(['id', 'episode_number', 'status']).where('series_id', '=', seriesId).orderBy('episode_number', 'desc').limit(2).execute();
    const made = rows.find((r) => r.status === 'made');
    if (!made) return undefined;
    const latest = await db
      .selectFrom('episodes')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('series_id', '=', seriesId)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return { id: made.id, number: made.episode_number, current: made.episode_number === Number(latest?.n ?? 0), making: rows[0]?.status === 'making' };
  }

  /** Where a recap's video and poster are kept (references for the media store). */
  async media(recapId: string): Promise<{ video: string | null; poster: string | null } | undefined> {
    const row = await this.ctx.db.selectFrom('recaps').select(['video_path', 'poster_path']).where('id', '=', recapId).where('status', '=', 'made').executeTakeFirst();
    return row && { video: row.video_path, poster: row.poster_path };
  }
}

/** What the recap steps need from the loop. */
export interface RecapParts {
  renderer: Renderer;
  publishers: ReadonlyMap<Platform, Publisher>;
  media?: MediaStore;
  recapWriter?: RecapWriter;
}

export interface RecapHooks {
  /** Runs a platform call unless the platform is paused (StoryLoop.reach). */
  reach<T>(platform: Platform, call: () => Promise<T>): Promise<T>;
  /** The smallest upload limit among the series' channels. */
  uploadLimit(seriesId: string): Promise<number>;
}

/** The recap's job steps, run by the loop: `recap` makes the video, `recap-post` posts it in one place. */
export class RecapSteps {
  constructor(
    private readonly ctx: CoreContext,
    private readonly parts: RecapParts,
    private readonly hooks: RecapHooks,
  ) {}

  /** Writes and renders the recap, keeps its files, and queues a post for every place waiting for it. */
  async make(recapId: string, signal: AbortSignal): Promise<void> {
    const ctx = this.ctx;
    const recap = await ctx.db.selectFrom('recaps').selectAll().where('id', '=', recapId).executeTakeFirst();
    if (!recap || recap.status !== 'making') return;
    const writer = this.parts.recapWriter;
    if (!writer) throw new PermanentJobError('no recap writer is configured in this process');
    const series = await ctx.db.selectFrom('series').selectAll().where('id', '=', recap.series_id).executeTakeFirstOrThrow();
    const done = ctx.telemetry.startStage('recap');
    try {
      const request = await recapRequestFor(ctx.db, recap);
      const script = await writer.recap(request);
      const title = typeof (script as { title?: unknown }).title === 'string' ? (script as { title: string }).title : series.title;
      const cast = await ctx.db.selectFrom('characters').selectAll().where('series_id', '=', series.id).orderBy('position').execute();
      const rendered = await this.parts.renderer.render({
        // The recap's id names its files, beside the series' episodes.
        episodeId: recap.id,
        seriesId: series.id,
        seriesTitle: title,
        language: series.language,
        number: recap.episode_number,
        title,
        script,
        cast: cast.map((c) => ({ name: c.name, species: c.species, personality: c.personality, voice: c.voice, look: readJson(JsonObject, c.look) ?? {} })),
        options: request.ballot.options.map((o) => ({ letter: o.letter, label: o.label })),
        maxBytes: await this.hooks.uploadLimit(series.id),
        signal,
      });
      const media = this.parts.media ?? localMedia;
      const kept = await keepRendered(media, series.id, rendered);
      await transaction(ctx, async (tx) => {
        const current = await lockForUpdate(ctx, tx.selectFrom('recaps').select('status').where('id', '=', recapId)).executeTakeFirst();
        if (current?.status !== 'making') return;
        await tx
          .updateTable('recaps')
          .set({ status: 'made', ...kept, updated_at: ctx.clock.now() })
          .where('id', '=', recapId)
          .execute();
        const waiting = await tx.selectFrom('recap_posts').select('id').where('recap_id', '=', recapId).where('status', '=', 'pending').execute();
        for (const post of waiting) await ctx.queue.enqueue(tx, { kind: 'recap-post', key: `recap-post:${post.id}`, payload: { postId: post.id } });
      });
      done('ok');
    } catch (err) {
      done('failed');
      throw err;
    }
  }

  /** Posts a made recap in one place, once. */
  async post(postId: string, signal: AbortSignal): Promise<void> {
    const ctx = this.ctx;
    const post = await ctx.db.selectFrom('recap_posts').selectAll().where('id', '=', postId).executeTakeFirst();
    if (!post || post.status !== 'pending') return;
    const recap = await ctx.db.selectFrom('recaps').selectAll().where('id', '=', post.recap_id).executeTakeFirstOrThrow();
    // Not made yet: the step that makes it queues this post again.
    if (recap.status !== 'made') return;
    const fail = (error: string) =>
      ctx.db
        .updateTable('recap_posts')
        .set({ status: 'failed', error: error.slice(0, 1000) })
        .where('id', '=', postId)
        .where('status', '=', 'pending')
        .execute();
    const publisher = this.parts.publishers.get(post.platform);
    if (!publisher) throw new PermanentJobError(`no ${post.platform} publisher is configured in this process`);
    if (!publisher.postRecap) {
      await fail(`${post.platform} takes no recaps`);
      return;
    }
    const series = await ctx.db.selectFrom('series').select(['name', 'title', 'language']).where('id', '=', recap.series_id).executeTakeFirstOrThrow();
    const channel = await ctx.db
      .selectFrom('channels')
      .select(['language', 'upload_limit'])
      .where('series_id', '=', recap.series_id)
      .where('platform', '=', post.platform)
      .where('chat_id', '=', post.chat_id)
      .where('thread_id', '=', post.thread_id)
      .executeTakeFirst();
    const media = this.parts.media ?? localMedia;
    const view: RecapView = {
      id: recap.id,
      seriesId: recap.series_id,
      seriesName: series.name,
      seriesTitle: series.title,
      upToEpisode: recap.episode_number,
      videoPath: recap.video_path ? await media.localFile(recap.video_path) : null,
      posterPath: recap.poster_path ? await media.localFile(recap.poster_path) : null,
      durationMs: recap.duration_ms,
      sizeBytes: recap.size_bytes,
      width: recap.video_width,
      height: recap.video_height,
    };
    const locale = postLocale(channel?.language ?? null, series.language);
    const place: Place = { platform: post.platform, chatId: post.chat_id, threadId: post.thread_id };
    let ids;
    try {
      ids = await this.hooks.reach(post.platform, () =>
        publisher.postRecap!({
          postId,
          place,
          recap: view,
          text: t(locale, 'recap.post', { title: series.title, number: recap.episode_number }),
          locale,
          ...(channel?.upload_limit != null ? { uploadLimit: channel.upload_limit } : {}),
          signal,
        }),
      );
    } catch (err) {
      // A recap is a courtesy: a place that refuses it (or moved) does not get it later.
      if (err instanceof ChannelBlockedError || err instanceof ChannelMovedError) return void (await fail(err.message));
      throw err;
    }
    await ctx.db
      .updateTable('recap_posts')
      .set({ status: 'sent', message_id: ids.messageId ?? null, sent_at: ctx.clock.now(), error: null })
      .where('id', '=', postId)
      .where('status', '=', 'pending')
      .execute();
  }

  /** A recap that could not be made fails with everyone waiting for it (asking again tries again). */
  async onFailed(tx: Executor, kind: 'recap' | 'recap-post', payload: Record<string, string>, message: string): Promise<void> {
    const error = message.slice(0, 1000);
    if (kind === 'recap' && payload.recapId) {
      await tx.updateTable('recaps').set({ status: 'failed', error, updated_at: this.ctx.clock.now() }).where('id', '=', payload.recapId).where('status', '=', 'making').execute();
      await tx.updateTable('recap_posts').set({ status: 'failed', error: 'the recap could not be made' }).where('recap_id', '=', payload.recapId).where('status', '=', 'pending').execute();
    } else if (kind === 'recap-post' && payload.postId) {
      await tx.updateTable('recap_posts').set({ status: 'failed', error }).where('id', '=', payload.postId).where('status', '=', 'pending').execute();
    }
  }
}

const Unknown = z.unknown();

/** What the recap writer is given: the story after the recap's episode and every published episode up to it. */
export async function recapRequestFor(db: Executor, recap: Pick<Recap, 'series_id' | 'episode_number'>): Promise<RecapRequest> {
  const series = await db.selectFrom('series').selectAll().where('id', '=', recap.series_id).executeTakeFirstOrThrow();
  const bible = await loadBible(db, series);
  const rows = await db
    .selectFrom('episodes')
    .leftJoin('ballot_options', 'ballot_options.id', 'episodes.twist_option_id')
    .select(['episodes.id', 'episodes.number', 'episodes.title', 'episodes.script', 'episodes.story', 'ballot_options.label as twistLabel', 'ballot_options.source as twistSource'])
    .where('episodes.series_id', '=', series.id)
    .where('episodes.number', '<=', recap.episode_number)
    .where('episodes.status', '=', 'published')
    .orderBy('episodes.number')
    .execute();
  const last = rows.at(-1);
  const ballot = last ? await db.selectFrom('ballots').select(['id', 'status']).where('episode_id', '=', last.id).executeTakeFirst() : undefined;
  const options = ballot
    ? await db.selectFrom('ballot_options').select(['position', 'label', 'teaser', 'twist']).where('ballot_id', '=', ballot.id).where('status', '=', 'active').orderBy('position').execute()
    : [];
  return {
    series: { id: series.id, title: series.title, language: series.language, seed: series.seed },
    bible,
    state: await stateBefore(db, bible, series.id, recap.episode_number + 1),
    episodes: rows.map((r) => ({
      number: r.number,
      title: r.title ?? `${r.number}`,
      script: readJson(Unknown, r.script) ?? null,
      summary: readEpisodeStory(r.story)?.summary ?? '',
      twist: r.twistLabel ? { label: r.twistLabel, source: r.twistSource ?? 'writer' } : null,
    })),
    ballot: {
      open: ballot?.status === 'open',
      options: options.map((o) => ({ letter: letterOf(o.position), label: o.label, teaser: o.teaser, kind: readTwistOp(o.twist)?.kind ?? 'community' })),
    },
  };
}
