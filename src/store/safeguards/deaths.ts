import { deathDuties } from '../../domain/safeguards/duties.js';
import { custodyAt, endStays } from '../custody-state.js';
import type { Db } from '../db.js';
import { addOccupants } from '../facilities.js';
import { appendEvents, type WriteOptions, withRegister } from '../register.js';
import { cancelDuties, openDuties, personDutiesIn } from './duties.js';
import { endSegregationsOf } from './segregation.js';

/**
 * A death in custody: the custody ends, the person's other duties close, and two duties open —
 * tell the next of kin, and report to an authority independent of the prison (Mandela Rules 69, 71).
 */
export async function recordDeath(
  db: Db,
  input: { personId: string; diedAt: string; circumstances: string; medicalCause?: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const { c, at, facility: f } = await custodyAt(trx, input.personId, input.diedAt, now, 'diedAt', opts);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'custody.died',
          effectiveAt: at,
          personId: input.personId,
          facility: c.facility,
          payload: {
            custodyId: c.custodyId,
            cell: c.cell,
            circumstances: input.circumstances,
            medicalCause: input.medicalCause ?? null,
          },
        },
      ],
      now,
    );
    await trx
      .updateTable('custody')
      .set({ released_at: at, released_seq: ev.seq, release_reason: 'death' })
      .where('id', '=', c.custodyId)
      .execute();
    await endStays(trx, [{ custodyId: c.custodyId, seq: ev.seq }], at);
    await addOccupants(trx, new Map([[c.cellId, -1]]));
    await trx
      .insertInto('death')
      .values({
        person_id: input.personId,
        custody_id: c.custodyId,
        facility_code: c.facility,
        died_at: at,
        circumstances: input.circumstances,
        seq: ev.seq,
      })
      .execute();
    await endSegregationsOf(trx, c.custodyId, at, ev.seq);
    await cancelDuties(trx, [c.custodyId], at, ev.seq);
    await openDuties(
      trx,
      deathDuties({
        personId: input.personId,
        custodyId: c.custodyId,
        facility: c.facility,
        since: at,
        seq: ev.seq,
      }),
    );
    return {
      personId: input.personId,
      custodyId: c.custodyId,
      facility: c.facility,
      diedAt: at.toISOString(),
      seq: ev.seq,
      duties: await personDutiesIn(trx, input.personId, f),
    };
  });
}
