import { commandDescription, defineCommand, listCommands, type CommandDef, type LeafCommand } from '../src/core/commands.js';

/** Built from the registry it belongs to, so it never goes stale. */
export function helpCommand(all: () => readonly CommandDef[]): LeafCommand {
  return defineCommand({
    name: 'help',
    description: 'What TailTwist can do',
    access: 'anyone',
    inPrivate: true,
    options: [],
    async run({ actor, locale, tr }) {
      const lines = listCommands(all())
        .filter(({ command }) => command.access === 'anyone' || actor.isModerator)
        .map(({ path, command }) =>
          tr(command.access === 'moderator' ? 'help.lineModerators' : 'help.line', { command: `/${path}`, description: commandDescription(locale, path.split(' '), command.description) }),
        );
      return {
        text: [tr('help.intro'), '', ...lines].join('\n'),
        ephemeral: true,
      };
    },
  });
}
