import {
  type AllocationInput,
  type AllocationResult,
  accepted,
  categoryOf,
  type HousingViolation,
  locationOf,
  type Resident,
  SCOPES,
  type Scope,
} from './model.js';

const OK = 0;
const FULL = 1;
const NOT_ACCEPTED = 2;
const NEEDS = 3;
const SEPARATION = 4;
const RIVAL = 5;
const PAIR = 6;
const SCOPE_INDEX: Record<Scope, number> = { cell: 0, landing: 1, block: 2, facility: 3 };

/** Numbers keys in order of first sight. */
function numbering() {
  const ids = new Map<string, number>();
  const id = (key: string): number => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    ids.set(key, ids.size);
    return ids.size - 1;
  };
  return { ids, id };
}

/** Exhaustive search fallback: used when the greedy pass leaves someone out of a small instance. */
const EXACT_MAX_PEOPLE = 10;
const EXACT_MAX_CELLS = 16;
const EXACT_BUDGET = 400_000;

/**
 * Places people into cells without ever breaking a hard rule: operational capacity, separation of
 * categories (sex, untried/sentenced, under 21/adult) within a cell, what a unit accepts (security
 * level, status, sex), a person's needs (e.g. an accessible cell), rival groups at their scope and
 * individual non-associations at theirs. Soft aims: an even occupancy ratio (occupants / design
 * capacity) with the maximum kept near the facility's average, group members kept together so
 * rivals keep their own blocks and cells, and people in a re-plan left where they are.
 *
 * People are taken by type (same category, level, needs and groups), scarcest first, and each type
 * is poured into the best cells up to a target of the average ratio; only what does not fit under
 * the targets goes above them, least-full cell first. A small instance the greedy pass cannot
 * finish is searched exhaustively, so a refusal there is proof that no placement exists.
 * Pure and deterministic: the same input gives the same placements.
 */
