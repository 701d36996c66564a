import type { Script } from './script.js';

/**
 * Series memory: the bible (setting, tone, motifs, running threads) and a rolling synopsis of the
 * latest episodes. Both are bounded, so a prompt stays the same size at episode 5 and at 500.
 */

export const MAX_THREADS = 8;
export const SYNOPSIS_EPISODES = 6;

export interface Thread {
  episode: number;
  text: string;
}

export interface Bible {
  setting: string;
  tone: string;
  motifs: string[];
  threads: Thread[];
}

const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v : fallback);

/** Reads a stored bible leniently: anything missing or malformed takes a sensible default. */
export function readBible(raw: Record<string, unknown>, defaults: { setting: string; tone: string }): Bible {
  const threads = Array.isArray(raw.threads)
    ? raw.threads.filter((t): t is Thread => !!t && typeof t === 'object' && typeof (t as Thread).text === 'string' && Number.isInteger((t as Thread).episode))
    : [];
  const motifs = Array.isArray(raw.motifs) ? raw.motifs.filter((m): m is string => typeof m === 'string') : [];
  return { setting: str(raw.setting, defaults.setting), tone: str(raw.tone, defaults.tone), motifs: motifs.slice(0, 6), threads: threads.slice(-MAX_THREADS) };
}

/** The memory after an episode: its twist becomes a running thread; the synopsis rolls on. */
export function remember(
  memory: { bible: Bible; synopsis: string },
  episode: { number: number; script: Pick<Script, 'title' | 'cliffhanger'>; twist?: string },
): { bible: Bible; synopsis: string } {
  const threads = [...memory.bible.threads];
  if (episode.twist) threads.push({ episode: episode.number, text: episode.twist });
  const line = `Ep ${episode.number} “${episode.script.title}”${episode.twist ? ` — ${episode.twist}` : ''}. Ends: ${episode.script.cliffhanger}`;
  const lines = [...memory.synopsis.split('\n').filter((l) => l.startsWith('Ep ')), line].slice(-SYNOPSIS_EPISODES);
  return { bible: { ...memory.bible, threads: threads.slice(-MAX_THREADS) }, synopsis: lines.join('\n') };
}
