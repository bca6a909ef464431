import { type TSchema, Type } from 'typebox';
import { SECURITY_LEVELS, SEXES } from '../../domain/custody/admission.js';
import { UNIT_KINDS } from '../../domain/facility/units.js';
import { Closed } from '../openapi/answer.js';
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
const Seq = Type.Integer({ minimum: 1, description: 'the number of the register event recorded' });
/** a facility's local time with its offset (how facilities write their own times) */
const LocalInstant = Type.String({
  format: 'date-time',
  description: 'in the facility’s zone, with its offset',
});

// ---- access log (routes/audit.ts) ----

/** What the access log records (store/access-log.ts AccessAction). */
const ACCESS_ACTIONS = [
  'person.read',
  'person.search',
  'unit.read',
  'compliance.read',
  'alerts.read',
  'incidents.read',
  'non-associations.read',
  'release-dates.read',
  'releases-due.read',
  'complaints.read',
  'discipline.read',
  'read.refused',
  'user.create',
  'user.update',
  'user.reset-password',
  'sign-in.failed',
  'sign-in.locked',
] as const;

/** One row of the access log: who read or did what, when. */
export const AccessLogRow = Closed(
  {
    id: Type.String(),
    at: Instant,
    username: Type.String({ description: 'the user, or the name tried at a failed sign-in' }),
    action: Enum(ACCESS_ACTIONS),
    personId: Nullable(Type.String({ description: 'the person whose record was read alone' })),
    people: Type.Array(Type.String(), {
      description: 'the people the request showed (a list: all of them, one row)',
    }),
    facility: Nullable(Type.String()),
    detail: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'what was asked or changed' }),
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
  { description: 'who the unit and every cell in it accept; absent: anyone' },
);

const unitFields = {
  code: Type.String(),
  kind: Enum(UNIT_KINDS),
  capacity: Capacity,
  areaM2: Nullable(Type.Number({ description: 'a block’s or landing’s: its cells’ sum, when all have one' })),
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
            description: 'a block’s or landing’s units; absent for a cell',
          }),
        ),
      });

/** A facility: its tree of units, capacities (parents sum their cells) and people in custody. */
export const Facility = Closed(
  {
    code: Type.String(),
    name: Type.String(),
    timezone: Type.String({ description: 'IANA time zone' }),
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
  occupancyRate: Nullable(Type.Number({ description: 'in custody / design capacity; null when it is 0' })),
  spaceCapacity: Nullable(
    Type.Integer({ description: 'people the floor space holds at the ICRC standard; null without areas' }),
  ),
};

/** GET /facilities/{code}/roll */
export const Roll = Closed(
  {
    facility: Type.String(),
    at: Type.String({
      format: 'date-time',
      description: 'the moment the roll is for, in the facility’s zone with its offset',
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
      { description: 'movements of the day of `at` (in the facility’s calendar) until `at`' },
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
          description: 'a cell: above its design capacity; a block or landing: how many of its cells are',
        }),
        areaM2: Nullable(Type.Number()),
        m2PerPerson: Nullable(Type.Number({ description: 'areaM2 / inCustody; null when empty or no area' })),
      }),
      { description: 'every unit, parents before their children' },
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
    corrects: Type.Integer({ description: 'the event corrected' }),
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
      { description: 'a rival group and where they are kept apart' },
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
        inCustody: Type.Integer({ description: 'members in custody in the facilities the caller sees' }),
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
          location: Type.String({ description: 'the unit of the scope they share' }),
        }),
        Type.Null(),
      ],
      { description: 'where the two share a location of the scope now; null when they do not' },
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
    cell: Type.String({ description: 'the cell moved to' }),
    from: Type.String({ description: 'the cell moved from' }),
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
        from: Type.String({ description: 'the facility left' }),
        cell: Type.String({ description: 'the cell given in the new facility' }),
      }),
    ),
  },
  { $id: 'Transferred' },
);
