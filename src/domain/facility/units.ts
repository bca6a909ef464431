import type { Accepts, CellSpec } from '../housing/model.js';
import type { Violation } from '../violation.js';

export type UnitKind = 'block' | 'landing' | 'cell';
export const UNIT_KINDS: readonly UnitKind[] = ['block', 'landing', 'cell'];
const RANK: Record<UnitKind, number> = { block: 0, landing: 1, cell: 2 };

export interface Capacity {
  design: number;
  operational: number;
}

/** A unit as a client describes it when creating a facility. */
export interface UnitInput {
  code: string;
  kind: UnitKind;
  children?: UnitInput[];
  capacity?: Capacity;
  areaM2?: number;
  attributes?: string[];
  /** who the unit (and every cell in it) accepts; absent: anyone */
  accepts?: Accepts;
}

/** One unit in storage order: parents come before their children. */
export interface FlatUnit {
  code: string;
  kind: UnitKind;
  parentCode: string | null;
  position: number;
  design: number | null;
  operational: number | null;
  areaM2: number | null;
  attributes: string[];
  accepts: Accepts | null;
}

/**
 * Checks a facility's unit tree and flattens it (depth first). Cells carry capacity; blocks hold
 * landings or cells, landings hold cells; codes are unique in the facility; a capacity given on a
 * parent must be the sum of its cells.
 */
export function flattenUnits(units: UnitInput[]): { units: FlatUnit[]; violations: Violation[] } {
  const out: FlatUnit[] = [];
  const violations: Violation[] = [];
  const seen = new Set<string>();

  const walk = (u: UnitInput, parent: UnitInput | null, path: string): Capacity => {
    if (seen.has(u.code))
      violations.push({ rule: 'duplicate-unit-code', subject: `${path}.code`, params: { code: u.code } });
    seen.add(u.code);
    if (parent && RANK[u.kind] <= RANK[parent.kind]) {
      violations.push({
        rule: 'unit-nesting',
        subject: path,
        params: { child: u.kind, parent: parent.kind, code: u.code },
      });
    }
    const row: FlatUnit = {
      code: u.code,
      kind: u.kind,
      parentCode: parent?.code ?? null,
      position: out.length,
      design: null,
      operational: null,
      areaM2: u.areaM2 ?? null,
      attributes: u.attributes ?? [],
      accepts: u.accepts && Object.keys(u.accepts).length ? u.accepts : null,
    };
    out.push(row);
    if (u.kind === 'cell') {
      if (u.children?.length)
        violations.push({ rule: 'cell-has-children', subject: `${path}.children`, params: { code: u.code } });
      if (!u.capacity) {
        violations.push({
          rule: 'cell-capacity-required',
          subject: `${path}.capacity`,
          params: { code: u.code },
        });
        return { design: 0, operational: 0 };
      }
      row.design = u.capacity.design;
      row.operational = u.capacity.operational;
      return u.capacity;
    }
    const sum: Capacity = { design: 0, operational: 0 };
    (u.children ?? []).forEach((c, i) => {
      const s = walk(c, u, `${path}.children[${i}]`);
      sum.design += s.design;
      sum.operational += s.operational;
    });
    if (u.capacity && (u.capacity.design !== sum.design || u.capacity.operational !== sum.operational)) {
      violations.push({
        rule: 'capacity-sum-mismatch',
        subject: `${path}.capacity`,
        params: {
          code: u.code,
          given: `${u.capacity.design}/${u.capacity.operational}`,
          sum: `${sum.design}/${sum.operational}`,
        },
      });
    }
    return sum;
  };
  units.forEach((u, i) => {
    walk(u, null, `units[${i}]`);
  });
  return { units: out, violations };
}

/** A unit as the API shows it: capacities of parents are the sums of their cells. */
export interface UnitView {
  code: string;
  kind: UnitKind;
  capacity: Capacity;
  areaM2: number | null;
  attributes: string[];
  accepts?: Accepts;
  inCustody: number;
  children?: UnitView[];
}

export interface StoredUnit extends FlatUnit {
  id: number;
  parentId: number | null;
}

/** Builds the tree from stored rows (in position order), summing cells into their parents. */
export function buildTree(rows: StoredUnit[], occupants: Map<number, number> = new Map()): UnitView[] {
  const views = new Map<number, UnitView>();
  const roots: UnitView[] = [];
  for (const r of rows) {
    const v: UnitView = {
      code: r.code,
      kind: r.kind,
      capacity: { design: r.design ?? 0, operational: r.operational ?? 0 },
      areaM2: r.areaM2,
      attributes: r.attributes,
      ...(r.accepts ? { accepts: r.accepts } : {}),
      inCustody: r.kind === 'cell' ? (occupants.get(r.id) ?? 0) : 0,
    };
    if (r.kind !== 'cell') v.children = [];
    views.set(r.id, v);
    const parent = r.parentId === null ? undefined : views.get(r.parentId);
    if (parent) parent.children!.push(v);
    else roots.push(v);
  }
  const sum = (v: UnitView): void => {
    if (!v.children) return;
    let area = 0;
    let allArea = v.children.length > 0;
    for (const c of v.children) {
      sum(c);
      v.capacity.design += c.capacity.design;
      v.capacity.operational += c.capacity.operational;
      v.inCustody += c.inCustody;
      if (c.areaM2 === null) allArea = false;
      else area += c.areaM2;
    }
    if (v.areaM2 === null && allArea) v.areaM2 = Math.round(area * 100) / 100;
  };
  roots.forEach(sum);
  return roots;
}

export function totals(roots: UnitView[]): Capacity & { inCustody: number } {
  return roots.reduce(
    (t, r) => ({
      design: t.design + r.capacity.design,
      operational: t.operational + r.capacity.operational,
      inCustody: t.inCustody + r.inCustody,
    }),
    { design: 0, operational: 0, inCustody: 0 },
  );
}

export function occupancyRate(inCustody: number, design: number): number | null {
  return design > 0 ? Math.round((inCustody / design) * 10000) / 10000 : null;
}

/** Narrows what is accepted: each rule a parent sets applies to everything below it. */
function narrow(outer: Accepts, inner: Accepts | null): Accepts {
  if (!inner) return outer;
  const out: Accepts = { ...outer };
  for (const k of ['sexes', 'statuses', 'securityLevels'] as const) {
    const a = outer[k] as string[] | undefined;
    const b = inner[k] as string[] | undefined;
    if (b) (out as Record<string, string[]>)[k] = a ? a.filter((x) => b.includes(x)) : [...b];
  }
  return out;
}

/** The cells of a facility as the allocator sees them: enclosing block and landing, inherited rules. */
export function housingCells(rows: StoredUnit[]): CellSpec[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: CellSpec[] = [];
  for (const r of rows) {
    if (r.kind !== 'cell') continue;
    const chain: StoredUnit[] = [];
    for (let u: StoredUnit | undefined = r; u; u = u.parentId === null ? undefined : byId.get(u.parentId))
      chain.unshift(u);
    out.push({
      code: r.code,
      block: chain.find((u) => u.kind === 'block')?.code ?? null,
      landing: chain.find((u) => u.kind === 'landing')?.code ?? null,
      design: r.design ?? 0,
      operational: r.operational ?? 0,
      attributes: r.attributes,
      accepts: chain.reduce<Accepts>((acc, u) => narrow(acc, u.accepts), {}),
    });
  }
  return out;
}
