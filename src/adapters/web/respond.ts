import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { langOf, type Lang } from './lang.js';
import { messagePage } from './pages.js';

/** Form fields that have a name people know (`fields.<name>` in the studio catalog), for errors about a form post. */
const FIELDS = new Set(['title', 'premise', 'cast', 'tone', 'window', 'text', 'name', 'value', 'role', 'label', 'duration']);

/** A studio page, sent with headers that keep it to its own scripts and styles. */
export function page(reply: FastifyReply, body: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'Accept-Language, Cookie')
    .send(body);
}

/** An error as JSON for the studio's scripts, as a page for browsers (form posts included). */
export function fail(req: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  reply.code(status);
  const json = (req.headers['content-type'] ?? '').includes('application/json') || (req.headers.accept ?? '').includes('application/json');
  if (json) return reply.send({ message });
  return page(reply, messagePage(langOf(req), message, status === 404 ? 'notFound' : status === 403 ? 'notAllowed' : 'oops'));
}

/** An error the studio's error handler answers with this status and message (said to the reader as it is). */
export function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode, said: true });
}

/** Whether an error's message is ours, in the reader's words (an `httpError`), not Fastify's English. */
export const isSaid = (err: Error): boolean => (err as { said?: unknown }).said === true;

/**
 * Redirects with a message for the next page, in a signed cookie: notices are only ever our own
 * words, never text someone put in a link.
 */
export function redirectWith(reply: FastifyReply, location: string, notice: string) {
  // Cut by characters, not UTF-16 units: half an emoji cannot be put in a cookie.
  reply.setCookie('tt_notice', Array.from(notice).slice(0, 300).join(''), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 120 });
  // A series' name may be in any script: a Location header carries it percent-encoded.
  return reply.redirect(encodeURI(location), 303);
}

/** The notice the last redirect left, read once. */
export function takeNotice(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const cookie = req.cookies.tt_notice;
  if (!cookie) return undefined;
  reply.clearCookie('tt_notice', { path: '/' });
  const { valid, value } = req.unsignCookie(cookie);
  return valid && value ? value : undefined;
}

/** What was wrong with a form, naming the field, in the reader's language. */
export function formError(err: z.ZodError, lang: Lang): string {
  const issue = err.issues[0];
  const name = String(issue?.path[0] ?? '');
  if (!FIELDS.has(name) || !issue) return lang.t('errors.invalidInput');
  const field = lang.t(`fields.${name}`);
  if (issue.code === 'too_big') return lang.t('errors.tooLong', { field, max: String(issue.maximum) });
  if (issue.code === 'too_small') return lang.t('errors.empty', { field });
  return lang.t('errors.invalidField', { field });
}
