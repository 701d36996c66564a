import { z } from 'zod';

/**
 * The story model every writer keeps: the bible (what the season is about, made from the premise
 * and the cast) and the state after each episode (facts, conditions, places, relations, threads,
 * the cliffhanger to answer). It knows no writer and no platform; writers read it and return
 * changes, which core applies (state.ts), so a retried episode never applies anything twice.
 */

export const GENRES = ['mystery', 'rivalry', 'medical', 'romance', 'revenge', 'family', 'comedy'] as const;
export type Genre = (typeof GENRES)[number];

export const ROLES = ['protagonist', 'antagonist', 'suspect', 'victim', 'detective', 'ally', 'love interest', 'rival'] as const;
export type Role = (typeof ROLES)[number];

export const CONDITIONS = ['fine', 'hurt', 'in hospital', 'unconscious', 'missing', 'arrested', 'dead'] as const;
export type Condition = (typeof CONDITIONS)[number];
/** Conditions in which a character can neither appear awake on screen nor speak. */
export const SILENT_CONDITIONS: readonly Condition[] = ['unconscious', 'missing', 'dead'];

export const FEELINGS = ['neutral', 'love', 'rivalry', 'grudge', 'loyal'] as const;
export type Feeling = (typeof FEELINGS)[number];

/** The arc of a season, in order; the planner spreads it over the season's episodes. */
export const ARC_BEATS = ['setup', 'complications', 'midpoint', 'crisis', 'answer', 'new season'] as const;
export type ArcBeat = (typeof ARC_BEATS)[number];
export const SEASON_LENGTH = 20;

const name = z.string().trim().min(1).max(40);
const line = (max: number) => z.string().trim().min(1).max(max);

export const CastRoleSchema = z.object({
  name,
  role: z.enum(ROLES),
  /** How the premise names them: "the hamster chef", "the mayor's parrot"; else their species. */
  title: line(60),
  species: z.string().max(40).optional(),
});
export type CastRole = z.infer<typeof CastRoleSchema>;

export const PlaceSchema = z.object({
  /** As narration says it, with its article: "the gala dinner", "the restaurant kitchen". */
  name: line(60),
  /** Whether the premise named it (else the genre supplied it). */
  fromPremise: z.boolean(),
});
export type Place = z.infer<typeof PlaceSchema>;

