import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { translate } from '../../i18n/i18n.js';
import { textLanguage } from '../text/language.js';
import { baseDirection, direction, wrapText } from '../text/lines.js';
import { canvasFont, hanFor } from './fonts.js';
import { paintShot, type ShotSpec } from './shots.js';

/**
 * Title, "Previously on…", "To be continued…" and the ballot end card, in the series' language
 * (the `cards` catalog, English where it has no entry) and in the bundled fonts of its script.
 */

/** Part of the cache key of every card: bump it when the cards' drawing changes. */
const CARDS_VERSION = 'cards-v2';

/** What a card's pixels depend on besides its picture: the drawing and the language. */
export function cardsKey(language: string): string {
  const { locale, han } = textLanguage(language);
  return `${CARDS_VERSION}:${locale}:${han}`;
}

/** The card's words and fonts for a series' language. */
function cardText(language: string) {
  const lang = textLanguage(language);
  const cjk = ['zh', 'ja', 'ko'].includes(lang.locale);
  return {
    t: translate(lang.locale),
    /** The reading direction of the series' language. */
    base: baseDirection(lang.locale),
    /** A font for text that may be in any script (titles, ballot options). */
    font: (px: number, text = '') => canvasFont(px, hanFor(lang.han, text, cjk), cjk),
  };
}

function backdrop(ctx: SKRSContext2D, w: number, h: number, top: string, bottom: string): void {
  const g = ctx.createLinearGradient(0, 0, w, h);
  g.addColorStop(0, top);
  g.addColorStop(1, bottom);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

/** Lines no wider than `maxWidth` in the context's font, broken where the script allows. */
function wrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  return wrapText(text, maxWidth, (line) => ctx.measureText(line).width);
}

/** Draws a line in its own reading direction (Arabic and Hebrew right to left). */
function fillLine(ctx: SKRSContext2D, text: string, x: number, y: number, base: 'ltr' | 'rtl' = 'ltr'): void {
  ctx.direction = direction(text, base);
  ctx.fillText(text, x, y);
}

function centered(ctx: SKRSContext2D, lines: string[], w: number, y: number, lineHeight: number, base: 'ltr' | 'rtl' = 'ltr'): number {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const [i, line] of lines.entries()) fillLine(ctx, line, w / 2, y + i * lineHeight, base);
  return y + lines.length * lineHeight;
}

function glowText(ctx: SKRSContext2D, color: string, glow: string): void {
  ctx.fillStyle = color;
  ctx.shadowColor = glow;
  ctx.shadowBlur = 24;
}

/**
 * The cold open: the most dramatic shot with the series title across the top, and under it
 * "Twist by <name>" when the episode pays off a community member's twist.
 */
export function coldOpenCanvas(shot: ShotSpec, seriesTitle: string, number: number, w: number, h: number, picture?: Canvas, language = 'en', credit?: string): Canvas {
  const { t, font, base } = cardText(language);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (picture) ctx.drawImage(picture, 0, 0, w, h);
  else paintShot(ctx, shot, w, h);
  const band = ctx.createLinearGradient(0, 0, 0, h * 0.22);
  band.addColorStop(0, 'rgba(0,0,0,0.75)');
  band.addColorStop(1, 'rgba(0,0,0,0)');
  ctx.fillStyle = band;
  ctx.fillRect(0, 0, w, h * 0.22);
  ctx.font = font(w * 0.075, seriesTitle);
  glowText(ctx, '#ffe6f0', '#ff2f7a');
  const lines = wrap(ctx, seriesTitle, w * 0.86).slice(0, 2);
  const end = centered(ctx, lines, w, h * 0.075, w * 0.085, base);
  ctx.font = font(w * 0.04);
  ctx.shadowBlur = 0;
  ctx.fillStyle = '#ffffff';
  const below = centered(ctx, [t('cards:episode', { number })], w, end + w * 0.01, w * 0.05, base);
  if (credit) creditPill(ctx, t('cards:credit', { name: credit }), w, below + w * 0.025, font, base);
  return canvas;
}

