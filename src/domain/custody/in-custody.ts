import { notFound, type RuleError, refuse, type Violation } from '../violation.js';

/**
 * Rules for what is recorded about a person in custody (a release, a move, a death, an examination,
 * a segregation): the register holds one open custody a person, and its events in time order.
 *
 * - `unknown-person` (404): the person is not on file.
 * - `not-in-custody` (409): the person is on file, but not held now.
 * - `time-before-admission` (409): an event about a person is dated after their current stay (in
 *   their current cell) began; nothing is recorded back into a stay that was not yet theirs.
 */

/** Why a person has no open custody: not on file (404) or released (409). */
export function notHeld(personId: string, onFile: boolean): RuleError {
  if (!onFile) return notFound('unknown-person', { person: personId });
  return refuse([{ rule: 'not-in-custody', subject: 'personId', params: { person: personId } }]);
}

/** `time-before-admission` for an event dated at or before the current stay began (`since`), if it is. */
export function beforeStay(stay: { since: Date }, at: Date, field: string): Violation[] {
  if (at > stay.since) return [];
  return [
    {
      rule: 'time-before-admission',
      subject: field,
      params: { at: at.toISOString(), admittedAt: stay.since.toISOString() },
    },
  ];
}
