import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { COMPLAINT_DUTY } from '../../domain/complaints/complaint.js';
import { dueAt } from '../../domain/safeguards/deadline.js';
import {
  checkDoneAt,
  checkDutyOpen,
  DEATH_DUTIES,
  type DutyState,
  fulfillable,
  type NewDuty,
  nextDuty,
} from '../../domain/safeguards/duties.js';
import type { DutyKind, Profile } from '../../domain/safeguards/profile.js';
import { FLOOR, nationalProfile } from '../../domain/safeguards/profiles/index.js';
import {
  checkLanguage,
  checkNoOwnRecord,
  LANGUAGE_DUTIES,
  OWN_RECORD,
} from '../../domain/safeguards/rights-on-admission.js';
import { notFound } from '../../domain/violation.js';
import { insertRows } from '../bulk.js';
import type { Db } from '../db.js';
import { timeAt } from '../facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from '../register.js';
import { must } from '../util.js';

/** Opens duties in the caller's transaction (the event that caused them is `seq`). */
export async function openDuties(trx: Trx, duties: NewDuty[]): Promise<void> {
  await insertRows(
    trx,
    'duty',
    {
      id: 'text',
      kind: 'text',
      person_id: 'text',
      custody_id: 'text',
      facility_code: 'text',
      since: 'timestamptz',
      opened_seq: 'bigint',
    },
    duties.map((d) => ({
      id: randomUUID(),
      kind: d.kind,
      person_id: d.personId,
      custody_id: d.custodyId,
      facility_code: d.facility,
      since: d.since,
      opened_seq: d.seq,
      done_at: null,
      done_seq: null,
      done_note: null,
      cancelled_at: null,
      cancelled_seq: null,
    })),
  );
}

/** The custodies among these with a segregation open now: their health visits go on daily (Mandela Rule 46). */
async function segregatedNow(trx: Trx, custodyIds: readonly string[]): Promise<Set<string>> {
  if (!custodyIds.length) return new Set();
  const rows = await trx
    .selectFrom('segregation')
    .select('custody_id')
    .where('custody_id', 'in', [...new Set(custodyIds)])
    .where('ended_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.custody_id));
}

/** Closes the open duties of custodies that ended (death duties stay open). */
export async function cancelDuties(trx: Trx, custodyIds: string[], at: Date, seq: number): Promise<void> {
  if (!custodyIds.length) return;
  await trx
    .updateTable('duty')
    .set({ cancelled_at: at, cancelled_seq: seq })
    .where('custody_id', 'in', custodyIds)
    .where('done_at', 'is', null)
    .where('cancelled_at', 'is', null)
    // a complaint is answered though the custody ended (docs/complaints.md)
    .where('kind', 'not in', [...DEATH_DUTIES, COMPLAINT_DUTY])
    .execute();
}

/** Open duties follow a person to another facility. */
export async function moveDuties(trx: Trx, custodyIds: string[], facility: string): Promise<void> {
  if (!custodyIds.length) return;
  await trx
    .updateTable('duty')
    .set({ facility_code: facility })
    .where('custody_id', 'in', custodyIds)
    .where('done_at', 'is', null)
    .where('cancelled_at', 'is', null)
    // a complaint's answer stays with the facility that received it (docs/complaints.md)
    .where('kind', '!=', COMPLAINT_DUTY)
    .execute();
}

/** The kind of the duty `id`, if there is one. */
export async function dutyKind(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('duty').select('kind').where('id', '=', id).executeTakeFirst())?.kind;
}

/** A duty row as the rules see it. */
const dutyState = (d: {
  id: string;
  kind: string;
  person_id: string;
  custody_id: string;
  facility_code: string;
  since: Date;
  done_at: Date | null;
  cancelled_at: Date | null;
}): DutyState => ({
  id: d.id,
  kind: d.kind,
  personId: d.person_id,
  custodyId: d.custody_id,
  facility: d.facility_code,
  since: d.since,
  closed: !!(d.done_at || d.cancelled_at),
});

/** Records a duty done (the rules: domain/safeguards/duties.ts). */
export async function fulfilDuty(
  db: Db,
  id: string,
  input: { doneAt?: string; note: string; language?: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  const language = input.language?.trim() || null;
  return withRegister(db, async (trx) => {
    const d = await trx.selectFrom('duty').selectAll().where('id', '=', id).executeTakeFirst();
    // a confidential complaint's answer duty is unknown here, to everyone: refusing it (it is closed
    // by the answer) would say it exists (docs/complaints.md)
    if (!d || d.confidential) throw notFound('unknown-duty', { id });
    opts.authorize?.(d.facility_code);
    const state = dutyState(d);
    // rights on admission (domain/safeguards/rights-on-admission.ts)
    checkLanguage(d.kind, input.language);
    checkNoOwnRecord(d.kind);
    checkDutyOpen(state);
    const { at, facility: f } = await timeAt(trx, d.facility_code, input.doneAt, now, 'doneAt');
    checkDoneAt(state, at);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'duty.fulfilled',
          effectiveAt: at,
          personId: d.person_id,
          facility: d.facility_code,
          payload: { dutyId: id, kind: d.kind, note: input.note, ...(language ? { language } : {}) },
        },
      ],
      now,
    );
    await trx
      .updateTable('duty')
      .set({ done_at: at, done_seq: ev.seq, done_note: input.note, done_language: language })
      .where('id', '=', id)
      .execute();
    const segregated =
      d.kind === 'health-visit' && (await segregatedNow(trx, [d.custody_id])).has(d.custody_id);
    const next = nextDuty(state, at, ev.seq, segregated);
    if (next) await openDuties(trx, [next]);
    return dutyView({ ...d, done_at: at, done_note: input.note, done_language: language }, f.timezone, [
      FLOOR,
      nationalProfile(f.jurisdiction),
    ]);
  });
}

