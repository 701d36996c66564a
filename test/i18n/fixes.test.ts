import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { langFor } from '../../src/adapters/web/lang.js';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import { silentLogger } from '../../src/log.js';
import { pollFor } from '../../src/adapters/telegram/format.js';
import { ChannelBlockedError } from '../../src/core/errors.js';
import { readRefusal, refusal, refusalText, storedRefusal } from '../../src/core/refusal.js';
import { drawnKind, englishSpecies, matchSpecies, speciesNote } from '../../src/core/story/species.js';
import { hanGap, rtlLine, slugify } from '../../src/core/text.js';
import { t } from '../../src/i18n/i18n.js';
import { breedOf } from '../../src/render/art/looks.js';
import { chan, HOUR, makeHarness, MINUTE, moderator, testConfig, testDialects, viewer, type Harness } from '../helpers/harness.js';

const RLM = '\u200f';
const dialects = await testDialects();

describe('species typed in every language we ship', () => {
  it('finds the kind of the words people type for it, in each language', () => {
    const kinds: Record<string, string[]> = {
      dog: ['perro', 'perros', 'cachorro', 'cão', 'chien', 'Hund', 'Hunde', 'anjing', '犬', 'いぬ', '강아지', '개', 'كلب', 'الكلب', 'कुत्ता'],
      cat: ['gato', 'gatos', 'gatinho', 'chat', 'chatte', 'Katze', 'Hauskatze', 'kucing', '猫', 'ネコ', '고양이', 'قطة', 'القطة', 'قط', 'बिल्ली'],
      hamster: ['hámster', 'Goldhamster', 'ハムスター', '햄스터', 'هامستر', 'हैम्स्टर'],
      rabbit: ['conejo', 'coelho', 'lapin', 'Zwergkaninchen', 'kelinci', 'うさぎ', '토끼', 'أرنب', 'खरगोश'],
      'guinea pig': ['conejillo de indias', 'porquinho-da-índia', "cochon d'Inde", 'Meerschweinchen', 'marmut', 'モルモット', '기니피그', 'خنزير غينيا', 'गिनी पिग'],
      parrot: ['loro', 'papagaio', 'perroquet', 'Papagei', 'burung beo', 'インコ', '앵무새', 'ببغاء', 'तोता'],
      fox: ['zorro', 'raposa', 'renard', 'Fuchs', 'rubah', 'キツネ', '여우', 'ثعلب', 'लोमड़ी'],
      pig: ['cerdo', 'porco', 'cochon', 'Schwein', 'babi', 'ブタ', '돼지', 'خنزير', 'सूअर'],
    };
    for (const [kind, typed] of Object.entries(kinds)) {
      for (const species of typed) {
        expect(matchSpecies(species), species).toMatchObject({ kind: { id: kind }, exact: true, known: true });
        expect(drawnKind(species).id, species).toBe(kind);
      }
    }
  });

  it('reads breeds and colours into the English words the renderer matches ("pastor alemán" is a German shepherd)', () => {
    expect(englishSpecies('pastor alemán')).toBe('german shepherd');
    expect(englishSpecies('Deutscher Schäferhund')).toBe('german shepherd');
    expect(englishSpecies('berger allemand')).toBe('german shepherd');
    expect(englishSpecies('柴犬')).toBe('shiba inu');
    expect(englishSpecies('시바견')).toBe('shiba inu');
    expect(englishSpecies('perro salchicha')).toBe('dachshund');
    expect(englishSpecies('gato negro')).toBe('black cat');
    expect(englishSpecies('القطة السوداء')).toBe('black cat');
    expect(englishSpecies('काली बिल्ली')).toBe('black cat');
    expect(englishSpecies('검은고양이')).toBe('black cat');
    expect(englishSpecies('kucing oren')).toBe('ginger cat');
    expect(breedOf(englishSpecies('pastor alemán')).id).toBe(breedOf('german shepherd').id);
    expect(breedOf(englishSpecies('chihuahua')).id).toBe(breedOf('chihuahua').id);
    expect(breedOf(englishSpecies('ゴールデンレトリバー')).id).toBe('golden');
    // What is no animal in a language stays none: a Korean young one is no bird, a seal no dog.
    expect(englishSpecies('고양이 새끼')).toBe('cat');
    expect(matchSpecies('Seehund').kind.id).toBe('otter');
    // Animals we only show as another kind are still named as such (the person is told).
    expect(matchSpecies('caballo')).toMatchObject({ kind: { id: 'pig' }, exact: false, known: true });
  });

  it('leaves English as it was, whatever other languages share a word with it', () => {
    for (const species of ['Shiba Inu', 'black cat', 'German Shepherd', 'golden retriever', 'golden doodle', 'Persian cat', 'cane toad', 'capybara', 'parrot', 'skater cat']) {
      expect(englishSpecies(species), species).toBe(species);
    }
    expect(matchSpecies('parrot').kind.id).toBe('parrot');
    expect(matchSpecies('capybara').known).toBe(false);
  });

  it('has nothing to say about a species typed in Spanish it draws as itself', () => {
    expect(speciesNote('Pip', 'hámster', { locale: 'es' })).toBeUndefined();
    expect(speciesNote('Rex', 'perro', { locale: 'es' })).toBeUndefined();
  });
});

