import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/domain/housing/allocate.js';
import {
  type AllocationInput,
  type CellSpec,
  findViolations,
  type Housed,
  type PlacementRequest,
  SCOPES,
} from '../../src/domain/housing/model.js';

const GROUPS = ['G1', 'G2', 'G3'];

const cellArb = (i: number) =>
  fc
    .record({
      block: fc.constantFrom('B1', 'B2'),
      landing: fc.constantFrom(null, 'L1', 'L2'),
      design: fc.integer({ min: 1, max: 3 }),
      extra: fc.integer({ min: 0, max: 1 }),
      accessible: fc.boolean(),
      accepts: fc.oneof(
        fc.constant({}),
        fc.record({ securityLevels: fc.subarray(['low', 'high'], { minLength: 1 }) }),
        fc.record({
          statuses: fc.subarray(['untried', 'sentenced'] as ('untried' | 'sentenced')[], { minLength: 1 }),
        }),
      ),
    })
    .map(
      (c): CellSpec => ({
        code: `C${i}`,
        block: c.block,
        landing: c.landing ? `${c.block}-${c.landing}` : null,
        design: c.design,
        operational: c.design + c.extra,
        attributes: c.accessible ? ['accessible'] : [],
        accepts: c.accepts,
      }),
    );

const residentArb = fc.record({
  sex: fc.constantFrom('female', 'male'),
  untried: fc.boolean(),
  young: fc.boolean(),
  securityLevel: fc.constantFrom(null, 'low', 'high'),
  groups: fc.subarray(GROUPS, { maxLength: 2 }),
  needs: fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.constant(['accessible'] as string[]) },
  ),
});

const instanceArb = fc
  .integer({ min: 1, max: 4 })
  .chain((nCells) =>
    fc.record({
      cells: fc.tuple(...Array.from({ length: nCells }, (_, i) => cellArb(i))),
      housed: fc.array(
        fc.tuple(residentArb, fc.integer({ min: 0, max: nCells - 1 }), fc.integer({ min: 1, max: 3 })),
        { maxLength: 3 },
      ),
      requests: fc.array(
        fc.tuple(residentArb, fc.option(fc.integer({ min: 0, max: nCells - 1 }), { freq: 4 })),
        { minLength: 1, maxLength: 6 },
      ),
      rivalries: fc.array(
        fc.record({
          a: fc.constantFrom(...GROUPS),
          b: fc.constantFrom(...GROUPS),
          scope: fc.constantFrom(...SCOPES),
        }),
        { maxLength: 3 },
      ),
      pairs: fc.array(fc.record({ a: fc.nat(8), b: fc.nat(8), scope: fc.constantFrom(...SCOPES) }), {
        maxLength: 3,
      }),
    }),
  )
  .map((g): AllocationInput => {
    const cells = [...g.cells];
    // some housed entries stand for several alike people (as the store passes them)
    const housed: Housed[] = g.housed.map(([r, c, n], i) => ({
      ...r,
      id: `h${i}`,
      cell: cells[c]!.code,
      ...(n > 1 ? { count: n } : {}),
    }));
    const requests: PlacementRequest[] = g.requests.map(([r, c], i) => ({
      ...r,
      id: `p${i}`,
      ...(c === null ? {} : { cell: cells[c]!.code }),
    }));
    const ids = [...housed, ...requests].map((p) => p.id);
    const pairs = g.pairs
      .filter((p) => p.a < ids.length && p.b < ids.length && p.a !== p.b)
      .map((p) => ({ a: ids[p.a]!, b: ids[p.b]!, scope: p.scope }));
    return { cells, housed, requests, rivalries: g.rivalries.filter((r) => r.a !== r.b), pairs };
  })
  // the people already housed respect the rules among themselves
  .filter((input) => findViolations({ ...input, requests: [] }, []).length === 0);

/** Every assignment of the requests to cells (explicit cells included, so overriding them shows). */
function someValidAssignment(input: AllocationInput): (string | null)[] | null {
  const codes = input.cells.map((c) => c.code);
  const a: string[] = [];
  const go = (k: number): boolean => {
    if (k === input.requests.length) return findViolations(input, a).length === 0;
    for (const c of codes) {
      a[k] = c;
      if (go(k + 1)) return true;
    }
    return false;
  };
  return go(0) ? a : null;
}

