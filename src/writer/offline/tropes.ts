import type { Emotion, TwistKind } from '../script.js';

/**
 * The grammar of the offline writer: micro-drama tropes as sentence templates over the cast.
 * `A` is the character the twist is about, `B` the one who pays for it, `C` a third;
 * `thing`, `place` and `when` are details that vary from episode to episode.
 */
/**
 * Matches whole words ('heir' must not match "their", 'ex' not "except"); a stem ending in '*'
 * matches any word it starts ('betray*' matches "betrayal").
 */
function words(list: string): RegExp {
  const alternatives = list.split('|').map((w) => (w.endsWith('*') ? w.slice(0, -1) : `${w}(?!\\p{L})`));
  return new RegExp(`(?<!\\p{L})(?:${alternatives.join('|')})`, 'iu');
}

export interface Slots {
  A: string;
  B: string;
  C: string;
  thing: string;
  place: string;
  when: string;
}

export type Template = (s: Slots) => string;

export interface Trope {
  kind: TwistKind;
  /** Words in a twist that point to this trope (a community twist is matched by them). */
  keywords: RegExp;
  settings: readonly string[];
  /** Ballot labels (at most 55 characters once filled). */
  labels: readonly Template[];
  teasers: readonly Template[];
  /** How the story pays this twist off when it wins. */
  payoffs: readonly Template[];
  /** What A and B say when it lands. */
  lines: readonly [Template, Template][];
  emotions: readonly [Emotion, Emotion];
}

