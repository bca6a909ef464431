import { ALL_FACILITIES } from './accounts.js';

/**
 * Rule `person-scope` (docs/security.md): a person's record belongs to the facility that holds
 * them now or, once released, held them last. Its staff see the whole file and act on it. A
 * facility that held the person before sees its own part of the history (the events recorded
 * there, and the transfer that took the person away) and nothing recorded after they left: not
 * the current cell, not the other facility's incidents, duties or segregations, not the people
 * they are kept apart from now. Every other facility sees nothing (403).
 *
 * Source: Mandela Rule 9 (records confidential, available to those whose duties require it) and
 * the attack on a running server that found files open to every facility that ever held the
 * person.
 */
export type PersonReach = 'full' | 'past' | 'none';

/** `visible`: the caller's facilities, null when all; `holder`: where the person is (last) held. */
export function personReach(
  visible: readonly string[] | null,
  holder: string | null,
  history: Iterable<string | null>,
): PersonReach {
  if (visible === null || visible.includes(ALL_FACILITIES)) return 'full';
  if (holder !== null && visible.includes(holder)) return 'full';
  for (const f of history) if (f !== null && visible.includes(f)) return 'past';
  return 'none';
}

/**
 * Whether an event of the register belongs to the history of one of `visible` facilities: it was
 * recorded there, or it is the transfer that took the person away from there.
 */
export function recordedIn(
  visible: readonly string[],
  e: { facility: string | null; kind: string; payload: unknown },
): boolean {
  if (e.facility !== null && visible.includes(e.facility)) return true;
  if (e.kind !== 'custody.transferred') return false;
  const from = (e.payload as { fromFacility?: unknown }).fromFacility;
  return typeof from === 'string' && visible.includes(from);
}
