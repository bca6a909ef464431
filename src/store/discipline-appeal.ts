import { checkAppeal, checkDecision } from '../domain/discipline/appeal.js';
import type { Db } from './db.js';
import { chargeRow, chargeState, getCharge } from './discipline.js';
import { timeAt } from './facilities.js';
import type { NewEvent } from './register.js';
import { appendEvents, type WriteOptions, withRegister } from './register.js';
import { cancelHealthVisits } from './safeguards/segregation.js';
import { authorizePeople } from './scope.js';

/**
 * The appeal of a proved charge and its decision (docs/discipline.md; rules in
 * src/domain/discipline/appeal.ts). A quashed charge lifts every sanction in the same transaction:
 * each gets its `quashed_at`, the segregations its isolation opened and still open end
 * (`segregation.ended`, note "quashed on appeal") with their health-visit duties, and a visit
 * restriction stops applying. The person need not be in custody still: an appeal outlives a release.
 */

/** The facility that answers for the person now (person-scope), the caller refused outside it. */
async function answering(
  trx: Parameters<typeof authorizePeople>[0],
  r: { person_id: string; facility_code: string },
  opts: WriteOptions,
) {
  const held = await authorizePeople(trx, [r.person_id], opts);
  return held.get(r.person_id) ?? r.facility_code;
}

export async function lodgeAppeal(
  db: Db,
  chargeId: string,
  input: { lodgedAt?: string | undefined; grounds: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const r = await chargeRow(trx, chargeId);
    const facility = await answering(trx, r, opts);
    const { at } = await timeAt(trx, facility, input.lodgedAt, now, 'lodgedAt');
    checkAppeal(chargeState(r), at);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'discipline.appealed',
          effectiveAt: at,
          personId: r.person_id,
          facility,
          payload: { chargeId, grounds: input.grounds },
        },
      ],
      now,
    );
    await trx
      .updateTable('disciplinary_charge')
      .set({ appeal_at: at, appeal_grounds: input.grounds, appeal_seq: ev.seq })
      .where('id', '=', chargeId)
      .execute();
    return getCharge(trx, chargeId);
  });
}

export async function decideAppeal(
  db: Db,
  chargeId: string,
  input: { decidedAt?: string | undefined; decidedBy: string; outcome: 'upheld' | 'quashed'; reason: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const r = await chargeRow(trx, chargeId);
    const facility = await answering(trx, r, opts);
    const { at } = await timeAt(trx, facility, input.decidedAt, now, 'decidedAt');
    checkDecision(chargeState(r), at);
    const quashed = input.outcome === 'quashed';
    const lifted = quashed
      ? await trx
          .selectFrom('sanction')
          .select(['id', 'segregation_id'])
          .where('charge_id', '=', chargeId)
          .where('quashed_at', 'is', null)
          .execute()
      : [];
    const segIds = lifted.flatMap((s) => (s.segregation_id ? [s.segregation_id] : []));
    const open = segIds.length
      ? await trx
          .selectFrom('segregation')
          .selectAll()
          .where('id', 'in', segIds)
          .where('ended_at', 'is', null)
          .execute()
      : [];
    // a segregation ends after it started: a decision dated at its start ends it a moment later
    const endOf = (started: Date) => (at > started ? at : new Date(started.getTime() + 1));
    const events: NewEvent[] = [
      {
        kind: 'discipline.appeal-decided',
        effectiveAt: at,
        personId: r.person_id,
        facility,
        payload: {
          chargeId,
          outcome: input.outcome,
          decidedBy: input.decidedBy,
          reason: input.reason,
          lifted: lifted.map((s) => s.id),
          segregationsEnded: open.map((s) => s.id),
        },
      },
      ...open.map(
        (s): NewEvent => ({
          kind: 'segregation.ended',
          effectiveAt: endOf(s.started_at),
          personId: r.person_id,
          facility: s.facility_code,
          payload: { id: s.id, note: `quashed on appeal (charge ${chargeId})` },
        }),
      ),
    ];
    const [ev, ...ended] = await appendEvents(trx, actor, events, now);
    if (!ev) throw new Error('the appeal decision was not recorded');
    await trx
      .updateTable('disciplinary_charge')
      .set({
        appeal_decided_at: at,
        appeal_outcome: input.outcome,
        appeal_decided_by: input.decidedBy,
        appeal_reason: input.reason,
        appeal_decision_seq: ev.seq,
      })
      .where('id', '=', chargeId)
      .execute();
    if (lifted.length)
      await trx
        .updateTable('sanction')
        .set({ quashed_at: at, quashed_seq: ev.seq })
        .where(
          'id',
          'in',
          lifted.map((s) => s.id),
        )
        .execute();
    // a sanction whose segregation ends now is quashed at the very instant it ends (no overrun)
    for (const s of open)
      await trx
        .updateTable('sanction')
        .set({ quashed_at: endOf(s.started_at) })
        .where('charge_id', '=', chargeId)
        .where('segregation_id', '=', s.id)
        .execute();
    for (const [i, s] of open.entries()) {
      const e = ended[i];
      if (!e) throw new Error(`the end of segregation ${s.id} was not recorded`);
      await trx
        .updateTable('segregation')
        .set({ ended_at: endOf(s.started_at), ended_seq: e.seq })
        .where('id', '=', s.id)
        .execute();
      await cancelHealthVisits(trx, s.custody_id, endOf(s.started_at), e.seq);
    }
    return getCharge(trx, chargeId);
  });
}
