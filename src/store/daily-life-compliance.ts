import { type RawBuilder, sql } from 'kysely';
import type { DeliveredFacts } from '../domain/daily-life/delivered.js';
import { daysFrom, type ShortCell, type SolitaryRun } from '../domain/daily-life/open-air.js';
import type { Profile } from '../domain/safeguards/profile.js';
import type { Db } from './db.js';
import type { Trx } from './register.js';

/**
 * Compliance on what was given (docs/daily-life.md), set-based: nothing here reads a row per person
 * and day. The judgement's definitions are in src/domain/daily-life/open-air.ts (`personDays`).
 *
 * How many people a cell holds for a whole day comes from the bounds of the stays alone: a stay
 * covers the whole local days from `f` (the day it began, or the next one if it began after 00:00)
 * to `l` (the day before it ended; the window's end when open). Each stay adds +1 on `f` and −1 on
 * `l + 1`; a running sum over the days of each cell (cells × days of the window, 256 × 366 at most
 * for CECOT) is the number of people judged in that cell that day. The people affected are then read
 * per stay (a short day between its `f` and `l`, from a running count of short days), and the few
 * exceptions per person.
 */

export interface Scope {
  facility: string;
  tz: string;
  from: string;
  to: string;
}

/** The local midnight starting `day` (a date expression) in the zone, as timestamptz. */
const midnight = (day: RawBuilder<unknown>, tz: string) => sql`((${day})::timestamp at time zone ${tz})`;

/**
 * The common parts: the facility's cells and the units above them (`anc`), its stays in the window
 * as whole local days [f, l] (`st`), and the number of stays covering each whole cell-day (`cover`).
 */
function common(s: Scope) {
  const from = sql`${s.from}::date`;
  const to = sql`${s.to}::date`;
  const lower = sql`(lower(s.during) at time zone ${s.tz})`;
  return sql`
  cells as (
    select c.id, c.code, c.parent_id as p1, p.parent_id as p2
    from unit c left join unit p on p.id = c.parent_id
    where c.facility_code = ${s.facility} and c.kind = 'cell'),
  anc as (
    select id as cell, id as unit from cells
    union all select id, p1 from cells where p1 is not null
    union all select id, p2 from cells where p2 is not null),
  st as (
    select * from (
      select s.person_id, s.unit_id as cell,
        greatest(case when ${lower}::time = '00:00' then ${lower}::date else ${lower}::date + 1 end, ${from}) as f,
        least(case when upper_inf(s.during) then ${to} else (upper(s.during) at time zone ${s.tz})::date - 1 end, ${to}) as l
      from stay s
      where s.facility_code = ${s.facility}
        and s.during && tstzrange(${midnight(from, s.tz)}, ${midnight(sql`${to} + 1`, s.tz)})) x
    where f <= l),
  delta as (
    select cell, day, sum(n) as n from (
      select cell, f as day, count(*) as n from st group by cell, f
      union all
      select cell, l + 1, -count(*) from st where l < ${to} group by cell, l) d
    group by cell, day),
  cover as (
    select c.id as cell, g.day::date as day,
      (sum(coalesce(d.n, 0)) over (partition by c.id order by g.day))::int as n
    from cells c
    cross join generate_series(${from}::timestamp, ${to}::timestamp, interval '1 day') as g(day)
    left join delta d on d.cell = c.id and d.day = g.day::date)`;
}

/**
 * The records of `kinds` in the window (CTEs named with prefix `p`): the judged days, per cell-day
 * minutes (the cell's records and its parents'), and the exceptions per person, day and judged cell.
 */
function records(s: Scope, kinds: string[], p: 'oa_' | 'all_') {
  const P = sql.raw(p);
  return sql`
  ${P}rec as (
    select id, unit_id, day, minutes from unit_time
    where facility_code = ${s.facility} and day between ${s.from}::date and ${s.to}::date
      and kind in (${sql.join(kinds)})),
  ${P}days as (select distinct day from ${P}rec),
  ${P}given as (
    select a.cell, r.day, sum(r.minutes)::int as m
    from ${P}rec r join anc a on a.unit = r.unit_id group by a.cell, r.day),
  ${P}excp as (
    select e.person_id, r.day, st.cell, sum(r.minutes)::int as minus
    from unit_time_exception e
    join ${P}rec r on r.id = e.record_id
    join st on st.person_id = e.person_id and r.day between st.f and st.l
    join anc a on a.cell = st.cell and a.unit = r.unit_id
    group by e.person_id, r.day, st.cell)`;
}

interface OpenAirRow {
  judged_days: number;
  person_days: number | null;
  cells: { cell: string; days: number; personDays: number; people: number; minGiven: number }[] | null;
}

