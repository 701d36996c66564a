import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/ports.js';
import { LOCALES } from '../../src/i18n/i18n.js';
import { NARRATOR_VOICE, speakAnimalese } from '../../src/render/audio/animalese.js';
import { SAMPLE_RATE } from '../../src/render/audio/pcm.js';
import { estimateWordTimes, languageTag, narratorEngine, probeEngines, readsText } from '../../src/render/audio/tts.js';
import { splitWords } from '../../src/render/audio/words.js';

/** A logger that keeps what it hears. */
function recordingLog(): Logger & { lines: { level: string; obj: object; msg: string }[] } {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const keep =
    (level: string) =>
    (obj: object, msg = '') =>
      void lines.push({ level, obj, msg });
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** The voices espeak-ng lists on this machine (none when it is not installed). */
function listedVoices(): Set<string> {
  try {
    const out = execFileSync('espeak-ng', ['--voices'], { encoding: 'utf8' });
    return new Set(
      out
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[1]?.toLowerCase() ?? '')
        .filter(Boolean),
    );
  } catch {
    return new Set();
  }
}

const hash = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 16);

describe('the narrator’s offline voice per language', () => {
  afterAll(() => probeEngines());

  it('reads the languages people type: tags in any case, names in English and in the language itself', () => {
    const cases: [string, string | undefined][] = [
      ['', 'en'],
      ['en', 'en'],
      ['zh', 'zh'],
      ['zh-CN', 'zh-cn'],
      ['zh_Hans', 'zh-hans'],
      ['Chinese', 'zh'],
      ['中文', 'zh'],
      ['普通话', 'zh'],
      ['zh-HK', 'yue'],
      ['es-ES', 'es-es'],
      ['Español', 'es'],
      ['pt-BR', 'pt-br'],
      ['pt', 'pt-br'],
      ['Português do Brasil', 'pt-br'],
      ['日本語', 'ja'],
      ['한국어', 'ko'],
      ['العربية', 'ar'],
      ['हिन्दी', 'hi'],
      ['Bahasa Indonesia', 'id'],
      ['in', 'id'],
      ['Français', 'fr'],
      ['Deutsch', 'de'],
      ['chinois', 'zh'],
      ['Japanisch', 'ja'],
      ['hi', 'hi'],
      ['Klingon', undefined],
      ['not a language!', undefined],
    ];
    for (const [typed, tag] of cases) expect([typed, languageTag(typed)]).toEqual([typed, tag]);
  });

  it('gives each shipped language an installed espeak-ng voice that speaks it, or animalese with a log line', async () => {
    await probeEngines();
    const listed = listedVoices();
    const log = recordingLog();
    for (const locale of LOCALES) {
      const engine = await narratorEngine(locale, log);
      if (!engine) {
        expect(log.lines.some((l) => l.level === 'info' && JSON.stringify(l.obj).includes(`"${locale}"`) && l.msg.includes('animalese'))).toBe(true);
        continue;
      }
      const voice = await engine.voice(locale);
      if (engine.name === 'espeak-ng') expect(listed.has(voice ?? '')).toBe(true);
      else expect(locale).toBe('en'); // festival and flite speak English only
      const spoken = await engine.speak('Mochi!', locale);
      expect(spoken.samples.length).toBeGreaterThan(SAMPLE_RATE * 0.1);
    }
    if (listed.has('cmn-latn-pinyin')) expect(await (await narratorEngine('Chinese'))?.voice('Chinese')).toBe('cmn-latn-pinyin');
    if (listed.has('pt-br')) expect(await (await narratorEngine('pt-BR'))?.voice('pt-BR')).toBe('pt-br');
    // A language nobody speaks is said once, not once per render.
    await narratorEngine('Klingon', log);
    await narratorEngine('Klingon', log);
    expect(log.lines.filter((l) => JSON.stringify(l.obj).includes('Klingon'))).toHaveLength(1);
  }, 60_000);

  it('speaks Chinese with espeak-ng word by word, where it is installed', async (t) => {
    await probeEngines();
    const engine = await narratorEngine('zh-CN');
    if (engine?.name !== 'espeak-ng') return t.skip();
    const spoken = await engine.speak('今天天气很好，小狗在公园里玩。', 'zh-CN');
    const seconds = spoken.samples.length / SAMPLE_RATE;
    expect(seconds).toBeGreaterThan(1);
    expect(spoken.words.map((w) => w.word).join('')).toBe('今天天气很好，小狗在公园里玩。');
    expect(spoken.words.length).toBeGreaterThan(4);
    expect(spoken.words.at(-1)?.end).toBeCloseTo(seconds, 5);
  }, 30_000);

  it('falls back to animalese for every language, without failing, when no engine is installed', async () => {
    const pathBefore = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(await probeEngines()).toEqual([]);
      const log = recordingLog();
      for (const locale of LOCALES) expect(await narratorEngine(locale, log)).toBeUndefined();
      expect(log.lines.filter((l) => l.msg.includes('animalese'))).toHaveLength(LOCALES.length);
    } finally {
      process.env.PATH = pathBefore;
      await probeEngines();
    }
  }, 30_000);
});

