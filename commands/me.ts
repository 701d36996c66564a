import type { CommandGroup } from '../src/core/commands.js';
import { defineCommand } from '../src/core/commands.js';

/** What each person decides for themselves, wherever they take part. */
export const me: CommandGroup = {
  name: 'me',
  description: 'Your own settings',
  subcommands: [
    defineCommand({
      name: 'credits',
      description: 'Be named on screen when your twist wins, or stay anonymous: on or off',
      access: 'anyone',
      inPrivate: true,
      options: [{ name: 'show', description: 'on to be named, off to stay anonymous (leave out to see yours)', type: 'boolean' }],
      async run({ engine, actor, tr }, args) {
        if (args.show === undefined) return { text: tr((await engine.credits.mine(actor.id)) ? 'credits.mine.isOn' : 'credits.mine.isOff'), ephemeral: true };
        await engine.credits.setMine(actor, args.show);
        return { text: tr(args.show ? 'credits.mine.on' : 'credits.mine.off'), ephemeral: true };
      },
    }),
  ],
};