/** mandela-23 under `min` minutes, on the open-air records (prefix oa_). */
const openAirCtes = (min: number) => sql`
  judged as (
    select c.cell, c.day, c.n, coalesce(g.m, 0) as m
    from cover c join oa_days d on d.day = c.day
    left join oa_given g on g.cell = c.cell and g.day = c.day
    where c.n > 0),
  extra as (
    select x.person_id, x.day, x.cell, j.m - x.minus as m
    from oa_excp x join judged j on j.cell = x.cell and j.day = x.day
    where j.m >= ${min} and j.m - x.minus < ${min}),
  flags as (
    select c.cell, c.day,
      sum(case when j.m < ${min} then 1 else 0 end) over (partition by c.cell order by c.day) as k
    from cover c left join judged j on j.cell = c.cell and j.day = c.day),
  affected as (
    select st.person_id, st.cell from st
    join flags b on b.cell = st.cell and b.day = st.l
    left join flags a on a.cell = st.cell and a.day = st.f - 1
    where b.k - coalesce(a.k, 0) > 0
    union select person_id, cell from extra),
  percell as (
    select cell, count(distinct day)::int as days, sum(pd)::int as "personDays", min(m)::int as "minGiven" from (
      select cell, day, n as pd, m from judged where m < ${min}
      union all select cell, day, 1, m from extra
      union all select x.cell, x.day, 0, j.m - x.minus from oa_excp x join judged j on j.cell = x.cell and j.day = x.day
        where j.m < ${min}) u
    group by cell),
  people as (select cell, count(distinct person_id)::int as n from affected group by cell)`;
const openAirColumns = sql`
    (select count(*)::int from oa_days) as judged_days,
    (select sum(n)::int from judged) as person_days,
    (select json_agg(json_build_object('cell', c.code, 'days', p.days, 'personDays', p."personDays",
        'people', coalesce(pp.n, 0), 'minGiven', greatest(p."minGiven", 0)) order by c.code)
      from percell p join cells c on c.id = p.cell left join people pp on pp.cell = p.cell) as cells`;

/**
 * mandela-44 under `min` minutes out of cell for more than `maxDays` judged days (prefix all_): time
 * out of cell is the records of both kinds of the cell and its parents, less the person's exceptions,
 * plus the minutes of activities the person attended that day (activity_attendance, present).
 */
const solitaryCtes = (s: Scope, min: number, maxDays: number) => sql`
  idx as (select day, row_number() over (order by day) as i from all_days),
  att as (
    select person_id, day, sum(minutes)::int as m from activity_attendance
    where facility_code = ${s.facility} and present and day between ${s.from}::date and ${s.to}::date
    group by person_id, day),
  alone as (
    select st.person_id, c.day, coalesce(g.m, 0) - coalesce(x.minus, 0) + coalesce(t.m, 0) as m
    from cover c
    join all_days d on d.day = c.day
    join st on st.cell = c.cell and c.day between st.f and st.l
    left join all_given g on g.cell = c.cell and g.day = c.day
    left join all_excp x on x.person_id = st.person_id and x.day = c.day
    left join att t on t.person_id = st.person_id and t.day = c.day
    where c.n = 1),
  short as (
    select a.person_id, a.day, i.i - row_number() over (partition by a.person_id order by i.i) as island
    from alone a join idx i on i.day = a.day where a.m < ${min}),
  runs as (
    select person_id as person, count(*)::int as days, min(day)::text as "from", max(day)::text as "to"
    from short group by person_id, island having count(*) > ${maxDays})`;
const solitaryColumns = sql`
    (select count(*)::int from all_days) as sol_judged_days,
    (select json_agg(r order by r.person, r."from") from runs r) as runs`;

interface SolitaryRow {
  sol_judged_days: number;
  runs: SolitaryRun[] | null;
}

/** The query of `openAirJudgement` (for EXPLAIN in bench/open-air.ts). */
export const openAirQuery = (s: Scope, min: number) => sql<OpenAirRow>`
  with ${common(s)}, ${records(s, ['open-air'], 'oa_')}, ${openAirCtes(min)}
  select ${openAirColumns}`;

/** Both judgements in one query: the stays are read and counted once (what a compliance report runs). */
export const bothQuery = (s: Scope, min: number, sol: { min: number; maxDays: number }) => sql<
  OpenAirRow & SolitaryRow
>`
  with ${common(s)}, ${records(s, ['open-air'], 'oa_')}, ${records(s, ['open-air', 'out-of-cell'], 'all_')},
    ${openAirCtes(min)}, ${solitaryCtes(s, sol.min, sol.maxDays)}
  select ${openAirColumns}, ${solitaryColumns}`;

