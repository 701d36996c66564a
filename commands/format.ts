import { wherePhrase } from '../src/core/story/words.js';
import type { SeriesStatus } from '../src/core/engine.js';
import { formatDuration } from '../src/core/duration.js';
import type { BallotView, EpisodeView } from '../src/core/ports.js';
import { GENRES, ROLES, type ArcBeat, type Condition, type Genre, type Relation, type StoryState, type Thread } from '../src/core/story/model.js';
import type { StoryView } from '../src/core/story/service.js';

/** Plain-text renderings shared by the commands; adapters may style them further. */

const DECIDED_BY: Record<string, string> = {
  votes: 'by vote',
  moderator: 'by the moderators (tie)',
  'random-tie': 'by a random draw between the tied twists',
  'random-no-votes': 'by a random draw (nobody voted)',
};

export function ballotLines(ballot: BallotView, now: number): string[] {
  const lines = ballot.options.filter((o) => o.status === 'active').map((o) => `${o.letter}. ${o.label} — ${o.votes} vote${o.votes === 1 ? '' : 's'}${o.letter === ballot.winnerLetter ? ' ✓' : ''}`);
  if (ballot.status === 'open' && ballot.closesAt !== null) {
    lines.push(ballot.closesAt > now ? `Voting closes in ${formatDuration(ballot.closesAt - now)}.` : 'Voting is closing now.');
  } else if (ballot.status === 'tied') {
    lines.push('It is a tie: the moderators pick the winner (or chance will).');
  } else if (ballot.status === 'draft') {
    lines.push('Voting opens when the episode is out.');
  } else if (ballot.status === 'closed' && ballot.winnerLetter) {
    lines.push(`Winner: ${ballot.winnerLetter}, ${DECIDED_BY[ballot.decidedBy ?? 'votes'] ?? ''}.`);
  }
  return lines;
}

const EPISODE_STATUS: Record<string, string> = {
  writing: 'being written',
  written: 'written, waiting for the renderer',
  rendering: 'being rendered',
  rendered: 'rendered, about to be posted',
  published: 'out now',
  failed: 'stuck',
  cancelled: 'cancelled',
};

export function episodeLine(e: EpisodeView): string {
  const title = e.title ? `“${e.title}”` : '(untitled yet)';
  const failed = e.status === 'failed' ? ` at the ${e.failedStage} step: ${e.error ?? 'unknown error'}` : '';
  return `Episode ${e.number} ${title} — ${EPISODE_STATUS[e.status] ?? e.status}${failed}`;
}

const PLATFORM_LABELS: Record<string, string> = { discord: 'Discord', telegram: 'Telegram', web: 'studio' };

export function statusText(s: SeriesStatus, now: number): string {
  const lines = [
    `“${s.series.title}” (${s.series.name}) — ${s.series.status}`,
    s.series.premise,
    `Cast: ${s.cast.map((c) => `${c.name} (${c.species})`).join(', ') || 'nobody yet'}`,
    `Followed by ${s.channels} channel${s.channels === 1 ? '' : 's'} · votes last ${formatDuration(s.series.vote_window_ms)}`,
  ];
  if (s.episode) lines.push(episodeLine(s.episode));
  if (s.ballot) lines.push(...ballotLines(s.ballot, now));
  if (s.pendingSuggestions) lines.push(`${s.pendingSuggestions} suggestion(s) wait for the moderators.`);
  for (const b of s.blocked) lines.push(`⚠️ A ${PLATFORM_LABELS[b.platform] ?? b.platform} chat (${b.chatId}) can't receive episodes: ${b.reason}. They wait there until it is fixed.`);
  return lines.join('\n');
}

/** The announcement at close: winner first, then the tally from every channel. */
export function resultText(episode: EpisodeView, ballot: BallotView, now: number): string {
  const winner = ballot.options.find((o) => o.letter === ballot.winnerLetter);
  const head = winner ? `🏆 The votes are in for episode ${episode.number}: ${winner.letter}. ${winner.label} wins.` : `The ballot for episode ${episode.number} has closed.`;
  const total = `${ballot.totalVotes} vote${ballot.totalVotes === 1 ? '' : 's'} from every channel that follows ${episode.seriesTitle}.`;
  return [head, ...ballotLines(ballot, now), total, winner ? 'The next episode is on its way.' : ''].filter(Boolean).join('\n');
}

// ---- the story -----------------------------------------------------------------------------

const BEAT_TEXT: Record<ArcBeat, string> = {
  setup: 'the set-up',
  complications: 'complications',
  midpoint: 'the midpoint reversal',
  crisis: 'the crisis',
  answer: 'the answer',
  'new season': 'the hook into a new season',
};

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

function whereabouts(condition: Condition, place: string): string {
  if (condition === 'missing') return `last seen ${wherePhrase(place)}`;
  if (condition === 'dead' || condition === 'arrested') return '';
  if (condition === 'in hospital' && !/hospital|clinic|ward|vet|surgery|operating/i.test(place)) return '';
  return wherePhrase(place);
}