/**
 * Records many duties as done in one transaction (imports, the demo). Reviews of pretrial detention
 * open their next review, as one at a time would.
 */
export async function fulfilMany(
  db: Db,
  items: { id: string; doneAt: Date; note: string; language?: string }[],
  actor: string,
  now = new Date(),
) {
  // kept as the duty endpoint would: a duty with a record of its own is not done here, and written
  // information on rights only with its language (domain/safeguards/rights-on-admission.ts)
  const recordable = (kind: string, i: { language?: string }) =>
    !OWN_RECORD[kind] && (!LANGUAGE_DUTIES.includes(kind) || !!i.language?.trim());
  if (!items.length) return;
  await withRegister(db, async (trx) => {
    const rows = new Map(
      (
        await trx
          .selectFrom('duty')
          .selectAll()
          .where(
            'id',
            'in',
            items.map((i) => i.id),
          )
          .execute()
      ).map((r) => [r.id, r]),
    );
    const ok = items.flatMap((i) => {
      const d = rows.get(i.id);
      return d && fulfillable(dutyState(d), i.doneAt, now) && recordable(d.kind, i) ? [{ i, d }] : [];
    });
    const events = await appendEvents(
      trx,
      actor,
      ok.map(({ i, d }) => ({
        kind: 'duty.fulfilled',
        effectiveAt: i.doneAt,
        personId: d.person_id,
        facility: d.facility_code,
        payload: {
          dutyId: i.id,
          kind: d.kind,
          note: i.note,
          ...(i.language?.trim() ? { language: i.language.trim() } : {}),
        },
      })),
      now,
    );
    const done = ok.map(({ i, d }, j) => ({
      i,
      d,
      seq: must(events[j], `the event of duty ${i.id} done`).seq,
    }));
    for (let k = 0; k < done.length; k += 1000) {
      const values = sql.join(
        done
          .slice(k, k + 1000)
          .map(
            ({ i, seq }) =>
              sql`(${i.id}::text, ${i.doneAt.toISOString()}::timestamptz, ${seq}::bigint, ${i.note}::text, ${i.language?.trim() || null}::text)`,
          ),
      );
      await sql`update duty d set done_at = v.done_at, done_seq = v.seq, done_note = v.note, done_language = v.language
        from (values ${values}) as v(id, done_at, seq, note, language) where d.id = v.id`.execute(trx);
    }
    const segregated = await segregatedNow(
      trx,
      done.flatMap(({ d }) => (d.kind === 'health-visit' ? [d.custody_id] : [])),
    );
    await openDuties(
      trx,
      done.flatMap(
        ({ i, d, seq }) => nextDuty(dutyState(d), i.doneAt, seq, segregated.has(d.custody_id)) ?? [],
      ),
    );
  });
}

type DutyRow = {
  id: string;
  kind: string;
  person_id: string;
  facility_code: string;
  since: Date;
  done_at: Date | null;
  done_note: string | null;
  cancelled_at?: Date | null;
  /** the language written information was given in (rights on admission) */
  done_language?: string | null;
};

/** A duty with its due time under each profile that sets one. */
export function dutyView(d: DutyRow, timezone: string, profiles: (Profile | undefined)[]) {
  const due = profiles.flatMap((p) => {
    const rule = p?.deadlines[d.kind as DutyKind];
    if (!p || !rule) return [];
    return [
      {
        profile: p.id,
        rule: rule.rule,
        ref: rule.ref,
        dueAt: dueAt(d.since, rule.within, timezone).toISOString(),
      },
    ];
  });
  return {
    id: d.id,
    kind: d.kind,
    personId: d.person_id,
    facility: d.facility_code,
    since: d.since.toISOString(),
    doneAt: d.done_at?.toISOString() ?? null,
    note: d.done_note,
    language: d.done_language ?? null,
    status: d.cancelled_at ? 'cancelled' : d.done_at ? 'done' : 'open',
    due,
  };
}

export async function personDuties(db: Db, personId: string) {
  const rows = await db
    .selectFrom('duty as d')
    .innerJoin('facility as f', 'f.code', 'd.facility_code')
    .select([
      'd.id',
      'd.kind',
      'd.person_id',
      'd.facility_code',
      'd.since',
      'd.done_at',
      'd.done_note',
      'd.done_language',
      'd.cancelled_at',
      'f.timezone',
      'f.jurisdiction',
    ])
    .where('d.person_id', '=', personId)
    .orderBy('d.since')
    .execute();
  return rows.map((r) => dutyView(r, r.timezone, [FLOOR, nationalProfile(r.jurisdiction)]));
}

/** A person's open duties, read in the caller's transaction. */
export async function personDutiesIn(
  trx: Trx,
  personId: string,
  f: { timezone: string; jurisdiction: string },
) {
  const rows = await trx
    .selectFrom('duty')
    .selectAll()
    .where('person_id', '=', personId)
    .where('done_at', 'is', null)
    .where('cancelled_at', 'is', null)
    // answered to custody and medical staff: never a confidential complaint's (docs/complaints.md)
    .where('confidential', '=', false)
    .execute();
  return rows.map((r) => dutyView(r, f.timezone, [FLOOR, nationalProfile(f.jurisdiction)]));
}
