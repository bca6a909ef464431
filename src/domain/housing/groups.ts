import { fieldPath, type Violation } from '../violation.js';

/**
 * Rules about groups (gangs and other factions) and their rivalries (docs/housing.md):
 *
 * - `unknown-group` (400): a person is admitted only as a member of groups on record; a misspelt
 *   group name would otherwise slip past its rivalries.
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