/** The event the premise starts from: "the mayor's parrot was poisoned at the gala dinner". */
export const IncidentSchema = z.object({
  /** The event as a noun phrase: "the poisoning of the mayor's parrot". */
  event: line(120),
  /** The event as a sentence in the past: "The mayor's parrot was poisoned at the gala dinner." */
  sentence: line(200),
  victim: z.string().max(60).nullable(),
  /** Who is blamed at the start (framed, suspected, accused), a cast name. */
  accused: z.string().max(40).nullable(),
  /** Who really did it: decided at the start, revealed by the arc (a cast name, or null: unknown). */
  culprit: z.string().max(40).nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const BibleSchema = z.object({
  version: z.literal(2),
  genre: z.enum(GENRES),
  roles: z.array(CastRoleSchema).max(8),
  places: z.array(PlaceSchema).min(1).max(8),
  props: z.array(line(60)).max(8),
  incident: IncidentSchema.nullable(),
  /** The premise told with the cast's names, for episode 1: "Pip, the hamster chef, is framed for poisoning Coco, the mayor's parrot, at the gala dinner." */
  situation: z.string().max(400).default(''),
  /** The central question the season answers: "Who really poisoned the mayor's parrot?" */
  question: line(200),
  /** Secrets the premise gives the cast ("the rabbit is hiding a diagnosis"): known to their keeper only. */
  secrets: z
    .array(z.object({ name, text: line(200) }))
    .max(4)
    .default([]),
  /** People the premise names who are not in the cast ("the mayor"): mentioned, never on screen. */
  others: z.array(line(60)).max(6),
  tone: line(30),
  /** Episodes in a season (the arc plan is spread over them). */
  seasonLength: z.number().int().min(6).max(60),
  /** The language the story model tells this series in (./language.ts); absent: English. */
  language: z.enum(['en', 'zh']).optional(),
});
export type Bible = z.infer<typeof BibleSchema>;

export const CharacterStateSchema = z.object({
  condition: z.enum(CONDITIONS),
  /** A place of the bible, where they were last seen. */
  place: line(60),
});
export type CharacterState = z.infer<typeof CharacterStateSchema>;

export const RelationSchema = z.object({
  from: name,
  to: name,
  /** How far `from` trusts `to`: -3 (hates) … 3 (would die for). */
  trust: z.number().int().min(-3).max(3),
  feeling: z.enum(FEELINGS),
});
export type Relation = z.infer<typeof RelationSchema>;

export const FactSchema = z.object({
  id: z.string().max(20),
  episode: z.number().int().min(0),
  /** The twist kind or event that made it ("poisoned", "framed", "proposed", "community"…). */
  kind: z.string().max(30),
  actor: z.string().max(40).nullable(),
  target: z.string().max(60).nullable(),
  object: z.string().max(60).nullable(),
  /** The fact as one sentence in the past tense. */
  text: line(240),
  /** Who knows it (cast names); everyone when public. */
  known: z.array(name),
  public: z.boolean(),
});
export type Fact = z.infer<typeof FactSchema>;

export const ThreadSchema = z.object({
  id: z.string().max(20),
  question: line(200),
  /** The cast this question is about. */
  about: z.array(name).max(4),
  clues: z.array(line(200)).max(12),
  status: z.enum(['open', 'closed']),
  opened: z.number().int().min(0),
  closed: z.number().int().nullable(),
  answer: z.string().max(240).nullable(),
  central: z.boolean(),
});
export type Thread = z.infer<typeof ThreadSchema>;

export const CliffhangerSchema = z.object({
  text: line(240),
  /** Who is in the moment, the place it happens in, and the question it leaves open. */
  who: z.array(name).max(3),
  place: line(60),
  thread: z.string().max(20).nullable(),
});
export type Cliffhanger = z.infer<typeof CliffhangerSchema>;

export const StoryStateSchema = z.object({
  /** The episode this state stands after (0: before episode 1). */
  episode: z.number().int().min(0),
  season: z.number().int().min(1),
  characters: z.record(z.string(), CharacterStateSchema),
  relations: z.array(RelationSchema),
  facts: z.array(FactSchema),
  threads: z.array(ThreadSchema),
  cliffhanger: CliffhangerSchema.nullable(),
  /** One line per episode, the latest last (bounded). */
  summary: z.array(line(300)),
  /** How often each twist kind has been paid off, for variety and once-only twists. */
  kinds: z.record(z.string(), z.number().int()),
  /** How often each twist (kind, doer, target) was on a ballot, so ballots do not offer the same ones again and again. */
  offered: z.record(z.string(), z.number().int()).default({}),
  /** Short hashes of every sentence already said, so no line is reused (bounded). */
  said: z.array(z.string().max(12)),
  /** Who really did the premise's event, as the story now has it (a vote may change it). */
  culprit: z.string().max(60).nullable(),
  /** The bible's culprit when this state last followed it: a moderator's correction is followed once, a vote is kept. */
  bibleCulprit: z.string().max(60).nullable().default(null),
});
export type StoryState = z.infer<typeof StoryStateSchema>;

/** A twist as an operation on the state: the ballot option carries it, the writer pays it off. */
export const TwistOpSchema = z.object({
  kind: z.string().min(1).max(30),
  actor: name,
  target: z.string().max(60).nullable(),
  /** A prop, place or fact the twist is about ("the poison vial", a fact id). */
  object: z.string().max(120).nullable(),
  /** The thread it moves. */
  thread: z.string().max(20).nullable(),
  /** A community suggestion's own words, paid off as they are when no other kind fits. */
  words: z.string().max(200).nullable(),
});
export type TwistOp = z.infer<typeof TwistOpSchema>;

/** What a writer says happened in an episode; core applies them in order (state.ts). */
export const ChangeSchema = z.discriminatedUnion('type', [
  FactSchema.omit({ id: true, episode: true }).extend({ type: z.literal('fact') }),
  /** A fact becomes known to more characters, or to everyone. */
  z.object({ type: z.literal('reveal'), fact: z.string().max(20), to: z.array(name) }),
  z.object({ type: z.literal('condition'), name, condition: z.enum(CONDITIONS) }),
  z.object({ type: z.literal('move'), name, place: line(60) }),
  z.object({ type: z.literal('relation'), from: name, to: name, trust: z.number().int().min(-6).max(6), feeling: z.enum(FEELINGS).nullable() }),
  z.object({ type: z.literal('open'), question: line(200), about: z.array(name).max(4), central: z.boolean().optional() }),
  /** The story now holds that this cast member (or person) did the premise's event. */
  z.object({ type: z.literal('culprit'), name: z.string().max(60) }),
  z.object({ type: z.literal('clue'), thread: z.string().max(20), clue: line(200) }),
  z.object({ type: z.literal('close'), thread: z.string().max(20), answer: line(240) }),
]);
export type Change = z.infer<typeof ChangeSchema>;

/** What an episode did to the story: stored with the episode, beside the state it led to. */
export interface EpisodeStory {
  /** The twist paid off in this episode (null for episode 1). */
  twist: TwistOp | null;
  changes: Change[];
  cliffhanger: Cliffhanger;
  summary: string;
  state: StoryState;
}

/** What a bible is made from: a premise and a cast (premise.ts, premise-zh.ts). */
export interface CastSheet {
  name: string;
  species: string;
  personality: string;
}

export interface PremiseInput {
  title: string;
  premise: string;
  tone: string;
  cast: readonly CastSheet[];
  seed: number;
  /** The series' language (a tag or a name); without it the premise's script decides (./language.ts). */
  language?: string;
}
