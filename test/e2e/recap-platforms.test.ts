import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_ID } from '../fakes/discord/server.js';
import { DiscordRig } from '../fakes/discord/rig.js';
import { GROUP, TelegramRig } from '../fakes/telegram/rig.js';
import { chan, HOUR, moderator, viewer, type Harness } from '../helpers/harness.js';

const PREMISE = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding. cast="Mochi: Shiba Inu, Luna: black cat"';

/** A series with two published episodes in `place`, and its recap asked for there. */
async function twoEpisodesAndARecap(h: Harness, place: ReturnType<typeof chan>): Promise<void> {
  await h.say(PREMISE, moderator(1, place.platform), place);
  await h.settle();
  await h.say('/vote A', viewer(1, place.platform), place);
  await h.advance(HOUR);
  expect(await h.say('/series recap', viewer(2, place.platform), place)).toContain('up to episode 2');
  await h.settle();
}

describe('the story so far on the platforms (real clients, fake servers)', () => {
  let discord: DiscordRig | undefined;
  let telegram: TelegramRig | undefined;
  afterEach(async () => {
    await discord?.close();
    await telegram?.close();
    discord = telegram = undefined;
  });

  it('Discord: the video attached with its words, once; the words and no file where the server refuses the upload', async () => {
    discord = new DiscordRig();
    await discord.boot({ start: false });
    const fake = discord.fake;
    await twoEpisodesAndARecap(discord.h, chan(CHANNEL_ID));
    const recap = fake.channelMessages(CHANNEL_ID).filter((m) => m.content.includes('the story so far'));
    expect(recap).toHaveLength(1);
    expect(recap[0]!.content).toBe('📼 Paws of Fate: the story so far, episodes 1–2. Catch up, then vote for what happens next!');
    expect(recap[0]!.attachments.map((a) => a.filename)).toEqual(['paws-of-fate-story-so-far-2.mp4']);

    // Another channel of a server that takes nothing that large: the words alone.
    fake.defaultUploadLimit = 10;
    const other = chan('920000000000000002');
    expect(await discord.h.say('/series recap paws-of-fate', viewer(3), other)).toContain('is on its way');
    await discord.h.settle();
    const there = fake.channelMessages('920000000000000002');
    expect(there.map((m) => [m.content.startsWith('📼 Paws of Fate'), m.attachments.length])).toEqual([[true, 0]]);
  });

  it('Telegram: the video with its words as the caption; the words alone in a group that takes no videos', async () => {
    telegram = new TelegramRig();
    await telegram.boot();
    const fake = telegram.fake;
    await twoEpisodesAndARecap(telegram.h, chan(String(GROUP.id), 'telegram'));
    const videos = fake.sent('sendVideo').filter((c) => String(c.params.caption).includes('the story so far'));
    expect(videos).toHaveLength(1);
    expect(videos[0]!.params.caption).toBe('📼 Paws of Fate: the story so far, episodes 1–2. Catch up, then vote for what happens next!');
    expect(videos[0]!.params.parse_mode).toBeUndefined();

    const quiet = { id: -1009876543210, type: 'supergroup' as const };
    fake.setPermissions(quiet.id, { can_send_videos: false });
    expect(await telegram.h.say('/series recap paws-of-fate', viewer(3, 'telegram'), chan(String(quiet.id), 'telegram'))).toContain('is on its way');
    await telegram.h.settle();
    const text = fake.sent('sendMessage').filter((c) => Number(c.params.chat_id) === quiet.id);
    expect(text.map((c) => String(c.params.text))).toEqual([expect.stringContaining('📼 Paws of Fate: the story so far')]);
  });
});
