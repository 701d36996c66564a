import type { BallotView, EpisodeView } from '../../core/ports.js';
import { clip, rtlLine } from '../../core/text.js';
import { disclosureOf } from '../../core/sponsors.js';
import { ballotLines } from '../../../commands/format.js';
import { translate } from '../../i18n/i18n.js';

/** Telegram's limits (Bot API): they live here, the core stays generic. */
export const LIMITS = {
  message: 4096,
  caption: 1024,
  pollQuestion: 300,
  pollOption: 100,
  pollOptions: 12,
} as const;

/**
 * An upload's file name: grammY writes it unquoted into the multipart header, where only plain
 * ASCII is safe, so a series named in another script ("命运之爪") leaves its name out.
 */
export function uploadName(seriesName: string, rest: string): string {
  const ascii = seriesName.replace(/[^A-Za-z0-9-]+/g, '').replace(/^-+|-+$/g, '');
  return ascii ? `${ascii}-${rest}` : rest;
}

/** For HTML parse mode: Telegram knows only &lt; &gt; &amp; &quot;. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Plain text → HTML messages under Telegram's length limit: split at line breaks where it can,
 * inside a line only when a single line is too long. Limits count what the user sees, so the
 * text is measured before escaping.
 */
export function splitMessage(text: string, max: number = LIMITS.message): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim()) chunks.push(escapeHtml(current));
    current = '';
  };
  for (const line of text.split('\n')) {
    let rest = Array.from(line);
    while (rest.length > max) {
      push();
      chunks.push(escapeHtml(rest.slice(0, max).join('')));
      rest = rest.slice(max);
    }
    const piece = rest.join('');
    const joined = current ? `${current}\n${piece}` : piece;
    if (Array.from(joined).length > max) {
      push();
      current = piece;
    } else {
      current = joined;
    }
  }
  push();
  return chunks.length ? chunks : [escapeHtml('…')];
}

/** The episode's caption: bold title line, "previously on", the cliffhanger — within 1024 characters. */
export function episodeCaption(episode: EpisodeView, note?: string, locale = 'en'): string {
  const tr = translate(locale);
  const title = tr(episode.title ? 'post.titled' : 'post.untitled', { series: episode.seriesTitle, number: episode.number, title: episode.title ?? '' });
  const parts: [string, string][] = [[clip(title, 200), 'b']];
  // A sponsored episode says so first: "#ad · Sponsored by …".
  const disclosure = disclosureOf(episode, locale);
  if (disclosure) parts.push([clip(disclosure.caption, 120), '']);
  if (episode.previously && episode.number > 1) parts.push([clip(tr('post.previously', { series: episode.seriesTitle, previously: episode.previously }), 350), 'i']);
  if (episode.cliffhanger) parts.push([clip(episode.cliffhanger, 300), '']);
  if (note) parts.push([clip(note, 300), 'i']);
  return parts.map(([text, tag]) => (tag ? `<${tag}>${escapeHtml(text)}</${tag}>` : escapeHtml(text))).join('\n\n');
}

export interface PollSpec {
  question: string;
  options: string[];
  /** The letter behind each poll option, in order ("ABCD"). */
  letters: string;
}

/** The ballot as a native poll, trimmed to Telegram's limits; undefined when it has fewer than two options. */
export function pollFor(episode: EpisodeView, ballot: BallotView, locale = 'en'): PollSpec | undefined {
  const active = ballot.options.filter((o) => o.status === 'active').slice(0, LIMITS.pollOptions);
  if (active.length < 2) return undefined;
  return {
    question: clip(translate(locale)('telegram.pollQuestion', { series: episode.seriesTitle, number: episode.number + 1 }), LIMITS.pollQuestion),
    // An Arabic reader's option starts with its Latin letter: a right-to-left mark keeps the line right to left.
    options: active.map((o) => clip(rtlLine(locale, `${o.letter}. ${o.label}`), LIMITS.pollOption)),
    letters: active.map((o) => o.letter).join(''),
  };
}

/** A ballot that cannot be a poll: the options as text, voted on with /vote (or /vote@bot where privacy mode needs it). */
export function ballotText(ballot: BallotView, now: number, command = '/vote', locale = 'en'): string {
  return [translate(locale)('telegram.voteWith', { command }), ...ballotLines(ballot, now, locale)].join('\n');
}
