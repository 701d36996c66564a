import { truncate } from '../text.js';
import { BibleSchema, type Bible, type CastRole, type CastSheet, type Incident } from './model.js';
import { centralQuestionZh } from './premise-zh.js';
import { kindOf, speciesWords } from './species.js';
import { EVENT_VERBS, GENRE_PLACES, GENRE_PROPS, JOB_NOUNS } from './words.js';
import { EVENTS_ZH, GENRE_PLACES_ZH, GENRE_PROPS_ZH, type EventZh } from './words-zh.js';

/**
 * An English premise for a series told in Chinese: premise.ts reads it with the English parser, and
 * this says its bible in Chinese through small lexicons (places, props, jobs, events), so the
 * offline writer's Chinese pack has Chinese words to fill its slots with. What the lexicons do not
 * know is left out rather than left in English: an unknown place or prop gives way to the genre's
 * own, an unknown modifier is dropped ("the night-shift budgie" → 虎皮鹦鹉), and the situation (the
 * premise retold) is not carried over — the season's question is asked anew in Chinese.
 */

/** Whole English phrases the lexicon says as one word ("police station" is 警察局, not 警察车站). */
const PHRASES: Record<string, string> = {
  'police station': '警察局',
  'fire station': '消防站',
  'train station': '火车站',
  'bus station': '汽车站',
  'restaurant kitchen': '餐厅后厨',
  'hospital ward': '医院病房',
  'vet clinic': '宠物医院',
  'operating room': '手术室',
  'town hall': '市政厅',
  'city hall': '市政厅',
  'law office': '律师事务所',
  'dance studio': '舞蹈室',
  'wedding hall': '婚礼现场',
  'training ground': '训练场',
  'gala dinner': '晚宴',
  'flower shop': '花店',
  'coffee shop': '咖啡店',
  'pet shop': '宠物店',
  'night shift': '夜班',
  'judging tent': '评审帐篷',
  'shark tunnel': '鲨鱼隧道',
  'display case': '展示柜',
  'natural history museum': '自然历史博物馆',
  'history museum': '历史博物馆',
  'test results': '检查报告',
  'heart pills': '心脏药',
  'wedding cake': '婚礼蛋糕',
  'birthday cake': '生日蛋糕',
  'love letter': '情书',
  'secret recipe': '秘方',
  'pearl necklace': '珍珠项链',
  'golden egg': '金蛋',
  'spare key': '备用钥匙',
  ...Object.fromEntries(
    // The genre's own places and props, and those an event leaves behind, as words-zh.ts says them.
    [
      ...Object.keys(GENRE_PLACES).flatMap((g) => zip(GENRE_PLACES[g as keyof typeof GENRE_PLACES], GENRE_PLACES_ZH[g as keyof typeof GENRE_PLACES_ZH])),
      ...Object.keys(GENRE_PROPS).flatMap((g) => zip(GENRE_PROPS[g as keyof typeof GENRE_PROPS], GENRE_PROPS_ZH[g as keyof typeof GENRE_PROPS_ZH])),
    ].map(([en, zh]) => [bare(en), zh]),
  ),
};

