import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { WebSettings } from '../../config.js';
import type { Logger } from '../../core/ports.js';
import type { Db } from '../../db/connect.js';

/** Prometheus text and its content type (src/metrics.ts). */
export interface MetricsSource {
  text(): Promise<string>;
  contentType: string;
}

/** `GET /healthz` (up only while the database answers) and `GET /metrics`, for orchestrators and Prometheus. */
export function healthRoutes(s: FastifyInstance, db: () => Db, metrics?: MetricsSource): void {
  s.get('/healthz', async (_req, reply) => {
    try {
      await sql`select 1`.execute(db());
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, message: 'the database does not answer' });
    }
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
export async function serveHealth(settings: WebSettings, db: Db, metrics: MetricsSource, log: Logger): Promise<{ stop(): Promise<void> }> {
  const server = Fastify({ logger: false, forceCloseConnections: true });
  healthRoutes(server, () => db, metrics);
  try {
    const address = await server.listen({ host: settings.host, port: settings.port });
    log.info({ url: address }, `health and metrics: ${address}/healthz, ${address}/metrics`);
  } catch (err) {
    log.warn({ port: settings.port, error: err instanceof Error ? err.message : String(err) }, 'health and metrics are not served: the port is taken (give each worker on this machine its own WEB_PORT)');
  }
  return { stop: () => server.close() };
}
