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
import { translate, type Locale } from '../../i18n/i18n.js';

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

/** A text in every Discord locale we have it in (`say` per locale of ours); English is the default field itself. */
function localized(say: (locale: Locale) => string, max: number): LocalizationMap {
  const map: LocalizationMap = {};
  for (const [ours, theirs] of Object.entries(DISCORD_LOCALES) as [Locale, readonly DiscordLocale[]][]) {
    const text = clip(say(ours), max);
    if (text) for (const l of theirs) map[l] = text;
  }
  return map;
}

/** Discord's rule for a name in any locale; it must also be lower case where the letter has case. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/**
 * A command's, subcommand's or option's name in the Discord locales we have one for (`discordNames.<name>`
 * in the `bot` catalog). Only the menu shows it: interactions carry the English name whatever the locale.
 * A name Discord would refuse is left out, and Discord shows the English one there.
 */
function names(english: string): LocalizationMap {
  return localized((l) => {
    const name = translate(l)(`discordNames.${english}`).toLocaleLowerCase(l);
    return name !== english && NAME.test(name) ? name : '';
  }, 32);
}

type Named = { name: string; name_localizations?: LocalizationMap | null };

/**
 * Discord refuses siblings that share a name in some locale, or a localized name that is another
 * sibling's English one: the later of two keeps its English name in that locale.
 */
function distinct<T extends Named>(siblings: T[]): T[] {
  const english = new Set(siblings.map((s) => s.name));
  const taken = new Map<string, Set<string>>();
  for (const s of siblings) {
    for (const [locale, name] of Object.entries(s.name_localizations ?? {}) as [DiscordLocale, string][]) {
      const seen = taken.get(locale) ?? new Set<string>();
      taken.set(locale, seen);
      if (english.has(name) || seen.has(name)) delete s.name_localizations![locale];
      else seen.add(name);
    }
  }
  return siblings;
}

function option(path: readonly string[], o: OptionDef): APIApplicationCommandBasicOption {
  // Built field by field from our definition; discord-api-types' union needs telling it is one.
  return {
    type: TYPES[o.type],
    name: o.name,
    name_localizations: names(o.name),
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
const options = (path: readonly string[], c: LeafCommand) => distinct([...c.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map((o) => option(path, o)));

/** Moderators see moderator-only commands by default; server admins can widen that per role. */
const MODERATOR_PERMISSIONS = String(PermissionFlagsBits.ManageMessages);

/**
 * The slash commands, generated from `commands/`: groups become subcommands. Descriptions, choices
 * and names are localized for Discord's locales from the `bot` catalog. The English names stay the
 * commands' own: interactions carry them in every locale, and they are typed on Telegram and in the studio.
 */
export function slashCommands(commands: readonly CommandDef[]): RESTPutAPIApplicationCommandsJSONBody {
  const described = (path: string[], english: string) => ({
    description: clip(english, DESCRIPTION),
    description_localizations: localized((l) => commandDescription(l, path, english), DESCRIPTION),
  });
  const body = commands.map((c) => {
    if (!isGroup(c)) {
      return {
        name: c.name,
        name_localizations: names(c.name),
        ...described([c.name], c.description),
        options: options([c.name], c),
        ...(c.access === 'moderator' ? { default_member_permissions: MODERATOR_PERMISSIONS } : {}),
        contexts: [0],
      };
    }
    return {
      name: c.name,
      name_localizations: names(c.name),
      ...described([c.name], c.description),
      options: distinct(
        c.subcommands.map((s) => ({
          type: ApplicationCommandOptionType.Subcommand as const,
          name: s.name,
          name_localizations: names(s.name),
          ...described([c.name, s.name], s.description),
          options: options([c.name, s.name], s),
        })),
      ),
      // A group is hidden from non-moderators only when every subcommand is for moderators.
      ...(c.subcommands.every((s) => s.access === 'moderator') ? { default_member_permissions: MODERATOR_PERMISSIONS } : {}),
      contexts: [0],
    };
  });
  return distinct(body);
}

type Registered = Named & { type?: number; options?: Registered[] };

/**
 * Rewrites command mentions ("/series follow x") to the names the reader's Discord command menu
 * shows ("/serie seguir x" in es-ES), from the registration itself. For text only that reader sees:
 * others' menus may speak another language. A locale without localized names (English, Arabic)
 * gets the text back as it is.
 */
export function menuMentions(commands: readonly CommandDef[]): (text: string, discordLocale: string) => string {
  let registered: Map<string, Registered> | undefined;
  const local = (c: Named, locale: string) => c.name_localizations?.[locale as DiscordLocale] ?? c.name;
  return (text, locale) => {
    registered ??= new Map((slashCommands(commands) as Registered[]).map((c) => [c.name, c]));
    // Not inside a word, a path or a link; the subcommand only when it is one of the command's.
    return text.replace(/(?<![\p{L}\p{N}/:._-])\/([a-z-]+)(?: ([a-z-]+))?(?![-_'\p{L}\p{N}])/gu, (mention, top: string, next: string | undefined) => {
      const command = registered!.get(top);
      if (!command) return mention;
      const sub = next === undefined ? undefined : command.options?.find((o) => o.name === next && o.type === ApplicationCommandOptionType.Subcommand);
      return `/${local(command, locale)}${sub ? ` ${local(sub, locale)}` : next === undefined ? '' : ` ${next}`}`;
    });
  };
}
