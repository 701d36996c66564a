import type { Place } from './ports.js';

/** How a place is stored: a missing thread is '' so the unique key works in both dialects. */
export const placeKey = (place: Place) => ({
  platform: place.platform,
  chat_id: place.chatId,
  thread_id: place.threadId ?? '',
});
