/**
 * Burned-in captions as ASS subtitles for libass: at most two short lines, word-by-word karaoke
 * highlight timed to the voice, inside the safe area that phone UIs leave free, the speaker's
 * name in their colour for dialogue.
 */

export interface CaptionLine {
  /** null for the narrator. */
  speaker: string | null;
  color: string;
  words: { word: string; start: number; end: number }[];
}

const MAX_CHARS_PER_LINE = 26;

/** '#rrggbb' → ASS '&H00bbggrr'. */
export function assColor(hex: string, alpha = 0): string {
  const h = hex.replace('#', '');
  const [r, g, b] = [h.slice(0, 2), h.slice(2, 4), h.slice(4, 6)];
  return `&H${alpha.toString(16).padStart(2, '0').toUpperCase()}${b}${g}${r}`.toUpperCase();
}

/** ASS has no escape for braces or backslashes: swap them for look-alikes so text can't inject tags. */
export function assText(text: string): string {
  return text.replace(/\\/g, '＼').replace(/\{/g, '（').replace(/\}/g, '）').replace(/\r?\n/g, ' ');
}

function time(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
}

/** Splits a line's words into caption pages of at most two lines each. */
export function pages(words: CaptionLine['words'], maxChars = MAX_CHARS_PER_LINE): CaptionLine['words'][] {
  const out: CaptionLine['words'][] = [];
  let page: CaptionLine['words'] = [];
  let lines = 1;
  let length = 0;
  for (const w of words) {
    const len = Array.from(w.word).length;
    if (length && length + 1 + len > maxChars) {
      if (lines === 2) {
        out.push(page);
        page = [];
        lines = 1;
      } else lines = 2;
      length = 0;
    }
    page.push(w);
    length += (length ? 1 : 0) + len;
  }
  if (page.length) out.push(page);
  return out;
}

export function buildAss(lines: CaptionLine[], opts: { width: number; height: number; font: string }): string {
  const { width, height } = opts;
  const size = Math.round(width * 0.062);
  const header = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    // Sung words turn yellow (Primary); words still to come are white (Secondary). A thick outline
    // and no drop shadow: libass re-renders the shadow every frame, a quarter of the picture's
    // filtering time for little legibility the outline does not already give.
    `Style: Caption,${opts.font},${size},${assColor('#ffe14d')},${assColor('#ffffff')},${assColor('#1a1020')},${assColor('#000000', 0x80)},-1,0,0,0,100,100,0,0,1,${Math.round(size * 0.12)},0,2,${Math.round(width * 0.08)},${Math.round(width * 0.08)},${Math.round(height * 0.24)},1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  const events: string[] = [];
  for (const line of lines) {
    const all = pages(line.words.filter((w) => w.word.trim()));
    for (const [p, page] of all.entries()) {
      if (!page.length) continue;
      const start = page[0]!.start;
      const end = p + 1 < all.length ? all[p + 1]![0]!.start : page.at(-1)!.end + 0.35;
      let text = line.speaker && p === 0 ? `{\\c${assColor(line.color)}\\3c&H101010&}${assText(line.speaker)}: {\\r}` : '';
      let at = start;
      for (const w of page) {
        const gap = Math.max(0, Math.round((w.start - at) * 100));
        const dur = Math.max(1, Math.round((w.end - w.start) * 100));
        text += `${gap ? `{\\k${gap}}` : ''}{\\kf${dur}}${assText(w.word)} `;
        at = w.end;
      }
      events.push(`Dialogue: 0,${time(start)},${time(end)},Caption,,0,0,0,,${text.trimEnd()}`);
    }
  }
  return [...header, ...events, ''].join('\n');
}
