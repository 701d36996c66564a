import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeWav, SAMPLE_RATE } from './pcm.js';
import type { Logger } from '../../core/ports.js';
import { languageLocale, resolveLocale } from '../../i18n/i18n.js';
import type { Spoken } from './animalese.js';
import { endsClause, endsSentence, hanMoraeOf, splitWords, syllables } from './words.js';

const run = promisify(execFile);

/**
 * System text-to-speech for the narrator, best first: festival (with the HTS voice), flite,
 * espeak-ng. All optional: with none installed, or none that speaks the series' language, the
 * narrator speaks animalese.
 */
export interface TtsEngine {
  name: 'festival' | 'flite' | 'espeak-ng';
  /** The engine's voice for a series' language, if it has one installed that reads it (festival and flite speak English only). */
  voice(language: string): Promise<string | undefined>;
  speak(text: string, language: string): Promise<Spoken>;
  /** Many lines in one process, where starting the engine costs more than a line (festival). */
  speakMany?(texts: string[], language: string): Promise<Spoken[]>;
}

/**
 * Whether an engine can read a line aloud: festival and flite read Latin letters only (handed
 * Chinese, festival returns a click of silence), espeak-ng reads the script of its voice.
 */
export function readsText(engine: Pick<TtsEngine, 'name'>, text: string): boolean {
  if (engine.name === 'espeak-ng') return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.filter((c) => /\p{Script=Latin}/u.test(c)).length >= letters.length / 2;
}

/**
 * Language names people type as a series' language, in English and in the language itself, as
 * tags. Tags ("zh-CN", "pt_BR") need no entry; shipped locales are matched with resolveLocale.
 */
const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  chinese: 'zh',
  'simplified chinese': 'zh',
  'traditional chinese': 'zh-hant',
  mandarin: 'zh',
  putonghua: 'zh',
  中文: 'zh',
  汉语: 'zh',
  漢語: 'zh',
  华语: 'zh',
  華語: 'zh',
  普通话: 'zh',
  國語: 'zh-hant',
  国语: 'zh',
  简体中文: 'zh',
  簡體中文: 'zh',
  中文简体: 'zh',
  繁體中文: 'zh-hant',
  繁体中文: 'zh-hant',
  cantonese: 'yue',
  粵語: 'yue',
  粤语: 'yue',
  廣東話: 'yue',
  广东话: 'yue',
  spanish: 'es',
  español: 'es',
  castellano: 'es',
  portuguese: 'pt',
  português: 'pt',
  'brazilian portuguese': 'pt-br',
  'portuguese (brazil)': 'pt-br',
  'português do brasil': 'pt-br',
  'português brasileiro': 'pt-br',
  brasileiro: 'pt-br',
  japanese: 'ja',
  日本語: 'ja',
  にほんご: 'ja',
  korean: 'ko',
  한국어: 'ko',
  조선말: 'ko',
  arabic: 'ar',
  العربية: 'ar',
  عربي: 'ar',
  hindi: 'hi',
  हिन्दी: 'hi',
  हिंदी: 'hi',
  indonesian: 'id',
  'bahasa indonesia': 'id',
  french: 'fr',
  français: 'fr',
  francais: 'fr',
  german: 'de',
  deutsch: 'de',
  italian: 'it',
  italiano: 'it',
  russian: 'ru',
  русский: 'ru',
  dutch: 'nl',
  nederlands: 'nl',
  polish: 'pl',
  polski: 'pl',
  turkish: 'tr',
  türkçe: 'tr',
  vietnamese: 'vi',
  'tiếng việt': 'vi',
  thai: 'th',
  ไทย: 'th',
  hebrew: 'he',
  עברית: 'he',
  greek: 'el',
  ελληνικά: 'el',
  swedish: 'sv',
  svenska: 'sv',
  ukrainian: 'uk',
  українська: 'uk',
  bengali: 'bn',
  বাংলা: 'bn',
  tamil: 'ta',
  தமிழ்: 'ta',
  malay: 'ms',
  'bahasa melayu': 'ms',
  tagalog: 'tl',
  filipino: 'fil',
  persian: 'fa',
  farsi: 'fa',
  فارسی: 'fa',
  urdu: 'ur',
  اردو: 'ur',
};

