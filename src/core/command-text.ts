import { findCommand, isGroup, type Args, type CommandDef, type Invocation } from './commands.js';
import { UserError } from './errors.js';

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '«': '»', '„': '“' };

/** Splits on spaces, keeping quoted parts ("…", “…”, '…', «…») together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inToken = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (QUOTES[ch] && (!inToken || /[=:]$/.test(current))) {
      quote = QUOTES[ch];
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

/**
 * Reads a command typed as text (Telegram, the web studio, the CLI):
 * `/series new "Paws of Fate" A Shiba wakes up…`, `/vote B`, `/mod window duration=2h`.
 * Options may be named (`name=value` or `name:value`) or given in order; an option marked
 * `rest` takes the remainder of the line. A `@botname` suffix on the command is ignored.
 */
export function parseCommandText(commands: readonly CommandDef[], text: string): Invocation {
  const tokens = tokenize(text.trim());
  const head = (tokens.shift() ?? '').replace(/^\//, '').replace(/@\w+$/, '').toLowerCase();
  const top = commands.find((c) => c.name === head);
  if (!top) throw new UserError('invalid-input', 'errors.command.unknown', { name: head.slice(0, 30) });
  const path = [head];
  if (isGroup(top)) {
    const sub = (tokens.shift() ?? '').toLowerCase();
    if (!top.subcommands.some((s) => s.name === sub)) {
      const choices = top.subcommands.map((s) => s.name).join(', ');
      throw new UserError('invalid-input', 'errors.command.needsSub', { command: head, choices });
    }
    path.push(sub);
  }
  const command = findCommand(commands, path)!;
  const args: Args = {};
  const positional: string[] = [];
  for (const token of tokens) {
    const named = /^([a-z][a-z-]*)[=:](.*)$/is.exec(token);
    const option = named && command.options.find((o) => o.name === named[1]!.toLowerCase());
    if (named && option && args[option.name] === undefined) args[option.name] = named[2]!;
    else positional.push(token);
  }
  for (const option of command.options) {
    if (args[option.name] !== undefined || positional.length === 0) continue;
    args[option.name] = option.rest ? positional.splice(0).join(' ') : positional.shift()!;
  }
  if (positional.length) {
    throw new UserError('invalid-input', 'errors.command.notUnderstood', { text: positional.join(' ').slice(0, 30) });
  }
  return { path, args };
}
