import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import { chan, HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

describe.each(dialects)('the language of replies and posts (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  const start = async (language?: string) => {
    h = await makeHarness(dialect);
    await h.say(`/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.${language ? ` language=${language}` : ''}`, moderator());
    await h.settle();
  };
  /** A command as a person whose app speaks `locale`. */
  const ask = async (text: string, locale: string, actor = viewer(1), place = chan()) => (await h.app.commandText(text, actor, place, { locale })).text;

  it("answers each person in their own language, in the series' language when their platform does not say, and posts in the series' language", async () => {
    await start('Spanish');
    expect(await ask('/vote Z', 'es-ES')).toBe(t('es', 'errors.ballot.noOption', { letter: 'Z' }));
    expect(await ask('/vote Z', 'zh-hans')).toBe('这轮投票没有选项 Z。');
    expect(await ask('/dance', 'zh-hans')).toBe('我不认识“dance”这个命令。试试 /help。');
    expect(await h.say('/vote Z', viewer(1))).toBe('No hay opción Z en esta votación.');
    expect(await ask('/vote Z', 'en-GB')).toBe('There is no option Z on this ballot.');
    // The episode went out in Spanish, the series' language ("Spanish" as typed).
    expect(h.publisher.posts.at(-1)!.locale).toBe('es');
    await h.say('/vote A', viewer(2));
    await h.advance(25 * HOUR);
    expect(h.publisher.results.at(-1)!.locale).toBe('es');
  });

  it("posts a series in a language we do not ship in English, and an unknown series' language never breaks a reply", async () => {
    await start('Klingon');
    expect(h.publisher.posts.at(-1)!.locale).toBe('en');
    expect(await ask('/vote Z', 'tlh')).toBe('There is no option Z on this ballot.');
  });

  it("lets moderators set the channel's language, which wins over each reader's and the series' own, until auto", async () => {
    await start('zh');
    expect(h.publisher.posts.at(-1)!.locale).toBe('zh');
    expect(await ask('/series language fr', 'en', viewer(1))).toBe('Only moderators can do that.');
    expect(await ask('/series language klingon', 'en', moderator())).toContain("I don't speak “klingon” yet. Pick one of: en, zh, es, pt-BR, ja, ko, ar, hi, id, fr, de");
    expect(await h.say('/series language Deutsch', moderator())).toBe(t('de', 'series.language.set', { language: t('de', 'language.name') }));
    expect(await ask('/vote Z', 'es-ES')).toBe(t('de', 'errors.ballot.noOption', { letter: 'Z' }));
    expect(await h.say('/vote Z', viewer(2))).toBe(t('de', 'errors.ballot.noOption', { letter: 'Z' }));
    // Another channel of the same series keeps its own language.
    await h.say('/series follow paws-of-fate', moderator(1), chan('c2'));
    expect(await ask('/vote Z', 'es-ES', viewer(1), chan('c2'))).toBe(t('es', 'errors.ballot.noOption', { letter: 'Z' }));
    // The next episode is posted in German here, in the series' Chinese there.
    await h.say('/vote A', viewer(2));
    await h.advance(25 * HOUR);
    const episode2 = h.publisher.posts.filter((p) => p.episode.number === 2);
    expect(Object.fromEntries(episode2.map((p) => [p.place.chatId, p.locale]))).toEqual({ [chan().chatId]: 'de', [chan('c2').chatId]: 'zh' });
    const audit = await h.handle.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'channel.language').execute();
    expect(audit).toHaveLength(1);

    expect(await ask('/series language auto', 'es-ES', moderator())).toBe(t('es', 'series.language.auto'));
    expect(await ask('/vote Z', 'ja')).toBe(t('ja', 'errors.ballot.noOption', { letter: 'Z' }));
  });

  it('keeps a channel’s language when it follows the next series', async () => {
    await start();
    await h.say('/series language es', moderator());
    await h.say('/series end', moderator());
    await h.say('/series new "Whiskers" A cat inherits a bakery and a feud with the fox next door.', moderator());
    expect(await h.say('/dance', viewer(1))).toBe(t('es', 'errors.command.unknown', { name: 'dance' }));
  });
});
