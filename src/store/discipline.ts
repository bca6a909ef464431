import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { type ChargeState, chargeStatus, inCatalogue } from '../domain/discipline/charge.js';
import { conductRecord } from '../domain/discipline/conduct.js';
import {
  type DisciplineRules,
  disciplineRules,
  isolationLimit,
  SANCTION_KINDS,
  sanctionCatalogue,
} from '../domain/discipline/sanctions.js';
import type { SanctionKind } from '../domain/register/events-rights.js';
import { dueAt } from '../domain/safeguards/deadline.js';
import { FLOOR, nationalProfile } from '../domain/safeguards/profiles/index.js';
import { notFound } from '../domain/violation.js';
import type { Db } from './db.js';
import { chargesAsSeen } from './discipline-reach.js';
import { facilityRow } from './facilities.js';
import type { Trx } from './register.js';
import type { DB } from './schema.js';
import { holders } from './scope.js';

/**
 * Disciplinary charges as they are read (docs/discipline.md): `disciplinary_charge` and `sanction`
 * are projections of the `discipline.*` events, written in their transaction by
 * ./discipline-write.ts and ./discipline-appeal.ts.
 */

/** The rules of discipline for a facility of this jurisdiction: the floor's and the national profile's. */
export const rulesFor = (jurisdiction: string): DisciplineRules =>
  disciplineRules(FLOOR, nationalProfile(jurisdiction));

type ChargeRow = Selectable<DB['disciplinary_charge']> & {
  given_names: string;
  family_names: string;
  created_seq: number;
  timezone: string;
  jurisdiction: string;
};

/** What the rules read of a stored charge. */
export const chargeState = (
  r: Selectable<DB['disciplinary_charge']>,
): ChargeState & { appealDecidedAt: Date | null } => ({
  chargeId: r.id,
  chargedAt: r.charged_at,
  noticeAt: r.notice_at,
  heardAt: r.heard_at,
  outcome: r.outcome,
  appealAt: r.appeal_at,
  appealOutcome: r.appeal_outcome,
  appealDecidedAt: r.appeal_decided_at,
});

