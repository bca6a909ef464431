import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { isConnectionLoss } from './connection-errors.js';

/**
 * A connection URL that names several servers, as a failover tool prints it
 * (`pg_autoctl show uri`: `postgres://user@h1:p1,h2:p2/db?target_session_attrs=read-write`), and a
 * pool that keeps to the one of them that takes writes. node-postgres reads one host only; a URL of
 * one host does not come here (src/store/db.ts gives it to `pg.Pool` as it is).
 */

/** One server of the URL. */
export interface HostPort {
  host: string;
  port: number;
}

export interface DatabaseAddress {
  hosts: HostPort[];
  /** the query parameters as given (sslmode, target_session_attrs, application_name, …) */
  params: Record<string, string>;
  /** the URL of host `i` alone, everything else as given; `overrides` replaces (or, null, removes) parameters */
  urlFor(i: number, overrides?: Record<string, string | null>): string;
}

/** `host:port`, an IPv6 address in brackets: how a server is named in URLs and messages. */
export const hostLabel = (h: HostPort) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`;

/** Reads the servers of a `postgres://` URL (several separated by commas, IPv6 in brackets). */
export function parseDatabaseUrl(url: string): DatabaseAddress {
  const m = /^(postgres(?:ql)?:\/\/)([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (!m) throw new Error('Not a PostgreSQL URL: postgres://user@host:port/database');
  const [, scheme, authority = '', path = '', query = ''] = m;
  const at = authority.lastIndexOf('@');
  const userinfo = authority.slice(0, at + 1);
  const hosts = authority
    .slice(at + 1)
    .split(',')
    .map((h) => {
      const v6 = /^\[([0-9A-Fa-f:.%\w]+)\](?::(\d+))?$/.exec(h);
      const plain = v6 ? null : /^([^:[\]]*)(?::(\d+))?$/.exec(h);
      const found = v6 ?? plain;
      if (!found) throw new Error(`Not a host of a PostgreSQL URL: "${h}" (host:port, or [IPv6]:port)`);
      const port = found[2] === undefined ? Number(pg.defaults.port ?? 5432) : Number(found[2]);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Not a port: "${found[2]}"`);
      return { host: decodeURIComponent(found[1] || String(pg.defaults.host ?? 'localhost')), port };
    });
  const params = Object.fromEntries(new URLSearchParams(query));
  return {
    hosts,
    params,
    urlFor(i, overrides = {}) {
      const h = hosts[i];
      if (!h) throw new RangeError(`no host ${i}`);
      const q = new URLSearchParams(query);
      for (const [k, v] of Object.entries(overrides)) {
        if (v === null) q.delete(k);
        else q.set(k, v);
      }
      const qs = q.toString();
      return `${scheme}${userinfo}${hostLabel(h)}${path}${qs ? `?${qs}` : ''}`;
    },
  };
}

/**
 * No writable primary could be reached within the bound (`waitMs`): while a failover runs, or when
 * every server is down. The API answers it with 503 and Retry-After; `servers` says what each
 * server answered last.
 */
export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(
    readonly servers: { server: string; answer: string }[],
    options?: { cause?: unknown },
  ) {
    super(
      `No writable PostgreSQL primary among ${servers.map((s) => `${s.server} (${s.answer})`).join(', ')}`,
      options,
    );
  }
}

/**
 * Whether an error means the server is gone or no longer the primary (connection-errors.ts: refused,
 * reset, a server shutting down, a standby refusing a write, SQLSTATE class 08, a connect that timed
 * out), or that a query's read timed out, rather than a refusal of the statement itself.
 */
export function isUnavailable(err: unknown): boolean {
  return isConnectionLoss(err) || (err instanceof Error && /^Query read timeout/.test(err.message));
}

/** The server refused TLS (sslmode=prefer or allow then goes on without it, as libpq does). */
const refusedTls = (err: unknown) =>
  err instanceof Error && /does not support SSL connections/i.test(err.message);

/**
 * Every connection to PostgreSQL here (the pools, the probes, the LISTEN connection) has TCP keepalive
 * on, its first probe after this long idle: a server gone without a reset (power lost, a partition) is
 * noticed by the operating system instead of never. Its later probes follow the system's settings
 * (docs/scaling.md, "High availability": what this does not cover).
 */
export const KEEPALIVE_DELAY_MS = 5_000;

/**
 * All the connections of the primary's pool were lent out until the wait was over (`waitMs`): the
 * primary is there but busy, which is no failover. The API answers it, as any connection error, 503 with
 * Retry-After (connection-errors.ts knows node-postgres's wording, kept at the start of the message).
 */
export class PoolBusy extends Error {
  override readonly name = 'PoolBusy';
  constructor(server: string, max: number, waitedMs: number) {
    super(
      `timeout exceeded when trying to connect: all ${max} connections to ${server} were in use for ${waitedMs} ms`,
    );
  }
}

/**
 * How a server answers the probe: `primary` (takes writes), `standby` (in recovery) or `read-only`
 * (out of recovery but refusing writes: a node pg_auto_failover has just promoted keeps
 * default_transaction_read_only on for a few seconds, until the promotion is complete).
 */
export type ServerRole = 'primary' | 'standby' | 'read-only';

/** The question the probe and `/readyz` (health.ts) ask: does this server take writes now? */
export const WRITABLE_SQL = `select not pg_is_in_recovery()
  and current_setting('transaction_read_only') = 'off' as writable, pg_is_in_recovery() as in_recovery`;

export interface FailoverOptions {
  /** connections per server (pg.Pool `max`) */
  max?: number;
  /** how long `connect()` looks for a writable primary, or waits for a free connection, before it rejects */
  waitMs?: number;
  /** how long one attempt to open a connection to one server may take; default the URL's connect_timeout, else 3 s */
  connectTimeoutMs?: number;
  /** the type parsers of every pool made (pg.Pool `types`) */
  types?: pg.CustomTypesConfig;
  /**
   * What the server behind `client` is; by default it is asked (`WRITABLE_SQL`). Tests put a standby
   * or a read-only server in its place.
   */
  role?: (client: pg.Client, i: number) => Promise<ServerRole>;
  /** an idle connection failed (the pool replaces it) */
  onError?: (err: Error) => void;
}

export const DEFAULT_PRIMARY_WAIT_MS = 10_000;
/** the shortest time one round of asking the servers is given */
const ROUND_MIN_MS = 100;

/** Asks a server whether it takes writes, and if not, why. */
export async function askRole(client: pg.Client): Promise<ServerRole> {
  const row = (await client.query<{ writable: boolean; in_recovery: boolean }>(WRITABLE_SQL)).rows[0];
  return row?.writable === true ? 'primary' : row?.in_recovery === true ? 'standby' : 'read-only';
}

const ROLE_ANSWER: Record<ServerRole, string> = {
  primary: 'the primary',
  standby: 'a standby',
  'read-only': 'read-only, not taking writes yet',
};

interface Target {
  index: number;
  pool: pg.Pool;
  max: number;
  /** callers waiting in this pool's queue, told when another pool takes its place */
  waiters: Set<() => void>;
  /** the question `verify` asks the server, while it is under way */
  verifying: Promise<void> | null;
}

/**
 * A pool over the servers of a multi-host URL that keeps one `pg.Pool`, for the server known to be
 * the writable primary. It looks for the primary (every server asked at once; the one in use is kept
 * while it still takes writes, else the first writable one in the URL's order) when first used and
 * whenever a connection fails as `isUnavailable` says; `connect()` waits for one at most `waitMs`, then
 * rejects with DatabaseUnavailable. A pool whose connections are all lent out is busy, not lost:
 * `connect()` waits for a free one (at most `waitMs`, then PoolBusy), asking only that server now and
 * then whether it still takes writes. What Kysely's PostgresDialect needs of a pool: `connect()` and
 * `end()`.
 *
 * `sslmode` keeps libpq's meaning here (the URL is libpq's): `require` encrypts without checking the
 * certificate, `prefer` and `allow` go on without TLS when the server has none.
 */
export class FailoverPool {
  readonly waitMs: number;
  readonly connectTimeoutMs: number;
  private current: Target | null = null;
  private stale = true;
  private search: Promise<Target> | null = null;
  private closed = false;
  /** servers that refused TLS under sslmode prefer or allow */
  private readonly plain = new Set<number>();
  private readonly watched = new WeakSet<pg.PoolClient>();
  private last: { server: string; answer: string }[] = [];

  constructor(
    readonly address: DatabaseAddress,
    private readonly o: FailoverOptions = {},
  ) {
    this.waitMs = o.waitMs ?? DEFAULT_PRIMARY_WAIT_MS;
    const given = Number(address.params.connect_timeout);
    this.connectTimeoutMs = o.connectTimeoutMs ?? (given > 0 ? given * 1000 : 3000);
  }

  /** the connections of the pool to the current primary (for /metrics); zeros before one is found */
  get connections(): { total: number; idle: number; waiting: number } {
    const p = this.current?.pool;
    return { total: p?.totalCount ?? 0, idle: p?.idleCount ?? 0, waiting: p?.waitingCount ?? 0 };
  }

  /** the index of the server in use as the primary, or null before one is found */
  get primaryIndex(): number | null {
    return this.current?.index ?? null;
  }

  /**
   * A connection to the primary; waits at most `waitMs` for one (then DatabaseUnavailable, or PoolBusy
   * when the primary is there but every connection to it is lent out).
   */
  async connect(): Promise<pg.PoolClient> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const target = await this.primary(deadline);
      let client: pg.PoolClient | null;
      try {
        client = await this.borrow(target, deadline);
      } catch (err) {
        if (err instanceof PoolBusy || !isUnavailable(err)) throw err;
        this.suspect(target);
        if (Date.now() >= deadline)
          throw new DatabaseUnavailable([{ server: this.label(target.index), answer: String(err) }], {
            cause: err,
          });
        continue;
      }
      // null: another primary was found while this waited in the old one's queue
      if (!client) continue;
      this.watch(client, target);
      return client;
    }
  }

  /**
   * Where a connection of its own to the primary goes (the LISTEN connection): the servers are asked
   * again first, since this is asked when such a connection was lost. Waits at most `waitMs`.
   */
  async primaryConfig(): Promise<pg.ClientConfig> {
    this.stale = true;
    return this.clientConfig((await this.primary(Date.now() + this.waitMs)).index);
  }

  /** A failure seen on a connection of the caller's own: the primary is looked for again. */
  failed(err: unknown): void {
    if (isUnavailable(err)) this.stale = true;
  }

  /** The settings of a connection to server `i` (keepalive on: a silently dropped link is noticed). */
  clientConfig(i: number): pg.ClientConfig {
    const p = this.address.params;
    const overrides: Record<string, string> = {};
    // pg reads sslmode as verify-full unless told to read it as libpq does
    if (p.sslmode && p.uselibpqcompat === undefined) overrides.uselibpqcompat = 'true';
    if (this.plain.has(i)) overrides.sslmode = 'disable';
    return {
      connectionString: this.address.urlFor(i, overrides),
      connectionTimeoutMillis: this.connectTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    };
  }

  /**
   * A pool of connections to server `i`, with the type parsers and the error handler of every pool.
   * As pg.Pool does, the connect timeout bounds both opening a connection and waiting for a free one
   * (a standby's pool: a read that cannot have one goes to the primary). `waitForFree` (the primary's
   * pool) bounds opening only: a full pool is busy, not lost, and `connect()` bounds the wait itself.
   */
  makePool(i: number, max = this.o.max ?? 10, waitForFree = false): pg.Pool {
    const config = this.clientConfig(i);
    const timeout = config.connectionTimeoutMillis;
    class TimedClient extends pg.Client {
      constructor(c: pg.ClientConfig = {}) {
        super({ ...c, connectionTimeoutMillis: timeout });
      }
    }
    const pool = new pg.Pool({
      ...config,
      ...(waitForFree ? { connectionTimeoutMillis: 0, Client: TimedClient } : {}),
      max,
      ...(this.o.types ? { types: this.o.types } : {}),
    });
    // an idle connection the server ends must not bring the process down; the pool replaces it
    pool.on('error', (err) => {
      if (this.current?.pool === pool) this.failed(err);
      this.o.onError?.(err);
    });
    // nor one lent out: node-postgres emits the loss on the client too, besides failing its query,
    // and pg.Pool listens only while the client is idle
    pool.on('connect', (client) => {
      client.on('error', (err) => {
        if (this.current?.pool === pool) this.failed(err);
      });
    });
    return pool;
  }

  async end(): Promise<void> {
    this.closed = true;
    const old = this.current;
    this.current = null;
    if (old) this.retire(old);
    await old?.pool.end();
  }

  private label(i: number) {
    const h = this.address.hosts[i];
    return h ? hostLabel(h) : `server ${i}`;
  }

  private suspect(target: Target) {
    if (this.current === target) this.stale = true;
  }

  /**
   * A connection of `target`'s pool, or null when another pool takes its place meanwhile (the caller
   * asks again). Opening a connection is bounded by the connect timeout and its failure rejects as
   * pg.Pool says. Waiting for a free one (all `max` lent out) lasts until `deadline`, then PoolBusy:
   * a busy primary is no failover. But the connections of a primary gone without a word (power lost,
   * a partition) hang too, so every connect timeout of such a wait the server is asked, alone, whether
   * it is still the primary (`verify`).
   */
  private borrow(target: Target, deadline: number): Promise<pg.PoolClient | null> {
    // replaced between the search and here
    if (target !== this.current) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        clearTimeout(timer);
        target.waiters.delete(retired);
      };
      const retired = () => {
        if (settled) return;
        settle();
        resolve(null);
      };
      const check = () => {
        if (settled) return;
        // not full: a connection is being opened for this caller, within the connect timeout
        if (target.pool.totalCount < target.max) {
          timer = setTimeout(check, 50);
          return;
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          settle();
          reject(new PoolBusy(this.label(target.index), target.max, this.waitMs));
          return;
        }
        this.verify(target);
        timer = setTimeout(check, Math.min(this.connectTimeoutMs, left));
      };
      let timer = setTimeout(check, Math.max(0, Math.min(this.connectTimeoutMs, deadline - Date.now())));
      target.waiters.add(retired);
      target.pool.connect().then(
        (client) => {
          if (settled) client.release();
          else {
            settle();
            resolve(client);
          }
        },
        (err: unknown) => {
          if (settled) {
            if (isUnavailable(err)) this.suspect(target);
          } else {
            settle();
            reject(err);
          }
        },
      );
    });
  }

  /**
   * Asks the server of `target` alone (one question at a time) whether it still takes writes; when it
   * does not answer so, the servers are asked again at once, and callers waiting for its connections
   * move to the primary found.
   */
  private verify(target: Target): void {
    if (target.verifying || target !== this.current || this.closed) return;
    target.verifying = this.probe(target.index, Math.max(ROUND_MIN_MS, this.connectTimeoutMs))
      .then(
        (role) => role === 'primary',
        (err: unknown) => !isUnavailable(err),
      )
      .then((alive) => {
        if (alive || target !== this.current) return;
        this.suspect(target);
        this.primary(Date.now() + this.waitMs).catch(() => {});
      })
      .finally(() => {
        target.verifying = null;
      });
  }

  /** Sends the callers waiting in `target`'s queue to the pool that takes its place. */
  private retire(target: Target) {
    for (const tell of [...target.waiters]) tell();
  }

  /** Errors on a connection lent out also send the pool looking for the primary again. */
  private watch(client: pg.PoolClient, target: Target) {
    if (this.watched.has(client)) return;
    this.watched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const r = query(...args);
      if (r instanceof Promise)
        return r.catch((err: unknown) => {
          if (isUnavailable(err)) this.suspect(target);
          throw err;
        });
      return r;
    };
  }

  private async primary(deadline: number): Promise<Target> {
    for (;;) {
      if (this.closed) throw new Error('The PostgreSQL pool is closed');
      if (this.current && !this.stale) return this.current;
      // one search at a time; whoever comes meanwhile waits for it
      this.search ??= this.find(deadline).finally(() => {
        this.search = null;
      });
      try {
        return await this.search;
      } catch (err) {
        // a search begun by an earlier caller ends at its own deadline: a later caller tries again
        if (!(err instanceof DatabaseUnavailable) || Date.now() >= deadline) throw err;
      }
    }
  }

  private async find(deadline: number): Promise<Target> {
    for (let pause = 100; ; pause = Math.min(2 * pause, 1000)) {
      const found = await this.round(deadline);
      if (found !== null) return this.use(found);
      // a round with less time than this would only time out
      const left = deadline - Date.now() - ROUND_MIN_MS;
      if (left <= 0) throw new DatabaseUnavailable(this.last);
      await sleep(Math.min(pause, left));
    }
  }

  /** Asks every server at once; the primary's index, or null. */
  private async round(deadline: number): Promise<number | null> {
    const timeout = Math.max(ROUND_MIN_MS, Math.min(this.connectTimeoutMs, deadline - Date.now()));
    const answers = await Promise.allSettled(this.address.hosts.map((_, i) => this.probe(i, timeout)));
    this.last = answers.map((a, i) => ({
      server: this.label(i),
      answer: a.status === 'rejected' ? String(a.reason) : ROLE_ANSWER[a.value],
    }));
    // only a server that takes writes: one just promoted and still read-only is waited for
    const primaries = answers.flatMap((a, i) =>
      a.status === 'fulfilled' && a.value === 'primary' ? [i] : [],
    );
    const kept = this.current?.index;
    if (kept !== undefined && primaries.includes(kept)) return kept;
    if (primaries[0] !== undefined) return primaries[0];
    // a server that refuses us for good (a wrong password, no such database) while none other
    // answers: waiting will not help
    const answered = answers.some((a) => a.status === 'fulfilled');
    const refusal = answers.find((a) => a.status === 'rejected' && !isUnavailable(a.reason));
    if (!answered && refusal?.status === 'rejected') throw refusal.reason;
    return null;
  }

  /** What server `i` is; rejects when it cannot be asked within `timeout` ms. */
  private async probe(i: number, timeout: number): Promise<ServerRole> {
    const ask = async () => {
      const client = new pg.Client({
        ...this.clientConfig(i),
        connectionTimeoutMillis: timeout,
        query_timeout: timeout,
      });
      client.on('error', () => {});
      await client.connect();
      try {
        return await (this.o.role ?? askRole)(client, i);
      } finally {
        await client.end().catch(() => {});
      }
    };
    try {
      return await ask();
    } catch (err) {
      const mode = this.address.params.sslmode;
      if ((mode !== 'prefer' && mode !== 'allow') || this.plain.has(i) || !refusedTls(err)) throw err;
      this.plain.add(i);
      return ask();
    }
  }

  private use(index: number): Target {
    if (this.closed) throw new Error('The PostgreSQL pool is closed');
    this.stale = false;
    if (this.current?.index === index) return this.current;
    const old = this.current;
    const max = this.o.max ?? 10;
    this.current = { index, pool: this.makePool(index, max, true), max, waiters: new Set(), verifying: null };
    if (old) {
      // callers waiting for a free connection of the old pool come to the new one (an ending pg.Pool
      // serves its queue no more); connections lent out go back to the old pool, which closes them
      this.retire(old);
      old.pool.end().catch(() => {});
    }
    return this.current;
  }
}
