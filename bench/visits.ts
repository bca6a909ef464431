/**
 * `npm run bench:visits` (not in CI): booking a visit (`bookVisit`, what POST /api/v1/visits runs) with
 * two million visits recorded. A Chilean remand centre (CDP-SUR, 120 cells) is built through the
 * ordinary path: the facility, BENCH_VISITS_PEOPLE people admitted (default 400), two visitors each
 * registered and enrolled, a few non-associations, visit sessions on the booking days. Then `visit`
 * is filled with BENCH_VISITS_ROWS rows (default 2,000,000) of the past years set-based (insert …
 * select from generate_series): projection rows written directly for speed, with no register event
 * behind them. `vacuum analyze`, then BENCH_VISITS_SAMPLE bookings (default 600) are timed one by one
 * through the store function, each in its own transaction with its event, against two baselines in
 * the same process: a bare `select 1` round trip and an insert of one row in its own transaction.
 *
 * On PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432/postgres) it creates and drops
 * its own database, custodia_bench_visits (BENCH_VISITS_PG=0 skips it); then on PGlite in memory
 * (BENCH_VISITS_PGLITE=0 skips it).
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { chileanRemandCentre } from '../src/demo/facilities.js';
import { demoAdmissions } from '../src/demo/people.js';
import { dateIn } from '../src/domain/time.js';
import { admit } from '../src/store/custody.js';
import { openStore, type Store } from '../src/store/db.js';
import { createFacility } from '../src/store/facilities.js';
import { openNonAssociation } from '../src/store/groups.js';
import { enrolVisitor, registerVisitor } from '../src/store/visitors.js';
import { bookVisit, createSession } from '../src/store/visits.js';
import { fmt, percentile, SERVER, timings, urlOf } from './national-db.js';

const PEOPLE = Number(process.env.BENCH_VISITS_PEOPLE ?? 400);
const ROWS = Number(process.env.BENCH_VISITS_ROWS ?? 2_000_000);
const SAMPLE = Number(process.env.BENCH_VISITS_SAMPLE ?? 600);
const DB_NAME = 'custodia_bench_visits';
const GOAL_MS = 20;
const FACILITY = 'CDP-SUR';
const DAY = 86_400_000;

const seconds = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
};

/** A local time in Santiago on a calendar date, as an RFC 3339 text (the zone's offset that day). */
export function local(date: string, hhmm: string): string {
  const guess = new Date(`${date}T${hhmm}:00Z`);
  // Santiago is UTC−3 or UTC−4: find the offset whose local date and time match
  for (const h of [3, 4]) {
    const at = new Date(guess.getTime() + h * 3_600_000);
    if (dateIn(at, 'America/Santiago') === date && formatHour(at) === hhmm) return at.toISOString();
  }
  throw new Error(`no local time ${date} ${hhmm}`);
}
const formatHour = (at: Date) =>
  at.toLocaleTimeString('en-GB', { timeZone: 'America/Santiago', hour: '2-digit', minute: '2-digit' });

export async function build(store: Store) {
  const now = new Date();
  await createFacility(store.db, chileanRemandCentre(), 'bench');
  const list = demoAdmissions({
    count: PEOPLE,
    now,
    seed: 23,
    since: new Date(now.getTime() - 200 * DAY),
    statusMix: [
      ['pretrial', 3],
      ['sentenced', 2],
    ],
    idFormat: 'rut',
    issuedBy: { pretrial: 'Juzgado de Garantía', detained: 'Carabineros', sentenced: 'Tribunal Oral' },
    ageRange: [18, 60],
  });
  await admit(store.db, FACILITY, list, 'bench', { now });
  const people = (
    await store.db
      .selectFrom('custody')
      .select(['person_id', 'id'])
      .where('facility_code', '=', FACILITY)
      .orderBy('person_id')
      .execute()
  ).map((c) => c.person_id);
  const visitorsOf = new Map<string, string[]>();
  let n = 0;
  for (const personId of people) {
    const mine: string[] = [];
    for (const relationship of ['madre', 'hermano']) {
      n++;
      const { visitorId } = await registerVisitor(
        store.db,
        { givenNames: 'Visitante', familyNames: `Bench ${n}`, nationalId: `B-${n}` },
        'bench',
      );
      await enrolVisitor(store.db, personId, { visitorId, relationship, kind: 'family' }, 'bench');
      mine.push(visitorId);
    }
    visitorsOf.set(personId, mine);
  }
  // a non-association every 20 people: some bookings meet it in a session
  for (let i = 0; i + 1 < people.length; i += 20)
    await openNonAssociation(
      store.db,
      { personA: people[i]!, personB: people[i + 1]!, scope: 'cell', reason: 'threat' },
      'bench',
    );
  return { people, visitorsOf };
}

