/**
 * Story metrics: pure functions that read a whole series as a viewer would (the JSON of
 * `tailtwist demo --json`, `DemoResult`) and count what does not follow. They read the TEXT of
 * the scripts — narration, dialogue, settings, the ballot labels — with lexicons of their own;
 * they never read the writer's plan (the bible) back to itself. The story state
 * (`episodes[].story`) is used only where a metric says so (a character's condition).
 *
 * Each metric returns what it counted and the findings behind it (the offending sentence), so
 * that a developer can see WHAT fails:
 *
 * - premiseCoverage: of episodes 2..N, those whose text (title, hook, settings, narration,
 *   dialogue, cliffhanger; not the "previously" recap, not the ballot) names a term of the
 *   premise. Terms are the premise's content words (≥ 4 letters, lightly stemmed), minus stop
 *   words, generic drama words, cast names and the cast's species words: its role nouns ("chef",
 *   "mayor"), places ("gala", "bakery"), props ("takings") and the words of its question
 *   ("accused", "stealing").
 * - presuppositionFailures: winning twists whose label or teaser takes for granted an event or
 *   object of the lexicon below (the fire, the will, the wedding, a twin's existence, the
 *   funeral, the divorce, the baby, the engagement, the accident, the surgery, the trial, the
 *   ring, the letter, the anniversary, the diagnosis…) that appeared neither in the premise nor in
 *   what was said in any episode up to and including the one the ballot followed (narration,
 *   dialogue, hook, title, recap; a scene's setting does not make an event happen). A mention
 *   introduced as new ("a secret twin", "a new will") presupposes nothing; a bare, definite or
 *   possessive one does.
 * - payoffMismatch: of episodes 2..N, those whose opening scenes (the first three) fail to pay off
 *   the twist that won the ballot before them: (1) every cast member the label names must be on
 *   screen in those scenes; (2) at least 60 % of the label's key words (words of ≥ 4 letters,
 *   not names or stop words, lightly stemmed, with a small table of synonyms and irregular
 *   forms) must appear there, NOT counting a verbatim quote of the label or the teaser (reading
 *   the label out is not paying it off); (3) the doer must not be inverted: for "Rex betrays Pip",
 *   a sentence where Pip does the betraying and none where Rex does is an inversion. Opening
 *   scenes with no words of the twist at all count as an empty payoff. For a community twist the
 *   full suggestion (its teaser) is the label, as the ballot label may be cut short.
 * - communityPaidOff: of the winning community suggestions, those paid off by the same test
 *   (a recap in "previously" or a quote of the suggestion does not count).
 * - placeClashes: scenes whose narration names a place of the place lexicon that the scene's
 *   setting does not name (same place group: "courthouse" and "courtroom" agree). Questions and
 *   owners ("the bakery's takings") stage nothing and are not counted.
 * - distinctSentences: over one series, distinct spoken sentences (narration and dialogue split
 *   into sentences, cast names masked, case and punctuation ignored) / all spoken sentences.
 * - maxLineRepeats: the most times one dialogue line (names masked) occurs in one series.
 * - selfAddress: dialogue lines that contain the speaker's own name.
 * - unfitSpeakers: dialogue lines spoken by a character who cannot speak: per the story state
 *   (condition 'unconscious', 'missing' or 'dead' both after the previous episode and after this
 *   one, so they did not come round in between), or per the text (narration said they fell into
 *   a coma, passed out, died, or vanished — the last within the episode only — and nothing since
 *   said they woke, came back or were found); and lines in which a character speaks of its own
 *   body parts that its species lacks ("my paws" from a parrot).
 * - speciesMismatches: narration or dialogue that gives a character a body part its species
 *   lacks: "Coco's paws" or "Coco hides the letter, paws shaking" for a parrot, "Rex spreads his
 *   wings" for a dog, a guinea pig's tail, a pig's paws.
 * - hookOffscreen: episodes whose hook (the hook line and the first scene's narration) names a
 *   cast member who is not on screen in that first scene.
 * - placesPerEpisode: distinct scene settings per episode.
 * - repeatedWinningTemplates: the most times one winning label, with cast names masked and the
 *   nouns after a determiner or from the lexicons masked (and a trailing time or place phrase
 *   dropped), wins within a series.
 */
import type { DemoEpisode, DemoResult } from '../src/demo.js';
import type { Script } from '../src/writer/script.js';

type Scene = Script['scenes'][number];

export interface Finding {
  episode: number;
  /** What failed, in a few words. */
  what: string;
  /** The offending text, as written. */
  text: string;
}

/** `hits` of `total` (what a fraction is made of), and the findings behind them. */
export interface Count {
  hits: number;
  total: number;
  findings: Finding[];
}

const count = (): Count => ({ hits: 0, total: 0, findings: [] });

// ---- words -----------------------------------------------------------------------------------

