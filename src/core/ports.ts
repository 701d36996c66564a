import type { Kysely, Transaction } from 'kysely';
import type { Database, Platform } from '../db/schema.js';
import type { Locale } from '../i18n/i18n.js';
import type { ArcBeat, Bible, Change, Cliffhanger, StoryState, TwistOp } from './story/model.js';

/** What the core needs from the outside world: small interfaces that other layers implement. */

export type Executor = Kysely<Database> | Transaction<Database>;

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

// ---- the queue ---------------------------------------------------------------------------

export type JobKind = 'write' | 'render' | 'publish' | 'deliver' | 'announce' | 'recap' | 'recap-post' | 'export';

export interface JobSpec {
  kind: JobKind;
  /** Idempotency key: a second enqueue with the same key is ignored, so no step runs twice. */
  key: string;
  payload: Record<string, string>;
  runAt?: number;
}

export interface JobQueue {
  /** Enqueues inside the caller's transaction, so the job exists if and only if the state change does. */
  enqueue(tx: Executor, job: JobSpec): Promise<void>;
}

// ---- the writer --------------------------------------------------------------------------

export interface CastMember {
  name: string;
  species: string;
  look: Record<string, unknown>;
  personality: string;
  voice: string;
}

export interface WriteRequest {
  series: {
    id: string;
    title: string;
    premise: string;
    tone: string;
    language: string;
    targetSeconds: number;
    seed: number;
    /** Whether a failing LLM writer may hand the episode to the offline writer. */
    allowFallback: boolean;
  };
  cast: CastMember[];
  episodeNumber: number;
  story: StoryInput;
  /** What this community keeps choosing (core/insight.ts): its favourites get more room on the next ballot, never all of it. */
  audience?: AudienceTaste;
  /** A sponsor a moderator placed in this episode: the writer weaves it into one scene at its tier (see core/sponsors.ts). */
  sponsor?: SponsorBrief;
}

/** A sponsor placement as the writer gets it: moderators' words, to be woven in, never obeyed. */
export interface SponsorBrief {
  brand: string;
  product: string;
  /** One line on how the brand wants to be seen. */
  brief: string;
  /** `background`: the product seen in the scene; `prop`: a character uses it; `featured`: a scene built around it. */
  tier: 'background' | 'prop' | 'featured';
}

/** What a community chose on its latest ballots decided by votes (core/insight.ts `tasteOf`). */
export interface AudienceTaste {
  /** How many ballots it looked at (the latest closed ones decided by votes). */
  ballots: number;
  /** Twist kinds that won, most wins first. */
  kinds: { kind: string; wins: number }[];
  /** Who led the twists that won (the doer), most wins first. */
  characters: { name: string; wins: number }[];
  /** The kinds and characters chosen often enough to get more room (`favouredOf`). */
  favoured: { kinds: string[]; characters: string[] };
}

/** The story as it stands when an episode is written (see core/story/model.ts). */
export interface StoryInput {
  bible: Bible;
  /** The state after the last episode with the winning twist already applied: what the episode starts from. */
  state: StoryState;
  /** The twist the audience chose, as an operation, and what it changed (null for episode 1). */
  twist: { op: TwistOp; label: string; teaser: string; source: 'writer' | 'community' | 'moderator'; changes: Change[] } | null;
  /** The last episode's closing moment: the hook answers it. */
  cliffhanger: Cliffhanger | null;
  /** Where this episode stands in the season's arc. */
  beat: ArcBeat;
}

/** What a writer says the episode did to the story; core checks and applies it. */
export interface WrittenStory {
  /** What happened in the episode beyond the twist (which core applied already). */
  changes: Change[];
  /** The closing moment the next episode's hook must answer. */
  cliffhanger: Cliffhanger;
  /** One line for the story so far. */
  summary: string;
  /** Every sentence said (narration and dialogue), so later episodes do not repeat them. */
  spoken: string[];
  /** Short keys (at most 12 characters) the writer wants kept with what was said, e.g. the templates it used. */
  remember?: string[];
}

export interface WrittenEpisode {
  title: string;
  previously: string | null;
  cliffhanger: string;
  /** The next ballot: each option a twist that can happen after this episode. */
  twists: { label: string; teaser: string; op: TwistOp }[];
  /** The full script, stored as JSON and handed to the renderer as is. */
  script: unknown;
  story: WrittenStory;
}

export interface Writer {
  write(request: WriteRequest): Promise<WrittenEpisode>;
}

/** What "the story so far" is told from: the story model and the episodes already published (core/recap.ts). */
export interface RecapRequest {
  series: { id: string; title: string; language: string; seed: number };
  bible: Bible;
  /** The story after the latest published episode. */
  state: StoryState;
  /** Every published episode up to the latest, in order. */
  episodes: {
    number: number;
    title: string;
    /** The episode's stored script (the writer's shape, read defensively). */
    script: unknown;
    /** What the episode did, in one line (the story's summary). */
    summary: string;
    /** The twist the audience chose for it (null for episode 1). */
    twist: { label: string; source: 'writer' | 'community' | 'moderator' } | null;
  }[];
  /** The latest episode's ballot: what the recap ends on. */
  ballot: { open: boolean; options: { letter: string; label: string; teaser: string; kind: string }[] };
}

