import { describe, expect, it } from 'vitest';
import { storyLanguage, mentions } from '../../../src/core/story/language.js';
import { bibleFromPremise } from '../../../src/core/story/premise.js';
import { englishSpecies, kindOf, matchSpecies, speciesWordsZh } from '../../../src/core/story/species.js';
import { initialState } from '../../../src/core/story/state.js';
import { parseTwist } from '../../../src/core/story/suggestion.js';
import { World } from '../../../src/core/story/world.js';

const cast = (text: string) =>
  text.split(/[，,]/).map((e) => {
    const [name, species] = e.split(/[:：]/).map((x) => x.trim());
    return { name: name!, species: species!, personality: '满腹心事' };
  });
const bible = (premise: string, castText: string, tone = 'melodrama') => bibleFromPremise({ title: 'T', premise, tone, cast: cast(castText), seed: 3, language: 'zh' });

describe('the story model in Chinese', () => {
  it('takes a series language as a tag or a name, and a premise in Chinese as Chinese', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-hans', 'zh_TW', 'Chinese', '中文', '简体中文', 'Mandarin']) expect(storyLanguage(tag), tag).toBe('zh');
    for (const tag of ['en', 'en-GB', 'English', 'es', 'ja']) expect(storyLanguage(tag), tag).toBe('en');
    expect(storyLanguage(undefined, '一只柴犬在医院醒来')).toBe('zh');
    expect(storyLanguage('', 'A Shiba Inu wakes up in hospital')).toBe('en');
  });

  it('understands species typed in Chinese: kinds, breeds for the drawing, and the words a premise uses', () => {
    expect(matchSpecies('柴犬')).toMatchObject({ exact: true, known: true });
    expect(kindOf('柴犬').id).toBe('dog');
    expect(englishSpecies('柴犬')).toBe('shiba inu');
    expect(kindOf('橘猫').id).toBe('cat');
    expect(englishSpecies('橘猫')).toBe('ginger cat');
    expect(kindOf('仓鼠').id).toBe('hamster');
    expect(kindOf('鹦鹉').id).toBe('parrot');
    expect(englishSpecies('金毛')).toBe('golden retriever');
    expect(kindOf('荷兰猪').id).toBe('guinea pig');
    // The longest name wins: an owl is no cat, a red panda no panda.
    expect(matchSpecies('猫头鹰')).toMatchObject({ kind: { id: 'parrot' }, exact: false });
    expect(kindOf('小熊猫').id).toBe('red panda');
    expect(englishSpecies('黑色的柴犬')).toBe('black shiba inu');
    expect(speciesWordsZh('Shiba Inu')).toEqual(expect.arrayContaining(['柴犬', '狗']));
    expect(kindOf('鹦鹉').zh?.body.hands).toBe('翅膀');
  });

  it('finds names inside Chinese, whose words run together, and whole words elsewhere', () => {
    expect(mentions('其实豆豆一直在替面包师打工', '豆豆')).toBe(true);
    expect(mentions('Maxine left', 'Max')).toBe(false);
  });

  it('reads a Chinese premise: genre, roles by species and part, the event, places, props and the question', () => {
    const b = bible('一只仓鼠会计被指控偷了面包店的营业款，只有夜班的鹦鹉看见是谁打开了保险箱。', '豆豆: 仓鼠, 团子: 鹦鹉, 可乐: 柴犬', 'thriller');
    expect(b.language).toBe('zh');
    expect(b.genre).toBe('mystery');
    expect(b.roles.map((r) => [r.name, r.role, r.title])).toEqual([
      ['豆豆', 'protagonist', '仓鼠会计'],
      ['团子', 'antagonist', '夜班的鹦鹉'],
      ['可乐', 'suspect', '柴犬'],
    ]);
    expect(b.incident).toMatchObject({ event: '面包店的营业款失窃案', sentence: '面包店的营业款被偷了。', accused: '豆豆' });
    expect(b.question).toBe('到底是谁偷走了面包店的营业款？');
    const state = initialState(b);
    expect(state.facts.map((f) => f.text)).toContain('所有人都把豆豆当成了面包店的营业款失窃案的罪魁祸首。');
  });

  it('reads romance, revenge and medical premises the way the genre tells them', () => {
    const romance = bible('害羞的仓鼠花艺师爱上了每天在花店门口唱歌的鹦鹉，可他早已和市长家的波斯猫订了婚。', '团子: 仓鼠, 可乐: 鹦鹉, 公主: 波斯猫', 'romance');
    expect(romance.genre).toBe('romance');
    expect(romance.roles.map((r) => r.role)).toEqual(['protagonist', 'love interest', 'rival']);
    expect(romance.question).toBe('团子和可乐最终会走到一起吗？');
    const revenge = bible('豪门千金橘猫年糕被赶出家门，十年后她以神秘总裁的身份归来，誓要让害她的继母付出代价。', '年糕: 橘猫, 雪球: 波斯猫, 旺财: 金毛');
    expect(revenge.genre).toBe('revenge');
    expect(revenge.roles.find((r) => r.name === '年糕')?.role).toBe('protagonist');
    expect(revenge.question).toMatch(/^年糕会让.+付出代价，还是学会原谅？$/u);
    const medical = bible('一只柴犬在医院醒来，失去了婚礼那天的记忆，病床边的每个人都在撒谎。', '豆豆: 柴犬, 奶茶: 布偶猫, 大福: 金毛', 'tragedy');
    expect(medical.genre).toBe('medical');
    expect(initialState(medical).characters['豆豆']?.condition).toBe('in hospital');
  });

  it('reads Chinese suggestions into twists, or keeps them as the viewer wrote them', () => {
    const b = bible('一只仓鼠会计被指控偷了面包店的营业款，只有夜班的鹦鹉看见是谁打开了保险箱。', '豆豆: 仓鼠, 团子: 鹦鹉, 可乐: 柴犬', 'thriller');
    const w = new World(b, initialState(b));
    const lying = parseTwist(w, '团子在撒谎!!');
    expect(lying.op).toMatchObject({ kind: 'community', actor: '团子', words: '团子在撒谎' });
    const working = parseTwist(w, '其实可乐一直在替面包师打工');
    expect(working.op).toMatchObject({ kind: 'community', actor: '可乐' });
    expect(parseTwist(w, '可乐当众指控团子').op).toMatchObject({ kind: 'accuse', actor: '可乐', target: '团子' });
    expect(parseTwist(w, '团子被可乐指控了').op).toMatchObject({ kind: 'accuse', actor: '可乐', target: '团子' });
    // Saying who did the premise's own event makes it the story's truth.
    expect(parseTwist(w, '其实是可乐偷了营业款').op.object).toBe('culprit');
  });

  it('reads an English premise in English when the series is told in Chinese, and says its bible in Chinese', () => {
    const english = [
      { name: 'Mochi', species: 'Shiba Inu', personality: 'proud' },
      { name: 'Luna', species: 'black cat', personality: 'mysterious' },
      { name: 'Biscuit', species: 'golden retriever', personality: 'loyal' },
    ];
    const premise = 'A Shiba Inu wakes up in a hospital bed with no memory of the wedding, and everyone at the bedside is lying.';
    const b = bibleFromPremise({ title: 'T', premise, tone: 'melodrama', cast: english, seed: 3, language: 'zh' });
    // Read as English reads it: a hospital story, not an inheritance plot from a parser that found no Chinese words.
    expect(b.genre).toBe('medical');
    expect(b.language).toBe('zh');
    expect(b.question).toBe('Mochi能挺过这一关吗？又是谁在隐瞒真相？');
    expect(b.places.slice(0, 2)).toEqual([
      { name: '医院', fromPremise: true },
      { name: '婚礼', fromPremise: true },
    ]);
    expect(b.roles.map((r) => r.title)).toEqual(['柴犬', '黑猫', '金毛']);
    const names = english.map((c) => c.name);
    const said = [b.question, ...b.places.map((p) => p.name), ...b.props, ...b.roles.map((r) => r.title), ...b.others].join(' ');
    expect(names.reduce((t, n) => t.split(n).join(''), said)).not.toMatch(/[A-Za-z]/);
  });

  it("says an English premise's event, places, props and parts in Chinese through the lexicons", () => {
    const english = [
      { name: 'Pip', species: 'hamster', personality: 'anxious' },
      { name: 'Coco', species: 'parrot', personality: 'vain' },
      { name: 'Rex', species: 'German Shepherd', personality: 'gruff' },
    ];
    const premise = "A hamster chef is framed for poisoning the mayor's parrot at the gala dinner, and only the police dog believes him.";
    const b = bibleFromPremise({ title: 'T', premise, tone: 'thriller', cast: english, seed: 3, language: 'Chinese' });
    expect(b.language).toBe('zh');
    expect(b.genre).toBe('mystery');
    expect(b.roles.find((r) => r.name === 'Pip')?.title).toBe('仓鼠大厨');
    expect(b.roles.find((r) => r.name === 'Coco')?.title).toBe('市长的鹦鹉');
    expect(b.incident).toMatchObject({ event: '市长的鹦鹉中毒案', sentence: '市长的鹦鹉被人下了毒。', victim: 'Coco', accused: 'Pip' });
    expect(b.places.map((p) => p.name)).toEqual(expect.arrayContaining(['晚宴', '餐厅后厨']));
    expect(b.props).toContain('毒药瓶');
    expect(b.question).toBe('到底是谁给市长的鹦鹉下的毒？');
    expect(b.others).toEqual(['市长']);
    // A premise written in Chinese is read by the Chinese parser, whatever the series' language says.
    expect(bibleFromPremise({ title: 'T', premise: '一只仓鼠会计被指控偷了面包店的营业款。', tone: 'thriller', cast: cast('豆豆: 仓鼠, 团子: 鹦鹉'), seed: 3, language: 'es' }).incident?.event).toBe(
      '面包店的营业款失窃案',
    );
  });
});
