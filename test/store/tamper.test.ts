/**
 * Issue 5: any single altered character in a stored register event is found by `audit verify`.
 *
 * The attacker here has the database: the append-only trigger does not stop them, they switch it off
 * (`set local session_replication_role = replica`, which works on PGlite and PostgreSQL alike, and
 * also skips the foreign key on `corrects`) and write what they like. The property alters one
 * character of the stored text of one column of one event, then checks that verification names that
 * event, and that writing the original value back verifies again.
 *
 * CUSTODIA_TAMPER_SEED=<n> replays a run (fast-check prints the seed of a failing one);
 * CUSTODIA_TAMPER_RUNS=<n> sets the cases per column (default 16; the payload gets three times as many).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../src/domain/register/chain.js';
import type { Db, Store } from '../../src/store/db.js';
import { EVENT_COLUMNS, rowToEvent, verifyRegister } from '../../src/store/register.js';
import { custodia } from '../helpers/cli.js';
import { type TestDb, testDb } from '../helpers/store.js';
import { fillRegister } from './register-fixture.js';

const SEED = process.env.CUSTODIA_TAMPER_SEED ? Number(process.env.CUSTODIA_TAMPER_SEED) : undefined;
const RUNS_PER_COLUMN = Number(process.env.CUSTODIA_TAMPER_RUNS ?? 16);
/** the payload, the richest column, gets three times the cases: about 200 tamperings in all */
const fcOptions = (column: string) => ({
  numRuns: column === 'payload' ? 3 * RUNS_PER_COLUMN : RUNS_PER_COLUMN,
  ...(SEED === undefined ? {} : { seed: SEED }),
});

/** Every stored column of custody_event, with its SQL type (checked against the table below). */
const COLUMNS = EVENT_COLUMNS;
type Column = keyof typeof COLUMNS;
const NULLABLE = new Set<Column>(['person_id', 'facility_code', 'corrects']);

/** One event as PostgreSQL prints it (times in UTC). */
type TextRow = Record<Column, string | null>;
/** A stored row: its number and its time as stored (text), the register's primary key. */
type Key = { seq: number; recordedAt: string };

/** The attacker's write: the append-only trigger (and the foreign key) off for this transaction only. */
async function asAttacker<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`set local timezone to 'UTC'`.execute(trx);
    await sql`set local datestyle to 'ISO, MDY'`.execute(trx);
    return fn(trx);
  });
}

