import { SAMPLE_RATE } from './pcm.js';

/**
 * Integrated loudness (ITU-R BS.1770-4: K-weighting, 400 ms blocks, absolute and relative gates)
 * and normalisation to a target. Done here rather than with ffmpeg's loudnorm, whose dynamic mode
 * resamples to 192 kHz and costs about a second of CPU per minute of audio.
 */

type Biquad = [number, number, number, number, number]; // b0 b1 b2 a1 a2, normalised by a0

// The K-weighting filters of BS.1770 in the form that reproduces its 48 kHz coefficients
// exactly and holds at other rates (B. De Man's derivation).
function shelf(rate: number): Biquad {
  const f0 = 1681.974450955533;
  const q = 0.7071752369554196;
  const k = Math.tan((Math.PI * f0) / rate);
  const vh = 10 ** (3.999843853973347 / 20);
  const vb = vh ** 0.4996667741545416;
  const a0 = 1 + k / q + k * k;
  return [(vh + (vb * k) / q + k * k) / a0, (2 * (k * k - vh)) / a0, (vh - (vb * k) / q + k * k) / a0, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0];
}

function highPass(rate: number): Biquad {
  const f0 = 38.13547087602444;
  const q = 0.5003270373238773;
  const k = Math.tan((Math.PI * f0) / rate);
  const a0 = 1 + k / q + k * k;
  return [1, -2, 1, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0];
}

function filter(input: Float32Array, [b0, b1, b2, a1, a2]: Biquad): Float32Array {
  const out = new Float32Array(input.length);
  let x1 = 0,
    x2 = 0,
    y1 = 0,
    y2 = 0; // prettier-ignore
  for (let i = 0; i < input.length; i++) {
    const x = input[i]!;
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    out[i] = y;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
  }
  return out;
}

/** Integrated loudness of mono samples, in LUFS (−Infinity for silence). */
export function integratedLoudness(samples: Float32Array, rate = SAMPLE_RATE): number {
  const weighted = filter(filter(samples, shelf(rate)), highPass(rate));
  const block = Math.round(0.4 * rate);
  const step = Math.round(0.1 * rate);
  const powers: number[] = [];
  for (let start = 0; start + block <= weighted.length; start += step) {
    let sum = 0;
    for (let i = start; i < start + block; i++) sum += weighted[i]! * weighted[i]!;
    powers.push(sum / block);
  }
  const lufs = (p: number) => -0.691 + 10 * Math.log10(p);
  const absolute = powers.filter((p) => lufs(p) > -70);
  if (!absolute.length) return -Infinity;
  const relativeGate = lufs(absolute.reduce((a, b) => a + b, 0) / absolute.length) - 10;
  const gated = absolute.filter((p) => lufs(p) > relativeGate);
  return lufs(gated.reduce((a, b) => a + b, 0) / gated.length);
}

/**
 * Scales mono samples to `target` LUFS, peaks softly held under `ceiling`. ffmpeg spreads a mono
 * track over both stereo channels at −3 dB each, so the stereo file measures the same.
 */
export function normalise(samples: Float32Array, target = -14, ceiling = 0.84): Float32Array {
  const measured = integratedLoudness(samples);
  if (!Number.isFinite(measured)) return samples;
  const gain = 10 ** ((target - measured) / 20);
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]! * gain;
    // Linear below the knee, a smooth curve above it that never passes the ceiling.
    const knee = ceiling * 0.8;
    const mag = Math.abs(v);
    out[i] = mag <= knee ? v : Math.sign(v) * (knee + (ceiling - knee) * Math.tanh((mag - knee) / (ceiling - knee)));
  }
  return out;
}
