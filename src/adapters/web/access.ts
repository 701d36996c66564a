import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSettings } from '../../config.js';
import { BoundedMap } from '../../core/bounded-map.js';
import type { Actor } from '../../core/context.js';
import type { Engine } from '../../core/engine.js';
import { UserError } from '../../core/errors.js';
import type { Logger, Place } from '../../core/ports.js';
import type { Series } from '../../core/series.js';
import type { Hosts } from './hosts.js';
import { langOf } from './lang.js';
import { WindowLimiter } from './limiter.js';
import type { PageContext } from './pages.js';
import { httpError } from './respond.js';
import { DiscordSignIn, type SignedInUser } from './sign-in.js';

/** Whoever moderates from this machine or with the admin session. */
export const ADMIN: Actor = { id: 'web:admin', isModerator: true, name: 'studio admin' };
/** What moderating from the studio takes, in the reader's language. */
export const moderationNeeds = (req: FastifyRequest) => langOf(req).t('errors.moderationNeeds');
const YEAR = 365 * 24 * 3600;
const ADMIN_SESSION_MS = 30 * 24 * 3600_000;
const USER_SESSION_MS = 30 * 24 * 3600_000;
/** How long a platform's word that someone moderates a series is kept. */
const MODERATOR_TTL_MS = 60_000;
/** How long a page waits for the platforms to say whether someone moderates. */
const MODERATOR_CHECK_BUDGET_MS = 1_500;

/** Whether a signed-in person (`discord:<id>`, `telegram:<id>`) may moderate in a channel: their platform decides. */
export type ModeratorCheck = (userId: string, place: Place, moderatorRole: string | null) => Promise<boolean>;

/** What the chat platforms lend the studio's sign-in. */
export interface StudioSignIn {
  /** The Telegram bot's username, once it is connected: the Login Widget names it. */
  telegramBot?: () => string | undefined;
  /** Asks the platform whether a signed-in person moderates one of a series' channels. */
  moderates?: ModeratorCheck;
}

/**
 * Who a request comes from, and what they may do: a viewer (an id the studio made and signed), a
 * person signed in with Discord or Telegram, someone on this machine or with the admin session.
 * Every session lives in a signed cookie; this is the one place that reads and writes them.
 */
export class Access {
  /** Sign-in with Discord, when it is set up. */
  readonly discord: DiscordSignIn | undefined;
  /** New viewer identities per address and hour. */
  private readonly newViewers: WindowLimiter;
  private readonly moderatorCache = new BoundedMap<string, { yes: boolean; until: number }>(10_000);

  constructor(
    private readonly settings: WebSettings,
    private readonly hosts: Hosts,
    private readonly engine: Engine,
    private readonly signIn: StudioSignIn,
    private readonly log: Logger,
  ) {
    this.discord = settings.discordSignIn ? new DiscordSignIn(settings.discordSignIn) : undefined;
    this.newViewers = new WindowLimiter(settings.newVisitorsPerHour, 3600_000);
  }

  isLocal(req: FastifyRequest): boolean {
    return this.hosts.isLocal(req);
  }

  /** The Telegram bot the Login Widget names, when Telegram sign-in is set up and the bot connected. */
  telegramBot(): string | undefined {
    return this.settings.telegramSignInToken ? this.signIn.telegramBot?.() : undefined;
  }

  signInOffered(): boolean {
    return Boolean(this.discord || this.telegramBot());
  }

  pageContext(req: FastifyRequest): PageContext {
    const user = this.signedIn(req);
    return {
      lang: langOf(req),
      canModerate: this.canModerate(req),
      viewerName: user?.name ?? req.cookies.tt_name ?? null,
      account: user ? { name: user.name, platform: user.id.startsWith('discord:') ? 'Discord' : 'Telegram' } : null,
      signInOffered: this.signInOffered(),
    };
  }

  /** The page context of a series page: moderation as this series allows it. */
  async seriesContext(req: FastifyRequest, series: Series): Promise<PageContext> {
    const ctx = this.pageContext(req);
    return ctx.canModerate ? ctx : { ...ctx, canModerate: Boolean(await this.platformModerator(req, series)) };
  }

