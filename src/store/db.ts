import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FailoverPool, hostLabel, KEEPALIVE_DELAY_MS, parseDatabaseUrl } from './hosts.js';
import { migrations } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';
import { type ReadChoice, type ReadOptions, StandbyReads } from './replica.js';
import { ScopedDialect } from './request-scope.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** where the data lives, for messages (a folder, or the URL without its password) */
  where: string;
  /** runs a script of several statements */
  exec(script: string): Promise<void>;
  /**
   * Receives the database's change notifications (migration 7) until the returned function is called;
   * `lost` when the listening connection ends (nothing more will arrive).
   */
  listen(onNotify: (what: 'register' | 'accounts') => void, onLost: () => void): Promise<() => Promise<void>>;
  /** one transaction of COPY loads (and plain statements), for generators: all of it or none */
  bulk(fn: (load: BulkLoad) => Promise<void>): Promise<void>;
  /**
   * Where a read that may be a little stale goes (replica.ts): a standby within the staleness bound
   * that has replayed `after`, when reads may go to standbys (StoreOptions.readReplicas and a URL of
   * several servers); else the primary.
   */
  reads(o?: ReadOptions): Promise<ReadChoice>;
  /** the primary's WAL position now, when reads may go to standbys; else null */
  walPosition(): Promise<string | null>;
  /** the connection pool's use, for /metrics (PostgreSQL only: PGlite has one connection) */
  poolUse?(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

/** Inside `Store.bulk`: rows in PostgreSQL's COPY text format (tab-separated, `\\N` for null). */
export interface BulkLoad {
  copy(table: string, columns: readonly string[], rows: string): Promise<void>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface StoreOptions {
  /** PostgreSQL server URL; when absent the embedded PGlite is used */
  databaseUrl?: string | undefined;
  /** PGlite folder, or `memory://` */
  dataDir?: string | undefined;
  /** stop at this schema version (tests of a migration) */
  migrateTo?: number;
  /** a URL of several servers: how long a connection waits for a writable primary (hosts.ts; default 10 s) */
  primaryWaitMs?: number | undefined;
  /** reads that may go to a standby, at most this stale (replica.ts); absent: every read on the primary */
  readReplicas?: { maxStalenessMs: number } | undefined;
}

/** connections of a server's pool to PostgreSQL */
const POOL_MAX = 10;

/** how often the listening connection is checked */
const HEARTBEAT_MS = 15_000;

const CHANNELS = { custodia_register: 'register', custodia_accounts: 'accounts' } as const;

const INT8 = 20;
const DATE = 1082;
const FLOAT8 = 701;

/** Opens the store and brings its schema up to date. */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const store = opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts)
    : await openPGlite(opts.dataDir ?? './data');
  try {
    await migrate(store, opts.migrateTo);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** How every pool of connections to PostgreSQL reads values: int8 and float8 as numbers, dates as text. */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === FLOAT8) return Number;
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

function openPostgres(url: string, opts: StoreOptions = {}): Store {
  const types = pgTypes;
  // an idle connection the server ends (a restart, an administrator) must not bring the process down;
  // the pool replaces it on the next query
  const idleError = (err: Error) => console.warn(`PostgreSQL connection lost: ${err.message}`);
  // a URL of several servers (a failover tool's): a pool that keeps to the writable one (hosts.ts)
  const failover = severalServers(url)
    ? new FailoverPool(parseDatabaseUrl(url), {
        max: POOL_MAX,
        types,
        onError: idleError,
        ...(opts.primaryWaitMs === undefined ? {} : { waitMs: opts.primaryWaitMs }),
      })
    : null;
  const single = failover
    ? null
    : new pg.Pool({
        connectionString: url,
        max: POOL_MAX,
        types,
        // a server that vanishes without a reset is noticed by TCP keepalive (docs/scaling.md)
        keepAlive: true,
        keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      })
        .on('error', idleError)
        // a connection lost while lent out is reported by its failing query: without a listener,
        // node-postgres's 'error' on the client would end the process
        .on('connect', (client) => client.on('error', () => {}));
  const pool = failover ?? (single as pg.Pool);
  // ScopedDialect: an idempotent write's request runs all its queries on its held connection
  const db = new Kysely<DB>({ dialect: new ScopedDialect(new PostgresDialect({ pool })) });
  // reads that may go to a standby (replica.ts): only with several servers, and when asked for
  const standbys =
    failover && opts.readReplicas
      ? new StandbyReads({
          maxStalenessMs: opts.readReplicas.maxStalenessMs,
          servers: failover.address.hosts.map(hostLabel),
          primaryIndex: () => failover.primaryIndex,
          primaryPool: failover,
          primary: db,
          pool: (i) => failover.makePool(i),
        })
      : null;
  return {
    db,
    kind: 'postgres',
    where: hidePassword(url),
    exec: async (script) => {
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    listen: async (onNotify, onLost) => {
      // keepalive and a heartbeat: a connection the network drops silently must not pass for live
      const client = new pg.Client(
        failover
          ? await failover.primaryConfig()
          : { connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS },
      );
      let closing = false;
      let listening = false;
      let heartbeat: NodeJS.Timeout | undefined;
      const lost = () => {
        clearInterval(heartbeat);
        if (!closing) onLost();
        closing = true;
      };
      client.on('notification', (m) => {
        const what = CHANNELS[m.channel as keyof typeof CHANNELS];
        if (what) onNotify(what);
      });
      // from the start: a connection lost between connect() and LISTEN emits 'error' as well as failing
      // the statement, and an 'error' without a listener ends the process. Before LISTEN has answered,
      // the failure reaches the caller through the rejection below.
      client.on('error', () => {
        if (listening) lost();
      });
      try {
        await client.connect();
        await client.query(
          Object.keys(CHANNELS)
            .map((c) => `listen ${c};`)
            .join(' '),
        );
      } catch (err) {
        // never listened: the caller retries; this client must not also report itself lost
        closing = true;
        await client.end().catch(() => {});
        throw err;
      }
      listening = true;
      client.on('end', lost);
      // a heartbeat still unanswered at the next one: the server is gone without a word (power lost, a
      // partition), which TCP alone would notice only after many minutes
      let beating = false;
      heartbeat = setInterval(() => {
        if (beating) {
          lost();
          client.end().catch(() => {});
          return;
        }
        beating = true;
        client.query('select 1').then(
          () => {
            beating = false;
          },
          () => {
            lost();
            client.end().catch(() => {});
          },
        );
      }, HEARTBEAT_MS).unref();
      return async () => {
        closing = true;
        clearInterval(heartbeat);
        await client.end().catch(() => {});
      };
    },
    bulk: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await fn({
          copy: (table, columns, rows) =>
            new Promise<void>((resolve, reject) => {
              const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
              stream.on('finish', resolve);
              stream.on('error', reject);
              stream.end(rows);
            }),
          query: async (text, params) => (await client.query(text, params)).rows,
        });
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    reads: async (o) => (standbys ? standbys.choose(o) : { db, from: 'primary', lagMs: 0 }),
    walPosition: async () => (standbys ? standbys.primaryLsn() : null),
    poolUse: () => ({
      ...(single
        ? { total: single.totalCount, idle: single.idleCount, waiting: single.waitingCount }
        : (failover as FailoverPool).connections),
      max: POOL_MAX,
    }),
    close: async () => {
      await standbys?.close();
      await db.destroy();
    },
  };
}

/** Whether a PostgreSQL URL names several servers (`host1:port1,host2:port2`). */
function severalServers(url: string): boolean {
  try {
    return parseDatabaseUrl(url).hosts.length > 1;
  } catch {
    // not one this parser reads: pg reads it, as before
    return false;
  }
}

export const LOCK_FILE = 'custodia.lock';

/** A database URL fit for messages: the password hidden. */
export const hidePassword = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** The PGlite data folder is held by another live process. */
export class FolderInUse extends Error {}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file with the owner's pid keeps a second one out (a stale lock of a dead process is taken
 * over). `advice` ends the refusal: what to do instead.
 */
export function lockFolder(
  dataDir: string,
  advice = 'Stop it, or use the API (e.g. /api/v1/audit/verify).',
): () => void {
  const file = join(dataDir, LOCK_FILE);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(file, 'utf8'));
    let alive = false;
    try {
      process.kill(owner, 0);
      alive = owner !== process.pid;
    } catch {}
    if (alive) {
      throw new FolderInUse(
        `The data folder ${dataDir} is in use by process ${owner} (a running Custodia server?). ${advice}`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

/** The extensions the schema uses; every PGlite this code opens loads them. */
export const PGLITE_EXTENSIONS = { btree_gist, pg_trgm, unaccent };

async function openPGlite(dataDir: string): Promise<Store> {
  let unlock = () => {};
  if (!dataDir.includes('://')) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockFolder(dataDir);
  }
  const client = await PGlite.create(dataDir, {
    extensions: PGLITE_EXTENSIONS,
    parsers: {
      [pgliteTypes.INT8]: (v: string) => Number(v),
      [pgliteTypes.DATE]: (v: string) => v,
    },
  }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const db = new Kysely<DB>({ dialect: new ScopedDialect(new PGliteDialect(client)) });
  return {
    db,
    kind: 'pglite',
    where: dataDir,
    // through Kysely's connection lock, so a script never interleaves with a transaction
    exec: (script) =>
      db.connection().execute(async () => {
        try {
          await client.exec(script);
        } catch (err) {
          await client.exec('rollback').catch(() => {});
          throw err;
        }
      }),
    // one process holds the folder: notifications come from this process's own commits
    listen: (onNotify) =>
      db.connection().execute(async () => {
        const stops = await Promise.all(
          Object.entries(CHANNELS).map(([channel, what]) => client.listen(channel, () => onNotify(what))),
        );
        return () =>
          db.connection().execute(async () => {
            for (const stop of stops) await stop().catch(() => {});
          });
      }),
    bulk: (fn) =>
      db.connection().execute(async () => {
        await client.exec('begin');
        try {
          await fn({
            copy: async (table, columns, rows) => {
              await client.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
                blob: new Blob([rows]),
              });
            },
            query: async <R>(text: string, params?: unknown[]) => (await client.query<R>(text, params)).rows,
          });
          await client.exec('commit');
        } catch (err) {
          await client.exec('rollback').catch(() => {});
          throw err;
        }
      }),
    // one database, no standbys
    reads: async () => ({ db, from: 'primary', lagMs: 0 }),
    walPosition: async () => null,
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

async function migrate(store: Store, upTo = Number.POSITIVE_INFINITY): Promise<void> {
  await store.exec(`create table if not exists schema_migration (
    version int primary key, name text not null, applied_at timestamptz not null default now())`);
  const applied = new Set(
    (await store.db.selectFrom('schema_migration').select('version').execute()).map((r) => r.version),
  );
  for (const m of migrations) {
    if (applied.has(m.version) || m.version > upTo) continue;
    // one transaction per migration; a concurrent migrator waits on the lock, then fails on the key
    await store.exec(`begin;
select pg_advisory_xact_lock(7300001);
${m.sql};
insert into schema_migration (version, name) values (${m.version}, '${m.name.replace(/'/g, "''")}');
commit;`);
  }
  if (upTo >= 6) await ensureRegisterPartitions(store.db, new Date());
}

/**
 * The register's year partitions from `from` to the year after `to` (UTC), made where missing:
 * at start-up for this year and the next, and by loaders that write earlier years.
 */
export async function ensureRegisterPartitions(db: Db, from: Date, to = from): Promise<void> {
  for (let y = from.getUTCFullYear(); y <= to.getUTCFullYear() + 1; y++) {
    await sql`select custodia_register_partition(${y}::int)`.execute(db);
  }
}
