import type {
  LegalBasis,
  LegalBasisInput,
  Person,
  PersonInput,
  SecurityLevel,
  Status,
} from '../custody/admission.js';
import type { Capacity, UnitInput } from '../facility/units.js';
import type { Scope } from '../housing/model.js';
import type { Regime } from '../safeguards/compliance.js';
import type { Credit, OffenceCategory, Reduction, Relation, SentenceLength } from '../sentences/sentence.js';
import type { RightsPayloadByKind } from './events-rights.js';
import { RIGHTS_EVENT_KINDS } from './events-rights.js';

/**
 * The register's events: each kind with the payload the application writes for it. What is
 * appended is one of these; what is read back is decoded into one of these by `decodePayload`
 * (events recorded before a payload was renamed keep their old fields forever: the register is
 * append-only and its hashes cover the payload as stored).
 */

// -- facilities ------------------------------------------------------------------------------------

/** A facility as created, with its units (the input as given). */
export interface FacilityCreatedPayload {
  code: string;
  name: string;
  timezone: string;
  jurisdiction: string;
  units: UnitInput[];
}

/** A cell's capacity set: the one it had before, and the new one. */
export interface CapacitySetPayload {
  unit: string;
  before: Capacity;
  capacity: Capacity;
}

/** A regime set for a facility (`unit` null) or for one of its blocks. */
export interface RegimeSetPayload {
  unit: string | null;
  regime: Regime;
}

// -- custody ---------------------------------------------------------------------------------------

export interface AdmittedPayload {
  custodyId: string;
  /** the admission first recorded the person (the event's number is their register number) */
  newPerson: boolean;
  person: Person;
  legalBasis: LegalBasis;
  status: Status;
  securityLevel: SecurityLevel | null;
  groups: string[];
  needs: string[];
  /** medical detail: withheld from staff without medical clearance */
  injuries: string | null;
  cell: string;
}

export interface ReleasedPayload {
  custodyId: string;
  reason: string;
  legalBasis: LegalBasis | null;
  /** the cell the person left */
  cell: string;
}

/**
 * A move to another cell of the same facility (the event's facility).
 * Legacy (written before the rename): `from` for `fromCell`, `to` for `toCell`.
 */
export interface MovedPayload {
  custodyId: string;
  fromCell: string;
  toCell: string;
  reason: string;
}

/**
 * A transfer to another facility (the event's facility is the receiving one).
 * Legacy (written before the rename): `from` for `fromFacility`, `to` for `toFacility`;
 * `fromCell` and `toCell` were already so named.
 */
export interface TransferredPayload {
  custodyId: string;
  fromFacility: string;
  fromCell: string;
  toFacility: string;
  toCell: string;
  reason: string;
}

export interface DiedPayload {
  custodyId: string;
  /** the cell the person died in (or was last held in) */
  cell: string;
  /** what custody staff and oversight need: where, when and how found, what was done */
  circumstances: string;
  /** the medical cause, as medical staff or a post-mortem give it: medical detail (absent before it existed) */
  medicalCause?: string | null;
}

/** A correction of an admission: the changed fields, and their values before. */
export interface CorrectedPayload {
  reason: string;
  custodyId: string;
  changes: { person?: Partial<PersonInput>; legalBasis?: Partial<LegalBasisInput> };
  before: { person: Record<string, unknown>; legalBasis: Record<string, unknown> };
}

// -- safeguards ------------------------------------------------------------------------------------

export interface DutyFulfilledPayload {
  dutyId: string;
  /** the duty's kind (a DutyKind, as stored in the duty table) */
  kind: string;
  /** medical detail when the duty is a medical one */
  note: string;
  /** the language written information was given in (rights on admission, Mandela Rules 54-55) */
  language?: string;
}

export interface SegregationStartedPayload {
  id: string;
  authority: string;
  reason: string;
}

export interface SegregationEndedPayload {
  id: string;
  note: string;
}

export interface SegregationReviewedPayload {
  id: string;
  reviewedBy: string;
  outcome: string;
}

export interface MedicalExaminedPayload {
  custodyId: string;
  /** medical detail */
  findings: string;
  /** medical detail */
  injuries: string | null;
  /** the admission examination duty it fulfils, if one was open */
  fulfils?: string;
}

// -- groups and incidents --------------------------------------------------------------------------

export interface GroupCreatedPayload {
  code: string;
  name: string;
  rivals: string[];
  scope: Scope;
}

export interface NonAssociationOpenedPayload {
  id: string;
  personA: string;
  personB: string;
  scope: Scope;
  /** one of the store's NON_ASSOCIATION_REASONS */
  reason: string;
  details?: string;
}

export interface NonAssociationClosedPayload {
  id: string;
  reason: string;
}

export interface IncidentRecordedPayload {
  id: string;
  /** one of the store's INCIDENT_KINDS */
  kind: string;
  unit: string | null;
  people: string[];
  forceUsed: boolean;
  description: string;
}

// -- sentences -------------------------------------------------------------------------------------

