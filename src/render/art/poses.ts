import type { Emotion } from '../../writer/script.js';
import type { Action } from '../../writer/staging.js';
import type { Stance } from './parts/body.js';
import type { Point } from './parts/limbs.js';

/**
 * A pose: how a character stands and where its paws go for an action, the emotion filling in
 * where the action leaves the arms free. Coordinates are in character units, facing right
 * (towards whoever the character faces), origin at the feet.
 */
export interface Pose {
  stance: Stance;
  /** Paw targets: [the far arm, the near arm]. */
  paws: readonly [Point, Point];
  /** Which paw holds a prop, if one is held. */
  holds: 0 | 1;
  /** Seen from behind (turned away). */
  back: boolean;
  /** Upper-body lean in radians (positive: towards the other). */
  lean: number;
  /** Drawn on its side: lying in bed, or collapsed on the floor. */
  lying: 'no' | 'bed' | 'floor';
  /** Speed lines: a slap's paw, or a body storming out. */
  swoosh: boolean;
}

const EMOTION_PAWS: Record<Emotion, readonly [Point, Point]> = {
  // A fist raised at whoever they face, the other clenched at the side.
  angry: [
    [-24, -26],
    [32, -60],
  ],
  // Paws flung up and open beside the face.
  shocked: [
    [-32, -70],
    [32, -70],
  ],
  crying: [
    [-8, -70],
    [22, -20],
  ],
  'in love': [
    [-4, -40],
    [4, -40],
  ],
  happy: [
    [-26, -24],
    [30, -66],
  ],
  smug: [
    [8, -32],
    [-6, -30],
  ],
  scared: [
    [6, -36],
    [-6, -38],
  ],
  sad: [
    [-22, -18],
    [22, -18],
  ],
};

const DEFAULT_PAWS: readonly [Point, Point] = [
  [-22, -18],
  [22, -18],
];

export function poseFor(action: Action, emotion: Emotion): Pose {
  const base: Pose = { stance: 'stand', paws: emotion === 'sad' ? DEFAULT_PAWS : EMOTION_PAWS[emotion], holds: 1, back: false, lean: emotion === 'angry' ? 0.08 : 0, lying: 'no', swoosh: false };
  switch (action) {
    case 'sit':
      return {
        ...base,
        stance: 'sit',
        paws:
          emotion === 'crying' || emotion === 'shocked'
            ? EMOTION_PAWS[emotion]
            : [
                [12, -22],
                [20, -22],
              ],
      };
    case 'lie in bed':
    case 'sleep':
      return {
        ...base,
        stance: 'stand',
        lying: 'bed',
        paws: [
          [14, -30],
          [24, -34],
        ],
      };
    case 'collapse':
      return {
        ...base,
        stance: 'sit',
        lying: 'floor',
        lean: 0.32,
        paws: [
          [4, -58],
          [18, -56],
        ],
        holds: 0,
      };
    case 'hug':
      return {
        ...base,
        lean: 0.12,
        paws: [
          [30, -46],
          [26, -32],
        ],
      };
    case 'point':
      return { ...base, lean: 0.06, paws: [EMOTION_PAWS[emotion][0][1] < -50 ? EMOTION_PAWS[emotion][0] : [-22, -20], [40, -52]] };
    case 'turn away':
      return {
        ...base,
        back: true,
        paws: [
          [-8, -34],
          [8, -34],
        ],
      };
    case 'storm out':
      return {
        ...base,
        stance: 'stride',
        back: false,
        lean: 0.15,
        swoosh: true,
        paws: [
          [-24, -26],
          [26, -36],
        ],
      };
    case 'kneel':
      return {
        ...base,
        stance: 'kneel',
        lean: 0.08,
        paws: [
          [12, -34],
          [36, -36],
        ],
      };
    case 'slap':
      return {
        ...base,
        lean: 0.15,
        swoosh: true,
        paws: [
          [-22, -22],
          [46, -60],
        ],
      };
    case 'eavesdrop':
      return {
        ...base,
        stance: 'lean',
        lean: 0.2,
        paws: [
          [18, -40],
          [28, -76],
        ],
      };
    case 'read letter':
      return {
        ...base,
        paws: [
          [12, -46],
          [22, -48],
        ],
      };
    case 'phone':
      return { ...base, paws: [EMOTION_PAWS[emotion][0][1] < -50 ? [-22, -20] : EMOTION_PAWS[emotion][0], [18, -64]] };
    case 'enter':
      // Walking in (the renderer moves them in from the edge).
      return {
        ...base,
        stance: 'stride',
        lean: 0.08,
        paws: [
          [-24, -24],
          [24, -30],
        ],
      };
    case 'stand':
      return base;
  }
}
