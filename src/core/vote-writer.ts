import type { Dialect } from '../db/connect.js';
import { hotStatement } from '../db/hot-statements.js';
import type { CoreContext } from './context.js';
import { UserError } from './errors.js';
import { letterOf } from './views.js';

export interface VoteResult {
  letter: string;
  label: string;
  previousLetter: string | null;
  closesAt: number;
}

export interface Vote {
  ballotId: string;
  /** The option's place on the ballot (0 = A). */
  position: number;
  voterId: string;
  channelId: string | null;
  /** When it was cast: it counts only if the ballot is still open then. */
  now: number;
}

/** What a vote needs to know about its ballot: the reasons to refuse it and the reply. */
interface VoteInfo {
  i: number;
  status: string | null;
  closes_at: number | null;
  seriesStatus: string | null;
  title: string | null;
  label: string | null;
  optionStatus: string | null;
  previousPosition: number | null;
}

interface Pending extends Vote {
  resolve(result: VoteResult): void;
  reject(error: unknown): void;
}

/** More votes than this wait for the next group (bounded statements, bounded waits). */
const MAX_GROUP = 500;

/**
 * Writes votes in groups. Votes that arrive while a group is being written wait and go together
 * in the next one: one read (the reply and the reasons to refuse) and one write (an upsert that
 * re-checks every condition itself) for the whole group, so one commit instead of one per vote.
 * A lone vote goes at once, so a quiet bot waits no longer than before. Each vote is answered
 * only after its group's write has committed.
 *
 * In PostgreSQL the write takes a share lock on the ballots, so a close (FOR UPDATE) and a vote
 * never interleave: a write that waits for a close re-checks the ballot and finds it closed.
 */
export class VoteWriter {
  private readonly waiting: Pending[] = [];
  private writing = false;
  private readonly statements: ReturnType<typeof statementsFor>;

  constructor(private readonly ctx: CoreContext) {
    this.statements = statementsFor(ctx.dialect);
  }

  cast(vote: Vote): Promise<VoteResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...vote, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // A microtask, so that votes cast in the same turn already share the first group.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) await this.write(this.takeGroup());
    } finally {
      this.writing = false;
    }
  }

  /** The next group: a voter's second vote on a ballot waits for the next one (one upsert may not touch a row twice). */
  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    const keys = new Set<string>();
    for (let n = 0; n < this.waiting.length && group.length < MAX_GROUP; ) {
      const vote = this.waiting[n]!;
      const key = keyOf(vote);
      if (keys.has(key)) {
        n++;
        continue;
      }
      keys.add(key);
      group.push(vote);
      this.waiting.splice(n, 1);
    }
    // One order for every process, so that two groups writing the same rows cannot deadlock.
    return group.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  }

  private async write(group: Pending[]): Promise<void> {
    const infos = await this.readOrReject(group);
    if (!infos) return;
    const valid: { vote: Pending; info: VoteInfo }[] = [];
    group.forEach((vote, n) => {
      const reason = refusal(infos[n], vote.position, vote.now);
      if (reason) vote.reject(reason);
      else valid.push({ vote, info: infos[n]! });
    });
    if (!valid.length) return;

    let written: Set<string>;
    try {
      written = await this.upsert(valid.map((v) => v.vote));
    } catch (error) {
      // One bad vote must not fail the others: when the database refused the statement, write each
      // on its own, so only it fails. A lost connection fails them all at once: retried one after
      // another, every voter behind them would wait for each failure in turn.
      if (valid.length === 1 || !refusedByDatabase(error)) {
        for (const { vote } of valid) vote.reject(error);
        return;
      }
      for (const { vote } of valid) await this.write([vote]);
      return;
    }
    const refused = valid.filter(({ vote }) => !written.has(keyOf(vote)));
    for (const { vote, info } of valid) {
      if (!written.has(keyOf(vote))) continue;
      this.ctx.telemetry.voteCast();
      vote.resolve({
        letter: letterOf(vote.position),
        label: info.label!,
        previousLetter: info.previousPosition === null ? null : letterOf(info.previousPosition),
        closesAt: info.closes_at!,
      });
    }
    if (refused.length) await this.explain(refused.map((r) => r.vote));
  }

  /** Something changed between the read and the write (a close, a veto, a pause): say what. */
  private async explain(refused: Pending[]): Promise<void> {
    const infos = await this.readOrReject(refused);
    if (!infos) return;
    const now = this.ctx.clock.now();
    refused.forEach((vote, n) => vote.reject(refusal(infos[n], vote.position, now) ?? new UserError('ballot-closed', 'errors.ballot.closed')));
  }

  /** The votes' rows; undefined once every vote has been told that the read failed. */
  private async readOrReject(votes: Pending[]): Promise<(VoteInfo | undefined)[] | undefined> {
    try {
      return await this.read(votes);
    } catch (error) {
      for (const vote of votes) vote.reject(error);
      return undefined;
    }
  }

  private async read(votes: readonly Vote[]): Promise<(VoteInfo | undefined)[]> {
    const rows = await this.statements.read(this.ctx.db, this.statements.readParameters(votes));
    const infos: (VoteInfo | undefined)[] = new Array(votes.length);
    for (const row of rows) if (row.status !== null) infos[Number(row.i)] = row;
    return infos;
  }

  private async upsert(votes: readonly Vote[]): Promise<Set<string>> {
    const rows = await this.statements.upsert(this.ctx.db, this.statements.upsertParameters(votes));
    return new Set(rows.map((r) => `${r.ballot_id}\u0000${r.voter_id}`));
  }
}