/** English words (places, props, jobs, family, a few modifiers) in Chinese. */
const WORDS: Record<string, string> = Object.fromEntries(
  `kitchen:厨房 restaurant:餐厅 gala:晚宴 dinner:晚宴 banquet:宴会 ballroom:宴会厅 hospital:医院 clinic:诊所 ward:病房 surgery:手术室
  school:学校 classroom:教室 office:办公室 mansion:豪宅 manor:庄园 estate:庄园 castle:城堡 palace:宫殿 court:法庭 courtroom:法庭
  station:车站 airport:机场 park:公园 garden:花园 beach:海滩 farm:农场 barn:谷仓 bakery:面包店 café:咖啡馆 cafe:咖啡馆 bar:酒吧
  pub:小酒馆 club:俱乐部 hotel:酒店 theatre:剧院 theater:剧院 stage:舞台 studio:工作室 stadium:体育场 arena:赛场 ship:船 boat:小船
  yacht:游艇 island:小岛 village:村子 town:小镇 city:城里 library:图书馆 museum:博物馆 gallery:画廊 church:教堂 chapel:小教堂
  shop:小店 store:商店 market:市场 salon:美容院 gym:健身房 pool:泳池 zoo:动物园 shelter:收容所 kennel:狗舍 kennels:狗舍 circus:马戏团
  camp:营地 forest:森林 woods:树林 lake:湖边 river:河边 rooftop:天台 roof:屋顶 penthouse:顶层公寓 apartment:公寓 flat:公寓
  house:房子 home:家 cottage:小屋 laboratory:实验室 lab:实验室 factory:工厂 bank:银行 prison:监狱 jail:看守所 alley:小巷 street:街头
  harbour:海港 harbor:海港 port:港口 pier:码头 lighthouse:灯塔 tent:帐篷 backstage:后台 hallway:走廊 corridor:走廊 attic:阁楼
  basement:地下室 cellar:地窖 vineyard:葡萄园 orchard:果园 greenhouse:温室 bakehouse:烘焙坊 diner:小餐馆 boutique:精品店 spa:水疗馆
  casino:赌场 racetrack:赛道 track:跑道 field:田野 meadow:草地 mountain:山上 cabin:小木屋 lodge:山间小屋 resort:度假村
  festival:庆典 fair:集市 carnival:嘉年华 party:派对 wedding:婚礼 funeral:葬礼 aquarium:水族馆 houseboat:船屋 stable:马厩
  observatory:天文台 warehouse:仓库 dock:码头 docks:码头 marina:游艇码头 pond:池塘 nest:鸟窝 burrow:洞穴 den:窝 hall:大厅 room:房间
  newsroom:报社 garage:车库 tunnel:隧道 ferry:渡轮 train:火车 bus:公交车 bridge:桥上 tower:塔楼 bedside:病床边 bed:病床
  will:遗嘱 ring:戒指 necklace:项链 letter:信 letters:信 diary:日记 photo:照片 photograph:照片 key:钥匙 keys:钥匙 crown:王冠
  trophy:奖杯 medal:奖牌 contract:合同 map:地图 locket:吊坠盒 phone:手机 cake:蛋糕 painting:油画 jewel:宝石 diamond:钻石
  envelope:信封 ticket:门票 tickets:门票 camera:相机 collar:项圈 recipe:食谱 vial:药瓶 bottle:瓶子 poison:毒药 knife:刀
  potion:药水 pendant:吊坠 watch:手表 bracelet:手镯 notebook:笔记本 journal:日记本 fortune:家产 money:钱 cheque:支票 check:支票
  deed:房契 script:剧本 manuscript:手稿 tape:录音带 recording:录音 video:视频 footage:录像 passport:护照 invitation:请柬
  bouquet:花束 dress:礼服 veil:头纱 tiara:冠冕 sword:剑 perfume:香水 lipstick:口红 scarf:围巾 hat:帽子 umbrella:雨伞
  suitcase:行李箱 briefcase:公文包 box:盒子 chest:箱子 safe:保险箱 file:文件 files:文件 document:文件 documents:文件
  evidence:证据 prize:奖品 cup:奖杯 badge:徽章 gift:礼物 present:礼物 cookie:饼干 cookies:饼干 pie:派 pies:派 soup:汤 wine:红酒
  dish:菜 sauce:酱汁 cheese:奶酪 carrot:胡萝卜 bone:骨头 toy:玩具 ball:球 blanket:毯子 egg:蛋 takings:营业款 pearls:珍珠
  pills:药片 pill:药片 stone:石头 pawprint:爪印 napkin:餐巾 foghorn:雾笛 memory:记忆 diagnosis:病情 illness:病情 identity:身份
  past:过去 debt:债务 affair:私情 crush:心事
  chef:大厨 cook:厨师 baker:面包师 detective:侦探 inspector:探长 officer:警官 cop:警察 police:警察 nurse:护士 doctor:医生
  vet:兽医 surgeon:外科医生 mayor:市长 judge:法官 lawyer:律师 heir:继承人 heiress:千金 butler:管家 maid:女仆 singer:歌手
  star:明星 actor:演员 actress:演员 dancer:舞者 student:学生 teacher:老师 boss:老板 ceo:总裁 barista:咖啡师 waiter:服务员
  gardener:园丁 thief:小偷 spy:间谍 king:国王 queen:女王 prince:王子 princess:公主 duke:公爵 duchess:公爵夫人 bride:新娘
  groom:新郎 fiance:未婚夫 fiancé:未婚夫 fiancee:未婚妻 fiancée:未婚妻 widow:遗孀 orphan:孤儿 twin:双胞胎 sister:姐姐
  brother:哥哥 mother:妈妈 father:爸爸 mom:妈妈 dad:爸爸 grandma:奶奶 grandpa:爷爷 grandmother:奶奶 grandfather:爷爷
  champion:冠军 captain:船长 coach:教练 artist:艺术家 painter:画家 writer:作家 reporter:记者 journalist:记者 influencer:网红
  model:模特 pilot:飞行员 sailor:水手 farmer:农场主 mechanic:修车师傅 banker:银行家 billionaire:富豪 tycoon:大亨
  magician:魔术师 bodyguard:保镖 assistant:助理 intern:实习生 rookie:新人 neighbour:邻居 neighbor:邻居 roommate:室友
  landlord:房东 boyfriend:男朋友 girlfriend:女朋友 husband:丈夫 wife:妻子 ex:前任 stepmother:继母 stepsister:继姐
  stepbrother:继兄 cousin:表亲 uncle:叔叔 aunt:阿姨 librarian:图书管理员 firefighter:消防员 owner:老板 manager:经理
  director:导演 principal:校长 sheriff:警长 mentor:导师 apprentice:学徒 stranger:陌生人 ringmaster:马戏团团长
  bookkeeper:会计 pickpocket:扒手 florist:花艺师 planner:策划师 accountant:会计 clerk:职员 tailor:裁缝 jeweller:珠宝匠
  jeweler:珠宝匠 courier:快递员 guard:保安 keeper:看守人 butcher:屠夫 grocer:杂货店老板 vendor:小贩 acrobat:杂技演员
  clown:小丑 juggler:杂耍艺人 alderman:议员 tortoise:乌龟 pets:宠物 pet:宠物
  golden:金 gold:金 silver:银 pearl:珍珠 secret:秘密 old:老 new:新 family:家传 royal:皇家 grand:大 little:小 small:小
  big:大 night:夜 county:县 natural:自然 history:历史 flower:花 muddy:沾泥的 torn:撕破的 spare:备用 hidden:藏起来的
  stolen:被偷的 broken:破碎的 love:爱 heart:心脏 security:监控 summer:夏日 winter:冬日 shark:鲨鱼 judging:评审 dance:舞蹈
  tea:茶 coffee:咖啡 jewellery:珠宝 jewelry:珠宝 wedding:婚礼 birthday:生日 retired:退休的 famous:有名的 rival:对手`
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);

