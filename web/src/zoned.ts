/** Wall-clock times in a facility's time zone (datetime-local inputs) and instants, by the zone rules. */
import { Temporal } from 'temporal-polyfill';

/** The value of a datetime-local input for the instant, on the wall clock of `tz`. */
export function localValue(ms: number, tz: string): string {
  return Temporal.Instant.fromEpochMilliseconds(ms)
    .toZonedDateTimeISO(tz)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' });
}

const LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/;

/**
 * A datetime-local value (`2026-03-01T14:30`, or with a space), read on the wall clock of `tz`, as an RFC 3339 instant
 * with that zone's offset (`2026-03-01T14:30:00-03:00`). A time that happens twice (clocks going back) is the
 * earlier; a time skipped by a clock change is read with the offset before the change (so 00:30 on a night
 * that jumps from 00:00 to 01:00 is 01:30). Null when the value is not a real date and time.
 */
export function zonedToRfc3339(local: string, tz: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  try {
    return Temporal.PlainDateTime.from(`${m[1]}T${m[2]}`, { overflow: 'reject' })
      .toZonedDateTime(tz, { disambiguation: 'compatible' })
      .toString({ timeZoneName: 'never', smallestUnit: 'second' });
  } catch {
    // not a date (2026-02-30, 25:00), or not a time zone
    return null;
  }
}

/** The calendar date (YYYY-MM-DD) of the instant on the wall clock of `tz`. */
export function dateIn(ms: number, tz: string): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toPlainDate().toString();
}

/** A calendar date (YYYY-MM-DD) `days` later (earlier when negative); null when it is not one. */
export function addDays(date: string, days: number): string | null {
  try {
    return Temporal.PlainDate.from(date, { overflow: 'reject' }).add({ days }).toString();
  } catch {
    return null;
  }
}
