import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody, type FilePart } from '../request-body.js';
import { until } from '../../helpers/wait.js';

/**
 * A protocol-level fake of the Telegram Bot API: the real grammY client reaches it through
 * `client.apiRoot`. It answers the methods TailTwist uses the way Telegram does (including its
 * limits and error shapes), parses multipart uploads for real, long-polls getUpdates by offset,
 * records every call, and can inject updates and faults. Each platform rule is a line or two,
 * with the Bot API's own wording for its errors.
 */

export type UploadedFile = FilePart;

export interface Call {
  method: string;
  params: Record<string, unknown>;
  files: UploadedFile[];
  /** The HTTP status the fake answered with (0 while in flight, 499 when the caller hung up). */
  status: number;
  at: number;
  /** What the fake answered (the sent message, for one). */
  result?: unknown;
  /** The error description, when it failed. */
  description?: string;
}

export interface Fault {
  method: string;
  status: number;
  description?: string;
  retryAfter?: number;
  /** How many calls fail before the method works again. */
  times: number;
  /** Delay the answer (ms) instead of, or before, failing. */
  delayMs?: number;
  /** The server dies on this call: the connection drops unanswered and the port closes (see `comeBack`). */
  die?: boolean;
  /** Answer with this HTML page instead of JSON, as a proxy in front of a Bot API server does. */
  html?: string;
}

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
  /** The language of the user's Telegram app (an IETF tag such as 'zh-hans'), sent with their messages. */
  language_code?: string;
}

export interface FakePoll {
  id: string;
  chatId: number;
  messageId: number;
  question: string;
  options: string[];
  isAnonymous: boolean;
  closed: boolean;
  /** Unix seconds at which Telegram closes it on its own (close_date / open_period). */
  closeDate?: number;
}

type ChatType = 'private' | 'group' | 'supergroup';

/** The send permissions TailTwist needs (a subset of ChatPermissions). */
export interface SendRights {
  can_send_messages: boolean;
  can_send_videos: boolean;
  can_send_polls: boolean;
}

export type BotStatus = 'member' | 'administrator' | 'restricted' | 'left' | 'kicked';

interface FakeChat {
  id: number;
  type: ChatType;
  title: string;
  /** Default permissions of members (groups only). */
  permissions: SendRights;
  bot: { status: BotStatus; rights?: SendRights };
  isForum: boolean;
  topics: Set<number>;
  /** What getChatMemberCount answers (the bot included); unset: the members the fake knows, plus the bot. */
  memberCount?: number;
  /** The last bot that posted here (privacy mode: bare commands go to it). */
  lastBot?: number;
  /** A basic group upgraded to a supergroup: every call to it answers with the new id. */
  migratedTo?: number;
}

export interface FakeOptions {
  /** Listen on this port (a test that brings the API up where a dead one was). */
  port?: number;
  /** Bot API uploads stop at 50 MB (413 past it); tests lower it. */
  maxUploadBytes?: number;
  /** A callback query can be answered for roughly 10–15 s; tests shorten it. */
  callbackExpiryMs?: number;
  /** BotFather's /setprivacy: privacy mode is on by default (the bot does not read all group messages). */
  readsAllGroupMessages?: boolean;
}

const BOT: FakeUser & { is_bot: true } = { id: 777000111, is_bot: true, first_name: 'TailTwist', username: 'tailtwist_bot' };
/** Another bot in the groups: privacy mode sends bare commands to whichever bot posted last. */
export const OTHER_BOT: FakeUser & { is_bot: true } = { id: 777000222, is_bot: true, first_name: 'Other', username: 'other_bot' };
/** Who poll answers "as a chat" come from, for old clients (Bot API: PollAnswer.user). */
const CHANNEL_BOT = { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' };
const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'blockquote', 'span']);
const ALL_RIGHTS: SendRights = { can_send_messages: true, can_send_videos: true, can_send_polls: true };
const TOO_OLD = 'Bad Request: query is too old and response timeout expired or query ID is invalid';
const SENDS: Record<string, { right: keyof SendRights; what: string }> = {
  sendMessage: { right: 'can_send_messages', what: 'text messages' },
  sendVideo: { right: 'can_send_videos', what: 'videos' },
  sendPoll: { right: 'can_send_polls', what: 'polls' },
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, number>,
  ) {
    super(description);
  }
}

