import type { SponsorBrief } from '../../core/ports.js';
import { sentences } from '../../core/story/state.js';
import { truncate } from '../../core/text.js';
import type { Scene, Script } from '../script.js';
import { HOLDING_ACTIONS } from '../sponsor.js';
import { PROP_HELD } from '../staging.js';
import { timeScript } from '../timing.js';
import { fill, type Slots } from './fill.js';
import type { WriterLanguage } from './lang/types.js';

/**
 * The offline writer weaves a moderator's sponsor into the episode it planned: one scene that
 * can carry it (not the hook; for a prop or a featured scene, someone awake with a free paw, else
 * the background tier for this episode),
 * a sentence of the language pack's at the tier, and for a featured scene a line the holder says.
 * The story is not changed: no one moves, nothing happens that the state would need to know.
 */

/** What the planner's episode lends the placement: its language and its memory of what was said. */
export interface SponsorWriting {
  readonly lang: WriterLanguage;
  readonly req: { episodeNumber: number };
  say(list: readonly string[], slots: Omit<Slots, 'pick' | 'lang'>, ok?: (text: string) => boolean): string | undefined;
  spoke(text: string): string;
  slotsFor(a?: string | null, b?: string | null): Omit<Slots, 'pick' | 'lang'>;
  pick<T>(list: readonly T[]): T;
}

/** Middle scenes first (the story's own beats stay at its ends), then the turn, then the cliffhanger. */
const PREFERENCE: Record<Scene['beat'], number> = { escalation: 0, payoff: 1, turn: 2, cliffhanger: 3, hook: 9 };

/** Who can hold the product in this scene: on their feet (or sitting), paws free. */
function holderIn(scene: Scene): string | undefined {
  const free = scene.characters.filter((c) => HOLDING_ACTIONS.has(c.action ?? 'stand'));
  return (free.find((c) => !c.holding) ?? free.find((c) => !c.holding || !PROP_HELD[c.holding]))?.name;
}

/** A template with the product and brand written in (they hold no braces: core/sponsors.ts cleans them). */
const withProduct = (template: string, sponsor: SponsorBrief) => template.split('{S}').join(sponsor.product).split('{R}').join(sponsor.brand);

export function placeSponsor(ep: SponsorWriting, script: Script, sponsor: SponsorBrief): Script {
  const lang = ep.lang;
  const needsHolder = sponsor.tier !== 'background';
  const candidates = script.scenes
    .map((scene, i) => ({ scene, i, holder: holderIn(scene) }))
    .filter((c) => c.i > 0 && (!needsHolder || c.holder))
    // A featured scene needs room for its line.
    .sort(
      (a, b) =>
        PREFERENCE[a.scene.beat] - PREFERENCE[b.scene.beat] ||
        Number(sponsor.tier === 'featured' && a.scene.dialogue.length >= 3) - Number(sponsor.tier === 'featured' && b.scene.dialogue.length >= 3) ||
        a.i - b.i,
    );
  const chosen = candidates[0];
  // Nobody past the hook has a free paw (a cast in bed or asleep): the product is seen in the
  // background this time (the loop records the tier it got, core/sponsors.ts), not forced into a sleeping paw.
  if (!chosen && needsHolder) return placeSponsor(ep, script, { ...sponsor, tier: 'background' });
  if (!chosen) throw new Error(`the offline writer found no scene to show ${sponsor.product} in`);
  const { i, holder } = chosen;
  const scene = { ...chosen.scene, characters: chosen.scene.characters.map((c) => ({ ...c })), dialogue: [...chosen.scene.dialogue] };
  const slots = { ...ep.slotsFor(needsHolder ? holder : scene.characters[0]?.name), P: scene.setting };
  const templates = lang.sponsor[sponsor.tier].map((t) => withProduct(t, sponsor));
  // A sentence not said before in the series; a sponsor that runs longer than the bank repeats one, in turn.
  const sentence = ep.say(templates, slots) ?? fill(templates[ep.req.episodeNumber % templates.length]!, { ...slots, pick: (l) => ep.pick(l), lang });
  // It follows the scene's first sentence; closing sentences make room for it.
  const parts = sentences(scene.narration);
  const [first, ...rest] = parts.length ? parts : [scene.narration];
  while (rest.length && lang.join([first!, sentence, ...rest]).length > lang.limits.narration) rest.pop();
  scene.narration = truncate(lang.join([first!, ep.spoke(sentence), ...rest]), lang.limits.narration);
  if (sponsor.tier === 'featured' && holder) {
    const lines = lang.sponsor.line.map((t) => withProduct(t, sponsor));
    const line = truncate(ep.spoke(ep.say(lines, slots) ?? lines[ep.req.episodeNumber % lines.length]!), lang.limits.line);
    // The holder's line closes the scene's talk; a full scene gives up its last line for it.
    scene.dialogue = [...scene.dialogue.slice(0, 2), { speaker: holder, line }];
  }
  const scenes = script.scenes.map((s, k) => (k === i ? scene : s));
  return timeScript({ ...script, scenes, sponsor: { brand: sponsor.brand, product: sponsor.product, tier: sponsor.tier, scene: i, holder: needsHolder ? holder! : null } });
}
