import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  type ActivityInput,
  type AttendanceInput,
  activityFieldErrors,
  activityShare,
  allocationRefusals,
  attendanceDateRefusals,
  attendanceFieldErrors,
  notAllocatedRefusals,
  type Participant,
  waitlistRefusals,
} from '../domain/daily-life/activities.js';
import { dateIn, dayBounds, parseInstant } from '../domain/time.js';
import { invalid, notFound, refuse } from '../domain/violation.js';
import { requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { facilityRow } from './facilities.js';
import { loadPairs, loadRivalries } from './housing.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';
import { must } from './util.js';

/**
 * Activities in the register (docs/daily-life.md): work, education and programmes, their
 * allocations, waiting lists and attendance. Each change is an event; the activity_* tables are
 * projections of them written in the same transaction. The rules are in
 * src/domain/daily-life/activities.ts.
 *
 * People released or transferred keep their allocation and waiting-list rows (the history stays),
 * but counts, places and lists only take those whose custody is still open in the activity's
 * facility: `held` below. A stale open row is closed when the same person is allocated or
 * waitlisted to that activity again.
 */

/** The rows of `alias` (an allocation or waiting-list entry) whose custody is still open in its facility. */
const held = (alias: string) =>
  sql.raw(
    `exists (select 1 from custody hc where hc.id = ${alias}.custody_id and hc.released_at is null and hc.facility_code = ${alias}.facility_code)`,
  );

const names = (p: { given_names: string; family_names: string }) => `${p.given_names} ${p.family_names}`;

async function activityRow(db: Db | Trx, facility: string, code: string) {
  const a = await db
    .selectFrom('activity')
    .selectAll()
    .where('facility_code', '=', facility)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!a) throw notFound('unknown-activity', { activity: code, facility });
  return a;
}

/** A person held now (404 / 409 `not-in-custody` otherwise), in words, with their groups. */
async function participant(trx: Trx, personId: string) {
  const c = await requireOpenCustody(trx, personId);
  const row = await trx
    .selectFrom('custody as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .select(['p.given_names', 'p.family_names', 'c.groups'])
    .where('c.id', '=', c.custodyId)
    .executeTakeFirstOrThrow();
  const person: Participant = { personId, label: names(row), groups: row.groups ?? [] };
  return { c, person };
}

export async function createActivity(db: Db, input: ActivityInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  opts.authorize?.(input.facility);
  const errors = activityFieldErrors(input);
  if (errors.length) throw invalid(errors);
  return withRegister(db, async (trx) => {
    await facilityRow(trx, input.facility);
    const old = await trx
      .selectFrom('activity')
      .select('code')
      .where('facility_code', '=', input.facility)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (old)
      throw refuse([
        {
          rule: 'activity-exists',
          subject: 'code',
          params: { activity: input.code, facility: input.facility },
        },
      ]);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'activity.created',
          effectiveAt: now,
          facility: input.facility,
          payload: { code: input.code, name: input.name, kind: input.kind, places: input.places },
        },
      ],
      now,
    );
    await trx
      .insertInto('activity')
      .values({
        facility_code: input.facility,
        code: input.code,
        name: input.name,
        kind: input.kind,
        places: input.places,
        seq: ev.seq,
      })
      .execute();
    return { facility: input.facility, code: input.code };
  });
}

/** People allocated to an activity now (custody still open here), with their names and groups. */
async function allocatedNow(trx: Trx, facility: string, activity: string) {
  const rows = await sql<{ person_id: string; given_names: string; family_names: string; groups: string[] }>`
    select a.person_id, p.given_names, p.family_names, c.groups
    from activity_allocation a join custody c on c.id = a.custody_id join person p on p.id = a.person_id
    where a.facility_code = ${facility} and a.activity_code = ${activity} and a.ended_at is null
      and c.released_at is null and c.facility_code = a.facility_code`.execute(trx);
  return rows.rows.map(
    (r): Participant => ({ personId: r.person_id, label: names(r), groups: r.groups ?? [] }),
  );
}

/** The person's open allocation to an activity from an earlier custody (released or moved), if any. */
async function staleAllocation(
  trx: Trx,
  facility: string,
  activity: string,
  personId: string,
  custodyId: string,
) {
  return trx
    .selectFrom('activity_allocation')
    .select(['id'])
    .where('facility_code', '=', facility)
    .where('activity_code', '=', activity)
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .where('custody_id', '<>', custodyId)
    .executeTakeFirst();
}

