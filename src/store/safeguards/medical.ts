import { examinationEffects, MEDICAL_DUTIES } from '../../domain/safeguards/medical.js';
import { custodyAt } from '../custody-state.js';
import type { Db } from '../db.js';
import { appendEvents, type WriteOptions, withRegister } from '../register.js';
import { openDuties } from './duties.js';

/**
 * A medical examination by health-care staff: a register event whose findings only medical staff
 * and inspectors may read. It fulfils the open admission examination; injuries or signs of
 * ill-treatment found open the duty to report them (Mandela Rules 30 and 34).
 */
export async function recordExamination(
  db: Db,
  input: { personId: string; examinedAt?: string; findings: string; injuries?: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const { c, at } = await custodyAt(trx, input.personId, input.examinedAt, now, 'examinedAt', opts);
    const open = await trx
      .selectFrom('duty')
      .select(['id', 'kind'])
      .where('custody_id', '=', c.custodyId)
      .where('kind', 'in', [...MEDICAL_DUTIES])
      .where('done_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    const injuries = input.injuries?.trim() || null;
    const { fulfils: exam, opensInjuryReport: opened } = examinationEffects(open, injuries);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'medical.examined',
          effectiveAt: at,
          personId: input.personId,
          facility: c.facility,
          payload: {
            custodyId: c.custodyId,
            findings: input.findings,
            injuries,
            ...(exam ? { fulfils: exam } : {}),
          },
        },
      ],
      now,
    );
    if (exam) {
      await trx
        .updateTable('duty')
        .set({ done_at: at, done_seq: ev.seq, done_note: `medical.examined #${ev.seq}` })
        .where('id', '=', exam)
        .execute();
    }
    if (opened) {
      await openDuties(trx, [
        {
          kind: 'injury-report',
          personId: input.personId,
          custodyId: c.custodyId,
          facility: c.facility,
          since: at,
          seq: ev.seq,
        },
      ]);
    }
    return {
      seq: ev.seq,
      personId: input.personId,
      examinedAt: at.toISOString(),
      fulfilled: exam ? [exam] : [],
      opened: opened ? ['injury-report'] : [],
    };
  });
}
