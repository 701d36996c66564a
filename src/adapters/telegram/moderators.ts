import type { Api } from 'grammy';
import type { Logger } from '../../core/ports.js';

/**
 * Moderators of a Telegram group are its administrators. Asking Telegram costs a call, so the
 * answer is kept briefly: a promotion or demotion takes effect within `ttlMs`.
 */
export class ChatAdmins {
  private readonly cache = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly api: Api,
    private readonly log: Logger,
    private readonly ttlMs = 60_000,
  ) {}

  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.admin;
    try {
      const member = await this.api.getChatMember(chatId, userId);
      const admin = member.status === 'creator' || member.status === 'administrator';
      this.cache.set(key, { admin, until: Date.now() + this.ttlMs });
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
      return admin;
    } catch (err) {
      // Unknown is not a moderator; the command answers with a refusal rather than failing.
      this.log.warn({ err, chatId }, 'telegram: could not check chat admin status');
      return false;
    }
  }
}
