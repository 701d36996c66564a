import { SILENT_CONDITIONS, type ArcBeat, type Change, type Condition, type Fact, type Feeling, type Genre, type TwistOp } from './model.js';
import { capitalise, clause, escapeRegExp, truncate } from '../text.js';
import { kindOf } from './species.js';
import type { World } from './world.js';
import type { StoryLanguage } from './language.js';

/**
 * Twists as operations on the story: each kind says when it can happen (its preconditions over
 * the state) and what it changes (its effects). A ballot offers only twists whose preconditions
 * hold; the winner's effects are applied before the next episode is written, by core, whichever
 * writer writes it. Kinds are shared by every genre; each genre offers its own on the writers'
 * ballots (a case gets clues and alibis, a rivalry sabotage and alliances).
 */

export type Family = 'secret' | 'conflict' | 'bond' | 'danger' | 'case' | 'contest' | 'heart' | 'family' | 'farce';
export type ObjectKind = 'prop' | 'secret' | 'deed' | 'third' | 'will';

export interface TwistRule {
  kind: string;
  /** Options of one ballot come from different families. */
  family: Family;
  /** Genres whose writer ballots offer it ('all': every genre). */
  genres: readonly Genre[] | 'all';
  /** Arc beats in which writer ballots offer it (all when absent); community twists may win any time. */
  beats?: readonly ArcBeat[];
  target: 'cast' | 'none';
  object?: ObjectKind;
  /** A may be unconscious or gone when it happens (waking up). */
  silentActor?: boolean;
  /** Why the twist cannot happen now; null when it can. */
  check(w: World, op: TwistOp): string | null;
  effects(w: World, op: TwistOp): Change[];
}

// ---- small builders for effects ------------------------------------------------------------

const fact = (kind: string, op: TwistOp, text: string, known: string[] | 'all', object: string | null = op.object): Change => ({
  type: 'fact',
  kind,
  actor: op.actor,
  target: op.target,
  object: object ? object.slice(0, 60) : null,
  text: truncate(text, 240),
  known: known === 'all' ? [] : [...new Set(known)],
  public: known === 'all',
});
const rel = (from: string, to: string, trust: number, feeling: Feeling | null = null): Change => ({
  type: 'relation',
  from,
  to,
  trust,
  feeling,
});
const clue = (w: World, text: string): Change[] => {
  const c = w.central();
  return c ? [{ type: 'clue', thread: c.id, clue: truncate(text, 200) }] : [];
};
/** Opens a thread unless one about the same people with the same question is open. */
const open = (w: World, question: string, about: string[]): Change[] => (w.openThreads().some((t) => t.question === question) ? [] : [{ type: 'open', question, about }]);
const closeAbout = (w: World, names: string[], match: RegExp, answer: string): Change[] => {
  const t = w.openThreads().find((th) => !th.central && names.every((n) => th.about.includes(n)) && match.test(th.question));
  return t ? [{ type: 'close', thread: t.id, answer }] : [];
};
/**
 * Late in the season, a twist that answers the central question closes it (a proposal answers
 * "will they end up together?", a recovery "will she pull through?"); earlier it only moves it.
 */
const answerLate = (w: World, match: RegExp, answer: string): Change[] => {
  const c = w.central();
  if (!c || !match.test(c.question) || !w.late()) return [];
  return [{ type: 'close', thread: c.id, answer }];
};
const cond = (name: string, condition: Condition): Change => ({ type: 'condition', name, condition });
const move = (name: string, place: string): Change => ({ type: 'move', name, place });

