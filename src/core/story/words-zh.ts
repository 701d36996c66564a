import type { Condition, Genre } from './model.js';

/**
 * The Chinese lexicons the premise parser (premise-zh.ts) and the story model read Chinese with:
 * places, props, jobs, events, genre cues. Data only. Chinese runs its words together, so these
 * are found as substrings, the longest first.
 */

/** Places a premise may name ("面包店", "宴会厅"). */
export const PLACES_ZH: readonly string[] = (
  '面包店 甜品店 餐厅 后厨 厨房 医院 病房 手术室 宠物医院 诊所 急诊室 学校 教室 办公室 会议室 董事会 豪宅 别墅 大宅 老宅 庄园 城堡 宫殿 法庭 警察局 派出所 ' +
  '车站 火车站 地铁站 机场 公园 花园 海滩 海边 农场 牧场 谷仓 咖啡馆 咖啡店 奶茶店 酒吧 酒店 剧院 舞台 后台 片场 体育馆 赛场 游轮 码头 港口 小岛 村子 小镇 ' +
  '图书馆 博物馆 美术馆 画廊 教堂 商场 小店 超市 菜市场 集市 美容院 宠物美容店 健身房 泳池 动物园 收容所 宠物店 马戏团 营地 森林 湖边 河边 天台 屋顶 阁楼 ' +
  '地下室 公寓 出租屋 实验室 工厂 银行 监狱 小巷 后巷 街头 灯塔 帐篷 走廊 温室 宴会厅 晚宴 婚礼 葬礼 游乐园 水族馆 海洋馆 船屋 花店 市政厅 直播间 ' +
  '训练场 练习室 排练厅 选秀现场 比赛现场 年会 酒会 拍卖会 发布会 音乐会 派对 生日会 夜市 寺庙 茶馆 民宿 画室 录音棚 电视台 报社 律师事务所'
).split(' ');

/**
 * Body words in Chinese, each with the English body words of species.ts it stands for: a kind has
 * it when its English body row has one of them (爪子 is a dog's paws and a parrot's talons, never a duck's).
 */
export const BODY_WORDS_ZH: Readonly<Record<string, readonly string[]>> = {
  翅膀: ['wings'],
  双翅: ['wings'],
  羽毛: ['feathers'],
  尾羽: ['feathers'],
  喙: ['beak'],
  扁嘴: ['bill'],
  尾巴: ['tail'],
  胡须: ['whiskers'],
  爪子: ['paws', 'claws', 'talons'],
  肉垫: ['paws'],
  蹄子: ['hooves', 'trotters'],
  前蹄: ['hooves', 'trotters'],
  猪鼻子: ['snout'],
  鳞片: ['scales'],
  颊囊: ['pouches'],
};

/** Things a story can turn on ("营业款", "保险箱", "遗嘱"). */
export const PROPS_ZH: readonly string[] = (
  '营业款 保险箱 保险柜 备用钥匙 钥匙 珍珠项链 项链 钻戒 戒指 婚戒 遗嘱 房契 地契 情书 信封 信 日记 照片 合照 合同 契约 婚约书 王冠 皇冠 奖杯 奖牌 金牌 藏宝图 地图 ' +
  '吊坠 手机 蛋糕 婚礼蛋糕 油画 画像 钻石 门票 相机 项圈 食谱 秘方 药瓶 毒药 匕首 手表 手镯 手链 笔记本 账本 账簿 钱包 支票 剧本 录音笔 录音 监控录像 录像 护照 ' +
  '请柬 花束 婚纱 香水 口红 围巾 帽子 行李箱 公文包 文件 证据 奖品 徽章 礼物 饼干 南瓜派 派 汤 红酒 奶酪 胡萝卜 骨头 玩具 毯子 金蛋 U盘 亲子鉴定 鉴定报告 ' +
  '检查报告 病历 股权书 股份 银行卡 存折 玉佩 红包 发簪 配方 设计稿 比赛作品 参赛作品 奖金 彩票 遗物 信物 面具'
).split(' ');

