import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

type Nothing = undefined | null | false;

export interface UntilOptions {
  /** More for the timeout's message: the calls a fake received, a process's output. */
  context?: () => string;
  /** The pause between probes: longer where a probe costs something (a database opened, a browser asked). */
  intervalMs?: number;
}

/**
 * The one way tests wait for something: polls `probe` until it gives a truthy value and returns
 * that value. After `timeoutMs` it fails naming `what`, the last value the probe gave and the
 * context. A probe that throws ends the wait with its error (a probe may fail fast that way).
 */
export async function until<T>(probe: () => T | Nothing | Promise<T | Nothing>, what: string, timeoutMs = 10_000, options: UntilOptions = {}): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) {
      const seen = inspect(value, { depth: 3, breakLength: Infinity }).slice(0, 500);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the last value seen: ${seen}${options.context ? `; ${options.context()}` : ''}`);
    }
    await sleep(options.intervalMs ?? 20);
  }
}
