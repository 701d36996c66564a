import type { Platform } from '../db/schema.js';
import { isLocale, languageLocale, type Locale } from '../i18n/i18n.js';
import { audit, transaction, type Actor, type CoreContext } from './context.js';
import type { Executor, Place } from './ports.js';
import { readRefusal, refusalText, storedRefusal, type Refusal } from './refusal.js';

/** How a place is stored: a missing thread is '' so the unique key works in both dialects. */
export const placeKey = (place: Place) => ({
  platform: place.platform,
  chat_id: place.chatId,
  thread_id: place.threadId ?? '',
});

/** The channel row of `place` in a series, followed or not. */
export function channelAt(db: Executor, seriesId: string, place: Place) {
  const key = placeKey(place);
  return db
    .selectFrom('channels')
    .select(['id', 'unfollowed_at'])
    .where('series_id', '=', seriesId)
    .where('platform', '=', key.platform)
    .where('chat_id', '=', key.chat_id)
    .where('thread_id', '=', key.thread_id)
    .executeTakeFirst();
}

/**
 * The language of what the bot posts into a channel (episodes, ballots, results, notices): the
 * channel's setting, else the series' language when we ship it ("es", "Spanish", "中文"), else English.
 */
export function postLocale(channelLanguage: string | null, seriesLanguage: string): Locale {
  if (channelLanguage && isLocale(channelLanguage)) return channelLanguage;
  return languageLocale(seriesLanguage) ?? 'en';
}

/** A channel the platform refuses, as moderators see it. */
export interface BlockedChannel {
  platform: Platform;
  chatId: string;
  threadId: string;
  /** Why, in English (or as stored, for a row from before reasons were messages). */
  reason: string;
  /** Why, to say in the reader's language (`refusalText(why ?? reason, locale)`). */
  why?: Refusal;
  since: number;
}

/** How long a blocked channel waits before TailTwist tries it again on its own (a permission may come back unannounced). */
export const BLOCKED_RECHECK_MS = 30 * 60_000;

/**
 * Where the platforms may move or refuse a chat: a chat's new id, a channel the bot may no longer
 * post to (marked, so deliveries stop retrying and moderators see why), and the way back.
 */
export class ChannelService {
  constructor(private readonly ctx: CoreContext) {}

  /** The chat got a new id (a Telegram group upgraded to a supergroup): every series there follows it. */
  async moved(platform: Platform, fromChatId: string, toChatId: string): Promise<number> {
    if (fromChatId === toChatId) return 0;
    return transaction(this.ctx, async (tx) => {
      const rows = await tx.selectFrom('channels').select(['id', 'series_id', 'thread_id']).where('platform', '=', platform).where('chat_id', '=', fromChatId).execute();
      for (const row of rows) {
        // Following again at the new id before we heard of the move leaves a row there already: keep that one.
        const there = await tx
          .selectFrom('channels')
          .select('id')
          .where('series_id', '=', row.series_id)
          .where('platform', '=', platform)
          .where('chat_id', '=', toChatId)
          .where('thread_id', '=', row.thread_id)
          .executeTakeFirst();
        if (there) await tx.updateTable('channels').set({ unfollowed_at: this.ctx.clock.now() }).where('id', '=', row.id).where('unfollowed_at', 'is', null).execute();
        else await tx.updateTable('channels').set({ chat_id: toChatId }).where('id', '=', row.id).execute();
      }
      if (rows.length) this.ctx.log.info({ platform, from: fromChatId, to: toChatId, channels: rows.length }, 'chat moved to a new id');
      return rows.length;
    });
  }

  /** Marks every channel of a chat as refused by the platform; true when it was not marked yet (tell people once). */
  async blocked(platform: Platform, chatId: string, reason: string | Refusal): Promise<boolean> {
    const res = await this.ctx.db
      .updateTable('channels')
      .set({ blocked_reason: storedRefusal(reason), blocked_at: this.ctx.clock.now() })
      .where('platform', '=', platform)
      .where('chat_id', '=', chatId)
      .where('blocked_at', 'is', null)
      .executeTakeFirst();
    const fresh = Number(res.numUpdatedRows) > 0;
    if (fresh) this.ctx.log.warn({ platform, chatId, reason: refusalText(reason, 'en') }, 'channel blocked by the platform: deliveries there wait until it is fixed');
    return fresh;
  }

