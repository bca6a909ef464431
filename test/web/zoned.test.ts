import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localValue, zonedToRfc3339 } from '../../web/src/zoned.js';

const SANTIAGO = 'America/Santiago';

describe('zonedToRfc3339: a wall-clock time in a zone, as an instant with its offset', () => {
  it('uses the offset in force on that day (Chile: -03:00 in summer, -04:00 in winter)', () => {
    expect(zonedToRfc3339('2026-01-15T10:30', SANTIAGO)).toBe('2026-01-15T10:30:00-03:00');
    expect(zonedToRfc3339('2026-07-15 10:30', SANTIAGO)).toBe('2026-07-15T10:30:00-04:00');
    expect(zonedToRfc3339(' 2026-07-15T10:30:45 ', SANTIAGO)).toBe('2026-07-15T10:30:45-04:00');
    expect(zonedToRfc3339('2026-03-01T14:30', 'Asia/Kolkata')).toBe('2026-03-01T14:30:00+05:30');
    expect(zonedToRfc3339('2026-03-01T14:30', 'UTC')).toBe('2026-03-01T14:30:00+00:00');
  });

  it('reads a time the clocks skip (Santiago, 6 September 2026: 00:00 → 01:00) with the offset before', () => {
    expect(zonedToRfc3339('2026-09-05T23:59', SANTIAGO)).toBe('2026-09-05T23:59:00-04:00');
    // 00:30 does not happen that night: read at -04:00 it is the instant shown as 01:30 -03:00
    expect(zonedToRfc3339('2026-09-06T00:30', SANTIAGO)).toBe('2026-09-06T01:30:00-03:00');
    expect(zonedToRfc3339('2026-09-06T01:00', SANTIAGO)).toBe('2026-09-06T01:00:00-03:00');
  });

  it('reads a time that happens twice (Santiago, 5 April 2026: 00:00 → 23:00) as the earlier', () => {
    expect(zonedToRfc3339('2026-04-04T23:30', SANTIAGO)).toBe('2026-04-04T23:30:00-03:00');
    expect(zonedToRfc3339('2026-04-05T00:30', SANTIAGO)).toBe('2026-04-05T00:30:00-04:00');
    // the same in the north: London's clocks go back at 02:00 on 25 October 2026
    expect(zonedToRfc3339('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T01:30:00+01:00');
  });

  it('is null for what is not a date and time, or not a zone', () => {
    for (const v of ['', '2026-01-15', '15/01/2026 10:30', '2026-02-30T10:00', '2026-01-15T25:00', 'now'])
      expect(zonedToRfc3339(v, SANTIAGO), v).toBeNull();
    expect(zonedToRfc3339('2026-01-15T10:30', 'Mars/Olympus_Mons')).toBeNull();
  });
});

describe('localValue: an instant on a zone’s wall clock, as a datetime-local input shows it', () => {
  it('shows both instants of a repeated hour as the same wall-clock time', () => {
    expect(localValue(Date.parse('2026-04-05T02:30:00Z'), SANTIAGO)).toBe('2026-04-04T23:30');
    expect(localValue(Date.parse('2026-04-05T03:30:00Z'), SANTIAGO)).toBe('2026-04-04T23:30');
    expect(localValue(Date.parse('2026-09-06T04:00:00Z'), SANTIAGO)).toBe('2026-09-06T01:00');
    expect(localValue(Date.parse('2026-09-06T03:59:00Z'), SANTIAGO)).toBe('2026-09-05T23:59');
  });

  it('goes there and back: the wall clock of an instant is read as that instant (the earlier, if twice)', () => {
    const zones = [SANTIAGO, 'America/El_Salvador', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, tz) => {
          const minute = ms - (ms % 60_000);
          const local = localValue(ms, tz);
          const back = zonedToRfc3339(local, tz)!;
          expect(back.slice(0, 16)).toBe(local);
          const at = Date.parse(back);
          // the same instant, or the first of the two a repeated wall-clock time names
          expect(at === minute || (at < minute && minute - at <= 3600_000)).toBe(true);
          if (at !== minute) expect(localValue(at, tz)).toBe(local);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
