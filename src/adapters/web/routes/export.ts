import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isUserError } from '../../../core/errors.js';
import { episodeKit } from '../../../export/exporter.js';
import { fileStem, writeZip } from '../../../export/kit.js';
import { langOf } from '../lang.js';
import { httpError } from '../respond.js';
import { seriesOf, type StudioContext } from './context.js';

const KitParams = z.object({ name: z.string(), number: z.coerce.number().int().min(1).max(100_000) });

/**
 * Downloads for short-video apps: an episode's post kit as one zip (the MP4, covers, subtitles and
 * the caption to paste), made as it streams: it renders nothing and takes about a tenth of a second.
 */
export const exportRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, settings, log }) => {
  s.get('/s/:name/episodes/:number/kit.zip', async (req, reply) => {
    const params = KitParams.safeParse(req.params);
    if (!params.success) throw httpError(404, langOf(req).t('errors.nothingHere'));
    const series = await seriesOf(app.engine, req);
    const facts = await app.engine.kitFacts(series, params.data.number).catch((err: unknown) => {
      // No such episode, or none with a video yet: nothing is there.
      throw isUserError(err) && err.code === 'not-found' ? httpError(404, err.localized(langOf(req).locale)) : err;
    });
    const files = await episodeKit({ media: app.media, publicUrl: settings.publicUrl }, facts);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${fileStem(series.name)}-part-${facts.episode.number}.zip"`,
      'cache-control': 'no-store',
    });
    await writeZip(files, reply.raw).catch((err: unknown) => {
      // The headers are out: all that is left is to end the response (the browser shows a failed download).
      log.warn({ err, series: series.name }, 'post kit download failed');
      reply.raw.destroy();
    });
  });
};