/** `visit` filled with `ROWS` past visits of these people, set-based (projection rows, no events). */
export async function fill(store: Store) {
  await sql`create temporary table bench_people as
    select row_number() over (order by c.person_id) - 1 as rn, c.person_id, c.id as custody_id,
      array(select pv.visitor_id from person_visitor pv where pv.person_id = c.person_id order by pv.visitor_id) as visitor_ids
    from custody c where c.facility_code = ${FACILITY}`.execute(store.db);
  const n = PEOPLE;
  // each person's visits every (span / per person) back from yesterday, at 10:00 UTC plus a few hours
  await sql`insert into visit (id, person_id, custody_id, facility_code, kind, starts_at, ends_at, visitor_ids,
      session_id, status, reason, seq, outcome_seq)
    select 'bench-' || g, p.person_id, p.custody_id, ${FACILITY},
      case when g % 20 = 0 then 'legal' when g % 50 = 1 then 'intimate' else 'family' end,
      t.s, t.s + interval '90 minutes', p.visitor_ids, null,
      case when g % 10 = 0 then 'cancelled' when g % 25 = 1 then 'no-show' else 'held' end,
      case when g % 10 = 0 then 'Cancelada por la familia' else null end, 0, 0
    from generate_series(0, ${ROWS - 1}) g
    join bench_people p on p.rn = g % ${n}
    cross join lateral (select date_trunc('day', now()) - interval '1 day'
      - (g / ${n}) * interval '1 day' * 0.5 + ((g % 8) * interval '1 hour') as s) t`.execute(store.db);
  await sql`drop table bench_people`.execute(store.db);
}

