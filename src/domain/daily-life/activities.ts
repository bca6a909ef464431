import type { Violation } from '../violation.js';

/**
 * Rules of activities: work, education and programmes a facility offers, with places, allocations,
 * a waiting list and attendance (docs/daily-life.md). Pure: the store gathers the facts.
 *
 * Sources:
 * - Mandela Rule 4(2): the administration offers education, vocational training and work, and other
 *   forms of assistance, in line with each person's treatment needs.
 * - Mandela Rule 96: sentenced people have the opportunity to work; sufficient work is provided.
 * - Mandela Rule 104: education is provided for all able to profit from it.
 * - Keeping people apart (as in housing, docs/housing.md; Mandela Rules 1 and 89(2), safety of
 *   everyone): an activity puts people together, so it never gathers two people under an open
 *   individual non-association (of any scope: they share the activity whatever their cells), nor
 *   members of rival groups whose rivalry holds for the whole facility.
 *
 * Rule ids:
 * - `invalid-field` (400): code 1-40 characters of [A-Za-z0-9._-], name 1-200, places 1-10000;
 *   attendance minutes 0-1440, nobody both present and absent, nobody named twice.
 * - `activity-exists` (409): a facility has one activity per code.
 * - `unknown-activity` (404): the activity is not one of the facility's.
 * - `not-in-facility` (409): the person is held, but in another facility.
 * - `already-allocated` (409): the person already has an open allocation to the activity.
 * - `already-waiting` (409): the person is already on its waiting list.
 * - `activity-full` (409, Rules 96/104 count places): open allocations of people still held there
 *   take every place.
 * - `non-association` (409): someone allocated to it must be kept apart from the person.
 * - `allocation-ended` (409): an ended allocation is not ended again.
 * - `date-in-future` (409): attendance is recorded for a day that has begun (facility zone).
 * - `not-allocated` (409): everyone in an attendance record was allocated to it that day.
 */

