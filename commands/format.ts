import { wherePhrase } from '../src/core/story/words.js';
import type { SeriesStatus } from '../src/core/engine.js';
import { formatDuration } from '../src/core/duration.js';
import { formatRelease, type ReleaseView } from '../src/core/schedule.js';
import { reasonText } from '../src/core/insight.js';
import { refusalText } from '../src/core/refusal.js';
import type { BallotView, EpisodeView } from '../src/core/ports.js';
import { GENRES, ROLES, type ArcBeat, type Condition, type Genre, type Relation, type StoryState, type Thread } from '../src/core/story/model.js';
import type { StoryView } from '../src/core/story/service.js';
import { listText, translate, type Translate } from '../src/i18n/i18n.js';

/**
 * Plain-text renderings shared by the commands and the publishers; adapters may style them further.
 * Each takes the reader's locale (English by default); the words come from the `bot` catalog.
 */

/** A title or a label in the reader's quotation marks: “…”, «…», „…“, 「…」. */
export const quoted = (tr: Translate, text: string) => tr('quote', { text });

export function ballotLines(ballot: BallotView, now: number, locale = 'en'): string[] {
  const tr = translate(locale);
  const lines = ballot.options
    .filter((o) => o.status === 'active')
    .map((o) => tr('ballot.optionLine', { letter: o.letter, label: o.label, count: o.votes, winner: o.letter === ballot.winnerLetter ? ' ✓' : '' }));
  if (ballot.status === 'open' && ballot.closesAt !== null) {
    lines.push(ballot.closesAt > now ? tr('ballot.closesIn', { duration: formatDuration(ballot.closesAt - now, locale) }) : tr('ballot.closingNow'));
  } else if (ballot.status === 'tied') {
    lines.push(tr('ballot.tied'));
  } else if (ballot.status === 'draft') {
    lines.push(tr('ballot.draft'));
  } else if (ballot.status === 'closed' && ballot.winnerLetter) {
    lines.push(tr('ballot.winner', { letter: ballot.winnerLetter, how: tr(`ballot.decidedBy.${ballot.decidedBy ?? 'votes'}`) }));
  }
  return lines;
}

export function episodeLine(e: EpisodeView, locale = 'en'): string {
  const tr = translate(locale);
  const title = e.title ? quoted(tr, e.title) : tr('episode.untitled');
  const failed = e.status === 'failed' ? tr('episode.failedAt', { stage: e.failedStage ?? 'write', error: e.error ?? tr('episode.unknownError') }) : '';
  return tr('episode.line', { number: e.number, title, status: tr(`episode.status.${e.status}`), failed });
}

export function statusText(s: SeriesStatus, now: number, locale = 'en'): string {
  const tr = translate(locale);
  const cast = s.cast.map((c) => tr('status.castMember', { name: c.name, species: c.species }));
  const lines = [
    tr('status.head', { title: quoted(tr, s.series.title), name: s.series.name, status: tr(`status.series.${s.series.status}`) }),
    s.series.premise,
    tr('status.cast', { cast: cast.length ? cast.join(tr('status.castSeparator')) : tr('status.nobody') }),
    tr('status.followed', { count: s.channels, window: formatDuration(s.series.vote_window_ms, locale) }),
  ];
  if (s.release) lines.push(...releaseLines(s.release, s.series.status, now, locale));
  if (s.episode) lines.push(episodeLine(s.episode, locale));
  if (s.ballot) lines.push(...ballotLines(s.ballot, now, locale));
  // Why the writers offered an option (moderators only: the status command leaves reasons out for others).
  for (const o of s.ballot?.options ?? []) if (o.reason && o.status === 'active') lines.push(tr('insight.why', { letter: o.letter, reason: reasonText(o.reason, locale) }));
  if (s.pendingSuggestions) lines.push(tr('status.pending', { count: s.pendingSuggestions }));
  for (const b of s.blocked) lines.push(tr('status.blocked', { platform: tr(`platforms.${b.platform}`), chatId: b.chatId, reason: refusalText(b.why ?? b.reason, locale) }));
  return lines.join('\n');
}

/** A scheduled series' release times and its next release (or why there is none), on the series' clock. */
export function releaseLines(release: ReleaseView, status: string, now: number, locale = 'en'): string[] {
  const tr = translate(locale);
  const { times, zone, closeMs } = release.schedule;
  const lines = [tr('schedule.times', { times: listText(locale, times), zone, close: formatDuration(closeMs, locale) })];
  if (release.lateEpisode !== null) lines.push(tr('schedule.missed', { number: release.lateEpisode }));
  else if (release.at !== null) {
    const when = formatRelease(release.at, zone, locale);
    lines.push(release.at - now >= 1000 ? tr('schedule.next', { when, in: formatDuration(release.at - now, locale) }) : tr('schedule.dueNow', { when }));
  } else if (status === 'paused') lines.push(tr('schedule.paused'));
  return lines;
}

