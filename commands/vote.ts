import { defineCommand } from '../src/core/commands.js';
import { formatDuration } from '../src/core/duration.js';
import { UserError } from '../src/core/errors.js';

export const vote = defineCommand({
  name: 'vote',
  description: 'Vote for the twist of the next episode (you can change it until the ballot closes)',
  access: 'anyone',
  options: [{ name: 'option', description: 'The letter of the twist, e.g. B', type: 'string', required: true, autocomplete: 'option', maxLength: 3 }],
  async run({ engine, actor, place }, args) {
    const s = await engine.series.resolve(place);
    if (s.status === 'ended') throw new UserError('series-not-running', `“${s.title}” has ended.`);
    const ballot = await engine.ballots.current(s.id);
    if (!ballot) throw new UserError('ballot-closed', 'There is no open ballot right now. The next one comes with the next episode.');
    const result = await engine.ballots.vote({
      ballotId: ballot.id,
      option: args.option,
      voterId: actor.id,
      channelId: await engine.channelId(s.id, place),
    });
    const change = result.previousLetter && result.previousLetter !== result.letter ? ` (changed from ${result.previousLetter})` : '';
    return {
      text: `You picked ${result.letter}: ${result.label}${change}. You can change it for ${formatDuration(result.closesAt - engine.now())}.`,
      ephemeral: true,
    };
  },
});
