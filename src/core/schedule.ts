import type { Selectable } from 'kysely';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { SeriesTable } from '../db/schema.js';
import { resolveLocale, t } from '../i18n/i18n.js';
import { audit, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { formatDuration, parseDuration, VOTE_WINDOW_MIN_MS } from './duration.js';
import { UserError } from './errors.js';
import { readJson } from './json.js';
import type { Executor } from './ports.js';

/**
 * Release schedules (#21): a series may go out at fixed times of day in its own time zone instead
 * of as soon as each episode is ready. The ballot closes `closeMs` before the next release; the
 * next episode is written and rendered in that gap and published at its slot, not before. A slot
 * is the first moment the series' wall clock shows its time that day, so a time that happens
 * twice when clocks fall back is released once (the first), and one the clocks jump over in
 * spring is released the moment they jump.
 */

type SeriesRow = Selectable<SeriesTable>;

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export const DEFAULT_CLOSE_MS = 30 * MINUTE;
/** Writing and rendering need some time: a ballot closes at least this long before a release. */
export const CLOSE_MIN_MS = 5 * MINUTE;
/** Several episodes a day, not a stream: each needs its own ballot and a render between. */
export const MAX_SLOTS_PER_DAY = 12;
/** Released within this of its slot is on time (the scheduler ticks every second or so). */
export const LATE_GRACE_MS = MINUTE;

export const ReleaseSchedule = z.object({
  /** "HH:MM" in the zone's wall clock, sorted, distinct. */
  times: z.array(z.string().regex(/^\d\d:\d\d$/)).min(1),
  zone: z.string(),
  /** How long before a release the ballot closes. */
  closeMs: z.number().int().positive(),
});
export type ReleaseSchedule = z.infer<typeof ReleaseSchedule>;

/** A series' schedule as stored; null when it releases as soon as ready (or the stored value is unreadable). */
export function readSchedule(json: string | null | undefined): ReleaseSchedule | null {
  const schedule = readJson(ReleaseSchedule, json ?? null);
  return schedule && IANAZone.isValidZone(schedule.zone) ? schedule : null;
}

// ---- reading what moderators type -------------------------------------------------------------

const invalid = (key: string, params: Record<string, string | number> = {}) => new UserError('invalid-input', `schedule.errors.${key}`, params);

/** "09:00,13:00,19:00" (also 9, 9h30, 21.15, full-width digits and separators) → sorted "HH:MM"; "off" → 'off'. */
export function parseReleaseTimes(text: string): string[] | 'off' {
  const plain = text.normalize('NFKC').trim();
  if (/^(off|none|asap|no)$/i.test(plain)) return 'off';
  const parts = plain
    .split(/[,;、，\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) throw invalid('noTimes');
  const minutes: number[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2})(?:[:.hH](\d{2})?)?$/.exec(part);
    const hour = m ? Number(m[1]) : Number.NaN;
    const minute = m?.[2] ? Number(m[2]) : 0;
    if (!m || hour > 23 || minute > 59) throw invalid('badTime', { text: part.slice(0, 12) });
    const at = hour * 60 + minute;
    if (minutes.includes(at)) throw invalid('duplicate', { time: hhmm(at) });
    minutes.push(at);
  }
  if (minutes.length > MAX_SLOTS_PER_DAY) throw invalid('tooMany', { given: minutes.length, max: MAX_SLOTS_PER_DAY });
  return minutes.sort((a, b) => a - b).map(hhmm);
}

/**
 * Today's IANA names that Node's time zone list (CLDR) still gives under an older spelling
 * ("Asia/Katmandu" for "Asia/Kathmandu"): people type either, so both are known.
 */
const RENAMED = [
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Europe/Kyiv',
  'Asia/Ho_Chi_Minh',
  'Asia/Yangon',
  'America/Nuuk',
  'Pacific/Chuuk',
  'Pacific/Pohnpei',
  'Atlantic/Faroe',
  'America/Atikokan',
  'Pacific/Kanton',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'Africa/Asmara',
];