/**
 * A series' language as a lower-case tag: a name people type ("Chinese", "日本語", "Español"), a
 * tag in any case or with underscores ("zh_CN", "pt-BR"); English when empty; undefined for what
 * is neither (then no engine speaks it).
 */
export function languageTag(language: string): string | undefined {
  const clean = language.trim().toLowerCase().replace(/_/g, '-').replace(/\s+/g, ' ');
  if (!clean) return 'en';
  const named = LANGUAGE_NAMES[clean];
  if (named) return named;
  // A shipped language named in another shipped language ("chinois", "japonés", "Japanisch").
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(clean)) return languageLocale(clean)?.toLowerCase();
  // Chinese is Mandarin unless the tag says Cantonese or Hong Kong / Macau.
  if (/^zh-(yue|hk|mo)\b/.test(clean)) return 'yue';
  // A bare language is the variant we ship: "pt" is Brazilian, "in" (old Java) Indonesian.
  const shipped = resolveLocale(clean).toLowerCase();
  return !clean.includes('-') && shipped !== 'en' ? shipped : clean;
}

const isEnglish = (language: string) => languageTag(language)?.split('-')[0] === 'en';

/**
 * espeak-ng voices to try for a tag, best first (only installed ones are used). Mandarin is read
 * with the Pinyin voice: the plain `cmn` voice of espeak-ng 1.51 reads its own Pinyin as English
 * ("ni three hao three").
 */
const ESPEAK_CHOICES: Record<string, string[]> = {
  en: ['en-us', 'en'],
  zh: ['cmn-latn-pinyin', 'cmn'],
  cmn: ['cmn-latn-pinyin', 'cmn'],
  yue: ['yue'],
};

/** A line in the script of each language whose script an installed voice might not read. */
const SCRIPT_SAMPLE: Record<string, string> = {
  zh: '小狗在公园里玩。',
  cmn: '小狗在公园里玩。',
  yue: '小狗喺公園度玩。',
  ja: '柴犬が目を覚ました。',
  ko: '강아지가 깨어났어요.',
  ar: 'عادت القطة إلى البيت.',
  fa: 'گربه به خانه برگشت.',
  ur: 'بلی گھر واپس آ گئی۔',
  he: 'החתול חזר הביתה.',
  hi: 'बिल्ली घर लौट आई।',
  bn: 'বিড়াল বাড়ি ফিরেছে।',
  ta: 'பூனை வீடு திரும்பியது.',
  th: 'แมวกลับบ้านแล้ว',
  ru: 'Кошка вернулась домой.',
  uk: 'Кішка повернулася додому.',
  el: 'Η γάτα γύρισε σπίτι.',
};

/** The tag, then its language ("es-mx" is listed as an alias of es-419; "fr" of fr-fr). */
function espeakChoices(tag: string): string[] {
  const base = tag.split('-')[0] ?? tag;
  return [...new Set([...(ESPEAK_CHOICES[tag] ?? []), tag, ...(ESPEAK_CHOICES[base] ?? []), base])];
}

/** The voices `espeak-ng --voices` lists: each language column, and each alias to its best voice. */
async function listEspeakVoices(): Promise<Map<string, string>> {
  const { stdout } = await run('espeak-ng', ['--voices'], { timeout: 10_000 });
  const voices = new Map<string, string>();
  const aliases: [string, number, string][] = [];
  for (const line of stdout.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const name = cols[1]?.toLowerCase();
    if (!name) continue;
    voices.set(name, name);
    for (const m of line.matchAll(/\(([\w-]+) (\d+)\)/g)) aliases.push([m[1]!.toLowerCase(), Number(m[2]), name]);
  }
  // An alias ("fr" for fr-fr) goes to the voice that claims it with the best (lowest) priority.
  for (const [alias, , name] of aliases.sort((a, b) => a[1] - b[1])) if (!voices.has(alias)) voices.set(alias, name);
  return voices;
}

/**
 * Whether an espeak-ng voice reads a line of its language's script itself: one that spells it out
 * in English instead (the Japanese voice reads each kanji as "Chinese letter") is worse than
 * animalese.
 */
