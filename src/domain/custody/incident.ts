import { refuse, type Violation } from '../violation.js';

/**
 * The rule of an incident report, which enters the file of each person it names (Mandela Rule 8):
 *
 * - `not-in-facility` (409): everyone named is in custody in the incident's facility when it is recorded.
 */

/** Refuses unless each person named is held (`held`: their facility) in `facility`; each one not is listed. */
export function checkIncidentPeople(
  people: string[],
  facility: string,
  held: Map<string, { facility: string }>,
): void {
  const violations: Violation[] = [];
  people.forEach((p, i) => {
    if (held.get(p)?.facility !== facility)
      violations.push({ rule: 'not-in-facility', subject: `people[${i}]`, params: { person: p, facility } });
  });
  if (violations.length) throw refuse(violations);
}
