import OpenAI from 'openai';
import { describe, expect } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { LocalScreener, OpenAiScreener } from '../../src/writer/screen.js';
import { it } from '../fakes/openai/fixture.js';
import type { FakeOpenAi } from '../fakes/openai/server.js';

describe('screening community text', () => {
  const local = new LocalScreener();

  it('refuses blocked words, however they are disguised', async () => {
    for (const text of ['what the fuck', 'FUUUUCK this', 'sh1t happens', 'Luna is a wh0re', 'kill yourself Mochi', 'N.S.F.W twist']) {
      expect(await local.screen(text), text).toBe('it contains words this series does not allow');
    }
  });

  it('lets drama through', async () => {
    for (const text of ['Mochi plots a bloody revenge', 'Luna kills the lights', 'The bitch next door is Biscuit’s mum', 'Assassin cat returns', 'القطة تعود 🐱', 'Scunthorpe wedding']) {
      expect(await local.screen(text), text).toBeNull();
    }
  });

  describe('with the moderation endpoint', () => {
    const screener = (openai: FakeOpenAi) => new OpenAiScreener(new OpenAI({ apiKey: 'k', baseURL: openai.url, maxRetries: 0 }), local, silentLogger);

    it('uses its verdict', async ({ openai }) => {
      openai.moderation = (r) => ({
        status: 200,
        body: { id: 'm', model: 'omni', results: [{ flagged: r.body.input!.includes('hate'), categories: { harassment: true, 'self-harm': false }, category_scores: {} }] },
      });
      expect(await screener(openai).screen('a twist full of hate')).toBe('it was flagged by moderation (harassment)');
      expect(await screener(openai).screen('a gentle twist')).toBeNull();
    });

    it('falls back to the local list when the server has no moderation endpoint', async ({ openai }) => {
      expect(await screener(openai).screen('what the fuck')).toBe('it contains words this series does not allow');
      expect(await screener(openai).screen('a gentle twist')).toBeNull();
    });
  });
});
