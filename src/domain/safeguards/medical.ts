import type { DutyKind } from './profile.js';

/**
 * Medical duties (Mandela Rules 30-34):
 *
 * - Only health-care staff fulfil the medical examination and the report of injuries (Rules 30, 34);
 *   custody staff the other duties.
 * - An examination fulfils the open admission examination; injuries or signs of ill-treatment it
 *   finds open the duty to report them, unless one is open (Rule 34).
 */

/** Duties only health-care staff fulfil (and whose notes are medical detail): the daily visit to a person in solitary confinement too (Rule 46). */
export const MEDICAL_DUTIES: readonly DutyKind[] = ['medical-exam', 'injury-report', 'health-visit'];

export const isMedicalDuty = (kind: string): boolean => MEDICAL_DUTIES.some((d) => d === kind);

/** Whether someone with these roles may record a duty of `kind` done: health-care staff the medical ones, custody staff the rest. */
export const mayFulfil = (kind: string, roles: readonly string[]): boolean =>
  isMedicalDuty(kind) ? roles.includes('medical') : roles.some((r) => r !== 'medical');

/**
 * What an examination does to the person's open medical duties (`open`): the examination it
 * fulfils, if one is open, and whether it opens an injury report (injuries found, none open).
 */
export function examinationEffects(
  open: { id: string; kind: string }[],
  injuries: string | null,
): { fulfils: string | null; opensInjuryReport: boolean } {
  return {
    fulfils: open.find((d) => d.kind === 'medical-exam')?.id ?? null,
    opensInjuryReport: !!injuries && !open.some((d) => d.kind === 'injury-report'),
  };
}