describe('word timing in any script', () => {
  it('keeps English exactly as it was timed before', () => {
    // Hashes of the timings and animalese made by the space-splitting code this replaced.
    const before: [string, string, string, string][] = [
      ['Mochi wakes up. Nobody saw it coming!', '7add5ed0876dabfa', '320e204f97af0536', '38835c99dc069a68'],
      ["Luna's secret... is OUT? (Again.)", '9b89a36509094a3f', 'fd9b6136eae16df4', '12c49543d35702a0'],
      ['Previously: Biscuit lied, Pepper cried; and the wedding — off!', '111005480429b2b5', '9699b7ec5a22b0b5', 'fc531228fd37dc79'],
      ['Café naïve résumé, 3 dogs & 2 cats…', '7d9aee311b49fe13', '3674861d65149540', 'a86dae71c3607dbf'],
    ];
    for (const [line, timing, words, samples] of before) {
      const babble = speakAnimalese(line, NARRATOR_VOICE);
      expect([line, hash(JSON.stringify(estimateWordTimes(line, 4.2))), hash(JSON.stringify(babble.words)), hash(new Uint8Array(babble.samples.buffer))]).toEqual([line, timing, words, samples]);
    }
    expect(estimateWordTimes('Mochi wakes up.', 1).map((w) => Object.keys(w))).toEqual([
      ['word', 'start', 'end'],
      ['word', 'start', 'end'],
      ['word', 'start', 'end'],
    ]);
  });

  it('cuts Chinese, Japanese and Thai into words, keeps punctuation on the word before, and marks where no space follows', () => {
    expect(splitWords('今天天气很好，小狗在公园里玩！')).toEqual([
      { word: '今天', space: false },
      { word: '天气', space: false },
      { word: '很好，', space: false },
      { word: '小狗', space: false },
      { word: '在', space: false },
      { word: '公园', space: false },
      { word: '里', space: false },
      { word: '玩！', space: true },
    ]);
    // Japanese particles go with the word before them; an opening quote with the word after it.
    expect(splitWords('柴犬が目を覚ます。「嘘だ」').map((w) => w.word)).toEqual(['柴犬が', '目を', '覚ます。', '「嘘だ」']);
    expect(splitWords('แมวกลับบ้านแล้ว').map((w) => w.word)).toEqual(['แมว', 'กลับ', 'บ้าน', 'แล้ว']);
    // A Latin name inside Chinese has no space after it; scripts with spaces split as always.
    expect(splitWords('Mochi说：不要。')).toEqual([
      { word: 'Mochi', space: false },
      { word: '说：', space: false },
      { word: '不要。', space: true },
    ]);
    expect(splitWords('القطة تعود إلى البيت؟').map((w) => w.word)).toEqual(['القطة', 'تعود', 'إلى', 'البيت؟']);
  });

  it('spreads a Chinese line over the clip by characters, and joins back to the text', () => {
    const text = '小狗在公园里玩。她说：我们结婚吧！';
    const words = estimateWordTimes(text, 4);
    expect(words.map((w) => w.word).join('')).toBe(text);
    expect(words.every((w, i) => w.end > w.start && (i === 0 || w.start === words[i - 1]!.end))).toBe(true);
    expect(words.at(-1)!.end).toBeCloseTo(4, 9);
    expect(words.slice(0, -1).every((w) => w.space === false)).toBe(true);
    expect(words.at(-1)!.space).toBeUndefined();
    const length = (word: string) => words.find((w) => w.word === word)!.end - words.find((w) => w.word === word)!.start;
    expect(length('公园')).toBeCloseTo(2 * length('在'), 9);
  });

  it('weighs a syllable alike in Korean, Hindi and Arabic, and a kanji as about two morae in Japanese', () => {
    // Five Hangul blocks and five blocks: the two words take equal time.
    const ko = estimateWordTimes('안녕하세요 고양이가요', 2);
    expect(ko[0]!.end - ko[0]!.start).toBeCloseTo(ko[1]!.end - ko[1]!.start, 9);
    // बिल्ली is two syllables (bil-lī): the virama joins the first ल to its syllable.
    const hi = estimateWordTimes('बिल्ली बिल्ली', 2);
    expect(hi[0]!.end).toBeCloseTo(1, 9);
    // In Japanese a kanji counts as two kana: 猫が (neko-ga) takes as long as ねこが.
    const ja = estimateWordTimes('猫が ねこが', 1);
    expect(ja[0]!.end).toBeCloseTo(0.5, 9);
    // In Chinese a character is a syllable: 猫 (māo) is a third of 小猫们 (xiǎo-māo-men).
    const zh = estimateWordTimes('猫 小猫们', 1);
    expect(zh[0]!.end).toBeCloseTo(0.25, 9);
  });

  it('babbles Chinese and Japanese word by word in animalese, the words in order', () => {
    const babble = speakAnimalese('柴犬が目を覚ます。今天天气很好', NARRATOR_VOICE);
    expect(babble.words.map((w) => w.word)).toEqual(['柴犬が', '目を', '覚ます。', '今天', '天气', '很好']);
    expect(babble.words.every((w, i) => w.end > w.start && (i === 0 || w.start >= babble.words[i - 1]!.end))).toBe(true);
    expect(babble.words.at(-1)!.end).toBeLessThanOrEqual(babble.samples.length / SAMPLE_RATE);
  });
});

describe('lines an engine cannot read', () => {
  it('are refused by the English-only engines and taken by espeak-ng', () => {
    expect(readsText({ name: 'festival' }, '病床边，人人都有心事。')).toBe(false);
    expect(readsText({ name: 'flite' }, 'Mochi wakes up in the hospital.')).toBe(true);
    expect(readsText({ name: 'festival' }, '豆豆和可乐在医院里等 Max')).toBe(false);
    expect(readsText({ name: 'espeak-ng' }, '病床边，人人都有心事。')).toBe(true);
  });
});
