import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { translate } from '../i18n/i18n.js';
import { canvasFont, hanFor } from '../render/art/fonts.js';
import { textLanguage } from '../render/text/language.js';
import { direction, wrapText } from '../render/text/lines.js';
import type { EpisodeCredit } from './credits.js';

/**
 * The season cut's end credits as pages: a title page (the series, "written together by everyone
 * who voted"), then each episode's winning twist, who suggested it (a display name, never an id:
 * the credits data holds nothing else) and how many voted. Pages, not a scroll: still frames read
 * better on a phone and encode in a moment.
 */

/** Episodes per page. */
const PER_PAGE = 4;

function pen(language: string) {
  const lang = textLanguage(language);
  const cjk = ['zh', 'ja', 'ko'].includes(lang.locale);
  return { t: translate(lang.locale), font: (px: number, text = '') => canvasFont(px, hanFor(lang.han, text, cjk), cjk) };
}

function backdrop(ctx: SKRSContext2D, w: number, h: number): void {
  const g = ctx.createLinearGradient(0, 0, w, h);
  g.addColorStop(0, '#1a1033');
  g.addColorStop(1, '#3a0f2e');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

/** A block of centred text on a page. */
interface Row {
  text: string;
  /** Font size as a share of the page's width. */
  size: number;
  color: string;
  maxLines: number;
  /** Space above it, as a share of the width. */
  gap: number;
}

/** Draws rows centred across the page and, as a whole, down it; each line in its own reading direction. */
function drawRows(ctx: SKRSContext2D, rows: Row[], w: number, h: number, font: (px: number, text?: string) => string): void {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const laid = rows.map((r) => {
    ctx.font = font(w * r.size, r.text);
    return { ...r, lines: wrapText(r.text, w * 0.84, (l) => ctx.measureText(l).width).slice(0, r.maxLines), lineHeight: w * r.size * 1.3 };
  });
  const height = laid.reduce((sum, r) => sum + r.gap * w + r.lines.length * r.lineHeight, 0);
  let y = Math.max(h * 0.08, (h - height) / 2);
  for (const r of laid) {
    y += r.gap * w;
    ctx.font = font(w * r.size, r.text);
    ctx.fillStyle = r.color;
    for (const line of r.lines) {
      ctx.direction = direction(line);
      ctx.fillText(line, w / 2, y + r.lineHeight / 2);
      y += r.lineHeight;
    }
  }
}

/** What each page says, for tests and for the chapter list: the text drawn, in order. */
export interface CreditsPage {
  canvas: Canvas;
  text: string[];
}

export function creditsPages(seriesTitle: string, credits: EpisodeCredit[], w: number, h: number, language: string): CreditsPage[] {
  const { t, font } = pen(language);

  const page = (rows: Row[]): CreditsPage => {
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    backdrop(ctx, w, h);
    drawRows(ctx, rows, w, h, font);
    return { canvas, text: rows.map((r) => r.text) };
  };
  const pages = [
    page([
      { text: t('cards:season.credits'), size: 0.06, color: '#ffd36e', maxLines: 2, gap: 0 },
      { text: seriesTitle, size: 0.085, color: '#ffffff', maxLines: 3, gap: 0.06 },
      { text: t('cards:season.together'), size: 0.048, color: '#e8ddff', maxLines: 3, gap: 0.08 },
    ]),
  ];
  for (let i = 0; i < credits.length; i += PER_PAGE) {
    const rows: Row[] = [];
    for (const c of credits.slice(i, i + PER_PAGE)) {
      const heading = c.title ? t('cards:season.episodeTitled', { number: c.number, title: c.title }) : t('cards:episode', { number: c.number });
      rows.push({ text: heading, size: 0.042, color: '#ffd36e', maxLines: 2, gap: rows.length ? 0.08 : 0 });
      rows.push({ text: c.twist ? t('cards:season.chose', { label: c.twist }) : t('cards:season.voting'), size: 0.05, color: '#ffffff', maxLines: 3, gap: 0.01 });
      // Only what the credits data holds: a display name (never an id), and a count.
      const by = [c.author ? t('cards:credit', { name: c.author }) : null, c.twist ? t('cards:season.voters', { count: c.voters }) : null].filter((x): x is string => x !== null).join(' · ');
      if (by) rows.push({ text: by, size: 0.04, color: '#cbbcf2', maxLines: 2, gap: 0.005 });
    }
    pages.push(page(rows));
  }
  return pages;
}
