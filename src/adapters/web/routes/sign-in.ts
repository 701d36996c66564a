import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebSettings } from '../../../config.js';
import { guardSameOrigin, isHttps } from '../access.js';
import { langOf } from '../lang.js';
import { signInPage } from '../pages.js';
import { fail, redirectWith, takeNotice } from '../respond.js';
import { checkTelegramLogin, SignInError, UsedLogins } from '../sign-in.js';
import type { StudioContext } from './context.js';

/** Signing in with Discord (OAuth2) or Telegram (the Login Widget), and signing out. */
export const signInRoutes: FastifyPluginAsync<StudioContext> = async (s, { access, settings }) => {
  const usedLogins = new UsedLogins();

  s.get('/sign-in', async (req, reply) => {
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data: https://telegram.org https://t.me; style-src 'self'; script-src 'self' https://telegram.org; frame-src https://oauth.telegram.org; frame-ancestors 'none'",
    );
    return reply
      .type('text/html; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .send(
        signInPage(langOf(req), {
          discord: Boolean(access.discord),
          telegramBot: access.telegramBot(),
          telegramAuthUrl: `${origin(settings, req)}/auth/telegram`,
          message: takeNotice(req, reply),
        }),
      );
  });

  s.get('/auth/discord', async (req, reply) => {
    if (!access.discord) return fail(req, reply, 404, langOf(req).t('signIn.noDiscord'));
    const state = randomBytes(16).toString('base64url');
    reply.setCookie('tt_oauth', state, { path: '/auth', httpOnly: true, sameSite: 'lax', secure: isHttps(req), signed: true, maxAge: 600 });
    return reply.redirect(access.discord.authorizeUrl(state, `${origin(settings, req)}/auth/discord/callback`), 302);
  });

  s.get('/auth/discord/callback', async (req, reply) => {
    const lang = langOf(req);
    if (!access.discord) return fail(req, reply, 404, lang.t('signIn.noDiscord'));
    const q = z.object({ code: z.string().max(200).optional(), state: z.string().max(100).optional(), error: z.string().max(100).optional() }).parse(req.query);
    const kept = req.cookies.tt_oauth ? req.unsignCookie(req.cookies.tt_oauth) : undefined;
    reply.clearCookie('tt_oauth', { path: '/auth' });
    if (q.error) return redirectWith(reply, '/sign-in', lang.t('signIn.cancelled'));
    // The state ties the answer to the browser that asked: a link from elsewhere signs nobody in.
    if (!q.code || !q.state || !kept?.valid || kept.value !== q.state) return redirectWith(reply, '/sign-in', lang.t('signIn.stale'));
    try {
      access.startSession(req, reply, await access.discord.user(q.code, `${origin(settings, req)}/auth/discord/callback`));
      return reply.redirect('/', 303);
    } catch (err) {
      if (err instanceof SignInError) return redirectWith(reply, '/sign-in', lang.t(`signIn.problem.${err.problem}`));
      throw err;
    }
  });

  s.get('/auth/telegram', async (req, reply) => {
    const token = settings.telegramSignInToken;
    const lang = langOf(req);
    if (!token) return fail(req, reply, 404, lang.t('signIn.noTelegram'));
    const fields = z.record(z.string().max(40), z.string().max(500)).parse(req.query);
    try {
      const user = checkTelegramLogin(fields, token, Date.now());
      if (!usedLogins.first(fields.hash!, Date.now())) throw new SignInError('telegramUsed');
      access.startSession(req, reply, user);
      return reply.redirect('/', 303);
    } catch (err) {
      if (err instanceof SignInError) return redirectWith(reply, '/sign-in', lang.t(`signIn.problem.${err.problem}`));
      throw err;
    }
  });

  s.post('/sign-out', async (req, reply) => {
    guardSameOrigin(req);
    access.endSessions(reply);
    return reply.redirect('/', 303);
  });
};

/** Where this studio is reached, for the addresses a platform sends the browser back to. */
function origin(settings: WebSettings, req: FastifyRequest): string {
  return settings.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}