const norm = (text: string) => text.replace(/[’‘`]/g, "'");

export function sentencesOf(text: string): string[] {
  return (
    norm(text)
      // Chinese ends a sentence with a full-width stop and no space after it.
      .split(/(?<=[.!?…])\s+|(?<=[。！？])(?![”」』])|\n+/)
      .map((s) => s.trim())
      .filter((s) => /\p{L}/u.test(s))
  );
}

function tokens(text: string): string[] {
  return (
    norm(text)
      .toLowerCase()
      .match(/\p{L}[\p{L}'-]*/gu)
      // Chinese has no spaces: a run of Chinese is read as its two-character words.
      ?.flatMap((w) => (HAN.test(w) ? bigramsOf(w) : [w]))
      .map((w) => w.replace(/'s$/, '').replace(/'/g, '')) ?? []
  );
}

function bigramsOf(run: string): string[] {
  const out: string[] = [];
  // 了 after a verb marks it done, as English inflects ("伸出了手" says 伸出手, as "framed" says frame): read past it.
  for (const part of run
    .replace(/(?<=\p{Script=Han})了/gu, '')
    .split(/[^\p{Script=Han}]+/u)
    .filter(Boolean)) {
    if (part.length < 2) out.push(part);
    for (let i = 0; i + 2 <= part.length; i++) out.push(part.slice(i, i + 2));
  }
  return out;
}

/** Irregular forms and a few synonyms, each to one key (a key starts with '='). */
const LEMMA_GROUPS: Record<string, string[]> = {
  '=die': ['die', 'dies', 'died', 'dying', 'dead', 'death', 'deaths', 'funeral', 'grave', 'corpse', 'killed', 'kill', 'kills', 'murder', 'murdered', 'murders'],
  '=fake': ['fake', 'fakes', 'faked', 'faking', 'pretend', 'pretends', 'pretended', 'staged', 'stages', 'hoax', 'sham', 'forged', 'forge', 'forges', 'forgery'],
  '=betray': ['betray', 'betrays', 'betrayed', 'betrayal', 'betraying', 'traitor', 'backstab', 'backstabs', 'backstabbed', 'double-cross', 'double-crosses', 'double-crossed'],
  '=steal': ['steal', 'steals', 'stole', 'stolen', 'stealing', 'theft', 'thief', 'thieves', 'robbed', 'rob', 'robs', 'robbery', 'swiped', 'swipes', 'pinched'],
  '=poison': ['poison', 'poisons', 'poisoned', 'poisoning', 'poisoner', 'toxic', 'venom'],
  '=frame': ['frame', 'frames', 'framed', 'framing', 'planted', 'plants', 'frame-up'],
  '=secret': ['secret', 'secrets', 'secretly', 'hidden', 'covert', 'covertly'],
  '=work': ['work', 'works', 'worked', 'working', 'payroll', 'employed', 'employs', 'employer', 'job'],
  '=lie': ['lie', 'lies', 'lied', 'lying', 'liar', 'liars'],
  '=marry': ['marry', 'marries', 'married', 'marriage', 'wedding', 'weds', 'wed'],
  '=kidnap': ['kidnap', 'kidnaps', 'kidnapped', 'abducted', 'abducts', 'abduct'],
  '=confess': ['confess', 'confesses', 'confessed', 'confession', 'admits', 'admitted', 'admit'],
  '=flee': ['flee', 'flees', 'fled', 'escape', 'escapes', 'escaped'],
  '=hide': ['hide', 'hides', 'hid', 'hiding', 'conceals', 'concealed', 'conceal'],
  '=fall': ['fall', 'falls', 'fell', 'fallen', 'falling'],
  '=take': ['take', 'takes', 'took', 'taken', 'taking'],
  '=see': ['see', 'sees', 'saw', 'seen', 'seeing', 'witness', 'witnessed', 'witnesses'],
  '=know': ['know', 'knows', 'knew', 'known', 'knowing'],
  '=run': ['run', 'runs', 'ran', 'running'],
  '=lose': ['lose', 'loses', 'lost', 'losing'],
  '=leave': ['leave', 'leaves', 'left', 'leaving'],
  '=find': ['find', 'finds', 'found', 'finding'],
  '=break': ['break', 'breaks', 'broke', 'broken', 'breaking'],
  '=tell': ['tell', 'tells', 'told', 'telling'],
  '=sell': ['sell', 'sells', 'sold', 'selling'],
  '=meet': ['meet', 'meets', 'met', 'meeting'],
  '=write': ['write', 'writes', 'wrote', 'written', 'writing'],
  '=come': ['come', 'comes', 'came', 'coming'],
  '=give': ['give', 'gives', 'gave', 'given', 'giving'],
  '=bite': ['bite', 'bites', 'bit', 'bitten', 'biting'],
  '=fight': ['fight', 'fights', 'fought', 'fighting'],
  '=catch': ['catch', 'catches', 'caught', 'catching'],
  '=buy': ['buy', 'buys', 'bought', 'buying'],
  '=hold': ['hold', 'holds', 'held', 'holding'],
  '=keep': ['keep', 'keeps', 'kept', 'keeping'],
  '=forget': ['forget', 'forgets', 'forgot', 'forgotten', 'forgetting', 'amnesia'],
  '=win': ['win', 'wins', 'won', 'winning', 'winner'],
  '=swear': ['swear', 'swears', 'swore', 'sworn'],
  '=speak': ['speak', 'speaks', 'spoke', 'spoken', 'speaking'],
  '=wake': ['wake', 'wakes', 'woke', 'woken', 'waking', 'awake', 'awakens'],
  '=fly': ['fly', 'flies', 'flew', 'flown', 'flying'],
  '=swallow': ['swallow', 'swallows', 'swallowed', 'swallowing', 'gulped', 'gulps'],
  '=arrest': ['arrest', 'arrests', 'arrested', 'handcuffs', 'handcuffed', 'cuffs', 'cuffed'],
  '=sabotage': ['sabotage', 'sabotages', 'sabotaged', 'saboteur', 'sabotaging'],
  '=propose': ['propose', 'proposes', 'proposed', 'proposal'],
  '=love': ['love', 'loves', 'loved', 'lover', 'loving', 'in love'],
};
const LEMMA = new Map<string, string>();
for (const [key, forms] of Object.entries(LEMMA_GROUPS)) for (const f of forms) LEMMA.set(f, key);

/** Light stemming: plural, -ing, -ed, -ly, a final e or y, doubled consonants; irregular forms to one key. */
export function stem(word: string): string {
  const w = norm(word).toLowerCase().replace(/'s$/, '').replace(/'/g, '');
  const known = LEMMA.get(w);
  if (known) return known;
  let s = w;
  if (s.length > 5 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 4 && /(ss|sh|ch|x|z)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 5 && s.endsWith('ly')) s = s.slice(0, -2);
  if (/([b-df-hj-np-tv-z])\1$/.test(s) && !/(ll|ss|ff|zz)$/.test(s)) s = s.slice(0, -1);
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  if (s.length > 3 && s.endsWith('y')) s = `${s.slice(0, -1)}i`;
  return LEMMA.get(s) ?? s;
}

/** Two stems are the same word when equal, or when the shorter (5 letters or more) starts the longer. */
function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.startsWith('=') || b.startsWith('=')) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.startsWith(short);
}

const STOP = new Set(
  `a an the and or but if then than that this these those with without from into onto over under about after before again ever every
  everyone everything someone something anyone anything nobody nothing there here when what which while where who whom whose why how
  only just also very really finally all along own your yours mine ours theirs their they them his her hers its our we you she he
  himself herself themselves itself because though although until since being been were was are is am be does did done doing have
  has had having make makes made get gets got goes went gone back away once still even much many more most some such each both same
  other another last first next never always tonight today tomorrow yesterday would could should will shall might must can cannot
  into onto upon within against between through during around across behind beyond toward towards not no yes too so out off up down
  one two three four five six seven eight nine ten years year ago now soon later time times way ways thing things lot lots little
  big new old`
    .split(/\s+/)
    .filter(Boolean),
);

/** Three-letter words that are not content. */
const STOP3 = new Set(
  `the and but for nor was are not you she her his its our who why how all any can did had has him one two six ten out off own saw
  see get got let may say too yes now new old few way day big put run set try use end far ago yet per via lot sad mad bad top its
  him men man lie`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words of a premise that say nothing about this premise in particular. */
const GENERIC = new Set(
  `wakes wake woke finds find discovers discover learns learn tries try becomes become comes turns turn starts start begins begin
  keeps keep kept holds gets takes makes must everyone nobody someone lying lies truth secret secrets love heart night day days life
  world only whole whose whichever people friend friends together alone always suddenly decides decide trying leaves leave left
  falls fall passes pass away outside inside morning evening work works saw sees see open opens opened returns return later save
  saves learns sing sings golden retired natural chaotic little young famous local best great good dark rich poor lost hidden real
  true false strange mysterious beautiful perfect shy`
    .split(/\s+/)
    .filter(Boolean),
);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A cast name as a whole word (possessive included), case as written. */
function nameRe(name: string, flags = 'u'): RegExp {
  // Chinese names run into the words around them: no boundaries there.
  const [before, after] = [HAN.test(name.charAt(0)) ? '' : '(?<![\\p{L}])', HAN.test(name.charAt(name.length - 1)) ? '' : '(?![\\p{L}])'];
  return new RegExp(`${before}${escape(name)}${after}`, flags);
}

const HAN = /\p{Script=Han}/u;
/** Two-character words too common in Chinese to say what a premise or a twist is about. */
const ZH_COMMON = new Set([
  '一只',
  '只有',
  '一个',
  '自己',
  '什么',
  '没有',
  '所有',
  '我们',
  '他们',
  '就是',
  '这个',
  '那个',
  '终于',
  '已经',
  '还是',
  '一切',
  '不是',
  '知道',
  '看见',
  '是谁',
  '的人',
  '每个',
  '一直',
  '两只',
  '一条',
]);
/** A text with the cast's names taken out of its Chinese, so two-character words do not straddle a name. */
const unnamed = (text: string, cast: readonly string[]) => (HAN.test(text) ? [...cast].sort((a, b) => b.length - a.length).reduce((t, n) => t.split(n).join(' '), text) : text);

function namesIn(text: string, cast: readonly string[], anyCase = false): string[] {
  return cast.filter((n) => nameRe(n, anyCase ? 'iu' : 'u').test(norm(text)));
}

/** Positions of cast names in a text (each occurrence), with whether it is possessive. */
function nameHits(text: string, cast: readonly string[], anyCase = false): { name: string; index: number; possessive: boolean }[] {
  const t = norm(text);
  const out: { name: string; index: number; possessive: boolean }[] = [];
  for (const n of cast) {
    for (const m of t.matchAll(nameRe(n, anyCase ? 'giu' : 'gu'))) out.push({ name: n, index: m.index, possessive: t.slice(m.index + n.length, m.index + n.length + 2) === "'s" });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Replaces cast names by "@" (so that the same line said by another character counts as the same). */
export function maskNames(text: string, cast: readonly string[]): string {
  let t = norm(text);
  for (const n of [...cast].sort((a, b) => b.length - a.length)) t = t.replace(nameRe(n, 'gu'), '@');
  return t;
}

const canon = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const castNames = (demo: DemoResult) => demo.series.cast.map((c) => c.name);
const spoken = (scene: Scene) => [scene.narration, ...scene.dialogue.map((d) => d.line)];

/** What an episode shows and says (not the "previously" recap, not the ballot). */
function episodeText(script: Script): string {
  return [script.title, script.hook, ...script.scenes.flatMap((s) => [s.setting, ...spoken(s)]), script.cliffhanger].join('\n');
}

// ---- premise coverage --------------------------------------------------------------------------

/** The premise's own terms (stems): content words minus stop words, generic words, cast names and species. */
export function premiseTerms(premise: string, cast: readonly { name: string; species: string }[]): string[] {
  const names = new Set(cast.flatMap((c) => tokens(c.name)));
  const species = new Set(cast.flatMap((c) => tokens(c.species).flatMap((w) => [w, ...w.split('-')])).map(stem));
  // Three letters are enough in a premise: the golden egg, the pie contest.
  const content = (w: string) => (HAN.test(w) ? w.length >= 2 && !ZH_COMMON.has(w) : w.length >= 3) && !STOP.has(w) && !STOP3.has(w) && !GENERIC.has(w) && !names.has(w);
  const terms = tokens(
    unnamed(
      premise,
      cast.map((c) => c.name),
    ),
  )
    .flatMap((w) => w.split('-'))
    .filter(content)
    .map(stem)
    .filter((s) => !species.has(s));
  return [...new Set(terms)];
}

export function premiseCoverage(demo: DemoResult): Count {
  const c = count();
  const terms = premiseTerms(demo.series.premise, demo.series.cast);
  for (const e of demo.episodes.filter((e) => e.number >= 2)) {
    c.total++;
    const words = tokens(episodeText(e.script)).map(stem);
    const hit = terms.find((t) => words.some((w) => sameStem(t, w)));
    if (hit) c.hits++;
    else c.findings.push({ episode: e.number, what: `names nothing of the premise (${terms.slice(0, 6).join(', ')}…)`, text: e.script.title });
  }
  return c;
}

// ---- presuppositions ---------------------------------------------------------------------------

/** Events and objects a twist may take for granted, each with the words that name it. */
export const PRESUPPOSED: Record<string, RegExp> = {
  fire: /\b(fire|fires|blaze|arson|burning house)\b/,
  will: /(?:\b(?:the|a|her|his|their|its|new|old|last|secret|real|fake|forged)|'s) will\b|\btestament\b/,
  // "vows revenge" is an oath, not a wedding.
  wedding: /\b(wedding|weddings|altar|bride|groom|vows(?! (?:revenge|vengeance|to)\b))\b/,
  twin: /\btwins?\b/,
  funeral: /\b(funeral|burial|grave|wake service)\b/,
  divorce: /\bdivorc\w*/,
  baby: /\b(baby|babies|pregnan\w*|puppies|kittens)\b/,
  engagement: /\b(engagement|engaged|fianc\w*)\b/,
  accident: /\b(accident|crash)\b/,
  surgery: /\b(surgery|operation|transplant)\b/,
  trial: /\b(trial|verdict|lawsuit)\b/,
  ring: /\b(ring)\b/,
  letter: /\b(letter|letters)\b/,
  anniversary: /\banniversar\w*/,
  diagnosis: /\bdiagnos\w*/,
  ransom: /\bransom\b/,
  heist: /\b(heist|robbery)\b/,
};

/** Words before a mention that introduce it as new: "a secret twin", "a new will". */
const INTRODUCES = /\b(a|an|another|new|secret|hidden)\s+(?:[\p{L}-]+\s+)?$/u;

/** The lexicon's events that `text` takes for granted (mentions that are not introduced as new). */
export function presupposedIn(text: string): string[] {
  const t = ` ${norm(text).toLowerCase()} `;
  const out: string[] = [];
  for (const [event, re] of Object.entries(PRESUPPOSED)) {
    const global = new RegExp(re.source, 'gu');
    for (const m of t.matchAll(global)) {
      // "a new will": the article is part of the match for the will; look at what precedes the noun.
      const noun = m[0].split(/\s+/).at(-1)!;
      const at = m.index + m[0].length - noun.length;
      const before = t.slice(Math.max(0, at - 30), at);
      if (event === 'will' ? /\b(a|an|new|secret|another)\s+$/.test(before) : INTRODUCES.test(before)) continue;
      out.push(event);
      break;
    }
  }
  return out;
}

function mentions(text: string): Set<string> {
  const t = ` ${norm(text).toLowerCase()} `;
  return new Set(
    Object.entries(PRESUPPOSED)
      .filter(([, re]) => re.test(t))
      .map(([e]) => e),
  );
}

export function presuppositionFailures(demo: DemoResult): Count {
  const c = count();
  const known = mentions(demo.series.premise);
  for (const e of demo.episodes) {
    // What was said on screen establishes an event; a stock setting ("wedding hall") does not.
    const said = [e.script.title, e.script.hook, e.script.previously ?? '', ...e.script.scenes.flatMap(spoken), e.script.cliffhanger];
    for (const m of mentions(said.join('\n'))) known.add(m);
    if (!e.winner) continue;
    c.total++;
    const option = e.ballot.find((o) => o.letter === e.winner!.letter);
    const text = `${e.winner.label}. ${option?.teaser ?? ''}`;
    const missing = presupposedIn(text).filter((p) => !known.has(p));
    if (missing.length) {
      c.hits++;
      c.findings.push({ episode: e.number, what: `presupposes ${missing.map((m) => `the ${m}`).join(', ')}, which never happened`, text: e.winner.label });
    }
  }
  return c;
}

// ---- payoff ------------------------------------------------------------------------------------

/** The words a payoff must show: ≥ 4 letters, not stop words, not names; stemmed. */
export function keyWords(label: string, cast: readonly string[]): string[] {
  const names = new Set(cast.flatMap((n) => tokens(n)));
  const words = tokens(unnamed(label, cast)).filter((w) => (HAN.test(w) ? w.length >= 2 && !ZH_COMMON.has(w) : w.replace(/-/g, '').length >= 4) && !STOP.has(w) && !names.has(w));
  // "will" is a stop word as a verb, and a key word as a noun ("the will").
  if (PRESUPPOSED.will!.test(norm(label).toLowerCase())) words.push('will');
  return [...new Set(words.map(stem))];
}

/**
 * Removes every verbatim quote of `quote` from `text` (case and final punctuation ignored). In
 * Chinese a quote that goes on with 了 is the twist told as done ("握手言和了"), as English says
 * "has framed" for "frames": it stays.
 */
function withoutQuote(text: string, quote: string): string {
  const q = norm(quote)
    .trim()
    .replace(/[.!?…。！？]+$/u, '');
  if (q.length < 8) return text;
  return norm(text).replace(new RegExp(`${escape(q)}${HAN.test(q) ? '(?!了)' : ''}`, 'giu'), ' ');
}

export interface PayoffCheck {
  ok: boolean;
  reasons: string[];
}

/**
 * Whether `scenes` (an episode's opening scenes) pay off the twist `label` (with `teaser`):
 * its persons on screen, most of its key words shown (not merely quoted), the doer not inverted.
 */
export function checkPayoff(label: string, teaser: string, scenes: readonly Scene[], cast: readonly string[], opts: { anyCase?: boolean } = {}): PayoffCheck {
  const reasons: string[] = [];
  if (!scenes.length) return { ok: false, reasons: ['no scenes'] };
  const onScreen = new Set(scenes.flatMap((s) => s.characters.map((c) => c.name)));
  // Viewers write names as they like ("juniper lied"); the writer's labels are matched as written.
  const persons = namesIn(label, cast, opts.anyCase);
  const off = persons.filter((p) => !onScreen.has(p));
  if (off.length) reasons.push(`${off.join(', ')} not on screen`);
  const text = scenes
    .flatMap(spoken)
    .map((t) => withoutQuote(withoutQuote(t, label), teaser))
    .join('\n');
  const words = tokens(text).map(stem);
  const keys = keyWords(label, cast);
  const found = keys.filter((k) => words.some((w) => sameStem(k, w)));
  if (keys.length && found.length === 0) reasons.push(`empty payoff: none of ${keys.join(', ')} shown`);
  else if (keys.length && found.length / keys.length < 0.6) reasons.push(`missing ${keys.filter((k) => !found.includes(k)).join(', ')}`);
  const inverted = inversion(label, text, cast, opts.anyCase);
  if (inverted) reasons.push(inverted);
  return { ok: reasons.length === 0, reasons };
}

/** "Rex betrays Pip" told as "Pip betrays Rex": the target does the deed, the doer never does. */
function inversion(label: string, text: string, cast: readonly string[], anyCase = false): string | null {
  const hits = nameHits(label, cast, anyCase);
  const doer = hits[0];
  if (!doer || doer.possessive) return null;
  const target = hits.find((h) => h.name !== doer.name && h.index > doer.index);
  if (!target) return null;
  const between = norm(label).slice(doer.index + doer.name.length, target.index);
  const verbWord = tokens(between).find((w) => w.length >= 3 && !STOP.has(w));
  if (!verbWord) return null; // "Rex and Pip elope": nobody does it to anyone
  const verb = stem(verbWord);
  const subjects = new Set<string>();
  for (const sentence of sentencesOf(text)) {
    const t = norm(sentence);
    const words = [...t.matchAll(/\p{L}[\p{L}'-]*/gu)];
    for (const w of words) {
      if (!sameStem(stem(w[0]), verb)) continue;
      const head = t.slice(0, w.index);
      // "Pip is framed by Coco": the doer is the one after "by".
      if (/\b(is|was|were|been|be|being|gets|got|get)\s+(?:[\p{L}-]+\s+)?$/iu.test(head)) {
        const by = /^\S*\s+by\s+(.*)$/su.exec(t.slice(w.index));
        const agent = by && nameHits(by[1]!, cast)[0];
        if (agent && by[1]!.startsWith(agent.name)) subjects.add(agent.name);
        continue;
      }
      const subject = nameHits(head, cast)
        .filter((h) => !h.possessive)
        .at(-1);
      if (subject) subjects.add(subject.name);
    }
  }
  if (subjects.has(target.name) && !subjects.has(doer.name)) return `inverted: ${target.name} ${verbWord}, not ${doer.name}`;
  return null;
}

function winnerText(e: DemoEpisode): { label: string; teaser: string } | null {
  if (!e.winner) return null;
  const option = e.ballot.find((o) => o.letter === e.winner!.letter);
  const teaser = option?.teaser ?? '';
  // A community twist's label is its suggestion cut to the ballot's length; the teaser is all of it.
  if (e.winner.source === 'community' && teaser) return { label: teaser, teaser: e.winner.label };
  return { label: e.winner.label, teaser };
}

export interface PayoffResult extends Count {
  /** Winning community twists (total) and those paid off (hits). */
  community: Count;
}

export function payoffMismatch(demo: DemoResult): PayoffResult {
  const c = count();
  const community = count();
  const cast = castNames(demo);
  for (const e of demo.episodes.filter((e) => e.number >= 2)) {
    const before = demo.episodes.find((p) => p.number === e.number - 1);
    const twist = before && winnerText(before);
    if (!before || !twist) continue;
    c.total++;
    const isCommunity = before.winner!.source === 'community';
    const check = checkPayoff(twist.label, twist.teaser, e.script.scenes.slice(0, 3), cast, { anyCase: isCommunity });
    if (isCommunity) community.total++;
    if (check.ok) {
      if (isCommunity) community.hits++;
      continue;
    }
    c.hits++;
    const opening = e.script.scenes
      .slice(1, 3)
      .map((s) => s.narration)
      .join(' ');
    const finding = { episode: e.number, what: `${isCommunity ? 'community ' : ''}“${twist.label}”: ${check.reasons.join('; ')}`, text: opening };
    c.findings.push(finding);
    if (isCommunity) community.findings.push(finding);
  }
  return { ...c, community };
}

// ---- places ------------------------------------------------------------------------------------

/** Places narration may name, in groups of words for the same place. Longer phrases first. */
export const PLACE_GROUPS: string[][] = [
  ['car park', 'parking lot', 'parking garage'],
  ['police station', 'precinct'],
  ['train station', 'railway station', 'station', 'platform'],
  ['hospital', 'ward', 'operating room', 'operating theatre', 'icu', 'emergency room'],
  ['vet clinic', 'clinic', "vet's office"],
  ['courthouse', 'courtroom', 'law court'],
  ['rooftop', 'rooftop bar'],
  ['ballroom', 'ball room', 'dance floor'],
  ['kitchen'],
  ['garden', 'backyard', 'yard', 'flowerbed', 'greenhouse'],
  ["mayor's office", 'office'],
  ['penthouse'],
  ['library', 'mansion library'],
  ['mansion', 'manor', 'estate'],
  ['dog park', 'park'],
  ['street', 'alley', 'alleyway', 'avenue', 'neon street'],
  ['arcade', 'neon arcade'],
  ['beach', 'shore', 'seaside'],
  ['harbour', 'harbor', 'dock', 'docks', 'pier', 'marina', 'quay'],
  ['bakery'],
  ['restaurant', 'bistro', 'dining room'],
  ['cafe', 'café', 'coffee shop'],
  ['church', 'chapel', 'cathedral'],
  ['wedding hall', 'reception hall', 'banquet hall'],
  ['school', 'classroom'],
  ['attic'],
  ['basement', 'cellar'],
  ['bedroom'],
  ['living room', 'sitting room', 'parlour', 'parlor'],
  ['bathroom'],
  ['lobby', 'foyer', 'entrance hall'],
  ['elevator'],
  ['museum', 'gallery', 'exhibition hall'],
  ['theatre', 'theater', 'backstage'],
  ['hotel', 'motel'],
  ['casino'],
  ['airport', 'runway'],
  ['forest', 'woods', 'woodland'],
  ['farm', 'farmyard', 'barn', 'stables', 'pasture', 'meadow', 'field'],
  ['lighthouse'],
  ['circus', 'big top', 'circus ring'],
  ['tent', 'marquee'],
  ['fairground', 'county fair', 'funfair'],
  ['houseboat', 'boat', 'ferry'],
  ['aquarium'],
  ['market', 'marketplace'],
  ['shop', 'boutique', "florist's", 'flower shop'],
  ['salon', 'grooming salon'],
  ['gym'],
  ['prison', 'jail', 'prison cell'],
  ['bank', 'bank vault'],
  ['nightclub'],
  ['balcony', 'terrace'],
  ['hallway', 'corridor', 'hospital corridor'],
  ['kennel'],
  ['studio', 'radio studio'],
  ['warehouse'],
  ['bridge'],
  ['river', 'riverbank'],
  ['town hall', 'city hall'],
];

const PLACE_INDEX: { phrase: string; group: number }[] = PLACE_GROUPS.flatMap((g, group) => g.map((phrase) => ({ phrase, group }))).sort((a, b) => b.phrase.length - a.phrase.length);

/**
 * Place groups (indices) a text names; in narration longer phrases win ("car park" is not a
 * park); a setting names every place it contains ("mansion library" is the mansion and the library).
 */
export function placesIn(text: string, opts: { setting?: boolean } = {}): { group: number; phrase: string }[] {
  let t = ` ${norm(text).toLowerCase()} `;
  const out: { group: number; phrase: string }[] = [];
  for (const { phrase, group } of PLACE_INDEX) {
    // In narration, an owner ("the bakery's takings") is not where the scene is.
    const re = new RegExp(`(?<![\\p{L}])${escape(phrase)}(?:s|es)?(?![\\p{L}])${opts.setting ? '' : "(?!['’]s(?![\\p{L}]))"}`, 'gu');
    if (re.test(t)) {
      if (!out.some((o) => o.group === group)) out.push({ group, phrase });
      if (!opts.setting) t = t.replace(re, ' # ');
    }
  }
  return out;
}

export function placeClashes(demo: DemoResult): Count {
  const c = count();
  for (const e of demo.episodes) {
    for (const scene of e.script.scenes) {
      // A question places nobody ("Who will inherit the lighthouse?"): only statements stage a scene.
      const named = placesIn(
        sentencesOf(scene.narration)
          .filter((x) => !/\?["”’]?$/.test(x.trim()))
          .join(' '),
      );
      if (!named.length) continue;
      c.total++;
      const set = new Set(placesIn(scene.setting, { setting: true }).map((p) => p.group));
      const clash = named.filter((p) => !set.has(p.group));
      if (clash.length) {
        c.hits++;
        const sentence = sentencesOf(scene.narration).find((x) => placesIn(x).some((p) => p.group === clash[0]!.group)) ?? scene.narration;
        c.findings.push({ episode: e.number, what: `narration names ${clash.map((p) => p.phrase).join(', ')}; setting is “${scene.setting}”`, text: sentence });
      }
    }
  }
  return c;
}

export function placesPerEpisode(demo: DemoResult): Count {
  const c = count();
  for (const e of demo.episodes) {
    c.total++;
    c.hits += new Set(e.script.scenes.map((s) => canon(s.setting))).size;
  }
  return c;
}

// ---- repetition ---------------------------------------------------------------------------------

export function distinctSentences(demo: DemoResult): Count {
  const cast = castNames(demo);
  const all = demo.episodes.flatMap((e) => e.script.scenes.flatMap((s) => spoken(s).flatMap(sentencesOf)));
  const seen = new Map<string, number>();
  for (const s of all) {
    const key = canon(maskNames(s, cast));
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const c: Count = { hits: seen.size, total: all.length, findings: [] };
  const repeated = [...seen.entries()].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]);
  for (const [s, n] of repeated.slice(0, 5)) c.findings.push({ episode: 0, what: `said ${n} times`, text: s });
  return c;
}

export function maxLineRepeats(demo: DemoResult): { max: number; line: string } {
  const cast = castNames(demo);
  const seen = new Map<string, number>();
  for (const e of demo.episodes) {
    for (const d of e.script.scenes.flatMap((s) => s.dialogue)) {
      const key = canon(maskNames(d.line, cast));
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  let best = { max: 0, line: '' };
  for (const [line, n] of seen) if (n > best.max) best = { max: n, line };
  return best;
}

// ---- speakers ----------------------------------------------------------------------------------

export function selfAddress(demo: DemoResult): Count {
  const c = count();
  for (const e of demo.episodes) {
    for (const d of e.script.scenes.flatMap((s) => s.dialogue)) {
      c.total++;
      if (nameRe(d.speaker).test(norm(d.line))) {
        c.hits++;
        c.findings.push({ episode: e.number, what: `${d.speaker} names themself`, text: `${d.speaker}: “${d.line}”` });
      }
    }
  }
  return c;
}

/** Kinds of animal by the words of a species, and the body parts each lacks. */
const KINDS: { kind: string; words: RegExp; lacks: string[] }[] = [
  {
    kind: 'bird',
    words:
      /parrot|budgie|budgerigar|cockatiel|cockatoo|canary|macaw|parakeet|lovebird|finch|duck|goose|swan|chicken|hen|rooster|owl|pigeon|dove|crow|raven|magpie|penguin|bird|flamingo|peacock|robin|sparrow/,
    lacks: ['paw', 'paws', 'fur', 'whisker', 'whiskers', 'snout', 'muzzle', 'teeth', 'tooth', 'fang', 'fangs', 'hoof', 'hooves', 'mane'],
  },
  { kind: 'guinea pig', words: /guinea pig|cavy/, lacks: ['tail', 'tails', 'wing', 'wings', 'beak', 'feather', 'feathers', 'talon', 'talons', 'hoof', 'hooves', 'fin', 'fins', 'shell'] },
  {
    kind: 'pig',
    words: /\bpig\b|piglet|\bhog\b|\bboar\b|\bsow\b|swine/,
    lacks: ['paw', 'paws', 'wing', 'wings', 'beak', 'feather', 'feathers', 'talon', 'talons', 'whisker', 'whiskers', 'fin', 'fins', 'shell'],
  },
  { kind: 'turtle', words: /turtle|tortoise/, lacks: ['paw', 'paws', 'fur', 'whisker', 'whiskers', 'wing', 'wings', 'feather', 'feathers', 'tail', 'mane', 'fang', 'fangs'] },
  {
    kind: 'fish',
    words: /goldfish|\bfish\b|koi|guppy|betta/,
    lacks: ['paw', 'paws', 'fur', 'whisker', 'whiskers', 'wing', 'wings', 'feather', 'feathers', 'beak', 'leg', 'legs', 'claw', 'claws', 'hoof', 'hooves'],
  },
  {
    kind: 'mammal',
    words: /./,
    lacks: ['wing', 'wings', 'beak', 'beaks', 'feather', 'feathers', 'talon', 'talons', 'fin', 'fins', 'shell', 'hoof', 'hooves'],
  },
];

function lacksOf(species: string): { kind: string; lacks: Set<string> } {
  const s = species.toLowerCase();
  const k = KINDS.find((k) => k.words.test(s))!;
  return { kind: k.kind, lacks: new Set(k.lacks) };
}

const ALL_PARTS = [...new Set(KINDS.flatMap((k) => k.lacks))];
const PARTS_RE = new RegExp(`(?<![\\p{L}])(${ALL_PARTS.join('|')})(?![\\p{L}])`, 'giu');
const DETERMINER = /\b(the|a|an|some|those|these|that|this|any|no|every|each|my|your|our)\s+(?:[\p{L}-]+\s+)?$/iu;

/**
 * Body parts `sentence` gives to cast members, each with the characters it may belong to:
 * "Coco's paws" (Coco), "my paws" in a line (the speaker), and "her wings" or a bare "paws
 * shaking" (every cast member named before it in the sentence: the reader cannot tell which, so
 * a mismatch is counted only when all of them lack the part).
 */
export function bodyParts(sentence: string, cast: readonly string[], speaker?: string): { owners: string[]; part: string }[] {
  const t = norm(sentence);
  const out: { owners: string[]; part: string }[] = [];
  for (const m of t.matchAll(PARTS_RE)) {
    const part = m[0].toLowerCase();
    const before = t.slice(0, m.index);
    const own = cast.length ? new RegExp(`(?<![\\p{L}])(${cast.map(escape).join('|')})'s\\s+(?:[\\p{L}-]+\\s+)?$`, 'u').exec(before) : null;
    if (own) {
      out.push({ owners: [own[1]!], part });
      continue;
    }
    if (/\bmy\s+(?:[\p{L}-]+\s+)?$/iu.test(before)) {
      if (speaker) out.push({ owners: [speaker], part });
      continue;
    }
    if (/\b(his|her|their|its)\s+(?:[\p{L}-]+\s+)?$/iu.test(before) || !DETERMINER.test(before)) {
      const owners = [
        ...new Set(
          nameHits(before, cast)
            .filter((h) => !h.possessive)
            .map((h) => h.name),
        ),
      ];
      if (owners.length) out.push({ owners, part });
    }
  }
  return out;
}

