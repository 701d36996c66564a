/**
 * The staging vocabulary a script may use: what each character does on screen, what they wear,
 * and the objects in the scene. Writers choose from these lists (the LLM is shown them); the
 * renderer draws every entry.
 */

/** What a character is doing in a shot. `stand` is the default. */
export const ACTIONS = ['stand', 'sit', 'lie in bed', 'sleep', 'hug', 'point', 'turn away', 'storm out', 'enter', 'collapse', 'kneel', 'slap', 'eavesdrop', 'read letter', 'phone'] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that lay a character in a bed: awake (`lie in bed`), or asleep or unconscious, eyes shut (`sleep`). */
export const IN_BED: ReadonlySet<Action> = new Set(['lie in bed', 'sleep']);

/** Clothes a scene may put on a character, over the look it always has. */
export const WARDROBE = ['suit', 'wedding dress', "chef's hat", 'police badge', 'hospital gown'] as const;
export type Wardrobe = (typeof WARDROBE)[number];

/**
 * Objects in a scene. Some are held (a character's paw, wing or hoof carries them), the rest stand
 * in the scene; `PROP_HELD` says which.
 */
export const PROPS = ['hospital bed', 'ring box', 'letter', 'phone', 'suitcase', 'bouquet', 'glass', 'evidence bag', 'poison', 'cake', 'photo', 'contract', 'gift box', 'money case'] as const;
export type Prop = (typeof PROPS)[number];

export const PROP_HELD: Readonly<Record<Prop, boolean>> = {
  'hospital bed': false,
  'ring box': true,
  letter: true,
  phone: true,
  suitcase: false,
  bouquet: true,
  glass: true,
  'evidence bag': true,
  poison: true,
  cake: false,
  photo: true,
  contract: true,
  'gift box': false,
  'money case': false,
};

/** The object an action needs in the character's paw, when the scene names none. */
export const ACTION_PROP: Partial<Record<Action, Prop>> = { 'read letter': 'letter', phone: 'phone', kneel: 'ring box' };
