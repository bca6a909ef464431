/**
 * Allocation benchmark (the instance of docs/housing.md): the allocator on seeded instances, every
 * placement checked by the independent referee, next to the LP lower bound on the maximum occupancy
 * ratio solved with HiGHS on the same instance in the same process.
 */

import type { Highs } from 'highs';
import * as highsModule from 'highs';
import { allocate } from '../src/domain/housing/allocate.js';
import { type AllocationInput, accepted, findViolations } from '../src/domain/housing/model.js';
import { allocationInstance, type InstanceOptions } from './allocate-instance.js';

/**
 * min R subject to: each type's people all placed in cells that accept them, a cell's people
 * ≤ R × design and ≤ operational. Groups, non-associations and one category per cell are relaxed
 * away, so R is a lower bound for any allocation.
 */
export function lpBound(highs: Highs, input: AllocationInput): { bound: number; ms: number } {
  const people = [...input.housed, ...input.requests];
  const types = new Map<string, { rep: (typeof people)[number]; n: number }>();
  for (const p of people) {
    const k = `${p.sex}|${p.untried}|${p.young}|${p.securityLevel}|${[...p.needs].sort()}`;
    const t = types.get(k);
    if (t) t.n++;
    else types.set(k, { rep: p, n: 1 });
  }
  const ts = [...types.values()];
  const rows: string[] = [];
  const cellTerms: string[][] = input.cells.map(() => []);
  ts.forEach((t, i) => {
    const vars: string[] = [];
    input.cells.forEach((c, j) => {
      if (accepted(c, t.rep) || t.rep.needs.some((n) => !c.attributes.includes(n))) return;
      vars.push(`x${i}_${j}`);
      cellTerms[j]!.push(`x${i}_${j}`);
    });
    rows.push(` t${i}: ${vars.join(' + ') || '0 R'} = ${t.n}`);
  });
  input.cells.forEach((c, j) => {
    if (!cellTerms[j]!.length) return;
    rows.push(` r${j}: ${cellTerms[j]!.join(' + ')} - ${c.design} R <= 0`);
    rows.push(` o${j}: ${cellTerms[j]!.join(' + ')} <= ${c.operational}`);
  });
  const lp = `Minimize\n obj: R\nSubject To\n${rows.join('\n')}\nEnd`;
  const t0 = performance.now();
  const r = highs.solve(lp, { output_flag: false } as never);
  const ms = performance.now() - t0;
  if (r.Status !== 'Optimal') throw new Error(`LP: ${r.Status}`);
  return { bound: r.ObjectiveValue, ms };
}

export interface AllocateRow {
  name: string;
  people: number;
  ms: number;
  ok: boolean;
  violations: number;
  unplaced: number;
  why: string;
  max: number;
  p5: number;
  p95: number;
  bound: number;
  lpMs: number;
  moved: number;
  /** people who must move whatever the allocation: their cell no longer takes them, or holds too many */
  mustMove: number;
  bar: number;
}

/** A lower bound on moves in a re-plan: each cell keeps at most its operational capacity of one category. */
export function mustMove(input: AllocationInput): number {
  const byCell = new Map<string, (typeof input.requests)[number][]>();
  for (const r of input.requests)
    if (r.currentCell) byCell.set(r.currentCell, [...(byCell.get(r.currentCell) ?? []), r]);
  let n = 0;
  for (const c of input.cells) {
    const here = byCell.get(c.code) ?? [];
    const fit = here.filter((r) => !accepted(c, r) && r.needs.every((x) => c.attributes.includes(x)));
    const perCategory = new Map<string, number>();
    for (const r of fit) {
      const k = `${r.sex}|${r.untried}|${r.young}`;
      perCategory.set(k, (perCategory.get(k) ?? 0) + 1);
    }
    const stay = Math.min(c.operational, Math.max(0, ...perCategory.values()));
    n += here.length - stay;
  }
  return n;
}