export function speciesMismatches(demo: DemoResult): Count {
  const c = count();
  const cast = castNames(demo);
  const species = new Map(demo.series.cast.map((m) => [m.name, lacksOf(m.species)]));
  const check = (episode: number, text: string, speaker?: string) => {
    for (const sentence of sentencesOf(text)) {
      for (const { owners, part } of bodyParts(sentence, cast, speaker)) {
        if (!owners.every((o) => species.get(o)?.lacks.has(part))) continue;
        c.hits++;
        const who = owners.map((o) => `${o} (${demo.series.cast.find((m) => m.name === o)?.species})`).join(' or ');
        c.findings.push({ episode, what: `${who} has ${part}`, text: speaker ? `${speaker}: “${text}”` : sentence });
      }
    }
  };
  for (const e of demo.episodes) {
    for (const s of e.script.scenes) {
      c.total++;
      check(e.number, s.narration);
      for (const d of s.dialogue) check(e.number, d.line, d.speaker);
    }
  }
  return c;
}

const SILENT_STATES = new Set(['unconscious', 'missing', 'dead']);

const FALLS_SILENT: { re: RegExp; lasts: 'series' | 'episode' }[] = [
  {
    re: /\b(falls?|fell|slips?|slipped|lapses?|sinks?) into (a|the|her|his|their) coma\b|\bin a coma\b|\bcomatose\b|\bunconscious\b|\bpass(es|ed)? out\b|\bfaint(s|ed)?\b|\bknocked out\b|\bblacks? out\b/i,
    lasts: 'series',
  },
  { re: /\b(dies|died|is dead|was dead|lies dead|found dead|is killed|was killed|is murdered|was murdered)\b/i, lasts: 'series' },
  { re: /\b(goes|went|is|was|has gone) missing\b|\b(vanish(es|ed)?|disappear(s|ed)?) without a trace\b|\b(is|was|gets|got) (kidnapped|abducted|snatched)\b/i, lasts: 'episode' },
];
const COMES_BACK =
  /\bwakes?\b|\bwoke\b|\bawake\b|\bawakens?\b|\bopens? (his|her|their|its) eyes\b|\bcomes? (to|round|around|back)\b|\bcame (to|round|around|back)\b|\brecover(s|ed)?\b|\breturns?\b|\breturned\b|\bis found\b|\bwas found\b|\bfound alive\b|\breappears?\b|\bback from\b|\balive\b|\bstirs\b|\bsits up\b/i;
