import type { ServerResponse } from 'node:http';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/ports.js';

/**
 * Server-sent events for open pages: the live tally (votes from every platform, read from the
 * database, so Discord and Telegram votes show too) and a "story" signal when an episode or a
 * ballot changes state or moderators correct the story bible, for pages to swap in their fresh fragment. Series are polled only while
 * someone watches them.
 */
export class LiveHub {
  private readonly watchers = new Map<string, Set<ServerResponse>>();
  private readonly last = new Map<string, { tally: string; story: string }>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
    private readonly everyMs = 1000,
  ) {}

  watch(seriesId: string, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const set = this.watchers.get(seriesId) ?? new Set();
    set.add(res);
    this.watchers.set(seriesId, set);
    res.on('close', () => {
      set.delete(res);
      if (!set.size) {
        this.watchers.delete(seriesId);
        this.last.delete(seriesId);
      }
      if (!this.watchers.size) this.stopTimer();
    });
    if (!this.timer) {
      this.timer = setInterval(() => void this.pollAll(), this.everyMs);
      this.timer.unref();
    }
    void this.poll(seriesId);
  }

  /** Pushes news of a series now (after a vote here) rather than at the next poll. */
  poke(seriesId: string): void {
    if (this.watchers.has(seriesId)) void this.poll(seriesId);
  }

  close(): void {
    this.stopTimer();
    for (const set of this.watchers.values()) for (const res of set) res.end();
    this.watchers.clear();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async pollAll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const id of this.watchers.keys()) await this.poll(id);
    } finally {
      this.busy = false;
    }
  }

  private async poll(seriesId: string): Promise<void> {
    try {
      // The bible too: a moderator's correction changes the story pages show.
      const { episodes, bible } = await this.engine.storyVersion(seriesId);
      const ballotRow = await this.engine.ballots.latest(seriesId);
      const ballot = ballotRow ? await this.engine.ballots.view(ballotRow) : null;
      const story = JSON.stringify([episodes, ballot?.id, ballot?.status, ballot?.options.map((o) => o.status), bible]);
      const tally = ballot
        ? JSON.stringify({
            ballotId: ballot.id,
            status: ballot.status,
            closesAt: ballot.closesAt,
            total: ballot.totalVotes,
            options: ballot.options.map((o) => ({ letter: o.letter, votes: o.votes })),
          })
        : '';
      const before = this.last.get(seriesId);
      this.last.set(seriesId, { tally, story });
      if (!before) return; // the page was rendered with this state
      if (before.story !== story) this.send(seriesId, 'story', '{}');
      else if (before.tally !== tally && tally) this.send(seriesId, 'tally', tally);
    } catch (err) {
      this.log.warn({ err, seriesId }, 'studio: live update failed');
    }
  }

  private send(seriesId: string, event: string, data: string): void {
    for (const res of this.watchers.get(seriesId) ?? []) res.write(`event: ${event}\ndata: ${data}\n\n`);
  }
}
