import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { verifyRegister } from '../../src/store/register.js';
import { custodia } from '../helpers/cli.js';
import { onPostgres, type TestDb, testDb } from '../helpers/store.js';

/** The register as recomputed, and the row count of every table. */
async function snapshot(store: Store) {
  const v = await verifyRegister(store.db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(store.db);
  const rows: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(store.db);
    rows[name] = Number(r.rows[0]!.n);
  }
  return { register: { ok: v.ok, events: v.events, head: v.head, problems: v.problems }, rows };
}

async function snapshotOf(db: TestDb) {
  const store = await db.open();
  try {
    return await snapshot(store);
  } finally {
    await store.close();
  }
}

describe(`custodia backup and restore (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  const dbs: TestDb[] = [];
  const files = mkdtempSync(join(tmpdir(), 'custodia-backup-'));
  let source: TestDb;
  let before: Awaited<ReturnType<typeof snapshot>>;
  const file = join(files, onPostgres ? 'custodia.dump' : 'custodia.tgz');

  beforeAll(async () => {
    source = await testDb();
    dbs.push(source);
    const demo = await custodia(source, ['demo', '--people', '2000']);
    expect(demo.code, demo.out).toBe(0);
    before = await snapshotOf(source);
  });

  afterAll(async () => {
    for (const d of dbs) await d.drop();
    rmSync(files, { recursive: true, force: true });
  });

  it('backs up a demo and restores it into a fresh database: the same register and the same rows', async () => {
    expect(before.register.ok).toBe(true);
    expect(before.rows.person).toBeGreaterThanOrEqual(2000);
    expect(before.rows.custody).toBeGreaterThanOrEqual(2000);

    const b = await custodia(source, ['backup', file]);
    expect(b.code, b.out).toBe(0);
    expect(b.out).toContain(`register of ${before.register.events} events, head ${before.register.head}`);
    expect(existsSync(file)).toBe(true);
    // the backup only read the source
    expect(await snapshotOf(source)).toEqual(before);

    const target = await testDb();
    dbs.push(target);
    const r = await custodia(target, ['restore', file]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`ok: ${before.register.events} events verify; head ${before.register.head}`);

    const after = await snapshotOf(target);
    expect(after.register).toEqual(before.register);
    expect(after.rows).toEqual(before.rows);
    // and the restored database serves the CLI as any other
    const verify = await custodia(target, ['audit', 'verify']);
    expect(verify.code, verify.out).toBe(0);
  });

  it('refuses to restore into a database that holds data, and changes nothing', async () => {
    expect(existsSync(file)).toBe(true);
    const listing = onPostgres ? [] : readdirSync(source.env.CUSTODIA_DATA!).sort();
    const r = await custodia(source, ['restore', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/is not empty; a restore goes only into an empty/);
    expect(r.out).not.toContain('Restored');
    if (!onPostgres) expect(readdirSync(source.env.CUSTODIA_DATA!).sort()).toEqual(listing);
    expect(await snapshotOf(source)).toEqual(before);
  });

  it('refuses to overwrite a file, and to restore a file that is not a backup', async () => {
    const again = await custodia(source, ['backup', file]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/exists already/);

    const junk = join(files, 'junk.bin');
    writeFileSync(junk, 'not a backup at all');
    const target = await testDb();
    dbs.push(target);
    const r = await custodia(target, ['restore', junk]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/is not a Custodia backup/);
    if (!onPostgres) expect(readdirSync(target.env.CUSTODIA_DATA!)).toEqual([]);
  });

  it('undoes a restore that fails half-way, leaving the target empty for the next attempt', async () => {
    const data = readFileSync(file);
    const cut = join(files, `truncated-${onPostgres ? 'dump' : 'tgz'}`);
    writeFileSync(cut, data.subarray(0, Math.floor(data.length * 0.7)));
    const target = await testDb();
    dbs.push(target);
    const r = await custodia(target, ['restore', cut]);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('Restored');
    if (onPostgres) {
      const c = new pg.Client({ connectionString: target.env.DATABASE_URL });
      await c.connect();
      try {
        const t = await c.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
        expect(t.rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } else {
      expect(readdirSync(target.env.CUSTODIA_DATA!)).toEqual([]);
    }
    const again = await custodia(target, ['restore', file]);
    expect(again.code, again.out).toBe(0);
    expect((await snapshotOf(target)).register).toEqual(before.register);
  });

  it.skipIf(onPostgres)('refuses a PGlite backup while another process holds the data folder', async () => {
    // this process opens the folder, as a running server would
    const store = await source.open();
    try {
      const out = join(files, 'while-held.tgz');
      const r = await custodia(source, ['backup', out]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`is in use by process ${process.pid}`);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(files).filter((f) => f.includes('while-held'))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
