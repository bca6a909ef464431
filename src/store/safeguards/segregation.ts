import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { checkEnd, checkNotSegregated, checkOngoing } from '../../domain/safeguards/segregation.js';
import { notFound } from '../../domain/violation.js';
import { custodyAt } from '../custody-state.js';
import type { Db } from '../db.js';
import { timeAt } from '../facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from '../register.js';
import { authorizePeople } from '../scope.js';
import { openDuties } from './duties.js';

/** What a segregation starts with: whom, in which custody and facility, when, by whose authority and why. */
export interface NewSegregation {
  /** given by a hearing, whose event names it before the segregation's own */
  id?: string;
  personId: string;
  custodyId: string;
  facility: string;
  at: Date;
  authority: string;
  reason: string;
}

/**
 * Starts a segregation in the caller's transaction: its event (`segregation.started`), its row, and
 * the duty of a daily visit by health-care staff (Mandela Rule 46: every person in solitary
 * confinement). The caller has checked that the person is not segregated now.
 */
export async function openSegregation(trx: Trx, actor: string, now: Date, s: NewSegregation) {
  const id = s.id ?? randomUUID();
  const [ev] = await appendEvents(
    trx,
    actor,
    [
      {
        kind: 'segregation.started',
        effectiveAt: s.at,
        personId: s.personId,
        facility: s.facility,
        payload: { id, authority: s.authority, reason: s.reason },
      },
    ],
    now,
  );
  await trx
    .insertInto('segregation')
    .values({
      id,
      person_id: s.personId,
      custody_id: s.custodyId,
      facility_code: s.facility,
      started_at: s.at,
      authority: s.authority,
      reason: s.reason,
      started_seq: ev.seq,
      ended_at: null,
      ended_seq: null,
    })
    .execute();
  await openDuties(trx, [
    {
      kind: 'health-visit',
      personId: s.personId,
      custodyId: s.custodyId,
      facility: s.facility,
      since: s.at,
      seq: ev.seq,
    },
  ]);
  return { id, seq: ev.seq };
}

/** The segregation a person is in now, if any (read in the caller's transaction). */
export async function openSegregationOf(trx: Trx, personId: string): Promise<string | null> {
  const open = await trx
    .selectFrom('segregation')
    .select('id')
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return open?.id ?? null;
}

/** A segregation ended (by the event `seq`): the open health-visit duties of its custody are cancelled. */
export async function cancelHealthVisits(trx: Trx, custodyId: string, at: Date, seq: number): Promise<void> {
  await trx
    .updateTable('duty')
    .set({ cancelled_at: at, cancelled_seq: seq })
    .where('custody_id', '=', custodyId)
    .where('kind', '=', 'health-visit')
    .where('done_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

export async function startSegregation(
  db: Db,
  input: { personId: string; startedAt?: string; authority: string; reason: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const t = await custodyAt(trx, input.personId, input.startedAt, now, 'startedAt', opts);
    const c = t.c;
    checkNotSegregated(input.personId, (await openSegregationOf(trx, input.personId)) ?? undefined);
    const { id } = await openSegregation(trx, actor, now, {
      personId: input.personId,
      custodyId: c.custodyId,
      facility: c.facility,
      at: t.at,
      authority: input.authority,
      reason: input.reason,
    });
    return {
      id,
      personId: input.personId,
      facility: c.facility,
      startedAt: t.at.toISOString(),
      authority: input.authority,
      reason: input.reason,
      endedAt: null,
    };
  });
}

export async function endSegregation(
  db: Db,
  id: string,
  input: { endedAt?: string; note: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const s = await trx.selectFrom('segregation').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) throw notFound('unknown-segregation', { id });
    // for the facility that holds the person now: a segregation follows the person (person-scope)
    const held = await authorizePeople(trx, [s.person_id], opts);
    const facility = held.get(s.person_id) ?? s.facility_code;
    checkOngoing(id, s.ended_at);
    const t = await timeAt(trx, facility, input.endedAt, now, 'endedAt');
    checkEnd(s.started_at, t.at);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'segregation.ended',
          effectiveAt: t.at,
          personId: s.person_id,
          facility,
          payload: { id, note: input.note },
        },
      ],
      now,
    );
    await trx
      .updateTable('segregation')
      .set({ ended_at: t.at, ended_seq: ev.seq, facility_code: facility })
      .where('id', '=', id)
      .execute();
    await cancelHealthVisits(trx, s.custody_id, t.at, ev.seq);
    return {
      id,
      personId: s.person_id,
      facility,
      startedAt: s.started_at.toISOString(),
      authority: s.authority,
      reason: s.reason,
      endedAt: t.at.toISOString(),
    };
  });
}

/** Records a review of an open segregation (Mandela Rule 45: reviewed, by whom, with what outcome). */
export async function reviewSegregation(
  db: Db,
  id: string,
  input: { reviewedBy: string; outcome: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const s = await trx.selectFrom('segregation').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) throw notFound('unknown-segregation', { id });
    // for the facility that holds the person now: a segregation follows the person (person-scope)
    const held = await authorizePeople(trx, [s.person_id], opts);
    const facility = held.get(s.person_id) ?? s.facility_code;
    checkOngoing(id, s.ended_at);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'segregation.reviewed',
          effectiveAt: now,
          personId: s.person_id,
          facility,
          payload: { id, reviewedBy: input.reviewedBy, outcome: input.outcome },
        },
      ],
      now,
    );
    return {
      id,
      personId: s.person_id,
      reviewedAt: now.toISOString(),
      reviewedBy: input.reviewedBy,
      outcome: input.outcome,
      seq: ev.seq,
    };
  });
}

/**
 * Open segregations of these custodies pass to the facility they were transferred to: its staff
 * end and review them (Mandela Rule 45), the old facility no longer can (person-scope).
 */
export async function moveSegregations(trx: Trx, custodyIds: string[], facility: string): Promise<void> {
  for (let i = 0; i < custodyIds.length; i += 1000) {
    await trx
      .updateTable('segregation')
      .set({ facility_code: facility })
      .where('custody_id', 'in', custodyIds.slice(i, i + 1000))
      .where('ended_at', 'is', null)
      .execute();
  }
}

/**
 * A custody's open segregations end when the custody does (a release, a death), by the event that
 * ends it: a segregation never outlives the custody it restricts.
 */
export async function endSegregationsOf(trx: Trx, custodyId: string, at: Date, seq: number): Promise<void> {
  await trx
    .updateTable('segregation')
    .set({ ended_at: sql<Date>`greatest(started_at, ${at.toISOString()}::timestamptz)`, ended_seq: seq })
    .where('custody_id', '=', custodyId)
    .where('ended_at', 'is', null)
    .execute();
}
