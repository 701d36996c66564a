import type { Emotion, Scene } from './script.js';
import type { Action } from './staging.js';

/** How much of a drama an action shows on screen: a slap more than a phone call. */
const ACTION_DRAMA: Partial<Record<Action, number>> = { slap: 6, kneel: 5, collapse: 5, 'storm out': 4, hug: 3, point: 3, eavesdrop: 3, 'read letter': 2, phone: 2, 'lie in bed': 2, sleep: 2 };
/** How shaken a face looks. */
const EMOTION_DRAMA: Partial<Record<Emotion, number>> = { shocked: 4, crying: 3, angry: 2, scared: 1 };

/**
 * How much drama a scene shows on screen, for choosing its key shot (the cold open, the poster, a
 * recap's picture of an episode): its staging first, then its faces.
 */
export function sceneDrama(scene: Pick<Scene, 'characters'>): { action: number; score: number } {
  const action = Math.max(0, ...scene.characters.map((c) => ACTION_DRAMA[c.action ?? 'stand'] ?? 0));
  const feeling = Math.max(0, ...scene.characters.map((c) => EMOTION_DRAMA[c.emotion] ?? 0));
  return { action, score: action * 3 + feeling };
}
