import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody, type FilePart } from '../request-body.js';

/**
 * A protocol-level fake of the Telegram Bot API: the real grammY client reaches it through
 * `client.apiRoot`. It answers the methods TailTwist uses the way Telegram does (including its
 * limits and error shapes), parses multipart uploads for real, long-polls getUpdates by offset,
 * records every call, and can inject updates and faults.
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
}

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
}

export interface FakePoll {
  id: string;
  chatId: number;
  messageId: number;
  question: string;
  options: string[];
  isAnonymous: boolean;
  closed: boolean;
}

type ChatType = 'private' | 'group' | 'supergroup';

const BOT: FakeUser & { is_bot: true } = { id: 777000111, is_bot: true, first_name: 'TailTwist', username: 'tailtwist_bot' };
const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'blockquote', 'span']);

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly retryAfter?: number,
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
  readonly commands: unknown[] = [];
  token = '';
  private readonly server: http.Server;
  private readonly updates: { update_id: number; [k: string]: unknown }[] = [];
  private nextUpdateId = 1000;
  private confirmedOffset = 0;
  private nextMessageId = 1;
  private nextPollId = 1;
  private readonly waiting = new Set<() => void>();
  private readonly faults: Fault[] = [];
  private readonly members = new Map<string, string>();
  private readonly chatTypes = new Map<number, ChatType>();
  private closed = false;

  private constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(): Promise<FakeTelegram> {
    const fake = new FakeTelegram();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** For grammY's `client.apiRoot` (no trailing slash). */
  get apiRoot(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get bot(): FakeUser {
    return BOT;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- scripting the world -----------------------------------------------------------------

  /** A chat member's status: creator, administrator, member, left… (default: member). */
  setMember(chatId: number, userId: number, status: string): void {
    this.members.set(`${chatId}:${userId}`, status);
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

  /** A user types `text` in a chat (a command gets its bot_command entity, as Telegram adds). */
  say(chat: { id: number; type?: ChatType; title?: string }, from: FakeUser, text: string): { update_id: number } {
    const type = chat.type ?? (chat.id < 0 ? 'supergroup' : 'private');
    this.chatTypes.set(chat.id, type);
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    return this.inject({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chat.id, type, ...(type === 'private' ? { first_name: from.first_name } : { title: chat.title ?? 'Drama Club' }) },
        from: { ...from, is_bot: false },
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      },
    });
  }

  /** A user presses an inline button under one of the bot's messages (its sendMessage call). */
  press(message: Call, from: FakeUser, data: string): { update_id: number } {
    const chatId = Number(message.params.chat_id);
    const type = this.chatTypes.get(chatId) ?? (chatId < 0 ? 'supergroup' : 'private');
    return this.inject({
      callback_query: {
        id: String(this.nextUpdateId * 7919),
        from: { ...from, is_bot: false },
        chat_instance: String(chatId),
        data,
        message: { message_id: Number((message.result as { message_id?: number } | undefined)?.message_id ?? 0), date: Math.floor(Date.now() / 1000), chat: { id: chatId, type, title: 'Drama Club' }, text: String(message.params.text ?? '') },
      },
    });
  }

  /** A user answers a poll (an empty choice takes the answer back), as Telegram reports it. */
  answer(pollId: string, user: FakeUser, optionIds: number[]): { update_id: number } {
    return this.inject({ poll_answer: { poll_id: pollId, user: { ...user, is_bot: false }, option_ids: optionIds } });
  }

  /** Successful calls of a method, in order. */
  sent(method: string): Call[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Updates not yet confirmed by the bot (an offset past them). */
  get pendingUpdates(): number {
    return this.updates.filter((u) => u.update_id >= this.confirmedOffset).length;
  }

  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; calls: ${this.calls.map((c) => `${c.method}:${c.status}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
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
      const fault = this.faults.find((f) => f.method === method && f.times > 0);
      if (fault) {
        fault.times--;
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        // A caller that hung up while we dawdled (it crashed): its request is never carried out.
        if (req.socket.destroyed) {
          call.status = 499;
          return;
        }
        if (fault.status !== 200) throw new ApiError(fault.status, fault.description ?? defaultDescription(fault.status, fault.retryAfter), fault.retryAfter);
      }
      const result = await this.method(method, params, files);
      call.status = 200;
      call.result = result;
      send(200, { ok: true, result });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, `Internal Server Error: ${String(err)}`);
      if (call) call.status = e.status;
      send(e.status, {
        ok: false,
        error_code: e.status,
        description: e.description,
        ...(e.retryAfter !== undefined ? { parameters: { retry_after: e.retryAfter } } : {}),
      });
    }
  }

  private async method(method: string, p: Record<string, unknown>, files: UploadedFile[]): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { ...BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'deleteWebhook':
      case 'setWebhook':
        return true;
      case 'answerCallbackQuery':
        if (!p.callback_query_id) throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        if (p.text !== undefined && Array.from(String(p.text)).length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        return true;
      case 'setMyCommands':
        this.commands.push(p.commands);
        checkCommands(p.commands);
        return true;
      case 'getUpdates':
        return this.getUpdates(p);
      case 'sendMessage': {
        const text = this.text(p.text, p.parse_mode, 4096, 'message is too long', 'message text is empty');
        return this.message(p, { text });
      }
      case 'sendVideo':
      case 'sendPhoto': {
        const field = method === 'sendVideo' ? 'video' : 'photo';
        const file = this.file(p[field], files, field);
        const caption = p.caption === undefined ? undefined : this.text(p.caption, p.parse_mode, 1024, 'message caption is too long');
        const thumb = p.thumbnail === undefined ? undefined : this.file(p.thumbnail, files, 'thumbnail');
        const media =
          method === 'sendVideo'
            ? { video: { file_id: `vid_${file.sha256.slice(0, 12)}`, file_unique_id: file.sha256.slice(0, 8), width: Number(p.width ?? 720), height: Number(p.height ?? 1280), duration: Number(p.duration ?? 0), file_size: file.size, ...(thumb ? { thumbnail: { file_id: `th_${thumb.sha256.slice(0, 12)}` } } : {}) } }
            : { photo: [{ file_id: `ph_${file.sha256.slice(0, 12)}`, file_unique_id: file.sha256.slice(0, 8), width: 720, height: 1280, file_size: file.size }] };
        return this.message(p, { ...media, ...(caption !== undefined ? { caption } : {}) });
      }
      case 'sendPoll':
        return this.sendPoll(p);
      case 'stopPoll': {
        const poll = [...this.polls.values()].find((x) => x.chatId === Number(p.chat_id) && x.messageId === Number(p.message_id));
        if (!poll) throw new ApiError(400, 'Bad Request: message with poll to stop not found');
        if (poll.closed) throw new ApiError(400, 'Bad Request: poll has already been closed');
        poll.closed = true;
        return this.pollObject(poll);
      }
      case 'getChatMember': {
        const status = this.members.get(`${Number(p.chat_id)}:${Number(p.user_id)}`) ?? 'member';
        return { status, user: { id: Number(p.user_id), is_bot: false, first_name: `user${p.user_id}` } };
      }
      default:
        throw new ApiError(404, 'Not Found: method not found');
    }
  }

  private getUpdates(p: Record<string, unknown>): Promise<unknown[]> {
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
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve(pick());
      };
      const timer = setTimeout(wake, Math.min(timeout, 5) * 1000);
      this.waiting.add(wake);
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
    if (options.length > 12) throw new ApiError(400, 'Bad Request: poll can\'t have more than 12 options');
    if (options.some((o) => !o.trim() || [...o].length > 100)) throw new ApiError(400, 'Bad Request: poll options length must not exceed 100');
    const isAnonymous = !(p.is_anonymous === false || p.is_anonymous === 'false');
    const chatId = Number(p.chat_id);
    const messageId = this.nextMessageId++;
    const poll: FakePoll = { id: `poll${this.nextPollId++}`, chatId, messageId, question, options, isAnonymous, closed: false };
    this.polls.set(poll.id, poll);
    return { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: this.chat(chatId), poll: this.pollObject(poll) };
  }

  private pollObject(poll: FakePoll): unknown {
    return {
      id: poll.id,
      question: poll.question,
      options: poll.options.map((text) => ({ text, voter_count: 0 })),
      total_voter_count: 0,
      is_closed: poll.closed,
      is_anonymous: poll.isAnonymous,
      type: 'regular',
      allows_multiple_answers: false,
    };
  }

  private chat(chatId: number) {
    const type = this.chatTypes.get(chatId) ?? (chatId < 0 ? 'supergroup' : 'private');
    return { id: chatId, type, ...(type === 'private' ? { first_name: 'someone' } : { title: 'Drama Club' }) };
  }

  private message(p: Record<string, unknown>, body: Record<string, unknown>): unknown {
    if (p.chat_id === undefined) throw new ApiError(400, 'Bad Request: chat_id is empty');
    const chatId = Number(p.chat_id);
    return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: this.chat(chatId), from: BOT, ...body };
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

function defaultDescription(status: number, retryAfter?: number): string {
  if (status === 429) return `Too Many Requests: retry after ${retryAfter ?? 1}`;
  if (status >= 500) return 'Internal Server Error';
  return 'Bad Request';
}

function checkCommands(commands: unknown): void {
  const list = typeof commands === 'string' ? (JSON.parse(commands) as unknown[]) : commands;
  if (!Array.isArray(list) || list.length > 100) throw new ApiError(400, 'Bad Request: commands must be a list of at most 100');
  for (const c of list as { command?: unknown; description?: unknown }[]) {
    if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw new ApiError(400, 'Bad Request: command description is invalid');
  }
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