function both(w: World, op: TwistOp): string | null {
  if (!op.target || !w.isCast(op.target)) return 'it needs a second character from the cast';
  if (op.target === op.actor) return 'it needs two different characters';
  if (!w.awake(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
  if (!w.awake(op.target)) return `${op.target} is ${w.condition(op.target)}`;
  return null;
}

/** The target's own secret a twist is about, or why there is none. */
function targetsSecret(w: World, op: TwistOp): Fact | string {
  const f = secretFact(w, op);
  if (!f) return 'there is no such secret yet';
  return f.actor === op.target ? f : `that secret is not ${op.target}'s`;
}

/** Two of the cast are the same kind of animal (siblings, look-alikes). */
function sameKind(w: World, a: string, b: string | null): boolean {
  return !!b && kindOf(w.species(a)).id === kindOf(w.species(b)).id;
}

/** Facts about other facts (a secret told, overheard, confessed): their words come from the fact they tell. */
const TELLING = new Set(['revealed', 'confessed', 'confronted', 'overheard', 'exposed']);

/** The secret a twist is about (never a telling of one: the secret itself). */
function secretFact(w: World, op: TwistOp): Fact | undefined {
  const f = w.fact(op.object);
  return f && !f.public && !TELLING.has(f.kind) ? f : undefined;
}

const event = (w: World) => w.bible.incident?.event ?? say(w, { en: 'what happened', zh: '那件事' });
/** Lower-cases a sentence's first word to continue a sentence, unless it is a name. */
const lowerFirst = (text: string) => (/^(The|A|An|Everyone|Nobody|Someone|It|This|That|There)\b/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);
const isProp = (w: World, object: string | null) => !!object && w.bible.props.includes(object);

/** A rule's words in the story's language: every text a rule leaves in the state is given in each (./language.ts). */
const say = (w: World, text: Record<StoryLanguage, string>) => text[w.bible.language ?? 'en'];
/** A sentence without its final stop, to go inside another (either script's stops). */
const bare = (text: string) => text.replace(/[.!?…。！？]+$/, '');
/** Conditions as Chinese says someone was in them. */
const CONDITION_ZH: Record<string, string> = { missing: '下落不明', arrested: '身陷囹圄', hurt: '受了伤', 'in hospital': '住院', unconscious: '昏迷不醒', dead: '死去', fine: '安然无恙' };
/** "Will Pip and Coco end up together?" (or its Chinese), by either order of the two. */
const togetherRe = (a: string, b: string) => {
  const [x, y] = [escapeRegExp(a), escapeRegExp(b)];
  return new RegExp(`(${x} and ${y}|${y} and ${x}) end up together|(${x}和${y}|${y}和${x})最终会走到一起`);
};

// ---- the kinds -------------------------------------------------------------------------------

export const RULES: readonly TwistRule[] = [
  // Universal
  {
    kind: 'reveal',
    family: 'secret',
    genres: 'all',
    target: 'cast',
    object: 'secret',
    check(w, op) {
      const f = secretFact(w, op);
      if (!f) return 'there is no such secret yet';
      if (!f.known.includes(op.actor)) return `${op.actor} does not know that secret`;
      if (f.known.includes(op.target ?? '')) return `${op.target} already knows it`;
      if (f.actor === op.target) return 'that secret is their own';
      return both(w, op);
    },
    effects(w, op) {
      const f = secretFact(w, op)!;
      const wronged = f.target === op.target || f.actor !== op.actor;
      return [
        { type: 'reveal', fact: f.id, to: [op.target!] },
        fact('revealed', op, say(w, { en: `${op.actor} told ${op.target} that ${lowerFirst(clause(f.text))}.`, zh: `${op.actor}告诉了${op.target}：${bare(f.text)}。` }), [op.actor, op.target!]),
        ...(f.actor && f.actor !== op.actor && f.actor !== op.target && wronged ? [rel(op.target!, f.actor, -2, 'grudge')] : []),
        rel(op.target!, op.actor, 1),
        ...clue(w, say(w, { en: `${op.actor} told ${op.target}: ${lowerFirst(clause(f.text))}`, zh: `${op.actor}告诉${op.target}：${bare(f.text)}` })),
      ];
    },
  },
  {
    kind: 'confess',
    family: 'secret',
    genres: 'all',
    target: 'cast',
    object: 'secret',
    check(w, op) {
      const f = secretFact(w, op);
      if (!f) return 'there is no such secret yet';
      if (f.actor !== op.actor) return `${op.actor} can only confess what ${op.actor} did`;
      if (f.known.includes(op.target ?? '')) return `${op.target} already knows it`;
      return both(w, op);
    },
    effects(w, op) {
      const f = secretFact(w, op)!;
      const answers = w.state.culprit === op.actor && f.kind === 'culprit';
      const c = w.central();
      return [
        { type: 'reveal', fact: f.id, to: [op.target!] },
        fact('confessed', op, say(w, { en: `${op.actor} confessed to ${op.target}: ${lowerFirst(clause(f.text))}.`, zh: `${op.actor}向${op.target}坦白：${bare(f.text)}。` }), [op.actor, op.target!]),
        rel(op.target!, op.actor, -1),
        ...(answers && c
          ? [{ type: 'close' as const, thread: c.id, answer: say(w, { en: `${op.actor} confessed: ${lowerFirst(clause(f.text))}.`, zh: `${op.actor}亲口承认：${bare(f.text)}。` }) }]
          : clue(w, say(w, { en: `${op.actor} confessed: ${lowerFirst(clause(f.text))}`, zh: `${op.actor}坦白了：${bare(f.text)}` }))),
      ];
    },
  },
  {
    kind: 'confront',
    family: 'conflict',
    genres: 'all',
    target: 'cast',
    object: 'deed',
    check(w, op) {
      const f = w.fact(op.object);
      if (!f) return 'there is nothing to confront them with yet';
      if (f.actor !== op.target) return `that is not something ${op.target} did`;
      if (!w.knows(op.actor, f)) return `${op.actor} does not know about it`;
      if (w.did('confronted', op.actor, op.target)) return `${op.actor} already confronted ${op.target}`;
      return both(w, op);
    },
    effects(w, op) {
      const f = w.fact(op.object)!;
      return [
        fact('confronted', op, say(w, { en: `${op.actor} confronted ${op.target} about it: ${lowerFirst(clause(f.text))}.`, zh: `${op.actor}当面质问${op.target}：${bare(f.text)}。` }), 'all', f.id),
        ...(f.public ? [] : [{ type: 'reveal' as const, fact: f.id, to: [op.actor, op.target!] }]),
        rel(op.actor, op.target!, -1, 'grudge'),
        rel(op.target!, op.actor, -1),
        ...clue(w, say(w, { en: `${op.actor} confronted ${op.target}: ${lowerFirst(clause(f.text))}`, zh: `${op.actor}质问${op.target}：${bare(f.text)}` })),
      ];
    },
  },
  {
    kind: 'eavesdrop',
    family: 'secret',
    genres: 'all',
    target: 'cast',
    object: 'secret',
    check(w, op) {
      const f = targetsSecret(w, op);
      if (typeof f === 'string') return f;
      if (f.known.includes(op.actor)) return `${op.actor} already knows it`;
      return both(w, op);
    },
    effects(w, op) {
      const f = secretFact(w, op)!;
      return [
        { type: 'reveal', fact: f.id, to: [op.actor] },
        fact('overheard', op, say(w, { en: `${op.actor} overheard ${op.target}'s secret: ${lowerFirst(clause(f.text))}.`, zh: `${op.actor}偷听到了${op.target}的秘密：${bare(f.text)}。` }), [
          op.actor,
        ]),
        rel(op.actor, op.target!, -2),
        ...clue(w, say(w, { en: `${op.actor} overheard that ${lowerFirst(clause(f.text))}`, zh: `${op.actor}偷听到：${bare(f.text)}` })),
      ];
    },
  },
  {
    kind: 'betray',
    family: 'conflict',
    genres: 'all',
    target: 'cast',
    object: 'prop',
    check(w, op) {
      if (w.trust(op.target ?? '', op.actor) < 1) return `${op.target} does not trust ${op.actor} enough to be betrayed`;
      if (w.did('betrayed', op.actor, op.target)) return `${op.actor} already betrayed ${op.target}`;
      if (!isProp(w, op.object)) return 'it needs something of the story to hand over';
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('betrayed', op, say(w, { en: `${op.actor} betrayed ${op.target} and handed over ${op.object}.`, zh: `${op.actor}背叛了${op.target}，把${op.object}交了出去。` }), [op.actor]),
        rel(op.actor, op.target!, -1, 'rivalry'),
        ...open(w, say(w, { en: `Will ${op.target} find out what ${op.actor} did?`, zh: `${op.target}会发现${op.actor}做了什么吗？` }), [op.target!, op.actor]),
      ];
    },
  },
  {
    kind: 'rescue',
    family: 'danger',
    genres: 'all',
    target: 'cast',
    check(w, op) {
      if (!op.target || !w.isCast(op.target) || op.target === op.actor) return 'it needs someone else to rescue';
      // Missing or locked up: an illness is not rescued from (it is recovered from).
      if (!['missing', 'arrested'].includes(w.condition(op.target))) return `${op.target} is not in danger`;
      if (!w.free(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
      return null;
    },
    effects(w, op) {
      const was = w.condition(op.target!);
      return [
        cond(op.target!, 'fine'),
        { type: 'move', name: op.target!, place: w.place(op.actor) },
        fact('rescued', op, say(w, { en: `${op.actor} rescued ${op.target}, who had been ${was}.`, zh: `${op.actor}救出了之前${CONDITION_ZH[was] ?? was}的${op.target}。` }), 'all'),
        rel(op.target!, op.actor, 2, 'loyal'),
        ...closeAbout(w, [op.target!], /where|missing|free|innocen|gone|去了哪|下落|清白/i, say(w, { en: `${op.actor} brought ${op.target} back.`, zh: `${op.actor}把${op.target}带了回来。` })),
        ...clue(w, say(w, { en: `${op.target} is back, thanks to ${op.actor}`, zh: `${op.target}回来了，多亏了${op.actor}` })),
      ];
    },
  },
  {
    kind: 'ally',
    family: 'bond',
    genres: 'all',
    target: 'cast',
    check(w, op) {
      if (w.feeling(op.actor, op.target ?? '') === 'loyal' && w.feeling(op.target ?? '', op.actor) === 'loyal') return 'they are already allies';
      if (w.trust(op.actor, op.target ?? '') < 0 || w.trust(op.target ?? '', op.actor) < 0) return 'they do not trust each other';
      if (!w.central()) return 'there is no open question to work on together';
      return both(w, op);
    },
    effects(w, op) {
      return [
        rel(op.actor, op.target!, 1, 'loyal'),
        rel(op.target!, op.actor, 1, 'loyal'),
        fact('allied', op, say(w, { en: `${op.actor} and ${op.target} joined forces.`, zh: `${op.actor}和${op.target}联手了。` }), 'all'),
        ...clue(w, say(w, { en: `${op.actor} and ${op.target} are working on it together`, zh: `${op.actor}和${op.target}正联手追查` })),
      ];
    },
  },
  // A case (only where the premise has an event still unexplained)
  {
    kind: 'clue',
    family: 'case',
    genres: ['mystery', 'revenge', 'family', 'comedy', 'medical', 'rivalry', 'romance'],
    beats: ['setup', 'complications', 'midpoint', 'crisis'],
    target: 'cast',
    object: 'prop',
    check(w, op) {
      if (!w.caseOpen()) return 'there is no open case';
      if (!isProp(w, op.object)) return 'it needs a prop of the story';
      if (w.central()!.clues.some((c) => c.includes(op.object!))) return `${op.object} was already found`;
      if (!w.free(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
      if (!op.target || op.target === op.actor || !w.awake(op.target)) return 'a clue points at someone else, who is here to answer for it';
      return null;
    },
    effects(w, op) {
      return [
        fact('clue', op, say(w, { en: `${op.actor} found ${op.object}, and it points at ${op.target}.`, zh: `${op.actor}找到了${op.object}，线索直指${op.target}。` }), [op.actor]),
        rel(op.actor, op.target!, -1),
        ...clue(w, say(w, { en: `${op.object} points at ${op.target}`, zh: `${op.object}指向了${op.target}` })),
      ];
    },
  },
  {
    kind: 'accuse',
    family: 'conflict',
    genres: ['mystery', 'revenge', 'family', 'comedy'],
    target: 'cast',
    check(w, op) {
      if (!w.caseOpen()) return 'there is no open case';
      if (w.did('accused', op.actor, op.target)) return `${op.actor} already accused ${op.target}`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('accused', op, say(w, { en: `${op.actor} accused ${op.target} of ${event(w)} in front of everyone.`, zh: `${op.actor}当着所有人的面，指控${op.target}就是${event(w)}的元凶。` }), 'all'),
        rel(op.target!, op.actor, -2, 'grudge'),
        ...clue(w, say(w, { en: `${op.actor} accused ${op.target} in public`, zh: `${op.actor}当众指控了${op.target}` })),
      ];
    },
  },
  {
    kind: 'alibi',
    family: 'case',
    genres: ['mystery', 'revenge'],
    beats: ['complications', 'midpoint', 'crisis'],
    target: 'cast',
    check(w, op) {
      if (!w.caseOpen()) return 'there is no open case';
      if (w.did('alibi', undefined, op.target)) return `${op.target}'s alibi already fell apart`;
      if (!op.target || op.target === op.actor || !w.awake(op.target)) return 'it needs someone else, here to answer for it';
      if (!w.awake(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
      return null;
    },
    effects(w, op) {
      return [
        fact(
          'alibi',
          op,
          say(w, { en: `${op.actor} proved that ${op.target} was not where ${op.target} claimed during ${event(w)}.`, zh: `${op.actor}证明了${op.target}在${event(w)}那晚根本不在自己说的地方。` }),
          'all',
        ),
        rel(op.actor, op.target!, -1),
        ...clue(w, say(w, { en: `${op.target}'s alibi is a lie`, zh: `${op.target}的不在场证明是假的` })),
      ];
    },
  },
  {
    kind: 'frame',
    family: 'conflict',
    genres: ['mystery', 'revenge', 'rivalry', 'family'],
    beats: ['setup', 'complications', 'midpoint', 'crisis'],
    target: 'cast',
    object: 'prop',
    check(w, op) {
      if (!w.caseOpen()) return 'there is no open case to frame anyone for';
      if (!isProp(w, op.object)) return 'it needs a prop to plant';
      if (w.did('framed', op.actor, op.target)) return `${op.actor} already framed ${op.target}`;
      if (w.condition(op.target ?? '') === 'arrested') return `${op.target} is already locked up`;
      if (!w.free(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
      if (!op.target || op.target === op.actor || !w.awake(op.target)) return 'it needs someone else to frame, here to take the blame';
      return null;
    },
    effects(w, op) {
      return [
        fact(
          'framed',
          op,
          say(w, { en: `${op.actor} planted ${op.object} so that ${op.target} would be blamed for ${event(w)}.`, zh: `${op.actor}偷偷放下了${op.object}，好让${op.target}替${event(w)}背锅。` }),
          [op.actor],
        ),
        fact(
          'suspected',
          { ...op, actor: op.target!, target: null },
          say(w, { en: `Everyone now suspects ${op.target} of ${event(w)}.`, zh: `现在所有人都怀疑${op.target}和${event(w)}脱不了干系。` }),
          'all',
        ),
        ...clue(w, say(w, { en: `${op.object} was found, pointing at ${op.target}`, zh: `${op.object}被找到了，矛头指向${op.target}` })),
      ];
    },
  },
  {
    kind: 'witness',
    family: 'case',
    genres: ['mystery', 'revenge', 'comedy'],
    beats: ['setup', 'complications', 'midpoint', 'crisis'],
    target: 'cast',
    check(w, op) {
      if (!w.caseOpen()) return 'there is no open case';
      if (w.did('witnessed', op.actor, op.target)) return `${op.actor} already told what they saw`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('witnessed', op, say(w, { en: `${op.actor} saw ${op.target} sneaking away right after ${event(w)}.`, zh: `${op.actor}看见${event(w)}刚一发生，${op.target}就偷偷溜走了。` }), 'all'),
        rel(op.actor, op.target!, -1),
        ...clue(w, say(w, { en: `${op.actor} saw ${op.target} sneaking away`, zh: `${op.actor}看见${op.target}偷偷溜走` })),
      ];
    },
  },
  {
    kind: 'unmask',
    family: 'case',
    genres: ['mystery', 'revenge', 'family', 'comedy', 'medical', 'rivalry', 'romance'],
    beats: ['crisis', 'answer'],
    target: 'cast',
    check(w, op) {
      if (!w.caseOpen()) return 'there is no open case';
      if (op.target !== w.state.culprit) return `${op.target ?? 'nobody'} is not the one who did it`;
      if (w.central()!.clues.length < 3) return 'there are not enough clues yet';
      if (op.target === op.actor) return 'it needs someone to expose them';
      if (!w.awake(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
      return null;
    },
    effects(w, op) {
      const truth = w.facts((f) => f.kind === 'culprit' && !f.public);
      const crime = /poison|theft|robbery|kidnap|death|attack|sabotage|fire|forgery|毒|失窃|偷|盗|抢|绑|命案|袭击|破坏|火|伪造/.test(event(w));
      return [
        ...truth.map((f): Change => ({ type: 'reveal', fact: f.id, to: w.names })),
        fact('unmasked', op, say(w, { en: `${op.actor} proved that ${op.target} was behind ${event(w)}.`, zh: `${op.actor}证明了${event(w)}的幕后黑手就是${op.target}。` }), 'all'),
        ...(crime && w.isCast(op.target) && w.awake(op.target!) ? [cond(op.target!, 'arrested'), move(op.target!, w.cellPlace())] : []),
        { type: 'close', thread: w.central()!.id, answer: say(w, { en: `${op.target} did it, and ${op.actor} proved it.`, zh: `真凶是${op.target}，是${op.actor}揭穿了这一切。` }) },
      ];
    },
  },
  {
    kind: 'vanish',
    family: 'danger',
    genres: ['mystery', 'revenge', 'family', 'romance', 'medical'],
    beats: ['complications', 'midpoint', 'crisis'],
    target: 'cast',
    object: 'prop',
    check(w, op) {
      if (w.condition(op.actor) !== 'fine') return `${op.actor} is ${w.condition(op.actor)}`;
      if (w.did('vanished', op.actor)) return `${op.actor} already vanished once`;
      if (w.timesPaid('vanish') >= 2) return 'two disappearances are enough for one season';
      if (w.role(op.actor) === 'protagonist') return 'the story follows the protagonist';
      if (!isProp(w, op.object)) return 'it needs something left behind';
      if (!op.target || op.target === op.actor || !w.awake(op.target)) return 'someone must find them gone';
      return null;
    },
    effects(w, op) {
      return [
        cond(op.actor, 'missing'),
        fact(
          'vanished',
          op,
          say(w, { en: `${op.actor} vanished, leaving only ${op.object} behind for ${op.target} to find.`, zh: `${op.actor}消失了，只留下${op.object}等着${op.target}去发现。` }),
          'all',
        ),
        ...open(w, say(w, { en: `Where did ${op.actor} go?`, zh: `${op.actor}到底去了哪里？` }), [op.actor, op.target!]),
      ];
    },
  },
  // Rivalry
  {
    kind: 'sabotage',
    family: 'contest',
    genres: ['rivalry', 'revenge', 'comedy', 'family'],
    target: 'cast',
    object: 'prop',
    check(w, op) {
      if (w.trust(op.actor, op.target ?? '') > 0 && w.feeling(op.actor, op.target ?? '') !== 'rivalry') return `${op.actor} has no reason to hurt ${op.target}`;
      if (!isProp(w, op.object)) return 'it needs something to ruin';
      if (w.did('sabotaged', op.actor, op.target)) return `${op.actor} already sabotaged ${op.target}`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('sabotaged', op, say(w, { en: `${op.actor} secretly ruined ${op.target}'s ${op.object!.replace(/^(the|a|an)\s/, '')}.`, zh: `${op.actor}偷偷毁掉了${op.target}的${op.object}。` }), [
          op.actor,
        ]),
        rel(op.actor, op.target!, -1, 'rivalry'),
        ...open(w, say(w, { en: `Will ${op.target} find out who ruined it?`, zh: `${op.target}会发现是谁毁了它吗？` }), [op.target!, op.actor]),
        ...clue(w, say(w, { en: `${op.target}'s ${op.object!.replace(/^(the|a|an)\s/, '')} was ruined`, zh: `${op.target}的${op.object}被毁了` })),
      ];
    },
  },
  {
    kind: 'humiliate',
    family: 'conflict',
    genres: ['rivalry', 'revenge', 'comedy', 'family', 'romance'],
    target: 'cast',
    check(w, op) {
      if (w.trust(op.actor, op.target ?? '') > 0 && !['rivalry', 'grudge'].includes(w.feeling(op.actor, op.target ?? ''))) return `${op.actor} has no reason to shame ${op.target}`;
      if (w.did('humiliated', op.actor, op.target)) return `${op.actor} already humiliated ${op.target}`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('humiliated', op, say(w, { en: `${op.actor} humiliated ${op.target} in front of everyone.`, zh: `${op.actor}当着所有人的面，狠狠打了${op.target}的脸。` }), 'all'),
        rel(op.target!, op.actor, -2, 'grudge'),
        ...clue(w, say(w, { en: `${op.actor} shamed ${op.target} in public`, zh: `${op.actor}当众让${op.target}下不来台` })),
      ];
    },
  },
  {
    kind: 'steal_credit',
    family: 'contest',
    genres: ['rivalry', 'comedy'],
    target: 'cast',
    object: 'prop',
    check(w, op) {
      if (!isProp(w, op.object)) return 'it needs a piece of work to steal';
      if (w.did('stole credit', op.actor)) return `${op.actor} already did that`;
      if (w.trust(op.actor, op.target ?? '') > 1) return `${op.actor} likes ${op.target} too much`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact(
          'stole credit',
          op,
          say(w, { en: `${op.actor} passed off ${op.target}'s ${op.object!.replace(/^(the|a|an)\s/, '')} as ${op.actor}'s own.`, zh: `${op.actor}把${op.target}的${op.object}说成是自己的。` }),
          [op.actor, op.target!],
        ),
        rel(op.target!, op.actor, -2, 'grudge'),
        ...clue(w, say(w, { en: `${op.actor} took the credit that was ${op.target}'s`, zh: `${op.actor}抢走了本该属于${op.target}的功劳` })),
      ];
    },
  },
  {
    kind: 'truce',
    family: 'bond',
    genres: ['rivalry', 'revenge', 'family', 'comedy'],
    target: 'cast',
    check(w, op) {
      const a = w.feeling(op.actor, op.target ?? '');
      const b = w.feeling(op.target ?? '', op.actor);
      if (!['rivalry', 'grudge'].includes(a) && !['rivalry', 'grudge'].includes(b) && w.trust(op.actor, op.target ?? '') > -1) return 'they are not at war';
      if (w.did('truce', op.actor, op.target)) return 'they already made peace once';
      return both(w, op);
    },
    effects(w, op) {
      return [
        rel(op.actor, op.target!, 2, 'neutral'),
        rel(op.target!, op.actor, 2, 'neutral'),
        fact('truce', op, say(w, { en: `${op.actor} and ${op.target} called a truce.`, zh: `${op.actor}和${op.target}暂时休战了。` }), 'all'),
        ...clue(w, say(w, { en: `${op.actor} and ${op.target} stopped fighting, for now`, zh: `${op.actor}和${op.target}暂时不斗了` })),
      ];
    },
  },
  // Medical
  {
    kind: 'collapse',
    family: 'danger',
    genres: ['medical', 'romance', 'family', 'revenge', 'rivalry'],
    target: 'cast',
    check(w, op) {
      if (w.condition(op.actor) !== 'fine') return `${op.actor} is already ${w.condition(op.actor)}`;
      if (w.did('collapsed', op.actor)) return `${op.actor} already collapsed once`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        cond(op.actor, 'in hospital'),
        move(op.actor, w.carePlace()),
        fact('collapsed', op, say(w, { en: `${op.actor} collapsed in front of ${op.target} and was rushed into care.`, zh: `${op.actor}在${op.target}面前轰然倒下，被紧急送去抢救。` }), 'all'),
        ...open(w, say(w, { en: `Will ${op.actor} pull through?`, zh: `${op.actor}能挺过这一关吗？` }), [op.actor]),
      ];
    },
  },
  {
    kind: 'coma',
    family: 'danger',
    genres: ['medical'],
    beats: ['midpoint', 'crisis'],
    target: 'cast',
    check(w, op) {
      if (!['in hospital', 'hurt'].includes(w.condition(op.actor))) return `${op.actor} is not in hospital`;
      if (w.has('coma', op.actor)) return `${op.actor} has already been in a coma`;
      if (w.timesPaid('coma') >= 1) return 'one coma is enough for a season';
      if (!op.target || op.target === op.actor || !w.awake(op.target)) return 'someone must be at the bedside';
      return null;
    },
    effects(w, op) {
      return [
        cond(op.actor, 'unconscious'),
        fact('coma', op, say(w, { en: `${op.actor} slipped into a coma while ${op.target} watched.`, zh: `${op.actor}陷入了昏迷，${op.target}眼睁睁看着。` }), 'all'),
        ...open(w, say(w, { en: `Will ${op.actor} wake up?`, zh: `${op.actor}还会醒过来吗？` }), [op.actor]),
      ];
    },
  },
  {
    kind: 'wake',
    family: 'danger',
    genres: 'all',
    target: 'cast',
    silentActor: true,
    check(w, op) {
      if (w.condition(op.actor) !== 'unconscious') return `${op.actor} is not unconscious`;
      if (!op.target || op.target === op.actor || !w.awake(op.target)) return 'someone must be there';
      return null;
    },
    effects(w, op) {
      return [
        cond(op.actor, 'in hospital'),
        fact('woke', op, say(w, { en: `${op.actor} woke up, and the first face ${op.actor} saw was ${op.target}'s.`, zh: `${op.actor}醒了过来，睁眼看到的第一张脸是${op.target}。` }), 'all'),
        rel(op.actor, op.target!, 1),
        ...closeAbout(w, [op.actor], /wake|醒/i, say(w, { en: `${op.actor} woke up.`, zh: `${op.actor}醒过来了。` })),
      ];
    },
  },
  {
    kind: 'hide_diagnosis',
    family: 'secret',
    genres: ['medical', 'family'],
    target: 'cast',
    check(w, op) {
      if (!['in hospital', 'hurt'].includes(w.condition(op.target ?? ''))) return `${op.target} is not ill`;
      if (w.did('hid diagnosis', undefined, op.target)) return `${op.target}'s results were already hidden`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('hid diagnosis', op, say(w, { en: `${op.actor} hid ${op.target}'s test results from ${op.target}.`, zh: `${op.actor}瞒着${op.target}，藏起了${op.target}的检查报告。` }), [op.actor]),
        ...open(w, say(w, { en: `Will ${op.target} learn the truth about the test results?`, zh: `${op.target}会知道检查报告的真相吗？` }), [op.target!, op.actor]),
      ];
    },
  },
  {
    kind: 'donor',
    family: 'bond',
    genres: ['medical', 'family', 'romance'],
    target: 'cast',
    check(w, op) {
      if (!['in hospital', 'unconscious'].includes(w.condition(op.target ?? ''))) return `${op.target} does not need saving`;
      if (w.did('donor', op.actor, op.target)) return 'that gift was already given';
      if (!w.free(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
      return null;
    },
    effects(w, op) {
      return [
        fact('donor', op, say(w, { en: `${op.actor} offered to give ${op.target} what ${op.target} needs to survive.`, zh: `${op.actor}决定把${op.target}活下去需要的东西给${op.target}。` }), 'all'),
        rel(op.target!, op.actor, 2, 'loyal'),
        cond(op.actor, 'in hospital'),
        move(op.actor, w.carePlace()),
        ...clue(w, say(w, { en: `${op.actor} risked everything for ${op.target}`, zh: `${op.actor}为了${op.target}豁出了一切` })),
      ];
    },
  },
  {
    kind: 'recover',
    family: 'danger',
    genres: 'all',
    target: 'cast',
    check(w, op) {
      if (!['in hospital', 'hurt'].includes(w.condition(op.actor))) return `${op.actor} is not ill`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        cond(op.actor, 'fine'),
        fact('recovered', op, say(w, { en: `${op.actor} recovered, with ${op.target} at ${op.actor}'s side.`, zh: `${op.actor}康复了，${op.target}一直守在身边。` }), 'all'),
        ...closeAbout(w, [op.actor], /pull through|wake|survive|挺过|醒|活下/i, say(w, { en: `${op.actor} pulled through.`, zh: `${op.actor}挺过来了。` })),
        ...answerLate(
          w,
          new RegExp(`${escapeRegExp(op.actor)} pull through|${escapeRegExp(op.actor)}能挺过`),
          say(w, { en: `${op.actor} pulled through, and ${op.target} was there.`, zh: `${op.actor}挺过来了，${op.target}一直都在。` }),
        ),
      ];
    },
  },
  // Romance
  {
    kind: 'confess_love',
    family: 'heart',
    genres: ['romance', 'rivalry', 'medical', 'family', 'comedy', 'revenge', 'mystery'],
    target: 'cast',
    check(w, op) {
      if (w.did('confessed love', op.actor, op.target)) return `${op.actor} already said it`;
      if (w.trust(op.actor, op.target ?? '') < 0) return `${op.actor} does not love ${op.target}`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        rel(op.actor, op.target!, 1, 'love'),
        fact('confessed love', op, say(w, { en: `${op.actor} confessed their love to ${op.target}.`, zh: `${op.actor}向${op.target}表白了。` }), 'all'),
        ...open(w, say(w, { en: `Will ${op.target} love ${op.actor} back?`, zh: `${op.target}会回应${op.actor}的爱吗？` }), [op.actor, op.target!]),
      ];
    },
  },
  {
    kind: 'kiss',
    family: 'heart',
    genres: ['romance', 'comedy', 'rivalry'],
    target: 'cast',
    check(w, op) {
      if (w.feeling(op.actor, op.target ?? '') !== 'love' && w.trust(op.actor, op.target ?? '') < 2) return `${op.actor} is not in love with ${op.target}`;
      if (w.did('kissed', op.actor, op.target)) return 'they already kissed';
      return both(w, op);
    },
    effects(w, op) {
      return [
        rel(op.target!, op.actor, 1, 'love'),
        rel(op.actor, op.target!, 1, 'love'),
        fact('kissed', op, say(w, { en: `${op.actor} kissed ${op.target}.`, zh: `${op.actor}吻了${op.target}。` }), [op.actor, op.target!]),
        ...closeAbout(w, [op.actor, op.target!], /love .* back|回应/i, say(w, { en: `${op.target} kissed ${op.actor} back.`, zh: `${op.target}也吻了${op.actor}。` })),
        ...answerLate(w, togetherRe(op.actor, op.target!), say(w, { en: `Yes: ${op.actor} and ${op.target} chose each other.`, zh: `是的：${op.actor}和${op.target}选择了彼此。` })),
      ];
    },
  },
  {
    kind: 'propose',
    family: 'heart',
    genres: ['romance', 'comedy', 'family'],
    beats: ['complications', 'midpoint', 'crisis', 'answer'],
    target: 'cast',
    object: 'prop',
    check(w, op) {
      if (w.feeling(op.actor, op.target ?? '') !== 'love' || w.feeling(op.target ?? '', op.actor) !== 'love') return 'they are not in love with each other';
      if (w.did('proposed', op.actor, op.target)) return `${op.actor} already proposed`;
      if (!isProp(w, op.object)) return 'it needs a ring or a keepsake';
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('proposed', op, say(w, { en: `${op.actor} proposed to ${op.target} with ${op.object}.`, zh: `${op.actor}拿着${op.object}向${op.target}求婚了。` }), 'all'),
        ...answerLate(w, togetherRe(op.actor, op.target!), say(w, { en: `${op.actor} asked ${op.target} to stay forever.`, zh: `${op.actor}请${op.target}永远留在自己身边。` })),
        ...open(w, say(w, { en: `Will ${op.target} say yes to ${op.actor}?`, zh: `${op.target}会答应${op.actor}吗？` }), [op.target!, op.actor]),
      ];
    },
  },
  {
    kind: 'reject',
    family: 'heart',
    genres: 'all',
    target: 'cast',
    check(w, op) {
      if (!w.has('proposed', op.target, op.actor)) return `${op.target} never proposed to ${op.actor}`;
      if (w.did('rejected', op.actor, op.target)) return 'that answer was already given';
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('rejected', op, say(w, { en: `${op.actor} said no to ${op.target}'s proposal in front of everyone.`, zh: `${op.actor}当着所有人的面拒绝了${op.target}的求婚。` }), 'all'),
        rel(op.target!, op.actor, -2, 'grudge'),
        rel(op.actor, op.target!, 0, 'neutral'),
        ...closeAbout(w, [op.actor, op.target!], /say yes|答应/i, say(w, { en: `${op.actor} said no.`, zh: `${op.actor}拒绝了。` })),
      ];
    },
  },
  {
    kind: 'breakup',
    family: 'heart',
    genres: ['romance', 'comedy', 'revenge', 'rivalry'],
    target: 'cast',
    check(w, op) {
      if (w.feeling(op.actor, op.target ?? '') !== 'love' || w.feeling(op.target ?? '', op.actor) !== 'love') return 'they are not together';
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('broke up', op, say(w, { en: `${op.actor} broke up with ${op.target}.`, zh: `${op.actor}和${op.target}分手了。` }), 'all'),
        ...answerLate(w, togetherRe(op.actor, op.target!), say(w, { en: `No: ${op.actor} let ${op.target} go.`, zh: `没有：${op.actor}放手让${op.target}走了。` })),
        rel(op.actor, op.target!, -1, 'neutral'),
        rel(op.target!, op.actor, -2, 'grudge'),
        ...open(w, say(w, { en: `Will ${op.actor} and ${op.target} find their way back?`, zh: `${op.actor}和${op.target}还能重归于好吗？` }), [op.actor, op.target!]),
      ];
    },
  },
  {
    kind: 'jealousy',
    family: 'heart',
    genres: ['romance', 'comedy', 'rivalry'],
    target: 'cast',
    object: 'third',
    check(w, op) {
      if (w.feeling(op.actor, op.target ?? '') !== 'love') return `${op.actor} is not in love with ${op.target}`;
      if (!w.isCast(op.object) || op.object === op.actor || op.object === op.target || !w.awake(op.object)) return 'it needs a third character';
      if (w.did('jealous', op.actor, op.target)) return `${op.actor} was jealous once already`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('jealous', op, say(w, { en: `${op.actor} caught ${op.target} with ${op.object} and jumped to conclusions.`, zh: `${op.actor}撞见${op.target}和${op.object}在一起，立刻想歪了。` }), [
          op.actor,
        ]),
        rel(op.actor, op.target!, -2),
        rel(op.actor, op.object!, -2, 'rivalry'),
        ...open(w, say(w, { en: `Is ${op.target} really with ${op.object}?`, zh: `${op.target}真的和${op.object}在一起了吗？` }), [op.actor, op.target!]),
      ];
    },
  },
  // Revenge
  {
    kind: 'revenge_plot',
    family: 'conflict',
    genres: ['revenge', 'rivalry', 'family', 'mystery', 'romance'],
    target: 'cast',
    check(w, op) {
      const wronged = w.facts((f) => f.actor === op.target && f.target === op.actor && w.knows(op.actor, f)).length > 0;
      if (!wronged && w.trust(op.actor, op.target ?? '') > -1 && w.feeling(op.actor, op.target ?? '') !== 'grudge') return `${op.target} has not wronged ${op.actor}`;
      if (w.did('swore revenge', op.actor, op.target)) return `${op.actor} already swore it`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('swore revenge', op, say(w, { en: `${op.actor} swore to make ${op.target} pay.`, zh: `${op.actor}发誓要让${op.target}付出代价。` }), [op.actor]),
        rel(op.actor, op.target!, -1, 'grudge'),
        ...open(w, say(w, { en: `Will ${op.actor} get revenge on ${op.target}?`, zh: `${op.actor}能向${op.target}复仇成功吗？` }), [op.actor, op.target!]),
      ];
    },
  },
  {
    kind: 'expose',
    family: 'secret',
    genres: 'all',
    target: 'cast',
    object: 'secret',
    check(w, op) {
      const f = targetsSecret(w, op);
      if (typeof f === 'string') return f;
      if (!f.known.includes(op.actor)) return `${op.actor} does not know it`;
      return both(w, op);
    },
    effects(w, op) {
      const f = secretFact(w, op)!;
      const answers = f.kind === 'culprit' && w.central();
      return [
        { type: 'reveal', fact: f.id, to: w.names },
        fact('exposed', op, say(w, { en: `${op.actor} exposed ${op.target} in front of everyone: ${lowerFirst(clause(f.text))}.`, zh: `${op.actor}当众揭穿了${op.target}：${bare(f.text)}。` }), 'all'),
        ...w.names.filter((n) => n !== op.target).map((n) => rel(n, op.target!, -1)),
        ...(answers
          ? [
              {
                type: 'close' as const,
                thread: w.central()!.id,
                answer: say(w, { en: `${op.actor} exposed the truth: ${lowerFirst(clause(f.text))}.`, zh: `${op.actor}揭开了真相：${bare(f.text)}。` }),
              },
            ]
          : clue(w, say(w, { en: `${op.actor} exposed ${op.target}`, zh: `${op.actor}揭穿了${op.target}` }))),
        ...(answers
          ? []
          : answerLate(
              w,
              new RegExp(`${escapeRegExp(op.actor)} make ${escapeRegExp(op.target!)} pay|${escapeRegExp(op.actor)}会让${escapeRegExp(op.target!)}付出代价`),
              say(w, { en: `${op.actor} made ${op.target} pay, in front of everyone.`, zh: `${op.actor}当众让${op.target}付出了代价。` }),
            )),
      ];
    },
  },
  {
    kind: 'forgive',
    family: 'bond',
    genres: 'all',
    target: 'cast',
    check(w, op) {
      if (w.feeling(op.actor, op.target ?? '') !== 'grudge' && w.trust(op.actor, op.target ?? '') > -1) return `${op.actor} has nothing to forgive`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        rel(op.actor, op.target!, 3, 'neutral'),
        fact('forgave', op, say(w, { en: `${op.actor} forgave ${op.target}.`, zh: `${op.actor}原谅了${op.target}。` }), 'all'),
        ...answerLate(
          w,
          new RegExp(`${escapeRegExp(op.actor)} make ${escapeRegExp(op.target!)} pay|forgive|${escapeRegExp(op.actor)}会让${escapeRegExp(op.target!)}付出代价|原谅`),
          say(w, { en: `${op.actor} chose to forgive ${op.target}.`, zh: `${op.actor}选择了原谅${op.target}。` }),
        ),
        ...closeAbout(
          w,
          [op.actor, op.target!],
          /revenge|find their way back|find out|复仇|重归于好|发现/i,
          say(w, { en: `${op.actor} forgave ${op.target}.`, zh: `${op.actor}原谅了${op.target}。` }),
        ),
      ];
    },
  },
  // Family
  {
    kind: 'will',
    family: 'family',
    genres: ['family', 'revenge', 'medical'],
    target: 'cast',
    object: 'will',
    check(w, op) {
      if (!op.object || !/will|testament|deed|inheritance|遗嘱|房契|地契|遗产/i.test(op.object) || !isProp(w, op.object)) return 'the story has no will';
      if (w.has('will', undefined, undefined)) return 'the will was already found';
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('will', op, say(w, { en: `${op.actor} found ${op.object}, and it names ${op.target} as the heir.`, zh: `${op.actor}找到了${op.object}，上面写的继承人竟是${op.target}。` }), 'all'),
        rel(op.actor, op.target!, -1, 'rivalry'),
        ...(w.late() && /inherit|继承/.test(w.central()?.question ?? '')
          ? answerLate(w, /inherit|继承/, say(w, { en: `${op.object} named ${op.target}.`, zh: `${op.object}上写的是${op.target}。` }))
          : clue(w, say(w, { en: `${op.object} names ${op.target}`, zh: `${op.object}上写着${op.target}的名字` }))),
      ];
    },
  },
  {
    kind: 'sibling',
    family: 'family',
    genres: ['family', 'medical', 'revenge', 'romance'],
    beats: ['midpoint', 'crisis'],
    target: 'cast',
    check(w, op) {
      if (w.timesPaid('sibling') >= 1 || w.has('sibling')) return 'one long-lost sibling is enough';
      if (w.feeling(op.actor, op.target ?? '') === 'love' || w.feeling(op.target ?? '', op.actor) === 'love') return 'they are in love';
      if (w.has('confessed love', op.actor, op.target) || w.has('confessed love', op.target, op.actor) || w.has('kissed', op.actor, op.target) || w.has('kissed', op.target, op.actor))
        return 'they have loved each other';
      if (!sameKind(w, op.actor, op.target)) return 'siblings are of one kind of animal';
      if (['love interest'].includes(w.role(op.actor) ?? '') || ['love interest'].includes(w.role(op.target ?? '') ?? '')) return 'the romance is the story';
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('sibling', op, say(w, { en: `${op.actor} discovered that ${op.target} is ${op.actor}'s long-lost sibling.`, zh: `${op.actor}发现${op.target}竟是自己失散多年的亲人。` }), [op.actor]),
        ...open(w, say(w, { en: `When will ${op.target} learn they are family?`, zh: `${op.target}什么时候才会知道他们是一家人？` }), [op.target!, op.actor]),
      ];
    },
  },
  // The end of a contest, or of any struggle between two: the season's question answered.
  {
    kind: 'win',
    family: 'contest',
    genres: ['rivalry', 'comedy', 'revenge', 'family'],
    beats: ['answer'],
    target: 'cast',
    check(w, op) {
      if (!w.central()) return 'there is no open question to win';
      if (w.bible.incident && w.state.culprit) return 'a case is answered by the truth, not by winning';
      if (!w.late()) return 'it is too early in the season to win';
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('won', op, say(w, { en: `${op.actor} won, and ${op.target} lost.`, zh: `${op.actor}赢了，${op.target}输了。` }), 'all'),
        rel(op.target!, op.actor, -1, 'rivalry'),
        { type: 'close', thread: w.central()!.id, answer: say(w, { en: `${op.actor} won, and ${op.target} lost.`, zh: `${op.actor}赢了，${op.target}输了。` }) },
      ];
    },
  },
  // Comedy
  {
    kind: 'mixup',
    family: 'farce',
    genres: ['comedy', 'romance'],
    target: 'cast',
    check(w, op) {
      if (w.did('mixup', op.actor)) return `${op.actor} was already mistaken once`;
      if (!sameKind(w, op.actor, op.target)) return `nobody would mistake ${op.actor} for ${op.target}`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('mixup', op, say(w, { en: `${op.actor} was mistaken for ${op.target} and played along.`, zh: `${op.actor}被错认成了${op.target}，干脆将错就错。` }), [op.actor]),
        ...open(w, say(w, { en: `How long can ${op.actor} keep pretending?`, zh: `${op.actor}还能装多久？` }), [op.actor, op.target!]),
      ];
    },
  },
  {
    kind: 'prank',
    family: 'farce',
    genres: ['comedy', 'rivalry'],
    target: 'cast',
    check(w, op) {
      if (w.trust(op.actor, op.target ?? '') > 2) return `${op.actor} would never`;
      if (w.did('pranked', op.actor, op.target)) return `${op.actor} already pranked ${op.target}`;
      return both(w, op);
    },
    effects(w, op) {
      return [
        fact('pranked', op, say(w, { en: `${op.actor} pranked ${op.target} in front of everyone, and it went too far.`, zh: `${op.actor}当众整了${op.target}一把，结果玩过了头。` }), 'all'),
        rel(op.target!, op.actor, -1, 'rivalry'),
        ...clue(w, say(w, { en: `${op.actor}'s prank on ${op.target} went too far`, zh: `${op.actor}对${op.target}的恶作剧玩过了头` })),
      ];
    },
  },
  // A community suggestion that fits no kind: paid off in its own words, and it becomes a fact.
  {
    kind: 'community',
    family: 'secret',
    genres: [],
    target: 'cast',
    check(w, op) {
      if (!op.words) return 'it needs the suggestion';
      if (!w.awake(op.actor)) return `${op.actor} is ${w.condition(op.actor)}`;
      if (op.target && !w.isCast(op.target)) return `${op.target} is not in the cast`;
      return null;
    },
    effects(w, op) {
      // Words that say who did the premise's event make it so: the case now points at them.
      const claim: Change[] = op.object === 'culprit' && w.caseOpen() ? [{ type: 'culprit', name: op.actor }] : [];
      return [
        ...claim,
        fact(
          'community',
          op,
          say(w, {
            en: `${capitalise(op.words!.replace(/[.!?…]+$/, ''))}.`,
            zh: `${bare(op.words!.replace(/^(?:其实|我觉得|我猜|要是|如果|万一|会不会|说不定|反转[:：]?)/u, '').replace(/[!！?？~～]+$/u, ''))}。`,
          }),
          'all',
          null,
        ),
        ...(op.target && op.target !== op.actor ? [rel(op.target, op.actor, -1)] : []),
        ...clue(w, op.words!.replace(/[.!?…]+$/, '').slice(0, 200)),
      ];
    },
  },
];

