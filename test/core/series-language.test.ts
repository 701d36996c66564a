import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, moderator, testDialects, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

describe.each(dialects)('a series without a language (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());
  const languageOf = async () => (await h.handle.db.selectFrom('series').select('language').executeTakeFirstOrThrow()).language;

  it('is Chinese when its premise is written in Chinese, so posts, cards and voice follow it', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new 豪门喵事 一只仓鼠会计被指控偷了面包店的营业款，只有夜班的鹦鹉看见是谁打开了保险箱。 cast="豆豆: 仓鼠, 可乐: 鹦鹉"', moderator());
    expect(await languageOf()).toBe('zh');
  });

  it('is English otherwise, and a language given always wins', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. cast="Mochi: Shiba Inu, Luna: black cat"', moderator());
    expect(await languageOf()).toBe('en');
    await h.close();
    h = await makeHarness(dialect);
    await h.say('/series new 豪门 一只仓鼠会计被指控偷了面包店的营业款，只有鹦鹉看见了。 language=es cast="豆豆: 仓鼠, 可乐: 鹦鹉"', moderator());
    expect(await languageOf()).toBe('es');
  });
});
