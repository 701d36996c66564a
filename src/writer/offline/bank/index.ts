import { CASE_TWISTS } from './twists-case.js';
import { FINALE_TWISTS } from './twists-finale.js';
import { HEART_TWISTS } from './twists-heart.js';
import type { KindText } from './types.js';

/** Every twist kind's text, by kind (see src/core/story/twists.ts for what each kind does). */
export const TWIST_TEXT: Readonly<Record<string, KindText>> = { ...CASE_TWISTS, ...HEART_TWISTS, ...FINALE_TWISTS };
export { SCENES } from './scenes.js';
