import { describe, expect, it } from 'vitest';
import { textLanguage } from '../../src/render/text/language.js';
import { breakPieces, direction, wrapText } from '../../src/render/text/lines.js';

/** A width of one unit per character: enough to see where lines break. */
const chars = (s: string) => Array.from(s).length;

describe('line breaking by script', () => {
  it('breaks English at spaces and never inside a word', () => {
    expect(breakPieces('Mochi wakes up, crying.')).toEqual(['Mochi ', 'wakes ', 'up, ', 'crying.']);
    const lines = wrapText('Mochi wakes up in a hospital bed with no memory', 12, chars);
    expect(lines).toEqual(['Mochi wakes', 'up in a', 'hospital bed', 'with no', 'memory']);
  });

  it('breaks Chinese between any two characters, but never before closing punctuation or after an opening one', () => {
    expect(breakPieces('你好，世界。')).toEqual(['你', '好，', '世', '界。']);
    expect(breakPieces('他说「走吧」')).toEqual(['他', '说', '「走', '吧」']);
    const lines = wrapText('豆豆在医院醒来，完全不记得婚礼的事。', 8, chars);
    for (const line of lines) expect(chars(line)).toBeLessThanOrEqual(8);
    expect(lines.join('')).toBe('豆豆在医院醒来，完全不记得婚礼的事。');
    for (const line of lines.slice(1)) expect(line).not.toMatch(/^[，。]/);
  });

  it('keeps small kana and the long vowel mark off the start of a Japanese line', () => {
    const pieces = breakPieces('ベッドでコーヒー');
    expect(pieces).toEqual(['ベッ', 'ド', 'で', 'コー', 'ヒー']);
  });

  it('breaks Thai between the words of the dictionary, not between letters', () => {
    const pieces = breakPieces('โมจิตื่นขึ้นมาบนเตียง');
    expect(pieces.join('')).toBe('โมจิตื่นขึ้นมาบนเตียง');
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces).toContain('เตียง');
    // A combining vowel or tone mark never starts a piece.
    for (const p of pieces) expect(p).not.toMatch(/^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/u);
  });

  it('breaks between a CJK character and a Latin word, and keeps explicit line breaks', () => {
    expect(breakPieces('我爱Python编程')).toEqual(['我', '爱', 'Python', '编', '程']);
    expect(wrapText('To be\ncontinued…', 100, chars)).toEqual(['To be', 'continued…']);
  });

  it('cuts only a word wider than a whole line', () => {
    expect(wrapText('Supercalifragilistic is long', 8, chars)).toEqual(['Supercal', 'ifragili', 'stic', 'is long']);
  });

  it('knows which way a line reads from its first letter', () => {
    expect(direction('مرحبا بالعالم')).toBe('rtl');
    expect(direction('«שלום» world')).toBe('rtl');
    expect(direction('12: Luna مرحبا')).toBe('ltr');
    expect(direction('…')).toBe('ltr');
  });
});

describe('a series language for text', () => {
  it('reads tags and names people type, with the Han forms their readers expect', () => {
    expect(textLanguage('zh')).toEqual({ locale: 'zh', han: 'sc' });
    expect(textLanguage('Chinese')).toEqual({ locale: 'zh', han: 'sc' });
    expect(textLanguage('繁體中文')).toEqual({ locale: 'zh', han: 'tc' });
    expect(textLanguage('zh_TW')).toEqual({ locale: 'zh', han: 'tc' });
    expect(textLanguage('日本語')).toEqual({ locale: 'ja', han: 'jp' });
    expect(textLanguage('ko-KR')).toEqual({ locale: 'ko', han: 'kr' });
    expect(textLanguage('es-ES')).toEqual({ locale: 'es', han: 'sc' });
    expect(textLanguage('Español').locale).toBe('es');
    expect(textLanguage('pt').locale).toBe('pt-BR');
    expect(textLanguage('Klingon').locale).toBe('en');
    expect(textLanguage('').locale).toBe('en');
  });
});
