import { HttpError, type Transformer } from 'grammy';
import { describe, expect, it } from 'vitest';
import { NoAnswerError } from '../../../src/adapters/telegram/errors.js';
import { boundedRetry, timeLimits, type TransportOptions } from '../../../src/adapters/telegram/transport.js';

const OPTS: TransportOptions = { retries: 2, retryBaseMs: 5, maxRetryAfterSeconds: 1, callTimeoutMs: 50, uploadTimeoutMs: 200 };
type Prev = Parameters<Transformer>[0];

/** A fake client call: answers (or throws) each attempt in turn and counts them. */
function script(...answers: (object | Error)[]) {
  const calls: string[] = [];
  const prev = (async (method: string) => {
    calls.push(method);
    const next = answers.shift() ?? { ok: true, result: true };
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as Prev;
  return { prev, calls };
}

const dropped = () => new HttpError('Network request failed!', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
const run = (t: Transformer, prev: Prev, method: string, signal?: AbortSignal) => t(prev, method as never, {} as never, signal as never);

describe('Bot API calls: bounded retries and time limits', () => {
  it('retries a 5xx and a 429 a bounded number of times, and gives a longer 429 back at once', async () => {
    const fivexx = script({ ok: false, error_code: 500, description: 'x' }, { ok: false, error_code: 429, description: 'y', parameters: { retry_after: 0 } }, { ok: true, result: 1 });
    expect(await run(boundedRetry(OPTS), fivexx.prev, 'sendVideo')).toMatchObject({ ok: true });
    expect(fivexx.calls).toHaveLength(3);
    const always = script(...Array.from({ length: 10 }, () => ({ ok: false, error_code: 502, description: 'Bad Gateway' })));
    expect(await run(boundedRetry(OPTS), always.prev, 'getMe')).toMatchObject({ ok: false, error_code: 502 });
    expect(always.calls).toHaveLength(3);
    const long = script({ ok: false, error_code: 429, description: 'z', parameters: { retry_after: 300 } });
    expect(await run(boundedRetry(OPTS), long.prev, 'sendMessage')).toMatchObject({ error_code: 429 });
    expect(long.calls).toHaveLength(1);
  });

  it('asks a read again after a dropped connection, but never repeats a post that may have gone through', async () => {
    const read = script(dropped(), { ok: true, result: true });
    expect(await run(boundedRetry(OPTS), read.prev, 'getChatAdministrators')).toMatchObject({ ok: true });
    expect(read.calls).toHaveLength(2);
    const post = script(dropped());
    await expect(run(boundedRetry(OPTS), post.prev, 'sendPoll')).rejects.toBeInstanceOf(HttpError);
    expect(post.calls).toHaveLength(1);
    // A read that never works stops after its retries: no endless retry.
    const dead = script(dropped(), dropped(), dropped(), dropped());
    await expect(run(boundedRetry(OPTS), dead.prev, 'getMe')).rejects.toBeInstanceOf(HttpError);
    expect(dead.calls).toHaveLength(3);
  });

  it('cuts a call that takes longer than its limit (longer for uploads, plus the wait of a long poll)', async () => {
    const hang = (async (_m: string, _p: unknown, signal: AbortSignal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new HttpError('aborted', new Error('AbortError')))))) as unknown as Prev;
    const t0 = Date.now();
    await expect(run(timeLimits(OPTS), hang, 'sendMessage')).rejects.toBeInstanceOf(NoAnswerError);
    expect(Date.now() - t0).toBeLessThan(150);
    await expect(run(timeLimits(OPTS), hang, 'sendVideo')).rejects.toThrow('got no answer within 200 ms');
    // The caller's own signal is the caller's business: its error stays as it was.
    const controller = new AbortController();
    const cut = run(timeLimits(OPTS), hang, 'sendMessage', controller.signal);
    controller.abort();
    await expect(cut).rejects.not.toBeInstanceOf(NoAnswerError);
  });
});
