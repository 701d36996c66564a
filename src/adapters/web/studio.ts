import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.js';
import type { WebSettings } from '../../config.js';
import { isUserError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { Access, type StudioSignIn } from './access.js';
import { healthRoutes, type MetricsSource, type PlatformsSource } from './health.js';
import { Hosts, LOOPBACK } from './hosts.js';
import { langOf } from './lang.js';
import { LiveHub } from './live.js';
import { fail, formError, isSaid } from './respond.js';
import { adminRoutes } from './routes/admin.js';
import { assetRoutes } from './routes/assets.js';
import type { StudioContext } from './routes/context.js';
import { exportRoutes } from './routes/export.js';
import { feedRoutes } from './routes/feed.js';
import { homeRoutes } from './routes/home.js';
import { languageRoutes } from './routes/language.js';
import { mediaRoutes } from './routes/media.js';
import { recapRoutes } from './routes/recap.js';
import { moderationRoutes } from './routes/moderation.js';
import { signInRoutes } from './routes/sign-in.js';
import { statsRoutes } from './routes/stats.js';
import { treeRoutes } from './routes/tree.js';
import { studioSecret } from './secret.js';

export type { ModeratorCheck, StudioSignIn } from './access.js';

/** Read-only endpoints that orchestrators probe by IP: served whatever the Host says. */
const ANY_HOST = new Set(['/healthz', '/metrics']);
/** The pages, one fastify plugin each, in their own encapsulated context. */
const ROUTES = [assetRoutes, languageRoutes, homeRoutes, feedRoutes, treeRoutes, statsRoutes, moderationRoutes, signInRoutes, adminRoutes, mediaRoutes, exportRoutes, recapRoutes];

/**
 * The web studio: a feed of each series with the player and the live ballot, the story tree,
 * stats, and moderation — the same engine and commands as the chat bots. The studio is a channel
 * of every series it shows, so its votes add up with Discord's and Telegram's.
 *
 * This class sets up what every page shares (cookies, forms, the known-host check, errors, health)
 * on the root instance, so each page's plugin inherits it; the pages live in `routes/`.
 */
export class Studio {
  private readonly server: FastifyInstance;
  private readonly hosts: Hosts;
  private hub: LiveHub | undefined;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly settings: WebSettings,
    private readonly mediaDir: string,
    private readonly log: Logger,
    /** The chat platforms this process runs, and how they stand. */
    private readonly platforms: PlatformsSource = () => [],
    private readonly metrics?: MetricsSource,
    private readonly signIn: StudioSignIn = {},
  ) {
    // A stop must not wait on a viewer still watching a video. Only named proxies are believed.
    this.server = Fastify({
      logger: false,
      bodyLimit: 64 * 1024,
      trustProxy: settings.trustedProxies.length ? settings.trustedProxies : false,
      forceCloseConnections: true,
      routerOptions: { maxParamLength: 2048 },
    });
    this.hosts = new Hosts(settings);
  }

  attach(app: App): void {
    this.hub = new LiveHub(app.engine, this.log);
    const access = new Access(this.settings, this.hosts, app.engine, this.signIn, this.log);
    this.ready = this.setUp({ app, access, hub: this.hub, settings: this.settings, log: this.log, mediaDir: this.mediaDir, platforms: this.platforms });
  }

  /** Listens and returns the address to open. */
  async start(): Promise<string> {
    if (!this.ready) throw new Error('attach the app before starting the studio');
    await this.ready;
    const address = await this.server.listen({ host: this.settings.host, port: this.settings.port });
    const url = new URL(address);
    if (LOOPBACK.has(url.hostname.replace(/^\[|\]$/g, '')) || url.hostname === '[::1]') url.hostname = 'localhost';
    const shown = url.toString().replace(/\/$/, '');
    this.log.info({ url: shown }, `TailTwist studio: ${shown}`);
    return shown;
  }

  async stop(): Promise<void> {
    this.hub?.close();
    await this.server.close();
  }

  private async setUp(ctx: StudioContext): Promise<void> {
    const s = this.server;
    await s.register(fastifyCookie, { secret: studioSecret(this.settings) });
    await s.register(fastifyFormbody);
    await s.register(fastifyStatic, { root: path.resolve(this.mediaDir), serve: false });
    s.addHook('onRequest', async (req, reply) => {
      if (ANY_HOST.has(req.url.split('?')[0]!) || this.hosts.known(req)) return;
      this.log.warn({ host: String(req.headers.host ?? '').slice(0, 100) }, 'studio: refused a request for an unknown host');
      return fail(req, reply, 421, langOf(req).t('errors.unknownHost'));
    });
    s.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
      const lang = langOf(req);
      if (err instanceof z.ZodError) return fail(req, reply, 400, formError(err, lang));
      if (isUserError(err)) return fail(req, reply, 400, err.localized(lang.locale));
      // Fastify's own refusals (a body too large, one it cannot parse) are English: the reader gets ours.
      if (err.statusCode && err.statusCode < 500) return fail(req, reply, err.statusCode, isSaid(err) ? err.message : lang.t(err.statusCode === 413 ? 'errors.tooLarge' : 'errors.badRequest'));
      // The route, not the URL: a sign-in's query holds credentials.
      this.log.error({ err, route: req.routeOptions.url ?? 'unknown' }, 'studio: request failed');
      return fail(req, reply, 500, lang.t('errors.ourSide'));
    });
    s.setNotFoundHandler((req, reply) => fail(req, reply, 404, langOf(req).t('errors.nothingHere')));

    healthRoutes(s, () => ctx.app.engine.ping(), this.metrics, this.platforms);
    for (const routes of ROUTES) await s.register(routes, ctx);
  }
}
