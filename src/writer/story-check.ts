import { ZodError } from 'zod';
import type { StoryInput } from '../core/ports.js';
import { SILENT_CONDITIONS, type Change, type Cliffhanger, type Condition, type StoryState, type TwistOp } from '../core/story/model.js';
import { BODY_WORDS, kindOf } from '../core/story/species.js';
import { arcBeat } from '../core/story/arc.js';
import { applyChanges, finishEpisode, RECENT_SAID, sayHash, sentences, StoryError } from '../core/story/state.js';
import { checkTwist, kindsFor, RULE_BY_KIND } from '../core/story/twists.js';
import { World } from '../core/story/world.js';
import { escapeRegExp } from '../core/text.js';
import { hanLength, hasHan, NOT_LETTER_AFTER, NOT_LETTER_BEFORE, REPEAT_HAN, repeatClauses } from '../core/story/language.js';
import { BODY_WORDS_ZH } from '../core/story/words-zh.js';
import type { Script } from './script.js';
import { IN_BED, type Action } from './staging.js';

/**
 * The story checker: refuses an episode that breaks the story state, and says why, so that the
 * LLM writer can send it back for repair (as it does with bad JSON). Pure: the same story and
 * episode always give the same answer; tests and benchmarks may run it on any writer's output.
 *
 * It reads the episode's TEXT against the state: who is on screen and speaks while unconscious,
 * missing or dead; whether the twist the audience chose is paid off in the first scenes by its
 * own persons (and a community twist in its own words); whether the writer's changes apply;
 * whether every option of the next ballot can happen after this episode and is about things the
 * story has; scenes whose narration names another place of the bible than their own setting;
 * characters saying their own name; bodies their species lacks; lines already said.
 */

/** A change as a writer reports it: the scene it happens in (1-based), when the writer says. */
export type SceneChange = Change & { scene?: number | null };

export interface EpisodeDraft {
  script: Script;
  /** The next ballot, each option with its operation. */
  twists: readonly { label: string; teaser?: string; op: TwistOp }[];
  changes: readonly SceneChange[];
  cliffhanger: Cliffhanger;
  summary?: string;
}

export interface StoryCheck {
  /** Why the episode can't be used; empty when it can. */
  problems: string[];
  /** The state after the episode (changes applied, episode finished), when the changes apply. */
  after: StoryState | null;
}

export interface CheckOptions {
  episode: number;
  /** The cast's species, for bodies (optional: without it, bodies are not checked). */
  cast?: readonly { name: string; species: string }[];
}

/** How a character who is out cold may be on screen: lying in bed, silent. */
export const RESTING_ACTION: Action = 'sleep';

/** The first scenes, in which the twist the audience chose must be paid off. */
export const PAYOFF_SCENES = 3;

/** Fact kinds only core makes: the premise's event and who really did it. */
const CORE_FACT_KINDS = new Set(['incident', 'culprit']);

const STOP = new Set(
  `that this these those with from into onto over under about after before when what which while where whose there here their they them
  then than have been were will would could should shall might must just only very really also even ever never always some every each
  other another because being does doing done made make makes said says tells told finally secretly suddenly everyone someone nobody
  something nothing everything all along behind`
    .split(/\s+/)
    .filter(Boolean),
);

/** A word or name as a pattern: whole words, except where it begins or ends in Chinese, whose words run together (and run into a name in letters). */
const wordRe = (word: string, flags = 'iu') =>
  new RegExp(`${hasHan(word.charAt(0)) ? '' : `${NOT_LETTER_BEFORE}(?<!\\p{N})`}${escapeRegExp(word)}${hasHan(word.charAt(word.length - 1)) ? '' : `${NOT_LETTER_AFTER}(?!\\p{N})`}`, flags);
const names = (text: string, word: string, caseSensitive = false) => wordRe(word, caseSensitive ? 'u' : 'iu').test(text);
/** A place as narration says it, without its article: "the gala dinner" → "gala dinner". */
export const placeCore = (place: string) =>
  place
    .trim()
    .toLowerCase()
    .replace(/^(the|a|an|his|her|their|its|our)\s+/, '');
