import type { Api } from 'grammy';
import type { ChatMember, ChatPermissions } from 'grammy/types';
import { listText, translate } from '../../i18n/i18n.js';
import { apiSignal } from './transport.js';

/** What the bot may do in a group, as far as TailTwist cares. */
export interface BotRights {
  member: boolean;
  admin: boolean;
  text: boolean;
  videos: boolean;
  polls: boolean;
}

/**
 * The bot's own rights in a chat: an admin may post anything; a restricted bot has its own
 * permissions; any other member has the group's defaults (getChat's `permissions`).
 */
export async function botRights(api: Api, chatId: number, botId: number, signal?: AbortSignal): Promise<BotRights> {
  const me = await api.getChatMember(chatId, botId, apiSignal(signal));
  return rightsOf(me, me.status === 'member' ? (await api.getChat(chatId, apiSignal(signal))).permissions : undefined);
}

export function rightsOf(me: ChatMember, defaults: ChatPermissions | undefined): BotRights {
  if (me.status === 'creator' || me.status === 'administrator') return { member: true, admin: true, text: true, videos: true, polls: true };
  if (me.status === 'left' || me.status === 'kicked' || (me.status === 'restricted' && !me.is_member)) return { member: false, admin: false, text: false, videos: false, polls: false };
  // A permission Telegram leaves out is allowed (private chats have none).
  const p: ChatPermissions = me.status === 'restricted' ? me : (defaults ?? {});
  return { member: true, admin: false, text: p.can_send_messages !== false, videos: p.can_send_videos !== false, polls: p.can_send_polls !== false };
}

/** What a moderator should know after starting or following a series here, when something is missing. */
export function missingRightsNote(r: BotRights, locale = 'en'): string | undefined {
  if (!r.member || !r.text) return undefined; // nothing we say would arrive
  const tr = translate(locale);
  const missing = [!r.videos && 'videos', !r.polls && 'polls'].filter((m): m is string => Boolean(m));
  if (!missing.length) return undefined;
  const what = listText(
    locale,
    missing.map((m) => tr(`telegram.rights.${m}`)),
    'disjunction',
  );
  const then = missing.map((m) => tr(`telegram.rights.without.${m}`)).join(tr('telegram.rights.and'));
  return tr('telegram.rights.missing', { what, then });
}

/** Privacy mode (BotFather's default): in a group the bot only sees commands that name it, unless it is an admin. */
export function privacyNote(username: string, locale = 'en'): string {
  return translate(locale)('telegram.privacy', { username });
}
