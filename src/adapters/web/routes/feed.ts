import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicStory } from '../../../../commands/format.js';
import type { Actor } from '../../../core/context.js';
import { formatDuration } from '../../../core/duration.js';
import type { Engine } from '../../../core/engine.js';
import type { Series } from '../../../core/series.js';
import { cleanText } from '../../../core/text.js';
import { type Access, guardSameOrigin } from '../access.js';
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
    const question = publicStory(await engine.story.view(series.id)).question;
    return page(reply, feedPage(series, nodes, { ...ctx, question }));
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
    const ballot = await engine.ballots.current(series.id);
    if (!ballot || ballot.status !== 'open') return reply.code(409).send({ message: 'There is no open ballot right now. The next one comes with the next episode.' });
    // Where anonymous votes could be stuffed from anywhere, people vote as themselves.
    if (series.studio_votes === 'signed-in' && !access.signedIn(req) && !access.isLocal(req)) {
      const message = access.signInOffered()
        ? 'Sign in with Discord or Telegram to vote here (top right): each person then has one vote across the studio and the chats.'
        : 'Votes from outside need a sign-in, and this studio has none set up: a moderator can let anyone vote with /mod studio-votes anyone.';
      return reply.code(403).send({ message, signIn: '/sign-in' });
    }
    const place = await placeFor(engine, series);
    const result = await engine.voteOn({ ballotId: ballot.id, letter: letter.toUpperCase(), voterId: access.viewer(req, reply).id, place });
    hub.poke(series.id);
    const change = result.previousLetter && result.previousLetter !== result.letter ? ` (was ${result.previousLetter})` : '';
    return { message: `You picked ${result.letter}: ${result.label}${change}. You can change it for ${formatDuration(result.closesAt - engine.now())}.`, letter: result.letter };
  });

  s.post('/s/:name/suggest', async (req, reply) => {
    guardSameOrigin(req);
    const series = await seriesOf(engine, req);
    const { text } = TextBody.parse(req.body);
    const actor: Actor = { id: access.viewer(req, reply).id, isModerator: false };
    const place = await placeFor(engine, series);
    const suggestion = await engine.suggestions.suggest(actor, series.id, await engine.channelId(series.id, place), text);
    return { message: `Thanks! Your twist is suggestion #${suggestion.number}; the moderators will look at it.` };
  });

  s.post('/viewer', async (req, reply) => {
    guardSameOrigin(req);
    const name = cleanText(NameBody.parse(req.body).name, { field: 'Your name', max: 32 });
    access.nameViewer(req, reply, name);
    return { message: `You vote as ${name}.` };
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
