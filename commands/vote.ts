import { defineCommand } from '../src/core/commands.js';
import { formatDuration } from '../src/core/duration.js';
import { UserError } from '../src/core/errors.js';

export const vote = defineCommand({
  name: 'vote',
  description: 'Vote for the twist of the next episode (you can change it until the ballot closes)',
  access: 'anyone',
  options: [{ name: 'option', description: 'The letter of the twist, e.g. B', type: 'string', required: true, autocomplete: 'option', maxLength: 3 }],
  async run({ engine, actor, place, locale, tr }, args) {
    const s = await engine.series.resolve(place);
    if (s.status === 'ended') throw new UserError('series-not-running', 'errors.series.ended', { title: s.title });
    const ballot = await engine.ballots.current(s.id);
    if (!ballot) throw new UserError('ballot-closed', 'errors.ballot.noOpen');
    const result = await engine.ballots.vote({
      ballotId: ballot.id,
      option: args.option,
      voterId: actor.id,
      channelId: await engine.channelId(s.id, place),
    });
    const change = result.previousLetter && result.previousLetter !== result.letter ? tr('vote.changedFrom', { letter: result.previousLetter }) : '';
    return {
      text: tr('vote.picked', { letter: result.letter, label: result.label, change, duration: formatDuration(result.closesAt - engine.now(), locale) }),
      ephemeral: true,
    };
  },
});
