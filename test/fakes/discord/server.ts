import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody } from '../request-body.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { until } from '../../helpers/wait.js';

/**
 * A protocol-level fake of Discord: the REST routes TailTwist uses (multipart attachments parsed
 * for real) under /api/v10, and a WebSocket gateway (HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats, RESUME, INTERACTION_CREATE). The real discord.js Client reaches it through its
 * `rest.api` option and the gateway URL /gateway/bot returns. It records every call, keeps the
 * messages it was sent, and injects interactions and faults. Where Discord's docs say what it
 * checks (permissions, upload sizes, how a follow-up treats a deferred reply), it checks the same,
 * one rule a line.
 */

export interface Attachment {
  filename: string;
  size: number;
  sha256: string;
}

export interface Call {
  method: string;
  route: string;
  body: Record<string, unknown> | undefined;
  files: Attachment[];
  status: number;
  at: number;
}

export interface StoredMessage {
  id: string;
  /** A deferred reply still showing "thinking…" (callback 5, not edited yet). */
  loading?: boolean;
  channel_id: string;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  attachments: (Attachment & { id: string })[];
  flags: number;
  message_reference?: { message_id: string };
  edits: number;
  nonce?: string;
  /** For replies to interactions: the interaction's token. */
  interactionToken?: string;
}

export interface FakeMember {
  id: string;
  username: string;
  /** The name they chose for themselves across Discord (default: the username). */
  globalName?: string;
  /** Their nickname in this server. */
  nick?: string;
  /** Permission bits as a decimal string, e.g. (1n << 5n).toString() for Manage Server. */
  permissions?: string;
  roles?: string[];
  /** A Nitro subscriber's own upload allowance (e.g. 500 MiB): it raises the interaction's attachment_size_limit. */
  nitroUploadLimit?: number;
  /** The language of the member's Discord app (an interaction's `locale`): 'en-US' unless said. */
  locale?: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  createdAt: number;
  /** The first callback: how and when the interaction was acknowledged. */
  response?: { type: number; data: Record<string, unknown> | undefined; at: number };
  /** The message the reply became (callback 4/5, then edits), and follow-ups. */
  original?: StoredMessage;
  followUps: StoredMessage[];
  autocomplete?: unknown[];
  /** The deferred reply was deleted while still "thinking…". */
  deletedWhileLoading?: boolean;
}

interface Fault {
  match: RegExp;
  /** An HTTP error to answer with. */
  status?: number;
  retryAfter?: number;
  times: number;
  global?: boolean;
  /** Never answer (the connection stays open). */
  hang?: boolean;
  /** Answer this much later (the request still takes effect when answered). */
  delayMs?: number;
  /** Cut the connection: before handling the request, or after (it took effect, the answer is lost). */
  drop?: 'before' | 'after';
  /** Only requests this picks (e.g. uploads). */
  when?: (call: Call) => boolean;
  /** Runs once the fault has struck (e.g. Discord goes down). */
  then?: () => void;
}

const APP_ID = '900000000000000001';
const BOT_ID = APP_ID;
export const GUILD_ID = '910000000000000001';
export const CHANNEL_ID = '920000000000000001';
export const OTHER_CHANNEL_ID = '920000000000000002';
export const MOD_ROLE_ID = '930000000000000001';
/** A role whose members may Manage Server (the guild's admins). */
export const ADMIN_ROLE_ID = '930000000000000002';
export const PERMISSIONS = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageMessages: 1n << 13n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
};
/** The bot's permissions in a channel unless a test says otherwise: what TailTwist's invite asks for. */
export const BOT_PERMISSIONS = PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.embedLinks | PERMISSIONS.attachFiles | PERMISSIONS.readMessageHistory;
export const MiB = 1024 * 1024;

const missingAccess = { status: 403, message: 'Missing Access', code: 50001 };
const missingPermissions = { status: 403, message: 'Missing Permissions', code: 50013 };
const tooLarge = { status: 413, message: 'Request entity too large', code: 40005 };

interface Session {
  ws: WebSocket;
  shard: [number, number];
  seq: number;
  id: string;
  events: { s: number; t: string; d: unknown }[];
  ready: boolean;
}

/** Discord's rule for which shard receives a guild's events. */
const guildShard = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));

