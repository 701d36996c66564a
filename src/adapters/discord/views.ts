import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { actionId, parseActionId, type Invocation } from '../../core/commands.js';
import type { BallotView, EpisodeView } from '../../core/ports.js';
import { clip, rtlLine } from '../../core/text.js';
import { disclosureOf } from '../../core/sponsors.js';
import { translate, type Translate } from '../../i18n/i18n.js';

/** Discord's limits on what a message may hold; they live here, the core stays generic. */
export const LIMITS = { content: 2000, embedTitle: 256, embedDescription: 4096, fieldName: 256, buttonLabel: 80, buttonsPerRow: 5, rows: 5 } as const;

const COLOR = 0xf08a5d;

/** Markdown special characters in user text are shown as typed. */
export const escapeMarkdown = (text: string): string => text.replace(/([\\*_`~|>#[\]()-])/g, '\\$1');

/** Discord renders <t:…:R> as "in 3 hours" in each reader's own language and time zone. */
export const relativeTime = (ms: number): string => `<t:${Math.floor(ms / 1000)}:R>`;

// ---- compact custom ids (at most 100 characters) -------------------------------------------

export type ButtonAction = { kind: 'vote'; ballotId: string; letter: string } | { kind: 'command'; invocation: Invocation };

export function voteId(ballotId: string, letter: string): string {
  return `v:${ballotId}:${letter}`;
}

export function commandId(invocation: Invocation): string {
  const id = actionId(invocation);
  if (id.length > 100) throw new Error(`custom id too long: ${id}`);
  return id;
}

export function parseButton(customId: string): ButtonAction | undefined {
  const [kind, a, ...rest] = customId.split(':');
  if (kind === 'v' && a && rest.length === 1 && /^[A-Z]$/.test(rest[0]!)) return { kind: 'vote', ballotId: a, letter: rest[0]! };
  const invocation = parseActionId(customId);
  return invocation ? { kind: 'command', invocation } : undefined;
}

// ---- the episode message -------------------------------------------------------------------

export const episodeTitle = (episode: EpisodeView, locale = 'en'): string =>
  clip(translate(locale)(episode.title ? 'post.titled' : 'post.untitled', { series: episode.seriesTitle, number: episode.number, title: episode.title ?? '' }), LIMITS.embedTitle);

/** Why an episode message has no video, and where to watch it. */
export interface Note {
  text: string;
  link?: string | undefined;
}

/**
 * A note on an episode message, as a line of its content: tally edits send only the embed and the
 * buttons, and Discord keeps what an edit leaves out, so the note stays on every edit without
 * anyone remembering it. Small print (our own words, no user text); the link without a preview card.
 */
export const noteLine = (note: Note): string => `-# ⚠️ ${note.text}${note.link ? ` <${note.link}>` : ''}`;

/**
 * The episode as plain text, for a channel where Discord drops the bot's embeds (no Embed Links).
 * Nothing in it changes with the votes: the content is written once and kept through every edit.
 */
export function episodePlainText(episode: EpisodeView, locale = 'en'): string {
  const parts = [`**${escapeMarkdown(episodeTitle(episode, locale))}**`];
  // A sponsored episode says so first: "#ad · Sponsored by …".
  const disclosure = sponsorLine(episode, locale);
  if (disclosure) parts.push(disclosure);
  if (episode.previously && episode.number > 1) parts.push(`*${escapeMarkdown(clip(episode.previously, 500))}*`);
  if (episode.cliffhanger) parts.push(`**${escapeMarkdown(clip(episode.cliffhanger, 400))}**`);
  parts.push(translate(locale)('discord.voteWithButtons'));
  return parts.join('\n\n');
}

/** "#ad · Sponsored by …" for a sponsored episode, the brand escaped (the tag itself is no heading without a space). */
function sponsorLine(episode: EpisodeView, locale: string): string | undefined {
  return episode.sponsoredBy ? disclosureOf({ sponsoredBy: escapeMarkdown(clip(episode.sponsoredBy, 60)) }, locale)?.caption : undefined;
}

/** Title, "previously on", the cliffhanger and the live tally. */
export function episodeEmbed(episode: EpisodeView, ballot: BallotView, locale = 'en'): APIEmbed {
  const tr = translate(locale);
  const parts: string[] = [];
  const disclosure = sponsorLine(episode, locale);
  if (disclosure) parts.push(disclosure);
  if (episode.previously && episode.number > 1) parts.push(`*${escapeMarkdown(clip(episode.previously, 700))}*`);
  if (episode.cliffhanger) parts.push(`**${escapeMarkdown(clip(episode.cliffhanger, 500))}**`);
  parts.push(ballotStatus(tr, ballot));
  const active = ballot.options.filter((o) => o.status === 'active');
  return {
    title: episodeTitle(episode, locale),
    description: clip(parts.join('\n\n'), LIMITS.embedDescription),
    color: COLOR,
    fields: active.slice(0, 25).map((o) => ({
      name: clip(rtlLine(locale, `${o.letter}. ${o.label}${o.letter === ballot.winnerLetter ? ' ✓' : ''}`), LIMITS.fieldName),
      value: `${'▰'.repeat(share(o.votes, ballot.totalVotes))}${'▱'.repeat(10 - share(o.votes, ballot.totalVotes))} ${tr('discord.votes', { count: o.votes })}`,
    })),
    footer: { text: tr('discord.footer', { count: ballot.totalVotes, series: clip(episode.seriesTitle, 100) }) },
  };
}

const share = (votes: number, total: number) => (total ? Math.round((votes / total) * 10) : 0);

function ballotStatus(tr: Translate, ballot: BallotView): string {
  if (ballot.status === 'open' && ballot.closesAt !== null) return tr('discord.ballot.open', { when: relativeTime(ballot.closesAt) });
  if (ballot.status === 'tied') return tr('discord.ballot.tied');
  if (ballot.status === 'closed') {
    const w = ballot.options.find((o) => o.letter === ballot.winnerLetter);
    return w ? tr('discord.ballot.won', { winner: `**${w.letter}. ${escapeMarkdown(w.label)}**` }) : tr('discord.ballot.closed');
  }
  return tr('discord.ballot.soon');
}

/** One button per twist, five to a row; disabled once the ballot is not open. */
export function ballotButtons(ballot: BallotView, locale = 'en'): APIActionRowComponent<APIButtonComponent>[] {
  const active = ballot.options.filter((o) => o.status === 'active').slice(0, LIMITS.buttonsPerRow * LIMITS.rows);
  const disabled = ballot.status !== 'open';
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < active.length; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: active.slice(i, i + LIMITS.buttonsPerRow).map((o) => ({
        type: ComponentType.Button,
        custom_id: voteId(ballot.id, o.letter),
        label: clip(rtlLine(locale, `${o.letter}. ${o.label}`), LIMITS.buttonLabel),
        style: o.letter === ballot.winnerLetter ? ButtonStyle.Success : ButtonStyle.Primary,
        disabled,
      })),
    });
  }
  return rows;
}

/** Splits plain text into message-sized pieces at line breaks. */
export function splitContent(text: string, max: number = LIMITS.content): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (let rest = line; ; ) {
      const room = current ? max - current.length - 1 : max;
      if (rest.length <= room) {
        current = current ? `${current}\n${rest}` : rest;
        break;
      }
      if (current) {
        out.push(current);
        current = '';
        continue;
      }
      // Never cut between the two halves of an emoji.
      const cut = /[\uD800-\uDBFF]/.test(rest[max - 1] ?? '') ? max - 1 : max;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
  }
  if (current || !out.length) out.push(current || '…');
  return out;
}
