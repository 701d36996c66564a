import { z } from 'zod';
import { SPONSOR_LIMITS, SPONSOR_TIERS } from '../core/sponsors.js';
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

/**
 * A sponsor placement a moderator authorised (core/sponsors.ts): the scene it is in (0 is the hook)
 * and, for a prop or a featured scene, who holds or uses the product. The renderer draws it and
 * the disclosure; the loop keeps it only when a moderator placed it.
 */
export const SponsorPlacementSchema = z.object({
  brand: text(SPONSOR_LIMITS.brand),
  product: text(SPONSOR_LIMITS.product),
  tier: z.enum(SPONSOR_TIERS),
  scene: z.number().int().min(0).max(7),
  holder: text(LIMITS.name).nullable(),
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
  sponsor: SponsorPlacementSchema.optional(),
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
  if (s.sponsor) {
    const scene = s.scenes[s.sponsor.scene];
    if (!scene) ctx.addIssue({ code: 'custom', path: ['sponsor', 'scene'], message: `the sponsor is placed in scene ${s.sponsor.scene + 1}, which the script does not have` });
    else if (s.sponsor.holder !== null && !scene.characters.some((c) => c.name === s.sponsor!.holder)) {
      ctx.addIssue({ code: 'custom', path: ['sponsor', 'holder'], message: `${s.sponsor.holder} holds the sponsor's product but is not on screen in that scene` });
    }
    if (s.sponsor.tier === 'prop' && s.sponsor.holder === null) ctx.addIssue({ code: 'custom', path: ['sponsor', 'holder'], message: 'a prop placement names who uses the product' });
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
export type SponsorPlacement = NonNullable<Script['sponsor']>;

/** Human-readable reasons, for a repair prompt or a failed step. */
export function describeIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.length ? i.path.join('.') : 'script'}: ${i.message}`)
    .join('; ');
}