function standing(condition: Condition, place: string): string {
  switch (condition) {
    case 'fine':
      return `fine, ${wherePhrase(place)}`;
    case 'in hospital':
      return /hospital|clinic|ward|vet|surgery|operating/i.test(place) ? `in hospital, ${wherePhrase(place)}` : 'in hospital';
    case 'missing':
      return `missing, last seen ${wherePhrase(place)}`;
    case 'arrested':
      return 'under arrest';
    case 'dead':
      return 'dead';
    default:
      return `${condition}, ${wherePhrase(place)}`;
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

export function publicStory(view: StoryView): PublicStory {
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
      title: r.title,
      // While the culprit is secret, the villain's label would give them away.
      role: r.name === culprit && r.role === 'antagonist' ? 'suspect' : r.role,
      condition: now.condition,
      place: now.place,
      standing: standing(now.condition, now.place),
      where: whereabouts(now.condition, now.place),
      feelings: [...groups].map(([phrase, names]) => ({ phrase, names })).sort((a, b) => PHRASE_ORDER.indexOf(a.phrase) - PHRASE_ORDER.indexOf(b.phrase)),
    };
  });
  return {
    genre: bible.genre,
    question: central?.question ?? bible.question,
    written: state.episode,
    arc: { next, season: Math.floor((next - 1) / bible.seasonLength) + 1, at, of: bible.seasonLength, beat: view.nextBeat, beatText: BEAT_TEXT[view.nextBeat] },
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

/** "Rex", "Rex and Coco", "Rex, Coco and Pip". */
export function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function feelingsText(c: PublicCharacter): string {
  return c.feelings.map((f) => `${f.phrase} ${listNames(f.names)}`).join('; ');
}

const since = (episode: number) => (episode === 0 ? 'from the start' : `since episode ${episode}`);

/** `/series story`: compact enough for a chat, never a secret. */
export function storyText(title: string, story: PublicStory): string {
  const { arc } = story;
  const lines = [
    `📖 “${title}” — the story so far`,
    `❓ ${story.question}`,
    story.written === 0
      ? `📈 Episode 1 of ${arc.of} is next: ${arc.beatText}.`
      : `📈 ${story.written} episode${story.written === 1 ? '' : 's'} in · next: episode ${arc.at} of ${arc.of}${arc.season > 1 ? ` in season ${arc.season}` : ''}, ${arc.beatText}.`,
  ];
  if (story.cliffhanger) lines.push(`⏸ Last time: ${story.cliffhanger}`);
  const open = story.threads.filter((t) => t.status === 'open');
  if (open.length) {
    lines.push('', '🧵 Open threads');
    for (const t of open.slice(0, 4)) {
      lines.push(`• ${t.question} (${t.central ? 'the central question, ' : ''}${since(t.opened)})`);
      const clues = t.clues.slice(-3);
      if (t.clues.length > clues.length) lines.push(`   … ${t.clues.length - clues.length} earlier clue${t.clues.length - clues.length === 1 ? '' : 's'}`);
      for (const c of clues) lines.push(`   🔍 ${c}`);
    }
    if (open.length > 4) lines.push(`• …and ${open.length - 4} more.`);
  }
  const answered = story.threads.filter((t) => t.status === 'closed').slice(0, 2);
  if (answered.length) {
    lines.push('', '✅ Answered');
    for (const t of answered) lines.push(`• ${t.question} — ${t.answer ?? 'answered on screen'} (episode ${t.closed})`);
  }
  lines.push('', '🐾 Where everyone stands');
  for (const c of story.characters) {
    const feelings = feelingsText(c);
    lines.push(`• ${c.name}, ${c.title} (${c.role}) — ${c.standing}.${feelings ? ` ${upperFirst(feelings)}.` : ''}`);
  }
  return lines.join('\n');
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `/mod story`: the bible as moderators see it, the secret culprit included. */
export function bibleText(title: string, view: StoryView, opts: { showCulprit: boolean } = { showCulprit: true }): string {
  const { bible, state } = view;
  const lines = [
    `📓 The story bible of “${title}”${opts.showCulprit ? ' (moderators only)' : ''}`,
    `Genre: ${bible.genre}`,
    `Central question: ${bible.question}`,
    'Roles:',
    ...bible.roles.map((r) => `• ${r.name} — ${r.role}, ${r.title}`),
    `Places: ${bible.places.map((p) => p.name).join(', ')}`,
    `Props: ${bible.props.join(', ') || 'none'}`,
  ];
  if (bible.incident) {
    lines.push(`The incident: ${bible.incident.sentence}${bible.incident.accused ? ` ${bible.incident.accused} is blamed.` : ''}`);
    const now = state.culprit;
    const drift = state.episode > 0 && now !== bible.incident.culprit ? ` (after episode ${state.episode} the story has ${now ?? 'nobody'})` : '';
    lines.push(
      opts.showCulprit
        ? `🔒 Culprit (secret): ${bible.incident.culprit ?? 'not decided'}${drift}`
        : '🔒 Culprit (secret): not shown here, where the whole chat would read it; see it in the studio, or set it with /mod story culprit.',
    );
  }
  if (bible.others.length) lines.push(`Also mentioned: ${bible.others.join(', ')}`);
  lines.push('', 'Correct it with /mod story <field> <value>:', `genre (${GENRES.join(', ')}) · question · role <name> <${ROLES.join('|')}> [title] · places a, b · props a, b · culprit <name|none>`);
  return lines.join('\n');
}