const contentWords = (text: string, skip: readonly string[]) => {
  const lower = new Set(skip.map((s) => s.toLowerCase()));
  const out: string[] = [];
  for (const w of text.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? []) {
    // Chinese runs its words together: its content is its two-character words, names left out.
    if (hasHan(w)) {
      let run = w;
      for (const name of lower) run = run.split(name).join('|');
      for (const part of run.split('|')) for (let i = 0; i + 2 <= part.length; i++) if (!out.includes(part.slice(i, i + 2))) out.push(part.slice(i, i + 2));
      continue;
    }
    const bare = w.replace(/['’]s$/, '');
    if (bare.length >= 4 && !STOP.has(bare) && !lower.has(bare) && !out.includes(bare)) out.push(bare);
  }
  return out;
};
/** Same word, lightly: equal, or sharing their first five letters (poison/poisoned/poisoning). */
const sameWord = (a: string, b: string) => a === b || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5));

/** Every sentence an episode says aloud: the hook, the narration and the dialogue. */
export function spokenSentences(script: Pick<Script, 'hook' | 'scenes'>): string[] {
  // The hook is usually the first scene's first line: said once.
  const first = script.scenes[0]?.narration ?? '';
  const out = first.toLowerCase().includes(script.hook.trim().toLowerCase()) ? [] : sentences(script.hook);
  for (const s of script.scenes) out.push(...sentences(s.narration), ...s.dialogue.map((d) => d.line.trim()));
  return out;
}

/** Whether a setting is the place (or the place is part of the setting, or the other way round). */
export function samePlace(setting: string, place: string): boolean {
  const a = placeCore(setting);
  const b = placeCore(place);
  return !!a && !!b && (a === b || names(a, b) || names(b, a));
}

function sceneText(scene: Script['scenes'][number]): string {
  return [scene.narration, ...scene.dialogue.map((d) => d.line)].join(' ');
}

