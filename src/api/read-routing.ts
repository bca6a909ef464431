import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Store } from '../store/db.js';
import type { ReadChoice } from '../store/replica.js';
import { signedIn } from './auth.js';
import { TIMED_OUT, within } from './within.js';

/**
 * Reads that may go to a standby (docs/scaling.md, "Read routing"): person search, the roll at a
 * past moment and compliance reports ask `readsFor` for their Db. A user's own reads after their
 * write stay on the primary until a standby has replayed that write: the primary's WAL position
 * after each write is remembered per user, here, in this process's memory.
 */

/** Says where an answer was read and how stale it may be: `primary`, or `standby; lag-ms=120`. */
export const READ_FROM = 'custodia-read-from';

export const readFromValue = (c: Pick<ReadChoice, 'from' | 'lagMs'>) =>
  c.from === 'primary' ? 'primary' : `standby; lag-ms=${c.lagMs}`;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** a write older than this no longer holds its user's reads (a standby that far behind is not used) */
const KEEP_MS = 10 * 60_000;
/**
 * The longest an answer waits for the primary's WAL position (during a failover asking for it would
 * wait as long as a connection does); past it the position is unknown and the user reads the primary.
 */
export const POSITION_WAIT_MS = 500;

/** Per user, the primary's WAL position after their last write. */
export class LastWrites {
  private readonly by = new Map<string, { lsn: string | null; at: number }>();

  /** `lsn` null: the position could not be read; the user reads the primary for a while. */
  remember(user: string, lsn: string | null, now = Date.now()): void {
    this.by.delete(user);
    this.by.set(user, { lsn, at: now });
    // oldest first (Map order): drop the expired ones from the front
    for (const [name, w] of this.by) {
      if (now - w.at <= KEEP_MS) break;
      this.by.delete(name);
    }
  }

  /** undefined: no recent write; null: a write at an unknown position; else its position */
  after(user: string, now = Date.now()): string | null | undefined {
    const w = this.by.get(user);
    if (!w || now - w.at > KEEP_MS) return undefined;
    return w.lsn;
  }
}

const tracked = new WeakMap<Store, LastWrites>();
const wired = new WeakSet<FastifyInstance>();

/** The primary's position, or null when it could not be read within `ms` (it is asked no longer). */
async function positionWithin(store: Store, ms: number): Promise<string | null | undefined> {
  // undefined: this store reads the primary only (walPosition answers null)
  const asked = store.walPosition().then(
    (lsn) => lsn ?? undefined,
    () => null,
  );
  const got = await within(asked, ms);
  return got === TIMED_OUT ? null : got;
}

/**
 * Remembers, for every write a signed-in user makes, the primary's WAL position once the answer is
 * known. Registered on the server after registerIdempotency (whose onSend commits an idempotent
 * write): a write still uncommitted here is remembered at an unknown position, which keeps the user
 * on the primary. A refused or failed write (4xx, 5xx) is not remembered, and the answer never waits
 * more than POSITION_WAIT_MS for the position (unknown then). Until this is registered, every read
 * goes to the primary.
 */
export function trackWrites(app: FastifyInstance, store: Store): void {
  if (wired.has(app)) return;
  wired.add(app);
  let writes = tracked.get(store);
  if (!writes) {
    writes = new LastWrites();
    tracked.set(store, writes);
  }
  const last = writes;
  app.addHook('onSend', async (req, reply, payload) => {
    if (SAFE.has(req.method) || !req.user || reply.statusCode >= 400) return payload;
    const user = req.user.username;
    if (req.idempotency?.open) {
      last.remember(user, null);
      return payload;
    }
    const lsn = await positionWithin(store, POSITION_WAIT_MS);
    if (lsn !== undefined) last.remember(user, lsn);
    return payload;
  });
}

/**
 * The Db a read that may be a little stale uses (a standby within the bound, else the primary), with
 * the answer's `custodia-read-from` header set.
 */
export async function readsFor(store: Store, req: FastifyRequest, reply: FastifyReply): Promise<Db> {
  const writes = tracked.get(store);
  const after = writes?.after(signedIn(req).username);
  if (!writes || after === null) {
    reply.header(READ_FROM, 'primary');
    return store.db;
  }
  const choice = await store.reads({
    after,
    onFallback: () => reply.header(READ_FROM, 'primary'),
  });
  reply.header(READ_FROM, readFromValue(choice));
  return choice.db;
}
