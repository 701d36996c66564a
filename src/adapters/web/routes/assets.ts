import type { FastifyPluginAsync } from 'fastify';
import { CSS, JS } from '../assets.js';

/** The studio's one stylesheet and one script. */
export const assetRoutes: FastifyPluginAsync = async (s) => {
  s.get('/assets/studio.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
  s.get('/assets/studio.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(JS));
};
