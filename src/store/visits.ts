import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { checkNonAssociation, chooseSession, type SessionSlot } from '../domain/daily-life/visit-sessions.js';
import {
  type Ban,
  checkBans,
  checkDistinctVisitors,
  checkEnrolments,
  checkInterval,
  checkOutcome,
  checkOverlap,
  checkRestrictions,
  checkVisitorCount,
  MAX_VISIT_HOURS,
  type VisitKind,
  type VisitOutcome,
  type VisitorKind,
  type VisitRestriction,
} from '../domain/daily-life/visits.js';
import type { GroupRivalry, PairRule } from '../domain/housing/model.js';
import { nationalProfile } from '../domain/safeguards/profiles/index.js';
import { dateIn, dayBounds, formatIn, parseInstant } from '../domain/time.js';
import { invalid, notFound, RuleError, refuse, type Violation } from '../domain/violation.js';
import { requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { facilityRow } from './facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';
import { visitWords } from './visit-words.js';

/**
 * Visit sessions and visits (docs/daily-life.md): `visit_session` and `visit` are projections of
 * `visit-session.created`, `visit.booked` and `visit.outcome-recorded`, written in their transaction.
 * Booking collects every refusal of the rules (src/domain/daily-life/visits.ts, visit-sessions.ts)
 * and writes nothing when there is one.
 */

const SPAN_MS = MAX_VISIT_HOURS * 3_600_000;
const TAKING = ['booked', 'held'] as const;

/** An instant from a request field, or 400 naming the field. */
function instant(text: string, field: string): Date | Violation {
  const at = parseInstant(text);
  return at ?? { rule: 'invalid-field', subject: field, params: { field, problem: `${text} is not a time` } };
}

function times(startsAt: string, endsAt: string): { start: Date; end: Date; violations: Violation[] } {
  const s = instant(startsAt, 'startsAt');
  const e = instant(endsAt, 'endsAt');
  const violations = [s, e].filter((x): x is Violation => !(x instanceof Date));
  if (s instanceof Date && e instanceof Date) return { start: s, end: e, violations };
  return { start: new Date(0), end: new Date(0), violations };
}

/** The start and end of a calendar day in a zone; 400 naming `field` when it is no date. */
export function dayOf(date: string, tz: string, field = 'date') {
  const at = parseInstant(date, tz);
  if (!at)
    throw invalid([
      { rule: 'invalid-field', subject: field, params: { field, problem: `${date} is not a date` } },
    ]);
  return dayBounds(at, tz);
}

export interface SessionInput {
  startsAt: string;
  endsAt: string;
  capacity: number;
  kinds?: VisitKind[] | undefined;
}

/** A visit session of a facility (`visit-session.created`). */
export async function createSession(
  db: Db,
  facility: string,
  input: SessionInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const f = await facilityRow(trx, facility);
    opts.authorize?.(f.code);
    const t = times(input.startsAt, input.endsAt);
    const bad = t.violations.length ? t.violations : checkInterval(t.start, t.end, 'visit-session');
    if (bad.length) throw invalid(bad);
    const kinds: VisitKind[] = [...new Set<VisitKind>(input.kinds ?? ['family'])];
    const sessionId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'visit-session.created',
          effectiveAt: now,
          facility: f.code,
          payload: {
            sessionId,
            startsAt: t.start.toISOString(),
            endsAt: t.end.toISOString(),
            capacity: input.capacity,
            kinds,
          },
        },
      ],
      now,
    );
    await trx
      .insertInto('visit_session')
      .values({
        id: sessionId,
        facility_code: f.code,
        starts_at: t.start,
        ends_at: t.end,
        capacity: input.capacity,
        kinds,
        seq: ev.seq,
      })
      .execute();
    return { sessionId };
  });
}

/** Sessions of a facility starting in [from, to), with the visits each has taken (booked or held). */
async function sessionSlots(db: Db | Trx, facility: string, from: Date, to: Date): Promise<SessionSlot[]> {
  const rows = await db
    .selectFrom('visit_session as s')
    .select([
      's.id',
      's.starts_at',
      's.ends_at',
      's.capacity',
      's.kinds',
      sql<number>`(select count(*)::int from visit v where v.session_id = s.id and v.status in ('booked', 'held'))`.as(
        'taken',
      ),
    ])
    .where('s.facility_code', '=', facility)
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    sessionId: r.id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    capacity: r.capacity,
    kinds: r.kinds,
    taken: Number(r.taken),
  }));
}

