import type { FastifyPluginAsync } from 'fastify';
import { statsPage } from '../pages.js';
import { page } from '../respond.js';
import { seriesOf, type StudioContext } from './context.js';

/** The figures of a series: each episode's ballot (who voted where, how fast, how close), what won, what the writers favour. */
export const statsRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, access }) => {
  const { engine } = app;

  s.get('/s/:name/stats', async (req, reply) => {
    const series = await seriesOf(engine, req);
    return page(reply, statsPage(series, await engine.stats(series.id), await access.seriesContext(req, series)));
  });
};