async function textRows(db: Db): Promise<TextRow[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local timezone to 'UTC'`.execute(trx);
    await sql`set local datestyle to 'ISO, MDY'`.execute(trx);
    const cols = sql.join(
      (Object.keys(COLUMNS) as Column[]).map((c) => sql`${sql.ref(c)}::text as ${sql.ref(c)}`),
    );
    return (
      await sql<TextRow>`select ${cols} from custody_event order by custody_event.seq, custody_event.recorded_at`.execute(
        trx,
      )
    ).rows;
  });
}

// ---------------------------------------------------------------------------------------------------
// One character of a stored text, altered

/** Replacement characters: mostly ones that keep the text storable, some that will not, a few not ASCII. */
const replacement = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'0123456789') },
  { weight: 3, arbitrary: fc.constantFrom(...'abcdefxyzABCDEFXYZ') },
  { weight: 2, arbitrary: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('ñ', 'é', 'Ω', '€', '\u00a0', '😀') },
  // whitespace: in a jsonb's text, often no change at all once stored
  { weight: 1, arbitrary: fc.constantFrom('\t', '\n', '\r') },
);

interface Alteration {
  event: number;
  /** where in the text (modulo its length) */
  at: number;
  /** at a letter or digit (inside a value, a key, a number, a timestamp field), else anywhere */
  alnum: boolean;
  char: string;
  /** a nullable column's value set to null instead */
  toNull: boolean;
}

const alteration = fc.record({
  event: fc.nat(),
  at: fc.nat(),
  alnum: fc.nat({ max: 9 }).map((n) => n < 8),
  char: replacement,
  toNull: fc.nat({ max: 9 }).map((n) => n === 0),
});

/** The altered text, or null for a null. A null value gets the one-character value `char`. */
function alter(original: string | null, column: Column, a: Alteration): string | null {
  if (a.toNull && NULLABLE.has(column) && original !== null) return null;
  if (original === null) return a.char;
  const chars = [...original]; // by code point: a character of a multi-byte letter is not cut in two
  const alnum = chars.flatMap((c, i) => (/^[0-9A-Za-z]$/.test(c) ? [i] : []));
  const positions = a.alnum && alnum.length ? alnum : chars.map((_, i) => i);
  const i = positions[a.at % positions.length]!;
  chars[i] = a.char !== chars[i] ? a.char : chars[i] === '0' ? '1' : '0';
  return chars.join('');
}

type Written = { stored: string | null } | 'refused' | 'unchanged';

/**
 * Writes `value` (text, cast to the column's type) into the event whose seq is `seq`, as the attacker
 * would. 'refused' when the column's type or a constraint does not take it; 'unchanged' (and rolled
 * back) when the stored value is equal to `original` after all (e.g. jsonb dropping whitespace).
 */
async function write(
  db: Db,
  key: Key,
  column: Column,
  value: string | null,
  original: string | null,
): Promise<Written> {
  const type = sql.raw(COLUMNS[column]);
  const col = sql.ref(column);
  class Unchanged extends Error {}
  try {
    return await asAttacker(db, async (trx) => {
      const r = await sql<{ stored: string | null; same: boolean }>`update custody_event
        set ${col} = cast(${value} as ${type}) where seq = ${key.seq} and recorded_at = ${key.recordedAt}::timestamptz
        returning ${col}::text as stored, ${col} is not distinct from cast(${original} as ${type}) as same`.execute(
        trx,
      );
      expect(r.rows).toHaveLength(1);
      if (r.rows[0]!.same) throw new Unchanged();
      return { stored: r.rows[0]!.stored };
    });
  } catch (err) {
    if (err instanceof Unchanged) return 'unchanged';
    if (typeof (err as { code?: unknown }).code === 'string') return 'refused'; // an SQLSTATE
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------

describe('tampering with the stored register', () => {
  let db: TestDb;
  let store: Store;
  let original: TextRow[];
  let head: { ok: boolean; events: number; head: string };
  const stats: Record<string, { tampered: number; refused: number; unchanged: number }> = {};

  /** Puts every event and the head back as they were (from the copy taken after filling). */
  async function restoreAll() {
    await asAttacker(store.db, async (trx) => {
      await sql`delete from custody_event`.execute(trx);
      await sql`insert into custody_event select * from tamper_test_pristine_event`.execute(trx);
      await sql`update register_head set seq = p.seq, hash = p.hash from tamper_test_pristine_head p
        where register_head.id = 1`.execute(trx);
    });
    expect(await textRows(store.db)).toEqual(original);
    expect(await verifyRegister(store.db)).toEqual({ ...head, problems: [] });
  }

  beforeAll(async () => {
    db = await testDb();
    store = await db.open();
    await fillRegister(store.db);
    original = await textRows(store.db);
    const r = await verifyRegister(store.db);
    expect(r.ok).toBe(true);
    head = { ok: r.ok, events: r.events, head: r.head };
    await store.exec(`create table tamper_test_pristine_event as select * from custody_event;
      create table tamper_test_pristine_head as select * from register_head;`);
  });
  afterAll(async () => {
    // what the property exercised, for whoever reads the log
    console.log(`tamper cases per column (seed ${SEED ?? 'random'}):`, stats);
    await store.close();
    await db.drop();
  });

  it('has a realistic register, and the property knows every column of custody_event', async () => {
    expect(original.length).toBeGreaterThanOrEqual(45);
    const kinds = new Set(original.map((r) => r.kind));
    for (const k of [
      'facility.created',
      'group.created',
      'regime.set',
      'custody.admitted',
      'custody.moved',
      'custody.released',
      'record.corrected',
    ])
      expect(kinds).toContain(k);
    expect(original.some((r) => r.corrects !== null)).toBe(true);
    expect(original.some((r) => r.person_id === null)).toBe(true);
    expect(original.some((r) => /[ñéáíóú]/.test(r.payload!))).toBe(true);
    const cols = await sql<{ column_name: string; data_type: string }>`select column_name, data_type
      from information_schema.columns where table_name = 'custody_event' order by column_name`.execute(
      store.db,
    );
    const short: Record<string, string> = {
      bigint: 'bigint',
      'timestamp with time zone': 'timestamptz',
      text: 'text',
      jsonb: 'jsonb',
    };
    expect(
      Object.fromEntries(cols.rows.map((c) => [c.column_name, short[c.data_type] ?? c.data_type])),
    ).toEqual(COLUMNS);
  });

  it.each(Object.keys(COLUMNS) as Column[])(
    'finds one character altered in %s, and verifies once it is put back',
    async (column) => {
      const s = { tampered: 0, refused: 0, unchanged: 0 };
      stats[column] = s;
      await fc.assert(
        fc.asyncProperty(alteration, async (a) => {
          const row = original[a.event % original.length]!;
          const seq = Number(row.seq);
          const before = row[column];
          const after = alter(before, column, a);
          const w = await write(store.db, { seq, recordedAt: row.recorded_at! }, column, after, before);
          if (w === 'refused' || w === 'unchanged') {
            s[w]++;
            fc.pre(false);
            return;
          }
          s.tampered++;
          const now = column === 'seq' ? Number(w.stored) : seq;
          try {
            const r = await verifyRegister(store.db);
            expect(r.ok, `${column} of event ${seq}: ${before} → ${w.stored}`).toBe(false);
            // the event itself is named (under its new number, when that is what changed) …
            expect(r.problems).toContainEqual({ seq: now, problem: 'hash' });
            // … and a changed number leaves a gap behind it
            if (column === 'seq' && seq < original.length)
              expect(r.problems).toContainEqual({ seq: seq + 1, problem: 'gap' });
          } finally {
            const key = { seq: now, recordedAt: column === 'recorded_at' ? w.stored! : row.recorded_at! };
            const back = await write(store.db, key, column, before, w.stored);
            expect(back).toEqual({ stored: before });
          }
          expect((await textRows(store.db))[original.indexOf(row)]).toEqual(row);
          expect(await verifyRegister(store.db)).toEqual({ ...head, problems: [] });
        }),
        fcOptions(column),
      );
      expect(s.tampered).toBeGreaterThan(0);
    },
  );

  it('leaves out alterations that store the same value (these are no tampering)', async () => {
    const row = original[0]!;
    const payload = row.payload!.replace(': ', ':\n'); // jsonb keeps no whitespace
    expect(payload).not.toBe(row.payload);
    const first = { seq: 1, recordedAt: row.recorded_at! };
    expect(await write(store.db, first, 'payload', payload, row.payload)).toBe('unchanged');
    const time = row.recorded_at!.replace('+00', '-00'); // the same instant
    expect(time).not.toBe(row.recorded_at);
    expect(await write(store.db, first, 'recorded_at', time, row.recorded_at)).toBe('unchanged');
    expect(await write(store.db, first, 'seq', ' 1', row.seq)).toBe('unchanged');
    expect(await write(store.db, first, 'payload', row.payload!.replace('{', '['), row.payload)).toBe(
      'refused',
    );
    expect(await textRows(store.db)).toEqual(original);
  });

  it('finds a number given to a second event (the primary key holds the time too)', async () => {
    const row = original[0]!;
    // only the insert trigger kept numbers apart; an attacker who bypasses triggers can store one twice
    const w = await write(store.db, { seq: 1, recordedAt: row.recorded_at! }, 'seq', '2', row.seq);
    expect(w).toEqual({ stored: '2' });
    try {
      const r = await verifyRegister(store.db);
      expect(r.ok).toBe(false);
      expect(r.problems).toContainEqual({ seq: 2, problem: 'gap' });
      expect(r.problems).toContainEqual({ seq: 2, problem: 'hash' });
      expect(r.events).toBe(original.length); // both events numbered 2 were read
    } finally {
      expect(await write(store.db, { seq: 2, recordedAt: row.recorded_at! }, 'seq', '1', '2')).toEqual({
        stored: '1',
      });
    }
    expect(await verifyRegister(store.db)).toEqual({ ...head, problems: [] });
  });

  it('still has its append-only trigger after all that', async () => {
    await expect(
      sql`update custody_event set actor = 'mallory' where seq = 3`.execute(store.db),
    ).rejects.toThrow(/append-only/);
    expect(await textRows(store.db)).toEqual(original);
  });

  it('finds a time moved by a microsecond, which a Date read back would not show', async () => {
    for (const column of ['recorded_at', 'effective_at'] as const) {
      for (const seq of [1, 20, original.length]) {
        await asAttacker(store.db, (trx) =>
          sql`update custody_event set ${sql.ref(column)} = ${sql.ref(column)} + interval '1 microsecond'
            where seq = ${seq}`.execute(trx),
        );
        try {
          const r = await verifyRegister(store.db);
          expect(r.ok).toBe(false);
          expect(r.problems).toEqual([{ seq, problem: 'hash' }]);
        } finally {
          await restoreAll();
        }
      }
    }
  });

  it('reports, rather than fails on, a time no event can hold', async () => {
    for (const time of ['infinity', '-infinity', '290000-01-01 00:00:00+00']) {
      await asAttacker(store.db, (trx) =>
        sql`update custody_event set effective_at = ${time}::timestamptz where seq = 5`.execute(trx),
      );
      try {
        const r = await verifyRegister(store.db);
        expect(r.ok).toBe(false);
        expect(r.problems).toEqual([{ seq: 5, problem: 'hash' }]);
      } finally {
        await restoreAll();
      }
    }
  });

  it('finds an event slipped in before the first, with a seq of 0 or less', async () => {
    for (const seq of [0, -7]) {
      await asAttacker(store.db, (trx) =>
        sql`insert into custody_event select ${seq}::bigint, recorded_at, effective_at, actor, kind, person_id,
          facility_code, corrects, payload, prev_hash, hash from custody_event where seq = 1`.execute(trx),
      );
      try {
        const r = await verifyRegister(store.db);
        expect(r.ok).toBe(false);
        expect(r.problems).toContainEqual({ seq, problem: 'gap' });
      } finally {
        await restoreAll();
      }
    }
  });

  it('finds an event deleted in the middle', async () => {
    const seq = Math.floor(original.length / 2);
    await asAttacker(store.db, (trx) => sql`delete from custody_event where seq = ${seq}`.execute(trx));
    try {
      const r = await verifyRegister(store.db);
      expect(r.ok).toBe(false);
      expect(r.events).toBe(original.length - 1);
      expect(r.problems).toEqual([
        { seq: seq + 1, problem: 'gap' },
        { seq: seq + 1, problem: 'prev-hash' },
      ]);
    } finally {
      await restoreAll();
    }
  });

  it('finds a cut-off tail by the head; with the head rewound too, only an anchor finds it', async () => {
    const last = original.at(-1)!;
    const prev = original.at(-2)!;
    const n = original.length;
    await asAttacker(store.db, (trx) => sql`delete from custody_event where seq = ${n}`.execute(trx));
    try {
      const cut = await verifyRegister(store.db);
      expect(cut.ok).toBe(false);
      expect(cut.problems).toEqual([{ seq: n, problem: 'head' }]);

      // the head is an ordinary row: whoever can delete events can rewind it
      await asAttacker(store.db, (trx) =>
        sql`update register_head set seq = ${n - 1}, hash = ${prev.hash} where id = 1`.execute(trx),
      );
      const rewound = await verifyRegister(store.db);
      expect(rewound).toEqual({ ok: true, events: n - 1, head: prev.hash, problems: [] }); // not detectable alone

      // an inspector who wrote down the head before knows better
      const anchored = await verifyRegister(store.db, { anchors: [{ seq: n, hash: last.hash! }] });
      expect(anchored.ok).toBe(false);
      expect(anchored.problems).toEqual([{ seq: n, problem: 'anchor' }]);
      // an anchor behind the cut still holds: nothing up to it was touched
      expect((await verifyRegister(store.db, { anchors: [{ seq: n - 1, hash: prev.hash! }] })).ok).toBe(true);
    } finally {
      await restoreAll();
    }
    expect((await verifyRegister(store.db, { anchors: [{ seq: n, hash: last.hash! }] })).ok).toBe(true);
  });

  it('finds a consistently rewritten chain only with an anchor, from the API and the CLI', async () => {
    const n = original.length;
    const released = original.find((r) => r.kind === 'custody.released')!;
    const k = Number(released.seq);
    const anchorBefore = { seq: k - 1, hash: original[k - 2]!.hash! };
    const anchorAt = { seq: k, hash: released.hash! };
    const anchorHead = { seq: n, hash: original[n - 1]!.hash! };

    // the attacker changes the release reason, then re-hashes every event from there and the head
    const events = (await store.db.selectFrom('custody_event').selectAll().orderBy('seq').execute()).map(
      rowToEvent,
    );
    let prevHash = events[k - 2]!.hash;
    const rewritten = events.slice(k - 1).map((e) => {
      const payload =
        e.seq === k ? { ...(e.payload as Record<string, unknown>), reason: 'Fuga' } : (e.payload as unknown);
      const hash = eventHash(prevHash, { ...e, payload });
      const out = { seq: e.seq, payload, prevHash, hash };
      prevHash = hash;
      return out;
    });
    await asAttacker(store.db, async (trx) => {
      for (const e of rewritten) {
        await sql`update custody_event set payload = ${JSON.stringify(e.payload)}::jsonb, prev_hash = ${e.prevHash},
          hash = ${e.hash} where seq = ${e.seq}`.execute(trx);
      }
      await sql`update register_head set hash = ${prevHash} where id = 1`.execute(trx);
    });
    try {
      const plain = await verifyRegister(store.db);
      expect(plain).toEqual({ ok: true, events: n, head: prevHash, problems: [] });
      expect(plain.head).not.toBe(head.head);

      expect((await verifyRegister(store.db, { anchors: [anchorBefore] })).ok).toBe(true);
      for (const anchor of [anchorAt, anchorHead]) {
        const r = await verifyRegister(store.db, { anchors: [anchorBefore, anchor] });
        expect(r.ok).toBe(false);
        expect(r.problems).toEqual([{ seq: anchor.seq, problem: 'anchor' }]);
      }
      // an anchor past the end: the event is missing
      expect(
        (await verifyRegister(store.db, { anchors: [{ seq: n + 5, hash: prevHash }] })).problems,
      ).toEqual([{ seq: n + 5, problem: 'anchor' }]);

      await store.close(); // the embedded database belongs to one process at a time
      try {
        const ok = await custodia(db, [
          'audit',
          'verify',
          '--anchor',
          `${anchorBefore.seq}:${anchorBefore.hash}`,
        ]);
        expect(ok.code).toBe(0);
        expect(ok.stdout).toBe(`ok: ${n} events verify; head ${prevHash}; 1 anchor(s) match\n`);
        const caught = await custodia(db, [
          'audit',
          'verify',
          '--anchor',
          `${anchorBefore.seq}:${anchorBefore.hash}`,
          '--anchor',
          `${anchorHead.seq}:${anchorHead.hash.toUpperCase()}`, // as written down by hand
        ]);
        expect(caught.code).toBe(1);
        expect(caught.stdout).toBe(`NOT OK: 1 problem(s) in ${n} events\n  event ${n}: anchor\n`);
        const bad = await custodia(db, ['audit', 'verify', '--anchor', `${n}-${anchorHead.hash}`]);
        expect(bad.code).not.toBe(0);
        expect(bad.stdout).toMatch(/--anchor.*seq:hash/);
      } finally {
        store = await db.open();
      }
    } finally {
      await restoreAll();
    }
  });
});
