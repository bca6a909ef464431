import { Type } from 'typebox';
import { LEGAL_BASIS_KINDS, SECURITY_LEVELS, SEXES, STATUSES } from '../../domain/custody/admission.js';
import { OFFENCE_SEVERITIES, SANCTION_KINDS } from '../../domain/discipline/sanctions.js';
import { EVENT_KINDS } from '../../domain/register/events.js';
import { bilingual, Closed } from '../openapi/answer.js';
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
    facility: Nullable(
      Type.String({ description: bilingual('of the latest custody', 'de la custodia más reciente') }),
    ),
    cell: Nullable(Type.String({ description: bilingual('null once released', 'null tras el egreso') })),
    status: Nullable(
      Enum(
        [...STATUSES, 'released'] as const,
        bilingual(
          'the latest custody’s status, or released',
          'la situación de la custodia más reciente, o released',
        ),
      ),
    ),
    inCustody: Type.Boolean(),
    score: Type.Number({
      description: bilingual('how well the person matches, 0 to 1', 'cuánto coincide la persona, de 0 a 1'),
    }),
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
    cell: Nullable(Type.String({ description: bilingual('null once released', 'null tras el egreso') })),
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
  restricted: Type.Optional(
    Type.Array(Type.String(), {
      description: bilingual('medical fields withheld', 'campos médicos reservados'),
    }),
  ),
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
      {
        description: bilingual(
          'proved charges and their sanctions; null where the profile keeps no such record',
          'cargos acreditados y sus sanciones; null donde el perfil no lleva ese registro',
        ),
      },
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
  corrects: Nullable(
    Type.Integer({ description: bilingual('the event this one corrects', 'el evento que este corrige') }),
  ),
  correctedBy: Type.Array(Type.Integer(), {
    description: bilingual('the events that correct this one', 'los eventos que corrigen a este'),
  }),
  hash: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown(), {
    description: bilingual(
      'the event’s payload; medical fields withheld are named in `restricted`',
      'el contenido (payload) del evento; los campos médicos reservados se nombran en `restricted`',
    ),
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
    nationality: Nullable(
      Type.String({
        description: bilingual('ISO 3166-1 alpha-2, when known', 'ISO 3166-1 alpha-2, cuando se conoce'),
      }),
    ),
    reach: Enum(
      ['full', 'past'] as const,
      bilingual(
        'full: the caller’s facility holds the person now (or held them last); past: it held them before, and the file shows only its own part of the history',
        'full: el recinto de quien consulta custodia ahora a la persona (o fue el último en custodiarla); past: la custodió antes, y el expediente muestra solo su propia parte de la historia',
      ),
    ),
    inCustody: Nullable(
      Type.Boolean({
        description: bilingual(
          'null in a past file: not the old facility’s to know',
          'null en un expediente past: al recinto anterior no le corresponde saberlo',
        ),
      }),
    ),
    custody: Nullable(PersonCustody),
    custodies: Type.Array(PersonCustody, {
      description: bilingual('the newest first', 'la más reciente primero'),
    }),
    duties: Type.Array(PersonDuty),
    incidents: Type.Array(Incident),
    releaseDates: Nullable(ReleaseDates),
    discipline: Discipline,
    complaints: Type.Array(Complaint, {
      description: bilingual(
        'oldest first; confidential ones to inspectors only',
        'las más antiguas primero; las confidenciales, solo para los inspectores',
      ),
    }),
    nonAssociations: Type.Array(
      Closed({
        ...NonAssociation.properties,
        other: Type.String({
          description: bilingual(
            'the one of the two whose file this is not',
            'de las dos personas, la que no es titular de este expediente',
          ),
        }),
      }),
    ),
    timeline: Type.Array(TimelineEvent),
    accessLog: Type.Optional(
      Type.Array(AccessLogRow, {
        description: bilingual(
          'who looked at this record, newest first (inspectors only)',
          'quién consultó este expediente, lo más reciente primero (solo inspectores)',
        ),
      }),
    ),
  },
  { $id: 'PersonFile' },
);
