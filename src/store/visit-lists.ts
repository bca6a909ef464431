import type { Db } from './db.js';
import { facilityRow } from './facilities.js';
import { dayOf } from './visits.js';

/**
 * The lists of visits (docs/daily-life.md): a facility's day and a person's, with their visitors'
 * names and relationship, read from the `visit` projection.
 */

type VisitRow = {
  id: string;
  person_id: string;
  facility_code: string;
  kind: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: string;
  reason: string | null;
  session_id: string | null;
  visitor_ids: string[];
};

/** The visitors of these visits, with their relationship to the person visited. */
async function withVisitors<T extends VisitRow>(db: Db, rows: T[]) {
  const ids = [...new Set(rows.flatMap((r) => r.visitor_ids))];
  const visitors = ids.length
    ? await db
        .selectFrom('visitor')
        .select(['id', 'given_names', 'family_names'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const people = [...new Set(rows.map((r) => r.person_id))];
  const rel = ids.length
    ? await db
        .selectFrom('person_visitor')
        .select(['person_id', 'visitor_id', 'relationship'])
        .where('person_id', 'in', people)
        .where('visitor_id', 'in', ids)
        .execute()
    : [];
  const names = new Map(visitors.map((v) => [v.id, `${v.given_names} ${v.family_names}`]));
  const relOf = new Map(rel.map((r) => [`${r.person_id} ${r.visitor_id}`, r.relationship]));
  return rows.map((r) => ({
    row: r,
    visitors: r.visitor_ids.map((id) => ({
      visitorId: id,
      names: names.get(id) ?? id,
      relationship: relOf.get(`${r.person_id} ${id}`) ?? null,
    })),
  }));
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The visits of a facility's (local) day, by start time. */
export async function facilityVisits(db: Db, facility: string, date: string) {
  const f = await facilityRow(db, facility);
  const { start, end } = dayOf(date, f.timezone);
  const rows = await db
    .selectFrom('visit as v')
    .innerJoin('person as p', 'p.id', 'v.person_id')
    .innerJoin('custody as c', 'c.id', 'v.custody_id')
    .leftJoin('unit as u', 'u.id', 'c.cell_id')
    .select([
      'v.id',
      'v.person_id',
      'v.facility_code',
      'v.kind',
      'v.starts_at',
      'v.ends_at',
      'v.status',
      'v.reason',
      'v.session_id',
      'v.visitor_ids',
      'p.given_names',
      'p.family_names',
      'u.code as cell',
    ])
    .where('v.facility_code', '=', f.code)
    .where('v.starts_at', '>=', start)
    .where('v.starts_at', '<', end)
    .orderBy('v.starts_at')
    .orderBy('v.id')
    .limit(5000)
    .execute();
  return (await withVisitors(db, rows)).map(({ row: r, visitors }) => ({
    visitId: r.id,
    personId: r.person_id,
    names: `${r.given_names} ${r.family_names}`,
    cell: r.cell,
    kind: r.kind,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    status: r.status,
    reason: r.reason,
    sessionId: r.session_id,
    visitors,
  }));
}

/** A person's visits, newest first (at most 200). */
export async function personVisits(db: Db, personId: string) {
  const rows = await db
    .selectFrom('visit')
    .select([
      'id',
      'person_id',
      'facility_code',
      'kind',
      'starts_at',
      'ends_at',
      'status',
      'reason',
      'session_id',
      'visitor_ids',
    ])
    .where('person_id', '=', personId)
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return (await withVisitors(db, rows)).map(({ row: r, visitors }) => ({
    visitId: r.id,
    facility: r.facility_code,
    kind: r.kind,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    status: r.status,
    reason: r.reason,
    sessionId: r.session_id,
    visitors,
  }));
}
