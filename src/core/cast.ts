import { seededRandom } from './clock.js';
import { audit, transaction, type Actor, type CoreContext } from './context.js';
import { msg } from '../i18n/i18n.js';
import { UserError } from './errors.js';
import type { CastMember, Executor } from './ports.js';
import { cleanText } from './text.js';
import { JsonObject, readJson } from './json.js';
import type { StoryLanguage } from './story/language.js';

export const MAX_CAST = 8;

export interface CastInput {
  name: string;
  species: string;
  personality?: string;
}

/** A character's personality when nobody gave one (readers see it in their own words: `cast.noPersonality`). */
export const DEFAULT_PERSONALITY = 'full of secrets';

/**
 * Used when a series starts without a cast: two stars of the genre, picked by the series seed. A
 * Chinese story gets them in Chinese (`zh`): the species as Chinese viewers call the breed, which
 * reads back to the same English words, so they look the same; personalities with the same temper
 * (the schemers stay schemers), in words the Chinese story model reads.
 */
const STOCK_CAST: (CastInput & { personality: string; zh: { species: string; personality: string } })[] = [
  { name: 'Mochi', species: 'Shiba Inu', personality: 'proud, secretly tender', zh: { species: '柴犬', personality: '骄傲，其实心软' } },
  { name: 'Luna', species: 'black cat', personality: 'mysterious, sharp-tongued', zh: { species: '黑猫', personality: '神秘又毒舌' } },
  { name: 'Biscuit', species: 'golden retriever', personality: 'loyal to a fault', zh: { species: '金毛', personality: '忠心耿耿' } },
  { name: 'Duchess', species: 'Persian cat', personality: 'elegant schemer', zh: { species: '波斯猫', personality: '优雅又有心机' } },
  { name: 'Pepper', species: 'corgi', personality: 'ambitious and loud', zh: { species: '柯基', personality: '野心勃勃，嗓门超大' } },
  { name: 'Ghost', species: 'husky', personality: 'brooding ex with a past', zh: { species: '哈士奇', personality: '高冷的前任，有故事' } },
  { name: 'Marmalade', species: 'tabby cat', personality: 'gossip with a heart of gold', zh: { species: '狸花猫', personality: '爱八卦的热心肠' } },
  { name: 'Noodle', species: 'dachshund', personality: 'anxious heir', zh: { species: '腊肠犬', personality: '焦虑的继承人' } },
];

export function stockCast(seed: number, count = 2, language: StoryLanguage = 'en'): CastInput[] {
  const rnd = seededRandom(seed);
  const pool = [...STOCK_CAST];
  const picked: CastInput[] = [];
  while (picked.length < count && pool.length) {
    const { zh, ...member } = pool.splice(Math.floor(rnd() * pool.length), 1)[0]!;
    picked.push(language === 'zh' ? { ...member, ...zh } : member);
  }
  return picked;
}

/**
 * Parses a cast list typed in a chat: "Mochi: Shiba Inu, Luna: black cat" or
 * "Mochi (Shiba Inu); Luna (black cat)", with the commas and colons of any script ("年糕：柴犬，露娜：黑猫",
 * "موتشي: كلب، لونا: قطة").
 */
export function parseCastList(text: string): CastInput[] {
  const entries = text
    .split(/[;,\n，；、،؛]/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length > MAX_CAST) throw new UserError('limit-reached', 'errors.cast.castFull', { max: MAX_CAST });
  return entries.map((entry) => {
    const m = /^(.+?)\s*(?:[:：]|[(（](.+)[)）]$|\s-\s)\s*(.*)$/.exec(entry);
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
    personality: input.personality ? cleanText(input.personality, { field: msg('fields.personality'), max: 120 }) : DEFAULT_PERSONALITY,
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
