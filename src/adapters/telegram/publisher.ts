import fs from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { GrammyError, InputFile, type Api } from 'grammy';
import type { DeliveryIds, DeliveryRequest, EpisodeView, Logger, Place, Publisher, RecapPostRequest, ResultRequest } from '../../core/ports.js';
import { resultText } from '../../../commands/format.js';
import { clip } from '../../core/text.js';
import { studioLink } from '../../core/views.js';
import { translate } from '../../i18n/i18n.js';
import { deliveryError, isTooLarge, movedTo, refusedContent } from './errors.js';
import { ballotText, episodeCaption, LIMITS, pollFor, splitMessage, uploadName } from './format.js';
import { apiSignal } from './transport.js';
import { MemberCounts } from '../member-counts.js';

/** Telegram's limits on a video thumbnail: JPEG, at most 320 px a side, under 200 kB. */
async function thumbnailOf(poster: string): Promise<string | undefined> {
  const file = `${poster}.telegram-thumb.jpg`;
  if (await fs.stat(file).catch(() => undefined)) return file;
  try {
    const image = await loadImage(await fs.readFile(poster));
    const scale = 320 / Math.max(image.width, image.height);
    const canvas = createCanvas(Math.round(image.width * scale), Math.round(image.height * scale));
    canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
    await fs.writeFile(file, await canvas.encode('jpeg', 80));
    return file;
  } catch {
    return undefined; // the video goes out without one
  }
}

const chatOf = (place: { chatId: string; threadId?: string }) => ({
  chatId: place.chatId,
  thread: place.threadId ? { message_thread_id: Number(place.threadId) } : {},
});

/** Telegram takes a poll's close_date only 5–600 s ahead; the margins leave room for the call itself. */
const CLOSE_DATE_RANGE_MS = { min: 10_000, max: 590_000 };

export interface PublisherHooks {
  /** How a vote is typed in a group ("/vote", or "/vote@bot" in privacy mode). */
  voteCommand?(): string;
}

/**
 * Posts episodes to Telegram through the Bot API only (no polling needed, so a worker process can
 * do it): the video with its caption, then the ballot as a non-anonymous poll. Each step is saved
 * before the next, so a retry after a crash picks up where it stopped and nothing is posted twice.
 * Where the group refuses videos or polls (its permissions), the episode or the ballot goes out
 * as text; where it refuses the bot altogether, the core is told (ChannelBlockedError).
 */
export class TelegramPublisher implements Publisher {
  readonly platform = 'telegram' as const;
  /** The smallest upload the Bot API refused as too large (413): larger files are not tried again. */
  private refusedBytes = Infinity;
  /** Told when a chat moved (a group became a supergroup), in a process whose adapter can tell the core now. */
  onMoved: ((fromChatId: string, toChatId: string) => Promise<void>) | undefined;

  constructor(
    private readonly api: Api,
    readonly maxUploadBytes: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    /** The studio's public address: an episode too large to upload links there. */
    private readonly studioUrl?: string,
    private readonly hooks: PublisherHooks = {},
  ) {}

  async deliver(req: DeliveryRequest): Promise<DeliveryIds> {
    try {
      return await this.post(req);
    } catch (err) {
      // The core moves the channel too; this process's adapter also learns the new id for commands.
      const to = movedTo(err);
      if (to !== undefined) await this.onMoved?.(req.place.chatId, String(to)).catch((e: unknown) => this.log.warn({ err: e }, 'telegram: could not move the channel'));
      throw deliveryError(err, req.signal);
    }
  }