/** A facility's sessions that start on a (local) day. */
export async function sessionsOn(db: Db, facility: string, date: string) {
  const f = await facilityRow(db, facility);
  const { start, end } = dayOf(date, f.timezone);
  const slots = await sessionSlots(db, f.code, start, end);
  return slots.map((s) => ({
    sessionId: s.sessionId,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    capacity: s.capacity,
    kinds: s.kinds,
    booked: s.taken,
  }));
}

export interface VisitInput {
  personId: string;
  visitorIds: string[];
  kind: VisitKind;
  startsAt: string;
  endsAt: string;
}

/**
 * The disciplinary sanctions restricting a custody's visits (docs/discipline.md): each visit
 * restriction imposed at a hearing and not quashed on appeal restricts family and intimate visits in
 * [from, until). A legal visit is never restricted (the rule, checkRestrictions, says so whatever is
 * listed here).
 */
async function restrictionsOf(trx: Trx, custodyId: string): Promise<VisitRestriction[]> {
  const rows = await trx
    .selectFrom('sanction as s')
    .innerJoin('disciplinary_charge as ch', 'ch.id', 's.charge_id')
    .select(['s.id', 's.charge_id', 's.starts_at', 's.ends_at'])
    .where('ch.custody_id', '=', custodyId)
    .where('s.kind', '=', 'visit-restriction')
    .where('s.quashed_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    kinds: ['family', 'intimate'],
    from: r.starts_at,
    until: r.ends_at,
    reference: `charge ${r.charge_id}`,
  }));
}

/** The open custody of a person with its groups and facility, in one read; else 404/409 as requireOpenCustody. */
async function custodyOf(trx: Trx, personId: string) {
  const row = (
    await sql<{
      id: string;
      facility_code: string;
      groups: string[];
      timezone: string;
      jurisdiction: string;
    }>`
      select c.id, c.facility_code, c.groups, f.timezone, f.jurisdiction
      from custody c join facility f on f.code = c.facility_code
      where c.person_id = ${personId} and c.released_at is null`.execute(trx)
  ).rows[0];
  if (!row) {
    await requireOpenCustody(trx, personId); // refuses: 404 unknown-person or 409 not-in-custody
    throw new Error(`no open custody of ${personId}`);
  }
  return {
    personId,
    custodyId: row.id,
    facility: row.facility_code,
    groups: row.groups,
    timezone: row.timezone,
    jurisdiction: row.jurisdiction,
  };
}

const json = <T>(v: unknown): T[] => ((typeof v === 'string' ? JSON.parse(v) : v) ?? []) as T[];

/**
 * What a booking is judged on, in one read (a booking is a round trip per read): the visitors on the
 * registry among `ids` with their enrolment for the person and the bans not lifted covering `date` at
 * the facility (or everywhere); the person's visits booked or held overlapping the visit; the
 * facility's sessions starting in [from, to) with the visits each has taken; the person's open
 * non-associations and the facility-wide rivalries of their groups.
 */
