import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import ffmpeg, { type FfmpegCommand, type FfprobeData } from 'fluent-ffmpeg';

/**
 * The only module that drives ffmpeg. Binaries come from npm (@ffmpeg-installer, a 2018 build,
 * and @ffprobe-installer) unless FFMPEG_PATH / FFPROBE_PATH name others; filtergraphs stick to
 * what both the old build and a current ffmpeg understand (no xfade, no amix normalize).
 */

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);

export function resolveBinaries(paths: { ffmpegPath?: string | undefined; ffprobePath?: string | undefined } = {}): FfmpegBinaries {
  return {
    ffmpeg: paths.ffmpegPath ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path,
    ffprobe: paths.ffprobePath ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path,
  };
}

export class FfmpegError extends Error {
  constructor(
    message: string,
    /** ffmpeg's last lines of output, for the failed step's record. */
    readonly lastLines: string,
  ) {
    super(lastLines ? `${message}\n${lastLines}` : message);
    this.name = 'FfmpegError';
  }
}

const REQUIRED_FILTERS = ['overlay', 'fade', 'crop', 'loop', 'concat', 'zoompan', 'negate', 'trim'];

/**
 * Checks at start that the binary runs and has what the render graph needs; a clear error if not.
 * (It asks the binary itself: fluent-ffmpeg's capability lists are cached for the whole process,
 * whichever binary they came from.)
 */
export async function checkFfmpeg(bins: FfmpegBinaries): Promise<{ version: string }> {
  const ask = async (flag: string) => {
    try {
      return (await execFileAsync(bins.ffmpeg, ['-hide_banner', flag], { timeout: 15_000, maxBuffer: 8 * 1024 * 1024 })).stdout;
    } catch (err) {
      throw new Error(`ffmpeg at ${bins.ffmpeg} does not run: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}. Set FFMPEG_PATH to a working ffmpeg.`);
    }
  };
  const names = (listing: string) =>
    new Set(
      listing
        .split('\n')
        .map((line) => /^\s*[A-Z.|]{2,6}\s+(\S+)\s/.exec(line)?.[1])
        .filter(Boolean),
    );
  const filters = names(await ask('-filters'));
  const missing = REQUIRED_FILTERS.filter((f) => !filters.has(f));
  if (missing.length) throw new Error(`ffmpeg at ${bins.ffmpeg} lacks the filters ${missing.join(', ')}; set FFMPEG_PATH to a full build.`);
  if (!names(await ask('-encoders')).has('libx264')) throw new Error(`ffmpeg at ${bins.ffmpeg} has no libx264 encoder; set FFMPEG_PATH to a build with it.`);
  return { version: (await ask('-version')).split('\n')[0] ?? 'unknown' };
}

export interface RunOptions {
  /** A hung ffmpeg is killed after this long. */
  timeoutMs: number;
  /** Kills ffmpeg when the step is stopped (shutdown, its deadline). */
  signal?: AbortSignal | undefined;
  /** Hears the command line ffmpeg was started with (logged at debug level by the renderer). */
  onStart?: ((commandLine: string) => void) | undefined;
}

/** Runs one ffmpeg command; on failure the error carries ffmpeg's last lines. */
export function runFfmpeg(bins: FfmpegBinaries, build: (cmd: FfmpegCommand) => FfmpegCommand, opts: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const cmd = build(ffmpeg().setFfmpegPath(bins.ffmpeg).setFfprobePath(bins.ffprobe));
    let timedOut = false;
    let stopped = false;
    const timer = setTimeout(() => {
      timedOut = true;
      cmd.kill('SIGKILL');
    }, opts.timeoutMs);
    const onAbort = () => {
      stopped = true;
      cmd.kill('SIGKILL');
    };
    if (opts.signal?.aborted) {
      clearTimeout(timer);
      reject(new FfmpegError('ffmpeg was not started: the step was stopped', ''));
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.onStart) cmd.on('start', opts.onStart);
    cmd
      .on('stderr', (line: string) => {
        tail.push(line);
        if (tail.length > 15) tail.shift();
      })
      .on('error', (err: Error) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        const reason = stopped
          ? 'ffmpeg was stopped with its step'
          : timedOut
            ? `ffmpeg was stopped after ${Math.round(opts.timeoutMs / 1000)} s without finishing`
            : `ffmpeg failed: ${err.message.split('\n')[0]}`;
        reject(new FfmpegError(reason, tail.join('\n')));
      })
      .on('end', () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve();
      })
      .run();
  });
}

export interface ProbeInfo {
  durationSeconds: number;
  sizeBytes: number;
  video?: { codec: string; width: number; height: number; pixFmt: string; fps: number };
  audio?: { codec: string; sampleRate: number; channels: number };
}

export async function probe(bins: FfmpegBinaries, file: string): Promise<ProbeInfo> {
  const data = await new Promise<FfprobeData>((resolve, reject) => {
    ffmpeg.setFfprobePath(bins.ffprobe);
    ffmpeg.ffprobe(file, (err: Error | null, d: FfprobeData) => (err ? reject(err) : resolve(d)));
  });
  const v = data.streams.find((s) => s.codec_type === 'video');
  const a = data.streams.find((s) => s.codec_type === 'audio');
  const [num, den] = (v?.r_frame_rate ?? '0/1').split('/').map(Number);
  return {
    durationSeconds: Number(data.format.duration ?? 0),
    sizeBytes: Number(data.format.size ?? 0),
    ...(v ? { video: { codec: v.codec_name ?? '', width: v.width ?? 0, height: v.height ?? 0, pixFmt: v.pix_fmt ?? '', fps: den ? num! / den : 0 } } : {}),
    ...(a ? { audio: { codec: a.codec_name ?? '', sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0 } } : {}),
  };
}
