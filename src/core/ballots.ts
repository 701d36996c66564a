import { sql, type Selectable } from 'kysely';
import type { BallotsTable, DecidedBy, SeriesTable } from '../db/schema.js';
import { seededPick } from './clock.js';
import { audit, lockForShare, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { UserError } from './errors.js';
import { startNextEpisodeIfDue } from './loop.js';
import { insertOption, LABEL_MAX, MAX_ACTIVE_OPTIONS } from './options.js';
import { compileOnce } from '../db/compiled.js';
import type { BallotView, Executor } from './ports.js';
import { cleanText } from './text.js';
import { letterOf, loadBallotView, positionOf, tallyVotes } from './views.js';

type Ballot = Selectable<BallotsTable>;
type Series = Selectable<SeriesTable>;

export type CloseOutcome =
  | { kind: 'decided'; winnerLetter: string; decidedBy: DecidedBy; tally: Record<string, number> }
  | { kind: 'extended'; closesAt: number }
  | { kind: 'tied'; letters: string[]; deadline: number }
  | { kind: 'not-open' };

export interface VoteResult {
  letter: string;
  label: string;
  previousLetter: string | null;
  closesAt: number;
}

export class BallotService {
  constructor(private readonly ctx: CoreContext) {}

  /** The ballot people vote on now (open), or the one being prepared (draft) or decided (tied). */
  async current(seriesId: string, db: Executor = this.ctx.db): Promise<Ballot | undefined> {
    return db
      .selectFrom('ballots')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where('status', 'in', ['draft', 'open', 'tied'])
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
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
   *
   * The hot path is two statements and no explicit transaction: a read for the reply and the
   * reasons, then an upsert that re-checks every condition itself, so it is atomic on its own.
   * In PostgreSQL it takes a share lock on the ballot, so a close (FOR UPDATE) and a vote never
   * interleave: a vote that waits for a close re-reads the ballot and finds it closed.
   */
  async vote(input: { ballotId: string; option: string; voterId: string; channelId: string | null }): Promise<VoteResult> {
    const ctx = this.ctx;
    const position = positionOf(input.option);
    if (position === undefined) {
      throw new UserError('invalid-input', `“${input.option.slice(0, 10)}” is not an option. Vote with a letter such as A or B.`);
    }
    const now = ctx.clock.now();
    const info = await this.voteInfo(input.ballotId, position, input.voterId);
    this.assertVotable(info, position, now);
    const res = await this.upsertVote(ctx.db, { ...input, position, now });
    if (Number(res.numAffectedRows ?? 0) === 0) {
      // Something changed between the read and the write (a close, a veto, a pause): say what.
      this.assertVotable(await this.voteInfo(input.ballotId, position, input.voterId), position, ctx.clock.now());
      throw new UserError('ballot-closed', 'Voting on this ballot has closed.');
    }
    ctx.telemetry.voteCast();
    return {
      letter: letterOf(position),
      label: info!.label!,
      previousLetter: info!.previousPosition === null ? null : letterOf(info!.previousPosition),
      closesAt: info!.closes_at!,
    };
  }

  private async voteInfo(ballotId: string, position: number, voterId: string) {
    const { rows } = await this.voteInfoQuery(this.ctx.db, { ballotId, position, voterId });
    return rows[0];
  }

  private readonly voteInfoQuery = compileOnce(
    (a: { ballotId: string; position: number; voterId: string }) =>
      this.ctx.db
        .selectFrom('ballots')
        .innerJoin('series', 'series.id', 'ballots.series_id')
        .leftJoin('ballot_options as opt', (j) => j.onRef('opt.ballot_id', '=', 'ballots.id').on('opt.position', '=', a.position))
        .leftJoin('votes', (j) => j.onRef('votes.ballot_id', '=', 'ballots.id').on('votes.voter_id', '=', a.voterId))
        .leftJoin('ballot_options as prev', 'prev.id', 'votes.option_id')
        .select([
          'ballots.status',
          'ballots.closes_at',
          'series.status as seriesStatus',
          'series.title',
          'opt.label',
          'opt.status as optionStatus',
          'prev.position as previousPosition',
        ])
        .where('ballots.id', '=', a.ballotId),
    ['ballotId', 'position', 'voterId'],
  );

  /** Inserts or replaces a vote only while every condition for voting holds. */
  private readonly upsertVote = compileOnce(
    (a: { ballotId: string; option: string; voterId: string; channelId: string | null; position: number; now: number }) =>
      this.ctx.db
        .insertInto('votes')
        .columns(['ballot_id', 'voter_id', 'option_id', 'channel_id', 'cast_at'])
        .expression((eb) => {
          const select = eb
            .selectFrom('ballots')
            .innerJoin('series', 'series.id', 'ballots.series_id')
            .innerJoin('ballot_options', 'ballot_options.ballot_id', 'ballots.id')
            .select([
              'ballots.id',
              sql<string>`cast(${a.voterId} as text)`.as('voter_id'),
              'ballot_options.id as option_id',
              sql<string | null>`cast(${a.channelId} as text)`.as('channel_id'),
              sql<number>`cast(${a.now} as bigint)`.as('cast_at'),
            ])
            .where('ballots.id', '=', a.ballotId)
            .where('ballots.status', '=', 'open')
            .where('ballots.closes_at', '>', a.now)
            .where('series.status', '=', 'running')
            .where('ballot_options.position', '=', a.position)
            .where('ballot_options.status', '=', 'active');
          // Only the ballot row is locked (a racing close takes it for update and so waits for
          // this vote, or this vote waits and sees the ballot closed); locking the series and option
          // rows as well made every vote write three rows.
          return this.ctx.dialect === 'postgres' ? select.forShare('ballots') : select;
        })
        .onConflict((oc) =>
          oc.columns(['ballot_id', 'voter_id']).doUpdateSet((eb) => ({
            option_id: eb.ref('excluded.option_id'),
            channel_id: eb.ref('excluded.channel_id'),
            cast_at: eb.ref('excluded.cast_at'),
          })),
        ),
    ['ballotId', 'voterId', 'channelId', 'position', 'now'],
  );

  private assertVotable(info: Awaited<ReturnType<BallotService['voteInfo']>>, position: number, now: number): void {
    if (!info) throw new UserError('not-found', 'That ballot does not exist.');
    if (info.seriesStatus === 'paused') throw new UserError('series-not-running', `“${info.title}” is paused; voting resumes when it does.`);
    if (info.seriesStatus === 'ended') throw new UserError('series-not-running', `“${info.title}” has ended.`);
    if (info.status === 'draft') throw new UserError('ballot-closed', 'This ballot is not open yet: the episode is still on its way.');
    if (info.status === 'tied') throw new UserError('ballot-closed', "Voting has closed. It's a tie, and the moderators are picking the winner.");
    if (info.status !== 'open' || info.closes_at === null || now >= info.closes_at) {
      throw new UserError('ballot-closed', 'Voting on this ballot has closed.');
    }
    if (!info.label) throw new UserError('invalid-input', `There is no option ${letterOf(position)} on this ballot.`);
    if (info.optionStatus === 'vetoed') throw new UserError('invalid-input', `Option ${letterOf(position)} was withdrawn by the moderators. Pick another.`);
  }

  /** Takes a voter's vote back (Telegram lets people retract a poll answer). */
  async retract(ballotId: string, voterId: string): Promise<boolean> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const ballot = await lockForShare(ctx, tx.selectFrom('ballots').select(['status', 'closes_at']).where('id', '=', ballotId)).executeTakeFirst();
      if (!ballot || ballot.status !== 'open' || ballot.closes_at === null || ctx.clock.now() >= ballot.closes_at) {
        throw new UserError('ballot-closed', 'Voting on this ballot has closed.');
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
      .where((eb) =>
        eb.or([
          eb.and([eb('ballots.status', '=', 'open'), eb('ballots.closes_at', '<=', now)]),
          eb.and([eb('ballots.status', '=', 'tied'), eb('ballots.tie_deadline', '<=', now)]),
        ]),
      )
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
        const tied = JSON.parse(ballot.tally ?? '{}') as Record<string, number>;
        const top = Math.max(...Object.values(tied));
        const candidates = Object.keys(tied).filter((id) => tied[id] === top).sort();
        return this.finalize(tx, series, ballot, seededPick(candidates, `${series.seed}:${ballot.id}:tie`), 'random-tie', tied, opts.actor);
      }
      if (ballot.status !== 'open') return { kind: 'not-open' } as const;
      if (!opts.early && (ballot.closes_at === null || now < ballot.closes_at)) return { kind: 'not-open' } as const;

      const options = await tx
        .selectFrom('ballot_options')
        .select(['id', 'position'])
        .where('ballot_id', '=', ballot.id)
        .where('status', '=', 'active')
        .orderBy('position')
        .execute();
      const counts = await tallyVotes(tx, ballot.id);
      const tally = Object.fromEntries(options.map((o) => [o.id, counts.get(o.id) ?? 0]));
      const total = Object.values(tally).reduce((a, b) => a + b, 0);

      if (total === 0) {
        if (!opts.early && series.no_vote_rule === 'extend-then-random' && ballot.extensions === 0) {
          const closesAt = now + series.vote_window_ms;
          await tx.updateTable('ballots').set({ closes_at: closesAt, extensions: 1 }).where('id', '=', ballot.id).execute();
          ctx.log.info({ ballotId: ballot.id }, 'no votes yet: ballot extended once');
          return { kind: 'extended', closesAt } as const;
        }
        const pick = seededPick(options.map((o) => o.id), `${series.seed}:${ballot.id}:no-votes`);
        return this.finalize(tx, series, ballot, pick, 'random-no-votes', tally, opts.actor);
      }

      const top = Math.max(...Object.values(tally));
      const leaders = options.filter((o) => tally[o.id] === top).map((o) => o.id);
      if (leaders.length === 1) return this.finalize(tx, series, ballot, leaders[0]!, 'votes', tally, opts.actor);
      if (series.tie_rule === 'moderator') {
        const deadline = now + series.tie_grace_ms;
        await tx
          .updateTable('ballots')
          .set({ status: 'tied', tie_deadline: deadline, tally: JSON.stringify(tally) })
          .where('id', '=', ballot.id)
          .execute();
        const letters = options.filter((o) => leaders.includes(o.id)).map((o) => letterOf(o.position));
        return { kind: 'tied', letters, deadline } as const;
      }
      return this.finalize(tx, series, ballot, seededPick([...leaders].sort(), `${series.seed}:${ballot.id}:tie`), 'random-tie', tally, opts.actor);
    });
  }

  /** A moderator breaks a tie by picking one of the tied options. */
  async pickTie(actor: Actor, seriesId: string, letter: string): Promise<CloseOutcome> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const ballot = await lockForUpdate(
        ctx,
        tx.selectFrom('ballots').selectAll().where('series_id', '=', seriesId).where('status', '=', 'tied'),
      ).executeTakeFirst();
      if (!ballot) throw new UserError('conflict', 'There is no tied ballot to decide right now.');
      const series = await tx.selectFrom('series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow();
      const tied = JSON.parse(ballot.tally ?? '{}') as Record<string, number>;
      const top = Math.max(...Object.values(tied));
      const option = await this.optionByLetter(tx, ballot.id, letter);
      if (tied[option.id] !== top) {
        throw new UserError('invalid-input', `Option ${letter.toUpperCase()} is not one of the tied options.`);
      }
      return this.finalize(tx, series, ballot, option.id, 'moderator', tied, actor);
    });
  }

  async addOption(actor: Actor, seriesId: string, labelText: string, teaserText?: string): Promise<string> {
    const label = cleanText(labelText, { field: 'A twist label', max: LABEL_MAX });
    const teaser = teaserText ? cleanText(teaserText, { field: 'A teaser', max: 200 }) : label;
    return transaction(this.ctx, async (tx) => {
      const ballot = await this.editableBallot(tx, seriesId);
      const { letter } = await insertOption(this.ctx, tx, ballot.id, { label, teaser, source: 'moderator', suggestionId: null, createdBy: actor.id });
      await audit(this.ctx, tx, { seriesId, actor, action: 'option.add', details: { letter, label } });
      return letter;
    });
  }

  async vetoOption(actor: Actor, seriesId: string, letter: string): Promise<string> {
    return transaction(this.ctx, async (tx) => {
      const ballot = await this.editableBallot(tx, seriesId);
      const option = await this.optionByLetter(tx, ballot.id, letter);
      if (option.status === 'vetoed') throw new UserError('conflict', `Option ${letterOf(option.position)} is already vetoed.`);
      const active = await this.activeCount(tx, ballot.id);
      if (active <= 2) throw new UserError('limit-reached', 'A ballot needs at least two twists. Add one before vetoing this.');
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
      if (option.status === 'active') throw new UserError('conflict', `Option ${letterOf(option.position)} is already on the ballot.`);
      if ((await this.activeCount(tx, ballot.id)) >= MAX_ACTIVE_OPTIONS) {
        throw new UserError('limit-reached', `A ballot has at most ${MAX_ACTIVE_OPTIONS} twists; veto one first.`);
      }
      await tx.updateTable('ballot_options').set({ status: 'active' }).where('id', '=', option.id).execute();
      await audit(this.ctx, tx, { seriesId, actor, action: 'option.approve', details: { letter: letterOf(option.position) } });
      return option.label;
    });
  }

  async closeEarly(actor: Actor, seriesId: string): Promise<CloseOutcome> {
    const ballot = await this.current(seriesId);
    if (!ballot || ballot.status !== 'open') throw new UserError('conflict', 'There is no open ballot to close.');
    const outcome = await this.close(ballot.id, { early: true, actor });
    if (outcome.kind === 'not-open') throw new UserError('conflict', 'That ballot has already closed.');
    await transaction(this.ctx, (tx) => audit(this.ctx, tx, { seriesId, actor, action: 'ballot.close', details: { outcome: outcome.kind } }));
    return outcome;
  }

  /** The ballot moderators may still change: drafted or open. */
  async editableBallot(tx: Executor, seriesId: string): Promise<Ballot> {
    const ballot = await lockForUpdate(
      this.ctx,
      tx.selectFrom('ballots').selectAll().where('series_id', '=', seriesId).where('status', 'in', ['draft', 'open']),
    ).executeTakeFirst();
    if (!ballot) throw new UserError('conflict', 'There is no ballot to change right now; the next one comes with the next episode.');
    return ballot;
  }

  private async optionByLetter(tx: Executor, ballotId: string, letter: string) {
    const position = positionOf(letter);
    const option =
      position === undefined
        ? undefined
        : await tx.selectFrom('ballot_options').selectAll().where('ballot_id', '=', ballotId).where('position', '=', position).executeTakeFirst();
    if (!option) throw new UserError('invalid-input', `There is no option “${letter.slice(0, 10)}” on this ballot. Use a letter such as A or B.`);
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

  private async finalize(
    tx: Executor,
    series: Series,
    ballot: Ballot,
    winnerId: string,
    decidedBy: DecidedBy,
    tally: Record<string, number>,
    actor: Actor | undefined,
  ): Promise<CloseOutcome> {
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