export class FakeDiscord {
  readonly calls: Call[] = [];
  /** The server's members as Get Guild Member shows them (their roles give their permissions). */
  readonly members = new Map<string, FakeMember>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Application commands as last registered: global under '', per guild under its id. */
  readonly commands = new Map<string, Record<string, unknown>[]>();
  readonly applicationId = APP_ID;
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<number, Session>();
  private readonly interactionEvents = new Map<string, { channel_id: string; message?: { id: string } }>();
  private nextId = 1n;
  private readonly faults: Fault[] = [];
  identifies = 0;
  resumes = 0;
  /** What /gateway/bot recommends (discord.js follows it with shards: 'auto'). */
  recommendedShards = 1;
  /** The bot token Discord accepts; any other gets 401 (undefined: any token). */
  token: string | undefined;
  /** The server's boost level (0–3), as GUILD_CREATE tells it; setPremiumTier() changes it live. */
  premiumTier = 0;
  /** "The default [upload] limit is 20 MiB for all users" (Uploading Files), per file. */
  defaultUploadLimit = 20 * MiB;
  /** "The maximum request size when sending a message is 25 MiB" (Create Message). */
  requestLimit = 25 * MiB;
  /** While true, REST answers nothing: every request's connection is cut (Discord is down). */
  down = false;
  private readonly botPermissionsIn = new Map<string, bigint>();

  private constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  static async start(opts: { port?: number } = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord();
    await new Promise<void>((resolve) => fake.server.listen(opts.port ?? 0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** For discord.js's `rest.api` (it appends /v10). */
  get api(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.sessions.clear();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- scripting the world -----------------------------------------------------------------

  fail(match: RegExp, fault: Omit<Fault, 'match' | 'times'> & { times?: number }): void {
    this.faults.push({ match, times: 1, ...fault });
  }

  /** The server's per-file upload limit: by boost level (2: 50 MiB, 3: 100 MiB, as the Server Boosting FAQ lists), else the default. */
  get guildUploadLimit(): number {
    return this.premiumTier >= 3 ? 100 * MiB : this.premiumTier === 2 ? 50 * MiB : this.defaultUploadLimit;
  }

  /** How many members the guild has, bots included (Get Guild's approximate_member_count). */
  guildMembers = 31;

  /** The server gains or loses boosts: GUILD_UPDATE tells the bot. */
  setPremiumTier(tier: number): void {
    this.premiumTier = tier;
    const session = this.guildSession();
    if (session) this.dispatch(session, 'GUILD_UPDATE', this.guild());
  }

  /** The bot's permissions in a channel (its roles and the channel's overwrites, computed). */
  setBotPermissions(channelId: string, bits: bigint): void {
    this.botPermissionsIn.set(channelId, bits);
  }

  botPermissions(channelId: string): bigint {
    return this.botPermissionsIn.get(channelId) ?? BOT_PERMISSIONS;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Drops the gateway connection as Discord does for maintenance; the client should resume. */
  disconnect(code = 4000): void {
    this.guildSession()?.ws.close(code, 'fake: reconnect');
  }

  get connected(): boolean {
    const session = this.guildSession();
    return session?.ws.readyState === 1 && session.ready;
  }

  /** A slash command: `path` like ['series', 'new'], options by name. */
  slash(member: FakeMember, path: string[], options: Record<string, string | number | boolean> = {}, channelId = CHANNEL_ID): InteractionRecord {
    const leaf = Object.entries(options).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3, value }));
    const data = path.length === 2 ? { options: [{ name: path[1], type: 1, options: leaf }] } : { options: leaf };
    return this.interact(2, member, { id: '940000000000000001', name: path[0], type: 1, guild_id: GUILD_ID, ...data }, channelId);
  }

  /** A click on a button of a message. */
  click(member: FakeMember, message: StoredMessage, customId: string): InteractionRecord {
    return this.interact(3, member, { custom_id: customId, component_type: 2 }, message.channel_id, message);
  }

  /** Typing in an option that autocompletes. */
  autocomplete(member: FakeMember, path: string[], focused: string, value: string): InteractionRecord {
    const leaf = [{ name: focused, type: 3, value, focused: true }];
    const data = path.length === 2 ? { options: [{ name: path[1], type: 1, options: leaf }] } : { options: leaf };
    return this.interact(4, member, { id: '940000000000000001', name: path[0], type: 1, guild_id: GUILD_ID, ...data }, CHANNEL_ID);
  }

  /** Messages posted in a channel (not interaction replies), oldest first. */
  channelMessages(channelId = CHANNEL_ID): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !m.interactionToken);
  }

