import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { replayStays } from '../../src/domain/custody/replay.js';
import { type Db, openStore, type Store, type StoreOptions } from '../../src/store/db.js';
import { rowToEvent } from '../../src/store/register.js';

/** The database the suite runs on: PostgreSQL when DATABASE_URL is set, else PGlite. */
export const onPostgres = !!process.env.DATABASE_URL;

export interface TestDb {
  /** connection settings for this test's own database */
  env: { DATABASE_URL?: string; CUSTODIA_DATA?: string };
  /** `migrateTo`: stop at that schema version */
  open(o?: Pick<StoreOptions, 'migrateTo'>): Promise<Store>;
  drop(): Promise<void>;
}

/**
 * A new, empty database for one test file: a fresh PostgreSQL database on the server of
 * DATABASE_URL, or a fresh PGlite folder.
 */
export async function testDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `custodia_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const mine = u.toString();
    return {
      env: { DATABASE_URL: mine },
      open: (o) => openStore({ ...o, databaseUrl: mine }),
      drop: async () => {
        // pg's pool.end() resolves before its sockets are closed: wait for them rather than force
        // them closed (forcing raises a FATAL on the closing connections)
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          for (let attempt = 0; ; attempt++) {
            try {
              await c.query(`drop database if exists ${name}`);
              return;
            } catch (err) {
              if ((err as { code?: string }).code !== '55006' || attempt >= 100) throw err;
              await new Promise((r) => setTimeout(r, 50));
            }
          }
        } finally {
          await c.end();
        }
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'custodia-test-'));
  return {
    env: { CUSTODIA_DATA: dir },
    open: (o) => openStore({ ...o, dataDir: dir }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens a fresh store; `close` also drops its database. */
export async function freshStore(): Promise<Store & { drop(): Promise<void>; test: TestDb }> {
  const t = await testDb();
  const store = await t.open();
  return {
    ...store,
    test: t,
    close: store.close,
    drop: async () => {
      await store.close();
      await t.drop();
    },
  };
}

/**
 * The stays and cell occupancy as stored, next to the same derived from the register alone: equal
 * when the projections are what the events say. Stays as sorted "custody cell from to" lines.
 */
export async function replayedProjections(db: Db) {
  const events = (await db.selectFrom('custody_event').selectAll().orderBy('seq').execute()).map(rowToEvent);
  const replayedStays = replayStays(events);
  const replayed = replayedStays.map((s) => `${s.custodyId} ${s.cell} ${s.from} ${s.to}`).sort();
  const rows = await db
    .selectFrom('stay as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select([
      's.custody_id',
      'u.code',
      sql<Date>`lower(s.during)`.as('from'),
      sql<Date | null>`upper(s.during)`.as('to'),
    ])
    .execute();
  const stays = rows
    .map(
      (r) =>
        `${r.custody_id} ${r.code} ${new Date(r.from).toISOString()} ${r.to ? new Date(r.to).toISOString() : null}`,
    )
    .sort();
  const stored = await db
    .selectFrom('cell_occupancy as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['u.facility_code', 'u.code', 'o.occupants'])
    .execute();
  const open = new Map<string, number>();
  for (const s of replayedStays)
    if (s.to === null) open.set(`${s.facility} ${s.cell}`, (open.get(`${s.facility} ${s.cell}`) ?? 0) + 1);
  const key = (o: { facility_code: string; code: string }) => `${o.facility_code} ${o.code}`;
  const occupancy = Object.fromEntries(stored.map((o) => [key(o), o.occupants]));
  const replayedOccupancy = Object.fromEntries(stored.map((o) => [key(o), open.get(key(o)) ?? 0]));
  return { events: events.length, stays, replayed, occupancy, replayedOccupancy };
}
