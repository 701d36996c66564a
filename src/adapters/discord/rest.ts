import { DefaultRestOptions, REST, type RESTOptions } from 'discord.js';

/** How long and how often a REST call may try: every call is bounded, whatever Discord does. */
export interface RestLimits {
  /** Each attempt's time to answer. */
  timeoutMs: number;
  /** An upload's time to answer: a 25 MiB video takes a while on a slow uplink. */
  uploadTimeoutMs: number;
  /** Further attempts after a 5xx, a timeout or a reset connection (discord.js's own retry). */
  retries: number;
  /** A 429 asking to wait longer is not waited out in the call: it fails, and the step comes back later. */
  maxRateLimitWaitMs: number;
}

export const REST_LIMITS: RestLimits = { timeoutMs: 10_000, uploadTimeoutMs: 120_000, retries: 2, maxRateLimitWaitMs: 10_000 };

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Options for a discord.js REST client (alone, or inside the gateway client). `kill` aborts every
 * call the client has under way: stop() must not wait on a Discord that hangs.
 */
export function restOptions(apiBase: string | undefined, limits: RestLimits, timeoutMs: number, kill?: AbortSignal): Partial<RESTOptions> {
  const makeRequest: MakeRequest = (url, init) => {
    const own = init.signal as AbortSignal | null | undefined;
    return DefaultRestOptions.makeRequest(url, { ...init, signal: (own ? AbortSignal.any([own, kill!]) : kill) as typeof init.signal });
  };
  return {
    version: '10',
    ...(apiBase ? { api: apiBase } : {}),
    timeout: timeoutMs,
    retries: limits.retries,
    rejectOnRateLimit: (limit) => limit.retryAfter > limits.maxRateLimitWaitMs,
    ...(kill ? { makeRequest } : {}),
  };
}

export function discordRest(token: string, apiBase: string | undefined, limits: RestLimits = REST_LIMITS, timeoutMs = limits.timeoutMs): REST {
  return new REST(restOptions(apiBase, limits, timeoutMs)).setToken(token);
}
