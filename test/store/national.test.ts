import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNational, type NationalResult } from '../../src/demo/national.js';
import { admit, release } from '../../src/store/custody.js';
import type { Store } from '../../src/store/db.js';
import { roll } from '../../src/store/facilities.js';
import { move } from '../../src/store/movement.js';
import { searchPeople } from '../../src/store/people.js';
import { verifyRegister } from '../../src/store/register.js';
import { releaseDatesOf } from '../../src/store/release-dates.js';
import { admission } from '../helpers/api.js';
import { custodia } from '../helpers/cli.js';
import { replayedProjections, type TestDb, testDb } from '../helpers/store.js';

const NOW = new Date('2026-10-01T12:00:00Z');
/** a small national system: 4 facilities, 1,500 people, about 14,000 events over 3 years */
const SMALL = { facilities: 4, people: 1500, events: 14_000, years: 3, seed: 7, now: NOW };
const count = async (
  store: Store,
  table: 'person' | 'custody' | 'stay' | 'duty' | 'custody_event' | 'sentence',
) =>
  Number(
    (
      await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('custodia demo --national (small)', () => {
  let db: TestDb;
  let store: Store;
  let r: NationalResult;

  beforeAll(async () => {
    db = await testDb();
    store = await db.open();
    r = await loadNational(store, SMALL);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('leaves every index and constraint as a fresh database has them, valid, on every partition', async () => {
    const indexes = (s: Store) =>
      sql<{ name: string; def: string; valid: boolean }>`select i.indexrelid::regclass::text as name,
        pg_get_indexdef(i.indexrelid) as def, i.indisvalid as valid from pg_index i
        join pg_class c on c.oid = i.indrelid where c.relnamespace = 'public'::regnamespace
          and c.relname !~ '^custody_event_y' order by 1`.execute(s.db);
    const other = await testDb();
    const empty = await other.open();
    try {
      const after = (await indexes(store)).rows;
      expect(after.filter((i) => !i.valid)).toEqual([]);
      expect(after).toEqual((await indexes(empty)).rows);
      // each year's partition has the register's indexes
      const perPartition = await sql<{ part: string; n: number }>`select c.relname as part, count(*)::int as n
        from pg_inherits h join pg_class c on c.oid = h.inhrelid join pg_index i on i.indrelid = c.oid
        where h.inhparent = 'custody_event'::regclass group by 1`.execute(store.db);
      const expected = (await indexes(empty)).rows.filter((i) =>
        / ON (ONLY )?public\.custody_event /.test(i.def),
      ).length;
      for (const p of perPartition.rows) expect(p.n, p.part).toBe(expected);
    } finally {
      await empty.close();
      await other.drop();
    }
  });

  it('builds what was asked, and the register verifies', async () => {
    expect(r.facilities).toBe(4);
    expect(r.people).toBe(1500);
    expect(r.turnedAway).toBe(0);
    expect(r.custodies).toBeGreaterThan(1500); // some came back
    expect(r.events).toBeGreaterThan(14_000 * 0.85);
    expect(r.events).toBeLessThan(14_000 * 1.15);
    const v = await verifyRegister(store.db);
    expect(v).toMatchObject({ ok: true, events: r.events, problems: [] });
    expect(await count(store, 'person')).toBe(1500);
    expect(await count(store, 'custody')).toBe(r.custodies);
    const kinds = await sql<{ kind: string }>`select distinct kind from custody_event order by 1`.execute(
      store.db,
    );
    expect(kinds.rows.map((k) => k.kind)).toEqual([
      'custody.admitted',
      'custody.moved',
      'custody.released',
      'custody.transferred',
      'duty.fulfilled',
      'facility.created',
      'sentence.imposed',
    ]);
  });

  it('gives its sentenced custodies sentences, with the dates the calculator gives', async () => {
    const rows = await sql<{ what: string; n: number }>`
      select 'sentenced custody without a sentence' as what, count(*)::int as n from custody c
        where c.status = 'sentenced' and not exists (select 1 from sentence s where s.custody_id = c.id)
      union all select 'sentence without its event', count(*)::int from sentence s
        where not exists (select 1 from custody_event e where e.seq = s.seq and e.kind = 'sentence.imposed'
          and e.payload->>'sentenceId' = s.id)
      union all select 'custody with sentences and no dates', count(*)::int from custody c
        where exists (select 1 from sentence s where s.custody_id = c.id)
          and not exists (select 1 from release_dates r where r.custody_id = c.id)`.execute(store.db);
    expect(rows.rows).toEqual([
      { what: 'sentenced custody without a sentence', n: 0 },
      { what: 'sentence without its event', n: 0 },
      { what: 'custody with sentences and no dates', n: 0 },
    ]);
    expect(await count(store, 'sentence')).toBeGreaterThan(0);
    // the stored dates are what the calculator gives from the stored sentences
    const sample = await sql<{ person_id: string; release_date: string | null }>`
      select r.person_id, r.release_date from release_dates r join custody c on c.id = r.custody_id
      where c.released_at is null order by r.person_id limit 20`.execute(store.db);
    for (const s of sample.rows)
      expect((await releaseDatesOf(store.db, s.person_id)).releaseDate, s.person_id).toBe(s.release_date);
  });

  it('opens the information on rights at every admission, recorded done with its language', async () => {
    const rows = await sql<{ what: string; n: number }>`
      select 'custody without the information on rights' as what, count(*)::int as n from custody c
        where not exists (select 1 from duty d where d.custody_id = c.id and d.kind = 'rights-information'
          and d.opened_seq = c.admitted_seq and d.since = c.admitted_at)
      union all select 'done without its language', count(*)::int from duty d
        where d.kind = 'rights-information' and d.done_at is not null and d.done_language is distinct from 'es'
      union all select 'event without its language', count(*)::int from duty d
        join custody_event e on e.seq = d.done_seq
        where d.kind = 'rights-information' and e.payload->>'language' is distinct from 'es'
      union all select 'language on another duty', count(*)::int from duty d
        where d.kind <> 'rights-information' and d.done_language is not null`.execute(store.db);
    expect(Object.fromEntries(rows.rows.map((r) => [r.what, r.n]))).toEqual({
      'custody without the information on rights': 0,
      'done without its language': 0,
      'event without its language': 0,
      'language on another duty': 0,
    });
    const done = await sql<{ n: number }>`select count(*)::int as n from duty
      where kind = 'rights-information' and done_at is not null`.execute(store.db);
    expect(done.rows[0]!.n).toBeGreaterThan(0);
  });

  it('leaves projections equal to a replay of its register', async () => {
    const p = await replayedProjections(store.db);
    expect(p.stays).toEqual(p.replayed);
    expect(p.occupancy).toEqual(p.replayedOccupancy);
    const open = await sql<{ custodies: number; stays: number; occupants: number }>`select
      (select count(*) from custody where released_at is null)::int as custodies,
      (select count(*) from stay where upper_inf(during))::int as stays,
      (select sum(occupants) from cell_occupancy)::int as occupants`.execute(store.db);
    expect(open.rows[0]).toEqual({ custodies: r.inCustody, stays: r.inCustody, occupants: r.inCustody });
  });

  it('keeps every custody, stay and duty consistent with its events', async () => {
    const bad = await sql<{ what: string; n: number }>`
      select 'person number is not their first admission' as what, count(*)::int as n from person p
        where p.created_seq <> (select min(seq) from custody_event e where e.person_id = p.id and e.kind = 'custody.admitted')
      union all select 'open custody not in its last cell', count(*)::int from custody c
        join stay s on s.custody_id = c.id and upper_inf(s.during)
        where c.released_at is null and (s.unit_id <> c.cell_id or s.facility_code <> c.facility_code)
      union all select 'released custody with an open stay', count(*)::int from custody c
        join stay s on s.custody_id = c.id and upper_inf(s.during) where c.released_at is not null
      union all select 'open duty of a released custody', count(*)::int from duty d join custody c on c.id = d.custody_id
        where c.released_at is not null and d.done_at is null and d.cancelled_at is null
      union all select 'open duty not where the person is', count(*)::int from duty d join custody c on c.id = d.custody_id
        where c.released_at is null and d.done_at is null and d.cancelled_at is null and d.facility_code <> c.facility_code
      union all select 'fulfilment without its event', count(*)::int from duty d
        where d.done_at is not null and not exists (select 1 from custody_event e where e.seq = d.done_seq
          and e.kind = 'duty.fulfilled' and e.payload->>'dutyId' = d.id and e.effective_at = d.done_at)
      union all select 'cell over its operational capacity', count(*)::int from cell_occupancy o join unit u on u.id = o.unit_id
        where o.occupants > u.operational
      union all select 'held in a block not for them', count(*)::int from custody c join unit cell on cell.id = c.cell_id
        join unit b on b.id = cell.parent_id join person p on p.id = c.person_id
        where c.released_at is null and (not (b.accepts->'sexes') ? p.sex
          or not (b.accepts->'statuses') ? (case when c.status = 'sentenced' then 'sentenced' else 'untried' end))
      union all select 'an admission that tells another identity than the person''s', count(*)::int
        from custody_event e join person p on p.id = e.person_id where e.kind = 'custody.admitted'
          and (e.payload->'person'->>'dateOfBirth' <> p.date_of_birth::text or e.payload->'person'->>'givenNames' <> p.given_names
            or e.payload->'person'->>'familyNames' <> p.family_names or e.payload->'person'->>'nationalId' <> p.national_id)
      union all select 'open pretrial custody without an open review', count(*)::int from custody c
        where c.released_at is null and c.status = 'pretrial' and not exists (select 1 from duty d
          where d.custody_id = c.id and d.kind = 'pretrial-review' and d.done_at is null and d.cancelled_at is null)
      union all select 'under 21 at admission', count(*)::int from custody c join person p on p.id = c.person_id
        where p.date_of_birth > (c.admitted_at - interval '21 years')::date`.execute(store.db);
    expect(Object.fromEntries(bad.rows.map((b) => [b.what, b.n]))).toEqual(
      Object.fromEntries(bad.rows.map((b) => [b.what, 0])),
    );
  });

  it('shows the roll at any past moment from its stays, and now from the occupancy', async () => {
    const live = await roll(store.db, 'CP-001');
    const justNow = await roll(store.db, 'CP-001', new Date(Date.now() - 1000));
    expect(justNow.total.inCustody).toBe(live.total.inCustody);
    const midway = await roll(store.db, 'CP-001', new Date('2025-03-01T00:00:00Z'));
    const direct = await sql<{ n: number }>`select count(*)::int as n from stay
      where facility_code = 'CP-001' and during @> '2025-03-01T00:00:00Z'::timestamptz`.execute(store.db);
    expect(midway.total.inCustody).toBe(direct.rows[0]!.n);
    expect(midway.total.inCustody).toBeGreaterThan(0);
  });

  it('is an ordinary register afterwards: search, move, release and admit work on it', async () => {
    const someone = await sql<{ id: string; given_names: string; family_names: string; created_seq: number }>`
      select p.id, p.given_names, p.family_names, p.created_seq from person p
      join custody c on c.person_id = p.id and c.released_at is null order by p.created_seq limit 1`.execute(
      store.db,
    );
    const p = someone.rows[0]!;
    const byName = await searchPeople(store.db, `${p.given_names} ${p.family_names}`, {
      scope: null,
      limit: 50,
    });
    expect(byName.map((x) => x.personId)).toContain(p.id);
    const c = await store.db
      .selectFrom('custody')
      .select(['facility_code', 'cell_id'])
      .where('person_id', '=', p.id)
      .where('released_at', 'is', null)
      .executeTakeFirstOrThrow();
    const free = await sql<{
      code: string;
    }>`select u.code from unit u join cell_occupancy o on o.unit_id = u.id
      where u.parent_id = (select parent_id from unit where id = ${c.cell_id}) and u.id <> ${c.cell_id}
        and o.occupants < u.operational order by u.code limit 1`.execute(store.db);
    await move(store.db, { personId: p.id, toCell: free.rows[0]!.code, reason: 'Convivencia' }, 'officer');
    await release(
      store.db,
      {
        personId: p.id,
        reason: 'Orden de libertad',
        legalBasis: {
          kind: 'release-order',
          reference: 'LIB-1',
          issuedBy: 'Juzgado de Garantía',
          issuedAt: new Date(Date.now() - 3600_000).toISOString(),
        },
      },
      'records',
    );
    const a = admission('CP-001');
    const [placed] = await admit(
      store.db,
      'CP-001',
      [
        {
          ...a,
          legalBasis: { ...a.legalBasis, issuedAt: new Date(Date.now() - 3600_000).toISOString() },
        } as never,
      ],
      'records',
    );
    expect(placed!.cell).toBeTruthy();
    const v = await verifyRegister(store.db);
    expect(v.ok).toBe(true);
    expect(v.events).toBe(r.events + 3);
    const q = await replayedProjections(store.db);
    expect(q.stays).toEqual(q.replayed);
    expect(q.occupancy).toEqual(q.replayedOccupancy);
  });

  it('is the same system for the same seed', async () => {
    const other = await testDb();
    const s2 = await other.open();
    try {
      const r2 = await loadNational(s2, SMALL);
      expect({ ...r2, users: [] }).toEqual({ ...r, users: [] });
      const people = (s: Store) =>
        sql<{
          h: string;
        }>`select md5(string_agg(id || given_names || family_names || national_id, '' order by created_seq)) as h
          from person where created_seq <= ${r.events}`.execute(s.db);
      // the chain after the facilities hangs on their hashes: compare the people and the event bodies
      expect((await people(s2)).rows[0]).toEqual((await people(store)).rows[0]);
      const bodies = (s: Store) =>
        sql<{
          h: string;
        }>`select md5(string_agg(kind || coalesce(person_id, '') || effective_at::text || payload::text, '' order by seq)) as h
          from custody_event where seq > 4 and seq <= ${r.events}`.execute(s.db);
      expect((await bodies(s2)).rows[0]).toEqual((await bodies(store)).rows[0]);
    } finally {
      await s2.close();
      await other.drop();
    }
  });
});

describe('custodia demo --national (command line)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('loads into an empty database with a progress bar, and refuses a second time, changing nothing', async () => {
    const args = [
      'demo',
      '--national',
      '--facilities',
      '3',
      '--people',
      '300',
      '--events',
      '2000',
      '--years',
      '2',
    ];
    const first = await custodia(db, args);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/national demo \[#+\] 100%/);
    expect(first.stdout).toMatch(/National demo ready in [\d.]+ s: 3 facilities, 300 synthetic people/);
    const store = await db.open();
    const before = { events: await count(store, 'custody_event'), people: await count(store, 'person') };
    await store.close();
    const again = await custodia(db, args);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already holds facilities/);
    const after = await db.open();
    try {
      expect({ events: await count(after, 'custody_event'), people: await count(after, 'person') }).toEqual(
        before,
      );
      expect((await verifyRegister(after.db)).ok).toBe(true);
    } finally {
      await after.close();
    }
  });

  it('rolls the whole history back when the load fails part way', async () => {
    const other = await testDb();
    const store = await other.open();
    try {
      let calls = 0;
      await expect(
        loadNational(store, {
          facilities: 3,
          people: 3000,
          events: 60_000,
          years: 2,
          onProgress: () => {
            if (++calls === 2) throw new Error('disk full (simulated)');
          },
        }),
      ).rejects.toThrow(/disk full/);
      // the facilities went in first, each by the ordinary path; none of the history did
      expect(await count(store, 'person')).toBe(0);
      expect(await count(store, 'custody')).toBe(0);
      expect(await count(store, 'stay')).toBe(0);
      expect(await count(store, 'custody_event')).toBe(3);
      expect(await verifyRegister(store.db)).toMatchObject({ ok: true, events: 3 });
      // the indexes the load set aside are back
      const ix = await sql<{ n: number }>`select count(*)::int as n from pg_indexes
        where indexname in ('stay_unit_during', 'person_name_trgm', 'custody_event_person')`.execute(
        store.db,
      );
      expect(ix.rows[0]!.n).toBe(3);
    } finally {
      await store.close();
      await other.drop();
    }
  });
});
