import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { type TestDb, testDb } from '../helpers/store.js';

/**
 * docs/scaling.md against the real schema: the table at its end names every table the migrations
 * create with its Citus role, and every key, unique index, exclusion constraint and foreign key that
 * would not survive that distribution as it stands is named (in backticks) in the text.
 */

const DOC = readFileSync(new URL('../../docs/scaling.md', import.meta.url), 'utf8');
const HEADER = /^\|\s*table\s*\|\s*Citus role\s*\|\s*distribution column\s*\|\s*$/;
const ROLES = ['distributed', 'reference', 'local'] as const;
type Role = (typeof ROLES)[number];
const NONE = '—';

interface DocRow {
  table: string;
  role: Role;
  /** null for `—` */
  column: string | null;
}

interface Schema {
  /** table → its columns */
  tables: Map<string, Set<string>>;
  /** primary keys, unique indexes and exclusion constraints, with their key columns */
  uniques: { table: string; index: string; constraint: string | null; columns: string[] }[];
  foreignKeys: { name: string; table: string; columns: string[]; refTable: string; refColumns: string[] }[];
}

const unquote = (cell: string) => cell.trim().replace(/^`(.*)`$/, '$1');
const named = (doc: string, name: string) => doc.includes(`\`${name}\``);

/** The table that ends the document: its rows, and what is malformed in it. */
function parseTable(doc: string): { rows: DocRow[]; problems: string[] } {
  const lines = doc.split('\n');
  const start = lines.findLastIndex((l) => HEADER.test(l));
  if (start < 0) return { rows: [], problems: ['no table `| table | Citus role | distribution column |`'] };
  const problems: string[] = [];
  if (!/^\|(\s*:?-+:?\s*\|){3}\s*$/.test(lines[start + 1] ?? ''))
    problems.push('the table has no separator line');
  const rows: DocRow[] = [];
  let i = start + 2;
  for (; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const cells = lines[i]!.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map(unquote);
    const [table, role, column] = cells;
    if (cells.length !== 3 || !table || !role || !column) {
      problems.push(`line ${i + 1}: not three cells: ${lines[i]}`);
      continue;
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      problems.push(`${table}: role "${role}" is not one of ${ROLES.join(', ')}`);
      continue;
    }
    rows.push({ table, role: role as Role, column: column === NONE ? null : column });
  }
  if (lines.slice(i).some((l) => l.trim() !== '')) problems.push('the table does not end the document');
  return { rows, problems };
}

/** Every index or constraint the document must name, given its roles: why, and by which names. */
function mustBeNamed(rows: DocRow[], schema: Schema): { what: string; names: string[] }[] {
  const role = new Map(rows.map((r) => [r.table, r]));
  const out: { what: string; names: string[] }[] = [];
  for (const u of schema.uniques) {
    const r = role.get(u.table);
    if (r?.role !== 'distributed' || !r.column || u.columns.includes(r.column)) continue;
    out.push({
      what: `${u.table}: ${u.constraint ?? u.index} (${u.columns.join(', ') || 'an expression'}) lacks ${r.column}`,
      names: [...new Set([u.index, u.constraint ?? u.index])],
    });
  }
  for (const f of schema.foreignKeys) {
    const from = role.get(f.table);
    const to = role.get(f.refTable);
    if (!from || !to) continue;
    let why: string | null = null;
    if (from.role === 'distributed' && to.role === 'distributed') {
      const paired = f.columns.some((c, k) => c === from.column && f.refColumns[k] === to.column);
      if (!paired) why = `does not pair ${from.column} with ${to.column}`;
    } else if (to.role === 'distributed') {
      why = `points from a ${from.role} table to a distributed one`;
    } else if (from.role === 'distributed' && to.role === 'local') {
      why = 'points from a distributed table to a local one';
    }
    if (why) out.push({ what: `${f.table}: foreign key ${f.name} to ${f.refTable} ${why}`, names: [f.name] });
  }
  return out;
}

/** What the document gets wrong about the schema; empty when nothing. */
function problems(doc: string, schema: Schema): string[] {
  const { rows, problems: out } = parseTable(doc);
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.table, (count.get(r.table) ?? 0) + 1);
  for (const t of schema.tables.keys()) {
    const n = count.get(t) ?? 0;
    if (n !== 1) out.push(`${t}: in the schema, listed ${n} times in the document`);
  }
  for (const r of rows) {
    const columns = schema.tables.get(r.table);
    if (!columns) {
      out.push(`${r.table}: listed in the document, not in the schema`);
      continue;
    }
    if (r.role === 'distributed' && r.column === null) out.push(`${r.table}: distributed by no column`);
    if (r.role !== 'distributed' && r.column !== null)
      out.push(`${r.table}: ${r.role}, yet a distribution column (${r.column}) is given`);
    if (r.column !== null && !columns.has(r.column)) out.push(`${r.table}: has no column ${r.column}`);
  }
  for (const m of mustBeNamed(rows, schema))
    if (!m.names.some((n) => named(doc, n))) out.push(`${m.what}, and the document does not name it`);
  return out;
}

const list = (s: string | null) => (s ? s.split(',') : []);

