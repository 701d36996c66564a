import type { StudioVotes } from '../core/studio-votes.js';

/**
 * Table types shared by both dialects. Times are UTC epoch milliseconds (bigint in PostgreSQL,
 * integer in SQLite, a JS number either way); structured values are JSON in text columns;
 * flags are small integers so that one schema fits both.
 */
export type SeriesStatus = 'running' | 'paused' | 'ended';
export type TieRule = 'moderator' | 'random';
export type NoVoteRule = 'extend-then-random' | 'random';
export type Platform = 'discord' | 'telegram' | 'web';
export type EpisodeStatus = 'writing' | 'written' | 'rendering' | 'rendered' | 'published' | 'failed' | 'cancelled';
export type BallotStatus = 'draft' | 'open' | 'tied' | 'closed' | 'cancelled';
export type DecidedBy = 'votes' | 'moderator' | 'random-tie' | 'random-no-votes';
export type OptionSource = 'writer' | 'community' | 'moderator';
export type OptionStatus = 'active' | 'vetoed';
export type SuggestionStatus = 'pending' | 'approved' | 'vetoed';
export type { StudioVotes };

export type DeliveryStatus = 'pending' | 'sent' | 'failed';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export type RecapStatus = 'making' | 'made' | 'failed';

export interface SeriesTable {
  id: string;
  name: string;
  title: string;
  premise: string;
  tone: string;
  language: string;
  status: SeriesStatus;
  bible: string;
  /** No longer written (each episode's story state holds the story so far); kept because migrations only add. */
  synopsis: string;
  vote_window_ms: number;
  tie_rule: TieRule;
  tie_grace_ms: number;
  no_vote_rule: NoVoteRule;
  target_seconds: number;
  seed: number;
  /** 1 when the offline writer may step in for a failing LLM writer. */
  writer_fallback: number;
  /** Members of this role (by name) moderate the series where the platform has roles. */
  moderator_role: string | null;
  /** Whose studio votes count: 'signed-in' (anonymous ones only from the studio's own machine) or 'anyone'. */
  studio_votes: StudioVotes;
  /** Fixed release times (ReleaseSchedule JSON, core/schedule.ts: times, zone, closeMs); null: each episode as soon as it is ready. */
  release_schedule: string | null;
  /** 1 when episodes name the community author of the twist they pay off (and the season's credits list them). */
  credits: number;
  paused_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface CharactersTable {
  id: string;
  series_id: string;
  name: string;
  name_key: string;
  species: string;
  look: string;
  personality: string;
  voice: string;
  position: number;
  created_at: number;
}

export interface ChannelsTable {
  id: string;
  series_id: string;
  platform: Platform;
  chat_id: string;
  /** '' when the channel is not a thread: keeps the unique key simple in both dialects. */
  thread_id: string;
  followed_by: string;
  created_at: number;
  unfollowed_at: number | null;
  /** Bytes; what the platform said this channel accepts (null: the platform's default). */
  upload_limit: number | null;
  /** Why the platform refuses this channel (bot removed, a permission missing); null while it is reachable. */
  blocked_reason: string | null;
  blocked_at: number | null;
  /** The language moderators set for the bot here (a shipped locale); null: each reader's own, and the series' for posts. */
  language: string | null;
}

export interface EpisodesTable {
  id: string;
  series_id: string;
  number: number;
  status: EpisodeStatus;
  title: string | null;
  script: string | null;
  twist_option_id: string | null;
  video_path: string | null;
  poster_path: string | null;
  duration_ms: number | null;
  size_bytes: number | null;
  /** The frame size of the rendered video; null for episodes rendered before it was kept. */
  video_width: number | null;
  video_height: number | null;
  failed_stage: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  /** What the episode did to the story and the state it left (EpisodeStory, JSON); null until written. */
  story: string | null;
  /** When a scheduled episode goes out (its release slot); the publish step waits for it. Null: as soon as it is ready. */
  release_at: number | null;
}

export interface BallotsTable {
  id: string;
  episode_id: string;
  series_id: string;
  status: BallotStatus;
  opens_at: number | null;
  closes_at: number | null;
  extensions: number;
  tie_deadline: number | null;
  winner_option_id: string | null;
  decided_by: DecidedBy | null;
  tally: string | null;
  closed_at: number | null;
  created_at: number;
}

export interface BallotOptionsTable {
  id: string;
  ballot_id: string;
  position: number;
  label: string;
  teaser: string;
  source: OptionSource;
  suggestion_id: string | null;
  status: OptionStatus;
  created_by: string;
  created_at: number;
  /** The twist as an operation on the story (TwistOp, JSON); null for options made before the story model. */
  twist: string | null;
  /** Why the writers offered it, from what this community keeps choosing (OptionReason, JSON, core/insight.ts); null: no audience reason. */
  reason: string | null;
}

export interface VotesTable {
  ballot_id: string;
  voter_id: string;
  option_id: string;
  /** Where the voter first voted on this ballot (a changed vote keeps it; core/vote-writer.ts). */
  channel_id: string | null;
  /** When the vote was last cast or changed. */
  cast_at: number;
  /** When the voter first voted on this ballot: the stats page's first hour counts this. */
  first_cast_at: number;
}

export interface SuggestionsTable {
  id: string;
  series_id: string;
  number: number;
  author_id: string;
  channel_id: string | null;
  text: string;
  status: SuggestionStatus;
  option_id: string | null;
  decided_by: string | null;
  decided_at: number | null;
  created_at: number;
  /** The author's display name when they suggested it (cleaned; never an id); null: none to show, or not to be named. */
  author_name: string | null;
}

/** One person's own settings (by voter id, `platform:user`), wherever they take part. */
export interface UserSettingsTable {
  user_id: string;
  /** 0 when they asked never to be named on screen or in credits. */
  credits: number;
  updated_at: number;
}

export interface DeliveriesTable {
  id: string;
  episode_id: string;
  channel_id: string;
  status: DeliveryStatus;
  message_id: string | null;
  poll_id: string | null;
  /** Where the ballot was posted, when not with the episode (a Telegram poll). */
  ballot_message_id: string | null;
  /** The option letters in the order the poll lists them, e.g. "ABCD". */
  poll_letters: string | null;
  attempts: number;
  error: string | null;
  sent_at: number | null;
  result_posted_at: number | null;
  created_at: number;
  /** While a step posts this delivery: until when, and which worker (a second job for it waits). */
  claimed_until: number | null;
  claimed_by: string | null;
  /** Members of the channel (besides the bot) when the episode was posted, as the platform counts them; null: it did not say. */
  members: number | null;
}

/** "The story so far" of a series up to an episode: made once, kept until the next episode. */
export interface RecapsTable {
  id: string;
  series_id: string;
  /** The latest published episode it tells (the recap's key with the series). */
  episode_number: number;
  status: RecapStatus;
  video_path: string | null;
  poster_path: string | null;
  duration_ms: number | null;
  size_bytes: number | null;
  video_width: number | null;
  video_height: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** A recap to post in one place (the chat that asked, or a new follower): posted once. */
export interface RecapPostsTable {
  id: string;
  recap_id: string;
  platform: Platform;
  chat_id: string;
  /** '' outside threads. */
  thread_id: string;
  status: DeliveryStatus;
  message_id: string | null;
  error: string | null;
  asked_by: string;
  created_at: number;
  sent_at: number | null;
}

/** Something the studio or the CLI asked to export (a season cut, a soft-subtitled variant): made once per version of its inputs. */
export interface ExportsTable {
  id: string;
  series_id: string;
  /** `season` (target: "from-to") or `soft-subtitles` (target: the episode's id). */
  kind: 'season' | 'soft-subtitles';
  target: string;
  /** The version of what it is made from: the season's (`seasonFacts().version`), or the episode video's reference. */
  version: string;
  status: RecapStatus;
  /** The media store's reference of the made file. */
  file_path: string | null;
  /** A season cut's ready-to-paste caption (with its chapter list). */
  caption: string | null;
  duration_ms: number | null;
  size_bytes: number | null;
  error: string | null;
  asked_by: string;
  created_at: number;
  updated_at: number;
}

export interface JobsTable {
  id: string;
  kind: string;
  key: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface AuditLogTable {
  id: string;
  series_id: string | null;
  actor_id: string;
  action: string;
  details: string;
  at: number;
}

/** A brand a moderator placed in a series (`src/core/sponsors.ts`); removed ones keep their row. */
export interface SponsorsTable {
  id: string;
  series_id: string;
  /** Per series, from 1: what moderators type to edit or remove it. */
  number: number;
  brand: string;
  product: string;
  brief: string;
  tier: 'background' | 'prop' | 'featured';
  first_episode: number;
  last_episode: number;
  added_by: string;
  added_at: number;
  updated_at: number;
  removed_at: number | null;
}

/** A sponsor written into an episode: which scene, at which tier, held by whom. */
export interface SponsorPlacementsTable {
  id: string;
  sponsor_id: string;
  series_id: string;
  episode_id: string;
  episode_number: number;
  tier: 'background' | 'prop' | 'featured';
  /** The scene's index in the script (0 is the hook). */
  scene: number;
  holder: string | null;
  placed_at: number;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface JobKeysTable {
  key: string;
  kind: string;
}

export interface Database {
  series: SeriesTable;
  characters: CharactersTable;
  channels: ChannelsTable;
  episodes: EpisodesTable;
  ballots: BallotsTable;
  ballot_options: BallotOptionsTable;
  votes: VotesTable;
  suggestions: SuggestionsTable;
  deliveries: DeliveriesTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
  sponsors: SponsorsTable;
  sponsor_placements: SponsorPlacementsTable;
  leases: LeasesTable;
  job_keys: JobKeysTable;
  recaps: RecapsTable;
  recap_posts: RecapPostsTable;
  exports: ExportsTable;
  user_settings: UserSettingsTable;
}