/** Telegram's HTML parse mode: only its tags, balanced, and only the four named entities. */
function checkHtml(text: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-z-]+)(\s[^>]*)?>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);|[<>&]/gi;
  for (const m of text.matchAll(tag)) {
    if (m[0] === '<' || m[0] === '>' || m[0] === '&') {
      if (m[0] === '>') continue; // a bare > is tolerated by Telegram
      throw new ApiError(400, `Bad Request: can't parse entities: unsupported start tag or entity at byte offset ${m.index}`);
    }
    if (!m[2]) continue;
    const name = m[2].toLowerCase();
    if (!ALLOWED_TAGS.has(name)) throw new ApiError(400, `Bad Request: can't parse entities: unsupported start tag "${name}" at byte offset ${m.index}`);
    if (m[1]) {
      if (stack.pop() !== name) throw new ApiError(400, `Bad Request: can't parse entities: unmatched end tag at byte offset ${m.index}`);
    } else {
      stack.push(name);
    }
  }
  if (stack.length) throw new ApiError(400, `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${stack.pop()}"`);
}

/** What a user sees: entities decoded and tags gone. Telegram counts limits on this. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export class FakeTelegram {
  readonly calls: Call[] = [];
  readonly polls = new Map<string, FakePoll>();
  /** Each command menu set for everyone (no language_code), in order. */
  readonly commands: unknown[] = [];
  /** The command menu as last set per language_code ('' for everyone). */
  readonly menus = new Map<string, { command: string; description: string }[]>();
  /** Messages privacy mode kept from the bot. */
  readonly unseen: string[] = [];
  token = '';
  readsAllGroupMessages: boolean;
  private readonly server: http.Server;
  private port = 0;
  private readonly updates: { update_id: number; [k: string]: unknown }[] = [];
  private nextUpdateId = 1000;
  private confirmedOffset = 0;
  private nextMessageId = 1;
  private nextPollId = 1;
  private nextSupergroup = 1009000000000;
  private readonly waiting = new Set<() => void>();
  private readonly faults: Fault[] = [];
  private readonly members = new Map<string, string>();
  private readonly chats = new Map<number, FakeChat>();
  private readonly botMessages = new Set<string>();
  private readonly queries = new Map<string, number>();
  /** The getUpdates request waiting now: a newer one terminates it (409), as Telegram does. */
  private activePoll: ((err: ApiError) => void) | undefined;
  private webhookUrl = '';
  private closed = false;
  private readonly maxUploadBytes: number;
  private readonly callbackExpiryMs: number;

  private constructor(opts: FakeOptions) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.maxUploadBytes = opts.maxUploadBytes ?? 50 * 1000 * 1000;
    this.callbackExpiryMs = opts.callbackExpiryMs ?? 15_000;
    this.readsAllGroupMessages = opts.readsAllGroupMessages ?? false;
  }

  static async start(opts: FakeOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(opts);
    await fake.listen(opts.port ?? 0);
    return fake;
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** For grammY's `client.apiRoot` (no trailing slash). */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get bot(): FakeUser {
    return BOT;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.goDown();
  }

  /** The Bot API dies: open connections drop, the port stops answering; state is kept for `comeBack`. */
  async goDown(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server.closeAllConnections();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The Bot API is back on the same port, with everything it knew. */
  async comeBack(): Promise<void> {
    this.closed = false;
    await this.listen(this.port);
  }

  // ---- scripting the world -----------------------------------------------------------------

  /** A chat member's status: creator, administrator, member, left… (default: member). */
  setMember(chatId: number, userId: number, status: string): void {
    this.members.set(`${chatId}:${userId}`, status);
  }

  /** The group's default permissions for members (the bot included, unless it is an admin). */
  setPermissions(chatId: number, rights: Partial<SendRights>): void {
    const chat = this.chat(chatId);
    chat.permissions = { ...chat.permissions, ...rights };
  }

  /** Someone changes the bot's membership (removes, re-adds, promotes, restricts it): Telegram sends my_chat_member. */
  setBot(chatId: number, status: BotStatus, by: FakeUser, rights?: Partial<SendRights>): { update_id: number } {
    const chat = this.chat(chatId);
    const old = this.botMember(chat);
    chat.bot = { status, ...(status === 'restricted' ? { rights: { ...ALL_RIGHTS, ...rights } } : {}) };
    return this.inject({ my_chat_member: { chat: this.chatObject(chat), from: { ...by, is_bot: false }, date: now(), old_chat_member: old, new_chat_member: this.botMember(chat) } });
  }

  /**
   * A basic group becomes a supergroup: a new id, both service messages, and the old id answers
   * with the new one. `missed`: the bot never gets the service messages (it was away longer than
   * Telegram keeps updates, 24 h).
   */
  upgrade(groupId: number, by: FakeUser, opts: { missed?: boolean } = {}): number {
    const old = this.chat(groupId);
    const to = -this.nextSupergroup++;
    const chat: FakeChat = { ...old, id: to, type: 'supergroup', topics: new Set(), migratedTo: undefined };
    this.chats.set(to, chat);
    old.migratedTo = to;
    for (const [key, status] of [...this.members]) if (key.startsWith(`${groupId}:`)) this.members.set(`${to}:${key.split(':')[1]}`, status);
    const from = { ...by, is_bot: false };
    if (opts.missed) return to;
    this.inject({ message: { message_id: this.nextMessageId++, date: now(), chat: this.chatObject(old), from, migrate_to_chat_id: to } });
    this.inject({ message: { message_id: this.nextMessageId++, date: now(), chat: this.chatObject(chat), from, migrate_from_chat_id: groupId } });
    return to;
  }

  /** How many members Telegram says the chat has, the bot included. */
  setMemberCount(chatId: number, count: number): void {
    this.chat(chatId).memberCount = count;
  }

  /** Another bot posts in the group (privacy mode then sends it the bare commands). */
  otherBotPosts(chatId: number): void {
    this.chat(chatId).lastBot = OTHER_BOT.id;
  }

  fail(method: string, fault: Omit<Fault, 'method' | 'times'> & { times?: number }): void {
    this.faults.push({ method, times: 1, ...fault });
  }

  /** The platform recovers: pending faults are dropped. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Queues an update for getUpdates (or returns it, for a webhook test to post). */
  inject(update: Record<string, unknown>): { update_id: number } {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.updates.push(full);
    for (const wake of this.waiting) wake();
    return full;
  }

  /**
   * A user types `text` in a chat (a command gets its bot_command entity, as Telegram adds), in a
   * forum topic or as a reply to a message. Undefined when privacy mode keeps it from the bot.
   */
  say(chat: { id: number; type?: ChatType; title?: string }, from: FakeUser, text: string, opts: { thread?: number; replyTo?: number } = {}): { update_id: number } | undefined {
    const c = this.chat(chat.id, chat.type, chat.title);
    if (opts.thread) {
      c.isForum = true;
      c.topics.add(opts.thread);
    }
    const replyToBot = opts.replyTo !== undefined && this.botMessages.has(`${chat.id}:${opts.replyTo}`);
    const command = /^\/[A-Za-z0-9_]+(@([A-Za-z0-9_]+))?/.exec(text);
    if (!this.reaches(c, command, replyToBot)) {
      this.unseen.push(text);
      return undefined;
    }
    return this.inject({
      message: {
        message_id: this.nextMessageId++,
        date: now(),
        chat: c.type === 'private' ? { id: c.id, type: c.type, first_name: from.first_name } : this.chatObject(c),
        from: { ...from, is_bot: false },
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        ...(opts.thread ? { message_thread_id: opts.thread, is_topic_message: true } : {}),
        ...(opts.replyTo !== undefined ? { reply_to_message: { message_id: opts.replyTo, date: now(), chat: this.chatObject(c), ...(replyToBot ? { from: BOT } : {}) } } : {}),
      },
    });
  }

  /**
   * Privacy mode (Telegram's Bot FAQ): a bot that is not an admin and does not read all messages
   * gets commands naming it, bare commands when it was the last bot to post (with no bot message
   * yet we let them through: the lone bot of a group), and replies to its messages.
   */
  private reaches(chat: FakeChat, command: RegExpExecArray | null, replyToBot: boolean): boolean {
    if (chat.type !== 'private' && (chat.bot.status === 'left' || chat.bot.status === 'kicked')) return false;
    if (chat.type === 'private' || this.readsAllGroupMessages || chat.bot.status === 'administrator' || replyToBot) return true;
    if (!command) return false;
    if (command[2]) return command[2].toLowerCase() === BOT.username;
    return chat.lastBot === undefined || chat.lastBot === BOT.id;
  }

  /** A user presses an inline button under one of the bot's messages (its sendMessage call). */
  press(message: Call, from: FakeUser, data: string): { update_id: number } {
    const chat = this.chat(Number(message.params.chat_id));
    const id = String(this.nextUpdateId * 7919);
    this.queries.set(id, Date.now());
    const thread = message.params.message_thread_id ? { message_thread_id: Number(message.params.message_thread_id), is_topic_message: true } : {};
    return this.inject({
      callback_query: {
        id,
        from: { ...from, is_bot: false },
        chat_instance: String(chat.id),
        data,
        message: {
          message_id: Number((message.result as { message_id?: number } | undefined)?.message_id ?? 0),
          date: now(),
          chat: this.chatObject(chat),
          text: String(message.params.text ?? ''),
          ...thread,
        },
      },
    });
  }

  /** A user answers a poll (an empty choice takes the answer back), as Telegram reports it. */
  answer(pollId: string, user: FakeUser, optionIds: number[]): { update_id: number } {
    this.openPoll(pollId);
    return this.inject({ poll_answer: { poll_id: pollId, user: { ...user, is_bot: false }, option_ids: optionIds } });
  }

  /** An anonymous admin or a channel answers as its chat: voter_chat is set, user is @Channel_Bot. */
  answerAsChat(pollId: string, chat: { id: number; type: 'channel' | 'supergroup'; title: string }, optionIds: number[]): { update_id: number } {
    this.openPoll(pollId);
    return this.inject({ poll_answer: { poll_id: pollId, voter_chat: chat, user: CHANNEL_BOT, option_ids: optionIds } });
  }

  private openPoll(pollId: string): FakePoll {
    const poll = this.polls.get(pollId);
    if (!poll) throw new Error(`no poll ${pollId}`);
    if (this.isClosed(poll)) throw new Error(`poll ${pollId} is closed: Telegram takes no answers`);
    return poll;
  }

  isClosed(poll: FakePoll): boolean {
    return poll.closed || (poll.closeDate !== undefined && now() >= poll.closeDate);
  }

  /** Successful calls of a method, in order. */
  sent(method: string): Call[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Updates not yet confirmed by the bot (an offset past them). */
  get pendingUpdates(): number {
    return this.updates.filter((u) => u.update_id >= this.confirmedOffset).length;
  }

  /** Waits as `until` does; a timeout also lists the calls the fake received. */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T> {
    return until(probe, what, timeoutMs, { context: () => `calls: ${this.calls.map((c) => `${c.method}:${c.status}`).join(', ')}` });
  }

  // ---- the protocol ------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    let call: Call | undefined;
    try {
      const { params, files } = await readBody(req);
      // Status 0 until answered: a call still in flight has not been carried out.
      call = { method, params, files, status: 0, at: Date.now() };
      this.calls.push(call);
      if (this.token && token !== this.token) throw new ApiError(401, 'Unauthorized');
      if (files.reduce((sum, f) => sum + f.size, 0) > this.maxUploadBytes) throw new ApiError(413, 'Request Entity Too Large');
      const fault = this.faults.find((f) => f.method === method && f.times > 0);
      if (fault) {
        fault.times--;
        if (fault.die) {
          call.status = 499;
          req.socket.destroy();
          await this.goDown();
          return;
        }
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault.html !== undefined) {
          call.status = fault.status;
          res.writeHead(fault.status, { 'content-type': 'text/html' }).end(fault.html);
          return;
        }
        // A caller that hung up while we dawdled (it crashed): its request is never carried out.
        if (req.socket.destroyed) {
          call.status = 499;
          return;
        }
        if (fault.status !== 200)
          throw new ApiError(fault.status, fault.description ?? defaultDescription(fault.status, fault.retryAfter), fault.retryAfter !== undefined ? { retry_after: fault.retryAfter } : undefined);
      }
      const result = await this.method(method, params, files, req);
      if (req.socket.destroyed) {
        call.status = 499;
        return;
      }
      call.status = 200;
      call.result = result;
      send(200, { ok: true, result });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, `Internal Server Error: ${String(err)}`);
      // What the caller saw: nothing, when it had hung up.
      if (call) Object.assign(call, req.socket.destroyed ? { status: 499 } : { status: e.status, description: e.description });
      send(e.status, { ok: false, error_code: e.status, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) });
    }
  }

  private async method(method: string, p: Record<string, unknown>, files: UploadedFile[], req: http.IncomingMessage): Promise<unknown> {
    const chat = p.chat_id === undefined || method === 'getUpdates' ? undefined : this.chat(Number(p.chat_id));
    // Every call to an upgraded group answers with where it went.
    if (chat?.migratedTo) throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
    switch (method) {
      case 'getMe':
        return { ...BOT, can_join_groups: true, can_read_all_group_messages: this.readsAllGroupMessages, supports_inline_queries: false };
      case 'deleteWebhook':
        this.webhookUrl = '';
        return true;
      case 'setWebhook':
        this.webhookUrl = String(p.url ?? '');
        return true;
      case 'answerCallbackQuery': {
        const at = this.queries.get(String(p.callback_query_id ?? ''));
        if (at === undefined || Date.now() - at > this.callbackExpiryMs) throw new ApiError(400, TOO_OLD);
        if (p.text !== undefined && Array.from(String(p.text)).length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        return true;
      }
      case 'setMyCommands': {
        const language = String(p.language_code ?? '');
        // Telegram takes a two-letter ISO 639-1 code or none ("pt", never "pt-BR").
        if (language && !/^[a-z]{2}$/.test(language)) throw new ApiError(400, 'Bad Request: invalid language code specified');
        const list = checkCommands(p.commands);
        if (!language) this.commands.push(p.commands);
        this.menus.set(language, list);
        return true;
      }
      case 'getUpdates':
        return this.getUpdates(p, req);
      case 'sendMessage': {
        this.mayPost(chat, method, p);
        const text = this.text(p.text, p.parse_mode, 4096, 'message is too long', 'message text is empty');
        return this.message(p, { text });
      }
      case 'sendVideo': {
        this.mayPost(chat, method, p);
        const file = this.file(p.video, files, 'video');
        const caption = p.caption === undefined ? undefined : this.text(p.caption, p.parse_mode, 1024, 'message caption is too long');
        const thumb = p.thumbnail === undefined ? undefined : this.file(p.thumbnail, files, 'thumbnail');
        // Only what the bot says: a video sent without its size has none (clients guess, and stretch it).
        const video = {
          file_id: `vid_${file.sha256.slice(0, 12)}`,
          file_unique_id: file.sha256.slice(0, 8),
          width: Number(p.width ?? 0),
          height: Number(p.height ?? 0),
          duration: Number(p.duration ?? 0),
          file_size: file.size,
          ...(thumb ? { thumbnail: { file_id: `th_${thumb.sha256.slice(0, 12)}` } } : {}),
        };
        return this.message(p, { video, ...(caption !== undefined ? { caption } : {}) });
      }
      case 'sendPoll':
        this.mayPost(chat, method, p);
        return this.sendPoll(p);
      case 'stopPoll': {
        if (chat!.type !== 'private') this.isMember(chat!);
        const poll = [...this.polls.values()].find((x) => x.chatId === Number(p.chat_id) && x.messageId === Number(p.message_id));
        if (!poll) throw new ApiError(400, 'Bad Request: message with poll to stop not found');
        if (this.isClosed(poll)) throw new ApiError(400, 'Bad Request: poll has already been closed');
        poll.closed = true;
        return this.pollObject(poll);
      }
      case 'getChat':
        return { ...this.chatObject(chat!), ...(chat!.type !== 'private' ? { permissions: chat!.permissions } : {}) };
      case 'getChatMember': {
        // Telegram only guarantees it for other users where the bot is an administrator.
        if (Number(p.user_id) === BOT.id) return this.botMember(chat!);
        if (chat!.type !== 'private' && chat!.bot.status !== 'administrator') throw new ApiError(400, 'Bad Request: member list is inaccessible');
        return this.member(chat!.id, Number(p.user_id));
      }
      case 'getChatMemberCount':
        // Everyone in the chat, the bot included.
        if (chat!.type !== 'private') this.isMember(chat!);
        return chat!.memberCount ?? (chat!.type === 'private' ? 2 : 1 + [...this.members.keys()].filter((key) => key.startsWith(`${chat!.id}:`)).length);
      case 'getChatAdministrators': {
        // Works for any member; bots are left out of the list.
        if (chat!.type === 'private') throw new ApiError(400, 'Bad Request: there are no administrators in the private chat');
        const admins = [...this.members].filter(([key, status]) => key.startsWith(`${chat!.id}:`) && (status === 'creator' || status === 'administrator'));
        return admins.map(([key]) => this.member(chat!.id, Number(key.split(':')[1])));
      }
      default:
        throw new ApiError(404, 'Not Found: method not found');
    }
  }

  /** Whether the bot may post this in the chat, with Telegram's answers when it may not. */
  private mayPost(chat: FakeChat | undefined, method: string, p: Record<string, unknown>): void {
    if (!chat || chat.type === 'private') return;
    this.isMember(chat);
    const send = SENDS[method]!;
    const rights = chat.bot.status === 'administrator' ? ALL_RIGHTS : chat.bot.status === 'restricted' ? chat.bot.rights! : chat.permissions;
    if (!rights[send.right]) throw new ApiError(400, `Bad Request: not enough rights to send ${send.what} to the chat`);
    if (p.message_thread_id !== undefined && chat.isForum && !chat.topics.has(Number(p.message_thread_id))) throw new ApiError(400, 'Bad Request: message thread not found');
  }

  /** A bot removed from a group is refused there (403). */
  private isMember(chat: FakeChat): void {
    const kind = chat.type === 'group' ? 'group' : 'supergroup';
    if (chat.bot.status === 'kicked') throw new ApiError(403, `Forbidden: bot was kicked from the ${kind} chat`);
    if (chat.bot.status === 'left') throw new ApiError(403, `Forbidden: bot is not a member of the ${kind} chat`);
  }

  private getUpdates(p: Record<string, unknown>, req: http.IncomingMessage): Promise<unknown[]> {
    if (this.webhookUrl) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    // Only one poller per bot: a newer request ends the one that is waiting.
    this.activePoll?.(new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    const offset = Number(p.offset ?? 0);
    if (offset > this.confirmedOffset) this.confirmedOffset = offset;
    const allowed = Array.isArray(p.allowed_updates) ? (p.allowed_updates as string[]) : undefined;
    const limit = Number(p.limit ?? 100);
    const pick = () =>
      this.updates
        .filter((u) => u.update_id >= this.confirmedOffset)
        .filter((u) => !allowed?.length || allowed.some((k) => k in u))
        .slice(0, limit);
    const ready = pick();
    const timeout = Number(p.timeout ?? 0);
    if (ready.length || timeout <= 0 || this.closed) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        if (this.activePoll === terminate) this.activePoll = undefined;
      };
      const wake = () => {
        done();
        resolve(pick());
      };
      const terminate = (err: ApiError) => {
        done();
        reject(err);
      };
      const timer = setTimeout(wake, Math.min(timeout, 5) * 1000);
      this.waiting.add(wake);
      this.activePoll = terminate;
      // A poller that hung up (it stopped) is no longer polling.
      req.socket.once('close', () => {
        if (this.activePoll === terminate) done();
      });
    });
  }

  private sendPoll(p: Record<string, unknown>): unknown {
    const question = String(p.question ?? '');
    if (!question.trim()) throw new ApiError(400, 'Bad Request: poll question must be non-empty');
    if ([...question].length > 300) throw new ApiError(400, 'Bad Request: poll question length must not exceed 300');
    const raw = typeof p.options === 'string' ? (JSON.parse(p.options) as unknown[]) : (p.options as unknown[]);
    if (!Array.isArray(raw)) throw new ApiError(400, 'Bad Request: options must be an array');
    const options = raw.map((o) => (typeof o === 'string' ? o : String((o as { text?: unknown }).text ?? '')));
    if (options.length < 2) throw new ApiError(400, 'Bad Request: poll must have at least 2 option');
    if (options.length > 12) throw new ApiError(400, "Bad Request: poll can't have more than 12 options");
    if (options.some((o) => !o.trim() || [...o].length > 100)) throw new ApiError(400, 'Bad Request: poll options length must not exceed 100');
    // close_date must be 5–600 s ahead (Bot API); the wording of this refusal is ours.
    const closeDate = p.close_date === undefined ? undefined : Number(p.close_date);
    if (closeDate !== undefined && (closeDate - now() < 5 || closeDate - now() > 600)) throw new ApiError(400, 'Bad Request: close_date must be 5-600 seconds in the future');
    const isAnonymous = !(p.is_anonymous === false || p.is_anonymous === 'false');
    const chatId = Number(p.chat_id);
    const messageId = this.nextMessageId++;
    const poll: FakePoll = { id: `poll${this.nextPollId++}`, chatId, messageId, question, options, isAnonymous, closed: false, ...(closeDate !== undefined ? { closeDate } : {}) };
    this.polls.set(poll.id, poll);
    this.posted(chatId, messageId);
    return { message_id: messageId, date: now(), chat: this.chatObject(this.chat(chatId)), ...thread(p), poll: this.pollObject(poll) };
  }

  private pollObject(poll: FakePoll): unknown {
    return {
      id: poll.id,
      question: poll.question,
      options: poll.options.map((text) => ({ text, voter_count: 0 })),
      total_voter_count: 0,
      is_closed: this.isClosed(poll),
      is_anonymous: poll.isAnonymous,
      type: 'regular',
      allows_multiple_answers: false,
      ...(poll.closeDate !== undefined ? { close_date: poll.closeDate } : {}),
    };
  }

  /** The chat, made on first sight: a negative id is a supergroup unless said otherwise. */
  private chat(chatId: number, type?: ChatType, title?: string): FakeChat {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = {
        id: chatId,
        type: type ?? (chatId < 0 ? 'supergroup' : 'private'),
        title: title ?? 'Drama Club',
        permissions: { ...ALL_RIGHTS },
        bot: { status: 'member' },
        isForum: false,
        topics: new Set(),
      };
      this.chats.set(chatId, chat);
    } else if (type && chat.type !== type) {
      chat.type = type;
    }
    return chat;
  }

  private chatObject(chat: FakeChat) {
    return { id: chat.id, type: chat.type, ...(chat.type === 'private' ? { first_name: 'someone' } : { title: chat.title }), ...(chat.isForum ? { is_forum: true } : {}) };
  }

  private botMember(chat: FakeChat): Record<string, unknown> {
    const { status, rights } = chat.bot;
    if (status === 'administrator')
      return {
        status,
        user: BOT,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_restrict_members: false,
        can_promote_members: false,
        can_change_info: false,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_manage_video_chats: false,
      };
    if (status === 'restricted') return { status, user: BOT, is_member: true, until_date: 0, ...rights };
    if (status === 'kicked') return { status, user: BOT, until_date: 0 };
    return { status, user: BOT };
  }

  private member(chatId: number, userId: number): Record<string, unknown> {
    const status = this.members.get(`${chatId}:${userId}`) ?? 'member';
    const user = { id: userId, is_bot: false, first_name: `user${userId}` };
    return status === 'administrator'
      ? { status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true }
      : status === 'creator'
        ? { status, user, is_anonymous: false }
        : { status, user };
  }

  private message(p: Record<string, unknown>, body: Record<string, unknown>): unknown {
    if (p.chat_id === undefined) throw new ApiError(400, 'Bad Request: chat_id is empty');
    const chatId = Number(p.chat_id);
    const messageId = this.nextMessageId++;
    this.posted(chatId, messageId);
    return { message_id: messageId, date: now(), chat: this.chatObject(this.chat(chatId)), from: BOT, ...thread(p), ...body };
  }

  private posted(chatId: number, messageId: number): void {
    this.chat(chatId).lastBot = BOT.id;
    this.botMessages.add(`${chatId}:${messageId}`);
  }

  private text(value: unknown, parseMode: unknown, max: number, tooLong: string, empty?: string): string {
    const text = String(value ?? '');
    if (parseMode === 'HTML') checkHtml(text);
    const visible = parseMode === 'HTML' ? visibleText(text) : text;
    if (empty && !visible.trim()) throw new ApiError(400, `Bad Request: ${empty}`);
    if ([...visible].length > max) throw new ApiError(400, `Bad Request: ${tooLong}`);
    return visible;
  }

  private file(value: unknown, files: UploadedFile[], field: string): UploadedFile {
    if (typeof value !== 'string') throw new ApiError(400, `Bad Request: there is no ${field} in the request`);
    if (!value.startsWith('attach://')) return { field, filename: value, size: 0, sha256: value };
    const part = files.find((f) => f.field === value.slice('attach://'.length));
    if (!part) throw new ApiError(400, `Bad Request: can't find attached file "${value}"`);
    if (part.size === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
    return part;
  }
}

