import type { FastifyPluginAsync } from 'fastify';
import type { Actor } from '../../../core/context.js';
import { isUserError } from '../../../core/errors.js';
import { guardSameOrigin } from '../access.js';
import { langOf } from '../lang.js';
import { placeFor, seriesOf, type StudioContext } from './context.js';

/**
 * "The story so far" from the studio: anyone may ask for it; it is made once per episode (or
 * found made) and the feed shows it (its video is served by the media routes, by its id).
 */
export const recapRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, access }) => {
  const { engine } = app;

  s.post('/s/:name/recap', async (req, reply) => {
    guardSameOrigin(req);
    const series = await seriesOf(engine, req);
    const actor: Actor = { id: access.viewer(req, reply).id, isModerator: false };
    const lang = langOf(req);
    const asked = await engine.recaps.ask(actor, await placeFor(engine, series), series).catch((err: unknown) => {
      // A single episode so far: that episode is the story.
      if (isUserError(err)) return { message: err.localized(lang.locale) };
      throw err;
    });
    if ('message' in asked) return reply.code(409).send(asked);
    // Made already: the feed shows it on the next load; otherwise it shows once it is made.
    return { message: asked.state === 'making' ? lang.t('bot:recap.making', { title: series.title, number: asked.number }) : lang.t('recap.ready', { number: asked.number }) };
  });
};
