import type { Logger } from '../core/ports.js';

/** Where a chat platform stands, for the studio and /healthz. */
export interface LinkStatus {
  platform: string;
  state: 'connecting' | 'connected' | 'retrying' | 'stopped';
  /** Why the last attempt failed, in words an operator can act on. */
  reason?: string;
  /** When the next attempt is due (epoch ms), while retrying. */
  retryAt?: number;
  failures: number;
}

/** What an adapter offers the supervisor: `start` is one bounded attempt to connect; `stop` is bounded too. */
export interface Connectable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ConnectionOptions {
  /** The wait after the first failure; it doubles up to `maxMs`. */
  firstMs: number;
  maxMs: number;
  /** A stop never waits longer than this on the adapter. */
  stopWithinMs: number;
}

const DEFAULTS: ConnectionOptions = { firstMs: 2_000, maxMs: 5 * 60_000, stopWithinMs: 5_000 };

/**
 * Keeps one chat platform connected in the background: the story loop and the studio never wait
 * on it. A failed attempt is logged once per distinct reason (with what to check), then tried
 * again with exponential backoff until it works or the process stops.
 */
export class Connection {
  private current: LinkStatus;
  private stopped = false;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private readonly options: ConnectionOptions;

  constructor(
    readonly platform: string,
    private readonly adapter: Connectable,
    private readonly log: Logger,
    options: Partial<ConnectionOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.current = { platform, state: 'connecting', failures: 0 };
  }

  status(): LinkStatus {
    return { ...this.current };
  }

  /** Starts connecting in the background; resolves at once. */
  begin(): void {
    this.running ??= this.keepTrying();
  }

  /** Resolves once connected (or stopped): for tests and callers that want to wait. */
  async settled(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.current = { ...this.current, state: 'stopped' };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopWithinMs)));
    await Promise.race([this.adapter.stop().catch((err: unknown) => this.log.warn({ err, platform: this.platform }, `${this.platform}: stop failed`)), late]);
    clearTimeout(timer);
  }

  private async keepTrying(): Promise<void> {
    let delay = this.options.firstMs;
    let lastReason: string | undefined;
    while (!this.stopped) {
      try {
        await this.adapter.start();
        // Stopped while the attempt was under way: it must not stay connected.
        if (this.stopped) {
          await this.adapter.stop().catch(() => undefined);
          return;
        }
        if (this.current.failures) this.log.info({ platform: this.platform, failures: this.current.failures }, `${this.platform}: connected after ${this.current.failures} failed attempt(s)`);
        this.current = { platform: this.platform, state: 'connected', failures: 0 };
        return;
      } catch (err) {
        if (this.stopped) return;
        const reason = err instanceof Error ? err.message : String(err);
        const retryAt = Date.now() + delay;
        this.current = { platform: this.platform, state: 'retrying', reason, retryAt, failures: this.current.failures + 1 };
        // The same reason again is news to nobody: once at warn, then quietly.
        const fields = { platform: this.platform, reason, retryInSeconds: Math.round(delay / 1000), failures: this.current.failures };
        if (reason !== lastReason) this.log.warn(fields, `${this.platform} is not connected: ${reason}. The story goes on; trying again in the background.`);
        else this.log.debug(fields, `${this.platform}: still not connected`);
        lastReason = reason;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
        delay = Math.min(this.options.maxMs, delay * 2);
      }
    }
  }
}
