import { sql } from 'kysely';
import { ALL_FACILITIES } from '../domain/access/accounts.js';
import type { Db } from './db.js';
import type { Trx, WriteOptions } from './register.js';

/**
 * The one place that says which facility answers for a person (docs/security.md, rule
 * `person-scope` in src/domain/access/person-scope.ts): where the person is held now or, once
 * released, was held last. Every write about a person is authorized against it; reads of history
 * against the facility whose custody it was.
 */
export async function holders(db: Db | Trx, people: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!people.length) return out;
  const rows = await db
    .selectFrom('custody')
    .select(['person_id', 'facility_code'])
    .where('person_id', 'in', [...new Set(people)])
    // an open custody first, then the latest (ties broken by id, as search does)
    .orderBy(sql`released_at is null`, 'desc')
    .orderBy('admitted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) if (!out.has(r.person_id)) out.set(r.person_id, r.facility_code);
  return out;
}

/**
 * Refuses (through `opts.authorize`) a caller who may not act for every facility that holds these
 * people now. A person no facility has held needs a caller of every facility. Answers the holders
 * it looked up, for the write to file its event under.
 */
export async function authorizePeople(
  db: Db | Trx,
  people: readonly string[],
  opts: WriteOptions,
): Promise<Map<string, string>> {
  const held = await holders(db, people);
  if (opts.authorize)
    for (const f of new Set(people.map((p) => held.get(p) ?? ALL_FACILITIES))) opts.authorize(f);
  return held;
}
