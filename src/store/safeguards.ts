import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ComplianceInput, Regime } from '../domain/safeguards/compliance.js';
import { daysBetween, dueAt } from '../domain/safeguards/deadline.js';
import type { DutyKind, Profile } from '../domain/safeguards/profile.js';
import { FLOOR, nationalProfile } from '../domain/safeguards/profiles/index.js';
import { RuleError, refuse } from '../domain/violation.js';
import { beforeStay, endStays, requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { addOccupants, facilityRow, notFound, storedUnits, timeAt } from './facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';

export interface NewDuty {
  kind: DutyKind;
  personId: string;
  custodyId: string;
  facility: string;
  since: Date;
  seq: number;
}

/**
 * The open custody of the person an event is about, within the caller's scope, and the event's time
 * (`text`, or now): refused when it falls at or before the person's current stay began.
 */
async function custodyAt(
  trx: Trx,
  personId: string,
  text: string | undefined,
  now: Date,
  field: string,
  opts: WriteOptions,
) {
  const c = await requireOpenCustody(trx, personId);
  opts.authorize?.(c.facility);
  const { at, facility } = await timeAt(trx, c.facility, text, now, field);
  const early = beforeStay(c, at, field);
  if (early.length) throw refuse(early);
  return { c, at, facility };
}

/** Opens duties in the caller's transaction (the event that caused them is `seq`). */
export async function openDuties(trx: Trx, duties: NewDuty[]): Promise<void> {
  for (let i = 0; i < duties.length; i += 1000) {
    await trx
      .insertInto('duty')
      .values(
        duties.slice(i, i + 1000).map((d) => ({
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
      )
      .execute();
  }
}

/** The duties an admission opens, from its facts. */
export function admissionDuties(a: {
  personId: string;
  custodyId: string;
  facility: string;
  seq: number;
  admittedAt: Date;
  status: string;
  legalBasis: { kind: string; issuedAt: string };
  injuries: string | null;
}): NewDuty[] {
  const d = (kind: DutyKind, since: Date): NewDuty => ({
    kind,
    since,
    personId: a.personId,
    custodyId: a.custodyId,
    facility: a.facility,
    seq: a.seq,
  });
  const out = [d('medical-exam', a.admittedAt), d('family-notification', a.admittedAt)];
  // the clock of judicial control starts at the arrest (the legal basis), not at the prison gate
  if (a.status === 'detained') out.push(d('detention-hearing', new Date(a.legalBasis.issuedAt)));
  if (a.status === 'pretrial') out.push(d('pretrial-review', new Date(a.legalBasis.issuedAt)));
  if (a.injuries) out.push(d('injury-report', a.admittedAt));
  return out;
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
    .where('kind', 'not in', ['death-next-of-kin', 'death-authority'])
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
    .execute();
}

export async function setRegime(
  db: Db,
  facility: string,
  unit: string | null,
  regime: Regime,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    await facilityRow(trx, facility);
    opts.authorize?.(facility);
    if (unit !== null) {
      const u = await trx
        .selectFrom('unit')
        .select(['id', 'kind'])
        .where('facility_code', '=', facility)
        .where('code', '=', unit)
        .executeTakeFirst();
      if (!u) throw notFound('unknown-unit', { unit, facility });
      if (u.kind !== 'block')
        throw new RuleError(400, [
          {
            rule: 'invalid-field',
            subject: 'unit',
            params: { field: 'unit', problem: 'a regime is set for a facility or a block' },
          },
        ]);
      await appendEvents(
        trx,
        actor,
        [{ kind: 'regime.set', effectiveAt: now, facility, payload: { unit, regime } }],
        now,
      );
      await trx
        .updateTable('unit')
        .set({ regime: JSON.stringify(regime) })
        .where('id', '=', u.id)
        .execute();
    } else {
      await appendEvents(
        trx,
        actor,
        [{ kind: 'regime.set', effectiveAt: now, facility, payload: { unit: null, regime } }],
        now,
      );
      await trx
        .updateTable('facility')
        .set({ regime: JSON.stringify(regime) })
        .where('code', '=', facility)
        .execute();
    }
    return getRegime(trx, facility);
  });
}

export async function getRegime(
  db: Db | Trx,
  facility: string,
): Promise<(Regime & { blocks: Record<string, Regime> }) | { blocks: Record<string, Regime> }> {
  const f = await db
    .selectFrom('facility')
    .select(['regime'])
    .where('code', '=', facility)
    .executeTakeFirst();
  if (!f) throw notFound('unknown-facility', { facility });
  const blocks = await db
    .selectFrom('unit')
    .select(['code', 'regime'])
    .where('facility_code', '=', facility)
    .where('regime', 'is not', null)
    .execute();
  return {
    ...((f.regime as Regime | null) ?? {}),
    blocks: Object.fromEntries(blocks.map((b) => [b.code, b.regime as Regime])),
  };
}

export async function fulfilDuty(
  db: Db,
  id: string,
  input: { doneAt?: string; note: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const d = await trx.selectFrom('duty').selectAll().where('id', '=', id).executeTakeFirst();
    if (!d) throw notFound('unknown-duty', { id });
    opts.authorize?.(d.facility_code);
    if (d.done_at || d.cancelled_at) throw refuse([{ rule: 'duty-closed', subject: 'id', params: { id } }]);
    const { at, facility: f } = await timeAt(trx, d.facility_code, input.doneAt, now, 'doneAt');
    if (at < d.since)
      throw refuse([
        {
          rule: 'time-before-start',
          subject: 'doneAt',
          params: { at: at.toISOString(), since: d.since.toISOString() },
        },
      ]);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'duty.fulfilled',
          effectiveAt: at,
          personId: d.person_id,
          facility: d.facility_code,
          payload: { dutyId: id, kind: d.kind, note: input.note },
        },
      ],
      now,
    );
    await trx
      .updateTable('duty')
      .set({ done_at: at, done_seq: ev!.seq, done_note: input.note })
      .where('id', '=', id)
      .execute();
    // a pretrial detention is reviewed again, counted from this review (CPP art. 145)
    if (d.kind === 'pretrial-review') {
      await openDuties(trx, [
        {
          kind: 'pretrial-review',
          personId: d.person_id,
          custodyId: d.custody_id,
          facility: d.facility_code,
          since: at,
          seq: ev!.seq,
        },
      ]);
    }
    return dutyView({ ...d, done_at: at, done_note: input.note }, f.timezone, [
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
  items: { id: string; doneAt: Date; note: string }[],
  actor: string,
  now = new Date(),
) {
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
    const ok = items.filter((i) => {
      const d = rows.get(i.id);
      return d && !d.done_at && !d.cancelled_at && i.doneAt >= d.since && i.doneAt <= now;
    });
    const events = await appendEvents(
      trx,
      actor,
      ok.map((i) => {
        const d = rows.get(i.id)!;
        return {
          kind: 'duty.fulfilled',
          effectiveAt: i.doneAt,
          personId: d.person_id,
          facility: d.facility_code,
          payload: { dutyId: i.id, kind: d.kind, note: i.note },
        };
      }),
      now,
    );
    for (let k = 0; k < ok.length; k += 1000) {
      const values = sql.join(
        ok
          .slice(k, k + 1000)
          .map(
            (i, j) =>
              sql`(${i.id}::text, ${i.doneAt.toISOString()}::timestamptz, ${events[k + j]!.seq}::bigint, ${i.note}::text)`,
          ),
      );
      await sql`update duty d set done_at = v.done_at, done_seq = v.seq, done_note = v.note
        from (values ${values}) as v(id, done_at, seq, note) where d.id = v.id`.execute(trx);
    }
    await openDuties(
      trx,
      ok.flatMap((i, j) => {
        const d = rows.get(i.id)!;
        return d.kind === 'pretrial-review'
          ? [
              {
                kind: 'pretrial-review' as const,
                personId: d.person_id,
                custodyId: d.custody_id,
                facility: d.facility_code,
                since: i.doneAt,
                seq: events[j]!.seq,
              },
            ]
          : [];
      }),
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
};

/** A duty with its due time under each profile that sets one. */
export function dutyView(d: DutyRow, timezone: string, profiles: (Profile | undefined)[]) {
  const due = profiles
    .filter((p): p is Profile => !!p?.deadlines[d.kind as DutyKind])
    .map((p) => {
      const rule = p.deadlines[d.kind as DutyKind]!;
      return {
        profile: p.id,
        rule: rule.rule,
        ref: rule.ref,
        dueAt: dueAt(d.since, rule.within, timezone).toISOString(),
      };
    });
  return {
    id: d.id,
    kind: d.kind,
    personId: d.person_id,
    facility: d.facility_code,
    since: d.since.toISOString(),
    doneAt: d.done_at?.toISOString() ?? null,
    note: d.done_note,
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
      'd.cancelled_at',
      'f.timezone',
      'f.jurisdiction',
    ])
    .where('d.person_id', '=', personId)
    .orderBy('d.since')
    .execute();
  return rows.map((r) => dutyView(r, r.timezone, [FLOOR, nationalProfile(r.jurisdiction)]));
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
    const open = await trx
      .selectFrom('segregation')
      .select('id')
      .where('person_id', '=', input.personId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (open)
      throw refuse([
        { rule: 'already-segregated', subject: 'personId', params: { person: input.personId, id: open.id } },
      ]);
    const id = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'segregation.started',
          effectiveAt: t.at,
          personId: input.personId,
          facility: c.facility,
          payload: { id, authority: input.authority, reason: input.reason },
        },
      ],
      now,
    );
    await trx
      .insertInto('segregation')
      .values({
        id,
        person_id: input.personId,
        custody_id: c.custodyId,
        facility_code: c.facility,
        started_at: t.at,
        authority: input.authority,
        reason: input.reason,
        started_seq: ev!.seq,
        ended_at: null,
        ended_seq: null,
      })
      .execute();
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
    opts.authorize?.(s.facility_code);
    if (s.ended_at) throw refuse([{ rule: 'segregation-ended', subject: 'id', params: { id } }]);
    const t = await timeAt(trx, s.facility_code, input.endedAt, now, 'endedAt');
    if (t.at <= s.started_at)
      throw refuse([
        {
          rule: 'time-before-start',
          subject: 'endedAt',
          params: { at: t.at.toISOString(), since: s.started_at.toISOString() },
        },
      ]);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'segregation.ended',
          effectiveAt: t.at,
          personId: s.person_id,
          facility: s.facility_code,
          payload: { id, note: input.note },
        },
      ],
      now,
    );
    await trx
      .updateTable('segregation')
      .set({ ended_at: t.at, ended_seq: ev!.seq })
      .where('id', '=', id)
      .execute();
    return {
      id,
      personId: s.person_id,
      facility: s.facility_code,
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
    opts.authorize?.(s.facility_code);
    if (s.ended_at) throw refuse([{ rule: 'segregation-ended', subject: 'id', params: { id } }]);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'segregation.reviewed',
          effectiveAt: now,
          personId: s.person_id,
          facility: s.facility_code,
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
      seq: ev!.seq,
    };
  });
}

