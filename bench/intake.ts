/**
 * Intake benchmark: admissions through the full path (checks, allocation, hash chain, projections)
 * against a raw multi-row INSERT of the same people and event rows; and verification of the chain
 * against a raw SHA-256 chain over the same canonical events in node:crypto. Both in one process.
 */
import { sql } from 'kysely';
import { cecot } from '../src/demo/facilities.js';
import { demoAdmissions } from '../src/demo/people.js';
import { eventHash } from '../src/domain/register/chain.js';
import { admit } from '../src/store/custody.js';
import { openStore } from '../src/store/db.js';
import { createFacility } from '../src/store/facilities.js';
import { rowToEvent, verifyRegister } from '../src/store/register.js';

const N = Number(process.env.BENCH_PEOPLE ?? 17_000);
const BATCH = 2000;

const seconds = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

export async function benchIntake(label: string, databaseUrl?: string) {
  const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' });
  try {
    const facility = cecot();
    await createFacility(store.db, facility, 'bench');
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

    const admitS = await seconds(async () => {
      for (let i = 0; i < list.length; i += BATCH)
        await admit(store.db, 'CECOT', list.slice(i, i + BATCH), 'bench', { now });
    });

    // the baseline: the same person and event rows, copied as they were stored, inserted raw
    await store.exec(
      `create table bench_person (like person); create table bench_event (like custody_event);`,
    );
    const people = await store.db.selectFrom('person').selectAll().execute();
    const events = await store.db
      .selectFrom('custody_event')
      .selectAll()
      .where('kind', '=', 'custody.admitted')
      .orderBy('seq')
      .execute();
    const rawS = await seconds(async () => {
      for (let i = 0; i < people.length; i += BATCH) {
        await store.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('bench_person' as 'person')
            .values(people.slice(i, i + BATCH))
            .execute();
          await trx
            .insertInto('bench_event' as 'custody_event')
            .values(events.slice(i, i + BATCH).map((e) => ({ ...e, payload: JSON.stringify(e.payload) })))
            .execute();
        });
      }
    });

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
      admitPerS: N / admitS,
      rawPerS: N / rawS,
      admitVsRaw: admitS / rawS,
      verifyPerS: verified / verifyS,
      rawHashPerS: all.length / rawHashS,
      verifyVsRaw: rawHashS / verifyS,
      rollAtMs: rollS * 1000,
    };
  } finally {
    await store.close();
  }
}
