import { defineCommand, listCommands, type CommandDef, type LeafCommand } from '../src/core/commands.js';

/** Built from the registry it belongs to, so it never goes stale. */
export function helpCommand(all: () => readonly CommandDef[]): LeafCommand {
  return defineCommand({
    name: 'help',
    description: 'What TailTwist can do',
    access: 'anyone',
    inPrivate: true,
    options: [],
    async run({ actor }) {
      const lines = listCommands(all())
        .filter(({ command }) => command.access === 'anyone' || actor.isModerator)
        .map(({ path, command }) => `/${path} — ${command.description}${command.access === 'moderator' ? ' (moderators)' : ''}`);
      return {
        text: ['TailTwist: co-write an animal micro-drama. Vote on each twist; the winner drives the next episode.', '', ...lines].join('\n'),
        ephemeral: true,
      };
    },
  });
}
