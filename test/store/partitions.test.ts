import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionInput } from '../../src/domain/custody/admission.js';

import { admit } from '../../src/store/custody.js';
import { ensureRegisterPartitions, type Store } from '../../src/store/db.js';
import { createFacility, type FacilityInput } from '../../src/store/facilities.js';
import { move } from '../../src/store/movement.js';
import { correct } from '../../src/store/people.js';
import { verifyRegister } from '../../src/store/register.js';
import { admission, smallFacility } from '../helpers/api.js';
import { type TestDb, testDb } from '../helpers/store.js';

const at = (iso: string) => new Date(iso);
const admissions = (n: number, facility = 'PART') =>
  Array.from({ length: n }, () => {
    const a = admission(facility);
    return {
      ...a,
      legalBasis: { ...a.legalBasis, issuedAt: '2018-01-10T10:00:00-03:00' },
    } as unknown as AdmissionInput;
  });

/** Every stored event as text, in order: what a migration must carry over unchanged. */
async function storedEvents(store: Store) {
  return store.db.transaction().execute(async (trx) => {
    await sql`set local timezone to 'UTC'`.execute(trx);
    return (
      await sql<Record<string, string>>`select seq::text, recorded_at::text, effective_at::text, actor, kind,
        person_id, facility_code, corrects::text, payload::text, prev_hash, hash
        from custody_event order by custody_event.seq, custody_event.recorded_at`.execute(trx)
    ).rows;
  });
}

/** Where each event is stored: partition name → events. */
async function partitionCounts(store: Store) {
  const r = await sql<{ part: string; n: number }>`select tableoid::regclass::text as part, count(*)::int as n
    from custody_event group by 1 order by 1`.execute(store.db);
  return Object.fromEntries(r.rows.map((x) => [x.part, Number(x.n)]));
}

