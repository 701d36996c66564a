import {
  ButtonStyle,
  Client,
  DiscordAPIError,
  RESTJSONErrorCodes,
  ComponentType,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type REST,
} from 'discord.js';
import { commands as allCommands } from '../../../commands/index.js';
import type { App } from '../../app.js';
import type { DiscordSettings } from '../../config.js';
import type { Args, Reply, ReplyAction } from '../../core/commands.js';
import { isUserError } from '../../core/errors.js';
import type { Logger, Place } from '../../core/ports.js';
import { formatDuration } from '../../core/duration.js';
import { loggable, startFailure } from './errors.js';
import { serverUploadLimit } from './limits.js';
import { canPost, missingNote } from './permissions.js';
import { DiscordPublisher } from './publisher.js';
import { REST_LIMITS, discordRest, restOptions, type RestLimits } from './rest.js';
import { menuMentions, slashCommands } from './slash-commands.js';
import { LiveTallies } from './tally.js';
import { clip, rtlLine } from '../../core/text.js';
import type { ChatAdapter, ChatPlatform } from '../chat-adapter.js';
import { commandId, parseButton, relativeTime, splitContent } from './views.js';
import { BoundedMap } from '../../core/bounded-map.js';
import { t } from '../../i18n/i18n.js';

export interface DiscordOptions {
  /** Answer at once if the work is done by then; otherwise defer and edit (Discord allows 3 s). 0: always defer. */
  ackAfterMs?: number;
  /** The public tally on an episode message is edited at most this often. */
  tallyEveryMs?: number;
  /** The studio's public address, for links to episodes posted without their video. */
  studioUrl?: string;
  /** One start() gives up after this long: the supervisor tries again later. */
  startTimeoutMs?: number;
  /** stop() waits on discord.js at most this long. */
  stopWithinMs?: number;
  /** Time limits and retries of every REST call (the gateway client's and the publisher's). */
  rest?: Partial<RestLimits>;
  /** A note to a channel (Publisher.notify) gives up after this long. */
  notifyTimeoutMs?: number;
}

const STYLES: Record<ReplyAction['style'], ButtonStyle> = { approve: ButtonStyle.Success, reject: ButtonStyle.Danger, neutral: ButtonStyle.Secondary };

/** An interaction that shows the bot may post again in a blocked channel restores it; looked at this often per channel. */
const RESTORE_CHECK_MS = 60_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Discord as every process builds it: the REST publisher (no gateway needed, so a worker posts
 * with it). A process that runs adapters builds the adapter with `adapter(app)`.
 */
export class DiscordPlatform implements ChatPlatform {
  readonly platform = 'discord' as const;
  readonly label = 'Discord';
  readonly publisher: DiscordPublisher;
  private readonly limits: RestLimits;

  constructor(
    private readonly settings: DiscordSettings,
    private readonly log: Logger,
    private readonly opts: DiscordOptions = {},
  ) {
    this.limits = { ...REST_LIMITS, ...opts.rest };
    this.publisher = new DiscordPublisher({
      token: settings.token,
      apiBase: settings.apiBase,
      maxUploadBytes: settings.maxUploadBytes,
      log,
      studioUrl: opts.studioUrl,
      rest: this.limits,
      notifyTimeoutMs: opts.notifyTimeoutMs,
    });
  }

  adapter(app: App): DiscordAdapter {
    return new DiscordAdapter(app, this.publisher, this.settings, this.limits, this.log, this.opts);
  }
}

