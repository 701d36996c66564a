import type { Scene } from './script.js';
import { ACTION_PROP, PROP_HELD, type Action, type Prop, type Wardrobe } from './staging.js';

/**
 * Staging from the words of a scene, for a writer that did not stage it (the offline writer): who
 * kneels, who reads a letter, who storms out, what they hold and wear. Each clause of the narration
 * belongs to the first character it names (or, naming none, to the one before it); a character's
 * own lines belong to them. A character the words say nothing about keeps standing.
 */

const ACTION_WORDS: readonly [RegExp, Action][] = [
  [/\b(propos\w*|kneel\w*|knelt|marry me|one knee)\b/i, 'kneel'],
  [/\bslap\w*/i, 'slap'],
  [/\b(in (a|the|her|his|their) (hospital )?bed|hospital bed|in a coma|lies? (still|pale|unconscious|asleep)|bedridden)\b/i, 'lie in bed'],
  [/\b(hug\w*|embrac\w*|in (his|her|their) arms|holds? \w+ close)\b/i, 'hug'],
  [/\b(storm\w* (out|off)|walks? out|slams? the door|marche?s? out|runs? off|leaves? without)\b/i, 'storm out'],
  [/\b(collaps\w*|breaks? down|sobs?|crumples?|falls? to (the|her|his|their) knees)\b/i, 'collapse'],
  [/\b(eavesdrop\w*|overhear\w*|listens? (at|behind|from|in on)|behind the door|from the doorway|hides? behind)\b/i, 'eavesdrop'],
  [/\b(point\w*|accus\w*|it was you|you did (this|it)|blames?)\b/i, 'point'],
  [/\b(letter|envelope|diary|reads? (the|a|her|his|their) note)\b/i, 'read letter'],
  [/\b(phone|on the line|voicemail|hangs? up|calls? (him|her|them|back)|texts? (him|her|them))\b/i, 'phone'],
  [/\b(turns? (away|her back|his back|their back)|refuses to look|won't look)\b/i, 'turn away'],
  [/\b(sits?|seated|sitting|sat down)\b/i, 'sit'],
];

const PROP_WORDS: readonly [RegExp, Prop][] = [
  [/\b(ring|engagement)\b/i, 'ring box'],
  [/\b(poison\w*|vial|toxic)\b/i, 'poison'],
  [/\b(evidence|fingerprints?)\b/i, 'evidence bag'],
  [/\b(cake|birthday)\b/i, 'cake'],
  [/\b(suitcase|luggage|packs? (her|his|their) bags?)\b/i, 'suitcase'],
  [/\b(bouquet|roses|flowers)\b/i, 'bouquet'],
  [/\b(wine|champagne|a toast|glass)\b/i, 'glass'],
  [/\b(photo\w*|polaroid|picture)\b/i, 'photo'],
  [/\b(contract|the will|deed|signature|signs? (the|a) )\b/i, 'contract'],
  [/\b(gift|present)\b/i, 'gift box'],
  [/\b(cash|ransom|bribe|briefcase|money)\b/i, 'money case'],
  [/\b(letter|envelope)\b/i, 'letter'],
  [/\bphone\b/i, 'phone'],
];

const WARDROBE_WORDS: readonly [RegExp, Wardrobe][] = [
  [/\b(bride|wedding dress|veil)\b/i, 'wedding dress'],
  [/\b(groom|tuxedo|in a suit)\b/i, 'suit'],
  [/\b(chef|cook)\b/i, "chef's hat"],
  [/\b(detective|inspector|officer|police|cop|sheriff)\b/i, 'police badge'],
];

const HOSPITAL = /\b(hospital|ward|clinic|icu|vet)\b/i;

/** The staging of one scene; `roles` are words about each character that hold in every scene ("detective"). */
export function stageScene(scene: Scene, roles: ReadonlyMap<string, string> = new Map()): Scene {
  const names = scene.characters.map((c) => c.name);
  const said = new Map<string, string[]>(names.map((n) => [n, []]));
  let subject: string | undefined;
  // Clauses end at a sentence's end, or where a joining word hands over to another character.
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const clauses = new RegExp(`(?<=[.!?;:])\\s+|,?\\s+(?:and|but|while|as|when|then)\\s+(?=(?:${escaped})\\b)`);
  for (const clause of scene.narration.split(clauses)) {
    const first = names
      .map((n) => ({ n, at: clause.indexOf(n) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    subject = first?.n ?? subject;
    if (subject) said.get(subject)!.push(clause);
  }
  for (const d of scene.dialogue) said.get(d.speaker)?.push(d.line);

  const taken = new Set<Prop>();
  const characters = scene.characters.map((c) => {
    if (c.action) return c;
    const words = (said.get(c.name) ?? []).join(' ');
    const action = ACTION_WORDS.find(([re]) => re.test(words))?.[1] ?? 'stand';
    const wardrobe = new Set<Wardrobe>(WARDROBE_WORDS.filter(([re]) => re.test(`${words} ${roles.get(c.name) ?? ''}`)).map(([, w]) => w));
    if (action === 'lie in bed' && HOSPITAL.test(scene.setting)) wardrobe.add('hospital gown');
    const needed = ACTION_PROP[action];
    const held = needed ?? PROP_WORDS.find(([re, p]) => PROP_HELD[p] && re.test(words) && !taken.has(p))?.[1];
    if (held) taken.add(held);
    return { ...c, action, wardrobe: [...wardrobe].slice(0, 2), holding: held ?? null };
  });
  const everything = [scene.narration, ...scene.dialogue.map((d) => d.line)].join(' ');
  const standing = PROP_WORDS.filter(([re, p]) => !PROP_HELD[p] && re.test(everything)).map(([, p]) => p);
  // A character who lies in bed brings the bed (the renderer draws it under them).
  const props = scene.props ?? standing.filter((p) => p !== 'hospital bed').slice(0, 3);
  return { ...scene, characters, props };
}

export function stageScenes(scenes: readonly Scene[], roles?: ReadonlyMap<string, string>): Scene[] {
  return scenes.map((s) => stageScene(s, roles));
}
