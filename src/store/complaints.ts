import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  type Addressee,
  COMPLAINT_DUTY,
  type ComplaintStatus,
  checkAnswer,
  checkAnswerer,
  checkConfidential,
  checkReceived,
  responseDue,
  seesConfidential,
} from '../domain/complaints/complaint.js';
import { dueAt } from '../domain/safeguards/deadline.js';
import { FLOOR, nationalProfile } from '../domain/safeguards/profiles/index.js';
import { forbid, notFound, refuse } from '../domain/violation.js';
import { requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { timeAt } from './facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';
import { holders } from './scope.js';

/**
 * Requests and complaints (docs/complaints.md): `complaint` is the projection of `complaint.lodged`
 * and `complaint.answered`, written in their transaction, with the response duty the complaint opens
 * (`complaint-response`, closed by the answer). Confidential complaints (to the inspector) are read by
 * inspectors only: every reader here takes whether its caller sees them (rule
 * `complaint-confidential`, src/domain/complaints/complaint.ts).
 */

export interface ComplaintInput {
  personId: string;
  addressee: Addressee;
  subject: string;
  text: string;
  confidential?: boolean | undefined;
  receivedAt?: string | undefined;
}

/** A complaint as the API answers it. */
export interface ComplaintView {
  complaintId: string;
  personId: string;
  person: { givenNames: string; familyNames: string; registerNumber: number };
  facility: string;
  addressee: Addressee;
  subject: string;
  text: string;
  confidential: boolean;
  receivedAt: string;
  /** the earliest deadline the floor or the facility's national profile sets for the answer */
  responseDue: string | null;
  response: { text: string; respondedAt: string } | null;
}

/** A request or complaint received from a person held, and the duty to answer it. */
export async function lodgeComplaint(db: Db, input: ComplaintInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    // the facility answering for the person is asked first: a caller out of scope learns nothing
    const holder = (await holders(trx, [input.personId])).get(input.personId);
    if (holder) opts.authorize?.(holder);
    const c = await requireOpenCustody(trx, input.personId);
    opts.authorize?.(c.facility);
    const { at } = await timeAt(trx, c.facility, input.receivedAt, now, 'receivedAt');
    const confidential = input.confidential ?? false;
    const violations = [
      ...checkConfidential(input.addressee, confidential),
      ...checkReceived(at, await arrivedAt(trx, c.custodyId, c.facility)),
    ];
    if (violations.length) throw refuse(violations);
    const complaintId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'complaint.lodged',
          effectiveAt: at,
          personId: input.personId,
          facility: c.facility,
          payload: {
            complaintId,
            custodyId: c.custodyId,
            addressee: input.addressee,
            subject: input.subject,
            text: input.text,
            confidential,
          },
        },
      ],
      now,
    );
    await trx
      .insertInto('complaint')
      .values({
        id: complaintId,
        person_id: input.personId,
        custody_id: c.custodyId,
        facility_code: c.facility,
        addressee: input.addressee,
        subject: input.subject,
        text: input.text,
        confidential,
        received_at: at,
        seq: ev.seq,
        response_text: null,
        responded_at: null,
        response_seq: null,
      })
      .execute();
    // the answer is due from when the complaint was received (Mandela Rule 57(1)); the duty is as
    // confidential as the complaint
    await trx
      .insertInto('duty')
      .values({
        id: randomUUID(),
        kind: COMPLAINT_DUTY,
        person_id: input.personId,
        custody_id: c.custodyId,
        facility_code: c.facility,
        since: at,
        opened_seq: ev.seq,
        done_at: null,
        done_seq: null,
        done_note: null,
        cancelled_at: null,
        cancelled_seq: null,
        confidential,
      })
      .execute();
    return { complaintId };
  });
}

/**
 * When the custody came to the facility that holds the person now: its admission there, or the
 * transfer in (the first stay there after the last stay elsewhere). A complaint this facility
 * received cannot be older.
 */
async function arrivedAt(trx: Trx, custodyId: string, facility: string): Promise<Date> {
  const r = await sql<{ at: Date }>`
    select min(lower(s.during)) as at from stay s
    where s.custody_id = ${custodyId} and s.facility_code = ${facility}
      and lower(s.during) >= coalesce((select max(upper(o.during)) from stay o
        where o.custody_id = ${custodyId} and o.facility_code <> ${facility}), '-infinity'::timestamptz)`.execute(
    trx,
  );
  return new Date(must(r.rows[0]?.at ?? undefined));
}

/**
 * The answer to a complaint, by whom it is addressed to (rule `complaint-addressee`); it closes the
 * response duty. A confidential complaint is unknown (404) to a caller who does not see it.
 */