  /** Successful calls whose route matches. */
  sent(method: string, route: RegExp): Call[] {
    return this.calls.filter((c) => c.method === method && route.test(c.route) && c.status < 300);
  }

  /** Waits as `until` does; a timeout also lists the calls the fake received. */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T> {
    return until(probe, what, timeoutMs, { context: () => `calls: ${this.calls.map((c) => `${c.method} ${c.route} ${c.status}`).join(', ')}` });
  }

  /** The text a user sees of an interaction's answer (content, or the first embed's description). */
  answerOf(i: InteractionRecord): string | undefined {
    const m = i.original;
    if (!m) return undefined;
    return m.content || String((m.embeds[0] as { description?: string } | undefined)?.description ?? '');
  }

  // ---- gateway -----------------------------------------------------------------------------

  private onSocket(ws: WebSocket): void {
    const send = (payload: unknown) => ws.readyState === 1 && ws.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: 41_250 } });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> | number | null };
      if (msg.op === 1) send({ op: 11 });
      else if (msg.op === 2) {
        this.identifies++;
        const [id, count] = ((msg.d as { shard?: [number, number] }).shard ?? [0, 1]) as [number, number];
        const session: Session = { ws, shard: [id, count], seq: 0, id: `session-${this.identifies}`, events: [], ready: false };
        this.sessions.set(id, session);
        const mine = guildShard(GUILD_ID, count) === id;
        this.dispatch(session, 'READY', {
          v: 10,
          user: { id: BOT_ID, username: 'TailTwist', discriminator: '0', global_name: 'TailTwist', avatar: null, bot: true, flags: 0 },
          guilds: mine ? [{ id: GUILD_ID, unavailable: true }] : [],
          session_id: session.id,
          resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
          application: { id: APP_ID, flags: 0 },
          shard: [id, count],
          private_channels: [],
        });
        if (mine) this.dispatch(session, 'GUILD_CREATE', this.guild());
        session.ready = true;
      } else if (msg.op === 6) {
        const d = msg.d as { session_id: string; seq: number };
        const session = [...this.sessions.values()].find((x) => x.id === d.session_id);
        if (!session) {
          send({ op: 9, d: false });
          return;
        }
        this.resumes++;
        session.ws = ws;
        for (const e of session.events.filter((x) => x.s > d.seq)) send({ op: 0, ...e });
        this.dispatch(session, 'RESUMED', {});
        session.ready = true;
      }
    });
    ws.on('close', () => {
      for (const session of this.sessions.values()) if (session.ws === ws) session.ready = false;
    });
  }

  /** The shards the client identified as: [id, count] each. */
  get shards(): [number, number][] {
    return [...this.sessions.values()].map((x) => x.shard);
  }

  private dispatch(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.events.push({ s, t, d });
    if (session.ws.readyState === 1) session.ws.send(JSON.stringify({ op: 0, t, s, d }));
  }

  /** The session of the shard our guild lives on. */
  private guildSession(): Session | undefined {
    return [...this.sessions.values()].find((x) => guildShard(GUILD_ID, x.shard[1]) === x.shard[0]);
  }

  private guild() {
    const role = (id: string, name: string, permissions: string, position: number) => ({ id, name, permissions, position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 });
    const channel = (id: string, name: string, position: number) => ({ id, name, type: 0, guild_id: GUILD_ID, position, permission_overwrites: [], parent_id: null });
    return {
      id: GUILD_ID,
      name: 'Drama Club',
      icon: null,
      owner_id: '1',
      unavailable: false,
      member_count: 30,
      large: false,
      features: [],
      roles: [
        role(GUILD_ID, '@everyone', String(PERMISSIONS.viewChannel | PERMISSIONS.sendMessages), 0),
        role(MOD_ROLE_ID, 'Story Mods', '0', 1),
        role(ADMIN_ROLE_ID, 'Admins', String(PERMISSIONS.manageGuild), 2),
      ],
      channels: [channel(CHANNEL_ID, 'drama', 0), channel(OTHER_CHANNEL_ID, 'drama-2', 1)],
      threads: [],
      members: [],
      emojis: [],
      stickers: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: this.premiumTier,
      preferred_locale: 'en-US',
      joined_at: new Date(0).toISOString(),
    };
  }

  private snowflake(): string {
    // Real snowflakes carry a time; ours only need to be unique and increasing.
    return ((BigInt(Date.now() - 1420070400000) << 22n) + this.nextId++).toString();
  }

  private interact(type: number, member: FakeMember, data: Record<string, unknown>, channelId: string, message?: StoredMessage): InteractionRecord {
    const id = this.snowflake();
    const token = `itoken-${id}`;
    const record: InteractionRecord = { id, token, type, createdAt: Date.now(), followUps: [] };
    this.interactions.set(token, record);
    const permissions = member.permissions ?? String(PERMISSIONS.viewChannel | PERMISSIONS.sendMessages);
    const session = this.guildSession();
    if (!session) throw new Error('fake discord: no gateway session carries the guild');
    this.interactionEvents.set(id, { channel_id: channelId, ...(message ? { message: { id: message.id } } : {}) });
    this.dispatch(session, 'INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type,
      data,
      guild_id: GUILD_ID,
      guild: { id: GUILD_ID, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: GUILD_ID, name: 'drama' },
      member: {
        user: { id: member.id, username: member.username, discriminator: '0', global_name: member.globalName ?? member.username, avatar: null },
        nick: member.nick ?? null,
        roles: member.roles ?? [],
        permissions,
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      token,
      version: 1,
      app_permissions: String(this.botPermissions(channelId)),
      locale: member.locale ?? 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      context: 0,
      // "calculated as the maximum of" the server's limit and the user's Nitro (Uploading Files).
      attachment_size_limit: Math.max(this.guildUploadLimit, member.nitroUploadLimit ?? 0),
      ...(message ? { message: this.messageObject(message) } : {}),
    });
    return record;
  }

  // ---- REST --------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const route = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    const method = req.method ?? 'GET';
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      if (body === undefined) {
        res.writeHead(status, headers).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.down) return void req.socket.destroy();
    let call: Call | undefined;
    try {
      const { body, files } = await readBody(req);
      call = { method, route, body, files, status: 200, at: Date.now() };
      this.calls.push(call);
      // Interaction callbacks and webhooks carry their token in the URL; everything else needs the bot's.
      if (this.token && !/^\/(interactions|webhooks)\//.test(route) && req.headers.authorization !== `Bot ${this.token}`) {
        call.status = 401;
        return send(401, { message: '401: Unauthorized', code: 0 });
      }
      const fault = this.faults.find((f) => f.times > 0 && f.match.test(`${method} ${route}`) && (f.when?.(call!) ?? true));
      if (fault) fault.times--;
      fault?.then?.(); // e.g. Discord goes down: later requests see it, this one runs its course
      if (fault?.hang) {
        call.status = 0;
        return;
      }
      if (fault?.delayMs) {
        call.status = 0; // in flight
        await new Promise((r) => setTimeout(r, fault.delayMs));
        call.status = 200;
      }
      if (fault?.drop === 'before') {
        call.status = 0;
        return void req.socket.destroy();
      }
      if (fault?.status) {
        call.status = fault.status;
        if (fault.status === 429) {
          const after = fault.retryAfter ?? 0.2;
          return send(
            429,
            { message: 'You are being rate limited.', retry_after: after, global: fault.global ?? false },
            {
              'retry-after': String(Math.ceil(after)),
              'x-ratelimit-limit': '5',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset-after': String(after),
              'x-ratelimit-bucket': 'fake-bucket',
              ...(fault.global ? { 'x-ratelimit-global': 'true' } : { 'x-ratelimit-scope': 'user' }),
            },
          );
        }
        return send(fault.status, { message: 'Internal Server Error', code: 0 });
      }
      const result = this.route(method, route, body ?? {}, files, url.searchParams);
      call.status = result.status;
      if (fault?.drop === 'after') {
        call.status = 0;
        return void req.socket.destroy();
      }
      send(result.status, result.body);
    } catch (err) {
      const e = err as { status?: number; message?: string; code?: number };
      if (call) call.status = e.status ?? 500;
      send(e.status ?? 500, { message: e.message ?? String(err), code: e.code ?? 0 });
    }
  }

  private route(method: string, route: string, body: Record<string, unknown>, files: Attachment[], query = new URLSearchParams()): { status: number; body?: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'GET' && route === '/gateway/bot') {
      return {
        status: 200,
        body: { url: `ws://127.0.0.1:${this.port}/gateway`, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 } },
      };
    }
    if (method === 'GET' && route === '/users/@me') return { status: 200, body: { id: BOT_ID, username: 'TailTwist', discriminator: '0', bot: true } };
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(route)) && method === 'PUT') {
      if (m[1] !== APP_ID) throw { status: 404, message: 'Unknown Application', code: 10002 };
      const list = body as unknown as Record<string, unknown>[];
      checkCommands(list);
      const stored = list.map((c) => ({ ...c, id: this.snowflake(), application_id: APP_ID, version: '1' }));
      this.commands.set(m[2] ?? '', stored);
      return { status: 200, body: stored };
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(route)) && method === 'POST') {
      const rec = this.interactions.get(m[2]!);
      if (!rec || rec.id !== m[1]) throw { status: 404, message: 'Unknown interaction', code: 10062 };
      if (rec.response) throw { status: 400, message: 'Interaction has already been acknowledged.', code: 40060 };
      if (Date.now() - rec.createdAt > 3000) throw { status: 404, message: 'Unknown interaction', code: 10062 };
      const type = Number(body.type);
      const data = body.data as Record<string, unknown> | undefined;
      rec.response = { type, data, at: Date.now() };
      if (type === 8) rec.autocomplete = (data?.choices as unknown[]) ?? [];
      else if (type === 4 || type === 5) rec.original = this.store(this.interactionChannel(rec), data ?? {}, files, rec.token, type === 4);
      if (type === 5) rec.original!.loading = true;
      else if (type === 7 || type === 6) {
        // Updates the message the button was on.
        const target = this.interactionMessage(rec);
        if (target && type === 7) this.edit(target, data ?? {});
      }
      return { status: 204 };
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(route))) {
      const rec = this.interactions.get(m[2]!);
      if (!rec?.original) throw { status: 404, message: 'Unknown Message', code: 10008 };
      if (method === 'PATCH') return { status: 200, body: this.messageObject(this.edit(rec.original, body, files)) };
      if (method === 'DELETE') {
        this.messages.delete(rec.original.id);
        rec.deletedWhileLoading = rec.original.loading;
        rec.original = undefined;
        return { status: 204 };
      }
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(route)) && method === 'POST') {
      const rec = this.interactions.get(m[2]!);
      if (!rec) throw { status: 404, message: 'Unknown Webhook', code: 10015 };
      // Create Followup Message: right after a deferred reply it edits the "thinking…" message instead,
      // and "the ephemeral flag will be ignored". Once that message is deleted, Discord answers 10008.
      if (rec.original?.loading) return { status: 200, body: this.messageObject(this.edit(rec.original, { ...body, flags: undefined }, files)) };
      if (rec.deletedWhileLoading) throw { status: 404, message: 'Unknown Message', code: 10008 };
      const msg = this.store(this.interactionChannel(rec), body, files, rec.token);
      rec.followUps.push(msg);
      return { status: 200, body: this.messageObject(msg) };
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(route)) && method === 'POST') {
      if (![CHANNEL_ID, OTHER_CHANNEL_ID].includes(m[1]!)) throw { status: 404, message: 'Unknown Channel', code: 10003 };
      if (body.nonce !== undefined && String(body.nonce).length > 25) throw { status: 400, message: 'Invalid Form Body: nonce: Must be 25 or fewer in length.', code: 50035 };
      const same = body.enforce_nonce && body.nonce !== undefined ? [...this.messages.values()].find((x) => x.nonce === String(body.nonce) && x.channel_id === m![1]) : undefined;
      if (same) return { status: 200, body: this.messageObject(same) };
      const mayEmbed = this.mayPost(m[1]!, body, files);
      return { status: 200, body: this.messageObject(this.store(m[1]!, mayEmbed ? body : { ...body, embeds: undefined }, files)) };
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(route))) {
      const msg = this.messages.get(m[2]!);
      if (!msg || msg.channel_id !== m[1]) throw { status: 404, message: 'Unknown Message', code: 10008 };
      if (method === 'PATCH') {
        const mayEmbed = this.mayPost(m[1]!, body, files);
        return { status: 200, body: this.messageObject(this.edit(msg, mayEmbed ? body : { ...body, embeds: undefined }, files)) };
      }
      if (method === 'GET') return { status: 200, body: this.messageObject(msg) };
    }
    if ((m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(route)) && method === 'GET') {
      const member = m[1] === GUILD_ID ? this.members.get(m[2]!) : undefined;
      if (!member) throw { status: 404, message: 'Unknown Member', code: 10007 };
      return {
        status: 200,
        body: {
          user: { id: member.id, username: member.username, discriminator: '0', global_name: member.username, avatar: null },
          roles: member.roles ?? [],
          joined_at: new Date(0).toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
      };
    }
    if ((m = /^\/guilds\/(\d+)$/.exec(route)) && method === 'GET') {
      // Get Guild: the approximate counts only when asked (with_counts=true), as Discord does.
      if (m[1] !== GUILD_ID) throw { status: 404, message: 'Unknown Guild', code: 10004 };
      const { roles: _roles, channels: _channels, ...guild } = this.guild() as Record<string, unknown>;
      const counts = query.get('with_counts') === 'true' ? { approximate_member_count: this.guildMembers, approximate_presence_count: Math.ceil(this.guildMembers / 3) } : {};
      return { status: 200, body: { ...guild, ...counts } };
    }
    if ((m = /^\/channels\/(\d+)$/.exec(route)) && method === 'GET') {
      return { status: 200, body: { id: m[1], type: 0, guild_id: GUILD_ID, name: 'drama' } };
    }
    throw { status: 404, message: `404: Not Found (${method} ${route})`, code: 0 };
  }

  /**
   * What Create Message asks of the bot in a guild channel (and, as Discord answers in practice, an
   * edit too). Returns whether embeds may go: without Embed Links they are dropped, not refused.
   */
  private mayPost(channelId: string, body: Record<string, unknown>, files: Attachment[]): boolean {
    const perms = this.botPermissions(channelId);
    const has = (bit: bigint) => (perms & PERMISSIONS.administrator) !== 0n || (perms & bit) === bit;
    if (!has(PERMISSIONS.viewChannel)) throw missingAccess;
    if (!has(PERMISSIONS.sendMessages)) throw missingPermissions;
    if (files.length && !has(PERMISSIONS.attachFiles)) throw missingPermissions;
    if (body.message_reference && !has(PERMISSIONS.readMessageHistory)) throw missingPermissions;
    return has(PERMISSIONS.embedLinks);
  }

  /** The upload limits of Uploading Files and Create Message: per file, and per request. */
  private checkSize(body: Record<string, unknown>, files: Attachment[]): void {
    if (files.some((f) => f.size > this.guildUploadLimit)) throw tooLarge;
    if (files.reduce((n, f) => n + f.size, JSON.stringify(body).length) > this.requestLimit) throw tooLarge;
  }

  private interactionChannel(rec: InteractionRecord): string {
    return this.interactionEvents.get(rec.id)?.channel_id ?? CHANNEL_ID;
  }

  private interactionMessage(rec: InteractionRecord): StoredMessage | undefined {
    const id = this.interactionEvents.get(rec.id)?.message?.id;
    return id ? this.messages.get(id) : undefined;
  }

  private store(channelId: string, body: Record<string, unknown>, files: Attachment[], interactionToken?: string, check = true): StoredMessage {
    this.checkSize(body, files);
    if (check) checkMessage(body, files);
    const msg: StoredMessage = {
      id: this.snowflake(),
      channel_id: channelId,
      content: String(body.content ?? ''),
      embeds: (body.embeds as Record<string, unknown>[]) ?? [],
      components: (body.components as Record<string, unknown>[]) ?? [],
      attachments: files.map((f) => ({ ...f, id: this.snowflake() })),
      flags: Number(body.flags ?? 0),
      ...(body.message_reference ? { message_reference: body.message_reference as { message_id: string } } : {}),
      edits: 0,
      ...(body.nonce !== undefined ? { nonce: String(body.nonce) } : {}),
      ...(interactionToken ? { interactionToken } : {}),
    };
    this.messages.set(msg.id, msg);
    return msg;
  }

  private edit(msg: StoredMessage, body: Record<string, unknown>, files: Attachment[] = []): StoredMessage {
    this.checkSize(body, files);
    const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    checkMessage({ ...msg, ...defined }, files);
    msg.loading = false;
    if (body.content !== undefined) msg.content = String(body.content ?? '');
    if (body.embeds !== undefined) msg.embeds = body.embeds as Record<string, unknown>[];
    if (body.components !== undefined) msg.components = body.components as Record<string, unknown>[];
    if (files.length) msg.attachments.push(...files.map((f) => ({ ...f, id: this.snowflake() })));
    msg.edits++;
    return msg;
  }

  private messageObject(msg: StoredMessage): Record<string, unknown> {
    return {
      id: msg.id,
      channel_id: msg.channel_id,
      guild_id: GUILD_ID,
      author: { id: BOT_ID, username: 'TailTwist', discriminator: '0', bot: true, avatar: null },
      content: msg.content,
      embeds: msg.embeds,
      components: msg.components,
      attachments: msg.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, url: `https://cdn.fake/${a.id}/${a.filename}`, proxy_url: `https://cdn.fake/${a.id}/${a.filename}` })),
      flags: msg.flags,
      timestamp: new Date().toISOString(),
      edited_timestamp: msg.edits ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      type: msg.message_reference ? 19 : 0,
    };
  }
}

