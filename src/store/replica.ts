import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Db } from './db.js';
import { isUnavailable } from './hosts.js';
import type { DB } from './schema.js';

/**
 * Reads that may go to a standby (docs/scaling.md, "Read routing"): a standby of the URL's servers
 * whose answers are at most `maxStalenessMs` behind the primary, and that has replayed the caller's
 * last write, else the primary. How far behind each standby is gets measured in the background
 * (never while a request waits), and what a measurement says is aged by the time since it was taken.
 */

/** What a standby says of itself. */
export interface StandbyStatus {
  inRecovery: boolean;
  /** `pg_last_wal_replay_lsn()`: how far it has replayed the primary's WAL */
  replayLsn: string | null;
  /** `now() - pg_last_xact_replay_timestamp()` in ms: since the commit it replayed last was made */
  replayAgeMs: number | null;
}

/** Where a read went, and how stale its answer may be (0 on the primary). */
export interface ReadChoice {
  db: Db;
  from: 'primary' | 'standby';
  lagMs: number;
  /** the standby read, `host:port` */
  server?: string;
}

export interface ReadOptions {
  /** the primary's WAL position after the reader's own last write: a standby must have replayed it */
  after?: string | undefined;
  /**
   * the standby failed (unreachable, or a recovery conflict) before anything was read there: the read
   * went to the primary instead
   */
  onFallback?: () => void;
}

/**
 * SQLSTATEs of a statement a standby cancelled to go on replaying the primary's WAL (a recovery
 * conflict: "canceling statement due to conflict with recovery"): 40001 for a snapshot, lock, buffer
 * pin or tablespace, 40P01 for a deadlock with replay, 57P04 when replay drops the database.
 */
const RECOVERY_CONFLICTS = new Set(['40001', '40P01', '57P04']);

export const isRecoveryConflict = (err: unknown): boolean =>
  err instanceof Error && RECOVERY_CONFLICTS.has(String((err as { code?: unknown }).code));

/** statements that open and end a transaction (as Kysely sends them) */
const BEGINS = /^\s*(begin|start transaction)\b/i;
const ENDS = /^\s*(commit|rollback|end|abort)\b/i;

