import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { Routes, type REST, type RESTPostAPIChannelMessageJSONBody, type RESTPostAPIChannelMessageResult } from 'discord.js';
import { resultText } from '../../../commands/format.js';
import { ChannelBlockedError } from '../../core/errors.js';
import type { Refusal } from '../../core/refusal.js';
import type { BallotView, DeliveryIds, DeliveryRequest, EpisodeView, Logger, Place, Publisher, RecapPostRequest, ResultRequest } from '../../core/ports.js';
import { clip } from '../../core/text.js';
import { studioLink } from '../../core/views.js';
import { translate } from '../../i18n/i18n.js';
import { isMissingPermissions, isTooLarge, isUnknownMessage, loggable, refusal, unreachable } from './errors.js';
import { MAX_FILE_IN_MESSAGE, MiB } from './limits.js';
import { canPost, refusedReason } from './permissions.js';
import { REST_LIMITS, discordRest, type RestLimits } from './rest.js';
import { LIMITS, ballotButtons, episodeEmbed, episodePlainText, noteLine, splitContent, type Note } from './views.js';
import { BoundedMap } from '../../core/bounded-map.js';
import { MemberCounts } from '../member-counts.js';

/** The message payload of an episode with its ballot: shared by the first post and every tally refresh. */
export function episodeMessage(episode: EpisodeView, ballot: BallotView, locale: string) {
  return { embeds: [episodeEmbed(episode, ballot, locale)], components: ballotButtons(ballot, locale) };
}

export interface PublisherOptions {
  token: string;
  apiBase: string | undefined;
  /** The upload limit of a server that has told us nothing (DISCORD_UPLOAD_LIMIT_MB). */
  maxUploadBytes: number;
  log: Logger;
  /** The studio's public address: an episode without its video links there. */
  studioUrl?: string | undefined;
  rest?: Partial<RestLimits> | undefined;
  /** A note to a channel (notify) gives up after this long. */
  notifyTimeoutMs?: number | undefined;
}

/** A file an episode message may carry. */
interface Upload {
  kind: 'video' | 'poster';
  name: string;
  path: string;
  contentType: string;
  size: number;
}

/** What one attempt at the episode message carries. */
interface Plan {
  file?: Upload | undefined;
  note?: Note | undefined;
}

