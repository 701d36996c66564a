import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { translate } from '../i18n/i18n.js';
import type { FfmpegBinaries } from '../render/ffmpeg.js';
import { creditsPages } from './credits-card.js';
import type { EpisodeCredit } from './credits.js';
import type { Timeline, TimelinePart } from './timeline-file.js';

/**
 * A season cut: episodes joined into one vertical video by stream copy. Each episode was encoded
 * with keyframes at its card boundaries (src/render/timeline.ts), so it splits there without a
 * re-encode (ffmpeg's segment muxer cuts at whole GOPs); the cut keeps one "Previously on" (the
 * first episode's), drops every outro but the last, appends end credits encoded with the same
 * settings, and marks a chapter where each episode starts. The episodes' soundtracks are all
 * normalised to −14 LUFS, so the joined one is too. An episode whose streams differ from the
 * others' (another resolution, an older encoder) is re-encoded to match; nothing else is.
 */

const exec = promisify(execFile);

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

/** Seconds each credits page stays. */
const CREDITS_PAGE_SECONDS = 3.5;

interface StreamFacts {
  video: Record<string, unknown>;
  audio: Record<string, unknown>;
  width: number;
  height: number;
  fps: number;
  sampleRate: number;
}

/** What must be the same for two files to join by stream copy: codecs, profile, level, size, rate, and the decoder setup (SPS/PPS, AAC config). */
async function streamFacts(bins: FfmpegBinaries, file: string, audioFile = file, signal?: AbortSignal): Promise<StreamFacts> {
  const streamsOf = async (f: string) => {
    const { stdout } = await exec(
      bins.ffprobe,
      [
        '-v',
        'error',
        '-show_data_hash',
        'sha256',
        '-show_entries',
        'stream=codec_type,codec_name,profile,level,width,height,pix_fmt,r_frame_rate,time_base,sample_rate,channels,extradata_hash',
        '-of',
        'json',
        f,
      ],
      { signal, maxBuffer: 4 * 1024 * 1024 },
    );
    return (JSON.parse(stdout) as { streams: Record<string, string | number>[] }).streams;
  };
  const v = (await streamsOf(file)).find((s) => s.codec_type === 'video');
  const a = (await streamsOf(audioFile)).find((s) => s.codec_type === 'audio');
  if (!v || !a) throw new Error(`${path.basename(file)} needs a video and an audio stream to join a season cut`);
  const [num, den] = String(v.r_frame_rate).split('/').map(Number);
  return { video: v, audio: a, width: Number(v.width), height: Number(v.height), fps: den ? num! / den : 24, sampleRate: Number(a.sample_rate) };
}

const signature = (f: StreamFacts) => JSON.stringify([f.video, f.audio]);

/** The picture and sound settings of every episode (assemble.ts), for what the cut encodes itself. */
function encoderArgs(fps: number): { video: string[]; audio: string[] } {
  return {
    video: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-maxrate', '4000k', '-bufsize', '8000k', '-pix_fmt', 'yuv420p', '-r', String(fps)],
    audio: ['-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', '48000'],
  };
}

