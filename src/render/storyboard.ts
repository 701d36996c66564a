import os from 'node:os';
import type { CastMember } from '../core/ports.js';
import type { Emotion, Script } from '../writer/script.js';
import { lookOf, type Look } from './art/looks.js';
import type { ShotSpec } from './art/shots.js';
import { NARRATOR_VOICE, speakAnimalese, voiceFor, type Spoken } from './audio/animalese.js';
import { moodOf, type Mood } from './audio/music.js';
import type { CaptionLine } from './captions.js';

/**
 * From script to timeline: every line is voiced first, and each scene lasts as long as its voice
 * (within limits). The episode is a cold open on the most dramatic shot with the hook, a
 * "Previously on…" card from episode 2, the scenes, "To be continued…" and the ballot end card.
 */

export type Motion = 'push-in' | 'pan-left' | 'pan-right' | 'still';

export type Picture =
  | { kind: 'shot'; shot: ShotSpec }
  | { kind: 'cold-open'; shot: ShotSpec; seriesTitle: string; number: number }
  | { kind: 'previously'; seriesTitle: string; text: string }
  | { kind: 'to-be-continued' }
  | { kind: 'end-card'; options: { letter: string; label: string }[] };

export interface Segment {
  picture: Picture;
  start: number;
  duration: number;
  motion: Motion;
  /** The twist beat: a flash and a shake as it lands. */
  jolt: boolean;
  mood: Mood | null;
  /** Characters who bounce while they speak: seconds from the segment's start. */
  bounce: { name: string; windows: [number, number][] }[];
}

export interface VoiceClip {
  start: number;
  spoken: Spoken;
}

export interface Storyboard {
  segments: Segment[];
  voice: VoiceClip[];
  captions: CaptionLine[];
  duration: number;
}

/** How a line becomes sound: the narrator's engine, or a character's animalese. */
export type Speak = (text: string, who: { narrator: true } | { narrator: false; name: string; look: Look }) => Promise<Spoken>;

export interface StoryboardInput {
  script: Script;
  number: number;
  seriesTitle: string;
  cast: CastMember[];
  options: { letter: string; label: string }[];
}

const LEAD = 0.35;
const GAP = 0.25;
const MIN_SCENE = 2.5;
const MAX_SCENE = 30;
/** The cold open is a flash of the most dramatic shot: 1.6 to 2 seconds. */
const COLD_OPEN_MIN = 1.6;
const COLD_OPEN_MAX = 2;
const DRAMA: Emotion[] = ['shocked', 'crying', 'angry', 'scared'];

export const animaleseSpeaker: Speak = async (text, who) => speakAnimalese(text, who.narrator ? NARRATOR_VOICE : voiceFor(who.name, who.look.breed));

/** Every line of the episode, voiced up front and side by side (system voices are slow processes). */
const lineKey = (text: string, who: Parameters<Speak>[1]) => `${who.narrator ? '' : who.name}\u0000${text}`;

async function voiceAll(lines: { text: string; who: Parameters<Speak>[1] }[], speak: Speak): Promise<Map<string, Spoken>> {
  const unique = [...new Map(lines.map((l) => [lineKey(l.text, l.who), l])).values()];
  const done = new Map<string, Spoken>();
  let next = 0;
  const lanes = Math.max(1, Math.min(4, os.availableParallelism()));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < unique.length) {
        const line = unique[next++]!;
        done.set(lineKey(line.text, line.who), await speak(line.text, line.who));
      }
    }),
  );
  return done;
}

/** What the narrator says over the "Previously on…" card. */
export function previouslyLine(seriesTitle: string, previously: string): string {
  return `Previously on ${seriesTitle}: ${previously.replace(/^Previously:\s*/i, '')}`;
}

