import { describe, expect, it } from 'vitest';
import { assColor, assText, buildAss, pages } from '../../src/render/captions.js';

const words = (text: string) => text.split(' ').map((word, i) => ({ word, start: i * 0.4, end: i * 0.4 + 0.35 }));

describe('captions', () => {
  it('shows at most two short lines at a time', () => {
    const split = pages(words('Mochi wakes up in a hospital bed with no memory of the wedding and everyone is lying to him'));
    expect(split.length).toBeGreaterThan(1);
    for (const page of split) expect(page.map((w) => w.word).join(' ').length).toBeLessThanOrEqual(26 * 2 + 1);
  });

  it('keeps text from becoming override tags', () => {
    expect(assText('{\\an8}hack\\N')).toBe('（＼an8）hack＼N');
  });

  it('writes karaoke timing per word, names the speaker in their colour, and keeps to the safe area', () => {
    const ass = buildAss([{ speaker: 'Luna', color: '#8e44ad', words: words('Surprise darling') }], { width: 720, height: 1280, font: 'Fredoka' });
    expect(ass).toContain('PlayResY: 1280');
    expect(ass).toMatch(/Style: Caption,Fredoka,\d+,/);
    expect(ass).toContain(`{\\c${assColor('#8e44ad')}\\3c&H101010&}Luna: {\\r}`);
    expect(ass).toContain('{\\kf35}Surprise {\\k5}{\\kf35}darling');
    expect(ass).toMatch(/,2,58,58,307,1$/m);
    expect(assColor('#ff8000')).toBe('&H000080FF');
  });
});
