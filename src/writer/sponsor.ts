import type { SponsorBrief } from '../core/ports.js';
import type { Action } from './staging.js';
import type { Scene, Script } from './script.js';

/**
 * What both writers must do with a sponsor a moderator placed (core/sponsors.ts): weave the
 * product into one scene at its tier without breaking the story, and say where in `script.sponsor`.
 * `sponsorProblems` is the check (the LLM writer sends a reply that fails it back for repair; the
 * offline writer's tests hold it to it); `sponsorPromptLines` is what the LLM is told.
 */

/** Actions that leave a paw free to hold the product where the camera sees it. */
export const HOLDING_ACTIONS: ReadonlySet<Action> = new Set(['stand', 'sit', 'point', 'eavesdrop', 'enter']);

/** What each tier asks of the scene, as the prompt and the repair say it. */
export const TIER_MEANINGS: Record<SponsorBrief['tier'], string> = {
  background: 'the product is seen in the scene (a poster, a sign, a shelf of it): the narration mentions it in passing, nobody stops for it',
  prop: 'a named character on screen holds and uses the product in the scene: the narration says so, naming them',
  featured: 'one scene is built around the product: the narration centres on it and at least one line of dialogue mentions it; a named character holds it',
};

const lower = (text: string) => text.toLocaleLowerCase();

/** Whether a text names the product (or its brand), in any case. */
export function mentions(text: string, sponsor: Pick<SponsorBrief, 'brand' | 'product'>): boolean {
  const t = lower(text);
  return t.includes(lower(sponsor.product)) || t.includes(lower(sponsor.brand));
}

const sceneWords = (scene: Scene) => [scene.narration, ...scene.dialogue.map((d) => d.line)].join(' ');

/** Every reason a script does not carry the sponsor as placed; empty when it does. */
export function sponsorProblems(script: Script, sponsor: SponsorBrief): string[] {
  const placed = script.sponsor;
  const what = `${sponsor.product} by ${sponsor.brand}`;
  if (!placed) return [`the sponsor placement is missing: weave ${what} into one scene at the "${sponsor.tier}" tier (${TIER_MEANINGS[sponsor.tier]}) and fill "sponsor" with that scene`];
  const problems: string[] = [];
  if (lower(placed.brand) !== lower(sponsor.brand) || lower(placed.product) !== lower(sponsor.product)) {
    problems.push(`"sponsor" must name the brand ${JSON.stringify(sponsor.brand)} and the product ${JSON.stringify(sponsor.product)} exactly as given`);
  }
  if (placed.tier !== sponsor.tier) problems.push(`the sponsor is placed at the "${sponsor.tier}" tier, not "${placed.tier}"`);
  const scene = script.scenes[placed.scene];
  if (!scene) return [...problems, `"sponsor" names scene ${placed.scene + 1}, which the episode does not have`];
  const n = placed.scene + 1;
  if (!mentions(scene.narration, sponsor)) problems.push(`scene ${n}'s narration never names ${sponsor.product}: the sponsor must be seen in the words of its scene`);
  const holder = placed.holder === null ? undefined : scene.characters.find((c) => c.name === placed.holder);
  if (sponsor.tier !== 'background') {
    if (!holder) problems.push(`at the "${sponsor.tier}" tier a character on screen in scene ${n} holds ${sponsor.product}: name them in "sponsor.holder"`);
    else {
      if (!HOLDING_ACTIONS.has(holder.action ?? 'stand'))
        problems.push(`${holder.name} cannot hold ${sponsor.product} while their action is "${holder.action}": give them a free paw (stand, sit or point)`);
      if (!sceneWords(scene).includes(holder.name)) problems.push(`scene ${n} never names ${holder.name}, who holds ${sponsor.product}`);
    }
  }
  if (sponsor.tier === 'featured' && !scene.dialogue.some((d) => mentions(d.line, sponsor))) problems.push(`scene ${n} is built around ${sponsor.product}: at least one line of dialogue mentions it`);
  return problems;
}

/** The prompt's SPONSOR section: moderators' words as quoted data, the tier as an instruction. */
export function sponsorPromptLines(sponsor: SponsorBrief, quote: (value: unknown) => string): string[] {
  return [
    '',
    'THE SPONSOR (placed by the moderators; weave it in without breaking the story):',
    `Brand: ${quote(sponsor.brand)}. Product: ${quote(sponsor.product)}. The brand's brief: ${quote(sponsor.brief)}.`,
    `Tier "${sponsor.tier}": ${TIER_MEANINGS[sponsor.tier]}.`,
    'Choose one scene where it fits the story (not the hook); name the product there in its own words; keep every character true to the story. Fill "sponsor": brand and product exactly as given, the tier, the scene (1-based), and the holder (a character on screen there with a free paw, or null for the background tier).',
    'The disclosure ("Sponsored by …", #ad) is added by the studio: never write it into the story.',
  ];
}