export interface AllocationInput {
  facility: string;
  activity: string;
  personId: string;
}

/** Allocates a person to an activity, or refuses with every reason; nothing is written on refusal. */
export async function allocateActivity(
  db: Db,
  input: AllocationInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  opts.authorize?.(input.facility);
  return withRegister(db, async (trx) => {
    await facilityRow(trx, input.facility);
    const activity = await activityRow(trx, input.facility, input.activity);
    const { c, person } = await participant(trx, input.personId);
    const others = await allocatedNow(trx, input.facility, input.activity);
    const allocated = others.some((o) => o.personId === input.personId);
    const violations = allocationRefusals({
      facility: input.facility,
      activity: { code: activity.code, name: activity.name, places: activity.places },
      person,
      heldIn: c.facility,
      allocated,
      others,
      pairs: await loadPairs(trx, [input.personId]),
      rivalries: await loadRivalries(trx),
    });
    if (violations.length) throw refuse(violations);
    const stale = await staleAllocation(trx, input.facility, input.activity, input.personId, c.custodyId);
    const allocationId = randomUUID();
    const events = await appendEvents(
      trx,
      actor,
      [
        ...(stale
          ? [
              {
                kind: 'activity.allocation-ended' as const,
                effectiveAt: now,
                personId: input.personId,
                facility: input.facility,
                payload: { allocationId: stale.id, activity: input.activity, reason: 'custody-ended' },
              },
            ]
          : []),
        {
          kind: 'activity.allocated',
          effectiveAt: now,
          personId: input.personId,
          facility: input.facility,
          payload: { allocationId, activity: input.activity, custodyId: c.custodyId },
        },
      ],
      now,
    );
    const ev = must(events.at(-1), 'the allocation event');
    if (stale)
      await trx
        .updateTable('activity_allocation')
        .set({ ended_at: now, end_reason: 'custody-ended', end_seq: must(events[0], 'end').seq })
        .where('id', '=', stale.id)
        .execute();
    await trx
      .insertInto('activity_allocation')
      .values({
        id: allocationId,
        facility_code: input.facility,
        activity_code: input.activity,
        person_id: input.personId,
        custody_id: c.custodyId,
        started_at: now,
        ended_at: null,
        end_reason: null,
        seq: ev.seq,
        end_seq: null,
      })
      .execute();
    // allocated: the person leaves the activity's waiting list (the allocation event says so)
    await trx
      .updateTable('activity_waitlist')
      .set({ left_at: now, left_reason: 'allocated' })
      .where('facility_code', '=', input.facility)
      .where('activity_code', '=', input.activity)
      .where('person_id', '=', input.personId)
      .where('left_at', 'is', null)
      .execute();
    return { allocationId };
  });
}

/** Ends an allocation (finished, withdrawn, …): 404 unknown, 409 `allocation-ended` when already ended. */
export async function endAllocation(
  db: Db,
  allocationId: string,
  reason: string,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const row = await trx
      .selectFrom('activity_allocation')
      .selectAll()
      .where('id', '=', allocationId)
      .executeTakeFirst();
    if (!row) throw notFound('unknown-allocation', { allocationId });
    opts.authorize?.(row.facility_code);
    if (row.ended_at)
      throw refuse([
        {
          rule: 'allocation-ended',
          subject: 'allocationId',
          params: { allocationId, endedAt: new Date(row.ended_at).toISOString() },
        },
      ]);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'activity.allocation-ended',
          effectiveAt: now,
          personId: row.person_id,
          facility: row.facility_code,
          payload: { allocationId, activity: row.activity_code, reason },
        },
      ],
      now,
    );
    await trx
      .updateTable('activity_allocation')
      .set({ ended_at: now, end_reason: reason, end_seq: ev.seq })
      .where('id', '=', allocationId)
      .execute();
    return { allocationId, endedAt: now.toISOString(), reason };
  });
}

