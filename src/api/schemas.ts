import { type Static, Type } from 'typebox';
import {
  LEGAL_BASIS_KINDS,
  RELEASE_BASIS_KINDS,
  SECURITY_LEVELS,
  SEXES,
  STATUSES,
} from '../domain/custody/admission.js';
import { UNIT_KINDS, type UnitInput } from '../domain/facility/units.js';
import { HISTORY_LIMIT } from '../store/cells.js';
import { ROLES } from '../store/users.js';
import { bilingual } from './openapi/answer.js';
import { Enum, Nullable } from './schema-kit.js';

export { Enum };

const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const Text = (max = 500) => Type.String({ minLength: 1, maxLength: max });
const Instant = Type.String({
  format: 'date-time',
  description: bilingual('RFC 3339 time with offset', 'hora RFC 3339 con su desfase'),
});
const InstantOrDate = Type.String({
  minLength: 10,
  maxLength: 40,
  description: bilingual(
    'RFC 3339 time with offset, or a date (start of that day in the facility time zone)',
    'hora RFC 3339 con su desfase, o una fecha (el inicio de ese día en la zona horaria del recinto)',
  ),
});

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
    description: bilingual(
      'who the unit and every cell in it accept; a cell takes the narrowest of its own and its parents’ rules',
      'a quiénes aceptan la unidad y cada celda dentro de ella; una celda aplica la más restrictiva entre sus propias reglas y las de sus unidades superiores',
    ),
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
  sex: Enum(
    ['female', 'male', 'F', 'M'],
    bilingual('F and M are read as female and male', 'F y M se leen como female y male'),
  ),
  nationalId: Type.Optional(Text(64)),
  nationality: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{2}$',
      description: bilingual(
        'ISO 3166-1 alpha-2; when it differs from the facility’s jurisdiction the admission opens a consular-notification duty (Mandela Rule 62)',
        'ISO 3166-1 alpha-2; si difiere de la jurisdicción del recinto, el ingreso abre un deber de aviso al consulado (consular-notification; Reglas Mandela, regla 62)',
      ),
    }),
  ),
});

const admissionFields = {
  person: PersonBody,
  personId: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: bilingual('readmit a person already on file', 'reingresar a una persona ya registrada'),
    }),
  ),
  legalBasis: Type.Optional(
    Type.Union([LegalBasis, Type.Null()], {
      description: bilingual(
        'required: without it the admission is refused with 409 legal-basis-required',
        'obligatoria: sin ella el ingreso se rechaza con 409 legal-basis-required',
      ),
    }),
  ),
  status: Enum(STATUSES),
  groups: Type.Optional(Type.Array(Code, { maxItems: 20 })),
  securityLevel: Type.Optional(Enum(SECURITY_LEVELS)),
  cell: Type.Optional(Code),
  admittedAt: Type.Optional(Instant),
  needs: Type.Optional(
    Type.Array(Text(64), {
      maxItems: 10,
      description: bilingual(
        'cell attributes the person needs, e.g. accessible',
        'atributos de celda que la persona necesita, p. ej. accessible',
      ),
    }),
  ),
  injuries: Type.Optional(
    Type.String({
      maxLength: 5000,
      description: bilingual(
        'injuries or signs of ill-treatment seen at admission (medical detail): opens the duty to report them (Mandela Rule 34)',
        'lesiones o señales de malos tratos vistas al ingreso (información médica): abre el deber de informarlas (Reglas Mandela, regla 34)',
      ),
    }),
  ),
};

export const AdmissionItem = Type.Object(admissionFields);
export const AdmissionBody = Type.Object({ facility: Code, ...admissionFields });
/** Admissions in one bulk request (and people in one transfer): larger sets go in several batches. */
export const MAX_BATCH = 5000;
/**
 * The most people one transfer moves, all or nothing: a whole facility (the limit it always had).
 * Its items are short ids, so its body limit stays in tens of megabytes.
 */
export const MAX_TRANSFER = 100_000;
export const BulkAdmissionBody = Type.Object({
  facility: Code,
  admissions: Type.Array(AdmissionItem, { minItems: 1, maxItems: MAX_BATCH }),
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
    Type.Union([ReleaseBasis, Type.Null()], {
      description: bilingual('required (409 legal-basis-required)', 'obligatoria (409 legal-basis-required)'),
    }),
  ),
  releasedAt: Type.Optional(Instant),
});

