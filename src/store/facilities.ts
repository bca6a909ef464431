import { sql } from 'kysely';
import { effectiveTime } from '../domain/custody/admission.js';
import {
  checkCapacity,
  checkCapacityUnit,
  checkFacility,
  checkNewFacility,
} from '../domain/facility/facility.js';
import {
  buildTree,
  type Capacity,
  occupancyRate,
  type StoredUnit,
  totals,
  type UnitInput,
  type UnitKind,
} from '../domain/facility/units.js';
import type { Accepts } from '../domain/housing/model.js';
import { FLOOR } from '../domain/safeguards/profiles/index.js';
import { dateIn, dayBounds, formatIn } from '../domain/time.js';
import { invalid, notFound } from '../domain/violation.js';
import type { Db } from './db.js';
import { appendEvents, type Trx, withRegister } from './register.js';
import { must } from './util.js';

const SPACE = must(FLOOR.space, "the floor profile's space standard");

export interface FacilityInput {
  code: string;
  name: string;
  timezone: string;
  jurisdiction: string;
  units: UnitInput[];
}

export interface FacilityRow {
  code: string;
  name: string;
  timezone: string;
  jurisdiction: string;
  created_at: Date;
}

export async function createFacility(
  db: Db,
  input: FacilityInput,
  actor: string,
  now = new Date(),
): Promise<void> {
  const units = checkFacility(input);
  await withRegister(db, async (trx) => {
    const exists = await trx
      .selectFrom('facility')
      .select('code')
      .where('code', '=', input.code)
      .executeTakeFirst();
    checkNewFacility(input.code, !!exists);
    const [ev] = await appendEvents(trx, actor, [
      { kind: 'facility.created', effectiveAt: now, facility: input.code, payload: input },
    ]);
    await trx
      .insertInto('facility')
      .values({
        code: input.code,
        name: input.name,
        timezone: input.timezone,
        jurisdiction: input.jurisdiction,
        created_at: now,
        created_seq: ev.seq,
      })
      .execute();
    const ids = (
      await sql<{
        id: number;
      }>`select nextval('unit_id_seq')::int as id from generate_series(1, ${units.length}::int)`.execute(trx)
    ).rows.map((r) => r.id);
    const idOf = new Map(units.map((u, i) => [u.code, must(ids[i], `an id for unit ${u.code}`)]));
    const unitId = (code: string) => must(idOf.get(code), `the id of unit ${code}`);
    for (let i = 0; i < units.length; i += 1000) {
      await trx
        .insertInto('unit')
        .values(
          units.slice(i, i + 1000).map((u) => ({
            id: unitId(u.code),
            facility_code: input.code,
            code: u.code,
            kind: u.kind,
            parent_id: u.parentCode === null ? null : unitId(u.parentCode),
            position: u.position,
            design: u.design,
            operational: u.operational,
            area_m2: u.areaM2,
            attributes: u.attributes,
            accepts: u.accepts ? JSON.stringify(u.accepts) : null,
          })),
        )
        .execute();
    }
    const cells = units.filter((u) => u.kind === 'cell');
    for (let i = 0; i < cells.length; i += 1000) {
      const chunk = cells.slice(i, i + 1000);
      await trx
        .insertInto('cell_occupancy')
        .values(chunk.map((c) => ({ unit_id: unitId(c.code), occupants: 0 })))
        .execute();
      await trx
        .insertInto('unit_capacity')
        .values(
          chunk.map((c) => ({
            unit_id: unitId(c.code),
            effective_at: now,
            seq: ev.seq,
            design: must(c.design, `the design capacity of cell ${c.code}`),
            operational: must(c.operational, `the operational capacity of cell ${c.code}`),
          })),
        )
        .execute();
    }
  });
}

/**
 * When something happened at a facility: the given time read in the facility's zone (a date is the
 * start of that day), or now; refused with 400 when unreadable or in the future.
 */