/** Checks an episode against the story it was written from. */
export function checkStory(story: StoryInput, draft: EpisodeDraft, opts: CheckOptions): StoryCheck {
  const problems: string[] = [];
  const { bible, state } = story;
  const { script } = draft;
  const cast = bible.roles.map((r) => r.name);
  const scenes = script.scenes;

  // ---- the changes apply ------------------------------------------------------------------
  for (const c of draft.changes) {
    if (c.scene != null && (!Number.isInteger(c.scene) || c.scene < 1 || c.scene > scenes.length)) {
      problems.push(`a “${c.type}” change is in scene ${c.scene}, but the episode has scenes 1 to ${scenes.length}`);
    }
    if (c.type === 'fact' && CORE_FACT_KINDS.has(c.kind)) problems.push(`a fact of kind “${c.kind}” is the story's own; use another kind`);
  }
  const central = new World(bible, state).central();
  if (central && draft.changes.some((c) => c.type === 'open' && c.central) && !draft.changes.some((c) => c.type === 'close' && c.thread === central.id)) {
    problems.push(`a new central question opens only once the current one (${central.id}) is answered`);
  }
  for (const c of draft.changes) {
    if (c.type !== 'close' || !central || c.thread !== central.id) continue;
    if (!['answer', 'new season'].includes(story.beat)) {
      problems.push(`the central question (${central.id}) is answered only at the arc's answer; this episode is at “${story.beat}”: add a clue instead`);
    } else if (bible.incident && state.culprit && !names(c.answer, state.culprit)) {
      problems.push(`the answer to the central question must be the truth: ${state.culprit} did it`);
    }
  }
  let after: StoryState | null = null;
  try {
    const plain = draft.changes.map(({ scene: _scene, ...c }) => c as Change);
    const applied = applyChanges(bible, state, plain, opts.episode);
    after = finishEpisode(bible, applied, {
      episode: opts.episode,
      cliffhanger: draft.cliffhanger,
      summary: draft.summary?.trim() || script.title,
      spoken: [],
      kind: story.twist?.op.kind ?? null,
    });
  } catch (err) {
    if (err instanceof StoryError) problems.push(`the changes do not apply: ${err.message}`);
    else if (err instanceof ZodError) problems.push('the changes or the cliffhanger do not fit the story model (a name, place or text is empty or too long)');
    else throw err;
  }

  // ---- who can be on screen and speak, scene by scene --------------------------------------
  const silentAt = silentByScene(story, draft);
  const twistSilenced = silencedByTwist(story);
  const payoffScene = payoffSceneOf(story, script);
  for (const [i, scene] of scenes.entries()) {
    const silent = silentAt[i]!;
    for (const c of scene.characters) {
      const condition = silent.get(c.name);
      if (!condition || (twistSilenced.has(c.name) && i <= payoffScene)) continue;
      if (condition === 'unconscious' && IN_BED.has(c.action ?? 'stand')) continue;
      const resting = condition === 'unconscious' ? ` unless asleep in bed (action “${RESTING_ACTION}”)` : '';
      problems.push(`${c.name} is ${condition} and cannot be on screen in scene ${i + 1}${resting} (show the others; narration may speak of ${c.name})`);
    }
    for (const d of scene.dialogue) {
      const condition = silent.get(d.speaker);
      if (condition && !(twistSilenced.has(d.speaker) && i <= payoffScene)) problems.push(`${d.speaker} is ${condition} and cannot speak in scene ${i + 1}`);
    }
  }

  // ---- the twist is paid off ---------------------------------------------------------------
  const twist = story.twist;
  if (twist) {
    const first = scenes.slice(0, PAYOFF_SCENES);
    const text = [script.hook, ...first.map(sceneText)].join(' ');
    const onScreen = new Set(first.flatMap((s) => s.characters.map((c) => c.name)));
    const persons = [twist.op.actor, ...(twist.op.target && cast.includes(twist.op.target) ? [twist.op.target] : [])];
    const w = new World(bible, state);
    for (const p of persons) {
      // Someone out cold (or put out by the twist itself: a coma, a disappearance) may be paid off in words.
      const mustShow = w.awake(p);
      if (mustShow && !onScreen.has(p)) problems.push(`the twist is not paid off: ${p} must be on screen in the first ${PAYOFF_SCENES} scenes`);
      if (!names(text, p)) problems.push(`the twist is not paid off: the first ${PAYOFF_SCENES} scenes never name ${p}`);
    }
    if (twist.op.words) {
      const words = contentWords(twist.op.words, cast);
      const said = contentWords(text, []);
      const used = words.filter((k) => said.some((s) => sameWord(k, s)));
      if (words.length && used.length < Math.ceil(words.length / 2)) {
        problems.push(
          `the community twist is not paid off in its own words: the first ${PAYOFF_SCENES} scenes must use its words (${words
            .filter((k) => !used.includes(k))
            .slice(0, 5)
            .join(', ')})`,
        );
      }
    }
  }

  // ---- the hook answers the last cliffhanger --------------------------------------------------
  const hookScene = scenes[0];
  if (story.cliffhanger && hookScene) {
    const c = story.cliffhanger;
    const text = [script.hook, sceneText(hookScene), ...hookScene.characters.map((x) => x.name)].join(' ');
    const answered = c.who.some((n) => names(text, n)) || samePlace(hookScene.setting, c.place);
    if (!answered) problems.push(`the hook does not answer the last cliffhanger: the first scene must take it up (${[...c.who, c.place].join(', ')})`);
  }
  if (hookScene) {
    const onScreen = new Set(hookScene.characters.map((c) => c.name));
    const awake = new World(bible, state);
    for (const n of cast) {
      if (!onScreen.has(n) && awake.awake(n) && names(script.hook, n)) problems.push(`the hook names ${n}, who is not on screen in the first scene`);
    }
  }

  // ---- one place per scene ------------------------------------------------------------------
  // The premise's event named by its name ("面包店的营业款失窃案", "the theft of the bakery's takings") names no place.
  const eventName = bible.incident ? new RegExp(escapeRegExp(bible.incident.event), 'giu') : null;
  for (const [i, scene] of scenes.entries()) {
    const narration = eventName ? scene.narration.replace(eventName, ' ') : scene.narration;
    for (const p of bible.places) {
      if (samePlace(scene.setting, p.name)) continue;
      if (names(narration, placeCore(p.name))) {
        problems.push(`scene ${i + 1} is set in “${scene.setting}” but its narration names ${p.name}: one place a scene`);
        break;
      }
    }
  }

  // ---- lines: no self-address, species-true bodies, nothing said before ---------------------
  for (const [i, scene] of scenes.entries()) {
    for (const d of scene.dialogue) {
      if (names(d.line, d.speaker, true)) problems.push(`${d.speaker} says their own name in scene ${i + 1}: “${d.line}”`);
    }
  }
  for (const m of opts.cast ?? []) {
    const kind = kindOf(m.species);
    if (kind.id === 'pet') continue;
    const own = new Set(
      [kind.body.hands, kind.body.tail ?? '', kind.body.face, kind.body.ears, ...kind.body.extra]
        .join(' ')
        .toLowerCase()
        .split(/\s+/)
        .flatMap((w) => [w, w.replace(/s$/, '')]),
    );
    const foreign = BODY_WORDS.filter((b) => !own.has(b) && !own.has(b.replace(/s$/, '')));
    const re = new RegExp(`(?<![\\p{L}])${escapeRegExp(m.name)}['’]s\\s+(?:[\\p{L}-]+\\s+)?(${foreign.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'iu');
    // Chinese: "团子的翅膀", "团子用小翅膀", a speaker's own "我的翅膀" (a word or two may come between: 的大尾巴).
    const ownZh = kind.zh ? [kind.zh.body.hands, kind.zh.body.face, kind.zh.body.ears].join(' ') : '';
    const foreignZh = Object.entries(BODY_WORDS_ZH)
      .filter(([zh, en]) => !ownZh.includes(zh) && !en.some((w) => own.has(w)))
      .map(([zh]) => zh)
      .sort((a, b) => b.length - a.length);
    // A kind with every body word (none foreign): a pattern that matches nothing.
    const partsZh = foreignZh.join('|') || '(?!)';
    const reZh = new RegExp(`${escapeRegExp(m.name)}[的用]\\p{Script=Han}{0,2}?(${partsZh})`, 'u');
    const myZh = new RegExp(`我的\\p{Script=Han}{0,2}?(${partsZh})`, 'u');
    for (const [i, scene] of scenes.entries()) {
      const lines = scene.dialogue.map((d) => d.line).join(' ');
      const hit = re.exec(scene.narration) ?? re.exec(lines) ?? reZh.exec(scene.narration) ?? reZh.exec(lines);
      const mine = scene.dialogue
        .filter((d) => d.speaker === m.name)
        .map((d) => new RegExp(`\\bmy\\s+(?:[\\p{L}-]+\\s+)?(${foreign.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'iu').exec(d.line) ?? myZh.exec(d.line))
        .find((x) => x);
      const part = hit?.[1] ?? mine?.[1];
      if (part) {
        const use = hasHan(part) && kind.zh ? `${kind.zh.body.hands}, ${kind.zh.body.face}` : `${kind.body.hands}, ${kind.body.face}${kind.body.tail ? `, ${kind.body.tail}` : ''}`;
        problems.push(`${m.name} is a ${m.species} and has no ${part} (scene ${i + 1}): use ${use}`);
      }
    }
  }
  const said = new Set(state.said);
  // The season's questions may come back from episode to episode (a refrain), once an episode.
  const refrain = new Set([bible.question, ...state.threads.map((t) => t.question)].map((q) => sayHash(q, cast)));
  // A line of dialogue heard long ago (not among the last RECENT_SAID) may come back once; `r` marks one that did.
  const recent = new Set(state.said.slice(-RECENT_SAID));
  const talk = new Set(scenes.flatMap((s) => s.dialogue.flatMap((d) => sentences(d.line))));
  const seen = new Set<string>();
  // Chinese has no spaces: a sentence counts from eight Han characters, and a clause said again after another lead-in is heard twice.
  const heard = new Set<string>();
  for (const line of spokenSentences(script).flatMap(sentences)) {
    const clauses = repeatClauses(line);
    if (hasHan(line) ? hanLength(line) < REPEAT_HAN : line.split(/\s+/).length < 4) continue;
    const h = sayHash(line, cast);
    const again = clauses.find((c) => heard.has(c));
    const comesBack = talk.has(line) && !recent.has(h) && !said.has(`r${h}`);
    if (said.has(h) && !refrain.has(h) && !comesBack) problems.push(`“${line}” was already said in an earlier episode: write a new line`);
    else if (seen.has(h)) problems.push(`“${line}” is said twice in this episode`);
    else if (again) problems.push(`“${line}” says again what this episode already said (“${again}”)`);
    seen.add(h);
    for (const c of clauses) heard.add(c);
  }

  // ---- the next ballot can happen after this episode ----------------------------------------
  if (after) {
    const w = new World(bible, after);
    const next = arcBeat(opts.episode + 1, bible.seasonLength);
    const kinds = kindsFor(bible.genre);
    for (const [i, t] of draft.twists.entries()) {
      const why = ballotProblem(w, t, kinds, next);
      if (why) problems.push(`twist option ${i + 1} (“${t.label}”): ${why}`);
    }
  }

  // ---- the cliffhanger ------------------------------------------------------------------------
  for (const n of draft.cliffhanger.who) if (!cast.includes(n)) problems.push(`the cliffhanger's ${n} is not in the cast`);
  if (after && draft.cliffhanger.thread && !after.threads.some((t) => t.id === draft.cliffhanger.thread)) {
    problems.push(
      `the cliffhanger's thread ${draft.cliffhanger.thread} does not exist (threads: ${
        after.threads
          .filter((t) => t.status === 'open')
          .map((t) => t.id)
          .join(', ') || 'none'
      })`,
    );
  }

  return { problems: [...new Set(problems.map((p) => p.replace(/\s+/g, ' ').trim()))], after };
}

