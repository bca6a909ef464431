import { Temporal } from 'temporal-polyfill';
import type { Span } from './profile.js';

/**
 * When something started at `start` is due, in the facility's time zone: hours are exact elapsed
 * time (24 hours across a DST change are 24 real hours); days and months are calendar steps that
 * keep the local time of day (15 days after 10:00 is 10:00, whatever the clocks did).
 */
export function dueAt(start: Date, within: Span, timeZone: string): Date {
  // exact hours need no calendar: the common case, kept fast for tens of thousands of duties
  if (!within.months && !within.days) return new Date(start.getTime() + (within.hours ?? 0) * 3_600_000);
  const z = Temporal.Instant.fromEpochMilliseconds(start.getTime()).toZonedDateTimeISO(timeZone);
  const due = z.add({ months: within.months ?? 0, days: within.days ?? 0 }).add({ hours: within.hours ?? 0 });
  return new Date(due.epochMilliseconds);
}

/** Whole calendar days from `start` to `at` in the zone (a segregation's consecutive days). */
export function daysBetween(start: Date, at: Date, timeZone: string): number {
  const a = Temporal.Instant.fromEpochMilliseconds(start.getTime()).toZonedDateTimeISO(timeZone);
  const b = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);
  return a.until(b, { largestUnit: 'days' }).days;
}
