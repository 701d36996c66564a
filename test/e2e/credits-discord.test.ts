import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import { ADMIN, DiscordRig, fans } from '../fakes/discord/rig.js';
import type { FakeMember } from '../fakes/discord/server.js';

describe('"Twist by" for a Discord member (real discord.js against the fake Discord)', () => {
  let rig: DiscordRig;
  afterEach(async () => rig?.close());

  it('keeps the name the server shows (nickname, else display name), and none for a member who says credit: False', async () => {
    rig = new DiscordRig();
    await rig.boot();
    await rig.startSeries();
    const { fake, h } = rig;
    const nicked: FakeMember = { ...fans[0]!, globalName: 'Lulu', nick: 'Capitaine Moustache 🐈' };
    const named: FakeMember = { ...fans[1]!, globalName: 'Lulu ✨' };
    const shy: FakeMember = { ...fans[2]!, globalName: 'Shy' };
    await rig.answered(fake.slash(nicked, ['suggest'], { twist: 'Luna has a secret twin' }));
    await rig.answered(fake.slash(named, ['suggest'], { twist: 'Mochi finds a hidden letter' }));
    const answer = await rig.answered(fake.slash(shy, ['suggest'], { twist: 'Biscuit was the thief', credit: false }));
    expect(answer.text).toContain(t('en', 'credits.unnamed'));
    const stored = await h.handle.db.selectFrom('suggestions').select(['author_id', 'author_name']).orderBy('number').execute();
    expect(stored).toEqual([
      { author_id: `discord:${fans[0]!.id}`, author_name: 'Capitaine Moustache 🐈' },
      { author_id: `discord:${fans[1]!.id}`, author_name: 'Lulu ✨' },
      { author_id: `discord:${fans[2]!.id}`, author_name: null },
    ]);
    // The personal switch, as a Discord boolean.
    expect((await rig.answered(fake.slash(named, ['me', 'credits'], { show: false }))).text).toBe(t('en', 'credits.mine.off'));
    expect(await h.app.engine.credits.mine(`discord:${fans[1]!.id}`)).toBe(false);
    expect((await rig.answered(fake.slash(ADMIN, ['mod', 'credits'], { show: false }))).text).toBe(t('en', 'credits.series.off', { title: 'Paws of Fate' }));
  }, 40_000);
});