/** The announcement at close: winner first, then the tally from every channel. */
export function resultText(episode: EpisodeView, ballot: BallotView, now: number, locale = 'en'): string {
  const tr = translate(locale);
  const winner = ballot.options.find((o) => o.letter === ballot.winnerLetter);
  const head = winner ? tr('result.winner', { number: episode.number, letter: winner.letter, label: winner.label }) : tr('result.closed', { number: episode.number });
  const total = tr('result.total', { count: ballot.totalVotes, series: episode.seriesTitle });
  return [head, ...ballotLines(ballot, now, locale), total, winner ? tr('result.next') : ''].filter(Boolean).join('\n');
}

// ---- the story -----------------------------------------------------------------------------

/** A character's standing as viewers may see it. */
export interface PublicCharacter {
  name: string;
  title: string;
  role: string;
  condition: Condition;
  place: string;
  /** "fine, at the gala dinner", "missing, last seen at the harbour". */
  standing: string;
  /** Where, without the condition: "at the gala dinner", "last seen at the harbour" ('' when it says nothing). */
  where: string;
  /** How they feel about the others, strongest first: [{ phrase: 'trusts', names: ['Rex', 'Coco'] }]. */
  feelings: { phrase: string; names: string[] }[];
}

export interface PublicThread {
  id: string;
  question: string;
  central: boolean;
  status: 'open' | 'closed';
  opened: number;
  closed: number | null;
  answer: string | null;
  clues: string[];
}

/**
 * The story as viewers may see it: the central question, the arc, the threads and each
 * character's standing — never a secret (a fact not everyone knows) nor the culprit.
 */
export interface PublicStory {
  genre: Genre;
  question: string;
  /** The episode the story stands after (0: nothing written yet). */
  written: number;
  arc: { next: number; season: number; at: number; of: number; beat: ArcBeat; beatText: string };
  cliffhanger: string | null;
  /** Open threads first (the central one first, then the newest), then the closed ones, newest first. */
  threads: PublicThread[];
  characters: PublicCharacter[];
  /** What everyone knows (public facts), oldest first. */
  known: { episode: number; text: string }[];
}

/** Who did it, while the story keeps it secret (null once everyone knows). */
export function secretCulprit(state: StoryState): string | null {
  const c = state.culprit;
  if (!c) return null;
  const known = state.facts.some((f) => f.public && ((f.kind === 'culprit' && f.actor === c) || (f.kind === 'unmasked' && f.target === c)));
  return known ? null : c;
}

/** "at the harbour": English picks its preposition by the place; other languages say it their way. */
const whereIn = (tr: Translate, locale: string, place: string) => (locale === 'en' ? wherePhrase(place) : tr('story.where', { place }));
const isHospital = (place: string) => /hospital|clinic|ward|vet|surgery|operating|医院|病院|병원|clínica|clinique|krankenhaus|klinik|rumah sakit|अस्पताल|مستشفى/i.test(place);

function whereabouts(tr: Translate, locale: string, condition: Condition, place: string): string {
  if (condition === 'missing') return tr('story.lastSeen', { where: whereIn(tr, locale, place) });
  if (condition === 'dead' || condition === 'arrested') return '';
  if (condition === 'in hospital' && !isHospital(place)) return '';
  return whereIn(tr, locale, place);
}

function standing(tr: Translate, locale: string, condition: Condition, place: string): string {
  const where = whereIn(tr, locale, place);
  switch (condition) {
    case 'in hospital':
      return isHospital(place) ? tr('story.standing.at', { condition: tr('story.condition.in hospital'), where }) : tr('story.condition.in hospital');
    case 'missing':
      return tr('story.standing.at', { condition: tr('story.condition.missing'), where: tr('story.lastSeen', { where }) });
    case 'arrested':
      return tr('story.condition.arrested');
    case 'dead':
      return tr('story.condition.dead');
    default:
      return tr('story.standing.at', { condition: tr(`story.condition.${condition}`), where });
  }
}

/** How `from` feels about `to`, in words; null when there is nothing to say. */
export function feelingPhrase(r: Pick<Relation, 'trust' | 'feeling'>): string | null {
  switch (r.feeling) {
    case 'love':
      return r.trust < 0 ? 'loves but doubts' : 'loves';
    case 'grudge':
      return 'holds a grudge against';
    case 'rivalry':
      return r.trust < -1 ? 'holds a grudge against' : 'competes with';
    case 'loyal':
      return r.trust < 0 ? 'doubts' : 'is loyal to';
    default:
      if (r.trust >= 3) return 'would do anything for';
      if (r.trust >= 1) return 'trusts';
      if (r.trust === 0) return null;
      if (r.trust === -1) return 'suspects';
      if (r.trust === -2) return 'distrusts';
      return 'hates';
  }
}

