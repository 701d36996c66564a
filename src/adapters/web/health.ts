import Fastify, { type FastifyInstance } from 'fastify';
import type { WebSettings } from '../../config.js';
import type { Logger } from '../../core/ports.js';

/** Prometheus text and its content type (src/metrics.ts). */
export interface MetricsSource {
  text(): Promise<string>;
  contentType: string;
}

/** Where a chat platform stands as this process sees it. */
export interface PlatformHealth {
  platform: string;
  /** connected; connecting or retrying (the adapter is not connected yet); unreachable (its deliveries wait); stopped. */
  state: 'connected' | 'connecting' | 'retrying' | 'unreachable' | 'stopped';
  reason?: string;
  /** When it is tried again (epoch ms). */
  retryAt?: number;
}

export type PlatformsSource = () => PlatformHealth[];

/** The kinds of trouble a platform's reason names, each a `home.reason.<kind>` message in the studio catalog. */
export type ReasonKind = 'token' | 'notFound' | 'webhook' | 'listen' | 'rateLimited' | 'serverError' | 'noAnswer' | 'refused' | 'stopped' | 'other';

/** A platform's reason as the studio tells it: its kind, the HTTP status it names, the settings to check. */
export interface PlatformReason {
  kind: ReasonKind;
  status?: number;
  /** Settings the reason names (TELEGRAM_API_ROOT…), as they are spelled in .env. */
  settings: string[];
  /** Whether the reason says to check the network. */
  network: boolean;
}

/** The reasons the adapters and their publishers give (src/adapters/<platform>/errors.ts), most telling first. */
const REASON_KINDS: readonly [RegExp, ReasonKind][] = [
  [/stopped while/i, 'stopped'],
  [/refused the (bot )?token|\b401\b/i, 'token'],
  [/answered 404/i, 'notFound'],
  [/could not listen/i, 'listen'],
  [/refused the webhook/i, 'webhook'],
  [/asks?( us)? to wait|rate limit/i, 'rateLimited'],
  [/answered 5\d\d/i, 'serverError'],
  [/does not answer|no answer|connection (failed|dropped)|cut off/i, 'noAnswer'],
  [/refused/i, 'refused'],
];

/**
 * What kind of trouble a platform's reason names. The reason itself is English for operators (the
 * log, /healthz); the studio says its kind in the reader's language, with the settings it names.
 */
export function platformReason(reason: string): PlatformReason {
  const kind = REASON_KINDS.find(([pattern]) => pattern.test(reason))?.[1] ?? 'other';
  const status = kind === 'serverError' ? Number(/answered (5\d\d)/i.exec(reason)?.[1]) : undefined;
  const settings = [...new Set(reason.match(/\b(?:DISCORD|TELEGRAM|WEB)_[A-Z0-9_]*[A-Z0-9]\b/g) ?? [])];
  return { kind, ...(status ? { status } : {}), settings, network: /\bnetwork\b/i.test(reason) };
}

/**
 * `GET /healthz` (up only while the database answers; a chat platform that is down makes it
 * "degraded", not down, since the story goes on) and `GET /metrics`, for orchestrators and Prometheus.
 */
export function healthRoutes(s: FastifyInstance, ping: () => Promise<void>, metrics?: MetricsSource, platforms: PlatformsSource = () => []): void {
  s.get('/healthz', async (_req, reply) => {
    try {
      await ping();
    } catch {
      return reply.code(503).send({ ok: false, status: 'down', message: 'the database does not answer' });
    }
    const list = platforms();
    return { ok: true, status: list.every((p) => p.state === 'connected') ? 'ok' : 'degraded', platforms: list };
  });
  s.get('/metrics', async (_req, reply) => {
    if (!metrics) return reply.code(404).send('metrics are off');
    return reply.type(metrics.contentType).send(await metrics.text());
  });
}

/**
 * A worker process serves no studio, only its health and metrics (render seconds, jobs) on the
 * studio's port. Several workers on one machine need a WEB_PORT each: a taken port is reported
 * and the worker works on without the endpoint.
 */
export async function serveHealth(settings: WebSettings, ping: () => Promise<void>, metrics: MetricsSource, log: Logger, platforms?: PlatformsSource): Promise<{ stop(): Promise<void> }> {
  const server = Fastify({ logger: false, forceCloseConnections: true });
  healthRoutes(server, ping, metrics, platforms);
  try {
    const address = await server.listen({ host: settings.host, port: settings.port });
    log.info({ url: address }, `health and metrics: ${address}/healthz, ${address}/metrics`);
  } catch (err) {
    log.warn(
      { port: settings.port, error: err instanceof Error ? err.message : String(err) },
      'health and metrics are not served: the port is taken (give each worker on this machine its own WEB_PORT)',
    );
  }
  return { stop: () => server.close() };
}