/** Writes the recap's script (the episode script's shape, so the renderer takes it as it is). */
export interface RecapWriter {
  recap(request: RecapRequest): Promise<unknown>;
}

/** Screens untrusted community text; returns why it is refused, or null when it may be used. */
export interface Screener {
  screen(text: string): Promise<string | null>;
}

// ---- the renderer ------------------------------------------------------------------------

export interface RenderRequest {
  episodeId: string;
  seriesId: string;
  seriesTitle: string;
  language: string;
  number: number;
  title: string;
  script: unknown;
  cast: CastMember[];
  options: { letter: string; label: string }[];
  /** "Twist by <name>": the display name of the community author whose twist this episode pays off (never an id). */
  credit?: string;
  /** False: the picture without the captions burnt in (the post kit's soft-subtitled variant, src/export). True by default. */
  burnCaptions?: boolean;
  /** The largest file every following channel accepts: the encoder aims under it. */
  maxBytes: number;
  /** Aborted when the step must stop (shutdown, its deadline): child processes end with it. */
  signal?: AbortSignal;
}

export interface RenderedEpisode {
  videoPath: string;
  posterPath: string | null;
  /** The video's parts and caption times (src/render/timeline.ts), kept beside it for post kits and season cuts. */
  timelinePath?: string;
  durationMs: number;
  sizeBytes: number;
  /** The frame size (pixels). */
  width?: number;
  height?: number;
}

export interface Renderer {
  render(request: RenderRequest): Promise<RenderedEpisode>;
}

// ---- exports for short-video apps -----------------------------------------------------------

/** What the export job makes with ffmpeg (src/export): files on this machine, which the job keeps in the media store. */
/** One episode's credits for a season's end credits (`src/core/credits.ts` reads them). */
export interface EpisodeCredit {
  number: number;
  title: string;
  /** The winning twist's label on this episode's ballot (null: no ballot closed yet). */
  twist: string | null;
  /** The author's display name when a community suggestion won and they let themselves be named; never an id. */
  author: string | null;
  /** Distinct voters on this episode's ballot. */
  voters: number;
}

/** What post kits and season cuts are made from (`src/core/exports.ts` reads them; `src/export` makes the files). */
export interface StoryFacts {
  seriesId: string;
  seriesName: string;
  seriesTitle: string;
  language: string;
  genre: string | null;
  cast: { name: string; species: string }[];
}

export interface KitFacts extends StoryFacts {
  episode: { id: string; number: number; title: string; hook: string | null; videoRef: string; posterRef: string | null; timelineRef: string; sponsoredBy: string | null; published: boolean };
  ballot: { open: boolean; options: { letter: string; label: string }[]; winner: string | null };
}

export interface SeasonFacts extends StoryFacts {
  from: number;
  to: number;
  episodes: { id: string; number: number; title: string; videoRef: string; timelineRef: string }[];
  credits: EpisodeCredit[];
  /** Brands placed in episodes of the cut: its caption discloses each (#ad). */
  sponsors: string[];
  /** Changes whenever the cut would: another episode, another render, a ballot that closed. */
  version: string;
}

export interface Exporter {
  /** The season cut of `facts` (core/exports.ts), and its caption to paste (with the chapter list). */
  seasonCut(facts: SeasonFacts, signal?: AbortSignal): Promise<{ file: string; caption: string; durationMs: number; sizeBytes: number }>;
  /** An episode rendered without burnt-in captions, with the captions of its timeline (`<video>.timeline.json`) added as a subtitle track. */
  withSubtitles(video: string, timeline: string, signal?: AbortSignal): Promise<{ file: string; sizeBytes: number }>;
}

// ---- the media store ------------------------------------------------------------------------

/**
 * Where finished videos and posters live: the local media folder, or a bucket shared by every
 * machine. A reference is what the episode row keeps (a path, or s3://bucket/key).
 */
export interface MediaStore {
  /** Keeps a finished file under `key`; returns its reference. */
  keep(localFile: string, key: string): Promise<string>;
  /** A file on this machine for a reference (fetched once if it lives elsewhere). */
  localFile(ref: string): Promise<string>;
  /** Lets go of connections on shutdown. */
  close?(): void;
}

/** The media folder of this machine: files stay where the renderer wrote them. */
export const localMedia: MediaStore = {
  keep: async (localFile) => localFile,
  localFile: async (ref) => ref,
};

// ---- publishing to chat platforms ---------------------------------------------------------

export interface Place {
  platform: Platform;
  chatId: string;
  /** '' when not in a thread. */
  threadId?: string;
}

export interface BallotOptionView {
  id: string;
  letter: string;
  label: string;
  teaser: string;
  source: string;
  status: string;
  votes: number;
  /** Why the writers offered it, from what this community keeps choosing (for moderators); null: no audience reason. */
  reason?: OptionReason | null;
}

