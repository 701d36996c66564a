import { execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { translate } from '../i18n/i18n.js';
import type { FfmpegBinaries } from '../render/ffmpeg.js';
import { creditsPages } from './credits-card.js';
import type { EpisodeCredit } from './credits.js';
import { joinMp4, readMp4, type JoinChapter, type Mp4, type Piece } from './mp4.js';
import type { Timeline, TimelinePart } from './timeline-file.js';

/**
 * A season cut: episodes joined into one vertical video by copying their samples (src/export/mp4.ts,
 * no re-encode, no ffprobe). Each episode was encoded with keyframes at its card boundaries
 * (src/render/timeline.ts), so its parts are whole groups of pictures; the cut keeps one "Previously
 * on" (the first episode's), drops every outro but the last, appends end credits encoded with the
 * same settings (one still frame per page, held; kept per version in the cache), and marks a
 * chapter where each episode starts. The episodes' soundtracks are all normalised to −14 LUFS, so
 * the joined one is too. An episode whose streams differ from the others' (another resolution, an
 * older encoder) is re-encoded to match; nothing else is.
 */

export interface SeasonEpisode {
  number: number;
  title: string;
  video: string;
  /** Null for an episode rendered before timelines were kept: it joins whole. */
  timeline: Timeline | null;
}

export interface SeasonInput {
  bins: FfmpegBinaries;
  seriesTitle: string;
  language: string;
  /** In order. */
  episodes: SeasonEpisode[];
  credits: EpisodeCredit[];
  output: string;
  /** Where the end credits clip (per version) and the silence under it (per machine) are kept; none: made for each cut. */
  cacheDir?: string;
  signal?: AbortSignal;
}

export interface Chapter {
  start: number;
  end: number;
  title: string;
}

export interface SeasonResult {
  file: string;
  duration: number;
  chapters: Chapter[];
  /** Episodes that had to be re-encoded to join (their streams differed). */
  reencoded: number[];
}

const exec = promisify(execFile);

/** Seconds each credits page stays. */
const CREDITS_PAGE_SECONDS = 3.5;

/** The picture and sound settings of every episode (assemble.ts), for what the cut encodes itself. */
function encoderArgs(fps: number): { video: string[]; audio: string[] } {
  return {
    video: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-maxrate', '4000k', '-bufsize', '8000k', '-pix_fmt', 'yuv420p', '-r', String(fps)],
    audio: ['-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', '48000'],
  };
}

/**
 * The colour tags of the reference's picture as encoder options: a current ffmpeg carries the
 * stills' (range, matrix, chroma siting) into the H.264 header, and what the cut encodes itself
 * must carry the same to join by copy. Asked of ffprobe only when something is encoded.
 */
async function colourArgs(bins: FfmpegBinaries, file: string, signal?: AbortSignal): Promise<string[]> {
  const { stdout } = await exec(
    bins.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=color_range,color_space,color_transfer,color_primaries,chroma_location', '-of', 'json', file],
    { signal },
  );
  const s = (JSON.parse(stdout) as { streams?: Record<string, string>[] }).streams?.[0] ?? {};
  const known = (v: string | undefined) => v !== undefined && v !== 'unknown' && v !== 'unspecified' && v !== 'reserved';
  return [
    ...(known(s.color_range) ? ['-color_range', s.color_range!] : []),
    ...(known(s.color_space) ? ['-colorspace', s.color_space!] : []),
    ...(known(s.color_transfer) ? ['-color_trc', s.color_transfer!] : []),
    ...(known(s.color_primaries) ? ['-color_primaries', s.color_primaries!] : []),
    ...(known(s.chroma_location) && s.chroma_location !== 'left' ? ['-chroma_sample_location', s.chroma_location!] : []),
  ];
}

async function ffmpeg(bins: FfmpegBinaries, args: string[], signal?: AbortSignal, input?: Buffer): Promise<void> {
  const child = spawn(
    bins.ffmpeg,
    ['-v', 'error', '-nostdin', '-y', ...args].filter((a) => !(input && a === '-nostdin')),
    { signal, stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  // A failed ffmpeg stops reading: its error is in the exit, not in the pipe.
  child.stdin?.on('error', () => {});
  child.stdin?.end(input);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).catch((err: Error) => {
    throw new Error(`ffmpeg failed: ${err.message}`);
  });
  if (code !== 0) throw new Error(`ffmpeg failed: ${stderr.trim().split('\n').slice(-4).join(' | ')}`);
}

/** Which parts of each episode the cut keeps. */
export function keptParts(index: number, count: number, parts: TimelinePart[]): boolean[] {
  const first = index === 0;
  const last = index === count - 1;
  return parts.map((p) => (p.kind === 'previously' ? first : p.kind === 'outro' ? last : true));
}

/** Runs `work` over items, `lanes` at a time. */
async function inLanes<T, R>(items: T[], lanes: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

/** An episode's sound as packets: AAC packets follow each other without gaps, each `seconds` long. */
export interface AudioPackets {
  /** The first packet's time (before 0 by the encoder's priming, which the episode's own player skips). */
  first: number;
  count: number;
  seconds: number;
}

/** Where the sound of each part starts (a packet index), and where the episode's sound ends. */
interface AudioPlan {
  starts: number[];
  end: number;
}

/**
 * Chooses, part by part in the order of the cut, the packets each kept part's sound starts and
 * ends at, so that the sound stays in step with the picture however many pieces are joined.
 * Sound joined by stream copy plays packet after packet: a piece one packet long or short would
 * shift everything after it, and over twenty episodes the voices would drift off the mouths. So
 * each run of kept parts starts on the packet nearest to where its picture is on the joined clock,
 * and ends where its picture ends (to half a packet); an episode's first packets, the encoder's
 * priming, are left out. Returns the plans and how far the sound is off the picture at the end.
 */
export function planAudio(episodes: { parts: TimelinePart[]; keep: boolean[]; audio: AudioPackets }[]): AudioPlan[] {
  let drift = 0; // the joined sound's length minus the joined picture's, so far
  return episodes.map(({ parts, keep, audio }) => {
    const at = (t: number) => Math.round((t - audio.first) / audio.seconds);
    const skip = audio.first < -1e-6 ? Math.ceil(-audio.first / audio.seconds - 1e-6) : 0;
    const starts: number[] = [];
    let sound = 0; // packets of sound kept in the current run
    let picture = 0; // seconds of picture kept in the current run
    let runStart = 0;
    for (const [k, part] of parts.entries()) {
      const kept = keep[k]!;
      const before = k > 0 && keep[k - 1]!;
      let index: number;
      if (kept && !before) {
        // A run starts: on the packet whose time, shifted by the drift so far, is nearest the picture's.
        index = Math.max(skip, at(part.start + drift), starts.at(-1) ?? 0);
        runStart = index;
        sound = 0;
        picture = 0;
      } else if (!kept && before) {
        // A run ends: its sound as long as its picture, the drift carried over.
        index = Math.max(runStart, Math.round(runStart + (picture - drift) / audio.seconds));
        sound = index - runStart;
        drift += sound * audio.seconds - picture;
      } else index = Math.max(at(part.start), starts.at(-1) ?? 0, skip);
      starts.push(index);
      if (kept) picture += part.end - part.start;
    }
    if (keep.at(-1)) drift += (audio.count - runStart) * audio.seconds - picture;
    return { starts, end: audio.count };
  });
}

/** Where each kept part's picture starts and ends in an episode (sample indices in decoding order), on its own clock. */
function pictureParts(source: Mp4, parts: TimelinePart[]): { parts: TimelinePart[]; ranges: { from: number; to: number }[] } {
  const { samples, timescale, mediaTime } = source.video;
  const frame = samples.duration[0]! / timescale;
  const keys: { index: number; at: number }[] = [];
  let dts = 0;
  for (let i = 0; i < samples.count; i++) {
    if (samples.key[i]) keys.push({ index: i, at: (dts + samples.cto[i]! - mediaTime) / timescale });
    dts += samples.duration[i]!;
  }
  const total = dts / timescale;
  const starts = parts.map((p, k) => {
    if (k === 0) return { index: 0, at: 0 };
    const key = keys.find((x) => Math.abs(x.at - p.start) < frame / 2);
    // No keyframe at a part: the video was not made for cutting.
    if (!key) throw new Error(`${path.basename(source.file)} has no keyframe at ${p.start.toFixed(3)} s where its ${p.kind} starts; render it again`);
    return key;
  });
  return {
    // The parts as the picture really has them: the last one ends with the encoder's last frame.
    parts: parts.map((p, k) => ({ kind: p.kind, start: starts[k]!.at, end: starts[k + 1]?.at ?? total })),
    ranges: starts.map((s, k) => ({ from: s.index, to: starts[k + 1]?.index ?? samples.count })),
  };
}

/** An episode's sound as packets, from its sample table. */
function packetsOf(source: Mp4): AudioPackets {
  const { samples, timescale, mediaTime } = source.audio;
  return { first: -mediaTime / timescale, count: samples.count, seconds: samples.duration[0]! / timescale };
}

const setupOf = (m: Mp4) => `${m.video.setup}|${m.audio.setup}`;

/** A clip kept in `cacheDir` under `name` (made in `work`, for this cut only, without a cache). */
async function cachedClip(input: SeasonInput, work: string, name: string, make: (file: string) => Promise<void>): Promise<Mp4> {
  const file = input.cacheDir ? path.join(input.cacheDir, 'season-clips', name) : path.join(work, name);
  if (!(await fs.stat(file).catch(() => undefined))) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID().slice(0, 8)}.tmp.mp4`;
    try {
      await make(tmp);
      await fs.rename(tmp, file);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
  return readMp4(file);
}

const key = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const silenceOf = (audio: Mp4['audio'], seconds: number) => [
  '-f',
  'lavfi',
  '-t',
  String(seconds),
  '-i',
  `anullsrc=channel_layout=${audio.channels === 1 ? 'mono' : 'stereo'}:sample_rate=${audio.sampleRate}`,
];

/**
 * The end credits as a clip the episodes join by copy: each page one picture (a keyframe, encoded
 * with the episodes' settings), which the join holds for the page's seconds, over silence from a
 * clip of its own (the same for every cut). Both kept in `cacheDir`.
 */
async function creditsClips(input: SeasonInput, reference: Mp4, work: string): Promise<{ clip: Mp4; silence: Mp4; pages: number } | undefined> {
  const { bins, signal } = input;
  const { video, audio } = reference;
  const fps = video.timescale / video.samples.duration[0]!;
  const encoded = encoderArgs(fps);
  const pages = creditsPages(input.seriesTitle, input.credits, video.width, video.height, input.language);
  const seconds = pages.length * CREDITS_PAGE_SECONDS;
  let colour: Promise<string[]> | undefined;
  const colourOfReference = () => (colour ??= colourArgs(bins, reference.file, signal));
  const picture = (file: string) => [
    '-map',
    '0:v',
    '-vf',
    'format=yuv420p,setsar=1',
    ...encoded.video,
    '-force_key_frames',
    'expr:1',
    '-map',
    '1:a',
    ...encoded.audio,
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    file,
  ];
  const [clip, silence] = await Promise.all([
    cachedClip(input, work, `credits-${key(['credits-v3', bins.ffmpeg, pages.map((p) => p.text), input.language, video.setup, audio.setup])}.mp4`, async (file) => {
      // The pages' pixels straight into ffmpeg: encoding them as PNG first cost more than all the rest of a cut.
      const frames = Buffer.concat(
        pages.map((p) => {
          const { data } = p.canvas.getContext('2d').getImageData(0, 0, video.width, video.height);
          return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        }),
      );
      const args = picture(file);
      args.splice(args.indexOf('-force_key_frames'), 0, ...(await colourOfReference()));
      await ffmpeg(bins, ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${video.width}x${video.height}`, '-r', String(fps), '-i', 'pipe:0', ...silenceOf(audio, 0.1), ...args], signal, frames);
    }),
    // A minute of silence (or as many as the credits last), with one black frame for a picture.
    cachedClip(input, work, `silence-${key(['silence-v1', bins.ffmpeg, Math.ceil(seconds / 60), video.setup, audio.setup])}.mp4`, async (file) => {
      const args = picture(file);
      args.splice(args.indexOf('-force_key_frames'), 0, ...(await colourOfReference()));
      await ffmpeg(bins, ['-f', 'lavfi', '-i', `color=black:s=${video.width}x${video.height}:r=${fps}:d=${1 / fps}`, ...silenceOf(audio, Math.ceil(seconds / 60) * 60 + 1), ...args], signal);
    }),
  ]);
  if (setupOf(clip) !== setupOf(reference) || silence.audio.setup !== audio.setup || clip.video.samples.count !== pages.length || clip.video.samples.key.some((k) => !k)) return undefined;
  return { clip, silence, pages: pages.length };
}

