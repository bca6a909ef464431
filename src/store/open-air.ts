import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  checkNotFuture,
  checkUnitTime,
  isCalendarDate,
  type UnitTimeInput,
  type UnitTimeKind,
} from '../domain/daily-life/open-air.js';
import { dateIn, parseInstant } from '../domain/time.js';
import { invalid, refuse, type Violation } from '../domain/violation.js';
import type { Db } from './db.js';
import { facilityRow } from './facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';

/** The instant a calendar day begins in the zone. */
const startOfDay = (date: string, tz: string): Date =>
  parseInstant(date, tz) ?? new Date(`${date}T00:00:00Z`);

const EVENT = { 'open-air': 'open-air.recorded', 'out-of-cell': 'time-out-of-cell.recorded' } as const;

/** The people with a stay, some time on `date` (local), in a cell of `unitId` or under it. */
async function heldInUnit(
  trx: Db | Trx,
  facility: string,
  unitId: number,
  date: string,
  tz: string,
  only?: string[],
) {
  const start = sql`(${date}::date::timestamp at time zone ${tz})`;
  const end = sql`((${date}::date + 1)::timestamp at time zone ${tz})`;
  return sql<{ person_id: string }>`
    with recursive sub as (
      select id from unit where id = ${unitId}
      union all select u.id from unit u join sub on u.parent_id = sub.id)
    select distinct s.person_id from stay s
    where s.facility_code = ${facility} and s.unit_id = any(array(select id from sub))
      and s.during && tstzrange(${start}, ${end})
      ${only ? sql`and s.person_id = any(${only})` : sql``}`.execute(trx);
}

/**
 * Records the open air (or time out of cell) a unit was given on a day: 400 naming each bad field,
 * `unknown-unit`; 409 `date-in-future`, `not-in-unit` for an exception about someone not held in the
 * unit that day. Records of the same unit, kind and day add up.
 */
export async function recordUnitTime(
  db: Db,
  facility: string,
  kind: UnitTimeKind,
  input: UnitTimeInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const f = await facilityRow(trx, facility);
    opts.authorize?.(f.code);
    const bad = checkUnitTime(input);
    const unit = await trx
      .selectFrom('unit')
      .select(['id', 'code', 'kind'])
      .where('facility_code', '=', facility)
      .where('code', '=', input.unit)
      .executeTakeFirst();
    if (!unit) bad.push({ rule: 'unknown-unit', subject: 'unit', params: { unit: input.unit, facility } });
    if (bad.length || !unit) throw invalid(bad);
    const future = checkNotFuture(input.date, dateIn(now, f.timezone));
    if (future.length) throw refuse(future);
    const exceptions = input.exceptions ?? [];
    if (exceptions.length) {
      const ids = exceptions.map((e) => e.personId);
      const held = new Set(
        (await heldInUnit(trx, facility, unit.id, input.date, f.timezone, ids)).rows.map((r) => r.person_id),
      );
      const out: Violation[] = [];
      exceptions.forEach((e, i) => {
        if (!held.has(e.personId))
          out.push({
            rule: 'not-in-unit',
            subject: `exceptions[${i}].personId`,
            params: { person: e.personId, unit: unit.code, date: input.date },
          });
      });
      if (out.length) throw refuse(out);
    }
    const heldCount = (await heldInUnit(trx, facility, unit.id, input.date, f.timezone)).rows.length;
    const recordId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: EVENT[kind],
          effectiveAt: startOfDay(input.date, f.timezone),
          facility,
          payload: { recordId, unit: unit.code, date: input.date, minutes: input.minutes, exceptions },
        },
      ],
      now,
    );
    await trx
      .insertInto('unit_time')
      .values({
        id: recordId,
        facility_code: facility,
        unit_id: unit.id,
        kind,
        day: input.date,
        minutes: input.minutes,
        seq: ev.seq,
      })
      .execute();
    for (let i = 0; i < exceptions.length; i += 1000)
      await trx
        .insertInto('unit_time_exception')
        .values(
          exceptions.slice(i, i + 1000).map((e) => ({
            record_id: recordId,
            facility_code: facility,
            person_id: e.personId,
            reason: e.reason,
          })),
        )
        .execute();
    const total = await trx
      .selectFrom('unit_time')
      .select((eb) => eb.fn.sum<number>('minutes').as('m'))
      .where('unit_id', '=', unit.id)
      .where('kind', '=', kind)
      .where('day', '=', input.date)
      .executeTakeFirstOrThrow();
    return {
      recordId,
      seq: ev.seq,
      unit: unit.code,
      date: input.date,
      minutes: input.minutes,
      totalMinutes: Number(total.m),
      people: heldCount,
      exceptions,
    };
  });
}

