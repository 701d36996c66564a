import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { findCommand } from '../../../core/commands.js';
import { moderationNeeds } from '../access.js';
import { langOf } from '../lang.js';
import { modPage } from '../pages.js';
import { exportsView } from '../export-card.js';
import { fail, page, redirectWith, takeNotice } from '../respond.js';
import { placeFor, seriesOf, type StudioContext } from './context.js';

/** What the moderation page may run: the moderator commands it shows, nothing else. */
const MOD_COMMANDS = new Set([
  'mod approve',
  'mod veto',
  'mod add-option',
  'mod close-vote',
  'mod pick',
  'mod window',
  'mod retry',
  'mod studio-votes',
  'series pause',
  'series resume',
  'series end',
  'series schedule',
  'cast add',
  'mod sponsor',
]);

/** The moderation page of a series: suggestions, the ballot, the cast, blocked channels and the audit log, and the commands that act on them. */
export const moderationRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, access, hub }) => {
  const { engine } = app;

  s.get('/s/:name/mod', async (req, reply) => {
    const series = await seriesOf(engine, req);
    const ctx = await access.seriesContext(req, series);
    if (!ctx.canModerate) return fail(req, reply, 403, moderationNeeds(req));
    const [pending, ballotRow, cast, audit, latest, blocked] = await Promise.all([
      engine.suggestions.pending(series.id),
      engine.ballots.latest(series.id),
      engine.cast.list(series.id),
      engine.audit(series.id),
      engine.episodes.show(series.id).catch(() => null),
      engine.channels.blockedIn(series.id),
    ]);
    const notice = takeNotice(req, reply);
    return page(
      reply,
      modPage(
        {
          series: {
            name: series.name,
            title: series.title,
            status: series.status,
            voteWindow: ctx.lang.duration(series.vote_window_ms),
            moderatorRole: series.moderator_role,
            studioVotes: series.studio_votes,
          },
          suggestions: pending.map((p) => ({ number: p.number, text: p.text, author: p.author_id })),
          ballot: ballotRow ? await engine.ballots.view(ballotRow) : null,
          latest,
          cast: cast.map((c) => ({ name: c.name, species: c.species })),
          audit: audit.map((a) => ({ at: a.at, actor: a.actor_id, action: a.action, details: a.details.slice(0, 200) })),
          blocked,
          release: await engine.releases.view(series),
          sponsors: await engine.sponsors.report(series.id),
          exports: await exportsView(engine, series),
          notice,
        },
        ctx,
      ),
    );
  });

  s.post('/s/:name/mod', async (req, reply) => {
    const series = await seriesOf(engine, req);
    const actor = await access.moderatorOf(req, series);
    const body = z.record(z.string(), z.string().max(2000)).parse(req.body);
    const name = body.command ?? '';
    const command = MOD_COMMANDS.has(name) ? findCommand(app.commands, name.split(' ')) : undefined;
    const lang = langOf(req);
    if (!command) return fail(req, reply, 400, lang.t('errors.notStudioAction'));
    const args = Object.fromEntries(command.options.filter((o) => body[o.name] !== undefined).map((o) => [o.name, body[o.name]!]));
    const result = await app.command({ path: name.split(' '), args }, actor, await placeFor(engine, series), { locale: lang.locale });
    hub.poke(series.id);
    return redirectWith(reply, `/s/${series.name}/mod`, result.text);
  });
};
