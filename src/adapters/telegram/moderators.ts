import type { Api } from 'grammy';
import type { Logger } from '../../core/ports.js';
import { loggable } from './errors.js';
import { BoundedMap } from '../../core/bounded-map.js';

/**
 * Moderators of a Telegram group are its administrators. getChatAdministrators works for any
 * member bot (getChatMember on someone else only where the bot is an admin), and one call answers
 * for everyone in the chat, so the list is kept briefly: a promotion or demotion takes effect
 * within `ttlMs`.
 */
export class ChatAdmins {
  private readonly cache = new BoundedMap<number, { admins: Promise<Set<number>>; until: number }>(5_000);

  constructor(
    private readonly api: Api,
    private readonly log: Logger,
    private readonly ttlMs = 60_000,
  ) {}

  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const hit = this.cache.get(chatId);
    // Presses and commands arriving together share one call.
    const entry = hit && hit.until > Date.now() ? hit : { admins: this.fetch(chatId), until: Date.now() + this.ttlMs };
    if (entry !== hit) {
      this.cache.set(chatId, entry);
    }
    try {
      return (await entry.admins).has(userId);
    } catch (err) {
      if (this.cache.get(chatId) === entry) this.cache.delete(chatId);
      this.log.warn({ err: loggable(err), chatId }, 'telegram: could not list the chat admins; asking about the one member');
      return this.memberIsAdmin(chatId, userId);
    }
  }

  /** A Bot API server without getChatAdministrators may still answer getChatMember; unknown is not a moderator. */
  private async memberIsAdmin(chatId: number, userId: number): Promise<boolean> {
    try {
      const member = await this.api.getChatMember(chatId, userId);
      return member.status === 'creator' || member.status === 'administrator';
    } catch (err) {
      this.log.warn({ err: loggable(err), chatId }, 'telegram: could not check chat admin status');
      return false;
    }
  }

  private async fetch(chatId: number): Promise<Set<number>> {
    const admins = await this.api.getChatAdministrators(chatId);
    return new Set(admins.filter((m) => m.status === 'creator' || m.status === 'administrator').map((m) => m.user.id));
  }
}
