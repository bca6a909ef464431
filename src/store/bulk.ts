import { type Insertable, sql } from 'kysely';
import type { Trx } from './register.js';
import type { DB } from './schema.js';

/**
 * How a column travels in a set insert: as an array of this PostgreSQL type, one parameter per
 * column. `json` and `text[]` travel as JSON text (a JSON array for `text[]`) and are turned back in
 * SQL, so no array literal is ever written by hand; `tstzrange` travels as its text form.
 */
export type ColumnKind =
  | 'text'
  | 'int'
  | 'bigint'
  | 'boolean'
  | 'date'
  | 'timestamptz'
  | 'jsonb'
  | 'text[]'
  | 'tstzrange';

/** The columns written and their kinds, for one table. */
export type Columns<T extends keyof DB> = Partial<Record<keyof Insertable<DB[T]> & string, ColumnKind>>;

const PARAM: Record<ColumnKind, string> = {
  text: 'text[]',
  int: 'int[]',
  bigint: 'bigint[]',
  boolean: 'boolean[]',
  date: 'text[]',
  timestamptz: 'timestamptz[]',
  jsonb: 'text[]',
  'text[]': 'text[]',
  tstzrange: 'text[]',
};

/** One value as its column's array parameter carries it. */
function carried(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (kind === 'jsonb') return typeof v === 'string' ? v : JSON.stringify(v);
  if (kind === 'text[]') return JSON.stringify(v);
  return v;
}

/** The column's value back from what it travelled as (`c` is the unnested column). */
function restored(kind: ColumnKind, c: string) {
  const col = sql.ref(`r.${c}`);
  switch (kind) {
    case 'jsonb':
      return sql`${col}::jsonb`;
    case 'text[]':
      // null stays null; a JSON array becomes text[] (an empty one '{}')
      return sql`case when ${col} is null then null else array(select jsonb_array_elements_text(${col}::jsonb)) end`;
    case 'date':
      return sql`${col}::date`;
    case 'tstzrange':
      return sql`${col}::tstzrange`;
    default:
      return col;
  }
}

/**
 * Inserts rows into a table in one statement, whatever their number: each column is one array
 * parameter (`unnest`), so a batch of 2,000 admissions is one round trip per table, with no limit on
 * parameters and no statement text growing with the batch. Every row gives every column listed
 * (null for none); a column left out takes its default.
 */
export async function insertRows<T extends keyof DB & string>(
  trx: Trx,
  table: T,
  columns: Columns<T>,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  if (!rows.length) return;
  const cols = Object.entries(columns) as [string, ColumnKind][];
  const params = cols.map(([c, kind]) => {
    const values = rows.map((r) => carried(kind, (r as Record<string, unknown>)[c]));
    return sql`${values}::${sql.raw(PARAM[kind])}`;
  });
  const names = cols.map(([c]) => sql.ref(c));
  await sql`insert into ${sql.table(table)} (${sql.join(names)})
    select ${sql.join(cols.map(([c, kind]) => restored(kind, c)))}
    from unnest(${sql.join(params)}) as r(${sql.join(names)})`.execute(trx);
}
