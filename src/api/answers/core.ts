import { type TSchema, Type } from 'typebox';
import { SECURITY_LEVELS, SEXES } from '../../domain/custody/admission.js';
import { UNIT_KINDS } from '../../domain/facility/units.js';
import { ACCESS_ACTIONS } from '../../store/access-log.js';
import { bilingual, Closed } from '../openapi/answer.js';
import { Enum, Nullable } from '../schema-kit.js';

/**
 * The answers of the core routes (routes/audit.ts, facilities.ts, custody.ts, groups.ts, movement.ts),
 * as the store writes them (store/access-log.ts, facilities.ts, custody.ts, people.ts, groups.ts,
 * movement.ts). Routes that declare `schema.response` are described by it (auth.ts, users.ts, most of
 * audit.ts and custody.ts); the person's file and the search are in ./core-people.ts.
 */

const Instant = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Count = Type.Integer({ minimum: 0 });
const Seq = Type.Integer({
  minimum: 1,
  description: bilingual(
    'the number of the register event recorded',
    'el número del evento anotado en el registro',
  ),
});
/** a facility's local time with its offset (how facilities write their own times) */
const LocalInstant = Type.String({
  format: 'date-time',
  description: bilingual(
    'in the facility’s zone, with its offset',
    'en la zona horaria del recinto, con su desfase',
  ),
});

// ---- access log (routes/audit.ts) ----

/** One row of the access log: who read or did what, when. */
export const AccessLogRow = Closed(
  {
    id: Type.String(),
    at: Instant,
    username: Type.String({
      description: bilingual(
        'the user, or the name tried at a failed sign-in',
        'el usuario, o el nombre intentado en un inicio de sesión fallido',
      ),
    }),
    action: Enum(ACCESS_ACTIONS),
    personId: Nullable(
      Type.String({
        description: bilingual(
          'the person whose record was read alone',
          'la persona cuyo expediente se leyó de forma individual',
        ),
      }),
    ),
    people: Type.Array(Type.String(), {
      description: bilingual(
        'the people the request showed (a list: all of them, one row)',
        'las personas que mostró la solicitud (una lista: todas ellas, en una sola fila)',
      ),
    }),
    facility: Nullable(Type.String()),
    detail: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: bilingual('what was asked or changed', 'lo que se consultó o se cambió'),
      }),
    ),
  },
  { $id: 'AccessLogRow' },
);

/** GET /access-log */
export const AccessLog = Closed({ entries: Type.Array(AccessLogRow) }, { $id: 'AccessLog' });

// ---- facilities (routes/facilities.ts) ----

const Capacity = Closed({ design: Count, operational: Count });

const Accepts = Closed(
  {
    sexes: Type.Optional(Type.Array(Enum(SEXES))),
    statuses: Type.Optional(Type.Array(Enum(['untried', 'sentenced'] as const))),
    securityLevels: Type.Optional(Type.Array(Enum(SECURITY_LEVELS))),
  },
  {
    description: bilingual(
      'who the unit and every cell in it accept; absent: anyone',
      'a quién aceptan la unidad y cada una de sus celdas; ausente: a cualquiera',
    ),
  },
);

const unitFields = {
  code: Type.String(),
  kind: Enum(UNIT_KINDS),
  capacity: Capacity,
  areaM2: Nullable(
    Type.Number({
      description: bilingual(
        'a block’s or landing’s: its cells’ sum, when all have one',
        'la de un módulo o galería: la suma de la de sus celdas, cuando todas la tienen',
      ),
    }),
  ),
  attributes: Type.Array(Type.String()),
  accepts: Type.Optional(Accepts),
  inCustody: Count,
};
/** block → landing → cell: three levels at most, spelled out (cells have no children). */
const unitLevel = (depth: number): TSchema =>
  depth === 0
    ? Closed(unitFields)
    : Closed({
        ...unitFields,
        children: Type.Optional(
          Type.Array(unitLevel(depth - 1), {
            description: bilingual(
              'a block’s or landing’s units; absent for a cell',
              'las unidades de un módulo o galería; ausente en una celda',
            ),
          }),
        ),
      });

/** A facility: its tree of units, capacities (parents sum their cells) and people in custody. */
export const Facility = Closed(
  {
    code: Type.String(),
    name: Type.String(),
    timezone: Type.String({ description: bilingual('IANA time zone', 'zona horaria IANA') }),
    jurisdiction: Type.String(),
    createdAt: LocalInstant,
    capacity: Capacity,
    inCustody: Count,
    cells: Count,
    units: Type.Array(unitLevel(2)),
  },
  { $id: 'Facility' },
);

/** GET /facilities */
export const FacilityList = Closed({ facilities: Type.Array(Facility) }, { $id: 'FacilityList' });

const rateAndSpace = {
  occupancyRate: Nullable(
    Type.Number({
      description: bilingual(
        'in custody / design capacity; null when it is 0',
        'bajo custodia / capacidad de diseño; null cuando esta es 0',
      ),
    }),
  ),
  spaceCapacity: Nullable(
    Type.Integer({
      description: bilingual(
        'people the floor space holds at the ICRC standard; null without areas',
        'personas que caben en la superficie según el estándar del CICR (ICRC); null sin superficies',
      ),
    }),
  ),
};

