import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BoundedMap } from '../../core/bounded-map.js';
import { t } from '../../i18n/i18n.js';

/** A person signed in to the studio with a chat platform: they vote there as they vote in the chats. */
export interface SignedInUser {
  /** The voter id the chats use: `discord:<id>` or `telegram:<id>`. */
  id: string;
  name: string;
}

/** Why a sign-in did not work: `signIn.problem.<problem>` in the studio catalog says it to the person trying. */
export class SignInError extends Error {
  constructor(readonly problem: SignInProblem) {
    super(t('en', `studio:signIn.problem.${problem}`));
    this.name = 'SignInError';
  }
}

export type SignInProblem =
  | 'telegramIncomplete'
  | 'telegramForged'
  | 'telegramExpired'
  | 'telegramUsed'
  | 'discordUnconfirmed'
  | 'discordWho'
  | 'discordDown'
  | 'discordBusy'
  | 'discordRefused'
  | 'discordOdd';

/**
 * How old a Telegram Login Widget answer may be. The widget sends the browser on at once, so a few
 * minutes is plenty; an answer found later in a log or a history is worth nothing.
 */
const TELEGRAM_LOGIN_MAX_AGE_S = 10 * 60;

/**
 * Checks what the Telegram Login Widget sent back (https://core.telegram.org/widgets/login):
 * every field but `hash`, sorted and joined "key=value" by newlines, signed with HMAC-SHA-256
 * under the SHA-256 of the bot token.
 */
export function checkTelegramLogin(fields: Record<string, string>, botToken: string, nowMs: number): SignedInUser {
  const { hash, ...data } = fields;
  if (!hash || !/^[0-9a-f]{64}$/.test(hash) || !data.id || !/^\d{1,20}$/.test(data.id)) throw new SignInError('telegramIncomplete');
  const check = Object.keys(data)
    .sort()
    .map((k) => `${k}=${data[k]}`)
    .join('\n');
  const expected = createHmac('sha256', createHash('sha256').update(botToken).digest()).update(check).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) throw new SignInError('telegramForged');
  const age = nowMs / 1000 - Number(data.auth_date);
  if (!Number.isFinite(age) || age > TELEGRAM_LOGIN_MAX_AGE_S || age < -300) throw new SignInError('telegramExpired');
  const name = [data.first_name, data.last_name].filter(Boolean).join(' ') || data.username || 'Telegram user';
  return { id: `telegram:${data.id}`, name: shortName(name) };
}

export interface DiscordSignInSettings {
  clientId: string;
  clientSecret: string;
  /** The REST base, e.g. https://discord.com/api; the authorize page is on the same host. */
  apiBase: string;
}

/** Discord's OAuth2 code grant with the `identify` scope: who the person is, nothing more. */
export class DiscordSignIn {
  constructor(
    private readonly settings: DiscordSignInSettings,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Where to send the browser: Discord asks the person, then returns to `redirectUri` with a code. */
  authorizeUrl(state: string, redirectUri: string): string {
    const site = this.settings.apiBase.replace(/\/api(\/v\d+)?$/, '');
    const query = new URLSearchParams({ response_type: 'code', client_id: this.settings.clientId, scope: 'identify', state, redirect_uri: redirectUri, prompt: 'none' });
    return `${site}/oauth2/authorize?${query.toString()}`;
  }

  /** Trades the code for a token and asks who it belongs to. Each call has a timeout; a failure is for the person to retry. */
  async user(code: string, redirectUri: string): Promise<SignedInUser> {
    const token = await this.call<{ access_token?: unknown }>('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: this.settings.clientId, client_secret: this.settings.clientSecret }).toString(),
    });
    if (typeof token.access_token !== 'string') throw new SignInError('discordUnconfirmed');
    const me = await this.call<{ id?: unknown; username?: unknown; global_name?: unknown }>('/users/@me', { headers: { authorization: `Bearer ${token.access_token}` } });
    if (typeof me.id !== 'string' || !/^\d{15,22}$/.test(me.id)) throw new SignInError('discordWho');
    const name = typeof me.global_name === 'string' && me.global_name ? me.global_name : typeof me.username === 'string' ? me.username : 'Discord user';
    return { id: `discord:${me.id}`, name: shortName(name) };
  }

  private async call<T>(route: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.apiBase}${route}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw new SignInError('discordDown');
    }
    if (!res.ok) throw new SignInError(res.status >= 500 || res.status === 429 ? 'discordBusy' : 'discordRefused');
    try {
      return (await res.json()) as T;
    } catch {
      throw new SignInError('discordOdd');
    }
  }
}

/** A display name cut to 64 characters (never inside an emoji). */
function shortName(name: string): string {
  return Array.from(name).slice(0, 64).join('');
}

/**
 * Telegram Login answers already used: each signs in once (a replayed link does nothing), kept for
 * as long as an answer is valid.
 */
export class UsedLogins {
  private readonly seen = new BoundedMap<string, number>(100_000);

  /** True the first time `hash` is seen within its validity; false after. */
  first(hash: string, nowMs: number): boolean {
    for (const [h, until] of this.seen) if (until <= nowMs) this.seen.delete(h);
    if (this.seen.has(hash)) return false;
    this.seen.set(hash, nowMs + TELEGRAM_LOGIN_MAX_AGE_S * 1000 + 300_000);
    return true;
  }
}