const now = () => Math.floor(Date.now() / 1000);

/** A message sent into a forum topic says so. */
function thread(p: Record<string, unknown>) {
  return p.message_thread_id !== undefined ? { message_thread_id: Number(p.message_thread_id), is_topic_message: true } : {};
}

function defaultDescription(status: number, retryAfter?: number): string {
  if (status === 429) return `Too Many Requests: retry after ${retryAfter ?? 1}`;
  if (status >= 500) return 'Internal Server Error';
  return 'Bad Request';
}

function checkCommands(commands: unknown): { command: string; description: string }[] {
  const list = typeof commands === 'string' ? (JSON.parse(commands) as unknown[]) : commands;
  if (!Array.isArray(list) || list.length > 100) throw new ApiError(400, 'Bad Request: commands must be a list of at most 100');
  for (const c of list as { command?: unknown; description?: unknown }[]) {
    if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || Array.from(c.description).length < 1 || Array.from(c.description).length > 256) {
      throw new ApiError(400, 'Bad Request: command description is invalid');
    }
  }
  return list as { command: string; description: string }[];
}

/** JSON, urlencoded or multipart (with real file parts), as the Bot API accepts. */
async function readBody(req: http.IncomingMessage): Promise<{ params: Record<string, unknown>; files: UploadedFile[] }> {
  const body = await readRequestBody(req);
  if (body.kind === 'multipart') return { params: Object.fromEntries(Object.entries(body.fields).map(([k, v]) => [k, parseValue(v)])), files: body.files };
  if (!body.text) return { params: {}, files: [] };
  if (body.type.includes('application/json')) return { params: JSON.parse(body.text) as Record<string, unknown>, files: [] };
  return { params: Object.fromEntries([...new URLSearchParams(body.text)].map(([k, v]) => [k, parseValue(v)])), files: [] };
}

/** Form fields carry JSON for objects and arrays; plain strings stay strings. */
function parseValue(value: string): unknown {
  if (/^[[{]/.test(value) || value === 'true' || value === 'false') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}
