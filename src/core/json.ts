import { z } from 'zod';

/** A JSON object of anything (a character's look). */
export const JsonObject = z.record(z.string(), z.unknown());
/** Counts by key (a ballot's frozen tally). */
export const Counts = z.record(z.string(), z.number());
/** Strings by key (a job's payload). */
export const Strings = z.record(z.string(), z.string());

/** Parses a JSON column with a schema; undefined when it is empty or not what it should be. */
export function readJson<T>(schema: z.ZodType<T>, text: string | null | undefined): T | undefined {
  if (!text) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
