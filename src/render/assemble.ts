import type { FfmpegCommand } from 'fluent-ffmpeg';
import { runFfmpeg, type FfmpegBinaries } from './ffmpeg.js';
import type { Segment } from './storyboard.js';

/**
 * One ffmpeg pass for the picture: every still moves (push-in, pan, or holds), the twist beat
 * flashes and shakes, the segments are cut together, the captions burn in; the soundtrack is
 * loudness-normalised (about −14 LUFS) and everything encodes to H.264/AAC with +faststart.
 * Only filters that the 2018 build and a current ffmpeg share.
 */

export interface AssembleInput {
  segments: Segment[];
  /** One still per segment, at `oversize` (room for the camera to move). */
  images: string[];
  soundtrack: string;
  captions: string;
  fontsDir: string;
  width: number;
  height: number;
  fps: number;
  duration: number;
  /** Peak video bitrate (kbit/s): what keeps the file under its size target. */
  maxVideoKbps: number;
  /** A current ffmpeg can zoom cheaply; the bundled 2018 one tilts the camera instead. */
  scaleOverTime: boolean;
  output: string;
}

/** Oversized stills leave the camera room to move: 12 % larger, even dimensions. */
export function oversize(width: number, height: number): { width: number; height: number } {
  const even = (n: number) => Math.round(n / 2) * 2;
  return { width: even(width * 1.12), height: even(height * 1.12) };
}

/** Escapes a path for use inside a filtergraph option. */
function filterPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/:/g, '\\:').replace(/'/g, "\\'");
}

export function segmentFilter(seg: Segment, i: number, opts: { width: number; height: number; fps: number; scaleOverTime: boolean }): string {
  const { width: W, height: H, fps } = opts;
  const D = seg.duration.toFixed(3);
  const frames = Math.max(1, Math.round(seg.duration * fps));
  // One decoded still, converted to the output's pixel format once and repeated by the loop
  // filter: decoding and converting a PNG per frame would cost more than x264 itself.
  const parts: string[] = ['format=yuv420p', `loop=loop=${frames}:size=1:start=0`, `setpts=N/(${fps}*TB)`];
  if (seg.motion === 'push-in') {
    // Zoom from the whole oversized still to its centre, slowly.
    // Zoom from the whole oversized still towards its centre. zoompan rescales every frame, so
    // the storyboard saves it for the shot that matters most (the cold open).
    parts.push(`zoompan=z='1+0.10*on/${frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=${W}x${H}:fps=${fps}`);
  } else {
    const shake = seg.jolt ? `+if(lt(t,0.6),14*sin(t*70),0)` : '';
    const x = seg.motion === 'pan-left' ? `(iw-ow)*(1-t/${D})` : seg.motion === 'pan-right' ? `(iw-ow)*t/${D}` : '(iw-ow)/2';
    parts.push(`crop=${W}:${H}:'max(0,min(iw-ow,${x}${shake}))':'(ih-oh)/2${shake ? `+if(lt(t,0.6),10*cos(t*60),0)` : ''}'`);
  }
  if (seg.jolt) parts.push(`fade=t=in:st=0:d=0.3:color=white`);
  else if (seg.picture.kind !== 'shot' && seg.picture.kind !== 'cold-open') parts.push(`fade=t=in:st=0:d=0.3`);
  parts.push(`fps=${fps}`, 'setsar=1', `trim=duration=${D}`, 'setpts=PTS-STARTPTS');
  return `[${i}:v]${parts.join(',')}[v${i}]`;
}

export function buildGraph(input: AssembleInput): string {
  const n = input.segments.length;
  const filters = input.segments.map((seg, i) => segmentFilter(seg, i, input));
  filters.push(`${input.segments.map((_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0[cut]`);
  filters.push(`[cut]subtitles=filename='${filterPath(input.captions)}':fontsdir='${filterPath(input.fontsDir)}',format=yuv420p[video]`);
  filters.push(`[${n}:a]loudnorm=I=-14:TP=-1.5:LRA=11,aresample=48000[audio]`);
  return filters.join(';');
}

export function assemble(bins: FfmpegBinaries, input: AssembleInput, timeoutMs: number): Promise<void> {
  return runFfmpeg(
    bins,
    (cmd: FfmpegCommand) => {
      for (const [i, image] of input.images.entries()) {
        void i;
        cmd.input(image);
      }
      cmd.input(input.soundtrack);
      return cmd
        .complexFilter(buildGraph(input))
        .outputOptions([
          '-map [video]',
          '-map [audio]',
          '-c:v libx264',
          '-preset veryfast',
          '-crf 23',
          `-maxrate ${Math.round(input.maxVideoKbps)}k`,
          `-bufsize ${Math.round(input.maxVideoKbps * 2)}k`,
          '-pix_fmt yuv420p',
          `-r ${input.fps}`,
          '-c:a aac',
          '-b:a 128k',
          '-ac 2',
          `-t ${input.duration.toFixed(3)}`,
          '-movflags +faststart',
          '-f mp4',
          '-y',
        ])
        .output(input.output);
    },
    { timeoutMs },
  );
}