/**
 * Discord through discord.js: slash commands generated from `commands/`, episodes as one message
 * with the video and vote buttons (the platform's publisher), clicks as votes, and every
 * interaction answered within Discord's three seconds. Only the Guilds intent: interactions need
 * nothing privileged.
 *
 * start() is one bounded attempt to connect (a supervisor retries it); each attempt gets a new
 * discord.js Client, since a destroyed one cannot always log in again.
 */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = 'discord' as const;
  readonly label = 'Discord';
  private current: Client | undefined;
  /** Aborts every REST call of the current client: stop() never waits on a Discord that hangs. */
  private kill: AbortController | undefined;
  private readonly tally: LiveTallies;
  private readonly ackAfterMs: number;
  private readonly startTimeoutMs: number;
  private readonly stopWithinMs: number;
  private readonly uploadLimits = new BoundedMap<string, number>(10_000);
  /** Per channel: the permissions last seen allowing posts, and when the core was last told. */
  private readonly restoreChecked = new BoundedMap<string, { bits: bigint; at: number }>(10_000);

  constructor(
    private readonly app: App,
    readonly publisher: DiscordPublisher,
    private readonly settings: DiscordSettings,
    private readonly limits: RestLimits,
    private readonly log: Logger,
    opts: DiscordOptions = {},
  ) {
    // A channel Discord refused is looked at again by the next interaction there.
    publisher.onRefused = (channelId) => this.restoreChecked.delete(channelId);
    this.ackAfterMs = opts.ackAfterMs ?? 250;
    this.startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    this.stopWithinMs = opts.stopWithinMs ?? 3_000;
    this.tally = new LiveTallies(app, publisher, opts.tallyEveryMs ?? 5000, limits.timeoutMs * (limits.retries + 1), log);
  }

  /** The gateway client of the current connection attempt, if any. */
  get client(): Client | undefined {
    return this.current;
  }

  botName(): string | undefined {
    return this.current?.user?.username;
  }

  private makeClient(kill: AbortSignal): Client {
    // Sharding inside this process: Discord's recommended count, or the count given.
    const settings = this.settings;
    const shards = settings.shards === 'auto' ? { shards: 'auto' as const } : settings.shards ? { shards: [...Array(settings.shards).keys()], shardCount: settings.shards } : {};
    const client = new Client({ intents: [GatewayIntentBits.Guilds], ...shards, rest: restOptions(settings.apiBase, this.limits, this.limits.timeoutMs, kill) });
    client.on(Events.InteractionCreate, (interaction) => {
      this.onInteraction(interaction).catch((err: unknown) => this.log.error({ err: loggable(err), interaction: interaction.id }, 'discord: interaction failed'));
    });
    client.on(Events.ShardDisconnect, (_event, shard) => this.log.warn({ shard }, 'discord: gateway disconnected'));
    client.on(Events.ShardResume, (shard) => this.log.info({ shard }, 'discord: gateway resumed'));
    client.on(Events.Error, (err) => this.log.error({ err: loggable(err) }, 'discord: client error'));
    return client;
  }

  /**
   * One attempt to connect: resolves once the gateway is ready, or rejects within startTimeoutMs
   * with a reason that names what to check. stop() ends an attempt under way.
   */
  async start(): Promise<void> {
    if (this.current?.isReady()) return;
    if (this.current) await this.disconnect(this.current, this.kill);
    const kill = new AbortController();
    const client = this.makeClient(kill.signal);
    this.current = client;
    this.kill = kill;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    const login = client.login(this.settings.token);
    const giveUp = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { name: 'AbortError' })), this.startTimeoutMs);
      kill.signal.addEventListener('abort', () => reject(new Error('the Discord connection was stopped while it was connecting')), { once: true });
    });
    // Whichever loses the race below must not surface as an unhandled rejection.
    login.catch(() => {});
    giveUp.catch(() => {});
    try {
      await Promise.race([Promise.all([login, ready]), giveUp]);
    } catch (err) {
      const stopped = kill.signal.aborted;
      if (this.current === client) this.current = undefined;
      await this.disconnect(client, kill);
      throw stopped ? err : startFailure(err, this.settings.apiBase, this.startTimeoutMs);
    } finally {
      clearTimeout(timer);
    }
    this.tally.startSweeping();
    this.log.info({ bot: client.user?.username, guilds: client.guilds.cache.size }, 'discord: connected to the gateway');
  }

  /** Disconnects within stopWithinMs, whatever Discord or a start() under way is doing. */
  async stop(): Promise<void> {
    this.tally.stop();
    const client = this.current;
    this.current = undefined;
    if (client) await this.disconnect(client, this.kill);
  }

  private async disconnect(client: Client, kill: AbortController | undefined): Promise<void> {
    kill?.abort();
    await Promise.race([client.destroy().catch((err: unknown) => this.log.warn({ err: loggable(err) }, 'discord: destroying the client failed')), delay(this.stopWithinMs)]);
  }

  /** Registers the slash commands: in one server at once, or globally (which Discord spreads within the hour). */
  deployCommands(guildId?: string): Promise<number> {
    return deployCommands(this.settings, guildId, this.publisher.rest);
  }

  // ---- interactions ------------------------------------------------------------------------

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (!interaction.inGuild()) {
      if (interaction.isRepliable()) await interaction.reply({ content: t(interaction.locale, 'discord.serversOnly'), flags: MessageFlags.Ephemeral });
      return;
    }
    // Beside the answer, never before it: what the interaction says about the channel.
    void this.notePermissions(interaction);
    void this.noteUploadLimit(interaction);
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (interaction.isChatInputCommand()) return this.slash(interaction);
    if (interaction.isButton()) return this.button(interaction);
  }

  /**
   * Discord says with every interaction what the bot may do in the channel (`app_permissions`).
   * The publisher keeps it to name what is missing; where posting is allowed again, a channel
   * that Discord refused is restored and what waited there goes out.
   */
  private async notePermissions(interaction: Interaction): Promise<void> {
    const bits = interaction.appPermissions?.bitfield;
    const channel = interaction.channelId;
    if (bits === undefined || !channel) return;
    this.publisher.notePermissions(channel, bits);
    if (!canPost(bits)) return;
    const seen = this.restoreChecked.get(channel);
    const now = Date.now();
    if (seen && seen.bits === bits && now - seen.at < RESTORE_CHECK_MS) return;
    this.restoreChecked.set(channel, { bits, at: now });
    try {
      const queued = await this.app.engine.channels.restored('discord', channel);
      if (queued) this.log.info({ channel, deliveries: queued }, 'discord: the bot may post in the channel again');
    } catch (err) {
      this.restoreChecked.delete(channel);
      this.log.warn({ err, channel }, 'discord: could not restore the channel');
    }
  }

  /**
   * The channel's upload limit, as the server allows it: its boost level (from GUILD_CREATE and
   * GUILD_UPDATE), not the interaction's `attachment_size_limit`, which is the larger of the
   * server's and the clicking user's Nitro, and the bot has no Nitro.
   */
  private async noteUploadLimit(interaction: Interaction): Promise<void> {
    const channel = interaction.channelId;
    if (!channel) return;
    const reported = typeof interaction.attachmentSizeLimit === 'number' ? interaction.attachmentSizeLimit : undefined;
    const bytes = serverUploadLimit(interaction.guild?.premiumTier, this.settings.maxUploadBytes, reported);
    if (this.uploadLimits.get(channel) === bytes) return;
    try {
      // Remembered once a channel of a series took it, so clicks don't write it again; a channel
      // that follows nothing yet has no row and is asked again next time.
      if (await this.app.engine.series.recordUploadLimit(this.place(interaction), bytes)) {
        this.uploadLimits.set(channel, bytes);
      }
    } catch (err) {
      this.log.warn({ err }, 'discord: could not record the upload limit');
    }
  }

  /**
   * Whether `discord:<id>` moderates in the channel of `place` (for the studio's sign-in): Manage
   * Server or Manage Messages there, or the series' moderator role. Asks Discord for the member
   * (no privileged intent needed for one); false when the bot is not connected or does not know them.
   */
  async moderates(userId: string, place: Place, moderatorRole: string | null): Promise<boolean> {
    const m = /^discord:(\d{15,22})$/.exec(userId);
    const client = this.current;
    if (!m || place.platform !== 'discord' || !client?.isReady()) return false;
    const channel = await client.channels.fetch(place.chatId).catch(() => null);
    if (!channel || !('guild' in channel) || !('permissionsFor' in channel)) return false;
    const member = await channel.guild.members.fetch(m[1]!).catch(() => null);
    if (!member) return false;
    const perms = channel.permissionsFor(member);
    if (perms?.has(PermissionFlagsBits.ManageGuild) || perms?.has(PermissionFlagsBits.ManageMessages)) return true;
    const role = moderatorRole?.toLowerCase();
    return Boolean(role && member.roles.cache.some((r) => r.name.toLowerCase() === role));
  }

  private place(interaction: { channelId: string | null }): Place {
    return { platform: 'discord', chatId: interaction.channelId ?? '', threadId: '' };
  }

  private async actor(interaction: ChatInputCommandInteraction | ButtonInteraction) {
    const perms = interaction.memberPermissions;
    let isModerator = Boolean(perms?.has(PermissionFlagsBits.ManageGuild) || perms?.has(PermissionFlagsBits.ManageMessages));
    if (!isModerator) isModerator = await this.hasSeriesRole(interaction);
    // The name people see in this server: the member's nickname, else their global display name.
    const member = interaction.member;
    const nick = member && 'displayName' in member ? member.displayName : (member?.nick ?? null);
    return { id: `discord:${interaction.user.id}`, isModerator, name: nick ?? interaction.user.globalName ?? interaction.user.username };
  }

  /** A series may name a role whose members moderate it, without server-wide permissions. */
  private async hasSeriesRole(interaction: ChatInputCommandInteraction | ButtonInteraction): Promise<boolean> {
    const series = await this.app.engine.seriesAt(this.place(interaction));
    const role = series?.moderator_role?.toLowerCase();
    if (!role) return false;
    const roles = interaction.member && 'cache' in interaction.member.roles ? [...interaction.member.roles.cache.values()] : [];
    const names = roles.length ? roles.map((r) => r.name) : ((interaction.member?.roles as string[] | undefined) ?? []).map((id) => interaction.guild?.roles.cache.get(id)?.name ?? '');
    return names.some((n) => n.toLowerCase() === role);
  }

  private async slash(interaction: ChatInputCommandInteraction): Promise<void> {
    const sub = interaction.options.getSubcommand(false);
    const path = sub ? [interaction.commandName, sub] : [interaction.commandName];
    const args: Args = {};
    for (const o of leafOptions(interaction.options.data)) args[o.name] = o.value as string | number | boolean;
    const setup = path[0] === 'series' && (path[1] === 'new' || path[1] === 'follow');
    await this.answer(interaction, async () => {
      const reply = await this.app.command({ path, args }, await this.actor(interaction), this.place(interaction), { locale: interaction.locale });
      await this.noteUploadLimit(interaction); // the command may have made this channel follow a series
      // Once a series starts or is followed here, what the bot lacks in the channel, while the
      // moderator who can fix it is looking (slash replies work without any of it).
      const bits = setup && !reply.ephemeral ? interaction.appPermissions?.bitfield : undefined;
      const missing = bits === undefined ? undefined : missingNote(bits, await this.locale(interaction));
      return missing ? { ...reply, text: `${reply.text}\n\n${missing}` } : reply;
    });
  }

  private async button(interaction: ButtonInteraction): Promise<void> {
    const action = parseButton(interaction.customId);
    if (!action) {
      await interaction.reply({ content: t(interaction.locale, 'discord.oldButton'), flags: MessageFlags.Ephemeral });
      return;
    }
    if (action.kind === 'command') {
      await this.answer(interaction, async () => this.app.command(action.invocation, await this.actor(interaction), this.place(interaction), { locale: interaction.locale }));
      return;
    }
    await this.answer(interaction, async () => {
      // The vote and the reader's language are looked up together: a click is answered within Discord's limit.
      const [outcome, locale] = await Promise.all([
        this.app.engine.voteOn({ ballotId: action.ballotId, letter: action.letter, voterId: `discord:${interaction.user.id}`, place: this.place(interaction) }).then(
          (result) => ({ result }),
          (err: unknown) => ({ err }),
        ),
        this.locale(interaction),
      ]);
      if ('err' in outcome) {
        if (isUserError(outcome.err)) return { text: outcome.err.localized(locale), ephemeral: true };
        throw outcome.err;
      }
      const { result } = outcome;
      this.tally.touch(action.ballotId);
      const change = result.previousLetter && result.previousLetter !== result.letter ? t(locale, 'discord.was', { letter: result.previousLetter }) : '';
      return { text: t(locale, 'discord.picked', { letter: result.letter, change, when: relativeTime(result.closesAt) }), ephemeral: true };
    });
  }

  /** The language to answer in: the channel's setting, else the clicker's own Discord language. */
  private locale(interaction: ChatInputCommandInteraction | ButtonInteraction): Promise<string> {
    return this.app.engine.replyLocale(this.place(interaction), interaction.locale);
  }

  /**
   * Answers within Discord's limit whatever the work costs: at once if it is done in time, else a
   * deferred reply edited when the work is done. The deferral is always private: any answer may
   * be (an error is), and a deferred reply keeps the visibility it was given. An answer for
   * everyone then turns the private "thinking…" into a pointer and follows as a new message,
   * whose own flags count once the deferred reply has been edited.
   */
  private async answer(interaction: ChatInputCommandInteraction | ButtonInteraction, work: () => Promise<Reply>): Promise<void> {
    // A reply only its reader sees names commands as their Discord menu shows them.
    const pending = work()
      .then((reply) => (reply.ephemeral ? { ...reply, text: mentions(reply.text, interaction.locale) } : reply))
      .catch((err: unknown): Reply => {
        this.log.error({ err }, 'discord: command failed');
        return { text: t(interaction.locale, 'discord.sorry'), ephemeral: true };
      });
    let timer: NodeJS.Timeout | undefined;
    const early = this.ackAfterMs > 0 ? await Promise.race([pending, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.ackAfterMs)))]) : undefined;
    clearTimeout(timer);
    if (early) {
      const [first, ...more] = this.payloads(early);
      await interaction.reply(first!);
      for (const p of more) await interaction.followUp(p);
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral }).catch((err: unknown) => {
      // Acknowledged already (a slow answer to a defer that got through, then retried): carry on and edit it.
      if (!(err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)) throw err;
    });
    const reply = await pending;
    const payloads = this.payloads(reply);
    if (reply.ephemeral) {
      const [first, ...more] = payloads;
      const { flags: _flags, ...edit } = first!;
      await interaction.editReply(edit);
      for (const p of more) await interaction.followUp(p);
      return;
    }
    await interaction.editReply({ content: t(await this.locale(interaction), 'discord.answerBelow'), allowedMentions: { parse: [] } });
    for (const p of payloads) await interaction.followUp(p);
  }

  private payloads(reply: Reply) {
    const chunks = splitContent(reply.text);
    const rows = actionRows(reply.actions ?? []);
    return chunks.map((content, i) => ({
      content,
      allowedMentions: { parse: [] },
      ...(i === chunks.length - 1 && rows.length ? { components: rows } : {}),
      ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
    }));
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).toLowerCase();
    const engine = this.app.engine;
    let choices: { name: string; value: string }[] = [];
    try {
      if (focused.name === 'series') {
        const rows = await engine.series.search(typed, 25);
        choices = rows.map((s) => ({ name: clip(`${s.title} (${s.name})`, 100), value: s.name }));
      } else if (focused.name === 'option') {
        const series = await engine.seriesAt(this.place(interaction));
        const ballot = series && (await engine.ballots.current(series.id));
        if (ballot) {
          const view = await engine.ballots.view(ballot);
          const locale = await engine.replyLocale(this.place(interaction), interaction.locale);
          const left = ballot.closes_at ? t(locale, 'discord.left', { duration: formatDuration(Math.max(0, ballot.closes_at - engine.now()), locale) }) : '';
          choices = view.options
            .filter((o) => o.status === 'active' && `${o.letter} ${o.label}`.toLowerCase().includes(typed))
            .map((o) => ({ name: clip(rtlLine(locale, `${o.letter}. ${o.label}${left}`), 100), value: o.letter }));
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'discord: autocomplete failed');
    }
    await interaction.respond(choices.slice(0, 25));
  }
}

