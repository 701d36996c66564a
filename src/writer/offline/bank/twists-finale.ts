import type { KindText } from './types.js';

/** The end of a contest or a long struggle: the season's question answered by who wins. */
export const FINALE_TWISTS: Readonly<Record<string, KindText>> = {
  win: {
    labels: ['{A} wins, and {B} loses', '{A} beats {B} at last', '{A} takes the win from {B}', '{A} wins it all, {B} loses all'],
    teasers: [
      'After everything, only one of them walks away with it.',
      'The last round. No second chances. No mercy.',
      'Somebody finally wins. Somebody has to lose.',
      '{Q} At last there is an answer.',
    ],
    hooks: ['{A} wins. {B} loses.', '{A} beats {B} at last.', 'And the winner is {A}.', '{B} loses it all to {A}.', '{A} takes the win.'],
    payoffs: [
      'In {P}, the last word falls to {A}: {A} wins, {B} loses, and nobody can pretend otherwise now.',
      '{A} beats {B} at last, in front of everyone in {P}, and the answer to the whole season is finally plain.',
      'When the result comes, {A} wins it all; {B} loses all of it and stands very still in {P}, finding what grace there is.',
      '{B} has spent every day trying to beat {A}, and in {P}, at the very end, {B} loses the one that counts.',
      'There is no recount and no rematch in {P}: {A} takes the win, and {B} is left holding nothing.',
      '{A}{A.glad} as the win sinks in, while across {P} {B} loses the fight of a lifetime.',
    ],
    lines: [
      ['It was never about beating you, {B}.', 'Then why does winning look so good on you?'],
      ['We both gave it everything.', 'And you still won. Say it, {A}.'],
      ['Shake on it?', 'Next time I will not lose so politely.'],
      ['I could not have won without you pushing me.', 'Do not make this kind. It stings enough.'],
      ['So that is how it ends.', 'For this season, {A}. Only for this season.'],
      ['You were the only one who scared me.', 'Good. Remember that when I come back.'],
    ],
    reactions: [
      'The crowd in {P} will talk about this win for years.',
      'For once, nobody argues with the result.',
      '{B}{B.sad}, and the loss settles in like cold rain.',
      'It is over, or it feels over, which is not quite the same thing.',
      'Somewhere behind the cheering, a new rivalry is already being born.',
      '{A} looks back once at {B}, and neither of them smiles.',
    ],
  },
};
