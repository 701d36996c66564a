import {
  ButtonStyle,
  Client,
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
import { DiscordPublisher, discordRest } from './publisher.js';
import { slashCommands } from './slash-commands.js';
import { TallyRefresher } from './tally.js';
import { clip } from '../../core/text.js';
import { commandId, parseButton, relativeTime, splitContent } from './views.js';

export interface DiscordOptions {
  /** Answer at once if the work is done by then; otherwise defer and edit (Discord allows 3 s). 0: always defer. */
  ackAfterMs?: number;
  /** The public tally on an episode message is edited at most this often. */
  tallyEveryMs?: number;
  /** The studio's public address, for links to episodes too large to upload. */
  studioUrl?: string;
}

const STYLES: Record<ReplyAction['style'], ButtonStyle> = { approve: ButtonStyle.Success, reject: ButtonStyle.Danger, neutral: ButtonStyle.Secondary };

/** Replies that concern only the person who asked, when we must decide before the answer is known. */
const PRIVATE_BY_DEFAULT = new Set(['vote', 'suggest', 'help', 'mod']);

/**
 * Discord through discord.js: slash commands generated from `commands/`, episodes as one message
 * with the video and vote buttons, clicks as votes, and every interaction answered within
 * Discord's three seconds. Only the Guilds intent: interactions need nothing privileged.
 */
export class DiscordAdapter {
  readonly client: Client;
  readonly publisher: DiscordPublisher;
  private app: App | undefined;
  private readonly tally: TallyRefresher;
  private readonly tallyEveryMs: number;
  private readonly ackAfterMs: number;
  /** Votes from elsewhere (Telegram, the studio, other processes) are looked for this often. */
  private sweeper: NodeJS.Timeout | undefined;
  private sweptAt = 0;
  private sweeping = false;
  /** The tally each ballot's messages show now: an edit that would change nothing is not sent. */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly settings: DiscordSettings,
    private readonly log: Logger,
    opts: DiscordOptions = {},
  ) {
    // Sharding inside this process: Discord's recommended count, or the count given.
    const shards = settings.shards === 'auto' ? { shards: 'auto' as const } : settings.shards ? { shards: [...Array(settings.shards).keys()], shardCount: settings.shards } : {};
    this.client = new Client({ intents: [GatewayIntentBits.Guilds], ...shards, ...(settings.apiBase ? { rest: { api: settings.apiBase } } : {}) });
    this.publisher = new DiscordPublisher(discordRest(settings.token, settings.apiBase), settings.maxUploadBytes, log, opts.studioUrl);
    this.ackAfterMs = opts.ackAfterMs ?? 1500;
    this.tallyEveryMs = opts.tallyEveryMs ?? 5000;
    this.tally = new TallyRefresher(this.tallyEveryMs, (ballotId) => this.refreshTally(ballotId), log);
  }

  attach(app: App): void {
    this.app = app;
    this.client.on(Events.InteractionCreate, (interaction) => {
      this.onInteraction(interaction).catch((err: unknown) => this.log.error({ err, interaction: interaction.id }, 'discord: interaction failed'));
    });
    this.client.on(Events.ShardDisconnect, (_event, shard) => this.log.warn({ shard }, 'discord: gateway disconnected'));
    this.client.on(Events.ShardResume, (shard) => this.log.info({ shard }, 'discord: gateway resumed'));
    this.client.on(Events.Error, (err) => this.log.error({ err }, 'discord: client error'));
  }

  async start(): Promise<void> {
    if (!this.app) throw new Error('attach the app before starting the Discord adapter');
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.settings.token);
    await ready;
    this.sweptAt = this.app.engine.now();
    this.sweeper = setInterval(() => void this.sweepVotes(), this.tallyEveryMs);
    this.sweeper.unref();
    this.log.info({ bot: this.client.user?.username, guilds: this.client.guilds.cache.size }, 'discord: connected to the gateway');
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.tally.stop();
    await this.client.destroy();
  }

  /** Registers the slash commands: in one server at once, or globally (which Discord spreads within the hour). */
  deployCommands(guildId?: string): Promise<number> {
    return deployCommands(this.settings, guildId, this.publisher.rest);
  }

  // ---- interactions ------------------------------------------------------------------------

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (!interaction.inGuild()) {
      if (interaction.isRepliable()) await interaction.reply({ content: 'TailTwist works in servers: add it to one and try /help there.', flags: MessageFlags.Ephemeral });
      return;
    }
    void this.noteUploadLimit(interaction);
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (interaction.isChatInputCommand()) return this.slash(interaction);
    if (interaction.isButton()) return this.button(interaction);
  }

  private readonly uploadLimits = new Map<string, number>();

  /** Discord says with every interaction how large an upload the channel takes (boosts raise it). */
  private async noteUploadLimit(interaction: Interaction): Promise<void> {
    const bytes = interaction.attachmentSizeLimit;
    const channel = interaction.channelId;
    if (typeof bytes !== 'number' || !channel || this.uploadLimits.get(channel) === bytes) return;
    try {
      // Remembered once a channel of a series took it, so clicks don't write it again; a channel
      // that follows nothing yet has no row and is asked again next time.
      if (await this.app!.engine.series.recordUploadLimit(this.place(interaction), bytes)) this.uploadLimits.set(channel, bytes);
    } catch (err) {
      this.log.warn({ err }, 'discord: could not record the upload limit');
    }
  }

  private place(interaction: { channelId: string | null }): Place {
    return { platform: 'discord', chatId: interaction.channelId ?? '', threadId: '' };
  }

  private async actor(interaction: ChatInputCommandInteraction | ButtonInteraction) {
    const perms = interaction.memberPermissions;
    let isModerator = Boolean(perms?.has(PermissionFlagsBits.ManageGuild) || perms?.has(PermissionFlagsBits.ManageMessages));
    if (!isModerator) isModerator = await this.hasSeriesRole(interaction);
    return { id: `discord:${interaction.user.id}`, isModerator, name: interaction.user.globalName ?? interaction.user.username };
  }

  /** A series may name a role whose members moderate it, without server-wide permissions. */
  private async hasSeriesRole(interaction: ChatInputCommandInteraction | ButtonInteraction): Promise<boolean> {
    const series = await this.app!.engine.series.activeFollow(this.app!.engine.ctx.db, this.place(interaction));
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
    await this.answer(interaction, PRIVATE_BY_DEFAULT.has(interaction.commandName), async () => {
      const reply = await this.app!.command({ path, args }, await this.actor(interaction), this.place(interaction));
      await this.noteUploadLimit(interaction); // the command may have made this channel follow a series
      return reply;
    });
  }

  private async button(interaction: ButtonInteraction): Promise<void> {
    const action = parseButton(interaction.customId);
    if (!action) {
      await interaction.reply({ content: 'That button is from an older version of TailTwist; try the command instead.', flags: MessageFlags.Ephemeral });
      return;
    }
    if (action.kind === 'command') {
      await this.answer(interaction, true, async () => this.app!.command(action.invocation, await this.actor(interaction), this.place(interaction)));
      return;
    }
    await this.answer(interaction, true, async () => {
      try {
        const result = await this.app!.engine.voteOn({ ballotId: action.ballotId, letter: action.letter, voterId: `discord:${interaction.user.id}`, place: this.place(interaction) });
        this.tally.touch(action.ballotId);
        const change = result.previousLetter && result.previousLetter !== result.letter ? ` (was ${result.previousLetter})` : '';
        return { text: `You picked ${result.letter}${change} — you can change it until ${relativeTime(result.closesAt)}.`, ephemeral: true };
      } catch (err) {
        if (isUserError(err)) return { text: err.message, ephemeral: true };
        throw err;
      }
    });
  }

  /**
   * Answers within Discord's limit whatever the work costs: at once if it is done in time, else a
   * deferred reply (private or public, guessed from the command) edited when the work is done.
   */
  private async answer(interaction: ChatInputCommandInteraction | ButtonInteraction, privateGuess: boolean, work: () => Promise<Reply>): Promise<void> {
    const pending = work().catch((err: unknown): Reply => {
      this.log.error({ err }, 'discord: command failed');
      return { text: 'Sorry, something went wrong on our side.', ephemeral: true };
    });
    let timer: NodeJS.Timeout | undefined;
    const early =
      this.ackAfterMs > 0 ? await Promise.race([pending, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.ackAfterMs)))]) : undefined;
    clearTimeout(timer);
    if (early) {
      const [first, ...more] = this.payloads(early);
      await interaction.reply(first!);
      for (const p of more) await interaction.followUp(p);
      return;
    }
    await interaction.deferReply(privateGuess ? { flags: MessageFlags.Ephemeral } : {});
    const reply = await pending;
    const [first, ...more] = this.payloads(reply);
    if (reply.ephemeral && !privateGuess) {
      // A public "thinking…" must not turn into a private answer for all to see.
      await interaction.deleteReply();
      await interaction.followUp(first!);
    } else {
      const { flags: _flags, ...edit } = first!;
      await interaction.editReply(edit);
    }
    for (const p of more) await interaction.followUp(p);
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
    const engine = this.app!.engine;
    let choices: { name: string; value: string }[] = [];
    try {
      if (focused.name === 'series') {
        const rows = await engine.series.search(typed, 25);
        choices = rows.map((s) => ({ name: clip(`${s.title} (${s.name})`, 100), value: s.name }));
      } else if (focused.name === 'option') {
        const series = await engine.series.activeFollow(engine.ctx.db, this.place(interaction));
        const ballot = series && (await engine.ballots.current(series.id));
        if (ballot) {
          const view = await engine.ballots.view(ballot);
          const left = ballot.closes_at ? ` — ${formatDuration(Math.max(0, ballot.closes_at - engine.now()))} left` : '';
          choices = view.options
            .filter((o) => o.status === 'active' && `${o.letter} ${o.label}`.toLowerCase().includes(typed))
            .map((o) => ({ name: clip(`${o.letter}. ${o.label}${left}`, 100), value: o.letter }));
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'discord: autocomplete failed');
    }
    await interaction.respond(choices.slice(0, 25));
  }

  /** Edits the live tally into every Discord message of the ballot's episode. */
  private async refreshTally(ballotId: string): Promise<void> {
    const found = await this.app!.engine.ballotPosts(ballotId, 'discord');
    if (!found || found.ballot.status !== 'open') {
      this.shown.delete(ballotId);
      return; // the close posts its own final state
    }
    const tally = JSON.stringify(found.ballot);
    if (this.shown.get(ballotId) === tally) return;
    for (const post of found.posts) await this.publisher.refresh(post.chatId, post.messageId, found.episode, found.ballot);
    this.shown.set(ballotId, tally);
    if (this.shown.size > 1000) this.shown.delete(this.shown.keys().next().value!);
  }

  /**
   * Touches the tally of every ballot posted here that got votes from anywhere since the last look
   * (a Discord click touches it at once). The look-back overlaps by one period, so a vote stamped
   * just before a look but committed after it is not missed; unchanged tallies are not edited.
   * With several bot processes only the one holding the scheduler lease looks, so each change
   * is edited in once.
   */
  private async sweepVotes(): Promise<void> {
    if (this.sweeping || !this.app) return;
    const now = this.app.engine.now();
    if (!this.app.scheduler.isLeader) {
      this.sweptAt = now;
      return;
    }
    this.sweeping = true;
    try {
      for (const ballotId of await this.app.engine.ballotsVotedSince(this.sweptAt - this.tallyEveryMs, 'discord')) this.tally.touch(ballotId);
      this.sweptAt = now;
    } catch (err) {
      this.log.warn({ err }, 'discord: looking for new votes failed');
    } finally {
      this.sweeping = false;
    }
  }
}

/** Registers the slash commands generated from `commands/` (REST only: no gateway needed). */
export async function deployCommands(settings: DiscordSettings, guildId?: string, shared?: REST): Promise<number> {
  const rest = shared ?? discordRest(settings.token, settings.apiBase);
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
