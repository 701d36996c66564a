import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Canvas, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import pLimit from 'p-limit';
import { captionFont, fontRuns } from './art/fonts.js';
import { ART_VERSION } from './art/version.js';
import { tempName } from './leftovers.js';
import { type CaptionEvent, type CaptionToken, captionMetrics, captionSpace, captionWidth, NAME_OUTLINE, OUTLINE, SUNG, TO_COME } from './captions.js';

/**
 * Captions drawn on canvas, where Skia shapes every script (ffmpeg's libass shapes Devanagari only
 * when built with HarfBuzz, which the bundled 2018 build is not, and costs a third of the picture's
 * filtering time). Each caption page becomes a few pictures, one per word lit, shown in turn by one
 * overlay on ffmpeg's timeline: laying a ready picture over the frame costs far less than drawing
 * text into it.
 */

/** One picture of the captions: shown from `at` until the next one, `top` pixels from the frame's top. */
export interface CaptionState {
  at: number;
  top: number;
  /** Names the picture by what it shows: the same page lit the same way is drawn once. */
  key: string;
  /** Nothing on screen (between captions). */
  blank: boolean;
  draw(): Canvas;
}

/** How finely the pictures are timed: ffmpeg reads a list of still pictures at 25 a second. */
export const PICTURE_STEP = 1 / 25;

/** How tall the captions' band is: two rows and room above and below for marks and the outline. */
export function bandHeight(width: number): number {
  const { size, outline } = captionMetrics(width);
  return even(Math.ceil(2 * size * 1.22 + 2 * outline + size * 1.25));
}

/** How far the lowest row's baseline sits above the band's bottom: room for descenders and the marks under Arabic letters. */
const depthOf = (size: number, outline: number) => outline + Math.round(size * 0.75);

const even = (n: number) => Math.round(n / 2) * 2;

/**
 * The pictures that show the captions over time, at times on the episode's clock rounded to
 * `step` seconds (what the overlay's input resolves): two changes in one step keep the later.
 */
