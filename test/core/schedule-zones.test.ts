import { describe, expect, it } from 'vitest';
import { makeSchedule, parseTimeZone, slotsBetween } from '../../src/core/schedule.js';

const utc = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe('release slots in unusual zones', () => {
  it('releases a time Antarctica/Troll shows twice (its clocks fall back two hours) at its first showing, once', () => {
    // 25 October 2026: 03:00 (+02) becomes 01:00 (+00) at 01:00 UTC, so 01:30 and 02:30 happen twice.
    const schedule = makeSchedule(['01:30', '02:30'], 'Antarctica/Troll', 5 * 60_000);
    expect(slotsBetween(schedule, utc('2026-10-24T12:00'), utc('2026-10-25T12:00')).map(iso)).toEqual(['2026-10-24T23:30', '2026-10-25T00:30']);
  });
});

describe('time zones as people type them', () => {
  it('knows a renamed zone under both spellings and keeps the one typed', () => {
    expect(parseTimeZone('Asia/Kathmandu')).toBe('Asia/Kathmandu');
    expect(parseTimeZone('asia/katmandu')).toBe('Asia/Katmandu');
    expect(parseTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(parseTimeZone('Europe/Kiev')).toBe('Europe/Kiev');
    expect(parseTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });

  it('finds a city under today’s name or the old one', () => {
    expect(parseTimeZone('Kathmandu')).toBe('Asia/Kathmandu');
    expect(parseTimeZone('Kolkata')).toBe('Asia/Kolkata');
    expect(parseTimeZone('Kyiv')).toBe('Europe/Kyiv');
    expect(parseTimeZone('Ho Chi Minh')).toBe('Asia/Ho_Chi_Minh');
    expect(parseTimeZone('Calcutta')).toBe('Asia/Calcutta');
    // Listed twice (America/Cordoba, America/Argentina/Cordoba): one zone, today's name.
    expect(parseTimeZone('Cordoba')).toBe('America/Argentina/Cordoba');
    expect(parseTimeZone('berlin')).toBe('Europe/Berlin');
  });

  it('keeps a schedule in a renamed zone working', () => {
    const schedule = makeSchedule(['09:00'], parseTimeZone('Kathmandu'));
    expect(slotsBetween(schedule, utc('2026-03-01T00:00'), utc('2026-03-02T00:00')).map(iso)).toEqual(['2026-03-01T03:15']);
  });
});
