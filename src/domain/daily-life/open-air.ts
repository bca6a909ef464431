import type { Violation } from '../violation.js';

/**
 * Open air and time out of cell, as given (docs/daily-life.md). Pure rules: what a record must be,
 * how a person and a day are judged on the records, and runs of days (islands) alone in a cell.
 *
 * Sources: Mandela Rules, rule 23(1) (at least one hour of suitable exercise in the open air daily);
 * rules 43-44 (solitary confinement: 22 hours or more a day without meaningful human contact, prohibited
 * for more than 15 consecutive days).
 */

export type UnitTimeKind = 'open-air' | 'out-of-cell';

/** What a unit was given on a day, as sent (POST .../open-air, .../time-out-of-cell). */
export interface UnitTimeInput {
  unit: string;
  date: string;
  minutes: number;
  exceptions?: { personId: string; reason: string }[];
}

/** A day has 1440 minutes; a record gives between 0 and all of them. */
export const MAX_MINUTES = 1440;
/** At most this many people named as exceptions in one record. */
export const MAX_EXCEPTIONS = 2000;
export const MAX_REASON = 500;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Is `text` a real calendar date, YYYY-MM-DD (no 2026-02-30)? */
export function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * The checks of a record that need nothing stored (400, each naming its field): minutes in 0..1440,
 * a calendar date, at most 2000 exceptions, each person once, each reason 1-500 characters.
 */
export function checkUnitTime(input: UnitTimeInput): Violation[] {
  const out: Violation[] = [];
  if (!Number.isInteger(input.minutes) || input.minutes < 0 || input.minutes > MAX_MINUTES)
    out.push({
      rule: 'minutes-out-of-range',
      subject: 'minutes',
      params: { minutes: input.minutes, max: MAX_MINUTES },
    });
  if (!isCalendarDate(input.date))
    out.push({ rule: 'bad-date', subject: 'date', params: { date: input.date } });
  const exceptions = input.exceptions ?? [];
  if (exceptions.length > MAX_EXCEPTIONS)
    out.push({ rule: 'too-many-exceptions', subject: 'exceptions', params: { max: MAX_EXCEPTIONS } });
  const seen = new Set<string>();
  exceptions.forEach((e, i) => {
    if (seen.has(e.personId))
      out.push({
        rule: 'duplicate-exception',
        subject: `exceptions[${i}].personId`,
        params: { person: e.personId },
      });
    seen.add(e.personId);
    const n = [...e.reason].length;
    if (n < 1 || n > MAX_REASON || e.reason.trim() === '')
      out.push({ rule: 'reason-length', subject: `exceptions[${i}].reason`, params: { max: MAX_REASON } });
  });
  return out;
}

/** 409 `date-in-future`: a record speaks of a day that has happened (today included), in the facility's zone. */
export function checkNotFuture(date: string, today: string): Violation[] {
  return date > today ? [{ rule: 'date-in-future', subject: 'date', params: { date, today } }] : [];
}

/** Days from `a` to `b` (YYYY-MM-DD), b − a. */
export const daysFrom = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
/** The date `n` days after `d`. */
export const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The longest window a compliance report judges on records. */
export const MAX_WINDOW_DAYS = 366;
/** The default window: the last 7 days, today included. */
export const DEFAULT_WINDOW_DAYS = 7;

/**
 * The window of a compliance report: [from, to] as given, or the last 7 days ending today (in the
 * facility's zone). 400 when a date is not one, when to < from, or when it spans more than 366 days.
 */
export function complianceWindow(
  q: { from?: string; to?: string },
  today: string,
): { window: { from: string; to: string }; violations: Violation[] } {
  const violations: Violation[] = [];
  for (const f of ['from', 'to'] as const) {
    const v = q[f];
    if (v !== undefined && !isCalendarDate(v))
      violations.push({ rule: 'bad-date', subject: f, params: { date: v } });
  }
  if (violations.length) return { window: { from: today, to: today }, violations };
  const to = q.to ?? (q.from !== undefined && q.from > today ? q.from : today);
  const from = q.from ?? plusDays(to, -(DEFAULT_WINDOW_DAYS - 1));
  if (to < from) violations.push({ rule: 'window-reversed', subject: 'to', params: { from, to } });
  else if (daysFrom(from, to) + 1 > MAX_WINDOW_DAYS)
    violations.push({ rule: 'window-too-long', subject: 'to', params: { from, to, max: MAX_WINDOW_DAYS } });
  return { window: { from, to }, violations };
}

/**
 * The per person and day judgement (mandela-23), the definition the set-based query of
 * src/store/daily-life-compliance.ts computes without a row per person and day:
 * - judged days: the days of the window with at least one open-air record in the facility (any unit);
 * - a person is judged on a judged day when one stay of theirs in a cell covers the whole local day
 *   (00:00 to 24:00 in the facility's zone): someone admitted, moved or released that day is not judged;
 * - their minutes: the open-air records of that day of their cell and of the units above it (landing,
 *   block), added up, less the records that name them as an exception;
 * - under the profile's minimum (60 minutes in the floor) is a short person-day.
 * This function is that definition for a handful of stays (tests and explanations), not for scale.
 */
