import { hashSeed, seededRandom, type Random } from '../../core/clock.js';
import type { WriteRequest, Writer, WrittenEpisode } from '../../core/ports.js';
import { truncate } from '../../core/text.js';
import { readBible } from '../memory.js';
import { LIMITS, ScriptSchema, describeIssues, type Emotion, type Scene, type Script, type Twist } from '../script.js';
import { speakingSeconds, timeScript, totalSeconds } from '../timing.js';
import { toWritten } from '../written.js';
import {
  ATMOSPHERE,
  CLIFFHANGERS,
  ESCALATIONS,
  HOOKS,
  PAYOFF_INTROS,
  PLACES,
  RETURNS,
  THINGS,
  TITLES,
  TROPES,
  TURNS,
  WHENS,
  type Slots,
  type Template,
  type Trope,
} from './tropes.js';

/**
 * The built-in writer: seeded and deterministic (the same series seed and votes give the same
 * scripts), built from a grammar of micro-drama tropes over the series' own cast.
 */
export class OfflineWriter implements Writer {
  async write(request: WriteRequest): Promise<WrittenEpisode> {
    return toWritten(writeOffline(request), request);
  }
}

const STOPWORDS = new Set(
  'the a an and or but of to in on at for with from by is are was were be been has have had that this these those their they them his her its it as all along into out over who what when where which while than then just only very really secretly finally'.split(' '),
);