export async function benchVisits(target: 'PostgreSQL' | 'PGlite') {
  let admin: pg.Client | null = null;
  if (target === 'PostgreSQL') {
    admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.query(`create database ${DB_NAME}`);
  }
  const store = await openStore(
    target === 'PostgreSQL' ? { databaseUrl: urlOf(DB_NAME) } : { dataDir: 'memory://' },
  );
  try {
    const [{ people, visitorsOf }, buildS] = await seconds(() => build(store));
    const [, fillS] = await seconds(() => fill(store));
    const [, analyzeS] = await seconds(() => store.exec('vacuum analyze'));
    const rows = Number(
      (await sql<{ n: number }>`select count(*)::int as n from visit`.execute(store.db)).rows[0]!.n,
    );

    // the booking days: from 30 days ahead, two sessions a day of the whole population's size
    const first = Date.now() + 30 * DAY;
    const days = Array.from({ length: Math.ceil((SAMPLE + 40) / PEOPLE) + 1 }, (_, i) =>
      dateIn(new Date(first + i * DAY), 'America/Santiago'),
    );
    for (const date of days)
      for (const [from, to] of [
        ['09:00', '13:00'],
        ['14:00', '18:00'],
      ] as const)
        await createSession(
          store.db,
          FACILITY,
          {
            startsAt: local(date, from),
            endsAt: local(date, to),
            capacity: PEOPLE,
            kinds: ['family', 'legal'],
          },
          'bench',
        );
    // booking k: person k % people, on day k / people, in the morning or the afternoon session
    const bookings = Array.from({ length: SAMPLE + 40 }, (_, k) => {
      const personId = people[k % people.length]!;
      const date = days[Math.floor(k / people.length)]!;
      const hour = 9 + (k % 8) + (k % 8 >= 4 ? 1 : 0);
      const hh = String(hour).padStart(2, '0');
      return {
        personId,
        visitorIds: visitorsOf.get(personId)!,
        kind: 'family' as const,
        startsAt: local(date, `${hh}:00`),
        endsAt: local(date, `${hh}:45`),
      };
    });
    let refused = 0;
    const book = async (b: (typeof bookings)[number]) => {
      try {
        await bookVisit(store.db, b, 'bench');
      } catch (err) {
        if ((err as { status?: number }).status !== 409) throw err;
        refused++;
      }
    };
    // warm the caches, as a running server's would be
    for (const b of bookings.slice(0, 40)) await book(b);
    refused = 0;
    const load0 = loadavg()[0] ?? 0;
    const ms = await timings(bookings.slice(40), book);
    const load1 = loadavg()[0] ?? 0;

    await store.exec('create table bench_one (id serial primary key, at timestamptz not null)');
    const reps = Array.from({ length: SAMPLE }, (_, i) => i);
    const select1 = await timings(reps, () => sql`select 1`.execute(store.db));
    const insert1 = await timings(reps, () =>
      store.db.transaction().execute((trx) => sql`insert into bench_one (at) values (now())`.execute(trx)),
    );
    return {
      target,
      people: people.length,
      rows,
      buildS,
      fillS,
      analyzeS,
      sample: ms.length,
      load: [load0, load1] as const,
      refused,
      booking: { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) },
      select1: { p50: percentile(select1, 50), p95: percentile(select1, 95), p99: percentile(select1, 99) },
      insert1: { p50: percentile(insert1, 50), p95: percentile(insert1, 95), p99: percentile(insert1, 99) },
    };
  } finally {
    await store.close();
    if (admin) {
      await admin.query(`drop database if exists ${DB_NAME} with (force)`);
      await admin.end();
    }
  }
}

export function visitsTable(r: Awaited<ReturnType<typeof benchVisits>>): string {
  const row = (what: string, x: { p50: number; p95: number; p99: number }, d = 2) =>
    `| ${what} | ${fmt(x.p50, d)} | ${fmt(x.p95, d)} | ${fmt(x.p99, d)} |`;
  return [
    `${r.target}: ${FACILITY} with ${fmt(r.people)} people admitted, ${fmt(r.people * 2)} visitors registered and enrolled through the store (${fmt(r.buildS, 1)} s); ${fmt(r.rows)} rows in \`visit\` — the ${fmt(ROWS)} of the past written set-based as projection rows directly, for speed, with no events behind them (${fmt(r.fillS, 1)} s), vacuum analyze ${fmt(r.analyzeS, 1)} s; ${r.sample} bookings timed one by one through bookVisit (each a transaction with its event), ${r.refused} of them refused (409: non-associations in the same session)`,
    `Machine: ${cpus().length} cores, load average ${fmt(r.load[0], 1)} before and ${fmt(r.load[1], 1)} after the timed bookings (other work shares it).`,
    '',
    '| call | p50 ms | p95 ms | p99 ms |',
    '|---|---:|---:|---:|',
    row(`**bookVisit** (goal p95 ≤ ${GOAL_MS} ms)`, r.booking),
    row('baseline: `select 1` round trip', r.select1, 3),
    row('baseline: insert one row, own transaction', r.insert1, 3),
    `| **booking p95 ÷ insert p95** | | ${fmt(r.booking.p95 / r.insert1.p95, 1)}× | |`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.env.BENCH_VISITS_PG !== '0') console.log(`${visitsTable(await benchVisits('PostgreSQL'))}\n`);
  if (process.env.BENCH_VISITS_PGLITE !== '0') console.log(visitsTable(await benchVisits('PGlite')));
}
