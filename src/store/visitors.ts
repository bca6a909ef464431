import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ALL_FACILITIES } from '../domain/access/accounts.js';
import {
  checkBanDates,
  checkLift,
  checkRegistration,
  type VisitorKind,
} from '../domain/daily-life/visits.js';
import { dateIn } from '../domain/time.js';
import { invalid, notFound, RuleError, refuse } from '../domain/violation.js';
import { requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { facilityRow } from './facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';
import { holders } from './scope.js';

/**
 * The visitor registry (docs/daily-life.md): visitors (`visitor`), their bans (`visitor_ban`) and whom
 * they may visit (`person_visitor`), each a projection of its register event written in its transaction.
 * The registry is national: a visitor is no facility's; bans are a facility's, enrolments a person's.
 */

export interface VisitorInput {
  givenNames: string;
  familyNames: string;
  nationalId: string;
  dateOfBirth?: string | undefined;
}

const visitorView = (v: {
  id: string;
  given_names: string;
  family_names: string;
  national_id: string;
  date_of_birth: string | null;
}) => ({
  visitorId: v.id,
  givenNames: v.given_names,
  familyNames: v.family_names,
  nationalId: v.national_id,
  dateOfBirth: v.date_of_birth === null ? null : String(v.date_of_birth).slice(0, 10),
});

/** 404 `unknown-visitor` unless the visitor is on the registry; `subject` names the field. */
export async function requireVisitor(db: Db | Trx, visitorId: string, subject?: string) {
  const v = await db.selectFrom('visitor').selectAll().where('id', '=', visitorId).executeTakeFirst();
  if (!v)
    throw new RuleError(404, [
      { rule: 'unknown-visitor', ...(subject ? { subject } : {}), params: { visitor: visitorId } },
    ]);
  return v;
}

/**
 * Registers a visitor (`visitor.registered`). The same document again under the same names answers
 * the entry on file (`existing: true`, nothing recorded); under other names 409 `visitor-exists`.
 */
export async function registerVisitor(db: Db, input: VisitorInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const found = await trx
      .selectFrom('visitor')
      .select(['id', 'given_names', 'family_names'])
      .where('national_id', '=', input.nationalId)
      .executeTakeFirst();
    const check = checkRegistration(
      input,
      found && { visitorId: found.id, givenNames: found.given_names, familyNames: found.family_names },
    );
    if (check.violations.length) throw refuse(check.violations);
    if (found) return { visitorId: found.id, existing: true };
    const visitorId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'visitor.registered',
          effectiveAt: now,
          payload: {
            visitorId,
            givenNames: input.givenNames,
            familyNames: input.familyNames,
            nationalId: input.nationalId,
            dateOfBirth: input.dateOfBirth ?? null,
          },
        },
      ],
      now,
    );
    await trx
      .insertInto('visitor')
      .values({
        id: visitorId,
        given_names: input.givenNames,
        family_names: input.familyNames,
        national_id: input.nationalId,
        date_of_birth: input.dateOfBirth ?? null,
        seq: ev.seq,
      })
      .execute();
    return { visitorId, existing: false };
  });
}

/** Visitors by identity document (exact) or by words of their names (each word in either name); at most 50. */
export async function searchVisitors(db: Db, q: string) {
  const text = q.trim();
  const byId = await db.selectFrom('visitor').selectAll().where('national_id', '=', text).limit(50).execute();
  if (byId.length) return byId.map(visitorView);
  const words = text.split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) return [];
  let s = db.selectFrom('visitor').selectAll();
  for (const w of words) {
    const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    s = s.where(sql<boolean>`custodia_fold(given_names || ' ' || family_names) like custodia_fold(${like})`);
  }
  const rows = await s.orderBy('family_names').orderBy('given_names').orderBy('id').limit(50).execute();
  return rows.map(visitorView);
}

const banView = (b: {
  id: string;
  facility_code: string | null;
  reason: string;
  from_date: string;
  until_date: string;
  lifted_seq: number | null;
  lifted_reason: string | null;
}) => ({
  banId: b.id,
  facility: b.facility_code,
  reason: b.reason,
  from: String(b.from_date).slice(0, 10),
  until: String(b.until_date).slice(0, 10),
  lifted: b.lifted_seq !== null,
  liftedReason: b.lifted_reason,
});

/**
 * A visitor with every ban (in force or past) and the people they are enrolled for, of those only the
 * people held (now or last) in `visible` facilities (null: all). Answers the people shown too.
 */
export async function visitorDetail(db: Db, visitorId: string, visible: string[] | null) {
  const v = await requireVisitor(db, visitorId);
  const bans = await db
    .selectFrom('visitor_ban')
    .selectAll()
    .where('visitor_id', '=', visitorId)
    .orderBy('from_date', 'desc')
    .orderBy('seq', 'desc')
    .execute();
  const enrolled = await db
    .selectFrom('person_visitor as pv')
    .innerJoin('person as p', 'p.id', 'pv.person_id')
    .select(['pv.person_id', 'pv.relationship', 'pv.kind', 'p.given_names', 'p.family_names'])
    .where('pv.visitor_id', '=', visitorId)
    .orderBy('p.family_names')
    .execute();
  const held = await holders(
    db,
    enrolled.map((e) => e.person_id),
  );
  const shown = enrolled.filter((e) => {
    const h = held.get(e.person_id);
    return visible === null || (h !== undefined && visible.includes(h));
  });
  return {
    ...visitorView(v),
    bans: bans.map(banView),
    enrolments: shown.map((e) => ({
      personId: e.person_id,
      names: `${e.given_names} ${e.family_names}`,
      facility: held.get(e.person_id) ?? null,
      relationship: e.relationship,
      kind: e.kind,
    })),
  };
}