const mib = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`);

async function sizeOf(file: string | null): Promise<number | undefined> {
  return file ? (await fs.stat(file).catch(() => undefined))?.size : undefined;
}

/** A nonce for a message that has no delivery id of its own (at most 25 characters, as Discord takes). */
const nonceFor = (...parts: string[]) => createHash('sha256').update(parts.join(':')).digest('base64url').slice(0, 25);

/**
 * Posts episodes to Discord over REST only (no gateway needed, so a worker process can do it):
 * one message with the video, the embed and the ballot's buttons. Every call is bounded (a time
 * limit, a few retries, no long rate-limit waits) and takes the step's signal. What Discord
 * refuses for good is told apart from Discord not answering: a channel that refuses the bot
 * throws ChannelBlockedError; no answer, a 5xx or a long rate limit, PlatformUnreachableError.
 */
export class DiscordPublisher implements Publisher {
  readonly platform = 'discord' as const;
  readonly rest: REST;
  /** Uploads get longer to answer than other calls. */
  private readonly uploads: REST;
  readonly maxUploadBytes: number;
  private readonly limits: RestLimits;
  private readonly log: Logger;
  /** The bot's permissions per channel as the last interaction there showed them (this process only): to name what is missing. */
  private readonly permissions = new BoundedMap<string, bigint>(10_000);
  /** Told when Discord refuses a channel, so that the next interaction there looks again. */
  onRefused: ((channelId: string) => void) | undefined;

  constructor(private readonly opts: PublisherOptions) {
    this.limits = { ...REST_LIMITS, ...opts.rest };
    this.log = opts.log;
    this.rest = discordRest(opts.token, opts.apiBase, this.limits);
    this.uploads = discordRest(opts.token, opts.apiBase, this.limits, this.limits.uploadTimeoutMs);
    this.maxUploadBytes = Math.min(opts.maxUploadBytes, MAX_FILE_IN_MESSAGE);
  }

  /** What an interaction in the channel showed of the bot's permissions there. */
  notePermissions(channelId: string, bits: bigint): void {
    this.permissions.delete(channelId);
    this.permissions.set(channelId, bits);
  }

  async deliver(req: DeliveryRequest): Promise<DeliveryIds> {
    if (req.saved.messageId) return req.saved; // posted before a crash; the outbox remembers
    const { episode, ballot, signal, locale } = req;
    const channelId = req.place.chatId;
    const limit = Math.min(req.uploadLimit ?? this.maxUploadBytes, MAX_FILE_IN_MESSAGE);
    const base = `${episode.seriesName}-episode-${episode.number}`;
    const videoSize = await sizeOf(episode.videoPath);
    const posterSize = await sizeOf(episode.posterPath);
    const video: Upload | undefined = videoSize === undefined ? undefined : { kind: 'video', name: `${base}.mp4`, path: episode.videoPath!, contentType: 'video/mp4', size: videoSize };
    const poster: Upload | undefined = posterSize === undefined ? undefined : { kind: 'poster', name: `${base}.png`, path: episode.posterPath!, contentType: 'image/png', size: posterSize };
    const posterWithin = (bytes: number) => (poster && poster.size <= bytes ? poster : undefined);
    // Never attempt an upload we know Discord would refuse: the poster and a link instead.
    let plan: Plan = video && video.size <= limit ? { file: video } : { file: posterWithin(limit), note: this.withoutVideo(locale, episode, video ? 'over-limit' : 'missing', videoSize ?? 0, limit) };
    if (plan.note) this.log.warn({ episode: episode.id, size: videoSize, limit }, 'discord: episode posted without its video');
    // Discord returns the first message instead of posting again when a nonce repeats within
    // minutes: an answer lost with the connection, or a crash before our checkpoint, cannot double the post.
    const nonce = req.deliveryId.slice(-25);
    let message: RESTPostAPIChannelMessageResult;
    for (;;) {
      try {
        message = await this.postEpisode(channelId, episode, ballot, locale, plan, nonce, signal);
        break;
      } catch (err) {
        if (signal.aborted) throw err;
        if (plan.file && isTooLarge(err)) {
          // This server takes less than we were told (boosts lost, or a limit set too high).
          this.log.warn({ episode: episode.id, size: plan.file.size, channelId }, 'discord: upload refused as too large; posting without it');
          const note = plan.note ?? this.withoutVideo(locale, episode, 'refused', plan.file.size);
          plan = plan.file.kind === 'video' ? { file: posterWithin(plan.file.size - 1), note } : { note };
          continue;
        }
        if (plan.file && isMissingPermissions(err) && this.mayPost(channelId)) {
          // Uploads need Attach Files; the episode goes out without them, saying so.
          plan = { note: this.withoutVideo(locale, episode, 'no-attach', plan.file.size) };
          continue;
        }
        throw this.failure(err, channelId, signal, plan.file?.kind === 'video');
      }
    }
    // Without Embed Links Discord drops the embed and posts the rest: the episode goes in as text.
    if (!message.embeds?.length) await this.asText(channelId, message.id, episode, locale, plan.note, signal);
    return { messageId: message.id };
  }

  private async postEpisode(channelId: string, episode: EpisodeView, ballot: BallotView, locale: string, plan: Plan, nonce: string, signal: AbortSignal): Promise<RESTPostAPIChannelMessageResult> {
    const file = plan.file;
    const body: RESTPostAPIChannelMessageJSONBody = {
      ...episodeMessage(episode, ballot, locale),
      // The note lives in the content, which tally edits leave as it is.
      ...(plan.note ? { content: noteLine(plan.note) } : {}),
      allowed_mentions: { parse: [] },
      nonce,
      enforce_nonce: true,
      ...(file ? { attachments: [{ id: 0, filename: file.name }] } : {}),
    };
    const rest = file?.kind === 'video' ? this.uploads : this.rest;
    const files = file ? [{ name: file.name, data: await fs.readFile(file.path), contentType: file.contentType }] : undefined;
    return (await rest.post(Routes.channelMessages(channelId), { body, ...(files ? { files } : {}), signal })) as RESTPostAPIChannelMessageResult;
  }

  /** Why the message has no video, with the studio link when there is a studio. */
  private withoutVideo(locale: string, episode: EpisodeView, why: 'over-limit' | 'refused' | 'no-attach' | 'missing', size: number, limit = 0): Note | undefined {
    const tr = translate(locale);
    const link = this.opts.studioUrl ? studioLink(this.opts.studioUrl, episode) : undefined;
    const watch = link ? tr('discord.note.watch') : '';
    switch (why) {
      case 'over-limit':
        return { text: tr('discord.note.overLimit', { size: mib(size), limit: mib(limit), watch }), link };
      case 'refused':
        return { text: tr('discord.note.refused', { size: mib(size), watch }), link };
      case 'no-attach':
        return { text: tr('discord.note.noAttach', { watch }), link };
      case 'missing':
        return episode.videoPath ? { text: tr('post.videoMissing') } : undefined;
    }
  }

  /** The episode as the message's content, where Discord dropped the embed. */
  private async asText(channelId: string, messageId: string, episode: EpisodeView, locale: string, note: Note | undefined, signal: AbortSignal): Promise<void> {
    const noEmbeds: Note = { text: translate(locale)('discord.note.noEmbeds') };
    const content = clip([note && noteLine(note), episodePlainText(episode, locale), noteLine(noEmbeds)].filter(Boolean).join('\n\n'), LIMITS.content);
    try {
      await this.rest.patch(Routes.channelMessage(channelId, messageId), { body: { content, allowed_mentions: { parse: [] } }, signal });
    } catch (err) {
      // The episode is posted (its buttons work): this is worth a warning, not a second post.
      this.log.warn({ err: loggable(err), channelId }, 'discord: could not add the episode as text where embeds are dropped');
    }
  }

  /** False when an interaction here showed the bot may not post at all (no point trying without files). */
  private mayPost(channelId: string): boolean {
    const known = this.permissions.get(channelId);
    return known === undefined || canPost(known);
  }

  /** What to tell people when Discord refuses the channel until someone acts; undefined for other failures. */
  refusal(err: unknown, channelId: string): Refusal | undefined {
    const reason = refusal(err, () => refusedReason(this.permissions.get(channelId)));
    if (reason) this.onRefused?.(channelId);
    return reason;
  }

  /** A failed call as the core understands it: the channel refuses us, Discord is away, or as it was. */
  private failure(err: unknown, channelId: string, signal: AbortSignal | undefined, upload: boolean): unknown {
    const reason = this.refusal(err, channelId);
    if (reason) return new ChannelBlockedError(reason);
    return unreachable(err, signal, upload ? this.limits.uploadTimeoutMs : this.limits.timeoutMs);
  }

  /** Refreshes the tally (and, once closed, disables the buttons) on a posted episode; the content (a note) stays. */
  async refresh(channelId: string, messageId: string, episode: EpisodeView, ballot: BallotView, locale: string, signal?: AbortSignal): Promise<void> {
    await this.rest.patch(Routes.channelMessage(channelId, messageId), { body: episodeMessage(episode, ballot, locale), ...(signal ? { signal } : {}) });
  }

  async postResult(req: ResultRequest): Promise<void> {
    const { place, saved, signal, episode, ballot, locale } = req;
    const channelId = place.chatId;
    if (saved.messageId) {
      try {
        await this.refresh(channelId, saved.messageId, episode, ballot, locale, signal);
      } catch (err) {
        // A deleted episode message still gets its result; a refusal shows again on the post below.
        if (signal.aborted || (!isUnknownMessage(err) && !refusal(err, () => refusedReason(undefined)))) throw this.failure(err, channelId, signal, false);
      }
    }
    const chunks = splitContent(resultText(episode, ballot, ballot.closesAt ?? 0, locale));
    for (const [i, content] of chunks.entries()) {
      // A nonce per piece: a result whose answer was lost is not posted twice when the step runs again.
      const body: RESTPostAPIChannelMessageJSONBody = { content, allowed_mentions: { parse: [] }, nonce: nonceFor('result', ballot.id, channelId, String(i)), enforce_nonce: true };
      const reply = i === 0 && saved.messageId ? { message_reference: { message_id: saved.messageId, fail_if_not_exists: false } } : undefined;
      try {
        await this.rest.post(Routes.channelMessages(channelId), { body: { ...body, ...reply }, signal });
      } catch (err) {
        // A reply needs Read Message History: without it, the result goes out as a plain message.
        if (signal.aborted || !reply || !isMissingPermissions(err) || !this.mayPost(channelId)) throw this.failure(err, channelId, signal, false);
        await this.rest.post(Routes.channelMessages(channelId), { body, signal }).catch((again: unknown) => {
          throw this.failure(again, channelId, signal, false);
        });
      }
    }
  }

  /**
   * Posts "the story so far": the video with its words, or the words (and the studio's link) alone
   * where the video would be refused. A nonce per post: an answer lost on the way posts it once.
   */
  async postRecap(req: RecapPostRequest): Promise<DeliveryIds> {
    const { recap, signal } = req;
    const channelId = req.place.chatId;
    const limit = Math.min(req.uploadLimit ?? this.maxUploadBytes, MAX_FILE_IN_MESSAGE);
    const size = await sizeOf(recap.videoPath);
    let file = size !== undefined && size <= limit ? { name: `${recap.seriesName}-story-so-far-${recap.upToEpisode}.mp4`, path: recap.videoPath! } : undefined;
    const link = this.opts.studioUrl ? studioLink(this.opts.studioUrl, { seriesName: recap.seriesName, number: recap.upToEpisode }) : undefined;
    for (;;) {
      const content = clip(!file && link ? `${req.text}\n${link}` : req.text, LIMITS.content);
      const body: RESTPostAPIChannelMessageJSONBody = {
        content,
        allowed_mentions: { parse: [] },
        nonce: nonceFor('recap', req.postId),
        enforce_nonce: true,
        ...(file ? { attachments: [{ id: 0, filename: file.name }] } : {}),
      };
      try {
        const files = file ? [{ name: file.name, data: await fs.readFile(file.path), contentType: 'video/mp4' }] : undefined;
        const message = (await (file ? this.uploads : this.rest).post(Routes.channelMessages(channelId), { body, ...(files ? { files } : {}), signal })) as RESTPostAPIChannelMessageResult;
        return { messageId: message.id };
      } catch (err) {
        // Too large for this server, or no Attach Files here: the words go out alone.
        if (!signal.aborted && file && (isTooLarge(err) || (isMissingPermissions(err) && this.mayPost(channelId)))) {
          file = undefined;
          continue;
        }
        throw this.failure(err, channelId, signal, Boolean(file));
      }
    }
  }

  /** Tells a channel something as plain text (no mentions), once, within a short time; the caller logs a failure. */
  /**
   * Members of the channel's server besides the bot (Discord's approximate count: who may read the
   * channel itself is not something REST tells), remembered a while; null in a direct message.
   */
  private readonly members = new MemberCounts(async (channelId, signal) => {
    const channel = (await this.rest.get(Routes.channel(channelId), { signal })) as { guild_id?: string };
    if (!channel.guild_id) return null;
    const guild = (await this.rest.get(Routes.guild(channel.guild_id), { query: new URLSearchParams({ with_counts: 'true' }), signal })) as { approximate_member_count?: number };
    return typeof guild.approximate_member_count === 'number' ? guild.approximate_member_count - 1 : null;
  });

  memberCount(place: Place, signal: AbortSignal): Promise<number | null> {
    return this.members.of(place.chatId, signal);
  }

  async notify(place: Place, text: string): Promise<void> {
    const signal = AbortSignal.timeout(this.opts.notifyTimeoutMs ?? this.limits.timeoutMs);
    await this.rest.post(Routes.channelMessages(place.chatId), { body: { content: clip(text, LIMITS.content), allowed_mentions: { parse: [] } }, signal });
  }
}