const WILL_PROP = /\b(will|deed|testament|inheritance)\b|遗嘱|房契|地契/i;

/** Facts that wrong someone: what a character can be confronted about. */
const MISDEEDS = new Set([
  'secret',
  'culprit',
  'betrayed',
  'framed',
  'sabotaged',
  'humiliated',
  'stole credit',
  'hid diagnosis',
  'pranked',
  'accused',
  'broke up',
  'rejected',
  'swore revenge',
  'community',
]);

export const RULE_BY_KIND: ReadonlyMap<string, TwistRule> = new Map(RULES.map((r) => [r.kind, r]));

/** Why a twist cannot happen now, or null when it can. */
export function checkTwist(w: World, op: TwistOp): string | null {
  return judge(w, op).why;
}

/** Why a twist cannot happen, or the changes it makes when it can (computed once for both uses). */
function judge(w: World, op: TwistOp): { why: string; effects?: undefined } | { why: null; effects: Change[] } {
  const rule = RULE_BY_KIND.get(op.kind);
  if (!rule) return { why: `“${op.kind}” is not a kind of twist` };
  if (!w.isCast(op.actor)) return { why: `${op.actor} is not in the cast` };
  if (rule.target === 'cast' && op.kind !== 'community' && !op.target) return { why: 'it needs a second character' };
  const why = rule.check(w, op);
  if (why) return { why };
  const effects = rule.effects(w, op);
  const stuck = keepsStoryMoving(w, effects);
  return stuck ? { why: stuck } : { why: null, effects };
}

