import { Temporal } from 'temporal-polyfill';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Is `tz` an IANA time zone this runtime knows? */
export function isTimeZone(tz: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instants a custody record can speak of: from 1900 to 2200. Outside them a time is a typo
 * (0001-01-01, 9999-12-31), and the database's ranges and the zone rules stop being exact.
 */
export const EARLIEST_INSTANT = Date.UTC(1900, 0, 1);
export const LATEST_INSTANT = Date.UTC(2200, 0, 1);

/**
 * An instant from an RFC 3339 time with offset, or from a date (the start of that day in `tz`).
 * Returns null when the text is neither, or falls outside [EARLIEST_INSTANT, LATEST_INSTANT).
 */
export function parseInstant(text: string, tz = 'UTC'): Date | null {
  let ms: number;
  try {
    ms = DATE_ONLY.test(text)
      ? Temporal.PlainDate.from(text).toZonedDateTime({ timeZone: tz }).epochMilliseconds
      : Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return null;
  }
  return ms >= EARLIEST_INSTANT && ms < LATEST_INSTANT ? new Date(ms) : null;
}

/** The calendar date of an instant in a time zone, YYYY-MM-DD. */
export function dateIn(at: Date, tz: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(tz).toPlainDate().toString();
}

/** An instant shown in a facility's time zone with its offset, e.g. 2026-02-01T03:00:00-06:00. */
export function formatIn(at: Date, tz: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(tz)
    .toString({ timeZoneName: 'never', smallestUnit: 'millisecond' })
    .replace(/\.000(?=[+-Z])/, '');
}

/**
 * `formatIn` for the instants from `at` until the zone's next change of offset (`until`): the same text,
 * without the zone rules on every call (for answers written many times a second).
 */
export function offsetFormatter(at: Date, tz: string): { until: number; format: (ms: number) => string } {
  const zdt = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(tz);
  const offsetMs = zdt.offsetNanoseconds / 1e6;
  const next = zdt.getTimeZoneTransition('next');
  return {
    until: next ? next.epochMilliseconds : Number.POSITIVE_INFINITY,
    format: (ms) => {
      const local = new Date(ms + offsetMs).toISOString(); // ...THH:MM:SS.mmmZ, in local time
      return `${local.endsWith('.000Z') ? local.slice(0, -5) : local.slice(0, -1)}${zdt.offset}`;
    },
  };
}

/** Start and end (exclusive) of the calendar day containing `at` in `tz`. */
export function dayBounds(at: Date, tz: string): { start: Date; end: Date } {
  const day = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(tz).toPlainDate();
  const start = day.toZonedDateTime({ timeZone: tz });
  const end = day.add({ days: 1 }).toZonedDateTime({ timeZone: tz });
  return { start: new Date(start.epochMilliseconds), end: new Date(end.epochMilliseconds) };
}
