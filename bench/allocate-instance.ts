/**
 * The allocation benchmark instance of docs/housing.md, seeded: 8 blocks × 32 cells ×
 * 4 landings, design 70-150 a cell, blocks accepting security levels [1,1,2,2,2,3,3,3], landings 1-2
 * untried and 3-4 sentenced, 2 accessible cells a landing; people half untried, levels 25/37.5/37.5 %,
 * 4 % needing an accessible cell; 20 groups of Zipf(1) sizes holding 60 % of people, groups 1 and 2
 * rivals at block scope, other pairs rivals at cell scope with probability `rivalry`; individual
 * non-associations between 2 % of N pairs; `housedShare` of people have a current cell (a re-plan).
 */

import { seeded } from '../src/demo/facilities.js';
import type {
  AllocationInput,
  CellSpec,
  GroupRivalry,
  PairRule,
  PlacementRequest,
} from '../src/domain/housing/model.js';

export interface InstanceOptions {
  people: number;
  seed?: number;
  /** people ÷ design capacity; sets the cell sizes' scale (default: the 70-150 cells as drawn) */
  load?: number;
  rivalry?: number;
  pairShare?: number;
  housedShare?: number;
}

const LEVELS = ['medium', 'high', 'maximum'];

export function allocationInstance(o: InstanceOptions): AllocationInput {
  const rnd = seeded(o.seed ?? 1);
  const blockLevels = [0, 0, 1, 1, 1, 2, 2, 2];
  let cells: CellSpec[] = [];
  for (let b = 0; b < 8; b++) {
    for (let l = 0; l < 4; l++) {
      for (let k = 0; k < 8; k++) {
        const design = 70 + Math.floor(rnd() * 81);
        cells.push({
          code: `B${b + 1}-L${l + 1}-C${k + 1}`,
          block: `B${b + 1}`,
          landing: `B${b + 1}-L${l + 1}`,
          design,
          operational: design * 2,
          attributes: k < 2 ? ['accessible'] : [],
          accepts: {
            securityLevels: [LEVELS[blockLevels[b]!]!],
            statuses: [l < 2 ? 'untried' : 'sentenced'],
          },
        });
      }
    }
  }
  if (o.load) {
    const total = cells.reduce((s, c) => s + c.design, 0);
    const scale = o.people / o.load / total;
    cells = cells.map((c) => {
      const design = Math.max(1, Math.round(c.design * scale));
      return { ...c, design, operational: design * 2 };
    });
  }
  // Zipf(1) group sizes over 20 groups holding 60 % of the people
  const weights = Array.from({ length: 20 }, (_, i) => 1 / (i + 1));
  const wsum = weights.reduce((s, w) => s + w, 0);
  const groupOf = () => {
    if (rnd() >= 0.6) return null;
    let x = rnd() * wsum;
    for (let g = 0; g < 20; g++) {
      x -= weights[g]!;
      if (x <= 0) return `G${g + 1}`;
    }
    return 'G20';
  };
  const requests: PlacementRequest[] = [];
  for (let i = 0; i < o.people; i++) {
    const r = rnd();
    const g = groupOf();
    requests.push({
      id: `P${i}`,
      sex: 'male',
      untried: rnd() < 0.5,
      young: false,
      securityLevel: LEVELS[r < 0.25 ? 0 : r < 0.625 ? 1 : 2]!,
      groups: g ? [g] : [],
      needs: rnd() < 0.04 ? ['accessible'] : [],
    });
  }
  const rivalries: GroupRivalry[] = [{ a: 'G1', b: 'G2', scope: 'block' }];
  for (let a = 1; a <= 20; a++) {
    for (let b = a + 1; b <= 20; b++) {
      if (a === 1 && b === 2) continue;
      if (rnd() < (o.rivalry ?? 0.15)) rivalries.push({ a: `G${a}`, b: `G${b}`, scope: 'cell' });
    }
  }
  const pairs: PairRule[] = [];
  const nPairs = Math.round(o.people * (o.pairShare ?? 0.02));
  const seen = new Set<string>();
  while (pairs.length < nPairs && o.people > 1) {
    const a = Math.floor(rnd() * o.people);
    const b = Math.floor(rnd() * o.people);
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    pairs.push({ a: `P${a}`, b: `P${b}`, scope: 'cell' });
  }
  const input: AllocationInput = { cells, housed: [], requests, rivalries, pairs };
  if (o.housedShare) {
    // a current cell for some people: where a first allocation put them, with a little churn
    // (their current cell need not be feasible any more: rules and people changed since)
    const first = allocateForCurrent(input);
    requests.forEach((p, i) => {
      if (rnd() < o.housedShare! && first[i])
        p.currentCell = rnd() < 0.9 ? first[i]! : cells[Math.floor(rnd() * cells.length)]!.code;
    });
  }
  return input;
}

import { allocate } from '../src/domain/housing/allocate.js';

function allocateForCurrent(input: AllocationInput): (string | null)[] {
  const r = allocate(input);
  return r.cells;
}
