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
 * reset, a server shutting down, a standby refusing a write, SQLSTATE class 08), or that connecting
 * to it timed out (node-postgres says `timeout expired`, in words only), rather than a refusal of the
 * statement itself.
 */
export function isUnavailable(err: unknown): boolean {
  return (
    isConnectionLoss(err) ||
    (err instanceof Error && /^timeout expired|^Query read timeout/.test(err.message))
  );
}

/** The server refused TLS (sslmode=prefer or allow then goes on without it, as libpq does). */
const refusedTls = (err: unknown) =>
  err instanceof Error && /does not support SSL connections/i.test(err.message);

export interface FailoverOptions {
  /** connections per server (pg.Pool `max`) */
  max?: number;
  /** how long `connect()` looks for a writable primary before it rejects with DatabaseUnavailable */
  waitMs?: number;
  /** how long one attempt to connect to one server may take; default the URL's connect_timeout, else 3 s */
  connectTimeoutMs?: number;
  /** the type parsers of every pool made (pg.Pool `types`) */
  types?: pg.CustomTypesConfig;
  /**
   * Whether the server behind `client` is in recovery (a standby); by default it is asked
   * (`select pg_is_in_recovery()`). Tests put a standby in its place.
   */
  inRecovery?: (client: pg.Client, i: number) => Promise<boolean>;
  /** an idle connection failed (the pool replaces it) */
  onError?: (err: Error) => void;
}

export const DEFAULT_PRIMARY_WAIT_MS = 10_000;
/** the shortest time one round of asking the servers is given */
const ROUND_MIN_MS = 100;

/** Asks a server whether it is a standby. */
export const askInRecovery = async (client: pg.Client): Promise<boolean> =>
  (await client.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]?.r === true;

interface Target {
  index: number;
  pool: pg.Pool;
}

/**
 * A pool over the servers of a multi-host URL that keeps one `pg.Pool`, for the server known to be
 * the writable primary. It looks for the primary (every server asked at once; the one in use is kept
 * while it still takes writes, else the first in the URL's order) when first used and whenever a
 * connection fails as `isUnavailable` says; `connect()` waits for one at most `waitMs`, then rejects
 * with DatabaseUnavailable. What Kysely's PostgresDialect needs of a pool: `connect()` and `end()`.
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
    this.connectTimeoutMs =
      o.connectTimeoutMs ?? (given > 0 ? given * 1000 : Math.max(1, Math.min(3000, this.waitMs)));
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

  /** A connection to the primary; waits at most `waitMs` for one (then DatabaseUnavailable). */
  async connect(): Promise<pg.PoolClient> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const target = await this.primary(deadline);
      try {
        const client = await target.pool.connect();
        this.watch(client, target);
        return client;
      } catch (err) {
        if (!isUnavailable(err)) throw err;
        this.suspect(target);
        if (Date.now() >= deadline)
          throw new DatabaseUnavailable([{ server: this.label(target.index), answer: String(err) }], {
            cause: err,
          });
      }
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
    };
  }

  /** A pool of connections to server `i`, with the type parsers and the error handler of every pool. */
  makePool(i: number, max = this.o.max ?? 10): pg.Pool {
    const pool = new pg.Pool({
      ...this.clientConfig(i),
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
    const pool = this.current?.pool;
    this.current = null;
    await pool?.end();
  }

  private label(i: number) {
    const h = this.address.hosts[i];
    return h ? hostLabel(h) : `server ${i}`;
  }

  private suspect(target: Target) {
    if (this.current === target) this.stale = true;
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
      answer: a.status === 'rejected' ? String(a.reason) : a.value ? 'a standby' : 'the primary',
    }));
    const primaries = answers.flatMap((a, i) => (a.status === 'fulfilled' && !a.value ? [i] : []));
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

  /** Whether server `i` is in recovery; rejects when it cannot be asked within `timeout` ms. */
  private async probe(i: number, timeout: number): Promise<boolean> {
    const ask = async () => {
      const client = new pg.Client({
        ...this.clientConfig(i),
        connectionTimeoutMillis: timeout,
        query_timeout: timeout,
      });
      client.on('error', () => {});
      await client.connect();
      try {
        return await (this.o.inRecovery ?? askInRecovery)(client, i);
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
    this.current = { index, pool: this.makePool(index) };
    // connections lent out go back to the old pool, which closes them as they come
    old?.pool.end().catch(() => {});
    return this.current;
  }
}
