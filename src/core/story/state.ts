import { z } from 'zod';
import { hashSeed } from '../clock.js';
import { ChangeSchema, StoryStateSchema, type Bible, type Change, type Cliffhanger, type Condition, type Fact, type Relation, type StoryState } from './model.js';
import { EVENT_VERBS } from './words.js';
import { EVENTS_ZH } from './words-zh.js';
import { carePlaceOf } from './world.js';

/**
 * The story state: where it stands before episode 1, and how changes move it on. Pure: the same
 * state and changes always give the same result, and the state stored with an episode is the
 * result, so retrying an episode starts again from the state stored with the one before.
 */

export const MAX_FACTS = 60;
export const MAX_OPEN_THREADS = 8;
export const MAX_SAID = 3000;
/** About six episodes of what was said: a line of dialogue older than that may come back once (`r` + its hash marks one that did). */
export const RECENT_SAID = 300;
export const SUMMARY_LINES = 8;

/** The fact that says who really did the premise's event. */
export function culpritText(bible: Bible, culprit: string): string {
  const event = bible.incident?.event ?? '';
  return bible.language === 'zh' ? `${culprit}才是${event}的幕后黑手。` : `${culprit} was behind ${event}.`;
}

/** The state before episode 1, from the bible. */
export function initialState(bible: Bible): StoryState {
  const names = bible.roles.map((r) => r.name);
  const home = bible.places[0]!.name;
  const hospital = carePlaceOf(bible);
  const incident = bible.incident;
  const zh = bible.language === 'zh';
  const verb = incident ? (EVENT_VERBS.find((v) => incident.event.startsWith(v.noun)) ?? (zh ? EVENTS_ZH.find((v) => incident.event.endsWith(v.noun)) : undefined)) : undefined;
  const characters: StoryState['characters'] = {};
  for (const r of bible.roles) {
    let condition: Condition = 'fine';
    if (r.name === incident?.victim && verb?.victim) condition = verb.victim;
    // A medical story's patient: in hospital when the premise starts there, else ill at home.
    const inCare = bible.places.some((p) => p.fromPremise && p.name === hospital);
    if (bible.genre === 'medical' && r.role === (bible.roles.some((x) => x.role === 'victim') ? 'victim' : 'protagonist')) condition = inCare ? 'in hospital' : 'hurt';
    characters[r.name] = { condition, place: condition === 'in hospital' ? hospital : home };
  }
  const role = (name: string) => bible.roles.find((r) => r.name === name)!.role;
  const relations: Relation[] = [];
  for (const a of names) {
    for (const b of names) {
      if (a === b) continue;
      const ra = role(a);
      const rb = role(b);
      let trust = 1;
      let feeling: Relation['feeling'] = 'neutral';
      if (ra === 'protagonist' && rb === 'love interest') [trust, feeling] = [2, 'love'];
      if ((ra === 'protagonist' && rb === 'rival') || (ra === 'rival' && rb === 'protagonist')) [trust, feeling] = [-1, 'rivalry'];
      if (bible.genre === 'revenge' && ra === 'protagonist' && rb === 'antagonist') [trust, feeling] = [-2, 'grudge'];
      if (ra === 'antagonist' && rb === 'protagonist') trust = -1;
      if (ra === 'detective' && b === incident?.accused) trust = -1;
      if (ra === 'ally' && rb === 'protagonist') [trust, feeling] = [2, 'loyal'];
      relations.push({ from: a, to: b, trust, feeling });
    }
  }
  const facts: Fact[] = [];
  const add = (f: Omit<Fact, 'id' | 'episode'>) => facts.push({ ...f, id: `f${facts.length + 1}`, episode: 0 });
  if (incident) {
    add({ kind: 'incident', actor: null, target: incident.victim, object: null, text: incident.sentence, known: [], public: true });
    if (incident.accused) {
      const text = zh ? `所有人都把${incident.accused}当成了${incident.event}的罪魁祸首。` : `Everyone blames ${incident.accused} for ${incident.event}.`;
      add({ kind: 'suspected', actor: incident.accused, target: null, object: null, text, known: [], public: true });
    }
    if (incident.culprit) {
      const open = bible.genre === 'revenge' && !incident.accused;
      add({
        kind: 'culprit',
        actor: incident.culprit,
        target: incident.victim,
        object: null,
        text: culpritText(bible, incident.culprit),
        known: open ? names : [incident.culprit],
        public: open,
      });
    }
  }
  for (const secret of bible.secrets ?? []) {
    const text = zh ? `${secret.text.replace(/[.!?。！？]+$/, '')}。` : `${secret.text.replace(/[.!?]+$/, '')}.`;
    add({ kind: 'secret', actor: secret.name, target: null, object: null, text, known: [secret.name], public: false });
    // A hidden diagnosis is an illness: its keeper is unwell from the start.
    if (/diagnos|illness|disease|sick|condition|results|病|诊断|检查报告/i.test(secret.text) && characters[secret.name]?.condition === 'fine')
      characters[secret.name] = { ...characters[secret.name]!, condition: 'hurt' };
  }
  const about = [bible.roles.find((r) => r.role === 'protagonist')?.name, incident?.accused ?? bible.roles.find((r) => r.role !== 'protagonist')?.name]
    .filter((n): n is string => !!n)
    .filter((n, i, all) => all.indexOf(n) === i);
  return StoryStateSchema.parse({
    episode: 0,
    season: 1,
    characters,
    relations,
    facts,
    threads: [{ id: 't1', question: bible.question, about, clues: [], status: 'open', opened: 0, closed: null, answer: null, central: true }],
    cliffhanger: null,
    summary: [],
    kinds: {},
    offered: {},
    said: [],
    culprit: incident?.culprit ?? null,
    bibleCulprit: incident?.culprit ?? null,
  });
}