// `highs` is CommonJS with an ESM-style declaration: take the loader from wherever it lands
const highsLoader = ((highsModule as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function runAllocate(highs: Highs, name: string, input: AllocationInput, repeats = 3): AllocateRow {
  let result = allocate(input);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    result = allocate(input);
    times.push(performance.now() - t0);
  }
  const violations = result.ok ? findViolations(input, result.cells) : [];
  const count = new Map<string, number>();
  for (const h of input.housed) count.set(h.cell, (count.get(h.cell) ?? 0) + 1);
  for (const c of result.cells) if (c) count.set(c, (count.get(c) ?? 0) + 1);
  const ratios = input.cells.map((c) => (count.get(c.code) ?? 0) / c.design).sort((a, b) => a - b);
  const { bound, ms: lpMs } = lpBound(highs, input);
  const minCap = Math.min(...input.cells.map((c) => c.design));
  const why = result.ok ? '' : [...new Set(result.violations.map((v) => v.rule))].join(', ');
  return {
    name,
    people: input.requests.length + input.housed.length,
    ms: median(times),
    ok: result.ok,
    violations: violations.length,
    unplaced: result.cells.filter((c) => !c).length,
    why,
    max: ratios.at(-1)!,
    p5: ratios[Math.floor(ratios.length * 0.05)]!,
    p95: ratios[Math.floor(ratios.length * 0.95)]!,
    bound,
    lpMs,
    moved: result.ok ? result.moved : 0,
    mustMove: mustMove(input),
    // the design note's bar: max ≤ LP bound × 1.01 + 1 / capacity
    bar: bound * 1.01 + 1 / minCap,
  };
}

export async function benchAllocate(quick = false): Promise<AllocateRow[]> {
  const highs = await highsLoader();
  const rows: AllocateRow[] = [];
  const run = (name: string, o: InstanceOptions) =>
    rows.push(runAllocate(highs, name, allocationInstance(o)));
  run('P1 intake: 40,000 into an empty prison', { people: 40_000 });
  run('P2 re-plan: 40,000, 70 % housed', { people: 40_000, housedShare: 0.7 });
  if (!quick) {
    for (const n of [1_000, 10_000, 100_000])
      run(`N = ${n.toLocaleString('en-US')}`, { people: n, load: 40_000 / 28_160 });
    for (const load of [0.8, 1.0]) run(`load ${load} (N ÷ design capacity)`, { people: 40_000, load });
    for (const rivalry of [0.05, 0.3]) run(`cell rivalry density ${rivalry}`, { people: 40_000, rivalry });
    // intake of 500 into the population P1 housed
    const base = allocationInstance({ people: 40_000 });
    const first = allocate(base);
    if (first.ok) {
      const housed = base.requests.slice(0, 39_500).map((p, i) => ({ ...p, cell: first.cells[i]! }));
      rows.push(
        runAllocate(
          highs,
          'intake of 500 into 39,500 housed',
          { ...base, housed, requests: base.requests.slice(39_500), pairs: base.pairs },
          5,
        ),
      );
    }
    // infeasible: ten groups all rivals at block scope need ten blocks a security level; there are 2-3
    const inf = allocationInstance({ people: 40_000 });
    for (let a = 1; a <= 10; a++)
      for (let b = a + 1; b <= 10; b++) inf.rivalries.push({ a: `G${a}`, b: `G${b}`, scope: 'block' });
    rows.push(runAllocate(highs, 'infeasible: 10 groups rival at block scope', inf, 1));
  }
  return rows;
}

export function allocateTable(rows: AllocateRow[]): string {
  const f = (x: number, d = 3) => x.toFixed(d);
  const out = [
    '| instance | people | time ms | violations | unplaced | max ratio | LP bound | max ÷ bound | bar (1.01 × bound + 1/cap) | ratio p5–p95 | moves (lower bound) | LP solve ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const r of rows) {
    const result = r.ok ? `${r.unplaced}` : `refused (${r.why})`;
    out.push(
      `| ${r.name} | ${r.people.toLocaleString('en-US')} | ${Math.round(r.ms)} | ${r.violations} | ${result} | ${r.ok ? f(r.max) : '–'} | ${f(r.bound)} | ${r.ok ? f(r.max / r.bound) : '–'} | ${r.ok ? `${f(r.bar)} ${r.max <= r.bar ? '✓' : '✗'}` : '–'} | ${r.ok ? `${f(r.p5, 2)}–${f(r.p95, 2)}` : '–'} | ${r.moved} (${r.mustMove}) | ${Math.round(r.lpMs)} |`,
    );
  }
  return out.join('\n');
}
