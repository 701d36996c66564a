import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isUserError } from '../../../core/errors.js';
import { episodeKit } from '../../../export/exporter.js';
import { fileStem, writeZip } from '../../../export/kit.js';
import { moderationNeeds } from '../access.js';
import { langOf } from '../lang.js';
import { fail, httpError, redirectWith } from '../respond.js';
import { seriesOf, type StudioContext } from './context.js';

const KitParams = z.object({ name: z.string(), number: z.coerce.number().int().min(1).max(100_000) });
/** A download's name in any script: an ASCII fallback, and the name itself (RFC 6266); a header carries no raw UTF-8. */
export function attachment(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]|["\\]/g, '') || 'tailtwist';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const FileParams = z.object({ name: z.string(), id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/**
 * Downloads for short-video apps. An episode's post kit as one zip (the MP4, covers, subtitles, the
 * caption to paste, and the soft-subtitled MP4 when one was made), made as it streams: it renders
 * nothing and takes about a tenth of a second. What takes longer (a season cut, a soft-subtitled
 * variant) moderators ask for on the moderation page: the `export` job makes it, the page shows it
 * being made, then a download link.
 */
export const exportRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, access, settings, log }) => {
  const { engine } = app;

  s.get('/s/:name/episodes/:number/kit.zip', async (req, reply) => {
    const params = KitParams.safeParse(req.params);
    if (!params.success) throw httpError(404, langOf(req).t('errors.nothingHere'));
    const series = await seriesOf(engine, req);
    const facts = await engine.kitFacts(series, params.data.number).catch((err: unknown) => {
      // No such episode, or none with a video yet: nothing is there.
      throw isUserError(err) && err.code === 'not-found' ? httpError(404, err.localized(langOf(req).locale)) : err;
    });
    // An episode not out yet is for moderators only (its kit would spoil it).
    if (!facts.episode.published) await access.moderatorOf(req, series);
    const soft = await engine.exports.softSubtitles(facts.episode.id);
    const softRef = soft?.status === 'made' ? (await engine.exports.file(series.id, soft.id))?.ref : undefined;
    const softFile = softRef ? await app.media.localFile(softRef).catch(() => null) : null;
    const files = await episodeKit({ media: app.media, publicUrl: settings.publicUrl }, facts, softFile);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'application/zip',
      'content-disposition': attachment(`${fileStem(series.name)}-part-${facts.episode.number}.zip`),
      'cache-control': 'no-store',
    });
    await writeZip(files, reply.raw).catch((err: unknown) => {
      // The headers are out: all that is left is to end the response (the browser shows a failed download).
      log.warn({ err, series: series.name }, 'post kit download failed');
      reply.raw.destroy();
    });
  });

  /** Asks for the season cut of every episode with a video (made once per version of the series). */
  s.post('/s/:name/exports/season', async (req, reply) => {
    const series = await seriesOf(engine, req);
    const actor = await access.moderatorOf(req, series);
    const lang = langOf(req);
    const asked = await engine.exports.askSeason(actor, series).catch((err: unknown) => {
      if (isUserError(err)) return { message: err.localized(lang.locale) };
      throw err;
    });
    const notice = 'message' in asked ? asked.message : lang.t(asked.state === 'made' ? 'export.season.madeAlready' : 'export.season.asked');
    return redirectWith(reply, `/s/${series.name}/mod#exports`, notice);
  });

  /** Asks for an episode without burnt-in captions (a render: the job makes it; the post kit then has it). */
  s.post('/s/:name/episodes/:number/soft-subtitles', async (req, reply) => {
    const params = KitParams.safeParse(req.params);
    if (!params.success) throw httpError(404, langOf(req).t('errors.nothingHere'));
    const series = await seriesOf(engine, req);
    const actor = await access.moderatorOf(req, series);
    const lang = langOf(req);
    const asked = await engine.exports.askSoftSubtitles(actor, series, params.data.number).catch((err: unknown) => {
      if (isUserError(err)) return { message: err.localized(lang.locale) };
      throw err;
    });
    const notice = 'message' in asked ? asked.message : lang.t(asked.state === 'made' ? 'export.soft.madeAlready' : 'export.soft.asked', { number: params.data.number });
    return redirectWith(reply, `/s/${series.name}/mod#exports`, notice);
  });

  /** A made season cut, for moderators (it may hold episodes not published yet). */
  s.get('/s/:name/exports/:id/video.mp4', async (req, reply) => {
    const params = FileParams.safeParse(req.params);
    if (!params.success) throw httpError(404, langOf(req).t('errors.nothingHere'));
    const series = await seriesOf(engine, req);
    if (!(await access.seriesContext(req, series)).canModerate) return fail(req, reply, 403, moderationNeeds(req));
    const made = await engine.exports.file(series.id, params.data.id);
    const file = made && (await app.media.localFile(made.ref).catch(() => undefined));
    const stat = file && (await fs.stat(file).catch(() => undefined));
    if (!made || !file || !stat) return fail(req, reply, 404, langOf(req).t('errors.noVideo'));
    const name = made.kind === 'season' ? `${fileStem(series.name)}-parts-${made.target}.mp4` : `${fileStem(series.name)}-soft-subtitles.mp4`;
    reply.type('video/mp4').header('content-length', stat.size).header('content-disposition', attachment(name)).header('cache-control', 'private, no-store');
    return reply.send(createReadStream(file));
  });
};
