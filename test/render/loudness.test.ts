import { describe, expect, it } from 'vitest';
import { integratedLoudness, normalise } from '../../src/render/audio/loudness.js';
import { SAMPLE_RATE } from '../../src/render/audio/pcm.js';

const sine = (amplitude: number, hz: number, seconds: number) => Float32Array.from({ length: seconds * SAMPLE_RATE }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));

describe('loudness', () => {
  it('measures as BS.1770 does: a full-scale 1 kHz sine on one channel reads −3.01 LUFS', () => {
    expect(integratedLoudness(sine(1, 1000, 5))).toBeCloseTo(-3.01, 1);
    expect(integratedLoudness(sine(0.1, 1000, 5))).toBeCloseTo(-23.01, 1);
    expect(integratedLoudness(new Float32Array(SAMPLE_RATE))).toBe(-Infinity);
  });

  it('brings a soundtrack to −14 LUFS, peaks held under the ceiling', () => {
    const out = normalise(sine(0.02, 440, 10));
    expect(integratedLoudness(out)).toBeCloseTo(-14, 0);
    let peak = 0;
    for (const v of out) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThanOrEqual(0.84);
  });
});