/** The zone a name stands for, as this runtime spells it; undefined when it knows none. */
function canonicalZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let knownZones: { names: string[]; lower: Map<string, string> } | undefined;
/** Every zone name this runtime lists, with today's spellings of renamed ones that it accepts. */
function zones(): { names: string[]; lower: Map<string, string> } {
  if (!knownZones) {
    const names = [...new Set([...Intl.supportedValuesOf('timeZone'), ...RENAMED.filter((z) => canonicalZone(z) !== undefined && IANAZone.isValidZone(z))])];
    knownZones = { names, lower: new Map(names.map((z) => [z.toLowerCase(), z])) };
  }
  return knownZones;
}

/**
 * "Europe/Berlin" in any case, either spelling of a renamed zone (kept as typed: "Asia/Kathmandu"
 * stays so), another alias ("US/Eastern"), or a bare city ("Berlin", "new york", "Kyiv",
 * "Ho Chi Minh") → an IANA name.
 */
export function parseTimeZone(text: string): string {
  const wanted = text.trim();
  if (!wanted) throw invalid('needZone');
  const typed = wanted.replace(/\s+/g, '_');
  const { names, lower } = zones();
  const listed = lower.get(typed.toLowerCase());
  if (listed) return listed;
  const direct = /^[\p{L}_+\-/0-9]+$/u.test(typed) ? canonicalZone(typed) : undefined;
  if (direct && IANAZone.isValidZone(direct)) return direct;
  // A city on its own, the way people say where they are: one zone, under one spelling or both (today's is kept).
  const city = typed.toLowerCase();
  const matches = names.filter((z) => z.toLowerCase().split('/').at(-1) === city);
  const zonesMeant = new Set(matches.map((z) => canonicalZone(z)));
  if (matches.length && zonesMeant.size === 1) return matches.find((z) => RENAMED.includes(z)) ?? (matches[0] as string);
  throw invalid('unknownZone', { zone: wanted.slice(0, 40) });
}

/** "45m", "1h" → milliseconds before each release that the ballot closes. */
export function parseCloseBefore(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw invalid('badClose', { text: text.slice(0, 20) });
  if (ms < CLOSE_MIN_MS) throw invalid('closeTooShort', { min: CLOSE_MIN_MS / MINUTE });
  return ms;
}

/** A whole schedule, checked: the ballot must close after the release before it (and leave a minute to vote). */
export function makeSchedule(times: readonly string[], zone: string, closeMs = DEFAULT_CLOSE_MS, locale = 'en'): ReleaseSchedule {
  const schedule = { times: [...times], zone, closeMs };
  const gap = shortestGapMs(schedule);
  if (closeMs + VOTE_WINDOW_MIN_MS > gap) {
    throw invalid('closeTooLong', { close: formatDuration(closeMs, locale), gap: formatDuration(gap, locale) });
  }
  return schedule;
}

// ---- slot arithmetic -------------------------------------------------------------------------

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The shortest time between two releases by the wall clock (a schedule of one time: a day). */
export function shortestGapMs(schedule: Pick<ReleaseSchedule, 'times'>): number {
  const m = schedule.times.map(minutesOf).sort((a, b) => a - b);
  let gap = DAY_MINUTES - (m.at(-1)! - m[0]!);
  for (let i = 1; i < m.length; i++) gap = Math.min(gap, m[i]! - m[i - 1]!);
  return gap * MINUTE;
}

/** The least time a ballot is open: half the regular one. A late episode's ballot shorter than that waits for a later release. */
export function minimumBallotMs(schedule: ReleaseSchedule): number {
  return Math.max(VOTE_WINDOW_MIN_MS, Math.floor((shortestGapMs(schedule) - schedule.closeMs) / 2));
}

