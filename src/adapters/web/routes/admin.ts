import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { guardSameOrigin } from '../access.js';
import { WindowLimiter } from '../limiter.js';
import { langOf } from '../lang.js';
import { adminPage } from '../pages.js';
import { fail, page } from '../respond.js';
import type { StudioContext } from './context.js';

/** The admin sign-in: typing WEB_ADMIN_TOKEN gives this browser a moderator's session. */
export const adminRoutes: FastifyPluginAsync<StudioContext> = async (s, { access, settings, log }) => {
  /** Wrong admin tokens per address: five in a quarter of an hour, then a wait. */
  const adminGuesses = new WindowLimiter(5, 15 * 60_000);

  s.get('/admin', async (req, reply) => {
    // A token in the URL would be in proxy logs and the history: it is never taken from there.
    const inUrl = (req.query as { token?: unknown }).token !== undefined;
    const lang = langOf(req);
    return page(reply, adminPage(lang, inUrl ? lang.t('admin.tokenInLink') : undefined));
  });

  s.post('/admin', async (req, reply) => {
    guardSameOrigin(req);
    const lang = langOf(req);
    const { token } = z.object({ token: z.string().max(200) }).parse(req.body);
    const from = req.ip;
    if (!adminGuesses.allows(from)) {
      log.warn({ from }, 'studio: admin sign-in refused, too many wrong tokens');
      return fail(req, reply, 429, lang.t('admin.tooManyTokens'));
    }
    if (!settings.adminToken) return fail(req, reply, 403, lang.t('admin.noToken'));
    if (!tokenMatches(settings.adminToken, token)) {
      adminGuesses.hit(from);
      log.warn({ from }, 'studio: wrong admin token');
      reply.code(403);
      return page(reply, adminPage(lang, lang.t('admin.wrongToken')));
    }
    access.startAdminSession(req, reply);
    log.info({ from }, 'studio: a moderator signed in with the admin token');
    return reply.redirect('/', 303);
  });
};

/** Compares in constant time, so the time an answer takes says nothing about the token. */
function tokenMatches(expected: string | undefined, token: string | undefined): boolean {
  if (!expected || !token) return false;
  const a = Buffer.from(token);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