/** Strongest first in the list of feelings: love and loyalty, trust, then suspicion and grudges. */
const PHRASE_ORDER = ['loves', 'loves but doubts', 'is loyal to', 'would do anything for', 'trusts', 'competes with', 'doubts', 'suspects', 'distrusts', 'holds a grudge against', 'hates'];
/** Each phrase's catalog key (`story.feeling.<key>`, with the names as {{names}}). */
const FEELING_KEYS: Record<string, string> = {
  loves: 'loves',
  'loves but doubts': 'lovesButDoubts',
  'is loyal to': 'loyal',
  'would do anything for': 'devoted',
  trusts: 'trusts',
  'competes with': 'competes',
  doubts: 'doubts',
  suspects: 'suspects',
  distrusts: 'distrusts',
  'holds a grudge against': 'grudge',
  hates: 'hates',
};

/**
 * A role's title for the reader: the bible's English article ("the dog", "the كلب") is English
 * grammar, so other languages (and a title in another script) get the words without it.
 */
function titleFor(title: string, locale: string): string {
  const bare = title.replace(/^the\s+/i, '');
  return locale === 'en' && /^\p{Script=Latin}/u.test(bare) ? title : bare;
}

export function publicStory(view: StoryView, locale = 'en'): PublicStory {
  const tr = translate(locale);
  const { bible, state } = view;
  const culprit = secretCulprit(state);
  // A clue or an answer can quote a secret ("Pip told Rex: Pip secretly ruined the vial"): left out.
  const secrets = state.facts
    .filter((f) => !f.public)
    .map((f) => plain(f.text))
    .filter((t) => t.length >= 8);
  const tellsSecret = (text: string) => secrets.some((secret) => plain(text).includes(secret));
  const next = state.episode + 1;
  const at = ((next - 1) % bible.seasonLength) + 1;
  const central = state.threads.find((t) => t.central && t.status === 'open');
  const byOpened = (a: Thread, b: Thread) => b.opened - a.opened || Number(b.id.slice(1)) - Number(a.id.slice(1));
  const open = state.threads.filter((t) => t.status === 'open').sort((a, b) => Number(b.central) - Number(a.central) || byOpened(a, b));
  const closed = state.threads.filter((t) => t.status === 'closed').sort((a, b) => (b.closed ?? 0) - (a.closed ?? 0) || byOpened(a, b));
  const characters = bible.roles.map((r): PublicCharacter => {
    const now = state.characters[r.name] ?? { condition: 'fine' as const, place: bible.places[0]!.name };
    const groups = new Map<string, string[]>();
    for (const rel of state.relations) {
      if (rel.from !== r.name || rel.to === r.name || !bible.roles.some((x) => x.name === rel.to)) continue;
      const phrase = feelingPhrase(rel);
      if (phrase) groups.set(phrase, [...(groups.get(phrase) ?? []), rel.to]);
    }
    return {
      name: r.name,
      title: titleFor(r.title, locale),
      // While the culprit is secret, the villain's label would give them away.
      role: r.name === culprit && r.role === 'antagonist' ? 'suspect' : r.role,
      condition: now.condition,
      place: now.place,
      standing: standing(tr, locale, now.condition, now.place),
      where: whereabouts(tr, locale, now.condition, now.place),
      feelings: [...groups].map(([phrase, names]) => ({ phrase, names })).sort((a, b) => PHRASE_ORDER.indexOf(a.phrase) - PHRASE_ORDER.indexOf(b.phrase)),
    };
  });
  return {
    genre: bible.genre,
    question: central?.question ?? bible.question,
    written: state.episode,
    arc: { next, season: Math.floor((next - 1) / bible.seasonLength) + 1, at, of: bible.seasonLength, beat: view.nextBeat, beatText: tr(`story.beat.${view.nextBeat}`) },
    cliffhanger: state.episode > 0 ? (state.cliffhanger?.text ?? null) : null,
    threads: [...open, ...closed].map((t) => ({
      id: t.id,
      question: t.question,
      central: t.central,
      status: t.status,
      opened: t.opened,
      closed: t.closed,
      // An answer that names the culprit while the story still keeps them secret (a confession to one
      // character), or that tells a secret, is not repeated here.
      answer: t.answer && ((culprit && mentions(t.answer, culprit)) || tellsSecret(t.answer)) ? null : t.answer,
      clues: t.clues.filter((c) => !tellsSecret(c)),
    })),
    characters,
    known: state.facts.filter((f) => f.public).map((f) => ({ episode: f.episode, text: f.text })),
  };
}

/** Lower case, no closing punctuation, single spaces: for finding one sentence inside another. */
function plain(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.!?…]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

