import type { CastMember, WriteRequest, Writer, WrittenEpisode } from '../../src/core/ports.js';
import { beginEpisode, endEpisode, type ChosenTwist } from '../../src/core/story/episode.js';
import type { Bible, EpisodeStory, StoryState } from '../../src/core/story/model.js';
import { bibleFromPremise } from '../../src/core/story/premise.js';
import { initialState } from '../../src/core/story/state.js';

export const CAST: CastMember[] = [
  { name: 'Mochi', species: 'Shiba Inu', look: {}, personality: 'proud, secretly tender', voice: '' },
  { name: 'Luna', species: 'black cat', look: {}, personality: 'mysterious, sharp-tongued', voice: '' },
  { name: 'Biscuit', species: 'golden retriever', look: {}, personality: 'loyal to a fault', voice: '' },
];
export const PREMISE = 'A Shiba Inu wakes up in hospital with no memory of the wedding.';

export function castOf(text: string): CastMember[] {
  return text.split(',').map((entry) => {
    const [name, species] = entry.split(':').map((x) => x.trim());
    return { name: name!, species: species!, look: {}, personality: 'full of secrets', voice: '' };
  });
}

export function bibleFor(premise = PREMISE, cast: CastMember[] = CAST, tone = 'melodrama', seed = 42, language?: string): Bible {
  return bibleFromPremise({ title: 'Paws of Fate', premise, tone, cast, seed, ...(language ? { language } : {}) });
}

/** A request for episode `number`, as core would make it from the state before it and a chosen twist. */
export function request(
  opts: { episodeNumber?: number; before?: StoryState; chosen?: ChosenTwist | null; bible?: Bible; cast?: CastMember[] } = {},
  series: Partial<WriteRequest['series']> = {},
): WriteRequest {
  const cast = opts.cast ?? CAST;
  const premise = series.premise ?? PREMISE;
  const bible = opts.bible ?? bibleFor(premise, cast, series.tone ?? 'melodrama', series.seed ?? 42);
  const n = opts.episodeNumber ?? 1;
  const before = opts.before ?? { ...initialState(bible), episode: n - 1 };
  return {
    series: { id: 'sr_test', title: 'Paws of Fate', premise, tone: 'melodrama', language: 'en', targetSeconds: 60, seed: 42, allowFallback: true, ...series },
    cast,
    episodeNumber: n,
    story: beginEpisode(bible, before, n, opts.chosen ?? null),
  };
}

export interface SeriesRun {
  bible: Bible;
  episodes: { request: WriteRequest; written: WrittenEpisode; story: EpisodeStory; winner: ChosenTwist | null }[];
}

/**
 * A whole series through a writer as the loop runs it (core's beginEpisode/endEpisode), with a
 * twist chosen after each episode by `pick` (an option index, or a community text).
 */
export async function runSeries(
  writer: Writer,
  opts: {
    premise?: string;
    cast?: CastMember[];
    tone?: string;
    seed?: number;
    /** The series' language (a tag or name), as /series sets it. */
    language?: string;
    episodes: number;
    targetSeconds?: number;
    pick: (n: number, options: WrittenEpisode['twists']) => number | string;
  },
): Promise<SeriesRun> {
  const cast = opts.cast ?? CAST;
  const premise = opts.premise ?? PREMISE;
  const seed = opts.seed ?? 42;
  const bible = bibleFor(premise, cast, opts.tone ?? 'melodrama', seed, opts.language);
  let before = initialState(bible);
  let chosen: ChosenTwist | null = null;
  const episodes: SeriesRun['episodes'] = [];
  for (let n = 1; n <= opts.episodes; n++) {
    const req = request(
      { episodeNumber: n, before, chosen, bible, cast },
      { premise, seed, tone: opts.tone ?? 'melodrama', targetSeconds: opts.targetSeconds ?? 60, ...(opts.language ? { language: opts.language } : {}) },
    );
    const written = await writer.write(req);
    const { story, twists } = endEpisode(req, written);
    episodes.push({ request: req, written: { ...written, twists }, story, winner: chosen });
    before = story.state;
    const pick = opts.pick(n, twists);
    chosen =
      typeof pick === 'string'
        ? { op: undefined, label: pick, teaser: pick, source: 'community' }
        : { op: twists[pick % twists.length]!.op, label: twists[pick % twists.length]!.label, teaser: twists[pick % twists.length]!.teaser, source: 'writer' };
  }
  return { bible, episodes };
}
