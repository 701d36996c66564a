import { afterEach, describe, expect, it } from 'vitest';
import { parseCastList, stockCast } from '../../src/core/cast.js';
import { englishSpecies, matchSpecies } from '../../src/core/story/species.js';
import { GENRES, ROLES } from '../../src/core/story/model.js';
import { LOCALES, t } from '../../src/i18n/i18n.js';
import { chan, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const HAMSTER = '/series new "The Hamster Chef" A hamster chef is framed for poisoning the mayor\'s parrot at the gala dinner cast="Pip: hamster, Rex: German Shepherd, Coco: parrot"';
const GENRE_LIST = GENRES.join(', ');

describe('the stock cast of a Chinese story', () => {
  it('is the same animals, called as Chinese viewers call them, and drawn the same', () => {
    for (const seed of [1, 2, 3, 42]) {
      const en = stockCast(seed, 8);
      const zh = stockCast(seed, 8, 'zh');
      expect(zh.map((c) => c.name)).toEqual(en.map((c) => c.name));
      for (const [i, c] of zh.entries()) {
        expect(c.species, c.name).toMatch(/^[\u4e00-\u9fff]+$/);
        expect(c.personality, c.name).toMatch(/[\u4e00-\u9fff]/);
        // The renderer reads breeds and colours from the English words: a 黑猫 is the black cat.
        expect(englishSpecies(c.species), c.name).toBe(en[i]!.species.toLowerCase());
      }
    }
    expect(stockCast(1, 8, 'zh').find((c) => c.name === 'Luna')).toEqual({ name: 'Luna', species: '黑猫', personality: '神秘又毒舌' });
  });

  it('reads a cast typed with Chinese or Arabic commas and colons', () => {
    expect(parseCastList('年糕：柴犬，露娜：黑猫、豆豆（仓鼠）')).toEqual([
      { name: '年糕', species: '柴犬' },
      { name: '露娜', species: '黑猫' },
      { name: '豆豆', species: '仓鼠' },
    ]);
    expect(parseCastList('موتشي: كلب، لونا: قطة')).toEqual([
      { name: 'موتشي', species: 'كلب' },
      { name: 'لونا', species: 'قطة' },
    ]);
    expect(parseCastList('Mochi: Shiba Inu, Luna (black cat)')).toEqual([
      { name: 'Mochi', species: 'Shiba Inu' },
      { name: 'Luna', species: 'black cat' },
    ]);
  });
});

describe('/mod story in every language', () => {
  it('has its examples, its syntax line and its genre names in every language, fields and values as the command reads them', () => {
    for (const locale of LOCALES) {
      for (const field of ['genre', 'question', 'role', 'places', 'props', 'culprit']) {
        expect(t(locale, `mod.story.example.${field}`), `${locale} ${field}`).toMatch(new RegExp(`^/mod story ${field} `));
      }
      expect(t(locale, 'mod.story.example.role'), locale).toMatch(/^\/mod story role Rex antagonist/);
      expect(t(locale, 'bible.syntax', { genres: 'G', roles: 'R' }), locale).toMatch(/^genre.*G.*question.*role.*R.*places.*props.*culprit.*none/);
      for (const genre of GENRES) expect(t(locale, `bible.genreName.${genre}`)).toBe(t(locale, `studio:genre.${genre}`));
    }
  });
});

describe.each(dialects)('replies that were English whatever the reader’s language (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** A command as a person whose app speaks `locale`. */
  const ask = async (text: string, locale: string, actor = moderator(), place = chan()) => (await h.app.commandText(text, actor, place, { locale })).text;

  it('shows a Chinese moderator the bible in Chinese: genre, roles, lists and how to correct it', async () => {
    h = await makeHarness(dialect);
    await ask(HAMSTER, 'en');
    await h.settle();
    const { bible } = await h.app.engine.story.view((await h.app.engine.series.resolve(chan())).id);
    const reply = await ask('/mod story', 'zh-CN');
    expect(reply).toContain(t('zh', 'bible.genre', { genre: t('zh', `bible.genreName.${bible.genre}`) }));
    expect(reply).toContain(`类型：${t('zh', `studio:genre.${bible.genre}`)}`);
    for (const r of bible.roles) expect(reply).toContain(t('zh', 'bible.role', { name: r.name, role: t('zh', `story.role.${r.role}`), title: r.title }));
    expect(reply).toContain(`• Pip——${t('zh', `story.role.${bible.roles.find((r) => r.name === 'Pip')!.role}`)}，`);
    expect(reply).toContain(t('zh', 'bible.syntax', { genres: GENRE_LIST, roles: ROLES.join('|') }));
    expect(reply).toContain('role <名字>');
    expect(reply).not.toMatch(/ — (protagonist|antagonist|suspect|victim|detective|ally|love interest|rival),/);
    expect(reply).not.toContain(`Genre: ${bible.genre}`);
  });

  it('corrects the bible for a Chinese moderator in Chinese, lists written with Chinese commas', async () => {
    h = await makeHarness(dialect);
    await ask(HAMSTER, 'en');
    await h.settle();
    expect(await ask('/mod story genre comedy', 'zh')).toBe(`📓 ${t('zh', 'mod.story.genre', { genre: '喜剧' })}${t('zh', 'mod.story.next')}`);
    expect(await ask('/mod story places 慈善晚宴，餐厅后厨', 'zh')).toContain(t('zh', 'mod.story.places', { places: '慈善晚宴和餐厅后厨' }));
    const { bible } = await h.app.engine.story.view((await h.app.engine.series.resolve(chan())).id);
    expect(bible.places.map((p) => p.name)).toEqual(['慈善晚宴', '餐厅后厨']);
    expect(await ask('/mod story colour red', 'zh')).toBe(
      t('zh', 'errors.story.noField', { field: 'colour', fields: 'genre, question, role, places, props, culprit', example: t('zh', 'mod.story.example.genre') }),
    );
    expect(await ask('/mod story role', 'zh')).toContain(t('zh', 'mod.story.example.role'));
    expect(await ask('/mod story role', 'zh')).toContain('爱吃醋的副主厨');
  });

  it('tells a Spanish moderator what is wrong with a correction in Spanish', async () => {
    h = await makeHarness(dialect);
    await ask(HAMSTER, 'en');
    await h.settle();
    expect(await ask('/mod story genre opera', 'es')).toBe(t('es', 'errors.story.genre', { genres: GENRE_LIST }));
    expect(await ask('/mod story genre opera', 'es')).toBe(`El género tiene que ser uno de: ${GENRE_LIST}.`);
    expect(await ask('/mod story role Bruno antagonist', 'es')).toBe('No hay ningún personaje llamado «Bruno». El reparto es: Pip, Rex, Coco.');
    expect(await ask('/mod story role Rex villain', 'es')).toBe(t('es', 'errors.story.role', { roles: ROLES.join(', ') }));
    expect(await ask('/mod story places none', 'es')).toBe('Da entre 1 y 6 lugares, separados por comas.');
    expect(await ask('/mod story props a, b, c, d, e, f, g', 'es')).toBe('Da entre 0 y 6 objetos, separados por comas.');
    expect(await ask(`/mod story places ${'x'.repeat(61)}`, 'es')).toBe(t('es', 'errors.text.long', { field: t('es', 'fields.place'), length: 61, max: 60 }));
    expect(await ask('/mod story question Who?', 'es')).toBe(t('es', 'errors.text.short', { field: 'La gran pregunta', min: 5 }));
    expect(await ask(`/mod story role Rex antagonist ${'y'.repeat(61)}`, 'es')).toBe(t('es', 'errors.text.long', { field: 'El cargo', length: 61, max: 60 }));
    // English as it always was.
    expect(await ask('/mod story places none', 'en')).toBe('Give between 1 and 6 places, separated by commas.');
    expect(await ask('/mod story role Bruno antagonist', 'en')).toBe('There is no character called “Bruno”. The cast is Pip, Rex, Coco.');
  });

  it('says a story without an incident has no culprit in German', async () => {
    h = await makeHarness(dialect);
    await ask('/series new "Pie Wars" Two rival pie bakers, a rabbit and a poodle, are snowed in together the night before the pie contest. cast="Clover: rabbit, Duchess: poodle"', 'en');
    await h.settle();
    const { bible } = await h.app.engine.story.view((await h.app.engine.series.resolve(chan())).id);
    expect(bible.incident).toBeNull();
    // The command itself stops there, so the engine's own refusal is asked of it directly.
    const refusal = await h.app.engine.story.correct(moderator(), (await h.app.engine.series.resolve(chan())).id, { field: 'culprit', value: 'Clover' }).catch((err: unknown) => err);
    expect((refusal as { localized(l: string): string }).localized('de')).toBe(t('de', 'errors.story.noCulprit'));
    expect(t('de', 'errors.story.noCulprit')).toMatch(/keinen Täter/);
  });

  it('gives a Chinese series without a cast its stock cast in Chinese, and an English one in English', async () => {
    h = await makeHarness(dialect);
    const zh = await ask('/series new "命运之爪" 一只柴犬在医院醒来，什么都不记得了。 language=zh', 'zh');
    const cast = await h.handle.db.selectFrom('characters').select(['name', 'species', 'personality']).orderBy('position').execute();
    expect(cast).toHaveLength(2);
    for (const c of cast) {
      expect(c.species).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(matchSpecies(c.species).exact).toBe(true);
      expect(zh).toContain(c.species);
    }
    expect(zh).not.toMatch(/Shiba Inu|black cat|golden retriever|Persian cat|corgi|husky|tabby cat|dachshund/);
    const list = await ask('/cast list', 'zh', viewer(1));
    for (const c of cast) expect(list).toContain(t('zh', 'cast.member', { name: c.name, species: c.species, personality: c.personality }));

    const en = await ask('/series new "Paws" A Shiba Inu wakes up in hospital with no memory.', 'en', moderator(), chan('c2'));
    expect(en).toMatch(/Shiba Inu|black cat|golden retriever|Persian cat|corgi|husky|tabby cat|dachshund/);
  });

  it('says a personality nobody gave in the reader’s words, and one somebody typed as typed', async () => {
    h = await makeHarness(dialect);
    await ask('/series new "Patas" Un perro despierta en el hospital sin memoria. language=es cast="Rex: perro, Coco: gato"', 'es');
    await ask('/cast add Pip hámster curiosa y valiente', 'es');
    const list = await ask('/cast list', 'es', viewer(1));
    expect(list).toContain(t('es', 'cast.member', { name: 'Rex', species: 'perro', personality: 'con mil secretos' }));
    expect(list).toContain('• Pip, hámster — curiosa y valiente');
    expect(list).not.toContain('full of secrets');
    expect(await ask('/cast list', 'en', viewer(1))).toContain('• Rex, perro — full of secrets');
  });

  it('shows the /mod sponsor example in the moderator’s language, its fields as the command reads them', async () => {
    h = await makeHarness(dialect);
    await ask('/series new "命运之爪" 一只柴犬在医院醒来，什么都不记得了。 language=zh', 'zh');
    const none = await ask('/mod sponsor list', 'zh');
    expect(none).toBe(t('zh', 'sponsor.none', { title: '命运之爪', example: t('zh', 'sponsor.example') }));
    expect(none).toContain('product="三文鱼脆脆"');
    expect(none).toContain('episodes="next 3"');
    const missing = await ask('/mod sponsor add brand=Purrfect', 'ja');
    expect(missing).toContain(t('ja', 'sponsor.example'));
    // The example works as written, in every language (one sponsor an episode: each is removed again).
    const products: string[] = [];
    for (const locale of LOCALES) {
      await ask(t(locale, 'sponsor.example'), locale);
      const added = await h.handle.db.selectFrom('sponsors').select(['number', 'brand', 'product', 'tier', 'first_episode', 'last_episode']).where('removed_at', 'is', null).execute();
      expect(added, locale).toMatchObject([{ brand: 'Purrfect', tier: 'prop', first_episode: 2, last_episode: 4 }]);
      products.push(added[0]!.product);
      await ask(`/mod sponsor remove number=${added[0]!.number}`, locale);
    }
    expect(products[0]).toBe('Salmon Crunch');
    expect(products[LOCALES.indexOf('zh')]).toBe('三文鱼脆脆');
    expect(products[LOCALES.indexOf('de')]).toBe('Salmon-Crunch-Leckerli');
  });
});
