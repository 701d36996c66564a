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
