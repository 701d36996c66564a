import { describe, expect, it } from 'vitest';
import { matchTrope } from '../../src/writer/offline/offline-writer.js';
import { HOOKS, PLACES, THINGS, TROPES, WHENS } from '../../src/writer/offline/tropes.js';

describe('the trope grammar', () => {
  it('recognises the kind of a twist from its words, whole words only', () => {
    const kind = (text: string) => matchTrope(text)?.kind;
    expect(kind("Mochi's twin takes their place. Nobody except Biscuit notices.")).toBe('identity');
    expect(kind('Luna betrayed everyone')).toBe('betrayal');
    expect(kind('The will leaves everything to Biscuit')).toBe('inheritance');
    expect(kind('Biscuit crashes the wedding')).toBe('wedding');
    expect(kind('Mochi wakes up with amnesia')).toBe('amnesia');
    expect(kind('The vet is secretly a spy')).toBe('illness');
    expect(kind('A pigeon delivers a pizza')).toBeUndefined();
  });

  it('covers every trope the design names, each with enough material', () => {
    expect(TROPES.map((t) => t.kind).sort()).toEqual(['amnesia', 'betrayal', 'identity', 'illness', 'inheritance', 'revenge', 'rivalry', 'romance', 'wedding']);
    for (const t of TROPES) {
      expect(t.labels.length, t.kind).toBeGreaterThanOrEqual(4);
      expect(t.payoffs.length, t.kind).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps detail lists coprime, which is what keeps lines from repeating', () => {
    const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
    const sizes = [THINGS.length, PLACES.length, WHENS.length];
    for (const n of [HOOKS.length, ...sizes]) for (const m of sizes) if (n !== m) expect(gcd(n, m), `${n} and ${m}`).toBe(1);
  });
});
