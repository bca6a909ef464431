import { chargeStatus } from '../domain/discipline/charge.js';
import type { Db } from './db.js';
import type { ChargeView } from './discipline.js';
import type { Trx } from './register.js';
import { holders } from './scope.js';

/**
 * Charges as a reader of the `visible` facilities (null: all) may see them (rule `person-scope`,
 * docs/discipline.md): a facility that held the person before reads the charges laid there, but not
 * what another facility did with them since. For a reader whose facilities do not hold the person now,
 * the notice, the hearing (and its sanctions) and the appeal (and its decision) recorded at a facility
 * outside theirs are cleared, and the status reads as of what is left (e.g. `awaiting-notice`).
 */
export async function chargesAsSeen(
  db: Db | Trx,
  charges: ChargeView[],
  visible: readonly string[] | null,
): Promise<ChargeView[]> {
  if (visible === null || !charges.length) return charges;
  const held = await holders(db, [...new Set(charges.map((c) => c.personId))]);
  const ours = (f: string | null | undefined) => !!f && visible.includes(f);
  const away = charges.filter((c) => !ours(held.get(c.personId)));
  if (!away.length) return charges;
  const where = new Map<string, Record<'notice' | 'hearing' | 'appeal' | 'decision', string | null>>();
  for (let i = 0; i < away.length; i += 1000) {
    const rows = await db
      .selectFrom('disciplinary_charge as ch')
      .leftJoin('custody_event as n', 'n.seq', 'ch.notice_seq')
      .leftJoin('custody_event as h', 'h.seq', 'ch.hearing_seq')
      .leftJoin('custody_event as a', 'a.seq', 'ch.appeal_seq')
      .leftJoin('custody_event as d', 'd.seq', 'ch.appeal_decision_seq')
      .select([
        'ch.id',
        'n.facility_code as notice',
        'h.facility_code as hearing',
        'a.facility_code as appeal',
        'd.facility_code as decision',
      ])
      .where(
        'ch.id',
        'in',
        away.slice(i, i + 1000).map((c) => c.chargeId),
      )
      .execute();
    for (const r of rows) where.set(r.id, r);
  }
  return charges.map((c) => {
    const w = where.get(c.chargeId);
    if (!w) return c;
    const notice = w.notice === null || ours(w.notice) ? c.notice : null;
    const hearing = w.hearing === null || ours(w.hearing) ? c.hearing : null;
    const decided = w.decision === null || ours(w.decision);
    const appeal =
      !c.appeal || !hearing || (w.appeal !== null && !ours(w.appeal))
        ? null
        : decided
          ? c.appeal
          : { ...c.appeal, decidedAt: null, outcome: null, decidedBy: null, reason: null };
    const sanctions = !hearing
      ? []
      : decided
        ? c.sanctions
        : c.sanctions.map((s) => ({ ...s, quashedAt: null }));
    const status = chargeStatus({
      chargeId: c.chargeId,
      chargedAt: new Date(c.chargedAt),
      noticeAt: notice ? new Date(notice.givenAt) : null,
      heardAt: hearing ? new Date(hearing.heldAt) : null,
      outcome: hearing?.outcome ?? null,
      appealAt: appeal ? new Date(appeal.lodgedAt) : null,
      appealOutcome: appeal?.outcome ?? null,
    });
    return { ...c, status, notice, hearing, sanctions, appeal };
  });
}