/** The moment of `time` on the local date `day` in `zone`: its first occurrence, or when the clock jumps past it. */
function slotOn(day: DateTime, time: string, zone: string): number {
  const wanted = `${day.toISODate()} ${time}`;
  const wall = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
  const m = minutesOf(time);
  const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(m / 60), minute: m % 60 }, { zone });
  // Clocks falling back show the time twice (an hour apart; half an hour or two in a few zones):
  // luxon lists every occurrence, and the first counts.
  const occurrences = local.getPossibleOffsets().map((d) => d.toMillis());
  const first = occurrences.length ? Math.min(...occurrences) : local.toMillis();
  if (wall(first) === wanted) return first;
  // Clocks springing forward skip it: the slot is the moment they jump (luxon moves it past the gap).
  let at = first;
  for (let i = 0; i < 180 && wall(at - MINUTE) > wanted; i++) at -= MINUTE;
  return at;
}

/** Every slot of the local days around `at`, in order, each moment once. */
function slotsAround(schedule: ReleaseSchedule, at: number): number[] {
  const today = DateTime.fromMillis(at, { zone: schedule.zone }).startOf('day');
  const slots = new Set<number>();
  for (let d = -1; d <= 2; d++) for (const time of schedule.times) slots.add(slotOn(today.plus({ days: d }), time, schedule.zone));
  return [...slots].sort((a, b) => a - b);
}

/** The first release slot at or after `at`. */
export function nextSlot(schedule: ReleaseSchedule, at: number): number {
  const slot = slotsAround(schedule, at).find((s) => s >= at);
  // Four local days always hold a slot after `at` (releases are at most a day apart).
  if (slot === undefined) throw new Error(`no release slot after ${new Date(at).toISOString()} in ${schedule.zone}`);
  return slot;
}

/** The release slots from `from` (inclusive) to `to` (exclusive). */
export function slotsBetween(schedule: ReleaseSchedule, from: number, to: number): number[] {
  const out: number[] = [];
  for (let at = nextSlot(schedule, from); at < to; at = nextSlot(schedule, at + 1)) out.push(at);
  return out;
}

/**
 * When a ballot opened at `opensAt` closes: `closeMs` before the first release that leaves it its
 * minimum time (counted from its opening) and at least a minute from `now`.
 */
export function ballotCloseAt(schedule: ReleaseSchedule, opensAt: number, now: number): number {
  const notBefore = Math.max(opensAt + minimumBallotMs(schedule), now + VOTE_WINDOW_MIN_MS);
  return nextSlot(schedule, notBefore + schedule.closeMs) - schedule.closeMs;
}

/** The release an episode aims for when the ballot before it was due to close at `plannedClose`. */
export function releaseAfterClose(schedule: ReleaseSchedule, plannedClose: number): number {
  return nextSlot(schedule, plannedClose + schedule.closeMs);
}

/** The release of an episode starting now: the ballot's slot; null for a series without a schedule. */
export async function releaseAtFor(db: Executor, seriesId: string, plannedClose: number): Promise<number | null> {
  const row = await db.selectFrom('series').select('release_schedule').where('id', '=', seriesId).executeTakeFirst();
  const schedule = readSchedule(row?.release_schedule);
  return schedule ? releaseAfterClose(schedule, plannedClose) : null;
}

/** When a ballot of this series opened at `opensAt` closes: by its schedule, else after its vote window. */
export function closeAtFor(series: Pick<SeriesRow, 'release_schedule' | 'vote_window_ms'>, opensAt: number, now: number): number {
  const schedule = readSchedule(series.release_schedule);
  return schedule ? ballotCloseAt(schedule, opensAt, now) : opensAt + series.vote_window_ms;
}

/**
 * Until when moderators may break a tie on a ballot that was due to close at `closesAt`: the
 * series' tie grace, but on a schedule no later than halfway between the close and its release,
 * so the next episode keeps at least half its writing and rendering time. At or before `now`: draw now.
 */
export function tieDeadlineFor(series: Pick<SeriesRow, 'release_schedule' | 'tie_grace_ms'>, closesAt: number, now: number): number {
  const schedule = readSchedule(series.release_schedule);
  const grace = now + series.tie_grace_ms;
  return schedule ? Math.min(grace, releaseAfterClose(schedule, closesAt) - Math.floor(schedule.closeMs / 2)) : grace;
}

// ---- how it reads -----------------------------------------------------------------------------

