import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeWav, SAMPLE_RATE } from './pcm.js';
import { syllables, type Spoken } from './animalese.js';

const run = promisify(execFile);

/**
 * System text-to-speech for the narrator, best first: festival (with the HTS voice), flite,
 * espeak-ng. All optional: with none installed, the narrator speaks animalese.
 */
export interface TtsEngine {
  name: 'festival' | 'flite' | 'espeak-ng';
  /** Whether it can speak this language (festival and flite speak English only). */
  speaks(language: string): boolean;
  speak(text: string, language: string): Promise<Spoken>;
  /** Many lines in one process, where starting the engine costs more than a line (festival). */
  speakMany?(texts: string[], language: string): Promise<Spoken[]>;
}

const isEnglish = (language: string) => /^(en|eng|english)([-_].*)?$/i.test(language.trim());

/** espeak-ng voice names for common language names people type. */
const ESPEAK_LANG: Record<string, string> = {
  english: 'en-us',
  spanish: 'es',
  español: 'es',
  french: 'fr',
  german: 'de',
  italian: 'it',
  portuguese: 'pt',
  chinese: 'cmn',
  mandarin: 'cmn',
  japanese: 'ja',
  korean: 'ko',
  arabic: 'ar',
  russian: 'ru',
  hindi: 'hi',
  dutch: 'nl',
};

async function tempWav(): Promise<{ file: string; done: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tailtwist-tts-'));
  return { file: path.join(dir, 'voice.wav'), done: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Trims silence at both ends, so word timings line up with the voice. */
function trim(samples: Float32Array): Float32Array {
  const threshold = 0.01;
  let a = 0;
  let b = samples.length - 1;
  while (a < b && Math.abs(samples[a]!) < threshold) a++;
  while (b > a && Math.abs(samples[b]!) < threshold) b--;
  return samples.subarray(Math.max(0, a - 240), Math.min(samples.length, b + 240));
}

/** Engines give no word times: spread the words over the clip by their syllables. */
export function estimateWordTimes(text: string, seconds: number): Spoken['words'] {
  const words = text.split(/\s+/).filter(Boolean);
  const weights = words.map((w) => Math.max(1, syllables(w)) + (/[.!?,;:…]$/.test(w) ? 0.8 : 0));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let t = 0;
  return words.map((word, i) => {
    const d = (weights[i]! / total) * seconds;
    const w = { word, start: t, end: t + d };
    t += d;
    return w;
  });
}

async function synth(text: string, make: (file: string) => Promise<void>): Promise<Spoken> {
  const tmp = await tempWav();
  try {
    await make(tmp.file);
    const samples = trim(decodeWav(await fs.readFile(tmp.file)));
    return { samples, words: estimateWordTimes(text, samples.length / SAMPLE_RATE) };
  } finally {
    await tmp.done();
  }
}

/** A string as a Scheme literal for festival. */
const scheme = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const festival: TtsEngine = {
  name: 'festival',
  speaks: isEnglish,
  speakMany: async (texts) => {
    const tmp = await tempWav();
    const dir = path.dirname(tmp.file);
    try {
      const files = texts.map((_, i) => path.join(dir, `line-${i}.wav`));
      const program = ['(voice_cmu_us_slt_arctic_hts)', ...texts.map((t, i) => `(utt.save.wave (SynthText ${scheme(t)}) ${scheme(files[i]!)} 'riff)`)].join('\n');
      await fs.writeFile(path.join(dir, 'lines.scm'), program);
      await run('festival', ['-b', path.join(dir, 'lines.scm')], { timeout: 30_000 + texts.length * 20_000 });
      return Promise.all(
        files.map(async (file, i) => {
          const samples = trim(decodeWav(await fs.readFile(file)));
          return { samples, words: estimateWordTimes(texts[i]!, samples.length / SAMPLE_RATE) };
        }),
      );
    } finally {
      await tmp.done();
    }
  },
  speak: (text) =>
    synth(
      text,
      (file) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('text2wave', ['-o', file, '-eval', '(voice_cmu_us_slt_arctic_hts)'], { stdio: ['pipe', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
          child.on('error', reject);
          child.on('close', (code) => {
            clearTimeout(timer);
            if (code === 0) resolve();
            else reject(new Error(`text2wave exited with ${code}: ${err.slice(-300)}`));
          });
          child.stdin.end(text);
        }),
    ),
};

const flite: TtsEngine = {
  name: 'flite',
  speaks: isEnglish,
  speak: (text) => synth(text, async (file) => void (await run('flite', ['-voice', 'slt', '-t', text, '-o', file], { timeout: 60_000 }))),
};

const espeak: TtsEngine = {
  name: 'espeak-ng',
  speaks: () => true,
  speak: (text, language) => {
    const voice = ESPEAK_LANG[language.trim().toLowerCase()] ?? (language.trim().toLowerCase() || 'en-us');
    return synth(text, async (file) => void (await run('espeak-ng', ['-v', voice, '-s', '160', '-w', file, '--', text], { timeout: 60_000 })));
  },
};

const ENGINES = [festival, flite, espeak];
const works = new Map<string, Promise<boolean>>();

/** Whether an engine really speaks here (installed, voice present): tried once with a short line. */
function engineWorks(engine: TtsEngine): Promise<boolean> {
  let known = works.get(engine.name);
  if (!known) {
    known = engine.speak('Hello.', 'en').then(
      (out) => out.samples.length > SAMPLE_RATE * 0.1,
      () => false,
    );
    works.set(engine.name, known);
  }
  return known;
}

/** Every engine that works on this machine, best first (tried afresh). */
export async function probeEngines(): Promise<TtsEngine[]> {
  works.clear();
  const found: TtsEngine[] = [];
  for (const engine of ENGINES) if (await engineWorks(engine)) found.push(engine);
  return found;
}

/** The best working engine for a language, if any; engines are only tried until one works. */
export async function narratorEngine(language: string): Promise<TtsEngine | undefined> {
  for (const engine of ENGINES) if (engine.speaks(language) && (await engineWorks(engine))) return engine;
  return undefined;
}
