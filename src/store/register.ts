import { setImmediate } from 'node:timers/promises';
import { type Selectable, sql, type Transaction } from 'kysely';
import {
  type Anchor,
  ChainVerifier,
  eventHash,
  type HashedEvent,
  parsePage,
  type StoredEvent,
} from '../domain/register/chain.js';
import { decodeEvent, type EventKind, type RegisterEvent } from '../domain/register/events.js';
import { insertRows } from './bulk.js';
import { announce } from './changes.js';
import type { Db } from './db.js';
import { type IdempotencyScope, idempotency } from './idempotency.js';
import type { DB } from './schema.js';

export type Trx = Transaction<DB>;

/** What every write takes besides its input: the time it happens and a scope check per facility. */
export interface WriteOptions {
  now?: Date;
  /** throws when the caller may not act on this facility */
  authorize?: (facility: string) => void;
}

/** When an event takes effect, and whom and where it concerns. */
interface EventFacts {
  effectiveAt: Date;
  personId?: string | null;
  facility?: string | null;
  corrects?: number | null;
}

/** An event to append: a kind with its payload (src/domain/register/events.ts), and its facts. */
export type NewEvent<K extends EventKind = EventKind> = EventFacts & RegisterEvent<K>;

/** An event read back for the application: its payload in the current shape of its kind. */
export type ReadEvent = Omit<StoredEvent, 'kind' | 'payload'> & RegisterEvent;

/** Every stored column of the register, with its SQL type (the tamper tests check it against the table). */
export const EVENT_COLUMNS = {
  seq: 'bigint',
  recorded_at: 'timestamptz',
  effective_at: 'timestamptz',
  actor: 'text',
  kind: 'text',
  person_id: 'text',
  facility_code: 'text',
  corrects: 'bigint',
  payload: 'jsonb',
  prev_hash: 'text',
  hash: 'text',
} as const;

/**
 * A write transaction. It locks the register head before anything else, so writers run one after
 * another: every check sees the effects of every earlier write, and no two writers can deadlock.
 * (Appends are serialised by the chain anyway; this only moves the lock to the start.)
 */
export async function withRegister<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  const scope = idempotency.getStore();
  if (scope) return idempotentWrite(scope, db, fn);
  const result = await db.transaction().execute(async (trx) => {
    await trx.selectFrom('register_head').select('seq').where('id', '=', 1).forUpdate().execute();
    return fn(trx);
  });
  // committed: caches of what the register decides (the live roll) are stale from now
  announce('register');
  return result;
}

/**
 * A write of an idempotent request (src/store/idempotency.ts): the transaction claims the key, and
 * stays open after `fn` until the API stores the answer and commits (or rolls back a refusal). A second
 * write of the same request runs inside the same transaction.
 */
async function idempotentWrite<T>(scope: IdempotencyScope, db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  // a second write of the request: inside the open transaction, as a savepoint (request-scope.ts)
  if (scope.trx) return db.transaction().execute(fn);
  const trx = await scope.begin(db);
  try {
    return await fn(trx);
  } catch (err) {
    await scope.rollback().catch(() => {});
    throw err;
  }
}

/**
 * Appends events to the register inside the caller's transaction. The register head row is
 * locked first, so appends are serialised and the chain has no forks or gaps. Answers one stored
 * event per event given, in the same order (so a single event answers a single stored one).
 */