/**
 * A death in custody: the custody ends, the person's other duties close, and two duties open —
 * tell the next of kin, and report to an authority independent of the prison (Mandela Rules 69, 71).
 */
export async function recordDeath(
  db: Db,
  input: { personId: string; diedAt: string; circumstances: string },
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
          payload: { custodyId: c.custodyId, cell: c.cell, circumstances: input.circumstances },
        },
      ],
      now,
    );
    await trx
      .updateTable('custody')
      .set({ released_at: at, released_seq: ev!.seq, release_reason: 'death' })
      .where('id', '=', c.custodyId)
      .execute();
    await endStays(trx, [{ custodyId: c.custodyId, seq: ev!.seq }], at);
    await addOccupants(trx, new Map([[c.cellId, -1]]));
    await trx
      .insertInto('death')
      .values({
        person_id: input.personId,
        custody_id: c.custodyId,
        facility_code: c.facility,
        died_at: at,
        circumstances: input.circumstances,
        seq: ev!.seq,
      })
      .execute();
    await trx
      .updateTable('segregation')
      .set({ ended_at: at, ended_seq: ev!.seq })
      .where('custody_id', '=', c.custodyId)
      .where('ended_at', 'is', null)
      .execute();
    await cancelDuties(trx, [c.custodyId], at, ev!.seq);
    const base = {
      personId: input.personId,
      custodyId: c.custodyId,
      facility: c.facility,
      since: at,
      seq: ev!.seq,
    };
    await openDuties(trx, [
      { ...base, kind: 'death-next-of-kin' },
      { ...base, kind: 'death-authority' },
    ]);
    return {
      personId: input.personId,
      custodyId: c.custodyId,
      facility: c.facility,
      diedAt: at.toISOString(),
      seq: ev!.seq,
      duties: await personDutiesIn(trx, input.personId, f),
    };
  });
}

