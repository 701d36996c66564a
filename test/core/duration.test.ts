import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseVoteWindow } from '../../src/core/duration.js';

describe('durations', () => {
  it('reads what people type', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1h 30m')).toBe(5_400_000);
    expect(parseDuration('2D')).toBe(172_800_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    for (const bad of ['', 'soon', '10', 'h', '-5m', '5 minutes']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('prints the two largest units', () => {
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(90_061_000)).toBe('1d 1h');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(500)).toBe('500ms');
  });

  it('bounds vote windows between a minute and a week', () => {
    expect(parseVoteWindow('1m')).toBe(60_000);
    expect(parseVoteWindow('7d')).toBe(604_800_000);
    expect(() => parseVoteWindow('59s')).toThrow('between 1 minute and 7 days');
    expect(() => parseVoteWindow('8d')).toThrow('between 1 minute and 7 days');
    expect(() => parseVoteWindow('whenever')).toThrow('"whenever" is not a duration. Try 30m, 2h, 1d or 1h30m.');
  });
});
