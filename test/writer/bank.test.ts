import { describe, expect, it } from 'vitest';
import { TWIST_TEXT } from '../../src/writer/offline/bank/index.js';
import { lightStem } from '../../src/writer/offline/offline-writer.js';
import { SCENES } from '../../src/writer/offline/bank/scenes.js';
import type { KindText } from '../../src/writer/offline/bank/types.js';

/** The phrase bank is data the planner trusts: its slots, lengths and words are checked here. */

const SLOT = /\{([A-Za-z]+(?:\.[a-z]+)?)\}/g;
const KNOWN_SLOTS = new Set(['A', 'B', 'C', 'O', 'P', 'T', 'E', 'e', 'Q', 'F', 'W', 'X']);
const PERSON_SLOTS = new Set(['title', 'adj', 'hands', 'face', 'ears', 'nervous', 'angry', 'sad', 'glad']);
// Body words belong to a species: they come through {A.hands}, {A.face}… never written out.
const BODY = /\b(paws?|tails?|whiskers|wings?|beaks?|feathers|talons|claws|snouts?|hooves|trotters|muzzles?|fur|ears)\b/i;
// A place is the scene's own ({P}); a time is the episode's ({T}).
const PLACES =
  /\b(kitchen|hospital|ballroom|office|rooftop|garden|park|station|court|courtroom|alley|street|library|mansion|car park|parking|bar|hotel|church|chapel|wedding hall|beach|airport|cafe|café|restaurant|bakery|farm|stage|studio|school|hallway|corridor|bedroom|living room|penthouse|lobby|basement|attic)\b/i;
const TIMES = /\b(tonight|night|midnight|morning|dawn|dusk|noon|afternoon|evening|sunset|sunrise|yesterday|tomorrow)\b/i;

function slotsOf(text: string): string[] {
  return [...text.matchAll(SLOT)].map((m) => m[1]!);
}

function checkText(where: string, text: string, opts: { allowPlaceWords?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const slot of slotsOf(text)) {
    const [head, part] = slot.split('.');
    if (!KNOWN_SLOTS.has(head!) || (part && (!['A', 'B', 'C'].includes(head!) || !PERSON_SLOTS.has(part)))) problems.push(`${where}: unknown slot {${slot}} in "${text}"`);
  }
  const bare = text.replace(SLOT, ' ');
  if (/[{}]/.test(bare)) problems.push(`${where}: stray brace in "${text}"`);
  if (BODY.test(bare)) problems.push(`${where}: body word written out (use {A.hands}…) in "${text}"`);
  if (!opts.allowPlaceWords && PLACES.test(bare)) problems.push(`${where}: names a place (use {P}) in "${text}"`);
  if (TIMES.test(bare)) problems.push(`${where}: names a time (use {T}) in "${text}"`);
  return problems;
}

/** Fills with long-ish names, as the planner would, to measure lengths. */
function sample(text: string): string {
  return text
    .replace(/\{[ABC]\.title\}/g, "the mayor's parrot")
    .replace(/\{[ABC]\.[a-z]+\}/g, ' ruffles every feather')
    .replace(/\{[ABC]\}/g, 'Biscuits')
    .replace(/\{O\}/g, 'the poison vial')
    .replace(/\{e\}/g, 'the poisoning')
    .replace(/\{[PTEQFWX]\}/g, 'the gala dinner');
}

const SILENT_ACTOR = new Set(['coma', 'vanish']);

const STOP = new Set(
  'that this with from into onto over under about after before their them they what when where which while have has been were will would could should than then just only very really everyone everything nothing something someone anyone about again'.split(
    ' ',
  ),
);

