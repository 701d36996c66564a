import { z } from 'zod';
import type { DecidedBy, Platform } from '../db/schema.js';
import { listText, translate } from '../i18n/i18n.js';
import { BoundedMap } from './bounded-map.js';
import { readJson } from './json.js';
import type { AudienceTaste, Executor, OptionReason } from './ports.js';
import { TwistOpSchema, type TwistOp } from './story/model.js';
import { RULE_BY_KIND } from './story/twists.js';

/**
 * Audience insight: what each episode's ballot tells about the people who vote (who voted where,
 * what share of a channel, how fast, how close, which twists won), and what a community keeps
 * choosing, which the writers give more room on the next ballots (src/writer/audience.ts).
 * A handful of grouped queries per series, so the studio's stats page stays fast at 100,000 votes.
 */

/** Ballots looked back at for what a community keeps choosing. */
export const AUDIENCE_WINDOW = 6;
/** A kind or a character is favoured once it won at least this many of those ballots… */
const FAVOURED_MIN_WINS = 2;
/** …and at least this share of them. */
const FAVOURED_MIN_SHARE = 0.4;
const HOUR_MS = 3_600_000;

export type PlatformKey = Platform | 'unknown';

export interface ChannelInsight {
  platform: PlatformKey;
  chatId: string;
  voters: number;
  /** Members when the episode was posted there; null: the platform did not say. */
  members: number | null;
}

export interface EpisodeInsight {
  number: number;
  ballotStatus: string;
  opensAt: number | null;
  /** Everyone who voted (one vote per voter per ballot). */
  voters: number;
  byPlatform: Partial<Record<PlatformKey, number>>;
  channels: ChannelInsight[];
  /** Members of the channels whose platform told us (null: none did), and the voters there over them. */
  members: number | null;
  turnout: number | null;
  /** Voters who first voted in the ballot's first hour over all its voters (a vote changed later counts when it first came); null: no votes. */
  firstHourShare: number | null;
  /**
   * The winner's lead over the best other option still on the ballot (vetoed ones left out; before
   * the close, the leader's), in votes and as a share of the votes; `decidedBy` says when the
   * moderators or a draw decided rather than the votes. Null: no votes.
   */
  margin: { votes: number; share: number; decidedBy: DecidedBy | null } | null;
  /** Community suggestions made while the ballot was open. */
  suggestions: number;
  winner: WinnerInsight | null;
}

export interface WinnerInsight {
  letter: string;
  label: string;
  source: string;
  decidedBy: DecidedBy | null;
  /** The twist kind (null for options made before the story model). */
  kind: string | null;
  /** The hook it pulls on: the kind's family (secret, danger, heart…). */
  hook: string | null;
  /** Who does it. */
  character: string | null;
}

export interface Count {
  key: string;
  count: number;
}

export interface SeriesInsight {
  episodes: EpisodeInsight[];
  /** Different voters over the whole series. */
  voters: number;
  /** Votes per channel over the whole series, with its latest member count. */
  channels: ChannelInsight[];
  /** What won, over every closed ballot. */
  winners: { kinds: Count[]; characters: Count[]; hooks: Count[]; sources: Count[] };
  /** What the writers see now: the community's favourites. */
  taste: AudienceTaste;
}

/** A ballot's votes counted per channel and per option, and how many came in its first hour. */
interface BallotVotes {
  channels: Map<string, number>;
  options: Map<string, number>;
  early: number;
  total: number;
}

/** The counts of closed ballots (no vote changes once a ballot closes), kept by this process per database. */
const settledIn = new WeakMap<object, BoundedMap<string, BallotVotes>>();

const byCount = (a: Count, b: Count) => b.count - a.count || a.key.localeCompare(b.key);
const counted = (m: Map<string, number>): Count[] => [...m].map(([key, count]) => ({ key, count })).sort(byCount);
const bump = (m: Map<string, number>, key: string, by = 1) => m.set(key, (m.get(key) ?? 0) + by);

function readOp(text: string | null): TwistOp | undefined {
  return readJson(TwistOpSchema, text);
}

