import { Type } from 'typebox';
import { LEGAL_BASIS_KINDS, SECURITY_LEVELS, SEXES, STATUSES } from '../../domain/custody/admission.js';
import { OFFENCE_SEVERITIES, SANCTION_KINDS } from '../../domain/discipline/sanctions.js';
import { EVENT_KINDS } from '../../domain/register/events.js';
import { Closed } from '../openapi/answer.js';
import { Enum, Nullable } from '../schema-kit.js';
import { Complaint } from './complaints.js';
import { AccessLogRow, NonAssociation } from './core.js';
import { DisciplinaryCharge } from './discipline.js';
import { Incident, SafeguardDuty } from './safeguards.js';
import { ReleaseDates } from './sentences.js';

/**
 * The answers of routes/people.ts: a search, and a person's file as store/people.ts personFileFor
 * reads it and the route then shapes it (without confidential complaints or medical detail for those
 * who may not see them, the release dates' steps in words, the access log for inspectors). Its
 * complaints, charges, incidents and release dates are those their own routes answer (one type each
 * for a client).
 */

const Instant = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const CustodyStatus = Enum(STATUSES);

/** One person found, with their current or last custody. */
export const PersonFound = Closed(
  {
    personId: Type.String(),
    registerNumber: Type.Integer(),
    givenNames: Type.String(),
    familyNames: Type.String(),
    dateOfBirth: Day,
    nationalId: Nullable(Type.String()),
    facility: Nullable(Type.String({ description: 'of the latest custody' })),
    cell: Nullable(Type.String({ description: 'null once released' })),
    status: Nullable(Enum([...STATUSES, 'released'] as const, 'the latest custody’s status, or released')),
    inCustody: Type.Boolean(),
    score: Type.Number({ description: 'how well the person matches, 0 to 1' }),
  },
  { $id: 'PersonFound' },
);

/** GET /people?q= */
export const PersonSearch = Closed({ results: Type.Array(PersonFound) }, { $id: 'PersonSearch' });

// ---- the parts of a person's file ----

const LegalBasis = Closed({
  kind: Enum(LEGAL_BASIS_KINDS),
  reference: Type.String(),
  issuedBy: Type.String(),
  issuedAt: Instant,
  expiresAt: Type.Optional(Nullable(Instant)),
});

/** A custody of the person: admission, where held, release. */
const PersonCustody = Closed(
  {
    custodyId: Type.String(),
    facility: Type.String(),
    cell: Nullable(Type.String({ description: 'null once released' })),
    status: CustodyStatus,
    securityLevel: Nullable(Enum(SECURITY_LEVELS)),
    groups: Type.Array(Type.String()),
    legalBasis: Nullable(LegalBasis),
    admittedAt: Instant,
    releasedAt: Nullable(Instant),
    releaseReason: Nullable(Type.String()),
  },
  // no $id: the file holds it twice (custody, custodies), and a $id must be unique within a schema
);

/** A duty as the safeguards routes answer it; for staff without medical clearance, a medical note withheld. */
const PersonDuty = Closed({
  ...SafeguardDuty.properties,
  restricted: Type.Optional(Type.Array(Type.String(), { description: 'medical fields withheld' })),
});

const Discipline = Closed({
  charges: Type.Array(DisciplinaryCharge),
  conductRecord: Nullable(
    Type.Array(
      Closed({
        chargeId: Type.String(),
        facility: Type.String(),
        offence: Closed({ code: Type.String(), severity: Enum(OFFENCE_SEVERITIES) }),
        provedAt: Instant,
        sanctions: Type.Array(Closed({ kind: Enum(SANCTION_KINDS), days: Nullable(Type.Integer()) })),
      }),
      { description: 'proved charges and their sanctions; null where the profile keeps no such record' },
    ),
  ),
});

/** A register event about the person (its payload's shape per kind: src/domain/register/events.ts). */
const TimelineEvent = Closed({
  seq: Type.Integer(),
  kind: Enum(EVENT_KINDS),
  effectiveAt: Instant,
  recordedAt: Instant,
  actor: Type.String(),
  facility: Nullable(Type.String()),
  corrects: Nullable(Type.Integer({ description: 'the event this one corrects' })),
  correctedBy: Type.Array(Type.Integer(), { description: 'the events that correct this one' }),
  hash: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the event’s payload; medical fields withheld are named in `restricted`',
  }),
});

/** GET /people/{personId}: a person's file. */
export const PersonFile = Closed(
  {
    personId: Type.String(),
    registerNumber: Type.Integer(),
    givenNames: Type.String(),
    familyNames: Type.String(),
    dateOfBirth: Day,
    sex: Enum(SEXES),
    nationalId: Nullable(Type.String()),
    nationality: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2, when known' })),
    reach: Enum(
      ['full', 'past'] as const,
      'full: the caller’s facility holds the person now (or held them last); past: it held them before, and the file shows only its own part of the history',
    ),
    inCustody: Nullable(Type.Boolean({ description: 'null in a past file: not the old facility’s to know' })),
    custody: Nullable(PersonCustody),
    custodies: Type.Array(PersonCustody, { description: 'the newest first' }),
    duties: Type.Array(PersonDuty),
    incidents: Type.Array(Incident),
    releaseDates: Nullable(ReleaseDates),
    discipline: Discipline,
    complaints: Type.Array(Complaint, { description: 'oldest first; confidential ones to inspectors only' }),
    nonAssociations: Type.Array(
      Closed({
        ...NonAssociation.properties,
        other: Type.String({ description: 'the one of the two whose file this is not' }),
      }),
    ),
    timeline: Type.Array(TimelineEvent),
    accessLog: Type.Optional(
      Type.Array(AccessLogRow, { description: 'who looked at this record, newest first (inspectors only)' }),
    ),
  },
  { $id: 'PersonFile' },
);
