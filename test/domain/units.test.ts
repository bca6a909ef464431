import { describe, expect, it } from 'vitest';
import {
  buildTree,
  flattenUnits,
  occupancyRate,
  totals,
  type UnitInput,
} from '../../src/domain/facility/units.js';

const cell = (code: string, design = 4, operational = 6, areaM2 = 12): UnitInput => ({
  code,
  kind: 'cell',
  capacity: { design, operational },
  areaM2,
});

describe('facility tree', () => {
  it('flattens parents before children and sums cells into parents', () => {
    const { units, violations } = flattenUnits([
      {
        code: 'A',
        kind: 'block',
        children: [{ code: 'A1', kind: 'landing', children: [cell('A1-1'), cell('A1-2', 2, 3, 8)] }],
      },
      { code: 'B', kind: 'block', children: [cell('B-1', 80, 156, 100)] },
    ]);
    expect(violations).toEqual([]);
    expect(units.map((u) => [u.code, u.parentCode])).toEqual([
      ['A', null],
      ['A1', 'A'],
      ['A1-1', 'A1'],
      ['A1-2', 'A1'],
      ['B', null],
      ['B-1', 'B'],
    ]);
    const tree = buildTree(
      units.map((u, i) => ({
        ...u,
        id: i + 1,
        parentId: u.parentCode === null ? null : units.findIndex((p) => p.code === u.parentCode) + 1,
      })),
      new Map([
        [3, 5],
        [6, 70],
      ]),
    );
    expect(tree[0]).toMatchObject({
      code: 'A',
      capacity: { design: 6, operational: 9 },
      inCustody: 5,
      areaM2: 20,
    });
    expect(tree[0]!.children![0]).toMatchObject({ code: 'A1', capacity: { design: 6, operational: 9 } });
    expect(totals(tree)).toEqual({ design: 86, operational: 165, inCustody: 75 });
    expect(occupancyRate(70, 80)).toBe(0.875);
    expect(occupancyRate(3, 0)).toBeNull();
  });

  it('names every problem in a bad tree', () => {
    const { violations } = flattenUnits([
      {
        code: 'A',
        kind: 'block',
        capacity: { design: 99, operational: 99 },
        children: [
          cell('X'),
          { code: 'X', kind: 'cell', children: [cell('Y')] } as UnitInput,
          { code: 'B', kind: 'block' },
        ],
      },
      { code: 'L', kind: 'landing', children: [{ code: 'Z', kind: 'cell' }] },
    ]);
    expect(violations.map((v) => [v.rule, v.subject])).toEqual([
      ['duplicate-unit-code', 'units[0].children[1].code'],
      ['cell-has-children', 'units[0].children[1].children'],
      ['cell-capacity-required', 'units[0].children[1].capacity'],
      ['unit-nesting', 'units[0].children[2]'],
      ['capacity-sum-mismatch', 'units[0].capacity'],
      ['cell-capacity-required', 'units[1].children[0].capacity'],
    ]);
  });

  it('accepts a parent capacity equal to the sum of its cells', () => {
    const { violations } = flattenUnits([
      {
        code: 'A',
        kind: 'block',
        capacity: { design: 8, operational: 12 },
        children: [cell('A-1'), cell('A-2')],
      },
    ]);
    expect(violations).toEqual([]);
  });
});
