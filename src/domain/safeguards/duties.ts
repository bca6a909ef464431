import { refuse } from '../violation.js';
import type { DutyKind } from './profile.js';
import { foreignNational } from './rights-on-admission.js';

/**
 * Which duties open, and when one is done (docs/safeguards.md; each duty's deadline is its
 * profile's, see ./profiles/):
 *
 * - An admission opens a medical examination (Mandela Rule 30) and the family's notification
 *   (Rule 68); an arrest a detention hearing (ICCPR art. 9(3)) and a pretrial detention its review
 *   (CPP art. 145), both counted from the legal basis, not the prison gate; injuries seen at
 *   admission the duty to report them (Rule 34).
 * - Every admission opens the written information on rights, with the language it was given in
 *   (Rules 54-55); a foreign national's the notice of the right to contact the consul (Rule 62).
 * - A transfer opens the family's notification (Rule 68).
 * - A death opens the next of kin's notification (Rule 69) and the report to an independent
 *   authority (Rule 71); those stay open when the custody ends, every other duty is cancelled.
 * - A pretrial detention is reviewed again, counted from each review (CPP art. 145).
 * - `duty-closed` (409): a duty done or cancelled is not done again.
 * - `time-before-start` (409): a duty is not done before its clock started.
 */

/** A duty to open, and the event (`seq`) that opened it. */
export interface NewDuty {
  kind: DutyKind;
  personId: string;
  custodyId: string;
  facility: string;
  since: Date;
  seq: number;
}

/** Duties that outlive the custody they belong to: the death notifications. */
export const DEATH_DUTIES: readonly DutyKind[] = ['death-next-of-kin', 'death-authority'];

/** The duties an admission opens, from its facts. */
export function admissionDuties(a: {
  personId: string;
  custodyId: string;
  facility: string;
  seq: number;
  admittedAt: Date;
  status: string;
  legalBasis: { kind: string; issuedAt: string };
  injuries: string | null;
  /** the person's nationality (ISO 3166-1 alpha-2), when known */
  nationality?: string | null;
  /** the facility's jurisdiction (ISO country code) */
  jurisdiction?: string;
}): NewDuty[] {
  const d = (kind: DutyKind, since: Date): NewDuty => ({
    kind,
    since,
    personId: a.personId,
    custodyId: a.custodyId,
    facility: a.facility,
    seq: a.seq,
  });
  const out = [d('medical-exam', a.admittedAt), d('family-notification', a.admittedAt)];
  // the clock of judicial control starts at the arrest (the legal basis), not at the prison gate
  if (a.status === 'detained') out.push(d('detention-hearing', new Date(a.legalBasis.issuedAt)));
  if (a.status === 'pretrial') out.push(d('pretrial-review', new Date(a.legalBasis.issuedAt)));
  if (a.injuries) out.push(d('injury-report', a.admittedAt));
  // written information on rights, the regime, discipline and complaints (Mandela Rules 54-55)
  out.push(d('rights-information', a.admittedAt));
  // a foreign national is told of the right to contact the consul (Mandela Rule 62; VCCR art. 36)
  if (foreignNational(a.nationality, a.jurisdiction)) out.push(d('consular-notification', a.admittedAt));
  return out;
}

/** The duty a transfer opens: the family is told, as of an admission. */
export const transferDuty = (t: Omit<NewDuty, 'kind'>): NewDuty => ({ ...t, kind: 'family-notification' });

/** The duties a death opens. */
export const deathDuties = (d: Omit<NewDuty, 'kind'>): NewDuty[] =>
  DEATH_DUTIES.map((kind) => ({ ...d, kind }));

/** What is known of a duty when it is done. */
export interface DutyState {
  id: string;
  kind: string;
  personId: string;
  custodyId: string;
  facility: string;
  since: Date;
  closed: boolean;
}

/** Refuses recording a duty done or cancelled (`closed`) as done. */
export function checkDutyOpen(d: DutyState): void {
  if (d.closed) throw refuse([{ rule: 'duty-closed', subject: 'id', params: { id: d.id } }]);
}

/** Refuses recording a duty done before its clock started. */
export function checkDoneAt(d: DutyState, at: Date): void {
  if (at < d.since)
    throw refuse([
      {
        rule: 'time-before-start',
        subject: 'doneAt',
        params: { at: at.toISOString(), since: d.since.toISOString() },
      },
    ]);
}

/** Whether `d` may be recorded done at `at` (open, not before its start, not after `now`): what a bulk import keeps. */
export const fulfillable = (d: DutyState, at: Date, now: Date): boolean =>
  !d.closed && at >= d.since && at <= now;

/**
 * The duty that doing `d` at `at` (the event `seq`) opens: the next review of a pretrial detention;
 * the next day's visit by health-care staff while the person is still segregated (`segregated`:
 * Mandela Rule 46(1), people in solitary confinement are visited daily).
 */
export function nextDuty(d: DutyState, at: Date, seq: number, segregated = false): NewDuty | null {
  const again = d.kind === 'pretrial-review' || (d.kind === 'health-visit' && segregated);
  if (!again) return null;
  return {
    kind: d.kind as DutyKind,
    personId: d.personId,
    custodyId: d.custodyId,
    facility: d.facility,
    since: at,
    seq,
  };
}
