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
import { openSegregation, openSegregationOf } from './safeguards/segregation.js';
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
    const c = await requireOpenCustody(trx, input.personId);
    opts.authorize?.(c.facility);
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
    return getCharge(trx, chargeId);
  });
}
