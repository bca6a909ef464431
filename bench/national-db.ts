/**
 * The national databases the scale benchmarks share, on PostgreSQL: built once with
 * `custodia demo --national` (minutes for 10 million events) and kept, so each benchmark can be rerun.
 * BENCH_PG is the server (default postgres://postgres@127.0.0.1:5432/postgres); BENCH_REBUILD=1
 * drops and rebuilds them.
 */
import pg from 'pg';
import { progressBar } from '../src/cli/progress.js';
import { loadNational } from '../src/demo/national.js';
import { openStore, type Store } from '../src/store/db.js';

export const SERVER = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface NationalSize {
  name: string;
  people: number;
  events: number;
}

/** 1 million people and 10 million register events: the scale for search and the roll. */
export const NATIONAL: NationalSize = {
  name: 'custodia_bench_national',
  people: Number(process.env.BENCH_NATIONAL_PEOPLE ?? 1_000_000),
  events: Number(process.env.BENCH_NATIONAL_EVENTS ?? 10_000_000),
};

/** 1 million events, for the audit: verify against the raw chain over the same events. */
export const AUDIT: NationalSize = { name: 'custodia_bench_audit', people: 100_000, events: 1_000_000 };

export function urlOf(name: string): string {
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Opens the benchmark database, building it first when it is missing or empty. */
export async function nationalStore(size: NationalSize): Promise<Store> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    if (process.env.BENCH_REBUILD === '1')
      await admin.query(`drop database if exists ${size.name} with (force)`);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [size.name]);
    if (!exists.rowCount) await admin.query(`create database ${size.name}`);
  } finally {
    await admin.end();
  }
  const store = await openStore({ databaseUrl: urlOf(size.name) });
  const facility = await store.db.selectFrom('facility').select('code').limit(1).executeTakeFirst();
  const person = await store.db.selectFrom('person').select('id').limit(1).executeTakeFirst();
  // the loader makes facilities first: with facilities and no people, an earlier build failed half-way
  if (facility && !person) {
    await store.close();
    throw new Error(
      `${size.name} holds facilities but no people (a failed build): rerun with BENCH_REBUILD=1`,
    );
  }
  if (!facility) {
    const bar = progressBar(`building ${size.name}`);
    const t0 = performance.now();
    await loadNational(store, {
      people: size.people,
      events: size.events,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.done();
    console.error(`built ${size.name} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  return store;
}

/** Sizes of what a benchmark ran against, for its table. */
export async function describe(store: Store) {
  const n = async (table: 'person' | 'custody_event' | 'facility') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { people: await n('person'), events: await n('custody_event'), facilities: await n('facility') };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Milliseconds each call of `fn` takes, one after another. */
export async function timings<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const it of items) {
    const t0 = performance.now();
    await fn(it);
    out.push(performance.now() - t0);
  }
  return out;
}

export const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
