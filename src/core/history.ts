import type { Platform } from '../db/schema.js';
import type { BallotView, EpisodeView, Executor } from './ports.js';
import { loadBallotView, toEpisodeView } from './views.js';

/** A series as a story: every episode with the ballot that followed it (chosen and unchosen twists). */
export interface StoryNode {
  episode: EpisodeView;
  ballot: BallotView | null;
}

export async function storyOf(db: Executor, seriesId: string): Promise<StoryNode[]> {
  const series = await db.selectFrom('series').select(['name', 'title']).where('id', '=', seriesId).executeTakeFirstOrThrow();
  const episodes = await db.selectFrom('episodes').selectAll().where('series_id', '=', seriesId).orderBy('number').execute();
  const ballots = await db.selectFrom('ballots').selectAll().where('series_id', '=', seriesId).execute();
  const byEpisode = new Map(ballots.map((b) => [b.episode_id, b]));
  return Promise.all(
    episodes.map(async (row) => {
      const ballot = byEpisode.get(row.id);
      return { episode: toEpisodeView(row, series), ballot: ballot ? await loadBallotView(db, ballot) : null };
    }),
  );
}

export interface SeriesStats {
  /** Votes per episode's ballot, oldest first. */
  votesPerEpisode: { number: number; votes: number }[];
  /** Where the votes came from. */
  turnout: { platform: Platform | 'unknown'; chatId: string; votes: number }[];
  /** Which kind of twist won: the writer's, the community's or a moderator's. */
  winnersBySource: { source: string; wins: number }[];
  voters: number;
}

export async function statsOf(db: Executor, seriesId: string): Promise<SeriesStats> {
  const perEpisode = await db
    .selectFrom('episodes')
    .leftJoin('ballots', 'ballots.episode_id', 'episodes.id')
    .leftJoin('votes', 'votes.ballot_id', 'ballots.id')
    .select(['episodes.number', (eb) => eb.fn.count<number>('votes.voter_id').as('votes')])
    .where('episodes.series_id', '=', seriesId)
    .groupBy('episodes.number')
    .orderBy('episodes.number')
    .execute();
  const turnout = await db
    .selectFrom('votes')
    .innerJoin('ballots', 'ballots.id', 'votes.ballot_id')
    .leftJoin('channels', 'channels.id', 'votes.channel_id')
    .select(['channels.platform', 'channels.chat_id', (eb) => eb.fn.countAll<number>().as('votes')])
    .where('ballots.series_id', '=', seriesId)
    .groupBy(['channels.platform', 'channels.chat_id'])
    .execute();
  const winners = await db
    .selectFrom('ballots')
    .innerJoin('ballot_options', 'ballot_options.id', 'ballots.winner_option_id')
    .select(['ballot_options.source', (eb) => eb.fn.countAll<number>().as('wins')])
    .where('ballots.series_id', '=', seriesId)
    .groupBy('ballot_options.source')
    .execute();
  const voters = await db
    .selectFrom('votes')
    .innerJoin('ballots', 'ballots.id', 'votes.ballot_id')
    .select((eb) => eb.fn.count<number>('votes.voter_id').distinct().as('n'))
    .where('ballots.series_id', '=', seriesId)
    .executeTakeFirstOrThrow();
  return {
    votesPerEpisode: perEpisode.map((r) => ({ number: r.number, votes: Number(r.votes) })),
    turnout: turnout.map((r) => ({ platform: r.platform ?? ('unknown' as const), chatId: r.chat_id ?? '', votes: Number(r.votes) })).sort((a, b) => b.votes - a.votes),
    winnersBySource: winners.map((r) => ({ source: r.source, wins: Number(r.wins) })).sort((a, b) => b.wins - a.wins),
    voters: Number(voters.n),
  };
}

/** The moderator actions on a series, newest first. */
export async function auditOf(db: Executor, seriesId: string, limit = 50) {
  return db.selectFrom('audit_log').selectAll().where('series_id', '=', seriesId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Every series with its episode count and the newest poster, newest series first. */
export async function seriesOverview(db: Executor) {
  const series = await db.selectFrom('series').selectAll().orderBy('created_at', 'desc').execute();
  const episodes = await db.selectFrom('episodes').select(['series_id', 'id', 'number', 'poster_path']).orderBy('number', 'desc').execute();
  return series.map((s) => {
    const own = episodes.filter((e) => e.series_id === s.id);
    return { series: s, episodes: own.length, posterEpisodeId: own.find((e) => e.poster_path)?.id ?? null };
  });
}
