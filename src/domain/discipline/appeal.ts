import { refuse, type Violation } from '../violation.js';
import { type ChargeState, chargeStatus } from './charge.js';

/**
 * The appeal of a proved charge (Mandela Rules, rule 41(4): a right to seek review), and its decision
 * (docs/discipline.md). A quashed charge lifts every sanction it carried.
 *
 * - `charge-not-proved` (409): only a proved charge is appealed.
 * - `appeal-lodged` (409): one appeal per charge.
 * - `appeal-not-lodged` (409): a decision needs an appeal.
 * - `appeal-decided` (409): an appeal is decided once.
 * - `time-before-start`: an appeal after the hearing (`lodgedAt`), a decision after the appeal
 *   (`decidedAt`).
 */

export interface AppealState extends ChargeState {
  appealDecidedAt: Date | null;
}

export function checkAppeal(c: AppealState, at: Date): void {
  const out: Violation[] = [];
  if (c.appealAt)
    out.push({
      rule: 'appeal-lodged',
      subject: 'chargeId',
      params: { chargeId: c.chargeId, at: c.appealAt.toISOString() },
    });
  else if (chargeStatus(c) !== 'proved')
    out.push({
      rule: 'charge-not-proved',
      subject: 'chargeId',
      params: { chargeId: c.chargeId, status: chargeStatus(c) },
    });
  if (c.heardAt && at < c.heardAt)
    out.push({
      rule: 'time-before-start',
      subject: 'lodgedAt',
      params: { at: at.toISOString(), since: c.heardAt.toISOString() },
    });
  if (out.length) throw refuse(out);
}

export function checkDecision(c: AppealState, at: Date): void {
  const out: Violation[] = [];
  if (!c.appealAt)
    out.push({ rule: 'appeal-not-lodged', subject: 'chargeId', params: { chargeId: c.chargeId } });
  else {
    if (c.appealDecidedAt)
      out.push({
        rule: 'appeal-decided',
        subject: 'chargeId',
        params: { chargeId: c.chargeId, at: c.appealDecidedAt.toISOString() },
      });
    if (at < c.appealAt)
      out.push({
        rule: 'time-before-start',
        subject: 'decidedAt',
        params: { at: at.toISOString(), since: c.appealAt.toISOString() },
      });
  }
  if (out.length) throw refuse(out);
}