/** "Twist by <name>" in gold on a dark pill, so it reads over any picture on a phone. */
function creditPill(ctx: SKRSContext2D, text: string, w: number, top: number, font: (px: number, text?: string) => string, base: 'ltr' | 'rtl'): void {
  const px = w * 0.042;
  ctx.font = font(px, text);
  const lines = wrap(ctx, text, w * 0.8).slice(0, 2);
  const lineHeight = px * 1.3;
  const padX = px * 0.8;
  const width = Math.max(...lines.map((l) => ctx.measureText(l).width)) + padX * 2;
  const height = lines.length * lineHeight + px * 0.5;
  ctx.shadowBlur = 0;
  ctx.fillStyle = 'rgba(20,10,30,0.72)';
  ctx.beginPath();
  ctx.roundRect((w - width) / 2, top, width, height, height / 2);
  ctx.fill();
  ctx.fillStyle = '#ffd36e';
  centered(ctx, lines, w, top + px * 0.25 + lineHeight / 2, lineHeight, base);
}

/** A script's "previously" without the label a writer may start it with ("Previously:", "前情提要："): the card says it already. */
export function previouslyBody(previously: string): string {
  return previously.replace(/^\s*(previously|前情提要|前回のあらすじ|前回までのあらすじ|지난 이야기)\s*[:：]\s*/iu, '');
}

export function previouslyCanvas(seriesTitle: string, previously: string, w: number, h: number, language = 'en'): Canvas {
  const { t, font, base } = cardText(language);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  backdrop(ctx, w, h, '#2d1b4e', '#0e0a1f');
  const label = t('cards:previouslyOn');
  ctx.font = font(w * 0.06);
  glowText(ctx, '#ffd1e3', '#ff4f9a');
  let y = centered(ctx, wrap(ctx, label, w * 0.86).slice(0, 2), w, h * 0.3, w * 0.08, base);
  ctx.font = font(w * 0.08, seriesTitle);
  y = centered(ctx, wrap(ctx, seriesTitle, w * 0.86).slice(0, 2), w, y + w * 0.02, w * 0.095, base);
  ctx.shadowBlur = 0;
  ctx.font = font(w * 0.052, previously);
  ctx.fillStyle = '#f4f1ff';
  centered(ctx, wrap(ctx, previouslyBody(previously), w * 0.82).slice(0, 5), w, y + w * 0.08, w * 0.07, base);
  return canvas;
}

export function toBeContinuedCanvas(w: number, h: number, language = 'en'): Canvas {
  const { t, font, base } = cardText(language);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  backdrop(ctx, w, h, '#120d1f', '#3b0d2a');
  ctx.font = font(w * 0.095);
  glowText(ctx, '#fff3f8', '#ff2f7a');
  const lines = wrap(ctx, t('cards:toBeContinued'), w * 0.86).slice(0, 3);
  // Two lines sit where they always have; one or three stay centred on the same middle.
  centered(ctx, lines, w, h * 0.44 + ((2 - lines.length) * w * 0.12) / 2, w * 0.12, base);
  return canvas;
}

