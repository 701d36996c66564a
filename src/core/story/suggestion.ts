import { escapeRegExp, truncate } from '../text.js';
import { hasHan, namePattern } from './language.js';
import { EVENTS_ZH } from './words-zh.js';
import type { TwistOp } from './model.js';
import { checkTwist, RULE_BY_KIND, type ObjectKind } from './twists.js';
import type { World } from './world.js';

/**
 * Reads a twist written by a person (a community suggestion, a moderator's option, an old ballot
 * label) as an operation: who does what to whom, and with what. A text that fits no kind, or
 * whose kind cannot happen now, is kept as a community twist in its own words, with its own
 * persons: it is paid off as a reveal and becomes a fact.
 */

/** Verb cues for each kind, tried in order; the first that matches decides. */
const CUES: [string, RegExp][] = [
  ['unmask', /\b(unmasks?|proves?|exposes?) .*\b(did it|culprit|behind|guilty)\b/i],
  ['confess', /\b(confess(es|ed)?|admits?|owns? up)\b(?! (her|his|their) love)/i],
  ['confess_love', /\b(falls? (in love )?for|in love with|loves|crush on|confess(es)? (her|his|their) love)\b/i],
  ['reject', /\b(says? no|rejects?|refuses?|turns? down|leaves? .* at the altar)\b/i],
  ['propose', /\b(propos(es|e|ed)|asks? .* to marry|engaged to)\b/i],
  ['breakup', /\b(breaks? up|dumps?|splits? up)\b/i],
  ['jealousy', /\b(jealous|catches? .* with)\b/i],
  ['kiss', /\bkiss(es|ed)?\b/i],
  ['frame', /\b(frames?|framed|plants?|planted)\b/i],
  ['betray', /\b(betray(s|ed|al)?|double[- ]cross(es)?|backstab(s|bed)?|sells? out|traitor)\b/i],
  ['eavesdrop', /\b(overhears?|eavesdrops?|listens? in)\b/i],
  ['expose', /\b(exposes?|unmasks?|tells everyone)\b/i],
  ['reveal', /\b(reveals?|tells?|shows?)\b/i],
  ['confront', /\b(confronts?|corners?|demands)\b/i],
  ['accuse', /\b(accuses?|blames?|points the finger)\b/i],
  ['alibi', /\balibi\b/i],
  ['witness', /\b(saw|sees|witness(es|ed)?)\b/i],
  ['coma', /\bcoma\b/i],
  ['wake', /\b(wakes? up|awakens?)\b/i],
  ['collapse', /\b(collapses?|faints?|passes? out)\b/i],
  ['hide_diagnosis', /\bhides? .*(diagnosis|results|test)/i],
  ['donor', /\b(donor|transplant|kidney|donates?|blood)\b/i],
  ['recover', /\b(recovers?|gets? better|heals?)\b/i],
  ['revenge_plot', /\b(revenge|payback|make .* pay|gets? even)\b/i],
  ['forgive', /\bforgives?\b/i],
  ['will', /\b(will|inherit(s|ance)?|heir(ess)?)\b/i],
  ['sibling', /\b(sibling|long-lost|secret (brother|sister|twin)|twins?)\b/i],
  ['mixup', /\b(mistaken for|pretends? to be|disguise[sd]?)\b/i],
  ['prank', /\bpranks?\b/i],
  ['sabotage', /\b(sabotages?|ruins?|destroys?)\b/i],
  ['humiliate', /\b(humiliates?|embarrass(es)?|mocks?|shames?)\b/i],
  ['steal_credit', /\b(takes?|steals?) (the )?credit\b/i],
  ['truce', /\b(truce|makes? peace|makes? up)\b/i],
  ['rescue', /\b(rescues?|saves?|frees?)\b/i],
  ['ally', /\b(teams? up|joins? forces|allies|work together)\b/i],
  ['vanish', /\b(vanish(es)?|disappears?|runs? away|goes missing|fakes? (her|his|their|its) own death)\b/i],
  ['clue', /\b(finds?|discovers?|clue)\b/i],
];

/**
 * The same cues in Chinese, tried first when the text is Chinese ("豆豆背叛了团子", "团子才是真凶").
 * Chinese has no word boundaries: a cue is found anywhere.
 */
