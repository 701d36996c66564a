import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import type { Logger, RenderRequest, RenderedEpisode, Renderer } from '../core/ports.js';
import { describeIssues, ScriptSchema, type Emotion, type Script } from '../writer/script.js';
import { speakingSeconds } from '../writer/timing.js';
import { hashSeed, seededRandom } from '../core/clock.js';
import { createCanvas, loadImage, type Canvas } from '@napi-rs/canvas';
import type OpenAI from 'openai';
import pLimit from 'p-limit';
import { cardsKey, coldOpenCanvas, drawDisclosure, endCardCanvas, previouslyCanvas, toBeContinuedCanvas } from './art/cards.js';
import { coverCanvas, openAiShot, scenePrompt } from './art/openai-images.js';
import { changedLayer, characterLayer, placements, shotCanvas, wholeBox, type ShotSpec } from './art/shots.js';
import type { Variant } from './art/characters.js';
import { ART_VERSION } from './art/version.js';
import { decodeWav, encodeWav, SAMPLE_RATE } from './audio/pcm.js';
import { normalise } from './audio/loudness.js';
import { duckAndMix, layMusic, layVoice } from './audio/mix.js';
import { renderMoodLoop, sliceLoop, type Mood } from './audio/music.js';
import { openAiSpeaker, withFallback } from './audio/openai-tts.js';
import { estimateWordTimes, narratorEngine, readsText } from './audio/tts.js';
import { cleanLeftovers, tempName as tempFileName } from './leftovers.js';
import { assemble, oversize, type Layer, type Still } from './assemble.js';
import { CaptionPictures, type CaptionState, captionStates, PICTURE_STEP } from './caption-frames.js';
import { captionEvents } from './captions.js';
import { FfmpegError, probe, type FfmpegBinaries } from './ffmpeg.js';
import { keyframesOf, timelineFileOf, timelineParts, TIMELINE_VERSION, type Timeline } from './timeline.js';
import type { Spoken } from './audio/animalese.js';
import { animaleseSpeaker, planStoryboard, previouslyLine, type Picture, type Segment, type Speak, type Storyboard } from './storyboard.js';

export interface VideoRendererOptions {
  bins: FfmpegBinaries;
  width: number;
  height: number;
  fps: number;
  /** Finished videos and posters. */
  mediaDir: string;
  /** Stage artifacts, keyed by a hash of their inputs. */
  cacheDir: string;
  /** Where the mood loops are kept (they depend on nothing but the mood): cacheDir/music by default. */
  musicDir?: string;
  log: Logger;
  /** 'system' uses festival/flite/espeak-ng for the narrator when installed; 'animalese' never does. */
  narrator: 'system' | 'animalese';
  /** A hung ffmpeg is killed after this long; by default 20 s per second of video, 2 minutes at least. */
  ffmpegTimeoutMs?: number;
  /** With an OpenAI key: every line voiced by OpenAI TTS, one voice per character. */
  openaiTts?: { client: OpenAI; model: string };
  /** With an OpenAI key and IMAGES=openai: scene art from OpenAI images, procedural art on failure. */
  openaiImages?: { client: OpenAI; model: string };
}

/** The peak video bitrate that keeps an episode of `seconds` under `maxBytes`. */
export function videoKbpsFor(maxBytes: number, seconds: number): number {
  const audioKbps = 128 + 8;
  // 6 % for the container and the encoder's rate-control slack.
  return Math.min(8000, Math.max(300, ((maxBytes * 8 * 0.94) / seconds - audioKbps * 1000) / 1000));
}

