import type { OffenceSeverity } from '../register/events-rights.js';
import type { Violation } from '../violation.js';
import type { ChargeState } from './charge.js';
import { checkSanctions, type DisciplineRules, type SanctionInput } from './sanctions.js';

/**
 * A hearing of a charge (docs/discipline.md): every refusal at once (409), nothing recorded.
 *
 * - `mandela-39` (Mandela Rules, rule 39(1)): a charge is heard once (message `mandela-39.heard`).
 * - `mandela-41` (rule 41(1)-(2)): told of the charge before the hearing (message
 *   `mandela-41.notice`); proved only when the person was heard (message `mandela-41.heard`).
 * - `time-before-start` (subject `heldAt`): a hearing is held after the charge was laid.
 * - `sanction-without-proof` (rule 39(1): no sanction but under the process): a dismissed charge
 *   carries no sanction.
 * - `already-segregated`: an isolation opens a segregation, one at a time (./safeguards/segregation.ts).
 * - the sanctions' own rules: ./sanctions.ts.
 */
export function checkHearing(
  c: ChargeState,
  h: {
    heldAt: Date;
    heard: boolean;
    outcome: 'proved' | 'dismissed';
    sanctions: readonly SanctionInput[];
  },
  facts: {
    personId: string;
    severity: OffenceSeverity;
    rules: DisciplineRules;
    /** the segregation the person is in now, if any */
    segregated: string | null;
  },
): Violation[] {
  const out: Violation[] = [];
  if (c.heardAt)
    out.push({
      rule: 'mandela-39',
      subject: 'chargeId',
      message: 'mandela-39.heard',
      params: { chargeId: c.chargeId, at: c.heardAt.toISOString() },
    });
  if (h.heldAt < c.chargedAt)
    out.push({
      rule: 'time-before-start',
      subject: 'heldAt',
      params: { at: h.heldAt.toISOString(), since: c.chargedAt.toISOString() },
    });
  if (!c.noticeAt || c.noticeAt > h.heldAt)
    out.push({
      rule: 'mandela-41',
      subject: 'heldAt',
      message: 'mandela-41.notice',
      params: {
        chargeId: c.chargeId,
        at: h.heldAt.toISOString(),
        notice: c.noticeAt ? c.noticeAt.toISOString() : null,
      },
    });
  if (h.outcome === 'proved' && !h.heard)
    out.push({
      rule: 'mandela-41',
      subject: 'heard',
      message: 'mandela-41.heard',
      params: { chargeId: c.chargeId },
    });
  if (h.outcome === 'dismissed' && h.sanctions.length)
    out.push({ rule: 'sanction-without-proof', subject: 'sanctions', params: { chargeId: c.chargeId } });
  out.push(...checkSanctions(h.sanctions, facts.personId, facts.severity, facts.rules));
  if (facts.segregated && h.sanctions.some((s) => s.kind === 'isolation'))
    out.push({
      rule: 'already-segregated',
      subject: 'sanctions',
      params: { person: facts.personId, id: facts.segregated },
    });
  return out;
}
