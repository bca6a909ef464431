import { invalid, notFound, refuse } from '../violation.js';
import { type CellSpec, locationOf, type Scope } from './model.js';

/**
 * Rules of a non-association: two people who must be kept apart at a scope (docs/housing.md). The
 * allocator keeps them apart (`non-association`); these rules are about recording one.
 *
 * - `same-person` (400): the two are different people.
 * - `unknown-person` (404): both are on file.
 * - `non-association-exists` (409): a pair has one open non-association at a time.
 * - `non-association-closed` (409): a closed one is not closed again; its history stays.
 * - A non-association is recorded even when the two share a location now: a threat is never
 *   refused, and the answer says where they are (sharedLocation), so staff can move one of them.
 */

export interface Pair {
  personA: string;
  personB: string;
}

/** Refuses a pair of one person. */
export function checkPair(p: Pair): void {
  if (p.personA === p.personB) throw invalid([{ rule: 'same-person', subject: 'personB', params: {} }]);
}

/** Refuses (404) a pair with someone not on file (`onFile`), naming the first. */
export function checkOnFile(p: Pair, onFile: Set<string>): void {
  for (const person of [p.personA, p.personB])
    if (!onFile.has(person)) throw notFound('unknown-person', { person });
}

/** Refuses a second open non-association of a pair (`open`: the id of the one open, if any). */
export function checkNoneOpen(p: Pair, open: string | undefined): void {
  if (open !== undefined)
    throw refuse([
      {
        rule: 'non-association-exists',
        subject: 'personB',
        params: { personA: p.personA, personB: p.personB, id: open },
      },
    ]);
}

/** Refuses closing a non-association closed already. */
export function checkStillOpen(id: string, closedAt: Date | null): void {
  if (closedAt) throw refuse([{ rule: 'non-association-closed', subject: 'id', params: { id } }]);
}

/** Where two people held in the same facility share a location of `scope` now (their cells given), if they do. */
export function sharedLocation(cellA: CellSpec, cellB: CellSpec, scope: Scope): string | null {
  const la = locationOf(cellA, scope);
  return la === locationOf(cellB, scope) ? la : null;
}
