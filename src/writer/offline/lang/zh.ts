import { hashSeed } from '../../../core/clock.js';
import { defaultTitleZh } from '../../../core/story/premise-zh.js';
import { kindOf } from '../../../core/story/species.js';
import { sentences } from '../../../core/story/state.js';
import { EVENTS_ZH, GENRE_PLACES_ZH, JOBS_ZH, PLACES_ZH } from '../../../core/story/words-zh.js';
import { SCENES_ZH } from '../bank/zh/scenes.js';
import { DONE_ZH, TWIST_TEXT_ZH } from '../bank/zh/twists.js';
import { escapeRegExp } from '../../../core/text.js';
import type { WriterLanguage } from './types.js';

/**
 * Simplified Chinese: the phrase bank in ../bank/zh/, written in the genre's own idiom (短剧: 反转,
 * 打脸, 真相, 身世之谜…), and the little grammar Chinese needs. No spaces, no capitals, no
 * participles: names are found anywhere in a sentence, what was voted for is echoed by shared
 * two-character words, a twist told as done is its label's done form from the bank, and a viewer's words are
 * retold with 原来 and owned with 我/你.
 */

const HAN = /\p{Script=Han}/u;
/** A sentence without its final stop. */
const bare = (text: string) => text.trim().replace(/[.!?…。！？]+$/u, '');

/** What people type before a suggestion that is not part of it ("其实", "我觉得", "反转："). */
const LEAD_INS = /^(?:其实|我觉得|我猜|我赌|要是|如果|万一|会不会|说不定|难道|反转[:：]?|剧情反转[:：]?|大胆猜测[:：]?|脑洞[:：]?)\s*/u;