/** Jobs and family words: a cast member's part ("仓鼠会计"), or someone off screen ("市长"). */
export const JOBS_ZH: Readonly<Record<string, string | null>> = {
  大厨: '餐厅后厨',
  厨师: '餐厅后厨',
  面包师: '面包店',
  甜点师: '甜品店',
  会计: '办公室',
  出纳: '办公室',
  侦探: '警察局',
  警察: '警察局',
  警探: '警察局',
  探长: '警察局',
  警长: '警察局',
  护士: '医院病房',
  医生: '医院病房',
  院长: '医院病房',
  兽医: '宠物医院',
  市长: '市政厅',
  法官: '法庭',
  律师: '律师事务所',
  歌手: '舞台',
  明星: '舞台',
  偶像: '舞台',
  演员: '片场',
  导演: '片场',
  舞者: '排练厅',
  学生: '学校',
  老师: '学校',
  校长: '学校',
  总裁: '顶层办公室',
  董事长: '顶层办公室',
  老板: '办公室',
  秘书: '办公室',
  助理: '办公室',
  实习生: '办公室',
  咖啡师: '咖啡馆',
  服务员: '餐厅',
  园丁: '花园',
  农夫: '农场',
  管家: '豪宅',
  保姆: '豪宅',
  女佣: '豪宅',
  少爷: '豪门大宅',
  千金: '豪门大宅',
  大小姐: '豪门大宅',
  继承人: '豪门大宅',
  花艺师: '花店',
  店主: '小店',
  店长: '小店',
  船长: '游轮',
  飞行员: '机场',
  记者: '报社',
  教练: '训练场',
  选手: '比赛现场',
  冠军: '比赛现场',
  魔术师: '剧院',
  画家: '画室',
  主播: '直播间',
  网红: '直播间',
  消防员: '消防站',
  新娘: '婚礼现场',
  新郎: '婚礼现场',
  婚礼策划师: '婚礼现场',
  团长: '马戏团',
  驯兽师: '马戏团',
  保安: '大门口',
  小偷: '后巷',
  扒手: '后巷',
  灯塔看守人: '灯塔',
  守灯人: '灯塔',
  未婚夫: null,
  未婚妻: null,
  前任: null,
  前男友: null,
  前女友: null,
  继母: null,
  继父: null,
  奶奶: null,
  爷爷: null,
  外婆: null,
  姐姐: null,
  妹妹: null,
  哥哥: null,
  弟弟: null,
  双胞胎: null,
  室友: null,
  邻居: null,
  房东: null,
  面包店老板: '面包店',
};

export interface EventZh {
  /** Words that mark it in a premise or a suggestion. */
  forms: readonly string[];
  /** The event as a noun, after its object: "（营业款）失窃案". */
  noun: string;
  /** "{O}被偷了": the event as a sentence about its object. */
  sentence: string;
  /** "到底是谁偷走了{O}？": the season's question about it. */
  question: string;
  /** Happens to its subject ("项链不翼而飞"): the object is named before the word. */
  intransitive?: boolean;
  victim: Condition | null;
  prop: string | null;
}

