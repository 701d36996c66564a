/** Whose votes in the web studio count: signed-in people (and the studio's own machine), or anyone. */
export const STUDIO_VOTES = ['signed-in', 'anyone'] as const;
export type StudioVotes = (typeof STUDIO_VOTES)[number];
