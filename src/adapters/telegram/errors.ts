import { BotError, GrammyError, HttpError } from 'grammy';
import { ChannelBlockedError, ChannelMovedError, DeferJobError, PlatformUnreachableError } from '../../core/errors.js';
import { refusal, type Refusal } from '../../core/refusal.js';

/** Telegram's own Bot API, when no other server is configured. */
export const TELEGRAM_API = 'https://api.telegram.org';

/** A call that got no answer in its time (thrown by the timeout transformer; an HttpError like any unanswered call). */
export class NoAnswerError extends HttpError {
  constructor(
    method: string,
    readonly ms: number,
  ) {
    super(`Request to '${method}' got no answer within ${seconds(ms)}`, new Error('timeout'));
    this.name = 'NoAnswerError';
  }
}

const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

/**
 * Why a call got no answer, in a few words and never with its URL (which holds the bot token):
 * "connect ECONNREFUSED", "no answer within 30 s", "the connection dropped (ECONNRESET)".
 */
export function noAnswerReason(err: HttpError): string {
  if (err instanceof NoAnswerError) return `no answer within ${seconds(err.ms)}`;
  const cause = err.error as { code?: unknown; type?: unknown; name?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `connect ${code}`;
  if (code) return `the connection dropped (${code})`;
  if (cause?.name === 'AbortError') return 'the call was cut off';
  return 'the connection failed';
}

/**
 * Bot API answers that mean "this chat refuses the bot until someone there acts", with what to tell
 * people: a `refusal.telegram.*` message, said in each reader's language where it is shown.
 */
const REFUSALS: [RegExp, string][] = [
  [/bot was kicked/i, 'kicked'],
  [/bot is not a member/i, 'notMember'],
  [/bot was blocked by the user/i, 'blockedByUser'],
  [/chat was deleted/i, 'chatDeleted'],
  [/not enough rights to send text messages|have no rights to send a message|CHAT_WRITE_FORBIDDEN/i, 'noMessages'],
  [/not enough rights to send videos/i, 'noVideos'],
  [/not enough rights to send polls/i, 'noPolls'],
  [/chat not found/i, 'chatNotFound'],
  [/message thread not found/i, 'topicGone'],
  [/TOPIC_CLOSED/i, 'topicClosed'],
  [/need administrator rights in the channel chat|CHAT_ADMIN_REQUIRED/i, 'adminRequired'],
  [/CHAT_RESTRICTED|CHAT_SEND_\w+_FORBIDDEN/i, 'restricted'],
];

/** Why Telegram refuses the chat until someone there acts; undefined for anything else. */
export function refusalOf(err: unknown): Refusal | undefined {
  if (!(err instanceof GrammyError)) return undefined;
  const known = REFUSALS.find(([pattern]) => pattern.test(err.description));
  if (known) return refusal(`refusal.telegram.${known[1]}`);
  if (err.error_code === 403) return refusal('refusal.telegram.refused', { description: err.description });
  return undefined;
}

/** Telegram refused this kind of content but may take text (the group's permissions): 'videos' or 'polls'. */
export function refusedContent(err: unknown): 'videos' | 'polls' | undefined {
  if (!(err instanceof GrammyError) || err.error_code !== 400) return undefined;
  const m = /not enough rights to send (videos|polls)/i.exec(err.description);
  return m ? (m[1]!.toLowerCase() as 'videos' | 'polls') : undefined;
}

/** The supergroup a basic group became, when Telegram answers with it. */
export function movedTo(err: unknown): number | undefined {
  return err instanceof GrammyError && typeof err.parameters.migrate_to_chat_id === 'number' ? err.parameters.migrate_to_chat_id : undefined;
}

export const isTooLarge = (err: unknown) => err instanceof GrammyError && err.error_code === 413;

/**
 * A failed Bot API call as the core understands it: the chat moved, the chat refuses the bot, or
 * Telegram does not answer; anything else as it was (a 400 is a bug, a 429 a retry later). A call
 * cut off by the step's own signal stays as it is: the step is ending, Telegram is not down.
 */
export function deliveryError(err: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return err;
  const to = movedTo(err);
  if (to !== undefined) return new ChannelMovedError(String(to));
  const refusal = refusalOf(err);
  if (refusal) return new ChannelBlockedError(refusal);
  // An answer that is not JSON (a proxy's HTML error page, an emulator's plain-text 404) is an answer:
  // the server is up, the call is wrong or too large, so the step fails like any other.
  if (notJson(err)) return new Error(`the Bot API server answered ${(err as HttpError).message.replace(/^.*?'(\w+)'.*$/, '$1')} with something that is not JSON (a proxy in front of it?)`);
  if (err instanceof HttpError) return new PlatformUnreachableError('telegram', `the Bot API does not answer (${noAnswerReason(err)})`);
  // Telegram asks for a long wait: this delivery waits that long, without spending attempts.
  if (err instanceof GrammyError && err.error_code === 429 && err.parameters.retry_after)
    return new DeferJobError(`Telegram asks to wait ${err.parameters.retry_after} s`, err.parameters.retry_after * 1000);
  if (err instanceof GrammyError && err.error_code >= 500) return new PlatformUnreachableError('telegram', `the Bot API answered ${err.error_code} (${err.description})`);
  return err;
}

/** Why start() failed, in words that say what to check (and never the token). */
export function startFailure(err: unknown, apiRoot: string | undefined, what: string): Error {
  const root = apiRoot ?? TELEGRAM_API;
  const check = apiRoot ? 'check TELEGRAM_API_ROOT and the network' : 'check the network (or set TELEGRAM_API_ROOT to a Bot API server you can reach)';
  if (err instanceof GrammyError) {
    if (err.error_code === 401) return new Error('Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN');
    if (err.error_code === 404) return new Error(`the Bot API at ${root} answered 404 Not Found: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT`);
    if (err.error_code >= 500) return new Error(`the Telegram Bot API at ${root} answered ${err.error_code} (${err.description}) while ${what}: ${check}`);
    if (err.method === 'setWebhook') return new Error(`Telegram refused the webhook (${err.description}): check TELEGRAM_WEBHOOK_URL`);
    return new Error(`the Telegram Bot API at ${root} refused ${err.method} (${err.error_code}: ${err.description})`);
  }
  if (err instanceof HttpError) return new Error(`the Telegram Bot API at ${root} does not answer (${noAnswerReason(err)}): ${check}`);
  return err instanceof Error ? err : new Error(String(err));
}

/** What may be logged of an error: a network error's cause carries the request URL, which holds the token. */
export function loggable(err: unknown): unknown {
  // A handler's error carries its context, whose api holds the token: only the cause is kept.
  if (err instanceof BotError) return { type: 'BotError', update: err.ctx.update.update_id, error: loggable(err.error) };
  if (err instanceof HttpError) return { type: err.name, message: err.message, reason: noAnswerReason(err) };
  if (err instanceof GrammyError) return { type: err.name, method: err.method, code: err.error_code, description: err.description };
  return err;
}

/** The call got an answer, but not JSON: grammY reports that as a network failure. */
export function notJson(err: unknown): boolean {
  if (!(err instanceof HttpError)) return false;
  const cause = err.error as { type?: unknown; name?: unknown; message?: unknown } | undefined;
  return cause?.type === 'invalid-json' || cause?.name === 'SyntaxError' || /invalid json|Unexpected token/i.test(String(cause?.message ?? ''));
}
