import {
  ApplicationCommandOptionType,
  Locale as DiscordLocale,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type LocalizationMap,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { choiceName, commandDescription, isGroup, optionDescription, type CommandDef, type LeafCommand, type OptionDef } from '../../core/commands.js';
import { clip } from '../../core/text.js';
import type { Locale } from '../../i18n/i18n.js';

/** Discord's limits on command definitions. */
const DESCRIPTION = 100;
const CHOICES = 25;

const TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

/**
 * Discord's locales for each of ours. Discord has both Spanishes (Spain, Latin America) and no
 * Arabic: an Arabic-speaking user sees the English descriptions, and is answered in Arabic all the same.
 */
export const DISCORD_LOCALES: Record<Exclude<Locale, 'en' | 'ar'>, readonly DiscordLocale[]> = {
  zh: [DiscordLocale.ChineseCN],
  es: [DiscordLocale.SpanishES, DiscordLocale.SpanishLATAM],
  'pt-BR': [DiscordLocale.PortugueseBR],
  ja: [DiscordLocale.Japanese],
  ko: [DiscordLocale.Korean],
  hi: [DiscordLocale.Hindi],
  id: [DiscordLocale.Indonesian],
  fr: [DiscordLocale.French],
  de: [DiscordLocale.German],
};

/**
 * A text in every Discord locale we have it in (`say` per locale of ours); English is the default
 * field itself. Names stay English on purpose (see `slashCommands`): only what people read is localized.
 */
function localized(say: (locale: Locale) => string, max: number): LocalizationMap {
  const map: LocalizationMap = {};
  for (const [ours, theirs] of Object.entries(DISCORD_LOCALES) as [Locale, readonly DiscordLocale[]][]) {
    const text = clip(say(ours), max);
    if (text) for (const l of theirs) map[l] = text;
  }
  return map;
}

function option(path: readonly string[], o: OptionDef): APIApplicationCommandBasicOption {
  // Built field by field from our definition; discord-api-types' union needs telling it is one.
  return {
    type: TYPES[o.type],
    name: o.name,
    description: clip(o.description, DESCRIPTION),
    description_localizations: localized((l) => optionDescription(l, path, o), DESCRIPTION),
    required: o.required ?? false,
    ...(o.choices ? { choices: o.choices.slice(0, CHOICES).map((c) => ({ name: c, name_localizations: localized((l) => choiceName(l, o, c), DESCRIPTION), value: c })) } : {}),
    ...(o.autocomplete && !o.choices ? { autocomplete: true } : {}),
    ...(o.min !== undefined ? { min_value: o.min } : {}),
    ...(o.max !== undefined ? { max_value: o.max } : {}),
    // Room for emoji (two UTF-16 units each); the engine applies the real limit with a clear message.
    ...(o.maxLength !== undefined && o.type === 'string' ? { max_length: Math.min(6000, o.maxLength * 2) } : {}),
  } as APIApplicationCommandBasicOption;
}

// Discord wants required options first; arguments travel by name, so order is free.
const options = (path: readonly string[], c: LeafCommand) => [...c.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map((o) => option(path, o));

/** Moderators see moderator-only commands by default; server admins can widen that per role. */
const MODERATOR_PERMISSIONS = String(PermissionFlagsBits.ManageMessages);

/**
 * The slash commands, generated from `commands/`: groups become subcommands. Descriptions and
 * choices are localized for Discord's locales from the `bot` catalog; names (of commands and
 * options) stay English in every language, as they are typed on Telegram, in the studio and in
 * every reply that says "try /mod pick": one name per command for a community that mixes languages.
 */
export function slashCommands(commands: readonly CommandDef[]): RESTPutAPIApplicationCommandsJSONBody {
  const described = (path: string[], english: string) => ({
    description: clip(english, DESCRIPTION),
    description_localizations: localized((l) => commandDescription(l, path, english), DESCRIPTION),
  });
  return commands.map((c) => {
    if (!isGroup(c)) {
      return {
        name: c.name,
        ...described([c.name], c.description),
        options: options([c.name], c),
        ...(c.access === 'moderator' ? { default_member_permissions: MODERATOR_PERMISSIONS } : {}),
        contexts: [0],
      };
    }
    return {
      name: c.name,
      ...described([c.name], c.description),
      options: c.subcommands.map((s) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: s.name,
        ...described([c.name, s.name], s.description),
        options: options([c.name, s.name], s),
      })),
      // A group is hidden from non-moderators only when every subcommand is for moderators.
      ...(c.subcommands.every((s) => s.access === 'moderator') ? { default_member_permissions: MODERATOR_PERMISSIONS } : {}),
      contexts: [0],
    };
  });
}