/** Discord's own checks that matter to us: lengths, components, not empty. */
function checkMessage(body: Record<string, unknown>, files: Attachment[]): void {
  const bad = (message: string) => ({ status: 400, message: `Invalid Form Body: ${message}`, code: 50035 });
  if (String(body.content ?? '').length > 2000) throw bad('content: Must be 2000 or fewer in length.');
  const embeds = (body.embeds as { title?: string; description?: string; fields?: { name: string; value: string }[] }[] | undefined) ?? [];
  if (embeds.length > 10) throw bad('embeds: Must be 10 or fewer in length.');
  for (const e of embeds) {
    if ((e.title ?? '').length > 256) throw bad('embeds.0.title: Must be 256 or fewer in length.');
    if ((e.description ?? '').length > 4096) throw bad('embeds.0.description: Must be 4096 or fewer in length.');
    for (const f of e.fields ?? []) if (f.name.length > 256 || f.value.length > 1024 || !f.value) throw bad('embeds.0.fields: invalid field');
  }
  const rows = (body.components as { type: number; components: { custom_id?: string; label?: string }[] }[] | undefined) ?? [];
  if (rows.length > 5) throw bad('components: Must be 5 or fewer in length.');
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.type !== 1 || row.components.length > 5 || row.components.length < 1) throw bad('components: an action row holds 1 to 5 buttons');
    for (const c of row.components) {
      if (c.custom_id !== undefined && (c.custom_id.length > 100 || ids.has(c.custom_id))) throw bad('components: custom_id must be unique and at most 100 characters');
      if (c.custom_id) ids.add(c.custom_id);
      if ((c.label ?? '').length > 80) throw bad('components: label must be 80 or fewer in length');
    }
  }
  if (!body.content && !embeds.length && !files.length && !(body as { attachments?: unknown[] }).attachments?.length && body.flags === undefined && !rows.length) {
    throw { status: 400, message: 'Cannot send an empty message', code: 50006 };
  }
}

