/**
 * Intake benchmark (issue P1's shape): 40,000 admissions through `POST /api/v1/admissions/bulk` in 20
 * batches of 2,000 into an empty CECOT (256 cells), over a real HTTP connection to a server listening
 * on loopback, full path (schema, checks, allocation, hash chain, projections, duties). Beside it, in
 * the same process and database: a raw multi-row INSERT of the same 40,000 person and event rows (the
 * issue's baseline, into tables without indexes), and a raw INSERT of every row the full path writes
 * (person, event, custody, stay, duty) into copies that keep their indexes: the floor of what the
 * database itself costs for them. Then verification of the chain next to a bare
 * SHA-256 chain over the same canonical events in node:crypto.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { buildServer } from '../src/api/server.js';
import { cecot } from '../src/demo/facilities.js';
import { demoAdmissions } from '../src/demo/people.js';
import { eventHash } from '../src/domain/register/chain.js';
import { openStore, type Store } from '../src/store/db.js';
import { createFacility } from '../src/store/facilities.js';
import { rowToEvent, verifyRegister } from '../src/store/register.js';
import { createUser, signIn } from '../src/store/users.js';

const N = Number(process.env.BENCH_PEOPLE ?? 40_000);
const BATCH = 2000;

const seconds = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

/**
 * Copies of tables (with their indexes and exclusion constraints when `indexes`), filled raw from the
 * rows the full path stored, in the same batches: the database's own cost of those rows, without
 * foreign keys or triggers.
 */
async function rawInsert(store: Store, tables: string[], where: Record<string, string>, indexes: boolean) {
  await store.exec(
    tables
      .map(
        (t) =>
          `create table bench_${t} (like ${t} including defaults${indexes ? ' including indexes' : ''});`,
      )
      .join('\n'),
  );
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const t of tables)
    rows[t] = (
      await sql`select * from ${sql.table(t)} ${sql.raw(where[t] ?? '')} order by 1`.execute(store.db)
    ).rows as Record<string, unknown>[];
  const jsonb = (r: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)
          ? JSON.stringify(v)
          : v,
      ]),
    );
  const batches = Math.ceil(N / BATCH);
  const s = await seconds(async () => {
    for (let b = 0; b < batches; b++) {
      await store.db.transaction().execute(async (trx) => {
        for (const t of tables) {
          const all = rows[t] ?? [];
          const per = Math.ceil(all.length / batches);
          const part = all.slice(b * per, (b + 1) * per).map(jsonb);
          // multi-row INSERTs of at most 1,000 rows (PostgreSQL's limit of 65,535 parameters)
          for (let i = 0; i < part.length; i += 1000)
            await trx
              .insertInto(`bench_${t}` as 'person')
              .values(part.slice(i, i + 1000) as never)
              .execute();
        }
      });
    }
  });
  await store.exec(tables.map((t) => `drop table bench_${t};`).join('\n'));
  return s;
}

export async function benchIntake(label: string, databaseUrl?: string) {
  const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' });
  const app = await buildServer(store);
  try {
    // the demo CECOT's 256 cells hold 156 each (39,936): 160 each, so that 40,000 fit
    const facility = cecot();
    for (const block of facility.units)
      for (const cell of block.children ?? [])
        if (cell.capacity) cell.capacity = { ...cell.capacity, operational: 160 };
    await createFacility(store.db, facility, 'bench');
    await createUser(store.db, {
      username: 'bench',
      password: 'bench-password-1',
      roles: ['records'],
      facilities: ['CECOT'],
    });
    const session = await signIn(store.db, 'bench', 'bench-password-1');
    if (!('token' in session)) throw new Error('the bench user could not sign in');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const now = new Date();
    const list = demoAdmissions({
      count: N,
      now,
      seed: 11,
      since: new Date('2023-03-01T00:00:00Z'),
      statusMix: [['pretrial', 1]],
      idFormat: 'dui',
      issuedBy: { pretrial: 'Juzgado', detained: 'PNC', sentenced: 'Tribunal' },
      ageRange: [18, 50],
    });
    const bodies: string[] = [];
    for (let i = 0; i < list.length; i += BATCH)
      bodies.push(JSON.stringify({ facility: 'CECOT', admissions: list.slice(i, i + BATCH) }));

    const batchS: number[] = [];
    const admitS = await seconds(async () => {
      for (const body of bodies) {
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/admissions/bulk`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${session.token}`,
            'content-type': 'application/json',
            // as every client sends with a write (issue 19): its key is stored in the write's transaction
            'idempotency-key': randomUUID(),
          },
          body,
        });
        if (res.status !== 201)
          throw new Error(`bulk admission answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
        await res.arrayBuffer();
        batchS.push((performance.now() - t0) / 1000);
      }
    });

    // the baselines: the same rows, copied as they were stored, inserted raw in the same batches
    const admitted = { custody_event: `where kind = 'custody.admitted'` };
    // the baseline: people and events into bare tables
    const peopleEventsS = await rawInsert(store, ['person', 'custody_event'], admitted, false);
    // every row the path writes, into tables that keep their indexes
    const everyRowS = await rawInsert(
      store,
      ['person', 'custody_event', 'custody', 'stay', 'duty'],
      admitted,
      true,
    );

    let verified = 0;
    const verifyS = await seconds(async () => {
      const r = await verifyRegister(store.db);
      if (!r.ok) throw new Error('register does not verify');
      verified = r.events;
    });
    const all = (await store.db.selectFrom('custody_event').selectAll().orderBy('seq').execute()).map(
      rowToEvent,
    );
    const rawHashS = await seconds(async () => {
      let prev = '0'.repeat(64);
      for (const e of all) prev = eventHash(prev, e);
    });
    const rollS = await seconds(async () => {
      await sql`select unit_id, count(*) from stay where facility_code = 'CECOT' and during @> now() group by unit_id`.execute(
        store.db,
      );
    });
    return {
      label,
      people: N,
      admitS,
      batchMin: Math.min(...batchS),
      batchMax: Math.max(...batchS),
      peopleEventsS,
      everyRowS,
      admitVsRaw: admitS / peopleEventsS,
      admitVsEveryRow: admitS / everyRowS,
      verifyPerS: verified / verifyS,
      rawHashPerS: all.length / rawHashS,
      verifyVsRaw: rawHashS / verifyS,
      rollAtMs: rollS * 1000,
    };
  } finally {
    await app.close();
    await store.close();
  }
}
