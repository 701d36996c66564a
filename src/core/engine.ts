import { BallotService, type VoteResult } from './ballots.js';
import { findPoll } from './deliveries.js';
import { loadBallotView, loadEpisodeView } from './views.js';
import type { Platform } from '../db/schema.js';
import { CastService } from './cast.js';
import { CreditsService } from './credits.js';
import { ChannelService, postLocale, type BlockedChannel } from './channels.js';
import { sql } from 'kysely';
import type { CoreContext } from './context.js';
import { EpisodeService } from './episodes.js';
import { kitFacts, type KitFacts } from './exports.js';
import { ExportService } from './export-jobs.js';
import { languageLocale, type Locale } from '../i18n/i18n.js';
import { UserError } from './errors.js';
import { auditOf, seriesOverview, storyOf } from './history.js';
import { insightOf } from './insight.js';
import { StoryLoop, type LoopParts } from './loop.js';
import { ReleaseService, type ReleaseView } from './schedule.js';
import { RecapService } from './recap.js';
import type { BallotView, EpisodeView, Place } from './ports.js';
import { SeriesService, type Series } from './series.js';
import { SuggestionService } from './suggestions.js';
import { SponsorService } from './sponsors.js';
import { StoryService } from './story/service.js';

export interface SeriesStatus {
  series: Series;
  cast: { name: string; species: string }[];
  channels: number;
  episode: EpisodeView | null;
  ballot: BallotView | null;
  pendingSuggestions: number;
  /** Channels the platform refuses now (the bot was removed, a permission is missing). */
  blocked: BlockedChannel[];
  /** The release schedule and the next release; null when episodes go out as soon as they are ready. */
  release: ReleaseView | null;
}

/** The story engine: every operation of a series, platform-free. */
export class Engine {
  readonly series: SeriesService;
  readonly cast: CastService;
  readonly ballots: BallotService;
  readonly suggestions: SuggestionService;
  readonly sponsors: SponsorService;
  readonly episodes: EpisodeService;
  readonly story: StoryService;
  readonly channels: ChannelService;
  /** "The story so far" videos: asked for by anyone, made once per episode. */
  readonly recaps: RecapService;
  readonly credits: CreditsService;
  /** Season cuts and soft-subtitled variants: asked for by moderators, made once per version by the `export` job. */
  readonly exports: ExportService;
  readonly loop: StoryLoop;
  /** Release schedules: fixed release times, and the scheduler's hand-over of episodes whose slot came. */
  readonly releases: ReleaseService;

  constructor(
    readonly ctx: CoreContext,
    parts: LoopParts,
  ) {
    this.series = new SeriesService(ctx);
    this.cast = new CastService(ctx);
    this.ballots = new BallotService(ctx);
    this.suggestions = new SuggestionService(ctx);
    this.sponsors = new SponsorService(ctx);
    this.episodes = new EpisodeService(ctx);
    this.story = new StoryService(ctx);
    this.channels = new ChannelService(ctx);
    this.recaps = new RecapService(ctx);
    this.credits = new CreditsService(ctx);
    this.exports = new ExportService(ctx);
    this.loop = new StoryLoop(ctx, parts);
    this.releases = new ReleaseService(ctx);
  }

  now(): number {
    return this.ctx.clock.now();
  }