async function bookingFacts(
  trx: Trx,
  c: { personId: string; facility: string; groups: string[] },
  ids: string[],
  date: string,
  start: Date,
  end: Date,
  sessions: { from: Date; to: Date },
) {
  const groups = c.groups.length ? sql`array[${sql.join(c.groups)}]::text[]` : sql`'{}'::text[]`;
  const row = (
    await sql<Record<'visitors' | 'mine' | 'slots' | 'pairs' | 'rivalries', unknown>>`select
      (select json_agg(json_build_object('id', v.id, 'kind', pv.kind, 'bans',
          (select json_agg(json_build_object('id', b.id, 'facility', b.facility_code, 'from', b.from_date::text,
              'until', b.until_date::text) order by b.until_date desc)
            from visitor_ban b where b.visitor_id = v.id and b.lifted_seq is null
              and b.from_date <= ${date}::date and b.until_date >= ${date}::date
              and (b.facility_code is null or b.facility_code = ${c.facility}))))
        from visitor v left join person_visitor pv on pv.visitor_id = v.id and pv.person_id = ${c.personId}
        where v.id in (${sql.join(ids)})) as visitors,
      (select json_agg(json_build_object('id', x.id, 'startsAt', x.starts_at, 'endsAt', x.ends_at))
        from visit x where x.person_id = ${c.personId} and x.status in ('booked', 'held')
          and x.starts_at < ${end} and x.starts_at > ${new Date(start.getTime() - SPAN_MS)}
          and x.ends_at > ${start}) as mine,
      (select json_agg(json_build_object('id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at,
          'capacity', s.capacity, 'kinds', s.kinds, 'taken',
          (select count(*) from visit t where t.session_id = s.id and t.status in ('booked', 'held')))
          order by s.starts_at, s.id)
        from visit_session s where s.facility_code = ${c.facility}
          and s.starts_at >= ${sessions.from} and s.starts_at < ${sessions.to}) as slots,
      (select json_agg(json_build_object('a', n.person_a, 'b', n.person_b, 'scope', n.scope))
        from non_association n where n.closed_at is null
          and (n.person_a = ${c.personId} or n.person_b = ${c.personId})) as pairs,
      (select json_agg(json_build_object('a', r.a, 'b', r.b, 'scope', r.scope))
        from group_rivalry r where r.scope = 'facility' and (r.a = any(${groups}) or r.b = any(${groups}))) as rivalries`.execute(
      trx,
    )
  ).rows[0];
  type BanJson = { id: string; facility: string | null; from: string; until: string };
  const visitors = new Map(
    json<{ id: string; kind: VisitorKind | null; bans: BanJson[] | null }>(row?.visitors).map((v) => [
      v.id,
      {
        kind: v.kind,
        bans: (v.bans ?? []).map(
          (b): Ban => ({
            banId: b.id,
            visitorId: v.id,
            facility: b.facility,
            from: b.from,
            until: b.until,
            lifted: false,
          }),
        ),
      },
    ]),
  );
  const mine = json<{ id: string; startsAt: string; endsAt: string }>(row?.mine).map((v) => ({
    visitId: v.id,
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
  }));
  const slots = json<{
    id: string;
    startsAt: string;
    endsAt: string;
    capacity: number;
    kinds: string[];
    taken: number;
  }>(row?.slots).map(
    (s): SessionSlot => ({
      sessionId: s.id,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
      capacity: s.capacity,
      kinds: s.kinds,
      taken: Number(s.taken),
    }),
  );
  return {
    visitors,
    mine,
    slots,
    pairs: json<PairRule>(row?.pairs),
    rivalries: json<GroupRivalry>(row?.rivalries),
  };
}

/**
 * Books a visit (`visit.booked`, and its `visit` row, status booked). 400 for bad times or visitors
 * named twice; 404 for an unknown person or visitor; 409 with every rule that refuses it.
 */
export async function bookVisit(db: Db, input: VisitInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const t = times(input.startsAt, input.endsAt);
    const bad = [
      ...(t.violations.length ? t.violations : checkInterval(t.start, t.end)),
      ...checkDistinctVisitors(input.visitorIds),
    ];
    if (bad.length) throw invalid(bad);
    const { start, end } = t;
    const c = await custodyOf(trx, input.personId);
    opts.authorize?.(c.facility);
    const date = dateIn(start, c.timezone);
    const day = dayBounds(start, c.timezone);
    const ids = [...new Set(input.visitorIds)];
    const facts = await bookingFacts(trx, c, ids, date, start, end, {
      // the day's sessions, and any begun the day before that may hold the visit
      from: new Date(Math.min(day.start.getTime(), start.getTime() - SPAN_MS)),
      to: day.end,
    });
    const unknown = input.visitorIds.flatMap((v, i) =>
      facts.visitors.has(v)
        ? []
        : [{ rule: 'unknown-visitor', subject: `visitorIds[${i}]`, params: { visitor: v } }],
    );
    if (unknown.length) throw new RuleError(404, unknown);
    const slots = facts.slots.filter(
      (s) => s.startsAt >= day.start || (s.startsAt <= start && end <= s.endsAt),
    );
    const session = chooseSession(input.kind, start, end, slots);

    const violations: Violation[] = [
      ...checkEnrolments(
        input.kind,
        input.personId,
        input.visitorIds,
        new Map([...facts.visitors].flatMap(([id, v]) => (v.kind ? [[id, v.kind] as const] : []))),
      ),
      ...checkBans(
        input.visitorIds,
        [...facts.visitors.values()].flatMap((v) => v.bans),
        c.facility,
        date,
      ),
      ...checkRestrictions(input.kind, await restrictionsOf(trx, c.custodyId), start, end),
      ...checkVisitorCount(input.visitorIds.length, nationalProfile(c.jurisdiction)?.dailyLife?.visits),
      ...checkOverlap(start, end, facts.mine),
      ...session.violations,
      ...(await apart(trx, input.kind, c, facts, session.sessionId, start, end)),
    ];
    if (violations.length) throw refuse(await visitWords(trx, violations, c.timezone));

    const visitId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'visit.booked',
          effectiveAt: now,
          personId: input.personId,
          facility: c.facility,
          payload: {
            visitId,
            custodyId: c.custodyId,
            kind: input.kind,
            visitorIds: input.visitorIds,
            startsAt: start.toISOString(),
            endsAt: end.toISOString(),
            sessionId: session.sessionId,
          },
        },
      ],
      now,
    );
    await trx
      .insertInto('visit')
      .values({
        id: visitId,
        person_id: input.personId,
        custody_id: c.custodyId,
        facility_code: c.facility,
        kind: input.kind,
        starts_at: start,
        ends_at: end,
        visitor_ids: input.visitorIds,
        session_id: session.sessionId,
        status: 'booked',
        reason: null,
        seq: ev.seq,
        outcome_seq: null,
      })
      .execute();
    return { visitId, sessionId: session.sessionId };
  });
}

