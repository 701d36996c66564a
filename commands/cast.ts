import { defineCommand, type CommandGroup } from '../src/core/commands.js';
import { DEFAULT_PERSONALITY } from '../src/core/cast.js';
import { speciesNote } from '../src/core/story/species.js';

export const cast: CommandGroup = {
  name: 'cast',
  description: 'The characters of the series',
  subcommands: [
    defineCommand({
      name: 'add',
      description: 'Add a character',
      access: 'moderator',
      options: [
        { name: 'name', description: 'Name, e.g. Mochi', type: 'string', required: true, maxLength: 24 },
        { name: 'species', description: 'Species or breed, e.g. Shiba Inu', type: 'string', required: true, maxLength: 40 },
        { name: 'personality', description: 'A few words, e.g. proud but tender', type: 'string', rest: true, maxLength: 120 },
      ],
      async run({ engine, actor, place, locale, tr }, args) {
        const s = await engine.series.resolveForModeration(place);
        const name = await engine.cast.add(actor, s.id, {
          name: args.name,
          species: args.species,
          ...(args.personality ? { personality: args.personality } : {}),
        });
        // What was kept (cleaned) is what will be drawn.
        const added = (await engine.cast.list(s.id)).find((c) => c.name === name);
        const note = speciesNote(name, added?.species ?? args.species, { locale });
        return { text: `${tr('cast.joins', { name, title: s.title })}${note ? `\n${note}` : ''}` };
      },
    }),
    defineCommand({
      name: 'list',
      description: 'Who is who',
      access: 'anyone',
      options: [{ name: 'series', description: 'Series name', type: 'string', autocomplete: 'series', maxLength: 80 }],
      async run({ engine, place, tr }, args) {
        const s = await engine.series.resolve(place, args.series);
        const list = await engine.cast.list(s.id);
        return {
          text: [
            tr('cast.list', { title: s.title }),
            // A personality nobody gave is said in the reader's words; one somebody typed, as typed.
            ...list.map((c) => tr('cast.member', { name: c.name, species: c.species, personality: c.personality === DEFAULT_PERSONALITY ? tr('cast.noPersonality') : c.personality })),
          ].join('\n'),
          ephemeral: true,
        };
      },
    }),
  ],
};