/**
 * Whether the database answered the statement with a refusal (a constraint, bad data, a conflict)
 * rather than failing to run it (a lost connection, a shutdown, no resources): only a refusal can
 * be one vote's fault.
 */
function refusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  if (code.startsWith('SQLITE_')) return !/^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|CANTOPEN|CORRUPT|NOTADB|READONLY)/.test(code);
  // PostgreSQL SQLSTATE: 08 connection, 53 resources, 57 operator intervention, 58 system, XX internal.
  return /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57|58|XX)/.test(code);
}

function keyOf(vote: Vote): string {
  return `${vote.ballotId}\u0000${vote.voterId}`;
}

/** Why a vote can't be counted, with the words for the voter; undefined when it can. */
function refusal(info: VoteInfo | undefined, position: number, now: number): UserError | undefined {
  if (!info) return new UserError('not-found', 'errors.ballot.missing');
  if (info.seriesStatus === 'paused') return new UserError('series-not-running', 'errors.ballot.paused', { title: info.title ?? '' });
  if (info.seriesStatus === 'ended') return new UserError('series-not-running', 'errors.series.ended', { title: info.title ?? '' });
  if (info.status === 'draft') return new UserError('ballot-closed', 'errors.ballot.notYet');
  if (info.status === 'tied') return new UserError('ballot-closed', 'errors.ballot.tiedClosed');
  if (info.status !== 'open' || info.closes_at === null || now >= info.closes_at) {
    return new UserError('ballot-closed', 'errors.ballot.closed');
  }
  if (!info.label) return new UserError('invalid-input', 'errors.ballot.noOption', { letter: letterOf(position) });
  if (info.optionStatus === 'vetoed') return new UserError('invalid-input', 'errors.ballot.withdrawn', { letter: letterOf(position) });
  return undefined;
}

/**
 * The group's read and write, one statement each. A group travels as arrays (PostgreSQL's
 * unnest) or as one JSON array (SQLite's json_each), so the SQL is the same for any group size.
 * A changed vote keeps when and where the voter first arrived (`first_cast_at`; `channel_id` unless
 * the first vote had none): the stats page counts the first hour and the channels by it.
 */
