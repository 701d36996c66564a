import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { ballotCloseAt, formatRelease, makeSchedule, minimumBallotMs, nextSlot, parseCloseBefore, parseReleaseTimes, parseTimeZone, releaseAfterClose, slotsBetween } from '../../src/core/schedule.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const utc = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** The catalog key and English text of what a parser refuses. */
function refusal(fn: () => unknown): { key: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return { key: err.key, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('reading release times, zones and close times', () => {
  it('reads times as people type them, sorted, and off', () => {
    expect(parseReleaseTimes('19:00,09:00,13:00')).toEqual(['09:00', '13:00', '19:00']);
    expect(parseReleaseTimes(' 9, 13.30 ; 21h ')).toEqual(['09:00', '13:30', '21:00']);
    expect(parseReleaseTimes('１９：００、８：１５')).toEqual(['08:15', '19:00']);
    expect(parseReleaseTimes('OFF')).toBe('off');
  });

  it('refuses bad times, duplicates and too many releases a day, saying what to type', () => {
    expect(refusal(() => parseReleaseTimes('25:00'))).toEqual({ key: 'schedule.errors.badTime', message: expect.stringContaining("“25:00” isn't a time I can read") });
    expect(refusal(() => parseReleaseTimes('9pm')).key).toBe('schedule.errors.badTime');
    expect(refusal(() => parseReleaseTimes('09:00,9:00')).message).toContain('09:00 is in the list twice');
    expect(refusal(() => parseReleaseTimes(',,')).key).toBe('schedule.errors.noTimes');
    const thirteen = Array.from({ length: 13 }, (_, i) => `${i}:00`).join(',');
    expect(refusal(() => parseReleaseTimes(thirteen)).message).toContain("That's 13 releases a day: 12 at most");
  });

  it('finds a zone by its name in any case, an alias, or a city; refuses one it does not know', () => {
    expect(parseTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('Berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('new york')).toBe('America/New_York');
    expect(parseTimeZone('UTC')).toBe('UTC');
    expect(refusal(() => parseTimeZone('Mars/Olympus_Mons')).message).toContain("I don't know the time zone “Mars/Olympus_Mons”");
    expect(refusal(() => parseTimeZone('+02:00')).key).toBe('schedule.errors.unknownZone');
  });

  it('takes a close time as a duration of at least five minutes, shorter than the gap between releases', () => {
    expect(parseCloseBefore('45m')).toBe(45 * MINUTE);
    expect(refusal(() => parseCloseBefore('soon')).key).toBe('schedule.errors.badClose');
    expect(refusal(() => parseCloseBefore('2m')).message).toContain('at least 5 minutes');
    expect(refusal(() => makeSchedule(['09:00', '09:40'], 'UTC', 45 * MINUTE)).message).toBe(
      "Releases are only 40m apart, so voting can't close 45m before each. Try a shorter close: or fewer times.",
    );
    // The gap that counts wraps around midnight too.
    expect(refusal(() => makeSchedule(['00:10', '12:00', '23:50'], 'UTC')).key).toBe('schedule.errors.closeTooLong');
    expect(makeSchedule(['09:00'], 'UTC', 23 * HOUR).closeMs).toBe(23 * HOUR);
  });
});

describe('release slots', () => {
  const berlin = makeSchedule(['09:00', '13:00', '19:00'], 'Europe/Berlin');

  it("are the series' wall-clock times, summer and winter", () => {
    expect(slotsBetween(berlin, utc('2026-07-01T00:00'), utc('2026-07-02T00:00')).map(iso)).toEqual(['2026-07-01T07:00', '2026-07-01T11:00', '2026-07-01T17:00']);
    expect(slotsBetween(berlin, utc('2026-12-01T00:00'), utc('2026-12-02T00:00')).map(iso)).toEqual(['2026-12-01T08:00', '2026-12-01T12:00', '2026-12-01T18:00']);
    expect(iso(nextSlot(berlin, utc('2026-12-01T12:00')))).toBe('2026-12-01T12:00');
    expect(iso(nextSlot(berlin, utc('2026-12-01T12:00') + 1))).toBe('2026-12-01T18:00');
    expect(iso(nextSlot(berlin, utc('2026-12-31T20:00')))).toBe('2027-01-01T08:00');
  });

  it('release a 02:30 the spring clocks skip once, when they jump to 03:00', () => {
    const night = makeSchedule(['01:30', '02:30', '12:00'], 'Europe/Berlin');
    // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
    expect(slotsBetween(night, utc('2026-03-28T23:00'), utc('2026-03-29T22:00')).map(iso)).toEqual(['2026-03-29T00:30', '2026-03-29T01:00', '2026-03-29T10:00']);
    // Two times in the gap are one release.
    const both = makeSchedule(['02:15', '02:45', '12:00'], 'Europe/Berlin', 10 * MINUTE);
    expect(slotsBetween(both, utc('2026-03-29T00:00'), utc('2026-03-30T00:00')).map(iso)).toEqual(['2026-03-29T01:00', '2026-03-29T10:00']);
  });

  it('release a 02:30 the autumn clocks show twice once, the first time', () => {
    const night = makeSchedule(['02:30', '12:00'], 'Europe/Berlin');
    // 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 comes at 00:30 and again at 01:30 UTC.
    expect(slotsBetween(night, utc('2026-10-24T22:00'), utc('2026-10-25T22:00')).map(iso)).toEqual(['2026-10-25T00:30', '2026-10-25T11:00']);
  });

  it('give every day of a week across a change exactly its releases', () => {
    for (const [from, to] of [
      ['2026-03-25T00:00', '2026-04-01T00:00'],
      ['2026-10-21T00:00', '2026-10-28T00:00'],
    ] as const) {
      const slots = slotsBetween(berlin, utc(from), utc(to));
      expect(slots).toHaveLength(21);
      expect(new Set(slots).size).toBe(21);
    }
  });

  it('close each ballot a set time before the release it leads to, giving a late one at least half the usual time', () => {
    expect(minimumBallotMs(berlin)).toBe(105 * MINUTE); // (4h − 30m) / 2
    const nine = utc('2026-12-01T08:00');
    expect(iso(ballotCloseAt(berlin, nine, nine))).toBe('2026-12-01T11:30');
    // Released an hour late: still the 13:00 slot's close; three hours late: the 19:00 one's.
    expect(iso(ballotCloseAt(berlin, nine + HOUR, nine + HOUR))).toBe('2026-12-01T11:30');
    expect(iso(ballotCloseAt(berlin, nine + 3 * HOUR, nine + 3 * HOUR))).toBe('2026-12-01T17:30');
    expect(iso(releaseAfterClose(berlin, utc('2026-12-01T11:30')))).toBe('2026-12-01T12:00');
    // A ballot closed early by a moderator still leads to the release it was closing for.
    expect(iso(releaseAfterClose(berlin, utc('2026-12-01T11:30')))).toBe(iso(nextSlot(berlin, utc('2026-12-01T11:59'))));
  });

  it("are said in the reader's language on the series' clock", () => {
    const at = utc('2026-12-01T12:00');
    expect(formatRelease(at, 'Europe/Berlin', 'de')).toContain('13:00');
    expect(formatRelease(at, 'Europe/Berlin', 'en')).toContain('1:00');
    expect(formatRelease(at, 'Asia/Tokyo', 'ja')).toContain('21:00');
  });
});