/**
 * `non-association` for a non-legal visit: the non-legal visits booked or held in the same session (or,
 * outside sessions, at the same time in the facility) of people this one must be kept apart from.
 * Only those people's visits are read (individual non-associations, rival groups of facility scope).
 */
async function apart(
  trx: Trx,
  kind: VisitKind,
  c: { personId: string; facility: string; groups: string[]; timezone: string },
  rules: { pairs: PairRule[]; rivalries: GroupRivalry[] },
  sessionId: string | null,
  start: Date,
  end: Date,
): Promise<Violation[]> {
  if (kind === 'legal') return [];
  const { pairs, rivalries } = rules;
  const others = pairs.map((p) => (p.a === c.personId ? p.b : p.a));
  const rivalGroups = rivalries.map((r) => (c.groups.includes(r.a) ? r.b : r.a));
  if (!others.length && !rivalGroups.length) return [];
  let q = trx
    .selectFrom('visit as v')
    .innerJoin('custody as cu', 'cu.id', 'v.custody_id')
    .select(['v.id', 'v.person_id', 'cu.groups'])
    .where('v.kind', '!=', 'legal')
    .where('v.status', 'in', TAKING)
    .where('v.person_id', '!=', c.personId)
    .where((eb) =>
      eb.or([
        ...(others.length ? [eb('v.person_id', 'in', others)] : []),
        ...(rivalGroups.length ? [sql<boolean>`cu.groups && array[${sql.join(rivalGroups)}]::text[]`] : []),
      ]),
    );
  q = sessionId
    ? q.where('v.session_id', '=', sessionId)
    : q
        .where('v.facility_code', '=', c.facility)
        .where('v.starts_at', '<', end)
        .where('v.starts_at', '>', new Date(start.getTime() - SPAN_MS))
        .where('v.ends_at', '>', start);
  const rows = await q.orderBy('v.starts_at').limit(100).execute();
  const where = `${formatIn(start, c.timezone).slice(0, 16).replace('T', ' ')}–${formatIn(end, c.timezone).slice(11, 16)}`;
  return checkNonAssociation(
    kind,
    { personId: c.personId, groups: c.groups },
    rows.map((r) => ({ personId: r.person_id, visitId: r.id, groups: r.groups })),
    pairs,
    rivalries,
    where,
  );
}

/** What became of a booked visit (`visit.outcome-recorded`); 409 `visit-outcome-recorded` once it has one. */
export async function recordOutcome(
  db: Db,
  visitId: string,
  input: { outcome: VisitOutcome; reason?: string | undefined },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const v = await trx
      .selectFrom('visit')
      .select(['id', 'person_id', 'facility_code', 'status'])
      .where('id', '=', visitId)
      .executeTakeFirst();
    if (!v) throw notFound('unknown-visit', { visit: visitId });
    opts.authorize?.(v.facility_code);
    const refused = checkOutcome(visitId, v.status);
    if (refused.length) throw refuse(await visitWords(trx, refused, 'UTC'));
    const reason = input.reason ?? null;
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'visit.outcome-recorded',
          effectiveAt: now,
          personId: v.person_id,
          facility: v.facility_code,
          payload: { visitId, outcome: input.outcome, reason },
        },
      ],
      now,
    );
    await trx
      .updateTable('visit')
      .set({ status: input.outcome, reason, outcome_seq: ev.seq })
      .where('id', '=', visitId)
      .execute();
    return { visitId, outcome: input.outcome };
  });
}
