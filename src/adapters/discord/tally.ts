import type { App } from '../../app.js';
import type { Logger } from '../../core/ports.js';
import { BoundedMap } from '../../core/bounded-map.js';
import { isUnknownMessage, loggable } from './errors.js';
import type { DiscordPublisher } from './publisher.js';

/**
 * The live tally on Discord's episode messages. A Discord click touches its ballot at once; votes
 * from elsewhere (Telegram, the studio, other processes) are swept in every `everyMs` while the
 * gateway is up. Refreshes are coalesced: however fast votes arrive, each ballot's messages are
 * edited at most once per `everyMs`, and the last vote before a quiet spell is always shown.
 */
export class LiveTallies {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly last = new BoundedMap<string, number>(1_000);
  /** The tally each ballot's messages show now: an edit that would change nothing is not sent. */
  private readonly shown = new BoundedMap<string, string>(1_000);
  private sweeper: NodeJS.Timeout | undefined;
  private sweptAt = 0;
  private sweeping = false;

  constructor(
    private readonly app: App,
    private readonly publisher: DiscordPublisher,
    private readonly everyMs: number,
    /** How long one edit may take, its retries included. */
    private readonly editWithinMs: number,
    private readonly log: Logger,
  ) {}

  /** Votes came in on the ballot: its messages are edited soon. */
  touch(ballotId: string): void {
    if (this.timers.has(ballotId)) return; // an edit is already coming and will include this vote
    const wait = Math.max(0, (this.last.get(ballotId) ?? 0) + this.everyMs - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(ballotId);
      this.last.set(ballotId, Date.now());
      this.refresh(ballotId).catch((err: unknown) => this.log.warn({ err, ballotId }, 'discord: tally refresh failed'));
    }, wait);
    timer.unref();
    this.timers.set(ballotId, timer);
  }

  /** Starts sweeping for votes from elsewhere (from now on; a restart picks up where the last look was). */
  startSweeping(): void {
    this.sweptAt = this.app.engine.now();
    clearInterval(this.sweeper);
    this.sweeper = setInterval(() => void this.sweep(), this.everyMs);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * Edits the live tally into every Discord message of the ballot's episode. A channel that refuses
   * the edit is marked (the core and the studio show why) and the others are still edited.
   */
  private async refresh(ballotId: string): Promise<void> {
    const engine = this.app.engine;
    const found = await engine.ballotPosts(ballotId, 'discord');
    if (!found || found.ballot.status !== 'open') {
      this.shown.delete(ballotId);
      return; // the close posts its own final state
    }
    const tally = JSON.stringify(found.ballot);
    if (this.shown.get(ballotId) === tally) return;
    let complete = true;
    for (const post of found.posts) {
      try {
        await this.publisher.refresh(post.chatId, post.messageId, found.episode, found.ballot, post.locale, AbortSignal.timeout(this.editWithinMs));
      } catch (err) {
        if (isUnknownMessage(err)) continue; // someone deleted the episode message
        const reason = this.publisher.refusal(err, post.chatId);
        if (reason) await engine.channels.blocked('discord', post.chatId, reason).catch((e: unknown) => this.log.warn({ err: e }, 'discord: could not mark the channel'));
        else complete = false;
        this.log.warn({ err: loggable(err), channel: post.chatId, ballotId }, 'discord: tally edit failed');
      }
    }
    if (complete) this.shown.set(ballotId, tally);
    // The ballot may have closed while these edits were on their way, and one of them may have
    // landed after the close's own edit (live buttons on a closed ballot): the last word is the close.
    const after = await engine.ballotPosts(ballotId, 'discord');
    if (after && after.ballot.status !== 'open') {
      this.shown.delete(ballotId);
      for (const post of after.posts) {
        await this.publisher
          .refresh(post.chatId, post.messageId, after.episode, after.ballot, post.locale, AbortSignal.timeout(this.editWithinMs))
          .catch((err: unknown) => this.log.warn({ err: loggable(err), channel: post.chatId, ballotId }, 'discord: could not show the closed ballot'));
      }
    }
  }

  /**
   * Touches the tally of every ballot posted here that got votes from anywhere since the last look
   * (a Discord click touches it at once). The look-back overlaps by one period, so a vote stamped
   * just before a look but committed after it is not missed; unchanged tallies are not edited.
   * With several bot processes only the one holding the scheduler lease looks, so each change
   * is edited in once.
   */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    const now = this.app.engine.now();
    if (!this.app.scheduler.isLeader) {
      this.sweptAt = now;
      return;
    }
    this.sweeping = true;
    try {
      for (const ballotId of await this.app.engine.ballotsVotedSince(this.sweptAt - this.everyMs, 'discord')) this.touch(ballotId);
      this.sweptAt = now;
    } catch (err) {
      this.log.warn({ err }, 'discord: looking for new votes failed');
    } finally {
      this.sweeping = false;
    }
  }
}
