import fs from 'node:fs/promises';
import { z } from 'zod';
import { TIMELINE_VERSION, type Timeline } from '../render/timeline.js';

export type { Timeline, TimelinePart } from '../render/timeline.js';

/** The renderer's `<video>.timeline.json`, read defensively: null when absent or of another version. */

const TimelineSchema = z.object({
  version: z.literal(TIMELINE_VERSION),
  duration: z.number().positive(),
  fps: z.number().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  language: z.string(),
  parts: z.array(z.object({ kind: z.enum(['opening', 'previously', 'story', 'outro']), start: z.number().min(0), end: z.number().positive() })).min(1),
  captions: z.array(
    z.object({
      speaker: z.string().nullable(),
      color: z.string(),
      words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number(), space: z.boolean().optional() }).passthrough()),
    }),
  ),
});

export async function readTimeline(file: string | null | undefined): Promise<Timeline | null> {
  if (!file) return null;
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return null;
  try {
    const parsed = TimelineSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as Timeline) : null;
  } catch {
    return null;
  }
}
