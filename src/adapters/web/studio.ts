import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.js';
import type { WebSettings } from '../../config.js';
import { findCommand } from '../../core/commands.js';
import type { Actor } from '../../core/context.js';
import { formatDuration } from '../../core/duration.js';
import { isUserError, UserError } from '../../core/errors.js';
import type { Logger, Place } from '../../core/ports.js';
import type { Series } from '../../core/series.js';
import { cleanText } from '../../core/text.js';
import { publicStory } from '../../../commands/format.js';
import type { BibleCorrection } from '../../core/story/service.js';
import { CSS, JS } from './assets.js';
import { LiveHub } from './live.js';
import { WindowLimiter } from './limiter.js';
import { studioSecret } from './secret.js';
import { healthRoutes, type MetricsSource, type PlatformsSource } from './health.js';
import { adminPage, feedFragment, feedPage, homePage, messagePage, modPage, signInPage, statsPage, treeFragment, treePage, type PageContext } from './pages.js';
import { checkTelegramLogin, DiscordSignIn, SignInError, UsedLogins, type SignedInUser } from './sign-in.js';
import { S3MediaStore } from '../../media/s3.js';
import { BoundedMap } from '../../core/bounded-map.js';

const ADMIN: Actor = { id: 'web:admin', isModerator: true, name: 'studio admin' };
/** What the moderation page may run: the moderator commands it shows, nothing else. */
const MOD_COMMANDS = new Set([
  'mod approve',
  'mod veto',
  'mod add-option',
  'mod close-vote',
  'mod pick',
  'mod window',
  'mod retry',
  'mod studio-votes',
  'series pause',
  'series resume',
  'series end',
  'cast add',
]);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Names this machine answers to on its own: a request for one of them from a loopback socket is local. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
/**
 * Headers proxies and CDNs add: a request carrying any of them came from elsewhere, whatever its
 * socket says, so it is never trusted as local.
 */
const PROXY_HEADERS = [
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded',
  'forwarded-for',
  'via',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-cluster-client-ip',
  'fastly-client-ip',
  'x-original-forwarded-for',
  'client-ip',
];
/** Read-only endpoints that orchestrators probe by IP: served whatever the Host says. */
const ANY_HOST = new Set(['/healthz', '/metrics']);
/** Form fields as people know them, for errors about a form post. */
const FIELD_NAMES: Record<string, string> = {
  title: 'The title',
  premise: 'The premise',
  cast: 'The cast',
  tone: 'The tone',
  window: 'The vote window',
  text: 'Your text',
  name: 'The name',
  value: 'The value',
  role: 'The role',
  label: 'The label',
  duration: 'The duration',
};
const YEAR = 365 * 24 * 3600;
const ADMIN_SESSION_MS = 30 * 24 * 3600_000;
const USER_SESSION_MS = 30 * 24 * 3600_000;
const MODERATION_NEEDS = 'Moderating from here needs a sign-in as a moderator of one of its channels, or the admin token (/admin).';
/** How long a platform's word that someone moderates a series is kept. */
const MODERATOR_TTL_MS = 60_000;
/** How long a page waits for the platforms to say whether someone moderates. */
const MODERATOR_CHECK_BUDGET_MS = 1_500;

const SeriesName = z.object({
  name: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[\p{L}\p{N}-]+$/u),
});
const VoteBody = z.object({ letter: z.string().regex(/^[A-Za-z]$/) });
const TextBody = z.object({ text: z.string().max(2000) });
const NameBody = z.object({ name: z.string().max(200) });
const StoryBody = z.object({
  field: z.enum(['genre', 'question', 'role', 'places', 'props', 'culprit']),
  value: z.string().max(2000).optional(),
  name: z.string().max(200).optional(),
  role: z.string().max(60).optional(),
  title: z.string().max(400).optional(),
});
const MediaParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), kind: z.enum(['video', 'poster']) });
const CreateBody = z.object({
  title: z.string().max(400),
  premise: z.string().max(4000),
  cast: z.string().max(2000).optional(),
  tone: z.string().max(40).optional(),
  window: z.string().max(40).optional(),
});

/**
 * The web studio: a feed of each series with the player and the live ballot, the story tree,
 * stats, and moderation — the same engine and commands as the chat bots. The studio is a channel
 * of every series it shows, so its votes add up with Discord's and Telegram's.
 */