/** Which stage a render failed at, for the episode's failure record. */
export class RenderError extends Error {
  constructor(stage: string, cause: unknown) {
    super(`render failed at the ${stage} stage: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RenderError';
  }
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/** Shots shorter than this have no time for a blink. */
const BLINK_AFTER = 2;
/** Emotions drawn with open eyes (the others' eyes are already shut or hearts). */
const BLINKING: ReadonlySet<Emotion> = new Set(['sad', 'angry', 'shocked', 'smug', 'scared']);

/** Stills drawn at once: as many as the thread pool encodes at once. */
const DRAWN_AT_ONCE = 4;

/** A silent voice as long as a line usually takes to say (the words spread over it). */
const estimatedSpeaker: Speak = async (text) => {
  const seconds = Math.max(0.6, speakingSeconds(text));
  return { samples: new Float32Array(Math.round(seconds * SAMPLE_RATE)), words: estimateWordTimes(text, seconds) };
};

/** Files being made in this process: two shots (or two renders) that need the same file make it once. */
const making = new Map<string, Promise<string>>();

/** A temp name no other writer of the same file uses, in this process or another (see leftovers.ts). */
const tempName = (file: string, ext = '.tmp') => tempFileName(file, randomUUID().slice(0, 8), ext);

/** Writes through a temp file and a rename: a crash never leaves half a file under the real name. */
function cached(file: string, produce: () => Promise<Buffer> | Buffer): Promise<string> {
  let pending = making.get(file);
  if (!pending) {
    pending = (async () => {
      if (await fs.stat(file).catch(() => undefined)) return file;
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = tempName(file);
      try {
        await fs.writeFile(tmp, await produce());
        await fs.rename(tmp, file);
      } finally {
        await fs.rm(tmp, { force: true });
      }
      return file;
    })().finally(() => making.delete(file));
    making.set(file, pending);
  }
  return pending;
}

async function stage<T>(name: string, work: () => Promise<T>, log?: Logger): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    log?.debug({ stage: name, ms: Math.round(performance.now() - started) }, 'render stage done');
    return result;
  } catch (err) {
    throw err instanceof RenderError ? err : new RenderError(name, err);
  }
}

/** Script → vertical MP4 with art, voices, captions and music, under the size every channel accepts. */
export class VideoRenderer implements Renderer {
  private cleanedAt = 0;

  constructor(private readonly opts: VideoRendererOptions) {}

  async render(req: RenderRequest): Promise<RenderedEpisode> {
    await this.cleanUp();
    const parsed = ScriptSchema.safeParse(req.script);
    if (!parsed.success) throw new RenderError('script', `the episode script is not valid: ${describeIssues(parsed.error)}`);
    const script: Script = parsed.data;
    const { width, height, fps } = this.opts;
    const big = oversize(width, height);

    const narration = [...script.scenes.map((s) => s.narration), ...(script.previously && req.number > 1 ? [previouslyLine(req.seriesTitle, script.previously, req.language)] : [])];
    const input = { script, number: req.number, seriesTitle: req.seriesTitle, cast: req.cast, options: req.options, credit: req.credit, language: req.language };
    // Without captions (the soft-subtitled variant) the same stills and soundtrack make another video.
    const burn = req.burnCaptions !== false;
    const pictures = new CaptionPictures(path.join(this.opts.cacheDir, 'caption-pictures'));
    let early: Promise<void> = Promise.resolve();
    try {
      // The shots and the captions' pages come from the script, not from the voices' timing: their
      // art is drawn while a narrator's voice is made in another process, from a storyboard timed
      // by estimate. The real storyboard's pictures are then mostly drawn already (the same files);
      // any it differs by are drawn after.
      early = this.drawAhead(input, big, req, burn ? pictures : undefined);
      const speak = await this.stage('voice', () => this.speaker(req.language, narration));
      const board = await this.stage('voice', () => planStoryboard(input, speak));
      await early;

      // Art, music and captions need only the storyboard: the music is mixed while the stills are
      // encoded (off the main thread).
      const [stills, soundtrack, captions] = await Promise.all([
        this.stage('art', () => this.stills(board.segments, big, req)),
        this.stage('music', async () => {
          const key = hash([board.voice.map((v) => [v.start, v.spoken.words]), board.segments.map((s) => [s.start, s.duration, s.mood]), board.duration]);
          return cached(path.join(this.opts.cacheDir, 'audio', `${key}.wav`), async () => {
            const voice = layVoice(
              board.voice.map((v) => ({ start: v.start, samples: v.spoken.samples })),
              board.duration,
            );
            const loops = new Map<Mood, Float32Array>();
            for (const mood of new Set(board.segments.map((s) => s.mood).filter((m): m is Mood => m !== null))) loops.set(mood, await this.moodLoop(mood));
            const music = layMusic(
              board.segments.filter((s) => s.mood).map((s) => ({ start: s.start, samples: sliceLoop(loops.get(s.mood!)!, s.duration + 0.4, s.start) })),
              board.duration,
            );
            return encodeWav(normalise(duckAndMix(voice, music)));
          });
        }),
        this.stage('captions', async () => (burn ? this.captionStates(board, req) : [])),
      ]);

      // Keyframes at the card boundaries (a season cut splits there): part of the video's key.
      const parts = timelineParts(board, fps);
      const keyframes = keyframesOf(parts);
      const key = hash([stills, soundtrack, captions.map((c) => [c.at, c.top, c.key]), width, height, fps, req.maxBytes, keyframes, ...(burn ? [] : ['no-captions'])]);
      const dir = path.join(this.opts.mediaDir, req.seriesId);
      const output = path.join(dir, `${req.episodeId}-${key}.mp4`);
      await fs.mkdir(dir, { recursive: true });
      // The poster is the cold open's first frame, whichever art made it; drawn while ffmpeg runs.
      // Both settle before a failure is reported, so no ffmpeg outlives its render.
      const [posterDone, videoDone] = await Promise.allSettled([
        // The soft-subtitled variant shares its episode's poster: none drawn for it.
        this.stage('art', async () =>
          !burn
            ? null
            : cached(path.join(dir, `${req.episodeId}-${key}.png`), async () => {
                const image = await loadImage(await fs.readFile(stills[0]!.base));
                const canvas = createCanvas(width, height);
                canvas.getContext('2d').drawImage(image, 0, 0, width, height);
                return canvas.encode('png');
              }),
        ),
        this.stage('video', () => this.encode(board, stills, soundtrack, captions, pictures, output, req.maxBytes, req.signal, keyframes)),
      ]);
      if (videoDone.status === 'rejected') throw videoDone.reason;
      if (posterDone.status === 'rejected') throw posterDone.reason;
      const video = videoDone.value;
      // Beside the video: its parts and its captions' word times, for post kits and season cuts.
      const timeline: Timeline = { version: TIMELINE_VERSION, duration: board.duration, fps, width, height, language: req.language, parts, captions: board.captions };
      const timelinePath = await cached(timelineFileOf(video.file), () => Buffer.from(JSON.stringify(timeline)));
      return { videoPath: video.file, posterPath: posterDone.value, timelinePath, durationMs: Math.round(video.seconds * 1000), sizeBytes: video.bytes, width, height };
    } finally {
      // Drawing ahead may still be at work when a stage failed: it ends before its files go.
      await early;
      await pictures.remove();
    }
  }

  /**
   * Every segment's still, a few drawn at a time in this process: each is held drawn (tens of
   * megabytes at 1080p) until its JPEG is encoded off the main thread.
   */
  private stills(segments: Segment[], big: { width: number; height: number }, req: Pick<RenderRequest, 'seriesTitle' | 'language'>): Promise<Still[]> {
    return Promise.all(segments.map((seg) => this.drawing(() => this.still(seg, big.width, big.height, req.seriesTitle, req.language))));
  }

  private readonly drawing = pLimit(DRAWN_AT_ONCE);

  /** The captions' pictures over time: pages of the storyboard's lines, placed where it leaves room. */
  private captionStates(board: Pick<Storyboard, 'captions' | 'captionPlaces'>, req: Pick<RenderRequest, 'language' | 'cast'>): CaptionState[] {
    const { width, height } = this.opts;
    const events = captionEvents(board.captions, {
      width,
      height,
      language: req.language,
      bottomAt: (t: number) => board.captionPlaces.find((p) => t >= p.from && t < p.to)?.bottom,
      names: req.cast.map((c) => c.name),
    });
    return captionStates(events, { width, height, step: PICTURE_STEP });
  }

  private stage<T>(name: string, work: () => Promise<T>): Promise<T> {
    return stage(name, work, this.opts.log);
  }

  /** A mood's music loop, rendered from the soundfont once and kept (on disk, and here for this process). */
  private moodLoop(mood: Mood): Promise<Float32Array> {
    let loop = this.loops.get(mood);
    if (!loop) {
      loop = cached(path.join(this.opts.musicDir ?? path.join(this.opts.cacheDir, 'music'), `${mood}-v1.wav`), async () => encodeWav(await renderMoodLoop(mood))).then(async (file) =>
        decodeWav(await fs.readFile(file)),
      );
      // A failed load is tried again by the next render.
      loop.catch(() => this.loops.delete(mood));
      this.loops.set(mood, loop);
    }
    return loop;
  }

  private readonly loops = new Map<Mood, Promise<Float32Array>>();

  private async speaker(language: string, narration: string[]): Promise<Speak> {
    const offline = await this.offlineSpeaker(language, narration);
    const tts = this.opts.openaiTts;
    if (!tts) return offline;
    return withFallback(
      this.keep(`openai:${tts.model}`, openAiSpeaker(tts.client, tts.model), () => true),
      offline,
      this.opts.log,
    );
  }

  private async offlineSpeaker(language: string, narration: string[]): Promise<Speak> {
    if (this.opts.narrator === 'animalese') return animaleseSpeaker;
    const engine = await narratorEngine(language, this.opts.log);
    if (!engine) return animaleseSpeaker;
    // Cached clips are keyed by the voice that spoke them: a better voice for a language later is heard.
    const voice = `${engine.name}:${(await engine.voice(language)) ?? language}`;
    if (engine.speakMany)
      await this.speakAhead(
        voice,
        narration.filter((text) => readsText(engine, text)),
        (texts) => engine.speakMany!(texts, language),
      );
    // A line the engine cannot read (Chinese handed to festival) is said in animalese, never as silence.
    const system: Speak = async (text, who) => (who.narrator && readsText(engine, text) ? engine.speak(text, language) : animaleseSpeaker(text, who));
    return this.keep(voice, system, (who) => who.narrator);
  }

  /**
   * Voices every narrator line not yet kept, in one engine process per core, straight into the
   * cache that `keep` reads: starting festival costs more than speaking a line.
   */
  private async speakAhead(voice: string, lines: string[], speakMany: (texts: string[]) => Promise<Spoken[]>): Promise<void> {
    const fileOf = (text: string) => this.voiceFile(voice, 'narrator', text);
    const missing: string[] = [];
    for (const text of new Set(lines)) if (!(await fs.stat(fileOf(text)).catch(() => undefined))) missing.push(text);
    if (!missing.length) return;
    const lanes = Math.min(missing.length, Math.max(1, os.availableParallelism()));
    // Longest lines first, each to the lane with the least text so far: the lanes finish together.
    const batches = Array.from({ length: lanes }, () => ({ texts: [] as string[], chars: 0 }));
    for (const text of [...missing].sort((a, b) => b.length - a.length)) {
      const lane = batches.reduce((least, b) => (b.chars < least.chars ? b : least));
      lane.texts.push(text);
      lane.chars += text.length;
    }
    await Promise.all(
      batches.map(async ({ texts: batch }) => {
        const spoken = await speakMany(batch).catch(() => undefined); // line by line later, then
        if (!spoken) return;
        for (const [i, text] of batch.entries()) await cached(fileOf(text), () => encodeWav(spoken[i]!.samples));
      }),
    );
  }

  /** Where a kept line lives: one name for `keep` and `speakAhead`, which fills it in advance. */
  private voiceFile(voice: string, speaker: string, text: string): string {
    return path.join(this.opts.cacheDir, 'voice', `${hash([voice, speaker, text])}.wav`);
  }

  /** Keeps what a slow voice said (a process or a network call away), keyed by voice and text. */
  private keep(voice: string, speak: Speak, slow: (who: Parameters<Speak>[1]) => boolean): Speak {
    return async (text, who) => {
      if (!slow(who)) return speak(text, who);
      const file = this.voiceFile(voice, who.narrator ? 'narrator' : who.name, text);
      let words: { word: string; start: number; end: number }[] = [];
      await cached(file, async () => {
        const spoken = await speak(text, who);
        words = spoken.words;
        return encodeWav(spoken.samples);
      });
      const samples = decodeWav(await fs.readFile(file));
      if (!words.length) words = estimateWordTimes(text, samples.length / SAMPLE_RATE);
      return { samples, words };
    };
  }

  /**
   * A segment's picture as files: the still (high-quality JPEG, encoded off the main thread and far
   * quicker than PNG) and its layers: each speaker with the mouth open, each face with the eyes
   * shut (transparent PNGs, drawn once and kept).
   */
  private async still(seg: Segment, w: number, h: number, seriesTitle: string, language: string): Promise<Still> {
    const art = path.join(this.opts.cacheDir, 'art');
    const picture = seg.picture;
    if ((picture.kind === 'shot' || picture.kind === 'cold-open') && this.opts.openaiImages) {
      const generated = await this.generatedShot(picture.shot, seriesTitle);
      if (generated) {
        const file = path.join(art, `${hash([picture, w, h, generated, ...(picture.kind === 'cold-open' || picture.shot.sponsor ? [cardsKey(language)] : [])])}.jpg`);
        return {
          base: await cached(file, async () => {
            const canvas = await coverCanvas(await fs.readFile(generated), w, h, picture.shot.framing);
            return (
              picture.kind === 'cold-open' ? coldOpenCanvas(picture.shot, picture.seriesTitle, picture.number, w, h, canvas, language, picture.credit) : disclosed(canvas, picture.shot, language)
            ).encode('jpeg', 93);
          }),
          layers: [],
        };
      }
    }
    const shot = seg.picture.kind === 'shot' ? seg.picture.shot : undefined;
    // Whoever storms out walks out of the frame, whoever arrives walks in: drawn as layers that
    // move, not into the still.
    const walkers = new Set(shot ? [...(seg.exits ?? []), ...(seg.entrances ?? [])] : []);
    const base = await cached(path.join(art, `${hash([ART_VERSION, seg.picture, w, h, [...walkers], ...(shot && !shot.sponsor ? [] : [cardsKey(language)])])}.jpg`), () =>
      (shot ? disclosed(shotCanvas(shot, w, h, walkers), shot, language) : pictureCanvas(seg.picture, w, h, language)).encode('jpeg', 93),
    );
    // A push-in zooms the still alone (assemble.ts): no layers to draw for it.
    if (!shot || seg.motion === 'push-in') return { base, layers: [] };
    const layers: Layer[] = [];
    for (const [i, p] of placements(shot, w, h).entries()) {
      if (walkers.has(p.character.look.name)) {
        const box = wholeBox(p);
        const file = await cached(path.join(art, `${hash([ART_VERSION, 'walker', p, w, h])}.png`), () => characterLayer(p, { w, h }, {}, box).canvas.encode('png'));
        if (seg.entrances?.includes(p.character.look.name)) {
          // In from the nearer edge, facing where they are going, in the shot's first second or so.
          const from = p.facing === 'right' ? -(box.left + box.width) : w - box.left;
          layers.push({ file, left: box.left, top: box.top, width: box.width, height: box.height, show: { kind: 'arrive', from, over: Math.min(1.2, seg.duration * 0.5), bob: p.size * 0.025 } });
          continue;
        }
        const distance = p.facing === 'left' ? box.left + box.width : w - box.left;
        // Out after their last word in this shot.
        const after = Math.max(0.3, ...(seg.talking.find((t) => t.name === p.character.look.name)?.windows.map(([, end]) => end + 0.2) ?? []));
        const speed = (distance / Math.max(0.6, (seg.duration - after) * 0.85)) * (p.facing === 'left' ? -1 : 1);
        layers.push({ file, left: box.left, top: box.top, width: box.width, height: box.height, show: { kind: 'walk', after, speed, bob: p.size * 0.025 } });
        continue;
      }
      // Only the pixels that change: a layer the size of a mouth or a pair of eyes.
      const layer = async (extra: Variant, show: Layer['show']): Promise<Layer | undefined> => {
        const part = changedLayer(shot, p, { w, h }, extra, walkers);
        if (!part) return undefined;
        const file = await cached(path.join(art, `${hash([ART_VERSION, 'layer', shot, [...walkers], p.character.look.name, w, h, extra])}.png`), () => part.canvas.encode('png'));
        return { file, left: part.left, top: part.top, width: part.canvas.width, height: part.canvas.height, show };
      };
      const talking = seg.talking.find((b) => b.name === p.character.look.name);
      const rnd = seededRandom(hashSeed(p.character.look.name));
      // Everyone on screen breathes, slowly and each at their own pace; under the mouth and the eyes.
      // Not in a wide shot: a chest that small rises by a pixel, and each layer costs every frame.
      if (seg.duration >= BLINK_AFTER && shot.framing !== 'wide') {
        const chest = await layer({ breath: true }, { kind: 'breath', every: 3.2 + rnd() * 1.2, phase: rnd() * 3 + i * 0.7, quiet: talking?.windows ?? [] });
        if (chest) layers.push(chest);
      }
      const mouth = talking && (await layer({ talking: true }, { kind: 'words', windows: talking.windows }));
      if (mouth) layers.push(mouth);
      // Open eyes blink now and then, each character on a rhythm of their own.
      if (seg.duration >= BLINK_AFTER && BLINKING.has(p.character.emotion) && p.character.action !== 'sleep') {
        const eyes = await layer({ blink: true }, { kind: 'blink', every: 2.8 + rnd() * 1.6, phase: rnd() * 2 + i });
        if (eyes) layers.push(eyes);
      }
    }
    return { base, layers };
  }

  /**
   * Draws the stills and caption pictures of the storyboard the voices would likely make; a failure
   * here is met again, and reported, by the stage that needs them. Not the stills with OpenAI
   * images, which cost a request per shot.
   */
  private async drawAhead(input: Parameters<typeof planStoryboard>[0], big: { width: number; height: number }, req: RenderRequest, pictures: CaptionPictures | undefined): Promise<void> {
    try {
      const board = await planStoryboard(input, estimatedSpeaker);
      if (!this.opts.openaiImages) await this.stills(board.segments, big, req);
      await pictures?.write(this.captionStates(board, req));
    } catch {
      // The stages draw (or fail) for real.
    }
  }

  /** An OpenAI picture of a shot, kept per prompt; undefined (procedural art) when it can't be had. */
  private generatedShot(shot: ShotSpec, seriesTitle: string): Promise<string | undefined> {
    const images = this.opts.openaiImages!;
    const prompt = scenePrompt(shot, seriesTitle);
    // The cold open shows a scene's shot again: `cached` makes one request serve both.
    return cached(path.join(this.opts.cacheDir, 'images', `${hash([images.model, prompt])}.png`), () => openAiShot(images.client, images.model, prompt)).catch((err: unknown) => {
      this.opts.log.warn({ error: err instanceof Error ? err.message : String(err) }, 'OpenAI image failed; drawing the shot procedurally');
      return undefined;
    });
  }

  /**
   * A render whose worker was killed (SIGKILL) may have left an ffmpeg running and temp files:
   * the next render on this machine ends and removes them (at most once a minute).
   */
  private async cleanUp(): Promise<void> {
    if (Date.now() - this.cleanedAt < 60_000) return;
    this.cleanedAt = Date.now();
    const { killed, removed } = await cleanLeftovers([this.opts.mediaDir, this.opts.cacheDir]);
    if (killed || removed) this.opts.log.warn({ killed, removed }, 'cleaned up after a render whose worker was killed');
  }

  /** Encodes under the size target: the bitrate comes from the duration, and an oversized result is redone smaller. */
  private async encode(
    board: Awaited<ReturnType<typeof planStoryboard>>,
    stills: Still[],
    soundtrack: string,
    captions: CaptionState[],
    pictures: CaptionPictures,
    output: string,
    maxBytes: number,
    signal?: AbortSignal,
    keyframes: number[] = [],
  ) {
    const existing = await fs.stat(output).catch(() => undefined);
    if (existing && existing.size <= maxBytes) {
      const info = await probe(this.opts.bins, output);
      return { file: output, bytes: existing.size, seconds: info.durationSeconds };
    }
    let kbps = videoKbpsFor(maxBytes, board.duration);
    const files = await pictures.write(captions);
    const burnt = captions.map((c, i) => ({ at: c.at, top: c.top, file: files[i]! }));
    const tmp = tempName(output, '.tmp.mp4');
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        await assemble(
          this.opts.bins,
          {
            segments: board.segments,
            stills,
            soundtrack,
            ...(burnt.length ? { captions: burnt } : {}),
            width: this.opts.width,
            height: this.opts.height,
            fps: this.opts.fps,
            duration: board.duration,
            maxVideoKbps: kbps,
            output: tmp,
            keyframes,
          },
          this.opts.ffmpegTimeoutMs ?? Math.max(120_000, board.duration * 20_000),
          signal,
          (commandLine) => this.opts.log.debug({ ffmpeg: commandLine }, 'ffmpeg started'),
        );
        const { size } = await fs.stat(tmp);
        if (size <= maxBytes) {
          await fs.rename(tmp, output);
          const info = await probe(this.opts.bins, output);
          return { file: output, bytes: size, seconds: info.durationSeconds };
        }
        this.opts.log.warn({ size, maxBytes, kbps }, 'episode came out over its size target; encoding again smaller');
        kbps *= (maxBytes / size) * 0.9;
      }
    } finally {
      // A failed or stopped encode leaves no half-written file behind.
      await fs.rm(tmp, { force: true });
    }
    throw new FfmpegError(`could not fit the episode under ${(maxBytes / 1024 / 1024).toFixed(1)} MiB`, '');
  }
}

/** A sponsored scene's shot carries "Sponsored by …" as long as it is on screen. */
function disclosed(canvas: Canvas, shot: ShotSpec, language: string): Canvas {
  return shot.sponsor ? drawDisclosure(canvas, shot.sponsor.brand, language) : canvas;
}

function pictureCanvas(picture: Picture, w: number, h: number, language: string): Canvas {
  switch (picture.kind) {
    case 'shot':
      return shotCanvas(picture.shot, w, h);
    case 'cold-open':
      return coldOpenCanvas(picture.shot, picture.seriesTitle, picture.number, w, h, undefined, language, picture.credit);
    case 'previously':
      return previouslyCanvas(picture.seriesTitle, picture.text, w, h, language);
    case 'to-be-continued':
      return toBeContinuedCanvas(w, h, language);
    case 'end-card':
      return endCardCanvas(picture.options, w, h, language, picture.shot ? shotCanvas(picture.shot, w, h) : undefined);
  }
}