  /**
   * A viewer is an id the studio made and signed, kept in a cookie (with a name, if they gave one).
   * A missing, forged or unknown cookie is a new visitor, and each address gets only a few new
   * identities an hour: clearing cookies does not buy more votes.
   */
  viewer(req: FastifyRequest, reply: FastifyReply): { id: string } {
    const user = this.signedIn(req);
    if (user) return { id: user.id };
    const known = this.viewerId(req);
    if (known) return { id: `web:${known}` };
    const from = req.ip;
    if (!this.newViewers.allows(from)) {
      this.log.info({ from }, 'studio: too many new visitors from one address');
      throw new UserError('limit-reached', 'studio:errors.tooManyVisitors');
    }
    this.newViewers.hit(from);
    const id = randomBytes(12).toString('base64url');
    reply.setCookie('tt_viewer', id, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req), signed: true, maxAge: YEAR });
    req.cookies.tt_viewer = reply.signCookie(id);
    return { id: `web:${id}` };
  }

  /** The name a viewer votes under (a viewer identity is made first if there is none). */
  nameViewer(req: FastifyRequest, reply: FastifyReply, name: string): void {
    this.viewer(req, reply);
    reply.setCookie('tt_name', name, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: YEAR });
  }

  /** The voter id of someone the studio already knows (signed in, or with a viewer cookie); never makes one. */
  knownVoter(req: FastifyRequest): string | undefined {
    const anonymous = this.viewerId(req);
    return this.signedIn(req)?.id ?? (anonymous ? `web:${anonymous}` : undefined);
  }

  /** The person signed in with Discord or Telegram, from their signed session cookie. */
  signedIn(req: FastifyRequest): SignedInUser | undefined {
    const cookie = req.cookies.tt_user;
    if (!cookie) return undefined;
    const { valid, value } = req.unsignCookie(cookie);
    if (!valid || !value) return undefined;
    const [id, until, name] = value.split('|');
    if (!id || !/^(discord|telegram):\d{1,22}$/.test(id) || !(Number(until) > Date.now())) return undefined;
    return { id, name: decodeURIComponent(name ?? '') || id };
  }

  startSession(req: FastifyRequest, reply: FastifyReply, user: SignedInUser): void {
    const value = `${user.id}|${Date.now() + USER_SESSION_MS}|${encodeURIComponent(user.name)}`;
    reply.setCookie('tt_user', value, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req), signed: true, maxAge: USER_SESSION_MS / 1000 });
    this.log.info({ user: user.id }, 'studio: signed in');
  }

  /** A session from the admin sign-in. The cookie holds a signed session, never the token itself. */
  startAdminSession(req: FastifyRequest, reply: FastifyReply): void {
    reply.setCookie('tt_admin', `admin:${Date.now() + ADMIN_SESSION_MS}:${this.tokenMark()}`, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: isHttps(req),
      signed: true,
      maxAge: ADMIN_SESSION_MS / 1000,
    });
  }

  /** Ends the platform sign-in and the admin session. */
  endSessions(reply: FastifyReply): void {
    reply.clearCookie('tt_user', { path: '/' });
    reply.clearCookie('tt_admin', { path: '/' });
  }

  /**
   * Who moderates this series from here, or a 403: someone on this machine or with the admin
   * session (as the studio admin), or a signed-in person whose platform says they moderate one of
   * the series' channels (as themselves, so the audit log names them).
   */
  async moderatorOf(req: FastifyRequest, series: Series): Promise<Actor> {
    guardSameOrigin(req);
    if (this.canModerate(req)) return ADMIN;
    const user = await this.platformModerator(req, series);
    if (!user) throw httpError(403, moderationNeeds(req));
    return { id: user.id, isModerator: true, name: user.name };
  }

  /** For what only this machine or the admin session may do (start a series). */
  guardModeration(req: FastifyRequest): void {
    guardSameOrigin(req);
    if (!this.canModerate(req)) throw httpError(403, moderationNeeds(req));
  }

  /** Someone on this machine, or with the admin session. */
  private canModerate(req: FastifyRequest): boolean {
    return this.isLocal(req) || this.hasAdminSession(req);
  }

  /** The signed-in person, when their platform says they moderate one of the series' channels there. */
  private async platformModerator(req: FastifyRequest, series: Series): Promise<SignedInUser | undefined> {
    const user = this.signedIn(req);
    const check = this.signIn.moderates;
    if (!user || !check) return undefined;
    const key = `${user.id}|${series.id}`;
    const hit = this.moderatorCache.get(key);
    if (hit && hit.until > Date.now()) return hit.yes ? user : undefined;
    const platform = user.id.slice(0, user.id.indexOf(':'));
    const channels = await this.engine.channels.followedOn(series.id, platform as Place['platform']);
    // All channels at once, within a short budget: a page never waits on a platform that is slow
    // or down (no answer is a no for now, not remembered, and the next look asks again).
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), MODERATOR_CHECK_BUDGET_MS)));
    const checks = channels.map((place) => check(user.id, place, series.moderator_role).catch(() => false));
    const answer = await Promise.race([Promise.all(checks).then((all) => all.some(Boolean)), late]);
    clearTimeout(timer);
    if (answer === 'late') return undefined;
    const yes = answer;
    this.moderatorCache.set(key, { yes, until: Date.now() + MODERATOR_TTL_MS });
    return yes ? user : undefined;
  }

  /** The viewer's id when their cookie carries one we signed. */
  private viewerId(req: FastifyRequest): string | undefined {
    const cookie = req.cookies.tt_viewer;
    if (!cookie) return undefined;
    const { valid, value } = req.unsignCookie(cookie);
    return valid && value && /^[A-Za-z0-9_-]{16}$/.test(value) ? value : undefined;
  }

  /**
   * A signed, unexpired session from the admin sign-in, made with the admin token in force now:
   * changing or removing WEB_ADMIN_TOKEN ends every session made with the old one.
   */
  private hasAdminSession(req: FastifyRequest): boolean {
    const cookie = req.cookies.tt_admin;
    if (!cookie || !this.settings.adminToken) return false;
    const { valid, value } = req.unsignCookie(cookie);
    const [kind, until, mark] = valid && value ? value.split(':') : [];
    return kind === 'admin' && Number(until) > Date.now() && mark === this.tokenMark();
  }

  /** A short fingerprint of the admin token (never the token), tying sessions to it. */
  private tokenMark(): string {
    return createHash('sha256')
      .update(`tailtwist-admin:${this.settings.adminToken ?? ''}`)
      .digest('base64url')
      .slice(0, 16);
  }
}

/** Whether the visitor reached us over HTTPS (directly, or through a trusted proxy that says so). */
export function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/** Browsers say where a request comes from; a form on another site must not act here. */
export function guardSameOrigin(req: FastifyRequest): void {
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const same = site === 'same-origin' || site === 'none' || (origin !== undefined && safeHost(origin) === req.headers.host);
  if (!same) throw httpError(403, langOf(req).t('errors.sameOrigin'));
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