describe('text for every reader', () => {
  it('makes series names from titles in any script, lower case where the script has it', () => {
    expect(slugify('命运之爪')).toBe('命运之爪');
    expect(slugify('مخالب القدر')).toBe('مخالب-القدر');
    expect(slugify('कुत्ते की कहानी')).toBe('कुत्ते-की-कहानी');
    expect(slugify('Ünïcode Straße')).toBe('unicode-straße');
    expect(slugify('🐶🐱')).toBe('series');
  });

  it('puts a space between Han and another script, never between two Han words', () => {
    expect(hanGap('柴犬Mochi')).toBe('柴犬 Mochi');
    expect(hanGap('Shiba Inu小白')).toBe('Shiba Inu 小白');
    expect(hanGap('柴犬麻薯')).toBe('柴犬麻薯');
    expect(hanGap('黒猫のルナ')).toBe('黒猫のルナ');
  });

  it('starts a right-to-left line that begins with Latin text with a right-to-left mark, for right-to-left readers only', () => {
    expect(rtlLine('ar', 'A. لونا تكذب')).toBe(`${RLM}A. لونا تكذب`);
    expect(rtlLine('ar', 'لونا تكذب')).toBe('لونا تكذب');
    expect(rtlLine('en', 'A. Luna lies')).toBe('A. Luna lies');
    expect(t('ar', 'ballot.optionLine', { letter: 'A', label: 'لونا تكذب', count: 2, winner: '' }).startsWith(`${RLM}A.`)).toBe(true);
    expect(t('ar', 'help.line', { command: '/vote', description: 'صوّت' }).startsWith(`${RLM}/vote`)).toBe(true);
  });

  it('gives Telegram poll options a right-to-left mark in an Arabic chat, and none in others', () => {
    const episode = { seriesTitle: 'مخالب', number: 1 } as Parameters<typeof pollFor>[0];
    const option = (letter: string, label: string) => ({ letter, label, status: 'active', votes: 0 });
    const ballot = { options: [option('A', 'لونا تكذب'), option('B', 'Mochi runs')] } as unknown as Parameters<typeof pollFor>[1];
    expect(pollFor(episode, ballot, 'ar')!.options).toEqual([`${RLM}A. لونا تكذب`, `${RLM}B. Mochi runs`]);
    expect(pollFor(episode, ballot, 'en')!.options).toEqual(['A. لونا تكذب', 'B. Mochi runs']);
  });

  it('says how far ahead a moment is in the largest unit that fits', () => {
    const now = Date.UTC(2026, 0, 1);
    const en = langFor('en');
    expect(en.fromNow(now + 30_000, now)).toBe('in 30 seconds');
    expect(en.fromNow(now + 5 * MINUTE, now)).toBe('in 5 minutes');
    expect(en.fromNow(now + 3 * HOUR, now)).toBe('in 3 hours');
    expect(en.fromNow(now + 49 * HOUR, now)).toBe('in 2 days');
    expect(langFor('es').fromNow(now + 3 * HOUR, now)).toBe('dentro de 3 horas');
  });
});