export const CorrectionBody = Type.Object({
  corrects: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
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
  { description: bilingual('RFC 9457 problem details', 'detalles de problema RFC 9457') },
);

export const RollQuery = Type.Object({
  at: Type.Optional(
    Type.String({ description: bilingual('RFC 3339 time with offset', 'hora RFC 3339 con su desfase') }),
  ),
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
  personIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
    minItems: 1,
    maxItems: MAX_TRANSFER,
  }),
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

// ---- answers: what the API answers, as the web app reads it (its types come from here) ----

/**
 * What the signed-in user may do, computed by the server from the same policies its routes enforce
 * (`can` in auth.ts): the web app shows an action only where its flag is true.
 */
export const Can = Type.Object(
  {
    admit: Type.Boolean({
      description: bilingual(
        'admit people, one or many (POST /admissions, /admissions/bulk)',
        'ingresar personas, una o muchas (POST /admissions, /admissions/bulk)',
      ),
    }),
    release: Type.Boolean({
      description: bilingual('release a person (POST /releases)', 'egresar a una persona (POST /releases)'),
    }),
    correct: Type.Boolean({
      description: bilingual(
        'correct a recorded admission (POST /corrections)',
        'corregir un ingreso registrado (POST /corrections)',
      ),
    }),
    move: Type.Boolean({
      description: bilingual(
        'move a person to another cell (POST /moves)',
        'trasladar a una persona a otra celda (POST /moves)',
      ),
    }),
    transfer: Type.Boolean({
      description: bilingual(
        'transfer people to another facility (POST /transfers)',
        'trasladar personas a otro recinto (POST /transfers)',
      ),
    }),
    keepApart: Type.Boolean({
      description: bilingual(
        'open and close non-associations (POST /non-associations)',
        'abrir y cerrar prohibiciones de contacto (POST /non-associations)',
      ),
    }),
    manageGroups: Type.Boolean({
      description: bilingual(
        'record groups and their rivals (POST /groups)',
        'registrar grupos y sus rivales (POST /groups)',
      ),
    }),
    recordIncident: Type.Boolean({
      description: bilingual(
        'record an incident (POST /incidents)',
        'registrar un incidente (POST /incidents)',
      ),
    }),
    createFacility: Type.Boolean({
      description: bilingual('create a facility (POST /facilities)', 'crear un recinto (POST /facilities)'),
    }),
    setCapacity: Type.Boolean({
      description: bilingual(
        'set a cell’s capacity (PUT …/capacity)',
        'fijar la capacidad de una celda (PUT …/capacity)',
      ),
    }),
    setRegime: Type.Boolean({
      description: bilingual(
        'set a facility’s or block’s regime (PUT …/regime)',
        'fijar el régimen de un recinto o módulo (PUT …/regime)',
      ),
    }),
    fulfilDuty: Type.Boolean({
      description: bilingual(
        'record a duty done (POST /duties/{id}/fulfil)',
        'registrar un deber como cumplido (POST /duties/{id}/fulfil)',
      ),
    }),
    segregate: Type.Boolean({
      description: bilingual(
        'start and end a segregation (POST /segregations)',
        'iniciar y terminar un aislamiento (POST /segregations)',
      ),
    }),
    reviewSegregation: Type.Boolean({
      description: bilingual(
        'review a segregation (POST …/reviews)',
        'revisar un aislamiento (POST …/reviews)',
      ),
    }),
    examine: Type.Boolean({
      description: bilingual(
        'record a medical examination (POST /medical-examinations)',
        'registrar un examen médico (POST /medical-examinations)',
      ),
    }),
    recordDeath: Type.Boolean({
      description: bilingual(
        'record a death in custody (POST /deaths)',
        'registrar un fallecimiento bajo custodia (POST /deaths)',
      ),
    }),
    recordSentence: Type.Boolean({
      description: bilingual(
        'record sentences, credits, reductions (POST /sentences…)',
        'registrar condenas, abonos y rebajas (POST /sentences…)',
      ),
    }),
    manageUsers: Type.Boolean({
      description: bilingual(
        'create and change accounts (POST, PATCH /users)',
        'crear y modificar cuentas (POST, PATCH /users)',
      ),
    }),
    listUsers: Type.Boolean({
      description: bilingual('list the accounts (GET /users)', 'listar las cuentas (GET /users)'),
    }),
    audit: Type.Boolean({
      description: bilingual(
        'verify the register’s hash chain (GET /audit/verify)',
        'verificar la cadena de hashes del registro (GET /audit/verify)',
      ),
    }),
    viewAccessLog: Type.Boolean({
      description: bilingual(
        'read the access log (GET /access-log)',
        'leer el registro de accesos (GET /access-log)',
      ),
    }),
  },
  {
    description: bilingual(
      'what the user may do; facility scope is still checked on each request',
      'lo que el usuario puede hacer; el alcance por recinto se sigue comprobando en cada solicitud',
    ),
  },
);
export type Can = Static<typeof Can>;
export type Action = keyof Can;

/** The signed-in user (the sign-in's `user`, and GET /auth/me without its CSRF token). */
export const SessionUser = Type.Object({
  username: Type.String(),
  roles: Type.Array(Type.String()),
  facilities: Type.Array(Type.String()),
  can: Can,
});
export type SessionUser = Static<typeof SessionUser>;

export const LoginAnswer = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  csrfToken: Type.String(),
  user: SessionUser,
});
export type LoginAnswer = Static<typeof LoginAnswer>;