async function readSchema(store: Store): Promise<Schema> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`.execute(store.db);
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = 'public'`.execute(
    store.db,
  );
  const uniques = await sql<{
    table: string;
    index: string;
    constraint: string | null;
    columns: string | null;
  }>`
    select t.relname as table, i.relname as index, con.conname as constraint,
      (select string_agg(a.attname::text, ',' order by k.n)
        from unnest(x.indkey::int2[]) with ordinality as k(attnum, n)
        join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
        where k.n <= x.indnkeyatts) as columns
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    left join pg_constraint con
      on con.conindid = x.indexrelid and con.conrelid = t.oid and con.contype in ('p', 'u', 'x')
    where n.nspname = 'public' and (x.indisunique or x.indisexclusion) and not t.relispartition`.execute(
    store.db,
  );
  const fks = await sql<{
    name: string;
    table: string;
    columns: string | null;
    ref_table: string;
    ref_columns: string | null;
  }>`
    select con.conname as name, t.relname as table, r.relname as ref_table,
      (select string_agg(a.attname::text, ',' order by k.n)
        from unnest(con.conkey) with ordinality as k(attnum, n)
        join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns,
      (select string_agg(a.attname::text, ',' order by k.n)
        from unnest(con.confkey) with ordinality as k(attnum, n)
        join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as ref_columns
    from pg_constraint con
    join pg_class t on t.oid = con.conrelid
    join pg_class r on r.oid = con.confrelid
    join pg_namespace n on n.oid = t.relnamespace
    where con.contype = 'f' and n.nspname = 'public' and con.conparentid = 0
      and not t.relispartition and not r.relispartition`.execute(store.db);
  const byTable = new Map(tables.rows.map((t) => [t.name, new Set<string>()]));
  for (const c of columns.rows) byTable.get(c.table_name)?.add(c.column_name);
  return {
    tables: byTable,
    uniques: uniques.rows.map((u) => ({ ...u, columns: list(u.columns) })),
    foreignKeys: fks.rows.map((f) => ({
      name: f.name,
      table: f.table,
      columns: list(f.columns),
      refTable: f.ref_table,
      refColumns: list(f.ref_columns),
    })),
  };
}

describe('docs/scaling.md against the schema', () => {
  let db: TestDb;
  let store: Store;
  let schema: Schema;

  beforeAll(async () => {
    db = await testDb();
    store = await db.open();
    schema = await readSchema(store);
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('reads the schema it checks against', () => {
    // the tables of migrations 1-6 and the migration ledger; the register's year partitions are not tables
    for (const t of ['schema_migration', 'custody_event', 'stay', 'access_log', 'incident'])
      expect(schema.tables.has(t), t).toBe(true);
    expect([...schema.tables.keys()].some((t) => t.startsWith('custody_event_'))).toBe(false);
    expect(schema.tables.get('custody_event')).toContain('recorded_at');
    expect(schema.uniques.find((u) => u.constraint === 'stay_no_overlap')?.columns).toEqual([
      'person_id',
      'during',
    ]);
    expect(schema.uniques.find((u) => u.index === 'custody_event_pkey')?.columns).toEqual([
      'seq',
      'recorded_at',
    ]);
    expect(schema.foreignKeys.find((f) => f.name === 'stay_custody_id_fkey')).toMatchObject({
      table: 'stay',
      columns: ['custody_id'],
      refTable: 'custody',
      refColumns: ['id'],
    });
  });

  it('lists every table once with a role and a real distribution column, and names every key that must change', () => {
    expect(problems(DOC, schema)).toEqual([]);
    expect(parseTable(DOC).rows.length).toBe(schema.tables.size);
  });

  it('would notice a table left out, listed twice, or not in the schema', () => {
    const row = DOC.split('\n').find((l) => l.startsWith('| `custody` |'))!;
    expect(row).toBeDefined();
    expect(problems(DOC.replace(`${row}\n`, ''), schema)).toContain(
      'custody: in the schema, listed 0 times in the document',
    );
    expect(problems(DOC.replace(row, `${row}\n${row}`), schema)).toContain(
      'custody: in the schema, listed 2 times in the document',
    );
    expect(problems(`${DOC.trimEnd()}\n| \`custody_archive\` | local | — |\n`, schema)).toContain(
      'custody_archive: listed in the document, not in the schema',
    );
    expect(problems(`${DOC.trimEnd()}\n\nA last word.\n`, schema)).toContain(
      'the table does not end the document',
    );
  });

  it('would notice a distribution column the table does not have, or a role without its column', () => {
    const row = DOC.split('\n').find((l) => l.startsWith('| `custody` |'))!;
    expect(problems(DOC.replace(row, '| `custody` | distributed | `prison_code` |'), schema)).toContain(
      'custody: has no column prison_code',
    );
    expect(problems(DOC.replace(row, '| `custody` | distributed | — |'), schema)).toContain(
      'custody: distributed by no column',
    );
    expect(problems(DOC.replace(row, '| `custody` | sharded | `facility_code` |'), schema)).toContain(
      'custody: role "sharded" is not one of distributed, reference, local',
    );
  });

  it('would notice any key, unique index or foreign key that must change left unnamed', () => {
    const required = mustBeNamed(parseTable(DOC).rows, schema);
    // with facility_code as the key, at least the primary keys on ids and the per-person constraints
    expect(required.length).toBeGreaterThan(5);
    for (const m of required) {
      let unnamed = DOC;
      for (const n of m.names) unnamed = unnamed.replaceAll(`\`${n}\``, n);
      expect(problems(unnamed, schema)).toContain(`${m.what}, and the document does not name it`);
    }
  });

  it('would notice the per-person constraints if the document distributed by facility without naming them', () => {
    const rows = parseTable(DOC).rows;
    const stay = rows.find((r) => r.table === 'stay');
    expect(stay).toMatchObject({ role: 'distributed', column: 'facility_code' });
    const what = mustBeNamed(rows, schema).map((m) => m.what);
    expect(what).toContain('stay: stay_no_overlap (person_id, during) lacks facility_code');
    expect(what).toContain('custody: custody_open_person (person_id) lacks facility_code');
    expect(what).toContain(
      'stay: foreign key stay_custody_id_fkey to custody does not pair facility_code with facility_code',
    );
  });
});
