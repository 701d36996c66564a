import fs from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { GrammyError, InputFile, type Api } from 'grammy';
import type { DeliveryIds, DeliveryRequest, Logger, Publisher, ResultRequest } from '../../core/ports.js';
import { resultText } from '../../../commands/format.js';
import { studioLink } from '../../core/views.js';
import { ballotText, episodeCaption, pollFor, splitMessage } from './format.js';

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

/**
 * Posts episodes to Telegram through the Bot API only (no polling needed, so a worker process can
 * do it): the video with its caption, then the ballot as a non-anonymous poll. Each step is saved
 * before the next, so a retry after a crash picks up where it stopped and nothing is posted twice.
 */
export class TelegramPublisher implements Publisher {
  readonly platform = 'telegram' as const;

  constructor(
    private readonly api: Api,
    readonly maxUploadBytes: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    /** The studio's public address: an episode too large to upload links there. */
    private readonly studioUrl?: string,
  ) {}

  async deliver(req: DeliveryRequest): Promise<DeliveryIds> {
    const ids: DeliveryIds = { ...req.saved };
    if (!ids.messageId) {
      ids.messageId = String(await this.postEpisode(req));
      await req.checkpoint({ messageId: ids.messageId });
    }
    if (!ids.ballotMessageId && req.ballot.status === 'open') {
      const { chatId, thread } = chatOf(req.place);
      const reply = { reply_parameters: { message_id: Number(ids.messageId), allow_sending_without_reply: true }, ...thread };
      const poll = pollFor(req.episode, req.ballot);
      if (poll) {
        const message = await this.api.sendPoll(chatId, poll.question, poll.options.map((text) => ({ text })), {
          is_anonymous: false,
          allows_multiple_answers: false,
          ...reply,
        });
        Object.assign(ids, { ballotMessageId: String(message.message_id), pollId: message.poll.id, pollLetters: poll.letters });
      } else {
        const [text] = splitMessage(ballotText(req.ballot, this.now()));
        const message = await this.api.sendMessage(chatId, text!, { parse_mode: 'HTML', ...reply });
        ids.ballotMessageId = String(message.message_id);
      }
      await req.checkpoint(ids);
    }
    return ids;
  }

  /** The video when there is one that Telegram accepts; otherwise the episode as text. */
  private async postEpisode(req: DeliveryRequest): Promise<number> {
    const { episode } = req;
    const { chatId, thread } = chatOf(req.place);
    const size = episode.videoPath ? (await fs.stat(episode.videoPath).catch(() => undefined))?.size : undefined;
    if (episode.videoPath && size !== undefined && size <= this.maxUploadBytes) {
      const thumb = episode.posterPath ? await thumbnailOf(episode.posterPath) : undefined;
      const message = await this.api.sendVideo(chatId, new InputFile(episode.videoPath, `${episode.seriesName}-episode-${episode.number}.mp4`), {
        caption: episodeCaption(episode),
        parse_mode: 'HTML',
        supports_streaming: true,
        ...(episode.durationMs ? { duration: Math.round(episode.durationMs / 1000) } : {}),
        ...(thumb ? { thumbnail: new InputFile(thumb, 'thumb.jpg') } : {}),
        ...thread,
      });
      return message.message_id;
    }
    // Never attempt an upload Telegram would refuse.
    const tooBig = size !== undefined && size > this.maxUploadBytes;
    const note = tooBig
      ? `The video (${(size / 1e6).toFixed(1)} MB) is over this Telegram server's ${Math.round(this.maxUploadBytes / 1e6)} MB upload limit.${this.studioUrl ? ` Watch it in the studio: ${studioLink(this.studioUrl, episode)}` : ''}`
      : episode.videoPath
        ? 'The video file is missing; the story goes on.'
        : undefined;
    if (note) this.log.warn({ episode: episode.id, size, limit: this.maxUploadBytes }, 'telegram: episode posted without its video');
    const message = await this.api.sendMessage(chatId, episodeCaption(episode, note), { parse_mode: 'HTML', ...thread });
    return message.message_id;
  }

  async postResult(req: ResultRequest): Promise<void> {
    const { chatId, thread } = chatOf(req.place);
    const pollMessage = req.saved.pollId ? Number(req.saved.ballotMessageId) : undefined;
    if (pollMessage) {
      try {
        await this.api.stopPoll(chatId, pollMessage);
      } catch (err) {
        // A retry after the poll was stopped, or a poll someone deleted: the result still goes out.
        if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
        this.log.info({ chatId, description: err.description }, 'telegram: poll was not open to stop');
      }
    }
    const replyTo = pollMessage ?? (req.saved.messageId ? Number(req.saved.messageId) : undefined);
    for (const text of splitMessage(resultText(req.episode, req.ballot, this.now()))) {
      await this.api.sendMessage(chatId, text, {
        parse_mode: 'HTML',
        ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        ...thread,
      });
    }
  }
}
