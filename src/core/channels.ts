import type { Executor, Place } from './ports.js';

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
