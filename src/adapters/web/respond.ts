import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { messagePage } from './pages.js';

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

/** A studio page, sent with headers that keep it to its own scripts and styles. */
export function page(reply: FastifyReply, body: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** An error as JSON for the studio's scripts, as a page for browsers (form posts included). */
export function fail(req: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  reply.code(status);
  const json = (req.headers['content-type'] ?? '').includes('application/json') || (req.headers.accept ?? '').includes('application/json');
  if (json) return reply.send({ message });
  return page(reply, messagePage('TailTwist', message, status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Oops'));
}

/** An error the studio's error handler answers with this status and message. */
export function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * Redirects with a message for the next page, in a signed cookie: notices are only ever our own
 * words, never text someone put in a link.
 */
export function redirectWith(reply: FastifyReply, location: string, notice: string) {
  reply.setCookie('tt_notice', notice.slice(0, 300), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 120 });
  return reply.redirect(location, 303);
}

/** The notice the last redirect left, read once. */
export function takeNotice(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const cookie = req.cookies.tt_notice;
  if (!cookie) return undefined;
  reply.clearCookie('tt_notice', { path: '/' });
  const { valid, value } = req.unsignCookie(cookie);
  return valid && value ? value : undefined;
}

/** What was wrong with a form, naming the field. */
export function formError(err: z.ZodError): string {
  const issue = err.issues[0];
  const field = FIELD_NAMES[String(issue?.path[0] ?? '')];
  if (!field || !issue) return 'That input was not valid.';
  if (issue.code === 'too_big') return `${field} is too long; keep it to ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_small') return `${field} can't be empty.`;
  return `${field} is not valid.`;
}
