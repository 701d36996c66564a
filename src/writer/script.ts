import { z } from 'zod';
import { ACTIONS, PROPS, WARDROBE } from './staging.js';

/** The episode script: what every writer must produce and what the renderer consumes. */

export const EMOTIONS = ['sad', 'crying', 'angry', 'shocked', 'in love', 'smug', 'scared', 'happy'] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** The micro-drama beat sheet, in order: hook, the voted twist paid off, escalation, a turn, the cliffhanger. */
export const BEATS = ['hook', 'payoff', 'escalation', 'turn', 'cliffhanger'] as const;
export type Beat = (typeof BEATS)[number];

export const LIMITS = {
  title: 80,
  hook: 80,
  previously: 200,
  setting: 60,
  name: 24,
  narration: 320,
  line: 140,
  cliffhanger: 200,
  label: 55,
  teaser: 140,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const DialogueSchema = z.object({
  speaker: text(LIMITS.name),
  line: text(LIMITS.line),
});

/** A character on screen: how they feel, and how the scene stages them (staging.ts; standing, as they are, by default). */
export const OnScreenSchema = z.object({
  name: text(LIMITS.name),
  emotion: z.enum(EMOTIONS),
  action: z.enum(ACTIONS).optional(),
  wardrobe: z.array(z.enum(WARDROBE)).max(2).optional(),
  /** What they hold; by default what the action needs (a letter to read), null for nothing. */
  holding: z.enum(PROPS).nullable().optional(),
});

export const SceneSchema = z.object({
  beat: z.enum(BEATS),
  setting: text(LIMITS.setting),
  characters: z.array(OnScreenSchema).min(1).max(3),
  /** Objects that stand in the scene (a hospital bed, a cake). */
  props: z.array(z.enum(PROPS)).max(3).optional(),
  narration: text(LIMITS.narration),
  dialogue: z.array(DialogueSchema).max(3),
  /** Spoken length of the scene, computed from its words (see timing.ts). */
  seconds: z.number().min(1).max(60),
});

export const TwistSchema = z.object({
  /** A kind of src/core/story/twists.ts (checked there, with the rest of the operation). */
  kind: z.string().trim().min(1).max(30),
  label: text(LIMITS.label),
  teaser: text(LIMITS.teaser),
});

const ScriptShape = z.object({
  title: text(LIMITS.title),
  /** The line spoken in the first three seconds. */
  hook: text(LIMITS.hook),
  /** Recaps the chosen twist for a "previously on…" card; null for episode 1. */
  previously: text(LIMITS.previously).nullable(),
  scenes: z.array(SceneSchema).min(4).max(8),
  cliffhanger: text(LIMITS.cliffhanger),
  twists: z.array(TwistSchema).min(2).max(4),
});

export const ScriptSchema = ScriptShape.superRefine((s, ctx) => {
  const labels = s.twists.map((t) => t.label.toLowerCase());
  if (new Set(labels).size !== labels.length) {
    ctx.addIssue({ code: 'custom', path: ['twists'], message: 'twist labels must all be different' });
  }
  if (s.scenes[0]?.beat !== 'hook') ctx.addIssue({ code: 'custom', path: ['scenes', 0, 'beat'], message: 'the first scene must be the hook' });
  if (s.scenes.at(-1)?.beat !== 'cliffhanger') {
    ctx.addIssue({ code: 'custom', path: ['scenes', s.scenes.length - 1, 'beat'], message: 'the last scene must be the cliffhanger' });
  }
  for (const [i, scene] of s.scenes.entries()) {
    const onScreen = new Set(scene.characters.map((c) => c.name));
    for (const [j, d] of scene.dialogue.entries()) {
      if (!onScreen.has(d.speaker)) {
        ctx.addIssue({ code: 'custom', path: ['scenes', i, 'dialogue', j, 'speaker'], message: `${d.speaker} speaks but is not on screen` });
      }
    }
  }
});

export type Script = z.infer<typeof ScriptShape>;
export type Scene = Script['scenes'][number];
export type Twist = Script['twists'][number];

/** Human-readable reasons, for a repair prompt or a failed step. */
export function describeIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.length ? i.path.join('.') : 'script'}: ${i.message}`)
    .join('; ');
}