async function personDutiesIn(trx: Trx, personId: string, f: { timezone: string; jurisdiction: string }) {
  const rows = await trx
    .selectFrom('duty')
    .selectAll()
    .where('person_id', '=', personId)
    .where('done_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
  return rows.map((r) => dutyView(r, f.timezone, [FLOOR, nationalProfile(f.jurisdiction)]));
}

/** How recent a met-late deadline must be to still show in a compliance report. */
const LATE_WINDOW_DAYS = 90;

/** Everything the compliance engine needs about a facility, now. */
export async function complianceInput(
  db: Db,
  facility: string,
  now = new Date(),
): Promise<{ input: ComplianceInput; jurisdiction: string; name: string }> {
  const f = await db
    .selectFrom('facility')
    .select(['code', 'name', 'timezone', 'jurisdiction', 'regime'])
    .where('code', '=', facility)
    .executeTakeFirst();
  if (!f) throw notFound('unknown-facility', { facility });
  const units = await storedUnits(db, facility);
  const regimes = await db
    .selectFrom('unit')
    .select(['code', 'regime'])
    .where('facility_code', '=', facility)
    .where('regime', 'is not', null)
    .execute();
  const perCell = await sql<{ cell_id: number; n: number; categories: number }>`
    select c.cell_id, count(*)::int as n, count(distinct (p.sex, c.status = 'sentenced', c.young))::int as categories
    from custody c join person p on p.id = c.person_id
    where c.facility_code = ${facility} and c.released_at is null
    group by c.cell_id`.execute(db);
  const occ = new Map(perCell.rows.map((r) => [r.cell_id, r]));
  const blockOf = new Map<number, string | null>();
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const u of units) {
    let b: typeof u | undefined = u;
    while (b && b.kind !== 'block') b = b.parentId === null ? undefined : byId.get(b.parentId);
    blockOf.set(u.id, b?.code ?? null);
  }
  const cells = units
    .filter((u) => u.kind === 'cell')
    .map((u) => ({
      code: u.code,
      block: blockOf.get(u.id) ?? null,
      areaM2: u.areaM2,
      design: u.design ?? 0,
      occupants: occ.get(u.id)?.n ?? 0,
      single: u.design === 1 || u.attributes.includes('single'),
      categories: occ.get(u.id)?.categories ?? 0,
    }));
  const blocks = units
    .filter((u) => u.kind === 'block')
    .map((b) => ({
      code: b.code,
      inCustody: cells.filter((c) => c.block === b.code).reduce((s, c) => s + c.occupants, 0),
    }));
  const since = new Date(now.getTime() - LATE_WINDOW_DAYS * 86_400_000);
  const duties = await db
    .selectFrom('duty')
    .select(['id', 'kind', 'person_id', 'since', 'done_at'])
    .where('facility_code', '=', facility)
    .where('cancelled_at', 'is', null)
    .where((eb) => eb.or([eb('done_at', 'is', null), eb('done_at', '>=', since)]))
    .execute();
  const segregations = await db
    .selectFrom('segregation')
    .select(['id', 'person_id', 'started_at', 'ended_at', 'authority'])
    .where('facility_code', '=', facility)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', since)]))
    .execute();
  return {
    name: f.name,
    jurisdiction: f.jurisdiction,
    input: {
      facility: { code: f.code, timezone: f.timezone },
      regime: (f.regime as Regime | null) ?? null,
      blockRegimes: Object.fromEntries(regimes.map((r) => [r.code, r.regime as Regime])),
      blocks,
      cells,
      duties: duties.map((d) => ({
        id: d.id,
        kind: d.kind as DutyKind,
        personId: d.person_id,
        since: d.since,
        doneAt: d.done_at,
      })),
      segregations: segregations.map((s) => ({
        id: s.id,
        personId: s.person_id,
        startedAt: s.started_at,
        endedAt: s.ended_at,
        authority: s.authority,
      })),
      now,
    },
  };
}