describe('why a platform refuses a channel, in the reader’s language', () => {
  it('stores a refusal with its English and reads it back; a plain-text reason stays as it is', () => {
    const why = refusal('refusal.discord.missing', { count: 2, names: ['View Channel', 'Send Messages'] });
    const stored = storedRefusal(why);
    expect(stored).toContain('TailTwist is missing View Channel and Send Messages');
    expect(readRefusal(stored)).toEqual({ reason: refusalText(why, 'en'), why });
    expect(refusalText(why, 'es')).toBe(t('es', 'refusal.discord.missing', { count: 2, names: 'View Channel y Send Messages' }));
    expect(readRefusal('the bot was removed from the group')).toEqual({ reason: 'the bot was removed from the group' });
    expect(readRefusal('{not json')).toEqual({ reason: '{not json' });
    // A platform's own long words are cut so the whole still fits the column.
    const long = storedRefusal(refusal('refusal.telegram.refused', { description: 'x'.repeat(2000) }));
    expect(long.length).toBeLessThanOrEqual(500);
    expect(readRefusal(long).why?.key).toBe('refusal.telegram.refused');
    expect(new ChannelBlockedError(refusal('refusal.telegram.kicked')).message).toBe('the bot was removed from this group; add it back to resume');
  });

  it('has every refusal in every language, none of them the English', () => {
    const keys = ['telegram.kicked', 'telegram.noMessages', 'telegram.noVideos', 'telegram.topicClosed', 'discord.channelGone', 'discord.missingPermissions'];
    for (const locale of ['zh', 'es', 'pt-BR', 'ja', 'ko', 'ar', 'hi', 'id', 'fr', 'de']) {
      for (const key of keys) expect(t(locale, `refusal.${key}`), `${locale} ${key}`).not.toBe(t('en', `refusal.${key}`));
    }
  });
});

