import type { Genre } from '../../../core/story/model.js';
import type { StoryLanguage } from '../../../core/story/language.js';
import type { Family } from '../../../core/story/twists.js';
import type { KindText, SceneText } from '../bank/types.js';

/**
 * What the offline writer needs to tell a story in one language: its phrase bank (data) and the
 * few grammar and lexicon functions the planner calls on the words it chose. The planner
 * (../offline-writer.ts) is the same for every language; `en.ts` and `zh.ts` are the packs.
 */
export interface WriterLanguage {
  id: StoryLanguage;
  /** The phrase bank: scenes, and every twist kind's text (see ../bank/types.ts for the slots). */
  scenes: SceneText;
  twists: Readonly<Record<string, KindText>>;
  /** The time of an episode ("that night"), for {T}. */
  times: readonly string[];
  /** Which atmosphere lines fit a place: the first key whose pattern the place name matches. */
  placeKeys: readonly [RegExp, string][];
  /** Episode titles: by twist kind, by its family, and for any episode. */
  titles: { kinds: Readonly<Record<string, readonly string[]>>; families: Readonly<Record<Family, readonly string[]>>; general: readonly string[] };
  /** A new season's question, by genre ({A}, {B}, {O}). */
  newSeasonQuestions: Readonly<Record<Genre, readonly string[]>>;
  /** The last glimpse of someone who vanishes. */
  leaving: readonly string[];
  /** Twists any two people can make when nothing else can happen ({A} {B}). */
  fallbackMoves: readonly string[];
  /** The season's question said with its answer ({X}, {answer}). */
  answers: readonly string[];
  /** What the other says to a viewer's twist confessed in the first person. */
  confessionAnswers: readonly string[];
  /** Place words a sentence may name only where the scene is set (global). */
  placeWords: RegExp;
  /** Talk that fits only some stories: someone came back, a crime, love. */
  talk: { returned: RegExp; crime: RegExp; romantic: RegExp };
  /** Longest texts of the language's own scale (Chinese says in 40 characters what English says in 120). */
  limits: { narration: number; line: number; cliffhanger: number; label: number; teaser: number; title: number };
  /** A recap line of the twist that won: "Previously: Rex frames Pip." */
  previously(label: string): string;
  /** One line of the story so far: "Ep 3: …". */
  summary(n: number, text: string): string;
  /** Words for when the bank has nothing left (every template used in this series). */
  fallback: {
    opening(hero: string): string;
    setup(hero: string, title: string): string;
    leaving(actor: string): string;
    stunned(who: string): string;
    turnsTo(actor: string, target: string | null): string;
    findsGone(actor: string, target: string | null): string;
    waits(who: string | undefined): string;
    still(who: string): string;
    cliffhanger(who: string): string;
    title(n: number): string;
    nextQuestion(who: string): string;
    /** A prop when the story has none: for a cliffhanger, a title, a new season, a twist. */
    prop: { cliffhanger: string; title: string; newSeason: string; twist: string };
    /** A move nobody saw coming, as a clause ({W} when a twist has no words). */
    move(actor: string): string;
  };
  /**
   * A sponsor woven into a scene (../sponsor.ts), by tier: {S} the product, {R} the brand, {A}
   * who holds it, {P} the place; `line` is what the holder says in a featured scene.
   */
  sponsor: { background: readonly string[]; prop: readonly string[]; featured: readonly string[]; line: readonly string[] };
  /** The season's answer when no twist gave one: what was chosen, who did it, or yes. */
  answerFor(question: string, culprit: string, hero: string): string;
  /** Whether a season's question is a choice ("Will Pip choose …, or …?"), answered by what is chosen. */
  isChoice(question: string): boolean;
  /** A title as titles are written ("The Poison Vial"). */
  titleCase(text: string): string;
  /** How the premise calls someone who has no part in it: "the shiba inu". */
  defaultTitle(species: string): string;
  /** The event said short, for labels: "the poisoning of the mayor's parrot" → "the poisoning". */
  shortEvent(event: string): string;
  /** Sentences joined into one narration. */
  join(parts: readonly string[]): string;
  /** A fact's text as a clause, to go inside a sentence. */
  clause(text: string): string;
  /** A viewer's words, ready for {W}. */
  viewerClause(text: string, names: readonly string[]): string;
  // ---- echoing what was voted for ----
  /** The key words (or stems, or character pairs) of a twist's label, to choose the lines that echo it. */
  keys(text: string, names: readonly string[]): string[];
  /** The share of `keys` that `text` has. */
  overlap(keys: readonly string[], text: string): number;
  /** +0.5 when the doer does the label's verb in `text`, -1 when only the target does, 0 else. */
  direction(label: string, text: string, actor: string, target: string | null, names: readonly string[]): number;
  /** The twist told as done ("It is done: Rex has framed Pip."); undefined when the label will not bend. */
  perfect(label: string, actor: string, pick: <T>(list: readonly T[]) => T, names: readonly string[]): string | undefined;
  /** Whether a viewer's twist in its own words is also retold by the narrator (else its payoff, which quotes them, says them once). */
  retellOwnWords: boolean;
  /** A viewer's words told as something that happened. */
  retell(words: string, names: readonly string[]): string | undefined;
  /** A viewer's words said by the doer to the one they are done to. */
  firstPerson(words: string, speaker: string, listener: string | null, names: readonly string[]): string | undefined;
  /** The place a viewer's words name ("they run away on the ferry" → "the ferry"). */
  placeNamed(text: string): string | undefined;
  /** Whether a sentence names a place other than `place`. */
  namesOtherPlace(text: string, place: string): boolean;
  /** Whether a sentence (a question about the premise) shares words with the premise. */
  premiseWords(text: string): string[];
  // ---- filling slots ----
  /** Body words and gestures of a kind of animal, and tempers, in this language. */
  body(speciesText: string): { hands: string; face: string; ears: string; tells: Record<'nervous' | 'angry' | 'sad' | 'glad', readonly string[]> };
  /** One word for someone's temper ({A.adj}). */
  adjective(p: { name: string; personality: string; title: string; species: string }): string;
  /** Spacing, capitals and prepositions after the slots are filled. */
  tidy(text: string): string;
}
