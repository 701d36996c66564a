import { SAMPLE_RATE } from './pcm.js';

/**
 * The episode's soundtrack: voice clips laid on a timeline over the music bed, the music ducked
 * under speech (a sidechain on the voice's envelope), crossfaded between scenes.
 */
export interface Placed {
  start: number;
  samples: Float32Array;
}

export function layVoice(clips: Placed[], seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  for (const clip of clips) {
    const at = Math.round(clip.start * SAMPLE_RATE);
    for (let i = 0; i < clip.samples.length && at + i < out.length; i++) out[at + i]! += clip.samples[i]!;
  }
  return out;
}

/** Music segments joined with short crossfades. */
export function layMusic(segments: { start: number; samples: Float32Array }[], seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  const fade = Math.round(0.4 * SAMPLE_RATE);
  for (const seg of segments) {
    const at = Math.round(seg.start * SAMPLE_RATE);
    const n = seg.samples.length;
    for (let i = 0; i < n && at + i < out.length; i++) {
      const gain = Math.min(1, i / fade, (n - i) / fade);
      out[at + i]! += seg.samples[i]! * gain;
    }
  }
  return out;
}

/** Voice plus music, the music pulled down while anyone speaks. */
export function duckAndMix(voice: Float32Array, music: Float32Array, opts = { musicLevel: 0.8, duckTo: 0.25 }): Float32Array {
  const n = Math.max(voice.length, music.length);
  const out = new Float32Array(n);
  const attack = Math.exp(-1 / (0.03 * SAMPLE_RATE));
  const release = Math.exp(-1 / (0.35 * SAMPLE_RATE));
  let env = 0;
  for (let i = 0; i < n; i++) {
    const level = Math.abs(voice[i] ?? 0);
    env = level > env ? attack * env + (1 - attack) * level : release * env + (1 - release) * level;
    const speaking = Math.min(1, env / 0.04);
    const gain = opts.musicLevel * (1 - speaking * (1 - opts.duckTo));
    const v = (voice[i] ?? 0) + (music[i] ?? 0) * gain;
    // Soft clip: never a hard digital edge.
    out[i] = Math.tanh(v * 1.1) / Math.tanh(1.1);
  }
  return out;
}
