import type { ArcBeat } from './model.js';

/** Where episode `n` stands in the season's arc. */
export function arcBeat(n: number, seasonLength: number): ArcBeat {
  const at = (n - 1) % seasonLength;
  const p = at / seasonLength;
  if (at === seasonLength - 1) return 'new season';
  if (p < 0.15) return 'setup';
  if (p < 0.45) return 'complications';
  if (p < 0.55) return 'midpoint';
  if (p < 0.8) return 'crisis';
  return 'answer';
}
