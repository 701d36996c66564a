import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { FfmpegCommand } from 'fluent-ffmpeg';
import { PICTURE_STEP } from './caption-frames.js';
import { runFfmpeg, type FfmpegBinaries } from './ffmpeg.js';
import { tempName } from './leftovers.js';
import type { Segment } from './storyboard.js';

/**
 * One ffmpeg pass for the picture: every still moves (push-in, pan, or holds), the twist beat
 * flashes and shakes, the segments are cut together, the caption pictures lie over them; the soundtrack (already
 * normalised to about −14 LUFS) and the picture encode to H.264/AAC with +faststart.
 * Only filters that the 2018 build and a current ffmpeg share.
 */

/**
 * A character drawn again over the still, shown only at times: with the mouth open while its
 * words are voiced (flapping in time with them), or with the eyes shut for a blink. Switching a
 * pre-drawn layer on ffmpeg's timeline costs far less than drawing frames.
 */
export interface Layer {
  file: string;
  left: number;
  top: number;
  width: number;
  height: number;
  show:
    | { kind: 'words'; windows: [number, number][] }
    | { kind: 'blink'; every: number; phase: number }
    /** Breathing in for part of each breath, held while the character speaks (its mouth layer would not match). */
    | { kind: 'breath'; every: number; phase: number; quiet: [number, number][] }
    | { kind: 'walk'; after: number; speed: number; bob: number }
    /** Walks in: starts `from` pixels off its place and reaches it after `over` seconds. */
    | { kind: 'arrive'; from: number; over: number; bob: number };
}

/** Mouth flaps per second while a word is voiced. */
const FLAPS = 7;
/** How long a blink lasts. */
const BLINK = 0.13;
/** The share of each breath spent breathing in. */
const BREATH_IN = 0.42;

/** The ffmpeg expression for when a layer shows (t: seconds from the segment's start). */
export function showExpression(show: Layer['show']): string {
  if (show.kind === 'walk' || show.kind === 'arrive') return '1';
  if (show.kind === 'blink') return `lt(mod(t+${show.phase.toFixed(2)},${show.every.toFixed(2)}),${BLINK})`;
  const during = (windows: [number, number][]) => windows.map(([a, b]) => `between(t,${a.toFixed(2)},${b.toFixed(2)})`).join('+') || '0';
  if (show.kind === 'breath') return `lt(mod(t+${show.phase.toFixed(2)},${show.every.toFixed(2)}),${(show.every * BREATH_IN).toFixed(2)})*eq(${during(show.quiet)},0)`;
  const voiced = during(show.windows);
  // Open for most of each flap, so even a short word opens the mouth.
  return `gt(${voiced},0)*gt(sin(t*${(2 * Math.PI * FLAPS).toFixed(3)}),-0.35)`;
}

export interface Still {
  base: string;
  layers: Layer[];
}

/** A picture of the captions, shown from `at` (seconds on the episode's clock) until the next, `top` pixels down. */
export interface CaptionPicture {
  at: number;
  top: number;
  file: string;
}

export interface AssembleInput {
  segments: Segment[];
  /** One still per segment, at `oversize` (room for the camera to move), with its moving layers. */
  stills: Still[];
  soundtrack: string;
  /** The captions to burn in, as pictures in turn (caption-frames.ts); none: the picture alone (the post kit's soft-subtitled variant). */
  captions?: CaptionPicture[];
  width: number;
  height: number;
  fps: number;
  duration: number;
  /** Peak video bitrate (kbit/s): what keeps the file under its size target. */
  maxVideoKbps: number;
  output: string;
  /** The decoded stills one ffmpeg may hold, in bytes (default: what FFMPEG_MEMORY leaves beside the encoder). */
  partBytes?: number;
  /**
   * Times (seconds on the episode's clock) that start a new GOP: the card boundaries a season cut
   * splits at by stream copy (src/export/season.ts).
   */
  keyframes?: number[];
}

/** Oversized stills leave the camera room to move: 12 % larger, even dimensions. */
export function oversize(width: number, height: number): { width: number; height: number } {
  const even = (n: number) => Math.round(n / 2) * 2;
  return { width: even(width * 1.12), height: even(height * 1.12) };
}

/** How long one scene dissolves into the next. */
const CROSSFADE_SECONDS = 0.35;

/** How long a card fades in from black, or the twist from white. */
const FADE_SECONDS = 0.3;

