import { BallotService } from './ballots.js';
import { CastService } from './cast.js';
import type { CoreContext } from './context.js';
import { EpisodeService } from './episodes.js';
import { UserError } from './errors.js';
import { StoryLoop, type LoopParts } from './loop.js';
import type { BallotView, EpisodeView, Place } from './ports.js';
import { SeriesService, type Series } from './series.js';
import { SuggestionService } from './suggestions.js';

export interface SeriesStatus {
  series: Series;
  cast: { name: string; species: string }[];
  channels: number;
  episode: EpisodeView | null;
  ballot: BallotView | null;
  pendingSuggestions: number;
}

/** The story engine: every operation of a series, platform-free. */
export class Engine {
  readonly series: SeriesService;
  readonly cast: CastService;
  readonly ballots: BallotService;
  readonly suggestions: SuggestionService;
  readonly episodes: EpisodeService;
  readonly loop: StoryLoop;

  constructor(
    readonly ctx: CoreContext,
    parts: LoopParts,
  ) {
    this.series = new SeriesService(ctx);
    this.cast = new CastService(ctx);
    this.ballots = new BallotService(ctx);
    this.suggestions = new SuggestionService(ctx);
    this.episodes = new EpisodeService(ctx);
    this.loop = new StoryLoop(ctx, parts);
  }

  now(): number {
    return this.ctx.clock.now();
  }

  async status(seriesId: string): Promise<SeriesStatus> {
    const db = this.ctx.db;
    const series = await db.selectFrom('series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow();
    const [cast, channels, pending, ballot] = await Promise.all([
      this.cast.list(seriesId),
      db.selectFrom('channels').select((eb) => eb.fn.countAll<number>().as('n')).where('series_id', '=', seriesId).where('unfollowed_at', 'is', null).executeTakeFirstOrThrow(),
      this.suggestions.pending(seriesId),
      this.ballots.latest(seriesId),
    ]);
    const episode = await this.episodes.show(seriesId).catch((err: unknown) => {
      if (err instanceof UserError && err.code === 'not-found') return null;
      throw err;
    });
    return {
      series,
      cast: cast.map((c) => ({ name: c.name, species: c.species })),
      channels: Number(channels.n),
      episode,
      ballot: ballot && ballot.episode_id === episode?.id ? await this.ballots.view(ballot) : null,
      pendingSuggestions: pending.length,
    };
  }

  /** The channel row of `place` in a series, for counting votes per channel. */
  channelId(seriesId: string, place: Place): Promise<string | null> {
    return this.series.channelIdFor(this.ctx.db, seriesId, place);
  }
}