/** A twist's key nouns: the words the next episode has to say back. */
export function keyWords(text: string, castNames: readonly string[]): string[] {
  const names = new Set(castNames.map((n) => n.toLowerCase()));
  const words = text.match(/[\p{L}\p{N}'’-]+/gu) ?? [];
  const out: string[] = [];
  for (const w of words) {
    const bare = w.replace(/['’]s$/i, '');
    const lower = bare.toLowerCase();
    if (bare.length >= 4 && !STOPWORDS.has(lower) && !names.has(lower) && !out.some((o) => o.toLowerCase() === lower)) out.push(bare);
  }
  return out.slice(0, 4);
}

/** Cast members a twist names, in the order it names them. */
export function namedIn(text: string, castNames: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return castNames
    .map((name) => ({ name, at: lower.search(new RegExp(`(^|[^\\p{L}])${escapeRegExp(name.toLowerCase())}([^\\p{L}]|$)`, 'u')) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.name);
}

export function matchTrope(text: string): Trope | undefined {
  return TROPES.find((t) => t.keywords.test(text));
}

/** Starts sentences with a capital, whatever a template put first. */
function sentenceCase(text: string): string {
  return text.replace(/(^|[.!?]\s+)(\p{Ll})/gu, (_, lead: string, ch: string) => lead + ch.toUpperCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A permutation of 0..n-1 fixed by the series seed and a salt. */
function permutation(n: number, seed: number, salt: string): number[] {
  const rnd = seededRandom(hashSeed(`${seed}:${salt}`));
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

export function writeOffline(req: WriteRequest): Script {
  const n = req.episodeNumber;
  const seed = req.series.seed;
  const rnd: Random = seededRandom(hashSeed(`${seed}:${n}:${req.twist?.label ?? ''}`));
  // Cycling through a seeded permutation by episode number: no detail repeats within its list's length.
  const cycle = <T>(list: readonly T[], salt: string, at = n): T => list[permutation(list.length, seed, salt)[at % list.length]!]!;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

  const cast = req.cast.map((c) => c.name);
  if (cast.length === 0) throw new Error('the offline writer needs at least one character');
  const twistText = req.twist ? `${req.twist.label} ${req.twist.teaser}` : '';
  const named = namedIn(twistText, cast);
  const others = (exclude: string[]) => cast.filter((c) => !exclude.includes(c));
  const A = named[0] ?? cycle(cast, 'lead');
  const B = named[1] ?? (others([A]).length ? cycle(others([A]), 'foil') : A);
  const C = others([A, B]).length ? cycle(others([A, B]), 'third') : 'the mysterious stranger';
  // Details for the line numbered `at` (an episode has up to 8): every line gets its own.
  const detailsAt = (at: number) => ({ thing: cycle(THINGS, 'thing', at), place: cycle(PLACES, 'place', at), when: cycle(WHENS, 'when', at) });
  const slots: Slots = { A, B, C, ...detailsAt(n * 8) };
  const fill = (t: Template, s: Slots = slots) => sentenceCase(t(s));
  const onScreen = (...pairs: [string, Emotion][]): Scene['characters'] => {
    const seen = new Set<string>();
    return pairs.filter(([name]) => cast.includes(name) && !seen.has(name) && seen.add(name)).map(([name, emotion]) => ({ name, emotion }));
  };
  const speakers = (scene: Pick<Scene, 'characters'>, lines: [string, string][]): Scene['dialogue'] =>
    lines.filter(([who]) => scene.characters.some((c) => c.name === who)).map(([speaker, line]) => ({ speaker, line: sentenceCase(line) }));

  const paidOff = req.twist ? matchTrope(twistText) : undefined;
  const mood = paidOff ?? cycle(TROPES, 'mood');
  const bible = readBible(req.series.bible, { setting: req.series.premise, tone: req.series.tone });
  const scenes: Scene[] = [];

  // Hook: the most dramatic line first, inside three seconds.
  const hook = firstThatFits(HOOKS, permutation(HOOKS.length, seed, 'hook')[n % HOOKS.length]!, (t) => fill(t), (text) => speakingSeconds(text) <= 3);
  scenes.push({ beat: 'hook', setting: cycle(mood.settings, 'hook-setting'), characters: onScreen([A, mood.emotions[0]]), narration: hook, dialogue: [], seconds: 1 });

  // The voted twist, paid off at once (or, in episode 1, the premise).
  if (req.twist) {
    const label = req.twist.label.replace(/[.!?…]+$/, '');
    const teaser = req.twist.teaser.trim() && req.twist.teaser.trim() !== req.twist.label.trim() ? ` ${req.twist.teaser.trim()}` : '';
    const body = paidOff ? ` ${fill(cycle(paidOff.payoffs, 'payoff'))}` : '';
    const narration = truncate(sentenceCase(`${cycle(PAYOFF_INTROS, 'intro')(label, slots)}${teaser}${body}`), LIMITS.narration);
    // Everyone the twist names is on screen when it pays off.
    const characters = onScreen([A, mood.emotions[0]], [B, mood.emotions[1]], ...named.slice(2).map((name): [string, Emotion] => [name, 'shocked']));
    const [la, lb] = cycle(mood.lines, 'payoff-lines');
    scenes.push({ beat: 'payoff', setting: cycle(mood.settings, 'payoff-setting'), characters, narration, dialogue: speakers({ characters }, [[A, la(slots)], [B, lb(slots)]]), seconds: 1 });
  } else {
    const characters = onScreen([A, 'happy'], [B, 'smug']);
    const premise = truncate(req.series.premise, LIMITS.narration - 60);
    scenes.push({ beat: 'escalation', setting: cycle(mood.settings, 'setup-setting'), characters, narration: sentenceCase(`${premise} ${fill(cycle(ATMOSPHERE, 'setup-air'))}`), dialogue: [], seconds: 1 });
  }

  // Escalations: as many as the target length needs (4 scenes at 30 s, 6 at 60 s, 8 from 90 s).
  const sceneCount = Math.min(8, Math.max(4, Math.round(req.series.targetSeconds / 12) + 1));
  const escalations = sceneCount - scenes.length - 2;
  for (let j = 0; j < escalations; j++) {
    const other = TROPES[(TROPES.indexOf(mood) + 1 + j) % TROPES.length]!;
    const characters = j % 2 === 0 ? onScreen([B, 'scared'], [C, 'smug']) : onScreen([A, 'angry'], [C, 'shocked']);
    const [la, lb] = cycle(other.lines, `esc-lines-${j}`);
    const who = characters.map((c) => c.name);
    scenes.push({
      beat: 'escalation',
      setting: cycle(other.settings, `esc-setting-${j}`),
      characters: characters.length ? characters : onScreen([A, 'scared']),
      narration: fill(cycle(ESCALATIONS, 'escalation', n * 8 + 1 + j), { ...slots, ...detailsAt(n * 8 + 1 + j) }),
      dialogue: who.length >= 2 ? [{ speaker: who[0]!, line: sentenceCase(la(slots)) }, { speaker: who[1]!, line: sentenceCase(lb(slots)) }] : [],
      seconds: 1,
    });
  }

  // The turn, which brings back an earlier thread when the series has one.
  const older = bible.threads.filter((t) => t.episode < n - 1);
  const thread = older.length ? cycle(older, 'thread') : undefined;
  const turn = fill(cycle(TURNS, 'turn'));
  const back = thread ? ` ${sentenceCase(cycle(RETURNS, 'return')(thread.text.replace(/[.!?…]+$/, ''), slots))}` : '';
  scenes.push({ beat: 'turn', setting: cycle(TROPES, 'turn-mood').settings[0]!, characters: onScreen([A, 'shocked'], [B, 'smug']), narration: truncate(`${turn}${back}`, LIMITS.narration), dialogue: [], seconds: 1 });

  // The cliffhanger.
  const cliffhanger = fill(cycle(CLIFFHANGERS, 'cliff'));
  scenes.push({ beat: 'cliffhanger', setting: cycle(mood.settings, 'cliff-setting'), characters: onScreen([A, 'scared'], [C, 'shocked']), narration: cliffhanger, dialogue: [], seconds: 1 });

  fitLength(scenes, req.series.targetSeconds, (i) => fill(cycle(ATMOSPHERE, `air-${i}`)));

  const script: Script = timeScript({
    title: truncate(fill(cycle(TITLES, 'title')), LIMITS.title),
    hook,
    previously: req.twist ? truncate(`Previously: ${req.twist.label.replace(/[.!?…]+$/, '')}.`, LIMITS.previously) : null,
    scenes,
    cliffhanger,
    twists: nextTwists(cast, paidOff, rnd, pick, cycle),
  });
  const checked = ScriptSchema.safeParse(script);
  if (!checked.success) throw new Error(`offline writer produced an invalid script: ${describeIssues(checked.error)}`);
  return checked.data;
}

/** Pads with atmosphere (or trims dialogue) until the spoken length is near the target. */
function fitLength(scenes: Scene[], target: number, atmosphere: (i: number) => string): void {
  const middle = scenes.filter((s) => s.beat !== 'hook' && s.beat !== 'cliffhanger');
  for (let i = 0; totalSeconds(timeScript({ scenes })) < target * 0.92 && i < 40; i++) {
    const scene = middle[i % middle.length]!;
    const extra = atmosphere(i);
    if (scene.narration.length + extra.length + 1 <= LIMITS.narration && !scene.narration.includes(extra)) scene.narration = `${scene.narration} ${extra}`;
  }
  // Too long: drop dialogue first, then closing sentences, never a scene's first sentence.
  const over = () => totalSeconds(timeScript({ scenes })) > target * 1.1;
  for (let pass = 0; pass < 3 && over(); pass++) {
    for (const scene of [...middle].reverse()) {
      if (!over()) break;
      scene.dialogue = scene.dialogue.slice(0, Math.max(0, scene.dialogue.length - 1));
    }
  }
  for (let pass = 0; pass < 3 && over(); pass++) {
    for (const scene of [...middle].reverse()) {
      if (!over()) break;
      const sentences = scene.narration.match(/[^.!?…]+[.!?…]+["”]?\s*/g) ?? [scene.narration];
      if (sentences.length > (scene.beat === 'payoff' ? 2 : 1)) scene.narration = sentences.slice(0, -1).join('').trim();
    }
  }
  scenes.splice(0, scenes.length, ...timeScript({ scenes }).scenes);
}

/** The first template, from `start` on, whose text passes `ok`; else the shortest. */
function firstThatFits(list: readonly Template[], start: number, fill: (t: Template) => string, ok: (text: string) => boolean): string {
  const texts = list.map((_, i) => fill(list[(start + i) % list.length]!));
  return texts.find(ok) ?? texts.reduce((a, b) => (b.length < a.length ? b : a));
}

/** The next ballot: three or four twists, each of a different kind, over the cast. */
function nextTwists(
  cast: readonly string[],
  justPaid: Trope | undefined,
  rnd: Random,
  pick: <T>(list: readonly T[]) => T,
  cycle: <T>(list: readonly T[], salt: string, offset?: number) => T,
): Twist[] {
  const count = rnd() < 0.35 ? 4 : 3;
  const pool = TROPES.filter((t) => t !== justPaid);
  const chosen: Trope[] = [];
  while (chosen.length < count) chosen.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]!);
  return chosen.map((trope, i) => {
    const a = pick(cast);
    const rest = cast.filter((c) => c !== a);
    const b = rest.length ? pick(rest) : 'the mysterious stranger';
    const rest2 = rest.filter((c) => c !== b);
    const c = rest2.length ? pick(rest2) : 'a stranger';
    const s: Slots = { A: a, B: b, C: c, thing: cycle(THINGS, `twist-thing-${i}`), place: cycle(PLACES, `twist-place-${i}`), when: cycle(WHENS, `twist-when-${i}`) };
    const start = Math.floor(rnd() * trope.labels.length);
    // Long names can push a label past 55 characters: try the other templates first.
    let label = '';
    for (let k = 0; k < trope.labels.length && !label; k++) {
      const candidate = sentenceCase(trope.labels[(start + k) % trope.labels.length]!(s));
      if (candidate.length <= LIMITS.label) label = candidate;
    }
    const teaserIndex = (start + 0) % trope.teasers.length;
    return {
      kind: trope.kind,
      label: label || truncate(sentenceCase(trope.labels[start]!(s)), LIMITS.label),
      teaser: truncate(sentenceCase(trope.teasers[teaserIndex]!(s)), LIMITS.teaser),
    };
  });
}
