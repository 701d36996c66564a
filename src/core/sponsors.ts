import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { SponsorsTable } from '../db/schema.js';
import { msg, t } from '../i18n/i18n.js';
import { audit, lockForUpdate, transaction, type Actor, type CoreContext } from './context.js';
import { DeferJobError, UserError } from './errors.js';
import type { Executor, SponsorBrief } from './ports.js';
import { sentences } from './story/state.js';
import { cleanText, escapeRegExp } from './text.js';

/**
 * Sponsor placements. A moderator adds a brand to a series (its product, a one-line brief, a tier
 * and which episodes); the write step hands it to the writer, which weaves it into one scene
 * (`script.sponsor`); the loop keeps a placement only a moderator authorised (`authorise`), records
 * it with an audit row, and the episode carries the disclosure: "Sponsored by …" on screen and
 * "#ad" in every caption (`disclosureOf`). Nothing else creates a sponsor.
 */

/** `background`: the product seen in the scene; `prop`: a character uses it; `featured`: a scene built around it. */
export const SPONSOR_TIERS = ['background', 'prop', 'featured'] as const;
export type SponsorTier = (typeof SPONSOR_TIERS)[number];

export const SPONSOR_LIMITS = { brand: 40, product: 60, brief: 200, episodes: 100 } as const;

export type Sponsor = Selectable<SponsorsTable>;

/** Which episodes: a range ("3-5", "4"), or the next N to be written ("next 3"). */
export type EpisodeSpan = { first: number; last: number } | { next: number };

/** "3-5", "3–5", "7", "next 3", "next3", "next-3", "n3" → the span; a UserError that shows the forms otherwise. */
export function parseEpisodeSpan(text: string): EpisodeSpan {
  const s = text.trim().toLowerCase();
  const next = /^(?:next|n)[\s:=-]*(\d{1,3})$/.exec(s);
  if (next) {
    const n = Number(next[1]);
    if (n >= 1 && n <= SPONSOR_LIMITS.episodes) return { next: n };
  }
  const range = /^#?(\d{1,5})(?:\s*(?:-|–|—|to|\.\.)\s*#?(\d{1,5}))?$/.exec(s);
  if (range) {
    const first = Number(range[1]);
    const last = Number(range[2] ?? range[1]);
    if (first >= 1 && last >= first && last - first < SPONSOR_LIMITS.episodes) return { first, last };
  }
  throw new UserError('invalid-input', 'sponsor.errors.episodes', { text: text.slice(0, 20), max: SPONSOR_LIMITS.episodes });
}

export function parseSponsorTier(text: string): SponsorTier {
  const word = text.trim().toLowerCase();
  const tier = SPONSOR_TIERS.find((x) => x === word);
  if (!tier) throw new UserError('invalid-input', 'sponsor.errors.tier', { tiers: SPONSOR_TIERS.join(', ') });
  return tier;
}

export interface SponsorInput {
  brand: string;
  product: string;
  brief: string;
  tier: SponsorTier;
  episodes: EpisodeSpan;
}

/** One episode a sponsor was written into, with how it did. */
export interface PlacementStats {
  episodeId: string;
  number: number;
  title: string | null;
  status: string;
  tier: SponsorTier;
  /** Who holds or uses the product, for a prop or a featured scene. */
  holder: string | null;
  votes: number;
  /** Channels the episode was posted to. */
  posts: number;
  /** Members of those channels, where the platform said how many (null: none did). */
  reach: number | null;
  placedAt: number;
}

export interface SponsorReport {
  sponsor: Sponsor;
  placements: PlacementStats[];
}

/** Brand, product and brief as stored: clean text without braces (the offline writer's templates fill slots written in braces). */
/** Only moderators place sponsors: checked here too, whoever calls. */
function assertModerator(actor: Actor): void {
  if (!actor.isModerator) throw new UserError('not-moderator', 'errors.command.notModerator');
}

function cleanField(raw: string, field: 'brand' | 'product' | 'brief'): string {
  return cleanText(raw.replace(/[{}]/g, ''), { field: msg(`sponsor.fields.${field}`), max: SPONSOR_LIMITS[field], min: field === 'brief' ? 3 : 1 });
}