/** Discord's locales (https://discord.com/developers/docs/reference#locales): a localization under any other key is refused. */
const DISCORD_LOCALES = new Set([
  'id',
  'da',
  'de',
  'en-GB',
  'en-US',
  'es-ES',
  'es-419',
  'fr',
  'hr',
  'it',
  'lt',
  'hu',
  'nl',
  'no',
  'pl',
  'pt-BR',
  'ro',
  'fi',
  'sv-SE',
  'vi',
  'tr',
  'cs',
  'el',
  'bg',
  'ru',
  'uk',
  'hi',
  'th',
  'zh-CN',
  'ja',
  'zh-TW',
  'ko',
]);

function checkCommands(list: Record<string, unknown>[]): void {
  const bad = (message: string) => ({ status: 400, message: `Invalid Form Body: ${message}`, code: 50035 });
  if (!Array.isArray(list) || list.length > 100) throw bad('commands: at most 100');
  // Command and option names, in any locale: letters and digits of any script (Devanagari and Thai
  // with their marks), '-', '_' and the apostrophe, lower case where the script has case.
  const name = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
  const validName = (n: unknown) => name.test(String(n)) && String(n) === String(n).toLowerCase();
  const chars = (text: unknown) => Array.from(String(text ?? '')).length;
  const localizations = (map: unknown, what: string, ok: (value: unknown) => boolean) => {
    if (map === undefined || map === null) return;
    if (typeof map !== 'object') throw bad(`${what}: must be an object`);
    for (const [locale, value] of Object.entries(map)) {
      if (!DISCORD_LOCALES.has(locale)) throw bad(`${what}.${locale}: Invalid locale`);
      if (!ok(value)) throw bad(`${what}.${locale}: invalid value`);
    }
  };
  const description = (value: unknown) => chars(value) >= 1 && chars(value) <= 100;
  const named = (o: Record<string, unknown>, what: string) => {
    localizations(o.name_localizations, `${what}.name_localizations`, validName);
    localizations(o.description_localizations, `${what}.description_localizations`, description);
  };
  // Siblings are told apart by name in every locale: no two share a name (the English one where a
  // sibling has none in that locale), and no localized name is another sibling's English one.
  const distinct = (siblings: Record<string, unknown>[], what: string) => {
    const english = siblings.map((s) => String(s.name));
    if (new Set(english).size !== english.length) throw bad(`${what}: names must be unique`);
    for (const locale of DISCORD_LOCALES) {
      const shown = siblings.map((s) => (s.name_localizations as Record<string, string> | null | undefined)?.[locale] ?? String(s.name));
      if (new Set(shown).size !== shown.length) throw bad(`${what}.name_localizations.${locale}: names must be unique`);
      if (shown.some((n, i) => n !== english[i] && english.includes(n))) throw bad(`${what}.name_localizations.${locale}: a name is another's English name`);
    }
  };
  const walk = (options: Record<string, unknown>[] | undefined, depth: number) => {
    if ((options?.length ?? 0) > 25) throw bad('options: at most 25');
    distinct(options ?? [], 'options');
    let optionalSeen = false;
    for (const o of options ?? []) {
      if (!validName(o.name)) throw bad(`options.name: ${String(o.name)}`);
      if (!description(o.description)) throw bad(`options.description of ${String(o.name)}: 1 to 100 characters`);
      named(o, `options.${String(o.name)}`);
      const type = Number(o.type);
      if (type === 1 || type === 2) {
        if (depth > 1) throw bad('subcommands nest at most two deep');
        walk(o.options as Record<string, unknown>[] | undefined, depth + 1);
        continue;
      }
      if (o.required) {
        if (optionalSeen) throw bad('options: required options must come before optional ones');
      } else optionalSeen = true;
      if (o.autocomplete && o.choices) throw bad('options: autocomplete and choices cannot both be set');
      if ((o.choices as unknown[] | undefined)?.length !== undefined && (o.choices as unknown[]).length > 25) throw bad('choices: at most 25');
      for (const choice of (o.choices as Record<string, unknown>[] | undefined) ?? []) {
        if (!description(choice.name)) throw bad(`choices.name of ${String(o.name)}: 1 to 100 characters`);
        localizations(choice.name_localizations, `choices.${String(choice.name)}.name_localizations`, description);
      }
    }
  };
  distinct(list, 'commands');
  for (const c of list) {
    if (!validName(c.name)) throw bad(`name: ${String(c.name)}`);
    if (!description(c.description)) throw bad(`description of ${String(c.name)}: 1 to 100 characters`);
    named(c, String(c.name));
    walk(c.options as Record<string, unknown>[] | undefined, 0);
  }
}

/** JSON or multipart (payload_json plus files[n]), as discord.js sends them. */
async function readBody(req: http.IncomingMessage): Promise<{ body: Record<string, unknown> | undefined; files: Attachment[] }> {
  const body = await readRequestBody(req);
  if (body.kind === 'multipart') {
    const json = body.fields.payload_json;
    return { body: json ? (JSON.parse(json) as Record<string, unknown>) : undefined, files: body.files.map(({ filename, size, sha256 }) => ({ filename, size, sha256 })) };
  }
  return { body: body.text ? (JSON.parse(body.text) as Record<string, unknown>) : undefined, files: [] };
}