export interface StayFact {
  person: string;
  cell: string;
  /** the first and last whole local days the stay covers (null: none) */
  firstDay: string;
  lastDay: string;
}
export interface RecordFact {
  id: string;
  unit: string;
  day: string;
  minutes: number;
  exceptions: string[];
}

/** The minutes of each judged person-day: `${person}|${day}` → { cell, minutes }. */
export function personDays(
  stays: StayFact[],
  records: RecordFact[],
  /** a cell and the units above it */
  ancestors: (cell: string) => string[],
  window: { from: string; to: string },
): Map<string, { cell: string; person: string; day: string; minutes: number }> {
  const days = [...new Set(records.map((r) => r.day))]
    .filter((d) => d >= window.from && d <= window.to)
    .sort();
  const out = new Map<string, { cell: string; person: string; day: string; minutes: number }>();
  for (const day of days) {
    const covering = new Map<string, StayFact[]>();
    for (const s of stays)
      if (s.firstDay <= day && day <= s.lastDay)
        covering.set(s.person, [...(covering.get(s.person) ?? []), s]);
    for (const [person, ss] of covering) {
      if (ss.length !== 1) continue;
      const s = ss[0] as StayFact;
      const units = new Set(ancestors(s.cell));
      const minutes = records
        .filter((r) => r.day === day && units.has(r.unit) && !r.exceptions.includes(person))
        .reduce((a, r) => a + r.minutes, 0);
      out.set(`${person}|${day}`, { cell: s.cell, person, day, minutes });
    }
  }
  return out;
}

/** What the judgement of a cell over the window found: the shape of a `finding.open-air-given`. */
export interface ShortCell {
  cell: string;
  /** the judged days on which someone in the cell got less than the minimum */
  days: number;
  /** the short person-days */
  personDays: number;
  /** distinct people with a short day */
  people: number;
  /** the least anyone in the cell was given on a short day */
  minGiven: number;
}

/** The short cells of a set of judged person-days, under `min` minutes (the pure counterpart of the query). */
export function shortCells(
  days: Iterable<{ cell: string; person: string; day: string; minutes: number }>,
  min: number,
): ShortCell[] {
  const by = new Map<
    string,
    { days: Set<string>; people: Set<string>; personDays: number; minGiven: number }
  >();
  for (const d of days) {
    if (d.minutes >= min) continue;
    const c = by.get(d.cell) ?? { days: new Set(), people: new Set(), personDays: 0, minGiven: d.minutes };
    c.days.add(d.day);
    c.people.add(d.person);
    c.personDays++;
    c.minGiven = Math.min(c.minGiven, d.minutes);
    by.set(d.cell, c);
  }
  return [...by]
    .map(([cell, c]) => ({
      cell,
      days: c.days.size,
      personDays: c.personDays,
      people: c.people.size,
      minGiven: c.minGiven,
    }))
    .sort((a, b) => a.cell.localeCompare(b.cell, 'en', { numeric: true }));
}

/** A run of consecutive judged days a person spent alone in a cell short of time out of it. */
export interface SolitaryRun {
  person: string;
  days: number;
  from: string;
  to: string;
}

/**
 * Islands (mandela-44): runs of consecutive judged days (`judgedDays`, sorted) on which a person was
 * alone and short of time out of cell; a judged day that is not such a day ends the run, a day that is
 * not judged (no record in the facility) neither counts nor ends it. Runs longer than `maxDays`.
 */
export function solitaryRuns(
  judgedDays: string[],
  short: { person: string; day: string }[],
  maxDays: number,
): SolitaryRun[] {
  const index = new Map(judgedDays.map((d, i) => [d, i]));
  const by = new Map<string, number[]>();
  for (const s of short) {
    const i = index.get(s.day);
    if (i !== undefined) by.set(s.person, [...(by.get(s.person) ?? []), i]);
  }
  const out: SolitaryRun[] = [];
  for (const [person, idx] of by) {
    const sorted = [...new Set(idx)].sort((a, b) => a - b);
    let start = 0;
    for (let k = 1; k <= sorted.length; k++) {
      if (k < sorted.length && (sorted[k] as number) === (sorted[k - 1] as number) + 1) continue;
      const days = k - start;
      if (days > maxDays)
        out.push({
          person,
          days,
          from: judgedDays[sorted[start] as number] as string,
          to: judgedDays[sorted[k - 1] as number] as string,
        });
      start = k;
    }
  }
  return out.sort((a, b) => a.person.localeCompare(b.person) || a.from.localeCompare(b.from));
}
