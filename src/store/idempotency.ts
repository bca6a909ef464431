import { AsyncLocalStorage } from 'node:async_hooks';
import type { ControlledTransaction } from 'kysely';
import { announce } from './changes.js';
import type { Db } from './db.js';
import { type ConnectionHold, connectionHolds } from './request-scope.js';
import type { DB } from './schema.js';

/**
 * Idempotent writes (docs/decisions/0008-idempotency-keys.md). A write sent with an Idempotency-Key
 * runs in a request scope: its register transaction first claims the key (a row of idempotency_key,
 * unique per user), and stays open until the HTTP answer is known, which is stored in the same row
 * before the commit. So after any failure a retry finds either nothing (nothing was recorded: run it
 * again) or the key with the first answer (answer that again): never the write without its answer.
 */

/** What the API knows of an idempotent request before it runs. */
export interface IdempotentRequest {
  actor: string;
  key: string;
  /** sha-256 of the method, the path and the body */
  fingerprint: string;
  method: string;
  path: string;
}

/** A stored key: the request it was given to, and the answer that request got. */
export interface StoredKey {
  fingerprint: string;
  method: string;
  path: string;
  status: number | null;
  contentType: string | null;
  answer: string | null;
  firstSeq: number | null;
  lastSeq: number | null;
}

/** The columns of idempotency_key that name the request. */
const keyColumns = (r: IdempotentRequest) => ({
  actor: r.actor,
  key: r.key,
  fingerprint: r.fingerprint,
  method: r.method,
  path: r.path,
});

/** Thrown inside a write whose key another request has already used (the API answers from the key). */
export class KeyTaken extends Error {
  constructor(readonly stored: StoredKey) {
    super('idempotency key already used');
  }
}

/** How long an open idempotent transaction waits for its answer before it is rolled back. */
const ANSWER_WAIT_MS = 60_000;

/**
 * The request's transaction was rolled back because its answer did not come in time: nothing of it
 * is recorded, and it must not be answered as if it were (the API answers 503; a retry with the same
 * key runs it again).
 */
export class AnswerTimeout extends Error {
  constructor() {
    super('the write waited too long for its answer and was rolled back');
  }
}

/** One idempotent request: its key, and the transaction its write keeps open until the answer. */
export class IdempotencyScope implements ConnectionHold {
  capturing = false;
  held: ConnectionHold['held'] = null;
  refused = false;
  /** the open transaction of the write, between its claim and its answer */
  trx: ControlledTransaction<DB> | null = null;
  /** the key was claimed by a write of this request (register writes claim it in their transaction) */
  claimed = false;
  /** rolled back for want of an answer (AnswerTimeout): the request may write or answer no more */
  expired = false;
  private firstSeq = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly request: IdempotentRequest,
    /** how long the open transaction waits for its answer before it is rolled back */
    private readonly answerWaitMs = ANSWER_WAIT_MS,
  ) {}

  /** Whether a write of this request is waiting for its answer to commit. */
  get open() {
    return this.trx !== null;
  }

  /**
   * Opens the write's transaction, takes the register lock and claims the key; throws KeyTaken when
   * the key is already stored (a retry that raced the first request, or came after it).
   */
  async begin(db: Db): Promise<ControlledTransaction<DB>> {
    if (this.expired) throw new AnswerTimeout();
    this.capturing = true;
    let trx: ControlledTransaction<DB>;
    try {
      trx = await db.startTransaction().execute();
    } finally {
      this.capturing = false;
    }
    try {
      const head = await trx
        .selectFrom('register_head')
        .select('seq')
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const r = this.request;
      const claimed = await trx
        .insertInto('idempotency_key')
        .values({ ...keyColumns(r), first_seq: head.seq + 1 })
        .onConflict((oc) => oc.columns(['actor', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!claimed) {
        const stored = await findKey(trx, r.actor, r.key);
        throw new KeyTaken(stored ?? emptyKey(r));
      }
      this.firstSeq = head.seq + 1;
      this.claimed = true;
    } catch (err) {
      this.held = null;
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw err;
    }
    this.trx = trx;
    // an answer that never comes (a handler that hangs) must not hold the register lock for ever
    this.timer = setTimeout(() => {
      this.expired = true;
      // whatever the handler still does, it does without the database: its write is rolled back
      this.refused = true;
      this.rollback().catch(() => {});
    }, this.answerWaitMs).unref();
    return trx;
  }

  /** The write failed: nothing of it, nor its key, is kept. */
  async rollback(): Promise<void> {
    this.claimed = false;
    const trx = this.take();
    if (trx) await trx.rollback().execute();
  }

  /**
   * Stores the answer with the key and commits the write. Throws when the commit fails (the outcome
   * is then unknown to this server; a retry with the same key finds out).
   */
  async commit(status: number, contentType: string | null, answer: string): Promise<void> {
    if (this.expired) throw new AnswerTimeout();
    const trx = this.take();
    if (!trx) return;
    try {
      const head = await trx
        .selectFrom('register_head')
        .select('seq')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('idempotency_key')
        .set({
          status,
          content_type: contentType,
          answer,
          last_seq: head.seq >= this.firstSeq ? head.seq : null,
          first_seq: head.seq >= this.firstSeq ? this.firstSeq : null,
        })
        .where('actor', '=', this.request.actor)
        .where('key', '=', this.request.key)
        .execute();
      await trx.commit().execute();
    } catch (err) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw err;
    }
    announce('register');
  }

  private take(): ControlledTransaction<DB> | null {
    const trx = this.trx;
    this.trx = null;
    // the connection goes back to its pool with the transaction's end: never lent again, even when
    // the end runs outside the request's context (a timer, an onResponse hook)
    this.held = null;
    this.capturing = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return trx;
  }
}