export async function timeAt(
  trx: Trx,
  facility: string,
  text: string | undefined,
  now: Date,
  field: string,
): Promise<{ at: Date; facility: FacilityRow }> {
  const f = await facilityRow(trx, facility);
  const t = effectiveTime(text, now, f.timezone, field);
  if (t.violations.length) throw invalid(t.violations);
  return { at: must(t.at, 'a time, as there is no violation'), facility: f };
}

export async function facilityRow(db: Db | Trx, code: string): Promise<FacilityRow> {
  const f = await db
    .selectFrom('facility')
    .select(['code', 'name', 'timezone', 'jurisdiction', 'created_at'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!f) throw notFound('unknown-facility', { facility: code });
  return f;
}

export async function storedUnits(db: Db | Trx, code: string): Promise<StoredUnit[]> {
  const rows = await db
    .selectFrom('unit')
    .select([
      'id',
      'code',
      'kind',
      'parent_id',
      'position',
      'design',
      'operational',
      'area_m2',
      'attributes',
      'accepts',
    ])
    .where('facility_code', '=', code)
    .orderBy('position')
    .execute();
  const codeOf = new Map(rows.map((r) => [r.id, r.code]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    kind: r.kind as UnitKind,
    parentId: r.parent_id,
    parentCode: r.parent_id === null ? null : (codeOf.get(r.parent_id) ?? null),
    position: r.position,
    design: r.design,
    operational: r.operational,
    areaM2: r.area_m2,
    attributes: r.attributes,
    accepts: (r.accepts as Accepts | null) ?? null,
  }));
}

