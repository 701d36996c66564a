import { hashSeed, seededRandom } from '../clock.js';
import { capitalise, escapeRegExp, truncate } from '../text.js';
import { BibleSchema, GENRES, SEASON_LENGTH, type Bible, type CastRole, type Genre, type Incident, type Place, type Role } from './model.js';
import { chooseCulprit, completeRoles } from './roles.js';
import { KINDS, looksLikeDetective, speciesWords } from './species.js';
import { storyLanguage, writtenIn } from './language.js';
import { bibleInChinese } from './premise-en-zh.js';
import { bibleFromPremiseZh } from './premise-zh.js';

/** Words of breed names that are ordinary words too. */
const BREED_ADJECTIVES = new Set(['ginger', 'marmalade', 'scottish', 'fold', 'maine', 'sausage', 'wiener', 'shih', 'tzu', 'russian', 'setter', 'cavalier', 'spitz', 'bernard', 'dane']);

/** Animals a premise may name besides the cast (kept as people off screen: "the old tortoise"). */
const ANIMAL_WORDS = new Set([
  // Nouns only: a breed's adjectives ("ginger", "fold") are ordinary words in a premise.
  ...KINDS.flatMap((k) => k.words).filter((w) => !BREED_ADJECTIVES.has(w)),
  'tortoise',
  'turtle',
  'goldfish',
  'fish',
  'owl',
  'frog',
  'lizard',
  'snake',
  'mole',
  'badger',
  'deer',
  'bear',
  'wolf',
  'lion',
  'tiger',
  'monkey',
  'elephant',
  'giraffe',
  'penguin',
  'seal',
  'beaver',
  'koala',
  'sloth',
  'llama',
  'alpaca',
  'donkey',
  'mule',
  'cockerel',
  'peacock',
  'swan',
]);
import {
  BLAME_WORDS,
  CONTEST_NOUNS,
  EVENT_VERBS,
  GENRE_PLACES,
  GENRE_PROPS,
  GENRE_WORDS,
  INTRANSITIVE,
  PERSON_ENDINGS,
  PLACE_ENDINGS,
  JOB_NOUNS,
  JOB_PLACES,
  looksVerbal,
  PLACE_NOUNS,
  PROP_NOUNS,
  SCHEMER_WORDS,
  STOP_WORDS,
  type EventVerb,
} from './words.js';

/**
 * The story bible from a premise and a cast: the genre, who plays which role (matched by name or
 * species: "a hamster chef" is the cast's hamster), the premise's places, props and inciting
 * event, and the season's central question. Heuristic and deterministic; moderators correct it.
 */

import type { CastSheet, PremiseInput } from './model.js';

export type { CastSheet, PremiseInput };

interface Token {
  word: string;
  /** Lower case, possessive 's removed. */
  key: string;
  possessive: boolean;
  /** Index of the clause (split at punctuation and conjunctions) it belongs to. */
  clause: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let clause = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}'’-]+|[.,;:!?()]|\s(?:and|but|while|when|after|before|because|so)\s/gu)) {
    const raw = m[0].trim();
    if (/^[.,;:!?()]$/.test(raw) || /^(and|but|while|when|after|before|because|so)$/i.test(raw)) {
      clause++;
      continue;
    }
    const possessive = /['’]s$/i.test(raw);
    const word = raw.replace(/['’]s$/i, '').replace(/['’]$/, '');
    out.push({ word, key: word.toLowerCase(), possessive, clause });
  }
  return out;
}

const ARTICLES = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'our', 'my', 'your']);

