import { sql } from 'kysely';
import { complianceWindow } from '../../domain/daily-life/open-air.js';
import { housingCells } from '../../domain/facility/units.js';
import type { ComplianceInput, Regime } from '../../domain/safeguards/compliance.js';
import type { DutyKind, Profile } from '../../domain/safeguards/profile.js';
import { FLOOR } from '../../domain/safeguards/profiles/index.js';
import { dateIn } from '../../domain/time.js';
import { invalid, notFound } from '../../domain/violation.js';
import { deliveredFacts } from '../daily-life-compliance.js';
import type { Db } from '../db.js';
import { disciplineFacts } from '../discipline-compliance.js';
import { storedUnits } from '../facilities.js';
import { overdueReleases } from '../release-dates.js';

/** How recent a met-late deadline must be to still show in a compliance report. */
const LATE_WINDOW_DAYS = 90;

/** What a compliance report judges on records: the window (default the last 7 days) and the profiles' thresholds. */
export interface ComplianceOptions {
  window?: { from?: string; to?: string };
  /** the profiles the input will be checked under (their thresholds of open air and solitary); the floor always */
  profiles?: Profile[];
  /** the reader sees confidential complaints (seesConfidential): else none is counted (docs/complaints.md) */
  confidential?: boolean;
}

/**
 * Everything the compliance engine needs about a facility, now, and what it gave in the window
 * (400 `bad-date`, `window-reversed`, `window-too-long` on `from`/`to`).
 */
export async function complianceInput(
  db: Db,
  facility: string,
  now = new Date(),
  opts: ComplianceOptions = {},
): Promise<{ input: ComplianceInput; jurisdiction: string; name: string }> {
  const f = await db
    .selectFrom('facility')
    .select(['code', 'name', 'timezone', 'jurisdiction', 'regime'])
    .where('code', '=', facility)
    .executeTakeFirst();
  if (!f) throw notFound('unknown-facility', { facility });
  const { window, violations } = complianceWindow(opts.window ?? {}, dateIn(now, f.timezone));
  if (violations.length) throw invalid(violations);
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
    // a report every role reads names no one for a confidential complaint (docs/complaints.md)
    .where('confidential', '=', false)
    .where((eb) => eb.or([eb('done_at', 'is', null), eb('done_at', '>=', since)]))
    .execute();
  const segregations = await db
    .selectFrom('segregation')
    .select(['id', 'person_id', 'started_at', 'ended_at', 'authority'])
    .where('facility_code', '=', facility)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', since)]))
    .execute();
  const overdue = await overdueReleases(db, [facility], now);
  // sentenced people in cells whose rules (their own or a parent unit's) take no sentenced people
  const refuses = new Set(
    housingCells(units)
      .filter((c) => c.accepts.statuses && !c.accepts.statuses.includes('sentenced'))
      .map((c) => c.code),
  );
  const sentenced = refuses.size
    ? await db
        .selectFrom('custody as c')
        .innerJoin('unit as u', 'u.id', 'c.cell_id')
        .select(['c.person_id', 'u.code'])
        .where('c.facility_code', '=', facility)
        .where('c.released_at', 'is', null)
        .where('c.status', '=', 'sentenced')
        .where('u.code', 'in', [...refuses])
        .execute()
    : [];
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
      overdueReleases: overdue,
      sentencedNotAccepted: sentenced.map((r) => ({ personId: r.person_id, cell: r.code })),
      delivered: await deliveredFacts(db, { facility: f.code, tz: f.timezone, ...window }, [
        FLOOR,
        ...(opts.profiles ?? []),
      ]),
      discipline: await disciplineFacts(db, {
        facility: f.code,
        tz: f.timezone,
        ...window,
        confidential: opts.confidential ?? false,
      }),
      now,
    },
  };
}
