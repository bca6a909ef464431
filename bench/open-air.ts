/**
 * A year of daily life at CECOT's scale (docs/benchmarks.md; `npm run bench:open-air`, not in CI):
 * 8 blocks × 32 cells = 256 cells, 40,000 people, 365 days of open-air records per block (and a few
 * per cell each day), time out of cell per block, some exceptions; then the year's compliance:
 * the part judged on records (src/store/daily-life-compliance.ts: mandela-23 per person and day,
 * solitary from records, visits, activities) and the whole compliance input and check, each run
 * several times (median, min), with a baseline in the same process (a count of the stays, a
 * sequential read of the records). Goal: the year's compliance in ≤ 2 s on PostgreSQL.
 *
 * The facility is created through the store; people, custodies, stays and the records are inserted
 * set-based, straight into the projections (no register events: the reads do not look at them).
 * PostgreSQL: its own database custodia_bench_openair on BENCH_PG (default
 * postgres://postgres@127.0.0.1:5432/postgres), created and dropped by the run. PGlite too, in a
 * temporary folder, unless BENCH_OPENAIR_PGLITE=0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { plusDays } from '../src/domain/daily-life/open-air.js';
import { check } from '../src/domain/safeguards/compliance.js';
import { FLOOR } from '../src/domain/safeguards/profiles/index.js';
import { dateIn } from '../src/domain/time.js';
import { deliveredFacts, openAirJudgement, openAirQuery } from '../src/store/daily-life-compliance.js';
import { openStore, type Store } from '../src/store/db.js';
import { createFacility } from '../src/store/facilities.js';
import { complianceInput } from '../src/store/safeguards/compliance.js';
import { fmt, SERVER, urlOf } from './national-db.js';

const DB = 'custodia_bench_openair';
const CODE = 'CECOT';
const TZ = 'America/El_Salvador';
const BLOCKS = 8;
const CELLS = 32;
const PEOPLE = Number(process.env.BENCH_OPENAIR_PEOPLE ?? 40_000);
const DAYS = 365;
const RUNS = Number(process.env.BENCH_OPENAIR_RUNS ?? 5);
const GOAL_MS = 2000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function build(store: Store, to: string) {
  const db = store.db;
  const from = plusDays(to, -(DAYS - 1));
  const t0 = performance.now();
  await createFacility(
    db,
    {
      code: CODE,
      name: 'Centro de Confinamiento del Terrorismo (banco de pruebas)',
      timezone: TZ,
      jurisdiction: 'SV',
      units: Array.from({ length: BLOCKS }, (_, b) => ({
        code: `M${b + 1}`,
        kind: 'block' as const,
        children: Array.from({ length: CELLS }, (_, c) => ({
          code: `M${b + 1}-C${String(c + 1).padStart(2, '0')}`,
          kind: 'cell' as const,
          capacity: { design: 80, operational: 80 },
          areaM2: 100,
        })),
      })),
    },
    'bench',
    new Date(`${plusDays(from, -400)}T12:00:00Z`),
  );
  const steps: string[] = [];
  let last = performance.now();
  const step = (what: string) => {
    const now = performance.now();
    steps.push(`${what} ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
  step('facility');
  const start = sql`(${from}::date::timestamp at time zone ${TZ})`;
  // people: 90 % held since before the year, 10 % admitted during it; 5 % moved once, 3 % released
  await sql`
    insert into person (id, given_names, family_names, date_of_birth, sex, national_id, created_seq)
    select 'p' || g, 'Persona', 'Banco ' || g, date '1990-01-01' + (g % 5000), 'male', 'SV-' || g, 1000000 + g
    from generate_series(1, ${PEOPLE}) g`.execute(db);
  step('people');
  await sql`
    insert into custody (id, person_id, facility_code, status, legal_basis, admitted_at, admitted_seq, cell_id)
    select 'c' || g, 'p' || g, ${CODE}, 'pretrial', '{"kind":"bench"}'::jsonb,
      case when g % 10 = 0 then ${start} + ((g * 7919) % (${DAYS} * 24)) * interval '1 hour'
        else ${start} - interval '30 days' - (g % 300) * interval '1 day' end,
      0,
      cells.a[1 + g % ${BLOCKS * CELLS}]
    from generate_series(1, ${PEOPLE}) g
    cross join (select array_agg(id order by position, id) as a from unit
      where facility_code = ${CODE} and kind = 'cell') cells`.execute(db);
  await sql`update custody set released_at = admitted_at + interval '40 days' + (hashtext(id) & 255) * interval '1 hour'
    where facility_code = ${CODE} and hashtext(id) % 33 = 0`.execute(db);
  step('custodies');
  // a stay per custody; 5 % of them moved to the next cell at a random hour of the year
  await sql`
    insert into stay (person_id, custody_id, facility_code, unit_id, during, start_seq)
    select person_id, id, facility_code, cell_id,
      tstzrange(admitted_at, case
        when hashtext(person_id) % 20 = 1 then greatest(admitted_at + interval '1 hour',
          ${start} + ((hashtext(person_id) & 8191) % (${DAYS} * 24)) * interval '1 hour')
        else released_at end), 0
    from custody where facility_code = ${CODE}`.execute(db);
  await sql`
    insert into stay (person_id, custody_id, facility_code, unit_id, during, start_seq)
    select s.person_id, s.custody_id, s.facility_code,
      (select id from unit u where u.facility_code = ${CODE} and u.kind = 'cell' and u.id > s.unit_id order by id limit 1),
      tstzrange(upper(s.during), c.released_at), 0
    from stay s join custody c on c.id = s.custody_id
    where s.facility_code = ${CODE} and hashtext(s.person_id) % 20 = 1 and upper(s.during) is not null
      and (c.released_at is null or upper(s.during) < c.released_at)
      and exists (select 1 from unit u where u.facility_code = ${CODE} and u.kind = 'cell' and u.id > s.unit_id)`.execute(
    db,
  );
  step('stays');
  // records: every block every day (60 minutes; 30 on one day in nine), time out of cell 30 minutes a block,
  // and 4 cells a day given 15 minutes more of open air
  await sql`
    insert into unit_time (id, facility_code, unit_id, kind, day, minutes, seq)
    select 'oa-' || u.id || '-' || d::date, ${CODE}, u.id, 'open-air', d::date,
      case when (u.id + extract(doy from d)::int) % 9 = 0 then 30 else 60 end, 0
    from unit u cross join generate_series(${from}::timestamp, ${to}::timestamp, interval '1 day') d
    where u.facility_code = ${CODE} and u.kind = 'block'
    union all
    select 'oc-' || u.id || '-' || d::date, ${CODE}, u.id, 'out-of-cell', d::date, 30, 0
    from unit u cross join generate_series(${from}::timestamp, ${to}::timestamp, interval '1 day') d
    where u.facility_code = ${CODE} and u.kind = 'block'
    union all
    select 'oa-cell-' || u.id || '-' || d::date, ${CODE}, u.id, 'open-air', d::date, 15, 0
    from unit u cross join generate_series(${from}::timestamp, ${to}::timestamp, interval '1 day') d
    where u.facility_code = ${CODE} and u.kind = 'cell' and (u.id + extract(doy from d)::int) % 64 = 0`.execute(
    db,
  );
  step('records');
  await sql`analyze`.execute(db); // the exceptions' plan needs to know how many people there are
  // exceptions: 3 people a block a day (24 a day), named on their block's open-air record (people held all year)
  await sql`
    insert into unit_time_exception (record_id, person_id, reason, facility_code)
    with elig as (
      select cell.parent_id as block, c.person_id,
        row_number() over (partition by cell.parent_id order by c.person_id) as rn,
        count(*) over (partition by cell.parent_id) as n
      from custody c join unit cell on cell.id = c.cell_id
      where c.facility_code = ${CODE} and c.admitted_at < ${start} and c.released_at is null
        and hashtext(c.person_id) % 20 <> 1),
    sizes as (select distinct block, n from elig),
    picks as (
      select t.id, t.unit_id as block, 1 + ((extract(doy from t.day)::int * 131 + k * 997) % z.n) as rn
      from unit_time t join sizes z on z.block = t.unit_id cross join generate_series(0, 2) k
      where t.facility_code = ${CODE} and t.kind = 'open-air')
    select distinct p.id, e.person_id, 'En el hospital', ${CODE}
    from picks p join elig e on e.block = p.block and e.rn = p.rn`.execute(db);
  step('exceptions');
  await sql`analyze`.execute(db);
  step('analyze');
  console.error(`build steps: ${steps.join(', ')}`);
  const n = async (q: string) => Number((await sql.raw<{ n: number }>(q).execute(db)).rows[0]?.n);
  return {
    from,
    to,
    buildS: (performance.now() - t0) / 1000,
    people: await n('select count(*) as n from person'),
    stays: await n('select count(*) as n from stay'),
    records: await n('select count(*) as n from unit_time'),
    exceptions: await n('select count(*) as n from unit_time_exception'),
  };
}

async function time(fn: () => Promise<unknown>) {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return { median: median(out), min: Math.min(...out) };
}

async function run(label: string, store: Store) {
  const now = new Date();
  const to = dateIn(now, TZ);
  const size = await build(store, to);
  console.log(
    `${label}: built in ${size.buildS.toFixed(1)} s (facility through the store; people, custodies, stays and records inserted set-based, without register events): ${fmt(size.people)} people, ${fmt(size.stays)} stays, ${fmt(size.records)} records, ${fmt(size.exceptions)} exceptions, ${size.from} – ${size.to}`,
  );
  const scope = { facility: CODE, tz: TZ, from: size.from, to: size.to };
  const facts = await deliveredFacts(store.db, scope, [FLOOR]);
  const short = facts.openAir.short[0];
  console.log(
    `${label}: judged ${facts.openAir.judgedDays} days, ${fmt(facts.openAir.personDays)} person-days, ${fmt(short?.shortPersonDays ?? 0)} short in ${short?.cells.length ?? 0} cells; solitary runs ${facts.solitary[0]?.runs.length ?? 0}`,
  );
  const rows: [string, { median: number; min: number }][] = [
    ['baseline: count(*) from stay', await time(() => sql`select count(*) from stay`.execute(store.db))],
    [
      'baseline: seq scan of unit_time (sum of minutes)',
      await time(() => sql`select sum(minutes) from unit_time`.execute(store.db)),
    ],
    ['mandela-23 query alone (a year)', await time(() => openAirJudgement(store.db, scope, 60))],
    [
      'delivered facts (a year: open air, solitary, visits, activities)',
      await time(() => deliveredFacts(store.db, scope, [FLOOR])),
    ],
    [
      'whole compliance (input + check, a year)',
      await time(async () => {
        const { input } = await complianceInput(store.db, CODE, now, {
          window: { from: size.from, to: size.to },
        });
        return check(input, FLOOR);
      }),
    ],
  ];
  for (const [what, t] of rows)
    console.log(
      `${label}: ${what.padEnd(66)} median ${fmt(t.median, 1).padStart(8)} ms  min ${fmt(t.min, 1).padStart(8)} ms`,
    );
  if (process.env.BENCH_OPENAIR_EXPLAIN === '1') {
    const plan = await store.db.transaction().execute(async (trx) => {
      await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
      return sql<Record<string, string>>`explain (analyze, buffers) ${openAirQuery(scope, 60)}`.execute(trx);
    });
    console.log(plan.rows.map((r) => Object.values(r)[0]).join('\n'));
  }
  const whole = rows[rows.length - 1]?.[1].median ?? 0;
  console.log(
    `${label}: goal ≤ ${GOAL_MS} ms for the year's compliance: ${whole <= GOAL_MS ? 'met' : 'NOT met'}`,
  );
  return rows;
}

async function postgres() {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.query(`create database ${DB}`);
  } finally {
    await admin.end();
  }
  const store = await openStore({ databaseUrl: urlOf(DB) });
  try {
    await run('PostgreSQL', store);
  } finally {
    await store.close();
    const again = new pg.Client({ connectionString: SERVER });
    await again.connect();
    await again.query(`drop database if exists ${DB} with (force)`);
    await again.end();
  }
}

async function pglite() {
  const dir = mkdtempSync(join(tmpdir(), 'custodia-openair-'));
  const store = await openStore({ dataDir: dir });
  try {
    await run('PGlite', store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await postgres();
if (process.env.BENCH_OPENAIR_PGLITE !== '0') await pglite();
