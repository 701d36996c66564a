import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import { DeferJobError, PlatformUnreachableError } from '../../core/errors.js';
import { refusal as refusalOf, type Refusal } from '../../core/refusal.js';

/** Discord's own REST base, when DISCORD_API_BASE names no other. */
export const DISCORD_API = 'https://discord.com/api';

/** A rate limit longer than this is Discord being unavailable to us, not a pause in a step. */
const PLATFORM_WAIT_MS = 60_000;

export const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

const CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const codeOf = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Why a call got no answer (a closed port, a dropped connection, the REST timeout), in a few words
 * and never with its URL; undefined when Discord did answer.
 */
export function noAnswerReason(err: unknown, timeoutMs?: number): string | undefined {
  if (!(err instanceof Error) || err instanceof DiscordAPIError || err instanceof HTTPError || err instanceof RateLimitError) return undefined;
  if (err.name === 'AbortError') return timeoutMs === undefined ? 'the call was cut off' : `no answer within ${seconds(timeoutMs)}`;
  const code = codeOf(err) ?? codeOf(err.cause);
  if (code && CONNECT.has(code)) return `connect ${code}`;
  if (code) return `the connection dropped (${code})`;
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return 'the connection failed';
  return undefined;
}

/**
 * A failed REST call as the core understands it: Discord does not answer (or answers 5xx after the
 * client's retries, or asks for a wait over a minute) → PlatformUnreachableError; a shorter rate
 * limit → the step comes back after it, its attempts untouched; anything else as it was. A call
 * cut off by the step's own signal stays as it is: the step is ending, Discord is not down.
 */
export function unreachable(err: unknown, signal: AbortSignal | undefined, timeoutMs: number): unknown {
  if (signal?.aborted) return err;
  if (err instanceof RateLimitError) {
    const wait = `Discord asks us to wait ${seconds(err.retryAfter)}${err.global ? ' (global rate limit)' : ''}`;
    return err.global || err.retryAfter > PLATFORM_WAIT_MS ? new PlatformUnreachableError('discord', wait) : new DeferJobError(wait, err.retryAfter);
  }
  if (err instanceof HTTPError || (err instanceof DiscordAPIError && err.status >= 500)) return new PlatformUnreachableError('discord', `Discord answered ${err.status}`);
  const reason = noAnswerReason(err, timeoutMs);
  return reason ? new PlatformUnreachableError('discord', `Discord does not answer (${reason})`) : err;
}

const apiCode = (err: unknown): number | undefined => (err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined);

/** Discord refused a request for its size (413, error 40005). */
export const isTooLarge = (err: unknown): boolean => err instanceof DiscordAPIError && (err.status === 413 || err.code === RESTJSONErrorCodes.RequestEntityTooLarge);
export const isMissingPermissions = (err: unknown): boolean => apiCode(err) === RESTJSONErrorCodes.MissingPermissions;
export const isUnknownMessage = (err: unknown): boolean => apiCode(err) === RESTJSONErrorCodes.UnknownMessage;

/**
 * Discord refuses the channel until someone acts (a 403, or the channel is gone): what to tell
 * people, as a `refusal.discord.*` message; undefined for anything else. `permissions` says it by
 * name for Missing Permissions.
 */
export function refusal(err: unknown, permissions: () => Refusal): Refusal | undefined {
  if (!(err instanceof DiscordAPIError)) return undefined;
  if (err.code === RESTJSONErrorCodes.UnknownChannel) return refusalOf('refusal.discord.channelGone');
  if (err.code === RESTJSONErrorCodes.MissingAccess) return refusalOf('refusal.discord.missingAccess');
  if (err.code === RESTJSONErrorCodes.MissingPermissions) return permissions();
  if (err.status === 403) return refusalOf('refusal.discord.refused', { message: err.message });
  return undefined;
}

/** Why start() failed, in words that say what to check (and never the token). */
export function startFailure(err: unknown, apiBase: string | undefined, timeoutMs: number): Error {
  const api = apiBase ?? DISCORD_API;
  const check = apiBase ? 'check DISCORD_API_BASE and the network' : 'check the network (or DISCORD_API_BASE)';
  if ((err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid) || (err instanceof DiscordAPIError && err.status === 401)) {
    return new Error('Discord refused the token (401 Unauthorized): check DISCORD_TOKEN');
  }
  if (err instanceof HTTPError || (err instanceof DiscordAPIError && err.status >= 500)) return new Error(`Discord at ${api} answered ${err.status}: Discord may be having trouble; ${check}`);
  if (err instanceof DiscordAPIError) return new Error(`Discord at ${api} refused to connect the bot (${err.status}: ${err.message})`);
  const reason = noAnswerReason(err, timeoutMs);
  if (reason) return new Error(`Discord at ${api} does not answer (${reason}): ${check}`);
  return err instanceof Error ? err : new Error(String(err));
}

/** What may be logged of an error: a network error's cause carries the request URL. */
export function loggable(err: unknown): unknown {
  if (err instanceof DiscordAPIError) return { type: err.name, status: err.status, code: err.code, message: err.message, method: err.method };
  if (err instanceof HTTPError) return { type: err.name, status: err.status, method: err.method };
  const reason = noAnswerReason(err);
  return reason ? { type: (err as Error).name, reason } : err;
}
