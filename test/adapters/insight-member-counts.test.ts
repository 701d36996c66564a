import { afterEach, describe, expect, it } from 'vitest';
import { DiscordPlatform } from '../../src/adapters/discord/adapter.js';
import { MemberCounts } from '../../src/adapters/member-counts.js';
import { TelegramPlatform } from '../../src/adapters/telegram/adapter.js';
import { silentLogger } from '../../src/log.js';
import { CHANNEL_ID, FakeDiscord } from '../fakes/discord/server.js';
import { TOKEN } from '../fakes/discord/rig.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { GROUP, settings, TEST_OPTIONS } from '../fakes/telegram/rig.js';

/** Member counts for turnout, asked of the platforms by their real clients (discord.js, grammY) against the fakes. */
describe('member counts', () => {
  let discord: FakeDiscord | undefined;
  let telegram: FakeTelegram | undefined;
  afterEach(async () => {
    await discord?.close();
    await telegram?.close();
    discord = telegram = undefined;
  });
  const signal = () => AbortSignal.timeout(5_000);

  it('asks Discord for the server’s approximate count (the bot left out), once an hour per channel', async () => {
    discord = await FakeDiscord.start();
    discord.token = TOKEN;
    discord.guildMembers = 41;
    const { publisher } = new DiscordPlatform({ token: TOKEN, applicationId: discord.applicationId, apiBase: discord.api, maxUploadBytes: 10 * 1024 * 1024, shards: undefined }, silentLogger);
    expect(await publisher.memberCount({ platform: 'discord', chatId: CHANNEL_ID }, signal())).toBe(40);
    const asked = discord.calls.filter((c) => c.route.startsWith('/guilds/')).length;
    expect(asked).toBe(1);
    discord.guildMembers = 99;
    expect(await publisher.memberCount({ platform: 'discord', chatId: CHANNEL_ID }, signal())).toBe(40);
    expect(discord.calls.filter((c) => c.route.startsWith('/guilds/')).length).toBe(asked);
  });

  it('asks Telegram with getChatMemberCount (the bot left out)', async () => {
    telegram = await FakeTelegram.start();
    telegram.setMemberCount(GROUP.id, 13);
    const { publisher } = new TelegramPlatform(settings(telegram), silentLogger, TEST_OPTIONS);
    expect(await publisher.memberCount({ platform: 'telegram', chatId: String(GROUP.id) }, signal())).toBe(12);
    expect(telegram.calls.filter((c) => c.method === 'getChatMemberCount')).toHaveLength(1);
  });

  it('says unknown, never 0 and never an error, when the platform refuses or is too slow, and asks again sooner', async () => {
    telegram = await FakeTelegram.start();
    telegram.setMemberCount(GROUP.id, 13);
    telegram.fail('getChatMemberCount', { status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });
    const { publisher } = new TelegramPlatform(settings(telegram), silentLogger, TEST_OPTIONS);
    const place = { platform: 'telegram' as const, chatId: String(GROUP.id) };
    expect(await publisher.memberCount(place, signal())).toBeNull();

    let now = 0;
    let answer: number | null = 7;
    const counts = new MemberCounts(
      async (_chat, s) => {
        if (answer === null) await new Promise((_, reject) => s.addEventListener('abort', () => reject(s.reason)));
        return answer;
      },
      () => now,
    );
    answer = null;
    expect(await counts.of('c1', AbortSignal.timeout(50))).toBeNull(); // it hung: given up with the signal
    answer = 7;
    now += 60_000;
    expect(await counts.of('c1', signal())).toBeNull(); // an unknown is kept for a few minutes
    now += 5 * 60_000;
    expect(await counts.of('c1', signal())).toBe(7);
    answer = 9;
    now += 30 * 60_000;
    expect(await counts.of('c1', signal())).toBe(7); // a known count for an hour
    now += 31 * 60_000;
    expect(await counts.of('c1', signal())).toBe(9);
  });
});