describe('the register partitioned by year', () => {
  let db: TestDb;
  let store: Store;
  let before: Record<string, string>[];
  let headBefore: string;
  const thisYear = new Date().getUTCFullYear();

  beforeAll(async () => {
    // a register written under schema version 5 (one plain table) across three years
    db = await testDb();
    const old = await db.open({ migrateTo: 5 });
    expect(
      (
        await sql<{
          k: string;
        }>`select relkind::text as k from pg_class where relname = 'custody_event'`.execute(old.db)
      ).rows[0]!.k,
    ).toBe('r');
    await createFacility(
      old.db,
      smallFacility('PART', 3) as FacilityInput,
      'admin',
      at('2023-12-31T23:00:00Z'),
    );
    const placed = await admit(old.db, 'PART', admissions(4), 'records', { now: at('2024-03-01T10:00:00Z') });
    await admit(old.db, 'PART', admissions(3), 'records', { now: at('2025-07-01T10:00:00Z') });
    await move(
      old.db,
      { personId: placed[0]!.personId, toCell: 'PART-B2-3', reason: 'Convivencia' },
      'officer',
      {
        now: at('2025-08-01T10:00:00Z'),
      },
    );
    before = await storedEvents(old);
    headBefore = (await verifyRegister(old.db)).head;
    await old.close();
    store = await db.open();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('carries every event of the plain table over unchanged, into the partition of its year', async () => {
    expect(await storedEvents(store)).toEqual(before);
    const v = await verifyRegister(store.db);
    expect(v).toEqual({ ok: true, events: before.length, head: headBefore, problems: [] });
    const counts = await partitionCounts(store);
    expect(counts).toEqual({
      [`custody_event_y${thisYear}`]: 1, // the facility: recorded now, in effect since 2023
      custody_event_y2024: 4,
      custody_event_y2025: 4, // three admissions and a move
    });
    const kind = await sql<{
      k: string;
    }>`select relkind::text as k from pg_class where relname = 'custody_event'`.execute(store.db);
    expect(kind.rows[0]!.k).toBe('p');
  });

  it('has this year’s and next year’s partitions ready, and new events go to this year’s', async () => {
    const parts = await sql<{ name: string }>`select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid where i.inhparent = 'custody_event'::regclass order by 1`.execute(
      store.db,
    );
    const names = parts.rows.map((r) => r.name);
    expect(names).toContain(`custody_event_y${thisYear}`);
    expect(names).toContain(`custody_event_y${thisYear + 1}`);
    expect(names).toContain('custody_event_default');
    const was = (await partitionCounts(store))[`custody_event_y${thisYear}`]!;
    await admit(store.db, 'PART', admissions(1), 'records');
    expect((await partitionCounts(store))[`custody_event_y${thisYear}`]).toBe(was + 1);
    expect((await verifyRegister(store.db)).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on a partition addressed directly', async () => {
    for (const part of ['custody_event_y2024', 'custody_event_y2025']) {
      const t = sql.table(part);
      await expect(sql`update ${t} set actor = 'mallory'`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from ${t}`.execute(store.db)).rejects.toThrow(/append-only/);
    }
    // empty or not, every partition refuses a truncate (a statement trigger needs no rows)
    for (const part of ['custody_event_y2024', 'custody_event_default', `custody_event_y${thisYear + 1}`]) {
      await expect(sql`truncate ${sql.table(part)}`.execute(store.db)).rejects.toThrow(/append-only/);
    }
    await expect(sql`truncate custody_event`.execute(store.db)).rejects.toThrow(/append-only/);
    expect((await storedEvents(store)).slice(0, before.length)).toEqual(before);
  });

  it('refuses a second event with a number already given, and a correction of no earlier event', async () => {
    const copy = (seq: string, corrects: string | null) => sql`insert into custody_event
      select ${seq}::bigint, recorded_at + interval '1 year', effective_at, actor, kind, person_id, facility_code,
        ${corrects}::bigint, payload, prev_hash, hash
      from custody_event where seq = 2`;
    // another year's partition: the primary key (seq, recorded_at) alone would let it in
    await expect(copy('2', null).execute(store.db)).rejects.toMatchObject({ code: '23505' });
    const next = String((await verifyRegister(store.db)).events + 1);
    await expect(copy(next, '999999').execute(store.db)).rejects.toMatchObject({ code: '23503' });
    await expect(copy(next, next).execute(store.db)).rejects.toMatchObject({ code: '23503' });
    // a real correction still goes in
    const admitted = await store.db
      .selectFrom('custody_event')
      .select('seq')
      .where('kind', '=', 'custody.admitted')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await correct(
      store.db,
      {
        corrects: admitted.seq,
        reason: 'Error de transcripción',
        changes: { person: { givenNames: 'José' } },
      },
      'records',
    );
    expect((await verifyRegister(store.db)).ok).toBe(true);
  });

  it('refuses the same number twice written straight into a partition, or twice in one statement', async () => {
    const row = (
      seq: string,
      shift: string,
    ) => sql`select ${seq}::bigint, recorded_at + ${shift}::interval, effective_at,
        actor, kind, person_id, facility_code, corrects, payload, prev_hash, hash from custody_event where seq = 2`;
    // the partition of another year, addressed directly: only its own check sees the row
    await expect(
      sql`insert into ${sql.table('custody_event_y2024')} ${row('2', '1 second')}`.execute(store.db),
    ).rejects.toMatchObject({ code: '23505' });
    const next = String((await verifyRegister(store.db)).events + 1);
    await expect(
      sql`insert into custody_event ${row(next, '1 year')} union all ${row(next, '2 years')}`.execute(
        store.db,
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await verifyRegister(store.db)).ok).toBe(true);
  });

  it('leaves a year to the default partition when the default already holds events of it', async () => {
    // 2019 has no partition: an event recorded then goes to the default one
    await createFacility(
      store.db,
      smallFacility('VIEJO', 1) as FacilityInput,
      'admin',
      at('2019-05-01T12:00:00Z'),
    );
    await admit(store.db, 'VIEJO', admissions(1, 'VIEJO'), 'records', { now: at('2019-06-01T12:00:00Z') });
    expect((await partitionCounts(store)).custody_event_default).toBe(1);
    await ensureRegisterPartitions(store.db, at('2018-01-01T00:00:00Z'), at('2019-01-01T00:00:00Z'));
    const made = await sql<{ name: string | null }>`select to_regclass('custody_event_y2018')::text as name
      union all select to_regclass('custody_event_y2019')::text
      union all select to_regclass('custody_event_y2020')::text`.execute(store.db);
    // 2018 and 2020 made, 2019 not: its event stays where it is, and still verifies
    expect(made.rows.map((r) => r.name)).toEqual(['custody_event_y2018', null, 'custody_event_y2020']);
    await expect(sql`truncate custody_event_y2018`.execute(store.db)).rejects.toThrow(/append-only/);
    expect((await verifyRegister(store.db)).ok).toBe(true);
  });
});
