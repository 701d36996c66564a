import type { Scene } from './script.js';
import { ACTION_PROP, PROP_HELD, type Action, type Prop, type Wardrobe } from './staging.js';

/**
 * Staging from the words of a scene, for a writer that did not stage it (the offline writer): who
 * kneels, who reads a letter, who storms out, what they hold and wear. A word belongs to the
 * nearest character named before it in its clause (or, naming none, to the one the sentence before
 * was about; "is slapped by Luna" to Luna); a character's own lines belong to them. What a
 * sentence remembers ("she remembers the letter") is not staged. A character the words say nothing
 * about stands, or points while angrily speaking.
 */

/** What the story knows of each character, beyond the scene's words. */
export interface StageContext {
  /** Words that hold in every scene: personality, species, the part they play ("the bride"). */
  roles?: ReadonlyMap<string, string>;
  /** Their condition now (story model): someone in hospital lies in a bed there. */
  conditions?: ReadonlyMap<string, string>;
}

const ACTION_WORDS: readonly [RegExp, Action][] = [
  [/\b(propos(es|ing|ed)|kneel\w*|knelt|marry me|one knee)\b/i, 'kneel'],
  [/\bslap(s|ped|ping)?\b/i, 'slap'],
  [/\b(in (a|the|her|his|their) (hospital )?bed|hospital bed|in a coma|lies? (still|pale|unconscious|asleep)|bedridden)\b/i, 'lie in bed'],
  [/\b(hug(s|ged|ging)?|embrac(e|es|ed|ing)|in (his|her|their) arms|holds? \w+ close)\b/i, 'hug'],
  [/\b((storm|walk|march|run|rush)(s|ed|es)? (out|off|away)|ran off|slams? the door|leaves? without|turns? to (leave|go)|heads? for the door)\b/i, 'storm out'],
  [/\b((walk|burst|come|step|rush|storm|march|stride)(s|ed|es)? in(to)?|came in|arrives?|arrived|enters?|entered)\b/i, 'enter'],
  [/\b(collaps\w*|breaks? down|crumples?|faint(s|ed)?|pass(es|ed)? out|blacks? out|goes limp|falls? to (the|her|his|their) knees)\b/i, 'collapse'],
  [/\b(eavesdrop\w*|overhear\w*|listens? (at|behind|from|in on)|behind the door|from the doorway|hides? behind)\b/i, 'eavesdrop'],
  [/(?<!\b(it|that|this|no) )\bpoint(s|ed|ing)? (at|to)\b|(?<!without (a |any )?(single )?)\baccus(es|ed|ing)\b|\bblames? (him|her|them)\b|\b(it was you|you did (this|it)|I saw you)\b/i, 'point'],
  [/\b(reads? (the|a|her|his|their) (note|message|card|letter|diary)|letter|envelope|diary)\b/i, 'read letter'],
  [/\b(phone|on the phone|is calling|answers the call|voicemail|hangs? up|calls (him|her|them|back)|texts? (him|her|them))\b/i, 'phone'],
  [/\b(turns? (away|her back|his back|their back)|refuses to look|won't look)\b/i, 'turn away'],
  [/\b(sits?|seated|sitting|sat down)\b/i, 'sit'],
  // On their feet: nobody who walks or paces lies in a bed.
  [/\b(walk(s|ing)?|pac(es|ing)|stands?|standing|steps?)\b/i, 'stand'],
];

/** Done by everyone the clause names ("Rex and Luna embrace"). */
const TOGETHER: ReadonlySet<Action> = new Set(['hug']);

const PROP_WORDS: readonly [RegExp, Prop][] = [
  [/\b((engagement|diamond|wedding|the|a|her|his) ring|ring box)\b/i, 'ring box'],
  [/\b(poison (vial|bottle|flask)|vial|bottle of poison)\b/i, 'poison'],
  [/\b(evidence bag|evidence|fingerprints?)\b/i, 'evidence bag'],
  [/\b(cake|birthday)\b/i, 'cake'],
  [/\b(suitcase|luggage|packs? (her|his|their) bags?)\b/i, 'suitcase'],
  [/\b(bouquet|roses|flowers)\b/i, 'bouquet'],
  [/\b(wine|champagne|a toast)\b|\bglass\b(?! (door|wall|case|window|ceiling|floor))/i, 'glass'],
  [/\b(photo(graph)?s?|polaroid)\b/i, 'photo'],
  [/\b(contract|the will|deed|signature|signs? (the|a) )\b/i, 'contract'],
  [/\b((a|the|her|his|their) (gift|present)|gift)\b/i, 'gift box'],
  [/\b(cash|ransom|bribe|briefcase|money)\b/i, 'money case'],
  [/\b(letter|envelope)\b/i, 'letter'],
  [/\bphone\b/i, 'phone'],
];

const WARDROBE_WORDS: readonly [RegExp, Wardrobe][] = [
  // "her groom" is somebody else.
  [/(?<!\b(her|his|their|my|your) )\b(bride|wedding dress|veil)\b/i, 'wedding dress'],
  [/(?<!\b(her|his|their|my|your) )\b(groom|tuxedo|in a suit)\b/i, 'suit'],
  [/\b(chef|cook)\b/i, "chef's hat"],
  [/\b(detective|inspector|officer|police|cop|sheriff)\b/i, 'police badge'],
];

const HOSPITAL = /\b(hospital|ward|clinic|icu|vet)\b/i;
/** Sentences about the past: what someone remembers is not happening on screen. */
const MEMORY = /\b(remember\w*|memor(y|ies)|forget\w*|forgotten|recalls?|still burns|used to|back then|last (week|time|night)|thoughts?|knowledge|knows that|knew)\b/i;

/** What a character's own line says they do ("Marry me", "I saw you"); a line about others ("don't walk away from me") stages nobody. */
const FIRST_PERSON: ReadonlySet<Action> = new Set(['kneel', 'point']);

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names stand in the text as tokens, so that a name is never read as a word ("Hugo", "Cash") and its full stop ends no sentence ("Dr. Paws"). */
const token = (i: number) => `\u2063${i}\u2063`;
const TOKEN = /\u2063(\d+)\u2063/gu;

function tokenize(text: string, names: readonly string[]): string {
  // Longest names first: "Maxine" is not "Max".
  const order = names.map((n, i) => ({ n, i })).sort((a, b) => b.n.length - a.n.length);
  let out = text;
  for (const { n, i } of order) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(n)}(?![\\p{L}\\p{N}])`, 'gu'), token(i));
  return out;
}

/** Each cast member's words in the scene: the clauses and lines that are about them, and what they do. */
function wordsOf(scene: Scene): Map<string, { actions: Set<Action>; wardrobe: Set<Wardrobe>; text: string[] }> {
  const names = scene.characters.map((c) => c.name);
  const by = new Map(names.map((n) => [n, { actions: new Set<Action>(), wardrobe: new Set<Wardrobe>(), text: [] as string[] }]));
  const clauseEnd = /(?<=[.!?;:])\s+|,\s*(?=who\b)|,?\s+(?:but|while|as|when|then)\s+(?=\u2063)/u;
  let subject: string | undefined;
  for (const sentence of tokenize(scene.narration, names).split(/(?<=[.!?])\s+/)) {
    if (MEMORY.test(sentence)) continue;
    for (const clause of sentence.split(clauseEnd)) {
      const named = [...clause.matchAll(TOKEN)].map((m) => ({ name: names[Number(m[1])]!, at: m.index }));
      for (const [re, action] of ACTION_WORDS) {
        const match = new RegExp(re.source, 'gi').exec(clause);
        if (!match) continue;
        // "is slapped by Luna": the one after "by" does it; "Luna is slapped": nobody named does.
        const passive = /\b(is|was|gets|got|are|were)\s+$/i.test(clause.slice(0, match.index));
        const after = named.find((n) => n.at > match.index);
        const doer = passive
          ? /^\S+\s+by\s*$/i.test(clause.slice(match.index, after?.at ?? match.index))
            ? after?.name
            : undefined
          : ([...named].reverse().find((n) => n.at < match.index)?.name ?? (named.length ? undefined : subject));
        const doers = TOGETHER.has(action) && named.length ? named.map((n) => n.name) : doer ? [doer] : [];
        for (const d of doers) by.get(d)!.actions.add(action);
      }
      // "making a fool of Rex, the police dog": a part belongs to the name it follows.
      for (const [re, piece] of WARDROBE_WORDS) {
        const match = re.exec(clause);
        const wearer = match && ([...named].reverse().find((n) => n.at < match.index)?.name ?? (named.length ? undefined : subject));
        if (wearer) by.get(wearer)!.wardrobe.add(piece);
      }
      const first = named[0]?.name ?? subject;
      if (first) by.get(first)!.text.push(clause.replace(TOKEN, ' '));
      subject = named.at(-1)?.name ?? subject;
    }
  }
  for (const d of scene.dialogue) {
    const own = by.get(d.speaker);
    if (!own) continue;
    const line = tokenize(d.line, names).replace(TOKEN, ' ');
    own.text.push(line);
    for (const [re, action] of ACTION_WORDS) if (FIRST_PERSON.has(action) && re.test(line)) own.actions.add(action);
    for (const [re, piece] of WARDROBE_WORDS) if (re.test(line) && /\bI(?:'m| am)\b/.test(line)) own.wardrobe.add(piece);
  }
  return by;
}

/** The staging of one scene. */
export function stageScene(scene: Scene, context: StageContext = {}): Scene {
  const said = wordsOf(scene);
  const hospital = HOSPITAL.test(scene.setting);
  const actionOf = (c: Scene['characters'][number]): Action => {
    if (c.action) return c.action;
    const fromWords = ACTION_WORDS.find(([, a]) => said.get(c.name)!.actions.has(a))?.[1];
    // What the words say they do comes first ("walks alongside"); else a patient lies in bed.
    if (fromWords) return fromWords;
    const condition = context.conditions?.get(c.name);
    if (hospital && (condition === 'in hospital' || condition === 'unconscious')) return 'lie in bed';
    const speaks = scene.dialogue.some((d) => d.speaker === c.name);
    return c.emotion === 'angry' && speaks && scene.characters.length > 1 ? 'point' : 'stand';
  };
  const actions = scene.characters.map(actionOf);
  // The props actions need are given out first, so words never hand the same one to another.
  const taken = new Set<Prop>(scene.characters.flatMap((c, i) => (c.action ? [] : (ACTION_PROP[actions[i]!] ?? []))));
  const characters = scene.characters.map((c, i) => {
    if (c.action) return c;
    const action = actions[i]!;
    const words = said.get(c.name)!.text.join(' ');
    const roles = context.roles?.get(c.name) ?? '';
    const wardrobe = new Set<Wardrobe>([...said.get(c.name)!.wardrobe, ...WARDROBE_WORDS.filter(([re]) => re.test(roles)).map(([, w]) => w)]);
    if (wardrobe.has('wedding dress')) wardrobe.delete('suit');
    if (action === 'lie in bed' && hospital) wardrobe.add('hospital gown');
    const needed = ACTION_PROP[action];
    const free = action !== 'lie in bed' && action !== 'hug' && action !== 'collapse' && action !== 'turn away';
    const held =
      needed ??
      (free ? (PROP_WORDS.find(([re, p]) => PROP_HELD[p] && re.test(words) && !taken.has(p))?.[1] ?? (wardrobe.has('wedding dress') && !taken.has('bouquet') ? 'bouquet' : undefined)) : undefined);
    if (held) taken.add(held);
    return { ...c, action, wardrobe: [...wardrobe].slice(0, 2), holding: held ?? null };
  });
  // What the scene shows besides: objects that stand, and objects in nobody's paws yet (the
  // renderer gives those to free paws). A bed comes with whoever lies in it.
  const names = scene.characters.map((c) => c.name);
  const everything = tokenize(scene.narration, names)
    .split(/(?<=[.!?])\s+/)
    .filter((s) => !MEMORY.test(s))
    .concat(scene.dialogue.map((d) => tokenize(d.line, names)))
    .join(' ')
    .replace(TOKEN, ' ');
  const shown = PROP_WORDS.filter(([re, p]) => re.test(everything) && !taken.has(p)).map(([, p]) => p);
  const props = scene.props ?? [...shown.filter((p) => !PROP_HELD[p]), ...shown.filter((p) => PROP_HELD[p])].slice(0, 3);
  return { ...scene, characters, props };
}

export function stageScenes(scenes: readonly Scene[], context?: StageContext): Scene[] {
  return scenes.map((s) => stageScene(s, context));
}