/**
 * Runs a judgement query without JIT compilation and with room to sort in memory: the planner's
 * guesses for the days of the window make it JIT-compile these queries, which costs PostgreSQL
 * more (2.7 s for a CECOT year, bench/open-air.ts) than running them. In a transaction of its own,
 * or in the caller's (the settings last until it ends).
 */
async function judge<T>(db: Db | Trx, q: RawBuilder<T>) {
  const run = async (trx: Db | Trx) => {
    await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
    return q.execute(trx);
  };
  return db.isTransaction ? run(db) : (db as Db).transaction().execute(run);
}

/** Open air judged per person and day (mandela-23) under `min` minutes: the short cells and the totals. */
export async function openAirJudgement(db: Db | Trx, s: Scope, min: number) {
  return openAirOf((await judge(db, openAirQuery(s, min))).rows[0] as OpenAirRow);
}

function openAirOf(row: OpenAirRow) {
  const cells: ShortCell[] = (row.cells ?? []).sort((a, b) =>
    a.cell.localeCompare(b.cell, 'en', { numeric: true }),
  );
  return {
    judgedDays: row.judged_days,
    personDays: row.person_days ?? 0,
    shortPersonDays: cells.reduce((a, c) => a + c.personDays, 0),
    cells,
  };
}

/**
 * Prolonged solitary from the records (mandela-44): a person alone in a cell for a whole day (the
 * only stay covering it), given under `min` minutes out of cell and open air that day, for more than
 * `maxDays` consecutive judged days (days with any record of either kind in the facility).
 */
export async function solitaryJudgement(db: Db | Trx, s: Scope, min: number, maxDays: number) {
  const r = await judge(
    db,
    sql<SolitaryRow>`with ${common(s)}, ${records(s, ['open-air', 'out-of-cell'], 'all_')},
      ${solitaryCtes(s, min, maxDays)} select ${solitaryColumns}`,
  );
  return solitaryOf(r.rows[0] as SolitaryRow);
}

const solitaryOf = (row: SolitaryRow) => ({ judgedDays: row.sol_judged_days, runs: row.runs ?? [] });

/** Whether the window holds a whole week (entitlements are judged per week). */
const weeksWorth = (s: Scope) => daysFrom(s.from, s.to) + 1 >= 7;

/** Visits of the facility in the window, and the people held all of it with and without one held. */
async function visitFacts(
  db: Db | Trx,
  s: Scope,
  entitled: { perWeek: number; minMinutes: number }[],
): Promise<DeliveredFacts['visits']> {
  const ws = midnight(sql`${s.from}::date`, s.tz);
  const we = midnight(sql`${s.to}::date + 1`, s.tz);
  const r = await sql<{
    recorded: number;
    held: number;
    refused: number;
    reasons: { reason: string; count: number }[] | null;
    people_held: number;
    people_with_visit: number;
  }>`
  with v as (
    select person_id, status, reason, kind from visit
    where facility_code = ${s.facility} and starts_at >= ${ws} and starts_at < ${we}),
  c as (
    select person_id from custody
    where facility_code = ${s.facility} and admitted_at <= ${ws} and (released_at is null or released_at >= ${we}))
  select
    (select count(*)::int from v) as recorded,
    (select count(*)::int from v where status = 'held') as held,
    (select count(*)::int from v where status = 'refused') as refused,
    (select json_agg(x) from (
      select coalesce(reason, '—') as reason, count(*)::int as count from v where status = 'refused'
      group by 1 order by 2 desc, 1 limit 5) x) as reasons,
    (select count(*)::int from c) as people_held,
    (select count(*)::int from c where exists (
      select 1 from v where v.person_id = c.person_id and v.status = 'held' and v.kind <> 'legal'))
      as people_with_visit
  `.execute(db);
  const row = r.rows[0] as NonNullable<(typeof r.rows)[0]>;
  // per entitlement: people held throughout with fewer long-enough visits held than the whole weeks ask
  const weeks = Math.floor((daysFrom(s.from, s.to) + 1) / 7);
  const entitlements = [];
  for (const e of entitled) {
    const short = await sql<{ n: number }>`
      select count(*)::int as n from custody c
      where c.facility_code = ${s.facility} and c.admitted_at <= ${ws} and (c.released_at is null or c.released_at >= ${we})
        and (select count(*) from visit v where v.person_id = c.person_id and v.facility_code = ${s.facility}
             and v.status = 'held' and v.kind <> 'legal' and v.starts_at >= ${ws} and v.starts_at < ${we}
             and v.ends_at - v.starts_at >= make_interval(mins => ${e.minMinutes})) < ${e.perWeek * weeks}`.execute(
      db,
    );
    entitlements.push({ ...e, weeks, peopleShort: short.rows[0]?.n ?? 0 });
  }
  return {
    entitlements,
    recorded: row.recorded,
    held: row.held,
    refused: row.refused,
    refusedReasons: row.reasons ?? [],
    peopleHeld: row.people_held,
    peopleWithVisit: row.people_with_visit,
  };
}

