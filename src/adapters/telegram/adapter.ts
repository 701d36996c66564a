import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { sequentialize } from '@grammyjs/runner';
import { apiThrottler, type APIThrottlerOptions } from '@grammyjs/transformer-throttler';
import { Bot, GrammyError, HttpError, type Context, type Filter } from 'grammy';
import type { LanguageCode, MaybeInaccessibleMessage, Update } from 'grammy/types';
import type { App } from '../../app.js';
import type { TelegramSettings } from '../../config.js';
import { actionId, isGroup, parseActionId, type Invocation, type ReplyAction } from '../../core/commands.js';
import { isUserError } from '../../core/errors.js';
import { refusal } from '../../core/refusal.js';
import type { Logger, Place } from '../../core/ports.js';
import { clip } from '../../core/text.js';
import type { ChatAdapter, ChatPlatform } from '../chat-adapter.js';
import { loggable, movedTo, NoAnswerError, notJson, startFailure } from './errors.js';
import { splitMessage } from './format.js';
import { ChatAdmins } from './moderators.js';
import { Poller } from './poller.js';
import { TelegramPublisher } from './publisher.js';
import { botRights, missingRightsNote, privacyNote } from './rights.js';
import { apiSignal, boundedRetry, timeLimits } from './transport.js';
import { BoundedMap } from '../../core/bounded-map.js';
import { commandDescription } from '../../core/commands.js';
import { LOCALES, t, type Locale } from '../../i18n/i18n.js';

/** The updates TailTwist acts on; poll answers only arrive for non-anonymous polls the bot sent. */
const ALLOWED_UPDATES = ['message', 'poll_answer', 'callback_query', 'my_chat_member'] as const;
/** Telegram's flood limits apply to what the bot sends, not to what it asks. */
const SENDS = /^(send|edit|stopPoll|copyMessage|forwardMessage)/;
/** The largest webhook update taken (Telegram's are a few kB). */
const WEBHOOK_BODY_LIMIT = 1_000_000;

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Sent by Telegram for admins who post anonymously "as the group". */
const ANONYMOUS_ADMIN = 1087968824;

export interface TelegramOptions {
  /** Flood limits (per chat, per group, global); Telegram's published limits by default. */
  flood?: APIThrottlerOptions;
  /** How long a chat's admin list is kept. */
  adminTtlMs?: number;
  /** The studio's public address, for links to episodes too large to upload. */
  studioUrl?: string;
  /** The app's clock, which times ballots (a poll's close, "closes in…"): the system clock by default, as the app's. */
  now?: () => number;
  /** In-call retries of a 429 or 5xx (and of a read that got no answer); a delivery that still fails is retried by the queue. */
  maxRetryAttempts?: number;
  /** The pause before the first in-call retry of a 5xx (it doubles); 3 s. */
  retryBaseMs?: number;
  /** How long one Bot API call may take: 30 s; an upload 5 min. */
  callTimeoutMs?: number;
  uploadTimeoutMs?: number;
  /** How long start() tries to reach the Bot API before it gives up with a reason: 30 s. */
  connectTimeoutMs?: number;
  /** How long one getUpdates waits for news: 20 s (well under the polling lease). */
  pollTimeoutSeconds?: number;
  /** The polling lease: lapses this long after its holder stopped renewing it (60 s). */
  pollLeaseMs?: number;
  /** How often a process without the lease tries to take it (15 s): a dead poller is replaced within about pollLeaseMs + this. */
  leaseRetryMs?: number;
  /** The wait after a failed getUpdates (doubles up to the lease's renewal interval): 1 s. */
  pollRetryMs?: number;
  /** A pressed button waits this long for its result before it is answered "Working on it…" (the result then comes as a message): 1.5 s. */
  buttonAnswerWithinMs?: number;
  /** The pause before setting the command menu again after a failure: 10 min. */
  commandsRetryMs?: number;
  /** How long stop() may take: 3 s. */
  stopWithinMs?: number;
}

/** The options with their defaults (the studio link and the clock go to the publisher only). */
type ResolvedOptions = Required<Omit<TelegramOptions, 'flood' | 'studioUrl' | 'now'>>;

/** BotFather's privacy mode: in groups where the bot is no admin, it only sees commands that name it. */
const inPrivacyMode = (bot: Bot) => bot.isInited() && !bot.botInfo.can_read_all_group_messages;