/** Two-character words of a text, names taken out: what two Chinese lines share when they say the same thing. */
function bigrams(text: string, names: readonly string[]): string[] {
  let t = text;
  for (const n of [...names].sort((a, b) => b.length - a.length)) t = t.split(n).join('|');
  const out: string[] = [];
  for (const run of t.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

/** Bigrams too common to say what a twist is ("一个", "自己"). */
const COMMON = new Set(['一个', '自己', '什么', '没有', '所有', '我们', '他们', '就是', '这个', '那个', '终于', '已经', '还是', '一切', '了一', '不是', '知道', '的秘', '的面']);

/** The verb of a label: the two characters after its doer ("豆豆揭穿团子" → 揭穿). */
function labelVerb(label: string, actor: string, names: readonly string[]): string | undefined {
  const at = label.indexOf(actor);
  if (at < 0) return undefined;
  let rest = label.slice(at + actor.length);
  for (const n of names) rest = rest.split(n).join('|');
  rest = rest.replace(/^(?:当众|偷偷|暗中|终于|突然|当面|悄悄|公开|主动|亲口|把|和|与|对|向|被|给|跟|替|\|)+/u, '');
  const m = /^\p{Script=Han}{2}/u.exec(rest);
  return m ? m[0] : undefined;
}

/** The twists any two people can make when nothing else can: the ballot label, and told as done. */
const FALLBACK_MOVES: readonly (readonly [label: string, done: string])[] = [
  ['{A}逼{B}说出全部真相', '{A}逼{B}说出了全部真相'],
  ['{A}向{B}许下一个承诺', '{A}向{B}许下了一个承诺'],
  ['{A}转身离开了{B}', '{A}转身离开了{B}'],
  ['{A}告诉{B}一个藏了多年的秘密', '{A}告诉了{B}一个藏了多年的秘密'],
];

/** Every label template as a pattern with its done form: a filled label is matched back to the template it came from. */
const DONE_PATTERNS = [...DONE_ZH, ...FALLBACK_MOVES].map(([label, done]) => {
  const slots: string[] = [];
  const source = label
    .split(/(\{[A-Za-z]+(?:\.[a-z]+)?\})/)
    .map((part, i) => (i % 2 ? (slots.push(part), '(.+?)') : escapeRegExp(part)))
    .join('');
  return { re: new RegExp(`^${source}$`, 'u'), slots, done };
});

/** A label told as done ("豆豆把团子救回来" → "豆豆把团子救了回来"); undefined for words the bank did not write (a viewer's). */
function doneForm(label: string): string | undefined {
  for (const { re, slots, done } of DONE_PATTERNS) {
    const m = re.exec(label);
    if (m) return slots.reduce((text, slot, i) => text.split(slot).join(m[i + 1]!), done);
  }
  return undefined;
}

// Every place a Chinese bible may have: the premise's words, the genre's own, those a job implies.
const PLACE_WORDS_ZH = new RegExp(
  [...new Set([...PLACES_ZH, ...Object.values(GENRE_PLACES_ZH).flat(), ...Object.values(JOBS_ZH).filter((p): p is string => !!p)])].sort((a, b) => b.length - a.length).join('|'),
  'gu',
);

const TEMPERS_BY_JOB: [RegExp, string][] = [
  [/侦探|警察|警探|探长|警长/, '疲惫'],
  [/厨|面包师|甜点师/, '焦虑'],
  [/护士|医生|兽医/, '不知疲倦'],
  [/千金|少爷|大小姐|继承人|公主|王子/, '娇生惯养'],
  [/市长|总裁|董事长|老板|团长/, '傲慢'],
  [/小偷|扒手|间谍/, '滑头'],
  [/明星|歌手|演员|网红|主播|偶像/, '爱面子'],
  [/花艺师|会计|图书|园丁/, '害羞'],
  [/策划/, '手忙脚乱'],
];

const ADJECTIVES_ZH =
  /(焦虑|高冷|骄傲|忠心|狡猾|温柔|害羞|嫉妒|冷漠|野心勃勃|心机|腹黑|胆小|勇敢|固执|倔强|乐天|暴躁|善良|迷人|神秘|冷静|话多|懒散|贪吃|毒舌|傲娇|单纯|天真|精明|阴险|虚荣|刻薄|傲慢|热心|认真|调皮|好奇|安静|戏精|爱美|笨手笨脚|一惊一乍)/u;

export const ZH: WriterLanguage = {
  id: 'zh',
  scenes: SCENES_ZH,
  twists: TWIST_TEXT_ZH,
  times: ['那天夜里', '天刚蒙蒙亮', '当天傍晚', '黎明时分', '午夜刚过', '灰蒙蒙的清晨', '黄昏时分', '凌晨三点', '正午时分', '那天下午'],
  placeKeys: [
    [/警察|法庭|监狱|审讯|看守所/u, 'court'],
    [/医院|病房|诊所|手术|候诊|急诊/u, 'hospital'],
    [/厨房|后厨/u, 'kitchen'],
    [/餐厅|晚宴|宴席|饭店/u, 'restaurant'],
    [/宴会厅|婚礼|派对|酒会|年会|教堂|生日会/u, 'ballroom'],
    [/办公室|银行|报社|市政厅|会议室|董事会|律师|电视台/u, 'office'],
    [/街|巷|广场|车库|夜市/u, 'street'],
    [/公园|花园|森林|草地|果园|长椅/u, 'park'],
    [/宅|屋|公寓|别墅|庄园|城堡|宫殿|客厅|卧室|家/u, 'home'],
    [/车站|机场|站台|地铁/u, 'station'],
    [/图书馆|书房|博物馆|美术馆|画廊|画室/u, 'library'],
    [/天台|屋顶|阳台/u, 'rooftop'],
    [/舞台|剧院|片场|体育馆|赛场|后台|排练|更衣室|练习室|直播间|帐篷|比赛|选秀|训练场|马戏团|录音棚/u, 'stage'],
    [/农场|谷仓|牧场/u, 'farm'],
    [/店|咖啡|市场|集市|超市|商场|茶馆/u, 'shop'],
    [/学校|教室|校园/u, 'school'],
    [/港|海|湖|河|码头|船|岛|泳池|水族馆|海洋馆|灯塔|游轮/u, 'water'],
  ],
  titles: {
    kinds: {
      propose: ['求婚', '那枚戒指'],
      kiss: ['那个吻'],
      breakup: ['分手', '再见'],
      reject: ['不', '拒绝'],
      jealousy: ['醋意', '吃醋'],
      coma: ['守候', '别睡'],
      vanish: ['消失', '人间蒸发'],
      will: ['继承人', '遗嘱'],
      sibling: ['血脉', '身世之谜'],
      unmask: ['真凶', '面具落下'],
      humiliate: ['打脸'],
      revenge_plot: ['复仇开始'],
    },
    families: {
      secret: ['{A}知道的事', '秘密', '纸包不住火', '真相', '关起门来', '说出口'],
      conflict: ['撕破脸', '背后一刀', '回不去了', '对峙', '算账', '清算'],
      bond: ['并肩', '休战', '联手', '握手', '一条心'],
      danger: ['撑住', '漫长的一夜', '每一次呼吸', '千钧一发'],
      case: ['线索', '溜走', '破绽', '证据', '露馅'],
      contest: ['毁了', '抢功', '暗算', '赢家通吃', '聚光灯'],
      heart: ['心动', '告白', '我喜欢你', '说出来'],
      family: ['豪门秘辛', '家事'],
      farce: ['认错了', '恶作剧', '将错就错', '糟了'],
    },
    general: [
      '{O}',
      '回到{P}',
      '{B}不知道的事',
      '{A}的选择',
      '{A}和{B}',
      '{B}的真相',
      '无处可藏',
      '没有退路',
      '最后一根稻草',
      '太近了',
      '暗流',
      '每个秘密都有代价',
      '覆水难收',
      '面对',
      '{B}的错',
      '沉甸甸',
      '慢了一步',
      '孤注一掷',
      '裂痕',
      '烟雾弹',
      '不能说的事',
      '回家的路',
      '反转',
    ],
  },
  newSeasonQuestions: {
    mystery: ['是谁把{O}寄给了{A}？', '{B}还在瞒着{A}什么？'],
    rivalry: ['{B}要报仇了，{A}还能守住第一吗？', '再比一场，{A}和{B}谁会赢？'],
    medical: ['新的检查报告藏着什么？', '这一次，{A}还能相信{B}吗？'],
    romance: ['{A}和{B}能扛过接下来的风浪吗？', '是谁在给{A}写匿名情书？'],
    revenge: ['下一个来找{A}算账的会是谁？', '为了复仇，{A}要付出什么代价？'],
    family: ['还有谁会来争这份家产？', '这个家和{O}一起埋下了什么？'],
    comedy: ['{A}能躲过下一场灾难吗？', '真相瞒不住的时候，{B}会怎么做？'],
  },
  leaving: ['{A}一句话也没说，转身走了。', '{A}悄悄离开了，再也没有回头。', '{A}最后看了一眼，走了。', '{A}把{O}留下，走了。', '悄无声息地，{A}不见了。', '{A}推门出去，独自一人。'],
  fallbackMoves: FALLBACK_MOVES.map(([label]) => label),
  sponsor: {
    background: [
      '背景里，{R}的{S}广告牌亮得晃眼。',
      '墙上贴着一张{R}{S}的海报，笑得格外灿烂。',
      '一旁的架子上，整整齐齐码着{R}的{S}。',
      '{R}的霓虹招牌在头顶一闪一闪，写着“{S}”。',
      '巨大的{S}广告从高处俯视着这一切，角落印着{R}。',
      '角落里堆着一箱{R}的{S}，谁都看得见。',
    ],
    prop: [
      '{A}用{A.hands}紧紧攥着{R}的{S}，像攥着护身符。',
      '{A}把{R}的{S}翻来覆去地看，心里盘算着什么。',
      '{A}举起{R}的{S}挡在身前，寸步不让。',
      '{A}死死抱着{R}的{S}，说什么也不撒手。',
      '{A}摆弄着手里的{R}{S}，半天没说话。',
      '{A}轻轻敲了两下{R}的{S}，给自己壮胆。',
    ],
    featured: [
      '这一刻，所有的目光都落在{A}手中的{R}{S}上。',
      '{A}郑重地亮出{R}的{S}，全场倒吸一口凉气。',
      '一切的焦点，都是{A}捧在{A.hands}里的{R}{S}。',
      '{A}把{R}的{S}往中间一放，像摆出一件铁证。',
      '{A}高高举起{R}的{S}，这一幕谁也忘不了。',
      '{R}的{S}一亮相，{A}的眼睛都在发光。',
    ],
    line: ['谁也别想碰我的{S}。', '这个{S}，会改变一切。', '关键时刻，还得靠{S}。', '想知道答案？问问这个{S}。', '别问，看就知道了：{R}{S}。', '有{S}在，我就不怕。'],
  },
  answers: ['{X}现在，所有人都知道了：{answer}。', '{X}答案终于揭晓：{answer}。', '整整一季，这个问题悬在所有人心头。{X}答案是：{answer}。'],
  confessionAnswers: [
    '你说什么？',
    '你再说一遍，慢慢说。',
    '告诉我这是在开玩笑。',
    '你还打算瞒我多久？',
    '我就知道，我早就知道。',
    '那以后，什么都回不去了。',
    '为什么现在才告诉我？',
    '你最好把一切都解释清楚。',
  ],
  placeWords: PLACE_WORDS_ZH,
  talk: { returned: /回来了|你回来|欢迎回来|你终于醒/u, crime: /不在场证明|凶手|证据|案子|嫌疑|那晚你在哪|那晚，你/u, romantic: /爱|喜欢你|吻|心动|嫁给|一辈子|永远|心跳/u },
  limits: { narration: 140, line: 50, cliffhanger: 70, label: 24, teaser: 60, title: 16 },
  previously: (label) => `前情提要：${bare(label)}。`,
  summary: (n, text) => `第${n}集：${text}`,
  fallback: {
    opening: (hero) => `${hero}的世界，就要崩塌了。`,
    setup: (hero, title) => `${hero}，${title}，一切都因${hero}而起。`,
    leaving: (actor) => `${actor}一句话也没说，转身走了。`,
    stunned: (who) => `${who}简直不敢相信。`,
    turnsTo: (actor, target) => `${actor}转向了${target ?? '所有人'}。`,
    findsGone: (actor, target) => `${target ?? '大家'}发现，${actor}不见了。`,
    waits: (who) => `${who ?? '所有人'}都在等。`,
    still: (who) => `${who}一动不动。`,
    cliffhanger: (who) => `${who}回过头，一切都静止了。`,
    title: (n) => `第${n}集`,
    nextQuestion: (who) => `接下来，${who}会怎样？`,
    prop: { cliffhanger: '一张折起来的纸条', title: '秘密', newSeason: '一封封好的信', twist: '证据' },
    move: (actor) => `${actor}走了一步谁都没想到的棋`,
  },
  answerFor(question, culprit, hero) {
    const choice = /^(.+?)会选择(.+?)，还是(.+?)？$/u.exec(question);
    if (choice) return `${choice[1]}选择了${choice[2]}`;
    if (/谁/u.test(question)) return `原来，一直都是${culprit}`;
    return `是的，${hero}挺过了这一切`;
  },
  isChoice: (question) => /会选择.+，还是/u.test(question),
  titleCase: (text) => text,
  defaultTitle: defaultTitleZh,
  shortEvent: (event) => EVENTS_ZH.find((v) => event.endsWith(v.noun))?.noun ?? event,
  join: (parts) => parts.map((p) => p.trim()).join(''),
  clause: bare,
  viewerClause: (text) => bare(text.replace(LEAD_INS, '').replace(/[!！?？~～]+$/u, '')),
  keys: (text, names) => [...new Set(bigrams(text, names).filter((b) => !COMMON.has(b)))],
  overlap(keys, text) {
    if (!keys.length) return 0;
    return keys.filter((k) => text.includes(k)).length / keys.length;
  },
  direction(label, text, actor, target, names) {
    const verb = labelVerb(label, actor, names);
    if (!verb) return 0;
    let doer = false;
    let inverted = false;
    for (const s of sentences(text)) {
      const v = s.indexOf(verb);
      if (v < 0) continue;
      const a = s.lastIndexOf(actor, v);
      const t = target ? s.lastIndexOf(target, v) : -1;
      // "团子被豆豆揭穿": after 被 comes the doer.
      const passive = s.lastIndexOf('被', v);
      const subject = passive > a && passive > t ? (s.indexOf(actor, passive) >= 0 && s.indexOf(actor, passive) < v ? actor : target) : a > t ? actor : t > a ? target : null;
      if (subject === actor) doer = true;
      else if (subject && subject === target) inverted = true;
    }
    return inverted && !doer ? -1 : doer ? 0.5 : 0;
  },
  perfect(label, _actor, pick) {
    const lead = pick(['就这样，', '木已成舟：', '真的发生了——', '一切成了定局：']);
    // Where 了 goes is the label's own (the bank says it); a viewer's words are told as they wrote them.
    return `${lead}${doneForm(bare(label)) ?? bare(label)}。`;
  },
  retellOwnWords: false,
  retell(words) {
    const text = bare(words.replace(LEAD_INS, '').replace(/[!！?？~～]+$/u, ''));
    if (!text || !HAN.test(text)) return undefined;
    return /^(原来|其实)/u.test(text) ? `${text}。` : `原来，${text}。`;
  },
  firstPerson(words, speaker, listener, names) {
    let text = bare(words.replace(LEAD_INS, '').replace(/[!！?？~～]+$/u, ''));
    if (!text.startsWith(speaker)) return undefined;
    text = `我${text.slice(speaker.length)}`;
    // "豆豆和团子……" said by 豆豆 to 团子: "我和你……".
    if (listener) text = text.split(`${listener}的`).join('你的').split(listener).join('你');
    text = text.replace(/(他|她|它)自己/gu, '我自己');
    if (listener && !text.includes('你') && names.includes(listener)) text = `${listener}，${text}`;
    return `${text}。`;
  },
  placeNamed(text) {
    const found = [...text.matchAll(PLACE_WORDS_ZH)][0];
    return found ? found[0] : undefined;
  },
  namesOtherPlace: (text, place) => [...text.matchAll(PLACE_WORDS_ZH)].some((m) => !place.includes(m[0]) && !m[0].includes(place)),
  premiseWords: (text) => bigrams(text, []).filter((b) => !COMMON.has(b)),
  body(species) {
    const zh = kindOf(species).zh ?? kindOf('').zh!;
    return { hands: zh.body.hands, face: zh.body.face, ears: zh.body.ears, tells: zh.tells };
  },
  adjective(p) {
    const own = ADJECTIVES_ZH.exec(p.personality)?.[1];
    if (own) return own;
    if (HAN.test(p.personality) && [...p.personality].length <= 4) return p.personality;
    const job = TEMPERS_BY_JOB.find(([re]) => re.test(p.title))?.[1];
    if (job) return job;
    const tempers = (kindOf(p.species).zh ?? kindOf('').zh!).tempers;
    return tempers[hashSeed(p.name) % tempers.length]!;
  },
  tidy: (text) =>
    text
      .replace(/\s+/g, ' ')
      // No spaces in Chinese, except between two Latin words ("U盘" stays, "Max 的" loses it).
      .replace(/\s*([\p{Script=Han}，。！？：；、“”‘’（）…—])\s*/gu, '$1')
      .replace(/([。！？])[。．.]+/gu, '$1')
      .replace(/[：:]。/gu, '。')
      .replace(/，。/gu, '。')
      .trim(),
};
