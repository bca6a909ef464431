import { consularAfterCorrection } from '../../domain/safeguards/rights-on-admission.js';
import type { Trx } from '../register.js';
import { openDuties } from './duties.js';

const KIND = 'consular-notification';

/**
 * After a correction changed a person's nationality (event `seq`, at `at`), opens or cancels the
 * consular notice of their open custody as the rule decides (domain/safeguards/rights-on-admission.ts
 * `consularAfterCorrection`, Mandela Rule 62): a projection of the register, in the caller's transaction.
 */
export async function correctConsularDuty(
  trx: Trx,
  personId: string,
  nationality: string | null,
  at: Date,
  seq: number,
): Promise<void> {
  const c = await trx
    .selectFrom('custody as c')
    .innerJoin('facility as f', 'f.code', 'c.facility_code')
    .select(['c.id', 'c.facility_code', 'f.jurisdiction'])
    .where('c.person_id', '=', personId)
    .where('c.released_at', 'is', null)
    .orderBy('c.admitted_at', 'desc')
    .orderBy('c.id', 'desc')
    .executeTakeFirst();
  if (!c) return;
  const duties = await trx
    .selectFrom('duty')
    .select(['done_at', 'cancelled_at'])
    .where('custody_id', '=', c.id)
    .where('kind', '=', KIND)
    .execute();
  const decision = consularAfterCorrection({
    nationality,
    jurisdiction: c.jurisdiction,
    duties: duties.map((d) => ({ status: d.cancelled_at ? 'cancelled' : d.done_at ? 'done' : 'open' })),
  });
  if (decision === 'open')
    await openDuties(trx, [
      { kind: KIND, since: at, personId, custodyId: c.id, facility: c.facility_code, seq },
    ]);
  if (decision === 'cancel')
    await trx
      .updateTable('duty')
      .set({ cancelled_at: at, cancelled_seq: seq })
      .where('custody_id', '=', c.id)
      .where('kind', '=', KIND)
      .where('done_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
}
