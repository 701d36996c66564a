import { ApplicationCommandOptionType, PermissionFlagsBits, type APIApplicationCommandBasicOption, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { isGroup, type CommandDef, type LeafCommand, type OptionDef } from '../../core/commands.js';
import { clip } from '../../core/text.js';

/** Discord's limits on command definitions. */
const DESCRIPTION = 100;
const CHOICES = 25;

const TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

function option(o: OptionDef): APIApplicationCommandBasicOption {
  // Built field by field from our definition; discord-api-types' union needs telling it is one.
  return {
    type: TYPES[o.type],
    name: o.name,
    description: clip(o.description, DESCRIPTION),
    required: o.required ?? false,
    ...(o.choices ? { choices: o.choices.slice(0, CHOICES).map((c) => ({ name: c, value: c })) } : {}),
    ...(o.autocomplete && !o.choices ? { autocomplete: true } : {}),
    ...(o.min !== undefined ? { min_value: o.min } : {}),
    ...(o.max !== undefined ? { max_value: o.max } : {}),
    // Room for emoji (two UTF-16 units each); the engine applies the real limit with a clear message.
    ...(o.maxLength !== undefined && o.type === 'string' ? { max_length: Math.min(6000, o.maxLength * 2) } : {}),
  } as APIApplicationCommandBasicOption;
}

// Discord wants required options first; arguments travel by name, so order is free.
const options = (c: LeafCommand) => [...c.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map(option);

/** Moderators see moderator-only commands by default; server admins can widen that per role. */
const MODERATOR_PERMISSIONS = String(PermissionFlagsBits.ManageMessages);

/** The slash commands, generated from `commands/`: groups become subcommands. */
export function slashCommands(commands: readonly CommandDef[]): RESTPutAPIApplicationCommandsJSONBody {
  return commands.map((c) => {
    if (!isGroup(c)) {
      return {
        name: c.name,
        description: clip(c.description, DESCRIPTION),
        options: options(c),
        ...(c.access === 'moderator' ? { default_member_permissions: MODERATOR_PERMISSIONS } : {}),
        contexts: [0],
      };
    }
    return {
      name: c.name,
      description: clip(c.description, DESCRIPTION),
      options: c.subcommands.map((s) => ({ type: ApplicationCommandOptionType.Subcommand, name: s.name, description: clip(s.description, DESCRIPTION), options: options(s) })),
      // A group is hidden from non-moderators only when every subcommand is for moderators.
      ...(c.subcommands.every((s) => s.access === 'moderator') ? { default_member_permissions: MODERATOR_PERMISSIONS } : {}),
      contexts: [0],
    };
  });
}