/**
 * The twist's flash: a fade from white. `fade` fades to white in RGB only, and the conversion
 * there and back cost more than the rest of the graph; a fade from black between two negations,
 * which only run while it lasts, looks the same and stays in YUV.
 */
function flashIn(): string {
  const during = `enable='lt(t,${FADE_SECONDS})'`;
  return `negate=${during},fade=t=in:st=0:d=${FADE_SECONDS},negate=${during}`;
}

/**
 * A push-in towards the centre of the oversized still: zoompan takes a window 10 % smaller by the
 * end and scales it to the output. Its window moves in whole pixels of its input, which shows as a
 * shimmer; the still is therefore enlarged twice once, before it is repeated, so each step is half a
 * pixel of the still. (`perspective`, which samples between pixels, cost three times as much.)
 */
export const PUSH_IN_SUPERSAMPLE = 2;

function pushIn(frames: number, W: number, H: number, fps: number): string {
  const zoom = `1+0.10*on/${Math.max(1, frames - 1)}`;
  return `zoompan=z='${zoom}':x='(iw-iw/zoom)/2':y='(ih-ih/zoom)/2':d=1:s=${W}x${H}:fps=${fps}`;
}

/**
 * A segment's frames: counted from the timeline's start, so that segments end where the next one
 * starts and the picture never drifts from the voices over many short shots.
 */
export function framesOf(seg: Pick<Segment, 'start' | 'duration'>, fps: number): number {
  return Math.max(1, Math.round((seg.start + seg.duration) * fps) - Math.round(seg.start * fps));
}

/** The smallest even-aligned box of the still that holds every one of these layers. */
function regionOf(layers: Layer[], still: { width: number; height: number }): { left: number; top: number; width: number; height: number } {
  const floorEven = (n: number) => Math.max(0, Math.floor(n / 2) * 2);
  const left = floorEven(Math.min(...layers.map((l) => l.left)));
  const top = floorEven(Math.min(...layers.map((l) => l.top)));
  const right = Math.min(still.width, Math.ceil(Math.max(...layers.map((l) => l.left + l.width)) / 2) * 2);
  const bottom = Math.min(still.height, Math.ceil(Math.max(...layers.map((l) => l.top + l.height)) / 2) * 2);
  return { left, top, width: right - left, height: bottom - top };
}