export const MeAnswer = Type.Object({
  ...SessionUser.properties,
  csrfToken: Type.Optional(
    Type.String({
      description: bilingual(
        'when signed in by the session cookie',
        'cuando la sesión se mantiene con la cookie de sesión',
      ),
    }),
  ),
});
export type MeAnswer = Static<typeof MeAnswer>;

export type Placement = Static<typeof Placement>;
const Who = { personId: Type.String(), givenNames: Type.String(), familyNames: Type.String() };

/** GET /facilities/{code}/units/{unit}. */
export const UnitDetail = Type.Object({
  facility: Type.String(),
  timezone: Type.String(),
  unit: Type.Object({
    code: Type.String(),
    kind: Enum(UNIT_KINDS),
    parent: Nullable(Type.String()),
    design: Type.Integer(),
    operational: Type.Integer(),
    areaM2: Nullable(Type.Number()),
    attributes: Type.Array(Type.String()),
    inCustody: Type.Integer(),
    m2PerPerson: Nullable(
      Type.Number({
        description: bilingual(
          'areaM2 / inCustody; null when empty or no area',
          'areaM2 / inCustody; null si está vacía o no tiene superficie',
        ),
      }),
    ),
  }),
  occupants: Type.Array(
    Type.Object({
      ...Who,
      status: Type.String(),
      cell: Type.String(),
      since: Type.String({
        description: bilingual('when the stay in that cell began', 'cuándo comenzó la estadía en esa celda'),
      }),
    }),
    {
      description: bilingual(
        'in custody there now; for a block or landing, everyone in its cells',
        'bajo custodia allí ahora; en un módulo o nivel, todas las personas de sus celdas',
      ),
    },
  ),
  history: Type.Array(
    Type.Object({ ...Who, cell: Type.String(), from: Type.String(), to: Nullable(Type.String()) }),
    {
      description: bilingual(
        `stays in the unit (its cells), newest first, at most ${HISTORY_LIMIT}; to is null while there`,
        `estadías en la unidad (sus celdas), la más reciente primero, como máximo ${HISTORY_LIMIT}; to es null mientras la persona sigue allí`,
      ),
    },
  ),
});
export type UnitDetail = Static<typeof UnitDetail>;

/** GET /audit/verify, and a finished verification's result. */
export const VerifyResult = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer(),
  head: Type.String(),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
});
export type VerifyResult = Static<typeof VerifyResult>;

/** POST /audit/verifications, GET /audit/verifications/{id}: a verification in the background. */
export const Verification = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  checked: Type.Integer({
    description: bilingual('events hashed so far', 'eventos cuyo hash se ha calculado hasta ahora'),
  }),
  total: Type.Integer({
    description: bilingual(
      'the register’s length when it started',
      'la cantidad de eventos del registro cuando comenzó',
    ),
  }),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  requestedBy: Type.String(),
  result: Nullable(VerifyResult),
});
export type Verification = Static<typeof Verification>;