/** A release moment in the reader's language, on the series' clock: "Thu, Nov 26, 1:00 PM". */
export function formatRelease(at: number, zone: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(resolveLocale(locale), { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(at);
}

/** Where a scheduled series stands: its next release, or the episode that missed its slot. */
export interface ReleaseView {
  schedule: ReleaseSchedule;
  /** The next release; null while the series is paused (releases are skipped) or over. */
  at: number | null;
  /** An episode past its slot that goes out as soon as it is ready. */
  lateEpisode: number | null;
}

// ---- the service ------------------------------------------------------------------------------

/** Statuses of an episode on its way to its release. */
const WAITING = ['writing', 'written', 'rendering', 'rendered'] as const;

export class ReleaseService {
  constructor(private readonly ctx: CoreContext) {}

  /** Sets (or, with null, drops) a series' release times; the open ballot and the waiting episode follow at once. */
  async set(actor: Actor, seriesId: string, schedule: ReleaseSchedule | null): Promise<{ series: SeriesRow; next: ReleaseView | null }> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const row = await lockForUpdate(ctx, tx.selectFrom('series').selectAll().where('id', '=', seriesId)).executeTakeFirst();
      if (!row) throw new UserError('not-found', 'errors.series.gone');
      if (row.status === 'ended') throw new UserError('series-not-running', 'errors.series.ended', { title: row.title });
      const now = ctx.clock.now();
      const series = { ...row, release_schedule: schedule ? JSON.stringify(schedule) : null };
      await tx.updateTable('series').set({ release_schedule: series.release_schedule, updated_at: now }).where('id', '=', seriesId).execute();
      if (schedule) await fitToSchedule(ctx, tx, series, now, 'all');
      else await unschedule(ctx, tx, series, now);
      await audit(ctx, tx, { seriesId, actor, action: 'series.schedule', details: schedule ? { ...schedule } : { off: true } });
      return { series, next: await this.view(series, tx) };
    });
  }

  /**
   * Hands every rendered episode whose slot has come to the queue (the scheduler's tick). A paused
   * series is skipped (its slots pass; resuming moves it to a later one). The key names the slot, so
   * a tick after a long down-time publishes each waiting episode once.
   */
  async releaseDue(): Promise<number> {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    const due = await ctx.db
      .selectFrom('episodes')
      .innerJoin('series', 'series.id', 'episodes.series_id')
      .select(['episodes.id', 'episodes.release_at'])
      .where('episodes.status', '=', 'rendered')
      .where('episodes.release_at', '<=', now)
      .where('series.status', '=', 'running')
      .execute();
    for (const e of due) {
      await transaction(ctx, (tx) => ctx.queue.enqueue(tx, { kind: 'publish', key: `publish:${e.id}:at:${e.release_at}`, payload: { episodeId: e.id } }));
    }
    return due.length;
  }

  /** The next release of a scheduled series (null without a schedule). */
  async view(series: Pick<SeriesRow, 'id' | 'status' | 'release_schedule'>, db: Executor = this.ctx.db): Promise<ReleaseView | null> {
    const schedule = readSchedule(series.release_schedule);
    if (!schedule) return null;
    if (series.status !== 'running') return { schedule, at: null, lateEpisode: null };
    const now = this.ctx.clock.now();
    const latest = await db
      .selectFrom('episodes')
      .leftJoin('ballots', 'ballots.episode_id', 'episodes.id')
      .select(['episodes.number', 'episodes.status', 'episodes.release_at', 'ballots.status as ballotStatus', 'ballots.closes_at'])
      .where('episodes.series_id', '=', series.id)
      .orderBy('episodes.number', 'desc')
      .executeTakeFirst();
    if (latest && latest.release_at !== null && (WAITING as readonly string[]).includes(latest.status)) {
      return latest.release_at + LATE_GRACE_MS < now ? { schedule, at: null, lateEpisode: latest.number } : { schedule, at: latest.release_at, lateEpisode: null };
    }
    // The episode is out and voted on: the next one goes out at the release its ballot closes for.
    const voting = latest?.ballotStatus === 'open' || latest?.ballotStatus === 'tied';
    const plannedClose = voting && latest.closes_at !== null ? latest.closes_at : now;
    return { schedule, at: releaseAfterClose(schedule, Math.max(plannedClose, now - schedule.closeMs)), lateEpisode: null };
  }
}