/** A sentence imposed on a person in custody; the custody is `sentenced` from `imposedAt`. */
export interface SentenceImposedPayload {
  sentenceId: string;
  custodyId: string;
  caseReference: string;
  court: string;
  /** a calendar date (YYYY-MM-DD) */
  imposedAt: string;
  length: SentenceLength;
  offenceCategory: OffenceCategory;
  relation: Relation | null;
  /** the custody's status before (it is `sentenced` after) */
  statusBefore: string;
}

/** Days held elsewhere credited to a sentence (abono). */
export interface SentenceCreditedPayload extends Credit {
  sentenceId: string;
}

/** A reduction of a sentence granted (e.g. Ley 19.856). */
export interface SentenceReducedPayload extends Reduction {
  sentenceId: string;
}

/** A correction of a sentence as imposed: the changed fields, and their values before. */
export interface SentenceCorrectedPayload {
  sentenceId: string;
  reason: string;
  changes: Partial<
    Pick<
      SentenceImposedPayload,
      'caseReference' | 'court' | 'imposedAt' | 'length' | 'offenceCategory' | 'relation'
    >
  >;
  before: Partial<
    Pick<
      SentenceImposedPayload,
      'caseReference' | 'court' | 'imposedAt' | 'length' | 'offenceCategory' | 'relation'
    >
  >;
}

// -- contact and daily life (docs/daily-life.md) ---------------------------------------------------

/** A visitor entered in the registry (no person or facility: a visitor may visit anyone enrolled). */
export interface VisitorRegisteredPayload {
  visitorId: string;
  givenNames: string;
  familyNames: string;
  nationalId: string;
  /** a calendar date (YYYY-MM-DD), when known */
  dateOfBirth: string | null;
}

/** A visitor enrolled to visit a person (the event's person); a later enrolment of the pair replaces it. */
export interface VisitorEnrolledPayload {
  visitorId: string;
  relationship: string;
  kind: 'family' | 'legal' | 'other';
}

/** A visitor banned from visiting, in one facility (the event's) or everywhere, until a date. */
export interface VisitorBannedPayload {
  banId: string;
  visitorId: string;
  /** null: every facility */
  facility: string | null;
  reason: string;
  /** calendar dates (YYYY-MM-DD), both included */
  from: string;
  until: string;
}

/** A ban lifted before its end. */
export interface VisitorBanLiftedPayload {
  banId: string;
  visitorId: string;
  reason: string;
}

/** A visit session a facility offers, and how many visits it takes. */
export interface VisitSessionCreatedPayload {
  sessionId: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  kinds: ('family' | 'legal' | 'intimate')[];
}

/** A visit booked for a person (the event's person and facility). */
export interface VisitBookedPayload {
  visitId: string;
  custodyId: string;
  kind: 'family' | 'legal' | 'intimate';
  visitorIds: string[];
  startsAt: string;
  endsAt: string;
  /** the session it takes a place in, if one covers it */
  sessionId: string | null;
}

/** What became of a booked visit. */
export interface VisitOutcomePayload {
  visitId: string;
  outcome: 'held' | 'cancelled' | 'no-show' | 'refused';
  reason: string | null;
}

/**
 * Time a unit (block, landing or cell) was actually given on a day: open air, or time out of cell;
 * `exceptions` are people of the unit who did not get it, and why.
 */
export interface UnitTimePayload {
  recordId: string;
  unit: string;
  /** a calendar date (YYYY-MM-DD) in the facility's zone */
  date: string;
  minutes: number;
  exceptions: { personId: string; reason: string }[];
}

/** An activity (work, education, programme) a facility offers, with its places. */
export interface ActivityCreatedPayload {
  code: string;
  name: string;
  kind: 'work' | 'education' | 'programme';
  places: number;
}

/** A person (the event's) allocated to an activity. */
export interface ActivityAllocatedPayload {
  allocationId: string;
  activity: string;
  custodyId: string;
}

/** An allocation ended (finished, withdrawn, released, moved). */
export interface ActivityAllocationEndedPayload {
  allocationId: string;
  activity: string;
  reason: string;
}

/** A person (the event's) put on an activity's waiting list. */
export interface ActivityWaitlistedPayload {
  entryId: string;
  activity: string;
  custodyId: string;
}

/** Attendance at an activity on a day: who came and for how long, who did not and why. */
export interface ActivityAttendancePayload {
  activity: string;
  /** a calendar date (YYYY-MM-DD) */
  date: string;
  minutes: number;
  present: string[];
  absent: { personId: string; reason: string }[];
}

// -- the union -------------------------------------------------------------------------------------

