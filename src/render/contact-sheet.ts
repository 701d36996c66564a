import { runFfmpeg, type FfmpegBinaries } from './ffmpeg.js';

/** A grid of frames from a video, to see an episode at a glance. */
export function contactSheet(bins: FfmpegBinaries, video: string, output: string, opts: { every: number; columns: number; rows: number }): Promise<void> {
  return runFfmpeg(
    bins,
    (cmd) =>
      cmd
        .input(video)
        .outputOptions(['-vf', `fps=1/${opts.every},scale=270:-2,tile=${opts.columns}x${opts.rows}`, '-frames:v', '1', '-y'])
        .output(output),
    { timeoutMs: 60_000 },
  );
}