/** Why an option can't be on the next ballot, or null. */
export function ballotProblem(w: World, t: { label: string; teaser?: string; op: TwistOp }, kinds: readonly string[], beat: ReturnType<typeof arcBeat>): string | null {
  const op = t.op;
  const rule = RULE_BY_KIND.get(op.kind);
  if (!rule || op.kind === 'community' || !kinds.includes(op.kind))
    return `“${op.kind}” is not a kind of twist for a ${w.bible.genre} story (kinds: ${kinds.filter((k) => k !== 'community').join(', ')})`;
  if (rule.beats && !rule.beats.includes(beat)) return `a “${op.kind}” twist does not fit the next episode's place in the arc (${beat})`;
  if (op.object !== null && !knownObject(w, op.object)) {
    return `it presupposes “${op.object}”, which the story does not have (the object must be a prop, a place, a character or a fact id of the story, or null)`;
  }
  const why = checkTwist(w, op);
  if (why) return `it cannot happen after this episode: ${why}`;
  const text = `${t.label} ${t.teaser ?? ''}`;
  if (!names(text, op.actor)) return `its label or teaser must name who does it (${op.actor})`;
  const stray = w.names.filter((n) => n !== op.actor && n !== op.target && n !== op.object && names(t.label, n, true));
  if (stray.length) return `its label names ${stray.join(', ')}, who ${stray.length > 1 ? 'are' : 'is'} not in its operation`;
  return null;
}

