/**
 * Visits as the visits page makes and shows them: the request bodies, the form field a refusal names,
 * a visit's time on the facility's clock. Pure, so it is tested without a browser.
 */

import type { components } from '../../api-schema.js';
import { zonedToRfc3339 } from '../../zoned.js';

type Schemas = components['schemas'];

export const VISIT_KINDS = ['family', 'legal', 'intimate'] as const;
export const VISITOR_KINDS = ['family', 'legal', 'other'] as const;
export const OUTCOMES = ['held', 'cancelled', 'no-show', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A visitor of GET /visitors. */
export type Visitor = Schemas['Visitor'];
/** A visitor enrolled for a person (GET /people/{id}/visitors). */
export type EnrolledVisitor = Schemas['PersonVisitors']['visitors'][number];
/** One visit of the day (GET /facilities/{code}/visits?date=). */
export type DayVisit = Schemas['FacilityVisit'];
export type DayVisits = Schemas['FacilityVisits'];
/** A visit session (GET /facilities/{code}/visit-sessions?date=: the day's, with the visits booked). */
export type VisitSession = Schemas['VisitSession'];

/** The booking form's fields, as typed: times on the facility's wall clock (datetime-local). */
export const EMPTY_BOOKING = { kind: 'family' as string, startsAt: '', endsAt: '' };
export type BookingForm = typeof EMPTY_BOOKING;

/** An instant from a wall-clock value in the facility's zone; as typed when it is none, for the server to refuse in words. */
const instant = (local: string, tz: string) => zonedToRfc3339(local, tz) ?? local.trim();

/** POST /visits. */
export function visitBody(personId: string, visitorIds: string[], f: BookingForm, tz: string) {
  return {
    personId,
    visitorIds,
    kind: f.kind,
    startsAt: instant(f.startsAt, tz),
    endsAt: instant(f.endsAt, tz),
  };
}

export const EMPTY_SESSION = {
  startsAt: '',
  endsAt: '',
  capacity: '10',
  kinds: ['family', 'legal'] as string[],
};
export type SessionForm = typeof EMPTY_SESSION;

/** A whole number as typed becomes one; anything else is sent as written, for the server to refuse in words. */
export const whole = (s: string): number | string => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : s.trim());

/** POST /facilities/{code}/visit-sessions. */
export const sessionBody = (f: SessionForm, tz: string) => ({
  startsAt: instant(f.startsAt, tz),
  endsAt: instant(f.endsAt, tz),
  capacity: whole(f.capacity),
  kinds: f.kinds,
});

export const EMPTY_VISITOR = { givenNames: '', familyNames: '', nationalId: '', dateOfBirth: '' };
export type VisitorForm = typeof EMPTY_VISITOR;

/** POST /visitors: a date of birth only when given. */
export const visitorBody = (f: VisitorForm) => ({
  givenNames: f.givenNames.trim(),
  familyNames: f.familyNames.trim(),
  nationalId: f.nationalId.trim(),
  ...(f.dateOfBirth ? { dateOfBirth: f.dateOfBirth } : {}),
});

/** POST /visits/{id}/outcome: a reason only when given. */
export const outcomeBody = (outcome: Outcome, reason: string) => ({
  outcome,
  ...(reason.trim() ? { reason: reason.trim() } : {}),
});

const FIELDS: Record<string, Record<string, string>> = {
  booking: {
    personId: 'person',
    visitorIds: 'visitors',
    visitorId: 'visitors',
    kind: 'kind',
    startsAt: 'startsAt',
    endsAt: 'endsAt',
  },
  visitor: {
    givenNames: 'givenNames',
    familyNames: 'familyNames',
    nationalId: 'nationalId',
    dateOfBirth: 'dateOfBirth',
  },
  enrol: { visitorId: 'visitor', relationship: 'relationship', kind: 'kind', personId: 'person' },
  session: { startsAt: 'startsAt', endsAt: 'endsAt', capacity: 'capacity', kinds: 'kinds' },
  outcome: { outcome: 'outcome', reason: 'reason' },
};
export type FormName = keyof typeof FIELDS;

/**
 * The field of a form that a violation's subject names: `visitorIds/1`, `visitorIds.1` or
 * `/visitorIds/1` are the visitors; a visitor's id as the subject of a rule on that visitor too. Null: none.
 */
export function fieldOf(
  form: FormName,
  subject: string | undefined,
  visitorIds: string[] = [],
): string | null {
  if (!subject) return null;
  const map = FIELDS[form] ?? {};
  const head = subject.replace(/^\//, '').split(/[./[]/)[0] ?? '';
  if (map[head]) return map[head];
  if (form === 'booking' && visitorIds.includes(subject)) return 'visitors';
  return null;
}

/** A visit's time on the facility's clock: "10:00–11:00" (the date is the day's listing's). */
export function timeRange(startsAt: string, endsAt: string, tz: string, lang: string): string {
  const f = new Intl.DateTimeFormat(lang === 'es' ? 'es' : 'en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${f.format(new Date(startsAt))}–${f.format(new Date(endsAt))}`;
}

/**
 * The roles the server lets write (src/api/routes/{visits,open-air,activities}.ts): a page offers
 * its forms to them only; the server still checks, and its refusal would be shown in words.
 */
export const WRITERS = {
  visits: ['records', 'officer', 'governor'],
  sessions: ['governor'],
  openAir: ['officer', 'governor'],
  activities: ['records', 'officer', 'governor'],
  newActivity: ['governor'],
} as const;
export const mayWrite = (roles: readonly string[], what: keyof typeof WRITERS) =>
  roles.some((r) => (WRITERS[what] as readonly string[]).includes(r));

/** "Family, Given": a person or visitor as listed. */
export const fullName = (x: { givenNames?: string | null; familyNames?: string | null; names?: string }) =>
  x.names || [x.familyNames, x.givenNames].filter(Boolean).join(', ') || '—';

/** A day's start time (`date` at `hh:mm`) as a datetime-local value. */
export const at = (date: string, hhmm: string) => `${date}T${hhmm}`;