async function readsItsScript(voice: string, tag: string): Promise<boolean> {
  const sample = SCRIPT_SAMPLE[tag] ?? SCRIPT_SAMPLE[tag.split('-')[0] ?? tag];
  if (!sample) return true;
  const { stdout } = await run('espeak-ng', ['-v', voice, '-q', '-x', '--', sample], { timeout: 10_000 });
  return stdout.trim() !== '' && !stdout.includes('(en)');
}

let espeakVoices: Promise<Map<string, string>> | undefined;
const espeakPicks = new Map<string, Promise<string | undefined>>();

/** The espeak-ng voice for a series' language: installed, and reading the language's script. */
function espeakVoice(language: string): Promise<string | undefined> {
  const tag = languageTag(language);
  if (!tag) return Promise.resolve(undefined);
  let pick = espeakPicks.get(tag);
  if (!pick) {
    espeakVoices ??= listEspeakVoices().catch(() => new Map<string, string>());
    pick = (async () => {
      const voices = await espeakVoices!;
      for (const choice of espeakChoices(tag)) {
        const voice = voices.get(choice);
        if (voice && (await readsItsScript(voice, tag).catch(() => false))) return voice;
      }
      return undefined;
    })();
    espeakPicks.set(tag, pick);
  }
  return pick;
}

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

/**
 * Engines give no word times: spread the words over the clip by their syllables (characters in
 * Chinese, morae in Japanese, blocks in Korean…), a little longer before a pause.
 */
export function estimateWordTimes(text: string, seconds: number): Spoken['words'] {
  const words = splitWords(text);
  const han = hanMoraeOf(text);
  const weights = words.map(({ word: w }) => Math.max(1, syllables(w, han)) + (endsSentence(w) || endsClause(w) ? 0.8 : 0));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let t = 0;
  return words.map(({ word, space }, i) => {
    const d = (weights[i]! / total) * seconds;
    const w = space ? { word, start: t, end: t + d } : { word, start: t, end: t + d, space };
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

const englishOnly = (voice: string) => async (language: string) => (isEnglish(language) ? voice : undefined);

const festival: TtsEngine = {
  name: 'festival',
  voice: englishOnly('cmu_us_slt_arctic_hts'),
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
  voice: englishOnly('slt'),
  speak: (text) => synth(text, async (file) => void (await run('flite', ['-voice', 'slt', '-t', text, '-o', file], { timeout: 60_000 }))),
};

const espeak: TtsEngine = {
  name: 'espeak-ng',
  voice: espeakVoice,
  speak: async (text, language) => {
    const voice = await espeakVoice(language);
    if (!voice) throw new Error(`espeak-ng has no voice that speaks ${language}`);
    return synth(text, async (file) => void (await run('espeak-ng', ['-v', voice, '-s', '160', '-w', file, '--', text], { timeout: 60_000 })));
  },
};

const ENGINES = [festival, flite, espeak];
const works = new Map<string, Promise<boolean>>();
/** Languages already said to have no voice, so the log says it once per process. */
const unvoiced = new Set<string>();

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

/** Every engine that works on this machine, best first (tried afresh, voices listed again). */
export async function probeEngines(): Promise<TtsEngine[]> {
  works.clear();
  espeakVoices = undefined;
  espeakPicks.clear();
  unvoiced.clear();
  const found: TtsEngine[] = [];
  for (const engine of ENGINES) if (await engineWorks(engine)) found.push(engine);
  return found;
}

/**
 * The best working engine with a voice for a series' language, if any; engines are only tried
 * until one works. Without one the narrator speaks animalese, and `log` hears it once.
 */
export async function narratorEngine(language: string, log?: Logger): Promise<TtsEngine | undefined> {
  for (const engine of ENGINES) if ((await engine.voice(language)) && (await engineWorks(engine))) return engine;
  if (log && !unvoiced.has(language)) {
    unvoiced.add(language);
    log.info({ language }, `no offline voice speaks "${language}" here: the narrator speaks animalese (espeak-ng voices: see the README)`);
  }
  return undefined;
}