export async function answerComplaint(
  db: Db,
  complaintId: string,
  input: { text: string; respondedAt?: string | undefined },
  actor: string,
  opts: WriteOptions & { roles: readonly string[] },
) {
  const now = opts.now ?? new Date();
  await withRegister(db, async (trx) => {
    const row = await trx
      .selectFrom('complaint')
      .selectAll()
      .where('id', '=', complaintId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (row.confidential && !seesConfidential(opts.roles)))
      throw notFound('unknown-complaint', { complaint: complaintId });
    opts.authorize?.(row.facility_code);
    const who = checkAnswerer(row.addressee, opts.roles);
    if (who.length) throw forbid(who);
    const { at } = await timeAt(trx, row.facility_code, input.respondedAt, now, 'respondedAt');
    const violations = checkAnswer(
      { id: row.id, receivedAt: row.received_at, respondedAt: row.responded_at },
      at,
    );
    if (violations.length) throw refuse(violations);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'complaint.answered',
          effectiveAt: at,
          personId: row.person_id,
          facility: row.facility_code,
          payload: { complaintId, text: input.text },
        },
      ],
      now,
    );
    await trx
      .updateTable('complaint')
      .set({ response_text: input.text, responded_at: at, response_seq: ev.seq })
      .where('id', '=', complaintId)
      .execute();
    await trx
      .updateTable('duty')
      .set({ done_at: at, done_seq: ev.seq })
      .where('kind', '=', COMPLAINT_DUTY)
      .where('opened_seq', '=', row.seq)
      .where('done_at', 'is', null)
      .execute();
  });
  return must(await complaintById(db, complaintId, true));
}

const must = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('a row the write has just read or written is there');
  return v;
};

/** Complaints with what their view needs, as one query to narrow. */
const rows = (db: Db | Trx) =>
  db
    .selectFrom('complaint as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .innerJoin('facility as f', 'f.code', 'c.facility_code')
    .select([
      'c.id',
      'c.person_id',
      'c.facility_code',
      'c.addressee',
      'c.subject',
      'c.text',
      'c.confidential',
      'c.received_at',
      'c.response_text',
      'c.responded_at',
      'p.given_names',
      'p.family_names',
      'p.created_seq',
      'f.timezone',
      'f.jurisdiction',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof rows>['execute']>>[number];

function view(r: Row): ComplaintView {
  const dues = [FLOOR, nationalProfile(r.jurisdiction)].flatMap((p) => {
    const d = p?.deadlines[COMPLAINT_DUTY];
    return d ? [dueAt(r.received_at, d.within, r.timezone)] : [];
  });
  return {
    complaintId: r.id,
    personId: r.person_id,
    person: { givenNames: r.given_names, familyNames: r.family_names, registerNumber: r.created_seq },
    facility: r.facility_code,
    addressee: r.addressee,
    subject: r.subject,
    text: r.text,
    confidential: r.confidential,
    receivedAt: r.received_at.toISOString(),
    responseDue: responseDue(dues)?.toISOString() ?? null,
    response:
      r.responded_at && r.response_text !== null
        ? { text: r.response_text, respondedAt: r.responded_at.toISOString() }
        : null,
  };
}

/** A complaint, if there is one the caller may know of (`confidential`: the caller sees those). */
export async function complaintById(
  db: Db,
  id: string,
  confidential: boolean,
): Promise<ComplaintView | undefined> {
  let q = rows(db).where('c.id', '=', id);
  if (!confidential) q = q.where('c.confidential', '=', false);
  const r = await q.executeTakeFirst();
  return r && view(r);
}

export interface ComplaintQuery {
  /** the facilities to list; null: every facility */
  facilities: string[] | null;
  status: ComplaintStatus;
  addressee?: Addressee | undefined;
  /** the caller sees confidential complaints (inspectors) */
  confidential: boolean;
  limit: number;
}

/** Complaints newest first (received), of the facilities asked, as the caller may see them. */
export async function listComplaints(db: Db, q: ComplaintQuery): Promise<ComplaintView[]> {
  let s = rows(db).orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(q.limit);
  if (q.facilities) s = s.where('c.facility_code', 'in', q.facilities.length ? q.facilities : ['']);
  if (!q.confidential) s = s.where('c.confidential', '=', false);
  if (q.status === 'open') s = s.where('c.responded_at', 'is', null);
  if (q.status === 'answered') s = s.where('c.responded_at', 'is not', null);
  if (q.addressee) s = s.where('c.addressee', '=', q.addressee);
  return (await s.execute()).map(view);
}

/** A person's requests and complaints, oldest first (the person's file; confidential ones included). */
export async function personComplaints(db: Db, personId: string): Promise<ComplaintView[]> {
  const r = await rows(db)
    .where('c.person_id', '=', personId)
    .orderBy('c.received_at')
    .orderBy('c.id')
    .execute();
  return r.map(view);
}

/** The ids of a person's confidential duties (the answers to confidential complaints). */
export async function confidentialDuties(db: Db, personId: string): Promise<Set<string>> {
  const r = await db
    .selectFrom('duty')
    .select('id')
    .where('person_id', '=', personId)
    .where('confidential', '=', true)
    .execute();
  return new Set(r.map((d) => d.id));
}