export async function seasonCut(input: SeasonInput): Promise<SeasonResult> {
  const { bins, signal } = input;
  if (!input.episodes.length) throw new Error('a season cut needs at least one rendered episode');
  const t = translate(input.language);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'tailtwist-season-'));
  try {
    const read = await inLanes(input.episodes, 8, (e) => readMp4(e.video));
    // The settings most episodes share are the cut's; an episode with others is re-encoded to them.
    const counts = new Map<string, number>();
    for (const m of read) counts.set(setupOf(m), (counts.get(setupOf(m)) ?? 0) + 1);
    const common = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const reference = read.find((m) => setupOf(m) === common)!;
    const fps = reference.video.timescale / reference.video.samples.duration[0]!;
    const reencoded: number[] = [];
    const sources = await inLanes(input.episodes, Math.max(1, os.availableParallelism()), async (episode, i) => {
      if (setupOf(read[i]!) === common) return read[i]!;
      const file = path.join(work, `reencoded-${i}.mp4`);
      const keyframes = (episode.timeline?.parts ?? []).slice(1).map((p) => p.start.toFixed(6));
      const fit = `scale=${reference.video.width}:${reference.video.height}:force_original_aspect_ratio=decrease,pad=${reference.video.width}:${reference.video.height}:(ow-iw)/2:(oh-ih)/2,setsar=1`;
      const encoded = encoderArgs(fps);
      const colour = await colourArgs(bins, reference.file, signal);
      await ffmpeg(
        bins,
        [
          ...['-i', episode.video, '-map', '0:v:0', '-map', '0:a:0', '-vf', fit, ...encoded.video, ...colour, ...encoded.audio],
          ...(keyframes.length ? ['-force_key_frames', keyframes.join(',')] : []),
          ...['-movflags', '+faststart', '-f', 'mp4', file],
        ],
        signal,
      );
      reencoded.push(episode.number);
      const again = await readMp4(file);
      if (setupOf(again) !== common) throw new Error(`episode ${episode.number} was encoded by another ffmpeg than the others and cannot join them; render it again`);
      return again;
    });

    // Per episode (and the credits): its kept parts' pictures and sounds.
    const all: {
      source: Mp4;
      /** The sound from another clip (the credits' silence), and how much of it. */
      sound?: { source: Mp4; packets: AudioPackets };
      parts: TimelinePart[];
      keep: boolean[];
      ranges: { from: number; to: number }[];
      hold?: number;
      title: string;
    }[] = sources.map((source, i) => {
      const episode = input.episodes[i]!;
      const parts = episode.timeline?.parts ?? [];
      const keep = keptParts(i, input.episodes.length, parts);
      // Without a timeline (rendered before they were kept) or with nothing to leave out, the episode joins whole.
      const whole = !parts.length || keep.every(Boolean);
      const picture = pictureParts(source, whole ? [{ kind: 'story', start: 0, end: 0 }] : parts);
      return {
        source,
        parts: picture.parts,
        keep: whole ? [true] : keep,
        ranges: picture.ranges,
        title: episode.title ? t('cards:season.episodeTitled', { number: episode.number, title: episode.title }) : t('cards:episode', { number: episode.number }),
      };
    });
    const credits = await creditsClips(input, reference, work);
    if (credits) {
      const hold = Math.round(CREDITS_PAGE_SECONDS * credits.clip.video.timescale);
      const seconds = (credits.pages * hold) / credits.clip.video.timescale;
      const silence = packetsOf(credits.silence);
      all.push({
        source: credits.clip,
        // As many packets of silence as the pages last, after the priming.
        sound: { source: credits.silence, packets: { ...silence, count: Math.min(silence.count, Math.round(-silence.first / silence.seconds + seconds / silence.seconds)) } },
        parts: [{ kind: 'story', start: 0, end: seconds }],
        keep: [true],
        ranges: [{ from: 0, to: credits.pages }],
        hold,
        title: t('cards:season.credits'),
      });
    }
    const plans = planAudio(all.map((s) => ({ parts: s.parts, keep: s.keep, audio: s.sound?.packets ?? packetsOf(s.source) })));

    const pieces: Piece[] = [];
    const chapters: (JoinChapter & { end: number })[] = [];
    let at = 0;
    for (const [i, s] of all.entries()) {
      const plan = plans[i]!;
      chapters.push({ start: at, end: at, title: s.title });
      for (const [k, range] of s.ranges.entries()) {
        if (!s.keep[k]) continue;
        pieces.push({
          source: s.source,
          ...(s.sound ? { audioSource: s.sound.source } : {}),
          video: { ...range, ...(s.hold ? { duration: s.hold } : {}) },
          audio: { from: plan.starts[k]!, to: plan.starts[k + 1] ?? plan.end },
        });
        at += s.hold ? ((range.to - range.from) * s.hold) / s.source.video.timescale : s.parts[k]!.end - s.parts[k]!.start;
      }
    }
    for (const [k, c] of chapters.entries()) c.end = chapters[k + 1]?.start ?? at;

    await fs.mkdir(path.dirname(input.output), { recursive: true });
    const tmp = `${input.output}.${randomUUID().slice(0, 8)}.tmp.mp4`;
    try {
      const title = t('cards:kit.season', { series: input.seriesTitle, from: input.episodes[0]!.number, to: input.episodes.at(-1)!.number });
      const joined = await joinMp4(tmp, pieces, { chapters, title });
      await fs.rename(tmp, input.output);
      return { file: input.output, duration: joined.duration, chapters, reencoded };
    } finally {
      await fs.rm(tmp, { force: true });
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
