import { HttpError, type Api, type Transformer } from 'grammy';
import { NoAnswerError, notJson } from './errors.js';

/** grammY types signals with its abort-controller shim; at run time it takes Node's AbortSignal. */
export type ApiSignal = Parameters<Api['getMe']>[0];
export const apiSignal = (signal: AbortSignal | undefined): ApiSignal => signal as unknown as ApiSignal;
const nodeSignal = (signal: ApiSignal): AbortSignal | undefined => signal as unknown as AbortSignal | undefined;

export interface TransportOptions {
  /** In-call retries of a 429 or 5xx (and of a read that got no answer). */
  retries: number;
  /** The pause before the first retry of a 5xx or an unanswered read; it doubles. */
  retryBaseMs: number;
  /** A 429 asking for a longer wait is not waited out in the call: the queue retries it later. */
  maxRetryAfterSeconds: number;
  callTimeoutMs: number;
  uploadTimeoutMs: number;
}

/** Calls that post something: after a dropped connection it may have gone through, so the call is not repeated blindly. */
const POSTS = /^(send|forward|copy|edit|stopPoll)/;
/** Calls that carry a file: they may take longer than the others. */
const UPLOADS = /^send(Video|Photo|Document|Animation|Audio|Voice|VideoNote|MediaGroup)$/;
/** Calls that manage their own retries (the poller) or that are pointless to repeat (a button's answer expires within seconds). */
const NO_RETRY = new Set(['getUpdates', 'answerCallbackQuery']);

/**
 * Every Bot API call gets a time limit (longer for uploads; a long poll gets its wait on top),
 * applied under the flood throttle so time spent queued behind a chat's limit does not count.
 */
export function timeLimits(opts: TransportOptions): Transformer {
  return async (prev, method, payload, apiSig) => {
    const signal = nodeSignal(apiSig);
    const wait = method === 'getUpdates' ? Number((payload as { timeout?: number }).timeout ?? 0) * 1000 : 0;
    const ms = (UPLOADS.test(method) ? opts.uploadTimeoutMs : opts.callTimeoutMs) + wait;
    const timer = AbortSignal.timeout(ms);
    try {
      return await prev(method, payload, apiSignal(signal ? AbortSignal.any([signal, timer]) : timer));
    } catch (err) {
      if (timer.aborted && !signal?.aborted) throw new NoAnswerError(method, ms);
      throw err;
    }
  };
}

/**
 * A bounded retry (unlike @grammyjs/auto-retry, which repeats a network failure forever): a 429
 * after the wait Telegram names, a 5xx and an unanswered read with backoff, `retries` times at
 * most. An unanswered post is thrown at once: the core decides (the platform is likely down).
 */
export function boundedRetry(opts: TransportOptions): Transformer {
  return async (prev, method, payload, apiSig) => {
    const signal = nodeSignal(apiSig);
    let delay = opts.retryBaseMs;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= opts.retries || NO_RETRY.has(method);
      try {
        const res = await prev(method, payload, apiSig);
        if (res.ok || last) return res;
        const after = res.parameters?.retry_after;
        if (after !== undefined && after <= opts.maxRetryAfterSeconds) {
          await pause(after * 1000, signal);
        } else if (after === undefined && res.error_code >= 500) {
          // (Telegram answers 5xx before it posts; the queue would repeat the call anyway, only later)
          await pause(delay, signal);
          delay *= 2;
        } else {
          return res;
        }
      } catch (err) {
        if (last || signal?.aborted || !(err instanceof HttpError) || POSTS.test(method) || notJson(err)) throw err;
        await pause(delay, signal);
        delay *= 2;
      }
    }
  };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}
