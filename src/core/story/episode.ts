import type { StoryInput, WriteRequest, WrittenEpisode } from '../ports.js';
import type { Bible, Change, EpisodeStory, StoryState, TwistOp } from './model.js';
import { arcBeat } from './arc.js';
import { applyChanges, finishEpisode, parseChanges, StoryError } from './state.js';
import { parseTwist } from './suggestion.js';
import { checkTwist, twistEffects } from './twists.js';
import { World } from './world.js';

/**
 * An episode's passage through the story model, the same for every writer and every caller (the
 * loop, the demo, the benchmarks): the winning twist is applied before the episode is written,
 * the writer's changes after, and the ballot is checked against the result.
 */

export interface ChosenTwist {
  /** The option's stored operation, if it has one. */
  op: TwistOp | undefined;
  label: string;
  teaser: string;
  source: 'writer' | 'community' | 'moderator';
}

/** A twist as the ballots count it: its kind, doer and target. */
export function offerKey(op: Pick<TwistOp, 'kind' | 'actor' | 'target'>): string {
  return `${op.kind}:${op.actor}>${op.target ?? ''}`;
}

/** What episode `number` starts from: the state before it with the chosen twist applied. */
export function beginEpisode(bible: Bible, before: StoryState, number: number, chosen: ChosenTwist | null): StoryInput {
  let state = before;
  let twist: StoryInput['twist'] = null;
  if (chosen) {
    const w = new World(bible, before);
    let op = chosen.op ?? parseTwist(w, chosen.label).op;
    // The story moved on since the ballot (a moderator's retry, a corrected bible): the words still win.
    if (checkTwist(w, op) !== null) op = { ...parseTwist(w, chosen.label).op, kind: 'community', words: chosen.label.replace(/[.!?…]+$/, '') };
    if (checkTwist(w, op) !== null) op = { kind: 'community', actor: w.names.find((n) => w.awake(n)) ?? w.names[0]!, target: null, object: null, thread: null, words: chosen.label };
    const changes: Change[] = twistEffects(w, op);
    state = applyChanges(bible, before, changes, number);
    twist = { op, label: chosen.label, teaser: chosen.teaser, source: chosen.source, changes };
  }
  return { bible, state, twist, cliffhanger: before.cliffhanger, beat: arcBeat(number, bible.seasonLength) };
}

/**
 * The story after an episode: the writer's changes applied, the episode closed, and the ballot
 * checked against the result (twists that cannot happen now are left off, with the reason).
 * Throws when the writer's changes break the story or fewer than two twists remain.
 */
export function endEpisode(request: WriteRequest, written: WrittenEpisode, dropped: (label: string, why: string) => void = () => {}): { story: EpisodeStory; twists: WrittenEpisode['twists'] } {
  const { bible, state, twist } = request.story;
  const n = request.episodeNumber;
  let after: StoryState;
  try {
    after = applyChanges(bible, state, parseChanges(written.story.changes), n);
  } catch (err) {
    if (err instanceof StoryError) throw new Error(`writer returned changes that break the story: ${err.message}`);
    throw err;
  }
  after = finishEpisode(bible, after, {
    episode: n,
    cliffhanger: written.story.cliffhanger,
    summary: written.story.summary,
    spoken: written.story.spoken,
    ...(written.story.remember ? { remember: written.story.remember } : {}),
    kind: twist?.op.kind ?? null,
  });
  const w = new World(bible, after);
  const twists = written.twists.filter((t) => {
    const why = checkTwist(w, t.op);
    if (why) dropped(t.label, why);
    return !why;
  });
  if (twists.length < 2) throw new Error('writer offered fewer than two twists that can happen after this episode');
  const offered = { ...after.offered };
  for (const t of twists) offered[offerKey(t.op)] = (offered[offerKey(t.op)] ?? 0) + 1;
  after = { ...after, offered };
  return {
    story: { twist: twist?.op ?? null, changes: [...(twist?.changes ?? []), ...written.story.changes], cliffhanger: written.story.cliffhanger, summary: written.story.summary, state: after },
    twists,
  };
}
