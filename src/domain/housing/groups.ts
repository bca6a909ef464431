import { fieldPath, invalid, refuse, type Violation } from '../violation.js';
import type { Scope } from './model.js';

/**
 * Rules about groups (gangs and other factions) and their rivalries (docs/housing.md):
 *
 * - `unknown-group` (400): a person is admitted only as a member of groups on record; a misspelt
 *   group name would otherwise slip past its rivalries.
 * - `group-self-rival` (400): a group is not its own rival.
 * - `group-exists` (409): a group is recorded once.
 * - A rivalry may name a group not recorded yet (both sides are often entered one after the other);
 *   a pair declared twice keeps the wider scope.
 */

/** `unknown-group` for each group an admission names that is not on record; `subject(i)` names admission i. */
export function unknownGroups(
  admissions: ({ groups: string[] } | undefined)[],
  known: Set<string>,
  subject: (i: number) => string,
): Violation[] {
  const violations: Violation[] = [];
  admissions.forEach((a, i) => {
    a?.groups.forEach((g, k) => {
      if (!known.has(g))
        violations.push({
          rule: 'unknown-group',
          subject: fieldPath(subject(i), `groups[${k}]`),
          params: { group: g },
        });
    });
  });
  return violations;
}

/** A new group's rivals, each once; refused when the group names itself. */
export function groupRivals(code: string, rivals: string[]): string[] {
  const once = [...new Set(rivals)];
  if (once.includes(code))
    throw invalid([{ rule: 'group-self-rival', subject: 'rivals', params: { group: code } }]);
  return once;
}

/** Refuses recording a group that is on record (`exists`). */
export function checkNewGroup(code: string, exists: boolean): void {
  if (exists) throw refuse([{ rule: 'group-exists', subject: 'code', params: { group: code } }]);
}

const WIDTH: Record<Scope, number> = { cell: 0, landing: 1, block: 2, facility: 3 };

/** A rivalry's pair of groups as recorded: in code order. */
export const rivalryPair = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

/** What a rivalry declared at `scope` does to the one on record (`recorded`, if any): keeps the wider scope. */
export function rivalryChange(recorded: Scope | undefined, scope: Scope): 'record' | 'widen' | 'keep' {
  if (recorded === undefined) return 'record';
  return WIDTH[scope] > WIDTH[recorded] ? 'widen' : 'keep';
}