/**
 * Telegram as every process builds it: the Bot API client (time limits, flood throttle, retries)
 * and the publisher over it. A worker posts with it without polling for updates; a process that
 * runs adapters builds the adapter with `adapter(app)`.
 */
export class TelegramPlatform implements ChatPlatform {
  readonly platform = 'telegram' as const;
  readonly label = 'Telegram';
  readonly bot: Bot;
  readonly publisher: TelegramPublisher;
  private readonly opts: ResolvedOptions;

  constructor(
    private readonly settings: TelegramSettings,
    private readonly log: Logger,
    opts: TelegramOptions = {},
  ) {
    this.opts = {
      adminTtlMs: 60_000,
      maxRetryAttempts: 2,
      retryBaseMs: 3_000,
      callTimeoutMs: 30_000,
      uploadTimeoutMs: 5 * 60_000,
      connectTimeoutMs: 30_000,
      pollTimeoutSeconds: 20,
      pollLeaseMs: 60_000,
      leaseRetryMs: 15_000,
      pollRetryMs: 1_000,
      buttonAnswerWithinMs: 1_500,
      commandsRetryMs: 10 * 60_000,
      stopWithinMs: 3_000,
      ...definedOnly(opts),
    };
    const o = this.opts;
    // grammY's own timeout is only a backstop: each call gets its limit below.
    const backstop = Math.ceil((o.uploadTimeoutMs + o.pollTimeoutSeconds * 1000 + o.callTimeoutMs) / 1000);
    const bot = new Bot(settings.token, { client: { timeoutSeconds: backstop, ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}) } });
    const transport = { retries: o.maxRetryAttempts, retryBaseMs: o.retryBaseMs, maxRetryAfterSeconds: 60, callTimeoutMs: o.callTimeoutMs, uploadTimeoutMs: o.uploadTimeoutMs };
    // Innermost first: the time limit, then the flood throttle, then the retries around both.
    bot.api.config.use(timeLimits(transport));
    const throttle = apiThrottler(opts.flood);
    bot.api.config.use((prev, method, payload, signal) => (SENDS.test(method) ? throttle(prev, method, payload, signal) : prev(method, payload, signal)));
    bot.api.config.use(boundedRetry(transport));
    this.bot = bot;
    this.publisher = new TelegramPublisher(bot.api, settings.maxUploadBytes, log, opts.now, opts.studioUrl, {
      voteCommand: () => (inPrivacyMode(bot) ? `/vote@${bot.botInfo.username}` : '/vote'),
    });
  }

  adapter(app: App): TelegramAdapter {
    return new TelegramAdapter(app, this.bot, this.publisher, this.settings, this.log, this.opts);
  }
}

/**
 * Telegram through grammY: commands of `commands/` as /commands, episodes as video + native poll
 * (the platform's publisher), poll answers as votes, chat admins as moderators.
 */
export class TelegramAdapter implements ChatAdapter {
  readonly platform = 'telegram' as const;
  readonly label = 'Telegram';
  private readonly admins: ChatAdmins;
  private poller: Poller | undefined;
  private webhookServer: http.Server | undefined;
  /** Aborted by stop(): a start in flight and the background command menu give up. */
  private life = new AbortController();
  private commandsTimer: NodeJS.Timeout | undefined;
  /** Groups that became supergroups, as this process heard: commands from the old id count for the new one. */
  private readonly moves = new BoundedMap<number, number>(10_000);
  private moving: Promise<unknown> = Promise.resolve();

  /** Connects the bot's handlers to the app (which was built with this publisher). */
  constructor(
    private readonly app: App,
    readonly bot: Bot,
    readonly publisher: TelegramPublisher,
    private readonly settings: TelegramSettings,
    private readonly log: Logger,
    private readonly opts: ResolvedOptions,
  ) {
    this.admins = new ChatAdmins(bot.api, log, opts.adminTtlMs);
    publisher.onMoved = (from, to) => this.chatMoved(Number(from), Number(to));
    // Before the per-chat queue: a button is answered at once (Telegram gives up on it within seconds),
    // and a change of the bot's membership or of the chat's id is acted on whatever else waits.
    bot.on('callback_query:data', (ctx) => this.onButton(ctx));
    bot.on('my_chat_member', (ctx) => this.onBotMember(ctx));
    bot.on('message:migrate_to_chat_id', (ctx) => this.chatMoved(ctx.chat.id, ctx.message.migrate_to_chat_id));
    bot.on('message:migrate_from_chat_id', (ctx) => this.chatMoved(ctx.message.migrate_from_chat_id, ctx.chat.id));
    // Updates of one chat (and one voter's poll answers) are handled in order; others in parallel.
    bot.use(sequentialize((ctx: Context) => (ctx.chat ? `chat:${ctx.chat.id}` : ctx.pollAnswer ? `voter:${voterOf(ctx.pollAnswer) ?? ''}` : undefined)));
    bot.on('message:text', (ctx) => this.onText(ctx));
    bot.on('poll_answer', (ctx) => this.onPollAnswer(ctx));
  }

