import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { apiThrottler, type APIThrottlerOptions } from '@grammyjs/transformer-throttler';
import { Bot, webhookCallback, type Context } from 'grammy';
import type { App } from '../../app.js';
import type { TelegramSettings } from '../../config.js';
import { actionId, isGroup, parseActionId, type ReplyAction } from '../../core/commands.js';
import { isUserError } from '../../core/errors.js';
import type { Logger, Place } from '../../core/ports.js';
import { clip } from '../../core/text.js';
import { splitMessage } from './format.js';
import { ChatAdmins } from './moderators.js';
import { TelegramPublisher } from './publisher.js';

/** The updates TailTwist acts on; poll answers only arrive for non-anonymous polls the bot sent. */
const ALLOWED_UPDATES = ['message', 'poll_answer', 'callback_query'] as const;
/** Telegram's flood limits apply to what the bot sends, not to what it asks. */
const SENDS = /^(send|edit|stopPoll|copyMessage|forwardMessage)/;
/** Sent by Telegram for admins who post anonymously "as the group". */
const ANONYMOUS_ADMIN = 1087968824;

export interface TelegramOptions {
  /** Flood limits (per chat, per group, global); Telegram's published limits by default. */
  flood?: APIThrottlerOptions;
  /** How long a chat admin check is kept. */
  adminTtlMs?: number;
  /** The studio's public address, for links to episodes too large to upload. */
  studioUrl?: string;
  /** In-call retries of a 5xx (3 s, then 6 s…); a delivery that still fails is retried by the queue. */
  maxRetryAttempts?: number;
}

/**
 * Telegram through grammY: commands of `commands/` as /commands, episodes as video + native poll,
 * poll answers as votes, chat admins as moderators. The publisher needs only the Bot API, so a
 * worker process can post without polling for updates.
 */
export class TelegramAdapter {
  readonly bot: Bot;
  readonly publisher: TelegramPublisher;
  private readonly admins: ChatAdmins;
  private app: App | undefined;
  private runner: RunnerHandle | undefined;
  private webhookServer: http.Server | undefined;

  constructor(
    private readonly settings: TelegramSettings,
    private readonly log: Logger,
    opts: TelegramOptions = {},
  ) {
    this.bot = new Bot(settings.token, settings.apiRoot ? { client: { apiRoot: settings.apiRoot } } : {});
    const throttle = apiThrottler(opts.flood);
    this.bot.api.config.use((prev, method, payload, signal) => (SENDS.test(method) ? throttle(prev, method, payload, signal) : prev(method, payload, signal)));
    // Retries a 429 after the retry_after Telegram gives (up to a minute) and a 5xx with backoff; a
    // delivery that still fails is retried later by the job queue, through the outbox.
    const retries = opts.maxRetryAttempts ?? 2;
    // (auto-retry pauses before it counts attempts: with none allowed, a 5xx is thrown at once.)
    this.bot.api.config.use(autoRetry({ maxRetryAttempts: retries, maxDelaySeconds: 60, rethrowInternalServerErrors: retries === 0 }));
    this.admins = new ChatAdmins(this.bot.api, log, opts.adminTtlMs);
    this.publisher = new TelegramPublisher(this.bot.api, settings.maxUploadBytes, log, () => this.app?.engine.now() ?? Date.now(), opts.studioUrl);
  }

  /** Connects the bot's handlers to the app (which was built with this adapter's publisher). */
  attach(app: App): void {
    this.app = app;
    const bot = this.bot;
    // Updates of one chat (and one voter's poll answers) are handled in order; others in parallel.
    bot.use(sequentialize((ctx: Context) => (ctx.chat ? `chat:${ctx.chat.id}` : ctx.pollAnswer?.user ? `voter:${ctx.pollAnswer.user.id}` : undefined)));
    bot.on('message:text', (ctx) => this.onText(ctx));
    bot.on('poll_answer', (ctx) => this.onPollAnswer(ctx));
    bot.on('callback_query:data', (ctx) => this.onButton(ctx));
    bot.catch((err) => this.log.error({ err: err.error, update: err.ctx.update.update_id }, 'telegram: update failed'));
  }