describe.each(dialects)('fixes to replies in other languages (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** A command as a person whose app speaks `locale`. */
  const ask = async (text: string, locale: string | undefined, actor = moderator(), place = chan()) => (await h.app.commandText(text, actor, place, locale ? { locale } : {})).text;

  it('knows a Spanish cast, lists it the Spanish way, and tells of nothing it cannot draw', async () => {
    h = await makeHarness(dialect);
    const reply = await ask('/series new "Patas" Un perro despierta en el hospital sin memoria. language=es cast="Rex: perro, Coco: gato, Pip: hámster"', 'es-ES');
    expect(reply).toContain('Protagonizada por Rex (perro), Coco (gato) y Pip (hámster).');
    expect(reply).not.toContain('Todavía no');
    const characters = await h.handle.db.selectFrom('characters').select(['name', 'species']).orderBy('position').execute();
    expect(characters.map((c) => drawnKind(c.species).id)).toEqual(['dog', 'cat', 'hamster']);
  });

  it('draws an Arabic dog as a dog and a cat as a cat, and never puts an English article in an Arabic story', async () => {
    h = await makeHarness(dialect);
    const reply = await ask('/series new "مخالب" كلب يستيقظ في المستشفى بلا ذاكرة. language=ar cast="موتشي: كلب, لونا: قطة"', 'ar');
    expect(reply).not.toContain(t('ar', 'species.unknown', { species: 'كلب' }));
    expect(['كلب', 'قطة'].map((s) => drawnKind(s).id)).toEqual(['dog', 'cat']);
    await h.settle();
    const story = await ask('/series story', 'ar');
    // The offline writer tells an Arabic series in English; the cast's titles are the words typed, with no "the".
    expect(story).toContain('• موتشي، كلب (');
    expect(story).toContain('• لونا، قطة (');
    expect(story).not.toContain('، the ');
  });

  it('puts a space between a Chinese species and a Latin name in the cast line', async () => {
    h = await makeHarness(dialect);
    const reply = await ask('/series new "命运之爪" 一只柴犬在医院醒来，什么都不记得了。 language=zh cast="Mochi: 柴犬, 小白: Shiba Inu, 麻薯: 橘猫"', 'zh-hans');
    expect(reply).toContain('主演：柴犬 Mochi、Shiba Inu 小白和橘猫麻薯。');
  });

  it('names a series by its title in any script, and follows it by that name', async () => {
    h = await makeHarness(dialect);
    await ask('/series new "命运之爪" 一只柴犬在医院醒来，什么都不记得了。 language=zh', 'zh-hans');
    await ask('/series new "مخالب القدر" كلب يستيقظ في المستشفى بلا ذاكرة. language=ar', 'ar', moderator(), chan('c2'));
    await ask('/series new "कुत्ते की कहानी" एक कुत्ता अस्पताल में जागता है और उसे कुछ याद नहीं। language=hi', 'hi', moderator(), chan('c3'));
    await ask('/series new "命运之爪" 又一只柴犬在医院醒来。 language=zh', 'zh-hans', moderator(), chan('c4'));
    const names = (await h.handle.db.selectFrom('series').select('name').orderBy('created_at').execute()).map((r) => r.name);
    expect(names).toEqual(['命运之爪', 'مخالب-القدر', 'कुत्ते-की-कहानी', '命运之爪-2']);
    expect(await ask('/series follow مخالب-القدر', 'ar', moderator(), chan('c5'))).toBe(t('ar', 'series.follow.next', { title: 'مخالب القدر' }));
    expect(await ask('/series follow कुत्ते-की-कहानी', 'hi', moderator(), chan('c6'))).toBe(t('hi', 'series.follow.next', { title: 'कुत्ते की कहानी' }));
    expect(await ask('/series follow 命运之爪-2', 'zh', moderator(), chan('c7'))).toBe(t('zh', 'series.follow.next', { title: '命运之爪' }));
  });

  it("answers in the series' language when the reader's platform names none we ship, and in English without a series", async () => {
    h = await makeHarness(dialect);
    await ask('/series new "Patas" Un perro despierta en el hospital sin memoria. language=es', 'es-ES');
    await h.settle();
    const noOption = (locale: string) => t(locale, 'errors.ballot.noOption', { letter: 'Z' });
    expect(await ask('/vote Z', undefined, viewer(1))).toBe(noOption('es'));
    expect(await ask('/vote Z', 'tlh', viewer(1))).toBe(noOption('es'));
    expect(await ask('/vote Z', 'de-AT', viewer(1))).toBe(noOption('de'));
    expect(await ask('/vote Z', 'en-US', viewer(1))).toBe(noOption('en'));
    // Somewhere that follows no series, a reader without a language gets English.
    expect(await ask('/dance', undefined, viewer(1), chan('elsewhere'))).toBe(t('en', 'errors.command.unknown', { name: 'dance' }));
  });

  it("tells a refusal in the series' language, shows it in each moderator's, and shows an old English reason as it is", async () => {
    h = await makeHarness(dialect);
    await ask('/series new "Patas" Un perro despierta en el hospital sin memoria. language=es', 'es-ES');
    await h.settle();
    const TG = chan('-1001', 'telegram');
    await ask('/series follow patas', 'es', moderator(1, 'telegram'), TG);
    await h.settle();
    const noVideos = () => new ChannelBlockedError(refusal('refusal.telegram.noVideos'));
    h.publishers.telegram.deliverFailures.push(noVideos(), noVideos(), noVideos());
    await ask('/vote A', 'es', viewer(1));
    await h.advance(60 * MINUTE);
    expect(h.publishers.telegram.notices).toHaveLength(1);
    expect(h.publishers.telegram.notices[0]!.text).toBe(t('es', 'notices.blocked', { number: 2, title: 'Patas', reason: t('es', 'refusal.telegram.noVideos') }));
    const row = await h.handle.db.selectFrom('channels').selectAll().where('platform', '=', 'telegram').executeTakeFirstOrThrow();
    expect(row.blocked_reason).toContain(t('en', 'refusal.telegram.noVideos'));
    const waiting = await h.handle.db.selectFrom('deliveries').select('error').where('channel_id', '=', row.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(waiting.error).toBe(`waiting: ${t('en', 'refusal.telegram.noVideos')}`);
    const statusLine = (locale: string, reason: string) => t(locale, 'status.blocked', { platform: t(locale, 'platforms.telegram'), chatId: '-1001', reason });
    expect(await ask('/series status patas', 'de', moderator())).toContain(statusLine('de', t('de', 'refusal.telegram.noVideos')));
    expect(await ask('/series status patas', 'ja', moderator())).toContain(statusLine('ja', t('ja', 'refusal.telegram.noVideos')));
    // A row marked before reasons were messages: its English words, as they are.
    await h.handle.db.updateTable('channels').set({ blocked_reason: 'the bot was removed from the group' }).where('id', '=', row.id).execute();
    expect(await ask('/series status patas', 'de', moderator())).toContain(statusLine('de', 'the bot was removed from the group'));
  });
});

describe('the studio with a series named in another script', () => {
  let h: Harness | undefined;
  let studio: Studio | undefined;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });

  it('starts it from the form, sends the browser to its page, and shows that page', async () => {
    const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-fixes-')), NARRATOR: 'animalese', WEB_PORT: '0' };
    const config = testConfig(env);
    h = await makeHarness('sqlite', { publishers: [new WebPublisher()] }, env);
    studio = new Studio(config.web, config.render.mediaDir, silentLogger);
    studio.attach(h.app);
    const url = await studio.start();
    const created = await fetch(`${url}/series`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ title: '命运之爪', premise: '一只柴犬在医院醒来，什么都不记得了。' }),
      redirect: 'manual',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe(`/s/${encodeURIComponent('命运之爪')}`);
    const page = await fetch(`${url}${created.headers.get('location')}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('命运之爪');
  });
});
