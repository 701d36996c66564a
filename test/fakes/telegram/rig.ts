import { TelegramPlatform, type TelegramAdapter, type TelegramOptions } from '../../../src/adapters/telegram/adapter.js';
import type { App, AppDeps } from '../../../src/app.js';
import type { TelegramSettings } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { makeHarness, type Harness } from '../../helpers/harness.js';
import { FakeTelegram, visibleText, type FakeOptions, type FakeUser } from './server.js';

export const GROUP = { id: -1001234567890, type: 'supergroup' as const, title: 'Drama Club' };
export const ADMIN: FakeUser = { id: 42, first_name: 'Ada', username: 'ada' };
export const users: FakeUser[] = Array.from({ length: 10 }, (_, i) => ({ id: 100 + i, first_name: `Fan${i}` }));
// Telegram's real limits are 1 message a second per chat; the tests keep the logic, not the wait.
export const FAST = { global: {}, group: { maxConcurrent: 1 }, out: { maxConcurrent: 1 } };
/** What every test adapter uses: fast flood limits, admins asked every time, short retry pauses. */
export const TEST_OPTIONS: TelegramOptions = { flood: FAST, adminTtlMs: 0, retryBaseMs: 50, pollTimeoutSeconds: 2, pollRetryMs: 50, stopWithinMs: 1_000 };

export function settings(fake: { apiRoot: string }, extra: Partial<TelegramSettings> = {}): TelegramSettings {
  return { token: '123456:TEST-token', apiRoot: fake.apiRoot, maxUploadBytes: 50e6, webhook: undefined, ...extra };
}

export interface BootOptions {
  fake?: FakeOptions;
  settings?: Partial<TelegramSettings>;
  adapter?: TelegramOptions;
  deps?: Partial<AppDeps>;
  /** Runs after the app is built and before the adapter starts (e.g. another process holds the polling lease). */
  beforeStart?: (h: Harness) => Promise<void>;
}

/**
 * One Telegram world per test: the fake Bot API, the engine harness, and the adapters under test
 * (the real grammY client), all closed after the test.
 */
export class TelegramRig {
  fake!: FakeTelegram;
  h!: Harness;
  readonly adapters: TelegramAdapter[] = [];

  /** Starts the fake, an app with the platform's publisher, and the adapter; ADMIN is an admin of GROUP. */
  async boot(opts: BootOptions = {}): Promise<TelegramAdapter> {
    this.fake ??= await FakeTelegram.start(opts.fake);
    const platform = this.platform(opts);
    this.h = await makeHarness('sqlite', { publishers: [platform.publisher], ...opts.deps });
    const adapter = this.connect(platform, this.h.app);
    await opts.beforeStart?.(this.h);
    await adapter.start();
    this.fake.setMember(GROUP.id, ADMIN.id, 'administrator');
    return adapter;
  }

  /** Telegram as a process builds it (the Bot API client and the publisher), on the harness's clock. */
  platform(opts: Pick<BootOptions, 'settings' | 'adapter'> = {}): TelegramPlatform {
    return new TelegramPlatform(settings(this.fake, opts.settings), silentLogger, { ...TEST_OPTIONS, now: () => this.h.clock.now(), ...opts.adapter });
  }

  /** The platform's adapter over `app`, stopped when the test closes. */
  connect(platform: TelegramPlatform, app: App): TelegramAdapter {
    const adapter = platform.adapter(app);
    this.adapters.push(adapter);
    return adapter;
  }

  /** Says something in a chat and waits for the bot's reply to it (its visible text). */
  async say(from: FakeUser, text: string, chat: { id: number; type?: 'private' | 'group' | 'supergroup' } = GROUP, opts: { thread?: number; replyTo?: number } = {}): Promise<string> {
    const fake = this.fake;
    const before = fake.sent('sendMessage').length;
    if (!fake.say(chat, from, text, opts)) throw new Error(`privacy mode kept “${text}” from the bot`);
    const reply = await fake.waitFor(
      () =>
        fake
          .sent('sendMessage')
          .slice(before)
          .find((c) => Number(c.params.chat_id) === chat.id),
      `a reply to ${text}`,
      10_000,
    );
    return visibleText(String(reply.params.text));
  }

  async ballotOf(seriesName: string) {
    const s = await this.h.app.engine.series.find(seriesName);
    return (await this.h.app.engine.status(s.id)).ballot!;
  }

  async close(): Promise<void> {
    for (const a of this.adapters.splice(0)) await a.stop();
    await this.h?.close();
    await this.fake?.close();
  }
}
