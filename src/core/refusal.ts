import { z } from 'zod';
import { listText, t } from '../i18n/i18n.js';

/**
 * Why a platform refuses a channel (the bot was removed, a permission is missing), as a catalog
 * message (`refusal.*` in `bot`): stored with the channel and said in each reader's language where
 * it is shown (the chat notice, /series status, the studio). A list parameter (Discord's permission
 * names) is listed the reader's way.
 */
export interface Refusal {
  key: string;
  params?: Readonly<Record<string, string | number | readonly string[]>>;
}

export const refusal = (key: string, params?: Refusal['params']): Refusal => (params ? { key, params } : { key });

/** A reason in `locale`; one that is plain text (a row from before reasons were messages, a publisher that gives text) as it is. */
export function refusalText(reason: string | Refusal, locale: string): string {
  if (typeof reason === 'string') return reason;
  const params = Object.fromEntries(Object.entries(reason.params ?? {}).map(([name, value]) => [name, typeof value === 'object' ? listText(locale, value) : value]));
  return t(locale, reason.key, params);
}

/** The column's size: a refusal must fit whole, or it would not read back. */
const STORED_MAX = 500;

const Stored = z.object({
  refusal: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
  /** The English, for whoever reads the table (and the logs). */
  text: z.string(),
});

/** What `channels.blocked_reason` holds: plain text as it is, a refusal as JSON with its English. */
export function storedRefusal(reason: string | Refusal): string {
  if (typeof reason === 'string') return reason.slice(0, STORED_MAX);
  // What a platform said in its own words (a 403's description) is cut so the whole still fits.
  const params = Object.fromEntries(Object.entries(reason.params ?? {}).map(([name, value]) => [name, typeof value === 'string' ? value.slice(0, 120) : value]));
  const english = refusalText({ key: reason.key, params }, 'en');
  const json = (text: string) => JSON.stringify({ refusal: reason.key, ...(reason.params ? { params } : {}), text });
  const whole = json(english);
  return whole.length <= STORED_MAX ? whole : json(english.slice(0, Math.max(0, english.length - (whole.length - STORED_MAX) - 1)));
}

/** A stored reason read back: its English, and the refusal to say it in another language when it is one. */
export function readRefusal(stored: string): { reason: string; why?: Refusal } {
  if (!stored.startsWith('{')) return { reason: stored };
  try {
    const found = Stored.safeParse(JSON.parse(stored));
    if (found.success) return { reason: found.data.text, why: refusal(found.data.refusal, found.data.params) };
  } catch {
    // Text that only looks like JSON: shown as it is.
  }
  return { reason: stored };
}