const HYPOTHETICAL = /\b(not|never|n't|may|might|could|would|if|fears?|feared|afraid|pretends?|fakes?|faked|faking|dreams?|almost|nearly|rumou?rs?|whispers?)\b/i;

/** Who a condition phrase at `index` is about: the nearest cast name before it, else the first after. */
function subjectAt(sentence: string, index: number, cast: readonly string[]): string | undefined {
  const hits = nameHits(sentence, cast);
  const before = hits.filter((h) => h.index < index).at(-1);
  // "Rex's smile dies": what dies is Rex's, not Rex.
  if (before) return before.possessive ? undefined : before.name;
  return hits.find((h) => h.index >= index)?.name;
}

export function unfitSpeakers(demo: DemoResult): Count {
  const c = count();
  const cast = castNames(demo);
  const species = new Map(demo.series.cast.map((m) => [m.name, lacksOf(m.species)]));
  /** Per the text: who is out, and whether it lasts past the episode. */
  const out = new Map<string, { why: string; lasts: 'series' | 'episode' }>();
  let previousState: Record<string, { condition?: string }> | undefined;
  for (const e of demo.episodes) {
    for (const [name, o] of out) if (o.lasts === 'episode') out.delete(name);
    const now = e.story?.state?.characters as Record<string, { condition?: string }> | undefined;
    for (const scene of e.script.scenes) {
      for (const sentence of sentencesOf(scene.narration)) {
        const back = COMES_BACK.exec(sentence);
        if (back && !HYPOTHETICAL.test(sentence)) {
          const who = subjectAt(sentence, back.index, cast);
          if (who) out.delete(who);
        }
        if (HYPOTHETICAL.test(sentence)) continue;
        for (const f of FALLS_SILENT) {
          const m = f.re.exec(sentence);
          const who = m && subjectAt(sentence, m.index, cast);
          if (who && !(back && subjectAt(sentence, back.index, cast) === who && back.index > m.index)) out.set(who, { why: sentence, lasts: f.lasts });
        }
      }
      for (const d of scene.dialogue) {
        c.total++;
        const before = previousState?.[d.speaker]?.condition;
        const after = now?.[d.speaker]?.condition;
        const reasons: string[] = [];
        if (before && after && SILENT_STATES.has(before) && SILENT_STATES.has(after)) reasons.push(`the story state says ${d.speaker} is ${after}`);
        const textual = out.get(d.speaker);
        if (textual) reasons.push(`the text said: “${textual.why}”`);
        const k = species.get(d.speaker);
        const parts = bodyParts(d.line, cast, d.speaker).filter((p) => p.owners.length === 1 && p.owners[0] === d.speaker && k?.lacks.has(p.part));
        if (parts.length) reasons.push(`a ${demo.series.cast.find((m) => m.name === d.speaker)?.species} speaks of its ${parts.map((p) => p.part).join(', ')}`);
        if (reasons.length) {
          c.hits++;
          c.findings.push({ episode: e.number, what: reasons.join('; '), text: `${d.speaker}: “${d.line}”` });
        }
      }
    }
    previousState = now;
  }
  return c;
}

// ---- the hook -----------------------------------------------------------------------------------

export function hookOffscreen(demo: DemoResult): Count {
  const c = count();
  const cast = castNames(demo);
  for (const e of demo.episodes) {
    const first = e.script.scenes[0];
    if (!first) continue;
    c.total++;
    const onScreen = new Set(first.characters.map((ch) => ch.name));
    const text = `${e.script.hook}\n${first.narration}`;
    const away = namesIn(text, cast).filter((n) => !onScreen.has(n));
    if (away.length) {
      c.hits++;
      c.findings.push({ episode: e.number, what: `hook names ${away.join(', ')}, on screen: ${[...onScreen].join(', ')}`, text: e.script.hook });
    }
  }
  return c;
}

// ---- winning templates --------------------------------------------------------------------------

const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', '@s', 'my', 'your', 'our', 'this', 'that']);
const FUNCTION = new Set(['for', 'of', 'to', 'at', 'in', 'on', 'with', 'and', 'but', 'from', 'by', 'as', 'under', 'after', 'before', 'during', 'into', 'is', 'was', 'are']);
const LEXICON_NOUNS = new Set([...Object.keys(PRESUPPOSED), ...PLACE_GROUPS.flat().filter((p) => !p.includes(' ')), ...ALL_PARTS]);

/** A label's shape: names → @, nouns → #, a trailing time or place phrase dropped. */
export function labelTemplate(label: string, cast: readonly string[]): string {
  const words = canon(maskNames(label, cast).replace(/@'s/g, '@s')).split(' ');
  const out: string[] = [];
  let maskNext = 0;
  for (const w of words) {
    if (w === '@' || w === '@s') {
      out.push(w);
      maskNext = w === '@s' ? 2 : 0;
    } else if (DETERMINERS.has(w)) {
      out.push(w);
      maskNext = 2;
    } else if (maskNext > 0 && !FUNCTION.has(w)) {
      if (out.at(-1) !== '#') out.push('#');
      maskNext--;
    } else {
      maskNext = 0;
      out.push(LEXICON_NOUNS.has(w) || LEXICON_NOUNS.has(w.replace(/s$/, '')) ? '#' : w);
    }
  }
  const shape = out.join(' ');
  const trimmed = shape.replace(/ (at|under|on|in|during|after|before|by) (the |a |an |@s |their |his |her )?#$/, '');
  return trimmed.split(' ').length >= 3 ? trimmed : shape;
}

export function repeatedWinningTemplates(demo: DemoResult): { max: number; template: string; labels: string[] } {
  const cast = castNames(demo);
  const seen = new Map<string, string[]>();
  for (const e of demo.episodes) {
    if (!e.winner) continue;
    const key = labelTemplate(e.winner.label, cast);
    seen.set(key, [...(seen.get(key) ?? []), e.winner.label]);
  }
  let best = { max: 0, template: '', labels: [] as string[] };
  for (const [template, labels] of seen) if (labels.length > best.max) best = { max: labels.length, template, labels };
  return best;
}

// ---- everything at once -------------------------------------------------------------------------

export interface SeriesMetrics {
  premiseCoverage: Count;
  presuppositions: Count;
  payoff: PayoffResult;
  placeClashes: Count;
  distinct: Count;
  lineRepeats: { max: number; line: string };
  selfAddress: Count;
  unfitSpeakers: Count;
  species: Count;
  hook: Count;
  places: Count;
  templates: { max: number; template: string; labels: string[] };
}

export function measureSeries(demo: DemoResult): SeriesMetrics {
  return {
    premiseCoverage: premiseCoverage(demo),
    presuppositions: presuppositionFailures(demo),
    payoff: payoffMismatch(demo),
    placeClashes: placeClashes(demo),
    distinct: distinctSentences(demo),
    lineRepeats: maxLineRepeats(demo),
    selfAddress: selfAddress(demo),
    unfitSpeakers: unfitSpeakers(demo),
    species: speciesMismatches(demo),
    hook: hookOffscreen(demo),
    places: placesPerEpisode(demo),
    templates: repeatedWinningTemplates(demo),
  };
}