/** A text's sentences. */
export function sentences(text: string): string[] {
  // Chinese ends its sentences with full-width stops (。！？), often closed by a quote mark.
  return (text.match(/[^.!?…。！？]+[.!?…。！？]+["”’'」』]?|[^.!?…。！？]+$/g) ?? [text]).map((s) => s.trim()).filter(Boolean);
}

/** A short, stable hash of a sentence with the cast's names masked and case ignored, for "already said". */
export function sayHash(sentence: string, names: readonly string[]): string {
  let text = sentence.toLowerCase();
  for (const n of names) text = text.split(n.toLowerCase()).join('@');
  return hashSeed(
    text
      .replace(/[^\p{L}\p{N}@ ]/gu, '')
      .replace(/\s+/g, ' ')
      .trim(),
  ).toString(36);
}

export class StoryError extends Error {}

/**
 * Applies changes in order and returns the new state; a change that names someone or something
 * the story does not have is refused with the reason (a writer's reply is sent back for repair).
 */
export function applyChanges(bible: Bible, state: StoryState, changes: readonly Change[], episode: number): StoryState {
  const s = copyState(state);
  const names = new Set(bible.roles.map((r) => r.name));
  const need = (name: string) => {
    if (!names.has(name)) throw new StoryError(`${name} is not in the cast`);
    return name;
  };
  for (const c of changes) {
    switch (c.type) {
      case 'fact': {
        const id = nextFactId(s);
        s.facts.push({ id, episode, kind: c.kind, actor: c.actor, target: c.target, object: c.object, text: c.text, known: c.known.filter((n) => names.has(n)), public: c.public });
        if (c.kind === 'culprit' && c.actor) s.culprit = c.actor;
        break;
      }
      case 'reveal': {
        const f = s.facts.find((x) => x.id === c.fact);
        if (!f) throw new StoryError(`there is no fact ${c.fact}`);
        f.known = [...new Set([...f.known, ...c.to.filter((n) => names.has(n))])];
        if ([...names].every((n) => f.known.includes(n))) f.public = true;
        break;
      }
      case 'condition':
        s.characters[need(c.name)] = { ...s.characters[c.name]!, condition: c.condition };
        break;
      case 'move':
        s.characters[need(c.name)] = { ...s.characters[c.name]!, place: c.place };
        break;
      case 'relation': {
        need(c.from);
        need(c.to);
        let r = s.relations.find((x) => x.from === c.from && x.to === c.to);
        if (!r) s.relations.push((r = { from: c.from, to: c.to, trust: 0, feeling: 'neutral' }));
        r.trust = Math.max(-3, Math.min(3, r.trust + c.trust));
        if (c.feeling) r.feeling = c.feeling;
        break;
      }
      case 'open': {
        if (s.threads.some((t) => t.status === 'open' && t.question === c.question)) break;
        if (c.central) for (const t of s.threads) t.central = false;
        s.threads.push({
          id: `t${nextNumber(s.threads.map((t) => t.id))}`,
          question: c.question,
          about: c.about.filter((n) => names.has(n)),
          clues: [],
          status: 'open',
          opened: episode,
          closed: null,
          answer: null,
          central: c.central ?? false,
        });
        break;
      }
      case 'clue': {
        const t = s.threads.find((x) => x.id === c.thread);
        if (!t) throw new StoryError(`there is no thread ${c.thread}`);
        if (t.status === 'open' && !t.clues.includes(c.clue)) t.clues = [...t.clues, c.clue].slice(-12);
        break;
      }
      case 'close': {
        const t = s.threads.find((x) => x.id === c.thread);
        if (!t) throw new StoryError(`there is no thread ${c.thread}`);
        if (t.status === 'open') Object.assign(t, { status: 'closed', closed: episode, answer: c.answer });
        break;
      }
      case 'culprit':
        s.culprit = c.name;
        break;
    }
  }
  // Bounded: at most a few open side threads (the oldest are let go), the latest closed ones, and
  // facts up to a limit — the oldest public ones first, then the oldest secrets; never the case's own.
  const open = s.threads.filter((t) => t.status === 'open');
  const side = open.filter((t) => !t.central);
  const keep = new Set([...open.filter((t) => t.central), ...side.slice(-MAX_OPEN_THREADS)]);
  s.threads = [...s.threads.filter((t) => keep.has(t)), ...s.threads.filter((t) => t.status === 'closed').slice(-8)].sort((a, b) => num(a.id) - num(b.id));
  const protectedKinds = new Set(['incident', 'culprit', 'secret']);
  while (s.facts.length > MAX_FACTS) {
    const i = s.facts.findIndex((f) => f.public && !protectedKinds.has(f.kind));
    const j = i >= 0 ? i : s.facts.findIndex((f) => !protectedKinds.has(f.kind));
    if (j < 0) break;
    s.facts.splice(j, 1);
  }
  return s;
}

/** Checks changes from outside (a writer's reply): the shapes zod knows, with the reason when not. */
export function parseChanges(raw: unknown): Change[] {
  const parsed = z.array(ChangeSchema).safeParse(raw);
  if (!parsed.success) throw new StoryError(`the story changes are malformed: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** A copy deep enough for applyChanges, which replaces what it changes. */
function copyState(state: StoryState): StoryState {
  return {
    ...state,
    characters: { ...state.characters },
    relations: state.relations.map((r) => ({ ...r })),
    facts: state.facts.map((f) => ({ ...f })),
    threads: state.threads.map((t) => ({ ...t })),
  };
}

/** Closes the episode: its number, the cliffhanger to answer next, the summary line, what was said, the twist kind paid. */
export function finishEpisode(
  bible: Bible,
  state: StoryState,
  done: { episode: number; cliffhanger: Cliffhanger; summary: string; spoken: readonly string[]; remember?: readonly string[]; kind: string | null },
): StoryState {
  const names = bible.roles.map((r) => r.name);
  const said = [...state.said, ...done.spoken.flatMap(sentences).map((s) => sayHash(s, names)), ...(done.remember ?? []).map((k) => k.slice(0, 12))];
  return StoryStateSchema.parse({
    ...state,
    episode: done.episode,
    cliffhanger: done.cliffhanger,
    summary: [...state.summary, done.summary.slice(0, 300)].slice(-SUMMARY_LINES),
    said: [...new Set(said)].slice(-MAX_SAID),
    kinds: done.kind ? { ...state.kinds, [done.kind]: (state.kinds[done.kind] ?? 0) + 1 } : state.kinds,
  });
}

function num(id: string): number {
  return Number(id.slice(1)) || 0;
}

/** The id the next fact of a state gets. */
export function nextFactId(state: Pick<StoryState, 'facts'>): string {
  return `f${nextNumber(state.facts.map((f) => f.id))}`;
}

function nextNumber(ids: readonly string[]): number {
  return ids.reduce((max, id) => Math.max(max, num(id)), 0) + 1;
}