const CUES_ZH: [string, RegExp][] = [
  ['unmask', /(揭穿|证明|拆穿).*(真凶|凶手|幕后黑手|干的)/u],
  ['confess_love', /(表白|告白|爱上|喜欢上|暗恋)/u],
  ['confess', /(坦白|认罪|承认|自首)/u],
  ['reject', /(拒绝|说不|逃婚)/u],
  ['propose', /(求婚)/u],
  ['breakup', /(分手|甩了)/u],
  ['jealousy', /(吃醋|嫉妒|撞见)/u],
  ['kiss', /(吻|亲了)/u],
  ['frame', /(陷害|栽赃|嫁祸|诬陷)/u],
  ['betray', /(背叛|出卖|捅刀|反水|叛徒)/u],
  ['eavesdrop', /(偷听|听墙角)/u],
  ['expose', /(揭穿|曝光|当众揭)/u],
  ['reveal', /(告诉|说出|透露)/u],
  ['confront', /(质问|对质|当面)/u],
  ['accuse', /(指控|指认|怪罪)/u],
  ['alibi', /不在场证明/u],
  ['witness', /(看见|目击|看到)/u],
  ['coma', /昏迷/u],
  ['wake', /(醒来|醒了|苏醒)/u],
  ['collapse', /(晕倒|倒下|昏倒)/u],
  ['hide_diagnosis', /(藏|瞒).*(报告|病情|诊断)/u],
  ['donor', /(捐|移植|输血)/u],
  ['recover', /(康复|痊愈|好起来)/u],
  ['revenge_plot', /(复仇|报仇|报复|付出代价)/u],
  ['forgive', /原谅/u],
  ['will', /(遗嘱|继承|遗产)/u],
  ['sibling', /(失散|亲兄弟|亲姐妹|双胞胎|亲生)/u],
  ['mixup', /(认错|冒充|假扮|错认)/u],
  ['prank', /(恶作剧|整蛊|捉弄)/u],
  ['sabotage', /(破坏|毁了|搞砸|动手脚)/u],
  ['humiliate', /(羞辱|打脸|出丑|嘲笑)/u],
  ['steal_credit', /(抢功|冒领|抢了.*功劳)/u],
  ['truce', /(休战|和好|讲和)/u],
  ['rescue', /(救出|救了|营救)/u],
  ['ally', /(联手|结盟|合作)/u],
  ['vanish', /(消失|失踪|私奔|逃走|假死|不辞而别)/u],
  ['clue', /(发现|找到|线索)/u],
];

/** Claims that someone did the premise's event: "Rex poisoned the parrot", "Coco is the real thief". */
const CULPRIT_CLAIM = /\b(did it|was behind|is behind|(real|true) (culprit|thief|poisoner|villain|kidnapper)|guilty)\b|真凶|才是凶手|幕后黑手|罪魁祸首|是.{1,4}干的/iu;

export interface ParsedTwist {
  op: TwistOp;
  /** Why the words' own kind could not be used, when it fell back to a community twist. */
  fellBack: string | null;
}

/** Cast names in the order the text names them; the longest name wins ("Max Jr" is not "Max"). */
function namesIn(text: string, names: readonly string[]): string[] {
  let lower = text.toLocaleLowerCase();
  const found: { name: string; at: number }[] = [];
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    // Whole words, except in Chinese, whose words run together (language.ts).
    const re = new RegExp(namePattern(name.toLocaleLowerCase()), 'u');
    const at = lower.search(re);
    if (at < 0) continue;
    found.push({ name, at });
    // Masked, so a shorter name inside it is not found there too.
    lower = lower.replace(re, (m) => '\u0000'.repeat(m.length));
  }
  return found.sort((a, b) => a.at - b.at).map((x) => x.name);
}