/** Whether a signed-in person (`discord:<id>`, `telegram:<id>`) may moderate in a channel: their platform decides. */
export type ModeratorCheck = (userId: string, place: Place, moderatorRole: string | null) => Promise<boolean>;

/** What the chat platforms lend the studio's sign-in. */
export interface StudioSignIn {
  /** The Telegram bot's username, once it is connected: the Login Widget names it. */
  telegramBot?: () => string | undefined;
  /** Asks the platform whether a signed-in person moderates one of a series' channels. */
  moderates?: ModeratorCheck;
}

export class Studio {
  private readonly server: FastifyInstance;
  private app: App | undefined;
  private hub: LiveHub | undefined;

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
    this.hosts = knownHosts(settings);
    this.newViewers = new WindowLimiter(settings.newVisitorsPerHour, 3600_000);
    this.proxies = new net.BlockList();
    for (const p of settings.trustedProxies) {
      const [address, bits] = p.split('/') as [string, string | undefined];
      const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.proxies.addAddress(address, type);
      else this.proxies.addSubnet(address, Number(bits), type);
    }
    this.discordSignIn = settings.discordSignIn ? new DiscordSignIn(settings.discordSignIn) : undefined;
  }

  private readonly discordSignIn: DiscordSignIn | undefined;
  private readonly usedLogins = new UsedLogins();
  private readonly proxies: net.BlockList;

  /** The host names the studio answers to: a request for any other may be DNS rebinding. */
  private readonly hosts: Set<string>;
  /** Wrong admin tokens per address: five in a quarter of an hour, then a wait. */
  private readonly adminGuesses = new WindowLimiter(5, 15 * 60_000);
  /** New viewer identities per address and hour. */
  private readonly newViewers: WindowLimiter;

  attach(app: App): void {
    this.app = app;
    this.hub = new LiveHub(app.engine, this.log);
    void this.routes();
  }

  /** Listens and returns the address to open. */
  async start(): Promise<string> {
    if (!this.app) throw new Error('attach the app before starting the studio');
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

  private ready: Promise<void> = Promise.resolve();

  private routes(): Promise<void> {
    const s = this.server;
    this.ready = (async () => {
      await s.register(fastifyCookie, { secret: studioSecret(this.settings) });
      await s.register(fastifyFormbody);
      await s.register(fastifyStatic, { root: path.resolve(this.mediaDir), serve: false });
      s.addHook('onRequest', async (req, reply) => {
        if (ANY_HOST.has(req.url.split('?')[0]!) || this.hosts.has(hostnameOf(req.headers.host))) return;
        this.log.warn({ host: String(req.headers.host ?? '').slice(0, 100) }, 'studio: refused a request for an unknown host');
        return this.fail(req, reply, 421, `This studio does not answer to that address. Open it at localhost, or set WEB_PUBLIC_URL to the address you use.`);
      });
      s.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
        if (err instanceof z.ZodError) return this.fail(req, reply, 400, formError(err));
        if (isUserError(err)) return this.fail(req, reply, 400, err.message);
        if (err.statusCode && err.statusCode < 500) return this.fail(req, reply, err.statusCode, err.message);
        // The route, not the URL: a sign-in's query holds credentials.
        this.log.error({ err, route: req.routeOptions.url ?? 'unknown' }, 'studio: request failed');
        return this.fail(req, reply, 500, 'Sorry, something went wrong on our side.');
      });
      s.setNotFoundHandler((req, reply) => this.fail(req, reply, 404, 'There is nothing here.'));

      healthRoutes(s, () => this.engine.ping(), this.metrics, this.platforms);
      s.get('/assets/studio.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
      s.get('/assets/studio.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(JS));

      s.get('/', async (req, reply) => {
        const overview = await this.engine.overview();
        const notice = this.takeNotice(req, reply);
        return this.page(
          reply,
          homePage(
            overview.map((o) => ({ name: o.series.name, title: o.series.title, premise: o.series.premise, status: o.series.status, episodes: o.episodes, posterEpisodeId: o.posterEpisodeId })),
            { ...this.pageContext(req), platforms: this.platforms(), notice },
          ),
        );
      });

      s.post('/series', async (req, reply) => {
        this.guardModeration(req);
        const body = CreateBody.parse(req.body);
        // Checked here, so the message speaks of the form rather than of chat syntax.
        const title = cleanText(body.title, { field: 'The title', max: 80 });
        const premise = cleanText(body.premise, { field: 'The premise', max: 500 });
        const place: Place = { platform: 'web', chatId: `studio/${randomBytes(6).toString('base64url')}`, threadId: '' };
        const args = { title, premise, ...(body.cast ? { cast: body.cast } : {}), ...(body.tone ? { tone: body.tone } : {}), ...(body.window ? { window: body.window } : {}) };
        const result = await this.app!.command({ path: ['series', 'new'], args }, ADMIN, place);
        const follow = await this.engine.seriesAt(place);
        if (!follow) return this.redirectWith(reply, '/#create', result.text);
        return reply.redirect(`/s/${follow.name}`, 303);
      });

      s.get('/s/:name', async (req, reply) => {
        const series = await this.seriesOf(req);
        const nodes = await this.engine.storyTree(series.id);
        const ctx = { ...(await this.seriesContext(req, series)), now: this.engine.now(), chosen: await this.chosenLetter(req, series) };
        if ((req.query as { fragment?: string }).fragment === 'feed') return this.page(reply, feedFragment(series, nodes, ctx).html);
        const question = publicStory(await this.engine.story.view(series.id)).question;
        return this.page(reply, feedPage(series, nodes, { ...ctx, question }));
      });

      s.get('/s/:name/tree', async (req, reply) => {
        const series = await this.seriesOf(req);
        const [nodes, view] = await Promise.all([this.engine.storyTree(series.id), this.engine.story.view(series.id)]);
        const story = publicStory(view);
        if ((req.query as { fragment?: string }).fragment === 'tree') return this.page(reply, treeFragment(series, nodes, story).html);
        const ctx = await this.seriesContext(req, series);
        const notice = this.takeNotice(req, reply);
        const bible = ctx.canModerate ? { bible: view.bible, storyCulprit: view.state.culprit, written: view.state.episode, notice } : undefined;
        return this.page(reply, treePage(series, nodes, { ...ctx, story, bible }));
      });

      // A moderator corrects the bible from the story page; the next episode is written from it.
      s.post('/s/:name/story', async (req, reply) => {
        const series = await this.seriesOf(req);
        const actor = await this.moderatorOf(req, series);
        const body = StoryBody.parse(req.body);
        const back = (notice: string) => this.redirectWith(reply, `/s/${series.name}/tree#bible`, notice);
        try {
          await this.engine.story.correct(actor, series.id, storyCorrection(body));
        } catch (err) {
          if (isUserError(err)) return back(err.message);
          throw err;
        }
        this.hub!.poke(series.id);
        const what = { genre: 'genre', question: 'central question', role: 'role', places: 'places', props: 'props', culprit: 'culprit' }[body.field];
        if (body.field === 'culprit') {
          const { bible, state } = await this.engine.story.view(series.id);
          const culprit = bible.incident?.culprit ?? null;
          if (state.episode > 0 && state.culprit !== culprit) {
            return back(
              `The culprit is corrected in the bible. Heads-up: after episode ${state.episode} the story still has ${state.culprit ?? 'nobody'} as the culprit, and the next episode goes on from there.`,
            );
          }
        }
        return back(`The ${what} is corrected. The next episode follows the corrected bible.`);
      });

      s.get('/s/:name/stats', async (req, reply) => {
        const series = await this.seriesOf(req);
        return this.page(reply, statsPage(series, await this.engine.stats(series.id), await this.seriesContext(req, series)));
      });

      s.get('/s/:name/events', async (req, reply) => {
        const series = await this.seriesOf(req);
        reply.hijack();
        this.hub!.watch(series.id, reply.raw);
      });

      s.post('/s/:name/vote', async (req, reply) => {
        this.guardSameOrigin(req);
        const series = await this.seriesOf(req);
        const { letter } = VoteBody.parse(req.body);
        const ballot = await this.engine.ballots.current(series.id);
        if (!ballot || ballot.status !== 'open') return reply.code(409).send({ message: 'There is no open ballot right now. The next one comes with the next episode.' });
        // Where anonymous votes could be stuffed from anywhere, people vote as themselves.
        if (series.studio_votes === 'signed-in' && !this.signedIn(req) && !this.isLocal(req)) {
          const message = this.signInOffered()
            ? 'Sign in with Discord or Telegram to vote here (top right): each person then has one vote across the studio and the chats.'
            : 'Votes from outside need a sign-in, and this studio has none set up: a moderator can let anyone vote with /mod studio-votes anyone.';
          return reply.code(403).send({ message, signIn: '/sign-in' });
        }
        const place = await this.placeFor(series);
        const result = await this.engine.voteOn({ ballotId: ballot.id, letter: letter.toUpperCase(), voterId: this.viewer(req, reply).id, place });
        this.hub!.poke(series.id);
        const change = result.previousLetter && result.previousLetter !== result.letter ? ` (was ${result.previousLetter})` : '';
        return { message: `You picked ${result.letter}: ${result.label}${change}. You can change it for ${formatDuration(result.closesAt - this.engine.now())}.`, letter: result.letter };
      });

      s.post('/s/:name/suggest', async (req, reply) => {
        this.guardSameOrigin(req);
        const series = await this.seriesOf(req);
        const { text } = TextBody.parse(req.body);
        const actor: Actor = { id: this.viewer(req, reply).id, isModerator: false };
        const place = await this.placeFor(series);
        const s = await this.engine.suggestions.suggest(actor, series.id, await this.engine.channelId(series.id, place), text);
        return { message: `Thanks! Your twist is suggestion #${s.number}; the moderators will look at it.` };
      });

      s.post('/viewer', async (req, reply) => {
        this.guardSameOrigin(req);
        const name = cleanText(NameBody.parse(req.body).name, { field: 'Your name', max: 32 });
        this.viewer(req, reply);
        reply.setCookie('tt_name', name, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: YEAR });
        return { message: `You vote as ${name}.` };
      });

      s.get('/s/:name/mod', async (req, reply) => {
        const series = await this.seriesOf(req);
        const ctx = await this.seriesContext(req, series);
        if (!ctx.canModerate) return this.fail(req, reply, 403, MODERATION_NEEDS);
        const [pending, ballotRow, cast, audit, latest, blocked] = await Promise.all([
          this.engine.suggestions.pending(series.id),
          this.engine.ballots.latest(series.id),
          this.engine.cast.list(series.id),
          this.engine.audit(series.id),
          this.engine.episodes.show(series.id).catch(() => null),
          this.engine.channels.blockedIn(series.id),
        ]);
        const notice = this.takeNotice(req, reply);
        return this.page(
          reply,
          modPage(
            {
              series: {
                name: series.name,
                title: series.title,
                status: series.status,
                voteWindow: formatDuration(series.vote_window_ms),
                moderatorRole: series.moderator_role,
                studioVotes: series.studio_votes,
              },
              suggestions: pending.map((p) => ({ number: p.number, text: p.text, author: p.author_id })),
              ballot: ballotRow ? await this.engine.ballots.view(ballotRow) : null,
              latest,
              cast: cast.map((c) => ({ name: c.name, species: c.species })),
              audit: audit.map((a) => ({ at: a.at, actor: a.actor_id, action: a.action, details: a.details.slice(0, 200) })),
              blocked,
              notice,
            },
            ctx,
          ),
        );
      });

      s.post('/s/:name/mod', async (req, reply) => {
        const series = await this.seriesOf(req);
        const actor = await this.moderatorOf(req, series);
        const body = z.record(z.string(), z.string().max(2000)).parse(req.body);
        const name = body.command ?? '';
        const command = MOD_COMMANDS.has(name) ? findCommand(this.app!.commands, name.split(' ')) : undefined;
        if (!command) return this.fail(req, reply, 400, 'That is not something the studio can do.');
        const args = Object.fromEntries(command.options.filter((o) => body[o.name] !== undefined).map((o) => [o.name, body[o.name]!]));
        const result = await this.app!.command({ path: name.split(' '), args }, actor, await this.placeFor(series));
        this.hub!.poke(series.id);
        return this.redirectWith(reply, `/s/${series.name}/mod`, result.text);
      });

      s.get('/sign-in', async (req, reply) => {
        reply.header(
          'content-security-policy',
          "default-src 'self'; img-src 'self' data: https://telegram.org https://t.me; style-src 'self'; script-src 'self' https://telegram.org; frame-src https://oauth.telegram.org; frame-ancestors 'none'",
        );
        return reply
          .type('text/html; charset=utf-8')
          .header('x-content-type-options', 'nosniff')
          .send(
            signInPage({
              discord: Boolean(this.discordSignIn),
              telegramBot: this.settings.telegramSignInToken ? this.signIn.telegramBot?.() : undefined,
              telegramAuthUrl: `${this.origin(req)}/auth/telegram`,
              message: this.takeNotice(req, reply),
            }),
          );
      });

      s.get('/auth/discord', async (req, reply) => {
        if (!this.discordSignIn) return this.fail(req, reply, 404, 'Sign-in with Discord is not set up here.');
        const state = randomBytes(16).toString('base64url');
        reply.setCookie('tt_oauth', state, { path: '/auth', httpOnly: true, sameSite: 'lax', secure: this.isHttps(req), signed: true, maxAge: 600 });
        return reply.redirect(this.discordSignIn.authorizeUrl(state, `${this.origin(req)}/auth/discord/callback`), 302);
      });

      s.get('/auth/discord/callback', async (req, reply) => {
        if (!this.discordSignIn) return this.fail(req, reply, 404, 'Sign-in with Discord is not set up here.');
        const q = z.object({ code: z.string().max(200).optional(), state: z.string().max(100).optional(), error: z.string().max(100).optional() }).parse(req.query);
        const kept = req.cookies.tt_oauth ? req.unsignCookie(req.cookies.tt_oauth) : undefined;
        reply.clearCookie('tt_oauth', { path: '/auth' });
        if (q.error) return this.redirectWith(reply, '/sign-in', 'Discord sign-in was cancelled.');
        // The state ties the answer to the browser that asked: a link from elsewhere signs nobody in.
        if (!q.code || !q.state || !kept?.valid || kept.value !== q.state) return this.redirectWith(reply, '/sign-in', 'That sign-in link is stale; please start again.');
        try {
          return this.startSession(req, reply, await this.discordSignIn.user(q.code, `${this.origin(req)}/auth/discord/callback`));
        } catch (err) {
          if (err instanceof SignInError) return this.redirectWith(reply, '/sign-in', err.message);
          throw err;
        }
      });

      s.get('/auth/telegram', async (req, reply) => {
        const token = this.settings.telegramSignInToken;
        if (!token) return this.fail(req, reply, 404, 'Sign-in with Telegram is not set up here.');
        const fields = z.record(z.string().max(40), z.string().max(500)).parse(req.query);
        try {
          const user = checkTelegramLogin(fields, token, Date.now());
          if (!this.usedLogins.first(fields.hash!, Date.now())) throw new SignInError('That sign-in link was used already; please sign in again.');
          return this.startSession(req, reply, user);
        } catch (err) {
          if (err instanceof SignInError) return this.redirectWith(reply, '/sign-in', err.message);
          throw err;
        }
      });

      s.post('/sign-out', async (req, reply) => {
        this.guardSameOrigin(req);
        reply.clearCookie('tt_user', { path: '/' });
        reply.clearCookie('tt_admin', { path: '/' });
        return reply.redirect('/', 303);
      });

      s.get('/admin', async (req, reply) => {
        // A token in the URL would be in proxy logs and the history: it is never taken from there.
        const inUrl = (req.query as { token?: unknown }).token !== undefined;
        return this.page(reply, adminPage(inUrl ? 'Tokens in a link end up in logs and browser history, so the studio does not take them from there: type it below.' : undefined));
      });

      s.post('/admin', async (req, reply) => {
        this.guardSameOrigin(req);
        const { token } = z.object({ token: z.string().max(200) }).parse(req.body);
        const from = req.ip;
        if (!this.adminGuesses.allows(from)) {
          this.log.warn({ from }, 'studio: admin sign-in refused, too many wrong tokens');
          return this.fail(req, reply, 429, 'Too many wrong tokens from here; try again in a quarter of an hour.');
        }
        if (!this.settings.adminToken) return this.fail(req, reply, 403, 'No admin token is set for this studio (WEB_ADMIN_TOKEN): moderate from the machine it runs on.');
        if (!this.tokenMatches(token)) {
          this.adminGuesses.hit(from);
          this.log.warn({ from }, 'studio: wrong admin token');
          reply.code(403);
          return this.page(reply, adminPage('That admin token is not right.'));
        }
        // The cookie holds a signed session, never the token itself.
        reply.setCookie('tt_admin', `admin:${Date.now() + ADMIN_SESSION_MS}:${this.tokenMark()}`, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: this.isHttps(req),
          signed: true,
          maxAge: ADMIN_SESSION_MS / 1000,
        });
        this.log.info({ from }, 'studio: a moderator signed in with the admin token');
        return reply.redirect('/', 303);
      });

      s.get('/media/:id/:kind', async (req, reply) => {
        const { id, kind } = MediaParams.parse(req.params);
        const episode = await this.engine.media(id);
        const file = kind === 'video' ? episode?.video : episode?.poster;
        if (file?.startsWith('s3://') && this.app!.media instanceof S3MediaStore) return this.fromBucket(this.app!.media, file, req, reply);
        const root = path.resolve(this.mediaDir);
        const full = file ? path.resolve(file) : '';
        // Only files under the media folder, whatever the database says.
        if (!file || !full.startsWith(root + path.sep)) return this.fail(req, reply, 404, 'There is no such video.');
        reply.header('cache-control', 'public, max-age=86400');
        return reply.sendFile(path.relative(root, full), root);
      });
    })();
    return this.ready;
  }

  /** Streams a video kept in the bucket, honouring a single byte range as players ask. */
  private async fromBucket(store: S3MediaStore, ref: string, req: FastifyRequest, reply: FastifyReply) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
    const range = m && (m[1] || m[2]) ? (m[1] ? { start: Number(m[1]), ...(m[2] ? { end: Number(m[2]) } : {}) } : undefined) : undefined;
    const object = await store.open(ref, range);
    if (!object) return this.fail(req, reply, 404, 'There is no such video.');
    reply.header('accept-ranges', 'bytes').header('cache-control', 'public, max-age=86400').type(object.contentType);
    if (!object.body) return reply.code(416).header('content-range', `bytes */${object.size}`).send();
    if (object.range) {
      reply
        .code(206)
        .header('content-range', `bytes ${object.range.start}-${object.range.end}/${object.size}`)
        .header('content-length', object.range.end - object.range.start + 1);
    } else {
      reply.header('content-length', object.size);
    }
    return reply.send(object.body);
  }

  private get engine() {
    return this.app!.engine;
  }

  private page(reply: FastifyReply, body: string) {
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
      .header('x-content-type-options', 'nosniff')
      .send(body);
  }

  /** An error as JSON for the studio's scripts, as a page for browsers (form posts included). */
  private fail(req: FastifyRequest, reply: FastifyReply, status: number, message: string) {
    reply.code(status);
    const json = (req.headers['content-type'] ?? '').includes('application/json') || (req.headers.accept ?? '').includes('application/json');
    if (json) return reply.send({ message });
    return this.page(reply, messagePage('TailTwist', message, status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Oops'));
  }

  private async seriesOf(req: FastifyRequest): Promise<Series> {
    const parsed = SeriesName.safeParse(req.params);
    // No series has a name like that (too long, odd characters): nothing is there.
    if (!parsed.success) throw Object.assign(new Error('There is nothing here.'), { statusCode: 404 });
    const { name } = parsed.data;
    try {
      return await this.engine.series.find(name);
    } catch (err) {
      if (isUserError(err)) throw Object.assign(new Error(err.message), { statusCode: 404 });
      throw err;
    }
  }

  /** The studio's channel in a series, followed on first use. */
  private async placeFor(series: Series): Promise<Place> {
    const [followed] = await this.engine.channels.followedOn(series.id, 'web');
    if (followed) return followed;
    const place: Place = { platform: 'web', chatId: `studio/${series.id}`, threadId: '' };
    await this.engine.series.follow(ADMIN, place, series.id).catch((err: unknown) => {
      if (!isUserError(err)) throw err;
    });
    return place;
  }

  /**
   * A viewer is an id the studio made and signed, kept in a cookie (with a name, if they gave one).
   * A missing, forged or unknown cookie is a new visitor, and each address gets only a few new
   * identities an hour: clearing cookies does not buy more votes.
   */
  private viewer(req: FastifyRequest, reply: FastifyReply): { id: string } {
    const user = this.signedIn(req);
    if (user) return { id: user.id };
    const known = this.viewerId(req);
    if (known) return { id: `web:${known}` };
    const from = req.ip;
    if (!this.newViewers.allows(from)) {
      this.log.info({ from }, 'studio: too many new visitors from one address');
      throw new UserError('limit-reached', 'Too many new visitors from your address this hour: come back with the browser you used before, or try again later.');
    }
    this.newViewers.hit(from);
    const id = randomBytes(12).toString('base64url');
    reply.setCookie('tt_viewer', id, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.isHttps(req), signed: true, maxAge: YEAR });
    req.cookies.tt_viewer = reply.signCookie(id);
    return { id: `web:${id}` };
  }

  /** The viewer's id when their cookie carries one we signed. */
  private viewerId(req: FastifyRequest): string | undefined {
    const cookie = req.cookies.tt_viewer;
    if (!cookie) return undefined;
    const { valid, value } = req.unsignCookie(cookie);
    return valid && value && /^[A-Za-z0-9_-]{16}$/.test(value) ? value : undefined;
  }

  private async chosenLetter(req: FastifyRequest, series: Series): Promise<string | null> {
    const anonymous = this.viewerId(req);
    const id = this.signedIn(req)?.id ?? (anonymous ? `web:${anonymous}` : undefined);
    if (!id) return null;
    const ballot = await this.engine.ballots.current(series.id);
    if (!ballot) return null;
    return this.engine.choiceOf(ballot.id, id);
  }

  private pageContext(req: FastifyRequest): PageContext {
    const user = this.signedIn(req);
    return {
      canModerate: this.canModerate(req),
      viewerName: user?.name ?? req.cookies.tt_name ?? null,
      account: user ? { name: user.name, platform: user.id.startsWith('discord:') ? 'Discord' : 'Telegram' } : null,
      signInOffered: this.signInOffered(),
    };
  }

  private signInOffered(): boolean {
    return Boolean(this.discordSignIn || (this.settings.telegramSignInToken && this.signIn.telegramBot?.()));
  }

  /** The page context of a series page: moderation as this series allows it. */
  private async seriesContext(req: FastifyRequest, series: Series): Promise<PageContext> {
    const ctx = this.pageContext(req);
    return ctx.canModerate ? ctx : { ...ctx, canModerate: Boolean(await this.platformModerator(req, series)) };
  }

  /**
   * Who moderates this series from here, or a 403: someone on this machine or with the admin
   * session (as the studio admin), or a signed-in person whose platform says they moderate one of
   * the series' channels (as themselves, so the audit log names them).
   */
  private async moderatorOf(req: FastifyRequest, series: Series): Promise<Actor> {
    this.guardSameOrigin(req);
    if (this.canModerate(req)) return ADMIN;
    const user = await this.platformModerator(req, series);
    if (!user) throw Object.assign(new Error(MODERATION_NEEDS), { statusCode: 403 });
    return { id: user.id, isModerator: true, name: user.name };
  }

  private readonly moderatorCache = new BoundedMap<string, { yes: boolean; until: number }>(10_000);

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

  /** The person signed in with Discord or Telegram, from their signed session cookie. */
  private signedIn(req: FastifyRequest): SignedInUser | undefined {
    const cookie = req.cookies.tt_user;
    if (!cookie) return undefined;
    const { valid, value } = req.unsignCookie(cookie);
    if (!valid || !value) return undefined;
    const [id, until, name] = value.split('|');
    if (!id || !/^(discord|telegram):\d{1,22}$/.test(id) || !(Number(until) > Date.now())) return undefined;
    return { id, name: decodeURIComponent(name ?? '') || id };
  }

  private startSession(req: FastifyRequest, reply: FastifyReply, user: SignedInUser) {
    const value = `${user.id}|${Date.now() + USER_SESSION_MS}|${encodeURIComponent(user.name)}`;
    reply.setCookie('tt_user', value, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.isHttps(req), signed: true, maxAge: USER_SESSION_MS / 1000 });
    this.log.info({ user: user.id }, 'studio: signed in');
    return reply.redirect('/', 303);
  }

  /** Where this studio is reached, for the addresses a platform sends the browser back to. */
  private origin(req: FastifyRequest): string {
    return this.settings.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  }

  /**
   * Local: from this machine, for one of its own names, and through no proxy. A proxy on this
   * machine forwards for the world, so any proxy's header rules it out.
   */
  private isLocal(req: FastifyRequest): boolean {
    const peer = req.socket.remoteAddress ?? '';
    return LOOPBACK.has(peer) && !this.isTrustedProxy(peer) && LOOPBACK_NAMES.has(hostnameOf(req.headers.host)) && !PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
  }

  /** A named reverse proxy forwards for the world, even when it sends no header saying so. */
  private isTrustedProxy(address: string): boolean {
    const v4 = address.replace(/^::ffff:/, '');
    return this.proxies.check(v4, net.isIPv6(v4) ? 'ipv6' : 'ipv4');
  }

  private tokenMatches(token: string | undefined): boolean {
    const expected = this.settings.adminToken;
    if (!expected || !token) return false;
    const a = Buffer.from(token);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private canModerate(req: FastifyRequest): boolean {
    return this.isLocal(req) || this.hasAdminSession(req);
  }

  /**
   * Redirects with a message for the next page, in a signed cookie: notices are only ever our own
   * words, never text someone put in a link.
   */
  private redirectWith(reply: FastifyReply, location: string, notice: string) {
    reply.setCookie('tt_notice', notice.slice(0, 300), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 120 });
    return reply.redirect(location, 303);
  }

  /** The notice the last redirect left, read once. */
  private takeNotice(req: FastifyRequest, reply: FastifyReply): string | undefined {
    const cookie = req.cookies.tt_notice;
    if (!cookie) return undefined;
    reply.clearCookie('tt_notice', { path: '/' });
    const { valid, value } = req.unsignCookie(cookie);
    return valid && value ? value : undefined;
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

  /** Whether the visitor reached us over HTTPS (directly, or through a trusted proxy that says so). */
  private isHttps(req: FastifyRequest): boolean {
    return req.protocol === 'https';
  }

  /** Browsers say where a request comes from; a form on another site must not act here. */
  private guardSameOrigin(req: FastifyRequest): void {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const same = site === 'same-origin' || site === 'none' || (origin !== undefined && safeHost(origin) === req.headers.host);
    if (!same) throw Object.assign(new Error('Requests must come from the studio page itself.'), { statusCode: 403 });
  }

  private guardModeration(req: FastifyRequest): void {
    this.guardSameOrigin(req);
    if (!this.canModerate(req)) throw Object.assign(new Error(MODERATION_NEEDS), { statusCode: 403 });
  }
}

