import { msg, resolveLocale, translate, type Locale, type Message, type Translate } from '../i18n/i18n.js';
import { parseBoolean, parseChoice, parseInteger, parseString, type RawArg } from './arguments.js';
import type { Actor } from './context.js';
import type { Engine } from './engine.js';
import { isUserError, UserError } from './errors.js';
import type { BallotView, EpisodeView, Logger, Place } from './ports.js';

/**
 * A chat command is data plus a handler. Adapters turn the same definition into a Discord slash
 * command, a Telegram /command and a web form, and render the platform-neutral Reply.
 */

export type Access = 'anyone' | 'moderator';

export interface OptionDef {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
  choices?: readonly string[];
  /** For text platforms: this option takes the rest of the line. */
  rest?: boolean;
  /** Raw input limit, before cleaning; the engine applies the real limits. */
  maxLength?: number;
  min?: number;
  max?: number;
  /** What an adapter can offer as completions. */
  autocomplete?: 'series' | 'option';
  /** A string option's domain kind: reads the text into what the command needs (a duration, a cast…). */
  parse?: (text: string) => unknown;
}

/** The arguments as an adapter hands them over, before `checkArgs` reads them. */
export type Args = Record<string, RawArg | undefined>;

/** What `checkArgs` makes of an option's raw value. */
type ValueOf<O extends OptionDef> = O extends { type: 'string'; parse: (text: string) => infer T }
  ? T
  : O extends { choices: readonly (infer C)[] }
    ? C
    : O['type'] extends 'integer'
      ? number
      : O['type'] extends 'boolean'
        ? boolean
        : string;

type RequiredName<O extends OptionDef> = O extends { required: true } ? O['name'] : never;
type OptionalName<O extends OptionDef> = O extends { required: true } ? never : O['name'];

/** A command's checked arguments, typed from its options: required ones are always there. */
export type ArgsOf<Options extends readonly OptionDef[]> = string extends Options[number]['name']
  ? Record<string, unknown>
  : { [O in Options[number] as RequiredName<O>]: ValueOf<O> } & { [O in Options[number] as OptionalName<O>]?: ValueOf<O> };

/** Who runs a command, and where: what an adapter hands to `runCommand`. */
export interface CommandCaller {
  engine: Engine;
  actor: Actor;
  place: Place;
}

export interface CommandContext extends CommandCaller {
  /** The reader's language: the channel's setting, else the person's own, else English. */
  locale: Locale;
  /** The `bot` catalog in that language. */
  tr: Translate;
  /** The person's own language, whatever the channel's setting (English when their platform does not say). */
  ownLocale: Locale;
}

export interface Reply {
  text: string;
  /** Only the person who ran the command should see it (where the platform can do that). */
  ephemeral?: boolean;
  /** A ballot to show with buttons or a poll. */
  ballot?: BallotView;
  episode?: EpisodeView;
  /** One-click follow-ups (e.g. approve or veto a suggestion): buttons where the platform has them. */
  actions?: ReplyAction[];
}

export interface ReplyAction {
  label: string;
  invocation: Invocation;
  style: 'approve' | 'reject' | 'neutral';
}

/**
 * A follow-up as a short text a platform button can carry back (`c:mod.approve:target=3`):
 * Discord custom ids hold 100 characters, Telegram callback data 64 bytes.
 */
export function actionId(invocation: Invocation): string {
  const args = Object.entries(invocation.args).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]]));
  return `c:${invocation.path.join('.')}:${new URLSearchParams(args).toString()}`;
}

/** The invocation a button's `actionId` carries; undefined for anything else. */
export function parseActionId(id: string): Invocation | undefined {
  const [kind, path, ...rest] = id.split(':');
  if (kind !== 'c' || !path) return undefined;
  return { path: path.split('.'), args: Object.fromEntries(new URLSearchParams(rest.join(':'))) };
}

export interface LeafCommand<Options extends readonly OptionDef[] = readonly OptionDef[]> {
  name: string;
  description: string;
  access: Access;
  options: Options;
  /** Private chats (no channel to follow) only allow commands that say so. */
  inPrivate?: boolean;
  run(ctx: CommandContext, args: ArgsOf<Options>): Promise<Reply>;
}

/** A command whose `run` gets its arguments typed from its options (the option list is read as written). */
export function defineCommand<const Options extends readonly OptionDef[]>(command: LeafCommand<Options>): LeafCommand {
  return command;
}

export interface CommandGroup {
  name: string;
  description: string;
  subcommands: readonly LeafCommand[];
}

export type CommandDef = LeafCommand | CommandGroup;

export interface Invocation {
  /** ['vote'] or ['series', 'new'] */
  path: readonly string[];
  args: Args;
}

export const isGroup = (c: CommandDef): c is CommandGroup => 'subcommands' in c;

export function findCommand(commands: readonly CommandDef[], path: readonly string[]): LeafCommand | undefined {
  const top = commands.find((c) => c.name === path[0]?.toLowerCase());
  if (!top) return undefined;
  if (!isGroup(top)) return top;
  return top.subcommands.find((s) => s.name === path[1]?.toLowerCase());
}

