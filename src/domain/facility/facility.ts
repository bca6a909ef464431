import { isTimeZone } from '../time.js';
import { invalid, refuse } from '../violation.js';
import { type Capacity, type FlatUnit, flattenUnits, type UnitInput } from './units.js';

/**
 * Rules of recording a facility and changing a cell's capacity:
 *
 * - The units' own rules (`duplicate-unit-code`, `unit-nesting`, the capacities; see units.ts) and
 *   `invalid-timezone` (400): a facility keeps its times in an IANA time zone, so that its days,
 *   deadlines and rolls turn at its own midnight.
 * - `facility-exists` (409): a facility code is recorded once.
 * - `invalid-field` on `unit` (400): only cells carry a capacity.
 * - `capacity-below-occupancy` (409): a cell's operational capacity is never set below the people
 *   held in it now (the roll would show them as places that do not exist).
 */

/** A new facility's units in order, or a refusal naming every problem of its tree and its time zone. */
export function checkFacility(input: { timezone: string; units: UnitInput[] }): FlatUnit[] {
  const flat = flattenUnits(input.units);
  const violations = [...flat.violations];
  if (!isTimeZone(input.timezone))
    violations.push({ rule: 'invalid-timezone', subject: 'timezone', params: { timezone: input.timezone } });
  if (violations.length) throw invalid(violations);
  return flat.units;
}

/** Refuses recording a facility whose code is on record (`exists`). */
export function checkNewFacility(code: string, exists: boolean): void {
  if (exists) throw refuse([{ rule: 'facility-exists', subject: 'code', params: { code } }]);
}

/** Refuses setting a capacity on a unit that is not a cell. */
export function checkCapacityUnit(unit: { code: string; kind: string }): void {
  if (unit.kind !== 'cell')
    throw invalid([
      {
        rule: 'invalid-field',
        subject: 'unit',
        params: { field: unit.code, problem: 'only cells carry a capacity' },
      },
    ]);
}

/** Refuses an operational capacity below the `occupants` of the cell `code` now. */
export function checkCapacity(code: string, capacity: Capacity, occupants: number): void {
  if (capacity.operational < occupants)
    throw refuse([
      {
        rule: 'capacity-below-occupancy',
        subject: code,
        params: { cell: code, operational: capacity.operational, occupants },
      },
    ]);
}