/** Events a Chinese premise starts from, as the English EVENT_VERBS (words.ts). */
export const EVENTS_ZH: readonly EventZh[] = [
  { forms: ['下毒', '投毒', '毒害', '毒死', '中毒'], noun: '中毒案', sentence: '{O}被人下了毒', question: '到底是谁给{O}下的毒？', victim: 'in hospital', prop: '毒药瓶' },
  { forms: ['偷走', '偷了', '偷拿', '盗走', '盗窃', '失窃', '被盗', '窃取', '偷'], noun: '失窃案', sentence: '{O}被偷了', question: '到底是谁偷走了{O}？', victim: null, prop: null },
  { forms: ['抢劫', '打劫', '洗劫'], noun: '抢劫案', sentence: '{O}遭到了洗劫', question: '到底是谁洗劫了{O}？', victim: null, prop: '被撬开的锁' },
  { forms: ['绑架', '绑走', '拐走', '劫持'], noun: '绑架案', sentence: '{O}被绑架了', question: '到底是谁绑走了{O}？', victim: 'missing', prop: '勒索信' },
  { forms: ['谋杀', '杀害', '害死', '杀死', '遇害'], noun: '命案', sentence: '{O}遇害了', question: '到底是谁害死了{O}？', victim: 'dead', prop: '撕破的项圈' },
  { forms: ['袭击', '推下', '打伤', '推倒', '撞倒'], noun: '袭击事件', sentence: '{O}遭到了袭击', question: '到底是谁袭击了{O}？', victim: 'hurt', prop: '撕破的围巾' },
  { forms: ['破坏', '搞砸', '毁掉', '毁了', '弄坏'], noun: '破坏事件', sentence: '{O}被人毁了', question: '到底是谁毁了{O}？', victim: null, prop: '被剪断的电线' },
  { forms: ['纵火', '放火', '烧毁', '烧掉', '火灾'], noun: '纵火案', sentence: '{O}被一把火烧了', question: '到底是谁放火烧了{O}？', victim: 'hurt', prop: '烧焦的火柴' },
  { forms: ['伪造', '造假', '篡改'], noun: '伪造案', sentence: '{O}被人伪造了', question: '到底是谁伪造了{O}？', victim: null, prop: '伪造的签名' },
  { forms: ['泄露', '泄密'], noun: '泄密事件', sentence: '{O}被泄露了出去', question: '到底是谁泄露了{O}？', victim: null, prop: '匿名邮件' },
  { forms: ['调包', '掉包', '调换'], noun: '调包事件', sentence: '{O}被人调了包', question: '到底是谁调包了{O}？', victim: null, prop: '被换掉的标签' },
  { forms: ['打碎', '摔碎', '砸碎', '打破'], noun: '打碎事件', sentence: '{O}被打碎了', question: '到底是谁打碎了{O}？', victim: null, prop: '碎玻璃' },
  {
    forms: ['失踪', '消失', '不见了', '不翼而飞', '丢失', '弄丢'],
    noun: '失踪案',
    sentence: '{O}不翼而飞',
    question: '到底是谁让{O}消失的？',
    intransitive: true,
    victim: 'missing',
    prop: '空空的展示柜',
  },
  { forms: ['作弊', '操纵', '做手脚', '黑幕'], noun: '作弊丑闻', sentence: '{O}被人动了手脚', question: '到底是谁在{O}上动了手脚？', victim: null, prop: '被改过的计分卡' },
];

/** Words that blame someone for the event: the one named before them is the accused. */
export const BLAME_ZH = ['被指控', '被冤枉', '被诬陷', '被陷害', '被怀疑', '被当成', '被认定', '背锅', '被抓', '被逮捕', '被开除', '蒙冤', '被误会'];

/** Contests a rivalry is about ("烘焙大赛"). */
export const CONTESTS_ZH = ['烘焙大赛', '厨艺大赛', '大赛', '比赛', '选秀', '决赛', '冠军赛', '评选', '选举', '选拔', '锦标赛', '擂台', '考试', '升职'];

