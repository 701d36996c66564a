import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseBallotTarget, parseBoolean, parseChoice, parseInteger, parseString, type BallotTarget } from '../../src/core/arguments.js';
import { parseCastList, type CastInput } from '../../src/core/cast.js';
import { checkArgs, defineCommand, type ArgsOf } from '../../src/core/commands.js';
import { parseVoteWindow } from '../../src/core/duration.js';

describe('option parsers', () => {
  describe('string', () => {
    const o = { name: 'title', maxLength: 3 };

    it('keeps text as typed: spaces, emoji, right-to-left and control characters are for the engine to clean', () => {
      expect(parseString('  Paws  ', o)).toBe('  Paws  ');
      expect(parseString('👨‍👩‍👧‍👦', o)).toBe('👨‍👩‍👧‍👦');
      expect(parseString('مرحبا', o)).toBe('مرحبا');
      expect(parseString('a\u0000b\u202E', o)).toBe('a\u0000b\u202E');
      expect(parseString(12, o)).toBe('12');
    });

    it('stops only absurd input, counting UTF-16 units with room for long emoji sequences', () => {
      // 48 units for a 3-character limit: four family emoji (11 units each) still pass.
      expect(parseString('👨‍👩‍👧‍👦'.repeat(4), o)).toBe('👨‍👩‍👧‍👦'.repeat(4));
      expect(parseString('x'.repeat(48), o)).toHaveLength(48);
      expect(() => parseString('x'.repeat(49), o)).toThrow('title is far too long; keep it to 3 characters.');
      expect(() => parseString('\u202E'.repeat(49), o)).toThrow('title is far too long');
      expect(parseString('x'.repeat(10_000), { name: 'free' })).toHaveLength(10_000);
    });
  });

  describe('integer', () => {
    const o = { name: 'length', min: 30, max: 120 };

    it('reads whole numbers typed as text or sent as numbers', () => {
      expect(parseInteger('45', o)).toBe(45);
      expect(parseInteger(' 60 ', o)).toBe(60);
      expect(parseInteger(90, o)).toBe(90);
      expect(parseInteger('-3', { name: 'n' })).toBe(-3);
    });

    it('accepts the bounds themselves', () => {
      expect(parseInteger('30', o)).toBe(30);
      expect(parseInteger('120', o)).toBe(120);
    });

    it('says what is wrong with anything else', () => {
      for (const bad of ['4.5', '1e3', 'forty', '', '٣٠', '30s', 4.5, true]) expect(() => parseInteger(bad, o)).toThrow('length must be a whole number.');
      expect(() => parseInteger('29', o)).toThrow('length must be between 30 and 120.');
      expect(() => parseInteger(121, o)).toThrow('length must be between 30 and 120.');
      expect(() => parseInteger('0', { name: 'number', min: 1 })).toThrow('number must be between 1 and ∞.');
      expect(() => parseInteger('99999999999999999999', { name: 'number', max: 100_000 })).toThrow('number must be between -∞ and 100000.');
    });
  });

  describe('boolean', () => {
    const o = { name: 'fallback' };

    it('reads yes/no, on/off and true/false in any case', () => {
      for (const yes of ['yes', 'YES', 'on', 'true', ' Yes ', true]) expect(parseBoolean(yes, o)).toBe(true);
      for (const no of ['no', 'No', 'off', 'false', false]) expect(parseBoolean(no, o)).toBe(false);
    });

    it('says what it wants for anything else', () => {
      for (const bad of ['maybe', 'y', '1', 1, '', 'نعم']) expect(() => parseBoolean(bad, o)).toThrow('fallback must be yes or no.');
    });
  });

  describe('choice', () => {
    const o = { name: 'tone', choices: ['comedy', 'thriller'] as const };

    it('gives back the choice in its own spelling, so it types as the list', () => {
      const tone = parseChoice('Comedy', o);
      expectTypeOf(tone).toEqualTypeOf<'comedy' | 'thriller'>();
      expect(tone).toBe('comedy');
      expect(parseChoice('THRILLER', o)).toBe('thriller');
    });

    it('lists the choices for anything else', () => {
      for (const bad of ['comic', ' comedy', '', 'كوميديا']) expect(() => parseChoice(bad, o)).toThrow('tone must be one of: comedy, thriller.');
    });
  });

  describe('ballot target', () => {
    it('reads a suggestion number, with or without #, or an option letter', () => {
      expect(parseBallotTarget('12')).toEqual({ suggestion: 12 });
      expect(parseBallotTarget(' #7 ')).toEqual({ suggestion: 7 });
      expect(parseBallotTarget('999999')).toEqual({ suggestion: 999_999 });
      expect(parseBallotTarget('b')).toEqual({ letter: 'B' });
      expect(parseBallotTarget('Z')).toEqual({ letter: 'Z' });
    });

    it('names what it could not read', () => {
      for (const bad of ['1234567', 'AB', '#', '', 'é', '12a']) {
        expect(() => parseBallotTarget(bad)).toThrow('is neither a suggestion number (like 12) nor an option letter (like B).');
      }
      expect(() => parseBallotTarget('🐶🐱🐭🐹🐰')).toThrow('“🐶🐱🐭🐹🐰” is neither');
    });
  });

  describe('cast list', () => {
    it('reads "Name: species" entries in the common spellings', () => {
      expect(parseCastList('Mochi: Shiba Inu, Luna (black cat); Rex - beagle')).toEqual([
        { name: 'Mochi', species: 'Shiba Inu' },
        { name: 'Luna', species: 'black cat' },
        { name: 'Rex', species: 'beagle' },
      ]);
      expect(parseCastList('ميشو: قطة')).toEqual([{ name: 'ميشو', species: 'قطة' }]);
    });

    it('says how to write an entry it cannot read, and how many fit', () => {
      expect(() => parseCastList('Mochi')).toThrow('I couldn\'t read "Mochi" as a character. Write it as Name: species, e.g. "Mochi: Shiba Inu".');
      expect(() => parseCastList(Array.from({ length: 20 }, (_, i) => `P${i}: cat`).join(', '))).toThrow('A cast has at most');
    });
  });
});