export function segmentFilter(seg: Segment, i: number, inputs: { base: number; layers: (Layer & { index: number })[] }, opts: { width: number; height: number; fps: number }): string {
  const { width: W, height: H, fps } = opts;
  const D = seg.duration.toFixed(3);
  const frames = framesOf(seg, fps);
  // One decoded still, converted to the output's pixel format once and repeated by the loop
  // filter: decoding and converting a picture per frame would cost more than x264 itself. Frames
  // count on a 1/fps clock: a still's own (1/25) would round every timestamp, and drop frames.
  const repeat = (fmt: string) => `format=${fmt},loop=loop=${frames}:size=1:start=0,settb=1/${fps},setpts=N`;
  // A push-in zooms the still alone (it lasts under two seconds: a reaction, the cold open), enlarged
  // once before it is repeated (see pushIn).
  const pushing = seg.motion === 'push-in';
  const enlarge = pushing ? `format=yuv420p,scale=${PUSH_IN_SUPERSAMPLE}*iw:${PUSH_IN_SUPERSAMPLE}*ih,` : '';
  const chains: string[] = [`[${inputs.base}:v]${enlarge}${repeat('yuv420p')}[b${i}_0]`];
  const layers = pushing ? [] : inputs.layers;
  let on = `b${i}_0`;
  // An overlay copies its whole main picture every frame, shown or not (it must be writable): the
  // layers that stay in place are laid over a crop of the still around them, which then goes over
  // the still once; a copy of that small region per layer, one of the still per frame.
  const fixed = layers.filter((l) => l.show.kind !== 'walk' && l.show.kind !== 'arrive');
  const region = fixed.length > 1 ? regionOf(fixed, oversize(W, H)) : undefined;
  if (region) {
    chains.push(`[${on}]split[b${i}_s][r${i}_0]`);
    let r = `r${i}_0`;
    chains.push(`[${r}]crop=${region.width}:${region.height}:${region.left}:${region.top}[r${i}_c]`);
    r = `r${i}_c`;
    for (const [k, layer] of fixed.entries()) {
      chains.push(`[${layer.index}:v]${repeat('yuva420p')}[f${i}_${k}]`);
      chains.push(`[${r}][f${i}_${k}]overlay=x=${layer.left - region.left}:y=${layer.top - region.top}:format=yuv420:enable='${showExpression(layer.show)}'[r${i}_${k + 1}]`);
      r = `r${i}_${k + 1}`;
    }
    chains.push(`[b${i}_s][${r}]overlay=x=${region.left}:y=${region.top}:format=yuv420[b${i}_r]`);
    on = `b${i}_r`;
  }
  const rest = region ? layers.filter((l) => !fixed.includes(l)) : layers;
  for (const [k, layer] of rest.entries()) {
    chains.push(`[${layer.index}:v]${repeat('yuva420p')}[l${i}_${k}]`);
    // A walker moves off at its speed (pixels a second) after a beat, bobbing with each step.
    const walk = layer.show.kind === 'walk' ? layer.show : undefined;
    const arrive = layer.show.kind === 'arrive' ? layer.show : undefined;
    const x = walk
      ? `'${layer.left}+${walk.speed.toFixed(1)}*max(0,t-${walk.after.toFixed(2)})'`
      : arrive
        ? `'${layer.left}+${arrive.from.toFixed(1)}*max(0,1-t/${arrive.over.toFixed(2)})'`
        : String(layer.left);
    const y = walk
      ? `'${layer.top}-${walk.bob.toFixed(1)}*abs(sin(max(0,t-${walk.after.toFixed(2)})*9))'`
      : arrive
        ? `'${layer.top}-${arrive.bob.toFixed(1)}*abs(sin(t*9))*lt(t,${arrive.over.toFixed(2)})'`
        : String(layer.top);
    chains.push(`[${on}][l${i}_${k}]overlay=x=${x}:y=${y}:format=yuv420:enable='${showExpression(layer.show)}'[b${i}_${k + 1}]`);
    on = `b${i}_${k + 1}`;
  }
  let camera: string;
  if (seg.motion === 'push-in') camera = pushIn(frames, W, H, fps);
  else {
    const shake = seg.jolt ? `+if(lt(t,0.6),14*sin(t*70),0)` : '';
    const x = seg.motion === 'pan-left' ? `(iw-ow)*(1-t/${D})` : seg.motion === 'pan-right' ? `(iw-ow)*t/${D}` : '(iw-ow)/2';
    camera = `crop=${W}:${H}:'max(0,min(iw-ow,${x}${shake}))':'(ih-oh)/2${shake ? `+if(lt(t,0.6),10*cos(t*60),0)` : ''}'`;
  }
  const parts = [camera];
  if (seg.jolt) parts.push(flashIn());
  else if (seg.picture.kind !== 'shot' && seg.picture.kind !== 'cold-open') parts.push(`fade=t=in:st=0:d=${FADE_SECONDS}`);
  parts.push(`fps=${fps}`, 'setsar=1', `trim=end_frame=${frames}`, 'setpts=PTS-STARTPTS');
  return [...chains, `[${on}]${parts.join(',')}[v${i}]`].join(';');
}

/** A run of segments [from, to) that one ffmpeg process draws. */
export interface Part {
  from: number;
  to: number;
}

/**
 * One ffmpeg holds every still of its graph decoded from the start (a still waits in its source
 * until its segment comes): at 1080p, twenty stills cost more memory than x264 itself. Segments are
 * drawn in parts whose stills fit what an ffmpeg may use besides its encoder; the parts join by
 * stream copy. A 60 s episode at 720p is one part; at 1080p, two or three.
 */
const FFMPEG_MEMORY = 400 * 1024 * 1024;
/** What x264 and the decoders hold per pixel of the output (measured: about 283 MB at 1080x1920). */
const ENCODER_BYTES_PER_PIXEL = 136;
/** The least a part may hold, whatever the frame size: a still or two. */
const MIN_PART_BYTES = 64 * 1024 * 1024;
/** A decoded still weighs about this many times its YUV picture (its source, its converted copy, the loop's frame, filter pools), measured. */
const STILL_WEIGHT = 4;

