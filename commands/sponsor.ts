import { defineCommand, type CommandContext } from '../src/core/commands.js';
import { UserError } from '../src/core/errors.js';
import { msg } from '../src/i18n/i18n.js';
import { parseEpisodeSpan, SPONSOR_LIMITS, SPONSOR_TIERS, type Sponsor } from '../src/core/sponsors.js';

/** How a moderator adds one, typed: the example every "how" reply shows, its words in the reader's language. */
const example = msg('sponsor.example');

const ACTIONS = ['add', 'list', 'edit', 'remove'] as const;

function sponsorText(ctx: CommandContext, key: 'sponsor.added' | 'sponsor.edited' | 'sponsor.line', s: Sponsor): string {
  return ctx.tr(key, {
    number: s.number,
    brand: s.brand,
    product: s.product,
    brief: s.brief,
    tier: ctx.tr(`sponsor.tiers.${s.tier}`),
    first: s.first_episode,
    last: s.last_episode,
  });
}

/**
 * `/mod sponsor add|list|edit|remove`: a brand placed in the story at a tier, for a range of
 * episodes. Only moderators run it (and the engine checks again); every change is audited.
 */
export const sponsor = defineCommand({
  name: 'sponsor',
  description: 'Add, list, edit or remove a sponsor woven into the story',
  access: 'moderator',
  options: [
    { name: 'action', description: 'add, list, edit or remove', type: 'string', required: true, choices: ACTIONS },
    { name: 'brand', description: 'The brand, e.g. Purrfect', type: 'string', maxLength: SPONSOR_LIMITS.brand },
    { name: 'product', description: 'The product, e.g. Salmon Crunch treats', type: 'string', maxLength: SPONSOR_LIMITS.product },
    { name: 'tier', description: 'background, prop or featured', type: 'string', choices: SPONSOR_TIERS },
    { name: 'episodes', description: 'Which episodes: 3-5, 7 or next 3', type: 'string', maxLength: 20, parse: parseEpisodeSpan },
    { name: 'brief', description: 'One line on how the brand wants to be seen', type: 'string', rest: true, maxLength: SPONSOR_LIMITS.brief },
    { name: 'number', description: 'The sponsor’s number, to edit or remove it', type: 'integer', min: 1, max: 99999 },
  ],
  async run(ctx, args) {
    const s = await ctx.engine.series.resolveForModeration(ctx.place);
    const sponsors = ctx.engine.sponsors;
    switch (args.action) {
      case 'list': {
        const all = await sponsors.list(s.id);
        if (!all.length) return { text: ctx.tr('sponsor.none', { title: s.title, example }), ephemeral: true };
        return { text: [ctx.tr('sponsor.listHead', { title: s.title }), ...all.map((x) => sponsorText(ctx, 'sponsor.line', x))].join('\n'), ephemeral: true };
      }
      case 'add': {
        const { brand, product, tier, episodes, brief } = args;
        if (brand === undefined || product === undefined || tier === undefined || episodes === undefined || brief === undefined) {
          throw new UserError('invalid-input', 'sponsor.errors.missing', { fields: 'brand, product, tier, episodes, brief', example });
        }
        const added = await sponsors.add(ctx.actor, s.id, { brand, product, tier, episodes, brief });
        return { text: sponsorText(ctx, 'sponsor.added', added) };
      }
      case 'edit': {
        if (args.number === undefined) throw new UserError('invalid-input', 'sponsor.errors.which');
        const edited = await sponsors.edit(ctx.actor, s.id, args.number, {
          ...(args.brand !== undefined ? { brand: args.brand } : {}),
          ...(args.product !== undefined ? { product: args.product } : {}),
          ...(args.tier !== undefined ? { tier: args.tier } : {}),
          ...(args.episodes !== undefined ? { episodes: args.episodes } : {}),
          ...(args.brief !== undefined ? { brief: args.brief } : {}),
        });
        return { text: sponsorText(ctx, 'sponsor.edited', edited) };
      }
      case 'remove': {
        // "/mod sponsor remove 2" reads the 2 as the brand: a number or a brand names the sponsor.
        const ref = args.number !== undefined ? String(args.number) : args.brand;
        if (ref === undefined) throw new UserError('invalid-input', 'sponsor.errors.which');
        const found = await sponsors.find(s.id, ref);
        const removed = await sponsors.remove(ctx.actor, s.id, found.number);
        return { text: ctx.tr('sponsor.removed', { number: removed.number, brand: removed.brand }) };
      }
    }
  },
});
