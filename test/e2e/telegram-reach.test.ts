import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Renderer } from '../../src/core/ports.js';
import { visibleText, type Call, type FakeTelegram } from '../fakes/telegram/server.js';
import { ADMIN, GROUP, TelegramRig, users, type BootOptions } from '../fakes/telegram/rig.js';
import { HOUR } from '../helpers/harness.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';
import { until } from '../helpers/wait.js';

const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.';
/** A basic group: it may become a supergroup (a new id). */
const BASIC = { id: -4242, type: 'group' as const, title: 'Small Club' };

describe('Telegram: where the platform moves, restricts or hides things', () => {
  let rig: TelegramRig;
  let fake: FakeTelegram;
  afterEach(async () => rig?.close());

  async function boot(opts: BootOptions = {}) {
    rig = new TelegramRig();
    const adapter = await rig.boot(opts);
    fake = rig.fake;
    return adapter;
  }

  const channelRow = () => rig.h.handle.db.selectFrom('channels').selectAll().executeTakeFirstOrThrow();
  const texts = (chatId: number) =>
    fake
      .sent('sendMessage')
      .filter((c) => Number(c.params.chat_id) === chatId)
      .map((c) => visibleText(String(c.params.text)));
  const refused = (method: string) => fake.calls.filter((c) => c.method === method && c.status !== 200).map((c) => `${c.status} ${c.description}`);

  // ---- 2. a group upgraded to a supergroup -------------------------------------------------

  it('follows a group that became a supergroup from its service messages: results, votes and the next episode go to the new id', async () => {
    await boot();
    fake.setMember(BASIC.id, ADMIN.id, 'creator');
    await rig.say(ADMIN, NEW, BASIC);
    await rig.h.settle();
    const poll = [...fake.polls.values()][0]!;
    expect(poll.chatId).toBe(BASIC.id);

    const to = fake.upgrade(BASIC.id, ADMIN);
    await until(async () => (await channelRow()).chat_id === String(to), 'the channel to move');
    // The poll posted in the old group still counts; commands work in the new one.
    fake.answer(poll.id, users[1]!, [1]);
    await until(async () => (await rig.ballotOf('paws-of-fate')).totalVotes === 1, 'the vote');
    expect(await rig.say(users[2]!, '/series status', { id: to, type: 'supergroup' })).toContain('Paws of Fate');

    await rig.h.advance(HOUR);
    await fake.waitFor(() => fake.sent('sendVideo').find((c) => Number(c.params.chat_id) === to), 'episode 2 in the supergroup', 5000);
    expect(texts(to).some((t) => t.startsWith('🏆'))).toBe(true);
    expect(fake.calls.filter((c) => Number(c.params.chat_id) === BASIC.id && c.status === 400)).toEqual([]);
  });

  it('moves the channel when Telegram answers a delivery with migrate_to_chat_id, and answers a late command at the new id', async () => {
    await boot();
    fake.setMember(BASIC.id, ADMIN.id, 'creator');
    await rig.say(ADMIN, NEW, BASIC);
    // The bot missed the upgrade's service messages (it was away longer than Telegram keeps updates).
    const to = fake.upgrade(BASIC.id, ADMIN, { missed: true });
    await rig.h.settle();
    const video = await fake.waitFor(() => fake.sent('sendVideo')[0], 'the episode', 5000);
    expect(Number(video.params.chat_id)).toBe(to);
    expect(refused('sendVideo')).toEqual(['400 Bad Request: group chat was upgraded to a supergroup chat']);
    expect((await channelRow()).chat_id).toBe(String(to));
    // A command sent in the old group just before the upgrade is answered where the group is now.
    const before = texts(to).length;
    fake.inject({
      message: {
        message_id: 9999,
        date: 0,
        chat: { id: BASIC.id, type: 'group', title: BASIC.title },
        from: { ...users[3]!, is_bot: false },
        text: '/series status',
        entities: [{ type: 'bot_command', offset: 0, length: 14 }],
      },
    });
    const reply = await fake.waitFor(() => texts(to).slice(before)[0], 'the reply at the new id', 5000);
    expect(reply).toContain('Paws of Fate');
  });

  // ---- 3. permissions -----------------------------------------------------------------------

  it('says what is missing when a group refuses videos and polls, and posts the episode and ballot as text there', async () => {
    await boot({ adapter: { studioUrl: 'https://drama.example.com' } });
    fake.setPermissions(GROUP.id, { can_send_videos: false, can_send_polls: false });
    const started = await rig.say(ADMIN, NEW);
    expect(started).toContain('begins');
    expect(started).toContain('⚠️ I may not send videos or polls in this group');
    await rig.h.settle();
    await fake.waitFor(() => texts(GROUP.id).find((t) => t.startsWith('Vote for the next twist')), 'the ballot as text', 5000);
    expect(refused('sendVideo')).toEqual(['400 Bad Request: not enough rights to send videos to the chat']);
    expect(refused('sendPoll')).toEqual(['400 Bad Request: not enough rights to send polls to the chat']);
    const episode = texts(GROUP.id).find((t) => t.startsWith('Paws of Fate — Episode 1'))!;
    expect(episode).toContain("doesn't let me post videos");
    expect(episode).toContain('https://drama.example.com/s/paws-of-fate#ep-1');
    // Votes come by command instead.
    expect(await rig.say(users[1]!, '/vote A')).toMatch(/^You picked A/);
    const delivery = await rig.h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'sent', poll_id: null });
  });

  it('marks the channel when the bot is removed, stops retrying it, and posts what waited as soon as the bot is added back', async () => {
    await boot();
    await rig.say(ADMIN, NEW);
    await rig.h.settle();
    const poll = [...fake.polls.values()][0]!;
    fake.answer(poll.id, users[1]!, [0]);
    await until(async () => (await rig.ballotOf('paws-of-fate')).totalVotes === 1, 'the vote');

    fake.setBot(GROUP.id, 'kicked', ADMIN);
    await until(async () => (await channelRow()).blocked_reason?.includes('removed from this group'), 'the channel to be marked');
    await rig.h.advance(HOUR);
    // Episode 2 is made; its delivery meets a 403 and waits without using its attempts.
    await until(
      async () => (await rig.h.handle.db.selectFrom('deliveries').selectAll().where('status', '=', 'pending').executeTakeFirst())?.error?.startsWith('waiting: the bot was removed'),
      'the delivery to wait',
    );
    expect(refused('sendVideo')).toEqual(['403 Forbidden: bot was kicked from the supergroup chat']);
    const tries = fake.calls.filter((c) => c.method === 'sendVideo').length;
    await rig.h.advance(10 * 60_000);
    expect(fake.calls.filter((c) => c.method === 'sendVideo')).toHaveLength(tries);

    fake.setBot(GROUP.id, 'member', ADMIN);
    await until(async () => (await channelRow()).blocked_at === null, 'the channel to be restored');
    await rig.h.settle();
    await fake.waitFor(() => fake.sent('sendVideo')[1], 'episode 2 after the bot is back', 5000);
    expect(fake.sent('sendVideo')).toHaveLength(2);
  });

  it('marks a channel whose bot may send nothing, and posts what waited when the bot is made an admin', async () => {
    await boot();
    await rig.say(ADMIN, NEW);
    fake.setBot(GROUP.id, 'restricted', ADMIN, { can_send_messages: false, can_send_videos: false, can_send_polls: false });
    await until(async () => (await channelRow()).blocked_reason?.includes('may not send messages'), 'the channel to be marked');
    await rig.h.settle();
    expect(refused('sendVideo')).toEqual(['400 Bad Request: not enough rights to send videos to the chat']);
    expect(refused('sendMessage')).toEqual(['400 Bad Request: not enough rights to send text messages to the chat']);
    const waiting = await rig.h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ status: 'pending', error: expect.stringContaining('waiting: the bot may not send messages') });
    fake.setBot(GROUP.id, 'administrator', ADMIN);
    await until(async () => (await channelRow()).blocked_at === null, 'the channel to be restored');
    await rig.h.settle();
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the episode once the bot is an admin', 5000);
    expect(fake.sent('sendVideo')).toHaveLength(1);
  });

  // ---- 4. the frame size ---------------------------------------------------------------------

  it('sends the video with its frame size and duration, and the fake invents none when they are not sent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-frames-'));
    const inner = new StoryboardRenderer(dir);
    const renderer: Renderer = { render: async (r) => ({ ...(await inner.render(r)), width: 720, height: 1280 }) };
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    await boot({ deps: { renderer } });
    await rig.say(ADMIN, NEW);
    await rig.h.settle();
    const video = await fake.waitFor(() => fake.sent('sendVideo')[0], 'the video', 5000);
    expect(Number(video.params.width)).toBe(720);
    expect(Number(video.params.height)).toBe(1280);
    expect(video.params.supports_streaming).toBe(true);
    const sent = (video.result as { video: { width: number; height: number; duration: number } }).video;
    expect(sent).toMatchObject({ width: 720, height: 1280 });
    expect(sent.duration).toBeGreaterThan(0);
    // Without them Telegram knows no size (and clients stretch the video): the fake says 0 too.
    const bare = await rig.adapters[0]!.bot.api.raw.sendVideo({ chat_id: GROUP.id, video: 'vid_known' });
    expect(bare.video).toMatchObject({ width: 0, height: 0 });
  });

  // ---- 7. buttons ------------------------------------------------------------------------------

  /** A moderator's queue with buttons, after two suggestions. */
  async function queueWithButtons(): Promise<{ queue: Call; rows: { text: string; callback_data: string }[][] }> {
    await rig.say(ADMIN, NEW);
    await rig.h.settle();
    await rig.say(users[1]!, '/suggest The twin was the vet all along');
    await rig.say(users[2]!, '/suggest Luna buys the hospital');
    const before = fake.sent('sendMessage').length;
    await rig.say(ADMIN, '/mod queue');
    const queue = fake.sent('sendMessage').slice(before).at(-1)!;
    return { queue, rows: (queue.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard };
  }

  it('answers a button at once even while the chat is busy with a slow command (Telegram lets a press expire)', async () => {
    await boot({ fake: { callbackExpiryMs: 500 } });
    const { queue, rows } = await queueWithButtons();
    // A slow command holds the chat's queue (its admin check takes 1.5 s)…
    fake.fail('getChatAdministrators', { status: 200, delayMs: 1500 });
    fake.say(GROUP, ADMIN, '/help');
    await fake.waitFor(() => fake.calls.find((c) => c.method === 'getChatAdministrators' && c.status === 0), 'the slow command', 5000);
    // …and a press right behind it is answered with its result before it expires.
    fake.press(queue, ADMIN, rows[0]![0]!.callback_data);
    const answer = await fake.waitFor(() => fake.calls.find((c) => c.method === 'answerCallbackQuery'), 'the answer', 5000);
    await fake.waitFor(() => answer.status || undefined, 'the answer to be answered', 5000);
    expect(answer.status).toBe(200);
    expect(String(answer.params.text)).toMatch(/^Suggestion #1 is on the ballot as option [A-Z]\.$/);
  });

  it('answers a slow press "Working on it…" in time and posts the result as a reply', async () => {
    await boot({ fake: { callbackExpiryMs: 500 }, adapter: { buttonAnswerWithinMs: 100 } });
    const { queue, rows } = await queueWithButtons();
    fake.fail('getChatAdministrators', { status: 200, delayMs: 800 });
    const before = texts(GROUP.id).length;
    fake.press(queue, ADMIN, rows[1]![1]!.callback_data);
    const answer = await fake.waitFor(() => fake.sent('answerCallbackQuery')[0], 'the answer', 5000);
    expect(answer.params.text).toBe('Working on it…');
    const result = await fake.waitFor(
      () =>
        fake
          .sent('sendMessage')
          .slice(before)
          .find((c) => visibleText(String(c.params.text)).startsWith('Ada: ')),
      'the result',
      5000,
    );
    expect(visibleText(String(result.params.text))).toBe('Ada: Suggestion #2 is vetoed.');
    expect((result.params.reply_parameters as { message_id: number }).message_id).toBe((queue.result as { message_id: number }).message_id);
  });

  it('the fake refuses an answer to a press older than its expiry, as Telegram does', async () => {
    const adapter = await boot({ fake: { callbackExpiryMs: 50 } });
    const { queue } = await queueWithButtons();
    // Pressed while the bot could not take updates: the id is old by the time it is answered.
    const update = fake.press(queue, ADMIN, 'c:help:') as { callback_query?: { id: string } };
    await new Promise((r) => setTimeout(r, 80));
    await expect(adapter.bot.api.answerCallbackQuery(update.callback_query!.id)).rejects.toThrow('query is too old and response timeout expired or query ID is invalid');
  });

  // ---- 8. moderators --------------------------------------------------------------------------

  it('knows the admins from getChatAdministrators while the bot is no admin, and asks once per chat for a while', async () => {
    await boot({ adapter: { adminTtlMs: 60_000 } });
    await expect(rig.adapters[0]!.bot.api.getChatMember(GROUP.id, ADMIN.id)).rejects.toThrow('member list is inaccessible');
    expect(await rig.say(ADMIN, NEW)).toContain('begins');
    expect(await rig.say(users[3]!, '/mod close-vote')).toBe('Only moderators can do that.');
    expect(await rig.say(ADMIN, '/series pause')).toContain('paused');
    expect(fake.calls.filter((c) => c.method === 'getChatAdministrators')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'getChatMember' && Number(c.params.user_id) !== fake.bot.id)).toHaveLength(1); // only the test's own call
  });

  // ---- 9. privacy mode ---------------------------------------------------------------------

  it('in privacy mode, says how to type commands in the group and takes /vote@bot and replies', async () => {
    await boot();
    const started = await rig.say(ADMIN, NEW);
    expect(started).toContain('privacy mode is on');
    expect(started).toContain('/vote@tailtwist_bot A');
    expect(await rig.say(users[1]!, '/help')).toContain('/vote@tailtwist_bot A');
    await rig.h.settle();
    // Another bot posted last: a bare /vote goes to it, not to us.
    fake.otherBotPosts(GROUP.id);
    expect(fake.say(GROUP, users[1]!, '/vote A')).toBeUndefined();
    expect(fake.unseen).toContain('/vote A');
    expect(await rig.say(users[1]!, '/vote@tailtwist_bot A')).toMatch(/^You picked A/);
    const episode = fake.sent('sendVideo')[0]!;
    expect(await rig.say(users[2]!, '/vote B', GROUP, { replyTo: (episode.result as { message_id: number }).message_id })).toMatch(/^You picked B/);
    expect((await rig.ballotOf('paws-of-fate')).totalVotes).toBe(2);
  });

  it('says nothing of privacy mode where the bot reads everything (privacy off, or an admin)', async () => {
    await boot({ fake: { readsAllGroupMessages: true } });
    expect(await rig.say(ADMIN, NEW)).not.toContain('privacy');
    await rig.close();
    await boot();
    fake.setBot(GROUP.id, 'administrator', ADMIN);
    expect(await rig.say(users[1]!, '/help')).not.toContain('privacy');
  });

  // ---- 10. uploads, close_date, forum topics, chats that vote ---------------------------------

  it('posts the episode as text with the studio link when the Bot API answers 413 Request Entity Too Large', async () => {
    await boot({ fake: { maxUploadBytes: 100 }, adapter: { studioUrl: 'https://drama.example.com' } });
    await rig.say(ADMIN, NEW);
    await rig.h.settle();
    await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll', 5000);
    expect(refused('sendVideo')).toEqual(['413 Request Entity Too Large']);
    const post = texts(GROUP.id).find((t) => t.startsWith('Paws of Fate — Episode 1'))!;
    expect(post).toContain('too large for this Telegram server');
    expect(post).toContain('Watch it in the studio: https://drama.example.com/s/paws-of-fate#ep-1');
    fake.answer([...fake.polls.values()][0]!.id, users[1]!, [0]);
    await until(async () => (await rig.ballotOf('paws-of-fate')).totalVotes === 1, 'the vote');
    await rig.h.advance(HOUR);
    // Episode 2 is no smaller than what was refused (then it is not tried), or it meets the 413 too.
    await fake.waitFor(() => texts(GROUP.id).find((t) => t.startsWith('Paws of Fate — Episode 2')), 'episode 2', 5000);
    expect(fake.sent('sendVideo')).toHaveLength(0);
  });

  it('lets Telegram close a poll itself when the ballot closes within 10 minutes, and not otherwise', async () => {
    await boot();
    await rig.say(ADMIN, `${NEW} window=5m`);
    await rig.h.settle();
    const poll = [...fake.polls.values()][0]!;
    const ahead = poll.closeDate! - Date.now() / 1000;
    expect(ahead).toBeGreaterThan(290);
    expect(ahead).toBeLessThanOrEqual(300);
    await rig.close();
    await boot();
    await rig.say(ADMIN, NEW);
    await rig.h.settle();
    expect([...fake.polls.values()][0]!.closeDate).toBeUndefined();
  });

  it('posts the episode, the poll and the result into the forum topic the series was started in', async () => {
    await boot();
    await rig.say(ADMIN, NEW, GROUP, { thread: 7 });
    await rig.h.settle();
    fake.answer([...fake.polls.values()][0]!.id, users[1]!, [0]);
    await until(async () => (await rig.ballotOf('paws-of-fate')).totalVotes === 1, 'the vote');
    await rig.h.advance(HOUR);
    const result = await fake.waitFor(() => fake.sent('sendMessage').find((c) => visibleText(String(c.params.text)).startsWith('🏆')), 'the result', 5000);
    const [video, pollCall] = [fake.sent('sendVideo')[0]!, fake.sent('sendPoll')[0]!];
    for (const call of [video, pollCall, result, fake.sent('sendVideo')[1]!]) expect(Number(call.params.message_thread_id)).toBe(7);
    expect(fake.sent('sendMessage').every((c) => Number(c.params.message_thread_id) === 7)).toBe(true);
  });

  it('counts a chat that answers a poll as itself (voter_chat) as one voter', async () => {
    await boot();
    await rig.say(ADMIN, NEW);
    await rig.h.settle();
    const poll = [...fake.polls.values()][0]!;
    const channel = { id: -1009999, type: 'channel' as const, title: 'Fan Channel' };
    fake.answerAsChat(poll.id, channel, [0]);
    fake.answerAsChat(poll.id, channel, [2]); // it changes its mind: still one vote
    fake.answerAsChat(poll.id, { id: GROUP.id, type: 'supergroup', title: GROUP.title }, [2]); // an anonymous admin of the group
    fake.answer(poll.id, users[1]!, [2]);
    const ballot = await until(async () => {
      const b = await rig.ballotOf('paws-of-fate');
      return b.totalVotes === 3 && b.options[2]!.votes === 3 ? b : undefined;
    }, 'three voters on C');
    expect(ballot.options[0]!.votes).toBe(0);
    const voters = await rig.h.handle.db.selectFrom('votes').select('voter_id').execute();
    expect(voters.map((v) => v.voter_id).sort()).toEqual(['telegram:101', `telegram:chat${GROUP.id}`, 'telegram:chat-1009999'].sort());
  });
});
