import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Place } from '../../../core/ports.js';
import { cleanText } from '../../../core/text.js';
import { msg } from '../../../i18n/i18n.js';
import { ADMIN } from '../access.js';
import { langOf } from '../lang.js';
import { homePage } from '../pages.js';
import { page, redirectWith, takeNotice } from '../respond.js';
import type { StudioContext } from './context.js';

const CreateBody = z.object({
  title: z.string().max(400),
  premise: z.string().max(4000),
  cast: z.string().max(2000).optional(),
  tone: z.string().max(40).optional(),
  window: z.string().max(40).optional(),
});

/** The home page: every series, how the platforms stand, and the form that starts a series. */
export const homeRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, access, platforms }) => {
  const { engine } = app;

  s.get('/', async (req, reply) => {
    const overview = await engine.overview();
    const notice = takeNotice(req, reply);
    return page(
      reply,
      homePage(
        overview.map((o) => ({ name: o.series.name, title: o.series.title, premise: o.series.premise, status: o.series.status, episodes: o.episodes, posterEpisodeId: o.posterEpisodeId })),
        { ...access.pageContext(req), platforms: platforms(), notice },
      ),
    );
  });

  s.post('/series', async (req, reply) => {
    access.guardModeration(req);
    const body = CreateBody.parse(req.body);
    // Checked here, so the message speaks of the form rather than of chat syntax.
    const title = cleanText(body.title, { field: msg('studio:fields.title'), max: 80 });
    const premise = cleanText(body.premise, { field: msg('studio:fields.premise'), max: 500 });
    const place: Place = { platform: 'web', chatId: `studio/${randomBytes(6).toString('base64url')}`, threadId: '' };
    const args = { title, premise, ...(body.cast ? { cast: body.cast } : {}), ...(body.tone ? { tone: body.tone } : {}), ...(body.window ? { window: body.window } : {}) };
    const result = await app.command({ path: ['series', 'new'], args }, ADMIN, place, { locale: langOf(req).locale });
    const follow = await engine.seriesAt(place);
    if (!follow) return redirectWith(reply, '/#create', result.text);
    return reply.redirect(`/s/${encodeURIComponent(follow.name)}`, 303);
  });
};
