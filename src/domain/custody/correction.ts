import { parseInstant } from '../time.js';
import { invalid, refuse, type Violation } from '../violation.js';
import { LEGAL_BASIS_KINDS, type LegalBasisInput, type PersonInput, SEXES } from './admission.js';

/**
 * The rules of a correction. The register is never edited: a correction is a new event pointing at
 * the one it corrects, carrying the changed fields and their values before.
 *
 * - `not-correctable` (409): only an admission (the person's identity, its legal basis) is corrected.
 * - `invalid-field` (400): a correction changes something, a sex is one the register records, a legal
 *   basis kind is one of the kinds, and its times are RFC 3339 times or dates.
 */

export interface CorrectionChanges {
  person?: Partial<PersonInput>;
  legalBasis?: Partial<LegalBasisInput>;
}

/** Refuses correcting `target` (the event at `seq`, of `kind`, about `personId`) with these changes. */
export function checkCorrection(
  target: { seq: number; kind: string; personId: string | null },
  changes: CorrectionChanges,
): void {
  if (target.kind !== 'custody.admitted' || !target.personId)
    throw refuse([
      // the refusal names no kind: it would tell what an event the caller may not read records
      { rule: 'not-correctable', subject: 'corrects', params: { seq: target.seq } },
    ]);
  const person = changes.person ?? {};
  const lb = changes.legalBasis ?? {};
  const violations: Violation[] = [];
  const bad = (field: string, problem: string) =>
    violations.push({ rule: 'invalid-field', subject: field, params: { field, problem } });
  if (!Object.keys(person).length && !Object.keys(lb).length) bad('changes', 'no change given');
  if (person.sex !== undefined && ![...SEXES, 'F', 'M'].includes(person.sex))
    bad('changes.person.sex', person.sex);
  if (lb.kind !== undefined && !(LEGAL_BASIS_KINDS as readonly string[]).includes(lb.kind))
    bad('changes.legalBasis.kind', lb.kind);
  for (const k of ['issuedAt', 'expiresAt'] as const) {
    const v = lb[k];
    if (v !== undefined && !parseInstant(v)) bad(`changes.legalBasis.${k}`, v);
  }
  if (violations.length) throw invalid(violations);
}

/** A recorded legal basis with the changes made: times recorded as UTC instants (checkCorrection passed). */
export function correctedLegalBasis(
  before: Record<string, unknown>,
  changes: Partial<LegalBasisInput>,
): Record<string, unknown> {
  const after: Record<string, unknown> = { ...before };
  for (const [k, v] of Object.entries(changes))
    after[k] = k === 'issuedAt' || k === 'expiresAt' ? parseInstant(String(v))!.toISOString() : v;
  return after;
}

/** The values before of the fields changed (null where there was none): what a correction carries. */
export const valuesBefore = (from: Record<string, unknown>, changed: object) =>
  Object.fromEntries(Object.keys(changed).map((k) => [k, from[k] ?? null]));