export interface Alert {
  rule: string;
  ref: string;
  profile: string;
  severity: string;
  facility: string;
  personId: string;
  dueAt: string;
  message: string;
  params: Record<string, unknown>;
  dutyId?: string;
  segregationId?: string;
}

/** Open deadline alerts: overdue duties and prolonged segregation, under the floor and the facility's national profile. */
export async function alerts(db: Db, facilities: string[] | null, now = new Date()): Promise<Alert[]> {
  let fq = db.selectFrom('facility').select(['code', 'timezone', 'jurisdiction']);
  if (facilities) fq = fq.where('code', 'in', facilities.length ? facilities : ['']);
  const out: Alert[] = [];
  for (const f of await fq.orderBy('code').execute()) {
    const profiles = [FLOOR, nationalProfile(f.jurisdiction)].filter((p): p is Profile => !!p);
    const open = await db
      .selectFrom('duty')
      .select(['id', 'kind', 'person_id', 'since'])
      .where('facility_code', '=', f.code)
      .where('done_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    for (const d of open) {
      for (const p of profiles) {
        const rule = p.deadlines[d.kind as DutyKind];
        if (!rule) continue;
        const due = dueAt(d.since, rule.within, f.timezone);
        if (now > due) {
          out.push({
            rule: rule.rule,
            ref: rule.ref,
            profile: p.id,
            severity: rule.severity,
            facility: f.code,
            personId: d.person_id,
            dueAt: due.toISOString(),
            message: `finding.overdue.${d.kind}`,
            params: { person: d.person_id, due: due.toISOString() },
            dutyId: d.id,
          });
        }
      }
    }
    const segs = await db
      .selectFrom('segregation')
      .select(['id', 'person_id', 'started_at'])
      .where('facility_code', '=', f.code)
      .where('ended_at', 'is', null)
      .execute();
    for (const s of segs) {
      for (const p of profiles) {
        if (!p.segregation) continue;
        const days = daysBetween(s.started_at, now, f.timezone);
        if (days > p.segregation.maxDays) {
          const due = dueAt(s.started_at, { days: p.segregation.maxDays }, f.timezone);
          out.push({
            rule: p.segregation.rule,
            ref: p.segregation.ref,
            profile: p.id,
            severity: p.segregation.severity,
            facility: f.code,
            personId: s.person_id,
            dueAt: due.toISOString(),
            message: 'finding.segregation-prolonged',
            params: { person: s.person_id, days, max: p.segregation.maxDays, open: true },
            segregationId: s.id,
          });
        }
      }
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Duties only health-care staff fulfil (Mandela Rules 30 and 34). */
export const MEDICAL_DUTIES: readonly DutyKind[] = ['medical-exam', 'injury-report'];

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
    const exam = open.find((d) => d.kind === 'medical-exam');
    const injuries = input.injuries?.trim() || null;
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
            ...(exam ? { fulfils: exam.id } : {}),
          },
        },
      ],
      now,
    );
    if (exam) {
      await trx
        .updateTable('duty')
        .set({ done_at: at, done_seq: ev!.seq, done_note: `medical.examined #${ev!.seq}` })
        .where('id', '=', exam.id)
        .execute();
    }
    const opened = injuries && !open.some((d) => d.kind === 'injury-report');
    if (opened) {
      await openDuties(trx, [
        {
          kind: 'injury-report',
          personId: input.personId,
          custodyId: c.custodyId,
          facility: c.facility,
          since: at,
          seq: ev!.seq,
        },
      ]);
    }
    return {
      seq: ev!.seq,
      personId: input.personId,
      examinedAt: at.toISOString(),
      fulfilled: exam ? [exam.id] : [],
      opened: opened ? ['injury-report'] : [],
    };
  });
}
