import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionInput } from '../../src/domain/custody/admission.js';
import { admit } from '../../src/store/custody.js';
import type { Store } from '../../src/store/db.js';
import { createFacility, type FacilityInput } from '../../src/store/facilities.js';
import { admission, smallFacility } from '../helpers/api.js';
import { type TestDb, testDb } from '../helpers/store.js';

/**
 * Migration 15 and the segregations open before it: each gets its daily health visit (Mandela
 * Rule 46), since it had none; an ended one gets none.
 */
describe('migration 15: health visits for segregations already open', () => {
  let db: TestDb;
  let store: Store;
  let placed: { personId: string; custodyId: string }[];
  const started = new Date('2026-01-10T08:00:00Z');

  beforeAll(async () => {
    db = await testDb();
    const old = await db.open({ migrateTo: 14 });
    await createFacility(old.db, smallFacility('MIG', 3) as FacilityInput, 'admin');
    placed = await admit(
      old.db,
      'MIG',
      Array.from({ length: 3 }, () => admission('MIG') as unknown as AdmissionInput),
      'records',
    );
    const seqs = await old.db
      .selectFrom('custody')
      .select(['id', 'admitted_seq'])
      .where('facility_code', '=', 'MIG')
      .execute();
    const seqOf = (custodyId: string) => Number(seqs.find((s) => s.id === custodyId)!.admitted_seq);
    // as a segregation was written under schema version 14: no health-visit duty
    for (const [i, p] of placed.slice(0, 2).entries())
      await sql`insert into segregation (id, person_id, custody_id, facility_code, started_at, authority, reason,
          started_seq, ended_at, ended_seq)
        values (${`seg-${i}`}, ${p.personId}, ${p.custodyId}, 'MIG', ${started}, 'Alcaide', 'Riesgo',
          ${seqOf(p.custodyId)}, ${i === 1 ? new Date('2026-01-12T08:00:00Z') : null},
          ${i === 1 ? seqOf(p.custodyId) : null})`.execute(old.db);
    expect(
      (
        await sql<{ n: number }>`select count(*)::int as n from duty where kind = 'health-visit'`.execute(
          old.db,
        )
      ).rows[0]!.n,
    ).toBe(0);
    await old.close();
    store = await db.open();
  });
  afterAll(async () => {
    await store?.close();
    await db.drop();
  });

  it('opens one health visit for each open segregation, from now, caused by its start', async () => {
    const t0 = Date.now();
    const rows = await store.db.selectFrom('duty').selectAll().where('kind', '=', 'health-visit').execute();
    const [open] = placed;
    expect(rows).toHaveLength(1);
    const seg = await store.db
      .selectFrom('segregation')
      .select('started_seq')
      .where('id', '=', 'seg-0')
      .executeTakeFirstOrThrow();
    expect(rows[0]).toMatchObject({
      person_id: open!.personId,
      custody_id: open!.custodyId,
      facility_code: 'MIG',
      opened_seq: seg.started_seq,
      done_at: null,
      cancelled_at: null,
      confidential: false,
    });
    expect(rows[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    // due from the migration on, not from a start long past (it would be overdue at once)
    expect(rows[0]!.since.getTime()).toBeGreaterThan(started.getTime());
    expect(rows[0]!.since.getTime()).toBeLessThanOrEqual(t0);
  });
});