export interface BanInput {
  facility: string;
  reason: string;
  until: string;
  from?: string | undefined;
}

/** Bans a visitor from a facility from `from` (default today there) to `until`, both included (`visitor.banned`). */
export async function banVisitor(
  db: Db,
  visitorId: string,
  input: BanInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    await requireVisitor(trx, visitorId);
    const f = await facilityRow(trx, input.facility);
    opts.authorize?.(f.code);
    const from = input.from ?? dateIn(now, f.timezone);
    const bad = checkBanDates(from, input.until);
    if (bad.length) throw invalid(bad);
    const banId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'visitor.banned',
          effectiveAt: now,
          facility: f.code,
          payload: { banId, visitorId, facility: f.code, reason: input.reason, from, until: input.until },
        },
      ],
      now,
    );
    await trx
      .insertInto('visitor_ban')
      .values({
        id: banId,
        visitor_id: visitorId,
        facility_code: f.code,
        reason: input.reason,
        from_date: from,
        until_date: input.until,
        seq: ev.seq,
        lifted_seq: null,
        lifted_reason: null,
      })
      .execute();
    return { banId, visitorId, facility: f.code, from, until: input.until };
  });
}

/** Lifts a ban before its end (`visitor.ban-lifted`); 409 `visitor-ban-lifted` when it already was. */
export async function liftBan(
  db: Db,
  visitorId: string,
  banId: string,
  reason: string,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const ban = await trx
      .selectFrom('visitor_ban')
      .selectAll()
      .where('id', '=', banId)
      .where('visitor_id', '=', visitorId)
      .executeTakeFirst();
    if (!ban) throw notFound('unknown-ban', { banId, visitor: visitorId });
    opts.authorize?.(ban.facility_code ?? ALL_FACILITIES);
    const refused = checkLift(banId, ban.lifted_seq !== null);
    if (refused.length) throw refuse(refused);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'visitor.ban-lifted',
          effectiveAt: now,
          facility: ban.facility_code,
          payload: { banId, visitorId, reason },
        },
      ],
      now,
    );
    await trx
      .updateTable('visitor_ban')
      .set({ lifted_seq: ev.seq, lifted_reason: reason })
      .where('id', '=', banId)
      .execute();
    return { banId, visitorId, lifted: true };
  });
}

export interface EnrolmentInput {
  visitorId: string;
  relationship: string;
  kind: VisitorKind;
}

/**
 * Enrols a visitor to visit a person in custody (`visitor.enrolled`): 409 `not-in-custody`, 404
 * `unknown-visitor`. A later enrolment of the same pair replaces the earlier one.
 */
export async function enrolVisitor(
  db: Db,
  personId: string,
  input: EnrolmentInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const c = await requireOpenCustody(trx, personId);
    opts.authorize?.(c.facility);
    await requireVisitor(trx, input.visitorId, 'visitorId');
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'visitor.enrolled',
          effectiveAt: now,
          personId,
          facility: c.facility,
          payload: { visitorId: input.visitorId, relationship: input.relationship, kind: input.kind },
        },
      ],
      now,
    );
    await trx
      .insertInto('person_visitor')
      .values({
        person_id: personId,
        visitor_id: input.visitorId,
        relationship: input.relationship,
        kind: input.kind,
        seq: ev.seq,
      })
      .onConflict((oc) =>
        oc.columns(['person_id', 'visitor_id']).doUpdateSet({
          relationship: input.relationship,
          kind: input.kind,
          seq: ev.seq,
        }),
      )
      .execute();
    return { personId, visitorId: input.visitorId, kind: input.kind, relationship: input.relationship };
  });
}

/**
 * The visitors enrolled for a person, with the last day of a ban in force from `today` on at
 * `facility` (or everywhere), if any.
 */
export async function personVisitors(db: Db, personId: string, facility: string | null, today: string) {
  const rows = await db
    .selectFrom('person_visitor as pv')
    .innerJoin('visitor as v', 'v.id', 'pv.visitor_id')
    .select([
      'v.id',
      'v.given_names',
      'v.family_names',
      'v.national_id',
      'pv.relationship',
      'pv.kind',
      sql<string | null>`(select max(b.until_date)::text from visitor_ban b
        where b.visitor_id = v.id and b.lifted_seq is null and b.until_date >= ${today}::date
          and (b.facility_code is null or b.facility_code = ${facility}))`.as('banned_until'),
    ])
    .where('pv.person_id', '=', personId)
    .orderBy('v.family_names')
    .orderBy('v.given_names')
    .execute();
  return rows.map((r) => ({
    visitorId: r.id,
    names: `${r.given_names} ${r.family_names}`,
    nationalId: r.national_id,
    relationship: r.relationship,
    kind: r.kind,
    bannedUntil: r.banned_until,
  }));
}
