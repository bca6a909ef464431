/**
 * `npm run bench`: every benchmark, with Markdown tables for docs/benchmarks.md. `--quick` runs the
 * two main allocation instances only; `--intake` the intake only; BENCH_PEOPLE sets the intake size
 * (default 40,000).
 */
import { allocateTable, benchAllocate } from './allocate.js';
import { benchIntake } from './intake.js';
import { benchProjection, projectionTable } from './projection.js';
import { scratchDatabase } from './scratch.js';

const quick = process.argv.includes('--quick');
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A scratch database on the local PostgreSQL, or null (PGlite only) when none is reachable. */
async function benchDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  try {
    return await scratchDatabase(pgUrl, 'custodia_bench');
  } catch (err) {
    // an answer from the server (an SQLSTATE) is a failure; no answer means no server here
    if (/^[0-9A-Z]{5}$/.test((err as { code?: string }).code ?? '')) throw err;
    console.error(`PostgreSQL not reachable at ${pgUrl}; measuring PGlite only.`);
    return null;
  }
}

const intakeOnly = process.argv.includes('--intake');
if (!intakeOnly) {
  console.log(`\n## Allocation (node ${process.version})\n`);
  console.log(allocateTable(await benchAllocate(quick)));
}

const rows = [await benchIntake('PGlite (embedded)')];
const scratch = await benchDatabase();
if (scratch) {
  try {
    rows.push(await benchIntake('PostgreSQL (local)', scratch.url));
  } finally {
    await scratch.drop();
  }
}
const f = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(
  `\n## Intake and the register: ${f(rows[0]!.people)} admissions through POST /api/v1/admissions/bulk into CECOT (256 cells), ${f(rows[0]!.people / 2000)} batches of 2,000\n`,
);
console.log(
  '| database | full path over HTTP, s | each batch, s | raw INSERT of the same person + event rows, s | full ÷ that | raw INSERT of every row the full path writes, indexes kept, s | full ÷ that | verify, events/s | raw SHA-256 chain, events/s | verify ÷ raw speed | roll now (SQL) ms |',
);
console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${f(r.admitS, 1)} | ${f(r.batchMin, 2)}–${f(r.batchMax, 2)} | ${f(r.peopleEventsS, 1)} | ${f(r.admitVsRaw, 2)}× | ${f(r.everyRowS, 1)} | ${f(r.admitVsEveryRow, 2)}× | ${f(r.verifyPerS)} | ${f(r.rawHashPerS)} | ${f(r.verifyVsRaw * 100)} % | ${f(r.rollAtMs, 1)} |`,
  );
}

if (intakeOnly) process.exit(0);
console.log('\n## Projection: simulated person-months next to a raw loop (1 PRNG draw + 1 increment each)\n');
console.log(projectionTable(benchProjection()));