  async start(): Promise<void> {
    if (!this.app) throw new Error('attach the app before starting the Telegram adapter');
    await this.bot.init();
    await this.bot.api.setMyCommands(
      this.app.commands.map((c) => ({ command: c.name, description: clip(isGroup(c) ? `${c.description} (${c.subcommands.map((s) => s.name).join(', ')})` : c.description, 256) })),
    );
    const webhook = this.settings.webhook;
    if (webhook) {
      const secret = webhook.secret ?? randomBytes(24).toString('base64url');
      const callback = webhookCallback(this.bot, 'http', { secretToken: secret, onTimeout: 'return' });
      const route = new URL(webhook.url).pathname;
      this.webhookServer = http.createServer((req, res) => {
        if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== route) {
          res.writeHead(404).end();
          return;
        }
        void callback(req, res).catch((err: unknown) => {
          this.log.error({ err }, 'telegram: webhook update failed');
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      await new Promise<void>((resolve, reject) => {
        this.webhookServer!.once('error', reject);
        this.webhookServer!.listen(webhook.port, webhook.host, resolve);
      });
      await this.bot.api.setWebhook(webhook.url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
      this.log.info({ bot: this.bot.botInfo.username, listen: `${webhook.host}:${webhook.port}` }, 'telegram: receiving updates by webhook');
    } else {
      await this.bot.api.deleteWebhook();
      this.runner = run(this.bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
      this.log.info({ bot: this.bot.botInfo.username }, 'telegram: long polling for updates');
    }
  }

  async stop(): Promise<void> {
    if (this.runner?.isRunning()) await this.runner.stop();
    if (this.webhookServer) {
      const server = this.webhookServer;
      this.webhookServer = undefined;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** `/command args` (or `/command@thisbot args`) in a group or a private chat. */
  private async onText(ctx: Context): Promise<void> {
    const message = ctx.message!;
    const text = message.text ?? '';
    const m = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)/.exec(text);
    if (!m) return; // ordinary chat is none of our business
    if (m[2] && m[2].toLowerCase() !== ctx.me.username.toLowerCase()) return; // for another bot
    if (m[1]!.toLowerCase() === 'start' && ctx.chat!.type === 'private') {
      await this.reply(ctx, 'Hi! I run community-written animal micro-dramas in groups. Add me to a group and try /help there.');
      return;
    }
    const isPrivate = ctx.chat!.type === 'private';
    const from = message.from!;
    const anonymousAdmin = from.id === ANONYMOUS_ADMIN && message.sender_chat?.id === ctx.chat!.id;
    const isModerator = !isPrivate && (anonymousAdmin || (await this.admins.isAdmin(ctx.chat!.id, from.id)));
    const place: Place = {
      platform: 'telegram',
      chatId: String(ctx.chat!.id),
      threadId: String(topicOf(message) ?? ''),
    };
    const actor = { id: anonymousAdmin ? `telegram:chat${ctx.chat!.id}` : `telegram:${from.id}`, isModerator, name: from.first_name };
    const reply = await this.app!.commandText(`/${m[1]}${text.slice(m[0].length)}`, actor, place, { isPrivate });
    await this.reply(ctx, reply.text, reply.actions);
  }

  private async reply(ctx: Context, text: string, actions: ReplyAction[] = []): Promise<void> {
    const message = ctx.message!;
    const chunks = splitMessage(text);
    const keyboard = inlineKeyboard(actions);
    const topic = topicOf(message);
    for (const [i, chunk] of chunks.entries()) {
      await ctx.reply(chunk, {
        parse_mode: 'HTML',
        ...(i === 0 ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } } : {}),
        ...(topic ? { message_thread_id: topic } : {}),
        ...(keyboard && i === chunks.length - 1 ? { reply_markup: keyboard } : {}),
      });
    }
  }

  /** A button under one of our replies (approve or veto a suggestion): the command it carries, as whoever pressed it. */
  private async onButton(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery!;
    const invocation = parseActionId(query.data ?? '');
    const message = query.message;
    if (!invocation || !message) {
      await ctx.answerCallbackQuery({ text: 'This button no longer does anything.' });
      return;
    }
    const chat = message.chat;
    const isPrivate = chat.type === 'private';
    const isModerator = !isPrivate && (await this.admins.isAdmin(chat.id, query.from.id));
    const place: Place = {
      platform: 'telegram',
      chatId: String(chat.id),
      threadId: String(topicOf(message) ?? ''),
    };
    let text: string;
    try {
      text = (await this.app!.command(invocation, { id: `telegram:${query.from.id}`, isModerator, name: query.from.first_name }, place, { isPrivate })).text;
    } catch (err) {
      // The button must stop spinning either way.
      await ctx.answerCallbackQuery({ text: 'Something went wrong on our side; please try again.' });
      throw err;
    }
    // The answer shows as a notice over the chat, to the presser only; Telegram keeps it to 200 characters.
    await ctx.answerCallbackQuery({ text: clip(text, 200), show_alert: text.length > 200 });
  }

  /** A vote, a changed vote, or (no options) a retracted vote on one of our polls. */
  private async onPollAnswer(ctx: Context): Promise<void> {
    const answer = ctx.pollAnswer!;
    if (!answer.user) return; // answered as a channel: not a person's vote
    const voterId = `telegram:${answer.user.id}`;
    try {
      const result = await this.app!.engine.pollAnswer({ platform: 'telegram', pollId: answer.poll_id, voterId, choice: answer.option_ids[0] ?? null });
      if (result === undefined) this.log.debug({ poll: answer.poll_id }, 'telegram: answer to a poll that is not a ballot');
    } catch (err) {
      // There is no one to tell in a poll; a late answer is simply not counted.
      if (isUserError(err)) this.log.info({ poll: answer.poll_id, voterId, reason: err.message }, 'telegram: poll answer not counted');
      else throw err;
    }
  }
}

/** The forum topic a message is in; undefined outside forum topics. */
function topicOf(message: { is_topic_message?: boolean; message_thread_id?: number }): number | undefined {
  return message.is_topic_message && message.message_thread_id ? message.message_thread_id : undefined;
}

/** Telegram callback data holds 64 bytes: a follow-up that doesn't fit gets no button (its text says how to type it). */
function inlineKeyboard(actions: ReplyAction[]): { inline_keyboard: { text: string; callback_data: string }[][] } | undefined {
  const buttons = actions.map((a) => ({ text: clip(a.label, 64), callback_data: actionId(a.invocation) })).filter((b) => Buffer.byteLength(b.callback_data) <= 64);
  if (!buttons.length) return undefined;
  const rows: { text: string; callback_data: string }[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { inline_keyboard: rows };
}