/**
 * A story needs people who can act: a twist may not leave fewer than two characters awake, or
 * nobody free to go anywhere (everyone in a bed, a cell or gone).
 */
function keepsStoryMoving(w: World, changes: readonly Change[]): string | null {
  const after = new Map(w.names.map((n) => [n, w.condition(n)]));
  for (const c of changes) if (c.type === 'condition') after.set(c.name, c.condition);
  const awake = [...after.values()].filter((c) => !SILENT_CONDITIONS.includes(c)).length;
  const free = [...after.values()].filter((c) => c === 'fine' || c === 'hurt').length;
  const wasAwake = w.names.filter((n) => w.awake(n)).length;
  const wasFree = w.names.filter((n) => w.free(n)).length;
  if (awake < Math.min(2, w.names.length) && awake < wasAwake) return 'it would leave too few characters awake to go on';
  if (free < 1 && free < wasFree) return 'it would leave nobody free to act';
  return null;
}

/** The changes a twist makes; call only when checkTwist passed. */
export function twistEffects(w: World, op: TwistOp): Change[] {
  return RULE_BY_KIND.get(op.kind)!.effects(w, op);
}

/** The thread a twist moves (the one it adds a clue to or closes), or 'new' when it opens one. */
export function threadMoved(w: World, op: TwistOp): string | null {
  return threadOf(twistEffects(w, op));
}