  private async post(req: DeliveryRequest): Promise<DeliveryIds> {
    const ids: DeliveryIds = { ...req.saved };
    if (!ids.messageId) {
      ids.messageId = String(await this.postEpisode(req));
      await req.checkpoint({ messageId: ids.messageId });
    }
    if (!ids.ballotMessageId && req.ballot.status === 'open') {
      const { chatId, thread } = chatOf(req.place);
      const reply = { reply_parameters: { message_id: Number(ids.messageId), allow_sending_without_reply: true }, ...thread };
      const tr = translate(req.locale);
      const poll = pollFor(req.episode, req.ballot, req.locale);
      let refused = false;
      if (poll) {
        try {
          const message = await this.api.sendPoll(
            chatId,
            poll.question,
            poll.options.map((text) => ({ text })),
            {
              is_anonymous: false,
              allows_multiple_answers: false,
              ...this.closeDate(req.ballot.closesAt),
              ...reply,
            },
            apiSignal(req.signal),
          );
          // Saved before anything else can fail: a retry must never post a second poll.
          Object.assign(ids, { ballotMessageId: String(message.message_id), pollLetters: poll.letters, ...(message.poll?.id ? { pollId: message.poll.id } : {}) });
        } catch (err) {
          // The group does not let members post polls: the ballot goes out as text, voted with /vote.
          if (refusedContent(err) !== 'polls') throw err;
          refused = true;
          this.log.warn({ chatId }, 'telegram: this group refuses polls from the bot; the ballot goes out as text');
        }
      }
      if (!ids.ballotMessageId) {
        const note = refused ? `\n${tr('telegram.noPolls')}` : '';
        const [text] = splitMessage(ballotText(req.ballot, this.now(), this.hooks.voteCommand?.(), req.locale) + note);
        const message = await this.api.sendMessage(chatId, text!, { parse_mode: 'HTML', ...reply }, apiSignal(req.signal));
        ids.ballotMessageId = String(message.message_id);
      }
      await req.checkpoint(ids);
    }
    return ids;
  }

  /**
   * A poll that closes on its own when the ballot does, as a backstop for a bot that is down at
   * the close; only where Telegram allows it (5–600 s ahead), i.e. a delivery close to the close.
   */
  private closeDate(closesAt: number | null): { close_date?: number } {
    if (closesAt === null) return {};
    const inMs = closesAt - this.now();
    if (inMs < CLOSE_DATE_RANGE_MS.min || inMs > CLOSE_DATE_RANGE_MS.max) return {};
    // Telegram's clock, not the engine's (they differ in tests, and a process may run a skewed one).
    return { close_date: Math.floor((Date.now() + inMs) / 1000) };
  }

  /** The video when there is one that Telegram accepts; otherwise the episode as text, saying why. */
  private async postEpisode(req: DeliveryRequest): Promise<number> {
    const { episode, signal, locale } = req;
    const tr = translate(locale);
    const { chatId, thread } = chatOf(req.place);
    const limit = req.uploadLimit ?? this.maxUploadBytes;
    const video = episode.videoPath;
    const size = video ? (await fs.stat(video).catch(() => undefined))?.size : undefined;
    let note: string | undefined;
    // Never attempt an upload Telegram would refuse.
    if (video && size === undefined) note = tr('post.videoMissing');
    else if (size !== undefined && size >= this.refusedBytes) note = tr('telegram.note.tooLarge', { size: mb(size), watch: this.watch(locale, episode) });
    else if (size !== undefined && size > limit) note = tr('telegram.note.overLimit', { size: mb(size), limit: Math.round(limit / 1e6), watch: this.watch(locale, episode) });
    else if (video && size !== undefined) {
      const thumb = episode.posterPath ? await thumbnailOf(episode.posterPath) : undefined;
      try {
        const message = await this.api.sendVideo(
          chatId,
          new InputFile(video, uploadName(episode.seriesName, `episode-${episode.number}.mp4`)),
          {
            caption: episodeCaption(episode, undefined, locale),
            parse_mode: 'HTML',
            // Without its frame size a client guesses the shape and stretches a vertical video.
            ...(episode.width && episode.height ? { width: episode.width, height: episode.height } : {}),
            ...(episode.durationMs ? { duration: Math.round(episode.durationMs / 1000) } : {}),
            supports_streaming: true,
            ...(thumb ? { thumbnail: new InputFile(thumb, 'thumb.jpg') } : {}),
            ...thread,
          },
          apiSignal(signal),
        );
        return message.message_id;
      } catch (err) {
        if (isTooLarge(err)) {
          // The server takes less than configured (TELEGRAM_UPLOAD_LIMIT_MB): remembered, so no larger file is tried again.
          this.refusedBytes = Math.min(this.refusedBytes, size);
          note = tr('telegram.note.tooLarge', { size: mb(size), watch: this.watch(locale, episode) });
        } else if (refusedContent(err) === 'videos') {
          note = tr('telegram.note.noVideos', { watch: this.watch(locale, episode) });
        } else {
          throw err;
        }
      }
    }
    if (note) this.log.warn({ episode: episode.id, chatId, size, limit, note }, 'telegram: episode posted without its video');
    const message = await this.api.sendMessage(chatId, episodeCaption(episode, note, locale), { parse_mode: 'HTML', ...thread }, apiSignal(signal));
    return message.message_id;
  }

