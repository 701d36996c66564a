import { hashSeed, seededRandom } from '../clock.js';
import { truncate } from '../text.js';
import { BibleSchema, GENRES, SEASON_LENGTH, type Bible, type CastRole, type Genre, type Incident, type Place, type PremiseInput, type Role } from './model.js';
import { chooseCulprit, completeRoles } from './roles.js';
import { englishSpecies, kindOf, looksLikeDetective, speciesWordsZh } from './species.js';
import {
  BLAME_ZH,
  CONTESTS_ZH,
  EVENTS_ZH,
  findAll,
  findWord,
  GENRE_PLACES_ZH,
  GENRE_PROPS_ZH,
  GENRE_WORDS_ZH,
  JOBS_ZH,
  LEADING_ZH,
  PLACES_ZH,
  PROPS_ZH,
  SCHEMER_ZH,
  type EventZh,
} from './words-zh.js';

/**
 * The story bible from a Chinese premise: the same model as premise.ts reads from English (genre,
 * roles matched by name or species, places, props, the inciting event, the season's question),
 * read with the Chinese lexicons of words-zh.ts. Chinese writes no spaces, so words are found as
 * substrings, the longest first, and a part is the species word with the job after it ("仓鼠会计")
 * or the "……的" before it ("夜班的鹦鹉").
 */

const JOBS = Object.keys(JOBS_ZH);
/** Words a description of someone may not start inside of. */
const BOUNDARY_WORDS = [...PLACES_ZH, ...PROPS_ZH, ...JOBS, '门口', '楼下', '隔壁', '对面', '每天', '总是'];
/** Where a clause ends. */
const STOPS = /[，。；！？、,.;!?：:（）()“”"]/;

/** The clause of `text` around `at`: [start, end). */
function clauseAt(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && !STOPS.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && !STOPS.test(text[end]!)) end++;
  return [start, end];
}