/** Puts a person on an activity's waiting list; answers the entry and its place in the queue (from 1). */
export async function joinWaitlist(
  db: Db,
  facility: string,
  activity: string,
  personId: string,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  opts.authorize?.(facility);
  return withRegister(db, async (trx) => {
    await facilityRow(trx, facility);
    await activityRow(trx, facility, activity);
    const { c, person } = await participant(trx, personId);
    const open = await trx
      .selectFrom('activity_allocation')
      .select('id')
      .where('facility_code', '=', facility)
      .where('activity_code', '=', activity)
      .where('person_id', '=', personId)
      .where('custody_id', '=', c.custodyId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    const entry = await trx
      .selectFrom('activity_waitlist')
      .select(['id', 'custody_id'])
      .where('facility_code', '=', facility)
      .where('activity_code', '=', activity)
      .where('person_id', '=', personId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    const violations = waitlistRefusals({
      facility,
      activity,
      person,
      heldIn: c.facility,
      allocated: !!open,
      waiting: entry?.custody_id === c.custodyId,
    });
    if (violations.length) throw refuse(violations);
    const entryId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'activity.waitlisted',
          effectiveAt: now,
          personId,
          facility,
          payload: { entryId, activity, custodyId: c.custodyId },
        },
      ],
      now,
    );
    // an entry of an earlier custody (released, moved) gives way to this one
    if (entry)
      await trx
        .updateTable('activity_waitlist')
        .set({ left_at: now, left_reason: 'custody-ended' })
        .where('id', '=', entry.id)
        .execute();
    await trx
      .insertInto('activity_waitlist')
      .values({
        id: entryId,
        facility_code: facility,
        activity_code: activity,
        person_id: personId,
        custody_id: c.custodyId,
        added_at: now,
        left_at: null,
        left_reason: null,
        seq: ev.seq,
      })
      .execute();
    const ahead = await sql<{ n: number }>`
      select count(*)::int as n from activity_waitlist w
      where w.facility_code = ${facility} and w.activity_code = ${activity} and w.left_at is null
        and w.seq <= ${ev.seq} and ${held('w')}`.execute(trx);
    return { entryId, position: must(ahead.rows[0], 'a count').n };
  });
}

/**
 * Records attendance at an activity on a day. Attendance for the same activity, day and person
 * replaces what was recorded (the new event says so; the row is updated).
 */
export async function recordAttendance(
  db: Db,
  facility: string,
  activity: string,
  input: AttendanceInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  opts.authorize?.(facility);
  const errors = attendanceFieldErrors(input);
  if (errors.length) throw invalid(errors);
  return withRegister(db, async (trx) => {
    const f = await facilityRow(trx, facility);
    await activityRow(trx, facility, activity);
    const future = attendanceDateRefusals(input.date, dateIn(now, f.timezone));
    if (future.length) throw refuse(future);
    const start = must(parseInstant(input.date, f.timezone), 'a date');
    const { end } = dayBounds(start, f.timezone);
    const people = [...input.present, ...input.absent.map((a) => a.personId)];
    const allocatedThatDay = new Set<string>();
    const label = new Map<string, string>();
    if (people.length) {
      const rows = await trx
        .selectFrom('activity_allocation')
        .select('person_id')
        .where('facility_code', '=', facility)
        .where('activity_code', '=', activity)
        .where('person_id', 'in', people)
        .where('started_at', '<', end)
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', start)]))
        .execute();
      for (const r of rows) allocatedThatDay.add(r.person_id);
      const known = await trx
        .selectFrom('person')
        .select(['id', 'given_names', 'family_names'])
        .where('id', 'in', people)
        .execute();
      for (const p of known) label.set(p.id, names(p));
    }
    const refused = notAllocatedRefusals(input, activity, allocatedThatDay, (id) => label.get(id) ?? id);
    if (refused.length) throw refuse(refused);
    const replaced = people.length
      ? await trx
          .selectFrom('activity_attendance')
          .select('person_id')
          .where('facility_code', '=', facility)
          .where('activity_code', '=', activity)
          .where('day', '=', input.date)
          .where('person_id', 'in', people)
          .execute()
      : [];
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'activity.attendance-recorded',
          effectiveAt: start,
          facility,
          payload: {
            activity,
            date: input.date,
            minutes: input.minutes,
            present: input.present,
            absent: input.absent,
          },
        },
      ],
      now,
    );
    const rows = [
      ...input.present.map((p) => ({ person_id: p, present: true, minutes: input.minutes, reason: null })),
      ...input.absent.map((a) => ({ person_id: a.personId, present: false, minutes: 0, reason: a.reason })),
    ].map((r) => ({ ...r, facility_code: facility, activity_code: activity, day: input.date, seq: ev.seq }));
    if (rows.length)
      await trx
        .insertInto('activity_attendance')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['facility_code', 'activity_code', 'day', 'person_id']).doUpdateSet((eb) => ({
            present: eb.ref('excluded.present'),
            minutes: eb.ref('excluded.minutes'),
            reason: eb.ref('excluded.reason'),
            seq: eb.ref('excluded.seq'),
          })),
        )
        .execute();
    return {
      date: input.date,
      present: input.present.length,
      absent: input.absent.length,
      replaced: replaced.length,
    };
  });
}