/** Registers the slash commands generated from `commands/` (REST only: no gateway needed). */
export async function deployCommands(settings: DiscordSettings, guildId?: string, shared?: REST): Promise<number> {
  const rest = shared ?? discordRest(settings.token, settings.apiBase, REST_LIMITS);
  const body = slashCommands(allCommands);
  const route = guildId ? Routes.applicationGuildCommands(settings.applicationId, guildId) : Routes.applicationCommands(settings.applicationId);
  try {
    await rest.put(route, { body });
  } finally {
    // A client of our own must not keep the process alive with its sweeper timers.
    if (!shared) {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  }
  return body.length;
}

const mentions = menuMentions(allCommands);

function leafOptions(options: readonly CommandInteractionOption[]): CommandInteractionOption[] {
  return options.flatMap((o) => (o.options ? leafOptions(o.options) : o.value !== undefined ? [o] : []));
}

function actionRows(actions: ReplyAction[]) {
  const rows = [];
  for (let i = 0; i < Math.min(actions.length, 25); i += 5) {
    rows.push({
      type: ComponentType.ActionRow as const,
      components: actions.slice(i, i + 5).map((a) => ({
        type: ComponentType.Button as const,
        custom_id: commandId(a.invocation),
        label: clip(a.label, 80),
        style: STYLES[a.style],
      })),
    });
  }
  return rows;
}
