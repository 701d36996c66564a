import { describe, expect, it } from 'vitest';
import { cleanText, slugify, truncate, visibleLength } from '../../src/core/text.js';

describe('untrusted text', () => {
  const opts = { field: 'The text', max: 10 };

  it('counts what people see: an emoji sequence is one character', () => {
    expect(visibleLength('👨‍👩‍👧🇯🇵é')).toBe(3);
    expect(cleanText('👨‍👩‍👧'.repeat(10), opts)).toBe('👨‍👩‍👧'.repeat(10));
  });

  it('removes control and bidi-override characters but keeps the joiners emoji need', () => {
    expect(cleanText('a\u0000b\u0007c\u202Ed\u2066e\u200Bf\uFEFF', { field: 'x', max: 20 })).toBe('abcdef');
    expect(cleanText('🏳️‍🌈', opts)).toBe('🏳️‍🌈');
  });

  it('keeps right-to-left and CJK text intact, normalised', () => {
    expect(cleanText('  مرحبا   بالعالم ', { field: 'x', max: 30 })).toBe('مرحبا بالعالم');
    expect(cleanText('柴犬が目を覚ます', opts)).toBe('柴犬が目を覚ます');
    expect(cleanText('e\u0301', opts)).toBe('é');
  });

  it('collapses whitespace, or keeps short paragraphs when multiline', () => {
    expect(cleanText('a \n\t b', opts)).toBe('a b');
    expect(cleanText('a  \r\n\n\n\nb', { ...opts, multiline: true })).toBe('a\n\nb');
  });

  it('says what is wrong, naming the field', () => {
    expect(() => cleanText('', opts)).toThrow("The text can't be empty.");
    expect(() => cleanText('   \u0000 ', opts)).toThrow("The text can't be empty.");
    // Fillers, joiners and blanks that render as nothing are no title either.
    for (const blank of ['\u3164', '\u2800\u2800', '\u200D', '\u034F', '\u3164 \u200D\u2800', '\u115F\u1160', '\uFE0F']) expect(() => cleanText(blank, opts)).toThrow("The text can't be empty.");
    expect(cleanText('Paws\u061C', opts)).toBe('Paws');
    expect(cleanText('👨‍👩‍👧', opts)).toBe('👨‍👩‍👧');
    expect(() => cleanText(undefined, opts)).toThrow('The text is missing.');
    expect(() => cleanText('x'.repeat(11), opts)).toThrow('The text is too long (11 characters); keep it to 10.');
    expect(() => cleanText('ab', { ...opts, min: 3 })).toThrow('The text needs at least 3 characters.');
  });

  it('truncates on a word boundary with an ellipsis, never inside an emoji', () => {
    expect(truncate('The cat was the butler all along', 20)).toBe('The cat was the…');
    expect(truncate('short', 20)).toBe('short');
    expect(visibleLength(truncate('👨‍👩‍👧'.repeat(30), 10))).toBe(10);
  });

  it('makes URL-safe names', () => {
    expect(slugify('Paws of Fate!')).toBe('paws-of-fate');
    expect(slugify('Café Noir')).toBe('cafe-noir');
    expect(slugify('柴犬')).toBe('柴犬');
    expect(slugify('🐶🐱')).toBe('series');
  });
});

describe('a bounded map', () => {
  it('forgets its oldest entry once full, and keeps what was set last', async () => {
    const { BoundedMap } = await import('../../src/core/bounded-map.js');
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('c', 3);
    expect([...m.keys()]).toEqual(['b', 'c']);
    m.set('b', 4);
    expect(m.get('b')).toBe(4);
    expect(m.size).toBe(2);
  });
});
