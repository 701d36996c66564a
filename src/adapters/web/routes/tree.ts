import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { publicStory } from '../../../../commands/format.js';
import { isUserError } from '../../../core/errors.js';
import type { BibleCorrection } from '../../../core/story/service.js';
import { langOf } from '../lang.js';
import { treeFragment, treePage } from '../pages.js';
import { page, redirectWith, takeNotice } from '../respond.js';
import { seriesOf, type StudioContext } from './context.js';

const StoryBody = z.object({
  field: z.enum(['genre', 'question', 'role', 'places', 'props', 'culprit']),
  value: z.string().max(2000).optional(),
  name: z.string().max(200).optional(),
  role: z.string().max(60).optional(),
  title: z.string().max(400).optional(),
});

/** The story tree of a series, with the story so far and, for moderators, the bible to correct. */
export const treeRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, access, hub }) => {
  const { engine } = app;

  s.get('/s/:name/tree', async (req, reply) => {
    const series = await seriesOf(engine, req);
    const [nodes, view] = await Promise.all([engine.storyTree(series.id), engine.story.view(series.id)]);
    const lang = langOf(req);
    const story = publicStory(view, lang.locale);
    if ((req.query as { fragment?: string }).fragment === 'tree') return page(reply, treeFragment(series, nodes, lang, story).html);
    const ctx = await access.seriesContext(req, series);
    const notice = takeNotice(req, reply);
    const bible = ctx.canModerate ? { bible: view.bible, storyCulprit: view.state.culprit, written: view.state.episode, notice } : undefined;
    return page(reply, treePage(series, nodes, { ...ctx, story, bible }));
  });

  // A moderator corrects the bible from the story page; the next episode is written from it.
  s.post('/s/:name/story', async (req, reply) => {
    const series = await seriesOf(engine, req);
    const actor = await access.moderatorOf(req, series);
    const body = StoryBody.parse(req.body);
    const back = (notice: string) => redirectWith(reply, `/s/${series.name}/tree#bible`, notice);
    const lang = langOf(req);
    try {
      await engine.story.correct(actor, series.id, storyCorrection(body));
    } catch (err) {
      if (isUserError(err)) return back(err.localized(lang.locale));
      throw err;
    }
    hub.poke(series.id);
    if (body.field === 'culprit') {
      const { bible, state } = await engine.story.view(series.id);
      const culprit = bible.incident?.culprit ?? null;
      if (state.episode > 0 && state.culprit !== culprit) {
        return back(state.culprit ? lang.t('bible.culpritHeadsUp', { episode: state.episode, name: state.culprit }) : lang.t('bible.culpritHeadsUpNobody', { episode: state.episode }));
      }
    }
    return back(lang.t(`bible.corrected.${body.field}`));
  });
};

/** A list typed in a textarea: one per line or separated by commas (as each script writes them: ，、،); "none" is an empty list. */
function listOf(text: string | undefined): string[] {
  if (!text || /^\s*none\s*$/i.test(text)) return [];
  return text.split(/[,;\n，；、،؛]/).filter((v) => v.replace(/[\p{Cc}\p{Cf}\s]/gu, '') !== '');
}

function storyCorrection(body: z.infer<typeof StoryBody>): BibleCorrection {
  switch (body.field) {
    case 'genre':
    case 'question':
      return { field: body.field, value: body.value ?? '' };
    case 'role':
      return { field: 'role', name: body.name ?? '', role: body.role ?? '', ...(body.title?.trim() ? { title: body.title } : {}) };
    case 'places':
    case 'props':
      return { field: body.field, value: listOf(body.value) };
    case 'culprit':
      return { field: 'culprit', value: !body.value || body.value === 'none' ? null : body.value };
  }
}
