/**
 * Set inserts (src/store/bulk.ts): every value a row gives comes back exactly, whatever characters
 * it holds (quotes, backslashes, braces, commas, the word NULL, accents, emoji), nulls stay null,
 * arrays keep their order and their empties, and a batch of thousands is one statement.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../src/store/bulk.js';
import { freshStore } from '../helpers/store.js';

let store: Awaited<ReturnType<typeof freshStore>>;

/** Every kind of column, in a table of this test's own (not in the application's schema). */
const PROBE_COLUMNS = {
  id: 'int',
  t: 'text',
  n: 'bigint',
  b: 'boolean',
  d: 'date',
  at: 'timestamptz',
  j: 'jsonb',
  a: 'text[]',
  r: 'tstzrange',
} as never;

beforeAll(async () => {
  store = await freshStore();
  await store.exec(`create table bulk_probe (
    id int primary key, t text, n bigint, b boolean, d date, at timestamptz, j jsonb, a text[], r tstzrange)`);
});
afterAll(async () => store?.drop());

const AWKWARD = [
  'plain',
  'with "double" quotes',
  "with 'single' quotes",
  'back\\slash \\" and \\\\',
  '{braces},commas',
  'NULL',
  '',
  ' spaces around ',
  'Peña Ñuñoa ü 😀',
  'line\nbreak\ttab',
];

describe('insertRows', () => {
  it('writes every value back exactly as given, awkward text included', async () => {
    const rows = AWKWARD.map((t, i) => ({
      id: i,
      t,
      n: 2 ** 40 + i,
      b: i % 2 === 0,
      d: `2024-02-${String(10 + i).padStart(2, '0')}`,
      at: new Date(Date.UTC(2024, 1, 1, 12, 0, i, 123)),
      j: { text: t, list: [t, null, 1.5], nested: { ok: true } },
      a: i === 0 ? [] : [t, 'second', t],
      r: `[${new Date(Date.UTC(2024, 0, 1 + i)).toISOString()},)`,
    }));
    await store.db
      .transaction()
      .execute((trx) => insertRows(trx, 'bulk_probe' as 'person', PROBE_COLUMNS, rows as never));
    const back = await sql<{
      id: number;
      t: string;
      n: string;
      b: boolean;
      d: string;
      at: Date;
      j: unknown;
      a: string[];
      lower: Date;
      upper: Date | null;
    }>`select id, t, n::text as n, b, d::text as d, at, j, a, lower(r) as lower, upper(r) as upper from bulk_probe order by id`.execute(
      store.db,
    );
    expect(back.rows).toHaveLength(rows.length);
    for (const [i, r] of back.rows.entries()) {
      const want = rows[i] as (typeof rows)[number];
      expect(r.t).toBe(want.t);
      expect(r.n).toBe(String(want.n));
      expect(r.b).toBe(want.b);
      expect(r.d).toBe(want.d);
      expect(new Date(r.at).toISOString()).toBe(want.at.toISOString());
      expect(r.j).toEqual(want.j);
      expect(r.a).toEqual(want.a);
      expect(new Date(r.lower).toISOString()).toBe(want.r.slice(1, -2));
      expect(r.upper).toBeNull();
    }
  });

  it('keeps nulls null, in every kind of column', async () => {
    await store.db
      .transaction()
      .execute((trx) =>
        insertRows(trx, 'bulk_probe' as 'person', PROBE_COLUMNS, [
          { id: 100, t: null, n: null, b: null, d: null, at: null, j: null, a: null, r: null },
        ] as never),
      );
    const [r] = (await sql`select * from bulk_probe where id = 100`.execute(store.db)).rows as Record<
      string,
      unknown
    >[];
    expect(Object.entries(r ?? {}).filter(([k, v]) => k !== 'id' && v !== null)).toEqual([]);
  });

  it('writes thousands of rows in one statement, and none for an empty batch', async () => {
    const n = 5000;
    const before = Number(
      (await sql<{ n: number }>`select count(*)::int as n from bulk_probe`.execute(store.db)).rows[0]?.n,
    );
    await store.db.transaction().execute(async (trx) => {
      await insertRows(trx, 'bulk_probe' as 'person', { id: 'int', t: 'text' } as never, [] as never);
      await insertRows(
        trx,
        'bulk_probe' as 'person',
        { id: 'int', t: 'text' } as never,
        Array.from({ length: n }, (_, i) => ({ id: 1000 + i, t: `row ${i}` })) as never,
      );
    });
    const after = await sql<{
      n: number;
      last: string;
    }>`select count(*)::int as n, max(t) filter (where id = ${1000 + n - 1}) as last from bulk_probe`.execute(
      store.db,
    );
    expect(Number(after.rows[0]?.n) - before).toBe(n);
    expect(after.rows[0]?.last).toBe(`row ${n - 1}`);
  });

  it('writes nothing when one row breaks a constraint: the statement is all or nothing', async () => {
    const count = async () =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from bulk_probe`.execute(store.db)).rows[0]?.n,
      );
    const before = await count();
    await expect(
      store.db.transaction().execute((trx) =>
        insertRows(
          trx,
          'bulk_probe' as 'person',
          { id: 'int', t: 'text' } as never,
          [
            { id: 9000, t: 'new' },
            { id: 0, t: 'taken' },
          ] as never,
        ),
      ),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
  });
});