export const ACTIVITY_KINDS = ['work', 'education', 'programme'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const CODE_PATTERN = /^[A-Za-z0-9._-]{1,40}$/;
export const MAX_PLACES = 10_000;
export const MAX_NAME = 200;

export interface ActivityInput {
  facility: string;
  code: string;
  name: string;
  kind: ActivityKind;
  places: number;
}

const bad = (field: string, problem: string): Violation => ({
  rule: 'invalid-field',
  subject: field,
  params: { field, problem },
});

/** The fields of a new activity that are out of bounds (400), each named. */
export function activityFieldErrors(a: ActivityInput): Violation[] {
  const out: Violation[] = [];
  if (!CODE_PATTERN.test(a.code)) out.push(bad('code', '1 to 40 characters among A-Z a-z 0-9 . _ -'));
  if (a.name.trim().length < 1 || a.name.length > MAX_NAME) out.push(bad('name', '1 to 200 characters'));
  if (!Number.isInteger(a.places) || a.places < 1 || a.places > MAX_PLACES)
    out.push(bad('places', 'a whole number from 1 to 10000'));
  if (!(ACTIVITY_KINDS as readonly string[]).includes(a.kind))
    out.push(bad('kind', 'work, education or programme'));
  return out;
}

/** A person as an activity's rules see them: who, in words, and their groups. */
export interface Participant {
  personId: string;
  /** the person in words (names), for messages */
  label: string;
  groups: string[];
}

/** An open individual non-association (any scope keeps the two out of one activity). */
export interface KeptApart {
  a: string;
  b: string;
  scope: string;
}

/** A rivalry between two groups, with the scope it holds at; only `facility` scope bars an activity. */
export interface Rivalry {
  a: string;
  b: string;
  scope: string;
}

export interface AllocationFacts {
  facility: string;
  /** the activity's code and name */
  activity: { code: string; name: string; places: number };
  person: Participant;
  /** the facility where the person is held now */
  heldIn: string;
  /** whether the person has an open allocation to it in their current custody */
  allocated: boolean;
  /** people allocated to it now whose custody is still open in this facility */
  others: Participant[];
  pairs: KeptApart[];
  rivalries: Rivalry[];
}

/** `not-in-facility` when the person is held elsewhere (the subject names the field). */
export function notHere(personId: string, label: string, heldIn: string, facility: string): Violation[] {
  if (heldIn === facility) return [];
  return [{ rule: 'not-in-facility', subject: 'personId', params: { person: label, personId, facility } }];
}

/** Who allocated to the activity must be kept apart from the person: one violation each. */
export function keptApartFrom(f: AllocationFacts): Violation[] {
  const out: Violation[] = [];
  const where = `${f.activity.name} (${f.activity.code})`;
  const me = f.person;
  for (const o of f.others) {
    if (o.personId === me.personId) continue;
    const pair = f.pairs.find(
      (p) => (p.a === me.personId && p.b === o.personId) || (p.b === me.personId && p.a === o.personId),
    );
    if (pair) {
      out.push({
        rule: 'non-association',
        message: 'non-association.activity.individual',
        subject: 'personId',
        params: {
          person: me.label,
          other: o.label,
          otherId: o.personId,
          activity: f.activity.code,
          where,
          scope: pair.scope,
          kind: 'individual',
        },
      });
      continue;
    }
    const rival = rivalGroups(me.groups, o.groups, f.rivalries);
    if (rival)
      out.push({
        rule: 'non-association',
        message: 'non-association.activity.rival',
        subject: 'personId',
        params: {
          person: me.label,
          other: o.label,
          otherId: o.personId,
          activity: f.activity.code,
          where,
          scope: 'facility',
          kind: 'rival-group',
          group: rival.group,
          rival: rival.rival,
        },
      });
  }
  return out;
}

/** The first pair of groups (mine, theirs) rival at facility scope, if any. */
export function rivalGroups(
  mine: string[],
  theirs: string[],
  rivalries: Rivalry[],
): { group: string; rival: string } | null {
  for (const g of mine)
    for (const h of theirs)
      if (
        rivalries.some(
          (r) => r.scope === 'facility' && ((r.a === g && r.b === h) || (r.a === h && r.b === g)),
        )
      )
        return { group: g, rival: h };
  return null;
}

/**
 * Every reason the person cannot be allocated (409), empty when they can: held elsewhere, already
 * allocated, then all of: no place left, and everyone allocated there who must be kept apart.
 */
export function allocationRefusals(f: AllocationFacts): Violation[] {
  const elsewhere = notHere(f.person.personId, f.person.label, f.heldIn, f.facility);
  if (elsewhere.length) return elsewhere;
  if (f.allocated)
    return [
      {
        rule: 'already-allocated',
        subject: 'personId',
        params: { person: f.person.label, activity: f.activity.code },
      },
    ];
  const out: Violation[] = [];
  if (f.others.length >= f.activity.places)
    out.push({
      rule: 'activity-full',
      subject: 'activity',
      params: { activity: f.activity.code, name: f.activity.name, places: f.activity.places },
    });
  out.push(...keptApartFrom(f));
  return out;
}

/** Why a person cannot join the waiting list (409): held elsewhere, allocated, or already waiting. */
export function waitlistRefusals(f: {
  facility: string;
  activity: string;
  person: { personId: string; label: string };
  heldIn: string;
  allocated: boolean;
  waiting: boolean;
}): Violation[] {
  const elsewhere = notHere(f.person.personId, f.person.label, f.heldIn, f.facility);
  if (elsewhere.length) return elsewhere;
  const params = { person: f.person.label, activity: f.activity };
  if (f.allocated) return [{ rule: 'already-allocated', subject: 'personId', params }];
  if (f.waiting) return [{ rule: 'already-waiting', subject: 'personId', params }];
  return [];
}

export interface AttendanceInput {
  date: string;
  minutes: number;
  present: string[];
  absent: { personId: string; reason: string }[];
}

/** Where each person is named in an attendance record: `present[i]` or `absent[i].personId`. */
export function attendanceSubjects(a: AttendanceInput): Map<string, string> {
  const at = new Map<string, string>();
  a.present.forEach((p, i) => {
    if (!at.has(p)) at.set(p, `present[${i}]`);
  });
  a.absent.forEach((x, i) => {
    if (!at.has(x.personId)) at.set(x.personId, `absent[${i}].personId`);
  });
  return at;
}

/** The fields of an attendance record that are wrong in themselves (400), each named. */
export function attendanceFieldErrors(a: AttendanceInput): Violation[] {
  const out: Violation[] = [];
  if (!Number.isInteger(a.minutes) || a.minutes < 0 || a.minutes > 1440)
    out.push(bad('minutes', 'a whole number of minutes from 0 to 1440'));
  const seen = new Map<string, string>();
  const named = [
    ...a.present.map((p, i) => ({ personId: p, field: `present[${i}]` })),
    ...a.absent.map((x, i) => ({ personId: x.personId, field: `absent[${i}].personId` })),
  ];
  for (const n of named) {
    const first = seen.get(n.personId);
    if (first === undefined) seen.set(n.personId, n.field);
    else out.push(bad(n.field, `${n.personId} is already named at ${first}`));
  }
  return out;
}

/** `date-in-future` for attendance on a day after `today` (both YYYY-MM-DD in the facility's zone). */
export function attendanceDateRefusals(date: string, today: string): Violation[] {
  if (date <= today) return [];
  return [{ rule: 'date-in-future', subject: 'date', params: { date, today } }];
}

/** `not-allocated` for each person named who was not allocated to the activity on that day. */
export function notAllocatedRefusals(
  a: AttendanceInput,
  activity: string,
  allocatedThatDay: Set<string>,
  label: (personId: string) => string = (id) => id,
): Violation[] {
  const out: Violation[] = [];
  for (const [personId, subject] of attendanceSubjects(a))
    if (!allocatedThatDay.has(personId))
      out.push({
        rule: 'not-allocated',
        subject,
        params: { person: label(personId), personId, activity, date: a.date },
      });
  return out;
}

/** The share of people held who have an activity: 0 with nobody held, else rounded to 4 places. */
export function activityShare(held: number, withActivity: number): number {
  if (held <= 0) return 0;
  return Math.round((withActivity / held) * 10_000) / 10_000;
}