/** The ballot, so every platform's viewers see what they vote on (laid out right to left for Arabic or Hebrew options). */
export function endCardCanvas(options: { letter: string; label: string }[], w: number, h: number, language = 'en', behind?: Canvas): Canvas {
  const { t, font, base } = cardText(language);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (behind) {
    // The cliffhanger's shot under the ballot: dark where the words are, the cast showing below.
    ctx.drawImage(behind, 0, 0, w, h);
    const veil = ctx.createLinearGradient(0, 0, 0, h);
    veil.addColorStop(0, 'rgba(20,10,40,0.9)');
    veil.addColorStop(0.62, 'rgba(20,10,40,0.78)');
    veil.addColorStop(1, 'rgba(20,10,40,0.25)');
    ctx.fillStyle = veil;
    ctx.fillRect(0, 0, w, h);
  } else backdrop(ctx, w, h, '#1d1240', '#4a1038');
  ctx.font = font(w * 0.07);
  glowText(ctx, '#ffffff', '#ff4f9a');
  const heading = [t('cards:whatNext'), t('cards:voteNow')].flatMap((line) => wrap(ctx, line, w * 0.86));
  let y = centered(ctx, heading.slice(0, 3), w, h * 0.16, w * 0.09, base);
  ctx.shadowBlur = 0;
  const boxW = w * 0.84;
  const x0 = (w - boxW) / 2;
  const labels = options.map((o) => o.label).join(' ');
  const rtl = direction(labels, base) === 'rtl';
  // Mirrored for right-to-left: the letter on the right, the words running leftwards from it.
  const x = (fromLeft: number) => (rtl ? w - fromLeft : fromLeft);
  const colors = ['#ff4f7a', '#3fa9f5', '#ffc93c', '#6ee07a', '#b07cff', '#ff9f43'];
  y += h * 0.04;
  for (const [i, o] of options.slice(0, 6).entries()) {
    ctx.font = font(w * 0.045, labels);
    const lines = wrap(ctx, o.label, boxW - w * 0.2).slice(0, 2);
    const boxH = w * 0.06 * lines.length + w * 0.06;
    ctx.fillStyle = 'rgba(255,255,255,0.12)';
    ctx.beginPath();
    ctx.roundRect(x0, y, boxW, boxH, w * 0.03);
    ctx.fill();
    ctx.fillStyle = colors[i % colors.length]!;
    ctx.beginPath();
    ctx.arc(x(x0 + w * 0.075), y + boxH / 2, w * 0.045, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#1d1240';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = font(w * 0.055);
    fillLine(ctx, o.letter, x(x0 + w * 0.075), y + boxH / 2, base);
    ctx.font = font(w * 0.045, labels);
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = rtl ? 'right' : 'left';
    for (const [j, line] of lines.entries()) fillLine(ctx, line, x(x0 + w * 0.15), y + w * 0.06 + j * w * 0.06, base);
    y += boxH + w * 0.03;
  }
  // How: one line under the options.
  ctx.textAlign = 'center';
  ctx.fillStyle = '#ffe14d';
  ctx.font = font(w * 0.045);
  centered(ctx, wrap(ctx, t('cards:howToVote'), w * 0.86).slice(0, 2), w, y + w * 0.05, w * 0.06, base);
  return canvas;
}

/**
 * "Sponsored by …" (the `cards` catalog): a small label the sponsored scene carries as long as it is
 * on screen, top left (top right in a right-to-left language), inside what any camera move keeps
 * of the oversized still and clear of the faces and the captions.
 */
export function drawDisclosure(canvas: Canvas, brand: string, language = 'en'): Canvas {
  const { t, font, base } = cardText(language);
  const { width: w, height: h } = canvas;
  const ctx = canvas.getContext('2d');
  const text = t('cards:sponsor', { brand });
  const px = Math.round(w * 0.03);
  ctx.font = font(px, text);
  const inner = Math.min(ctx.measureText(text).width, w * 0.62);
  const padX = px * 0.7;
  const boxW = inner + padX * 2;
  const boxH = px * 1.65;
  const rtl = direction(text, base) === 'rtl';
  const left = rtl ? w * 0.86 - boxW : w * 0.14;
  const top = h * 0.12;
  ctx.save();
  ctx.fillStyle = 'rgba(15,10,25,0.68)';
  ctx.beginPath();
  ctx.roundRect(left, top, boxW, boxH, boxH / 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = rtl ? 'right' : 'left';
  ctx.textBaseline = 'middle';
  ctx.direction = rtl ? 'rtl' : 'ltr';
  ctx.fillText(text, rtl ? left + boxW - padX : left + padX, top + boxH / 2, inner);
  ctx.restore();
  return canvas;
}