/** At most this many people listed as short in a day's view (the count is always whole). */
export const SHORT_LISTED = 200;

/**
 * A facility's day: every block, and each landing or cell with records, with its records (open air
 * and time out of cell), totals and exceptions; and the people held in a cell for the whole day whose
 * open air adds up to under `min` minutes (counted; the first 200 listed).
 */
export async function unitTimeDay(db: Db, facility: string, date: string, min: number) {
  const f = await facilityRow(db, facility);
  if (!isCalendarDate(date)) throw invalid([{ rule: 'bad-date', subject: 'date', params: { date } }]);
  const recs = await sql<{
    id: string;
    unit: string;
    unit_kind: string;
    kind: UnitTimeKind;
    minutes: number;
    seq: number;
    exceptions: { personId: string; reason: string }[] | null;
  }>`
    select t.id, u.code as unit, u.kind as unit_kind, t.kind, t.minutes, t.seq,
      (select json_agg(json_build_object('personId', e.person_id, 'reason', e.reason) order by e.person_id)
        from unit_time_exception e where e.record_id = t.id) as exceptions
    from unit_time t join unit u on u.id = t.unit_id
    where t.facility_code = ${facility} and t.day = ${date}::date
    order by u.position, t.seq`.execute(db);
  const units = new Map<
    string,
    {
      unit: string;
      kind: string;
      openAirMinutes: number;
      outOfCellMinutes: number;
      records: {
        recordId: string;
        kind: UnitTimeKind;
        minutes: number;
        exceptions: { personId: string; reason: string }[];
      }[];
    }
  >();
  // every block, given something or not; landings and cells when they have records
  const blocks = await db
    .selectFrom('unit')
    .select('code')
    .where('facility_code', '=', facility)
    .where('kind', '=', 'block')
    .orderBy('position')
    .execute();
  for (const b of blocks)
    units.set(b.code, { unit: b.code, kind: 'block', openAirMinutes: 0, outOfCellMinutes: 0, records: [] });
  for (const r of recs.rows) {
    const u = units.get(r.unit) ?? {
      unit: r.unit,
      kind: r.unit_kind,
      openAirMinutes: 0,
      outOfCellMinutes: 0,
      records: [],
    };
    if (r.kind === 'open-air') u.openAirMinutes += r.minutes;
    else u.outOfCellMinutes += r.minutes;
    u.records.push({ recordId: r.id, kind: r.kind, minutes: r.minutes, exceptions: r.exceptions ?? [] });
    units.set(r.unit, u);
  }
  const tz = f.timezone;
  const start = sql`(${date}::date::timestamp at time zone ${tz})`;
  const end = sql`((${date}::date + 1)::timestamp at time zone ${tz})`;
  // per person for one day only: the people held in a cell all day, with the open air their cell got
  const short = await sql<{ person_id: string; cell: string; minutes: number; total: number }>`
    with cells as (
      select c.id, c.code, c.parent_id as p1, p.parent_id as p2
      from unit c left join unit p on p.id = c.parent_id
      where c.facility_code = ${facility} and c.kind = 'cell'),
    rec as (select id, unit_id, minutes from unit_time
      where facility_code = ${facility} and day = ${date}::date and kind = 'open-air'),
    held as (
      select s.person_id, c.id as cell, c.code,
        (select coalesce(sum(r.minutes), 0) from rec r where r.unit_id in (c.id, c.p1, c.p2)
          and not exists (select 1 from unit_time_exception e where e.record_id = r.id and e.person_id = s.person_id)
        )::int as minutes
      from stay s join cells c on c.id = s.unit_id
      where s.facility_code = ${facility} and s.during @> tstzrange(${start}, ${end}))
    select person_id, code as cell, minutes, count(*) over ()::int as total
    from held where minutes < ${min}
    order by code, person_id limit ${SHORT_LISTED}`.execute(db);
  return {
    facility,
    date,
    minMinutes: min,
    units: [...units.values()],
    short: {
      count: short.rows[0]?.total ?? 0,
      people: short.rows.map((r) => ({ personId: r.person_id, cell: r.cell, minutes: r.minutes })),
    },
  };
}
