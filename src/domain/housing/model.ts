/**
 * The housing problem: cells with capacities and rules about who they accept, people already housed,
 * people to place, rival groups and individual non-associations. See docs/housing.md.
 */
export type Scope = 'cell' | 'landing' | 'block' | 'facility';
export const SCOPES: readonly Scope[] = ['cell', 'landing', 'block', 'facility'];

/** What a unit (and so every cell below it) accepts; absent means anyone. */
export interface Accepts {
  sexes?: string[];
  /** `untried` (detained or pretrial) or `sentenced` */
  statuses?: ('untried' | 'sentenced')[];
  securityLevels?: string[];
}

export interface CellSpec {
  code: string;
  block: string | null;
  landing: string | null;
  design: number;
  operational: number;
  attributes: string[];
  accepts: Accepts;
}

/** What the rules need to know about a person. */
export interface Resident {
  id: string;
  sex: string;
  /** detained or pretrial (Mandela rule 11: kept apart from the sentenced) */
  untried: boolean;
  /** under 21 at admission (kept apart from adults) */
  young: boolean;
  securityLevel: string | null;
  groups: string[];
  /** cell attributes the person needs, e.g. `accessible` */
  needs: string[];
}

/** Someone who stays where they are; or, with `count`, that many alike in one cell (an aggregate). */
export interface Housed extends Resident {
  cell: string;
  count?: number;
}

/** Someone to place: into `cell` when given (checked, never overridden), else wherever fits best. */
export interface PlacementRequest extends Resident {
  cell?: string;
  /** where the person is now, in a re-plan: staying counts as no move */
  currentCell?: string;
}

export interface GroupRivalry {
  a: string;
  b: string;
  scope: Scope;
}

/** An individual non-association: persons a and b never share a location of the scope. */
export interface PairRule {
  a: string;
  b: string;
  scope: Scope;
}

export interface AllocationInput {
  cells: CellSpec[];
  housed: Housed[];
  requests: PlacementRequest[];
  rivalries: GroupRivalry[];
  pairs: PairRule[];
}

export interface HousingViolation {
  rule: string;
  subject: string;
  params: Record<string, unknown>;
}

export type AllocationResult =
  | { ok: true; cells: string[]; moved: number }
  | { ok: false; violations: HousingViolation[]; cells: (string | null)[] };

export const categoryOf = (r: Resident) =>
  `${r.sex}|${r.untried ? 'untried' : 'sentenced'}|${r.young ? 'young' : 'adult'}`;

/** The location of a cell at a scope (cells outside a landing are their own landing). */
export function locationOf(cell: CellSpec, scope: Scope): string {
  switch (scope) {
    case 'cell':
      return `cell:${cell.code}`;
    case 'landing':
      return cell.landing ? `landing:${cell.landing}` : `cell:${cell.code}`;
    case 'block':
      return cell.block
        ? `block:${cell.block}`
        : cell.landing
          ? `landing:${cell.landing}`
          : `cell:${cell.code}`;
    case 'facility':
      return 'facility';
  }
}

export function accepted(cell: CellSpec, r: Resident): 'sex' | 'status' | 'security-level' | null {
  const a = cell.accepts;
  if (a.sexes && !a.sexes.includes(r.sex)) return 'sex';
  if (a.statuses && !a.statuses.includes(r.untried ? 'untried' : 'sentenced')) return 'status';
  if (a.securityLevels && r.securityLevel !== null && !a.securityLevels.includes(r.securityLevel))
    return 'security-level';
  return null;
}

/**
 * Every hard rule broken by a complete assignment (people → cells), checked directly from the
 * definitions: the independent referee for the allocator's answers.
 */
export function findViolations(input: AllocationInput, assignment: (string | null)[]): HousingViolation[] {
  const cellBy = new Map(input.cells.map((c) => [c.code, c]));
  const people: { r: Resident; cell: string; requested: boolean; n: number }[] = [
    ...input.housed.map((h) => ({ r: h, cell: h.cell, requested: false, n: h.count ?? 1 })),
    ...input.requests.flatMap((r, i) =>
      assignment[i] ? [{ r, cell: assignment[i]!, requested: true, n: 1 }] : [],
    ),
  ];
  const out: HousingViolation[] = [];
  input.requests.forEach((r, i) => {
    if (!assignment[i]) out.push({ rule: 'unplaced', subject: r.id, params: {} });
    else if (r.cell && r.cell !== assignment[i])
      out.push({ rule: 'explicit-cell-overridden', subject: r.id, params: { cell: r.cell } });
  });
  const byCell = new Map<string, typeof people>();
  for (const p of people) byCell.set(p.cell, [...(byCell.get(p.cell) ?? []), p]);
  for (const [code, ps] of byCell) {
    const c = cellBy.get(code);
    if (!c) {
      out.push({ rule: 'unknown-cell', subject: code, params: {} });
      continue;
    }
    const n = ps.reduce((s, p) => s + p.n, 0);
    if (n > c.operational) out.push({ rule: 'capacity-exceeded', subject: code, params: { n } });
    if (new Set(ps.map((p) => categoryOf(p.r))).size > 1)
      out.push({ rule: 'separation', subject: code, params: {} });
  }
  for (const p of people) {
    if (!p.requested) continue;
    const c = cellBy.get(p.cell);
    if (!c) continue;
    if (accepted(c, p.r)) out.push({ rule: 'not-accepted', subject: p.r.id, params: { cell: c.code } });
    for (const need of p.r.needs)
      if (!c.attributes.includes(need)) out.push({ rule: 'needs-unmet', subject: p.r.id, params: { need } });
  }
  // rivals: no two different people, one in each group, in one location of the scope
  for (const rv of input.rivalries) {
    const at = new Map<string, { a: Set<string>; b: Set<string>; many: boolean }>();
    for (const p of people) {
      const inA = p.r.groups.includes(rv.a);
      const inB = p.r.groups.includes(rv.b);
      if (!inA && !inB) continue;
      const loc = locationOf(cellBy.get(p.cell)!, rv.scope);
      const s = at.get(loc) ?? { a: new Set<string>(), b: new Set<string>(), many: false };
      if (inA) s.a.add(p.r.id);
      if (inB) s.b.add(p.r.id);
      // an aggregate of several people in both groups is several different people
      if (inA && inB && p.n > 1) s.many = true;
      at.set(loc, s);
    }
    for (const [loc, { a, b, many }] of at) {
      const alone = !many && a.size === 1 && b.size === 1 && [...a][0] === [...b][0];
      if (a.size && b.size && !alone)
        out.push({ rule: 'rival-group', subject: loc, params: { a: rv.a, b: rv.b, scope: rv.scope } });
    }
  }
  const where = new Map(people.map((p) => [p.r.id, p.cell]));
  for (const pr of input.pairs) {
    const ca = where.get(pr.a);
    const cb = where.get(pr.b);
    if (!ca || !cb || !cellBy.get(ca) || !cellBy.get(cb)) continue;
    if (locationOf(cellBy.get(ca)!, pr.scope) === locationOf(cellBy.get(cb)!, pr.scope)) {
      out.push({ rule: 'non-association', subject: pr.a, params: { other: pr.b, scope: pr.scope } });
    }
  }
  return out;
}