/**
 * Puts a series' open ballot and waiting episodes on its schedule. 'all' (a new schedule): every
 * waiting episode gets the next slot (one not yet rendered, the next that leaves it the writing
 * time). 'overdue' (after a pause): only episodes whose slot passed move on; the others keep theirs.
 */
export async function fitToSchedule(ctx: CoreContext, tx: Executor, series: Pick<SeriesRow, 'id' | 'release_schedule'>, now: number, which: 'all' | 'overdue'): Promise<void> {
  const schedule = readSchedule(series.release_schedule);
  if (!schedule) return;
  const open = await tx.selectFrom('ballots').select(['id', 'opens_at']).where('series_id', '=', series.id).where('status', '=', 'open').execute();
  for (const b of open) {
    await tx
      .updateTable('ballots')
      .set({ closes_at: ballotCloseAt(schedule, b.opens_at ?? now, now) })
      .where('id', '=', b.id)
      .execute();
  }
  const waiting = await lockForUpdate(ctx, tx.selectFrom('episodes').select(['id', 'status', 'release_at']).where('series_id', '=', series.id).where('status', 'in', WAITING)).execute();
  for (const e of waiting) {
    if (which === 'overdue' && (e.release_at === null || e.release_at >= now)) continue;
    const releaseAt = nextSlot(schedule, e.status === 'rendered' ? now : now + schedule.closeMs);
    await tx.updateTable('episodes').set({ release_at: releaseAt }).where('id', '=', e.id).execute();
  }
}

/** Back to "as soon as ready": waiting episodes lose their slot (a rendered one goes out now), the open ballot gets its vote window. */
async function unschedule(ctx: CoreContext, tx: Executor, series: Pick<SeriesRow, 'id' | 'vote_window_ms'>, now: number): Promise<void> {
  const waiting = await lockForUpdate(
    ctx,
    tx.selectFrom('episodes').select(['id', 'status']).where('series_id', '=', series.id).where('status', 'in', WAITING).where('release_at', 'is not', null),
  ).execute();
  for (const e of waiting) {
    await tx.updateTable('episodes').set({ release_at: null }).where('id', '=', e.id).execute();
    if (e.status === 'rendered') await ctx.queue.enqueue(tx, { kind: 'publish', key: `publish:${e.id}:unscheduled:${now}`, payload: { episodeId: e.id } });
  }
  const open = await tx.selectFrom('ballots').select(['id', 'opens_at']).where('series_id', '=', series.id).where('status', '=', 'open').execute();
  for (const b of open) {
    const closesAt = Math.max((b.opens_at ?? now) + series.vote_window_ms, now + VOTE_WINDOW_MIN_MS);
    await tx.updateTable('ballots').set({ closes_at: closesAt }).where('id', '=', b.id).execute();
  }
}

/**
 * What a channel is told when a scheduled episode reaches it after its slot (null when on time):
 * only for the post that went out at release, not for a channel that followed later.
 */
export async function lateNotice(db: Executor, episodeId: string, deliveryCreatedAt: number, locale: string): Promise<string | null> {
  const row = await db
    .selectFrom('episodes')
    .innerJoin('series', 'series.id', 'episodes.series_id')
    .select(['episodes.number', 'episodes.release_at', 'episodes.published_at', 'series.title', 'series.release_schedule'])
    .where('episodes.id', '=', episodeId)
    .executeTakeFirst();
  if (!row || row.release_at === null || row.published_at === null) return null;
  if (row.published_at <= row.release_at + LATE_GRACE_MS || deliveryCreatedAt > row.published_at + LATE_GRACE_MS) return null;
  const zone = readSchedule(row.release_schedule)?.zone ?? 'UTC';
  return t(locale, 'schedule.late', { number: row.number, title: row.title, due: formatRelease(row.release_at, zone, locale) });
}
