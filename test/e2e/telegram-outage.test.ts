import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramPlatform, type TelegramAdapter, type TelegramOptions } from '../../src/adapters/telegram/adapter.js';
import { createApp } from '../../src/app.js';
import { PlatformUnreachableError } from '../../src/core/errors.js';
import { Lease } from '../../src/core/lease.js';
import type { BallotView, EpisodeView, Logger } from '../../src/core/ports.js';
import { silentLogger } from '../../src/log.js';
import { FakeTelegram, visibleText } from '../fakes/telegram/server.js';
import { ADMIN, GROUP, settings, TelegramRig, TEST_OPTIONS, users } from '../fakes/telegram/rig.js';
import { makeHarness } from '../helpers/harness.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';
import { until } from '../helpers/wait.js';
import { closedPort, silentServer } from '../helpers/net.js';

const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.';
const BOT_LEASE = 'telegram-poll:777000111';

async function timed<T>(work: Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const t0 = Date.now();
  const [result] = await Promise.allSettled([work]);
  return { ms: Date.now() - t0, result: result! };
}

const reason = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'resolved');

describe('Telegram when the Bot API is down, slow, or shared by several processes', () => {
  let rig: TelegramRig;
  /** Everything the adapter logs, errors spelled out (a network error's cause holds the URL, and so the token). */
  const logged: string[] = [];
  const spell = (o: object) => JSON.stringify(o, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
  const capture: Logger = {
    debug: (o, m) => logged.push(`${m} ${spell(o)}`),
    info: (o, m) => logged.push(`${m} ${spell(o)}`),
    warn: (o, m) => logged.push(`${m} ${spell(o)}`),
    error: (o, m) => logged.push(`${m} ${spell(o)}`),
  };

  afterEach(async () => {
    logged.length = 0;
    await rig?.close();
  });

  /** An adapter attached to an app, not started: for start() against whatever is at `apiRoot`. */
  async function unstarted(apiRoot: string, opts: TelegramOptions = {}): Promise<TelegramAdapter> {
    rig.h ??= await makeHarness('sqlite');
    const adapter = new TelegramPlatform(settings({ apiRoot }), capture, { ...TEST_OPTIONS, connectTimeoutMs: 400, callTimeoutMs: 200, ...opts }).adapter(rig.h.app);
    rig.adapters.push(adapter);
    return adapter;
  }

  it('start() against a closed port rejects at once with what to check, and a later start() connects once the API is up', async () => {
    rig = new TelegramRig();
    const port = await closedPort();
    const adapter = await unstarted(`http://127.0.0.1:${port}`);
    const first = await timed(adapter.start());
    expect(reason(first.result)).toBe(`the Telegram Bot API at http://127.0.0.1:${port} does not answer (connect ECONNREFUSED): check TELEGRAM_API_ROOT and the network`);
    expect(first.ms).toBeLessThan(1500);
    rig.fake = await FakeTelegram.start({ port });
    await adapter.start();
    expect(await rig.say(users[0]!, '/help', { id: users[0]!.id, type: 'private' })).toContain('TailTwist');
    expect(logged.join('\n')).toContain('telegram: long polling for updates');
    expect(logged.join('\n')).not.toContain('TEST-token');
  });

  it('start() against a server that never answers rejects within its time limit, stop() does not wait for it, and a later start() connects', async () => {
    rig = new TelegramRig();
    const silent = await silentServer();
    try {
      const adapter = await unstarted(`http://127.0.0.1:${silent.port}`);
      const first = await timed(adapter.start());
      expect(reason(first.result)).toMatch(/^the Telegram Bot API at http:\/\/127\.0\.0\.1:\d+ does not answer \(no answer within \d+ ms\): check TELEGRAM_API_ROOT and the network$/);
      expect(first.ms).toBeLessThan(1500);
      // A start in flight is cut short by stop().
      const slow = await unstarted(`http://127.0.0.1:${silent.port}`, { connectTimeoutMs: 60_000, callTimeoutMs: 60_000 });
      const starting = timed(slow.start());
      await new Promise((r) => setTimeout(r, 100));
      const stopping = await timed(slow.stop());
      expect(stopping.ms).toBeLessThan(1500);
      expect(reason((await starting).result)).toBe('the Telegram adapter was stopped while connecting');
      // The API comes up where the silent server was: the next attempt connects.
      await silent.close();
      rig.fake = await FakeTelegram.start({ port: silent.port });
      await adapter.start();
      expect(await rig.say(users[0]!, '/help', { id: users[0]!.id, type: 'private' })).toContain('TailTwist');
    } finally {
      await silent.close().catch(() => undefined);
    }
  });

  it('start() names the token when Telegram refuses it, and never logs or says the token', async () => {
    rig = new TelegramRig();
    rig.fake = await FakeTelegram.start();
    rig.fake.token = '999:other';
    const adapter = await unstarted(rig.fake.apiRoot);
    const r = await timed(adapter.start());
    expect(reason(r.result)).toBe('Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN');
    expect(logged.join('\n')).not.toContain('TEST-token');
  });

  it('runs when the Bot API does not implement setMyCommands, and sets the menu later when it does', async () => {
    rig = new TelegramRig();
    rig.fake = await FakeTelegram.start();
    rig.fake.fail('setMyCommands', { status: 404, description: 'Not Found: method not found', times: 2 });
    await rig.boot({ adapter: { commandsRetryMs: 100 } });
    expect(await rig.say(users[0]!, '/help', { id: users[0]!.id, type: 'private' })).toContain('TailTwist');
    // The menu for everyone, then one per language.
    await rig.fake.waitFor(() => rig.fake.sent('setMyCommands')[10], 'the menus on a later try', 5000);
    expect(rig.fake.calls.filter((c) => c.method === 'setMyCommands').map((c) => c.status)).toEqual([404, 404, ...Array<number>(11).fill(200)]);
  });

  it('runs against a Bot API server without webhooks or getChatAdministrators: it polls, and asks about one member instead', async () => {
    rig = new TelegramRig();
    rig.fake = await FakeTelegram.start();
    const missing = { status: 404, description: 'Not Found: method not found', times: 1000 };
    rig.fake.fail('deleteWebhook', missing);
    rig.fake.fail('getChatAdministrators', missing);
    await rig.boot();
    // The bot is an admin here, so Telegram answers getChatMember about others.
    rig.fake.setBot(GROUP.id, 'administrator', ADMIN);
    expect(await rig.say(ADMIN, NEW)).toContain('begins');
    expect(rig.fake.sent('getChatMember').length).toBeGreaterThan(0);
  });

  it('an HTML error page from a proxy in front of the Bot API is an answer, not an outage: the step fails, Telegram is not paused, and start() still polls', async () => {
    rig = new TelegramRig();
    rig.fake = await FakeTelegram.start();
    rig.fake.fail('deleteWebhook', { status: 404, html: '<html><body>404 Not Found</body></html>' });
    await rig.boot();
    rig.fake.fail('sendVideo', { status: 413, html: '<html><head><title>413 Request Entity Too Large</title></head></html>' });
    await rig.say(ADMIN, NEW);
    await rig.h.settle();
    const delivery = await rig.h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery.error ?? '').not.toContain('unreachable');
    expect(rig.h.app.engine.loop.platformHealth().find((p) => p.platform === 'telegram')).toMatchObject({ reachable: true });
    const job = await rig.h.handle.db.selectFrom('jobs').selectAll().where('kind', '=', 'deliver').executeTakeFirstOrThrow();
    expect(job.last_error).toContain('not JSON');
    expect(job.attempts).toBe(1);
  });

  it('never logs the bot token when a command fails, and a webhook answers 200 at once however the handler ends', async () => {
    rig = new TelegramRig();
    rig.fake = await FakeTelegram.start();
    rig.h = await makeHarness('sqlite');
    const port = await closedPort();
    const platform = new TelegramPlatform(settings(rig.fake, { webhook: { url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret', host: '127.0.0.1', port } }), capture, TEST_OPTIONS);
    const adapter = platform.adapter(rig.h.app);
    rig.adapters.push(adapter);
    await adapter.start();
    rig.fake.fail('sendMessage', { status: 400, description: 'Bad Request: not enough rights to send text messages to the chat', times: 5 });
    const update = {
      update_id: 9,
      message: {
        message_id: 5,
        date: 0,
        chat: { id: GROUP.id, type: 'supergroup', title: 'Drama Club' },
        from: { ...users[0], is_bot: false },
        text: '/help',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const res = await fetch(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'hook-secret' },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
    await until(async () => logged.some((l) => l.includes('telegram: update failed')), 'the failure to be logged');
    expect(logged.join('\n')).not.toContain('TEST-token');
  });

  it('a Bot API that dies mid-delivery: the publisher says so at once, the delivery waits, and goes out once when it is back', async () => {
    rig = new TelegramRig();
    await rig.boot();
    const { fake, h } = rig;
    await rig.say(ADMIN, NEW);
    fake.fail('sendPoll', { status: 0, die: true });
    const t0 = Date.now();
    await h.settle();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(fake.sent('sendVideo')).toHaveLength(1);
    const waiting = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ status: 'pending', poll_id: null });
    expect(waiting.message_id).not.toBeNull();
    expect(h.app.engine.loop.platformHealth().find((p) => p.platform === 'telegram')).toMatchObject({ reachable: false, reason: expect.stringContaining('does not answer') });
    // The deferral did not spend the delivery's attempts.
    const job = await h.handle.db.selectFrom('jobs').selectAll().where('kind', '=', 'deliver').executeTakeFirstOrThrow();
    expect(job.attempts).toBe(0);

    await fake.comeBack();
    await h.advance(60_000);
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll once Telegram is back', 5000);
    expect(fake.sent('sendVideo')).toHaveLength(1);
    expect(fake.sent('sendPoll')).toHaveLength(1);
    expect((await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow()).status).toBe('sent');
    // And the poller found its way back: commands are answered again.
    expect(await rig.say(users[1]!, '/series status')).toContain('Paws of Fate');
  });

  it('a hung call is cut by the delivery signal, and what was cut is never carried out', async () => {
    rig = new TelegramRig();
    const adapter = await rig.boot();
    const { fake } = rig;
    fake.fail('sendVideo', { status: 200, delayMs: 60_000 });
    const file = path.join(rig.h.config.dataDir, 'ep.mp4');
    fs.writeFileSync(file, 'not really a video');
    const controller = new AbortController();
    const delivering = timed(
      adapter.publisher.deliver({
        deliveryId: 'd1',
        place: { platform: 'telegram', chatId: String(GROUP.id), threadId: '' },
        episode: episode(file),
        ballot: ballot(),
        saved: {},
        locale: 'en',
        checkpoint: async () => {},
        signal: controller.signal,
      }),
    );
    await fake.waitFor(() => fake.calls.find((c) => c.method === 'sendVideo'), 'the upload', 5000);
    controller.abort(new Error('the deliver step did not finish within 600 s'));
    const { ms, result } = await delivering;
    expect(ms).toBeLessThan(1000);
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).not.toBeInstanceOf(PlatformUnreachableError); // the step ended; Telegram is not down
    expect(fake.sent('sendVideo')).toHaveLength(0);
  });

  it('polls in one process only: the other stands by, takes over when the first stops, and no 409 ever happens', async () => {
    rig = new TelegramRig();
    const first = await rig.boot({ adapter: { leaseRetryMs: 50 } });
    const { fake, h } = rig;
    // A second process on the same database and token.
    const secondApp = createApp({
      config: h.config,
      db: h.handle,
      log: silentLogger,
      clock: h.clock,
      renderer: new StoryboardRenderer(path.join(h.config.dataDir, 'media')),
      workerName: 'second-process',
    });
    const second = rig.connect(rig.platform({ adapter: { leaseRetryMs: 50 } }), secondApp);
    await second.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(first.isPolling).toBe(true);
    expect(second.isPolling).toBe(false);
    expect(await rig.say(ADMIN, '/help')).toContain('TailTwist');

    await first.stop();
    await until(async () => second.isPolling, 'the second process to take over', 5000);
    expect(await rig.say(ADMIN, '/help')).toContain('TailTwist');
    expect(fake.calls.filter((c) => c.status === 409)).toEqual([]);
    // Every update was handled once: the first process confirmed what it had handled before it let go.
    const helps = fake.sent('sendMessage').filter((c) => visibleText(String(c.params.text)).startsWith('TailTwist: co-write'));
    expect(helps).toHaveLength(2);
  });

  it('takes over from a poller that died (its lease lapsed) within about the lease time', async () => {
    rig = new TelegramRig();
    const adapter = await rig.boot({
      adapter: { leaseRetryMs: 50, pollLeaseMs: 60_000 },
      // A process that polled, then died without letting go.
      beforeStart: async (h) => void (await new Lease(h.handle.db, h.clock, BOT_LEASE, 'dead-process', 60_000).hold()),
    });
    const { fake, h } = rig;
    fake.say(GROUP, ADMIN, '/help');
    await new Promise((r) => setTimeout(r, 300));
    expect(adapter.isPolling).toBe(false);
    expect(fake.sent('sendMessage')).toHaveLength(0);
    h.clock.advance(61_000);
    await fake.waitFor(() => fake.sent('sendMessage')[0], 'the reply once the lease lapsed', 5000);
    expect(adapter.isPolling).toBe(true);
  });

  it('the fake answers a second concurrent getUpdates as Telegram does: 409 Conflict for the one it ends', async () => {
    rig = new TelegramRig();
    rig.fake = await FakeTelegram.start();
    const a = new TelegramPlatform(settings(rig.fake), silentLogger, TEST_OPTIONS);
    const waiting = a.bot.api.getUpdates({ timeout: 2 }).then(
      () => 'answered',
      (err: Error) => err.message,
    );
    await rig.fake.waitFor(() => rig.fake.calls.find((c) => c.method === 'getUpdates'), 'the first poll', 5000);
    await a.bot.api.getUpdates({ timeout: 0 });
    expect(await waiting).toContain('409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
  });
});

function episode(videoPath: string): EpisodeView {
  return {
    id: 'ep1',
    seriesId: 's1',
    seriesName: 'paws',
    seriesTitle: 'Paws of Fate',
    number: 1,
    status: 'published',
    title: 'The Wedding',
    previously: null,
    cliffhanger: 'Who?',
    videoPath,
    posterPath: null,
    durationMs: 30_000,
    sizeBytes: 18,
    width: 720,
    height: 1280,
    failedStage: null,
    error: null,
  };
}

function ballot(): BallotView {
  return {
    id: 'b1',
    status: 'open',
    opensAt: 0,
    closesAt: Date.now() + 3_600_000,
    totalVotes: 0,
    winnerLetter: null,
    decidedBy: null,
    options: ['one', 'two'].map((label, i) => ({ id: `o${i}`, letter: 'AB'[i]!, label, teaser: '', source: 'writer', status: 'active', votes: 0 })),
  };
}