async function ffmpeg(bins: FfmpegBinaries, args: string[], signal?: AbortSignal): Promise<void> {
  try {
    await exec(bins.ffmpeg, ['-v', 'error', '-nostdin', '-y', ...args], { signal, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`ffmpeg failed: ${(e.stderr || e.message).trim().split('\n').slice(-4).join(' | ')}`);
  }
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

async function audioPackets(bins: FfmpegBinaries, file: string, signal?: AbortSignal): Promise<AudioPackets> {
  const { stdout } = await exec(
    bins.ffprobe,
    ['-v', 'error', '-select_streams', 'a:0', '-read_intervals', '%+#2', '-show_entries', 'stream=nb_frames:packet=pts_time,duration_time', '-of', 'json', file],
    { signal, maxBuffer: 1024 * 1024 },
  );
  const data = JSON.parse(stdout) as { packets?: { pts_time?: string; duration_time?: string }[]; streams?: { nb_frames?: string }[] };
  const packet = data.packets?.[0];
  const seconds = Number(packet?.duration_time);
  const count = Number(data.streams?.[0]?.nb_frames);
  if (!packet || !(seconds > 0) || !(count > 0)) throw new Error(`${path.basename(file)}: its sound cannot be read as packets`);
  return { first: Number(packet.pts_time ?? 0), count, seconds };
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

/**
 * Splits an episode at its part boundaries by stream copy, picture and sound apart: the picture at
 * its keyframes (the part boundaries), the sound at the packets the plan chose (and its priming
 * left off). Timestamps stay on the episode's clock, so the concat list places each piece by its
 * `inpoint`. One picture and one sound file per part.
 */
async function split(
  bins: FfmpegBinaries,
  input: { video: string; audio?: string },
  parts: TimelinePart[],
  plan: AudioPlan,
  packets: AudioPackets,
  dir: string,
  stem: string,
  signal?: AbortSignal,
): Promise<{ video: string; audio: string }[]> {
  const times = (list: number[]) => list.map((t) => (Math.floor(t * 1e6) / 1e6).toFixed(6)).join(',');
  const videoTimes = times(parts.slice(1).map((p) => p.start));
  // Half a packet before the chosen one: the muxer starts a piece at the first packet at or after the
  // time, on its own clock, which starts at the first packet (the priming's negative time is shifted away).
  const before = (index: number) => (index - 0.5) * packets.seconds;
  const lead = plan.starts[0]! > 0;
  const audioTimes = times([...(lead ? [before(plan.starts[0]!)] : []), ...plan.starts.slice(1).map(before)]);
  const lists = { video: path.join(dir, `${stem}-v.csv`), audio: path.join(dir, `${stem}-a.csv`) };
  const segments = (map: string, at: string, list: string, pattern: string) => [
    '-map',
    map,
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_format',
    'mp4',
    // One piece when there is nothing to cut at (the muxer's default is a piece every 2 s).
    ...(at ? ['-segment_times', at] : ['-segment_time', '86400']),
    '-segment_list',
    list,
    '-segment_list_type',
    'csv',
    path.join(dir, pattern),
  ];
  const inputs = input.audio ? ['-i', input.video, '-i', input.audio] : ['-i', input.video];
  await ffmpeg(bins, [...inputs, ...segments('0:v:0', videoTimes, lists.video, `${stem}-v%03d.mp4`), ...segments(`${input.audio ? 1 : 0}:a:0`, audioTimes, lists.audio, `${stem}-a%03d.mp4`)], signal);
  const files = async (list: string) =>
    (await fs.readFile(list, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => path.join(dir, line.split(',')[0]!));
  const [v, a] = await Promise.all([files(lists.video), files(lists.audio)]);
  const sound = lead ? a.slice(1) : a;
  // Fewer pieces than parts: the video lacks keyframes at its parts (it was not made for cutting).
  if (v.length !== parts.length || sound.length !== parts.length) throw new Error(`${path.basename(input.video)} did not split at its parts (found ${v.length} of ${parts.length}); render it again`);
  return v.map((file, k) => ({ video: file, audio: sound[k]! }));
}

/** ffmetadata escapes `=`, `;`, `#`, `\` and newlines with a backslash. */
const meta = (text: string) => text.replace(/[=;#\\\n]/g, (c) => `\\${c}`);

function chaptersFile(title: string, chapters: Chapter[]): string {
  return [
    ';FFMETADATA1',
    `title=${meta(title)}`,
    ...chapters.flatMap((c) => ['[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(c.start * 1000)}`, `END=${Math.round(c.end * 1000)}`, `title=${meta(c.title)}`]),
    '',
  ].join('\n');
}

/**
 * A file of the concat list: where it starts on its own clock and how long it lasts (the demuxer
 * would take the container's length, which for a piece of a file with B-frames is short by their
 * delay, and the chapters would drift).
 */
const concatLines = (file: string, seconds: number, inpoint?: number) => [
  `file '${file.replace(/'/g, "'\\''")}'`,
  ...(inpoint !== undefined ? [`inpoint ${inpoint.toFixed(6)}`] : []),
  `duration ${seconds.toFixed(6)}`,
];

export async function seasonCut(input: SeasonInput): Promise<SeasonResult> {
  const { bins, signal } = input;
  if (!input.episodes.length) throw new Error('a season cut needs at least one rendered episode');
  const t = translate(input.language);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'tailtwist-season-'));
  const lanes = Math.max(1, os.availableParallelism());
  try {
    const facts = await inLanes(input.episodes, lanes, (e) => streamFacts(bins, e.video, e.video, signal));
    // The settings most episodes share are the cut's; an episode with others is re-encoded to them.
    const counts = new Map<string, number>();
    for (const f of facts) counts.set(signature(f), (counts.get(signature(f)) ?? 0) + 1);
    const common = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const reference = facts.find((f) => signature(f) === common)!;
    const reencoded: number[] = [];
    const encoded = encoderArgs(reference.fps);

    const sources = await inLanes(input.episodes, lanes, async (episode, i) => {
      const parts = episode.timeline?.parts ?? [];
      let video = episode.video;
      if (signature(facts[i]!) !== common) {
        video = path.join(work, `reencoded-${i}.mp4`);
        const keyframes = parts.slice(1).map((p) => p.start.toFixed(6));
        const fit = `scale=${reference.width}:${reference.height}:force_original_aspect_ratio=decrease,pad=${reference.width}:${reference.height}:(ow-iw)/2:(oh-ih)/2,setsar=1`;
        await ffmpeg(
          bins,
          [
            '-i',
            episode.video,
            '-map',
            '0:v:0',
            '-map',
            '0:a:0',
            '-vf',
            fit,
            ...encoded.video,
            ...encoded.audio,
            ...(keyframes.length ? ['-force_key_frames', keyframes.join(',')] : []),
            '-f',
            'mp4',
            video,
          ],
          signal,
        );
        reencoded.push(episode.number);
      }
      const keep = keptParts(i, input.episodes.length, parts);
      // Without a timeline (rendered before they were kept) or with nothing to leave out, the episode joins whole.
      const used: TimelinePart[] = parts.length && !keep.every(Boolean) ? parts : [{ kind: 'story', start: 0, end: await videoSeconds(bins, video, signal) }];
      return { video, parts: used, keep: used === parts ? keep : [true], audio: await audioPackets(bins, video, signal) };
    });

    // End credits, encoded with the settings of the episodes so they join by copy too.
    const pages = creditsPages(input.seriesTitle, input.credits, reference.width, reference.height, input.language);
    const pngs = await Promise.all(
      pages.map(async (p, k) => {
        const file = path.join(work, `credits-${k}.png`);
        await fs.writeFile(file, await p.canvas.encode('png'));
        return file;
      }),
    );
    const credits = { video: path.join(work, 'credits-v.mp4'), audio: path.join(work, 'credits-a.mp4') };
    const pageFrames = Math.round(CREDITS_PAGE_SECONDS * reference.fps);
    const creditsSeconds = (pages.length * pageFrames) / reference.fps;
    await ffmpeg(
      bins,
      [
        ...pngs.flatMap((png) => ['-i', png]),
        '-f',
        'lavfi',
        '-i',
        `anullsrc=channel_layout=stereo:sample_rate=${reference.sampleRate}`,
        '-filter_complex',
        // Each page decoded once and repeated (decoding a PNG per frame would cost more than encoding it).
        `${pngs.map((_, k) => `[${k}:v]format=yuv420p,setsar=1,loop=loop=${pageFrames - 1}:size=1:start=0,settb=1/${reference.fps},setpts=N[p${k}]`).join(';')};${pngs.map((_, k) => `[p${k}]`).join('')}concat=n=${pngs.length}:v=1:a=0[v]`,
        // Picture and sound apart, as the episodes' pieces are.
        ...['-map', '[v]', ...encoded.video, '-t', creditsSeconds.toFixed(3), '-f', 'mp4', credits.video],
        ...['-map', `${pngs.length}:a`, ...encoded.audio, '-t', creditsSeconds.toFixed(3), '-f', 'mp4', credits.audio],
      ],
      signal,
    );
    const withCredits = signature(await streamFacts(bins, credits.video, credits.audio, signal)) === common;
    const all = [
      ...sources.map((s, i) => ({ ...s, input: { video: s.video }, episode: input.episodes[i]! })),
      ...(withCredits
        ? [
            {
              video: credits.video,
              input: credits,
              parts: [{ kind: 'story' as const, start: 0, end: creditsSeconds }],
              keep: [true],
              audio: await audioPackets(bins, credits.audio, signal),
              episode: undefined,
            },
          ]
        : []),
    ];
    const plans = planAudio(all);
    const pieces = await inLanes(all, lanes, (s, i) => split(bins, s.input, s.parts, plans[i]!, s.audio, work, `p${i}`, signal));

    // The lists of pictures and sounds, and the chapters where each episode (and the credits) starts.
    const chapters: Chapter[] = [];
    const videoList: string[] = [];
    const audioList: string[] = [];
    let at = 0;
    for (const [i, s] of all.entries()) {
      const plan = plans[i]!;
      chapters.push({
        start: at,
        end: at,
        title: !s.episode
          ? t('cards:season.credits')
          : s.episode.title
            ? t('cards:season.episodeTitled', { number: s.episode.number, title: s.episode.title })
            : t('cards:episode', { number: s.episode.number }),
      });
      for (const [k, part] of s.parts.entries()) {
        if (!s.keep[k]) continue;
        // The last part lasts as long as the episode's picture really does (the encoder's last frame).
        const seconds = k === s.parts.length - 1 ? await videoSeconds(bins, pieces[i]![k]!.video, signal) : part.end - part.start;
        videoList.push(...concatLines(pieces[i]![k]!.video, seconds, part.start));
        const from = plan.starts[k]!;
        const to = plan.starts[k + 1] ?? plan.end;
        audioList.push(...concatLines(pieces[i]![k]!.audio, (to - from) * s.audio.seconds, from * s.audio.seconds));
        at += seconds;
      }
    }
    for (const [k, c] of chapters.entries()) c.end = chapters[k + 1]?.start ?? at;

    const lists = { video: path.join(work, 'video.txt'), audio: path.join(work, 'audio.txt') };
    const metaFile = path.join(work, 'chapters.txt');
    await fs.writeFile(lists.video, `${videoList.join('\n')}\n`);
    await fs.writeFile(lists.audio, `${audioList.join('\n')}\n`);
    await fs.writeFile(metaFile, chaptersFile(t('cards:kit.season', { series: input.seriesTitle, from: input.episodes[0]!.number, to: input.episodes.at(-1)!.number }), chapters));
    await fs.mkdir(path.dirname(input.output), { recursive: true });
    const tmp = `${input.output}.${randomUUID().slice(0, 8)}.tmp.mp4`;
    try {
      const concat = (list: string) => ['-f', 'concat', '-safe', '0', '-i', list];
      await ffmpeg(
        bins,
        [...concat(lists.video), ...concat(lists.audio), '-i', metaFile, '-map', '0:v:0', '-map', '1:a:0', '-map_metadata', '2', '-map_chapters', '2', '-c', 'copy', '-f', 'mp4', tmp],
        signal,
      );
      await fs.rename(tmp, input.output);
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return { file: input.output, duration: at, chapters, reencoded };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** How long a piece's picture lasts (its stream, not its container). */
async function videoSeconds(bins: FfmpegBinaries, file: string, signal?: AbortSignal): Promise<number> {
  const { stdout } = await exec(bins.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=duration', '-of', 'csv=p=0', file], { signal });
  return Number(stdout.trim());
}
