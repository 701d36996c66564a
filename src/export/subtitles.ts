import { pages, type CaptionLine } from '../render/captions.js';

/**
 * An episode's captions as subtitle files (SRT, WebVTT) and as the cues a soft-subtitle track
 * carries: the same pages the renderer burns in (at most two lines, broken where the script
 * allows, the speaker's name before dialogue), timed from the voices' word times.
 */

export interface Cue {
  start: number;
  end: number;
  /** Its lines. */
  lines: string[];
}

/** A cue never lasts less than this, so a one-word page can be read. */
const MIN_CUE = 0.5;
/** How long the last page of a line stays after its last word (as the burnt-in captions do). */
const TAIL = 0.35;

/** The caption lines of an episode as cues, in order, never overlapping. */
export function cuesOf(captions: CaptionLine[], opts: { width: number; language: string }): Cue[] {
  const cues: Cue[] = [];
  for (const line of captions) {
    const words = line.words.filter((w) => w.word.trim());
    if (!words.length) continue;
    const all = pages(words, { width: opts.width, language: opts.language, speaker: line.speaker });
    for (const [p, page] of all.entries()) {
      const timed = page.flat().filter((t) => !t.speaker);
      if (!timed.length) continue;
      const next = all[p + 1]?.flat().find((t) => !t.speaker);
      const start = timed[0]!.start;
      const end = next ? next.start : timed.at(-1)!.end + TAIL;
      const lines = page.map((row) => row.map((t, i) => t.text + (i < row.length - 1 && t.space ? ' ' : '')).join(''));
      cues.push({ start, end: Math.max(end, start + MIN_CUE), lines });
    }
  }
  cues.sort((a, b) => a.start - b.start);
  // A cue ends where the next begins: players show one caption at a time.
  for (const [i, cue] of cues.entries()) {
    const next = cues[i + 1];
    if (next && cue.end > next.start) cue.end = Math.max(cue.start + 0.05, next.start);
  }
  return cues;
}

function clock(seconds: number, separator: ',' | '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** A line of cue text with no blank line inside (a blank line ends a cue in both formats). */
const oneLine = (text: string) => text.replace(/\s*\r?\n\s*/g, ' ').trim();

export function toSrt(cues: Cue[]): string {
  return cues.map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.lines.map(oneLine).join('\n')}\n`).join('\n');
}

/** WebVTT reads `<` and `&` as markup, and `-->` as timing. */
const vttText = (text: string) => oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toVtt(cues: Cue[], language?: string): string {
  const header = 'WEBVTT\n';
  return [header, ...cues.map((c) => `${clock(c.start, '.')} --> ${clock(c.end, '.')}\n${c.lines.map(vttText).join('\n')}\n`)].join('\n');
}
