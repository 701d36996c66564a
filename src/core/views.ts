import type { Selectable } from 'kysely';
import type { BallotsTable, EpisodesTable, SeriesTable } from '../db/schema.js';
import type { BallotView, EpisodeView, Executor } from './ports.js';
import { Counts, readJson } from './json.js';
import { readReason } from './insight.js';
import { z } from 'zod';
import { sponsorBrandOf } from './sponsors.js';

export const letterOf = (position: number): string => String.fromCharCode(65 + position);

export function positionOf(letter: string): number | undefined {
  const l = letter.trim().toUpperCase();
  return /^[A-Z]$/.test(l) ? l.charCodeAt(0) - 65 : undefined;
}

/** The parts of a stored script that every platform shows, read defensively. */
export function scriptSummary(script: string | null): { previously: string | null; cliffhanger: string | null } {
  const s = readJson(ScriptSummary, script);
  return { previously: s?.previously ?? null, cliffhanger: s?.cliffhanger ?? null };
}

const text = z.string().optional().catch(undefined);
const ScriptSummary = z.object({ previously: text, cliffhanger: text });

export function toEpisodeView(row: Selectable<EpisodesTable>, series: Pick<Selectable<SeriesTable>, 'name' | 'title'>): EpisodeView {
  return {
    id: row.id,
    seriesId: row.series_id,
    seriesName: series.name,
    seriesTitle: series.title,
    number: row.number,
    status: row.status,
    title: row.title,
    ...scriptSummary(row.script),
    videoPath: row.video_path,
    posterPath: row.poster_path,
    durationMs: row.duration_ms,
    sizeBytes: row.size_bytes,
    width: row.video_width,
    height: row.video_height,
    failedStage: row.failed_stage,
    error: row.error,
    sponsoredBy: sponsorBrandOf(row.script),
  };
}

export async function loadEpisodeView(db: Executor, episodeId: string): Promise<EpisodeView | undefined> {
  const row = await db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirst();
  if (!row) return undefined;
  const series = await db.selectFrom('series').select(['name', 'title']).where('id', '=', row.series_id).executeTakeFirstOrThrow();
  return toEpisodeView(row, series);
}

/** Live counts per option; vetoed options are listed but never counted. */
export async function tallyVotes(db: Executor, ballotId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('votes')
    .select(['option_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ballot_id', '=', ballotId)
    .groupBy('option_id')
    .execute();
  return new Map(rows.map((r) => [r.option_id, Number(r.n)]));
}

export async function loadBallotView(db: Executor, ballot: Selectable<BallotsTable>): Promise<BallotView> {
  const options = await db.selectFrom('ballot_options').selectAll().where('ballot_id', '=', ballot.id).orderBy('position').execute();
  // A closed ballot shows the tally it was decided on; an open one, the live count.
  const frozen = readJson(Counts, ballot.tally);
  const counts = frozen ? new Map(Object.entries(frozen)) : await tallyVotes(db, ballot.id);
  const views = options.map((o) => ({
    id: o.id,
    letter: letterOf(o.position),
    label: o.label,
    teaser: o.teaser,
    source: o.source,
    status: o.status,
    votes: o.status === 'active' ? (counts.get(o.id) ?? 0) : 0,
    reason: readReason(o.reason),
  }));
  const winner = options.find((o) => o.id === ballot.winner_option_id);
  return {
    id: ballot.id,
    status: ballot.status,
    opensAt: ballot.opens_at,
    closesAt: ballot.closes_at,
    options: views,
    totalVotes: views.reduce((sum, o) => sum + o.votes, 0),
    winnerLetter: winner ? letterOf(winner.position) : null,
    decidedBy: ballot.decided_by,
  };
}

/** Where the web studio shows an episode, when the studio is reachable from outside. */
export function studioLink(base: string, episode: Pick<EpisodeView, 'seriesName' | 'number'>): string {
  return `${base}/s/${encodeURIComponent(episode.seriesName)}#ep-${episode.number}`;
}