/** Splits the segments into parts whose decoded stills fit the budget (one part when they all do). */
export function partsOf(input: Pick<AssembleInput, 'segments' | 'stills' | 'width' | 'height' | 'partBytes'>): Part[] {
  const budget = input.partBytes ?? Math.max(MIN_PART_BYTES, FFMPEG_MEMORY - ENCODER_BYTES_PER_PIXEL * input.width * input.height);
  const big = oversize(input.width, input.height);
  const still = big.width * big.height * 1.5 * STILL_WEIGHT;
  const parts: Part[] = [];
  let from = 0;
  let bytes = 0;
  for (const [i, seg] of input.segments.entries()) {
    const layers = input.stills[i]!.layers.length * 0.1 * still;
    // A crossfade that opens a part brings in the still before it too.
    const cost = still + layers + (seg.transition === 'crossfade' ? still : 0);
    if (i > from && bytes + cost > budget) {
      parts.push({ from, to: i });
      from = i;
      bytes = 0;
    }
    bytes += cost;
  }
  parts.push({ from, to: input.segments.length });
  return parts;
}

interface PartInputs {
  /** Files in input order. */
  files: string[];
  /** Per segment of the part: its base's input number and its layers'. */
  segments: { base: number; layers: (Layer & { index: number })[] }[];
  /** The input number of the still before the part's first segment, when it opens with a crossfade. */
  before?: number;
}

/** Input numbers of a part: the still before it (for an opening crossfade), then each still's base and its layers. */
function partInputs(input: AssembleInput, part: Part): PartInputs {
  const files: string[] = [];
  const opensWithFade = part.from > 0 && input.segments[part.from]!.transition === 'crossfade';
  const before = opensWithFade ? files.push(input.stills[part.from - 1]!.base) - 1 : undefined;
  const segments = input.stills.slice(part.from, part.to).map((still) => ({
    base: files.push(still.base) - 1,
    layers: still.layers.map((l) => ({ ...l, index: files.push(l.file) - 1 })),
  }));
  return { files, segments, ...(before !== undefined ? { before } : {}) };
}

/** Where a part starts on the episode's timeline, in seconds (a whole frame). */
function partStart(input: Pick<AssembleInput, 'segments' | 'fps'>, part: Part): number {
  return Math.round(input.segments[part.from]!.start * input.fps) / input.fps;
}

/** Where a part ends on the episode's timeline, in seconds. */
function partEnd(input: Pick<AssembleInput, 'segments' | 'fps' | 'duration'>, part: Part): number {
  return part.to < input.segments.length ? partStart(input, { from: part.to, to: part.to + 1 }) : input.duration;
}

/**
 * The caption pictures shown in [from, to), on the part's clock: the one showing at `from` first.
 * Times fall on the grid ffmpeg reads the list on (PICTURE_STEP), so that the overlay's place for a
 * picture changes on the very frame the picture does; two on one step keep the later.
 */
function picturesIn(pictures: CaptionPicture[], from: number, to: number): CaptionPicture[] {
  const first = Math.max(
    0,
    pictures.findLastIndex((p) => p.at <= from + 1e-6),
  );
  const out: CaptionPicture[] = [];
  for (const [i, p] of pictures.slice(first).entries()) {
    if (i > 0 && p.at >= to) break;
    const at = i === 0 ? 0 : Math.max(1, Math.round((p.at - from) / PICTURE_STEP)) * PICTURE_STEP;
    if (out.length && out.at(-1)!.at >= at - 1e-9) out.pop();
    out.push({ ...p, at });
  }
  return out;
}

/**
 * A part's caption pictures as an ffconcat list: each picture lasts until the next. (The demuxer
 * ignores the last entry's duration, hence the last file twice.)
 */
export function picturesList(pictures: CaptionPicture[], from: number, to: number): string {
  const shown = picturesIn(pictures, from, to);
  const quote = (file: string) => `file '${file.replace(/'/g, "'\\''")}'`;
  const lines = ['ffconcat version 1.0'];
  for (const [i, p] of shown.entries()) lines.push(quote(p.file), `duration ${((shown[i + 1]?.at ?? to - from) - p.at).toFixed(3)}`);
  lines.push(quote(shown.at(-1)!.file), '');
  return lines.join('\n');
}

/** The overlay's y for a part's caption pictures: where each sits, as of when it shows (part's clock). */
function picturesTop(pictures: CaptionPicture[], from: number, to: number): string {
  const changes = picturesIn(pictures, from, to).filter((p, i, all) => i === 0 || p.top !== all[i - 1]!.top);
  // A balanced tree of tests (ffmpeg's expressions nest only so deep), each a millisecond early: a
  // frame's time is computed, a picture's counted on its grid.
  const tree = (lo: number, hi: number): string => {
    if (lo === hi) return String(changes[lo]!.top);
    const mid = (lo + hi) >> 1;
    return `if(lt(t,${(changes[mid + 1]!.at - 0.001).toFixed(3)}),${tree(lo, mid)},${tree(mid + 1, hi)})`;
  };
  return tree(0, changes.length - 1);
}

