import { randomUUID } from 'node:crypto';
import { beforeStay, notHeld } from '../domain/custody/in-custody.js';
import { checkCharge, checkNotice } from '../domain/discipline/charge.js';
import { checkHearing } from '../domain/discipline/hearing.js';
import { type SanctionInput, sanctionInputProblems } from '../domain/discipline/sanctions.js';
import type { ImposedSanction, OffenceSeverity } from '../domain/register/events-rights.js';
import { dueAt } from '../domain/safeguards/deadline.js';
import { parseInstant } from '../domain/time.js';
import { invalid, refuse } from '../domain/violation.js';
import { requireOpenCustody } from './custody-state.js';
import type { Db } from './db.js';
import { chargeRow, chargeState, getCharge, rulesFor } from './discipline.js';
import { facilityRow, timeAt } from './facilities.js';
import { appendEvents, type Trx, type WriteOptions, withRegister } from './register.js';
import { openDuties } from './safeguards/duties.js';
import { cancelHealthVisits, openSegregation, openSegregationOf } from './safeguards/segregation.js';
import { authorizePeople } from './scope.js';

/**
 * Laying a charge, telling the person of it and hearing it (docs/discipline.md; the rules in
 * src/domain/discipline/). Each is one transaction: its event, its projection, and what follows
 * from it (the notice duty; an isolation's segregation and health-visit duty). A refusal writes
 * nothing.
 */

export interface ChargeInput {
  personId: string;
  incidentReference: string;
  offence: { code: string; severity: OffenceSeverity; description: string };
  occurredAt: string;
}

/** Lays a charge (`discipline.charged`) and opens the duty to tell the person of it (Mandela Rule 41). */
export async function layCharge(db: Db, input: ChargeInput, actor: string, opts: WriteOptions = {}) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    // the caller's scope first: outside it, 403 before anything is said of the person
    await authorizePeople(trx, [input.personId], opts);
    const c = await requireOpenCustody(trx, input.personId);
    const f = await facilityRow(trx, c.facility);
    const occurredAt = parseInstant(input.occurredAt, f.timezone);
    if (!occurredAt)
      throw invalid([
        {
          rule: 'invalid-field',
          subject: 'occurredAt',
          params: { field: 'occurredAt', problem: `${input.occurredAt} is not a time` },
        },
      ]);
    const custody = await trx
      .selectFrom('custody')
      .select('admitted_at')
      .where('id', '=', c.custodyId)
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom('disciplinary_charge')
      .select('id')
      .where('person_id', '=', input.personId)
      .where('incident_reference', '=', input.incidentReference)
      .where('offence_code', '=', input.offence.code)
      .executeTakeFirst();
    const violations = checkCharge(
      { ...input, occurredAt },
      { now, admittedAt: custody.admitted_at, existing: existing?.id ?? null },
      rulesFor(f.jurisdiction),
    );
    // a time in the future is an input error (400), as everywhere
    const future = violations.filter((v) => v.rule === 'future-time');
    if (future.length) throw invalid(future);
    if (violations.length) throw refuse(violations);
    const chargeId = randomUUID();
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'discipline.charged',
          effectiveAt: now,
          personId: input.personId,
          facility: c.facility,
          payload: {
            chargeId,
            custodyId: c.custodyId,
            incidentReference: input.incidentReference,
            offence: {
              code: input.offence.code,
              severity: input.offence.severity,
              description: input.offence.description,
            },
            occurredAt: occurredAt.toISOString(),
          },
        },
      ],
      now,
    );
    await trx
      .insertInto('disciplinary_charge')
      .values({
        id: chargeId,
        person_id: input.personId,
        custody_id: c.custodyId,
        facility_code: c.facility,
        incident_reference: input.incidentReference,
        offence_code: input.offence.code,
        offence_severity: input.offence.severity,
        offence_description: input.offence.description,
        occurred_at: occurredAt,
        charged_at: now,
        seq: ev.seq,
      })
      .execute();
    await openDuties(trx, [
      {
        kind: 'discipline-notice',
        personId: input.personId,
        custodyId: c.custodyId,
        facility: c.facility,
        since: now,
        seq: ev.seq,
      },
    ]);
    return { chargeId };
  });
}

/**
 * The charge's custody, open, in the caller's scope (person-scope: the facility holding the person
 * now): a charge of a custody that ended is not notified or heard (409 `not-in-custody`).
 */
