import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { TelegramPlatform } from '../../src/adapters/telegram/adapter.js';
import { createRenderer } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { FakeTelegram, visibleText, type Call, type FakeUser } from '../fakes/telegram/server.js';
import { ADMIN, GROUP, settings, TelegramRig, users, type BootOptions } from '../fakes/telegram/rig.js';
import { HOUR, testConfig } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';

describe('Telegram through the real grammY client and a fake Bot API', () => {
  let rig: TelegramRig;
  let fake: FakeTelegram;
  let h: TelegramRig['h'];
  afterEach(async () => rig?.close());

  async function boot(opts: BootOptions & { maxRetryAttempts?: number; studioUrl?: string } = {}) {
    rig = new TelegramRig();
    const adapter = await rig.boot({
      ...opts,
      adapter: { ...opts.adapter, ...(opts.maxRetryAttempts !== undefined ? { maxRetryAttempts: opts.maxRetryAttempts } : {}), ...(opts.studioUrl ? { studioUrl: opts.studioUrl } : {}) },
    });
    fake = rig.fake;
    h = rig.h;
    return adapter;
  }

  const say = (from: FakeUser, text: string, chat: { id: number; type?: 'private' | 'supergroup' } = GROUP) => rig.say(from, text, chat);

  const votesOn = (seriesName: string) => rig.ballotOf(seriesName);

  it('runs a series in a group: commands, video + poll, votes from poll answers, refusal, close and the next episode', async () => {
    await boot();
    // The command menu is set in the background: a Bot API that refuses it must not stop the bot.
    await fake.waitFor(() => fake.commands[0], 'the command menu', 5000);
    expect(fake.commands).toHaveLength(1);
    expect((fake.commands[0] as { command: string }[]).map((c) => c.command)).toEqual(expect.arrayContaining(['series', 'vote', 'mod', 'help']));

    const started = await say(ADMIN, '/series@tailtwist_bot new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding. cast="Mochi: Shiba Inu, Luna: black cat"');
    expect(started).toContain('“Paws of Fate” begins');
    await h.settle();

    const video = await fake.waitFor(() => fake.sent('sendVideo')[0], 'the episode video', 5000);
    expect(video.files.find((f) => `attach://${f.field}` === video.params.video)?.size).toBeGreaterThan(0);
    expect(video.params.supports_streaming).toBe(true);
    expect(video.params.parse_mode).toBe('HTML');
    expect(visibleText(String(video.params.caption))).toMatch(/^Paws of Fate — Episode 1: /);
    const pollCall = fake.sent('sendPoll')[0]!;
    expect(pollCall.params.is_anonymous).toBe(false);
    const poll = [...fake.polls.values()][0]!;
    expect(poll.options.length).toBeGreaterThanOrEqual(3);
    expect(poll.options[0]).toMatch(/^A\. /);

    // Ten fans answer the poll; one changes their mind and one takes the answer back.
    for (const [i, user] of users.entries()) fake.answer(poll.id, user, [i < 6 ? 1 : 0]);
    fake.answer(poll.id, users[0]!, [2]);
    fake.answer(poll.id, users[9]!, []);
    const ballot = await until(async () => {
      const b = await votesOn('paws-of-fate');
      return b.totalVotes === 9 && b.options[2]!.votes === 1 ? b : undefined;
    }, 'the poll answers to be counted');
    expect(ballot.options.map((o) => o.votes).slice(0, 3)).toEqual([3, 5, 1]);

    // A fan is not a moderator; the admin is.
    expect(await say(users[3]!, '/mod close-vote')).toBe('Only moderators can do that.');
    expect(await say(users[3]!, '/vote Z')).toMatch(/not an option|no option/i);

    // The ballot closes: the poll is stopped, the result announced, and episode 2 arrives.
    await h.advance(HOUR);
    await fake.waitFor(() => fake.sent('stopPoll')[0], 'stopPoll', 5000);
    expect(fake.polls.get(poll.id)!.closed).toBe(true);
    const result = fake
      .sent('sendMessage')
      .map((c) => visibleText(String(c.params.text)))
      .find((t) => t.startsWith('🏆'));
    expect(result).toContain(`B. ${poll.options[1]!.slice(3)} wins`);
    expect(result).toContain('9 votes from every channel');
    const second = await fake.waitFor(() => fake.sent('sendVideo')[1], 'episode 2', 5000);
    expect(visibleText(String(second.params.caption))).toContain('Episode 2');
    expect(visibleText(String(second.params.caption))).toContain('Previously on Paws of Fate');
    expect(fake.sent('sendPoll')).toHaveLength(2);
    expect(fake.sent('sendVideo')).toHaveLength(2);
  });

  it('lets chat admins approve or veto suggestions with inline buttons; a member who presses one is refused', async () => {
    await boot();
    expect(await say(ADMIN, '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.')).toContain('begins');
    await h.settle();
    expect(await say(users[1]!, '/suggest The twin was the vet all along')).toContain('suggestion #1');
    expect(await say(users[2]!, '/suggest Luna buys the hospital')).toContain('suggestion #2');
    const before = fake.sent('sendMessage').length;
    expect(await say(ADMIN, '/mod queue')).toContain('#1: The twin was the vet all along');
    const queue = fake.sent('sendMessage').slice(before).at(-1)!;
    const rows = (queue.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([
      ['Approve #1', 'Veto #1'],
      ['Approve #2', 'Veto #2'],
    ]);
    expect(rows.flat().every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);

    // Each press is answered with a notice to the presser only.
    const press = async (from: FakeUser, data: string) => {
      const answered = fake.sent('answerCallbackQuery').length;
      fake.press(queue, from, data);
      const answer = await fake.waitFor(() => fake.sent('answerCallbackQuery')[answered], 'the answer to the press', 5000);
      return String(answer.params.text);
    };
    expect(await press(users[3]!, rows[0]![0]!.callback_data)).toBe('Only moderators can do that.');
    expect(await press(ADMIN, rows[0]![0]!.callback_data)).toMatch(/^Suggestion #1 is on the ballot as option [A-Z]\.$/);
    expect(await press(ADMIN, rows[1]![1]!.callback_data)).toBe('Suggestion #2 is vetoed.');
    const ballot = await votesOn('paws-of-fate');
    expect(ballot.options.some((o) => o.label === 'The twin was the vet all along')).toBe(true);
    expect(ballot.options.some((o) => o.label === 'Luna buys the hospital')).toBe(false);
    expect(await press(ADMIN, 'c:mod.nonsense:')).toMatch(/\S/); // an unknown command is answered too: no endless spinner
    expect(await press(ADMIN, 'something else')).toBe('This button no longer does anything.');
  });

  it('answers help and status in a private chat, and refuses group-only commands there', async () => {
    await boot();
    const help = await say(ADMIN, '/help', { id: ADMIN.id, type: 'private' });
    expect(help).toContain('/series status');
    expect(help).not.toContain('(moderators)');
    expect(await say(ADMIN, '/vote A', { id: ADMIN.id, type: 'private' })).toContain('works in a group');
    // Ordinary chat and commands for other bots are left alone.
    fake.say(GROUP, users[0]!, 'what a twist!');
    fake.say(GROUP, users[0]!, '/help@some_other_bot');
    await say(users[0]!, '/help');
    expect(fake.sent('sendMessage').filter((c) => Number(c.params.chat_id) === GROUP.id)).toHaveLength(1);
  });

  it('splits long replies under 4096 characters and escapes HTML in user text', async () => {
    await boot();
    await say(ADMIN, '/series new "<b>Tom & Jerry</b>" Cats <script> & dogs "quarrel" in an office full of secrets. cast="Mochi: corgi"');
    const status = await say(users[1]!, '/series status');
    expect(status).toContain('“<b>Tom & Jerry</b>”');
    for (const c of fake.sent('sendMessage')) expect([...visibleText(String(c.params.text))].length).toBeLessThanOrEqual(4096);
  });

  it('rides out a 429 storm and a 500 during sendVideo without losing or doubling anything', async () => {
    await boot();
    await say(ADMIN, '/series new "Rainy Window" A husky waits by the rainy window for a letter that never comes.');
    fake.fail('sendVideo', { status: 500 });
    fake.fail('sendVideo', { status: 429, retryAfter: 1 });
    fake.fail('sendPoll', { status: 429, retryAfter: 1, times: 2 });
    await h.settle();
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll', 10_000);
    expect(fake.calls.filter((c) => c.method === 'sendVideo').map((c) => c.status)).toEqual([500, 429, 200]);
    expect(fake.sent('sendVideo')).toHaveLength(1);
    expect(fake.sent('sendPoll')).toHaveLength(1);
    const retryWaits = fake.calls.filter((c) => c.method === 'sendPoll').map((c) => c.at);
    expect(retryWaits[1]! - retryWaits[0]!).toBeGreaterThanOrEqual(900); // retry_after was honoured
  }, 20_000);

  it('keeps failing platforms in the outbox and posts once they recover', async () => {
    // No in-call retries: this is about the outbox and the job queue behind them.
    await boot({ maxRetryAttempts: 0 });
    await say(ADMIN, '/series new "Office Hours" Two dogs compete for the corner office and one cat knows why.');
    fake.fail('sendVideo', { status: 500, times: 10 });
    await h.settle();
    const delivery = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery.status).toBe('pending');
    expect(delivery.message_id).toBeNull();
    fake.clearFaults();
    await h.advance(60_000);
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll after recovery', 10_000);
    expect(fake.sent('sendVideo')).toHaveLength(1);
  }, 30_000);

  it('after a restart between the video and the poll, posts only the poll', async () => {
    const first = await boot({ maxRetryAttempts: 0 });
    await say(ADMIN, '/series new "Lost Heir" A corgi learns he is heir to a dog-food empire.');
    fake.fail('sendPoll', { status: 500, times: 20 });
    await h.settle();
    expect(fake.sent('sendVideo')).toHaveLength(1);
    const saved = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(saved.message_id).not.toBeNull();
    expect(saved.poll_id).toBeNull();

    // The process dies; a new one (new bot, new app, same database) picks the delivery up.
    await first.stop();
    fake.clearFaults();
    const second = rig.platform({ adapter: { maxRetryAttempts: 0 } });
    await h.restart({ publishers: [second.publisher] });
    await rig.connect(second, h.app).start();
    await h.advance(60_000);
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll after restart', 10_000);
    expect(fake.sent('sendVideo')).toHaveLength(1);
    const pollCall = fake.sent('sendPoll')[0]!;
    expect((pollCall.params.reply_parameters as { message_id: number }).message_id).toBe(Number(saved.message_id));
    const done = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(done.status).toBe('sent');
    expect(done.poll_letters).toMatch(/^[A-H]{3,}$/);
  }, 30_000);

  it('never uploads a video over the server limit: the episode goes out as text with the poll', async () => {
    await boot({ settings: { maxUploadBytes: 100 }, studioUrl: 'https://drama.example.com' });
    await say(ADMIN, '/series new "Big File" A golden retriever films everything in far too much detail.');
    await h.settle();
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll', 5000);
    expect(fake.calls.filter((c: Call) => c.method === 'sendVideo')).toHaveLength(0);
    const post = fake
      .sent('sendMessage')
      .map((c) => visibleText(String(c.params.text)))
      .find((t) => t.startsWith('Big File — Episode 1'));
    expect(post).toContain('over this Telegram server');
    expect(post).toContain('Watch it in the studio: https://drama.example.com/s/big-file#ep-1');
  });

  it('uploads the real rendered MP4 byte for byte, with a small JPEG thumbnail, its duration and its frame size', async () => {
    const renderer = createRenderer(testConfig({ NARRATOR: 'animalese' }), silentLogger);
    await boot({ deps: { renderer } });
    await say(ADMIN, '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. length=30 cast="Mochi: Shiba Inu, Luna: black cat"');
    await h.settle();
    const video = await fake.waitFor(() => fake.sent('sendVideo')[0], 'the video', 5000);
    const episode = await h.handle.db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
    const part = (field: string) => video.files.find((f) => `attach://${f.field}` === video.params[field])!;
    expect(part('video').sha256).toBe(createHash('sha256').update(fs.readFileSync(episode.video_path!)).digest('hex'));
    expect(part('video').filename).toBe('paws-of-fate-episode-1.mp4');
    expect(part('thumbnail').size).toBeLessThan(200_000);
    expect(Number(video.params.duration)).toBe(Math.round(episode.duration_ms! / 1000));
    // The frame size goes with it: without it clients guess the shape and stretch a vertical video.
    expect([Number(video.params.width), Number(video.params.height)]).toEqual([720, 1280]);
    expect([episode.video_width, episode.video_height]).toEqual([720, 1280]);
  }, 120_000);

  it('takes updates by webhook when configured, and refuses calls without the secret', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${port}/telegram-hook`;
    await boot({ settings: { webhook: { url, secret: 'hook-secret', host: '127.0.0.1', port } } });
    expect(fake.sent('setWebhook')[0]!.params).toMatchObject({ url, secret_token: 'hook-secret' });
    expect(fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    const update = (text: string) => ({
      update_id: 1,
      message: {
        message_id: 5,
        date: 0,
        chat: { id: GROUP.id, type: 'supergroup', title: 'Drama Club' },
        from: { ...users[0], is_bot: false },
        text,
        entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }],
      },
    });
    const post = (body: unknown, secret?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, body: JSON.stringify(body) });
    expect((await post(update('/help'))).status).toBe(401);
    expect((await post(update('/help'), 'wrong')).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/elsewhere`, { method: 'POST' })).status).toBe(404);
    expect((await post(update('/help'), 'hook-secret')).status).toBe(200);
    const reply = await fake.waitFor(() => fake.sent('sendMessage')[0], 'the reply', 5000);
    expect(visibleText(String(reply.params.text))).toContain('TailTwist: co-write');
  });

  it('waits out a slow Bot API without posting twice', async () => {
    await boot();
    await say(ADMIN, '/series new "Slow Lane" A tortoise-paced golden retriever runs for mayor.');
    fake.fail('sendVideo', { status: 200, delayMs: 1500 });
    await h.settle();
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll', 10_000);
    expect(fake.sent('sendVideo')).toHaveLength(1);
  });

  it('keeps to Telegram flood limits per chat for what it sends, not for what it asks', async () => {
    rig = new TelegramRig();
    fake = rig.fake = await FakeTelegram.start();
    const { bot } = new TelegramPlatform(settings(fake), silentLogger); // Telegram's published limits
    await Promise.all([bot.api.sendMessage(GROUP.id, 'one'), bot.api.sendMessage(GROUP.id, 'two'), bot.api.sendMessage(-100999, 'elsewhere')]);
    const [one, two] = fake
      .sent('sendMessage')
      .filter((c) => Number(c.params.chat_id) === GROUP.id)
      .map((c) => c.at);
    expect(two! - one!).toBeGreaterThanOrEqual(950);
    // Reads are not queued behind the chat's sends: all three are asked at once. (getChat, not
    // getChatMember: that one only works for other users where the bot is an admin.)
    const sent = bot.api.sendMessage(GROUP.id, 'three');
    await Promise.all([1, 2, 3].map(() => bot.api.getChat(GROUP.id)));
    await sent;
    const order = fake.calls
      .filter((c) => ['getChat', 'sendMessage'].includes(c.method))
      .slice(-4)
      .map((c) => c.method);
    expect(order).toEqual(['getChat', 'getChat', 'getChat', 'sendMessage']);
  });
});