/** A WAL position (`16/B374D848`) as a number. */
export function lsnValue(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (!m) throw new Error(`Not a WAL position: "${lsn}"`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

export const lsnAtLeast = (lsn: string, than: string) => lsnValue(lsn) >= lsnValue(than);

/** A standby's measurement: what it said, when it was asked, and the primary's position known then. */
export interface Measurement {
  status: StandbyStatus;
  /** when the standby was asked (ms since the epoch) */
  at: number;
  /** the primary's last position known when the standby was asked, and when that was read */
  primary: { lsn: string; at: number } | null;
}

/**
 * How stale, at `now`, an answer from a measured standby may be, in ms (null: unknown). Two bounds,
 * the lower taken: a standby that had replayed the primary's position read at time t holds every
 * commit made before t (`now - t`); otherwise it holds every commit up to the last it replayed
 * (`replayAgeMs`, plus the time since it was asked).
 */
export function stalenessOf(m: Measurement, now: number): number | null {
  const bounds: number[] = [];
  const { replayLsn, replayAgeMs } = m.status;
  if (m.primary && replayLsn && lsnAtLeast(replayLsn, m.primary.lsn)) bounds.push(now - m.primary.at);
  if (replayAgeMs !== null) bounds.push(Math.max(0, replayAgeMs) + (now - m.at));
  return bounds.length ? Math.max(0, Math.ceil(Math.min(...bounds))) : null;
}

/**
 * The standby to read from: in recovery, at most `maxStalenessMs` stale, past `after` when given;
 * the least stale of them. Null: the primary.
 */
export function pickStandby(
  measured: ReadonlyMap<number, Measurement>,
  o: { now: number; maxStalenessMs: number; after?: string | undefined; skip?: number | null },
): { index: number; lagMs: number } | null {
  let best: { index: number; lagMs: number } | null = null;
  for (const [index, m] of measured) {
    if (index === o.skip || !m.status.inRecovery) continue;
    const lagMs = stalenessOf(m, o.now);
    if (lagMs === null || lagMs > o.maxStalenessMs) continue;
    if (o.after !== undefined && (!m.status.replayLsn || !lsnAtLeast(m.status.replayLsn, o.after))) continue;
    if (!best || lagMs < best.lagMs) best = { index, lagMs };
  }
  return best;
}

const STATUS_SQL = `select pg_is_in_recovery() as in_recovery,
  pg_last_wal_replay_lsn()::text as replay_lsn,
  extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 * 1000 as replay_age_ms`;

type PoolLike = { connect(): Promise<pg.PoolClient> };

/** Asks a pool's server for its recovery state. */
export async function askStatus(pool: PoolLike): Promise<StandbyStatus> {
  const c = await pool.connect();
  try {
    const r = (await c.query(STATUS_SQL)).rows[0] as {
      in_recovery: boolean;
      replay_lsn: string | null;
      replay_age_ms: number | string | null;
    };
    return {
      inRecovery: r.in_recovery,
      replayLsn: r.replay_lsn,
      replayAgeMs: r.replay_age_ms === null ? null : Number(r.replay_age_ms),
    };
  } finally {
    c.release();
  }
}

/** Asks the primary for its WAL position (`pg_current_wal_lsn()`). */
export async function askPrimaryLsn(pool: PoolLike): Promise<string> {
  const c = await pool.connect();
  try {
    return (await c.query('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn as string;
  } finally {
    c.release();
  }
}

export interface StandbyReadsOptions {
  maxStalenessMs: number;
  /** the servers that may be standbys (`host:port`); the one that is the primary is skipped */
  servers: readonly string[];
  /** which of `servers` is the primary now (null: not known) */
  primaryIndex(): number | null;
  /** the primary's pool: its WAL position, and where a read goes when its standby fails */
  primaryPool: PoolLike;
  /** the primary's Db, for reads that stay there */
  primary: Db;
  /** makes a pool on server `i` (called once per server) */
  pool(i: number): PoolLike & { end(): Promise<void> };
  /** tests replace how the primary's position and a standby's state are read */
  readers?: {
    primaryLsn?: () => Promise<string>;
    standby?: (i: number) => Promise<StandbyStatus>;
  };
  /** how often the standbys are measured; default a quarter of maxStalenessMs, from 50 ms to 1 s */
  intervalMs?: number;
}

/** Routes reads to standbys within the staleness bound; see the top of this file. */
export class StandbyReads {
  private readonly measured = new Map<number, Measurement>();
  private readonly pools = new Map<number, PoolLike & { end(): Promise<void> }>();
  private readonly asking = new Map<number, Promise<void>>();
  private primaryAsking: Promise<void> | null = null;
  private primaryKnown: { lsn: string; at: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: StandbyReadsOptions) {}

  /** Where a read goes now (the first call waits for a first measurement; later ones never wait). */
  async choose(r: ReadOptions = {}): Promise<ReadChoice> {
    if (!this.started) {
      const every = this.o.intervalMs ?? Math.min(1000, Math.max(50, this.o.maxStalenessMs / 4));
      this.timer = setInterval(() => void this.measure(), every).unref();
      this.started = this.measure();
    }
    await this.started;
    const picked = pickStandby(this.measured, {
      now: Date.now(),
      maxStalenessMs: this.o.maxStalenessMs,
      after: r.after,
      skip: this.o.primaryIndex(),
    });
    if (!picked || this.closed) return { db: this.o.primary, from: 'primary', lagMs: 0 };
    const choice: ReadChoice = {
      db: this.standbyDb(picked.index, () => {
        choice.from = 'primary';
        choice.lagMs = 0;
        delete choice.server;
        r.onFallback?.();
      }),
      from: 'standby',
      lagMs: picked.lagMs,
    };
    const server = this.o.servers[picked.index];
    if (server) choice.server = server;
    return choice;
  }

  /** The primary's WAL position now. */
  primaryLsn(): Promise<string> {
    return (this.o.readers?.primaryLsn ?? (() => askPrimaryLsn(this.o.primaryPool)))();
  }

  /** Measures the primary's position, then every standby (each at most once at a time). */
  async measure(): Promise<void> {
    if (!this.primaryAsking) {
      const at = Date.now();
      this.primaryAsking = this.primaryLsn()
        .then((lsn) => {
          this.primaryKnown = { lsn, at };
        })
        // the primary is away: standbys are judged by their own replay times alone
        .catch(() => {})
        .finally(() => {
          this.primaryAsking = null;
        });
      await this.primaryAsking;
    }
    const skip = this.o.primaryIndex();
    await Promise.all(
      this.o.servers.map(async (_, i) => {
        if (i === skip) {
          this.measured.delete(i);
          return;
        }
        const busy = this.asking.get(i);
        if (busy) return busy;
        const at = Date.now();
        const primary = this.primaryKnown;
        const asked = (this.o.readers?.standby ?? ((n: number) => askStatus(this.poolOf(n))))(i)
          .then((status) => {
            this.measured.set(i, { status, at, primary });
          })
          .catch(() => {
            this.measured.delete(i);
          })
          .finally(() => this.asking.delete(i));
        this.asking.set(i, asked);
        return asked;
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.pools.values()].map((p) => p.end().catch(() => {})));
    this.pools.clear();
  }

  private poolOf(i: number) {
    let pool = this.pools.get(i);
    if (!pool) {
      pool = this.o.pool(i);
      this.pools.set(i, pool);
    }
    return pool;
  }

  /**
   * A Db over standby `i` for one request. When the standby cannot be reached, its connections come
   * from the primary instead. A statement the standby cancels for a recovery conflict runs again, once,
   * on the primary, and so does every statement after it; inside a transaction, the transaction moves
   * there: what it ran so far runs again first (it was read-only: a standby refuses writes). `fallback`
   * is told once, if nothing had been read on the standby (then the whole answer is the primary's).
   */
  private standbyDb(i: number, fallback: () => void): Db {
    const standby = this.poolOf(i);
    const primary = this.o.primaryPool;
    /** rows were read on the standby; statements under way there */
    let answered = false;
    let running = 0;
    /** the rest of the request reads the primary */
    let fell = false;
    const toPrimary = () => {
      if (!answered && running === 0 && !fell) fallback();
      fell = true;
    };
    const onPrimary = async (text: string, values?: unknown[]) => {
      const c = await primary.connect();
      try {
        return await c.query(text, values);
      } finally {
        c.release();
      }
    };
    /** a standby's connection whose statements go to the primary after a recovery conflict */
    const guarded = (client: pg.PoolClient): pg.PoolClient => {
      /** the statements of the transaction under way here, in order */
      let transaction: { text: string; values?: unknown[] | undefined }[] | null = null;
      /** the primary's connection the transaction moved to */
      let moved: pg.PoolClient | null = null;
      /** the standby's transaction was abandoned: its connection is not lent again */
      let abandoned = false;
      const onMoved = async (c: pg.PoolClient, text: string, values?: unknown[]) => {
        if (!ENDS.test(text)) return c.query(text, values);
        moved = null;
        try {
          return await c.query(text, values);
        } finally {
          c.release();
        }
      };
      const query = async (text: string, values?: unknown[]) => {
        if (moved) return onMoved(moved, text, values);
        if (fell && !transaction) {
          if (!BEGINS.test(text)) return onPrimary(text, values);
          moved = await primary.connect();
          return onMoved(moved, text, values);
        }
        running += 1;
        let result: pg.QueryResult;
        try {
          result = await client.query(text, values);
        } catch (err) {
          running -= 1;
          if (!isRecoveryConflict(err)) throw err;
          toPrimary();
          // a conflict on BEGIN itself: the transaction starts on a primary connection of its own, never
          // on a pooled one that would go back to the pool inside it
          if (!transaction && BEGINS.test(text)) {
            moved = await primary.connect();
            return onMoved(moved, text, values);
          }
          if (!transaction) return onPrimary(text, values);
          abandoned = true;
          const c = await primary.connect();
          try {
            for (const done of transaction) await c.query(done.text, done.values);
          } catch (e) {
            c.release(true);
            throw e;
          }
          transaction = null;
          moved = c;
          return onMoved(c, text, values);
        }
        running -= 1;
        if (BEGINS.test(text)) transaction = [{ text, values }];
        else if (ENDS.test(text)) transaction = null;
        else transaction?.push({ text, values });
        if (result.command === 'SELECT') answered = true;
        return result;
      };
      // what Kysely's PostgresDialect uses of a client: query(sql, parameters) and release()
      const release = (err?: Error | boolean) => {
        moved?.release(true);
        moved = null;
        client.release(abandoned || err);
      };
      return { query, release } as unknown as pg.PoolClient;
    };
    const pool = {
      connect: async () => {
        if (fell) return primary.connect();
        try {
          return guarded(await standby.connect());
        } catch (err) {
          if (!isUnavailable(err)) throw err;
          this.measured.delete(i);
          toPrimary();
          return primary.connect();
        }
      },
      // the pools are the store's: a request's Db closes nothing
      end: async () => {},
    };
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
}