export const TROPES: readonly Trope[] = [
  {
    kind: 'illness',
    keywords: words('hospital|coma|sick|ill|illness|surgery|doctor|vet|diagnos*|transplant|faint*|collaps*|monitor'),
    settings: ['hospital room', 'hospital corridor', 'rainy window'],
    labels: [
      (s) => `${s.A} collapses and is rushed to hospital`,
      (s) => `${s.B} hides a terrible diagnosis`,
      (s) => `Only ${s.C}'s heart can save ${s.A}`,
      (s) => `${s.A} falls into a coma ${s.when}`,
    ],
    teasers: [
      (s) => `The monitors scream, and ${s.B} is the only one who knows why.`,
      (s) => `The vet's envelope says six months. ${s.B} burns it.`,
      (s) => `A transplant, a stranger's gift, and a debt no one can repay.`,
      (s) => `${s.A} may never wake up to hear the truth.`,
    ],
    payoffs: [
      (s) => `The heart monitor beeps in the dark as ${s.A} fights for every breath, and ${s.B} cannot stop shaking.`,
      (s) => `White walls, cold paws, and a diagnosis nobody dares to read aloud in front of ${s.A}.`,
      (s) => `${s.B} sleeps in the plastic chair by ${s.A}'s bed, clutching ${s.thing}.`,
    ],
    lines: [
      [(s) => `Promise me you won't tell ${s.C}.`, () => `I promised once. Look where that got us.`],
      [() => `How long do I have?`, (s) => `Long enough to forgive me, ${s.A}. I hope.`],
      [() => `Why are you crying? I'm right here.`, () => `Because the doctor said you wouldn't be.`],
    ],
    emotions: ['sad', 'crying'],
  },
  {
    kind: 'betrayal',
    keywords: words('betray*|cheat*|lie|lied|liar|lying|traitor|spy|spies|spying|backstab*|steal*|stole|stolen|fake*|alibi'),
    settings: ['office', 'mansion library', 'rooftop'],
    labels: [
      (s) => `${s.B} was spying for ${s.C} all along`,
      (s) => `${s.B} stole ${s.thing}`,
      (s) => `${s.C} sells ${s.A}'s secret to the press`,
      (s) => `${s.B}'s alibi is a lie`,
    ],
    teasers: [
      (s) => `The messages on ${s.B}'s phone were never meant for ${s.A}.`,
      (s) => `Someone in this family is lying, and ${s.thing} proves it.`,
      (s) => `Tomorrow's headline has ${s.A}'s name on it.`,
      (s) => `${s.B} was not where they said ${s.when}.`,
    ],
    payoffs: [
      (s) => `${s.A} scrolls through the messages one by one, and every single one is signed by ${s.B}.`,
      (s) => `The trust of years cracks like cheap porcelain the moment ${s.A} sees ${s.thing} in ${s.B}'s paws.`,
      (s) => `${s.B} smiles the way only a traitor smiles, and ${s.A} finally understands.`,
    ],
    lines: [
      [(s) => `How long, ${s.B}? How long have you lied to me?`, () => `Since the day you stopped watching.`],
      [() => `I trusted you with everything.`, () => `That was your first mistake.`],
      [() => `Tell me it isn't true.`, () => `I could. But you'd know I was lying again.`],
    ],
    emotions: ['shocked', 'smug'],
  },
  {
    kind: 'romance',
    keywords: words('love*|kiss*|confess*|crush|date|heart*|romance|romantic|breakup|break up|breaks up|dump*|proposal|propose*|ex|marry|elope*'),
    settings: ['neon street at night', 'rainy window', 'park'],
    labels: [
      (s) => `${s.B} confesses their love ${s.when}`,
      (s) => `${s.A} and ${s.C} share a secret kiss`,
      (s) => `${s.A} breaks up with ${s.B} by voicemail`,
      (s) => `${s.C} was ${s.A}'s first love`,
    ],
    teasers: [
      (s) => `Under the neon rain, ${s.B} finally says the three words.`,
      (s) => `One kiss in ${s.place}, and two hearts are ruined.`,
      (s) => `Forty seconds of voicemail end four years of love.`,
      (s) => `An old photo of ${s.A} and ${s.C} falls out of a book.`,
    ],
    payoffs: [
      (s) => `The neon signs flicker pink and blue as ${s.B} steps closer, tail trembling, and says what should have been said years ago.`,
      (s) => `It happens in ${s.place}: one kiss, no witnesses, and a heart that can never go back.`,
      (s) => `${s.A} listens to the message again and again until the words stop meaning anything at all.`,
    ],
    lines: [
      [() => `Say it again. I need to hear it twice.`, (s) => `I love you, ${s.A}. I always have.`],
      [() => `We can't. Not after everything.`, () => `After everything is exactly when we can.`],
      [() => `Was any of it real?`, () => `All of it. That's the problem.`],
    ],
    emotions: ['in love', 'crying'],
  },
  {
    kind: 'revenge',
    keywords: words('revenge|payback|aveng*|ruin*|destroy*|vengeance|get even|plot*|scheme*|frame*'),
    settings: ['mansion library', 'office', 'neon street at night'],
    labels: [
      (s) => `${s.A} plots revenge on ${s.B}`,
      (s) => `${s.C} frames ${s.B} for the fire`,
      (s) => `${s.A} returns to ruin everyone`,
      (s) => `${s.B} destroys ${s.thing} out of spite`,
    ],
    teasers: [
      (s) => `${s.A} has a list. ${s.B} is at the top of it.`,
      (s) => `The evidence is perfect. Too perfect.`,
      (s) => `Five years away taught ${s.A} one thing: patience.`,
      (s) => `Some things can't be replaced. ${s.B} knows exactly which.`,
    ],
    payoffs: [
      (s) => `${s.A} pins ${s.B}'s photo to the wall and draws a red circle around it, very slowly.`,
      (s) => `Revenge is a dish best served cold, and ${s.A} has been chilling it since the day ${s.B} walked away.`,
      (s) => `Every move is planned: the party, the guests, ${s.thing}, and the moment ${s.B} falls.`,
    ],
    lines: [
      [() => `You took everything from me.`, () => `And you came back for more?`],
      [(s) => `This is for ${s.C}.`, () => `You don't even know what really happened.`],
      [() => `I'm not angry anymore. I'm organised.`, () => `That's so much worse.`],
    ],
    emotions: ['angry', 'scared'],
  },
  {
    kind: 'inheritance',
    keywords: words('heir|heiress|will|inherit*|fortune|rich|money|estate|billion*|million*|adopt*|lost child'),
    settings: ['mansion library', 'courtroom', 'living room'],
    labels: [
      (s) => `${s.A} is the lost heir to a fortune`,
      (s) => `The will leaves everything to ${s.C}`,
      (s) => `${s.B} forged the will`,
      (s) => `${s.A} was adopted and never told`,
    ],
    teasers: [
      (s) => `A lawyer arrives with ${s.thing} and a name: ${s.A}.`,
      (s) => `One signature, and the whole family is disinherited.`,
      (s) => `The ink on the last page is only a week old.`,
      (s) => `The papers in the attic tell a different story.`,
    ],
    payoffs: [
      (s) => `The lawyer reads the last line twice, and every head in the room turns toward ${s.A}.`,
      (s) => `Billions, a mansion, and a family portrait where ${s.A}'s face was painted over long ago.`,
      (s) => `${s.B} stares at the signature on the will. It is perfect. It is impossible.`,
    ],
    lines: [
      [() => `There must be some mistake.`, () => `The only mistake was hiding you.`],
      [() => `Why didn't anyone tell me?`, () => `Because the money was easier to keep than the truth.`],
      [() => `I don't want their money.`, (s) => `Then give it to me, ${s.A}.`],
    ],
    emotions: ['shocked', 'angry'],
  },
  {
    kind: 'rivalry',
    keywords: words('rival*|compet*|contest|champion*|win|wins|beat|race|trophy|award|enemy|enemies|challenge*|duel|team up'),
    settings: ['park', 'office', 'neon street at night'],
    labels: [
      (s) => `${s.C} challenges ${s.A} to a duel`,
      (s) => `${s.B} steals ${s.A}'s big chance`,
      (s) => `${s.A} and ${s.B} must team up`,
      (s) => `A new rival moves in next door`,
    ],
    teasers: [
      (s) => `Winner takes the title. Loser leaves town.`,
      (s) => `The contract had ${s.A}'s name on it, until this morning.`,
      (s) => `Sworn enemies, one mission, no way out.`,
      (s) => `Perfect fur, perfect smile, perfect plan to replace ${s.A}.`,
    ],
    payoffs: [
      (s) => `The crowd in ${s.place} goes silent as ${s.A} and ${s.C} face each other, tails high, eyes cold.`,
      (s) => `${s.B} walks on stage and takes the prize that should have been ${s.A}'s, waving to the cameras.`,
      (s) => `${s.A} and ${s.B} shake paws through clenched teeth. Partners, for now.`,
    ],
    lines: [
      [() => `You'll never be better than me.`, () => `I don't have to be better. Just luckier.`],
      [() => `After this, we go back to hating each other.`, () => `I never stopped.`],
      [() => `You knew this was my dream.`, () => `That's why it tastes so sweet.`],
    ],
    emotions: ['angry', 'smug'],
  },
  {
    kind: 'amnesia',
    keywords: words('amnesia|memory|memories|forget*|forgot*|remember*|who am i|wake up|wakes up|woke'),
    settings: ['hospital room', 'park', 'living room'],
    labels: [
      (s) => `${s.A} wakes up with amnesia`,
      (s) => `${s.A} forgets ever loving ${s.B}`,
      (s) => `${s.B} fakes amnesia to escape the truth`,
      (s) => `${s.A} remembers the night of the accident`,
    ],
    teasers: [
      (s) => `${s.A} opens their eyes and asks who ${s.B} is.`,
      (s) => `Every memory is back, except the one of ${s.B}.`,
      (s) => `Convenient, isn't it? ${s.B} remembers nothing ${s.when}.`,
      (s) => `A flash of headlights, a scream, and ${s.C}'s face.`,
    ],
    payoffs: [
      (s) => `${s.A} looks at ${s.B} with polite, empty eyes, like a stranger at a bus stop.`,
      (s) => `The past comes back in pieces: ${s.thing}, a scream, headlights, and ${s.C} running away.`,
      (s) => `${s.B} shows photo after photo, but ${s.A}'s face stays blank.`,
    ],
    lines: [
      [() => `I'm sorry. Have we met?`, () => `We were going to get married.`],
      [() => `Why do I feel afraid when I see you?`, () => `You don't remember? Good.`],
      [() => `Help me remember.`, () => `Some things are better forgotten.`],
    ],
    emotions: ['scared', 'sad'],
  },
  {
    kind: 'identity',
    keywords: words('twin|twins|identity|impostor|imposter|disguise*|double|clone|not who|real name|mask|pretend*'),
    settings: ['rainy window', 'mansion library', 'train station'],
    labels: [
      (s) => `${s.A} has a secret twin`,
      (s) => `${s.B} is an impostor`,
      (s) => `${s.C} is not who they claim to be`,
      (s) => `${s.A}'s twin takes their place`,
    ],
    teasers: [
      (s) => `Same eyes, same whiskers, a completely different heart.`,
      (s) => `The real ${s.B} has been missing for a year.`,
      (s) => `The name on ${s.C}'s passport belongs to a dead dog.`,
      (s) => `Nobody notices the switch. Nobody except ${s.B}.`,
    ],
    payoffs: [
      (s) => `Two ${s.A}s stand in ${s.place}, identical to the last whisker, and only one of them is lying.`,
      (s) => `${s.B}'s mask slips for a single second, and ${s.A} sees a face nobody has ever seen.`,
      (s) => `The photograph is twenty years old. The cat in it should not exist.`,
    ],
    lines: [
      [() => `Who are you really?`, () => `The one you should have been looking for.`],
      [() => `There can't be two of us.`, () => `There were always two of us.`],
      [() => `Take off the mask.`, () => `Which one?`],
    ],
    emotions: ['shocked', 'smug'],
  },
  {
    kind: 'wedding',
    keywords: words('wedding|bride|groom|altar|vow|vows|i do|engag*|ring|ceremony|crash*'),
    settings: ['wedding hall', 'park', 'rainy window'],
    labels: [
      (s) => `${s.C} crashes ${s.A}'s wedding`,
      (s) => `${s.B} says no at the altar`,
      (s) => `${s.A} and ${s.B} elope ${s.when}`,
      (s) => `The wedding ring was stolen`,
    ],
    teasers: [
      (s) => `The doors burst open just as ${s.A} says "I do".`,
      (s) => `Two hundred guests. One word. No.`,
      (s) => `A getaway car, a torn veil, and no goodbyes.`,
      (s) => `The ring box is empty, and ${s.B} is smiling.`,
    ],
    payoffs: [
      (s) => `The wedding march stops mid-note as the doors slam open, and ${s.C} walks down the aisle, soaked from the rain.`,
      (s) => `${s.B} looks at the ring, then at ${s.A}, and the word that comes out breaks the whole room.`,
      (s) => `Petals everywhere, a veil on the floor, and ${s.A} standing alone at the altar.`,
    ],
    lines: [
      [() => `If anyone objects, speak now.`, () => `I object. I have objected for years.`],
      [() => `You can't do this today.`, () => `Today is the only day that matters.`],
      [() => `I thought you loved me.`, () => `I thought so too.`],
    ],
    emotions: ['crying', 'angry'],
  },
];

