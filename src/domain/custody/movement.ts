import { refuse, type Violation } from '../violation.js';

/**
 * Rules for moving people, before the housing rules (the allocator) place them:
 *
 * - `already-in-cell` (409): a move goes to another cell than the person's own.
 * - `duplicate-in-batch` (409): a transfer names each person once.
 * - `unknown-person` (409 in a transfer batch): each person named is on file.
 * - `not-in-custody` (409): each person transferred is held now.
 * - `already-in-facility` (409): a transfer goes to another facility than the person's own.
 */

/** Refuses a move into the cell the person is in. */
export function checkMove(personId: string, fromCell: string, toCell: string): void {
  if (fromCell === toCell)
    throw refuse([
      { rule: 'already-in-cell', subject: 'toCell', params: { person: personId, cell: fromCell } },
    ]);
}

/**
 * Refuses a transfer batch unless everyone named is on file (`known`), held now (`held`: their
 * facility) and elsewhere than `toFacility`, each named once; every problem is listed.
 */
export function checkTransfer(
  personIds: string[],
  toFacility: string,
  known: Set<string>,
  held: Map<string, { facility: string }>,
): void {
  const violations: Violation[] = [];
  const first = new Map<string, number>();
  personIds.forEach((id, i) => {
    const subject = `personIds[${i}]`;
    if (!first.has(id)) first.set(id, i);
    if (first.get(id) !== i) violations.push({ rule: 'duplicate-in-batch', subject, params: { person: id } });
    else if (!known.has(id)) violations.push({ rule: 'unknown-person', subject, params: { person: id } });
    else if (!held.has(id)) violations.push({ rule: 'not-in-custody', subject, params: { person: id } });
    else if (held.get(id)!.facility === toFacility)
      violations.push({ rule: 'already-in-facility', subject, params: { person: id, facility: toFacility } });
  });
  if (violations.length) throw refuse(violations);
}
