import type { VisitEntitlement } from '../safeguards/profile.js';
import type { Violation } from '../violation.js';

/**
 * Rules for visitors and visits (docs/daily-life.md). Pure: the store looks up what they judge.
 * Sources: the Mandela Rules (rule 58: contact with family and friends at regular intervals; rule 61:
 * a legal adviser is seen without delay, interception or censorship, in full confidentiality, and this
 * is never withheld as a sanction; rule 43(3): family contact is restricted only for a limited time and
 * as strictly required for security and order) and the national profile's entitlement
 * (`dailyLife.visits`, e.g. Chile's Decreto 518).
 *
 * Rule ids: 400 `visit-ends-before-start`, `visit-too-long`, `duplicate-visitor`,
 * `visit-session-ends-before-start`, `visit-session-too-long`, `ban-ends-before-start`;
 * 409 `visitor-exists`, `visitor-not-enrolled`, `visitor-not-legal`, `visitor-legal-only`,
 * `visitor-banned`, `visits-restricted`, `too-many-visitors`, `visit-overlap`, `visit-session-full`,
 * `outside-visit-session`, `non-association`, `visit-outcome-recorded`, `visitor-ban-lifted`
 * (the session and non-association rules are in ./visit-sessions.ts).
 */

export const VISIT_KINDS = ['family', 'legal', 'intimate'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISITOR_KINDS = ['family', 'legal', 'other'] as const;
export type VisitorKind = (typeof VISITOR_KINDS)[number];
export const VISIT_OUTCOMES = ['held', 'cancelled', 'no-show', 'refused'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
export type VisitStatus = 'booked' | VisitOutcome;
/** Visits that take a place and a time: booked, or already held. */
export const TAKING_PLACE: readonly VisitStatus[] = ['booked', 'held'];

/** A visit (or a session) lasts at most a day: a longer one is a typo, not a visit. */
export const MAX_VISIT_HOURS = 24;
const MAX_MS = MAX_VISIT_HOURS * 3_600_000;

/**
 * `visit-ends-before-start` (400, subject `endsAt`): a visit ends after it starts (issue 16, bad input:
 * "a visit that ends before it starts"). `visit-too-long` (400, subject `endsAt`): at most 24 hours.
 * The same rules for a visit session use the ids `visit-session-…`.
 */
export function checkInterval(
  startsAt: Date,
  endsAt: Date,
  what: 'visit' | 'visit-session' = 'visit',
): Violation[] {
  const params = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
  if (endsAt <= startsAt) return [{ rule: `${what}-ends-before-start`, subject: 'endsAt', params }];
  if (endsAt.getTime() - startsAt.getTime() > MAX_MS)
    return [{ rule: `${what}-too-long`, subject: 'endsAt', params: { ...params, hours: MAX_VISIT_HOURS } }];
  return [];
}

/** `duplicate-visitor` (400, subject `visitorIds[i]`): a visitor is named once in a booking. */
export function checkDistinctVisitors(visitorIds: readonly string[]): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  visitorIds.forEach((id, i) => {
    if (seen.has(id))
      out.push({ rule: 'duplicate-visitor', subject: `visitorIds[${i}]`, params: { visitor: id } });
    seen.add(id);
  });
  return out;
}

/** `ban-ends-before-start` (400, subject `until`): a ban's end date is on or after its first day. */
export function checkBanDates(from: string, until: string): Violation[] {
  return until < from ? [{ rule: 'ban-ends-before-start', subject: 'until', params: { from, until } }] : [];
}

/** Names compared for identity: case, accents and spacing aside. */
export const normalName = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** Whether a registration names the visitor already registered under the same document. */
export const sameVisitor = (
  a: { givenNames: string; familyNames: string },
  b: { givenNames: string; familyNames: string },
) =>
  normalName(a.givenNames) === normalName(b.givenNames) &&
  normalName(a.familyNames) === normalName(b.familyNames);

/**
 * `visitor-exists` (409, subject `nationalId`): one registry entry per identity document; the same
 * document under other names is refused (registering the same person again answers the entry).
 */
export function checkRegistration(
  input: { givenNames: string; familyNames: string; nationalId: string },
  existing: { visitorId: string; givenNames: string; familyNames: string } | undefined,
): { existing: boolean; violations: Violation[] } {
  if (!existing) return { existing: false, violations: [] };
  if (sameVisitor(input, existing)) return { existing: true, violations: [] };
  return {
    existing: true,
    violations: [
      {
        rule: 'visitor-exists',
        subject: 'nationalId',
        params: { visitorId: existing.visitorId, nationalId: input.nationalId },
      },
    ],
  };
}

/**
 * Whom a person may receive (Mandela rule 58; Decreto 518 art. 49: visitors the person has named).
 * - `visitor-not-enrolled`: the visitor is not enrolled for this person.
 * - `visitor-not-legal`: a legal visit is only with visitors enrolled as legal advisers (rule 61's
 *   confidentiality is theirs, not a relative's).
 * - `visitor-legal-only`: a family or intimate visit is with visitors enrolled as family or other; a
 *   legal adviser comes on a legal visit.
 * Subject `visitorIds[i]`.
 */
export function checkEnrolments(
  kind: VisitKind,
  personId: string,
  visitorIds: readonly string[],
  enrolled: ReadonlyMap<string, VisitorKind>,
): Violation[] {
  const out: Violation[] = [];
  visitorIds.forEach((visitor, i) => {
    const subject = `visitorIds[${i}]`;
    const as = enrolled.get(visitor);
    if (!as) out.push({ rule: 'visitor-not-enrolled', subject, params: { visitor, person: personId } });
    else if (kind === 'legal' && as !== 'legal')
      out.push({ rule: 'visitor-not-legal', subject, params: { visitor, person: personId, enrolledAs: as } });
    else if (kind !== 'legal' && as === 'legal')
      out.push({ rule: 'visitor-legal-only', subject, params: { visitor, person: personId, kind } });
  });
  return out;
}

export interface Ban {
  banId: string;
  visitorId: string;
  /** null: every facility */
  facility: string | null;
  /** calendar dates, both included */
  from: string;
  until: string;
  lifted: boolean;
}

/** Whether a ban stops its visitor visiting `facility` on `date` (a date in the facility's zone). */
export const banCovers = (b: Ban, facility: string, date: string) =>
  !b.lifted && (b.facility === null || b.facility === facility) && b.from <= date && date <= b.until;

/**
 * `visitor-banned` (409, subject `visitorIds[i]`): a visitor banned from the facility on the visit's
 * day is refused, whatever the kind of visit: a ban is on the visitor (a lawyer too), while rule 61
 * protects the person from sanctions.
 */
export function checkBans(
  visitorIds: readonly string[],
  bans: readonly Ban[],
  facility: string,
  date: string,
): Violation[] {
  const out: Violation[] = [];
  visitorIds.forEach((visitor, i) => {
    const ban = bans.find((b) => b.visitorId === visitor && banCovers(b, facility, date));
    if (ban)
      out.push({
        rule: 'visitor-banned',
        subject: `visitorIds[${i}]`,
        params: { visitor, until: ban.until, facility, banId: ban.banId },
      });
  });
  return out;
}

/** A disciplinary sanction that restricts visits of some kinds during a time (discipline, a later issue). */
export interface VisitRestriction {
  /** the kinds it restricts; a legal visit is never restricted, whatever is written here */
  kinds: readonly VisitKind[];
  from: Date;
  /** exclusive; null: until lifted */
  until: Date | null;
  reference: string;
}

/**
 * `visits-restricted` (409, subject `kind`): a sanction restricting this kind of visit for any part of
 * its time [at, end) — the visit overlaps [from, until) — (Mandela rule 43(3): family contact
 * restricted only for a limited time, as a sanction). A legal visit is NEVER restricted (Mandela rule
 * 61(1); contract: "A legal visit is never refused for a sanction"). Without `end`, the instant `at`.
 */
export function checkRestrictions(
  kind: VisitKind,
  restrictions: readonly VisitRestriction[],
  at: Date,
  end?: Date,
): Violation[] {
  if (kind === 'legal') return [];
  const r = restrictions.find(
    (x) =>
      x.kinds.includes(kind) &&
      (x.until === null || at < x.until) &&
      (end && end > at ? end > x.from : at >= x.from),
  );
  if (!r) return [];
  return [
    {
      rule: 'visits-restricted',
      subject: 'kind',
      params: { kind, reference: r.reference, until: r.until ? r.until.toISOString() : null },
    },
  ];
}

/**
 * `too-many-visitors` (409, subject `visitorIds`): no more visitors at once than the national
 * profile's entitlement (`dailyLife.visits.maxVisitors`, with its source); no entitlement, no limit.
 */
export function checkVisitorCount(count: number, entitlement: VisitEntitlement | undefined): Violation[] {
  if (!entitlement || count <= entitlement.maxVisitors) return [];
  return [
    {
      rule: 'too-many-visitors',
      subject: 'visitorIds',
      params: { count, max: entitlement.maxVisitors, source: entitlement.ref },
    },
  ];
}

/**
 * `visit-overlap` (409, subject `startsAt`): a person is in one visit at a time; a booked or held
 * visit overlapping the new one refuses it.
 */
export function checkOverlap(
  startsAt: Date,
  endsAt: Date,
  visits: readonly { visitId: string; startsAt: Date; endsAt: Date }[],
): Violation[] {
  const v = visits.find((x) => x.startsAt < endsAt && startsAt < x.endsAt);
  if (!v) return [];
  return [
    {
      rule: 'visit-overlap',
      subject: 'startsAt',
      params: { visit: v.visitId, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() },
    },
  ];
}

/**
 * `visit-outcome-recorded` (409, subject `visitId`): an outcome is recorded once, for a booked visit;
 * what became of it is not rewritten (a correction would be its own event).
 */
export function checkOutcome(visitId: string, status: VisitStatus): Violation[] {
  return status === 'booked'
    ? []
    : [{ rule: 'visit-outcome-recorded', subject: 'visitId', params: { visit: visitId, status } }];
}

/** `visitor-ban-lifted` (409, subject `banId`): a ban is lifted once. */
export function checkLift(banId: string, lifted: boolean): Violation[] {
  return lifted ? [{ rule: 'visitor-ban-lifted', subject: 'banId', params: { banId } }] : [];
}