export async function currentOccupants(db: Db | Trx, code: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('cell_occupancy as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['o.unit_id', 'o.occupants'])
    .where('u.facility_code', '=', code)
    .execute();
  return new Map(rows.map((r) => [r.unit_id, r.occupants]));
}

export async function facilityView(db: Db, code: string) {
  const f = await facilityRow(db, code);
  const units = await storedUnits(db, code);
  const tree = buildTree(units, await currentOccupants(db, code));
  const t = totals(tree);
  return {
    code: f.code,
    name: f.name,
    timezone: f.timezone,
    jurisdiction: f.jurisdiction,
    createdAt: formatIn(f.created_at, f.timezone),
    capacity: { design: t.design, operational: t.operational },
    inCustody: t.inCustody,
    cells: units.filter((u) => u.kind === 'cell').length,
    units: tree,
  };
}

export async function listFacilities(db: Db, only?: string[]) {
  let q = db.selectFrom('facility').select('code').orderBy('code');
  if (only) q = q.where('code', 'in', only.length ? only : ['']);
  const codes = (await q.execute()).map((r) => r.code);
  const out = [];
  for (const c of codes) out.push(await facilityView(db, c));
  return out;
}

/** People in each cell at `at`, from the stays (an index-only count). */
async function stayCounts(db: Db, code: string, at: Date): Promise<Map<number, number>> {
  const counts = await db
    .selectFrom('stay')
    .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('facility_code', '=', code)
    .where(sql<boolean>`during @> ${at.toISOString()}::timestamptz`)
    .groupBy('unit_id')
    .execute();
  return new Map(counts.map((r) => [r.unit_id, Number(r.n)]));
}

/** Each cell's capacity as it stood at `at`: its latest setting by then (one index probe a cell). */
async function capacitiesAt(db: Db, code: string, at: Date) {
  const caps = await sql<{ unit_id: number; design: number; operational: number }>`
    select u.id as unit_id, c.design, c.operational
    from unit u cross join lateral (
      select x.design, x.operational from unit_capacity x
      where x.unit_id = u.id and x.effective_at <= ${at.toISOString()}::timestamptz
      order by x.effective_at desc, x.seq desc limit 1
    ) c
    where u.facility_code = ${code} and u.kind = 'cell'`.execute(db);
  return new Map(caps.rows.map((r) => [r.unit_id, r]));
}

/**
 * The roll: people in custody per unit. Without `at`, from the live occupancy; with `at`, from the
 * stays and capacities recorded in the register's projections, as they stood at that instant.
 */
export async function roll(db: Db, code: string, at?: Date) {
  return (await rollInZone(db, code, at)).roll;
}

/** The roll, and the time zone of its facility (what a cache of it needs: when its day turns). */
export async function rollInZone(db: Db, code: string, at?: Date) {
  // reads that do not depend on each other go out together (on PostgreSQL, each on a connection of
  // its own): the roll waits for two round trips, not five
  const [f, units] = await Promise.all([facilityRow(db, code), storedUnits(db, code)]);
  const when = at ?? new Date();
  const { start, end } = dayBounds(when, f.timezone);
  const [occupants, caps, day] = await Promise.all([
    at ? stayCounts(db, code, at) : currentOccupants(db, code),
    at ? capacitiesAt(db, code, at) : null,
    sql<{ kind: string; facility_code: string | null; from: string | null; n: number }>`
      select kind, facility_code, coalesce(payload->>'fromFacility', payload->>'from') as "from", count(*)::int as n
      from custody_event
      -- a transfer's facility left: fromFacility, or from as recorded before the rename (decodePayload);
      -- the expression is the index's (custody_event_transfer_from, migration 10)
      where (facility_code = ${code}
          or (kind = 'custody.transferred' and coalesce(payload->>'fromFacility', payload->>'from') = ${code}))
        and effective_at >= ${start.toISOString()}::timestamptz and effective_at < ${end.toISOString()}::timestamptz
        and effective_at <= ${when.toISOString()}::timestamptz
        and kind in ('custody.admitted', 'custody.released', 'custody.moved', 'custody.transferred')
      group by 1, 2, 3`.execute(db),
  ]);
  if (caps)
    for (const u of units) {
      const c = caps.get(u.id);
      if (c) {
        u.design = c.design;
        u.operational = c.operational;
      }
    }
  const tree = buildTree(units, occupants);
  const t = totals(tree);
  const flat: Array<{
    code: string;
    kind: UnitKind;
    parent: string | null;
    inCustody: number;
    design: number;
    operational: number;
    vacancies: number;
    occupancyRate: number | null;
    overcrowded: boolean | number;
    areaM2: number | null;
    m2PerPerson: number | null;
    spaceCapacity: number | null;
  }> = [];
  const walk = (vs: typeof tree, parent: string | null) => {
    for (const v of vs) {
      flat.push({
        code: v.code,
        kind: v.kind,
        parent,
        inCustody: v.inCustody,
        design: v.capacity.design,
        operational: v.capacity.operational,
        vacancies: Math.max(0, v.capacity.operational - v.inCustody),
        occupancyRate: occupancyRate(v.inCustody, v.capacity.design),
        // a cell: above its design capacity; a block or landing: how many of its cells are
        overcrowded: v.kind === 'cell' ? v.inCustody > v.capacity.design : 0,
        areaM2: v.areaM2,
        m2PerPerson:
          v.areaM2 !== null && v.inCustody > 0 ? Math.round((v.areaM2 / v.inCustody) * 100) / 100 : null,
        // people the floor space holds at the ICRC standard (3.4 m² shared, 5.4 m² single); parents sum their cells
        spaceCapacity:
          v.kind === 'cell' && v.areaM2 !== null
            ? Math.floor(v.areaM2 / (v.capacity.design === 1 ? SPACE.singleM2 : SPACE.sharedM2))
            : null,
      });
      if (v.children) walk(v.children, v.code);
    }
  };
  walk(tree, null);
  const parentOf = new Map(flat.map((u) => [u.code, u.parent]));
  const byCode = new Map(flat.map((u) => [u.code, u]));
  // children come after their parents: summing backwards reaches every ancestor
  for (const u of [...flat].reverse()) {
    if (u.spaceCapacity === null || !u.parent) continue;
    const p = must(byCode.get(u.parent), `the parent unit ${u.parent}`);
    p.spaceCapacity = (p.spaceCapacity ?? 0) + u.spaceCapacity;
  }
  // roll up overcrowded cells into every enclosing unit
  for (const u of flat) {
    if (u.kind !== 'cell' || !u.overcrowded) continue;
    for (let p = u.parent; p; p = parentOf.get(p) ?? null) {
      const enclosing = must(byCode.get(p), `the enclosing unit ${p}`);
      (enclosing.overcrowded as number)++;
    }
  }
  const today = {
    date: dateIn(when, f.timezone),
    admitted: 0,
    released: 0,
    moved: 0,
    transferredIn: 0,
    transferredOut: 0,
  };
  for (const r of day.rows) {
    const n = Number(r.n);
    if (r.kind === 'custody.admitted') today.admitted += n;
    else if (r.kind === 'custody.released') today.released += n;
    else if (r.kind === 'custody.moved') today.moved += n;
    else if (r.facility_code === code) today.transferredIn += n;
    else today.transferredOut += n;
  }
  const r = {
    facility: f.code,
    at: formatIn(when, f.timezone),
    total: {
      inCustody: t.inCustody,
      design: t.design,
      operational: t.operational,
      vacancies: Math.max(0, t.operational - t.inCustody),
      occupancyRate: occupancyRate(t.inCustody, t.design),
      overcrowdedCells: flat.filter((u) => u.kind === 'cell' && u.overcrowded).length,
      spaceCapacity: flat.some((u) => u.spaceCapacity !== null)
        ? flat.filter((u) => u.kind === 'cell').reduce((s, u) => s + (u.spaceCapacity ?? 0), 0)
        : null,
    },
    today,
    units: flat,
  };
  return { roll: r, timezone: f.timezone };
}

/** Sets a cell's capacity; the operational capacity may not go below the people in it now. */
export async function setCellCapacity(
  db: Db,
  facility: string,
  cellCode: string,
  capacity: Capacity,
  actor: string,
  now = new Date(),
): Promise<void> {
  await withRegister(db, async (trx) => {
    await facilityRow(trx, facility);
    const cell = await sql<{
      id: number;
      kind: string;
      occupants: number | null;
      design: number;
      operational: number;
    }>`
      select u.id, u.kind, o.occupants, u.design, u.operational from unit u left join cell_occupancy o on o.unit_id = u.id
      where u.facility_code = ${facility} and u.code = ${cellCode} for update of u`.execute(trx);
    const c = cell.rows[0];
    if (!c) throw notFound('unknown-cell', { cell: cellCode, facility });
    checkCapacityUnit({ code: cellCode, kind: c.kind });
    const held = await trx
      .selectFrom('cell_occupancy')
      .select('occupants')
      .where('unit_id', '=', c.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    checkCapacity(cellCode, capacity, held.occupants);
    const [ev] = await appendEvents(trx, actor, [
      {
        kind: 'unit.capacity-set',
        effectiveAt: now,
        facility,
        payload: { unit: cellCode, before: { design: c.design, operational: c.operational }, capacity },
      },
    ]);
    await trx
      .updateTable('unit')
      .set({ design: capacity.design, operational: capacity.operational })
      .where('id', '=', c.id)
      .execute();
    await trx
      .insertInto('unit_capacity')
      .values({
        unit_id: c.id,
        effective_at: now,
        seq: ev.seq,
        design: capacity.design,
        operational: capacity.operational,
      })
      .execute();
  });
}

/** Adds `delta` people to each cell's occupancy. */
export async function addOccupants(trx: Trx, deltas: Map<number, number>): Promise<void> {
  const entries = [...deltas].filter(([, d]) => d !== 0);
  if (!entries.length) return;
  const values = sql.join(entries.map(([id, d]) => sql`(${id}::int, ${d}::int)`));
  await sql`update cell_occupancy o set occupants = o.occupants + v.d from (values ${values}) as v(id, d) where o.unit_id = v.id`.execute(
    trx,
  );
}
