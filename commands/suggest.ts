import { defineCommand } from '../src/core/commands.js';
import { SUGGESTION_MAX } from '../src/core/suggestions.js';

export const suggest = defineCommand({
  name: 'suggest',
  description: 'Suggest a twist; moderators may put it on a ballot',
  access: 'anyone',
  options: [
    { name: 'twist', description: 'Your twist idea', type: 'string', required: true, rest: true, maxLength: SUGGESTION_MAX },
    { name: 'credit', description: 'Show your name on screen if it wins (default yes)', type: 'boolean' },
  ],
  async run({ engine, actor, place, tr }, args) {
    const s = await engine.series.resolve(place);
    const suggestion = await engine.suggestions.suggest(actor, s.id, await engine.channelId(s.id, place), args.twist, { credit: args.credit });
    const thanks = tr('suggest.thanks', { number: suggestion.number });
    return { text: args.credit === false ? `${thanks} ${tr('credits.unnamed')}` : thanks, ephemeral: true };
  },
});