export async function planStoryboard(input: StoryboardInput, speak: Speak): Promise<Storyboard> {
  const { script } = input;
  const looks = new Map(input.cast.map((c) => [c.name, lookOf(c)]));
  const lookFor = (name: string) => looks.get(name) ?? lookOf({ name, species: 'cat', personality: '', look: {} });
  const shotOf = (scene: Script['scenes'][number]): ShotSpec => ({
    setting: scene.setting,
    characters: scene.characters.map((c) => ({ look: lookFor(c.name), emotion: c.emotion, speaking: scene.dialogue.some((d) => d.speaker === c.name) })),
  });
  const segments: Segment[] = [];
  const voice: VoiceClip[] = [];
  const captions: CaptionLine[] = [];
  let t = 0;

  const lookOfSpeaker = (name: string) => lookFor(name);
  const previously = script.previously && input.number > 1 ? previouslyLine(input.seriesTitle, script.previously) : undefined;
  const voiced = await voiceAll(
    [
      ...script.scenes.map((s) => ({ text: s.narration, who: { narrator: true as const } })),
      ...(previously ? [{ text: previously, who: { narrator: true as const } }] : []),
      ...script.scenes.flatMap((s) => s.dialogue.map((d) => ({ text: d.line, who: { narrator: false as const, name: d.speaker, look: lookOfSpeaker(d.speaker) } }))),
    ],
    speak,
  );
  const say = async (text: string, who: Parameters<Speak>[1], at: number, color = '#ffffff'): Promise<number> => {
    const spoken = voiced.get(lineKey(text, who)) ?? (await speak(text, who));
    voice.push({ start: at, spoken });
    captions.push({ speaker: who.narrator ? null : who.name, color, words: spoken.words.map((w) => ({ ...w, start: w.start + at, end: w.end + at })) });
    return spoken.samples.length / 24_000;
  };

  // Cold open: the most dramatic shot, the hook line, the title — for 1.6 to 2 seconds. A longer
  // hook line carries on over the next picture, whose own voice waits for it.
  const dramatic = [...script.scenes].reverse().find((s) => s.characters.some((c) => DRAMA.includes(c.emotion))) ?? script.scenes.at(-1)!;
  const hookScene = script.scenes[0]!;
  const hookEnds = LEAD + (await say(hookScene.narration, { narrator: true }, LEAD));
  const coldOpen = Math.min(COLD_OPEN_MAX, Math.max(COLD_OPEN_MIN, hookEnds + 0.2));
  segments.push({
    picture: { kind: 'cold-open', shot: shotOf(dramatic), seriesTitle: input.seriesTitle, number: input.number },
    start: 0,
    duration: coldOpen,
    motion: 'push-in',
    jolt: false,
    mood: 'tense',
    bounce: [],
  });
  t = coldOpen;
  /** When the next line may start: after its picture's lead-in, and never over the hook line. */
  const firstLine = (start: number) => Math.max(start + LEAD, hookEnds + GAP);

  if (previously && script.previously) {
    const at = firstLine(t);
    const spoken = await say(previously, { narrator: true }, at);
    const duration = Math.max(2.5, at - t + spoken + 0.4);
    segments.push({ picture: { kind: 'previously', seriesTitle: input.seriesTitle, text: script.previously }, start: t, duration, motion: 'still', jolt: false, mood: 'tender', bounce: [] });
    t += duration;
  }

  // Pans are cheap (a moving crop); a push-in resamples every frame, so the cold open gets one
  // and the twist lands with a flash and a shake instead.
  const motions: Motion[] = ['pan-left', 'pan-right'];
  for (const [i, scene] of script.scenes.slice(1).entries()) {
    const start = t;
    let cursor = firstLine(start);
    cursor += (await say(scene.narration, { narrator: true }, cursor)) + GAP;
    const bounce = new Map<string, [number, number][]>();
    for (const line of scene.dialogue) {
      const look = lookFor(line.speaker);
      const seconds = await say(line.line, { narrator: false, name: line.speaker, look }, cursor, look.accent);
      bounce.set(line.speaker, [...(bounce.get(line.speaker) ?? []), [cursor - start, cursor - start + seconds]]);
      cursor += seconds + GAP;
    }
    const duration = Math.min(MAX_SCENE, Math.max(MIN_SCENE, cursor - start + 0.2));
    segments.push({
      picture: { kind: 'shot', shot: shotOf(scene) },
      start,
      duration,
      motion: motions[i % motions.length]!,
      jolt: scene.beat === 'turn',
      mood: moodOf(scene.characters.map((c) => c.emotion)),
      bounce: [...bounce].map(([name, windows]) => ({ name, windows })),
    });
    t += duration;
  }

  segments.push({ picture: { kind: 'to-be-continued' }, start: t, duration: 2.2, motion: 'still', jolt: false, mood: 'tense', bounce: [] });
  t += 2.2;
  const endCard = Math.max(4, 1 + input.options.length * 0.8);
  segments.push({ picture: { kind: 'end-card', options: input.options }, start: t, duration: endCard, motion: 'still', jolt: false, mood: 'triumphant', bounce: [] });
  t += endCard;
  return { segments, voice, captions, duration: t };
}