export async function appendEvents(
  trx: Trx,
  actor: string,
  events: [NewEvent],
  recordedAt?: Date,
): Promise<[StoredEvent]>;
export async function appendEvents(
  trx: Trx,
  actor: string,
  events: NewEvent[],
  recordedAt?: Date,
): Promise<StoredEvent[]>;
export async function appendEvents(
  trx: Trx,
  actor: string,
  events: NewEvent[],
  recordedAt = new Date(),
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const head = await trx
    .selectFrom('register_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  let prevHash = head.hash;
  let seq = head.seq;
  const stored: StoredEvent[] = events.map((e) => {
    seq += 1;
    const body = {
      seq,
      recordedAt,
      effectiveAt: e.effectiveAt,
      actor,
      kind: e.kind,
      personId: e.personId ?? null,
      facility: e.facility ?? null,
      corrects: e.corrects ?? null,
      // what is hashed is exactly what jsonb will hand back
      payload: JSON.parse(JSON.stringify(e.payload)) as unknown,
    };
    const hash = eventHash(prevHash, body);
    const s = { ...body, prevHash, hash };
    prevHash = hash;
    return s;
  });
  await insertRows(
    trx,
    'custody_event',
    EVENT_COLUMNS,
    stored.map((e) => ({
      seq: e.seq,
      recorded_at: e.recordedAt,
      effective_at: e.effectiveAt,
      actor: e.actor,
      kind: e.kind,
      person_id: e.personId,
      facility_code: e.facility,
      corrects: e.corrects,
      payload: JSON.stringify(e.payload),
      prev_hash: e.prevHash,
      hash: e.hash,
    })),
  );
  await trx.updateTable('register_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
  return stored;
}

/** A stored row exactly as stored (what its hash covers): for verifying the chain. */
export function rowToEvent(r: Selectable<DB['custody_event']>): StoredEvent {
  return {
    seq: r.seq,
    recordedAt: r.recorded_at,
    effectiveAt: r.effective_at,
    actor: r.actor,
    kind: r.kind,
    personId: r.person_id,
    facility: r.facility_code,
    corrects: r.corrects,
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** A stored row as the application reads it: typed, its payload decoded (legacy field names read). */
export function readEvent(r: Selectable<DB['custody_event']>): ReadEvent {
  return decodeEvent(rowToEvent(r));
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  head: string;
  problems: { seq: number; problem: string }[];
}

export interface VerifyOptions {
  /** heads written down earlier: each event must still be there with that hash */
  anchors?: readonly Anchor[];
  /** events per page read (default 1000: on PGlite a page is read on the event loop, in one piece) */
  pageSize?: number;
  /**
   * told once the head is read (0 so far), then after every slice of events hashed: how many so far,
   * and the head's seq when it started
   */
  onProgress?: (checked: number, total: number) => void;
  /** the longest a slice of hashing runs before the event loop turns (ms; 0: every 64 events) */
  sliceMs?: number;
  /**
   * hashes a page (the JSON of PageRow, src/domain/register/chain.ts) elsewhere: `hashPage` in a
   * worker thread. While it does, the next page is read. Without it, pages are hashed here in slices.
   */
  hasher?: (page: string) => Promise<HashedEvent[]>;
}

/** Hashing goes on at most this long (ms) before the event loop turns: other requests run between. */
const SLICE_MS = 50;
/** How often the end is read again when writes keep arriving while it is reached */
const SETTLE = 5;

/**
 * Recomputes the whole chain and checks it against the register head and any anchors given. Read
 * page by page in short statements (no transaction held open: on PGlite, one connection, other
 * requests run between pages; on PostgreSQL, no snapshot held back for minutes). A page is one JSON
 * text built by the database (PageRow), parsed in one piece where it is hashed: by `hasher` (a worker
 * thread) while the next page is read, or here in slices of at most 50 ms (`sliceMs`) that yield to
 * the event loop. Writes meanwhile are no problem: a
 * write commits its events and the head together, so once the end is reached the head is read
 * again, and the events after it read on, until the last event read is the head (an event stored
 * past the head, written around the application, stays a problem); if writes keep coming, the last
 * pass stops at the head it read.
 */
export async function verifyRegister(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 1000;
  const sliceMs = opts.sliceMs ?? SLICE_MS;
  const readHead = () =>
    db.selectFrom('register_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  let head = await readHead();
  const total = head.seq;
  // the length is known before the first event is read: told at once
  opts.onProgress?.(0, total);
  const v = new ChainVerifier({ anchors: opts.anchors ?? [] });
  // no lower bound on the first page: an event stored with a seq of 0 or less is read (and found) too;
  // pages follow the primary key (seq, recorded_at), so a number stored twice is read twice
  const page = async (after: { seq: number; recordedAt: string } | null) => {
    const where = [
      ...(after === null ? [] : [sql`(seq, recorded_at) > (${after.seq}, ${after.recordedAt}::timestamptz)`]),
      ...(upTo === null ? [] : [sql`seq <= ${upTo}`]),
    ];
    const r = await sql<{ n: number; last_seq: number | null; last_key: string | null; rows: string | null }>`
      select count(*)::int as n,
        -- the key exactly as stored (a Date would drop microseconds)
        (array_agg(seq order by seq desc, recorded_at desc))[1] as last_seq,
        (array_agg(recorded_at::text order by seq desc, recorded_at desc))[1] as last_key,
        json_agg(json_build_array(seq,
          (extract(epoch from recorded_at) * 1000)::float8, (extract(epoch from effective_at) * 1000)::float8,
          actor, kind, person_id, facility_code, corrects, prev_hash, hash, payload,
          -- events are written with millisecond times (a Date's precision): a stored time with
          -- microseconds was not written here, and the Date read back would hide them from the hash
          recorded_at = date_trunc('milliseconds', recorded_at) and effective_at = date_trunc('milliseconds', effective_at)
        ) order by seq, recorded_at)::text as rows
      from (
        select * from custody_event
        ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
        order by seq, recorded_at
        limit ${pageSize}
      ) e`.execute(db);
    const row = r.rows[0];
    return {
      n: row?.n ?? 0,
      last:
        row?.last_seq == null || row.last_key == null
          ? null
          : { seq: row.last_seq, recordedAt: row.last_key },
      json: row?.rows ?? '[]',
    };
  };
  let after: { seq: number; recordedAt: string } | null = null;
  /** set when writes keep coming: the last pass reads up to the head read last, and stops there */
  let upTo: number | null = null;
  let settle = 0;
  // the next page is asked for before this one is hashed: the database reads while we hash
  let current = await page(null);
  for (;;) {
    if (current.last) after = current.last;
    const next = current.n === pageSize ? page(after) : null;
    // a failed prefetch is reported when awaited, not as an unhandled rejection meanwhile
    next?.catch(() => {});
    // the first page is hashed here (a register of one page never waits for a worker); the rest
    // by the hasher, while the next page is read
    if (opts.hasher && current.n > 0 && v.count > 0) {
      for (const e of await opts.hasher(current.json))
        v.pushHashed(e.seq, e.prevHash, e.hash, e.computed, e.exact);
    } else {
      const rows = parsePage(current.json);
      let since = performance.now();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] as (typeof rows)[number];
        v.push(r.event, r.exact);
        if (i % 64 === 63 && performance.now() - since >= sliceMs) {
          opts.onProgress?.(v.count, total);
          await setImmediate();
          since = performance.now();
        }
      }
    }
    opts.onProgress?.(v.count, total);
    // a page read from PGlite may resolve without the event loop turning: it turns here, once a page
    await setImmediate();
    if (next) {
      current = await next;
      continue;
    }
    if (upTo !== null) break;
    // the end: written meanwhile? then the head moved, and its events are there to read
    const now = await readHead();
    const moved = now.seq !== head.seq || now.hash !== head.hash;
    head = now;
    if (!moved) break;
    // every event up to a head read is committed (events and head commit together): a busy
    // register is read up to the head last read, and no further
    if (++settle > SETTLE) upTo = head.seq;
    current = await page(after);
  }
  return v.finish(head);
}