describe('a command’s arguments', () => {
  const command = defineCommand({
    name: 'demo',
    description: 'Every kind of option',
    access: 'anyone',
    options: [
      { name: 'title', description: 'Text', type: 'string', required: true, maxLength: 80 },
      { name: 'tone', description: 'A choice', type: 'string', choices: ['comedy', 'thriller'] },
      { name: 'window', description: 'A domain kind', type: 'string', maxLength: 20, parse: parseVoteWindow },
      { name: 'cast', description: 'Another', type: 'string', maxLength: 400, parse: parseCastList },
      { name: 'length', description: 'An integer', type: 'integer', min: 30, max: 120 },
      { name: 'fallback', description: 'A boolean', type: 'boolean' },
    ],
    async run(_ctx, args) {
      expectTypeOf(args).toEqualTypeOf<{ title: string } & { tone?: 'comedy' | 'thriller'; window?: number; cast?: CastInput[]; length?: number; fallback?: boolean }>();
      return { text: args.title };
    },
  });

  it('types run’s arguments from the options: required ones always there, choices as their union, domain kinds as what they read', () => {
    const target = { name: 'target', description: 'x', type: 'string', required: true, parse: parseBallotTarget } as const;
    type Args = ArgsOf<readonly [typeof target]>;
    expectTypeOf<Args['target']>().toEqualTypeOf<BallotTarget>();
    expectTypeOf<{ target: undefined }>().not.toExtend<Args>();
  });

  it('reads each option with its kind’s parser', () => {
    expect(checkArgs(command, { title: 'Paws', tone: 'Comedy', window: '2h', cast: 'Mochi: Shiba Inu', length: '45', fallback: 'no' })).toEqual({
      title: 'Paws',
      tone: 'comedy',
      window: 7_200_000,
      cast: [{ name: 'Mochi', species: 'Shiba Inu' }],
      length: 45,
      fallback: false,
    });
  });

  it('leaves out what was not given: empty text, or a blank number or yes/no; text of spaces is for the engine to judge', () => {
    expect(checkArgs(command, { title: '   ', tone: '', length: '  ', fallback: ' ' })).toEqual({ title: '   ' });
    expect(() => checkArgs(command, { title: '' })).toThrow('Please give title. Usage: /demo <title> [tone] [window] [cast] [length] [fallback]');
  });

  it('passes on each parser’s message', () => {
    expect(() => checkArgs(command, { title: 'x', window: 'soon' })).toThrow('"soon" is not a duration. Try 30m, 2h, 1d or 1h30m.');
    expect(() => checkArgs(command, { title: 'x', tone: 'sad' })).toThrow('tone must be one of: comedy, thriller.');
    expect(() => checkArgs(command, { title: 'x', length: '10' })).toThrow('length must be between 30 and 120.');
    expect(() => checkArgs(command, { title: 'x', window: '1'.repeat(400) })).toThrow('window is far too long; keep it to 20 characters.');
  });
});
