import { hashSeed, seededRandom } from '../../core/clock.js';
import { kindById } from '../../core/story/species.js';
import type { Look } from '../art/looks.js';
import { SAMPLE_RATE } from './pcm.js';
import { asks, endsClause, endsSentence, splitWords, syllables, type SpokenWord } from './words.js';

/**
 * Animalese: the babble animal characters "speak" in games. Every syllable is a short voiced
 * blip whose pitch follows the letters, with a per-character voice from its kind (species.ts):
 * a hamster high and quick, a pig low, a big dog lower than a small one. Needs nothing installed, and gives exact word timings.
 */

export interface Voice {
  /** Base pitch in Hz. */
  pitch: number;
  /** 0..1: how many upper harmonics (a cat's meow is brighter than a retriever's woof). */
  brightness: number;
  /** Seconds a syllable lasts. */
  syllable: number;
}

export function voiceFor(name: string, look: Look | undefined): Voice {
  const rnd = seededRandom(hashSeed(`voice:${name}`));
  // The kind's voice (species.ts), lower for a bigger breed, and a little different per character.
  const base = kindById(look?.kind ?? 'dog').voice;
  const scale = look?.scale ?? 1;
  return { pitch: (base.pitch / scale) * (0.88 + rnd() * 0.24), brightness: base.brightness, syllable: base.syllable * Math.sqrt(scale) };
}

/** A neutral storyteller voice for narration when no text-to-speech engine is installed. */
export const NARRATOR_VOICE: Voice = { pitch: 150, brightness: 0.3, syllable: 0.12 };

export interface Spoken {
  samples: Float32Array;
  /**
   * Start and end of each word, in seconds from the clip's start, and whether a space follows it
   * (`space`, absent means yes; see SpokenWord: Chinese, Japanese and Thai words join without).
   */
  words: SpokenWord[];
}

const VOWELS = /[aeiouyàáâäèéêëìíîïòóôöùúûüæœ]/i;

export function speakAnimalese(text: string, voice: Voice): Spoken {
  const chunks: Float32Array[] = [];
  const timing: Spoken['words'] = [];
  let t = 0;
  for (const { word, space } of splitWords(text)) {
    // One blip per character in Chinese and Japanese, as they are spoken.
    const n = syllables(word);
    if (n === 0) continue;
    const start = t;
    const letters = word.toLowerCase();
    for (let s = 0; s < n; s++) {
      // Pitch wanders with the letters: the same word always sounds the same.
      const code = letters.charCodeAt(s % letters.length) || 97;
      const semitone = ((code * 7) % 9) - 4 + (VOWELS.test(letters[s % letters.length] ?? '') ? 2 : 0);
      const question = asks(word) && s === n - 1 ? 5 : 0;
      const f = voice.pitch * 2 ** ((semitone + question) / 12);
      chunks.push(blip(f, voice.syllable, voice.brightness));
      t += voice.syllable;
    }
    timing.push(space ? { word, start, end: t } : { word, start, end: t, space });
    const pause = endsSentence(word) ? 0.28 : endsClause(word) ? 0.14 : space ? 0.05 : 0.02;
    chunks.push(new Float32Array(Math.round(pause * SAMPLE_RATE)));
    t += pause;
  }
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const samples = new Float32Array(total);
  let at = 0;
  for (const c of chunks) {
    samples.set(c, at);
    at += c.length;
  }
  return { samples, words: timing };
}

function blip(freq: number, seconds: number, brightness: number): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  const out = new Float32Array(n);
  const harmonics = 2 + Math.round(brightness * 6);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const x = i / n;
    // A quick attack and a soft decay, with a little pitch fall like a spoken syllable.
    const env = Math.min(1, x * 12) * (1 - x) ** 1.5;
    phase += (2 * Math.PI * freq * (1 - 0.08 * x)) / SAMPLE_RATE;
    let v = 0;
    for (let h = 1; h <= harmonics; h++) v += Math.sin(phase * h) / h ** (1.6 - brightness * 0.6);
    out[i] = v * env * 0.32;
  }
  return out;
}