  /** Whether this process polls for updates now (it holds the polling lease). */
  get isPolling(): boolean {
    return this.poller?.isPolling ?? false;
  }

  botName(): string | undefined {
    return this.bot.isInited() ? this.bot.botInfo.username : undefined;
  }

  /** Whether `telegram:<id>` is an admin of the chat of `place` (for the studio's sign-in); false for anyone else. */
  async moderates(userId: string, place: Place): Promise<boolean> {
    const m = /^telegram:(\d+)$/.exec(userId);
    return place.platform === 'telegram' && m !== null && Number(place.chatId) < 0 && this.admins.isAdmin(Number(place.chatId), Number(m[1]));
  }

  /**
   * One attempt to connect: resolves once the Bot API knows the bot and updates are on their way
   * (or another process polls them), rejects within `connectTimeoutMs` with what to check. It may
   * be called again after a failure.
   */
  async start(): Promise<void> {
    await this.halt();
    if (this.life.signal.aborted) this.life = new AbortController();
    const attempt = AbortSignal.any([this.life.signal, AbortSignal.timeout(this.opts.connectTimeoutMs)]);
    let step = 'getMe';
    try {
      const me = await this.bot.api.getMe(apiSignal(attempt));
      this.bot.botInfo = me;
      const webhook = this.settings.webhook;
      if (webhook) {
        step = 'setWebhook';
        await this.listenForWebhooks(webhook, attempt);
      } else {
        step = 'deleteWebhook';
        await this.bot.api.deleteWebhook({}, apiSignal(attempt)).catch((err: unknown) => {
          // A Bot API server without webhooks (some emulators) has none to delete: poll anyway.
          if (!notJson(err) && (!(err instanceof GrammyError) || err.error_code === 401 || err.error_code >= 500)) throw err;
          this.log.info({ err: loggable(err) }, 'telegram: could not delete a webhook; polling anyway');
        });
        this.poller = new Poller(
          this.bot.api,
          this.app.lease(`telegram-poll:${me.id}`, this.opts.pollLeaseMs),
          (u) => this.bot.handleUpdate(u),
          this.log,
          () => this.app.engine.now(),
          {
            allowedUpdates: ALLOWED_UPDATES,
            timeoutSeconds: this.opts.pollTimeoutSeconds,
            leaseRetryMs: this.opts.leaseRetryMs,
            renewEveryMs: Math.floor(this.opts.pollLeaseMs / 4),
            firstRetryMs: this.opts.pollRetryMs,
            maxRetryMs: Math.floor(this.opts.pollLeaseMs / 4),
          },
        );
        this.poller.start();
      }
      this.setCommands();
      this.log.info({ bot: me.username, privacyMode: inPrivacyMode(this.bot) }, 'telegram: connected');
    } catch (err) {
      await this.halt();
      if (this.life.signal.aborted) throw new Error('the Telegram adapter was stopped while connecting');
      // The attempt's own deadline cut the call: that is the Bot API not answering in time.
      throw startFailure(attempt.aborted && err instanceof HttpError ? new NoAnswerError(step, this.opts.connectTimeoutMs) : err, this.settings.apiRoot, step);
    }
  }

  /** Stops within a few seconds, even while start() is in flight or the Bot API hangs. */
  async stop(): Promise<void> {
    this.life.abort();
    clearTimeout(this.commandsTimer);
    await this.halt();
  }

  /** Undoes what a start did (or half did): the poller hands its lease on, the webhook server closes. */
  private async halt(): Promise<void> {
    const poller = this.poller;
    this.poller = undefined;
    const server = this.webhookServer;
    this.webhookServer = undefined;
    await Promise.all([
      poller?.stop(this.opts.stopWithinMs),
      server &&
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ]);
  }

