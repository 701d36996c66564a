import { seededRandom } from './clock.js';
import { audit, transaction, type Actor, type CoreContext } from './context.js';
import { msg } from '../i18n/i18n.js';
import { UserError } from './errors.js';
import type { CastMember, Executor } from './ports.js';
import { cleanText } from './text.js';
import { JsonObject, readJson } from './json.js';

export const MAX_CAST = 8;

export interface CastInput {
  name: string;
  species: string;
  personality?: string;
}

// Used when a series starts without a cast: two stars of the genre, picked by the series seed.
const STOCK_CAST: CastInput[] = [
  { name: 'Mochi', species: 'Shiba Inu', personality: 'proud, secretly tender' },
  { name: 'Luna', species: 'black cat', personality: 'mysterious, sharp-tongued' },
  { name: 'Biscuit', species: 'golden retriever', personality: 'loyal to a fault' },
  { name: 'Duchess', species: 'Persian cat', personality: 'elegant schemer' },
  { name: 'Pepper', species: 'corgi', personality: 'ambitious and loud' },
  { name: 'Ghost', species: 'husky', personality: 'brooding ex with a past' },
  { name: 'Marmalade', species: 'tabby cat', personality: 'gossip with a heart of gold' },
  { name: 'Noodle', species: 'dachshund', personality: 'anxious heir' },
];

export function stockCast(seed: number, count = 2): CastInput[] {
  const rnd = seededRandom(seed);
  const pool = [...STOCK_CAST];
  const picked: CastInput[] = [];
  while (picked.length < count && pool.length) picked.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]!);
  return picked;
}

/**
 * Parses a cast list typed in a chat: "Mochi: Shiba Inu, Luna: black cat" or
 * "Mochi (Shiba Inu); Luna (black cat)".
 */
export function parseCastList(text: string): CastInput[] {
  const entries = text
    .split(/[;,\n]/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length > MAX_CAST) throw new UserError('limit-reached', 'errors.cast.castFull', { max: MAX_CAST });
  return entries.map((entry) => {
    const m = /^(.+?)\s*(?::|\((.+)\)$|\s-\s)\s*(.*)$/.exec(entry);
    const name = m?.[1]?.trim();
    const species = (m?.[2] ?? m?.[3])?.trim();
    if (!name || !species) {
      throw new UserError('invalid-input', 'errors.cast.unreadable', { entry: entry.slice(0, 40) });
    }
    return { name, species };
  });
}

function cleanCast(input: CastInput): CastInput & { personality: string } {
  return {
    name: cleanText(input.name, { field: msg('fields.characterName'), max: 24 }),
    species: cleanText(input.species, { field: msg('fields.species'), max: 40 }),
    personality: input.personality ? cleanText(input.personality, { field: msg('fields.personality'), max: 120 }) : 'full of secrets',
  };
}

/** Adds characters inside an open transaction; names are unique per series, case-insensitively. */
export async function insertCharacters(ctx: CoreContext, tx: Executor, seriesId: string, inputs: CastInput[]): Promise<string[]> {
  const existing = await tx.selectFrom('characters').select(['name_key', 'position']).where('series_id', '=', seriesId).execute();
  if (existing.length + inputs.length > MAX_CAST) {
    throw new UserError('limit-reached', 'errors.cast.seriesFull', { max: MAX_CAST });
  }
  const keys = new Set(existing.map((c) => c.name_key));
  let position = existing.reduce((max, c) => Math.max(max, c.position + 1), 0);
  const names: string[] = [];
  for (const raw of inputs) {
    const c = cleanCast(raw);
    const key = c.name.toLocaleLowerCase();
    if (keys.has(key)) throw new UserError('conflict', 'errors.cast.taken', { name: c.name });
    keys.add(key);
    await tx
      .insertInto('characters')
      .values({
        id: ctx.ids('ch'),
        series_id: seriesId,
        name: c.name,
        name_key: key,
        species: c.species,
        personality: c.personality,
        look: JSON.stringify({}),
        voice: '',
        position: position++,
        created_at: ctx.clock.now(),
      })
      .execute();
    names.push(c.name);
  }
  return names;
}

export class CastService {
  constructor(private readonly ctx: CoreContext) {}

  async add(actor: Actor, seriesId: string, input: CastInput): Promise<string> {
    return transaction(this.ctx, async (tx) => {
      const [name] = await insertCharacters(this.ctx, tx, seriesId, [input]);
      await audit(this.ctx, tx, { seriesId, actor, action: 'cast.add', details: { name } });
      return name!;
    });
  }

  async list(seriesId: string, db: Executor = this.ctx.db): Promise<CastMember[]> {
    const rows = await db.selectFrom('characters').selectAll().where('series_id', '=', seriesId).orderBy('position').execute();
    return rows.map((r) => ({
      name: r.name,
      species: r.species,
      personality: r.personality,
      voice: r.voice,
      look: readJson(JsonObject, r.look) ?? {},
    }));
  }
}
