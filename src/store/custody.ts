import { randomUUID } from 'node:crypto';
import {
  type AdmissionInput,
  type CheckedAdmission,
  checkAdmission,
  checkLegalBasis,
  type LegalBasisInput,
  refuseIfAny,
} from '../domain/custody/admission.js';
import { type AdmissionHistory, checkHistory, namedIn } from '../domain/custody/admission-history.js';
import { beforeStay } from '../domain/custody/in-custody.js';
import { unknownGroups } from '../domain/housing/groups.js';
import type { PlacementRequest } from '../domain/housing/model.js';
import { admissionDuties } from '../domain/safeguards/duties.js';
import { fieldPath, type Violation } from '../domain/violation.js';
import { insertRows } from './bulk.js';
import { endStays, requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { addOccupants, facilityRow, timeAt } from './facilities.js';
import { type Allocator, allocateInto, housingViolations, knownGroups } from './housing.js';
import { appendEvents, type NewEvent, type Trx, type WriteOptions, withRegister } from './register.js';
import { cancelDuties, openDuties } from './safeguards/duties.js';
import { endSegregationsOf } from './safeguards/segregation.js';
import { must } from './util.js';

export interface Placement {
  personId: string;
  custodyId: string;
  cell: string;
}

/**
 * Thrown at the very end of a dry run, inside the transaction, so that it rolls back: every check,
 * the allocator and every write ran as for real, and none of it stays. Carries what would have been
 * recorded. Private to this module: it never leaves `admit`.
 */
class DryRun extends Error {
  constructor(readonly placements: Placement[]) {
    super('dry run: rolled back');
    this.name = 'DryRun';
  }
}

/**
 * Admits a batch of people into one facility: all or nothing. Every violation in the batch is
 * collected before refusing. `subject` names each item in violations (`admissions[3]`, or `` for a
 * single admission). `dryRun`: do everything, then roll the transaction back (nothing is recorded,
 * the register head lock is let go) and answer the placements it would have made; a refusal is
 * thrown exactly as for real.
 */
export async function admit(
  db: Db,
  facility: string,
  inputs: AdmissionInput[],
  actor: string,
  opts: { now?: Date; subject?: (i: number) => string; dryRun?: boolean; allocator?: Allocator } = {},
): Promise<Placement[]> {
  const now = opts.now ?? new Date();
  const subject = opts.subject ?? ((i: number) => `admissions[${i}]`);
  return withRegister(db, async (trx) => {
    const f = await facilityRow(trx, facility);
    const violations: Violation[] = [];
    const checked: CheckedAdmission[] = [];
    inputs.forEach((input, i) => {
      const r = checkAdmission(input, now, f.timezone, subject(i));
      violations.push(...r.violations);
      if (r.admission) checked[i] = r.admission;
    });

    const { personIds, violations: past } = checkHistory(inputs, checked, await onFile(trx, inputs), subject);
    violations.push(...past);
    const groupCodes = [...new Set(checked.flatMap((a) => a?.groups ?? []))];
    violations.push(...unknownGroups(checked, await knownGroups(trx, groupCodes), subject));

    const housed = await house(trx, facility, inputs, checked, personIds, subject, opts.allocator);
    violations.push(...housed.violations);
    refuseIfAny(violations);
    housed.items.forEach(({ a, i }, k) => {
      a.cell = must(housed.cells[k], `the cell allocated to admission ${i}`);
    });
    // every admission passed its checks and has a cell by now
    const admitted = checked.map((a, i) => ({
      a,
      cell: must(a.cell, `the cell of admission ${i}`),
      personId: personIds[i] ?? randomUUID(),
      custodyId: randomUUID(),
      newPerson: personIds[i] === null,
    }));
    const placements: Placement[] = admitted.map(({ personId, custodyId, cell }) => ({
      personId,
      custodyId,
      cell,
    }));
    const events: NewEvent[] = admitted.map(({ a, cell, personId, custodyId, newPerson }) => ({
      kind: 'custody.admitted',
      effectiveAt: a.admittedAt,
      personId,
      facility,
      payload: {
        custodyId,
        newPerson,
        person: a.person,
        legalBasis: a.legalBasis,
        status: a.status,
        securityLevel: a.securityLevel,
        groups: a.groups,
        needs: a.needs,
        injuries: a.injuries,
        cell,
      },
    }));
    const stored = await appendEvents(trx, actor, events, now);

    await recordRows(
      trx,
      { code: facility, jurisdiction: f.jurisdiction },
      admitted.map((r, i) => ({ ...r, seq: must(stored[i], `the event of admission ${i}`).seq })),
      housed.cellId,
    );
    if (opts.dryRun) throw new DryRun(placements);
    return placements;
  }).catch((err: unknown) => {
    // the transaction has rolled back and its connection is released by now
    if (err instanceof DryRun) return err.placements;
    throw err;
  });
}

/**
 * Houses the admissions that passed their checks: explicit cells are checked, the rest allocated,
 * by the same rules (the allocator's refusals named after each admission). `cells[k]` is the cell of
 * `items[k]`.
 */
async function house(
  trx: Trx,
  facility: string,
  inputs: AdmissionInput[],
  checked: CheckedAdmission[],
  personIds: (string | null)[],
  subject: (i: number) => string,
  allocator?: Allocator,
) {
  const keyOf = (i: number) => personIds[i] ?? `admission:${i}`;
  const items = checked.flatMap((a, i) => (a ? [{ a, i }] : []));
  const requests: PlacementRequest[] = items.map(({ a, i }) => ({
    id: keyOf(i),
    sex: a.person.sex,
    untried: a.status !== 'sentenced',
    young: a.young,
    securityLevel: a.securityLevel,
    groups: a.groups,
    needs: a.needs,
    ...(a.cell ? { cell: a.cell } : {}),
  }));
  const { housing, result } = await allocateInto(
    trx,
    facility,
    requests,
    personIds.filter((id): id is string => !!id),
    allocator,
  );
  const violations: Violation[] = [];
  if (!result.ok) {
    const itemOf = new Map(items.map(({ i }) => [keyOf(i), i]));
    const label = (id: string) => {
      const i = itemOf.get(id);
      if (i === undefined) return id;
      const p = must(inputs[i], `admission ${i}`).person;
      return `${subject(i) ? `${subject(i)}: ` : ''}${p.givenNames} ${p.familyNames}`;
    };
    violations.push(
      ...housingViolations(
        result.violations,
        facility,
        (id, rule) => {
          const i = itemOf.get(id);
          if (i === undefined) return undefined;
          if (rule === 'unknown-cell') return fieldPath(subject(i), 'cell');
          // a single admission names the field at fault: its explicit cell
          return subject(i) || (inputs[i]?.cell ? 'cell' : '');
        },
        label,
      ),
    );
  }
  return { items, cells: result.cells, cellId: housing.cellId, violations };
}

/** Who an admission batch names that is already on file (by person id or national id), and their custodies. */
async function onFile(trx: Trx, inputs: AdmissionInput[]): Promise<AdmissionHistory> {
  const named = namedIn(inputs);
  const known = (
    await trx
      .selectFrom('person')
      .select(['id', 'national_id', 'date_of_birth'])
      .where((eb) =>
        eb.or([
          eb('id', 'in', named.personIds.length ? named.personIds : ['']),
          eb('national_id', 'in', named.nationalIds.length ? named.nationalIds : ['']),
        ]),
      )
      .execute()
  ).map((p) => ({ id: p.id, nationalId: p.national_id, dateOfBirth: p.date_of_birth }));
  if (!known.length) return { known, custodies: [] };
  const custodies = await trx
    .selectFrom('custody')
    .select(['person_id', 'facility_code', 'released_at'])
    .where(
      'person_id',
      'in',
      known.map((p) => p.id),
    )
    .execute();
  return {
    known,
    custodies: custodies.map((h) => ({
      personId: h.person_id,
      facility: h.facility_code,
      releasedAt: h.released_at,
    })),
  };
}

const PERSON_COLUMNS = {
  id: 'text',
  given_names: 'text',
  family_names: 'text',
  date_of_birth: 'date',
  sex: 'text',
  national_id: 'text',
  created_seq: 'bigint',
} as const;
const CUSTODY_COLUMNS = {
  id: 'text',
  person_id: 'text',
  facility_code: 'text',
  status: 'text',
  security_level: 'text',
  groups: 'text[]',
  legal_basis: 'jsonb',
  admitted_at: 'timestamptz',
  admitted_seq: 'bigint',
  cell_id: 'int',
  needs: 'text[]',
  young: 'boolean',
  injuries: 'text',
} as const;
const STAY_COLUMNS = {
  person_id: 'text',
  custody_id: 'text',
  facility_code: 'text',
  unit_id: 'int',
  during: 'tstzrange',
  start_seq: 'bigint',
} as const;

/** An admission about to be recorded: its checks passed, its cell, ids and event decided. */
interface Admitted {
  a: CheckedAdmission;
  cell: string;
  personId: string;
  custodyId: string;
  newPerson: boolean;
  /** the register seq of its event */
  seq: number;
}

/**
 * The rows of admissions recorded as their events: new people, custodies, stays, the duties an
 * admission opens, and the cells' occupancy.
 */
async function recordRows(
  trx: Trx,
  { code: facility, jurisdiction }: { code: string; jurisdiction: string },
  admitted: Admitted[],
  cellId: Map<string, number>,
): Promise<void> {
  const unitOf = (cell: string) => must(cellId.get(cell), `the id of cell ${cell}`);
  // one statement per table, whatever the batch's size (src/store/bulk.ts)
  const fresh = admitted.filter((r) => r.newPerson);
  // the nationality only when one is given: a batch without leaves the column to its default (and a
  // register still on a schema before it, in the migration tests, is written as it was)
  const withNationality = fresh.some((r) => r.a.person.nationality);
  await insertRows(
    trx,
    'person',
    withNationality ? { ...PERSON_COLUMNS, nationality: 'text' } : PERSON_COLUMNS,
    fresh.map(({ a, personId, seq }) => ({
      id: personId,
      given_names: a.person.givenNames,
      family_names: a.person.familyNames,
      date_of_birth: a.person.dateOfBirth,
      sex: a.person.sex,
      national_id: a.person.nationalId,
      nationality: a.person.nationality ?? null,
      created_seq: seq,
    })),
  );
  await insertRows(
    trx,
    'custody',
    CUSTODY_COLUMNS,
    admitted.map(({ a, cell, personId, custodyId, seq }) => ({
      id: custodyId,
      person_id: personId,
      facility_code: facility,
      status: a.status,
      security_level: a.securityLevel,
      groups: a.groups,
      legal_basis: JSON.stringify(a.legalBasis),
      admitted_at: a.admittedAt,
      admitted_seq: seq,
      cell_id: unitOf(cell),
      needs: a.needs,
      young: a.young,
      injuries: a.injuries,
    })),
  );
  await insertRows(
    trx,
    'stay',
    STAY_COLUMNS,
    admitted.map(({ a, cell, personId, custodyId, seq }) => ({
      person_id: personId,
      custody_id: custodyId,
      facility_code: facility,
      unit_id: unitOf(cell),
      during: `[${a.admittedAt.toISOString()},)`,
      start_seq: seq,
    })),
  );
  const nationality = await nationalities(trx, admitted);
  await openDuties(
    trx,
    admitted.flatMap(({ a, personId, custodyId, seq }) =>
      admissionDuties({
        personId,
        custodyId,
        facility,
        seq,
        admittedAt: a.admittedAt,
        status: a.status,
        legalBasis: a.legalBasis,
        injuries: a.injuries,
        nationality: nationality.get(personId) ?? null,
        jurisdiction,
      }),
    ),
  );
  const delta = new Map<number, number>();
  for (const { cell } of admitted) {
    const id = unitOf(cell);
    delta.set(id, (delta.get(id) ?? 0) + 1);
  }
  await addOccupants(trx, delta);
}

/**
 * The nationality of each person admitted: the one the admission gives (a re-admission that gives
 * one records it on the person, as its event says), else the one on file.
 */
async function nationalities(trx: Trx, admitted: Admitted[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const again = admitted.filter((r) => !r.newPerson);
  for (const r of admitted) if (r.a.person.nationality) out.set(r.personId, r.a.person.nationality);
  for (const r of again.filter((x) => x.a.person.nationality))
    await trx
      .updateTable('person')
      .set({ nationality: r.a.person.nationality ?? null })
      .where('id', '=', r.personId)
      .execute();
  const unknown = again.filter((r) => !r.a.person.nationality).map((r) => r.personId);
  for (let k = 0; k < unknown.length; k += 1000) {
    const rows = await trx
      .selectFrom('person')
      .select(['id', 'nationality'])
      .where('id', 'in', unknown.slice(k, k + 1000))
      .execute();
    for (const p of rows) out.set(p.id, p.nationality);
  }
  return out;
}

export interface ReleaseInput {
  personId: string;
  reason: string;
  legalBasis?: LegalBasisInput | null;
  releasedAt?: string;
}

/** Releases a person from custody, closing their stay; the roll before `releasedAt` still counts them. */
export async function release(db: Db, input: ReleaseInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const c = await requireOpenCustody(trx, input.personId);
    opts.authorize?.(c.facility);
    const { at, facility: f } = await timeAt(trx, c.facility, input.releasedAt, now, 'releasedAt');
    const violations: Violation[] = [];
    const lb = checkLegalBasis(input.legalBasis, at, f.timezone, 'legalBasis');
    violations.push(...lb.violations);
    violations.push(...beforeStay(c, at, 'releasedAt'));
    refuseIfAny(violations);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'custody.released',
          effectiveAt: at,
          personId: input.personId,
          facility: c.facility,
          payload: {
            custodyId: c.custodyId,
            reason: input.reason,
            legalBasis: lb.legalBasis,
            cell: c.cell,
          },
        },
      ],
      now,
    );
    await trx
      .updateTable('custody')
      .set({ released_at: at, released_seq: ev.seq, release_reason: input.reason })
      .where('id', '=', c.custodyId)
      .execute();
    await endStays(trx, [{ custodyId: c.custodyId, seq: ev.seq }], at);
    await cancelDuties(trx, [c.custodyId], at, ev.seq);
    await endSegregationsOf(trx, c.custodyId, at, ev.seq);
    await addOccupants(trx, new Map([[c.cellId, -1]]));
    return {
      personId: input.personId,
      custodyId: c.custodyId,
      facility: c.facility,
      releasedAt: at.toISOString(),
      seq: ev.seq,
    };
  });
}
