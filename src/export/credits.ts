/**
 * The season cut's end credits: per episode, the twist the audience chose, who suggested it (a
 * display name, or null) and how many voted. The core holds the query (`src/core/credits.ts`).
 */
export { creditsOf, type EpisodeCredit, type EpisodeRange } from '../core/credits.js';