/** English event nouns by their past ("poisoned") and the Chinese event it is. */
const EVENT_ZH: Record<string, string> = {
  poisoned: '中毒案',
  stole: '失窃案',
  robbed: '抢劫案',
  kidnapped: '绑架案',
  killed: '命案',
  attacked: '袭击事件',
  sabotaged: '破坏事件',
  'set fire to': '纵火案',
  forged: '伪造案',
  leaked: '泄密事件',
  swapped: '调包事件',
  broke: '打碎事件',
  lost: '失踪案',
  'made vanish': '失踪案',
  rigged: '作弊丑闻',
};
const eventZh = (past: string): EventZh | undefined => EVENTS_ZH.find((e) => e.noun === EVENT_ZH[past]);
// What an event leaves behind ("the poison vial"), as the Chinese event leaves it (毒药瓶).
for (const v of EVENT_VERBS) {
  const zh = eventZh(v.past);
  if (v.prop && zh?.prop) PHRASES[bare(v.prop)] = zh.prop;
}

function zip(a: readonly string[], b: readonly string[]): [string, string][] {
  return a.map((x, i) => [x, b[i]!] as [string, string]).filter(([, y]) => !!y);
}

/** A phrase without its article or owner word: "the gala dinner" → "gala dinner". */
function bare(phrase: string): string {
  return phrase
    .trim()
    .toLowerCase()
    .replace(/^(the|a|an|his|her|their|its|our|my|one)\s+/, '');
}

/** An animal word in Chinese ("parrot" → 鹦鹉), when the kinds of species.ts know it. */
function animalZh(word: string): string | undefined {
  const kind = kindOf(word);
  return kind.id !== 'pet' && kind.words.includes(word.toLowerCase()) ? kind.zh?.noun : undefined;
}

/** How a species is called in Chinese: its breed's name ("Shiba Inu" → 柴犬), else its kind's noun. */
export function speciesZh(species: string): string {
  const kind = kindOf(species);
  const lower = species.trim().toLowerCase();
  const names = Object.entries(kind.zh?.names ?? {});
  const breed = names.find(([, en]) => en === lower) ?? names.find(([, en]) => en.includes(' ') && lower.includes(en));
  return breed?.[0] ?? kind.zh?.noun ?? '小动物';
}

/**
 * An English noun phrase in Chinese, or undefined when its head noun is unknown: whole phrases
 * first ("police station"), then word by word in the same order, owners with 的 ("the mayor's
 * parrot" → 市长的鹦鹉), unknown modifiers left out, cast names as they are.
 */
