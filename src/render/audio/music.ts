import { SAMPLE_RATE } from './pcm.js';

/**
 * A procedural mood bed per scene: a chord progression voiced as a soft pad, a bass and a
 * plucked arpeggio, synthesised here so that it needs nothing installed.
 */
export type Mood = 'tender' | 'tense' | 'tragic' | 'triumphant' | 'comic';

const MOODS: Record<Mood, { bpm: number; chords: number[][]; bright: number }> = {
  // MIDI notes; progressions that read as their mood at once.
  tender: { bpm: 72, chords: [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]], bright: 0.5 },
  tense: { bpm: 96, chords: [[57, 60, 64], [57, 60, 63], [56, 60, 63], [55, 59, 62]], bright: 0.7 },
  tragic: { bpm: 60, chords: [[57, 60, 64], [53, 57, 60], [50, 53, 57], [52, 56, 59]], bright: 0.35 },
  triumphant: { bpm: 110, chords: [[60, 64, 67], [65, 69, 72], [67, 71, 74], [60, 64, 67]], bright: 0.8 },
  comic: { bpm: 124, chords: [[60, 64, 67], [62, 65, 69], [64, 67, 71], [65, 69, 72]], bright: 0.9 },
};

const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

export function moodOf(emotions: string[]): Mood {
  const has = (e: string) => emotions.includes(e);
  if (has('crying') || has('sad')) return 'tragic';
  if (has('in love')) return 'tender';
  if (has('angry') || has('shocked') || has('scared')) return 'tense';
  if (has('smug')) return 'comic';
  return has('happy') ? 'triumphant' : 'tender';
}

/** `seconds` of music in `mood`, starting `offset` seconds into the piece (so cuts don't restart it). */
// A sine table: a lookup per sample instead of Math.sin keeps a minute of music under 100 ms.
const TABLE_SIZE = 4096;
const SINE = Float32Array.from({ length: TABLE_SIZE }, (_, i) => Math.sin((2 * Math.PI * i) / TABLE_SIZE));
const sine = (cycles: number) => SINE[Math.floor((cycles - Math.floor(cycles)) * TABLE_SIZE)]!;

export function renderMood(mood: Mood, seconds: number, offset = 0): Float32Array {
  const m = MOODS[mood];
  const n = Math.round(seconds * SAMPLE_RATE);
  const out = new Float32Array(n);
  const beat = 60 / m.bpm;
  const bar = beat * 4;
  const eighth = beat / 2;
  for (let i = 0; i < n; i++) {
    const t = offset + i / SAMPLE_RATE;
    const chord = m.chords[Math.floor(t / bar) % m.chords.length]!;
    const inBar = t % bar;
    let v = 0;
    // Pad: the chord, slowly breathing.
    const breath = 0.06 * (0.8 + 0.2 * sine(0.25 * t));
    for (const note of chord) v += sine(hz(note) * t) * breath;
    // Bass: the root, an octave down, on each beat.
    v += sine(hz(chord[0]! - 12) * t) * 0.12 * Math.exp(-(inBar % beat) * 3);
    // Arpeggio: eighth notes through the chord, plucked.
    const note = hz(chord[Math.floor(inBar / eighth) % chord.length]! + 12);
    v += (sine(note * t) + m.bright * 0.5 * sine(2 * note * t)) * 0.07 * Math.exp(-(inBar % eighth) * 9);
    out[i] = v;
  }
  return out;
}
