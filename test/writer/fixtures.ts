import type { WriteRequest } from '../../src/core/ports.js';

export const CAST: WriteRequest['cast'] = [
  { name: 'Mochi', species: 'Shiba Inu', look: {}, personality: 'proud, secretly tender', voice: '' },
  { name: 'Luna', species: 'black cat', look: {}, personality: 'mysterious, sharp-tongued', voice: '' },
  { name: 'Biscuit', species: 'golden retriever', look: {}, personality: 'loyal to a fault', voice: '' },
];

export function request(overrides: Partial<WriteRequest> = {}, series: Partial<WriteRequest['series']> = {}): WriteRequest {
  return {
    series: {
      id: 'sr_test',
      title: 'Paws of Fate',
      premise: 'A Shiba Inu wakes up in hospital with no memory of the wedding.',
      tone: 'melodrama',
      language: 'en',
      bible: {},
      synopsis: '',
      targetSeconds: 60,
      seed: 42,
      allowFallback: true,
      ...series,
    },
    cast: CAST,
    episodeNumber: 1,
    previous: [],
    ...overrides,
  };
}