/** "Rex", "Rex and Coco", "Rex, Coco and Pip" (in the reader's language: "Rex、Coco和Pip"). */
export function listNames(names: readonly string[], locale = 'en'): string {
  return listText(locale, names);
}

export function feelingsText(c: PublicCharacter, locale = 'en'): string {
  const tr = translate(locale);
  return c.feelings.map((f) => tr(`story.feeling.${FEELING_KEYS[f.phrase] ?? 'trusts'}`, { names: listNames(f.names, locale) })).join(tr('story.feelingSeparator'));
}

/** `/series story`: compact enough for a chat, never a secret. */
export function storyText(title: string, story: PublicStory, locale = 'en'): string {
  const tr = translate(locale);
  const { arc } = story;
  const since = (episode: number) => (episode === 0 ? tr('story.fromStart') : tr('story.since', { episode }));
  const lines = [
    tr('story.head', { title: quoted(tr, title) }),
    `❓ ${story.question}`,
    story.written === 0
      ? tr('story.firstNext', { of: arc.of, beat: arc.beatText })
      : tr('story.progress', {
          count: story.written,
          at: arc.at,
          of: arc.of,
          season: arc.season > 1 ? tr('story.inSeason', { season: arc.season }) : '',
          beat: arc.beatText,
        }),
  ];
  if (story.cliffhanger) lines.push(tr('story.lastTime', { cliffhanger: story.cliffhanger }));
  const open = story.threads.filter((t) => t.status === 'open');
  if (open.length) {
    lines.push('', tr('story.openThreads'));
    for (const t of open.slice(0, 4)) {
      lines.push(tr('story.thread', { question: t.question, central: t.central ? tr('story.central') : '', since: since(t.opened) }));
      const clues = t.clues.slice(-3);
      if (t.clues.length > clues.length) lines.push(tr('story.earlierClues', { count: t.clues.length - clues.length }));
      for (const c of clues) lines.push(`   🔍 ${c}`);
    }
    if (open.length > 4) lines.push(tr('story.more', { count: open.length - 4 }));
  }
  const answered = story.threads.filter((t) => t.status === 'closed').slice(0, 2);
  if (answered.length) {
    lines.push('', tr('story.answered'));
    for (const t of answered) lines.push(tr('story.answer', { question: t.question, answer: t.answer ?? tr('story.answeredOnScreen'), episode: t.closed ?? 0 }));
  }
  lines.push('', tr('story.standings'));
  for (const c of story.characters) {
    const feelings = feelingsText(c, locale);
    lines.push(
      tr('story.character', {
        name: c.name,
        title: c.title,
        role: tr(`story.role.${c.role}`),
        standing: c.standing,
        feelings: feelings ? tr('story.feelings', { feelings: upperFirst(feelings) }) : '',
      }),
    );
  }
  return lines.join('\n');
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `/mod story`: the bible as moderators see it, the secret culprit included. */
export function bibleText(title: string, view: StoryView, opts: { showCulprit: boolean } = { showCulprit: true }, locale = 'en'): string {
  const tr = translate(locale);
  const { bible, state } = view;
  const lines = [
    tr(opts.showCulprit ? 'bible.headModerators' : 'bible.head', { title: quoted(tr, title) }),
    tr('bible.genre', { genre: tr(`bible.genreName.${bible.genre}`) }),
    tr('bible.question', { question: bible.question }),
    tr('bible.roles'),
    ...bible.roles.map((r) => tr('bible.role', { name: r.name, role: tr(`story.role.${r.role}`), title: r.title })),
    tr('bible.places', {
      places: listNames(
        bible.places.map((p) => p.name),
        locale,
      ),
    }),
    tr('bible.props', { props: bible.props.length ? listNames(bible.props, locale) : tr('bible.none') }),
  ];
  if (bible.incident) {
    lines.push(tr('bible.incident', { sentence: bible.incident.sentence, accused: bible.incident.accused ? tr('bible.accused', { name: bible.incident.accused }) : '' }));
    const now = state.culprit;
    const drift = state.episode > 0 && now !== bible.incident.culprit ? tr('bible.drift', { episode: state.episode, culprit: now ?? tr('bible.nobody') }) : '';
    lines.push(opts.showCulprit ? tr('bible.culprit', { culprit: bible.incident.culprit ?? tr('bible.undecided'), drift }) : tr('bible.culpritHidden'));
  }
  if (bible.others.length) lines.push(tr('bible.others', { others: listNames(bible.others, locale) }));
  // The fields and their values are typed in English, as the command reads them; the rest is the reader's.
  lines.push('', tr('bible.correct'), tr('bible.syntax', { genres: GENRES.join(', '), roles: ROLES.join('|') }));
  return lines.join('\n');
}
