import { sql } from 'kysely';
import { calculate } from '../domain/sentences/calculate.js';
import { isoOf, toDay } from '../domain/sentences/calendar.js';
import { parseInstant } from '../domain/time.js';
import type { Db } from './db.js';
import { chainFraction, custodyFactsOf, sentenceFacts } from './sentences.js';

/**
 * What the release dates answer: a person's dates with their explanation, the releases due at a
 * facility, and the people held past their release date (docs/sentences.md).
 */

/** A person's sentences and dates, for their open custody or else their last one with sentences. */
export async function releaseDatesOf(db: Db, personId: string) {
  const custody = await db
    .selectFrom('custody as c')
    .innerJoin('facility as f', 'f.code', 'c.facility_code')
    .select([
      'c.id',
      'c.admitted_at',
      'c.admitted_status',
      'c.status',
      'c.released_at',
      'f.timezone',
      'f.jurisdiction',
    ])
    .where('c.person_id', '=', personId)
    .orderBy(sql`c.released_at is null`, 'desc')
    .orderBy('c.admitted_at', 'desc')
    .executeTakeFirst();
  const found = custody ? (await sentenceFacts(db, [custody.id])).get(custody.id) : undefined;
  const facts = found?.facts ?? [];
  const d = calculate(facts, custody ? custodyFactsOf(custody) : null, {
    chainFraction: custody ? chainFraction(custody.jurisdiction) : 'per-sentence',
  });
  const rows = new Map((found?.rows ?? []).map((r) => [r.id, r]));
  return {
    personId,
    custodyId: custody?.id ?? null,
    ...d,
    sentences: d.sentences.map((s) => {
      const f = facts.find((x) => x.id === s.sentenceId);
      const r = rows.get(s.sentenceId);
      return {
        ...s,
        court: r?.court ?? null,
        imposedAt: f?.imposedAt ?? null,
        length: f?.length ?? null,
        offenceCategory: f?.offenceCategory ?? null,
        relation: f?.relation ?? null,
        credits: f?.credits ?? [],
        reductions: f?.reductions ?? [],
        corrected: r?.corrected_seq !== null && r?.corrected_seq !== undefined,
      };
    }),
  };
}

/** Everyone held at `facility` whose release date falls in [from, to], earliest first. */
export async function releasesDue(db: Db, facility: string, from: string, to: string) {
  const rows = await db
    .selectFrom('release_dates as r')
    .innerJoin('custody as c', 'c.id', 'r.custody_id')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('unit as u', 'u.id', 'c.cell_id')
    .select([
      'r.person_id',
      'r.release_date',
      'r.parole_date',
      'r.case_references',
      'p.given_names',
      'p.family_names',
      'u.code as cell',
    ])
    .where('c.facility_code', '=', facility)
    .where('c.released_at', 'is', null)
    .where('r.release_date', '>=', from)
    .where('r.release_date', '<=', to)
    .orderBy('r.release_date')
    .orderBy('r.person_id')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    releaseDate: r.release_date as string,
    paroleEligibilityDate: r.parole_date,
    givenNames: r.given_names,
    familyNames: r.family_names,
    cell: r.cell,
    caseReferences: r.case_references,
  }));
}

export interface OverdueRelease {
  personId: string;
  facility: string;
  releaseDate: string;
  /** the instant the release date ended in the facility's zone */
  dueAt: Date;
}

/**
 * People still held after their release date (the first day they are no longer held under their
 * sentences: a release is due in the course of that day, so the alert comes with the next), unless the custody's legal basis is a detention or pretrial-detention order of
 * another case that has not expired (the admission's own basis of kind `sentence` holds no one).
 */
export async function overdueReleases(
  db: Db,
  facilities: string[] | null,
  now = new Date(),
): Promise<OverdueRelease[]> {
  if (facilities && !facilities.length) return [];
  const at = now.toISOString();
  const rows = await sql<{
    person_id: string;
    facility_code: string;
    release_date: string;
    timezone: string;
  }>`
    select r.person_id, c.facility_code, r.release_date, f.timezone
    from release_dates r
    join custody c on c.id = r.custody_id and c.released_at is null
    join facility f on f.code = c.facility_code
    where r.release_date is not null
      ${facilities ? sql`and c.facility_code in (${sql.join(facilities)})` : sql``}
      and r.release_date < (${at}::timestamptz at time zone f.timezone)::date
      and not (
        c.legal_basis->>'kind' in ('detention-order', 'pretrial-detention-order')
        and not (c.legal_basis->>'reference' = any (r.case_references))
        and (c.legal_basis->>'expiresAt' is null or (c.legal_basis->>'expiresAt')::timestamptz > ${at}::timestamptz)
      )
    order by r.release_date, r.person_id`.execute(db);
  return rows.rows.map((r) => ({
    personId: r.person_id,
    facility: r.facility_code,
    releaseDate: r.release_date,
    dueAt:
      parseInstant(isoOf(toDay(r.release_date) + 1), r.timezone) ?? new Date(`${r.release_date}T00:00:00Z`),
  }));
}