/** Genre cues, found as substrings. */
export const GENRE_WORDS_ZH: Record<Genre, readonly string[]> = {
  mystery: [
    '陷害',
    '诬陷',
    '冤枉',
    '指控',
    '偷',
    '盗',
    '失窃',
    '下毒',
    '投毒',
    '谋杀',
    '凶手',
    '真凶',
    '侦探',
    '警察',
    '失踪',
    '嫌疑',
    '线索',
    '真相',
    '案',
    '不在场证明',
    '目击',
    '看见是谁',
    '撒谎',
    '保险箱',
  ],
  rivalry: ['对手', '宿敌', '死对头', '比赛', '大赛', '竞争', '冠军', '争夺', '较量', '擂台', '选秀', '抢', '合租', '被迫'],
  medical: ['医院', '昏迷', '生病', '病危', '手术', '诊断', '失忆', '车祸', '绝症', '心脏', '病床', '病房', '命不久矣', '移植', '检查报告', '醒来'],
  romance: ['爱上', '暗恋', '恋爱', '婚礼', '求婚', '订婚', '未婚夫', '未婚妻', '初恋', '表白', '心动', '约会', '相爱', '婚约', '心上人'],
  revenge: ['复仇', '报仇', '背叛', '回归', '归来', '打脸', '逆袭', '赶出', '逐出', '羞辱', '讨回', '重生', '以牙还牙', '付出代价', '誓要'],
  family: ['遗产', '遗嘱', '继承', '豪门', '身世', '亲生', '继母', '兄弟', '姐妹', '家族', '私生', '领养', '收养', '双胞胎', '失散', '家产', '认亲'],
  comedy: ['搞笑', '乌龙', '误会', '假扮', '冒充', '恶作剧', '错把', '阴差阳错', '手忙脚乱', '鸡飞狗跳', '闹剧', '吞了'],
};

/** Words that make a personality an antagonist's, in Chinese. */
export const SCHEMER_ZH = /心机|嫉妒|冷漠|冷酷|野心|狡猾|腹黑|阴险|虚荣|刻薄|傲慢|绿茶|白莲|记仇|贪婪|狠毒/;

export const GENRE_PLACES_ZH: Record<Genre, readonly string[]> = {
  mystery: ['警察局', '后巷', '审讯室'],
  rivalry: ['排练厅', '更衣室', '主舞台'],
  medical: ['医院病房', '医院走廊', '候诊室'],
  romance: ['天台', '公园长椅', '雨夜街头'],
  revenge: ['顶层办公室', '天台', '雨夜街头'],
  family: ['豪门大宅', '律师事务所', '老花园'],
  comedy: ['客厅', '街角咖啡馆', '小镇广场'],
};

export const GENRE_PROPS_ZH: Record<Genre, readonly string[]> = {
  mystery: ['沾泥的爪印', '撕破的餐巾', '监控截图'],
  rivalry: ['奖杯', '计分卡', '祖传秘方'],
  medical: ['检查报告', '心电监护仪', '慰问卡'],
  romance: ['情书', '银戒指', '旧照片'],
  revenge: ['旧照片', '签好的合同', '一次性手机'],
  family: ['遗嘱', '家传吊坠', '没署名的信'],
  comedy: ['假胡子', '拿错的行李箱', '生日蛋糕'],
};

/** Characters that start a phrase but belong to the grammar around it ("一只", "只有", "被"). */
export const LEADING_ZH = /^[一两三几每那这只个位头条名匹有是在和与跟同被把让给对向从的了就都也还而却但却又才]+/;

/** The longest of `words` found in `text` at or after `from`, with where. */
export function findWord(text: string, words: readonly string[], from = 0): { word: string; at: number } | undefined {
  let best: { word: string; at: number } | undefined;
  for (const word of words) {
    const at = text.indexOf(word, from);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && word.length > best.word.length)) best = { word, at };
  }
  return best;
}

/** Every one of `words` in `text`, longest first where two overlap, in order. */
export function findAll(text: string, words: readonly string[]): { word: string; at: number }[] {
  const sorted = [...words].sort((a, b) => b.length - a.length);
  const taken = new Array<boolean>(text.length).fill(false);
  const out: { word: string; at: number }[] = [];
  for (const word of sorted) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (taken.slice(at, at + word.length).some(Boolean)) continue;
      for (let i = at; i < at + word.length; i++) taken[i] = true;
      out.push({ word, at });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
