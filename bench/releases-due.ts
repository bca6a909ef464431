/**
 * The releases due at national scale (bench/national-db.ts: 80 facilities, 1 million people on
 * PostgreSQL): for facilities drawn at random, `releasesDue(db, facility, from, to)` (what GET
 * /api/v1/facilities/{code}/releases-due runs) over 7-day windows — from today (the page's default),
 * a week within the coming year, a week in the past (everyone released since: the index still reads
 * their dates) — each call timed on its own. Baseline in the same run: a person by primary key.
 *
 * A database built before the national demo wrote sentences gets them first, in bulk
 * (bench/national-sentences.ts). BENCH_PGLITE=<folder> runs on PGlite instead, building a national
 * demo of BENCH_NATIONAL_PEOPLE people (default 100,000; 10 events each) there when it is empty.
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { progressBar } from '../src/cli/progress.js';
import { loadNational } from '../src/demo/national.js';
import { isoOf, toDay } from '../src/domain/sentences/calendar.js';
import { dateIn } from '../src/domain/time.js';
import { openStore, type Store } from '../src/store/db.js';
import { releasesDue } from '../src/store/release-dates.js';
import { describe, fmt, NATIONAL, nationalStore, percentile, timings } from './national-db.js';
import { ensureSentences } from './national-sentences.js';

const SAMPLE = Number(process.env.BENCH_RELEASES_SAMPLE ?? 200);
const GOAL_MS = 50;

async function pgliteStore(dir: string): Promise<Store> {
  const store = await openStore({ dataDir: dir });
  if (!(await store.db.selectFrom('facility').select('code').limit(1).executeTakeFirst())) {
    const people = Number(process.env.BENCH_NATIONAL_PEOPLE ?? 100_000);
    const bar = progressBar(`building a national demo of ${fmt(people)} people in ${dir}`);
    const t0 = performance.now();
    await loadNational(store, { people, events: people * 10, onProgress: (d, t) => bar.update(d, t) });
    bar.done();
    console.error(`built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  return store;
}

export async function benchReleasesDue(pglite = process.env.BENCH_PGLITE) {
  const store = pglite ? await pgliteStore(pglite) : await nationalStore(NATIONAL);
  try {
    const t0 = performance.now();
    const backfilled = await ensureSentences(store);
    const backfillS = (performance.now() - t0) / 1000;
    const size = await describe(store);
    const facilities = await store.db
      .selectFrom('facility')
      .select(['code', 'timezone'])
      .orderBy('code')
      .execute();
    const counts = (
      await sql<{ dated: number; open: number; first: string }>`select count(*)::int as dated,
        count(*) filter (where c.released_at is null)::int as open, min(r.release_date)::text as first
        from release_dates r join custody c on c.id = r.custody_id`.execute(store.db)
    ).rows[0]!;
    let s = 11;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const today = toDay(dateIn(new Date(), facilities[0]!.timezone));
    const first = toDay(counts.first);
    const windows: { kind: string; from: () => number }[] = [
      { kind: 'from today, 7 days (the page’s default)', from: () => today },
      { kind: 'a week within the coming year', from: () => today + Math.floor(rnd() * 358) },
      {
        kind: 'a week in the past (all released since)',
        from: () => first + Math.floor(rnd() * Math.max(1, today - 8 - first)),
      },
    ];
    const draw = (from: () => number) =>
      Array.from({ length: SAMPLE }, () => {
        const f = from();
        return {
          code: facilities[Math.floor(rnd() * facilities.length)]!.code,
          from: isoOf(f),
          to: isoOf(f + 7),
        };
      });
    // warm the caches, as a running server's would be
    for (const w of windows)
      for (const c of draw(w.from).slice(0, 20)) await releasesDue(store.db, c.code, c.from, c.to);
    const rows = [];
    const all: number[] = [];
    for (const w of windows) {
      const cases = draw(w.from);
      let found = 0;
      const ms = await timings(cases, async (c) => {
        found += (await releasesDue(store.db, c.code, c.from, c.to)).length;
      });
      all.push(...ms);
      rows.push({
        kind: w.kind,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        found: found / cases.length,
      });
    }
    const people = (
      await sql<{
        id: string;
      }>`select person_id as id from release_dates tablesample bernoulli (1) repeatable (5)
        limit ${SAMPLE}`.execute(store.db)
    ).rows;
    const pk = await timings(people, (p) =>
      store.db.selectFrom('person').selectAll().where('id', '=', p.id).executeTakeFirst(),
    );
    return {
      database: pglite ? 'PGlite' : 'PostgreSQL',
      size,
      counts,
      backfilled,
      backfillS,
      sample: SAMPLE,
      rows,
      p50: percentile(all, 50),
      p95: percentile(all, 95),
      pk: { p50: percentile(pk, 50), p95: percentile(pk, 95) },
    };
  } finally {
    await store.close();
  }
}

export function releasesDueTable(r: Awaited<ReturnType<typeof benchReleasesDue>>): string {
  return [
    `${r.database}: ${fmt(r.size.people)} people, ${fmt(r.size.events)} events, ${r.size.facilities} facilities; ${fmt(r.counts.dated)} custodies with release dates (${fmt(r.counts.open)} held now)${r.backfilled ? `, their sentences added in bulk first (${fmt(r.backfilled)} custodies, ${fmt(r.backfillS)} s)` : ''}; ${r.sample} random facilities per row, one call each`,
    '',
    '| 7-day window | p50 ms | p95 ms | releases listed (mean) |',
    '|---|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.kind} | ${fmt(x.p50, 1)} | ${fmt(x.p95, 1)} | ${fmt(x.found, 1)} |`),
    `| **all windows** (goal p95 ≤ ${GOAL_MS} ms) | ${fmt(r.p50, 1)} | **${fmt(r.p95, 1)}** | |`,
    `| baseline: a person by primary key | ${fmt(r.pk.p50, 2)} | ${fmt(r.pk.p95, 2)} | |`,
    `| **p95 ÷ baseline p95** | | ${fmt(r.p95 / r.pk.p95, 1)}× | |`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(releasesDueTable(await benchReleasesDue()));
