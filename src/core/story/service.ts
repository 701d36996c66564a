import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { SeriesTable } from '../../db/schema.js';
import { audit, lockForUpdate, transaction, type Actor, type CoreContext } from '../context.js';
import { UserError } from '../errors.js';
import { msg } from '../../i18n/i18n.js';
import type { Executor } from '../ports.js';
import { cleanText } from '../text.js';
import { BibleSchema, GENRES, ROLES, StoryStateSchema, TwistOpSchema, type ArcBeat, type Bible, type EpisodeStory, type StoryState, type TwistOp } from './model.js';
import { bibleFromPremise, type CastSheet } from './premise.js';
import { defaultTitleZh } from './premise-zh.js';
import { culpritText } from './state.js';
import { arcBeat } from './arc.js';
import { initialState, nextFactId } from './state.js';
import { World } from './world.js';
import { readJson } from '../json.js';

/**
 * Reading and writing the story model in the database: the bible on the series row, the story of
 * each episode on its row, the twist of each option on its row. JSON is read through zod, once.
 */

type SeriesRow = Pick<Selectable<SeriesTable>, 'id' | 'title' | 'premise' | 'tone' | 'seed' | 'bible'> & { language?: string };

const EpisodeStorySchema = z.object({
  twist: TwistOpSchema.nullable(),
  changes: z.array(z.unknown()),
  cliffhanger: z.unknown(),
  summary: z.string(),
  state: StoryStateSchema,
});

export function readEpisodeStory(text: string | null | undefined): EpisodeStory | undefined {
  return readJson(EpisodeStorySchema, text) as EpisodeStory | undefined;
}

export function readTwistOp(text: string | null | undefined): TwistOp | undefined {
  return readJson(TwistOpSchema, text);
}

async function castSheets(db: Executor, seriesId: string): Promise<CastSheet[]> {
  return db.selectFrom('characters').select(['name', 'species', 'personality']).where('series_id', '=', seriesId).orderBy('position').execute();
}

/** The series' bible; series made before the story model get one from their premise. */
export async function loadBible(db: Executor, series: SeriesRow): Promise<Bible> {
  const cast = await castSheets(db, series.id);
  const stored = readJson(BibleSchema, series.bible);
  const bible = stored ?? bibleFromPremise({ title: series.title, premise: series.premise, tone: series.tone, cast, seed: series.seed, ...(series.language ? { language: series.language } : {}) });
  // Characters added since (/cast add) join as allies.
  const missing = cast.filter((c) => !bible.roles.some((r) => r.name === c.name));
  return missing.length
    ? {
        ...bible,
        roles: [
          ...bible.roles,
          ...missing.map((c) => ({
            name: c.name,
            role: 'ally' as const,
            title: bible.language === 'zh' ? defaultTitleZh(c.species) : `the ${c.species.toLowerCase()}`,
            species: c.species.slice(0, 40),
          })),
        ],
      }
    : bible;
}

/** Keeps a stored state in line with the bible as moderators corrected it since. */
export function alignState(bible: Bible, state: StoryState): StoryState {
  const fresh = initialState(bible);
  const s = structuredClone(state);
  for (const r of bible.roles) {
    if (!s.characters[r.name]) s.characters[r.name] = fresh.characters[r.name]!;
    for (const rel of fresh.relations.filter((x) => (x.from === r.name || x.to === r.name) && !s.relations.some((y) => y.from === x.from && y.to === x.to))) s.relations.push(rel);
  }
  const central = s.threads.find((t) => t.central && t.opened === 0 && t.status === 'open');
  if (central) central.question = bible.question;
  // A moderator named someone else as the culprit while the case is open: the truth follows them
  // (once: what the votes made true after that stays true).
  const culprit = bible.incident?.culprit ?? null;
  if (central && bible.incident && culprit !== s.bibleCulprit) {
    s.culprit = culprit;
    s.bibleCulprit = culprit;
    s.facts = s.facts
      .filter((f) => f.kind !== 'culprit' || culprit)
      .map((f) => (f.kind === 'culprit' && culprit ? { ...f, actor: culprit, text: culpritText(bible, culprit), known: [culprit], public: false } : f));
    if (culprit && !s.facts.some((f) => f.kind === 'culprit')) {
      s.facts.push({
        id: nextFactId(s),
        episode: 0,
        kind: 'culprit',
        actor: culprit,
        target: bible.incident.victim,
        object: null,
        text: culpritText(bible, culprit),
        known: [culprit],
        public: false,
      });
    }
  }
  return s;
}

/** The state the story stood in after episode `number - 1` (the one episode `number` starts from). */
export async function stateBefore(db: Executor, bible: Bible, seriesId: string, number: number): Promise<StoryState> {
  // The newest story that reads; one that does not (damaged, or from an older writer) is skipped, not the whole history.
  const rows = await db
    .selectFrom('episodes')
    .select(['number', 'story'])
    .where('series_id', '=', seriesId)
    .where('number', '<', number)
    .where('story', 'is not', null)
    .orderBy('number', 'desc')
    .limit(5)
    .execute();
  const story = rows.map((r) => readEpisodeStory(r.story)).find((x) => x !== undefined);
  return alignState(bible, story?.state ?? { ...initialState(bible), episode: Math.max(0, number - 1) });
}

