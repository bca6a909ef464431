import { allocationInstance } from './allocate-instance.js';
import { allocate } from '../src/domain/housing/allocate.js';
import { findViolations } from '../src/domain/housing/model.js';
for (const [people, housedShare] of [[40000, 0], [40000, 0.7]] as const) {
  const inst = allocationInstance({ people, seed: 1, housedShare });
  const t0 = performance.now();
  const r = allocate(inst);
  const ms = performance.now() - t0;
  const v = r.ok ? findViolations(inst, r.cells) : r.violations;
  const count = new Map<string, number>();
  r.cells.forEach((c) => c && count.set(c, (count.get(c) ?? 0) + 1));
  const ratios = inst.cells.map((c) => (count.get(c.code) ?? 0) / c.design);
  const unplaced = r.cells.filter((c) => !c).length;
  console.log({ people, housedShare, ok: r.ok, ms: Math.round(ms), violations: v.length, unplaced, rules: [...new Set(v.map((x) => x.rule))], max: Math.max(...ratios).toFixed(4), min: Math.min(...ratios).toFixed(4), moved: r.ok ? r.moved : null, bound: (people / inst.cells.reduce((s, c) => s + c.design, 0)).toFixed(4) });
}
