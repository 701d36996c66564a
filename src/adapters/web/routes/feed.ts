import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicStory } from '../../../../commands/format.js';
import type { Actor } from '../../../core/context.js';
import type { Engine } from '../../../core/engine.js';
import type { Series } from '../../../core/series.js';
import { cleanText } from '../../../core/text.js';
import { msg } from '../../../i18n/i18n.js';
import { type Access, guardSameOrigin } from '../access.js';
import { langOf } from '../lang.js';
import { feedFragment, feedPage } from '../pages.js';
import { page } from '../respond.js';
import { placeFor, seriesOf, type StudioContext } from './context.js';

const VoteBody = z.object({ letter: z.string().regex(/^[A-Za-z]$/) });
const TextBody = z.object({ text: z.string().max(2000) });
const NameBody = z.object({ name: z.string().max(200) });

/** The feed of a series: its episodes with the player and the live ballot, votes, suggestions, and the name a viewer votes under. */
export const feedRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, access, hub }) => {
  const { engine } = app;

  s.get('/s/:name', async (req, reply) => {
    const series = await seriesOf(engine, req);
    const nodes = await engine.storyTree(series.id);
    const ctx = { ...(await access.seriesContext(req, series)), now: engine.now(), chosen: await chosenLetter(engine, access, req, series) };
    if ((req.query as { fragment?: string }).fragment === 'feed') return page(reply, feedFragment(series, nodes, ctx).html);
    const question = publicStory(await engine.story.view(series.id), ctx.lang.locale).question;
    return page(reply, feedPage(series, nodes, { ...ctx, question, recap: await engine.recaps.latest(series.id) }));
  });

  s.get('/s/:name/events', async (req, reply) => {
    const series = await seriesOf(engine, req);
    reply.hijack();
    hub.watch(series.id, reply.raw);
  });

  s.post('/s/:name/vote', async (req, reply) => {
    guardSameOrigin(req);
    const series = await seriesOf(engine, req);
    const { letter } = VoteBody.parse(req.body);
    const lang = langOf(req);
    const ballot = await engine.ballots.current(series.id);
    if (!ballot || ballot.status !== 'open') return reply.code(409).send({ message: lang.t('vote.noBallot') });
    // Where anonymous votes could be stuffed from anywhere, people vote as themselves.
    if (series.studio_votes === 'signed-in' && !access.signedIn(req) && !access.isLocal(req)) {
      const message = access.signInOffered() ? lang.t('vote.signInToVote') : lang.t('vote.noSignIn');
      return reply.code(403).send({ message, signIn: '/sign-in' });
    }
    const place = await placeFor(engine, series);
    const result = await engine.voteOn({ ballotId: ballot.id, letter: letter.toUpperCase(), voterId: access.viewer(req, reply).id, place });
    hub.poke(series.id);
    const was = result.previousLetter && result.previousLetter !== result.letter ? lang.t('vote.was', { letter: result.previousLetter }) : '';
    return { message: lang.t('vote.picked', { letter: result.letter, label: result.label, was, left: lang.duration(result.closesAt - engine.now()) }), letter: result.letter };
  });

  s.post('/s/:name/suggest', async (req, reply) => {
    guardSameOrigin(req);
    const series = await seriesOf(engine, req);
    const { text } = TextBody.parse(req.body);
    // Credited under the name they sign in with, or the one they gave the studio.
    const name = access.signedIn(req)?.name ?? req.cookies.tt_name;
    const actor: Actor = { id: access.viewer(req, reply).id, isModerator: false, ...(name ? { name } : {}) };
    const place = await placeFor(engine, series);
    const suggestion = await engine.suggestions.suggest(actor, series.id, await engine.channelId(series.id, place), text);
    return { message: langOf(req).t('vote.suggested', { number: suggestion.number }) };
  });

  s.post('/viewer', async (req, reply) => {
    guardSameOrigin(req);
    const name = cleanText(NameBody.parse(req.body).name, { field: msg('studio:fields.viewerName'), max: 32 });
    access.nameViewer(req, reply, name);
    return { message: langOf(req).t('vote.votingAs', { name }) };
  });
};

/** The letter this viewer picked on the series' current ballot, if the studio knows them and they voted. */
async function chosenLetter(engine: Engine, access: Access, req: FastifyRequest, series: Series): Promise<string | null> {
  const id = access.knownVoter(req);
  if (!id) return null;
  const ballot = await engine.ballots.current(series.id);
  if (!ballot) return null;
  return engine.choiceOf(ballot.id, id);
}