/** When the person must have been told of a charge: the earliest deadline the profiles set. */
function noticeDue(chargedAt: Date, timezone: string, jurisdiction: string): string | null {
  const dues = [FLOOR, nationalProfile(jurisdiction)].flatMap((p) => {
    const d = p?.deadlines['discipline-notice'];
    return d ? [dueAt(chargedAt, d.within, timezone).getTime()] : [];
  });
  return dues.length ? new Date(Math.min(...dues)).toISOString() : null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function baseQuery(db: Db | Trx) {
  return db
    .selectFrom('disciplinary_charge as ch')
    .innerJoin('person as p', 'p.id', 'ch.person_id')
    .innerJoin('facility as f', 'f.code', 'ch.facility_code')
    .selectAll('ch')
    .select(['p.given_names', 'p.family_names', 'p.created_seq', 'f.timezone', 'f.jurisdiction']);
}

/** The views of these rows, with their sanctions. */
async function views(db: Db | Trx, rows: ChargeRow[]) {
  const sanctions = new Map<string, Selectable<DB['sanction']>[]>();
  for (let i = 0; i < rows.length; i += 1000) {
    const ids = rows.slice(i, i + 1000).map((r) => r.id);
    if (!ids.length) break;
    const found = await db
      .selectFrom('sanction')
      .selectAll()
      .where('charge_id', 'in', ids)
      .orderBy('seq')
      .orderBy('id')
      .execute();
    for (const s of found) sanctions.set(s.charge_id, [...(sanctions.get(s.charge_id) ?? []), s]);
  }
  // one sanction of each kind per hearing: in the order of the kinds (src/domain/discipline/sanctions.ts)
  const rank = (s: Selectable<DB['sanction']>) => SANCTION_KINDS.indexOf(s.kind as SanctionKind);
  for (const list of sanctions.values()) list.sort((a, b) => a.seq - b.seq || rank(a) - rank(b));
  return rows.map((r) => chargeView(r, sanctions.get(r.id) ?? []));
}

export type ChargeView = ReturnType<typeof chargeView>;

function chargeView(r: ChargeRow, sanctions: Selectable<DB['sanction']>[]) {
  const rules = rulesFor(r.jurisdiction);
  return {
    chargeId: r.id,
    personId: r.person_id,
    person: { givenNames: r.given_names, familyNames: r.family_names, registerNumber: r.created_seq },
    facility: r.facility_code,
    incidentReference: r.incident_reference,
    offence: { code: r.offence_code, severity: r.offence_severity, description: r.offence_description },
    inCatalogue: inCatalogue(r.offence_code, rules),
    occurredAt: r.occurred_at.toISOString(),
    chargedAt: r.charged_at.toISOString(),
    status: chargeStatus(chargeState(r)),
    noticeDue: noticeDue(r.charged_at, r.timezone, r.jurisdiction),
    notice: r.notice_at ? { givenAt: r.notice_at.toISOString(), language: r.notice_language ?? '' } : null,
    hearing: r.heard_at
      ? {
          heldAt: r.heard_at.toISOString(),
          adjudicator: r.adjudicator ?? '',
          heard: !!r.heard,
          outcome: r.outcome,
          interpreter: r.interpreter,
          legalAssistance: r.legal_assistance,
          plea: r.plea,
          evidence: r.evidence,
        }
      : null,
    sanctions: sanctions.map((s) => ({
      sanctionId: s.id,
      kind: s.kind as SanctionKind,
      days: s.days,
      from: s.starts_at.toISOString(),
      until: iso(s.ends_at),
      segregationId: s.segregation_id,
      quashedAt: iso(s.quashed_at),
    })),
    appeal: r.appeal_at
      ? {
          lodgedAt: r.appeal_at.toISOString(),
          grounds: r.appeal_grounds ?? '',
          decidedAt: iso(r.appeal_decided_at),
          outcome: r.appeal_outcome,
          decidedBy: r.appeal_decided_by,
          reason: r.appeal_reason,
        }
      : null,
  };
}

/** A charge as stored (for the writes), or 404 `unknown-charge`. */
export async function chargeRow(trx: Trx, chargeId: string) {
  const r = await trx
    .selectFrom('disciplinary_charge')
    .selectAll()
    .where('id', '=', chargeId)
    .executeTakeFirst();
  if (!r) throw notFound('unknown-charge', { chargeId });
  return r;
}

/** One charge, or 404 `unknown-charge`; with where the person is held now (for scope). */
export async function getCharge(db: Db | Trx, chargeId: string) {
  const rows = await baseQuery(db).where('ch.id', '=', chargeId).execute();
  const [view] = await views(db, rows);
  if (!view) throw notFound('unknown-charge', { chargeId });
  return view;
}

export const CHARGE_STATUSES = ['awaiting-notice', 'awaiting-hearing', 'pending', 'all'] as const;
export type ChargeFilter = (typeof CHARGE_STATUSES)[number];

/**
 * A facility's charges, oldest first (at most 500): those laid there, and those of the people it holds
 * now (a charge follows the person). `pending`: not yet heard. For a reader of the `visible` facilities
 * (null: all), a charge of a person held elsewhere now reads, and is filtered, as ./discipline-reach.ts
 * leaves it (without what the other facility did with it).
 */
export async function facilityCharges(
  db: Db,
  facility: string,
  status: ChargeFilter = 'pending',
  visible: readonly string[] | null = null,
) {
  await facilityRow(db, facility);
  let q = baseQuery(db).where((eb) =>
    eb.or([
      eb('ch.facility_code', '=', facility),
      eb.exists(
        eb
          .selectFrom('custody as c')
          .select(sql`1`.as('one'))
          .whereRef('c.id', '=', 'ch.custody_id')
          .where('c.released_at', 'is', null)
          .where('c.facility_code', '=', facility),
      ),
    ]),
  );
  // still to be notified or heard: only while the charge's custody is open (afterwards it cannot be)
  if (status !== 'all')
    q = q
      .where((eb) => eb.or([eb('ch.heard_at', 'is', null), awayFrom(visible)]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('custody as oc')
            .select(sql`1`.as('one'))
            .whereRef('oc.id', '=', 'ch.custody_id')
            .where('oc.released_at', 'is', null),
        ),
      );
  if (status === 'awaiting-notice')
    q = q.where((eb) => eb.or([eb('ch.notice_at', 'is', null), awayFrom(visible)]));
  if (status === 'awaiting-hearing')
    q = q.where((eb) => eb.or([eb('ch.notice_at', 'is not', null), awayFrom(visible)]));
  const rows = await q.orderBy('ch.charged_at').orderBy('ch.id').limit(500).execute();
  const seen = await chargesAsSeen(db, await views(db, rows), visible);
  // a charge of a person held elsewhere: by its status as the reader sees it
  return status === 'all'
    ? seen
    : seen.filter((c) => (status === 'pending' ? c.status.startsWith('awaiting-') : c.status === status));
}

/** Whether a charge's person is held now outside the `visible` facilities (null: all; never then). */
function awayFrom(visible: readonly string[] | null) {
  if (visible === null) return sql<boolean>`false`;
  if (!visible.length) return sql<boolean>`true`;
  return sql<boolean>`not exists (select 1 from custody rc where rc.person_id = ch.person_id
    and rc.released_at is null and rc.facility_code in (${sql.join(visible)}))`;
}

/**
 * A person's discipline for their file: every charge, oldest first, and, where the national profile of
 * the facility that holds the person keeps a conduct record, the charges proved and not quashed.
 */
export async function personDiscipline(db: Db, personId: string) {
  const rows = await baseQuery(db)
    .where('ch.person_id', '=', personId)
    .orderBy('ch.charged_at')
    .orderBy('ch.id')
    .execute();
  const charges = await views(db, rows);
  const holder = (await holders(db, [personId])).get(personId);
  const jurisdiction = holder ? (await facilityRow(db, holder)).jurisdiction : null;
  const keeps = jurisdiction !== null && rulesFor(jurisdiction).conductRecord !== null;
  return { charges, conductRecord: keeps ? conductRecord(charges) : null };
}

/** What a facility may charge and impose: its national catalogue and limits, merged with the floor. */
export async function disciplineCatalogue(db: Db, facility: string) {
  const f = await facilityRow(db, facility);
  const rules = rulesFor(f.jurisdiction);
  const sanctions = Object.fromEntries(
    Object.entries(sanctionCatalogue(rules)).map(([kind, s]) => [
      kind,
      {
        ...(s.maxDays !== undefined ? { maxDays: s.maxDays } : {}),
        ...(s.severities ? { severities: s.severities } : {}),
        rule: s.rule,
        ref: s.ref,
      },
    ]),
  );
  const iso = isolationLimit(rules);
  return {
    profile: rules.profile ?? FLOOR.id,
    offences: (rules.offences ?? []).map((o) => ({ code: o.code, severity: o.severity, name: o.name })),
    sanctions,
    isolation: { maxDays: iso.maxDays, rule: iso.rule, ref: iso.ref },
    conductRecord: rules.conductRecord !== null,
  };
}
