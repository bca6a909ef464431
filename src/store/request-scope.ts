import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A request's hold on one database connection. An idempotent write (src/store/idempotency.ts) keeps
 * its transaction open until its answer is known, so the answer is stored in the same transaction as
 * the write; meanwhile every query of that request, through any `Db`, must run on that connection:
 * on PGlite (one connection) anything else would wait for it forever, and on PostgreSQL another
 * connection would not see the request's own uncommitted write.
 */
export interface ConnectionHold {
  /** set while the request's transaction is being opened: the next connection acquired is held */
  capturing: boolean;
  /** the held connection, while the request's transaction is open */
  held: DatabaseConnection | null;
  /** the request may use the database no more (its transaction was ended for it: a timeout) */
  refused: boolean;
}

/** A query of a request whose transaction was ended for it (ConnectionHold.refused), or after it. */
export class HoldEnded extends Error {
  constructor() {
    super("the request's transaction has ended; its connection is no longer its own");
  }
}

export const connectionHolds = new AsyncLocalStorage<ConnectionHold>();

/**
 * Wraps a dialect so that, inside a request that holds a connection, every acquisition answers that
 * connection (transactions inside it become savepoints), and outside one nothing changes.
 */
export class ScopedDialect implements Dialect {
  constructor(private readonly inner: Dialect) {}
  createAdapter() {
    return this.inner.createAdapter();
  }
  createDriver(): Driver {
    return new ScopedDriver(this.inner.createDriver());
  }
  createIntrospector(db: Kysely<unknown>) {
    return this.inner.createIntrospector(db);
  }
  createQueryCompiler() {
    return this.inner.createQueryCompiler();
  }
}

/** The held connection lent to a nested use: released by its owner, never by the borrower. */
class Borrowed implements DatabaseConnection {
  savepoints: string[] = [];
  constructor(
    readonly inner: DatabaseConnection,
    private readonly hold: ConnectionHold,
  ) {}
  /** once the hold has let the connection go (back to its pool, maybe to another request), no more */
  private check() {
    if (this.hold.held !== this.inner) throw new HoldEnded();
  }
  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    this.check();
    return this.inner.executeQuery<R>(q);
  }
  streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.check();
    return this.inner.streamQuery<R>(q, chunkSize);
  }
}

let savepointCount = 0;

class ScopedDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const hold = connectionHolds.getStore();
    if (hold?.refused) throw new HoldEnded();
    if (hold?.held) return new Borrowed(hold.held, hold);
    const conn = await this.inner.acquireConnection();
    if (hold?.capturing) {
      hold.capturing = false;
      hold.held = conn;
    }
    return conn;
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    if (!(conn instanceof Borrowed)) return this.inner.beginTransaction(conn, settings);
    savepointCount += 1;
    const name = `custodia_nested_${savepointCount}`;
    conn.savepoints.push(name);
    await conn.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }
  async commitTransaction(conn: DatabaseConnection) {
    if (!(conn instanceof Borrowed)) return this.inner.commitTransaction(conn);
    const name = conn.savepoints.pop();
    if (name) await conn.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    if (!(conn instanceof Borrowed)) return this.inner.rollbackTransaction(conn);
    const name = conn.savepoints.pop();
    if (name) await conn.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
  }
  async releaseConnection(conn: DatabaseConnection) {
    if (conn instanceof Borrowed) return;
    const hold = connectionHolds.getStore();
    if (hold?.held === conn) hold.held = null;
    return this.inner.releaseConnection(conn);
  }
  destroy() {
    return this.inner.destroy();
  }
}
