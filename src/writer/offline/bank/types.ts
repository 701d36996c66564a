/**
 * The offline writer's phrase bank: data only, the planner (../planner.ts) chooses and fills.
 *
 * Templates are plain strings with slots in braces, filled by ../fill.ts:
 *   {A} {B} {C}        names: A does the twist, B receives it, C is a third character on screen
 *   {A.title}          how the premise calls them: "the hamster chef", "the mayor's parrot"
 *   {A.adj}            one personality word: "anxious", "weary", "proud"
 *   {A.hands} {A.face} {A.ears}   body words of their species: "tiny paws"/"wings", "whiskers"/"beak", "ears"/"crest"
 *   {A.nervous} {A.angry} {A.sad} {A.glad}   a gesture of their species, written to follow the name directly:
 *                      "{A}{A.nervous}." → "Rex's tail sinks low." / "Coco ruffles every feather."
 *   (every {A.…} slot exists for B and C too)
 *   {O}                the object of the twist or scene: a prop ("the poison vial") — only where the entry says it has one
 *   {P}                the place of THIS scene ("the gala dinner"); never name any other place
 *   {T}                the time of this episode ("that night", "at dawn"); never name any other time
 *   {E}                the premise's event as a noun phrase ("the poisoning of the mayor's parrot")
 *   {e}                the event, short ("the poisoning"), for labels
 *   {Q}                the season's central question ("Who really poisoned the mayor's parrot?")
 *   {F}                a fact as a clause without a final full stop ("Coco was behind the poisoning of the mayor's parrot")
 *   {W}                a community suggestion's own words, as a clause without a final full stop
 * Narration is present tense, third person. Dialogue is what the character says out loud.
 */

export interface KindText {
  /** Ballot labels (filled: at most 55 characters with 8-letter names): who does what to whom. At least 4. */
  labels: readonly string[];
  /** One-line teasers under a label (at most 140 characters). At least 4. */
  teasers: readonly string[];
  /** The first line of the episode that pays it off, answering the last cliffhanger: at most 7 words, names A or B. At least 5. */
  hooks: readonly string[];
  /** The twist happening on screen, A doing it to B, in {P}: one or two sentences. At least 6. */
  payoffs: readonly string[];
  /** What A says as it happens, and what B answers. At least 6 pairs. */
  lines: readonly (readonly [string, string])[];
  /** The aftermath, one sentence. At least 6. */
  reactions: readonly string[];
}

export interface SceneText {
  /** Episode 1's first line, by genre: at most 7 words, about the premise. At least 6 per genre. */
  openings: Readonly<Record<string, readonly string[]>>;
  /** Episode 1 introduces each character: "{A}, {A.title}, …". At least 10. */
  introductions: readonly string[];
  /** Episode 1 tells the premise's event in pictures: uses {E} or {O}, {P}, {A}. At least 8. */
  incidents: readonly string[];
  /** A character brings back an earlier fact {F}: at least 12. */
  callbacks: readonly string[];
  /** The closing moment of an episode, before the ballot: A (and maybe B) in {P}, something about to be discovered or done. At least 24. */
  cliffhangers: readonly string[];
  /** One sentence of atmosphere for a kind of place; keys are place words ("kitchen", "hospital", …, "any"). At least 6 each. */
  atmosphere: Readonly<Record<string, readonly string[]>>;
  /** Dialogue that raises the stakes between two characters, by the speakers' stance: A's line, B's answer. */
  exchanges: Readonly<Record<'tense' | 'warm' | 'suspicious' | 'grieving', readonly (readonly [string, string])[]>>;
  /** The question a thread leaves, spoken by the narrator at the end of a scene: uses {Q} or the thread's question {X}. At least 10. */
  questions: readonly string[];
}