/** Why an option was offered (stored with it, localized when shown: core/insight.ts `reasonText`). */
export interface OptionReason {
  /** kind: a kind this community keeps picking; character: someone it keeps backing; variety: kept off the favourites on purpose. */
  why: 'kind' | 'character' | 'variety';
  kind?: string;
  character?: string;
  /** The favourites the variety option stands beside. */
  kinds?: string[];
  wins: number;
  of: number;
}

export interface BallotView {
  id: string;
  status: string;
  opensAt: number | null;
  closesAt: number | null;
  options: BallotOptionView[];
  totalVotes: number;
  winnerLetter: string | null;
  decidedBy: string | null;
}

export interface EpisodeView {
  id: string;
  seriesId: string;
  seriesName: string;
  seriesTitle: string;
  number: number;
  status: string;
  title: string | null;
  previously: string | null;
  cliffhanger: string | null;
  videoPath: string | null;
  posterPath: string | null;
  durationMs: number | null;
  sizeBytes: number | null;
  /** The video's frame size, when known. */
  width: number | null;
  height: number | null;
  failedStage: string | null;
  error: string | null;
  /** The brand a sponsor placement in its script names, for the disclosure ("#ad", "Sponsored by …"; core/sponsors.ts). */
  sponsoredBy?: string | null;
}

/** Ids the platform gave to what it posted; saved as they arrive so a retry never re-posts. */
export interface DeliveryIds {
  messageId?: string;
  pollId?: string;
  /** The message that carries the ballot, when it is not the episode's own message. */
  ballotMessageId?: string;
  /** The letters of the options in the order the poll lists them ("ABCD"). */
  pollLetters?: string;
}

export interface DeliveryRequest {
  deliveryId: string;
  /** What the platform said this channel accepts, when it said (else the publisher's own limit). */
  uploadLimit?: number;
  place: Place;
  episode: EpisodeView;
  ballot: BallotView;
  /** What an earlier, interrupted attempt already posted. */
  saved: DeliveryIds;
  /** The language of the channel's posts (`postLocale`: its setting, else the series' language, else English). */
  locale: Locale;
  /** Persists partial progress (e.g. video posted, poll not yet) before the next platform call. */
  checkpoint(ids: DeliveryIds): Promise<void>;
  /** Aborted when the step must stop (shutdown, its deadline): pass it to every platform call. */
  signal: AbortSignal;
}

export interface ResultRequest {
  place: Place;
  episode: EpisodeView;
  ballot: BallotView;
  saved: DeliveryIds;
  /** The language of the channel's posts, as for the episode. */
  locale: Locale;
  /** Aborted when the step must stop (shutdown, its deadline): pass it to every platform call. */
  signal: AbortSignal;
}

/** A finished recap, as a publisher posts it. */
export interface RecapView {
  id: string;
  seriesId: string;
  seriesName: string;
  seriesTitle: string;
  /** The latest episode it tells. */
  upToEpisode: number;
  videoPath: string | null;
  posterPath: string | null;
  durationMs: number | null;
  sizeBytes: number | null;
  width: number | null;
  height: number | null;
}

export interface RecapPostRequest {
  postId: string;
  place: Place;
  recap: RecapView;
  /** The words that go with the video, in the place's language (plain text). */
  text: string;
  locale: Locale;
  /** What the platform said this channel accepts, when it said. */
  uploadLimit?: number;
  signal: AbortSignal;
}

export interface Publisher {
  readonly platform: Platform;
  /** The largest upload this platform accepts (undefined: no limit of its own). */
  readonly maxUploadBytes?: number;
  /**
   * Posts the episode and its ballot. Throws ChannelBlockedError when the platform refuses the
   * channel until someone there acts, ChannelMovedError when the chat has a new id.
   */
  deliver(request: DeliveryRequest): Promise<DeliveryIds>;
  /** At close: stop the poll / disable the buttons and announce the winner. */
  postResult(request: ResultRequest): Promise<void>;
  /**
   * Posts "the story so far" video with its text (the video left off, with the text only, when
   * the place would refuse it). Throws as deliver does. Without it, the platform gets no recaps.
   */
  postRecap?(request: RecapPostRequest): Promise<DeliveryIds>;
  /** Tells the people of a channel something (a permission is missing…), as plain text; best effort. */
  notify?(place: Place, text: string): Promise<void>;
  /**
   * How many members the place has besides the bot, as the platform counts them (for turnout);
   * null when it does not say. Bounded by `signal` and cached by the publisher; never throws.
   */
  memberCount?(place: Place, signal: AbortSignal): Promise<number | null>;
}

// ---- telemetry -----------------------------------------------------------------------------

/** What the core reports as it works, for metrics; the app decides where it goes. */
export interface Telemetry {
  voteCast(): void;
  /** Starts timing a stage (write, render, publish…); the returned function ends it. */
  startStage(stage: string): (outcome: 'ok' | 'failed') => void;
}

export const noTelemetry: Telemetry = { voteCast() {}, startStage: () => () => {} };
