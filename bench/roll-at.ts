/**
 * The roll as of a past moment at national scale (bench/national-db.ts: 10 million register events on
 * PostgreSQL): random facilities at random moments of their history, each through `roll(db, code, at)`
 * (what GET /api/v1/facilities/{code}/roll?at= runs), next to the live roll of the same facilities
 * (from the occupancy table) in the same run. Also a person's timeline (their file) for people drawn
 * at random.
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { roll } from '../src/store/facilities.js';
import { personView } from '../src/store/people.js';
import { describe, fmt, NATIONAL, nationalStore, percentile, timings } from './national-db.js';

const SAMPLE = Number(process.env.BENCH_ROLL_SAMPLE ?? 300);

export async function benchRollAt() {
  const store = await nationalStore(NATIONAL);
  try {
    const size = await describe(store);
    const span = await sql<{
      first: Date;
      last: Date;
    }>`select min(effective_at) as first, max(effective_at) as last
      from custody_event where kind = 'custody.admitted'`.execute(store.db);
    const { first, last } = span.rows[0]!;
    const facilities = (await store.db.selectFrom('facility').select('code').orderBy('code').execute()).map(
      (f) => f.code,
    );
    let s = 7;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const cases = Array.from({ length: SAMPLE }, () => ({
      code: facilities[Math.floor(rnd() * facilities.length)]!,
      at: new Date(first.getTime() + rnd() * (last.getTime() - first.getTime())),
    }));
    for (const c of cases.slice(0, 20)) await roll(store.db, c.code, c.at);
    let people = 0;
    const at = await timings(cases, async (c) => {
      people += (await roll(store.db, c.code, c.at)).total.inCustody;
    });
    const live = await timings(cases, (c) => roll(store.db, c.code));
    const who = (
      await sql<{
        id: string;
      }>`select id from person tablesample bernoulli (0.1) repeatable (11) limit 200`.execute(store.db)
    ).rows;
    let events = 0;
    const files = await timings(who, async (p) => {
      events += (await personView(store.db, p.id)).timeline.length;
    });
    return {
      size,
      sample: cases.length,
      meanHeld: people / cases.length,
      at: { p50: percentile(at, 50), p95: percentile(at, 95) },
      live: { p50: percentile(live, 50), p95: percentile(live, 95) },
      file: {
        p50: percentile(files, 50),
        p95: percentile(files, 95),
        people: who.length,
        meanEvents: events / who.length,
      },
    };
  } finally {
    await store.close();
  }
}

export function rollAtTable(r: Awaited<ReturnType<typeof benchRollAt>>): string {
  return [
    `${fmt(r.size.events)} register events, ${fmt(r.size.people)} people, ${r.size.facilities} facilities; ${r.sample} random (facility, moment) pairs, ${fmt(r.meanHeld)} people held on average`,
    '',
    '| query | p50 ms | p95 ms |',
    '|---|---:|---:|',
    `| **roll ?at= a past moment** | ${fmt(r.at.p50, 1)} | **${fmt(r.at.p95, 1)}** |`,
    `| baseline: the live roll of the same facilities | ${fmt(r.live.p50, 1)} | ${fmt(r.live.p95, 1)} |`,
    `| a person's file with timeline (${r.file.people} people, ${fmt(r.file.meanEvents, 1)} events each) | ${fmt(r.file.p50, 1)} | ${fmt(r.file.p95, 1)} |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) console.log(rollAtTable(await benchRollAt()));
