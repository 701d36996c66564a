import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import { visibleText, type FakeUser } from '../fakes/telegram/server.js';
import { ADMIN, GROUP, TelegramRig, users } from '../fakes/telegram/rig.js';
import { until } from '../helpers/wait.js';

const chinese = (u: FakeUser): FakeUser => ({ ...u, language_code: 'zh-hans' });

describe('Telegram in the reader’s language (real grammY against the fake Bot API)', () => {
  let rig: TelegramRig;
  afterEach(async () => rig?.close());

  it('answers a user whose app speaks zh-hans in Chinese, and others in English, in the same group', async () => {
    rig = new TelegramRig();
    await rig.boot();
    expect(await rig.say(chinese(users[0]!), '/mod close-vote')).toBe('只有管理员能这么做哦。');
    expect(await rig.say(users[1]!, '/mod close-vote')).toBe('Only moderators can do that.');
    expect(await rig.say(chinese(users[0]!), '/frobnicate')).toBe('我不认识“frobnicate”这个命令。试试 /help。');
    const help = await rig.say(chinese(users[0]!), '/help');
    expect(help).toContain(t('zh', 'help.intro'));
    expect(help).toContain(`/vote — ${t('zh', 'commands.vote.description')}`);
  });

  it('sets the command menu in every language Telegram takes (two-letter codes)', async () => {
    rig = new TelegramRig();
    await rig.boot();
    const fake = rig.fake;
    await fake.waitFor(() => fake.menus.get('de'), 'the German menu', 5000);
    expect([...fake.menus.keys()].sort()).toEqual(['', 'ar', 'de', 'es', 'fr', 'hi', 'id', 'ja', 'ko', 'pt', 'zh']);
    expect(fake.menus.get('zh')!.find((c) => c.command === 'vote')!.description).toBe(t('zh', 'commands.vote.description'));
    expect(fake.menus.get('')!.find((c) => c.command === 'vote')!.description).toBe(t('en', 'commands.vote.description'));
  });

  it('posts a Chinese series in Chinese (caption, poll, result) and follows the group’s language setting over the reader’s', async () => {
    rig = new TelegramRig();
    await rig.boot();
    const { fake, h } = rig;
    const started = await rig.say(ADMIN, '/series new "命运之爪" 一只柴犬在医院醒来，完全不记得婚礼上发生了什么。 language=zh cast="Mochi: Shiba Inu, Luna: black cat"');
    expect(started).toContain('Mochi');
    await h.settle();
    const video = await fake.waitFor(() => fake.sent('sendVideo')[0], 'the episode video', 5000);
    expect(visibleText(String(video.params.caption))).toMatch(/^命运之爪 — 第 1 集/);
    const poll = await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll', 5000);
    expect(String(poll.params.question)).toBe('《命运之爪》接下来会怎样？为第 2 集的反转投票');

    // The group's moderators set Spanish: replies follow it, whoever asks.
    expect(await rig.say(ADMIN, '/series language es')).toBe(t('es', 'series.language.set', { language: 'español' }));
    expect(await rig.say(chinese(users[2]!), '/mod close-vote')).toBe('Eso solo pueden hacerlo los moderadores.');
    // …and so does the result at the close.
    const fakePoll = [...fake.polls.values()][0]!;
    fake.answer(fakePoll.id, users[3]!, [0]);
    await until(async () => (await rig.ballotOf('命运之爪')).totalVotes === 1 || undefined, 'the vote');
    await h.advance(25 * 3_600_000);
    const result = await fake.waitFor(
      () =>
        fake
          .sent('sendMessage')
          .map((c) => visibleText(String(c.params.text)))
          .find((text) => text.startsWith('🏆') || text.startsWith('La votación')),
      'the result',
      5000,
    );
    expect(result).toMatch(/votos? de todos los canales que siguen 命运之爪|ha cerrado/);
    expect(GROUP.id).toBeLessThan(0);
  }, 40_000);

  it('keeps an Arabic poll right to left, and tells why another group refuses the bot in each reader’s language', async () => {
    rig = new TelegramRig();
    await rig.boot();
    const { fake, h } = rig;
    await rig.say(ADMIN, '/series new "مخالب القدر" كلب يستيقظ في المستشفى بلا ذاكرة. language=ar cast="موتشي: كلب, لونا: قطة"');
    await h.settle();
    const poll = await fake.waitFor(() => fake.sent('sendPoll')[0], 'the poll', 5000);
    const raw = poll.params.options;
    const options = (typeof raw === 'string' ? (JSON.parse(raw) as { text: string }[]) : (raw as { text: string }[])).map((o) => o.text);
    expect(options.length).toBeGreaterThan(1);
    // Each option starts with its Latin letter: a right-to-left mark first keeps the line right to left.
    for (const option of options) expect(option).toMatch(/^\u200f[A-Z]\. /);

    // Another group follows the series, then removes the bot.
    const OTHER = { id: -1009876543210, type: 'supergroup' as const, title: 'نادي الدراما' };
    fake.setMember(OTHER.id, ADMIN.id, 'administrator');
    await rig.say(ADMIN, '/series follow مخالب-القدر', OTHER);
    fake.setBot(OTHER.id, 'kicked', ADMIN);
    await until(
      async () => (await h.handle.db.selectFrom('channels').select('blocked_at').where('chat_id', '=', String(OTHER.id)).executeTakeFirst())?.blocked_at || undefined,
      'the group to be marked',
    );
    // The moderators see why in their own language, or in the series' when their app names none.
    const status = (locale: string) => t(locale, 'status.blocked', { platform: 'Telegram', chatId: String(OTHER.id), reason: t(locale, 'refusal.telegram.kicked') });
    expect(await rig.say({ ...ADMIN, language_code: 'es' }, '/series status')).toContain(status('es'));
    expect(await rig.say(ADMIN, '/series status')).toContain(status('ar'));
  }, 40_000);
});