/** "Pip is betrayed by Rex": the doer comes after "by". */
function passiveDoer(text: string, names: readonly string[]): string | undefined {
  const m = /\b(?:is|was|gets|got)\s+\w+\s+by\s+([\p{L}'’-]+)/iu.exec(text);
  if (m) return names.find((n) => n.toLocaleLowerCase() === m[1]!.toLocaleLowerCase());
  // "团子被豆豆出卖了": in Chinese the doer follows 被.
  return names.find((n) => text.includes(`被${n}`));
}

export function parseTwist(w: World, text: string): ParsedTwist {
  const words = truncate(
    text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.!?…]+$/, ''),
    200,
  );
  const named = namesIn(words, w.names);
  const doer = passiveDoer(words, w.names);
  let actor = doer ?? named[0];
  let target = named.find((n) => n !== actor) ?? null;
  const kind = (hasHan(words) ? CUES_ZH : CUES).find(([, re]) => re.test(words))?.[0];
  const fallback = (why: string | null): ParsedTwist => {
    // Told in its own words, by its own persons (or the protagonist when it names none awake).
    const speaker = [actor, target, ...named].find((n): n is string => !!n && w.awake(n)) ?? w.names.find((n) => w.awake(n)) ?? w.names[0]!;
    const other = [target, actor, ...named].find((n): n is string => !!n && n !== speaker) ?? null;
    return {
      op: { kind: 'community', actor: speaker, target: other, object: CULPRIT_CLAIM.test(words) || claimsEvent(w, words) ? 'culprit' : null, thread: w.central()?.id ?? null, words },
      fellBack: why,
    };
  };
  if (!kind) return fallback(null);
  const rule = RULE_BY_KIND.get(kind)!;
  if (!actor) actor = w.who('protagonist') ?? w.names[0]!;
  if (rule.target === 'cast' && !target) target = bestTarget(w, kind, actor);
  const candidates = objectCandidates(w, rule.object, actor, target, words);
  for (const object of candidates) {
    const op: TwistOp = { kind, actor, target, object, thread: null, words };
    if (checkTwist(w, op) === null) return { op, fellBack: null };
  }
  const why = checkTwist(w, { kind, actor, target, object: candidates[0] ?? null, thread: null, words });
  return fallback(why);
}

/** Whether the words say someone did the premise's own event ("Rex poisoned the parrot"). */
function claimsEvent(w: World, words: string): boolean {
  const event = w.bible.incident?.event;
  if (!event) return false;
  const zh = EVENTS_ZH.find((v) => event.endsWith(v.noun));
  if (zh) return zh.forms.some((f) => words.includes(f));
  const verb = event.split(' ')[1]?.replace(/ing$/, '') ?? '';
  return verb.length >= 4 && new RegExp(`\\b${escapeRegExp(verb)}`, 'i').test(words);
}

/** Who a twist with one named person is done to: the one the story makes most fitting. */
function bestTarget(w: World, kind: string, actor: string): string | null {
  const others = w.names.filter((n) => n !== actor);
  const score = (n: string) => {
    if (['betray', 'reveal', 'confess'].includes(kind)) return w.trust(n, actor);
    if (['confess_love', 'kiss', 'propose', 'breakup', 'jealousy'].includes(kind)) return w.feeling(actor, n) === 'love' ? 5 : w.trust(actor, n);
    if (['reject'].includes(kind)) return w.has('proposed', n, actor) ? 5 : 0;
    if (['sabotage', 'humiliate', 'frame', 'accuse', 'revenge_plot', 'prank', 'steal_credit'].includes(kind)) return -w.trust(actor, n);
    if (['rescue', 'donor', 'hide_diagnosis'].includes(kind)) return w.condition(n) === 'fine' ? 0 : 5;
    return w.awake(n) ? 1 : 0;
  };
  return [...others].sort((a, b) => score(b) - score(a))[0] ?? null;
}

function objectCandidates(w: World, kind: ObjectKind | undefined, actor: string, target: string | null, words: string): (string | null)[] {
  const lower = words.toLowerCase();
  switch (kind) {
    case undefined:
      return [null];
    case 'prop':
    case 'will': {
      // A prop the words name first ("the recipe"), then the others.
      const named = w.bible.props.filter((p) =>
        lower.includes(
          p
            .toLowerCase()
            .replace(/^(the|a|an)\s/, '')
            .split(' ')
            .at(-1)!,
        ),
      );
      return [...named, ...w.bible.props.filter((p) => !named.includes(p))];
    }
    case 'third':
      return w.names.filter((n) => n !== actor && n !== target);
    case 'secret':
    case 'deed': {
      const facts = w.facts(
        (f) => (kind === 'secret' ? !f.public && !['revealed', 'confessed', 'confronted', 'overheard', 'exposed'].includes(f.kind) : true) && (f.actor === actor || f.actor === target),
      );
      return facts.length ? facts.map((f) => f.id).reverse() : [null];
    }
  }
}
