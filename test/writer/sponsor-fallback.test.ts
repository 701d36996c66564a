import { describe, expect, it } from 'vitest';
import type { SponsorBrief, WriteRequest } from '../../src/core/ports.js';
import { authorise, type Sponsor } from '../../src/core/sponsors.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { ScriptSchema } from '../../src/writer/script.js';
import { HOLDING_ACTIONS, sponsorProblems } from '../../src/writer/sponsor.js';
import { runSeries } from './fixtures.js';

const PROP: SponsorBrief = { brand: 'Purrfect', product: 'Salmon Crunch', brief: 'A crunchy treat', tier: 'prop' };

/** Episode 3 of a series with everyone in hospital: in bed, no free paw anywhere past the hook. */
async function castInBed(): Promise<WriteRequest> {
  const { episodes } = await runSeries(new OfflineWriter(), { seed: 1, episodes: 3, pick: () => 0 });
  const req = episodes[2]?.request as WriteRequest;
  const characters = Object.fromEntries(Object.entries(req.story.state.characters).map(([name, c]) => [name, { ...c, condition: 'in hospital' as const }]));
  return { ...req, story: { ...req.story, state: { ...req.story.state, characters } } };
}

describe('a sponsor nobody can hold', () => {
  it('is shown in the background for that episode instead of failing it', async () => {
    const req = await castInBed();
    const written = await new OfflineWriter().write({ ...req, sponsor: PROP });
    const script = ScriptSchema.parse(written.script);
    // Nobody could hold it: no scene past the hook has someone on their feet.
    expect(script.scenes.slice(1).some((s) => s.characters.some((c) => HOLDING_ACTIONS.has(c.action ?? 'stand')))).toBe(false);
    expect(script.sponsor).toMatchObject({ brand: 'Purrfect', product: 'Salmon Crunch', tier: 'background', holder: null });
    expect(sponsorProblems(script, { ...PROP, tier: 'background' })).toEqual([]);
  });

  it('is kept by the loop at the tier it got (recorded with the tier asked), never a higher one than asked', () => {
    const sponsor = { brand: 'Purrfect', product: 'Salmon Crunch', tier: 'prop', series_id: 's', number: 1 } as Sponsor;
    const scenes = [{}, {}, {}, {}];
    expect(authorise({ scenes, sponsor: { brand: 'Purrfect', product: 'Salmon Crunch', tier: 'background', scene: 2, holder: null } }, sponsor).placement).toEqual({
      brand: 'Purrfect',
      product: 'Salmon Crunch',
      tier: 'background',
      scene: 2,
      holder: null,
    });
    const background = { ...sponsor, tier: 'background' } as Sponsor;
    expect(() => authorise({ scenes, sponsor: { brand: 'Purrfect', product: 'Salmon Crunch', tier: 'prop', scene: 2, holder: 'Mochi' } }, background)).toThrow('left out the sponsor placement');
  });
});
