import type { Scene, Script } from './script.js';

/** Speaking pace of narration and dialogue: about 155 words a minute, as narrators read drama. */
export const WORDS_PER_SECOND = 2.6;
/** Scripts without spaces between words (Chinese, Japanese, Thai): characters per second. */
export const CHARS_PER_SECOND = 4.5;
/** A breath between lines. */
export const PAUSE_SECONDS = 0.4;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]/g;

/** Seconds it takes to say `text` aloud. */
export function speakingSeconds(text: string): number {
  const cjkChars = text.match(CJK)?.length ?? 0;
  const words = text
    .replace(CJK, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return words / WORDS_PER_SECOND + cjkChars / CHARS_PER_SECOND;
}

export function sceneSeconds(scene: Pick<Scene, 'narration' | 'dialogue'>): number {
  const lines = [scene.narration, ...scene.dialogue.map((d) => d.line)];
  const spoken = lines.reduce((sum, line) => sum + speakingSeconds(line), 0);
  return Math.round((spoken + PAUSE_SECONDS * lines.length) * 10) / 10;
}

/** Sets every scene's seconds from its words; the total is what the episode will last. */
export function timeScript<S extends Pick<Script, 'scenes'>>(script: S): S {
  return { ...script, scenes: script.scenes.map((s) => ({ ...s, seconds: Math.max(1, sceneSeconds(s)) })) };
}

export function totalSeconds(script: Pick<Script, 'scenes'>): number {
  return script.scenes.reduce((sum, s) => sum + s.seconds, 0);
}
