import fs from 'node:fs';
import path from 'node:path';
import type { Canvas } from '@napi-rs/canvas';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { LOCALES, LOCALES_DIR, t } from '../../src/i18n/i18n.js';
import { cardsKey, endCardCanvas, previouslyCanvas, toBeContinuedCanvas } from '../../src/render/art/cards.js';
import { fontChain, fontRuns, FONTS, hanFor } from '../../src/render/art/fonts.js';
import { textLanguage } from '../../src/render/text/language.js';

/** A catalog's texts by their dotted keys (groups such as `kit.*` nest). */
function flat(tree: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flat(v as Record<string, unknown>, `${prefix}${k}.`)))));
}
const catalog = (lng: string): Record<string, string> => flat(JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, 'cards.json'), 'utf8')));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const english = catalog('en');

describe('the cards catalog', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every card text, with the same placeholders', (lng) => {
    const cat = catalog(lng);
    // Plural forms differ by language (test/i18n/bot-catalogs.test.ts checks each one it needs).
    const base = (keys: string[]) => [...new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    expect(base(Object.keys(cat))).toEqual(base(Object.keys(english)));
    for (const [key, value] of Object.entries(english)) {
      const own = cat[key] ?? cat[key.replace(/_(zero|one|two|few|many)$/, '_other')];
      if (own === undefined) continue;
      expect(own.trim(), `${lng} ${key}`).not.toBe('');
      // "one vote", "two votes" may say the number in words.
      if (!/_(zero|one|two)$/.test(key)) expect(placeholders(own), `${lng} ${key}`).toEqual(placeholders(value));
    }
  });

  it.each([...LOCALES])('%s: every character of its cards has a glyph in the bundled font drawn for it', (lng) => {
    const lang = textLanguage(lng);
    const cjk = ['zh', 'ja', 'ko'].includes(lang.locale);
    for (const text of Object.values(catalog(lng))) {
      for (const run of fontRuns(text, fontChain(hanFor(lang.han, text, cjk), cjk))) {
        const font = fontkit.openSync(FONTS[run.font].file) as fontkit.Font;
        const missing = Array.from(run.text).filter((ch) => ch !== '\n' && !font.hasGlyphForCodePoint(ch.codePointAt(0)!));
        expect(missing, `${lng}: ${text}`).toEqual([]);
      }
    }
  });

  it('says the cards in the series language, English where that is not shipped', () => {
    expect(t('zh', 'cards:episode', { number: 3 })).toBe('第3集');
    expect(t('es', 'cards:voteNow')).toBe('¡Vota ya!');
    expect(t('ar', 'cards:sponsor', { brand: 'Purrfect' })).toBe('برعاية Purrfect');
    expect(t('de', 'cards:credit', { name: 'Mia' })).toBe('Twist von Mia');
    expect(t(textLanguage('Klingon').locale, 'cards:whatNext')).toBe('What happens next?');
  });
});

/** Pixels that clearly differ between two cards. */
function changed(a: Canvas, b: Canvas): number {
  const pa = a.getContext('2d').getImageData(0, 0, a.width, a.height).data;
  const pb = b.getContext('2d').getImageData(0, 0, b.width, b.height).data;
  let n = 0;
  for (let i = 0; i < pa.length; i += 4) if (Math.abs(pa[i]! - pb[i]!) + Math.abs(pa[i + 1]! - pb[i + 1]!) + Math.abs(pa[i + 2]! - pb[i + 2]!) > 60) n++;
  return n;
}

describe('cards drawn in the series language', () => {
  const W = 360;
  const H = 640;
  const options = [
    { letter: 'A', label: 'Luna has a secret twin' },
    { letter: 'B', label: 'Mochi collapses' },
  ];

  it('draws a different card for Chinese and Spanish than for English, and the same one for the same language', () => {
    for (const draw of [(l: string) => toBeContinuedCanvas(W, H, l), (l: string) => endCardCanvas(options, W, H, l), (l: string) => previouslyCanvas('Paws of Fate', 'Luna lied.', W, H, l)]) {
      const en = draw('en');
      expect(changed(draw('zh'), en)).toBeGreaterThan(500);
      expect(changed(draw('es-ES'), en)).toBeGreaterThan(500);
      expect(changed(draw('Chinese'), draw('zh'))).toBe(0);
      expect(changed(draw('English'), en)).toBe(0);
    }
  });

  it('keys the card cache by language', () => {
    expect(cardsKey('zh')).not.toBe(cardsKey('en'));
    expect(cardsKey('zh')).toBe(cardsKey('Chinese'));
    expect(cardsKey('zh-TW')).not.toBe(cardsKey('zh'));
  });

  it('lays the ballot out from the right for Arabic options', () => {
    const arabic = endCardCanvas(
      [
        { letter: 'A', label: 'لونا لديها توأم سري' },
        { letter: 'B', label: 'موتشي ينهار فجأة' },
      ],
      W,
      H,
      'ar',
    );
    // Option A's pink disc sits at the right end of its box (at the left in English).
    const pinkX = (card: Canvas) => {
      const data = card.getContext('2d').getImageData(0, 0, W, H).data;
      const xs: number[] = [];
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 0xff) + Math.abs(data[i + 1]! - 0x4f) + Math.abs(data[i + 2]! - 0x7a) < 40) xs.push((i / 4) % W);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(pinkX(arabic)).toBeGreaterThan(W * 0.8);
    expect(pinkX(endCardCanvas(options, W, H, 'en'))).toBeLessThan(W * 0.2);
  });
});
