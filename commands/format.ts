import type { SeriesStatus } from '../src/core/engine.js';
import { formatDuration } from '../src/core/duration.js';
import type { BallotView, EpisodeView } from '../src/core/ports.js';

/** Plain-text renderings shared by the commands; adapters may style them further. */

const DECIDED_BY: Record<string, string> = {
  votes: 'by vote',
  moderator: 'by the moderators (tie)',
  'random-tie': 'by a random draw between the tied twists',
  'random-no-votes': 'by a random draw (nobody voted)',
};

export function ballotLines(ballot: BallotView, now: number): string[] {
  const lines = ballot.options
    .filter((o) => o.status === 'active')
    .map((o) => `${o.letter}. ${o.label} — ${o.votes} vote${o.votes === 1 ? '' : 's'}${o.letter === ballot.winnerLetter ? ' ✓' : ''}`);
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
  return lines.join('\n');
}

/** The announcement at close: winner first, then the tally from every channel. */
export function resultText(episode: EpisodeView, ballot: BallotView, now: number): string {
  const winner = ballot.options.find((o) => o.letter === ballot.winnerLetter);
  const head = winner
    ? `🏆 The votes are in for episode ${episode.number}: ${winner.letter}. ${winner.label} wins.`
    : `The ballot for episode ${episode.number} has closed.`;
  const total = `${ballot.totalVotes} vote${ballot.totalVotes === 1 ? '' : 's'} from every channel that follows ${episode.seriesTitle}.`;
  return [head, ...ballotLines(ballot, now), total, winner ? 'The next episode is on its way.' : ''].filter(Boolean).join('\n');
}