/** The words before `i` that modify it (adjectives, nouns, a possessive owner), at most `max`. */
function modifiers(tokens: Token[], i: number, max: number, castKeys: Set<string>): Token[] {
  const mods: Token[] = [];
  for (let j = i - 1; j >= 0 && mods.length < max; j--) {
    const t = tokens[j]!;
    const adjacent = j === i - 1;
    const verbal = looksVerbal(t.key) && !t.key.includes('-') && !(adjacent && t.key.endsWith('ing'));
    if (t.clause !== tokens[i]!.clause || STOP_WORDS.has(t.key) || ARTICLES.has(t.key) || verbal || castKeys.has(t.key)) break;
    if (/^\p{Lu}/u.test(t.word) && j > 0 && !t.possessive) break; // a name
    mods.unshift(t);
    if (t.possessive) break;
  }
  return mods;
}

function phrase(tokens: Token[]): string {
  return tokens.map((t, i) => (t.possessive && i < tokens.length - 1 ? `${t.word}'s` : t.word)).join(' ');
}

/** "the gala dinner": an article unless the phrase has an owner ("Pip's kitchen"). */
function withArticle(text: string): string {
  if (/^(the|a|an|his|her|their|its|our|my|your)\s/i.test(text) || /^\p{Lu}[\p{L}-]*'s\s/u.test(text)) return text;
  // Family words own things the way names do: "grandma's will".
  if (/^(grandma|grandpa|granny|mom|mum|dad|mother|father|auntie|uncle)'s\s/i.test(text)) return text;
  return `the ${text}`;
}

function lowerFirst(text: string): string {
  return text.replace(/^The\s/, 'the ');
}

export function detectGenre(premise: string, tone: string): Genre {
  const words = premise.toLowerCase().match(/[\p{L}-]+/gu) ?? [];
  const scores = new Map<Genre, number>(GENRES.map((g) => [g, 0]));
  for (const w of words) {
    for (const g of GENRES) if (GENRE_WORDS[g]!.includes(w)) scores.set(g, scores.get(g)! + 1);
  }
  // "framed for poisoning" is a case before it is anything else; a comedy tone is a comedy.
  if (words.some((w) => BLAME_WORDS.has(w))) scores.set('mystery', scores.get('mystery')! + 2);
  const toneGenre: Record<string, Genre> = { comedy: 'comedy', romance: 'romance', thriller: 'mystery', tragedy: 'medical', melodrama: 'family' };
  const leaning = toneGenre[tone];
  // The tone the moderator chose weighs as much as a few words of the premise (melodrama fits anything).
  if (leaning) scores.set(leaning, scores.get(leaning)! + (tone === 'melodrama' ? 0.5 : 2.5));
  const best = [...scores.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : (leaning ?? 'family');
}

interface Mention {
  name: string;
  at: number;
  title: string | null;
}

/** Where each cast member is first named in the premise, by name or by species, and how. */
function findMentions(tokens: Token[], cast: readonly CastSheet[], castKeys: Set<string>): Mention[] {
  const mentions: Mention[] = [];
  const used = new Set<number>();
  for (const c of cast) {
    const nameKey = c.name.toLowerCase();
    let at = tokens.findIndex((t) => t.key === nameKey);
    let title: string | null = null;
    if (at < 0) {
      const words = speciesWords(c.species);
      at = tokens.findIndex((t, i) => !used.has(i) && words.includes(t.key));
      if (at >= 0) {
        // "a hamster chef", "the mayor's parrot", "a shy rabbit": the phrase that names them.
        const parts = [...modifiers(tokens, at, 2, castKeys), tokens[at]!];
        // A multi-word breed ("Shiba Inu") names them as a whole.
        while (tokens[at + 1] && tokens[at + 1]!.clause === tokens[at]!.clause && words.includes(tokens[at + 1]!.key)) parts.push(tokens[++at]!);
        // "a hamster chef", "a guinea pig wedding planner": the job after the species.
        const next = tokens[at + 1];
        const after = tokens[at + 2];
        if (next && next.clause === tokens[at]!.clause && isPersonNoun(next)) parts.push(next);
        else if (next && after && after.clause === next.clause && !STOP_WORDS.has(next.key) && !next.possessive && isPersonNoun(after)) parts.push(next, after);
        // Words as the premise wrote them, except a capital that only starts the sentence.
        title = withArticle(phrase(parts.map((p, k) => (k === 0 && tokens.indexOf(p) === 0 ? { ...p, word: p.key } : p))));
      }
    }
    if (at >= 0) {
      used.add(at);
      mentions.push({ name: c.name, at, title });
    }
  }
  return mentions.sort((a, b) => a.at - b.at);
}

/** A job or a kind of person: "chef", "bookkeeper", "florist" (not "is", "learns", "returns"). */
function isPersonNoun(t: Token): boolean {
  return JOB_NOUNS.has(t.key) || (t.key.length > 5 && !STOP_WORDS.has(t.key) && PERSON_ENDINGS.test(t.key));
}

function findEvent(tokens: Token[]): { verb: EventVerb; at: number } | null {
  for (const [at, t] of tokens.entries()) {
    // "returns to ruin the cat": a goal, not something that happened.
    if (tokens[at - 1]?.key === 'to') continue;
    const verb = EVENT_VERBS.find((v) => v.forms.includes(t.key));
    if (verb) return { verb, at };
  }
  return null;
}

/** Objects that are people, not things. */
const PRONOUN_OBJECT = /^(each other|one another|themselves|himself|herself|itself|him|her|them|it|us|me|you|everyone|everybody|someone|somebody|nobody|no one|anyone)$/;

/** The object of the event: the noun phrase after the verb, up to a preposition ("the mayor's parrot"). */
function eventObject(tokens: Token[], at: number): { text: string; end: number } | null {
  if (INTRANSITIVE.has(tokens[at]!.key)) {
    // "a pearl necklace vanishes": the thing that vanished is named before the verb.
    const before: Token[] = [];
    // "the collar goes missing": the verb before the event word is not part of the thing.
    const start = ['goes', 'went', 'gone', 'is', 'was', 'gets', 'got', 'has', 'had', 'been'].includes(tokens[at - 1]?.key ?? '') ? at - 2 : at - 1;
    for (let j = start; j >= 0 && before.length < 6; j--) {
      const t = tokens[j]!;
      if (t.clause !== tokens[at]!.clause || ['is', 'was', 'has', 'gets', 'goes', 'when', 'who', 'that'].includes(t.key)) break;
      before.unshift(t);
    }
    const words = before.filter((t) => !ARTICLES.has(t.key));
    if (words.length) return { text: withArticle(phrase(words)).replace(/^the (his|her|their|its)\s/i, '$1 '), end: at + 1 };
  }
  const parts: Token[] = [];
  let j = at + 1;
  if (tokens[j]?.key === 'of' || tokens[j]?.key === 'to') j++;
  for (; j < tokens.length && parts.length < 5; j++) {
    const t = tokens[j]!;
    if (t.clause !== tokens[at]!.clause) break;
    if (['at', 'in', 'on', 'during', 'from', 'before', 'after', 'with', 'for', 'by', 'inside', 'near', 'while'].includes(t.key)) break;
    if (looksVerbal(t.key) && parts.length) break;
    parts.push(t);
  }
  const words = parts.filter((t) => !['a', 'an', 'the'].includes(t.key));
  // "sabotage each other", "frames him": someone, never a thing.
  if (!words.length || PRONOUN_OBJECT.test(words.map((t) => t.key).join(' '))) return null;
  return { text: withArticle(phrase(parts).replace(/^(a|an)\s/i, 'the ')).replace(/^the (his|her|their|its)\s/i, '$1 '), end: j };
}

function findPlaces(tokens: Token[], castKeys: Set<string>, jobs: string[]): Place[] {
  const places: Place[] = [];
  const add = (name: string, fromPremise: boolean) => {
    const key = name.toLowerCase().replace(/^the\s/, '');
    if (places.some((p) => p.name.toLowerCase().replace(/^the\s/, '') === key)) return;
    places.push({ name, fromPremise });
  };
  for (const [i, t] of tokens.entries()) {
    const placeWord = PLACE_NOUNS.has(t.key) || (PLACE_ENDINGS.test(t.key) && t.key.length > 6 && !castKeys.has(t.key));
    if (!placeWord) continue;
    // "wedding planner", "garden designer": a job, not a place.
    if (tokens[i + 1] && tokens[i + 1]!.clause === t.clause && isPersonNoun(tokens[i + 1]!) && !t.possessive) continue;
    // "dinner" alone is a meal, not a place, unless something qualifies it ("the gala dinner").
    const mods = modifiers(tokens, i, 2, castKeys);
    if (['dinner', 'party', 'wedding', 'funeral', 'fair', 'festival', 'home', 'town', 'city', 'field', 'track', 'stage'].includes(t.key) && !mods.length) {
      const prev = tokens[i - 1]?.key;
      if (!prev || !['the', 'a', 'at', 'in'].includes(prev)) continue;
    }
    // A place noun before another ("harbour aquarium") is part of the next one's name.
    if (!t.possessive && tokens[i + 1] && tokens[i + 1]!.clause === t.clause && PLACE_NOUNS.has(tokens[i + 1]!.key)) continue;
    const parts = [...mods, { ...t, possessive: false }];
    add(withArticle(phrase(parts).toLowerCase()), true);
  }
  for (const job of jobs) {
    const implied = JOB_PLACES[job];
    if (implied && places.length < 3) add(implied, false);
  }
  return places;
}

function findProps(tokens: Token[], castKeys: Set<string>): string[] {
  const props: string[] = [];
  for (const [i, t] of tokens.entries()) {
    if (!PROP_NOUNS.has(t.key)) continue;
    // "diamond collar": the prop is the last noun of the run.
    if (tokens[i + 1] && tokens[i + 1]!.clause === t.clause && PROP_NOUNS.has(tokens[i + 1]!.key)) continue;
    // A prop is a noun with an owner or an article before it: "the will", "grandma's necklace" (not "will win").
    const before = tokens.slice(Math.max(0, i - 3), i);
    if (!before.some((b) => ARTICLES.has(b.key) || b.possessive)) continue;
    const parts = [...modifiers(tokens, i, 2, castKeys), t];
    const name = withArticle(phrase(parts).toLowerCase());
    if (!props.includes(name)) props.push(name);
  }
  return props;
}

/** The bible of a new series. */
export function bibleFromPremise(input: PremiseInput): Bible {
  // A premise is read in the language it is written in: Chinese with Chinese lexicons (its bible speaks Chinese).
  if (writtenIn(input.premise) === 'zh') return bibleFromPremiseZh(input);
  // An English premise for a series told in Chinese: read in English, its bible said in Chinese.
  if (storyLanguage(input.language, input.premise) === 'zh') return bibleInChinese(bibleFromEnglish(input), input.cast);
  return bibleFromEnglish(input);
}

/** The bible of an English premise. */
function bibleFromEnglish(input: PremiseInput): Bible {
  const rnd = seededRandom(hashSeed(`${input.seed}:bible`));
  const tokens = tokenize(input.premise);
  const castKeys = new Set(input.cast.map((c) => c.name.toLowerCase()));
  const genre = detectGenre(input.premise, input.tone);
  const mentions = findMentions(tokens, input.cast, castKeys);
  const event = findEvent(tokens);
  const object = event ? eventObject(tokens, event.at) : null;

  const roles = new Map<string, Role>();
  const titles = new Map<string, string>();
  for (const m of mentions) if (m.title) titles.set(m.name, m.title);
  const mentionedIn = (from: number, to: number) => mentions.filter((m) => m.at >= from && m.at < to).map((m) => m.name);
  const protagonist = mentions[0]?.name ?? input.cast[0]!.name;
  roles.set(protagonist, 'protagonist');

  // The event's victim: a cast member inside its object ("the mayor's parrot" is the parrot).
  let victim: string | null = null;
  if (event && object) victim = mentionedIn(event.at + 1, object.end).find((n) => n !== protagonist) ?? null;
  if (!victim && genre === 'medical') {
    const sick = tokens.findIndex((t) => ['hospital', 'coma', 'sick', 'ill', 'surgery', 'diagnosis', 'bed', 'dying'].includes(t.key));
    if (sick >= 0) victim = mentions.filter((m) => m.at < sick).at(-1)?.name ?? null;
  }
  if (victim && victim !== protagonist) roles.set(victim, 'victim');

  // Who is blamed: the subject before "framed", "accused"…
  const blameAt = tokens.findIndex((t) => BLAME_WORDS.has(t.key));
  const accused = blameAt >= 0 ? (mentions.filter((m) => m.at < blameAt).at(-1)?.name ?? null) : null;
  // "the cat who stole her fiancé": without blame, the one named just before the deed did it, openly.
  const doer = event && blameAt < 0 ? (mentions.filter((m) => m.at < event.at && tokens[m.at]!.clause === tokens[event.at]!.clause && m.name !== protagonist).at(-1)?.name ?? null) : null;
  if (doer) roles.set(doer, genre === 'rivalry' ? 'rival' : 'antagonist');

  const free = () => input.cast.map((c) => c.name).filter((n) => !roles.has(n));
  if (genre === 'mystery') {
    const detective =
      free().find((n) => /detective|inspector|cop|police|officer|sheriff/i.test(titles.get(n) ?? '')) ?? free().find((n) => looksLikeDetective(input.cast.find((c) => c.name === n)!.species));
    if (detective) roles.set(detective, 'detective');
  }
  const schemer = free().find((n) => SCHEMER_WORDS.test(input.cast.find((c) => c.name === n)!.personality));
  // "her rival, a young swan": the premise says who the rival is.
  const rivalAt = tokens.findIndex((t) => t.key === 'rival' || t.key === 'nemesis');
  const named = rivalAt >= 0 ? mentions.find((m) => m.at > rivalAt && m.at - rivalAt <= 4 && !roles.has(m.name))?.name : undefined;
  if (named) roles.set(named, 'rival');
  // "but he is promised to the alderman's cat": a rival in love.
  if (genre === 'romance') {
    const tie = tokens.findIndex((t) => ['promised', 'engaged', 'married', 'betrothed', 'dating'].includes(t.key));
    const rival = tie >= 0 ? mentions.find((m) => m.at > tie && !roles.has(m.name))?.name : undefined;
    if (rival) roles.set(rival, 'rival');
  }
  completeRoles(
    roles,
    genre,
    input.cast.map((c) => c.name),
    schemer,
    mentions.map((m) => m.name),
  );

  // Who really did it: decided now, revealed by the arc. Never the accused or the protagonist.
  let culprit: string | null = doer;
  if (!culprit && (event || genre === 'mystery'))
    culprit = chooseCulprit(
      roles,
      input.cast.map((c) => c.name),
      [protagonist, accused],
      rnd,
    );

  const jobs = tokens.filter((t) => JOB_NOUNS.has(t.key)).map((t) => t.key);
  const speciesKeys = new Set([...castKeys, ...input.cast.flatMap((c) => speciesWords(c.species))]);
  const places = findPlaces(tokens, speciesKeys, jobs);
  for (const p of GENRE_PLACES[genre]) if (places.length < 4 && !places.some((q) => q.name === p)) places.push({ name: p, fromPremise: false });
  const props = findProps(tokens, castKeys);
  // The thing the event happened to is a prop ("the golden egg"), unless it is someone.
  if (object && !victim && !speciesKeys.has(object.text.split(' ').at(-1)!.toLowerCase()) && !JOB_NOUNS.has(object.text.split(' ').at(-1)!.toLowerCase()) && !props.includes(object.text))
    props.unshift(object.text.replace(/^(his|her|their|its) /i, 'the '));
  if (event?.verb.prop && !props.some((p) => p.includes(event.verb.prop!.split(' ').at(-1)!))) props.push(event.verb.prop);
  for (const p of GENRE_PROPS[genre]) if (props.length < 4 && !props.some((q) => q.split(' ').at(-1) === p.split(' ').at(-1))) props.push(p);

  // People the premise names who are not the cast ("the mayor").
  const titled = new Set([...titles.values()].map((t) => t.split(' ').at(-1)!));
  const others = [
    ...new Set([
      ...tokens
        .filter((t) => isPersonNoun(t) && !titled.has(t.key) && !input.cast.some((c) => c.name.toLowerCase() === t.key))
        // "returns as a celebrity chef" describes someone already named.
        .filter((t) => !tokens.slice(Math.max(0, tokens.indexOf(t) - 3), tokens.indexOf(t)).some((b) => b.key === 'as'))
        .map((t) => phrase([...modifiers(tokens, tokens.indexOf(t), 1, speciesKeys), { ...t, possessive: false }]).toLowerCase())
        .map((text) => withArticle(text)),
      ...tokens
        .filter((t) => ANIMAL_WORDS.has(t.key) && !speciesKeys.has(t.key))
        .map((t) => withArticle(phrase([...modifiers(tokens, tokens.indexOf(t), 1, speciesKeys), { ...t, possessive: false }]).toLowerCase())),
    ]),
  ].slice(0, 4);
  // A cast member the premise does not name takes a part it names that nobody plays ("the ringmaster").
  for (const c of input.cast) {
    if (titles.has(c.name) || mentions.some((m) => m.name === c.name)) continue;
    // Not an owner named in someone's title ("the mayor" of "the mayor's parrot" is somebody else).
    const owners = [...titles.values()].map((t) => /^the ([\p{L}-]+)'s /u.exec(t)?.[1]).filter(Boolean);
    const part = others.find((o) => (JOB_NOUNS.has(o.split(' ').at(-1)!) || PERSON_ENDINGS.test(o)) && !owners.includes(o.split(' ').at(-1)));
    if (part && ['antagonist', 'rival', 'ally', 'suspect'].includes(roles.get(c.name) ?? '')) {
      titles.set(c.name, part);
      others.splice(others.indexOf(part), 1);
    }
  }

  const eventPlace = places.find((p) => p.fromPremise)?.name ?? null;
  const incident: Incident | null = event
    ? {
        event: object ? `${event.verb.noun} ${object.text}` : event.verb.noun.replace(/\s(of|on|at)$/, ''),
        sentence: incidentSentence(event.verb, object?.text ?? null, eventPlace),
        victim: victim ?? object?.text ?? null,
        accused,
        culprit,
      }
    : culprit
      ? { event: 'what happened', sentence: 'Something happened that nobody will talk about.', victim: null, accused, culprit }
      : null;

  // "her best friend the rabbit is hiding a diagnosis": a secret its keeper starts with.
  const secrets: { name: string; text: string }[] = [];
  for (const m of input.premise.matchAll(
    /\b(?:is|was|are|has been)\s+(?:secretly\s+)?(?:hiding|keeping|concealing|covering up)\s+((?:a|an|the|her|his|their|its)\s+[^,.;!?]+?)(?=\s+from\b|[,.;!?]|$)/giu,
  )) {
    // The keeper is whoever the premise names last before this secret, by name or species.
    const before = input.premise.slice(0, m.index).toLowerCase();
    const keeper = input.cast
      .map((c) => ({ name: c.name, at: Math.max(before.lastIndexOf(c.name.toLowerCase()), ...speciesWords(c.species).map((w) => before.lastIndexOf(w))) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => b.at - a.at)[0]?.name;
    if (keeper && !secrets.some((x) => x.name === keeper)) secrets.push({ name: keeper, text: `${keeper} is hiding ${m[1]!.replace(/^(her|his|their|its)\s/i, 'a ').trim()}` });
  }

  const castRoles: CastRole[] = input.cast.map((c) => ({
    name: c.name,
    role: roles.get(c.name) ?? 'ally',
    title: titles.get(c.name) ?? `the ${c.species}`,
    species: c.species.slice(0, 40),
  }));
  // "the star Persian cat's diamond collar" → "Princess's diamond collar": owners in the cast are named.
  const owned = (text: string) => castRoles.reduce((t, r) => t.replace(new RegExp(`\\bthe ${escapeRegExp(r.title.replace(/^the\s+/i, ''))}['’]s\\b`, 'giu'), `${r.name}'s`), text);
  if (incident) Object.assign(incident, { event: owned(incident.event), sentence: capitalise(owned(incident.sentence)), victim: incident.victim && owned(incident.victim) });
  const ownedProps = [...new Set(props.map(owned))].filter((p, i, all) => !all.some((q, j) => j < i && q.split(' ').slice(-2).join(' ') === p.split(' ').slice(-2).join(' ')));
  // Every field within the schema's limits, whatever the premise's length: a long premise must not stop a series.
  const fit = (text: string, max: number) => truncate(text, max);
  const ask = (q: string) => (q.length <= 200 ? q : `${truncate(q, 199).replace(/[…?]+$/, '')}?`);
  for (const r of castRoles) r.title = fit(r.title, 60);
  if (incident) Object.assign(incident, { event: fit(incident.event, 120), sentence: fit(incident.sentence, 200), victim: incident.victim && fit(incident.victim, 60) });
  return BibleSchema.parse({
    version: 2,
    genre,
    roles: castRoles,
    places: places.slice(0, 6).map((p) => ({ ...p, name: fit(p.name, 60) })),
    props: ownedProps.slice(0, 6).map((p) => fit(p, 60)),
    incident,
    situation: fit(situationOf(input.premise, castRoles, mentions), 400),
    question: ask(owned(centralQuestion(genre, castRoles, incident, tokens, event?.verb ?? null, object?.text ?? null, places, input.premise))),
    others: others.map((o) => fit(o, 60)),
    secrets: secrets.map((x) => ({ ...x, text: fit(x.text, 200) })),
    tone: input.tone,
    seasonLength: SEASON_LENGTH,
  });
}

/**
 * The premise with the cast in it: each character the premise names by species or part is named
 * ("A hamster chef is framed…" → "Pip, the hamster chef, is framed…"). Empty when it names nobody.
 */
function situationOf(premise: string, roles: CastRole[], mentions: Mention[]): string {
  let text = premise.replace(/\s+/g, ' ').trim();
  let named = 0;
  for (const m of mentions) {
    const role = roles.find((r) => r.name === m.name)!;
    if (new RegExp(`(?<!\\p{L})${escapeRegExp(m.name)}(?!\\p{L})`, 'iu').test(text)) {
      named++;
      continue;
    }
    const words = role.title
      .replace(/^the\s+/i, '')
      .split(/\s+/)
      .map(escapeRegExp)
      .join('\\s+');
    const re = new RegExp(`\\b(?:an?|the|her|his|their)\\s+(?:[\\p{L}-]+\\s+){0,2}?${words}\\b`, 'iu');
    const found = re.exec(text);
    if (!found) continue;
    // "the star Persian cat's diamond collar" → "Princess's diamond collar".
    const owner = /^['’]s\b/.test(text.slice(found.index + found[0].length));
    text = `${text.slice(0, found.index)}${owner ? m.name : `${m.name}, ${role.title},`}${text.slice(found.index + found[0].length)}`;
    named++;
  }
  if (!named) return '';
  text = text
    .replace(/,\s*,/g, ',')
    .replace(/,\s*([.!?])/g, '$1')
    .replace(/,\s*$/, '');
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function incidentSentence(verb: EventVerb, object: string | null, place: string | null): string {
  const where = place ? ` ${/city|town|village|kitchen|garden|park|forest|woods|house|home/.test(place) ? 'in' : 'at'} ${place}` : '';
  if (!object) return `${capitalise(verb.noun.replace(/\s(of|on|at)$/, ''))} happened${where}.`;
  const passive: Record<string, string> = { stole: 'was stolen', 'set fire to': 'went up in flames', 'made vanish': 'vanished', broke: 'was broken', lost: 'was lost' };
  const plural = /[^su]s$/.test(object.split(' ').at(-1) ?? '') && !/'s$/.test(object);
  const was = plural ? 'were' : 'was';
  const said = passive[verb.past]?.replace(/^was /, `${was} `) ?? `${was} ${verb.past}`;
  return `${capitalise(object)} ${said}${where}.`;
}

function centralQuestion(genre: Genre, roles: CastRole[], incident: Incident | null, tokens: Token[], verb: EventVerb | null, object: string | null, places: Place[], premise: string): string {
  const who = (role: Role) => roles.find((r) => r.role === role)?.name;
  const hero = who('protagonist') ?? roles[0]!.name;
  // "must choose between one final performance and telling her rival the truth": the season's choice.
  // An aside ("her rival, a young swan, the truth") is dropped from the alternatives.
  const between = /\bchoose between ([^.;!?]+)/i.exec(premise.replace(/,\s+(?:a|an|the)\s+[^,.;]+,/gi, ''))?.[1];
  if (between) {
    // Split at the "and" that starts the second choice ("… and telling her rival the truth"), else the first.
    const ands = [...between.matchAll(/\s+and\s+/g)];
    const at = ands.find((m) => /^(\p{L}+ing|to)\b/u.test(between.slice(m.index! + m[0].length))) ?? ands[0];
    if (at)
      return `Will ${hero} choose ${between.slice(0, at.index).trim()}, or ${between
        .slice(at.index! + at[0].length)
        .trim()
        .replace(/,$/, '')}?`;
  }
  const contestAt = tokens.findIndex((t) => CONTEST_NOUNS.has(t.key));
  const contest = contestAt >= 0 ? withArticle(phrase([...modifiers(tokens, contestAt, 2, new Set()), tokens[contestAt]!]).toLowerCase()) : null;
  // Someone is blamed for something that happened: whatever the genre, the season asks who did it.
  if ((genre === 'mystery' || incident?.accused) && verb && object) return verb.past === 'made vanish' ? `Who made ${lowerFirst(object)} disappear?` : `Who really ${verb.past} ${lowerFirst(object)}?`;
  if (genre === 'mystery' && incident) return `Who is really behind ${incident.event}?`;
  if (genre === 'rivalry') return contest ? `Who will win ${contest}, ${hero} or ${who('rival') ?? 'the rival'}?` : `Who will come out on top, ${hero} or ${who('rival') ?? 'the rival'}?`;
  if (genre === 'medical') return `Will ${who('victim') ?? hero} pull through, and who is hiding the truth?`;
  if (genre === 'romance') return `Will ${hero} and ${who('love interest') ?? 'true love'} end up together?`;
  if (genre === 'revenge') return `Will ${hero} make ${who('antagonist') ?? 'the traitor'} pay, or learn to forgive?`;
  if (genre === 'family') {
    // What is inherited is a building or a business, not the town it stands in.
    const estate = places.find((p) => p.fromPremise && !/\b(town|city|village|street|harbou?r|square|country|island|world)\b/.test(p.name));
    return `Who will inherit ${estate?.name ?? 'everything'}, and what is the family hiding?`;
  }
  if (genre === 'comedy') return contest ? `Can ${hero} keep the chaos hidden until ${contest}?` : `Can ${hero} get away with it before everyone finds out?`;
  if (incident) return `Who is really behind ${incident.event}?`;
  return `What is ${hero} hiding, and who will find out first?`;
}