/** Everything the stats page shows about one series. */
export async function insightOf(db: Executor, seriesId: string): Promise<SeriesInsight> {
  let settled = settledIn.get(db);
  if (!settled) settledIn.set(db, (settled = new BoundedMap(100_000)));
  const ballots = await db
    .selectFrom('ballots')
    .innerJoin('episodes', 'episodes.id', 'ballots.episode_id')
    .leftJoin('ballot_options', 'ballot_options.id', 'ballots.winner_option_id')
    .select([
      'ballots.id',
      'ballots.episode_id',
      'ballots.status',
      'ballots.opens_at',
      'ballots.closed_at',
      'ballots.decided_by',
      'ballots.winner_option_id',
      'episodes.number',
      'ballot_options.position',
      'ballot_options.label',
      'ballot_options.source',
      'ballot_options.twist',
    ])
    .where('ballots.series_id', '=', seriesId)
    .orderBy('episodes.number')
    .execute();
  // Closed ballots take no more votes: their counts are kept once read, and only the others are counted.
  const unsettled = ballots.filter((b) => !settled.has(b.id)).map((b) => b.id);
  const [votes, channels, members, suggestions, voters, taste, active] = await Promise.all([
    // One pass over those ballots' votes: per ballot, channel and option, with the first hour's share.
    db
      .selectFrom('votes')
      .innerJoin('ballots', 'ballots.id', 'votes.ballot_id')
      .select((eb) => [
        'votes.ballot_id',
        'votes.channel_id',
        'votes.option_id',
        eb.fn.countAll<number>().as('n'),
        eb.fn
          .sum<number>(
            eb
              .case()
              // When each voter first arrived: a vote changed later still came in the first hour.
              .when('votes.first_cast_at', '<', eb('ballots.opens_at', '+', HOUR_MS))
              .then(1)
              .else(0)
              .end(),
          )
          .as('early'),
      ])
      .where('votes.ballot_id', 'in', unsettled.length ? unsettled : [''])
      .groupBy(['votes.ballot_id', 'votes.channel_id', 'votes.option_id'])
      .execute(),
    db.selectFrom('channels').select(['id', 'platform', 'chat_id']).where('series_id', '=', seriesId).execute(),
    db
      .selectFrom('deliveries')
      .innerJoin('episodes', 'episodes.id', 'deliveries.episode_id')
      .select(['deliveries.episode_id', 'deliveries.channel_id', 'deliveries.members'])
      .where('episodes.series_id', '=', seriesId)
      .where('deliveries.members', 'is not', null)
      .execute(),
    db.selectFrom('suggestions').select('created_at').where('series_id', '=', seriesId).execute(),
    // Distinct voters as a subquery: both databases hash it, where count(distinct) sorts.
    db
      .selectFrom(db.selectFrom('votes').innerJoin('ballots', 'ballots.id', 'votes.ballot_id').select('votes.voter_id').distinct().where('ballots.series_id', '=', seriesId).as('voters'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    tasteOf(db, seriesId),
    // The options still on each ballot: the margin is measured among them.
    db
      .selectFrom('ballot_options')
      .innerJoin('ballots', 'ballots.id', 'ballot_options.ballot_id')
      .select(['ballot_options.ballot_id', 'ballot_options.id'])
      .where('ballots.series_id', '=', seriesId)
      .where('ballot_options.status', '=', 'active')
      .execute(),
  ]);
  const activeOf = new Map<string, string[]>();
  for (const o of active) activeOf.set(o.ballot_id, [...(activeOf.get(o.ballot_id) ?? []), o.id]);

  const channelOf = new Map(channels.map((c) => [c.id, c]));
  const membersOf = new Map(members.map((m) => [`${m.episode_id}:${m.channel_id}`, Number(m.members)]));
  const latestMembers = new Map<string, number>();
  for (const b of ballots) for (const c of channels) if (membersOf.has(`${b.episode_id}:${c.id}`)) latestMembers.set(c.id, membersOf.get(`${b.episode_id}:${c.id}`)!);

  // Per ballot: voters per channel, per option, and the first hour.
  const perBallot = new Map<string, BallotVotes>();
  for (const row of votes) {
    const n = Number(row.n);
    let b = perBallot.get(row.ballot_id);
    if (!b) perBallot.set(row.ballot_id, (b = { channels: new Map(), options: new Map(), early: 0, total: 0 }));
    bump(b.channels, row.channel_id ?? '', n);
    bump(b.options, row.option_id, n);
    b.early += Number(row.early ?? 0);
    b.total += n;
  }
  const empty: BallotVotes = { channels: new Map(), options: new Map(), early: 0, total: 0 };
  const seriesChannels = new Map<string, number>();
  for (const ballot of ballots) {
    const b = settled.get(ballot.id) ?? perBallot.get(ballot.id) ?? empty;
    if (!settled.has(ballot.id) && (ballot.status === 'closed' || ballot.status === 'cancelled')) settled.set(ballot.id, b);
    perBallot.set(ballot.id, b);
    for (const [channel, n] of b.channels) bump(seriesChannels, channel, n);
  }
  const sortedSuggestions = suggestions.map((s) => Number(s.created_at)).sort((a, b) => a - b);
  const suggestionsBetween = (from: number, to: number) => lowerBound(sortedSuggestions, to) - lowerBound(sortedSuggestions, from);

  const kinds = new Map<string, number>();
  const characters = new Map<string, number>();
  const hooks = new Map<string, number>();
  const sources = new Map<string, number>();
  const place = (channelId: string) => {
    const c = channelOf.get(channelId);
    return c ? { platform: c.platform as PlatformKey, chatId: c.chat_id } : { platform: 'unknown' as const, chatId: '' };
  };

  const episodes = ballots.map((ballot): EpisodeInsight => {
    const b = perBallot.get(ballot.id);
    const chans: ChannelInsight[] = [...(b?.channels ?? [])]
      .map(([id, n]) => ({ ...place(id), voters: n, members: membersOf.get(`${ballot.episode_id}:${id}`) ?? null }))
      .sort((x, y) => y.voters - x.voters);
    // Channels that got the episode and whose platform said how many people are there, voters or not.
    for (const [key, count] of membersOf) {
      const [episodeId, channelId] = key.split(':') as [string, string];
      if (episodeId === ballot.episode_id && !b?.channels.has(channelId)) chans.push({ ...place(channelId), voters: 0, members: count });
    }
    const known = chans.filter((c) => c.members !== null);
    const memberSum = known.reduce((n, c) => n + (c.members ?? 0), 0);
    const byPlatform: Partial<Record<PlatformKey, number>> = {};
    for (const c of chans) if (c.voters) byPlatform[c.platform] = (byPlatform[c.platform] ?? 0) + c.voters;
    const total = b?.total ?? 0;
    const votesFor = (id: string) => b?.options.get(id) ?? 0;
    const onBallot = activeOf.get(ballot.id) ?? [];
    // The winner against the best of the rest; an undecided ballot's leader against the runner-up.
    const leader = ballot.winner_option_id ?? [...onBallot].sort((x, y) => votesFor(y) - votesFor(x))[0];
    const lead = leader === undefined ? 0 : votesFor(leader) - Math.max(0, ...onBallot.filter((id) => id !== leader).map(votesFor));
    const op = readOp(ballot.twist);
    const winner: WinnerInsight | null =
      ballot.position === null || ballot.position === undefined
        ? null
        : {
            letter: String.fromCharCode(65 + ballot.position),
            label: ballot.label ?? '',
            source: ballot.source ?? 'writer',
            decidedBy: ballot.decided_by,
            kind: op?.kind ?? null,
            hook: op ? (RULE_BY_KIND.get(op.kind)?.family ?? null) : null,
            character: op?.actor ?? null,
          };
    if (winner) {
      bump(sources, winner.source);
      if (winner.kind) bump(kinds, winner.kind);
      if (winner.hook) bump(hooks, winner.hook);
      if (winner.character) bump(characters, winner.character);
    }
    const opensAt = ballot.opens_at === null ? null : Number(ballot.opens_at);
    return {
      number: ballot.number,
      ballotStatus: ballot.status,
      opensAt,
      voters: total,
      byPlatform,
      channels: chans,
      members: known.length ? memberSum : null,
      turnout: known.length && memberSum > 0 ? Math.min(1, known.reduce((n, c) => n + c.voters, 0) / memberSum) : null,
      firstHourShare: total ? (b?.early ?? 0) / total : null,
      margin: total ? { votes: lead, share: lead / total, decidedBy: ballot.decided_by } : null,
      suggestions: opensAt === null ? 0 : suggestionsBetween(opensAt, ballot.closed_at === null ? Number.POSITIVE_INFINITY : Number(ballot.closed_at)),
      winner,
    };
  });

  return {
    episodes,
    voters: Number(voters.n),
    channels: [...seriesChannels].map(([id, n]) => ({ ...place(id), voters: n, members: latestMembers.get(id) ?? null })).sort((a, b) => b.voters - a.voters),
    winners: { kinds: counted(kinds), characters: counted(characters), hooks: counted(hooks), sources: counted(sources) },
    taste,
  };
}

/** The first index whose value is ≥ x in a sorted list. */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---- what a community keeps choosing --------------------------------------------------------

/**
 * What won the latest ballots the community decided (by votes: a moderator's pick or a draw says
 * nothing about taste), and which kinds and characters won often enough to be favoured.
 * Community twists in their own words have no kind to favour.
 */
export async function tasteOf(db: Executor, seriesId: string, window = AUDIENCE_WINDOW): Promise<AudienceTaste> {
  const rows = await db
    .selectFrom('ballots')
    .innerJoin('ballot_options', 'ballot_options.id', 'ballots.winner_option_id')
    .select(['ballot_options.twist'])
    .where('ballots.series_id', '=', seriesId)
    .where('ballots.status', '=', 'closed')
    .where('ballots.decided_by', '=', 'votes')
    .orderBy('ballots.closed_at', 'desc')
    .limit(window)
    .execute();
  const kinds = new Map<string, number>();
  const characters = new Map<string, number>();
  for (const row of rows) {
    const op = readOp(row.twist);
    if (!op) continue;
    if (op.kind !== 'community') bump(kinds, op.kind);
    bump(characters, op.actor);
  }
  return tasteFrom(rows.length, counted(kinds), counted(characters));
}

/** A taste from counts (the offline benchmarks and tests build one without a database). */
export function tasteFrom(ballots: number, kinds: Count[], characters: Count[]): AudienceTaste {
  const favoured = (c: Count) => c.count >= FAVOURED_MIN_WINS && c.count / Math.max(1, ballots) >= FAVOURED_MIN_SHARE;
  return {
    ballots,
    kinds: kinds.map((c) => ({ kind: c.key, wins: c.count })),
    characters: characters.map((c) => ({ name: c.key, wins: c.count })),
    favoured: { kinds: kinds.filter(favoured).map((c) => c.key), characters: characters.filter(favoured).map((c) => c.key) },
  };
}

/** Why an option stands on a ballot, as far as the audience goes: null when it is simply the writer's pick. */
export function reasonFor(op: Pick<TwistOp, 'kind' | 'actor'>, taste: AudienceTaste | undefined): OptionReason | null {
  if (!taste || !taste.ballots) return null;
  const { kinds, characters } = taste.favoured;
  if (kinds.includes(op.kind)) return { why: 'kind', kind: op.kind, wins: taste.kinds.find((k) => k.kind === op.kind)?.wins ?? 0, of: taste.ballots };
  if (characters.includes(op.actor)) return { why: 'character', character: op.actor, wins: taste.characters.find((c) => c.name === op.actor)?.wins ?? 0, of: taste.ballots };
  if (kinds.length) return { why: 'variety', kinds: [...kinds], wins: 0, of: taste.ballots };
  return null;
}

export const OptionReasonSchema: z.ZodType<OptionReason> = z.object({
  why: z.enum(['kind', 'character', 'variety']),
  kind: z.string().max(30).optional(),
  character: z.string().max(60).optional(),
  kinds: z.array(z.string().max(30)).max(10).optional(),
  wins: z.number().int().min(0),
  of: z.number().int().min(0),
});

export function readReason(text: string | null | undefined): OptionReason | null {
  return readJson(OptionReasonSchema, text) ?? null;
}

/** A twist kind's name in a language ("betrayal"); the kind itself when the catalog lacks it. */
export function kindName(kind: string, locale: string): string {
  return translate(locale)(`bot:insight.kind.${kind}`, { defaultValue: kind.replace(/_/g, ' ') });
}

/** A reason in a moderator's language: "This community picked betrayal twists 4 of the last 5 times." */
export function reasonText(reason: OptionReason, locale: string): string {
  const tr = translate(locale);
  if (reason.why === 'kind') return tr('bot:insight.reason.kind', { kind: kindName(reason.kind ?? '', locale), wins: reason.wins, of: reason.of });
  if (reason.why === 'character') return tr('bot:insight.reason.character', { name: reason.character ?? '', wins: reason.wins, of: reason.of });
  return tr('bot:insight.reason.variety', {
    kinds: listText(
      locale,
      (reason.kinds ?? []).map((k) => kindName(k, locale)),
    ),
  });
}
