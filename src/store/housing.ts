import { sql } from 'kysely';
import { housingCells } from '../domain/facility/units.js';
import { allocate } from '../domain/housing/allocate.js';
import type {
  AllocationInput,
  AllocationResult,
  CellSpec,
  GroupRivalry,
  Housed,
  HousingViolation,
  PairRule,
  PlacementRequest,
  Scope,
} from '../domain/housing/model.js';
import type { Violation } from '../domain/violation.js';
import { storedUnits } from './facilities.js';
import type { Trx } from './register.js';

export interface FacilityHousing {
  cells: CellSpec[];
  cellId: Map<string, number>;
  housed: Housed[];
}

/** The cells of a facility as the allocator sees them. */
export async function loadCells(
  trx: Trx,
  facility: string,
): Promise<{ cells: CellSpec[]; cellId: Map<string, number> }> {
  const units = await storedUnits(trx, facility);
  return {
    cells: housingCells(units),
    cellId: new Map(units.filter((u) => u.kind === 'cell').map((u) => [u.code, u.id])),
  };
}

interface OccupantRow {
  person_id: string | null;
  sex: string;
  sentenced: boolean;
  young: boolean;
  security_level: string | null;
  groups: string[];
  needs: string[];
  cell: string;
  n: number;
}

/**
 * The cells of a facility and everyone in custody there now, as the allocator needs them. People
 * are passed in aggregate (how many alike in each cell), except `individuals` — those who move, or
 * who are named in a non-association — who come one by one.
 */
export async function loadHousing(
  trx: Trx,
  facility: string,
  individuals: string[] = [],
): Promise<FacilityHousing> {
  const { cells, cellId } = await loadCells(trx, facility);
  const named = individuals.length ? sql`c.person_id in (${sql.join(individuals)})` : sql`false`;
  const rows = await sql<OccupantRow>`
    select null as person_id, p.sex, c.status = 'sentenced' as sentenced, c.young, null as security_level, c.groups,
      '{}'::text[] as needs, u.code as cell, count(*)::int as n
    from custody c join person p on p.id = c.person_id join unit u on u.id = c.cell_id
    where c.facility_code = ${facility} and c.released_at is null and not (${named})
    group by p.sex, c.status = 'sentenced', c.young, c.groups, u.code
    union all
    select c.person_id, p.sex, c.status = 'sentenced', c.young, c.security_level, c.groups, c.needs, u.code, 1
    from custody c join person p on p.id = c.person_id join unit u on u.id = c.cell_id
    where c.facility_code = ${facility} and c.released_at is null and (${named})`.execute(trx);
  return {
    cells,
    cellId,
    housed: rows.rows.map((o, i) => ({
      id: o.person_id ?? `housed:${i}`,
      sex: o.sex,
      untried: !o.sentenced,
      young: o.young,
      securityLevel: o.security_level,
      groups: o.groups,
      needs: o.needs,
      cell: o.cell,
      ...(o.person_id ? {} : { count: o.n }),
    })),
  };
}

/**
 * Runs the allocator for `requests` entering a facility: everyone else housed there stays as is.
 * `onFile` are the requested people already on file, whose non-associations apply.
 */
/**
 * Runs the allocator on what the store read. The default runs it here; the API hands a large
 * batch's to its worker pool (src/api/pool.ts), so the event loop stays free meanwhile. Same input,
 * same answer: the allocator is a pure function.
 */
export type Allocator = (input: AllocationInput) => AllocationResult | Promise<AllocationResult>;

export async function allocateInto(
  trx: Trx,
  facility: string,
  requests: PlacementRequest[],
  onFile: string[],
  allocator: Allocator = allocate,
): Promise<{ housing: FacilityHousing; result: AllocationResult }> {
  const pairs = await loadPairs(trx, onFile);
  const housing = await loadHousing(trx, facility, [
    ...new Set([...onFile, ...pairs.flatMap((p) => [p.a, p.b])]),
  ]);
  const entering = new Set(requests.map((r) => r.id));
  const result = await allocator({
    cells: housing.cells,
    housed: housing.housed.filter((h) => !entering.has(h.id)),
    requests,
    rivalries: await loadRivalries(trx),
    pairs,
  });
  return { housing, result };
}

export async function loadRivalries(trx: Trx): Promise<GroupRivalry[]> {
  const rows = await trx.selectFrom('group_rivalry').select(['a', 'b', 'scope']).execute();
  return rows.map((r) => ({ a: r.a, b: r.b, scope: r.scope as Scope }));
}

/** Open non-associations that involve any of these people. */
export async function loadPairs(trx: Trx, personIds: string[]): Promise<PairRule[]> {
  if (!personIds.length) return [];
  const rows = await trx
    .selectFrom('non_association')
    .select(['person_a', 'person_b', 'scope'])
    .where('closed_at', 'is', null)
    .where((eb) => eb.or([eb('person_a', 'in', personIds), eb('person_b', 'in', personIds)]))
    .execute();
  return rows.map((r) => ({ a: r.person_a, b: r.person_b, scope: r.scope as Scope }));
}

export async function knownGroups(trx: Trx, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows = await trx.selectFrom('grp').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

/**
 * The allocator's refusals as API violations. `subjectOf` names a requested person in the request
 * (`admissions[3]`); `label` names any person in words (a person id, or the request item).
 */
export function housingViolations(
  vs: HousingViolation[],
  facility: string,
  subjectOf: (id: string, rule: string) => string | undefined,
  label: (id: string) => string,
): Violation[] {
  return vs.map((v) => {
    const params: Record<string, unknown> = { ...v.params };
    for (const k of ['person', 'other'])
      if (typeof params[k] === 'string') params[k] = label(params[k] as string);
    if (v.rule === 'facility-full')
      return { rule: v.rule, subject: facility, params: { ...params, facility } };
    if (v.rule === 'capacity-exceeded') return { rule: v.rule, subject: v.subject, params };
    const subject = subjectOf(v.subject, v.rule) ?? v.subject;
    return subject ? { rule: v.rule, subject, params } : { rule: v.rule, params };
  });
}