/** Where the camera left a segment's still: its last framing, as a crop of the oversized still. */
function lastFraming(seg: Segment, out: { width: number; height: number }): string {
  const { width: W, height: H } = out;
  switch (seg.motion) {
    case 'push-in':
      return `crop=iw/1.1:ih/1.1:(iw-ow)/2:(ih-oh)/2,scale=${W}:${H}`;
    case 'pan-left':
      return `crop=${W}:${H}:0:(ih-oh)/2`;
    case 'pan-right':
      return `crop=${W}:${H}:iw-ow:(ih-oh)/2`;
    case 'still':
      return `crop=${W}:${H}:(iw-ow)/2:(ih-oh)/2`;
  }
}

/**
 * The filtergraph of one part (by default the whole episode): its segments cut together with
 * crossfades, the captions burnt in at the part's place on the timeline, labelled [video]; and the
 * soundtrack as [audio] when `audioInput` names its input. Caption pictures come in as one input,
 * `picturesInput` (the part's list of them, picturesList).
 */
export function buildGraph(input: AssembleInput, part: Part = { from: 0, to: input.segments.length }, audioInput?: number, picturesInput?: number): string {
  const inputs = partInputs(input, part);
  const segments = input.segments.slice(part.from, part.to);
  const filters = segments.map((seg, i) => segmentFilter(seg, i, inputs.segments[i]!, input));
  // A crossfade: the shot before, as the camera left it, lies over the first moments of this one
  // and fades out. It is made again from that shot's still (one frame, cropped where the camera
  // ended), not kept from its output, which would hold every frame of it until this shot starts.
  // Only those moments are blended; the rest of the shot passes through untouched.
  const out = segments.map((_, i) => `v${i}`);
  for (const [i, seg] of segments.entries()) {
    const previous = i > 0 ? inputs.segments[i - 1]!.base : inputs.before;
    if (previous === undefined || seg.transition !== 'crossfade') continue;
    const frames = Math.max(1, Math.round(CROSSFADE_SECONDS * input.fps));
    filters.push(
      `[${previous}:v]format=yuv420p,${lastFraming(input.segments[part.from + i - 1]!, input)},loop=loop=${frames}:size=1:start=0,settb=1/${input.fps},setpts=N,format=yuva420p,fade=t=out:st=0:d=${CROSSFADE_SECONDS}:alpha=1[fade${i}]`,
      `[${out[i]}][fade${i}]overlay=eof_action=pass:repeatlast=0:enable='lt(t,${CROSSFADE_SECONDS})'[xf${i}]`,
    );
    out[i] = `xf${i}`;
  }
  filters.push(`${out.map((o) => `[${o}]`).join('')}concat=n=${segments.length}:v=1:a=0[cut]`);
  // The captions are timed on the episode's clock: a later part is shifted there and back.
  const start = partStart(input, part);
  const captions = input.captions;
  if (!captions?.length) filters.push('[cut]format=yuv420p[video]');
  else {
    if (picturesInput === undefined) throw new Error('caption pictures need their input');
    filters.push(`[cut][${picturesInput}:v]overlay=x=0:y='${picturesTop(captions, start, partEnd(input, part))}':format=yuv420,format=yuv420p[video]`);
  }
  // The soundtrack arrives already normalised to about −14 LUFS (see audio/loudness.ts).
  if (audioInput !== undefined) filters.push(`[${audioInput}:a]aresample=48000[audio]`);
  return filters.join(';');
}

/** The picture's encoder settings of every episode. */
function videoOptions(input: { maxVideoKbps: number; fps: number }): string[] {
  return ['-c:v libx264', '-preset veryfast', '-crf 23', `-maxrate ${Math.round(input.maxVideoKbps)}k`, `-bufsize ${Math.round(input.maxVideoKbps * 2)}k`, '-pix_fmt yuv420p', `-r ${input.fps}`];
}

const AUDIO_OPTIONS = ['-c:a aac', '-b:a 128k', '-ac 2'];

