import { describe, expect, it } from 'vitest';
import { resultText } from '../../../commands/format.js';
import { clip } from '../../../src/core/text.js';
import { episodeCaption, escapeHtml, LIMITS, pollFor, splitMessage } from '../../../src/adapters/telegram/format.js';
import type { BallotView, EpisodeView } from '../../../src/core/ports.js';

const episode = (over: Partial<EpisodeView> = {}): EpisodeView => ({
  id: 'ep1',
  seriesId: 's1',
  seriesName: 'paws',
  seriesTitle: 'Paws of Fate',
  number: 2,
  status: 'published',
  title: 'The Wedding',
  previously: 'Mochi woke up.',
  cliffhanger: 'Who is at the door?',
  videoPath: null,
  posterPath: null,
  durationMs: 30_000,
  sizeBytes: 1,
  width: 720,
  height: 1280,
  failedStage: null,
  error: null,
  ...over,
});

const ballot = (labels: string[], over: Partial<BallotView> = {}): BallotView => ({
  id: 'b1',
  status: 'open',
  opensAt: 0,
  closesAt: 3_600_000,
  totalVotes: 0,
  winnerLetter: null,
  decidedBy: null,
  options: labels.map((label, i) => ({ id: `o${i}`, letter: String.fromCharCode(65 + i), label, teaser: '', source: 'writer', status: 'active', votes: 0 })),
  ...over,
});

describe('Telegram formatting', () => {
  it('escapes exactly what HTML parse mode needs', () => {
    expect(escapeHtml('<b>Tom & "Jerry"</b>')).toBe('&lt;b&gt;Tom &amp; "Jerry"&lt;/b&gt;');
  });

  it('clips at code points, never inside an emoji', () => {
    const text = '🐶'.repeat(10);
    expect(clip(text, 5)).toBe('🐶🐶🐶🐶…');
    expect(clip('short', 5)).toBe('short');
  });

  it('splits long replies at line breaks under the message limit, and long lines inside', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} — ${'x'.repeat(20)}`);
    const chunks = splitMessage(lines.join('\n'));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(Array.from(c).length).toBeLessThanOrEqual(LIMITS.message);
    expect(chunks.join('\n')).toBe(lines.join('\n'));
    const giant = splitMessage('y'.repeat(10_000));
    expect(giant.map((c) => c.length)).toEqual([4096, 4096, 1808]);
    expect(splitMessage('')).toEqual(['…']);
  });

  it('keeps the caption under 1024 characters however long the story parts are', () => {
    const long = episode({ title: 'T'.repeat(500), previously: 'P'.repeat(2000), cliffhanger: 'C <&> '.repeat(400) });
    const caption = episodeCaption(long, 'note');
    const visible = caption
      .replace(/<\/?[bi]>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(Array.from(visible).length).toBeLessThanOrEqual(LIMITS.caption);
    expect(caption).toMatch(/^<b>Paws of Fate — Episode 2: T+…<\/b>\n\n<i>Previously on Paws of Fate: P+…<\/i>/);
    expect(episodeCaption(episode({ number: 1 }))).not.toContain('Previously');
  });

  it('trims a ballot to a poll Telegram accepts: 12 options of 100 characters at most', () => {
    const poll = pollFor(episode(), ballot(Array.from({ length: 14 }, (_, i) => `${'twist '.repeat(30)}${i}`)))!;
    expect(poll.options).toHaveLength(12);
    for (const o of poll.options) expect(Array.from(o).length).toBeLessThanOrEqual(100);
    expect(poll.letters).toBe('ABCDEFGHIJKL');
    expect(Array.from(poll.question).length).toBeLessThanOrEqual(300);
    expect(pollFor(episode({ seriesTitle: 'S'.repeat(400) }), ballot(['a', 'b']))!.question.length).toBeLessThanOrEqual(300);
  });

  it('skips vetoed options and keeps the letters of those it lists', () => {
    const b = ballot(['one', 'two', 'three']);
    b.options[1]!.status = 'vetoed';
    expect(pollFor(episode(), b)).toMatchObject({ options: ['A. one', 'C. three'], letters: 'AC' });
    b.options[2]!.status = 'vetoed';
    expect(pollFor(episode(), b)).toBeUndefined();
  });

  it('announces the winner with the tally', () => {
    const b = ballot(['one', 'two'], { status: 'closed', winnerLetter: 'B', decidedBy: 'votes', totalVotes: 3 });
    b.options[0]!.votes = 1;
    b.options[1]!.votes = 2;
    const text = resultText(episode(), b, 0);
    expect(text).toContain('🏆 The votes are in for episode 2: B. two wins.');
    expect(text).toContain('B. two — 2 votes ✓');
    expect(text).toContain('3 votes from every channel that follows Paws of Fate.');
  });
});