function statementsFor(dialect: Dialect) {
  const read = (from: string, ballot: string, position: string, voter: string, index: string) =>
    hotStatement<VoteInfo>(`select ${index} as i, b.status, b.closes_at, s.status as "seriesStatus", s.title,
        opt.label, opt.status as "optionStatus", prev.position as "previousPosition"
      from ${from}
      left join ballots b on b.id = ${ballot}
      left join series s on s.id = b.series_id
      left join ballot_options opt on opt.ballot_id = b.id and opt.position = ${position}
      left join votes on votes.ballot_id = b.id and votes.voter_id = ${voter}
      left join ballot_options prev on prev.id = votes.option_id`);
  const upsert = (from: string, v: { ballot: string; voter: string; position: string; channel: string; castAt: string }, lock: string) =>
    hotStatement<{ ballot_id: string; voter_id: string }>(`insert into votes (ballot_id, voter_id, option_id, channel_id, cast_at, first_cast_at)
      select b.id, ${v.voter}, o.id, ${v.channel}, ${v.castAt}, ${v.castAt}
      from ${from}
      cross join ballots b
      join series s on s.id = b.series_id
      join ballot_options o on o.ballot_id = b.id and o.position = ${v.position}
      where b.id = ${v.ballot} and b.status = 'open' and b.closes_at > ${v.castAt} and s.status = 'running' and o.status = 'active'
      ${lock}
      on conflict (ballot_id, voter_id) do update
        set option_id = excluded.option_id, channel_id = coalesce(votes.channel_id, excluded.channel_id), cast_at = excluded.cast_at
      returning ballot_id, voter_id`);

  if (dialect === 'postgres') {
    return {
      read: read('unnest($1::text[], $2::int[], $3::text[]) with ordinality as v(ballot_id, position, voter_id, i)', 'v.ballot_id', 'v.position', 'v.voter_id', '(v.i - 1)::int'),
      readParameters: (votes: readonly Vote[]) => [votes.map((v) => v.ballotId), votes.map((v) => v.position), votes.map((v) => v.voterId)],
      // Only the ballot rows are locked: locking the series and option rows as well wrote three rows a vote.
      upsert: upsert(
        'unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[]) as v(ballot_id, voter_id, position, channel_id, cast_at)',
        { ballot: 'v.ballot_id', voter: 'v.voter_id', position: 'v.position', channel: 'v.channel_id', castAt: 'v.cast_at' },
        'for share of b',
      ),
      upsertParameters: (votes: readonly Vote[]) => [votes.map((v) => v.ballotId), votes.map((v) => v.voterId), votes.map((v) => v.position), votes.map((v) => v.channelId), votes.map((v) => v.now)],
    };
  }
  // SQLite: one writer at a time, so no locks. The group arrives as one JSON array, unpacked once
  // (json_each's key is the vote's place in the group). The upsert's `cross join` makes SQLite start
  // from the group (it would rather scan the open ballots).
  const unpack = (...columns: string[]) => `(select ${['key as i', ...columns.map((c, n) => `value ->> ${n} as ${c}`)].join(', ')} from json_each(?)) as v`;
  return {
    read: read(unpack('ballot_id', 'position', 'voter_id'), 'v.ballot_id', 'v.position', 'v.voter_id', 'v.i'),
    readParameters: (votes: readonly Vote[]) => [JSON.stringify(votes.map((v) => [v.ballotId, v.position, v.voterId]))],
    upsert: upsert(
      unpack('ballot_id', 'voter_id', 'position', 'channel_id', 'cast_at'),
      { ballot: 'v.ballot_id', voter: 'v.voter_id', position: 'v.position', channel: 'v.channel_id', castAt: 'v.cast_at' },
      '',
    ),
    upsertParameters: (votes: readonly Vote[]) => [JSON.stringify(votes.map((v) => [v.ballotId, v.voterId, v.position, v.channelId, v.now]))],
  };
}