async function chargeCustody(trx: Trx, r: { person_id: string; custody_id: string }, opts: WriteOptions) {
  await authorizePeople(trx, [r.person_id], opts);
  const c = await requireOpenCustody(trx, r.person_id);
  if (c.custodyId !== r.custody_id) throw notHeld(r.person_id, true);
  return c;
}

/** Records that the person was told of the charge, in a language they understand; fulfils the notice duty. */
export async function giveNotice(
  db: Db,
  chargeId: string,
  input: { givenAt?: string | undefined; language: string },
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  return withRegister(db, async (trx) => {
    const r = await chargeRow(trx, chargeId);
    const c = await chargeCustody(trx, r, opts);
    const { at } = await timeAt(trx, c.facility, input.givenAt, now, 'givenAt');
    checkNotice(chargeState(r), at);
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'discipline.notice-given',
          effectiveAt: at,
          personId: r.person_id,
          facility: c.facility,
          payload: { chargeId, language: input.language },
        },
      ],
      now,
    );
    await trx
      .updateTable('disciplinary_charge')
      .set({ notice_at: at, notice_language: input.language, notice_seq: ev.seq })
      .where('id', '=', chargeId)
      .execute();
    await trx
      .updateTable('duty')
      .set({
        done_at: at,
        done_seq: ev.seq,
        done_note: `discipline.notice-given #${ev.seq}`,
        done_language: input.language,
      })
      .where('kind', '=', 'discipline-notice')
      .where('opened_seq', '=', r.seq)
      .where('person_id', '=', r.person_id)
      .where('done_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    return getCharge(trx, chargeId);
  });
}

export interface HearingInput {
  heldAt?: string | undefined;
  adjudicator: string;
  heard: boolean;
  outcome: 'proved' | 'dismissed';
  interpreter?: string | undefined;
  legalAssistance?: string | undefined;
  plea?: 'admitted' | 'denied' | 'none' | undefined;
  evidence?: string | undefined;
  sanctions?: SanctionInput[] | undefined;
}

/**
 * Records a hearing (`discipline.heard`) with every refusal at once (src/domain/discipline/hearing.ts).
 * Its sanctions start when it was held: an isolation opens a segregation with the hearing as its
 * authority (and the daily health visit, Mandela Rule 46); a visit restriction refuses family and
 * intimate visits for its days (src/store/visits.ts `restrictionsOf`).
 */
export async function recordHearing(
  db: Db,
  chargeId: string,
  input: HearingInput,
  actor: string,
  opts: WriteOptions = {},
) {
  const now = opts.now ?? new Date();
  const sanctions = input.sanctions ?? [];
  const bad = sanctionInputProblems(sanctions);
  if (bad.length) throw invalid(bad);
  return withRegister(db, async (trx) => {
    const r = await chargeRow(trx, chargeId);
    const c = await chargeCustody(trx, r, opts);
    const { at, facility: f } = await timeAt(trx, c.facility, input.heldAt, now, 'heldAt');
    const isolation = sanctions.some((s) => s.kind === 'isolation');
    const violations = [
      ...checkHearing(
        chargeState(r),
        { heldAt: at, heard: input.heard, outcome: input.outcome, sanctions },
        {
          personId: r.person_id,
          severity: r.offence_severity,
          rules: rulesFor(f.jurisdiction),
          segregated: isolation ? await openSegregationOf(trx, r.person_id) : null,
        },
      ),
      // a segregation starts after the person's current stay began (as one started by hand)
      ...(isolation ? beforeStay(c, at, 'heldAt') : []),
    ];
    if (violations.length) throw refuse(violations);

    const imposed: ImposedSanction[] = sanctions.map((s) => ({
      sanctionId: randomUUID(),
      kind: s.kind,
      days: s.days ?? null,
      from: at.toISOString(),
      until: s.days === undefined ? null : dueAt(at, { days: s.days }, f.timezone).toISOString(),
      segregationId: s.kind === 'isolation' ? randomUUID() : null,
    }));
    const [ev] = await appendEvents(
      trx,
      actor,
      [
        {
          kind: 'discipline.heard',
          effectiveAt: at,
          personId: r.person_id,
          facility: c.facility,
          payload: {
            chargeId,
            adjudicator: input.adjudicator,
            heard: input.heard,
            outcome: input.outcome,
            interpreter: input.interpreter ?? null,
            legalAssistance: input.legalAssistance ?? null,
            plea: input.plea ?? null,
            evidence: input.evidence ?? null,
            sanctions: imposed,
          },
        },
      ],
      now,
    );
    await trx
      .updateTable('disciplinary_charge')
      .set({
        heard_at: at,
        adjudicator: input.adjudicator,
        heard: input.heard,
        outcome: input.outcome,
        interpreter: input.interpreter ?? null,
        legal_assistance: input.legalAssistance ?? null,
        plea: input.plea ?? null,
        evidence: input.evidence ?? null,
        hearing_seq: ev.seq,
      })
      .where('id', '=', chargeId)
      .execute();
    for (const s of imposed) {
      if (s.segregationId)
        await openSegregation(trx, actor, now, {
          id: s.segregationId,
          personId: r.person_id,
          custodyId: c.custodyId,
          facility: c.facility,
          at,
          authority: `hearing ${chargeId}: ${input.adjudicator}`,
          reason: `isolation, ${s.days} days: ${r.offence_code} (${r.offence_description})`.slice(0, 2000),
        });
      // a hearing recorded late: an isolation whose days have already run ends at its end
      if (s.segregationId && s.until && new Date(s.until) < now)
        await endIsolation(trx, actor, now, s.segregationId, new Date(s.until), r, c, chargeId);
    }
    if (imposed.length)
      await trx
        .insertInto('sanction')
        .values(
          imposed.map((s) => ({
            id: s.sanctionId,
            charge_id: chargeId,
            person_id: r.person_id,
            facility_code: c.facility,
            kind: s.kind,
            days: s.days,
            starts_at: at,
            ends_at: s.until ? new Date(s.until) : null,
            segregation_id: s.segregationId,
            seq: ev.seq,
            quashed_at: null,
            quashed_seq: null,
          })),
        )
        .execute();
    for (const s of imposed)
      if (s.kind === 'visit-restriction' && s.until)
        await cancelRestrictedVisits(trx, actor, now, c.custodyId, s, chargeId);
    return getCharge(trx, chargeId);
  });
}