function threadOf(effects: readonly Change[]): string | null {
  for (const c of effects) {
    if (c.type === 'clue' || c.type === 'close') return c.thread;
    if (c.type === 'open') return 'new';
  }
  return null;
}

/** Kinds a genre's writer ballots offer (community suggestions may be of any kind). */
export function kindsFor(genre: Genre): string[] {
  return RULES.filter((r) => r.genres === 'all' || r.genres.includes(genre)).map((r) => r.kind);
}

/** Every twist that could happen now, with its objects filled in: what the ballots are drawn from. */
export function legalTwists(w: World, opts: { beat: ArcBeat; kinds?: readonly string[] }): TwistOp[] {
  const out: TwistOp[] = [];
  const kinds = new Set(opts.kinds ?? kindsFor(w.bible.genre));
  const names = w.names;
  // The truth of the case is for the end of the season (a community vote may bring it sooner).
  const early = opts.beat !== 'answer' && opts.beat !== 'new season';
  for (const rule of RULES) {
    if (!kinds.has(rule.kind) || rule.kind === 'community') continue;
    // The last episode of a season opens the next: it allows what a season's start does.
    const beat = opts.beat === 'new season' ? 'setup' : opts.beat;
    if (rule.beats && !rule.beats.includes(beat)) continue;
    for (const actor of names) {
      if (!rule.silentActor && !w.awake(actor)) continue;
      for (const target of rule.target === 'cast' ? names.filter((n) => n !== actor) : [null]) {
        for (const object of objectsFor(w, rule.object, actor, target)) {
          const op: TwistOp = { kind: rule.kind, actor, target, object, thread: null, words: null };
          if (early && w.fact(object)?.kind === 'culprit') continue;
          const judged = judge(w, op);
          if (judged.why !== null) continue;
          out.push({ ...op, thread: threadOf(judged.effects) });
        }
      }
    }
  }
  return out;
}

function objectsFor(w: World, kind: ObjectKind | undefined, actor: string, target: string | null): (string | null)[] {
  switch (kind) {
    case undefined:
      return [null];
    case 'prop': {
      // A will is read, not planted or ruined: it belongs to the will twist. What was ruined is gone.
      const ruined = new Set(w.facts((f) => f.kind === 'sabotaged' && !!f.object).map((f) => f.object));
      return w.bible.props.filter((p) => !WILL_PROP.test(p) && !ruined.has(p));
    }
    case 'will':
      return w.bible.props.filter((p) => WILL_PROP.test(p));
    case 'third':
      return w.names.filter((n) => n !== actor && n !== target);
    case 'secret':
      return w
        .secrets()
        .filter((f) => !TELLING.has(f.kind))
        .map((f) => f.id);
    case 'deed':
      return w.facts((f) => f.actor === target && MISDEEDS.has(f.kind)).map((f) => f.id);
  }
}