export function detectGenreZh(premise: string, tone: string): Genre {
  const scores = new Map<Genre, number>(GENRES.map((g) => [g, 0]));
  for (const g of GENRES) for (const w of GENRE_WORDS_ZH[g]) if (premise.includes(w)) scores.set(g, scores.get(g)! + 1);
  if (BLAME_ZH.some((w) => premise.includes(w))) scores.set('mystery', scores.get('mystery')! + 2);
  const toneGenre: Record<string, Genre> = { comedy: 'comedy', romance: 'romance', thriller: 'mystery', tragedy: 'medical', melodrama: 'family' };
  const leaning = toneGenre[tone];
  if (leaning) scores.set(leaning, scores.get(leaning)! + (tone === 'melodrama' ? 0.5 : 2.5));
  const best = [...scores.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : (leaning ?? 'family');
}

interface Mention {
  name: string;
  at: number;
  /** Where the words that name them end. */
  end: number;
  /** The words that named them, as the premise wrote them ("一只仓鼠会计"), to be replaced by the name. */
  said: string;
  title: string | null;
}

function findMentions(premise: string, cast: PremiseInput['cast']): Mention[] {
  const out: Mention[] = [];
  const spans: [number, number][] = [];
  const free = (at: number, len: number) => !spans.some(([s, e]) => at < e && at + len > s);
  // A job or a few words of description just before the species word ("豪门千金橘猫", "夜班的鹦鹉").
  const describe = (word: string, at: number): { title: string; start: number } => {
    const [start] = clauseAt(premise, at);
    const before = premise.slice(start, at);
    const job = JOBS.filter((j) => before.endsWith(j)).sort((a, b) => b.length - a.length)[0];
    if (job) return { title: `${job}${word}`, start: at - job.length };
    const m = /([\p{Script=Han}]{1,3})的$/u.exec(before);
    let mod = m ? m[1]!.replace(LEADING_ZH, '') : '';
    // Not from the middle of a word ("花店门口唱歌的" → "唱歌的").
    const modStart = at - 1 - mod.length;
    for (const w of BOUNDARY_WORDS) {
      const from = premise.lastIndexOf(w, modStart);
      if (from >= 0 && from < modStart && from + w.length > modStart) mod = premise.slice(from + w.length, at - 1);
    }
    return mod ? { title: `${mod}的${word}`, start: at - mod.length - 1 } : { title: word, start: at };
  };
  // Names first: "橘猫年糕" is 年糕, and its species word is nobody else's.
  for (const c of cast) {
    const at = premise.indexOf(c.name);
    if (at < 0) continue;
    const word = speciesWordsZh(c.species).find((w) => premise.slice(0, at).endsWith(w));
    const d = word ? describe(word, at - word.length) : { title: null, start: at };
    spans.push([d.start, at + c.name.length]);
    out.push({ name: c.name, at: d.start, end: at + c.name.length, said: premise.slice(d.start, at + c.name.length), title: d.title });
  }
  for (const c of cast) {
    if (out.some((m) => m.name === c.name)) continue;
    const words = speciesWordsZh(c.species);
    let found: { word: string; at: number } | undefined;
    for (let from = 0; ; ) {
      found = findWord(premise, words, from);
      if (!found || free(found.at, found.word.length)) break;
      from = found.at + 1;
    }
    if (!found) continue;
    let end = found.at + found.word.length;
    // "仓鼠会计": the job right after the species, else what is said of them just before.
    const job = JOBS.filter((j) => premise.startsWith(j, end)).sort((a, b) => b.length - a.length)[0];
    let title: string;
    let titleStart: number;
    if (job) {
      title = `${found.word}${job}`;
      titleStart = found.at;
      end += job.length;
    } else ({ title, start: titleStart } = describe(found.word, found.at));
    spans.push([titleStart, end]);
    // The measure words before them ("一只") go when the name takes their place.
    const [start] = clauseAt(premise, found.at);
    const lead = /(?:[一两三这那][只位头条个名])?$/u.exec(premise.slice(start, titleStart))?.[0] ?? '';
    out.push({ name: c.name, at: found.at, end, said: premise.slice(titleStart - lead.length, end), title });
  }
  return out.sort((a, b) => a.at - b.at);
}

function findEvent(premise: string): { verb: EventZh; at: number; form: string } | null {
  let best: { verb: EventZh; at: number; form: string } | null = null;
  for (const verb of EVENTS_ZH) {
    const found = findWord(premise, verb.forms);
    // "想要偷": a goal, not something that happened.
    if (!found || /[想要去打算]$/.test(premise.slice(Math.max(0, found.at - 1), found.at))) continue;
    if (!best || found.at < best.at) best = { verb, at: found.at, form: found.word };
  }
  return best;
}

/** The object of the event: what follows the verb in its clause ("面包店的营业款"), or for a vanishing what comes before it. */
function eventObject(premise: string, event: { verb: EventZh; at: number; form: string }): { text: string; start: number; end: number } | null {
  const [start, end] = clauseAt(premise, event.at);
  if (event.verb.intransitive) {
    let before = premise.slice(start, event.at);
    // "一条珍珠项链从海港水族馆消失": the thing, not where it vanished from.
    before = before.split(/从|在|于|突然|竟然|就|也|又|了/)[0] ?? before;
    const text = before.replace(LEADING_ZH, '').replace(/被$/, '');
    return text ? { text: truncate(text, 16), start, end: event.at } : null;
  }
  const after = premise
    .slice(event.at + event.form.length, end)
    .replace(/^[了走掉过着]+/, '')
    .replace(/^(?:[一这那][只位头条个份笔件])/, '');
  // Up to what says where or when ("在晚宴上").
  const text = (after.split(/在|时|的时候|之后|以后|之前|后/)[0] ?? '').trim();
  return text ? { text: truncate(text, 16), start: event.at + event.form.length, end: event.at + event.form.length + text.length } : null;
}

function findPlaces(premise: string, genre: Genre): Place[] {
  const places: Place[] = [];
  const add = (name: string, fromPremise: boolean) => {
    if (!places.some((p) => p.name === name)) places.push({ name, fromPremise });
  };
  for (const { word } of findAll(premise, PLACES_ZH)) add(word, true);
  for (const { word } of findAll(premise, JOBS)) {
    const implied = JOBS_ZH[word];
    if (implied && places.length < 3) add(implied, false);
  }
  for (const p of GENRE_PLACES_ZH[genre]) if (places.length < 4) add(p, false);
  return places;
}

/** How a character with no part in the premise is called: the species as typed, or its kind's Chinese noun. */
export function defaultTitleZh(species: string): string {
  return /[\u3400-\u9fff]/.test(species) ? species.trim() : (kindOf(species).zh?.noun ?? '小动物');
}

export function bibleFromPremiseZh(input: PremiseInput): Bible {
  const rnd = seededRandom(hashSeed(`${input.seed}:bible`));
  const premise = input.premise.replace(/\s+/g, ' ').trim();
  const genre = detectGenreZh(premise, input.tone);
  const mentions = findMentions(premise, input.cast);
  const event = findEvent(premise);
  const object = event ? eventObject(premise, event) : null;
  const roles = new Map<string, Role>();
  const titles = new Map<string, string>();
  for (const m of mentions) if (m.title) titles.set(m.name, m.title);
  const protagonist = mentions[0]?.name ?? input.cast[0]!.name;
  roles.set(protagonist, 'protagonist');

  // The victim: a cast member the event's object names ("市长的鹦鹉" is the parrot).
  let victim: string | null = null;
  if (event && object) victim = mentions.find((m) => m.name !== protagonist && m.at >= object.start && m.at < object.end)?.name ?? null;
  if (!victim && genre === 'medical') {
    const sick = findWord(premise, ['医院', '昏迷', '生病', '病', '手术', '诊断', '病床', '命不久矣', '心脏']);
    if (sick) victim = mentions.filter((m) => m.at < sick.at).at(-1)?.name ?? null;
  }
  if (victim && victim !== protagonist) roles.set(victim, 'victim');

  const blame = findWord(premise, BLAME_ZH);
  const accused = blame ? (mentions.filter((m) => m.at < blame.at).at(-1)?.name ?? null) : null;
  // Without blame, whoever is named just before the deed in its clause did it, openly.
  const doer = event && !blame ? (mentions.filter((m) => m.at < event.at && clauseAt(premise, m.at)[0] === clauseAt(premise, event.at)[0] && m.name !== protagonist).at(-1)?.name ?? null) : null;
  if (doer) roles.set(doer, genre === 'rivalry' ? 'rival' : 'antagonist');

  const free = () => input.cast.map((c) => c.name).filter((n) => !roles.has(n));
  if (genre === 'mystery') {
    const detective =
      free().find((n) => /侦探|警察|警探|探长|警长|警犬/.test(titles.get(n) ?? '')) ?? free().find((n) => looksLikeDetective(englishSpecies(input.cast.find((c) => c.name === n)!.species)));
    if (detective) roles.set(detective, 'detective');
  }
  const schemer = free().find((n) => SCHEMER_ZH.test(input.cast.find((c) => c.name === n)!.personality));
  const rivalWord = findWord(premise, ['死对头', '宿敌', '对手', '情敌']);
  const named = rivalWord ? mentions.find((m) => m.at > rivalWord.at && m.at - rivalWord.at <= 8 && !roles.has(m.name))?.name : undefined;
  if (named) roles.set(named, 'rival');
  if (genre === 'romance') {
    const tie = findWord(premise, ['订婚', '订了婚', '婚约', '未婚夫', '未婚妻', '许配', '结婚', '在交往']);
    // "和市长家的波斯猫订了婚": the one promised is named in the same clause, before or after.
    const rival = tie ? mentions.find((m) => clauseAt(premise, m.at)[0] === clauseAt(premise, tie.at)[0] && !roles.has(m.name))?.name : undefined;
    if (rival) roles.set(rival, 'rival');
  }
  completeRoles(
    roles,
    genre,
    input.cast.map((c) => c.name),
    schemer,
    mentions.map((m) => m.name),
  );

  let culprit: string | null = doer;
  if (!culprit && (event || genre === 'mystery'))
    culprit = chooseCulprit(
      roles,
      input.cast.map((c) => c.name),
      [protagonist, accused],
      rnd,
    );

  const places = findPlaces(premise, genre);
  const props: string[] = [];
  for (const { word } of findAll(premise, PROPS_ZH)) if (!props.includes(word)) props.push(word);
  // The thing the event happened to is a prop ("金蛋"), unless it is someone or has one already.
  if (object && !victim && !props.some((p) => object.text.includes(p)) && !PLACES_ZH.includes(object.text) && !JOBS.some((j) => object.text.endsWith(j))) props.unshift(object.text);
  if (event?.verb.prop && !props.includes(event.verb.prop)) props.push(event.verb.prop);
  for (const p of GENRE_PROPS_ZH[genre]) if (props.length < 4 && !props.includes(p)) props.push(p);

  // People the premise names who are not the cast ("市长", "面包师").
  const titled = [...titles.values()].join(' ');
  const others = findAll(premise, JOBS)
    // "以神秘总裁的身份归来": what someone named becomes, not somebody else.
    .filter((j) => !/以[^，。]{0,4}$/u.test(premise.slice(Math.max(0, j.at - 5), j.at)))
    .map((j) => j.word)
    .filter((w, i, all) => !titled.includes(w) && all.indexOf(w) === i)
    .slice(0, 4);
  for (const c of input.cast) {
    if (titles.has(c.name) || mentions.some((m) => m.name === c.name)) continue;
    const part = others.find((o) => JOBS_ZH[o] !== undefined);
    if (part && ['antagonist', 'rival', 'ally', 'suspect'].includes(roles.get(c.name) ?? '')) {
      titles.set(c.name, part);
      others.splice(others.indexOf(part), 1);
    }
  }

  // "市长的鹦鹉被下毒": owners in the cast are named ("可乐被下毒").
  const owned = (text: string) => mentions.reduce((t, m) => (m.title && m.title !== m.name ? t.replace(m.title, m.name) : t), text);
  const eventPlace = places.find((p) => p.fromPremise)?.name ?? null;
  const objectText = object ? owned(object.text) : null;
  const victimName = victim ?? objectText;
  const incident: Incident | null = event
    ? {
        event: truncate(objectText ? `${objectText}${event.verb.noun}` : event.verb.noun, 120),
        sentence: truncate(
          objectText
            ? `${event.verb.sentence.replace('{O}', objectText)}。`
            : `${eventPlace && !premise.startsWith(eventPlace) ? `${eventPlace}里` : ''}发生了一起${event.verb.noun.replace(/^.*(案|事件|丑闻)$/, (x) => x)}。`,
          200,
        ),
        victim: victimName ? truncate(victimName, 60) : null,
        accused,
        culprit,
      }
    : culprit
      ? { event: '那件事', sentence: '发生了一件谁都不愿提起的事。', victim: null, accused, culprit }
      : null;

  // "兔子一直在隐瞒自己的病情": a secret its keeper starts with.
  const secrets: { name: string; text: string }[] = [];
  for (const m of premise.matchAll(/(?:一直|偷偷|悄悄)?(?:在)?(?:隐瞒|瞒着|藏着)(?:大家|所有人|家人)?([^，。；！？]{1,14})/gu)) {
    const keeper = mentions.filter((x) => x.at < m.index!).at(-1)?.name;
    const thing = m[1]!.replace(/^(着|了)/, '');
    if (keeper && thing && !secrets.some((x) => x.name === keeper)) secrets.push({ name: keeper, text: truncate(`${keeper}一直在隐瞒${thing.replace(/^(自己|他|她|它)的/, '')}`, 200) });
  }

  const castRoles: CastRole[] = input.cast.map((c) => ({
    name: c.name,
    role: roles.get(c.name) ?? 'ally',
    title: truncate(titles.get(c.name) ?? defaultTitleZh(c.species), 60),
    species: c.species.slice(0, 40),
  }));
  return BibleSchema.parse({
    version: 2,
    genre,
    roles: castRoles,
    places: places.slice(0, 6).map((p) => ({ ...p, name: truncate(p.name, 60) })),
    props: props.slice(0, 6).map((p) => truncate(p, 60)),
    incident,
    situation: truncate(situationOf(premise, mentions), 400),
    question: truncate(centralQuestionZh(genre, castRoles, incident, event?.verb ?? null, objectText, places, premise), 200),
    others: others.map((o) => truncate(o, 60)),
    secrets,
    tone: input.tone,
    seasonLength: SEASON_LENGTH,
    language: 'zh',
  });
}

/** The premise with the cast in it: "一只仓鼠会计被指控…" → "仓鼠会计豆豆被指控…". Empty when it names nobody. */
function situationOf(premise: string, mentions: Mention[]): string {
  let text = premise;
  let named = 0;
  for (const m of [...mentions].sort((a, b) => b.at - a.at)) {
    if (m.said === m.name) {
      named++;
      continue;
    }
    const at = text.indexOf(m.said);
    if (at < 0) continue;
    text = `${text.slice(0, at)}${m.title ?? ''}${m.name}${text.slice(at + m.said.length)}`;
    named++;
  }
  if (!named) return '';
  return /[。！？]$/.test(text) ? text : `${text.replace(/[，、；,.;]+$/, '')}。`;
}

/** The season's question in Chinese: also asked of an English premise told in Chinese (premise-en-zh.ts). */
export function centralQuestionZh(genre: Genre, roles: CastRole[], incident: Incident | null, verb: EventZh | null, object: string | null, places: Place[], premise: string): string {
  const who = (role: Role) => roles.find((r) => r.role === role)?.name;
  const hero = who('protagonist') ?? roles[0]!.name;
  // "必须在最后一次演出和说出真相之间做出选择": the season's choice.
  const choice = /在(.{1,16}?)和(.{1,16}?)之间(?:做出)?(?:选择|抉择|二选一)/u.exec(premise);
  if (choice) return `${hero}会选择${choice[1]}，还是${choice[2]}？`;
  const contest = CONTESTS_ZH.find((c) => premise.includes(c)) ?? null;
  if ((genre === 'mystery' || incident?.accused) && verb && object) return verb.question.replace('{O}', object);
  if (genre === 'mystery' && incident) return `${incident.event}的幕后黑手到底是谁？`;
  if (genre === 'rivalry') return contest ? `这场${contest}，${hero}和${who('rival') ?? '对手'}谁会赢？` : `${hero}和${who('rival') ?? '对手'}，最后谁会胜出？`;
  if (genre === 'medical') return `${who('victim') ?? hero}能挺过这一关吗？又是谁在隐瞒真相？`;
  if (genre === 'romance') return `${hero}和${who('love interest') ?? '真爱'}最终会走到一起吗？`;
  if (genre === 'revenge') return `${hero}会让${who('antagonist') ?? '那个叛徒'}付出代价，还是学会原谅？`;
  if (genre === 'family') {
    const estate = places.find((p) => p.fromPremise && !/镇|城|村|街|港|广场|岛/.test(p.name));
    return `谁会继承${estate?.name ?? '全部家产'}？这个家到底在隐瞒什么？`;
  }
  if (genre === 'comedy') return contest ? `${hero}能把这场乱子瞒到${contest}结束吗？` : `${hero}能在所有人发现之前蒙混过关吗？`;
  if (incident) return `${incident.event}的幕后黑手到底是谁？`;
  return `${hero}到底在隐瞒什么？谁会第一个发现？`;
}