export function phraseZh(phrase: string, names: readonly string[] = []): string | undefined {
  const text = bare(phrase);
  if (PHRASES[text]) return PHRASES[text];
  const words = text.split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    // The longest known phrase from here ("the county fair's judging tent": 集市的评审帐篷).
    const run = [words.length, 3, 2].map((n) => words.slice(i, i + n).join(' ')).find((r) => r.includes(' ') && PHRASES[r.replace(/['’]s$/, '')]);
    const raw = run ?? words[i]!;
    if (run) i += run.split(' ').length - 1;
    const owner = /['’]s$/.test(raw);
    const word = raw.replace(/['’]s$/, '').replace(/[^\p{L}\s-]/gu, '');
    const name = names.find((n) => n.toLowerCase() === word);
    const zh = name ?? PHRASES[word] ?? WORDS[word] ?? animalZh(word);
    if (!zh) {
      if (i === words.length - 1) return undefined;
      continue;
    }
    out.push(owner ? `${zh}的` : zh);
  }
  const said = out.join('').replace(/的$/u, '');
  return said || undefined;
}

/** How the premise calls someone, in Chinese: owner, modifiers, species, then job ("the hamster chef" → 仓鼠大厨). */
function titleZh(title: string, member: { name: string; species?: string | undefined }, names: readonly string[]): string {
  const species = member.species ?? '';
  const own = new Set(speciesWords(species));
  const words = bare(title).split(/\s+/);
  const before: string[] = [];
  const jobs: string[] = [];
  let isSpecies = false;
  for (const raw of words) {
    const owner = /['’]s$/.test(raw);
    const word = raw.replace(/['’]s$/, '');
    if (own.has(word) && !owner) {
      isSpecies = true;
      continue;
    }
    const zh = owner ? phraseZh(word, names) : (names.find((n) => n.toLowerCase() === word) ?? WORDS[word]);
    if (!zh) continue;
    if (owner) before.push(`${zh}的`);
    else if (JOB_NOUNS.has(word)) jobs.push(zh);
    else before.push(zh);
  }
  const who = species ? speciesZh(species) : '';
  // "the mayor" plays a part without a species word: the job alone.
  const said = `${before.join('')}${isSpecies || !jobs.length ? who : ''}${jobs.join('')}`;
  return truncate(said || who || '小动物', 60);
}

/** The bible premise.ts read from an English premise, told in Chinese. */
export function bibleInChinese(bible: Bible, cast: readonly CastSheet[]): Bible {
  const names = cast.map((c) => c.name);
  const roles: CastRole[] = bible.roles.map((r) => ({ ...r, title: titleZh(r.title, r, names) }));
  const unique = (list: (string | undefined)[]) => [...new Set(list.filter((x): x is string => !!x))];

  // Places: the premise's that the lexicon knows, then the genre's own.
  const places: Bible['places'] = [];
  for (const p of bible.places) {
    const name = phraseZh(p.name, names);
    if (name && !places.some((q) => q.name === name)) places.push({ name: truncate(name, 60), fromPremise: p.fromPremise });
  }
  for (const p of GENRE_PLACES_ZH[bible.genre]) if (places.length < 3 && !places.some((q) => q.name === p)) places.push({ name: p, fromPremise: false });

  const props = unique(bible.props.map((p) => phraseZh(p, names)));
  for (const p of GENRE_PROPS_ZH[bible.genre]) if (props.length < 4 && !props.includes(p)) props.push(p);

  // The event: its Chinese verb, and what it happened to.
  let incident: Incident | null = null;
  let verb: EventZh | null = null;
  let object: string | null = null;
  if (bible.incident) {
    const i = bible.incident;
    const en = EVENT_VERBS.find((v) => i.event.toLowerCase().startsWith(v.noun.replace(/\s(of|on|at)$/, '')));
    verb = (en && eventZh(en.past)) ?? null;
    const rest = en ? i.event.slice(en.noun.length).trim() : '';
    object = rest ? (names.find((n) => n === rest) ?? phraseZh(rest, names) ?? null) : null;
    const victim = i.victim && names.includes(i.victim) ? i.victim : object;
    incident = verb
      ? {
          event: truncate(object ? `${object}${verb.noun}` : verb.noun, 120),
          sentence: truncate(object ? `${verb.sentence.replace('{O}', object)}。` : `发生了一起${verb.noun}。`, 200),
          victim: victim ? truncate(victim, 60) : null,
          accused: i.accused,
          culprit: i.culprit,
        }
      : { event: '那件事', sentence: '发生了一件谁都不愿提起的事。', victim: null, accused: i.accused, culprit: i.culprit };
  }
  const chinese: Bible = {
    ...bible,
    roles,
    places,
    props: props.slice(0, 6).map((p) => truncate(p, 60)),
    incident,
    // The premise retold is English prose: not carried over.
    situation: '',
    question: truncate(centralQuestionZh(bible.genre, roles, incident, verb, object, places, ''), 200),
    // "Pip is hiding a diagnosis" → "Pip一直在隐瞒病情".
    secrets: bible.secrets.map((s) => ({ name: s.name, text: truncate(`${s.name}一直在隐瞒${phraseZh(s.text.replace(/^.*?\bis hiding\s+/i, ''), names) ?? '一个秘密'}`, 200) })),
    others: unique(bible.others.map((o) => phraseZh(o, names))).map((o) => truncate(o, 60)),
    language: 'zh',
  };
  return BibleSchema.parse(chinese);
}