  private async listenForWebhooks(webhook: NonNullable<TelegramSettings['webhook']>, signal: AbortSignal): Promise<void> {
    const secret = webhook.secret ?? randomBytes(24).toString('base64url');
    const route = new URL(webhook.url).pathname;
    const server = http.createServer((req, res) => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== route) {
        res.writeHead(404).end();
        return;
      }
      const given = req.headers['x-telegram-bot-api-secret-token'];
      if (typeof given !== 'string' || !sameSecret(given, secret)) {
        res.writeHead(401).end();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > WEBHOOK_BODY_LIMIT) {
          res.writeHead(413).end();
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        let update: Update;
        try {
          update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
        } catch {
          res.writeHead(400).end();
          return;
        }
        // Answered at once: a slow or failing handler must never make Telegram send the update again
        // (a command would run twice), and its error is logged here, never left unhandled.
        res.writeHead(200).end();
        this.bot.handleUpdate(update).catch((err: unknown) => this.log.error({ err: loggable(err), update: update.update_id }, 'telegram: update failed'));
      });
    });
    this.webhookServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(new Error(`could not listen for Telegram webhooks on ${webhook.host}:${webhook.port} (${err.code ?? err.message}): check TELEGRAM_WEBHOOK_LISTEN`)),
      );
      server.listen(webhook.port, webhook.host, resolve);
    });
    await this.bot.api.setWebhook(webhook.url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }, apiSignal(signal));
    this.log.info({ bot: this.bot.botInfo.username, listen: `${webhook.host}:${webhook.port}` }, 'telegram: receiving updates by webhook');
  }

  /** The menu of top-level commands in `locale` (names stay as typed; the description lists a group's subcommands). */
  private menu(locale: Locale) {
    return this.app.commands.map((c) => {
      const description = commandDescription(locale, [c.name], c.description);
      return { command: c.name, description: clip(isGroup(c) ? `${description} (${c.subcommands.map((s) => s.name).join(', ')})` : description, 256) };
    });
  }

  /**
   * The command menu, in English for everyone and in each of our languages for users whose app
   * speaks it (Telegram picks by `language_code`, two letters: pt-BR is 'pt'). A nicety: a Bot
   * API server without setMyCommands must not keep the bot from running.
   */
  private setCommands(): void {
    const signal = this.life.signal;
    const attempt = async () => {
      try {
        await this.bot.api.setMyCommands(this.menu('en'), {}, apiSignal(signal));
        for (const locale of LOCALES.filter((l) => l !== 'en')) {
          await this.bot.api.setMyCommands(this.menu(locale), { language_code: telegramLanguage(locale) }, apiSignal(signal));
        }
      } catch (err) {
        if (signal.aborted) return;
        this.log.warn(
          { err: loggable(err), retryInMinutes: Math.round(this.opts.commandsRetryMs / 60_000) },
          'telegram: could not set the command menu; trying again later (commands work without it)',
        );
        this.commandsTimer = setTimeout(() => void attempt(), this.opts.commandsRetryMs);
        this.commandsTimer.unref();
      }
    };
    clearTimeout(this.commandsTimer);
    void attempt();
  }

  // ---- updates -------------------------------------------------------------------------------

  /** `/command args` (or `/command@thisbot args`) in a group or a private chat. */
  private async onText(ctx: Filter<Context, 'message:text'>): Promise<void> {
    const { message, chat } = ctx;
    const text = message.text;
    const m = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)/.exec(text);
    if (!m) return; // ordinary chat is none of our business
    if (m[2] && m[2].toLowerCase() !== ctx.me.username.toLowerCase()) return; // for another bot
    const isPrivate = chat.type === 'private';
    const name = m[1]!.toLowerCase();
    const language = message.from.language_code;
    if (name === 'start' && isPrivate) {
      await this.reply(message, t(language ?? 'en', 'telegram.start'));
      return;
    }
    const chatId = this.moves.get(chat.id) ?? chat.id;
    const from = message.from;
    const anonymousAdmin = from.id === ANONYMOUS_ADMIN && message.sender_chat?.id === chat.id;
    const isModerator = !isPrivate && (anonymousAdmin || (await this.admins.isAdmin(chatId, from.id)));
    const place: Place = { platform: 'telegram', chatId: String(chatId), threadId: String(topicOf(message) ?? '') };
    // An anonymous admin posts as the group: no person's name to give.
    const actor = { id: anonymousAdmin ? `telegram:chat${chat.id}` : `telegram:${from.id}`, isModerator, ...(anonymousAdmin ? {} : { name: displayName(from) }) };
    const reply = await this.app.commandText(`/${m[1]}${text.slice(m[0].length)}`, actor, place, { isPrivate, locale: language });
    const sub = /^\s*(\S+)/.exec(text.slice(m[0].length))?.[1]?.toLowerCase();
    const notes = isPrivate ? [] : await this.notesFor(name, sub, reply.ephemeral === true, chatId, () => this.app.engine.replyLocale(place, language));
    await this.reply(message, [reply.text, ...notes].join('\n\n'), reply.actions);
  }

  /**
   * What a group should know after /series new or /series follow (the bot's missing rights, and
   * how to type commands in privacy mode), and after /help in privacy mode.
   */
  private async notesFor(command: string, sub: string | undefined, failed: boolean, chatId: number, localeOf: () => Promise<Locale>): Promise<string[]> {
    const setup = command === 'series' && (sub === 'new' || sub === 'follow') && !failed;
    if (!setup && command !== 'help') return [];
    try {
      const rights = await botRights(this.bot.api, chatId, this.bot.botInfo.id);
      const locale = await localeOf();
      const notes = setup ? [missingRightsNote(rights, locale)] : [];
      if (inPrivacyMode(this.bot) && !rights.admin) notes.push(privacyNote(this.bot.botInfo.username, locale));
      return notes.filter((n): n is string => n !== undefined);
    } catch (err) {
      this.log.info({ err: loggable(err), chatId }, 'telegram: could not check the bot’s rights in the chat');
      return [];
    }
  }

  /** Replies in the message's chat (and topic); a group that has become a supergroup gets it at its new id. */
  private async reply(message: MaybeInaccessibleMessage, text: string, actions: ReplyAction[] = []): Promise<void> {
    const chunks = splitMessage(text);
    const keyboard = inlineKeyboard(actions);
    const topic = topicOf(message);
    let chatId = this.moves.get(message.chat.id) ?? message.chat.id;
    const extra = (i: number) => ({
      parse_mode: 'HTML' as const,
      // The message replied to stays in the old chat when the group has moved.
      ...(i === 0 && chatId === message.chat.id ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } } : {}),
      ...(topic ? { message_thread_id: topic } : {}),
      ...(keyboard && i === chunks.length - 1 ? { reply_markup: keyboard } : {}),
    });
    for (const [i, chunk] of chunks.entries()) {
      try {
        await this.bot.api.sendMessage(chatId, chunk, extra(i));
      } catch (err) {
        const to = movedTo(err);
        if (to === undefined) throw err;
        await this.chatMoved(chatId, to);
        chatId = to;
        await this.bot.api.sendMessage(chatId, chunk, extra(i));
      }
    }
  }

  /** A basic group became a supergroup (from its service messages or an error): every series there follows it. */
  private chatMoved(from: number, to: number): Promise<void> {
    this.moves.set(from, to);
    // One move at a time: the two service messages of one upgrade arrive together.
    const move = this.moving.then(() => this.app.engine.channels.moved('telegram', String(from), String(to)));
    this.moving = move.catch(() => undefined);
    return move.then(() => undefined);
  }

  /**
   * The bot's own membership changed: removed (its channels there wait, marked), added back or
   * given its rights again (what waited goes out now).
   */
  private async onBotMember(ctx: Filter<Context, 'my_chat_member'>): Promise<void> {
    const update = ctx.myChatMember;
    if (update.chat.type === 'private' || update.chat.type === 'channel') return;
    const chatId = String(update.chat.id);
    const member = update.new_chat_member;
    const gone = member.status === 'left' || member.status === 'kicked' || (member.status === 'restricted' && !member.is_member);
    const channels = this.app.engine.channels;
    if (gone) {
      await channels.blocked('telegram', chatId, refusal('refusal.telegram.kicked'));
    } else if (member.status === 'restricted' && member.can_send_messages === false) {
      await channels.blocked('telegram', chatId, refusal('refusal.telegram.noMessages'));
    } else {
      // Videos or polls still refused go out as text; a delivery that still fails marks the channel again.
      const queued = await channels.restored('telegram', chatId);
      if (queued) this.log.info({ chatId, deliveries: queued }, 'telegram: the bot may post in the chat again');
    }
  }

  /**
   * A button under one of our replies (approve or veto a suggestion): the command it carries, as
   * whoever pressed it. Telegram drops an unanswered press within seconds, so the answer is the
   * result when it is ready soon, else "Working on it…" with the result posted as a reply.
   */
  private async onButton(ctx: Filter<Context, 'callback_query:data'>): Promise<void> {
    const query = ctx.callbackQuery;
    const invocation = parseActionId(query.data);
    const message = query.message;
    // The presser's own language for what only they see; the channel's setting wins in replies.
    const language = query.from.language_code ?? 'en';
    if (!invocation || !message) {
      await this.answerButton(ctx, t(language, 'telegram.deadButton'));
      return;
    }
    const work = this.runButton(query.from, invocation, message);
    const early = await Promise.race([
      work.then(
        (text) => ({ text }),
        (err: unknown) => ({ err }),
      ),
      delay(this.opts.buttonAnswerWithinMs),
    ]);
    if (early && 'err' in early) {
      // The button must stop spinning either way.
      await this.answerButton(ctx, t(language, 'telegram.sorry'));
      throw early.err;
    }
    if (early) {
      // The answer shows as a notice over the chat, to the presser only; Telegram keeps it to 200 characters.
      await this.answerButton(ctx, early.text);
      return;
    }
    await this.answerButton(ctx, t(language, 'telegram.working'));
    let text: string;
    try {
      text = await work;
    } catch (err) {
      text = t(language, 'telegram.sorry');
      this.log.error({ err: loggable(err), update: ctx.update.update_id }, 'telegram: button failed');
    }
    await this.reply(message, `${query.from.first_name}: ${text}`);
  }

  private async runButton(
    from: { id: number; first_name: string; last_name?: string; username?: string; language_code?: string },
    invocation: Invocation,
    message: { chat: { id: number; type: string }; message_thread_id?: number; is_topic_message?: boolean },
  ): Promise<string> {
    const chat = message.chat;
    const isPrivate = chat.type === 'private';
    const chatId = this.moves.get(chat.id) ?? chat.id;
    const isModerator = !isPrivate && (await this.admins.isAdmin(chatId, from.id));
    const place: Place = { platform: 'telegram', chatId: String(chatId), threadId: String(topicOf(message) ?? '') };
    return (await this.app.command(invocation, { id: `telegram:${from.id}`, isModerator, name: displayName(from) }, place, { isPrivate, locale: from.language_code })).text;
  }

  /** An answer to a press that came too late is only worth a note in the log. */
  private async answerButton(ctx: Context, text: string): Promise<void> {
    try {
      await ctx.answerCallbackQuery({ text: clip(text, 200), show_alert: text.length > 200 });
    } catch (err) {
      this.log.info({ err: loggable(err) }, 'telegram: could not answer a button press');
    }
  }

  /** A vote, a changed vote, or (no options) a retracted vote on one of our polls. */
  private async onPollAnswer(ctx: Filter<Context, 'poll_answer'>): Promise<void> {
    const answer = ctx.pollAnswer;
    const voterId = voterOf(answer);
    if (!voterId) return;
    try {
      const result = await this.app.engine.pollAnswer({ platform: 'telegram', pollId: answer.poll_id, voterId, choice: answer.option_ids[0] ?? null });
      if (result === undefined) this.log.debug({ poll: answer.poll_id }, 'telegram: answer to a poll that is not a ballot');
    } catch (err) {
      // There is no one to tell in a poll; a late answer is simply not counted.
      if (isUserError(err)) this.log.info({ poll: answer.poll_id, voterId, reason: err.message }, 'telegram: poll answer not counted');
      else throw err;
    }
  }
}

/**
 * Who answered a poll: a person, or a chat voting as itself (a channel, an anonymous admin) —
 * one vote for that chat; `user` then holds a stand-in bot for old clients.
 */
function voterOf(answer: { user?: { id: number }; voter_chat?: { id: number } }): string | undefined {
  if (answer.voter_chat) return `telegram:chat${answer.voter_chat.id}`;
  return answer.user ? `telegram:${answer.user.id}` : undefined;
}

/** The forum topic a message is in; undefined outside forum topics. */
/** How Telegram shows a person: first and last name, else their @username. */
function displayName(user: { first_name: string; last_name?: string; username?: string }): string | undefined {
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return full || (user.username ? `@${user.username}` : undefined);
}

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

/** Telegram's menus are per two-letter language code (ISO 639-1). */
const telegramLanguage = (locale: Locale) => locale.slice(0, 2) as LanguageCode;

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