describe('allocator', () => {
  it('places people only where every hard rule holds', () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        const r = allocate(input);
        if (r.ok) expect(findViolations(input, r.cells)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses only when no placement exists at all (brute force), naming violations', () => {
    let refusals = 0;
    fc.assert(
      fc.property(instanceArb, (input) => {
        const r = allocate(input);
        if (r.ok) return;
        refusals++;
        expect(r.violations.length).toBeGreaterThan(0);
        expect(someValidAssignment(input)).toBeNull();
      }),
      { numRuns: 400 },
    );
    expect(refusals).toBeGreaterThan(20); // the generator makes enough infeasible instances to mean something
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        expect(allocate(input)).toEqual(allocate(structuredClone(input)));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps block rivals apart and explains a refusal by rule and people', () => {
    const cells: CellSpec[] = ['A', 'B'].flatMap((b) =>
      [1, 2].map((i) => ({
        code: `${b}${i}`,
        block: b,
        landing: null,
        design: 4,
        operational: 5,
        attributes: [],
        accepts: {},
      })),
    );
    const person = (id: string, groups: string[]) => ({
      id,
      sex: 'male',
      untried: true,
      young: false,
      securityLevel: null,
      groups,
      needs: [],
    });
    const requests = [
      ...Array.from({ length: 6 }, (_, i) => person(`ms${i}`, ['MS-13'])),
      ...Array.from({ length: 6 }, (_, i) => person(`b${i}`, ['B18'])),
    ];
    const input: AllocationInput = {
      cells,
      housed: [],
      requests,
      rivalries: [{ a: 'MS-13', b: 'B18', scope: 'block' }],
      pairs: [],
    };
    const r = allocate(input);
    expect(r.ok).toBe(true);
    const blockOf = (code: string) => code[0];
    const ms = new Set(r.cells.slice(0, 6).map((c) => blockOf(c!)));
    const b18 = new Set(r.cells.slice(6).map((c) => blockOf(c!)));
    expect(ms.size).toBe(1);
    expect(b18.size).toBe(1);
    expect([...ms][0]).not.toBe([...b18][0]);

    const placed = r.ok ? r.cells : [];
    const moveIn = allocate({
      cells,
      housed: requests.map((p, i) => ({ ...p, cell: placed[i]! })).filter((p) => p.id !== 'b0'),
      requests: [{ ...person('b0', ['B18']), cell: placed[0]! }],
      rivalries: input.rivalries,
      pairs: [{ a: 'b0', b: 'b1', scope: 'block' }],
    });
    expect(moveIn.ok).toBe(false);
    if (!moveIn.ok) {
      expect(moveIn.violations).toContainEqual(
        expect.objectContaining({
          rule: 'rival-group',
          subject: 'b0',
          params: expect.objectContaining({ group: 'B18', rival: 'MS-13', scope: 'block' }),
        }),
      );
    }
  });
});

describe('a cell that already mixes categories', () => {
  it('takes nobody new, and says why', () => {
    const cell: CellSpec = {
      code: 'X',
      block: 'B',
      landing: null,
      design: 4,
      operational: 6,
      attributes: [],
      accepts: {},
    };
    const person = (id: string, untried: boolean) => ({
      id,
      sex: 'male',
      untried,
      young: false,
      securityLevel: null,
      groups: [],
      needs: [],
    });
    const input: AllocationInput = {
      cells: [cell],
      housed: [
        { ...person('old1', true), cell: 'X' },
        { ...person('old2', false), cell: 'X' },
      ],
      requests: [{ ...person('new', true), cell: 'X' }],
      rivalries: [],
      pairs: [],
    };
    const r = allocate(input);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.violations).toEqual([
        expect.objectContaining({
          rule: 'separation',
          params: expect.objectContaining({ cellCategory: 'mixed' }),
        }),
      ]);
  });
});

describe('allocator at the scale of the design note', () => {
  it('houses 40,000 people in 256 cells with rivals and pairs, breaking no rule', async () => {
    const { allocationInstance } = await import('../../bench/allocate-instance.js');
    for (const housedShare of [0, 0.7]) {
      const input = allocationInstance({ people: 40_000, housedShare });
      const r = allocate(input);
      expect(r.ok).toBe(true);
      expect(r.cells.every((c) => c)).toBe(true);
      expect(findViolations(input, r.cells)).toEqual([]);
    }
  });

  it('refuses an instance whose block rivalries need more blocks than exist, saying why', async () => {
    const { allocationInstance } = await import('../../bench/allocate-instance.js');
    const input = allocationInstance({ people: 5_000 });
    for (let a = 1; a <= 10; a++)
      for (let b = a + 1; b <= 10; b++) input.rivalries.push({ a: `G${a}`, b: `G${b}`, scope: 'block' });
    const r = allocate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations.length).toBeGreaterThan(0);
      expect(r.violations.every((v) => v.rule === 'no-suitable-cell' && (v.params.rival as number) > 0)).toBe(
        true,
      );
    }
  });
});
