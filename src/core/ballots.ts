import { storyNow } from './story/service.js';
import { parseTwist } from './story/suggestion.js';
import type { Selectable } from 'kysely';
import type { BallotsTable, DecidedBy, SeriesTable } from '../db/schema.js';
import { seededPick } from './clock.js';
import { audit, lockForShare, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { msg } from '../i18n/i18n.js';
import { UserError } from './errors.js';
import { startNextEpisodeIfDue } from './loop.js';
import { closeAtFor, tieDeadlineFor } from './schedule.js';
import { insertOption, LABEL_MAX, MAX_ACTIVE_OPTIONS } from './options.js';
import type { BallotView, Executor } from './ports.js';
import { cleanText } from './text.js';
import { letterOf, loadBallotView, positionOf, tallyVotes } from './views.js';
import { VoteWriter, type VoteResult } from './vote-writer.js';
import { Counts, readJson } from './json.js';

type Ballot = Selectable<BallotsTable>;
type Series = Selectable<SeriesTable>;

export type CloseOutcome =
  | { kind: 'decided'; winnerLetter: string; decidedBy: DecidedBy; tally: Record<string, number> }
  | { kind: 'extended'; closesAt: number }
  | { kind: 'tied'; letters: string[]; deadline: number }
  | { kind: 'not-open' };

export type { VoteResult } from './vote-writer.js';

export class BallotService {
  private readonly votes: VoteWriter;

  constructor(private readonly ctx: CoreContext) {
    this.votes = new VoteWriter(ctx);
  }

  /** The ballot people vote on now (open), or the one being prepared (draft) or decided (tied). */
  async current(seriesId: string, db: Executor = this.ctx.db): Promise<Ballot | undefined> {
    return db.selectFrom('ballots').selectAll().where('series_id', '=', seriesId).where('status', 'in', ['draft', 'open', 'tied']).orderBy('created_at', 'desc').executeTakeFirst();
  }

  /** The newest ballot of a series in any state. */
  async latest(seriesId: string, db: Executor = this.ctx.db): Promise<Ballot | undefined> {
    return db.selectFrom('ballots').selectAll().where('series_id', '=', seriesId).orderBy('created_at', 'desc').executeTakeFirst();
  }

  view(ballot: Ballot): Promise<BallotView> {
    return loadBallotView(this.ctx.db, ballot);
  }

  /**
   * One vote per voter per ballot; a second vote replaces the first. `option` is a letter (A–H).
   * Refused, with the reason, after close, while paused, or for a vetoed option.
   */
  async vote(input: { ballotId: string; option: string; voterId: string; channelId: string | null }): Promise<VoteResult> {
    const position = positionOf(input.option);
    if (position === undefined) {
      throw new UserError('invalid-input', 'errors.ballot.notAnOption', { option: input.option.slice(0, 10) });
    }
    return this.votes.cast({ ballotId: input.ballotId, position, voterId: input.voterId, channelId: input.channelId, now: this.ctx.clock.now() });
  }

  /** Takes a voter's vote back (Telegram lets people retract a poll answer). */
  async retract(ballotId: string, voterId: string): Promise<boolean> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const ballot = await lockForShare(ctx, tx.selectFrom('ballots').select(['status', 'closes_at']).where('id', '=', ballotId)).executeTakeFirst();
      if (!ballot || ballot.status !== 'open' || ballot.closes_at === null || ctx.clock.now() >= ballot.closes_at) {
        throw new UserError('ballot-closed', 'errors.ballot.closed');
      }
      const res = await tx.deleteFrom('votes').where('ballot_id', '=', ballotId).where('voter_id', '=', voterId).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    });
  }

  /** Closes every ballot whose time has come and settles ties whose moderators did not pick. */
  async closeDue(): Promise<number> {
    const now = this.ctx.clock.now();
    const due = await this.ctx.db
      .selectFrom('ballots')
      .innerJoin('series', 'series.id', 'ballots.series_id')
      .select('ballots.id')
      .where('series.status', '=', 'running')
      .where((eb) => eb.or([eb.and([eb('ballots.status', '=', 'open'), eb('ballots.closes_at', '<=', now)]), eb.and([eb('ballots.status', '=', 'tied'), eb('ballots.tie_deadline', '<=', now)])]))
      .execute();
    let handled = 0;
    for (const { id } of due) {
      const outcome = await this.close(id, { early: false });
      if (outcome.kind !== 'not-open') handled++;
    }
    return handled;
  }

  /**
   * Tallies and decides a ballot. No votes: extend once (if the series says so), then draw.
   * A tie: the moderators pick within the grace time (rule "moderator"), else a seeded draw.
   */
  async close(ballotId: string, opts: { early: boolean; actor?: Actor }): Promise<CloseOutcome> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const ballot = await lockForUpdate(ctx, tx.selectFrom('ballots').selectAll().where('id', '=', ballotId)).executeTakeFirst();
      if (!ballot) return { kind: 'not-open' } as const;
      const series = await tx.selectFrom('series').selectAll().where('id', '=', ballot.series_id).executeTakeFirstOrThrow();
      const now = ctx.clock.now();
      if (ballot.status === 'tied') {
        // The grace time for the moderators ran out: a seeded draw among the tied options.
        if (opts.early || ballot.tie_deadline === null || now < ballot.tie_deadline) return { kind: 'not-open' } as const;
        const tied = readJson(Counts, ballot.tally) ?? {};
        return this.finalize(tx, series, ballot, tieDraw(leadersOf(tied), series.seed, ballot.id), 'random-tie', tied, opts.actor);
      }
      if (ballot.status !== 'open') return { kind: 'not-open' } as const;
      if (!opts.early && (ballot.closes_at === null || now < ballot.closes_at)) return { kind: 'not-open' } as const;

      const options = await tx.selectFrom('ballot_options').select(['id', 'position']).where('ballot_id', '=', ballot.id).where('status', '=', 'active').orderBy('position').execute();
      const counts = await tallyVotes(tx, ballot.id);
      const tally = Object.fromEntries(options.map((o) => [o.id, counts.get(o.id) ?? 0]));
      const total = Object.values(tally).reduce((a, b) => a + b, 0);

      if (total === 0) {
        if (!opts.early && series.no_vote_rule === 'extend-then-random' && ballot.extensions === 0) {
          // On a schedule, until the close before a later release (the one in between is skipped).
          const closesAt = closeAtFor(series, now, now);
          await tx.updateTable('ballots').set({ closes_at: closesAt, extensions: 1 }).where('id', '=', ballot.id).execute();
          ctx.log.info({ ballotId: ballot.id }, 'no votes yet: ballot extended once');
          return { kind: 'extended', closesAt } as const;
        }
        const pick = seededPick(
          options.map((o) => o.id),
          `${series.seed}:${ballot.id}:no-votes`,
        );
        return this.finalize(tx, series, ballot, pick, 'random-no-votes', tally, opts.actor);
      }

      const leaders = leadersOf(tally);
      if (leaders.length === 1) return this.finalize(tx, series, ballot, leaders[0]!, 'votes', tally, opts.actor);
      // On a schedule the grace is cut to leave the next episode its time (none left: drawn now).
      const deadline = tieDeadlineFor(series, ballot.closes_at ?? now, now);
      if (series.tie_rule === 'moderator' && deadline > now) {
        await tx
          .updateTable('ballots')
          .set({ status: 'tied', tie_deadline: deadline, tally: JSON.stringify(tally) })
          .where('id', '=', ballot.id)
          .execute();
        const letters = options.filter((o) => leaders.includes(o.id)).map((o) => letterOf(o.position));
        return { kind: 'tied', letters, deadline } as const;
      }
      return this.finalize(tx, series, ballot, tieDraw(leaders, series.seed, ballot.id), 'random-tie', tally, opts.actor);
    });
  }

  /** A moderator breaks a tie by picking one of the tied options. */
  async pickTie(actor: Actor, seriesId: string, letter: string): Promise<CloseOutcome> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const ballot = await lockForUpdate(ctx, tx.selectFrom('ballots').selectAll().where('series_id', '=', seriesId).where('status', '=', 'tied')).executeTakeFirst();
      if (!ballot) throw new UserError('conflict', 'errors.ballot.noTie');
      const series = await tx.selectFrom('series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow();
      const tied = readJson(Counts, ballot.tally) ?? {};
      const top = Math.max(...Object.values(tied));
      const option = await this.optionByLetter(tx, ballot.id, letter);
      if (tied[option.id] !== top) {
        throw new UserError('invalid-input', 'errors.ballot.notTied', { letter: letter.toUpperCase() });
      }
      return this.finalize(tx, series, ballot, option.id, 'moderator', tied, actor);
    });
  }

  async addOption(actor: Actor, seriesId: string, labelText: string, teaserText?: string): Promise<string> {
    const label = cleanText(labelText, { field: msg('fields.label'), max: LABEL_MAX });
    const teaser = teaserText ? cleanText(teaserText, { field: msg('fields.teaser'), max: 200 }) : label;
    return transaction(this.ctx, async (tx) => {
      const ballot = await this.editableBallot(tx, seriesId);
      const series = await tx.selectFrom('series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow();
      const twist = parseTwist(await storyNow(tx, series), `${label}. ${teaser === label ? '' : teaser}`).op;
      const { letter } = await insertOption(this.ctx, tx, ballot.id, { label, teaser, twist, source: 'moderator', suggestionId: null, createdBy: actor.id });
      await audit(this.ctx, tx, { seriesId, actor, action: 'option.add', details: { letter, label } });
      return letter;
    });
  }

  async vetoOption(actor: Actor, seriesId: string, letter: string): Promise<string> {
    return transaction(this.ctx, async (tx) => {
      const ballot = await this.editableBallot(tx, seriesId);
      const option = await this.optionByLetter(tx, ballot.id, letter);
      if (option.status === 'vetoed') throw new UserError('conflict', 'errors.ballot.alreadyVetoed', { letter: letterOf(option.position) });
      const active = await this.activeCount(tx, ballot.id);
      if (active <= 2) throw new UserError('limit-reached', 'errors.ballot.needsTwo');
      await tx.updateTable('ballot_options').set({ status: 'vetoed' }).where('id', '=', option.id).execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'option.veto', details: { letter: letterOf(option.position), label: option.label } });
      return option.label;
    });
  }

  /** Puts a vetoed option back on the ballot. */
  async restoreOption(actor: Actor, seriesId: string, letter: string): Promise<string> {
    return transaction(this.ctx, async (tx) => {
      const ballot = await this.editableBallot(tx, seriesId);
      const option = await this.optionByLetter(tx, ballot.id, letter);
      if (option.status === 'active') throw new UserError('conflict', 'errors.ballot.alreadyOn', { letter: letterOf(option.position) });
      if ((await this.activeCount(tx, ballot.id)) >= MAX_ACTIVE_OPTIONS) {
        throw new UserError('limit-reached', 'errors.ballot.atMost', { max: MAX_ACTIVE_OPTIONS });
      }
      await tx.updateTable('ballot_options').set({ status: 'active' }).where('id', '=', option.id).execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'option.approve', details: { letter: letterOf(option.position) } });
      return option.label;
    });
  }

  async closeEarly(actor: Actor, seriesId: string): Promise<CloseOutcome> {
    const ballot = await this.current(seriesId);
    if (!ballot || ballot.status !== 'open') throw new UserError('conflict', 'errors.ballot.noneToClose');
    const outcome = await this.close(ballot.id, { early: true, actor });
    if (outcome.kind === 'not-open') throw new UserError('conflict', 'errors.ballot.alreadyClosed');
    await transaction(this.ctx, (tx) => audit(this.ctx, tx, { seriesId, actor, action: 'ballot.close', details: { outcome: outcome.kind } }));
    return outcome;
  }

  /** The ballot moderators may still change: drafted or open. */
  async editableBallot(tx: Executor, seriesId: string): Promise<Ballot> {
    const ballot = await lockForUpdate(this.ctx, tx.selectFrom('ballots').selectAll().where('series_id', '=', seriesId).where('status', 'in', ['draft', 'open'])).executeTakeFirst();
    if (!ballot) throw new UserError('conflict', 'errors.ballot.noneToChange');
    return ballot;
  }

  private async optionByLetter(tx: Executor, ballotId: string, letter: string) {
    const position = positionOf(letter);
    const option = position === undefined ? undefined : await tx.selectFrom('ballot_options').selectAll().where('ballot_id', '=', ballotId).where('position', '=', position).executeTakeFirst();
    if (!option) throw new UserError('invalid-input', 'errors.ballot.noSuchOption', { letter: letter.slice(0, 10) });
    return option;
  }

  private async activeCount(tx: Executor, ballotId: string): Promise<number> {
    const row = await tx
      .selectFrom('ballot_options')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ballot_id', '=', ballotId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async finalize(tx: Executor, series: Series, ballot: Ballot, winnerId: string, decidedBy: DecidedBy, tally: Record<string, number>, actor: Actor | undefined): Promise<CloseOutcome> {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    await tx
      .updateTable('ballots')
      .set({ status: 'closed', winner_option_id: winnerId, decided_by: decidedBy, tally: JSON.stringify(tally), closed_at: now, tie_deadline: null })
      .where('id', '=', ballot.id)
      .execute();
    const winner = await tx.selectFrom('ballot_options').select(['position', 'label']).where('id', '=', winnerId).executeTakeFirstOrThrow();
    await ctx.queue.enqueue(tx, { kind: 'announce', key: `announce:${ballot.id}`, payload: { ballotId: ballot.id } });
    await startNextEpisodeIfDue(ctx, tx, series);
    if (actor && decidedBy === 'moderator') {
      await audit(ctx, tx, { seriesId: series.id, actor, action: 'ballot.pick', details: { letter: letterOf(winner.position) } });
    }
    ctx.log.info({ ballotId: ballot.id, seriesId: series.id, winner: winner.label, decidedBy }, 'ballot decided');
    return { kind: 'decided', winnerLetter: letterOf(winner.position), decidedBy, tally };
  }
}

/** The options with the most votes. */
function leadersOf(tally: Record<string, number>): string[] {
  const top = Math.max(...Object.values(tally));
  return Object.keys(tally).filter((id) => tally[id] === top);
}

/** The seeded draw among tied options: the same ballot always draws the same winner. */
function tieDraw(leaders: string[], seed: number, ballotId: string): string {
  return seededPick([...leaders].sort(), `${seed}:${ballotId}:tie`);
}