  private watch(locale: string, episode: EpisodeView): string {
    return this.studioUrl ? translate(locale)('telegram.note.watch', { link: studioLink(this.studioUrl, episode) }) : '';
  }

  async postResult(req: ResultRequest): Promise<void> {
    try {
      await this.announce(req, req.place.chatId);
    } catch (err) {
      // A group that became a supergroup since: the result goes to where it is now (the next delivery moves the channel).
      const to = movedTo(err);
      if (to === undefined) throw deliveryError(err, req.signal);
      await this.onMoved?.(req.place.chatId, String(to)).catch((e: unknown) => this.log.warn({ err: e }, 'telegram: could not move the channel'));
      await this.announce(req, String(to)).catch((e: unknown) => {
        throw deliveryError(e, req.signal);
      });
    }
  }

  private async announce(req: ResultRequest, chatId: string): Promise<void> {
    const { thread } = chatOf(req.place);
    const { signal } = req;
    const pollMessage = req.saved.pollId ? Number(req.saved.ballotMessageId) : undefined;
    if (pollMessage) {
      try {
        await this.api.stopPoll(chatId, pollMessage, {}, apiSignal(signal));
      } catch (err) {
        // A retry after the poll was stopped, a poll Telegram closed itself (close_date), or one someone deleted: the result still goes out.
        if (!(err instanceof GrammyError && err.error_code === 400 && movedTo(err) === undefined)) throw err;
        this.log.info({ chatId, description: err.description }, 'telegram: poll was not open to stop');
      }
    }
    const replyTo = pollMessage ?? (req.saved.messageId ? Number(req.saved.messageId) : undefined);
    for (const text of splitMessage(resultText(req.episode, req.ballot, this.now(), req.locale))) {
      await this.api.sendMessage(
        chatId,
        text,
        {
          parse_mode: 'HTML',
          ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
          ...thread,
        },
        apiSignal(signal),
      );
    }
  }

  /** Posts "the story so far": the video with its words as the caption, or the words alone where the video would be refused. */
  async postRecap(req: RecapPostRequest): Promise<DeliveryIds> {
    const { recap, signal } = req;
    const { chatId, thread } = chatOf(req.place);
    const size = recap.videoPath ? (await fs.stat(recap.videoPath).catch(() => undefined))?.size : undefined;
    try {
      if (size !== undefined && size <= (req.uploadLimit ?? this.maxUploadBytes) && size < this.refusedBytes) {
        const thumb = recap.posterPath ? await thumbnailOf(recap.posterPath) : undefined;
        try {
          const message = await this.api.sendVideo(
            chatId,
            new InputFile(recap.videoPath!, uploadName(recap.seriesName, `story-so-far-${recap.upToEpisode}.mp4`)),
            {
              caption: clip(req.text, LIMITS.caption),
              ...(recap.width && recap.height ? { width: recap.width, height: recap.height } : {}),
              ...(recap.durationMs ? { duration: Math.round(recap.durationMs / 1000) } : {}),
              supports_streaming: true,
              ...(thumb ? { thumbnail: new InputFile(thumb, 'thumb.jpg') } : {}),
              ...thread,
            },
            apiSignal(signal),
          );
          return { messageId: String(message.message_id) };
        } catch (err) {
          if (isTooLarge(err)) this.refusedBytes = Math.min(this.refusedBytes, size);
          else if (refusedContent(err) !== 'videos') throw err;
        }
      }
      const message = await this.api.sendMessage(chatId, clip(req.text, LIMITS.message), { ...thread }, apiSignal(signal));
      return { messageId: String(message.message_id) };
    } catch (err) {
      throw deliveryError(err, signal);
    }
  }

  /** Tells the people of a chat something, as plain text; bounded by the call's time limit, never retried blindly. */
  /** Members of the chat besides the bot (getChatMemberCount counts the bot too), remembered a while. */
  private readonly members = new MemberCounts(async (chatId, signal) => Math.max(0, (await this.api.getChatMemberCount(chatId, apiSignal(signal))) - 1));

  memberCount(place: Place, signal: AbortSignal): Promise<number | null> {
    return this.members.of(place.chatId, signal);
  }

  async notify(place: Place, text: string): Promise<void> {
    const { chatId, thread } = chatOf(place);
    try {
      await this.api.sendMessage(chatId, clip(text, LIMITS.message), { ...thread });
    } catch (err) {
      throw deliveryError(err);
    }
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
