import { GrammyError, HttpError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Lease } from '../../core/lease.js';
import type { Logger } from '../../core/ports.js';
import { loggable, noAnswerReason } from './errors.js';
import { apiSignal } from './transport.js';

export interface PollerOptions {
  allowedUpdates: readonly string[];
  /** How long one getUpdates waits for news (seconds). */
  timeoutSeconds: number;
  /** How often a process without the lease tries to take it. */
  leaseRetryMs: number;
  /** Renew the lease when it was renewed longer ago than this (well under its time to live). */
  renewEveryMs: number;
  /** The wait after a failed getUpdates; it doubles up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** Updates handled at once (one chat's updates stay in order through sequentialize). */
  maxInFlight?: number;
}

/**
 * Long polling, by one process per bot: Telegram answers a second poller with 409 Conflict, so
 * only the holder of the lease polls and renews it while it does; the others wait and take it
 * over once it lapses (its holder died) or is released (a clean stop).
 */
export class Poller {
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private offset = 0;
  /** The offset of the last getUpdates sent: Telegram forgets what lies before it when the request arrives. */
  private sentOffset = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private renewedAt = -Infinity;
  private polling = false;

  constructor(
    private readonly api: Api,
    private readonly lease: Lease,
    private readonly handle: (update: Update) => Promise<void>,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly opts: PollerOptions,
  ) {}

  /** Whether this process holds the lease and polls (otherwise it stands by). */
  get isPolling(): boolean {
    return this.polling;
  }

  start(): void {
    this.loop ??= this.run().catch((err: unknown) => this.log.error({ err: loggable(err) }, 'telegram: polling stopped unexpectedly'));
  }

  /** Stops within about `withinMs`, whatever Telegram or the handlers do; hands the lease on. */
  async stop(withinMs = 3_000): Promise<void> {
    this.controller.abort();
    const until = Date.now() + withinMs;
    const left = () => Math.max(1, until - Date.now());
    await within(this.loop, left());
    // Handled updates are confirmed, so the next poller does not get them again (the poll cut off above
    // usually did that already: Telegram takes the offset when a request arrives).
    if (this.offset > this.sentOffset && this.lease.isHeld) {
      await this.api.getUpdates({ offset: this.offset, limit: 1, timeout: 0 }, apiSignal(AbortSignal.timeout(Math.min(1_000, left())))).catch(() => undefined);
    }
    await within(Promise.all(this.inFlight), left());
    if (this.lease.isHeld)
      await within(
        this.lease.release().catch((err: unknown) => this.log.warn({ err }, 'telegram: could not release the polling lease')),
        left(),
      );
    this.polling = false;
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    const o = this.opts;
    let retryMs = o.firstRetryMs;
    let standingBy = false;
    let failing: string | undefined;
    while (!signal.aborted) {
      if (!(await this.holdLease())) {
        if (this.polling) this.log.warn({}, 'telegram: another process took over polling for updates; this one posts only');
        else if (!standingBy) this.log.info({}, 'telegram: another process polls this bot for updates; this one posts only and takes over if that one stops');
        this.polling = false;
        standingBy = true;
        await sleep(o.leaseRetryMs, signal);
        continue;
      }
      if (!this.polling) this.log.info({ timeoutSeconds: o.timeoutSeconds }, 'telegram: long polling for updates');
      this.polling = true;
      standingBy = false;
      try {
        this.sentOffset = this.offset;
        const asked = Date.now();
        const updates = await this.api.getUpdates({ offset: this.offset, limit: 100, timeout: o.timeoutSeconds, allowed_updates: [...o.allowedUpdates] as never }, apiSignal(signal));
        if (failing) this.log.info({}, 'telegram: fetching updates again');
        failing = undefined;
        retryMs = o.firstRetryMs;
        for (const update of updates) {
          this.offset = update.update_id + 1;
          await this.dispatch(update);
        }
        // A server that ignores the long-poll wait and answers "nothing" at once is not asked in a busy loop.
        if (!updates.length && Date.now() - asked < 1_000) await sleep(1_000 - (Date.now() - asked), signal);
      } catch (err) {
        if (signal.aborted) break;
        const reason = describe(err);
        // Once per kind of failure at warn: a platform that is down is news once.
        if (reason !== failing) this.log.warn({ err: loggable(err), retryInMs: retryMs }, `telegram: could not fetch updates: ${reason}`);
        failing = reason;
        await sleep(retryMs, signal);
        retryMs = Math.min(o.maxRetryMs, retryMs * 2);
      }
    }
  }

  /** Takes or renews the lease, at most every `renewEveryMs`; false while another process holds it. */
  private async holdLease(): Promise<boolean> {
    if (this.lease.isHeld && this.now() - this.renewedAt < this.opts.renewEveryMs) return true;
    try {
      const held = await this.lease.hold();
      if (held) this.renewedAt = this.now();
      return held;
    } catch (err) {
      // The database is away: keep polling on a lease we still hold (it is not lapsed yet), else wait.
      this.log.warn({ err }, 'telegram: could not renew the polling lease');
      return this.lease.isHeld && this.now() - this.renewedAt < this.opts.renewEveryMs * 2;
    }
  }

  private async dispatch(update: Update): Promise<void> {
    if (this.inFlight.size >= (this.opts.maxInFlight ?? 100)) await Promise.race(this.inFlight);
    const handled: Promise<void> = this.handle(update)
      .catch((err: unknown) => this.log.error({ err: loggable(err), update: update.update_id }, 'telegram: update failed'))
      .finally(() => this.inFlight.delete(handled));
    this.inFlight.add(handled);
  }
}

function describe(err: unknown): string {
  if (err instanceof GrammyError && err.error_code === 409) return `another program polls this bot's updates (${err.description}): only one may; stop it, or use TELEGRAM_WEBHOOK_URL`;
  if (err instanceof GrammyError && err.error_code === 401) return 'Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN';
  if (err instanceof GrammyError) return `the Bot API answered ${err.error_code} (${err.description})`;
  if (err instanceof HttpError) return `the Bot API does not answer (${noAnswerReason(err)})`;
  return String(err);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Waits for `work`, but no longer than `ms`. */
async function within(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
