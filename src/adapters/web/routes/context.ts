import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../../app.js';
import type { WebSettings } from '../../../config.js';
import type { Engine } from '../../../core/engine.js';
import { isUserError } from '../../../core/errors.js';
import type { Logger, Place } from '../../../core/ports.js';
import type { Series } from '../../../core/series.js';
import { ADMIN, type Access } from '../access.js';
import type { PlatformsSource } from '../health.js';
import type { LiveHub } from '../live.js';
import { langOf } from '../lang.js';
import { httpError } from '../respond.js';

/** What every route plugin of the studio is registered with. */
export interface StudioContext {
  app: App;
  access: Access;
  hub: LiveHub;
  settings: WebSettings;
  log: Logger;
  /** Where rendered files live on this machine: the only folder media is served from. */
  mediaDir: string;
  /** The chat platforms this process runs, and how they stand. */
  platforms: PlatformsSource;
}

const SeriesName = z.object({
  name: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[\p{L}\p{N}-]+$/u),
});

/** The series a `/s/:name/…` route is about, or a 404. */
export async function seriesOf(engine: Engine, req: FastifyRequest): Promise<Series> {
  const parsed = SeriesName.safeParse(req.params);
  // No series has a name like that (too long, odd characters): nothing is there.
  if (!parsed.success) throw httpError(404, langOf(req).t('errors.nothingHere'));
  const { name } = parsed.data;
  try {
    return await engine.series.find(name);
  } catch (err) {
    if (isUserError(err)) throw httpError(404, err.localized(langOf(req).locale));
    throw err;
  }
}

/** The studio's channel in a series, followed on first use. */
export async function placeFor(engine: Engine, series: Series): Promise<Place> {
  const [followed] = await engine.channels.followedOn(series.id, 'web');
  if (followed) return followed;
  const place: Place = { platform: 'web', chatId: `studio/${series.id}`, threadId: '' };
  await engine.series.follow(ADMIN, place, series.id).catch((err: unknown) => {
    if (!isUserError(err)) throw err;
  });
  return place;
}