/** Key word stems of a text: words of 4+ letters outside slots, not stop words. */
function keyStems(text: string, opts: { all?: boolean } = {}): string[] {
  const words = text.replace(/\{[^}]*\}/g, ' ').match(/[\p{L}'’-]+/gu) ?? [];
  return [...new Set(words.filter((w) => opts.all || (w.length >= 4 && !STOP.has(w.toLowerCase()))).map((w) => lightStem(w.toLowerCase())))];
}

const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

describe('the phrase bank', () => {
  it('has every twist kind with enough variants, within length limits and with known slots', () => {
    const problems: string[] = [];
    for (const [kind, t] of Object.entries(TWIST_TEXT) as [string, KindText][]) {
      const need: [keyof KindText, number][] = [
        ['labels', 4],
        ['teasers', 4],
        ['hooks', 5],
        ['payoffs', 6],
        ['lines', 6],
        ['reactions', 6],
      ];
      for (const [field, min] of need) if (t[field].length < min) problems.push(`${kind}.${field}: ${t[field].length} < ${min}`);
      for (const l of t.labels) {
        if (sample(l).length > 55) problems.push(`${kind}.labels too long: "${l}"`);
        problems.push(...checkText(`${kind}.labels`, l));
      }
      for (const x of t.teasers) {
        if (sample(x).length > 140) problems.push(`${kind}.teasers too long: "${x}"`);
        problems.push(...checkText(`${kind}.teasers`, x));
      }
      for (const h of t.hooks) {
        if (words(sample(h)) > 8) problems.push(`${kind}.hooks too long: "${h}"`);
        if (!/\{[AB]\}/.test(h)) problems.push(`${kind}.hooks must name A or B: "${h}"`);
        problems.push(...checkText(`${kind}.hooks`, h));
      }
      for (const p of [...t.payoffs, ...t.reactions]) problems.push(...checkText(`${kind}.narration`, p));
      // In a coma or gone, A says nothing: B speaks and C answers.
      const [first, second] = SILENT_ACTOR.has(kind) ? ['B', 'C'] : ['A', 'B'];
      for (const [a, b] of t.lines) {
        problems.push(...checkText(`${kind}.lines`, a), ...checkText(`${kind}.lines`, b));
        if (a.includes(`{${first}}`) || b.includes(`{${second}}`)) problems.push(`${kind}.lines: a speaker names themself: "${a}" / "${b}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("pays off every label in its kind's own words: a label's key words come back in the payoffs and hooks", () => {
    // The planner pays a winning label off with the payoff (and hook) that share most of its words;
    // a label whose words no payoff uses would be paid off in other words, or only read out.
    const problems: string[] = [];
    for (const [kind, t] of Object.entries(TWIST_TEXT) as [string, KindText][]) {
      if (kind === 'community') continue;
      for (const label of t.labels) {
        const keys = keyStems(label);
        if (!keys.length) continue;
        const covered = [...t.payoffs, ...t.hooks].filter((text) => {
          const have = keyStems(text, { all: true });
          return keys.filter((k) => have.includes(k)).length / keys.length >= 0.75;
        });
        if (covered.length < 2) problems.push(`${kind}: "${label}" (${keys.join(', ')}) is echoed by ${covered.length} payoffs/hooks, needs 2`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has the scene text the planner needs', () => {
    const problems: string[] = [];
    const lists: [string, readonly string[], number][] = [
      ['introductions', SCENES.introductions, 10],
      ['incidents', SCENES.incidents, 8],
      ['callbacks', SCENES.callbacks, 12],
      ['cliffhangers', SCENES.cliffhangers, 24],
      ['questions', SCENES.questions, 10],
    ];
    for (const [genre, list] of Object.entries(SCENES.openings)) lists.push([`openings.${genre}`, list, 6]);
    for (const [place, list] of Object.entries(SCENES.atmosphere)) lists.push([`atmosphere.${place}`, list, 6]);
    for (const [name, list, min] of lists) {
      if (list.length < min) problems.push(`${name}: ${list.length} < ${min}`);
      // Atmosphere is written for its kind of place, so it may name it.
      for (const t of list) problems.push(...checkText(name, t, { allowPlaceWords: name.startsWith('atmosphere') }));
    }
    for (const g of ['mystery', 'rivalry', 'medical', 'romance', 'revenge', 'family', 'comedy']) if (!SCENES.openings[g]) problems.push(`openings: no ${g}`);
    for (const h of Object.values(SCENES.openings).flat()) if (words(sample(h)) > 8) problems.push(`opening too long: "${h}"`);
    for (const [stance, pairs] of Object.entries(SCENES.exchanges)) {
      if (pairs.length < 12) problems.push(`exchanges.${stance}: ${pairs.length} < 12`);
      for (const [a, b] of pairs) {
        problems.push(...checkText(`exchanges.${stance}`, a), ...checkText(`exchanges.${stance}`, b));
        if (/\{A\}/.test(a) || /\{B\}/.test(b)) problems.push(`exchanges.${stance}: a speaker names themself: "${a}" / "${b}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});
