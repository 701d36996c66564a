import fs from 'node:fs/promises';
import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes, type RESTPostAPIChannelMessageResult } from 'discord.js';
import { resultText } from '../../../commands/format.js';
import type { BallotView, DeliveryIds, DeliveryRequest, EpisodeView, Logger, Publisher, ResultRequest } from '../../core/ports.js';
import { studioLink } from '../../core/views.js';
import { ballotButtons, episodeEmbed, splitContent } from './views.js';

/** The message payload of an episode with its ballot: shared by the first post and every tally refresh. */
export function episodeMessage(episode: EpisodeView, ballot: BallotView, note?: { text: string; link?: string | undefined }) {
  return { embeds: [episodeEmbed(episode, ballot, note)], components: ballotButtons(ballot) };
}

/**
 * Posts episodes to Discord over REST only (no gateway needed, so a worker process can do it):
 * one message with the video, the embed and the ballot's buttons. discord.js's REST client waits
 * out 429s by itself; a 5xx that outlasts its retries fails the delivery, which the queue retries.
 */
export class DiscordPublisher implements Publisher {
  readonly platform = 'discord' as const;

  constructor(
    readonly rest: REST,
    readonly maxUploadBytes: number,
    private readonly log: Logger,
    /** The studio's public address: an episode too large to upload links there. */
    private readonly studioUrl?: string,
  ) {}

  async deliver(req: DeliveryRequest): Promise<DeliveryIds> {
    if (req.saved.messageId) return req.saved; // posted before a crash; the outbox remembers
    const { episode, ballot } = req;
    const size = episode.videoPath ? (await fs.stat(episode.videoPath).catch(() => undefined))?.size : undefined;
    const limit = req.uploadLimit ?? this.maxUploadBytes;
    const fits = episode.videoPath !== null && size !== undefined && size <= limit;
    // Never attempt an upload Discord would reject.
    const note = fits
      ? undefined
      : size !== undefined
        ? {
            text: `The video (${(size / 1048576).toFixed(1)} MiB) is over this server's ${Math.round(limit / 1048576)} MiB upload limit.${this.studioUrl ? ' Watch it in the studio:' : ''}`,
            link: this.studioUrl ? studioLink(this.studioUrl, episode) : undefined,
          }
        : episode.videoPath
          ? { text: 'The video file is missing; the story goes on.' }
          : undefined;
    if (note) this.log.warn({ episode: episode.id, size, limit }, 'discord: episode posted without its video');
    const filename = `${episode.seriesName}-episode-${episode.number}.mp4`;
    const message = (await this.rest.post(Routes.channelMessages(req.place.chatId), {
      // Discord returns the first message instead of posting again when a nonce repeats within
      // minutes: a crash between its answer and our checkpoint cannot double the post.
      body: { ...episodeMessage(episode, ballot, note), nonce: req.deliveryId.slice(-25), enforce_nonce: true, ...(fits ? { attachments: [{ id: 0, filename }] } : {}) },
      ...(fits ? { files: [{ name: filename, data: await fs.readFile(episode.videoPath!), contentType: 'video/mp4' }] } : {}),
    })) as RESTPostAPIChannelMessageResult;
    return { messageId: message.id };
  }

  /** Refreshes the tally (and, once closed, disables the buttons) on a posted episode. */
  async refresh(channelId: string, messageId: string, episode: EpisodeView, ballot: BallotView): Promise<void> {
    await this.rest.patch(Routes.channelMessage(channelId, messageId), { body: episodeMessage(episode, ballot) });
  }

  async postResult(req: ResultRequest): Promise<void> {
    const { place, saved } = req;
    if (saved.messageId) {
      try {
        await this.refresh(place.chatId, saved.messageId, req.episode, req.ballot);
      } catch (err) {
        // Someone deleted the episode message: the result is still announced.
        if (!(err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMessage)) throw err;
      }
    }
    const [first, ...rest] = splitContent(resultText(req.episode, req.ballot, req.ballot.closesAt ?? 0));
    await this.rest.post(Routes.channelMessages(place.chatId), {
      body: { content: first, allowed_mentions: { parse: [] }, ...(saved.messageId ? { message_reference: { message_id: saved.messageId, fail_if_not_exists: false } } : {}) },
    });
    for (const content of rest) await this.rest.post(Routes.channelMessages(place.chatId), { body: { content, allowed_mentions: { parse: [] } } });
  }
}

export function discordRest(token: string, apiBase: string | undefined): REST {
  return new REST({ version: '10', ...(apiBase ? { api: apiBase } : {}) }).setToken(token);
}
