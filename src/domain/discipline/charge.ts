import type { OffenceSeverity } from '../register/events-rights.js';
import { refuse, type Violation } from '../violation.js';
import { SEVERITY_WORDS } from './compliance.js';
import type { DisciplineRules } from './sanctions.js';

/**
 * Laying a charge and telling the person of it (docs/discipline.md). Pure: the store looks up what
 * they judge.
 *
 * - `mandela-39` (Mandela Rules, rule 39(1): never sanctioned twice for the same act): one charge per
 *   person, incident and offence code (message `mandela-39.charged`).
 * - `future-time` (an input error: the store answers it 400 alone, subject `occurredAt`): the act
 *   happened before the charge is laid.
 * - `time-before-admission` (subject `occurredAt`): a disciplinary offence is an act in custody, in
 *   the custody the charge is laid in.
 * - the national catalogue's rule (`discipline.catalogue`, else `mandela-37`; rules 36-37: the
 *   conduct that is an offence, and its grade, are the law's): an offence of the catalogue is charged
 *   with the grade the catalogue gives it (message `discipline.offence-grade`). An offence outside the
 *   catalogue is not refused: the charge says so (`inCatalogue: false`, when the profile's list is
 *   the whole catalogue) and compliance counts it.
 * - `notice-given` (rule 41(1): told once, without delay): a charge's notice is recorded once.
 * - `time-before-start` (subject `givenAt`): a notice is given after the charge was laid.
 */

export type ChargeStatus = 'awaiting-notice' | 'awaiting-hearing' | 'proved' | 'dismissed' | 'quashed';

/** What the rules read of a stored charge. */
export interface ChargeState {
  chargeId: string;
  chargedAt: Date;
  noticeAt: Date | null;
  heardAt: Date | null;
  outcome: 'proved' | 'dismissed' | null;
  appealAt: Date | null;
  appealOutcome: 'upheld' | 'quashed' | null;
}

export function chargeStatus(c: ChargeState): ChargeStatus {
  if (c.appealOutcome === 'quashed') return 'quashed';
  if (c.outcome) return c.outcome;
  return c.noticeAt ? 'awaiting-hearing' : 'awaiting-notice';
}

/** The refusals of a new charge: the act's time, a charge for the same act, its grade. */
export function checkCharge(
  input: {
    personId: string;
    incidentReference: string;
    offence: { code: string; severity: OffenceSeverity };
    occurredAt: Date;
  },
  facts: { now: Date; admittedAt: Date; existing: string | null },
  rules: DisciplineRules,
): Violation[] {
  const out: Violation[] = [];
  const at = input.occurredAt.toISOString();
  if (input.occurredAt > facts.now) out.push({ rule: 'future-time', subject: 'occurredAt', params: { at } });
  else if (input.occurredAt < facts.admittedAt)
    out.push({
      rule: 'time-before-admission',
      subject: 'occurredAt',
      params: { at, admittedAt: facts.admittedAt.toISOString() },
    });
  if (facts.existing)
    out.push({
      rule: 'mandela-39',
      subject: 'offence.code',
      message: 'mandela-39.charged',
      params: {
        chargeId: facts.existing,
        person: input.personId,
        incident: input.incidentReference,
        code: input.offence.code,
      },
    });
  const listed = rules.offences?.find((o) => o.code === input.offence.code);
  if (listed && listed.severity !== input.offence.severity)
    out.push({
      rule: rules.catalogue?.rule ?? 'mandela-37',
      subject: 'offence.severity',
      message: 'discipline.offence-grade',
      params: {
        code: listed.code,
        // the grades in words of each language (as the compliance findings give them)
        severity: SEVERITY_WORDS[input.offence.severity],
        expected: SEVERITY_WORDS[listed.severity],
        source: rules.catalogue?.ref ?? rules.profile,
      },
    });
  return out;
}

/**
 * Whether an offence is in the national catalogue: true when listed; false when not, and the profile
 * says its list is the law's whole catalogue (a `catalogue` rule); null when nobody can say (no list,
 * or a list known to be incomplete, without that rule).
 */
export function inCatalogue(
  code: string,
  rules: Pick<DisciplineRules, 'offences' | 'catalogue'>,
): boolean | null {
  if (rules.offences?.some((o) => o.code === code)) return true;
  return rules.offences && rules.catalogue ? false : null;
}

/** Refuses a second notice, or one dated before the charge. */
export function checkNotice(c: ChargeState, at: Date): void {
  const out: Violation[] = [];
  if (c.noticeAt)
    out.push({
      rule: 'notice-given',
      subject: 'chargeId',
      params: { chargeId: c.chargeId, at: c.noticeAt.toISOString() },
    });
  if (at < c.chargedAt)
    out.push({
      rule: 'time-before-start',
      subject: 'givenAt',
      params: { at: at.toISOString(), since: c.chargedAt.toISOString() },
    });
  if (out.length) throw refuse(out);
}