/** Every event kind, with its payload (discipline and complaints in ./events-rights.ts). */
export interface PayloadByKind extends RightsPayloadByKind {
  'facility.created': FacilityCreatedPayload;
  'unit.capacity-set': CapacitySetPayload;
  'regime.set': RegimeSetPayload;
  'custody.admitted': AdmittedPayload;
  'custody.released': ReleasedPayload;
  'custody.moved': MovedPayload;
  'custody.transferred': TransferredPayload;
  'custody.died': DiedPayload;
  'record.corrected': CorrectedPayload;
  'duty.fulfilled': DutyFulfilledPayload;
  'segregation.started': SegregationStartedPayload;
  'segregation.ended': SegregationEndedPayload;
  'segregation.reviewed': SegregationReviewedPayload;
  'medical.examined': MedicalExaminedPayload;
  'group.created': GroupCreatedPayload;
  'non-association.opened': NonAssociationOpenedPayload;
  'non-association.closed': NonAssociationClosedPayload;
  'incident.recorded': IncidentRecordedPayload;
  'sentence.imposed': SentenceImposedPayload;
  'sentence.credited': SentenceCreditedPayload;
  'sentence.reduced': SentenceReducedPayload;
  'sentence.corrected': SentenceCorrectedPayload;
  'visitor.registered': VisitorRegisteredPayload;
  'visitor.enrolled': VisitorEnrolledPayload;
  'visitor.banned': VisitorBannedPayload;
  'visitor.ban-lifted': VisitorBanLiftedPayload;
  'visit-session.created': VisitSessionCreatedPayload;
  'visit.booked': VisitBookedPayload;
  'visit.outcome-recorded': VisitOutcomePayload;
  'open-air.recorded': UnitTimePayload;
  'time-out-of-cell.recorded': UnitTimePayload;
  'activity.created': ActivityCreatedPayload;
  'activity.allocated': ActivityAllocatedPayload;
  'activity.allocation-ended': ActivityAllocationEndedPayload;
  'activity.waitlisted': ActivityWaitlistedPayload;
  'activity.attendance-recorded': ActivityAttendancePayload;
}

export type EventKind = keyof PayloadByKind;
export type PayloadOf<K extends EventKind> = PayloadByKind[K];

/** A kind and its payload: `{ kind: 'custody.admitted'; payload: AdmittedPayload } | ...` */
export type RegisterEvent<K extends EventKind = EventKind> = {
  [P in K]: { kind: P; payload: PayloadByKind[P] };
}[K];

/** Every kind, in the order of `PayloadByKind`. */
export const EVENT_KINDS = [
  'facility.created',
  'unit.capacity-set',
  'regime.set',
  'custody.admitted',
  'custody.released',
  'custody.moved',
  'custody.transferred',
  'custody.died',
  'record.corrected',
  'duty.fulfilled',
  'segregation.started',
  'segregation.ended',
  'segregation.reviewed',
  'medical.examined',
  'group.created',
  'non-association.opened',
  'non-association.closed',
  'incident.recorded',
  'sentence.imposed',
  'sentence.credited',
  'sentence.reduced',
  'sentence.corrected',
  'visitor.registered',
  'visitor.enrolled',
  'visitor.banned',
  'visitor.ban-lifted',
  'visit-session.created',
  'visit.booked',
  'visit.outcome-recorded',
  'open-air.recorded',
  'time-out-of-cell.recorded',
  'activity.created',
  'activity.allocated',
  'activity.allocation-ended',
  'activity.waitlisted',
  'activity.attendance-recorded',
  ...RIGHTS_EVENT_KINDS,
] as const satisfies readonly EventKind[];

// every kind listed: a kind missing above fails here
type Missing = Exclude<EventKind, (typeof EVENT_KINDS)[number]>;
const allListed: [Missing] extends [never] ? true : Missing = true;
void allListed;

export const isEventKind = (kind: string): kind is EventKind =>
  (EVENT_KINDS as readonly string[]).includes(kind);

// -- reading stored payloads -----------------------------------------------------------------------

type Fields = Record<string, unknown>;

/**
 * A stored payload in the current shape of its kind. Events recorded before a field was renamed
 * keep the old name in the register forever; this is the one place that knows the old names:
 *
 * - `custody.moved`: `from` → `fromCell`, `to` → `toCell`
 * - `custody.transferred`: `from` → `fromFacility`, `to` → `toFacility`
 *
 * A payload already in the current shape is returned as it is; so is one of a kind not listed
 * (it is passed through unchanged, for a reader that shows it as stored).
 */
export function decodePayload<K extends EventKind>(kind: K, stored: unknown): PayloadOf<K>;
export function decodePayload(kind: string, stored: unknown): unknown;
export function decodePayload(kind: string, stored: unknown): unknown {
  if (stored === null || typeof stored !== 'object') return stored;
  const p = stored as Fields;
  if (kind === 'custody.moved' && !('toCell' in p)) {
    const { from, to, ...rest } = p;
    return { ...rest, fromCell: from, toCell: to };
  }
  if (kind === 'custody.transferred' && !('toFacility' in p)) {
    const { from, to, ...rest } = p;
    return { ...rest, fromFacility: from, toFacility: to };
  }
  return p;
}

/** An event read back (any other fields kept), its payload decoded into the current shape. */
export function decodeEvent<E extends { kind: string; payload: unknown }>(
  e: E,
): Omit<E, 'kind' | 'payload'> & RegisterEvent {
  return { ...e, payload: decodePayload(e.kind, e.payload) } as Omit<E, 'kind' | 'payload'> & RegisterEvent;
}