export function allocate(input: AllocationInput): AllocationResult {
  const cells = input.cells;
  const C = cells.length;
  const cellIndex = new Map(cells.map((c, i) => [c.code, i]));
  const design = Float64Array.from(cells, (c) => Math.max(c.design, 1));
  const operational = Int32Array.from(cells, (c) => c.operational);
  const attributes = cells.map((c) => new Set(c.attributes));

  // locations of every cell at every scope, numbered
  const locIds = numbering();
  const loc = SCOPES.map((s) => Int32Array.from(cells, (c) => locIds.id(locationOf(c, s))));
  const L = locIds.ids.size;

  const people: Resident[] = [...input.housed, ...input.requests];
  const H = input.housed.length;
  const N = people.length;
  const pidOf = new Map(people.map((p, i) => [p.id, i]));

  // groups and rivalries, numbered
  const groups = numbering();
  const gid = groups.ids;
  const groupId = groups.id;
  const pg = people.map((p) => [...new Set(p.groups)].map(groupId));
  const rivalsRaw = input.rivalries.map((r) => ({
    a: groupId(r.a),
    b: groupId(r.b),
    s: SCOPE_INDEX[r.scope],
  }));
  const G = Math.max(gid.size, 1);
  const rivals: { g: number; s: number }[][] = Array.from({ length: G }, () => []);
  const wideRival = new Uint8Array(G); // in a rivalry wider than a cell: keeps to its own blocks
  const cellRival = new Uint8Array(G);
  for (const r of rivalsRaw) {
    if (r.a === r.b) continue;
    rivals[r.a]!.push({ g: r.b, s: r.s });
    rivals[r.b]!.push({ g: r.a, s: r.s });
    const flag = r.s > 0 ? wideRival : cellRival;
    flag[r.a] = 1;
    flag[r.b] = 1;
  }
  const wideRivalGroups = [...wideRival.keys()].filter((g) => wideRival[g]);
  const cellRivalGroups = [...cellRival.keys()].filter((g) => cellRival[g]);
  const groupSize = new Int32Array(G);
  for (const gs of pg) for (const g of gs) groupSize[g]!++;

  const pairs: { p: number; s: number }[][] = Array.from({ length: N }, () => []);
  for (const pr of input.pairs) {
    const a = pidOf.get(pr.a);
    const b = pidOf.get(pr.b);
    if (a === undefined || b === undefined || a === b) continue;
    pairs[a]!.push({ p: b, s: SCOPE_INDEX[pr.scope] });
    pairs[b]!.push({ p: a, s: SCOPE_INDEX[pr.scope] });
  }

  const categories = numbering();
  const catIds = categories.ids;
  const cat = Int32Array.from(people, (p) => categories.id(categoryOf(p)));

  // the state
  const count = new Int32Array(C);
  const cellCat = new Int32Array(C).fill(-1);
  const groupCount = new Int32Array(L * G);
  const at = new Int32Array(N).fill(-1);

  const MIXED = -2; // a cell already holding several categories (older data): nobody new goes there
  const add = (rep: number, c: number, k: number) => {
    count[c]! += k;
    cellCat[c] = cellCat[c] === -1 || cellCat[c] === cat[rep] ? cat[rep]! : MIXED;
    for (const g of pg[rep]!) for (let s = 0; s < 4; s++) groupCount[loc[s]![c]! * G + g]! += k;
  };
  const remove = (rep: number, c: number, k: number) => {
    count[c]! -= k;
    if (count[c] === 0) cellCat[c] = -1;
    for (const g of pg[rep]!) for (let s = 0; s < 4; s++) groupCount[loc[s]![c]! * G + g]! -= k;
  };
  const put = (p: number, c: number) => {
    add(p, c, 1);
    at[p] = c;
  };
  const take = (p: number) => {
    remove(p, at[p]!, 1);
    at[p] = -1;
  };

  /** The first rule that keeps person `rep` out of cell `c` (with `room` places there), or OK. */
  const check = (rep: number, c: number, room: number): number => {
    if (count[c]! >= room) return FULL;
    const r = people[rep]!;
    if (accepted(cells[c]!, r)) return NOT_ACCEPTED;
    for (const n of r.needs) if (!attributes[c]!.has(n)) return NEEDS;
    if (cellCat[c] !== -1 && cellCat[c] !== cat[rep]) return SEPARATION;
    // `rep` is not placed yet, so every member counted there is someone else
    for (const g of pg[rep]!) {
      for (const rv of rivals[g]!) if (groupCount[loc[rv.s]![c]! * G + rv.g]! > 0) return RIVAL;
    }
    for (const pr of pairs[rep]!) {
      const o = at[pr.p]!;
      if (o >= 0 && loc[pr.s]![o] === loc[pr.s]![c]) return PAIR;
    }
    return OK;
  };

  /** Every rule (but capacity) that keeps `rep` out of cell `c`, in words' parameters. */
  const explain = (rep: number, c: number): HousingViolation[] => {
    const r = people[rep]!;
    const cell = cells[c]!;
    const out: HousingViolation[] = [];
    const what = accepted(cell, r);
    if (what) {
      const value =
        what === 'sex' ? r.sex : what === 'status' ? (r.untried ? 'untried' : 'sentenced') : r.securityLevel;
      out.push({
        rule: 'not-accepted',
        subject: r.id,
        params: { person: r.id, cell: cell.code, what, value },
      });
    }
    for (const n of r.needs)
      if (!attributes[c]!.has(n))
        out.push({ rule: 'needs-unmet', subject: r.id, params: { person: r.id, cell: cell.code, need: n } });
    if (cellCat[c] !== -1 && cellCat[c] !== cat[rep]) {
      const theirs = cellCat[c] === MIXED ? 'mixed' : [...catIds].find(([, id]) => id === cellCat[c])![0];
      out.push({
        rule: 'separation',
        subject: r.id,
        params: { person: r.id, cell: cell.code, category: categoryOf(r), cellCategory: theirs },
      });
    }
    const mine = pg[rep]!;
    const names = [...gid.keys()];
    for (const g of mine) {
      for (const rv of rivals[g]!) {
        if (groupCount[loc[rv.s]![c]! * G + rv.g]! > 0) {
          out.push({
            rule: 'rival-group',
            subject: r.id,
            params: {
              person: r.id,
              cell: cell.code,
              group: names[g],
              rival: names[rv.g],
              scope: SCOPES[rv.s],
              location: locationOf(cell, SCOPES[rv.s]!),
            },
          });
        }
      }
    }
    for (const pr of pairs[rep]!) {
      const o = at[pr.p]!;
      if (o >= 0 && loc[pr.s]![o] === loc[pr.s]![c]) {
        out.push({
          rule: 'non-association',
          subject: r.id,
          params: {
            person: r.id,
            other: people[pr.p]!.id,
            cell: cell.code,
            otherCell: cells[o]!.code,
            scope: SCOPES[pr.s],
          },
        });
      }
    }
    return out;
  };

  // those already housed stay as they are
  input.housed.forEach((h, i) => {
    const c = cellIndex.get(h.cell);
    if (c === undefined) return;
    add(i, c, h.count ?? 1);
    at[i] = c;
  });

  let freeAtStart = 0;
  for (let c = 0; c < C; c++) freeAtStart += Math.max(0, operational[c]! - count[c]!);
  const violations: HousingViolation[] = [];
  const failed = new Set<number>();

  // explicit cells are checked, never overridden
  const explicitCount = new Int32Array(C);
  input.requests.forEach((r, i) => {
    if (!r.cell) return;
    const p = H + i;
    const c = cellIndex.get(r.cell);
    if (c === undefined) {
      violations.push({ rule: 'unknown-cell', subject: r.id, params: { person: r.id, cell: r.cell } });
      failed.add(p);
      return;
    }
    const why = explain(p, c);
    if (why.length) {
      violations.push(...why);
      failed.add(p);
      return;
    }
    explicitCount[c]!++;
    put(p, c);
  });
  for (let c = 0; c < C; c++) {
    if (explicitCount[c]! > 0 && count[c]! > operational[c]!) {
      violations.push({
        rule: 'capacity-exceeded',
        subject: cells[c]!.code,
        params: {
          cell: cells[c]!.code,
          operational: operational[c],
          occupants: count[c]! - explicitCount[c]!,
          requested: explicitCount[c],
        },
      });
    }
  }

  // the target: every cell near the facility's average ratio, never above its operational capacity
  const totalDesign = design.reduce((s, d) => s + d, 0);
  const everyone = input.housed.reduce((s, h) => s + (h.count ?? 1), 0) + input.requests.length;
  const ratio = everyone / totalDesign;
  const target = Int32Array.from(cells, (_, c) =>
    Math.min(operational[c]!, Math.ceil(ratio * design[c]! - 1e-9)),
  );

  /** Places everyone not yet placed, aiming at `target` people per cell; returns who found no cell. */
  const pour = (target: Int32Array): number[] => {
    const unplaced: number[] = [];
    // a re-plan keeps people where they are when the rules allow it
    const open: number[] = [];
    input.requests.forEach((r, i) => {
      const p = H + i;
      if (r.cell) return;
      const c = r.currentCell === undefined ? undefined : cellIndex.get(r.currentCell);
      if (c !== undefined && check(p, c, target[c]!) === OK) put(p, c);
      else open.push(p);
    });

    // everyone else by type, scarcest first
    const typeKey = (p: number) => {
      const r = people[p]!;
      return `${cat[p]}|${r.securityLevel ?? ''}|${[...r.needs].sort().join(',')}|${[...pg[p]!].sort((a, b) => a - b).join(',')}`;
    };
    const types = new Map<string, number[]>();
    for (const p of open) {
      const k = typeKey(p);
      const list = types.get(k);
      if (list) list.push(p);
      else types.set(k, [p]);
    }
    const eligible = (rep: number) => {
      let cap = 0;
      for (let c = 0; c < C; c++) {
        const r = people[rep]!;
        if (accepted(cells[c]!, r) || r.needs.some((n) => !attributes[c]!.has(n))) continue;
        if (cellCat[c] !== -1 && cellCat[c] !== cat[rep]) continue;
        cap += operational[c]! - count[c]!;
      }
      return cap;
    };
    const tier = (rep: number) => {
      const gs = pg[rep]!;
      if (gs.some((g) => wideRival[g])) return 0;
      if (gs.some((g) => cellRival[g])) return 1;
      return gs.length ? 2 : 3;
    };
    const biggest = (rep: number) => Math.max(0, ...pg[rep]!.map((g) => groupSize[g]!));
    const order = [...types.entries()]
      .map(([key, ps]) => ({ key, ps, rep: ps[0]!, cap: eligible(ps[0]!) }))
      .sort(
        (a, b) =>
          a.cap - b.cap ||
          tier(a.rep) - tier(b.rep) ||
          biggest(b.rep) - biggest(a.rep) ||
          (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      );

    /** Lower is better: with own group, in own group's block, away from others' rival groups, an opened cell, least full. */
    const score = (rep: number, c: number) => {
      const gs = pg[rep]!;
      let ownCell = 1;
      let ownBlock = 1;
      let otherWide = 0;
      let otherCellRival = 0;
      if (gs.length) {
        const bl = loc[2]![c]!;
        const cl = loc[0]![c]!;
        for (const g of gs) {
          if (groupCount[cl * G + g]! > 0) ownCell = 0;
          if (groupCount[bl * G + g]! > 0) ownBlock = 0;
        }
        for (const g of wideRivalGroups) if (!gs.includes(g) && groupCount[bl * G + g]! > 0) otherWide = 1;
        for (const g of cellRivalGroups)
          if (!gs.includes(g) && groupCount[cl * G + g]! > 0) otherCellRival = 1;
        if (!gs.some((g) => wideRival[g])) ownBlock = 0;
      } else {
        ownCell = 0;
        ownBlock = 0;
      }
      const empty = count[c] === 0 ? 1 : 0;
      return (
        ((((ownCell * 2 + ownBlock) * 2 + otherWide) * 2 + otherCellRival) * 2 + empty) * 1e6 +
        (count[c]! / design[c]!) * 1e3
      );
    };
    const best = (rep: number, room: (c: number) => number) => {
      let bestC = -1;
      let bestS = Number.POSITIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        if (check(rep, c, room(c)) !== OK) continue;
        const s = score(rep, c);
        if (s < bestS) {
          bestS = s;
          bestC = c;
        }
      }
      return bestC;
    };
    const leastFull = (rep: number) => {
      let bestC = -1;
      let bestR = Number.POSITIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        if (check(rep, c, operational[c]!) !== OK) continue;
        const r = (count[c]! + 1) / design[c]!;
        if (r < bestR) {
          bestR = r;
          bestC = c;
        }
      }
      return bestC;
    };

    const placeOne = (p: number) => {
      let c = best(p, (x) => target[x]!);
      if (c < 0) c = leastFull(p);
      if (c < 0) unplaced.push(p);
      else put(p, c);
    };
    for (const { ps } of order) {
      // people with individual non-associations one by one; the rest of the type poured in
      // (so are members of two groups rival to each other: no two of them may share a location)
      const alone = (p: number) =>
        pairs[p]!.length > 0 || pg[p]!.some((g) => rivals[g]!.some((rv) => pg[p]!.includes(rv.g)));
      const single = ps.filter(alone);
      const bulk = ps.filter((p) => !alone(p));
      for (const p of single) placeOne(p);
      let i = 0;
      while (i < bulk.length) {
        const rep = bulk[i]!;
        const c = best(rep, (x) => target[x]!);
        if (c < 0) break;
        const k = Math.min(bulk.length - i, target[c]! - count[c]!);
        add(rep, c, k);
        for (let j = i; j < i + k; j++) at[bulk[j]!] = c;
        i += k;
      }
      for (; i < bulk.length; i++) {
        const c = leastFull(bulk[i]!);
        if (c < 0) unplaced.push(bulk[i]!);
        else put(bulk[i]!, c);
      }
    }
    return unplaced;
  };

  const snapshot = () => ({
    count: count.slice(),
    cellCat: cellCat.slice(),
    groupCount: groupCount.slice(),
    at: at.slice(),
  });
  const restore = (s: ReturnType<typeof snapshot>) => {
    count.set(s.count);
    cellCat.set(s.cellCat);
    groupCount.set(s.groupCount);
    at.set(s.at);
  };
  const maxRatio = () => cells.reduce((m, _, c) => Math.max(m, count[c]! / design[c]!), 0);

  const start = snapshot();
  let unplaced = pour(target);
  if (!unplaced.length) {
    // Second pass: cells that accept the same people form a pool; aim each pool at its own ratio,
    // so a pool with less demand is spread evenly instead of leaving cells empty. Kept if no worse.
    const first = snapshot();
    const firstMax = maxRatio();
    const poolOf = cells.map((c) => JSON.stringify([c.accepts, [...c.attributes].sort()]));
    const poolLoad = new Map<string, { n: number; d: number }>();
    cells.forEach((_, c) => {
      const t = poolLoad.get(poolOf[c]!) ?? { n: 0, d: 0 };
      t.n += count[c]!;
      t.d += design[c]!;
      poolLoad.set(poolOf[c]!, t);
    });
    const pooled = Int32Array.from(cells, (_, c) => {
      const t = poolLoad.get(poolOf[c]!)!;
      return Math.min(target[c]!, Math.ceil((t.n / t.d) * design[c]! - 1e-9));
    });
    restore(start);
    unplaced = pour(pooled);
    if (unplaced.length || maxRatio() > firstMax + 1e-9) {
      restore(first);
      unplaced = [];
    }
  }

  // a small instance the greedy pass could not finish: search every placement
  const free = input.requests.flatMap((r, i) => (r.cell ? [] : [H + i]));
  if (unplaced.length && !failed.size && free.length <= EXACT_MAX_PEOPLE && C <= EXACT_MAX_CELLS) {
    const greedy = free.map((p) => at[p]!);
    for (const p of free) if (at[p]! >= 0) take(p);
    let budget = EXACT_BUDGET;
    const search = (k: number): boolean => {
      if (k === free.length) return true;
      if (--budget < 0) return false;
      const p = free[k]!;
      for (let c = 0; c < C; c++) {
        if (check(p, c, operational[c]!) !== OK) continue;
        put(p, c);
        if (search(k + 1)) return true;
        take(p);
      }
      return false;
    };
    if (search(0)) unplaced.length = 0;
    else {
      // explain from the greedy state
      free.forEach((p, k) => {
        if (greedy[k]! >= 0) put(p, greedy[k]!);
      });
    }
  }

  if (unplaced.length) {
    const requested = input.requests.length - failed.size;
    const full = requested > freeAtStart;
    if (full)
      violations.push({
        rule: 'facility-full',
        subject: 'facility',
        params: { requested, free: freeAtStart },
      });
    for (const p of unplaced) {
      const tally = { full: 0, separation: 0, rival: 0, pair: 0, notAccepted: 0, needs: 0 };
      let example: HousingViolation | undefined;
      for (let c = 0; c < C; c++) {
        const why = check(p, c, operational[c]!);
        if (why === FULL) tally.full++;
        else if (why === SEPARATION) tally.separation++;
        else if (why === RIVAL) tally.rival++;
        else if (why === PAIR) tally.pair++;
        else if (why === NOT_ACCEPTED) tally.notAccepted++;
        else if (why === NEEDS) tally.needs++;
        if (!example && (why === RIVAL || why === PAIR)) example = explain(p, c)[0];
      }
      if (full && tally.full === C) continue;
      violations.push({
        rule: 'no-suitable-cell',
        subject: people[p]!.id,
        params: {
          ...(example ? { example: example.rule, ...example.params } : {}),
          person: people[p]!.id,
          cells: C,
          ...tally,
        },
      });
    }
  }

  const assigned = input.requests.map((_, i) => (at[H + i]! >= 0 ? cells[at[H + i]!]!.code : null));
  if (violations.length) return { ok: false, violations, cells: assigned };
  const moved = input.requests.reduce(
    (n, r, i) => n + (r.currentCell !== undefined && r.currentCell !== assigned[i] ? 1 : 0),
    0,
  );
  return { ok: true, cells: assigned as string[], moved };
}