/** A facility's activities with places taken and waiting, and the share of people held with one. */
export async function listActivities(db: Db, facility: string) {
  await facilityRow(db, facility);
  const activities = await sql<{
    code: string;
    name: string;
    kind: string;
    places: number;
    allocated: number;
    waiting: number;
  }>`
    select a.code, a.name, a.kind, a.places,
      (select count(*)::int from activity_allocation x
        where x.facility_code = a.facility_code and x.activity_code = a.code and x.ended_at is null
          and ${held('x')}) as allocated,
      (select count(*)::int from activity_waitlist w
        where w.facility_code = a.facility_code and w.activity_code = a.code and w.left_at is null
          and ${held('w')}) as waiting
    from activity a where a.facility_code = ${facility} order by a.code`.execute(db);
  const counts = await sql<{ held: number; with_activity: number }>`
    select
      (select count(*)::int from custody where facility_code = ${facility} and released_at is null) as held,
      (select count(distinct x.person_id)::int from activity_allocation x
        where x.facility_code = ${facility} and x.ended_at is null and ${held('x')}) as with_activity`.execute(
    db,
  );
  const n = must(counts.rows[0], 'counts');
  return {
    facility,
    activities: activities.rows,
    held: n.held,
    withActivity: n.with_activity,
    share: activityShare(n.held, n.with_activity),
  };
}

/** One activity: who is allocated now, the waiting list in order, and attendance of the last 14 days. */
export async function activityDetail(db: Db, facility: string, code: string, now = new Date()) {
  const f = await facilityRow(db, facility);
  const a = await activityRow(db, facility, code);
  const allocations = await sql<{
    id: string;
    person_id: string;
    given_names: string;
    family_names: string;
    cell: string | null;
    started_at: Date;
  }>`
    select x.id, x.person_id, p.given_names, p.family_names, u.code as cell, x.started_at
    from activity_allocation x join custody c on c.id = x.custody_id join person p on p.id = x.person_id
      left join unit u on u.id = c.cell_id
    where x.facility_code = ${facility} and x.activity_code = ${code} and x.ended_at is null
      and c.released_at is null and c.facility_code = x.facility_code
    order by x.started_at, x.seq`.execute(db);
  const waiting = await sql<{
    id: string;
    person_id: string;
    given_names: string;
    family_names: string;
    added_at: Date;
  }>`
    select w.id, w.person_id, p.given_names, p.family_names, w.added_at
    from activity_waitlist w join person p on p.id = w.person_id
    where w.facility_code = ${facility} and w.activity_code = ${code} and w.left_at is null and ${held('w')}
    order by w.seq`.execute(db);
  const today = dateIn(now, f.timezone);
  const attendance = await sql<{ date: string; present: number; absent: number }>`
    select day::text as date, count(*) filter (where present)::int as present,
      count(*) filter (where not present)::int as absent
    from activity_attendance
    where facility_code = ${facility} and activity_code = ${code}
      and day between ${today}::date - 13 and ${today}::date
    group by day order by day`.execute(db);
  const iso = (d: Date) => new Date(d).toISOString();
  return {
    facility,
    code: a.code,
    name: a.name,
    kind: a.kind,
    places: a.places,
    allocated: allocations.rows.length,
    waiting: waiting.rows.length,
    allocations: allocations.rows.map((r) => ({
      allocationId: r.id,
      personId: r.person_id,
      names: names(r),
      cell: r.cell,
      startedAt: iso(r.started_at),
    })),
    waitingList: waiting.rows.map((r, i) => ({
      entryId: r.id,
      position: i + 1,
      personId: r.person_id,
      names: names(r),
      addedAt: iso(r.added_at),
    })),
    attendance: attendance.rows,
  };
}
