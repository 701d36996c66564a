import { describe, expect, it } from 'vitest';
import { Connection, type Connectable } from '../../src/adapters/connection.js';
import type { Logger } from '../../src/core/ports.js';
import { until } from '../helpers/wait.js';

/** A logger that keeps what was said at warn and info. */
function recordingLog(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_: object, msg?: string) => void lines.push({ level, msg: msg ?? '' });
  return { lines, debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
}

/** An adapter whose connection attempts fail with the given reasons, then work. */
function flaky(reasons: string[]): Connectable & { attempts: number; stopped: boolean } {
  return {
    attempts: 0,
    stopped: false,
    async start() {
      this.attempts++;
      const reason = reasons.shift();
      if (reason) throw new Error(reason);
    },
    async stop() {
      this.stopped = true;
    },
  };
}

describe('a platform connection', () => {
  it('keeps trying in the background with backoff, says each new reason once, and reports where it stands', async () => {
    const log = recordingLog();
    const adapter = flaky(['the token was refused: check TELEGRAM_BOT_TOKEN', 'the token was refused: check TELEGRAM_BOT_TOKEN', 'the API does not answer: check TELEGRAM_API_ROOT']);
    const c = new Connection('Telegram', adapter, log, { firstMs: 5, maxMs: 20 });
    expect(c.status().state).toBe('connecting');
    c.begin();
    await c.settled();
    expect(adapter.attempts).toBe(4);
    expect(c.status()).toEqual({ platform: 'Telegram', state: 'connected', failures: 0 });
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'Telegram is not connected: the token was refused: check TELEGRAM_BOT_TOKEN. The story goes on; trying again in the background.',
      'Telegram is not connected: the API does not answer: check TELEGRAM_API_ROOT. The story goes on; trying again in the background.',
    ]);
    expect(log.lines.at(-1)).toEqual({ level: 'info', msg: 'Telegram: connected after 3 failed attempt(s)' });
  });

  it('shows the reason and the next try while it waits, and stops at once mid-wait', async () => {
    const adapter = flaky(Array.from({ length: 100 }, () => 'Discord refused the token (401): check DISCORD_TOKEN'));
    const c = new Connection('Discord', adapter, recordingLog(), { firstMs: 60_000, maxMs: 60_000 });
    c.begin();
    await until(() => c.status().state === 'retrying', 'the first failure');
    const status = c.status();
    expect(status).toMatchObject({ state: 'retrying', reason: 'Discord refused the token (401): check DISCORD_TOKEN', failures: 1 });
    expect(status.retryAt).toBeGreaterThan(Date.now() + 50_000);
    // Stopping wakes the wait: settled() resolves now, not in a minute (the test would time out).
    await c.stop();
    await c.settled();
    expect(adapter.stopped).toBe(true);
    expect(adapter.attempts).toBe(1);
    expect(c.status().state).toBe('stopped');
  });

  it('does not wait on an adapter whose stop hangs', async () => {
    const adapter: Connectable = { start: async () => {}, stop: () => new Promise(() => {}) };
    const c = new Connection('Telegram', adapter, recordingLog(), { stopWithinMs: 20 });
    c.begin();
    await c.settled();
    await c.stop();
    expect(c.status().state).toBe('stopped');
  });
});
