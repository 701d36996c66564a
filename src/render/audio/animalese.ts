import { hashSeed, seededRandom } from '../../core/clock.js';
import { kindById } from '../../core/story/species.js';
import type { Look } from '../art/looks.js';
import { SAMPLE_RATE } from './pcm.js';

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
  /** Start and end of each word, in seconds from the clip's start. */
  words: { word: string; start: number; end: number }[];
}

const VOWELS = /[aeiouyàáâäèéêëìíîïòóôöùúûüæœ]/i;

/** Splits a word into rough syllables (vowel groups); a word without vowels is one syllable. */
export function syllables(word: string): number {
  const letters = word.normalize('NFD').replace(/[^\p{L}\p{N}]/gu, '');
  if (!letters) return 0;
  // Scripts without vowels in this sense (CJK, Arabic…): about one syllable per character.
  if (!/[a-z]/i.test(letters)) return Array.from(letters).length;
  const groups = letters.match(/[aeiouy]+/gi)?.length ?? 1;
  return Math.max(1, groups - (/[^aeiouy]e$/i.test(letters) && groups > 1 ? 1 : 0));
}

export function speakAnimalese(text: string, voice: Voice): Spoken {
  const words = text.split(/\s+/).filter(Boolean);
  const chunks: Float32Array[] = [];
  const timing: Spoken['words'] = [];
  let t = 0;
  for (const word of words) {
    const n = syllables(word);
    if (n === 0) continue;
    const start = t;
    const letters = word.toLowerCase();
    for (let s = 0; s < n; s++) {
      // Pitch wanders with the letters: the same word always sounds the same.
      const code = letters.charCodeAt(s % letters.length) || 97;
      const semitone = ((code * 7) % 9) - 4 + (VOWELS.test(letters[s % letters.length] ?? '') ? 2 : 0);
      const question = /\?$/.test(word) && s === n - 1 ? 5 : 0;
      const f = voice.pitch * 2 ** ((semitone + question) / 12);
      chunks.push(blip(f, voice.syllable, voice.brightness));
      t += voice.syllable;
    }
    timing.push({ word, start, end: t });
    const pause = /[.!?…]$/.test(word) ? 0.28 : /[,;:]$/.test(word) ? 0.14 : 0.05;
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