/** Seven words at most, so the hook is said within the first three seconds. */
export const HOOKS: readonly Template[] = [
  (s) => `Nobody leaves ${s.place} tonight.`,
  (s) => `Two hearts break at ${s.place}.`,
  (s) => `${s.A} saw everything at ${s.place}.`,
  (s) => `${s.B} lies again at ${s.place}.`,
  (s) => `Someone cries at ${s.place} tonight.`,
  (s) => `${s.B} is hiding at ${s.place}.`,
  (s) => `It all ends at ${s.place}.`,
  (s) => `${s.A} never left ${s.place}.`,
  (s) => `Meet me at ${s.place}. Alone.`,
  (s) => `${s.C} waits at ${s.place}.`,
];

/** Each names a detail of the episode, so even a twist that wins twice is told anew. */
export const PAYOFF_INTROS: readonly ((label: string, s: Slots) => string)[] = [
  (t, s) => `At ${s.place}, it happens: ${t}.`,
  (t, s) => `No one at ${s.place} saw it coming: ${t}.`,
  (t, s) => `It happened ${s.when}, exactly as feared: ${t}.`,
  (t, s) => `The rumours reach ${s.place}, and they are true: ${t}.`,
  (t, s) => `${s.when}, everyone learns it: ${t}.`,
];