/** The host name of a Host header ("[::1]:3000" → "[::1]"), lower-cased; '' when there is none. */
function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function knownHosts(settings: WebSettings): Set<string> {
  const hosts = new Set(LOOPBACK_NAMES);
  const own = hostnameOf(settings.host.includes(':') && !settings.host.startsWith('[') ? `[${settings.host}]` : settings.host);
  // Listening on every interface names no host of its own.
  if (own && !['0.0.0.0', '[::]'].includes(own)) hosts.add(own);
  if (settings.publicUrl) hosts.add(new URL(settings.publicUrl).hostname.toLowerCase());
  return hosts;
}

/** What was wrong with a form, naming the field. */
function formError(err: z.ZodError): string {
  const issue = err.issues[0];
  const field = FIELD_NAMES[String(issue?.path[0] ?? '')];
  if (!field || !issue) return 'That input was not valid.';
  if (issue.code === 'too_big') return `${field} is too long; keep it to ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_small') return `${field} can't be empty.`;
  return `${field} is not valid.`;
}

/** A list typed in a textarea: one per line or separated by commas; "none" is an empty list. */
function listOf(text: string | undefined): string[] {
  if (!text || /^\s*none\s*$/i.test(text)) return [];
  return text.split(/[,;\n]/).filter((v) => v.replace(/[\p{Cc}\p{Cf}\s]/gu, '') !== '');
}

function storyCorrection(body: z.infer<typeof StoryBody>): BibleCorrection {
  switch (body.field) {
    case 'genre':
    case 'question':
      return { field: body.field, value: body.value ?? '' };
    case 'role':
      return { field: 'role', name: body.name ?? '', role: body.role ?? '', ...(body.title?.trim() ? { title: body.title } : {}) };
    case 'places':
    case 'props':
      return { field: body.field, value: listOf(body.value) };
    case 'culprit':
      return { field: 'culprit', value: !body.value || body.value === 'none' ? null : body.value };
  }
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
