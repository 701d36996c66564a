import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guardSameOrigin } from '../access.js';
import { pickLanguage } from '../lang.js';

const LanguageBody = z.object({ lang: z.string().max(20) });

/** The language menu: remembers the reader's pick and goes back to the page they were on. */
export const languageRoutes: FastifyPluginAsync = async (s) => {
  s.post('/language', async (req, reply) => {
    guardSameOrigin(req);
    pickLanguage(reply, LanguageBody.parse(req.body).lang);
    return reply.redirect(backTo(req), 303);
  });
};

/** The page the menu was used on (the Referer, when it is this studio), else the home page. */
function backTo(req: FastifyRequest): string {
  try {
    const from = new URL(String(req.headers.referer ?? ''));
    // Only a page of this studio: never a redirect to somewhere else.
    if (from.host === req.headers.host && from.pathname.startsWith('/') && !from.pathname.startsWith('//')) return from.pathname + from.search + from.hash;
  } catch {
    // no Referer, or not a URL
  }
  return '/';
}
