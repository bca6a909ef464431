import { type Static, Type } from 'typebox';
import {
  LEGAL_BASIS_KINDS,
  RELEASE_BASIS_KINDS,
  SECURITY_LEVELS,
  SEXES,
  STATUSES,
} from '../domain/custody/admission.js';
import { UNIT_KINDS, type UnitInput } from '../domain/facility/units.js';
import { ROLES } from '../store/users.js';

const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const Text = (max = 500) => Type.String({ minLength: 1, maxLength: max });
const Instant = Type.String({ format: 'date-time', description: 'RFC 3339 time with offset' });
const InstantOrDate = Type.String({
  minLength: 10,
  maxLength: 40,
  description: 'RFC 3339 time with offset, or a date (start of that day in the facility time zone)',
});
export const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const Capacity = Type.Object({
  design: Type.Integer({ minimum: 0, maximum: 100000 }),
  operational: Type.Integer({ minimum: 0, maximum: 100000 }),
});

export const AcceptsSchema = Type.Object(
  {
    sexes: Type.Optional(Type.Array(Enum(SEXES))),
    statuses: Type.Optional(Type.Array(Enum(['untried', 'sentenced'] as const))),
    securityLevels: Type.Optional(Type.Array(Enum(SECURITY_LEVELS))),
  },
  {
    description:
      'who the unit and every cell in it accept; a cell takes the narrowest of its own and its parents’ rules',
  },
);

const unitFields = {
  code: Code,
  kind: Enum(UNIT_KINDS),
  capacity: Type.Optional(Capacity),
  areaM2: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6 })),
  attributes: Type.Optional(Type.Array(Text(64), { maxItems: 50 })),
  accepts: Type.Optional(AcceptsSchema),
};
/** block → landing → cell: three levels at most, spelled out so the schema needs no $ref. */
const unitLevel = (depth: number): ReturnType<typeof Type.Object> =>
  depth === 0
    ? Type.Object(unitFields)
    : Type.Object({
        ...unitFields,
        children: Type.Optional(Type.Array(unitLevel(depth - 1), { maxItems: 20000 })),
      });
export const Unit = Type.Unsafe<UnitInput>(unitLevel(2));

export const FacilityBody = Type.Object({
  code: Code,
  name: Text(200),
  timezone: Text(64),
  jurisdiction: Text(64),
  units: Type.Array(Unit, { maxItems: 20000 }),
});

const legalBasisOf = <const K extends readonly string[]>(kinds: K) =>
  Type.Object({
    kind: Enum(kinds),
    reference: Text(200),
    issuedBy: Text(200),
    issuedAt: InstantOrDate,
    expiresAt: Type.Optional(InstantOrDate),
  });
export const LegalBasis = legalBasisOf(LEGAL_BASIS_KINDS);
export const ReleaseBasis = legalBasisOf(RELEASE_BASIS_KINDS);

export const PersonBody = Type.Object({
  givenNames: Text(200),
  familyNames: Text(200),
  dateOfBirth: Type.String({ format: 'date' }),
  sex: Enum(['female', 'male', 'F', 'M'], 'F and M are read as female and male'),
  nationalId: Type.Optional(Text(64)),
});

const admissionFields = {
  person: PersonBody,
  personId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'readmit a person already on file' }),
  ),
  legalBasis: Type.Optional(
    Type.Union([LegalBasis, Type.Null()], {
      description: 'required: without it the admission is refused with 409 legal-basis-required',
    }),
  ),
  status: Enum(STATUSES),
  groups: Type.Optional(Type.Array(Code, { maxItems: 20 })),
  securityLevel: Type.Optional(Enum(SECURITY_LEVELS)),
  cell: Type.Optional(Code),
  admittedAt: Type.Optional(Instant),
  needs: Type.Optional(
    Type.Array(Text(64), { maxItems: 10, description: 'cell attributes the person needs, e.g. accessible' }),
  ),
};

export const AdmissionItem = Type.Object(admissionFields);
export const AdmissionBody = Type.Object({ facility: Code, ...admissionFields });
export const BulkAdmissionBody = Type.Object({
  facility: Code,
  admissions: Type.Array(AdmissionItem, { minItems: 1, maxItems: 100000 }),
});

export const Placement = Type.Object({
  personId: Type.String(),
  custodyId: Type.String(),
  cell: Type.String(),
});

export const ReleaseBody = Type.Object({
  personId: Type.String({ minLength: 1, maxLength: 64 }),
  reason: Text(500),
  legalBasis: Type.Optional(
    Type.Union([ReleaseBasis, Type.Null()], { description: 'required (409 legal-basis-required)' }),
  ),
  releasedAt: Type.Optional(Instant),
});

export const CorrectionBody = Type.Object({
  corrects: Type.Integer({ minimum: 1 }),
  reason: Text(500),
  changes: Type.Object({
    person: Type.Optional(Type.Partial(PersonBody)),
    legalBasis: Type.Optional(Type.Partial(LegalBasis)),
  }),
});

export const LoginBody = Type.Object({
  username: Text(100),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
});
export const UserBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
  roles: Type.Array(Enum(ROLES), { minItems: 1, maxItems: 6 }),
  facilities: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }),
});
export const UserView = Type.Object({
  username: Type.String(),
  roles: Type.Array(Type.String()),
  facilities: Type.Array(Type.String()),
});
export const AccountView = Type.Object({
  username: Type.String(),
  roles: Type.Array(Type.String()),
  facilities: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export const UserChangeBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(Enum(ROLES), { minItems: 1, maxItems: 6 })),
    facilities: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export const PasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 1000 }) });

export const CapacityBody = Type.Object({ capacity: Capacity });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    violations: Type.Optional(
      Type.Array(
        Type.Object({ rule: Type.String(), message: Type.String(), subject: Type.Optional(Type.String()) }),
      ),
    ),
  },
  { description: 'RFC 9457 problem details' },
);

export const RollQuery = Type.Object({
  at: Type.Optional(Type.String({ description: 'RFC 3339 time with offset' })),
});

export type AdmissionBodyT = Static<typeof AdmissionBody>;

const Scope = Enum(['cell', 'landing', 'block', 'facility'] as const);

export const GroupBody = Type.Object({
  code: Code,
  name: Text(200),
  rivals: Type.Array(Code, { maxItems: 100 }),
  scope: Scope,
});

export const NonAssociationBody = Type.Object({
  personA: Type.String({ minLength: 1, maxLength: 64 }),
  personB: Type.String({ minLength: 1, maxLength: 64 }),
  scope: Scope,
  reason: Enum(['gang-related', 'threat', 'violence', 'co-defendant', 'legal-request', 'other'] as const),
  details: Type.Optional(Text(2000)),
});

export const CloseBody = Type.Object({ reason: Text(500) });

export const MoveBody = Type.Object({
  personId: Type.String({ minLength: 1, maxLength: 64 }),
  toCell: Code,
  reason: Text(500),
});

export const TransferBody = Type.Object({
  personIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 100000 }),
  toFacility: Code,
  reason: Text(500),
});

export const RegimeBody = Type.Object({
  visits: Type.Object({
    allowed: Type.Boolean(),
    perMonth: Type.Optional(Type.Integer({ minimum: 0, maximum: 62 })),
  }),
  openAirMinutesPerDay: Type.Integer({ minimum: 0, maximum: 1440 }),
  lights: Enum(['normal', 'constant'] as const),
  programmes: Type.Array(Text(100), { maxItems: 50 }),
  legalAdviserAccess: Type.Boolean(),
  restraintsDuringMovement: Type.Boolean(),
});
