import { defineCommand, type CommandGroup } from '../src/core/commands.js';
import { episodeLine } from './format.js';

export const episode: CommandGroup = {
  name: 'episode',
  description: 'Episodes of the series',
  subcommands: [
    defineCommand({
      name: 'show',
      description: 'Show an episode (the latest by default)',
      access: 'anyone',
      options: [
        { name: 'number', description: 'Episode number', type: 'integer', min: 1, max: 100_000 },
        { name: 'series', description: 'Series name', type: 'string', autocomplete: 'series', maxLength: 80 },
      ],
      async run({ engine, place, locale, tr }, args) {
        const s = await engine.series.resolve(place, args.series);
        const e = await engine.episodes.show(s.id, args.number);
        const lines = [episodeLine(e, locale)];
        if (e.previously) lines.push(e.previously);
        if (e.cliffhanger) lines.push(tr('episode.cliffhanger', { cliffhanger: e.cliffhanger }));
        return { text: lines.join('\n'), episode: e, ephemeral: true };
      },
    }),
  ],
};
