import { SAMPLE_RATE } from './audio/pcm.js';
import type { CaptionLine } from './captions.js';
import type { Storyboard } from './storyboard.js';

/**
 * What an episode's video is made of, kept beside it (`<video>.timeline.json`): its parts, each
 * starting on a keyframe (the season cut drops a "previously" card and an outro by stream copy),
 * and its caption lines with word times (the post kit's SRT and WebVTT, never a re-render).
 */

export const TIMELINE_VERSION = 1;

export type PartKind = 'opening' | 'previously' | 'story' | 'outro';

export interface TimelinePart {
  kind: PartKind;
  /** Seconds, on whole frames. */
  start: number;
  end: number;
}

export interface Timeline {
  version: typeof TIMELINE_VERSION;
  duration: number;
  fps: number;
  width: number;
  height: number;
  language: string;
  /** In order, covering the whole video: opening and previously only from episode 2 (with a "previously" card). */
  parts: TimelinePart[];
  captions: CaptionLine[];
}

/** The sidecar's name beside a video (a path or a media store reference). */
export function timelineFileOf(video: string): string {
  return video.replace(/\.mp4$/i, '') + '.timeline.json';
}

/** The parts of a storyboard, their boundaries on whole frames (where the encoder puts keyframes). */
export function timelineParts(board: Pick<Storyboard, 'segments' | 'voice' | 'duration'>, fps: number): TimelinePart[] {
  const frame = (t: number) => Math.round(t * fps) / fps;
  const end = frame(board.duration);
  const previously = board.segments.find((s) => s.picture.kind === 'previously');
  const outro = board.segments.find((s) => s.picture.kind === 'to-be-continued' || s.picture.kind === 'end-card');
  const outroAt = outro ? frame(outro.start) : end;
  const parts: TimelinePart[] = [];
  let at = 0;
  if (previously) {
    const storyAt = frame(previously.start + previously.duration);
    // A long hook line runs on over the card: the cut waits for it to finish.
    const hook = board.voice[0];
    const hookEnds = hook ? hook.start + hook.spoken.samples.length / SAMPLE_RATE : 0;
    const cutAt = frame(Math.max(previously.start, hookEnds + 0.05));
    if (cutAt > 0 && cutAt < storyAt - 0.5) {
      parts.push({ kind: 'opening', start: 0, end: cutAt }, { kind: 'previously', start: cutAt, end: storyAt });
      at = storyAt;
    }
  }
  parts.push({ kind: 'story', start: at, end: outroAt });
  if (outroAt < end) parts.push({ kind: 'outro', start: outroAt, end });
  return parts;
}

/** The times the encoder must start a GOP at: every boundary between parts. */
export function keyframesOf(parts: TimelinePart[]): number[] {
  return parts.slice(1).map((p) => p.start);
}
