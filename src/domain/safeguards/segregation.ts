import { refuse } from '../violation.js';

/**
 * Rules of recording a segregation (solitary confinement; Mandela Rules 43-45). How long one may
 * last is each profile's (`segregation`, ./profiles/), found by the compliance check and alerts.
 *
 * - `already-segregated` (409): a person is in one segregation at a time.
 * - `segregation-ended` (409): an ended segregation is not reviewed or ended again.
 * - `time-before-start` (409): a segregation ends after it started.
 */

/** Refuses segregating a person who is segregated now (`open`: that segregation's id). */
export function checkNotSegregated(personId: string, open: string | undefined): void {
  if (open !== undefined)
    throw refuse([
      { rule: 'already-segregated', subject: 'personId', params: { person: personId, id: open } },
    ]);
}

/** Refuses reviewing or ending a segregation that has ended. */
export function checkOngoing(id: string, endedAt: Date | null): void {
  if (endedAt) throw refuse([{ rule: 'segregation-ended', subject: 'id', params: { id } }]);
}

/** Refuses an end at or before the start. */
export function checkEnd(startedAt: Date, at: Date): void {
  if (at <= startedAt)
    throw refuse([
      {
        rule: 'time-before-start',
        subject: 'endedAt',
        params: { at: at.toISOString(), since: startedAt.toISOString() },
      },
    ]);
}
