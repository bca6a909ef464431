import { sql } from 'kysely';
import type { Db, Store } from './db.js';
import { WRITABLE_SQL } from './hosts.js';

/**
 * What operations ask of the database (`/readyz`, `/metrics`): cheap queries only, each one row or a
 * handful, none touching the register's events.
 */

/** The register's head: the last event's number and hash (a single row, `register_head`). */
export async function registerHead(db: Db): Promise<{ seq: number; hash: string }> {
  const head = await db
    .selectFrom('register_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * Whether the store's database answers and takes writes: a primary, not a standby in recovery
 * (`pg_is_in_recovery()`), nor a node that refuses writes (`transaction_read_only`). PGlite has no
 * standbys: it is writable while it is open. Rejects when the database does not answer (closed,
 * unreachable, dropped). The same question the pool over several servers asks each (hosts.ts).
 */
export async function isWritablePrimary(store: Pick<Store, 'db'>): Promise<boolean> {
  // a node just promoted is out of recovery a few seconds before it lifts default_transaction_read_only
  // (pg_auto_failover holds writes until the promotion is complete): writes would still get 25006
  const { rows } = await sql.raw<{ writable: boolean }>(WRITABLE_SQL).execute(store.db);
  return rows[0]?.writable === true;
}

/**
 * Whether an embedded store (PGlite) is open, without waiting for its single connection: a closed
 * store refuses a connection at once; an open one lends it, or queues the request behind the
 * transaction that holds it (a bulk admission may hold it for many seconds). No statement is sent:
 * when its turn comes, the connection is handed back at once.
 */
export async function embeddedOpen(store: Pick<Store, 'db'>): Promise<boolean> {
  const turn = store.db.connection().execute(async () => {});
  // a refusal arrives through promise callbacks alone, before the next turn of the event loop
  const now = await Promise.race([
    turn.then(
      () => 'open' as const,
      () => 'closed' as const,
    ),
    new Promise<'queued'>((resolve) => setImmediate(() => resolve('queued'))),
  ]);
  return now !== 'closed';
}

/** One standby as the primary sees it (`pg_stat_replication`). */
export interface StandbyStatus {
  /** `application_name` of the standby's connection (pg_auto_failover names it after the node) */
  name: string;
  /** `streaming`, `catchup`, `startup`, `backup` or `stopping` */
  state: string;
  /** `sync`, `quorum`, `potential` or `async` */
  syncState: string;
  /**
   * seconds between a commit here and its replay on the standby (`replay_lag`); 0 once the standby has
   * replayed everything sent and nothing is being written; null when the database user may not see it
   * (it needs `pg_monitor` or `pg_read_all_stats`)
   */
  replayLagSeconds: number | null;
  /** bytes of WAL written here and not yet replayed there; null as above */
  lagBytes: number | null;
}

/**
 * The standbys replicating from this server, with their lag. Empty on PGlite, on a server without
 * standbys, and on a standby with no cascading standbys of its own. One small view, no locks.
 */
export async function replicationStatus(store: Pick<Store, 'db' | 'kind'>): Promise<StandbyStatus[]> {
  if (store.kind === 'pglite') return [];
  // on a standby (cascading replication) the current position is what it has received
  const { rows } = await sql<{
    name: string;
    state: string | null;
    sync_state: string | null;
    replay_lag: number | null;
    replay_lsn: string | null;
    lag_bytes: number | null;
  }>`
    select application_name as name, state, sync_state,
      extract(epoch from replay_lag)::float8 as replay_lag,
      replay_lsn::text as replay_lsn,
      pg_wal_lsn_diff(
        case when pg_is_in_recovery() then pg_last_wal_receive_lsn() else pg_current_wal_lsn() end,
        replay_lsn
      )::float8 as lag_bytes
    from pg_stat_replication
    order by application_name, pid`.execute(store.db);
  return rows.map((r) => {
    const seen = r.replay_lsn !== null;
    const lagBytes = seen && r.lag_bytes !== null ? Math.max(0, Number(r.lag_bytes)) : null;
    return {
      name: r.name,
      state: r.state ?? 'unknown',
      syncState: r.sync_state ?? 'unknown',
      // PostgreSQL shows no replay_lag once a standby has caught up and nothing is written
      replayLagSeconds: r.replay_lag !== null ? Number(r.replay_lag) : seen && lagBytes === 0 ? 0 : null,
      lagBytes,
    };
  });
}

/** The use of the store's connection pool (PostgreSQL: pg.Pool's counts). */
export interface DbPoolUse {
  /** connections open */
  total: number;
  /** open and not lent out */
  idle: number;
  /** requests waiting for a connection */
  waiting: number;
  /** the most connections the pool opens */
  max: number;
}

/**
 * The connection pool's use, when the store tells it (`poolUse()`, PostgreSQL); null otherwise
 * (PGlite has one connection, lent to one transaction at a time).
 */
export function dbPoolUse(store: Store): DbPoolUse | null {
  const tell = (store as Store & { poolUse?: () => DbPoolUse | null }).poolUse;
  return typeof tell === 'function' ? tell.call(store) : null;
}