export class SponsorService {
  constructor(private readonly ctx: CoreContext) {}

  /** Active sponsors first (by first episode), then removed ones. */
  async list(seriesId: string, opts: { removed?: boolean } = {}): Promise<Sponsor[]> {
    let q = this.ctx.db.selectFrom('sponsors').selectAll().where('series_id', '=', seriesId);
    if (!opts.removed) q = q.where('removed_at', 'is', null);
    const rows = await q.orderBy('first_episode').orderBy('number').execute();
    return rows.sort((a, b) => Number(a.removed_at !== null) - Number(b.removed_at !== null));
  }

  async add(actor: Actor, seriesId: string, input: SponsorInput): Promise<Sponsor> {
    assertModerator(actor);
    const ctx = this.ctx;
    const fields = { brand: cleanField(input.brand, 'brand'), product: cleanField(input.product, 'product'), brief: cleanField(input.brief, 'brief') };
    return transaction(ctx, async (tx) => {
      // Locking the series row serialises numbering and the overlap check in PostgreSQL.
      const series = await lockForUpdate(ctx, tx.selectFrom('series').select(['id', 'status', 'title']).where('id', '=', seriesId)).executeTakeFirstOrThrow();
      if (series.status === 'ended') throw new UserError('series-not-running', 'errors.series.ended', { title: series.title });
      const { first, last } = await this.span(tx, seriesId, input.episodes);
      await this.refuseOverlap(tx, seriesId, first, last, null);
      const last_ = await tx
        .selectFrom('sponsors')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('series_id', '=', seriesId)
        .executeTakeFirst();
      const now = ctx.clock.now();
      const row: Sponsor = {
        id: ctx.ids('sp'),
        series_id: seriesId,
        number: Number(last_?.n ?? 0) + 1,
        ...fields,
        tier: input.tier,
        first_episode: first,
        last_episode: last,
        added_by: actor.id,
        added_at: now,
        updated_at: now,
        removed_at: null,
      };
      await tx.insertInto('sponsors').values(row).execute();
      await audit(ctx, tx, {
        seriesId,
        actor,
        action: 'sponsor.add',
        details: { sponsor: row.number, brand: row.brand, product: row.product, tier: row.tier, episodes: [first, last], brief: row.brief },
      });
      return row;
    });
  }

