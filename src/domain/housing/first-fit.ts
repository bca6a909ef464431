/**
 * Placeholder allocator of the foundation: each person goes to the first cell, in facility order,
 * with a free operational place. The real allocator (separation, rivals, spreading) replaces it.
 */
export interface CellState {
  code: string;
  operational: number;
  occupants: number;
}

/** Returns the chosen cell code for each request (null when nothing is free). Mutates nothing. */
export function firstFit(cells: CellState[], count: number): (string | null)[] {
  const free = cells.map((c) => Math.max(0, c.operational - c.occupants));
  const out: (string | null)[] = [];
  let i = 0;
  for (let n = 0; n < count; n++) {
    while (i < cells.length && free[i]! <= 0) i++;
    if (i >= cells.length) {
      out.push(null);
      continue;
    }
    free[i]!--;
    out.push(cells[i]!.code);
  }
  return out;
}