export const ESCALATIONS: readonly Template[] = [
  (s) => `But ${s.C} saw everything from ${s.place} ${s.when}, and ${s.C} never forgets a favour.`,
  (s) => `By morning all of ${s.place} is whispering about ${s.A} and ${s.thing}, and ${s.B} makes sure it gets worse.`,
  (s) => `${s.B} hides ${s.thing} under a loose floorboard in ${s.place}, paws shaking.`,
  (s) => `The phone rings ${s.when}. ${s.A} lets it ring. It rings again, from ${s.place}.`,
  (s) => `${s.C} corners ${s.B} in ${s.place} with a question about ${s.thing} that has no safe answer.`,
  (s) => `A letter slides under ${s.A}'s door ${s.when}, with no stamp and no name, only ${s.thing} inside.`,
  (s) => `${s.A} follows ${s.B} through ${s.place} ${s.when}, staying just out of sight.`,
];

export const TURNS: readonly Template[] = [
  (s) => `Then ${s.B} does the one thing nobody expected: ${s.B} tells ${s.C} the truth about ${s.thing}.`,
  (s) => `And just when ${s.A} decides to forgive, ${s.thing} turns up where it should never be.`,
  (s) => `But the person who sent ${s.thing} is standing right behind ${s.A}.`,
  (s) => `Except ${s.C} has been recording every word since ${s.place}.`,
  (s) => `Then the lights in ${s.place} go out.`,
  (s) => `And ${s.A} finally recognises the voice on the phone ${s.when}.`,
  (s) => `${s.B} drops ${s.thing}, and what falls out of it changes everything.`,
];

