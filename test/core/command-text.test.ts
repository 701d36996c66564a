import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseCommandText, tokenize } from '../../src/core/command-text.js';
import { checkArgs, findCommand } from '../../src/core/commands.js';

describe('commands typed as text', () => {
  it('keeps quoted text together, in any common quote style', () => {
    expect(tokenize('new "Paws of Fate" “Neon Whiskers” «Les Chats» \'x y\' title="a b"')).toEqual(['new', 'Paws of Fate', 'Neon Whiskers', 'Les Chats', 'x y', 'title=a b']);
    expect(tokenize("Mochi's revenge")).toEqual(["Mochi's", 'revenge']);
  });

  it('fills options by name or in order, the rest-of-line option last', () => {
    expect(parseCommandText(commands, '/series new "Paws of Fate" A Shiba wakes up: no memory tone=comedy')).toEqual({
      path: ['series', 'new'],
      args: { title: 'Paws of Fate', premise: 'A Shiba wakes up: no memory', tone: 'comedy' },
    });
    expect(parseCommandText(commands, '/mod window duration:2h')).toEqual({ path: ['mod', 'window'], args: { duration: '2h' } });
    expect(parseCommandText(commands, '/SUGGEST@TailTwistBot The vet is a spy')).toEqual({ path: ['suggest'], args: { twist: 'The vet is a spy' } });
  });

  it('turns bad text into messages for the user', () => {
    expect(() => parseCommandText(commands, '/nope')).toThrow("I don't know the command “nope”. Try /help.");
    expect(() => parseCommandText(commands, '/mod')).toThrow('/mod needs one of: queue, approve');
    expect(() => parseCommandText(commands, '/vote A B')).toThrow('Put text with spaces in quotes.');
  });

  it('refuses absurdly long input before doing any work', () => {
    const vote = findCommand(commands, ['vote'])!;
    expect(() => checkArgs(vote, { option: 'A'.repeat(100) })).toThrow('option is far too long; keep it to 3 characters.');
    expect(() => checkArgs(vote, { option: 'A', colour: 'red' })).toThrow('Unknown option “colour”');
  });
});