/**
 * A visit restriction cancels the family and intimate visits already booked that overlap its
 * [from, until) (`visit.outcome-recorded`, outcome `cancelled`, as src/store/visits.ts records an
 * outcome); a legal visit is never touched (Mandela Rule 61).
 */
async function cancelRestrictedVisits(
  trx: Trx,
  actor: string,
  now: Date,
  custodyId: string,
  s: ImposedSanction,
  chargeId: string,
) {
  if (!s.until) return;
  const booked = await trx
    .selectFrom('visit')
    .select(['id', 'person_id', 'facility_code'])
    .where('custody_id', '=', custodyId)
    .where('status', '=', 'booked')
    .where('kind', 'in', ['family', 'intimate'])
    .where('starts_at', '<', new Date(s.until))
    .where('ends_at', '>', new Date(s.from))
    .orderBy('starts_at')
    .execute();
  if (!booked.length) return;
  const reason = `visit restriction of ${s.days} days (sanction ${s.sanctionId}, charge ${chargeId})`;
  const evs = await appendEvents(
    trx,
    actor,
    booked.map((v) => ({
      kind: 'visit.outcome-recorded' as const,
      effectiveAt: now,
      personId: v.person_id,
      facility: v.facility_code,
      payload: { visitId: v.id, outcome: 'cancelled' as const, reason },
    })),
    now,
  );
  for (const [i, v] of booked.entries())
    await trx
      .updateTable('visit')
      .set({ status: 'cancelled', reason, outcome_seq: evs[i]?.seq ?? null })
      .where('id', '=', v.id)
      .execute();
}

/** Ends an isolation's segregation at the sanction's end (`segregation.ended`), cancelling its health visits. */
async function endIsolation(
  trx: Trx,
  actor: string,
  now: Date,
  id: string,
  until: Date,
  r: { person_id: string },
  c: { custodyId: string; facility: string },
  chargeId: string,
) {
  const [ev] = await appendEvents(
    trx,
    actor,
    [
      {
        kind: 'segregation.ended',
        effectiveAt: until,
        personId: r.person_id,
        facility: c.facility,
        payload: { id, note: `isolation served (charge ${chargeId})` },
      },
    ],
    now,
  );
  await trx
    .updateTable('segregation')
    .set({ ended_at: until, ended_seq: ev.seq })
    .where('id', '=', id)
    .execute();
  await cancelHealthVisits(trx, c.custodyId, until, ev.seq);
}