export const RETURNS: readonly ((thread: string, s: Slots) => string)[] = [
  (t, s) => `And the past is not finished with them: ${t}. ${s.A} had almost forgotten.`,
  (t) => `Old wounds open again. Remember? ${t}.`,
  (t, s) => `${s.C} brings up the one thing no one mentions anymore: ${t}.`,
];

export const CLIFFHANGERS: readonly Template[] = [
  (s) => `${s.A} opens the door ${s.when}, and freezes. It's ${s.B}. Or someone wearing ${s.B}'s face.`,
  (s) => `The last message on ${s.A}'s phone, sent from ${s.place}, reads: I know what you did.`,
  (s) => `${s.B} picks up ${s.thing}, turns to ${s.C}, and whispers: it's time.`,
  (s) => `The doctor walks in with the results ${s.when}, and won't look ${s.A} in the eye.`,
  (s) => `A car stops outside ${s.place}. Someone who was supposed to be dead steps out.`,
  (s) => `${s.C} knocks at ${s.A}'s door ${s.when}, and hears crying on the other side.`,
  (s) => `${s.A} finds ${s.thing} on the pillow, reads the note tied to it, and drops it.`,
];

export const ATMOSPHERE: readonly Template[] = [
  (s) => `Rain taps on the window like it wants to be let in.`,
  (s) => `Somewhere in ${s.place}, a clock ticks far too loudly.`,
  (s) => `${s.A}'s tail, usually so proud, hangs low.`,
  (s) => `Nobody says a word for a very long time.`,
  (s) => `${s.B} forces a smile that never reaches the eyes.`,
  (s) => `The city lights blur behind the glass.`,
  (s) => `${s.C} pretends not to listen, and hears everything.`,
  (s) => `The air smells of lilies and bad decisions.`,
];

export const THINGS = [
  'a heart-shaped locket',
  'a torn photograph',
  'the deed to the mansion',
  'a hospital bracelet',
  'an unsigned letter',
  'the golden bone trophy',
  'a velvet ring box',
  'a stranger’s collar',
  'a key card to the penthouse',
  'a bouquet of black lilies',
  'an old voicemail',
] as const;

/** Three words at most (hooks must stay short). */
export const PLACES = [
  'the rooftop bar',
  'the car park',
  'the family mansion',
  'the dog park',
  'the train station',
  'the penthouse',
  'the flower shop',
  'the courthouse',
  'the neon arcade',
  'the grooming salon',
  'the lakeside café',
  'the old lighthouse',
  'the charity gala',
] as const;

export const WHENS = [
  'at midnight',
  'before dawn',
  'in the pouring rain',
  'on the night of the gala',
  'during the storm',
  'after the funeral',
  'at the stroke of noon',
  'on their anniversary',
  'under the first snow',
] as const;

// List lengths are coprime (hooks 10, escalations 7, turns 7, cliffhangers 7 against things 11,
// places 13, whens 9) and every scene template uses a detail (escalations two), so with details
// cycled per line the same sentence does not come back within a long series.

export const TITLES: readonly Template[] = [
  (s) => `${s.A}'s Last Secret`,
  (s) => `Lilies for ${s.B}`,
  (s) => `The Night ${s.C} Came Back`,
  (s) => `Tears at ${capitalise(s.place)}`,
  (s) => `${s.B} Knows`,
  (s) => `What ${s.A} Buried`,
  (s) => `Goodbye, ${s.B}`,
  (s) => `Whiskers and Lies`,
  (s) => `The Price of ${s.A}'s Heart`,
  (s) => `A Tail of Two Hearts`,
  (s) => `${s.C}'s Confession`,
  (s) => `No Way Back for ${s.A}`,
  (s) => `The ${capitalise(s.thing.replace(/^(a|an|the) /, ''))}`,
];

export function capitalise(text: string): string {
  return text.replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}
