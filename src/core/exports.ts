import { createHash } from 'node:crypto';
import { z } from 'zod';
import { creditsOf } from './credits.js';
import { UserError } from './errors.js';
import { readJson } from './json.js';
import type { Executor, KitFacts, SeasonFacts, StoryFacts } from './ports.js';

export type { KitFacts, SeasonFacts, StoryFacts };
import { sponsorBrandOf } from './sponsors.js';
import { loadBible } from './story/service.js';
import { loadBallotView } from './views.js';
import type { Selectable } from 'kysely';
import type { SeriesTable } from '../db/schema.js';

/** A series row (as `series.ts` names it; not imported from there, which would make an import cycle through the loop). */
type Series = Selectable<SeriesTable>;

/**
 * What a post kit and a season cut are made from, read from the database: the episodes' media
 * references (the video, its poster, its timeline beside it), the ballot, the cast and the genre
 * for hashtags, and the season's credits. The files themselves are made in `src/export`.
 */

/** The timeline the renderer keeps beside a video (`<video>.timeline.json`), by reference. */
export function timelineRefOf(videoRef: string): string {
  return `${videoRef.replace(/\.mp4$/i, '')}.timeline.json`;
}

const ScriptHook = z.object({ hook: z.string().optional(), scenes: z.array(z.object({ narration: z.string() })).optional() }).passthrough();

async function storyFacts(db: Executor, series: Series): Promise<StoryFacts> {
  const cast = await db.selectFrom('characters').select(['name', 'species']).where('series_id', '=', series.id).orderBy('position').execute();
  const bible = await loadBible(db, series).catch(() => undefined);
  return { seriesId: series.id, seriesName: series.name, seriesTitle: series.title, language: series.language, genre: bible?.genre ?? null, cast };
}

/** An episode with a video, or a UserError the person can act on. */
export async function kitFacts(db: Executor, series: Series, number: number): Promise<KitFacts> {
  const row = await db.selectFrom('episodes').selectAll().where('series_id', '=', series.id).where('number', '=', number).executeTakeFirst();
  if (!row?.video_path || (row.status !== 'rendered' && row.status !== 'published')) throw new UserError('not-found', 'errors.episode.noSuch', { number });
  const script = readJson(ScriptHook, row.script);
  const ballotRow = await db.selectFrom('ballots').selectAll().where('episode_id', '=', row.id).executeTakeFirst();
  const ballot = ballotRow ? await loadBallotView(db, ballotRow) : undefined;
  const winner = ballot?.options.find((o) => o.letter === ballot.winnerLetter)?.label ?? null;
  return {
    ...(await storyFacts(db, series)),
    episode: {
      id: row.id,
      number: row.number,
      title: row.title ?? '',
      hook: script?.hook ?? script?.scenes?.[0]?.narration ?? null,
      videoRef: row.video_path,
      posterRef: row.poster_path,
      timelineRef: timelineRefOf(row.video_path),
      sponsoredBy: sponsorBrandOf(row.script),
      published: row.status === 'published',
    },
    ballot: {
      open: ballot?.status === 'open',
      options: (ballot?.options ?? []).filter((o) => o.status === 'active').map((o) => ({ letter: o.letter, label: o.label })),
      winner,
    },
  };
}

/** The episodes with a video in [from, to] (every one by default), in order, and their credits. */
export async function seasonFacts(db: Executor, series: Series, range: { from?: number; to?: number } = {}): Promise<SeasonFacts> {
  let query = db
    .selectFrom('episodes')
    .select(['id', 'number', 'title', 'video_path', 'script'])
    .where('series_id', '=', series.id)
    .where('status', 'in', ['rendered', 'published'])
    .where('video_path', 'is not', null);
  if (range.from !== undefined) query = query.where('number', '>=', range.from);
  if (range.to !== undefined) query = query.where('number', '<=', range.to);
  const rows = await query.orderBy('number').execute();
  if (!rows.length) throw new UserError('not-found', 'errors.episode.none');
  const from = rows[0]!.number;
  const to = rows.at(-1)!.number;
  const credits = await creditsOf({ db }, series.id, { from, to });
  const episodes = rows.map((r) => ({ id: r.id, number: r.number, title: r.title ?? '', videoRef: r.video_path!, timelineRef: timelineRefOf(r.video_path!) }));
  // Voters on a ballot still open change by the minute; the credits show "still voting" for it, so only closed ballots count.
  const settled = credits.map((c) => (c.twist ? c : { ...c, voters: 0 }));
  const version = createHash('sha256')
    .update(JSON.stringify([series.title, series.language, episodes.map((e) => [e.id, e.videoRef]), settled]))
    .digest('hex')
    .slice(0, 16);
  const sponsors = [...new Set(rows.map((r) => sponsorBrandOf(r.script)).filter((b): b is string => b !== null))];
  return { ...(await storyFacts(db, series)), from, to, episodes, credits, sponsors, version };
}
