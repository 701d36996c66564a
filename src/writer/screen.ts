import type OpenAI from 'openai';
import type { Logger, Screener } from '../core/ports.js';

/**
 * Screening of community text (suggestions, premises). With an OpenAI key, the moderation
 * endpoint decides; otherwise (or when it can't be reached) a local word list does.
 */

// Words that have no place in a family-friendly animal drama. Deliberately short: drama words
// such as kill, blood, revenge or bitch (a female dog, in this cast) are fine.
const BLOCKED_WORDS = new Set([
  'fuck',
  'fucking',
  'fucker',
  'motherfucker',
  'shit',
  'cunt',
  'whore',
  'slut',
  'porn',
  'porno',
  'hentai',
  'nsfw',
  'nude',
  'nudes',
  'rape',
  'raped',
  'rapist',
  'pedo',
  'pedophile',
  'paedophile',
  'incest',
  'nazi',
  'hitler',
  'kkk',
  'nigger',
  'nigga',
  'faggot',
  'fag',
  'retard',
  'tranny',
  'chink',
  'spic',
  'kike',
  'kys',
]);
const BLOCKED_PHRASES = ['kill yourself', 'kill urself', 'heil hitler', 'white power'];

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/** Lowercase, accents and leetspeak undone, letter runs squeezed ("fuuuck" → "fuck"). */
export function normaliseForScreening(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[013457@$!]/g, (c) => LEET[c] ?? c)
      .replace(/(\p{L})\1{2,}/gu, '$1$1')
      // Spelled out: "f u c k", "n.s.f.w" → one word.
      .replace(/(?<!\p{L})\p{L}(?:[\s.*_-]+\p{L}(?!\p{L})){2,}/gu, (run) => run.replace(/[\s.*_-]+/g, ''))
  );
}

export class LocalScreener implements Screener {
  async screen(text: string): Promise<string | null> {
    const normal = normaliseForScreening(text);
    const words = normal.split(/[^\p{L}]+/u).filter(Boolean);
    // Squeezed runs leave doubles ("fuuuck" → "fuuck"): try each word with doubles squeezed too.
    const hit = words.some((w) => BLOCKED_WORDS.has(w) || BLOCKED_WORDS.has(w.replace(/(\p{L})\1+/gu, '$1')));
    const joined = ` ${words.join(' ')} `;
    if (hit || BLOCKED_PHRASES.some((p) => joined.includes(` ${p} `))) return 'it contains words this series does not allow';
    return null;
  }
}

export class OpenAiScreener implements Screener {
  private warned = false;
  constructor(
    private readonly client: OpenAI,
    private readonly fallback: Screener,
    private readonly log: Logger,
  ) {}

  async screen(text: string): Promise<string | null> {
    try {
      const res = await this.client.moderations.create({ model: 'omni-moderation-latest', input: text });
      const result = res.results[0];
      if (!result?.flagged) return this.fallback.screen(text);
      const categories = Object.entries(result.categories)
        .filter(([, on]) => on)
        .map(([name]) => name.replace(/[/_-]/g, ' '));
      return `it was flagged by moderation${categories.length ? ` (${categories.slice(0, 2).join(', ')})` : ''}`;
    } catch (err) {
      // A server without the moderation endpoint (Ollama, vLLM…) or an outage: the local list decides.
      if (!this.warned) this.log.warn({ error: err instanceof Error ? err.message : String(err) }, 'moderation endpoint unavailable; using the local word list');
      this.warned = true;
      return this.fallback.screen(text);
    }
  }
}