  /** Changes what is given; an edit never touches episodes already written (their placement stays as it was). */
  async edit(actor: Actor, seriesId: string, number: number, changes: Partial<SponsorInput>): Promise<Sponsor> {
    assertModerator(actor);
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      await lockForUpdate(ctx, tx.selectFrom('series').select('id').where('id', '=', seriesId)).executeTakeFirstOrThrow();
      const before = await this.active(tx, seriesId, number);
      const span = changes.episodes ? await this.span(tx, seriesId, changes.episodes) : { first: before.first_episode, last: before.last_episode };
      if (changes.episodes) await this.refuseOverlap(tx, seriesId, span.first, span.last, before.id);
      const after: Sponsor = {
        ...before,
        ...(changes.brand !== undefined ? { brand: cleanField(changes.brand, 'brand') } : {}),
        ...(changes.product !== undefined ? { product: cleanField(changes.product, 'product') } : {}),
        ...(changes.brief !== undefined ? { brief: cleanField(changes.brief, 'brief') } : {}),
        ...(changes.tier !== undefined ? { tier: changes.tier } : {}),
        first_episode: span.first,
        last_episode: span.last,
        updated_at: ctx.clock.now(),
      };
      const changed = (['brand', 'product', 'brief', 'tier', 'first_episode', 'last_episode'] as const).filter((k) => after[k] !== before[k]);
      if (!changed.length) throw new UserError('invalid-input', 'sponsor.errors.nothingToEdit');
      await tx
        .updateTable('sponsors')
        .set({ brand: after.brand, product: after.product, brief: after.brief, tier: after.tier, first_episode: after.first_episode, last_episode: after.last_episode, updated_at: after.updated_at })
        .where('id', '=', before.id)
        .execute();
      await audit(ctx, tx, {
        seriesId,
        actor,
        action: 'sponsor.edit',
        details: { sponsor: number, brand: after.brand, changed: Object.fromEntries(changed.map((k) => [k, [before[k], after[k]]])) },
      });
      return after;
    });
  }

  /** Takes a sponsor off the episodes not yet written; its placements so far stay on record. */
  async remove(actor: Actor, seriesId: string, number: number): Promise<Sponsor> {
    assertModerator(actor);
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      // Locked like add and edit: the write step locks it too, so a removal lands before or after its check.
      await lockForUpdate(ctx, tx.selectFrom('series').select('id').where('id', '=', seriesId)).executeTakeFirstOrThrow();
      const row = await this.active(tx, seriesId, number);
      const now = ctx.clock.now();
      await tx.updateTable('sponsors').set({ removed_at: now, updated_at: now }).where('id', '=', row.id).execute();
      await audit(ctx, tx, { seriesId, actor, action: 'sponsor.remove', details: { sponsor: number, brand: row.brand } });
      return { ...row, removed_at: now };
    });
  }

  /** "3" or "#3", else an active sponsor's brand, as typed (any case). */
  async find(seriesId: string, ref: string): Promise<Sponsor> {
    const text = ref.trim().replace(/^#/, '');
    if (/^\d{1,6}$/.test(text)) return this.active(this.ctx.db, seriesId, Number(text));
    const all = await this.list(seriesId);
    const found = all.find((s) => s.brand.toLocaleLowerCase() === text.toLocaleLowerCase());
    if (!found) throw new UserError('not-found', 'sponsor.errors.notFound', { ref: ref.slice(0, 40) });
    return found;
  }

  /** Every sponsor of a series with the episodes it was placed in: votes, posts and reach of each. */
  async report(seriesId: string): Promise<SponsorReport[]> {
    const db = this.ctx.db;
    const sponsors = await this.list(seriesId, { removed: true });
    if (!sponsors.length) return [];
    const placements = await db
      .selectFrom('sponsor_placements')
      .innerJoin('episodes', 'episodes.id', 'sponsor_placements.episode_id')
      .select([
        'sponsor_placements.sponsor_id',
        'sponsor_placements.episode_id',
        'sponsor_placements.episode_number',
        'sponsor_placements.tier',
        'sponsor_placements.holder',
        'sponsor_placements.placed_at',
        'episodes.title',
        'episodes.status',
      ])
      .where('sponsor_placements.series_id', '=', seriesId)
      .orderBy('sponsor_placements.episode_number')
      .execute();
    const ids = placements.map((p) => p.episode_id);
    const votes = ids.length
      ? await db
          .selectFrom('votes')
          .innerJoin('ballots', 'ballots.id', 'votes.ballot_id')
          .select(['ballots.episode_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('ballots.episode_id', 'in', ids)
          .groupBy('ballots.episode_id')
          .execute()
      : [];
    const posts = ids.length
      ? await db
          .selectFrom('deliveries')
          .select(['episode_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number | null>('members').as('members')])
          .where('episode_id', 'in', ids)
          .where('status', '=', 'sent')
          .groupBy('episode_id')
          .execute()
      : [];
    const votesOf = new Map(votes.map((v) => [v.episode_id, Number(v.n)]));
    const postsOf = new Map(posts.map((p) => [p.episode_id, { n: Number(p.n), members: p.members === null ? null : Number(p.members) }]));
    return sponsors.map((sponsor) => ({
      sponsor,
      placements: placements
        .filter((p) => p.sponsor_id === sponsor.id)
        .map((p) => ({
          episodeId: p.episode_id,
          number: p.episode_number,
          title: p.title,
          status: p.status,
          tier: p.tier,
          holder: p.holder,
          votes: votesOf.get(p.episode_id) ?? 0,
          posts: postsOf.get(p.episode_id)?.n ?? 0,
          reach: postsOf.get(p.episode_id)?.members ?? null,
          placedAt: p.placed_at,
        })),
    }));
  }

  private async active(db: Executor, seriesId: string, number: number): Promise<Sponsor> {
    const row = await db.selectFrom('sponsors').selectAll().where('series_id', '=', seriesId).where('number', '=', number).where('removed_at', 'is', null).executeTakeFirst();
    if (!row) throw new UserError('not-found', 'sponsor.errors.notFound', { ref: `#${number}` });
    return row;
  }

  /** The episodes a span names, from the next one to be written: "next 3" counts from it, a range is cut to start there. */
  private async span(db: Executor, seriesId: string, span: EpisodeSpan): Promise<{ first: number; last: number }> {
    const next = await nextToWrite(db, seriesId);
    if ('next' in span) return { first: next, last: next + span.next - 1 };
    if (span.last < next) throw new UserError('invalid-input', 'sponsor.errors.past', { first: span.first, last: span.last, next });
    return { first: Math.max(span.first, next), last: span.last };
  }

  /** One sponsor per episode: a story carries one placement without bending. */
  private async refuseOverlap(db: Executor, seriesId: string, first: number, last: number, except: string | null): Promise<void> {
    let q = db
      .selectFrom('sponsors')
      .select(['number', 'brand', 'first_episode', 'last_episode'])
      .where('series_id', '=', seriesId)
      .where('removed_at', 'is', null)
      .where('first_episode', '<=', last)
      .where('last_episode', '>=', first);
    if (except) q = q.where('id', '!=', except);
    const other = await q.executeTakeFirst();
    if (other) throw new UserError('conflict', 'sponsor.errors.overlap', { brand: other.brand, number: other.number, first: other.first_episode, last: other.last_episode });
  }
}

/**
 * The first episode whose writing has not begun. One being written already has its sponsor (or
 * none) in the writer's hands, so "next 1" starts after it rather than being silently skipped.
 */
export async function nextToWrite(db: Executor, seriesId: string): Promise<number> {
  const row = await db
    .selectFrom('episodes')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('series_id', '=', seriesId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** The sponsor a moderator placed in this episode, if any. */
export async function sponsorFor(db: Executor, seriesId: string, episodeNumber: number): Promise<Sponsor | undefined> {
  return db
    .selectFrom('sponsors')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('removed_at', 'is', null)
    .where('first_episode', '<=', episodeNumber)
    .where('last_episode', '>=', episodeNumber)
    .orderBy('number')
    .executeTakeFirst();
}

export function briefOf(sponsor: Sponsor): SponsorBrief {
  return { brand: sponsor.brand, product: sponsor.product, brief: sponsor.brief, tier: sponsor.tier };
}

// ---- the placement in a script ----------------------------------------------------------------

/** A script's `sponsor` field as the core reads it (the writer's schema is `src/writer/script.ts`). */
const ScriptPlacementSchema = z.object({
  brand: z.string(),
  product: z.string(),
  tier: z.enum(SPONSOR_TIERS),
  /** The scene's index (0 is the hook). */
  scene: z.number().int().min(0),
  holder: z.string().nullable().optional(),
});
export type ScriptPlacement = z.infer<typeof ScriptPlacementSchema>;

/** The placement a stored or written script carries; null when it has none (or an unreadable one). */
export function placementOf(script: unknown): ScriptPlacement | null {
  if (!script || typeof script !== 'object') return null;
  const parsed = ScriptPlacementSchema.safeParse((script as { sponsor?: unknown }).sponsor);
  return parsed.success ? parsed.data : null;
}

/** The brand a stored script's placement names (an episode row's `script` column). */
export function sponsorBrandOf(scriptJson: string | null): string | null {
  if (!scriptJson) return null;
  try {
    return placementOf(JSON.parse(scriptJson))?.brand ?? null;
  } catch {
    return null;
  }
}

/**
 * What the loop keeps of a written script's placement: only the one a moderator authorised for
 * this episode, spelt as the moderator typed it. A placement nobody authorised is taken out; a
 * script that left out the authorised one is refused (the writers place it, so this is a bug, and
 * the step is retried). A prop or featured sponsor placed in the background is kept: the offline
 * writer does that when nobody on screen has a free paw, and `recordPlacement` notes the tier asked.
 */
export function authorise(script: unknown, sponsor: Sponsor | undefined): { script: unknown; placement: ScriptPlacement | null } {
  const s = (script && typeof script === 'object' ? script : {}) as Record<string, unknown>;
  const { sponsor: written, ...rest } = s;
  if (!sponsor) return { script: rest, placement: null };
  const placement = placementOf(s);
  const scenes = Array.isArray(s.scenes) ? s.scenes.length : 0;
  const fellBack = placement?.tier === 'background' && sponsor.tier !== 'background';
  if (!placement || (placement.tier !== sponsor.tier && !fellBack) || placement.scene >= scenes) {
    throw new Error(`the writer left out the sponsor placement of ${sponsor.brand} (${sponsor.tier}): ${written === undefined ? 'no sponsor in the script' : 'it does not match'}`);
  }
  const kept: ScriptPlacement = { brand: sponsor.brand, product: sponsor.product, tier: placement.tier, scene: placement.scene, holder: fellBack ? null : (placement.holder ?? null) };
  return { script: { ...rest, sponsor: kept }, placement: kept };
}

/** The same sponsor, as the writer was given it (a change of episodes alone leaves the placement as good as it was). */
function sameBrief(a: Sponsor | undefined, b: Sponsor | undefined): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id && a.brand === b.brand && a.product === b.product && a.brief === b.brief && a.tier === b.tier;
}

/** Whether a text names the brand or the product: as a word in spaced scripts, anywhere next to Han or kana. */
function mentionTest(sponsor: Pick<Sponsor, 'brand' | 'product'>): (text: string) => boolean {
  const edge = (c: string) => /[\p{L}\p{N}]/u.test(c) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u.test(c);
  const pattern = [sponsor.brand, sponsor.product]
    .map((term) => term.trim())
    .filter(Boolean)
    .map((term) => `${edge(term.slice(0, 1)) ? '(?<![\\p{L}\\p{N}])' : ''}${escapeRegExp(term)}${edge(term.slice(-1)) ? '(?![\\p{L}\\p{N}])' : ''}`)
    .join('|');
  const re = new RegExp(pattern, 'iu');
  return (text) => re.test(text);
}

/** Every string in a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/**
 * A script with a sponsor taken out after it was written: its `sponsor` field, every sentence of
 * narration and every line of dialogue that names the brand or product (the writers weave it in as
 * one sentence, a line for a featured scene). Null when that does not leave a clean script: a
 * scene with no narration left, or a mention anywhere else (title, hook, setting, a twist, `also`).
 * A scene's seconds shrink with its words (the renderer times the voice itself; these are estimates).
 */
export function stripPlacement(script: unknown, sponsor: Pick<Sponsor, 'brand' | 'product'>, also: readonly string[] = []): Record<string, unknown> | null {
  if (!script || typeof script !== 'object' || !Array.isArray((script as { scenes?: unknown }).scenes)) return null;
  const { sponsor: _placed, scenes, ...rest } = script as { sponsor?: unknown; scenes: unknown[] } & Record<string, unknown>;
  const named = mentionTest(sponsor);
  const SceneShape = z.object({ narration: z.string(), dialogue: z.array(z.object({ line: z.string() }).passthrough()), seconds: z.number() }).passthrough();
  const stripped: Record<string, unknown>[] = [];
  for (const raw of scenes) {
    const parsed = SceneShape.safeParse(raw);
    if (!parsed.success) return null;
    const scene = parsed.data;
    let narration = scene.narration;
    for (const s of sentences(scene.narration)) if (named(s)) narration = narration.replace(s, '');
    narration = narration.replace(/\s{2,}/g, ' ').trim();
    if (!narration) return null;
    const dialogue = scene.dialogue.filter((d) => !named(d.line));
    const spoken = (n: string, d: { line: string }[]) => [n, ...d.map((x) => x.line)].join(' ').length;
    const seconds =
      narration === scene.narration && dialogue.length === scene.dialogue.length
        ? scene.seconds
        : Math.max(1, Math.round(((scene.seconds * spoken(narration, dialogue)) / Math.max(1, spoken(scene.narration, scene.dialogue))) * 10) / 10);
    const { narration: _n, dialogue: _d, seconds: _s, ...other } = scene;
    if (stringsOf(other).some(named)) return null;
    stripped.push({ ...other, narration, dialogue, seconds });
  }
  if ([...stringsOf(rest), ...also].some(named)) return null;
  return { ...rest, scenes: stripped };
}

/**
 * The write step's second look at its sponsor, inside its transaction with the series row locked
 * (as add, edit and remove lock it): `wrote` is the sponsor the writer was given, `now` the one in
 * force. The same sponsor: the placement stands. Removed (or moved off this episode): the script
 * goes out without it, or, when it cannot be taken out cleanly, is written again. Edited, or a
 * new one: written again with it. "Written again" defers the step (it keeps its attempts).
 */
export function settlePlacement(
  placed: { script: unknown; placement: ScriptPlacement | null },
  wrote: Sponsor | undefined,
  now: Sponsor | undefined,
  also: readonly string[],
): { script: unknown; placement: ScriptPlacement | null; stripped: boolean } {
  if (sameBrief(wrote, now)) return { ...placed, stripped: false };
  if (wrote && !now) {
    const script = stripPlacement(placed.script, wrote, also);
    if (script) return { script, placement: null, stripped: true };
  }
  const why = now ? `sponsor #${now.number} (${now.brand}) changed` : `sponsor #${wrote?.number} (${wrote?.brand}) was removed and its placement cannot be taken out cleanly`;
  throw new DeferJobError(`${why} while the episode was being written: writing it again`, 0);
}

/** Records that an episode carries a sponsor, with the audit row every placement gets. */
export async function recordPlacement(ctx: CoreContext, tx: Executor, sponsor: Sponsor, episode: { id: string; number: number }, placement: ScriptPlacement): Promise<void> {
  const done = await tx.selectFrom('sponsor_placements').select('id').where('episode_id', '=', episode.id).where('sponsor_id', '=', sponsor.id).executeTakeFirst();
  if (done) return;
  await tx
    .insertInto('sponsor_placements')
    .values({
      id: ctx.ids('pl'),
      sponsor_id: sponsor.id,
      series_id: sponsor.series_id,
      episode_id: episode.id,
      episode_number: episode.number,
      tier: placement.tier,
      scene: placement.scene,
      holder: placement.holder ?? null,
      placed_at: ctx.clock.now(),
    })
    .execute();
  // The writer placed it; the moderator who added the sponsor authorised it.
  await audit(ctx, tx, {
    seriesId: sponsor.series_id,
    actor: { id: 'system:writer', isModerator: false },
    action: 'sponsor.placed',
    details: {
      sponsor: sponsor.number,
      brand: sponsor.brand,
      episode: episode.number,
      tier: placement.tier,
      scene: placement.scene + 1,
      holder: placement.holder ?? null,
      authorisedBy: sponsor.added_by,
      // Placed at a lower tier than asked (nobody could hold it): moderators see it here and in the placements.
      ...(placement.tier !== sponsor.tier ? { askedTier: sponsor.tier } : {}),
    },
  });
}

// ---- the disclosure ---------------------------------------------------------------------------

export interface Disclosure {
  brand: string;
  /** The tag every caption carries. */
  tag: '#ad';
  /** What the video shows: "Sponsored by Purrfect" (the `cards` catalog). */
  onScreen: string;
  /** The caption line: "#ad · Sponsored by Purrfect" (the `bot` catalog; always with "#ad"). */
  caption: string;
}

/**
 * The disclosure of a sponsored episode in a language, for every caption (chat posts, post kits)
 * and the screen; null when the episode carries no sponsor. Give it an `EpisodeView` (its
 * `sponsoredBy`), or `{ sponsoredBy: placementOf(script)?.brand }`.
 */
export function disclosureOf(episode: { sponsoredBy?: string | null } | null | undefined, locale = 'en'): Disclosure | null {
  const brand = episode?.sponsoredBy;
  if (!brand) return null;
  const caption = t(locale, 'sponsor.caption', { brand });
  return { brand, tag: '#ad', onScreen: t(locale, 'cards:sponsor', { brand }), caption: caption.includes('#ad') ? caption : `#ad · ${caption}` };
}