/** Forces a keyframe at each time in [from, to), shifted to a part that starts at `from`. */
function keyframeOptions(times: number[] | undefined, from = 0, to = Number.POSITIVE_INFINITY): string[] {
  // Floored to the microsecond: ffmpeg rounds a forced time to the nearest frame, and a split at it finds that frame.
  const inside = (times ?? []).filter((t) => t > from && t < to).map((t) => Math.floor((t - from) * 1e6) / 1e6);
  return inside.length ? [`-force_key_frames ${inside.join(',')}`] : [];
}

/** The encoder settings of every episode (the bench re-encodes with exactly these to compare). */
export function encoderOptions(input: { maxVideoKbps: number; fps: number }): string[] {
  return [...videoOptions(input), ...AUDIO_OPTIONS];
}

/**
 * Draws and encodes the episode: in one ffmpeg pass when its stills fit one part; otherwise each
 * part's picture in turn into a temp file, then the parts joined by stream copy with the
 * soundtrack (the same encoder settings make their streams one).
 */
export async function assemble(bins: FfmpegBinaries, input: AssembleInput, timeoutMs: number, signal?: AbortSignal, onStart?: (commandLine: string) => void): Promise<void> {
  const parts = partsOf(input);
  const finish = ['-movflags +faststart', '-f mp4', '-y'];
  const unique = randomUUID().slice(0, 8);
  const temp = (name: string, ext?: string) => tempName(`${input.output}-${name}`, unique, ext);
  const partFiles = parts.map((_, k) => temp(`part${k}`, '.tmp.mp4'));
  const lists = parts.map((_, k) => temp(`captions${k}`));
  const list = temp('parts');
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1000, deadline - Date.now());
  const captions = input.captions;
  /** A part's inputs: its stills, then its caption pictures (when the captions are pictures). */
  const addInputs = (cmd: FfmpegCommand, part: Part, k: number) => {
    const { files } = partInputs(input, part);
    for (const file of files) cmd.input(file);
    if (!captions?.length) return { next: files.length };
    cmd.input(lists[k]!).inputOptions(['-f concat', '-safe 0']);
    return { next: files.length + 1, pictures: files.length };
  };
  try {
    if (captions?.length) await Promise.all(parts.map((part, k) => fs.writeFile(lists[k]!, picturesList(captions, partStart(input, part), partEnd(input, part)))));
    if (parts.length === 1) {
      return await runFfmpeg(
        bins,
        (cmd) => {
          const { next, pictures } = addInputs(cmd, parts[0]!, 0);
          return cmd
            .input(input.soundtrack)
            .complexFilter(buildGraph(input, parts[0], next, pictures))
            .outputOptions(['-map [video]', '-map [audio]', ...encoderOptions(input), ...keyframeOptions(input.keyframes), `-t ${input.duration.toFixed(3)}`, ...finish])
            .output(input.output);
        },
        { timeoutMs, signal, onStart },
      );
    }
    for (const [k, part] of parts.entries()) {
      await runFfmpeg(
        bins,
        (cmd) =>
          cmd
            .complexFilter(buildGraph(input, part, undefined, addInputs(cmd, part, k).pictures))
            .outputOptions([
              '-map [video]',
              // Exactly the part's frames: the caption pictures' list would hold its last picture on.
              `-frames:v ${Math.round(partEnd(input, part) * input.fps) - Math.round(partStart(input, part) * input.fps)}`,
              ...videoOptions(input),
              ...keyframeOptions(input.keyframes, partStart(input, part), k + 1 < parts.length ? partStart(input, parts[k + 1]!) : undefined),
              '-f mp4',
              '-y',
            ])
            .output(partFiles[k]!),
        { timeoutMs: left(), signal, onStart },
      );
    }
    await fs.writeFile(list, partFiles.map((f) => `file '${f.replace(/'/g, "'\\''")}'`).join('\n'));
    await runFfmpeg(
      bins,
      (cmd) =>
        cmd
          .input(list)
          .inputOptions(['-f concat', '-safe 0'])
          .input(input.soundtrack)
          .outputOptions(['-map 0:v', '-map 1:a', '-c:v copy', '-af aresample=48000', ...AUDIO_OPTIONS, `-t ${input.duration.toFixed(3)}`, ...finish])
          .output(input.output),
      { timeoutMs: left(), signal, onStart },
    );
  } finally {
    await Promise.all([list, ...partFiles, ...lists].map((f) => fs.rm(f, { force: true })));
  }
}
