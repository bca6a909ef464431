/**
 * Projection benchmark: the engine's simulated person-months per second, next to a raw loop over the
 * same number of person-months doing one PRNG draw and one typed-array increment each (same process).
 * Two cases: one run of 1,000,000 people × 120 months with admissions ≈ releases, and a study-sized
 * `project()` of 110,000 people × 30 months × 20 runs.
 */
import { pathToFileURL } from 'node:url';
import type { Scenario } from '../src/domain/projection/model.js';
import { Rng } from '../src/domain/projection/random.js';
import { project, simulateRun } from '../src/domain/projection/simulate.js';

const scenario = (people: number, months: number, runs: number): Scenario => ({
  id: `bench-${people}`,
  name: { es: 'Benchmark', en: 'Benchmark' },
  start: '2026-01',
  months,
  initial: { detained: people * 0.01, pretrial: people * 0.29, sentenced: people * 0.7 },
  capacity: people,
  // admissions ≈ releases: each admission stays ~30 months on average with these figures; more in the
  // first 30 months, while the initial sentenced (half their sentence left) leave faster
  admissionsPerMonth: Array.from({ length: months }, (_, m) => Math.round(people / (m < 30 ? 22 : 29.5))),
  transitions: {
    detainedToPretrial: 0.8,
    detainedToReleased: 0.2,
    pretrialToSentenced: 0.05,
    pretrialToReleased: 0.03,
  },
  pretrialLimitMonths: 24,
  sentenceBands: [
    { label: '<1y', share: 0.2, minMonths: 1, maxMonths: 11 },
    { label: '1-3y', share: 0.35, minMonths: 12, maxMonths: 36 },
    { label: '3-5y', share: 0.2, minMonths: 37, maxMonths: 60 },
    { label: '5-10y', share: 0.15, minMonths: 61, maxMonths: 120 },
    { label: '10y+', share: 0.1, minMonths: 121, maxMonths: 240 },
  ],
  levers: [],
  runs,
  seed: 2026,
  sources: [{ what: 'synthetic', publisher: 'bench' }],
});

/** the baseline: one PRNG draw and one typed-array increment per person-month */
function rawLoop(personMonths: number, people: number): number {
  const a = new Uint16Array(people);
  const rng = new Rng(1, 0);
  for (let k = 0, i = 0; k < personMonths; k++) {
    a[i]! += rng.nextUint32() >>> 31;
    if (++i === people) i = 0;
  }
  let sum = 0;
  for (let i = 0; i < people; i++) sum += a[i]!;
  return sum;
}

export interface ProjectionRow {
  label: string;
  people: number;
  months: number;
  runs: number;
  engineMs: number;
  personMonths: number;
  perS: number;
  rawMs: number;
  rawPerS: number;
  ratio: number;
  minPopulation: number;
  maxPopulation: number;
}

function measure(
  label: string,
  s: Scenario,
  engine: () => { personMonths: number; inside: ArrayLike<number> },
) {
  const t0 = performance.now();
  const { personMonths, inside } = engine();
  const engineMs = performance.now() - t0;
  const t1 = performance.now();
  const sink = rawLoop(personMonths, s.initial.detained + s.initial.pretrial + s.initial.sentenced);
  const rawMs = performance.now() - t1;
  if (sink < 0) throw new Error('unreachable');
  return {
    label,
    people: s.initial.detained + s.initial.pretrial + s.initial.sentenced,
    months: s.months,
    runs: s.runs,
    engineMs,
    personMonths,
    perS: personMonths / (engineMs / 1000),
    rawMs,
    rawPerS: personMonths / (rawMs / 1000),
    ratio: engineMs / rawMs,
    minPopulation: Math.min(...Array.from(inside)),
    maxPopulation: Math.max(...Array.from(inside)),
  } satisfies ProjectionRow;
}

export function benchProjection(): ProjectionRow[] {
  // warm up both paths on a small case
  simulateRun(scenario(20_000, 24, 1), 0);
  rawLoop(1_000_000, 20_000);
  const big = scenario(1_000_000, 120, 1);
  const study = scenario(110_000, 30, 20);
  return [
    measure('simulateRun: 1,000,000 × 120 months, 1 run', big, () => {
      const r = simulateRun(big, 0);
      return { personMonths: r.personMonths, inside: r.inside };
    }),
    measure('project: 110,000 × 30 months, 20 runs', study, () => {
      const p = project(study);
      return { personMonths: p.personMonths, inside: p.months.map((m) => m.population.p50) };
    }),
  ];
}

export function projectionTable(rows: ProjectionRow[]): string {
  const f = (x: number, d = 0) =>
    x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines = [
    '| case | person-months | engine ms | person-months/s | raw loop ms (1 draw + 1 increment each) | raw person-months/s | engine ÷ raw time | population min–max (p50) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.label} | ${f(r.personMonths)} | ${f(r.engineMs)} | ${f(r.perS)} | ${f(r.rawMs)} | ${f(r.rawPerS)} | ${f(r.ratio, 2)}× | ${f(r.minPopulation)}–${f(r.maxPopulation)} |`,
    );
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`\n## Projection (node ${process.version})\n`);
  console.log(projectionTable(benchProjection()));
}