  async status(seriesId: string): Promise<SeriesStatus> {
    const db = this.ctx.db;
    const series = await db.selectFrom('series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow();
    const [cast, channels, pending, ballot, blocked] = await Promise.all([
      this.cast.list(seriesId),
      db
        .selectFrom('channels')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('series_id', '=', seriesId)
        .where('unfollowed_at', 'is', null)
        .executeTakeFirstOrThrow(),
      this.suggestions.pending(seriesId),
      this.ballots.latest(seriesId),
      this.channels.blockedIn(seriesId),
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
      blocked,
      release: await this.releases.view(series),
    };
  }

  /**
   * An answer to a ballot posted as a platform poll: `choice` is the option's place in the poll,
   * null when the voter took their answer back. Undefined when the poll is not one of ours.
   */
  async pollAnswer(input: { platform: Platform; pollId: string; voterId: string; choice: number | null }): Promise<VoteResult | 'retracted' | undefined> {
    const poll = await findPoll(this.ctx.db, input.platform, input.pollId);
    if (!poll) return undefined;
    if (input.choice === null) {
      await this.ballots.retract(poll.ballotId, input.voterId);
      return 'retracted';
    }
    const letter = poll.letters?.[input.choice];
    if (!letter) throw new UserError('invalid-input', 'errors.ballot.pollAnswer');
    return this.ballots.vote({ ballotId: poll.ballotId, option: letter, voterId: input.voterId, channelId: poll.channelId });
  }

  /** A vote on a ballot named by id (a button under a posted episode), counted for the channel it came from. */
  async voteOn(input: { ballotId: string; letter: string; voterId: string; place: Place }): Promise<VoteResult> {
    const ballot = await this.ctx.db.selectFrom('ballots').select(['series_id']).where('id', '=', input.ballotId).executeTakeFirst();
    if (!ballot) throw new UserError('not-found', 'errors.ballot.gone');
    const channelId = await this.channelId(ballot.series_id, input.place);
    return this.ballots.vote({ ballotId: input.ballotId, option: input.letter, voterId: input.voterId, channelId });
  }

  /**
   * Open ballots posted on `platform` that got a vote at or after `since` (engine time), from any
   * platform or process: the posts whose live tally is out of date.
   */
  async ballotsVotedSince(since: number, platform: Platform): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('ballots')
      .innerJoin('deliveries', 'deliveries.episode_id', 'ballots.episode_id')
      .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
      .select('ballots.id')
      .distinct()
      .where('ballots.status', '=', 'open')
      .where('channels.platform', '=', platform)
      .where('deliveries.message_id', 'is not', null)
      .where((eb) => eb.exists(eb.selectFrom('votes').select('votes.ballot_id').whereRef('votes.ballot_id', '=', 'ballots.id').where('votes.cast_at', '>=', since)))
      .execute();
    return rows.map((r) => r.id);
  }

  /** Where a ballot's episode was posted on one platform, with the current views: for refreshing tallies. */
  async ballotPosts(ballotId: string, platform: Platform): Promise<{ episode: EpisodeView; ballot: BallotView; posts: { chatId: string; messageId: string; locale: Locale }[] } | undefined> {
    const db = this.ctx.db;
    const row = await db.selectFrom('ballots').selectAll().where('id', '=', ballotId).executeTakeFirst();
    if (!row) return undefined;
    const posts = await db
      .selectFrom('deliveries')
      .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
      .innerJoin('series', 'series.id', 'channels.series_id')
      .select(['channels.chat_id as chatId', 'deliveries.message_id as messageId', 'channels.language', 'series.language as seriesLanguage'])
      .where('deliveries.episode_id', '=', row.episode_id)
      .where('channels.platform', '=', platform)
      .where('deliveries.message_id', 'is not', null)
      .execute();
    const episode = await loadEpisodeView(db, row.episode_id);
    if (!episode) return undefined;
    return { episode, ballot: await loadBallotView(db, row), posts: posts.map((p) => ({ chatId: p.chatId, messageId: p.messageId!, locale: postLocale(p.language, p.seriesLanguage) })) };
  }

  // ---- reads for the adapters (they never hold a database executor) -----------------------

  /** Answers when the database does (for /healthz). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.ctx.db);
  }

  /**
   * The language of a reply to a person in `place`: the channel's setting, else the person's own
   * (`tag`, as their platform says it) when we ship it, else the language of the series the place
   * follows when we ship that, else English.
   */
  async replyLocale(place: Place, tag?: string): Promise<Locale> {
    // A database that fails here fails the command too: its apology still reaches the person.
    const unread = (err: unknown) => {
      this.ctx.log.warn({ err }, 'could not read the channel language');
      return null;
    };
    const set = await this.channels.languageAt(place).catch(unread);
    if (set) return set;
    const own = languageLocale(tag);
    if (own) return own;
    const series = await this.series.activeFollow(this.ctx.db, place).catch(unread);
    return (series && languageLocale(series.language)) || 'en';
  }

  /** The series a place follows now, if any. */
  seriesAt(place: Place): Promise<Series | undefined> {
    return this.series.activeFollow(this.ctx.db, place);
  }

  /** Every series with its episode count and newest poster, newest first (the studio's home page). */
  overview() {
    return seriesOverview(this.ctx.db);
  }

  /** Each episode with the ballot that followed it (the story tree). */
  storyTree(seriesId: string) {
    return storyOf(this.ctx.db, seriesId);
  }

  /** Each episode's ballot in figures, what won, and what the writers favour (the studio's stats page). */
  stats(seriesId: string) {
    return insightOf(this.ctx.db, seriesId);
  }

  audit(seriesId: string, limit?: number) {
    return auditOf(this.ctx.db, seriesId, limit);
  }

  /** What an episode's post kit is made from (src/export): its media, ballot, cast and genre. */
  kitFacts(series: Series, number: number): Promise<KitFacts> {
    return kitFacts(this.ctx.db, series, number);
  }

  /** Where an episode's video and poster are kept (references for the media store). */
  async media(episodeId: string): Promise<{ video: string | null; poster: string | null } | undefined> {
    const row = await this.ctx.db.selectFrom('episodes').select(['video_path', 'poster_path']).where('id', '=', episodeId).executeTakeFirst();
    return row && { video: row.video_path, poster: row.poster_path };
  }

  /** The letter a voter chose on a ballot, if they voted. */
  async choiceOf(ballotId: string, voterId: string): Promise<string | null> {
    const row = await this.ctx.db
      .selectFrom('votes')
      .innerJoin('ballot_options', 'ballot_options.id', 'votes.option_id')
      .select('ballot_options.position')
      .where('votes.ballot_id', '=', ballotId)
      .where('votes.voter_id', '=', voterId)
      .executeTakeFirst();
    return row ? String.fromCharCode(65 + row.position) : null;
  }

  /** What changes a series' pages when it changes: episode statuses and the bible (the studio's live updates). */
  async storyVersion(seriesId: string): Promise<{ episodes: { id: string; status: string }[]; bible: string | null }> {
    const episodes = await this.ctx.db.selectFrom('episodes').select(['id', 'status']).where('series_id', '=', seriesId).orderBy('number').execute();
    const series = await this.ctx.db.selectFrom('series').select('bible').where('id', '=', seriesId).executeTakeFirst();
    return { episodes, bible: series?.bible ?? null };
  }

  /** The channel row of `place` in a series, for counting votes per channel. */
  channelId(seriesId: string, place: Place): Promise<string | null> {
    return this.series.channelIdFor(this.ctx.db, seriesId, place);
  }
}
