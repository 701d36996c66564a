import { hashSeed, seededRandom } from '../core/clock.js';
import type { WriteRequest, Writer, WrittenEpisode } from '../core/ports.js';

// A stand-in writer: seeded, deterministic and fast, so the whole loop can run headless.
// The real offline and LLM writers replace it (see the writer issue).

const TWISTS = [
  (a: string, b: string) => ({ label: `${a} has a secret twin`, teaser: `Someone who looks exactly like ${a} has been seen near ${b}'s home.` }),
  (a: string, b: string) => ({ label: `${b} forged the will`, teaser: `The signature on the inheritance papers is not ${a}'s.` }),
  (a: string) => ({ label: `${a} wakes up with amnesia`, teaser: `${a} opens their eyes and remembers nothing of the last year.` }),
  (a: string, b: string) => ({ label: `${b} crashes the wedding`, teaser: `The doors fly open just as ${a} says "I do".` }),
  (a: string, b: string) => ({ label: `${a} and ${b} were siblings all along`, teaser: 'An old photo changes everything.' }),
  (a: string) => ({ label: `${a} loses everything`, teaser: `${a}'s fortune vanishes overnight.` }),
  (a: string, b: string) => ({ label: `${b} confesses their love`, teaser: `Under the rain, ${b} finally tells ${a} the truth.` }),
  (a: string) => ({ label: `A rival returns for ${a}`, teaser: `An old enemy of ${a} steps off the midnight train.` }),
];

export class SimpleWriter implements Writer {
  async write(req: WriteRequest): Promise<WrittenEpisode> {
    const rnd = seededRandom(hashSeed(`${req.series.seed}:${req.episodeNumber}:${req.twist?.label ?? ''}`));
    const names = req.cast.map((c) => c.name);
    const who = () => names[Math.floor(rnd() * names.length)] ?? 'The stranger';
    const pool = [...TWISTS];
    const twists = [0, 1, 2].map(() => pool.splice(Math.floor(rnd() * pool.length), 1)[0]!(who(), who()));
    const lead = who();
    const title = req.twist ? `Episode ${req.episodeNumber}: ${req.twist.label}` : `Episode 1: ${req.series.title}`;
    const previously = req.twist ? `Previously: ${req.twist.label}.` : null;
    const cliffhanger = `${lead} stares at the door. Someone is knocking.`;
    const scenes = [
      { setting: 'hospital room', narration: req.twist ? `It is true: ${req.twist.teaser}` : req.series.premise, seconds: 10 },
      { setting: 'rainy window', narration: `${lead} cannot believe it.`, seconds: 10 },
      { setting: 'neon street', narration: cliffhanger, seconds: 10 },
    ];
    return {
      title,
      previously,
      cliffhanger,
      twists,
      script: { title, previously, scenes, cliffhanger, twists },
      synopsis: `${req.series.synopsis} Ep ${req.episodeNumber}: ${req.twist?.label ?? 'the story begins'}.`.trim().slice(-2000),
    };
  }
}