export function captionStates(events: CaptionEvent[], opts: { width: number; height: number; step: number }): CaptionState[] {
  const { width, height, step } = opts;
  const band = bandHeight(width);
  const { size, outline } = captionMetrics(width);
  // The lowest row's baseline in the band, and where the band sits for a caption `bottom` up.
  const baseline = band - depthOf(size, outline);
  const topFor = (bottom: number) => Math.max(0, Math.min(height - band, even(height - Math.round(height * bottom) - outline - Math.round(size * 0.22) - baseline)));
  const blank: Omit<CaptionState, 'at'> = {
    top: height - band,
    key: hash(['blank', ART_VERSION, width, band]),
    blank: true,
    draw: () => createCanvas(width, band),
  };
  const states: CaptionState[] = [];
  const add = (state: CaptionState) => {
    const at = Math.max(0, Math.round(state.at / step) * step);
    if (states.length && states.at(-1)!.at >= at) states.pop();
    // Nothing shows between captions: the band stays where it was (fewer moves for the overlay).
    const top = state.blank ? (states.at(-1)?.top ?? state.top) : state.top;
    if (states.at(-1)?.key === state.key && states.at(-1)?.top === top) return;
    states.push({ ...state, at, top });
  };
  const sorted = [...events].sort((a, b) => a.start - b.start);
  add({ ...blank, at: 0 });
  for (const [i, event] of sorted.entries()) {
    const end = Math.min(event.end, sorted[i + 1]?.start ?? Number.POSITIVE_INFINITY);
    const timed = event.rows.flat().filter((t) => !t.speaker);
    const changes = [...new Set([event.start, ...timed.map((t) => t.start).filter((t) => t > event.start && t < end)])];
    for (const at of changes) {
      const lit = new Set(timed.filter((t) => t.start <= at + 1e-6));
      add({
        at,
        top: topFor(event.bottom),
        key: hash([ART_VERSION, width, band, size, event.rtl, event.chain, event.color, event.rows.map((row) => row.map((t) => [t.text, t.space, t.speaker === true, lit.has(t)]))]),
        blank: false,
        draw: () => drawPage(event, lit, { width, band, baseline, size, outline }),
      });
    }
    if (!sorted[i + 1] || sorted[i + 1]!.start > end) add({ ...blank, at: end });
  }
  return states;
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

interface Geometry {
  width: number;
  band: number;
  baseline: number;
  size: number;
  outline: number;
}

/** A page with the words in `lit` sung: each row centred, outlines first so no outline covers a neighbour's letters. */
function drawPage(event: CaptionEvent, lit: ReadonlySet<CaptionToken>, g: Geometry): Canvas {
  const canvas = createCanvas(g.width, g.band);
  const ctx = canvas.getContext('2d');
  ctx.lineJoin = 'round';
  ctx.textBaseline = 'alphabetic';
  const space = captionSpace(event.chain, g.size);
  const placed = event.rows.flatMap((row, r) => {
    const y = g.baseline - (event.rows.length - 1 - r) * g.size * 1.22;
    const widths = row.map((t) => captionWidth(t.text, event.chain, g.size));
    const gaps = row.map((t, i) => (i < row.length - 1 && t.space ? space : 0));
    const total = widths.reduce((a, b) => a + b, 0) + gaps.reduce((a, b) => a + b, 0);
    // Right to left, the first token (the speaker's name) sits on the right.
    let x = event.rtl ? (g.width + total) / 2 : (g.width - total) / 2;
    return row.map((token, i) => {
      const left = event.rtl ? x - widths[i]! : x;
      x = event.rtl ? left - gaps[i]! : left + widths[i]! + gaps[i]!;
      return { token, left, width: widths[i]!, y };
    });
  });
  for (const pass of ['stroke', 'fill'] as const) {
    for (const { token, left, width, y } of placed) {
      const fill = token.speaker ? event.color : lit.has(token) ? SUNG : TO_COME;
      drawRuns(ctx, token.text, event, g, { left, width, y }, pass, fill, token.speaker ? NAME_OUTLINE : OUTLINE);
    }
  }
  return canvas;
}

/**
 * One token, run by run in the fonts the captions name. Right to left, the runs go from the right
 * and each is marked right-to-left, so that a word's trailing "!" or "." sits at its left end.
 */
function drawRuns(
  ctx: SKRSContext2D,
  text: string,
  event: Pick<CaptionEvent, 'chain' | 'rtl'>,
  g: Geometry,
  at: { left: number; width: number; y: number },
  pass: 'stroke' | 'fill',
  fill: string,
  outline: string,
): void {
  const { y } = at;
  // Right to left, the first run takes the right end and each next one goes to its left.
  let x = event.rtl ? at.left + at.width : at.left;
  for (const run of fontRuns(text, event.chain)) {
    ctx.font = captionFont(run.font, g.size);
    const width = ctx.measureText(run.text).width;
    if (event.rtl) x -= width;
    const shown = event.rtl ? `\u200f${run.text}\u200f` : run.text;
    if (pass === 'stroke') {
      ctx.strokeStyle = outline;
      ctx.lineWidth = 2 * g.outline;
      ctx.strokeText(shown, x, y);
    } else {
      ctx.fillStyle = fill;
      ctx.fillText(shown, x, y);
    }
    if (!event.rtl) x += width;
  }
}

/**
 * A picture as a PAM file: its RGBA pixels behind a short header. ffmpeg reads it as it is, where a
 * PNG would cost four times the drawing to compress for a file that lives for one render.
 */
export function pam(canvas: Canvas): Buffer {
  const { width, height } = canvas;
  const header = Buffer.from(`P7\nWIDTH ${width}\nHEIGHT ${height}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n`, 'latin1');
  const { data } = canvas.getContext('2d').getImageData(0, 0, width, height);
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/**
 * One render's caption pictures as files (temp files of this process: a killed render's are
 * swept by cleanLeftovers), each written once by what it shows, removed when the render ends.
 */
export class CaptionPictures {
  private readonly files = new Map<string, Promise<string>>();
  private readonly unique = randomUUID().slice(0, 8);

  constructor(private readonly dir: string) {}

  /** Writes the pictures not written yet, a few at a time (each is held drawn until written); their files in order. */
  async write(states: CaptionState[]): Promise<string[]> {
    await fs.mkdir(this.dir, { recursive: true });
    const limit = pLimit(4);
    return Promise.all(states.map((s) => limit(() => this.file(s))));
  }

  private file(state: CaptionState): Promise<string> {
    let file = this.files.get(state.key);
    if (!file) {
      // ffmpeg knows a PAM by its name's ending.
      const name = tempName(path.join(this.dir, state.key), this.unique, '.tmp.pam');
      // A picture that could not be written whole (a full disk) leaves nothing behind.
      file = fs.writeFile(name, pam(state.draw())).then(
        () => name,
        async (err: unknown) => {
          await fs.rm(name, { force: true });
          throw err;
        },
      );
      this.files.set(state.key, file);
    }
    return file;
  }

  async remove(): Promise<void> {
    const written = await Promise.allSettled(this.files.values());
    await Promise.all(written.map((w) => (w.status === 'fulfilled' ? fs.rm(w.value, { force: true }) : undefined)));
    this.files.clear();
  }
}