  /**
   * The platform lets us post in the chat again (the bot was re-added or given the permission):
   * its waiting deliveries go out now, where their ballot is still open. Returns how many.
   */
  async restored(platform: Platform, chatId: string): Promise<number> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const res = await tx
        .updateTable('channels')
        .set({ blocked_reason: null, blocked_at: null })
        .where('platform', '=', platform)
        .where('chat_id', '=', chatId)
        .where('blocked_at', 'is not', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return 0;
      const waiting = await tx
        .selectFrom('deliveries')
        .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
        .innerJoin('ballots', 'ballots.episode_id', 'deliveries.episode_id')
        .select(['deliveries.id', 'ballots.status'])
        .where('channels.platform', '=', platform)
        .where('channels.chat_id', '=', chatId)
        .where('channels.unfollowed_at', 'is', null)
        .where('deliveries.status', '=', 'pending')
        .execute();
      let queued = 0;
      for (const d of waiting) {
        if (d.status === 'open' || d.status === 'tied') {
          await ctx.queue.enqueue(tx, { kind: 'deliver', key: `deliver:${d.id}:${ctx.ids('rt')}`, payload: { deliveryId: d.id } });
          queued++;
        } else {
          await tx.updateTable('deliveries').set({ status: 'failed', error: 'the channel could not be reached while its ballot was open' }).where('id', '=', d.id).execute();
        }
      }
      ctx.log.info({ platform, chatId, deliveries: queued }, 'channel reachable again');
      return queued;
    });
  }

  /** The language moderators set for a place (on the channel it follows with), or null. */
  async languageAt(place: Place): Promise<Locale | null> {
    const key = placeKey(place);
    const row = await this.ctx.db
      .selectFrom('channels')
      .select('language')
      .where('platform', '=', key.platform)
      .where('chat_id', '=', key.chat_id)
      .where('thread_id', '=', key.thread_id)
      .where('unfollowed_at', 'is', null)
      .where('language', 'is not', null)
      .executeTakeFirst();
    return row?.language && isLocale(row.language) ? row.language : null;
  }

  /** Sets (or, with null, clears) the language of the bot in a place that follows the series. */
  async setLanguage(actor: Actor, seriesId: string, place: Place, language: Locale | null): Promise<void> {
    const key = placeKey(place);
    await transaction(this.ctx, async (tx) => {
      await tx
        .updateTable('channels')
        .set({ language })
        .where('series_id', '=', seriesId)
        .where('platform', '=', key.platform)
        .where('chat_id', '=', key.chat_id)
        .where('thread_id', '=', key.thread_id)
        .execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'channel.language', details: { place, language } });
    });
  }

  /** The followed channels of a series on one platform. */
  async followedOn(seriesId: string, platform: Platform): Promise<Place[]> {
    const rows = await this.ctx.db
      .selectFrom('channels')
      .select(['chat_id', 'thread_id'])
      .where('series_id', '=', seriesId)
      .where('platform', '=', platform)
      .where('unfollowed_at', 'is', null)
      .execute();
    return rows.map((r) => ({ platform, chatId: r.chat_id, threadId: r.thread_id }));
  }

  /** The channels of a series that the platform refuses now, with the reason. */
  async blockedIn(seriesId: string): Promise<BlockedChannel[]> {
    const rows = await this.ctx.db
      .selectFrom('channels')
      .select(['platform', 'chat_id', 'thread_id', 'blocked_reason', 'blocked_at'])
      .where('series_id', '=', seriesId)
      .where('unfollowed_at', 'is', null)
      .where('blocked_at', 'is not', null)
      .execute();
    return rows.map((r) => ({ platform: r.platform, chatId: r.chat_id, threadId: r.thread_id, ...readRefusal(r.blocked_reason ?? ''), since: r.blocked_at ?? 0 }));
  }
}
