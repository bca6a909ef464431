import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load.js';
import { release } from '../../src/store/custody.js';
import type { Store } from '../../src/store/db.js';
import { verifyRegister } from '../../src/store/register.js';
import { custodia } from '../helpers/cli.js';
import { replayedProjections, type TestDb, testDb } from '../helpers/store.js';

describe('the custody register', () => {
  let db: TestDb;
  let store: Store;

  beforeAll(async () => {
    db = await testDb();
    store = await db.open();
    await loadDemo(store, { people: 300, now: new Date('2026-06-01T12:00:00Z') });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('verifies after the demo, from the API function and the CLI', async () => {
    const r = await verifyRegister(store.db);
    expect(r.ok).toBe(true);
    const count = await store.db
      .selectFrom('custody_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(r.events).toBe(Number(count.n));
    expect(r.events).toBeGreaterThan(300);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in SQL, and the row stays as it was', async () => {
    const before = await store.db
      .selectFrom('custody_event')
      .selectAll()
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    await expect(
      sql`update custody_event set actor = 'mallory' where seq = 5`.execute(store.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from custody_event where seq = 5`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate custody_event cascade`.execute(store.db)).rejects.toThrow(/append-only/);
    const after = await store.db
      .selectFrom('custody_event')
      .selectAll()
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('keeps its projections equal to a replay of the register', async () => {
    const p = await replayedProjections(store.db);
    expect(p.stays).toEqual(p.replayed);
    expect(p.replayed.some((s) => !s.endsWith(' null'))).toBe(true); // the demo released some people
    expect(p.occupancy).toEqual(p.replayedOccupancy);
  });

  it('is found out when a stored payload is edited behind the trigger’s back', async () => {
    // a new event after the demo, so the register is not only demo rows
    const someone = await store.db
      .selectFrom('custody')
      .select('person_id')
      .where('released_at', 'is', null)
      .executeTakeFirstOrThrow();
    await release(
      store.db,
      {
        personId: someone.person_id,
        reason: 'Orden de libertad',
        legalBasis: {
          kind: 'release-order',
          reference: 'LIB-1',
          issuedBy: 'Juzgado de Garantía',
          issuedAt: '2026-06-01T10:00:00Z',
        },
      },
      'records1',
    );
    await store.close(); // the embedded database belongs to one process at a time
    const good = await custodia(db, ['audit', 'verify']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^ok: \d+ events verify/);

    store = await db.open();
    await store.exec(`alter table custody_event disable trigger custody_event_no_update;
      update custody_event set payload = jsonb_set(payload, '{cell}', '"M1-C02"') where seq = 40;
      alter table custody_event enable trigger custody_event_no_update;`);
    const api = await verifyRegister(store.db);
    expect(api.ok).toBe(false);
    expect(api.problems).toContainEqual({ seq: 40, problem: 'hash' });
    await store.close();
    const bad = await custodia(db, ['audit', 'verify', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, problems: [{ seq: 40, problem: 'hash' }] });
    store = await db.open();
  });

  it('is found out when an event is deleted with the trigger dropped', async () => {
    await store.exec(`drop trigger custody_event_no_update on custody_event;
      delete from custody_event where seq = (select max(seq) from custody_event);`);
    const r = await verifyRegister(store.db);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toContain('head');
  });
});