/** Every leaf with its full name, e.g. "series new". */
export function listCommands(commands: readonly CommandDef[]): { path: string; command: LeafCommand }[] {
  return commands.flatMap((c) => (isGroup(c) ? c.subcommands.map((s) => ({ path: `${c.name} ${s.name}`, command: s })) : [{ path: c.name, command: c }]));
}

export function assertModerator(actor: Actor): void {
  if (!actor.isModerator) throw new UserError('not-moderator', 'errors.command.notModerator');
}

/** Checks typed arguments against a command's options and reads each with its kind's parser. */
export function checkArgs(command: LeafCommand, args: Args): Record<string, unknown> {
  const known = new Set(command.options.map((o) => o.name));
  const unknown = Object.keys(args).filter((k) => !known.has(k) && args[k] !== undefined);
  if (unknown.length) {
    throw new UserError('invalid-input', 'errors.command.unknownOption', { option: unknown[0]!.slice(0, 20), usage: usage(command) });
  }
  const out: Record<string, unknown> = {};
  for (const o of command.options) {
    const raw = args[o.name];
    // Text may be all spaces (the engine says what is wrong with it); a blank number or yes/no is missing.
    if (raw === undefined || raw === '' || (o.type !== 'string' && typeof raw === 'string' && raw.trim() === '')) {
      if (o.required) throw new UserError('invalid-input', 'errors.command.missingOption', { option: o.name, usage: usage(command) });
      continue;
    }
    out[o.name] = readOption(o, raw);
  }
  return out;
}

function readOption(o: OptionDef, raw: RawArg): unknown {
  switch (o.type) {
    case 'integer':
      return parseInteger(raw, o);
    case 'boolean':
      return parseBoolean(raw, o);
    case 'string': {
      const text = parseString(raw, o);
      if (o.parse) return o.parse(text);
      return o.choices ? parseChoice(text, { name: o.name, choices: o.choices }) : text;
    }
  }
}

/** "Usage: /series follow <series>", said in the reader's language; option names stay as they are typed. */
export function usage(command: LeafCommand, prefix = '/'): Message {
  const parts = command.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return msg('errors.command.usage', { line: `${prefix}${fullName(command)}${parts.length ? ` ${parts.join(' ')}` : ''}` });
}

const FULL_NAMES = new WeakMap<LeafCommand, string>();
function fullName(command: LeafCommand): string {
  return FULL_NAMES.get(command) ?? command.name;
}

/** Registers full names ("series new") for usage lines; called once for the registry. */
export function indexCommands(commands: readonly CommandDef[]): readonly CommandDef[] {
  for (const { path, command } of listCommands(commands)) FULL_NAMES.set(command, path);
  return commands;
}

export interface RunOptions {
  log: Logger;
  /** A short reference for a bug report; from the app's id generator. */
  newRef: () => string;
  /** True in a private chat with the bot, where there is no channel to follow. */
  isPrivate?: boolean;
  /** The person's language as their platform says it (Telegram `language_code`, Discord `locale`). */
  locale?: string | undefined;
}

/**
 * Runs a command for an adapter: access check, argument check, the handler, and errors turned
 * into replies, in the reader's language (`Engine.replyLocale`). A UserError is shown in it;
 * anything else is logged with a reference id and the user sees a short apology with that id —
 * never a stack trace.
 */
export async function runCommand(commands: readonly CommandDef[], invocation: Invocation, caller: CommandCaller, opts: RunOptions): Promise<Reply> {
  const locale = await caller.engine.replyLocale(caller.place, opts.locale);
  const ctx: CommandContext = { ...caller, locale, tr: translate(locale), ownLocale: resolveLocale(opts.locale) };
  const command = findCommand(commands, invocation.path);
  if (!command) {
    const name = invocation.path.join(' ').slice(0, 30);
    return { text: ctx.tr('errors.command.unknown', { name }), ephemeral: true };
  }
  try {
    if (opts.isPrivate && !command.inPrivate) throw new UserError('invalid-input', 'errors.command.notInPrivate');
    if (command.access === 'moderator') assertModerator(ctx.actor);
    return await command.run(ctx, checkArgs(command, invocation.args));
  } catch (err) {
    if (isUserError(err)) return { text: err.localized(locale), ephemeral: true };
    const ref = opts.newRef();
    opts.log.error({ err, ref, command: invocation.path.join(' '), actor: ctx.actor.id }, 'command failed');
    return { text: ctx.tr('errors.command.bug', { ref }), ephemeral: true };
  }
}

// ---- what the platforms show of a command, in each language ----------------------------------

/** `commands.<path>.description`: a command's or subcommand's description in `locale` (its own English otherwise). */
export function commandDescription(locale: string, path: readonly string[], english: string): string {
  return said(locale, `commands.${path.join('.')}.description`, english);
}

/** `commands.<path>.options.<name>`: an option's description in `locale`. */
export function optionDescription(locale: string, path: readonly string[], option: OptionDef): string {
  return said(locale, `commands.${path.join('.')}.options.${option.name}`, option.description);
}

/** `choices.<option>.<value>`: how a choice is shown (the value typed stays the same in every language). */
export function choiceName(locale: string, option: OptionDef, value: string): string {
  return said(locale, `choices.${option.name}.${value}`, value);
}

function said(locale: string, key: string, fallback: string): string {
  const text = translate(locale)(key);
  return text === key ? fallback : text;
}