/** The share of people held now with an open allocation to an activity of the facility. */
async function activityFacts(
  db: Db | Trx,
  s: Scope,
  recordsInWindow: boolean,
): Promise<DeliveredFacts['activities']> {
  const r = await sql<{ held: number; allocated: number; activities: boolean }>`
  select
    (select count(*)::int from custody where facility_code = ${s.facility} and released_at is null) as held,
    (select count(distinct a.person_id)::int from activity_allocation a
      join custody c on c.id = a.custody_id and c.released_at is null and c.facility_code = ${s.facility}
      where a.facility_code = ${s.facility} and a.ended_at is null) as allocated,
    exists (select 1 from activity where facility_code = ${s.facility}) as activities
  `.execute(db);
  const row = r.rows[0] as { held: number; allocated: number; activities: boolean };
  return {
    judged: row.activities || recordsInWindow,
    allocated: row.allocated,
    held: row.held,
    share: row.held ? Math.round((row.allocated / row.held) * 10_000) / 10_000 : null,
  };
}

/**
 * What the facility gave in [from, to] (local dates), judged under the thresholds of `profiles`
 * (usually the floor's only: 60 minutes of open air; 120 minutes out of cell, 15 days).
 */
export async function deliveredFacts(
  db: Db | Trx,
  scope: Scope,
  profiles: Profile[],
): Promise<DeliveredFacts> {
  const mins = [
    ...new Set(profiles.flatMap((p) => (p.regime?.openAir ? [p.regime.openAir.minMinutes] : []))),
  ];
  const solitary = [
    ...new Map(
      profiles.flatMap((p) => {
        const x = p.dailyLife?.solitary;
        return x ? [[`${x.minOutOfCellMinutes}/${x.maxDays}`, x] as const] : [];
      }),
    ).values(),
  ];
  const any = await sql<{ open_air: boolean; any: boolean }>`
    select exists (select 1 from unit_time where facility_code = ${scope.facility} and kind = 'open-air'
        and day between ${scope.from}::date and ${scope.to}::date) as open_air,
      exists (select 1 from unit_time where facility_code = ${scope.facility}
        and day between ${scope.from}::date and ${scope.to}::date) as any`.execute(db);
  const has = any.rows[0] as { open_air: boolean; any: boolean };
  const openAir = { judgedDays: 0, personDays: 0, short: [] as DeliveredFacts['openAir']['short'] };
  const sol: DeliveredFacts['solitary'] = [];
  const addOpenAir = (min: number, j: ReturnType<typeof openAirOf>) => {
    openAir.judgedDays = j.judgedDays;
    openAir.personDays = j.personDays;
    openAir.short.push({ minMinutes: min, shortPersonDays: j.shortPersonDays, cells: j.cells });
  };
  const [min] = mins;
  const [x] = solitary;
  if (has.open_air && mins.length === 1 && solitary.length === 1 && min !== undefined && x) {
    // the usual case (the floor's thresholds): one query
    const row = (await judge(db, bothQuery(scope, min, { min: x.minOutOfCellMinutes, maxDays: x.maxDays })))
      .rows[0];
    addOpenAir(min, openAirOf(row as OpenAirRow));
    sol.push({
      minOutOfCellMinutes: x.minOutOfCellMinutes,
      maxDays: x.maxDays,
      ...solitaryOf(row as SolitaryRow),
    });
  } else {
    if (has.open_air) for (const m of mins) addOpenAir(m, await openAirJudgement(db, scope, m));
    if (has.any)
      for (const y of solitary)
        sol.push({
          minOutOfCellMinutes: y.minOutOfCellMinutes,
          maxDays: y.maxDays,
          ...(await solitaryJudgement(db, scope, y.minOutOfCellMinutes, y.maxDays)),
        });
  }
  const entitled = [
    ...new Map(
      profiles.flatMap((p) => {
        const v = p.dailyLife?.visits;
        return v
          ? [[`${v.perWeek}/${v.minMinutes}`, { perWeek: v.perWeek, minMinutes: v.minMinutes }] as const]
          : [];
      }),
    ).values(),
  ];
  const visits = await visitFacts(db, scope, weeksWorth(scope) ? entitled : []);
  return {
    window: { from: scope.from, to: scope.to, days: daysFrom(scope.from, scope.to) + 1 },
    openAir,
    solitary: sol,
    visits,
    activities: await activityFacts(db, scope, has.any || visits.recorded > 0),
  };
}
