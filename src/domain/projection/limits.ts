/**
 * How much work one projection may ask for. A checked scenario may still be far too large to run: a
 * billion people at the start, or 200 runs of 600 months of a million people, keeps the engine busy
 * for minutes or hours. One request to the API (src/api/routes/projection.ts) or one `custodia
 * project` command (src/cli/project.ts) must not run for minutes, so both refuse such a scenario up
 * front, with the same limits and the same messages. Pure: no I/O.
 */
import type { Scenario } from './model.js';
import { addMonths, monthsBetween } from './simulate.js';

/** The largest initial population one projection may simulate. */
export const MAX_POPULATION = 5_000_000;
/**
 * The most work one projection may ask for, in person-months (see workBound; the engine simulates some
 * 80 million a second). Past it the scenario is refused rather than hog the server or the terminal.
 */
export const MAX_WORK = 1_000_000_000;

/**
 * The person-months a scenario could simulate at most: every run, every month, everyone at the start
 * plus every admission so far (as if no one left), with the arrest surges in force.
 */
export function workBound(s: Scenario): number {
  const base = s.admissionsPerMonth;
  let inside = s.initial.detained + s.initial.pretrial + s.initial.sentenced;
  let total = 0;
  for (let m = 0; m < s.months; m++) {
    const month = addMonths(s.start, m);
    let admitted = typeof base === 'number' ? base : (base[Math.min(m, base.length - 1)] ?? 0);
    for (const l of s.levers) {
      if (l.kind !== 'arrest-surge') continue;
      const from = monthsBetween(l.from, month);
      if (from >= 0 && from < l.months) admitted *= l.factor;
    }
    inside += Math.round(admitted);
    total += inside;
  }
  return s.runs * total;
}

/** Why a checked scenario is too much work for one projection, field by field (empty: it is not). */
export function workLimits(s: Scenario): { field: string; problem: string }[] {
  const people = s.initial.detained + s.initial.pretrial + s.initial.sentenced;
  if (people > MAX_POPULATION)
    return [{ field: 'initial', problem: `more than ${MAX_POPULATION} people at the start` }];
  const work = workBound(s);
  if (!(work <= MAX_WORK))
    return [
      { field: 'runs', problem: `runs × months × people is over ${MAX_WORK}: ask for fewer runs or months` },
    ];
  return [];
}
