import { invalid } from '../violation.js';

/**
 * A regime (visits, open air, lights, programmes; Mandela Rules 23, 43, 58, 61) is set for a whole
 * facility or for one of its blocks, which then has its own.
 *
 * - `invalid-field` on `unit` (400): a regime is set for a facility or a block, not a landing or a cell.
 */
export function checkRegimeUnit(kind: string): void {
  if (kind !== 'block')
    throw invalid([
      {
        rule: 'invalid-field',
        subject: 'unit',
        params: { field: 'unit', problem: 'a regime is set for a facility or a block' },
      },
    ]);
}