/** The story as it stands now: after the newest written episode. */
export async function storyNow(db: Executor, series: SeriesRow): Promise<World> {
  const bible = await loadBible(db, series);
  const latest = await db
    .selectFrom('episodes')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('series_id', '=', series.id)
    .executeTakeFirst();
  return new World(bible, await stateBefore(db, bible, series.id, Number(latest?.n ?? 0) + 1));
}

/** A moderator's correction of the bible. */
export type BibleCorrection =
  | { field: 'genre'; value: string }
  | { field: 'question'; value: string }
  | { field: 'role'; name: string; role: string; title?: string }
  | { field: 'places'; value: string[] }
  | { field: 'props'; value: string[] }
  | { field: 'culprit'; value: string | null };

export interface StoryView {
  bible: Bible;
  /** After the newest written episode (episode 0: nothing written yet). */
  state: StoryState;
  /** Where the next episode stands in the arc. */
  nextBeat: ArcBeat;
}

/** The story model as people see and correct it: `/series story`, `/mod story`, the studio. */
export class StoryService {
  constructor(private readonly ctx: CoreContext) {}

  async view(seriesId: string, db: Executor = this.ctx.db): Promise<StoryView> {
    const series = await db.selectFrom('series').selectAll().where('id', '=', seriesId).executeTakeFirst();
    if (!series) throw new UserError('not-found', 'errors.series.gone');
    const w = await storyNow(db, series);
    return { bible: w.bible, state: w.state, nextBeat: arcBeat(w.state.episode + 1, w.bible.seasonLength) };
  }

  /** Corrects the bible; the next episode is written from it. Returns the bible as it is now. */
  async correct(actor: Actor, seriesId: string, c: BibleCorrection): Promise<Bible> {
    const ctx = this.ctx;
    return transaction(ctx, async (tx) => {
      const series = await lockForUpdate(ctx, tx.selectFrom('series').selectAll().where('id', '=', seriesId)).executeTakeFirst();
      if (!series) throw new UserError('not-found', 'errors.series.gone');
      const bible = await loadBible(tx, series);
      const names = bible.roles.map((r) => r.name);
      const castName = (raw: string) => {
        const name = names.find((n) => n.toLocaleLowerCase() === raw.trim().toLocaleLowerCase());
        if (!name) throw new UserError('not-found', 'errors.story.noCharacter', { name: raw.trim().slice(0, 24), cast: names.join(', ') });
        return name;
      };
      const list = (values: string[], what: 'place' | 'prop', min: number) => {
        const cleaned = values.map((v) => cleanText(v, { field: msg(`fields.${what}`), max: 60 })).filter((v, i, all) => all.indexOf(v) === i);
        if (cleaned.length < min || cleaned.length > 6) throw new UserError('invalid-input', what === 'place' ? 'errors.story.places' : 'errors.story.props', { min, max: 6 });
        return cleaned;
      };
      let next: Bible;
      switch (c.field) {
        case 'genre': {
          const genre = GENRES.find((g) => g === c.value.trim().toLowerCase());
          if (!genre) throw new UserError('invalid-input', 'errors.story.genre', { genres: GENRES.join(', ') });
          next = { ...bible, genre };
          break;
        }
        case 'question': {
          const q = cleanText(c.value, { field: msg('fields.question'), max: 200, min: 5 });
          next = { ...bible, question: /[?？]$/.test(q) ? q : `${q}?` };
          break;
        }
        case 'role': {
          const name = castName(c.name);
          const role = ROLES.find((r) => r === c.role.trim().toLowerCase());
          if (!role) throw new UserError('invalid-input', 'errors.story.role', { roles: ROLES.join(', ') });
          const title = c.title ? cleanText(c.title, { field: msg('fields.roleTitle'), max: 60 }) : undefined;
          next = { ...bible, roles: bible.roles.map((r) => (r.name === name ? { ...r, role, ...(title ? { title } : {}) } : r)) };
          break;
        }
        case 'places':
          next = { ...bible, places: list(c.value, 'place', 1).map((name) => ({ name, fromPremise: true })) };
          break;
        case 'props':
          next = { ...bible, props: list(c.value, 'prop', 0) };
          break;
        case 'culprit': {
          if (!bible.incident) throw new UserError('invalid-input', 'errors.story.noCulprit');
          const culprit = c.value === null ? null : castName(c.value);
          next = { ...bible, incident: bible.incident ? { ...bible.incident, culprit } : null };
          break;
        }
      }
      const parsed = BibleSchema.parse(next);
      await tx
        .updateTable('series')
        .set({ bible: JSON.stringify(parsed), updated_at: ctx.clock.now() })
        .where('id', '=', seriesId)
        .execute();
      await audit(ctx, tx, { seriesId, actor, action: 'story.correct', details: { ...c } });
      return parsed;
    });
  }
}