function knownObject(w: World, object: string): boolean {
  return w.bible.props.includes(object) || w.isCast(object) || w.bible.places.some((p) => p.name === object) || !!w.fact(object);
}

/** For each scene, who is out of action in it (name → condition). */
function silentByScene(story: StoryInput, draft: EpisodeDraft): Map<string, Condition>[] {
  const n = draft.script.scenes.length;
  const condition = new Map<string, Condition>(Object.entries(story.state.characters).map(([k, v]) => [k, v.condition]));
  // Changes without a scene: someone silenced there is silenced after the episode, someone woken is awake from the start.
  const at = (c: SceneChange, i: number) => (c.scene == null ? (SILENT_CONDITIONS.includes((c as { condition?: Condition }).condition ?? 'fine') ? n + 1 : 1) : c.scene) === i;
  const out: Map<string, Condition>[] = [];
  for (let i = 1; i <= n; i++) {
    const inScene = draft.changes.filter((c): c is Extract<SceneChange, { type: 'condition' }> => c.type === 'condition' && at(c, i));
    // Woken in this scene: awake in it. Silenced in it: still in it (it happens there).
    for (const c of inScene) if (!SILENT_CONDITIONS.includes(c.condition)) condition.set(c.name, c.condition);
    out.push(new Map([...condition].filter(([, v]) => SILENT_CONDITIONS.includes(v))));
    for (const c of inScene) condition.set(c.name, c.condition);
  }
  return out;
}

/** Who the twist itself put out of action (a coma, a disappearance): shown as it happens, in its payoff scene. */
function silencedByTwist(story: StoryInput): Set<string> {
  const out = new Set<string>();
  for (const c of story.twist?.changes ?? []) {
    if (c.type === 'condition' && SILENT_CONDITIONS.includes(c.condition)) out.add(c.name);
  }
  return out;
}

/** The index of the scene that pays the twist off: the first of the first scenes with its actor on screen. */
function payoffSceneOf(story: StoryInput, script: Script): number {
  const actor = story.twist?.op.actor;
  if (!actor) return -1;
  const i = script.scenes.slice(0, PAYOFF_SCENES).findIndex((s) => s.characters.some((c) => c.name === actor));
  return i >= 0 ? i : 0;
}

/** The problems as one reason, for a repair prompt or a failed step. */
export function describeProblems(problems: readonly string[], max = 8): string {
  const shown = problems.slice(0, max).join('; ');
  return problems.length > max ? `${shown}; and ${problems.length - max} more` : shown;
}