const emptyKey = (r: IdempotentRequest): StoredKey => ({
  fingerprint: r.fingerprint,
  method: r.method,
  path: r.path,
  status: null,
  contentType: null,
  answer: null,
  firstSeq: null,
  lastSeq: null,
});

/** The idempotent request being served, if any (set by the API around the handler). */
export const idempotency = new AsyncLocalStorage<IdempotencyScope>();

/** Runs `fn` in the scope of an idempotent request: its writes claim the key and wait for the answer. */
export function runIdempotent<T>(scope: IdempotencyScope, fn: () => T): T {
  return connectionHolds.run(scope, () => idempotency.run(scope, fn));
}

/**
 * Keeps the key and answer of a write that did not go through the register (an account change, a
 * sign-out), right after it committed: such writes are idempotent by nature or refused when repeated
 * (a user's name is unique), so a repetition in the gap between the two is harmless; afterwards it is
 * answered from the key. Does nothing when the key is already kept.
 */
export async function keepKeyAfter(
  db: Db,
  r: IdempotentRequest,
  status: number,
  contentType: string | null,
  answer: string,
): Promise<void> {
  await db
    .insertInto('idempotency_key')
    .values({ ...keyColumns(r), status, content_type: contentType, answer })
    .onConflict((oc) => oc.columns(['actor', 'key']).doNothing())
    .execute();
}

/** A user's stored key, if any. */
export async function findKey(db: Db, actor: string, key: string): Promise<StoredKey | null> {
  const row = await db
    .selectFrom('idempotency_key')
    .select(['fingerprint', 'method', 'path', 'status', 'content_type', 'answer', 'first_seq', 'last_seq'])
    .where('actor', '=', actor)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  return {
    fingerprint: row.fingerprint,
    method: row.method,
    path: row.path,
    status: row.status,
    contentType: row.content_type,
    answer: row.answer,
    firstSeq: row.first_seq,
    lastSeq: row.last_seq,
  };
}

/** Forgets keys older than `days` (a retry comes within minutes; a week is ample). */
export async function purgeKeys(db: Db, now: Date, days = 7): Promise<number> {
  const r = await db
    .deleteFrom('idempotency_key')
    .where('recorded_at', '<', new Date(now.getTime() - days * 86_400_000))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
