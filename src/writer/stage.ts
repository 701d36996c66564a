import type { Scene } from './script.js';
import { hasHan, type StoryLanguage } from '../core/story/language.js';
import { ACTION_PROP, IN_BED, PROP_HELD, type Action, type Prop, type Wardrobe } from './staging.js';

/**
 * Staging from the words of a scene, for a writer that did not stage it (the offline writer): who
 * kneels, who reads a letter, who storms out, what they hold and wear. A word belongs to the
 * nearest character named before it in its clause (or, naming none, to the one the sentence before
 * was about; "is slapped by Luna" to Luna); a character's own lines belong to them. What a
 * sentence remembers ("she remembers the letter") is not staged. A character the words say nothing
 * about stands, or points while angrily speaking.
 */

/** What the story knows of each character, beyond the scene's words. */
export interface StageContext {
  /** Words that hold in every scene: personality, species, the part they play ("the bride"). */
  roles?: ReadonlyMap<string, string>;
  /** Their condition now (story model): someone in hospital lies in a bed there. */
  conditions?: ReadonlyMap<string, string>;
  /** The language the scene is written in (`en` by default; `zh`). */
  language?: StoryLanguage;
}

const ACTION_WORDS: readonly [RegExp, Action][] = [
  [/\b(propos(es|ing|ed)|kneel\w*|knelt|marry me|one knee)\b/i, 'kneel'],
  [/\bslap(s|ped|ping)?\b/i, 'slap'],
  [/\b(in a coma|unconscious|asleep|sleeps|sleeping|out cold)\b/i, 'sleep'],
  [/\b(in (a|the|her|his|their) (hospital )?bed|hospital bed|lies? (still|pale)|bedridden)\b/i, 'lie in bed'],
  [/\b(hug(s|ged|ging)?|embrac(e|es|ed|ing)|in (his|her|their) arms|holds? \w+ close)\b/i, 'hug'],
  [/\b((storm|walk|march|run|rush)(s|ed|es)? (out|off|away)|ran off|slams? the door|leaves? without|turns? to (leave|go)|heads? for the door)\b/i, 'storm out'],
  [/\b((walk|burst|come|step|rush|storm|march|stride)(s|ed|es)? in(to)?|came in|arrives?|arrived|enters?|entered)\b/i, 'enter'],
  [/\b(collaps\w*|breaks? down|crumples?|faint(s|ed)?|pass(es|ed)? out|blacks? out|goes limp|falls? to (the|her|his|their) knees)\b/i, 'collapse'],
  [/\b(eavesdrop\w*|overhear\w*|listens? (at|behind|from|in on)|behind the door|from the doorway|hides? behind)\b/i, 'eavesdrop'],
  [/(?<!\b(it|that|this|no) )\bpoint(s|ed|ing)? (at|to)\b|(?<!without (a |any )?(single )?)\baccus(es|ed|ing)\b|\bblames? (him|her|them)\b|\b(it was you|you did (this|it)|I saw you)\b/i, 'point'],
  [/\b(reads? (the|a|her|his|their) (note|message|card|letter|diary)|letter|envelope|diary)\b/i, 'read letter'],
  [/\b(phone|on the phone|is calling|answers the call|voicemail|hangs? up|calls (him|her|them|back)|texts? (him|her|them))\b/i, 'phone'],
  [/\b(turns? (away|her back|his back|their back)|refuses to look|won't look)\b/i, 'turn away'],
  [/\b(sits?|seated|sitting|sat down)\b/i, 'sit'],
  // On their feet: nobody who walks or paces lies in a bed.
  [/\b(walk(s|ing)?|pac(es|ing)|stands?|standing|steps?)\b/i, 'stand'],
];

/** Done by everyone the clause names ("Rex and Luna embrace"). */
const TOGETHER: ReadonlySet<Action> = new Set(['hug']);

const PROP_WORDS: readonly [RegExp, Prop][] = [
  [/\b((engagement|diamond|wedding|the|a|her|his) ring|ring box)\b/i, 'ring box'],
  [/\b(poison (vial|bottle|flask)|vial|bottle of poison)\b/i, 'poison'],
  [/\b(evidence bag|evidence|fingerprints?)\b/i, 'evidence bag'],
  [/\b(cake|birthday)\b/i, 'cake'],
  [/\b(suitcase|luggage|packs? (her|his|their) bags?)\b/i, 'suitcase'],
  [/\b(bouquet|roses|flowers)\b/i, 'bouquet'],
  [/\b(wine|champagne|a toast)\b|\bglass\b(?! (door|wall|case|window|ceiling|floor))/i, 'glass'],
  [/\b(photo(graph)?s?|polaroid)\b/i, 'photo'],
  [/\b(contract|the will|deed|signature|signs? (the|a) )\b/i, 'contract'],
  [/\b((a|the|her|his|their) (gift|present)|gift)\b/i, 'gift box'],
  [/\b(cash|ransom|bribe|briefcase|money)\b/i, 'money case'],
  [/\b(letter|envelope)\b/i, 'letter'],
  [/\bphone\b/i, 'phone'],
];

const WARDROBE_WORDS: readonly [RegExp, Wardrobe][] = [
  // "her groom" is somebody else.
  [/(?<!\b(her|his|their|my|your) )\b(bride|wedding dress|veil)\b/i, 'wedding dress'],
  [/(?<!\b(her|his|their|my|your) )\b(groom|tuxedo|in a suit)\b/i, 'suit'],
  [/\b(chef|cook)\b/i, "chef's hat"],
  [/\b(detective|inspector|officer|police|cop|sheriff)\b/i, 'police badge'],
];

const HOSPITAL = /\b(hospital|ward|clinic|icu|vet)\b/i;
/** Sentences about the past: what someone remembers is not happening on screen. */
const MEMORY = /\b(remember\w*|memor(y|ies)|forget\w*|forgotten|recalls?|still burns|used to|back then|last (week|time|night)|thoughts?|knowledge|knows that|knew)\b/i;

/** What a character's own line says they do ("Marry me", "I saw you"); a line about others ("don't walk away from me") stages nobody. */
const FIRST_PERSON: ReadonlySet<Action> = new Set(['kneel', 'point']);

/** The words that stage a scene in one language. */
interface Lexicon {
  actions: readonly [RegExp, Action][];
  props: readonly [RegExp, Prop][];
  wardrobe: readonly [RegExp, Wardrobe][];
  hospital: RegExp;
  memory: RegExp;
  /** Splits a text into sentences, and a sentence into clauses. */
  sentenceEnd: RegExp;
  clauseEnd: RegExp;
  /** A name in the text: whole words, or anywhere in a script without spaces. */
  name: (escaped: string) => string;
  /** The doer of an action found in a passive clause ("is slapped by Luna"), or null when the clause is not passive. */
  passiveDoer: (clause: string, at: number, after: string | undefined, named: readonly { name: string; at: number }[]) => string | undefined | null;
  /** A character's own line that says what they are ("I'm the bride"). */
  iAm: RegExp;
  /** A part may stand right before the name it belongs to ("新娘团子", the bride 团子). */
  titleFirst: boolean;
}

const ENGLISH: Lexicon = {
  actions: ACTION_WORDS,
  props: PROP_WORDS,
  wardrobe: WARDROBE_WORDS,
  hospital: HOSPITAL,
  memory: MEMORY,
  sentenceEnd: /(?<=[.!?])\s+/,
  clauseEnd: /(?<=[.!?;:])\s+|,\s*(?=who\b)|,?\s+(?:but|while|as|when|then)\s+(?=\u2063)/u,
  name: (n) => `(?<![\\p{L}\\p{N}])${n}(?![\\p{L}\\p{N}])`,
  // "is slapped by Luna": the one after "by" does it; "Luna is slapped": nobody named does.
  passiveDoer: (clause, at, after, named) =>
    /\b(is|was|gets|got|are|were)\s+$/i.test(clause.slice(0, at)) ? (/^\S+\s+by\s*$/i.test(clause.slice(at, named.find((n) => n.at > at)?.at ?? at)) ? after : undefined) : null,
  iAm: /\bI(?:'m| am)\b/,
  titleFirst: false,
};

/** Chinese: no spaces, so no word edges; 被 marks the passive ("豆豆被团子扇了一巴掌": 团子 slaps). */
const CHINESE: Lexicon = {
  actions: [
    [/求婚|单膝跪|跪下来?求|嫁给我|掏出戒指/, 'kneel'],
    [/扇了?.{0,4}(耳光|巴掌)|一巴掌|打了.{0,3}耳光/, 'slap'],
    [/昏迷|不省人事|睡着|沉睡|熟睡/, 'sleep'],
    [/躺在.{0,4}床|病床上|卧床/, 'lie in bed'],
    [/拥抱|抱住|紧紧抱|相拥|扑进.{0,4}怀/, 'hug'],
    [/摔门|夺门而出|冲了?出去|转身离开|转身就走|扬长而去|拂袖而去|甩手离开|愤然离开/, 'storm out'],
    [/走进|冲进|推门而入|闯进|出现在门口|赶到|赶来|走了进来/, 'enter'],
    [/瘫倒|晕倒|昏倒|崩溃|跪倒在地|倒在地上|瘫坐|哭倒/, 'collapse'],
    [/偷听|躲在.{0,4}(门|后)|门外听|听墙角/, 'eavesdrop'],
    [/指着|指向|指控|就是你|是你干的|我看见你了|我看到你了/, 'point'],
    [/读信|拆开信|信封|信纸|日记|纸条|遗书/, 'read letter'],
    [/打电话|接电话|电话那头|来电|挂断|挂了电话|发短信|手机响/, 'phone'],
    [/背过身|转过身去|别过脸|不肯看|不愿看/, 'turn away'],
    [/坐在|坐下|坐着/, 'sit'],
    [/站在|站着|站起|走来走去|踱步|散步/, 'stand'],
  ],
  props: [
    [/戒指|钻戒|戒指盒/, 'ring box'],
    [/毒药|药瓶|下毒|毒酒/, 'poison'],
    [/证据|证物|指纹/, 'evidence bag'],
    [/蛋糕|生日/, 'cake'],
    [/行李箱|行李|收拾东西/, 'suitcase'],
    [/花束|玫瑰|捧花|鲜花/, 'bouquet'],
    [/酒杯|红酒|香槟|干杯|举杯/, 'glass'],
    [/照片|相片|合影|合照/, 'photo'],
    [/合同|遗嘱|契约|协议|签字|签名/, 'contract'],
    [/礼物|礼盒/, 'gift box'],
    [/现金|赎金|钱箱|一箱钱|贿赂|支票/, 'money case'],
    [/信封|来信|一封信|信纸/, 'letter'],
    [/手机|电话/, 'phone'],
  ],
  wardrobe: [
    [/(?<!(她|他|你|我)的)(新娘|婚纱|头纱)/, 'wedding dress'],
    [/(?<!(她|他|你|我)的)(新郎|西装|燕尾服)/, 'suit'],
    [/厨师|主厨|大厨|厨子/, "chef's hat"],
    [/警察|警探|探长|侦探|警官|警犬/, 'police badge'],
  ],
  hospital: /医院|病房|诊所|急诊|重症|ICU|兽医/i,
  memory: /记得|回忆|想起|忘记|忘了|曾经|那天晚上|上次|往事|当年|以前/,
  sentenceEnd: /(?<=[。！？!?…])\s*/,
  clauseEnd: /(?<=[，；：,;:])\s*|(?<=.)(?=(但是?|而|可是|然后|就在|当)\u2063)/u,
  name: (n) => n,
  passiveDoer: (clause, at, _after, named) => {
    const before = clause.slice(0, at);
    const passive = /被\s*(\u2063\d+\u2063)?[^\u2063被]{0,3}$/u.exec(before);
    if (!passive) return null;
    if (!passive[1]) return undefined;
    const where = before.length - passive[0].length + passive[0].indexOf(passive[1]);
    return named.find((n) => n.at === where)?.name;
  },
  iAm: /我(就)?是/,
  titleFirst: true,
};

const LEXICONS: Record<StoryLanguage, Lexicon> = { en: ENGLISH, zh: CHINESE };

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names stand in the text as tokens, so that a name is never read as a word ("Hugo", "Cash") and its full stop ends no sentence ("Dr. Paws"). */
const token = (i: number) => `\u2063${i}\u2063`;
const TOKEN = /\u2063(\d+)\u2063/gu;

function tokenize(text: string, names: readonly string[], lx: Lexicon): string {
  // Longest names first: "Maxine" is not "Max".
  const order = names.map((n, i) => ({ n, i })).sort((a, b) => b.n.length - a.n.length);
  let out = text;
  for (const { n, i } of order) out = out.replace(new RegExp(lx.name(escape(n)), 'gu'), token(i));
  return out;
}

/** Each cast member's words in the scene: the clauses and lines that are about them, and what they do. */
function wordsOf(scene: Scene, lx: Lexicon): Map<string, { actions: Set<Action>; wardrobe: Set<Wardrobe>; text: string[] }> {
  const names = scene.characters.map((c) => c.name);
  const by = new Map(names.map((n) => [n, { actions: new Set<Action>(), wardrobe: new Set<Wardrobe>(), text: [] as string[] }]));
  let subject: string | undefined;
  for (const sentence of tokenize(scene.narration, names, lx).split(lx.sentenceEnd)) {
    if (lx.memory.test(sentence)) continue;
    for (const clause of sentence.split(lx.clauseEnd)) {
      if (!clause) continue;
      const named = [...clause.matchAll(TOKEN)].map((m) => ({ name: names[Number(m[1])]!, at: m.index }));
      for (const [re, action] of lx.actions) {
        const match = new RegExp(re.source, `g${re.flags.replace('g', '')}`).exec(clause);
        if (!match) continue;
        const after = named.find((n) => n.at > match.index)?.name;
        const passive = lx.passiveDoer(clause, match.index, after, named);
        const doer = passive !== null ? passive : ([...named].reverse().find((n) => n.at < match.index)?.name ?? (named.length ? undefined : subject));
        const doers = TOGETHER.has(action) && named.length ? named.map((n) => n.name) : doer ? [doer] : [];
        for (const d of doers) by.get(d)!.actions.add(action);
      }
      // "making a fool of Rex, the police dog": a part belongs to the name it follows.
      for (const [re, piece] of lx.wardrobe) {
        const match = re.exec(clause);
        const titled = match && lx.titleFirst ? named.find((n) => n.at >= match.index + match[0].length && n.at <= match.index + match[0].length + 1)?.name : undefined;
        const wearer = match && (titled ?? [...named].reverse().find((n) => n.at < match.index)?.name ?? (named.length ? undefined : subject));
        if (wearer) by.get(wearer)!.wardrobe.add(piece);
      }
      const first = named[0]?.name ?? subject;
      if (first) by.get(first)!.text.push(clause.replace(TOKEN, ' '));
      subject = named.at(-1)?.name ?? subject;
    }
  }
  for (const d of scene.dialogue) {
    const own = by.get(d.speaker);
    if (!own) continue;
    const line = tokenize(d.line, names, lx).replace(TOKEN, ' ');
    own.text.push(line);
    for (const [re, action] of lx.actions) if (FIRST_PERSON.has(action) && re.test(line)) own.actions.add(action);
    for (const [re, piece] of lx.wardrobe) if (re.test(line) && lx.iAm.test(line)) own.wardrobe.add(piece);
  }
  return by;
}

/** The staging of one scene. */
export function stageScene(scene: Scene, context: StageContext = {}): Scene {
  const lx = LEXICONS[context.language ?? (hasHan(scene.narration) ? 'zh' : 'en')];
  const said = wordsOf(scene, lx);
  const hospital = lx.hospital.test(scene.setting) || HOSPITAL.test(scene.setting);
  const actionOf = (c: Scene['characters'][number]): Action => {
    if (c.action) return c.action;
    const fromWords = lx.actions.find(([, a]) => said.get(c.name)!.actions.has(a))?.[1];
    // What the words say they do comes first ("walks alongside"); else a patient lies in bed.
    if (fromWords) return fromWords;
    const condition = context.conditions?.get(c.name);
    // Someone unconscious lies with their eyes shut, wherever they are; a patient in hospital, in bed.
    if (condition === 'unconscious') return 'sleep';
    if (hospital && condition === 'in hospital') return 'lie in bed';
    const speaks = scene.dialogue.some((d) => d.speaker === c.name);
    return c.emotion === 'angry' && speaks && scene.characters.length > 1 ? 'point' : 'stand';
  };
  const actions = scene.characters.map(actionOf);
  // The props actions need are given out first, so words never hand the same one to another.
  const taken = new Set<Prop>(scene.characters.flatMap((c, i) => (c.action ? [] : (ACTION_PROP[actions[i]!] ?? []))));
  const characters = scene.characters.map((c, i) => {
    if (c.action) return c;
    const action = actions[i]!;
    const words = said.get(c.name)!.text.join(' ');
    const roles = context.roles?.get(c.name) ?? '';
    const wardrobe = new Set<Wardrobe>([...said.get(c.name)!.wardrobe, ...lx.wardrobe.filter(([re]) => re.test(roles)).map(([, w]) => w)]);
    if (wardrobe.has('wedding dress')) wardrobe.delete('suit');
    if (IN_BED.has(action) && hospital) wardrobe.add('hospital gown');
    const needed = ACTION_PROP[action];
    const free = !IN_BED.has(action) && action !== 'hug' && action !== 'collapse' && action !== 'turn away';
    const held =
      needed ??
      (free ? (lx.props.find(([re, p]) => PROP_HELD[p] && re.test(words) && !taken.has(p))?.[1] ?? (wardrobe.has('wedding dress') && !taken.has('bouquet') ? 'bouquet' : undefined)) : undefined);
    if (held) taken.add(held);
    return { ...c, action, wardrobe: [...wardrobe].slice(0, 2), holding: held ?? null };
  });
  // What the scene shows besides: objects that stand, and objects in nobody's paws yet (the
  // renderer gives those to free paws). A bed comes with whoever lies in it.
  const names = scene.characters.map((c) => c.name);
  const everything = tokenize(scene.narration, names, lx)
    .split(lx.sentenceEnd)
    .filter((s) => !lx.memory.test(s))
    .concat(scene.dialogue.map((d) => tokenize(d.line, names, lx)))
    .join(' ')
    .replace(TOKEN, ' ');
  const shown = lx.props.filter(([re, p]) => re.test(everything) && !taken.has(p)).map(([, p]) => p);
  const props = scene.props ?? [...shown.filter((p) => !PROP_HELD[p]), ...shown.filter((p) => PROP_HELD[p])].slice(0, 3);
  return { ...scene, characters, props };
}

export function stageScenes(scenes: readonly Scene[], context?: StageContext): Scene[] {
  return scenes.map((s) => stageScene(s, context));
}
