import { DiscordPlatform, type DiscordAdapter, type DiscordOptions } from '../../../src/adapters/discord/adapter.js';
import type { DiscordSettings } from '../../../src/config.js';
import type { Renderer } from '../../../src/core/ports.js';
import { silentLogger } from '../../../src/log.js';
import { makeHarness, type Harness } from '../../helpers/harness.js';
import { CHANNEL_ID, FakeDiscord, PERMISSIONS, type FakeMember, type InteractionRecord, type StoredMessage } from './server.js';

/** Discord's EPHEMERAL message flag. */
export const EPHEMERAL = 64;
export const TOKEN = 'fake-bot-token-0123456789abcdef';
const BASE = PERMISSIONS.viewChannel | PERMISSIONS.sendMessages;
export const ADMIN: FakeMember = { id: '500000000000000001', username: 'ada', permissions: String(BASE | PERMISSIONS.manageGuild) };
export const fans: FakeMember[] = Array.from({ length: 20 }, (_, i) => ({ id: String(600000000000000000n + BigInt(i)), username: `fan${i}` }));

export interface BootOptions extends DiscordOptions {
  settings?: Partial<DiscordSettings>;
  renderer?: Renderer;
  /** Sets the fake's world up before the bot connects (limits, permissions, shards…). */
  world?: (fake: FakeDiscord) => void;
  /** Connect the gateway (default) or leave start() to the test. */
  start?: boolean;
}

/** What a person sees of an interaction's answer. */
export interface Answer {
  text: string;
  ephemeral: boolean;
}

type Button = { custom_id: string; label: string; disabled?: boolean };
export const buttonsOf = (m: StoredMessage): Button[] => m.components.flatMap((row) => (row as { components: Button[] }).components);
export const descriptionOf = (m: StoredMessage) => String((m.embeds[0] as { description?: string } | undefined)?.description ?? '');

/**
 * The real discord.js client, the engine on SQLite and the Discord fake, wired as in production:
 * for the e2e suites and the ack benchmark.
 */
export class DiscordRig {
  fake!: FakeDiscord;
  h!: Harness;
  adapter: DiscordAdapter | undefined;

  async boot(opts: BootOptions = {}): Promise<DiscordAdapter> {
    this.fake = await FakeDiscord.start();
    this.fake.token = TOKEN;
    opts.world?.(this.fake);
    const settings: DiscordSettings = { token: TOKEN, applicationId: this.fake.applicationId, apiBase: this.fake.api, maxUploadBytes: 10 * 1024 * 1024, shards: undefined, ...opts.settings };
    const platform = new DiscordPlatform(settings, silentLogger, { tallyEveryMs: 300, ...opts });
    this.h = await makeHarness('sqlite', { publishers: [platform.publisher], ...(opts.renderer ? { renderer: opts.renderer } : {}) });
    const adapter = platform.adapter(this.h.app);
    this.adapter = adapter;
    if (opts.start !== false) await adapter.start();
    return adapter;
  }

  /**
   * Waits until the interaction is acknowledged and its answer is in. A private "thinking…" that
   * turned out public says so and the answer follows for everyone: that follow-up is the answer.
   */
  async answered(i: InteractionRecord): Promise<Answer> {
    const fake = this.fake;
    await fake.waitFor(() => i.response && (i.response.type !== 5 || (i.original?.edits ?? 0) > 0 || i.followUps.length > 0), `an answer to interaction ${i.id}`, 8000);
    const original = i.original;
    const followUp = i.followUps[0];
    const isPrivate = (m: StoredMessage) => (m.flags & EPHEMERAL) !== 0;
    if (followUp && (!original || (isPrivate(original) && !isPrivate(followUp)))) return { text: followUp.content, ephemeral: isPrivate(followUp) };
    return { text: fake.answerOf(i) ?? '', ephemeral: original ? isPrivate(original) : false };
  }

  /** `/series new` by the admin; returns the episode message once posted. */
  async startSeries(title = 'Paws of Fate', channelId = CHANNEL_ID): Promise<{ answer: Answer; post: StoredMessage }> {
    const answer = await this.answered(
      this.fake.slash(ADMIN, ['series', 'new'], { title, premise: 'A Shiba Inu wakes up in hospital with no memory of the wedding.', cast: 'Mochi: Shiba Inu, Luna: black cat' }, channelId),
    );
    await this.h.settle();
    const post = await this.fake.waitFor(() => this.fake.channelMessages(channelId).at(-1), 'the episode message', 5000);
    return { answer, post };
  }

  /** The episode messages of a channel (those with vote buttons). */
  episodes(channelId = CHANNEL_ID): StoredMessage[] {
    return this.fake.channelMessages(channelId).filter((m) => m.components.length > 0);
  }

  async close(): Promise<void> {
    await this.adapter?.stop();
    this.adapter = undefined;
    await this.h?.close();
    await this.fake?.close();
  }
}