/** GET /facilities/{code}/roll */
export const Roll = Closed(
  {
    facility: Type.String(),
    at: Type.String({
      format: 'date-time',
      description: bilingual(
        'the moment the roll is for, in the facility’s zone with its offset',
        'el momento al que corresponde el recuento, en la zona horaria del recinto con su desfase',
      ),
    }),
    total: Closed({
      inCustody: Count,
      design: Count,
      operational: Count,
      vacancies: Count,
      ...rateAndSpace,
      overcrowdedCells: Count,
    }),
    today: Closed(
      {
        date: Day,
        admitted: Count,
        released: Count,
        moved: Count,
        transferredIn: Count,
        transferredOut: Count,
      },
      {
        description: bilingual(
          'movements of the day of `at` (in the facility’s calendar) until `at`',
          'movimientos del día de `at` (según el calendario del recinto) hasta `at`',
        ),
      },
    ),
    units: Type.Array(
      Closed({
        code: Type.String(),
        kind: Enum(UNIT_KINDS),
        parent: Nullable(Type.String()),
        inCustody: Count,
        design: Count,
        operational: Count,
        vacancies: Count,
        ...rateAndSpace,
        overcrowded: Type.Union([Type.Boolean(), Count], {
          description: bilingual(
            'a cell: above its design capacity; a block or landing: how many of its cells are',
            'en una celda: si supera su capacidad de diseño; en un módulo o galería: cuántas de sus celdas la superan',
          ),
        }),
        areaM2: Nullable(Type.Number()),
        m2PerPerson: Nullable(
          Type.Number({
            description: bilingual(
              'areaM2 / inCustody; null when empty or no area',
              'areaM2 / inCustody; null si está vacía o no tiene superficie',
            ),
          }),
        ),
      }),
      {
        description: bilingual(
          'every unit, parents before their children',
          'todas las unidades, cada una antes de las que contiene',
        ),
      },
    ),
  },
  { $id: 'Roll' },
);

// ---- releases and corrections (routes/custody.ts) ----

/** POST /releases */
export const Released = Closed(
  {
    personId: Type.String(),
    custodyId: Type.String(),
    facility: Type.String(),
    releasedAt: Instant,
    seq: Seq,
  },
  { $id: 'Released' },
);

/** POST /corrections */
export const Corrected = Closed(
  {
    seq: Seq,
    corrects: Type.Integer({ description: bilingual('the event corrected', 'el evento corregido') }),
    personId: Type.String(),
  },
  { $id: 'Corrected' },
);

// ---- groups and non-associations (routes/groups.ts) ----

const Scope = Enum(['cell', 'landing', 'block', 'facility'] as const);

const groupFields = {
  code: Type.String(),
  name: Type.String(),
  rivals: Type.Array(
    Closed(
      { group: Type.String(), scope: Scope },
      {
        description: bilingual(
          'a rival group and where they are kept apart',
          'un grupo rival y el ámbito en que se los mantiene separados',
        ),
      },
    ),
  ),
};

/** POST /groups */
export const Group = Closed(groupFields, { $id: 'Group' });

/** GET /groups */
export const GroupList = Closed(
  {
    groups: Type.Array(
      Closed({
        ...groupFields,
        inCustody: Type.Integer({
          description: bilingual(
            'members in custody in the facilities the caller sees',
            'miembros bajo custodia en los recintos que ve quien consulta',
          ),
        }),
      }),
    ),
  },
  { $id: 'GroupList' },
);

const nonAssociationFields = {
  id: Type.String(),
  personA: Type.String(),
  personB: Type.String(),
  scope: Scope,
  reason: Enum(['gang-related', 'threat', 'violence', 'co-defendant', 'legal-request', 'other'] as const),
  details: Nullable(Type.String()),
  openedAt: Instant,
  closedAt: Nullable(Instant),
  closeReason: Nullable(Type.String()),
};

/** A non-association: two people kept apart at a scope. */
export const NonAssociation = Closed(nonAssociationFields, { $id: 'NonAssociation' });

/** POST /non-associations */
export const NonAssociationOpened = Closed(
  {
    ...nonAssociationFields,
    conflict: Type.Union(
      [
        Closed({
          facility: Type.String(),
          cellA: Type.String(),
          cellB: Type.String(),
          location: Type.String({
            description: bilingual('the unit of the scope they share', 'la unidad del ámbito que comparten'),
          }),
        }),
        Type.Null(),
      ],
      {
        description: bilingual(
          'where the two share a location of the scope now; null when they do not',
          'dónde comparten ahora los dos un lugar del ámbito; null cuando no lo comparten',
        ),
      },
    ),
  },
  { $id: 'NonAssociationOpened' },
);

/** GET /non-associations */
export const NonAssociationList = Closed(
  { nonAssociations: Type.Array(NonAssociation) },
  { $id: 'NonAssociationList' },
);

// ---- moves and transfers (routes/movement.ts) ----

/** POST /moves */
export const Moved = Closed(
  {
    personId: Type.String(),
    cell: Type.String({ description: bilingual('the cell moved to', 'la celda de destino') }),
    from: Type.String({ description: bilingual('the cell moved from', 'la celda de origen') }),
    seq: Seq,
  },
  { $id: 'Moved' },
);

/** POST /transfers */
export const Transferred = Closed(
  {
    transferred: Count,
    placements: Type.Array(
      Closed({
        personId: Type.String(),
        custodyId: Type.String(),
        from: Type.String({ description: bilingual('the facility left', 'el recinto de origen') }),
        cell: Type.String({
          description: bilingual(
            'the cell given in the new facility',
            'la celda asignada en el nuevo recinto',
          ),
        }),
      }),
    ),
  },
  { $id: 'Transferred' },
);
