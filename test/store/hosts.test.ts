import { createConnection, createServer, type Socket } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import {
  askInRecovery,
  DatabaseUnavailable,
  FailoverPool,
  hostLabel,
  isUnavailable,
  parseDatabaseUrl,
} from '../../src/store/hosts.js';
import { onPostgres, type TestDb, testDb } from '../helpers/store.js';

/** The host of a pg Client made from a URL: what node-postgres itself reads from it. */
const pgReads = (url: string) => {
  const c = new pg.Client({ connectionString: url });
  return { host: c.host, port: c.port, database: c.database, user: c.user, password: c.password };
};

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('parseDatabaseUrl', () => {
  it('reads a URL of one server as node-postgres does', () => {
    const url = 'postgres://custodia:s3cret@db.example:6543/custodia?application_name=custodia';
    const a = parseDatabaseUrl(url);
    expect(a.hosts).toEqual([{ host: 'db.example', port: 6543 }]);
    expect(a.urlFor(0)).toBe(url);
    expect(pgReads(a.urlFor(0))).toEqual(pgReads(url));
    expect(parseDatabaseUrl('postgresql://u@db/x').hosts).toEqual([{ host: 'db', port: 5432 }]);
  });

  it('reads the servers of a failover URL in order, keeping every parameter', () => {
    const a = parseDatabaseUrl(
      'postgres://autoctl@127.0.0.1:5501,127.0.0.1:5502/custodia?target_session_attrs=read-write&sslmode=prefer',
    );
    expect(a.hosts).toEqual([
      { host: '127.0.0.1', port: 5501 },
      { host: '127.0.0.1', port: 5502 },
    ]);
    expect(a.params).toEqual({ target_session_attrs: 'read-write', sslmode: 'prefer' });
    expect(a.urlFor(1)).toBe(
      'postgres://autoctl@127.0.0.1:5502/custodia?target_session_attrs=read-write&sslmode=prefer',
    );
    expect(pgReads(a.urlFor(1, { sslmode: null }))).toMatchObject({
      host: '127.0.0.1',
      port: 5502,
      database: 'custodia',
    });
    // a parameter replaced or removed, the others kept in their order
    expect(a.urlFor(0, { sslmode: 'disable', target_session_attrs: null })).toBe(
      'postgres://autoctl@127.0.0.1:5501/custodia?sslmode=disable',
    );
  });

  it('reads IPv6 addresses in brackets, with and without a port', () => {
    const a = parseDatabaseUrl('postgres://u@[::1]:5433,[2001:db8::7],db.example/x?connect_timeout=2');
    expect(a.hosts).toEqual([
      { host: '::1', port: 5433 },
      { host: '2001:db8::7', port: 5432 },
      { host: 'db.example', port: 5432 },
    ]);
    expect(a.hosts.map(hostLabel)).toEqual(['[::1]:5433', '[2001:db8::7]:5432', 'db.example:5432']);
    expect(a.urlFor(1)).toBe('postgres://u@[2001:db8::7]:5432/x?connect_timeout=2');
    expect(pgReads(a.urlFor(0))).toMatchObject({ host: '::1', port: 5433, database: 'x' });
  });

  it('keeps the user and an encoded password for every server', () => {
    const a = parseDatabaseUrl('postgres://ana:p%40ss%2Cw@a:1,b:2/reg');
    expect(a.urlFor(1)).toBe('postgres://ana:p%40ss%2Cw@b:2/reg');
    expect(pgReads(a.urlFor(1))).toMatchObject({ user: 'ana', password: 'p@ss,w', host: 'b', port: 2 });
  });

  it('refuses what is not a PostgreSQL URL, or a server without a proper port', () => {
    expect(() => parseDatabaseUrl('mysql://u@h/db')).toThrow(/Not a PostgreSQL URL/);
    expect(() => parseDatabaseUrl('postgres://u@h:port/db')).toThrow(/Not a host/);
    expect(() => parseDatabaseUrl('postgres://u@a:5432,b:99999/db')).toThrow(/Not a port/);
    expect(() => parseDatabaseUrl('postgres://u@[::1/db')).toThrow(/Not a host/);
  });
});

describe('isUnavailable', () => {
  it('counts a lost or demoted server, and nothing the statement itself caused', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      '57P01',
      '57P02',
      '57P03',
      '25006',
      '08006',
    ])
      expect(isUnavailable(withCode('x', code)), code).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailable(new Error('timeout expired'))).toBe(true);
    expect(isUnavailable(new DatabaseUnavailable([]))).toBe(true);
    for (const code of ['23505', '42601', '40001', '28P01', '3D000'])
      expect(isUnavailable(withCode('x', code)), code).toBe(false);
    expect(isUnavailable('ECONNREFUSED')).toBe(false);
    expect(isUnavailable(new Error('syntax error'))).toBe(false);
  });
});

describe('FailoverPool: dead servers only', () => {
  it('rejects with DatabaseUnavailable naming every server once the wait is over', async () => {
    const pool = new FailoverPool(parseDatabaseUrl('postgres://postgres@127.0.0.1:1,127.0.0.1:2/x'), {
      waitMs: 300,
    });
    const err = await pool.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailable);
    const unavailable = err as DatabaseUnavailable;
    expect(unavailable.code).toBe('DATABASE_UNAVAILABLE');
    expect(unavailable.servers.map((s) => s.server)).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    expect(unavailable.servers.every((s) => /ECONNREFUSED/.test(s.answer))).toBe(true);
    // the LISTEN connection's settings wait the same way
    await expect(pool.primaryConfig()).rejects.toBeInstanceOf(DatabaseUnavailable);
    await pool.end();
  });
});

// The real server of DATABASE_URL stands beside dead ports and, through an injected checker, beside
// itself "in recovery"; starting a real standby is the failover test's work (npm run test:failover).
describe.skipIf(!onPostgres)('FailoverPool on the real server', () => {
  let t: TestDb;
  let live: string;
  let user: string;
  let dbName: string;
  const urlOf = (servers: string, query = '') => `postgres://${user}@${servers}/${dbName}${query}`;
  beforeAll(async () => {
    t = await testDb();
    const u = new URL(t.env.DATABASE_URL!);
    live = u.host;
    user = decodeURIComponent(u.username);
    dbName = u.pathname.slice(1);
  });
  afterAll(() => t.drop());

  it('skips a dead server and connects to the writable one, with the store’s type parsers', async () => {
    // sslmode=prefer as pg_autoctl prints it: node-postgres alone would insist on TLS
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`127.0.0.1:1,${live}`, '?sslmode=prefer')), {
      waitMs: 5000,
      types: {
        getTypeParser: ((oid: number) => (oid === 20 ? Number : pg.types.getTypeParser(oid))) as never,
      },
    });
    const c = await pool.connect();
    try {
      const r = await c.query(
        'select inet_server_port() as port, 41::int8 + 1 as n, not pg_is_in_recovery() as w',
      );
      expect(r.rows[0]).toEqual({ port: Number(live.split(':')[1] ?? 5432), n: 42, w: true });
    } finally {
      c.release();
    }
    expect(pool.primaryIndex).toBe(1);
    const cfg = await pool.primaryConfig();
    expect(cfg.connectionString).toContain(live);
    expect(cfg.keepAlive).toBe(true);
    await pool.end();
    await expect(pool.connect()).rejects.toThrow(/closed/);
  });

  it('takes the server not in recovery, and follows a switch seen as a terminated connection', async () => {
    // index 0 plays a standby until the roles swap; the other answers as the server itself says
    let standby = 0;
    const asked: number[] = [];
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), {
      waitMs: 5000,
      inRecovery: async (client, i) => {
        asked.push(i);
        const real = await askInRecovery(client);
        expect(real).toBe(false);
        return i === standby;
      },
    });
    const c = await pool.connect();
    c.release();
    expect(pool.primaryIndex).toBe(1);
    expect(asked.sort()).toEqual([0, 1]);

    // the failover tool promotes index 0; the old primary's sessions end (57P01)
    standby = 1;
    const doomed = await pool.connect();
    const err = await doomed.query('select pg_terminate_backend(pg_backend_pid())').catch((e: unknown) => e);
    doomed.release(err as Error);
    expect((err as { code?: string }).code).toBe('57P01');
    const next = await pool.connect();
    next.release();
    expect(pool.primaryIndex).toBe(0);
    await pool.end();
  });

  it('looks again when a write is refused as read-only (25006)', async () => {
    let standby = 1;
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), {
      waitMs: 5000,
      inRecovery: async (client, i) => (await askInRecovery(client)) || i === standby,
    });
    const c = await pool.connect();
    expect(pool.primaryIndex).toBe(0);
    standby = 0;
    await c.query('set default_transaction_read_only = on');
    const err = await c.query('create temporary table t (x int)').catch((e: unknown) => e);
    c.release(err as Error);
    expect((err as { code?: string }).code).toBe('25006');
    (await pool.connect()).release();
    expect(pool.primaryIndex).toBe(1);
    await pool.end();
  });

  it('refuses at once, with the server’s own error, what waiting cannot mend', async () => {
    const pool = new FailoverPool(
      parseDatabaseUrl(`postgres://${user}@${live},127.0.0.1:1/custodia_no_such_database`),
      { waitMs: 60_000 },
    );
    const err = await pool.connect().catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(DatabaseUnavailable);
    expect((err as { code?: string }).code).toBe('3D000');
    await pool.end();
  });

  it('a connection cut under a query fails that query, and does not end the process', async () => {
    // a TCP relay to the real server whose connections are cut at will, as a dying server's are
    const [host, port] = [live.split(':')[0]!, Number(live.split(':')[1] ?? 5432)];
    const open = new Set<Socket>();
    const relay = createServer((inbound) => {
      const outbound = createConnection({ host, port });
      for (const s of [inbound, outbound]) {
        open.add(s);
        s.on('error', () => {});
        s.on('close', () => open.delete(s));
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const via = `127.0.0.1:${(relay.address() as { port: number }).port}`;
    const direct = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await direct.connect();
    const sleeping = `select pid from pg_stat_activity
      where datname = current_database() and query = 'select pg_sleep(60)' and pid <> pg_backend_pid()`;
    const cut = async (db: Store['db']) => {
      const running = sql`select pg_sleep(60)`.execute(db).then(
        () => null,
        (e: unknown) => e,
      );
      // the query runs on the server: cut every connection
      while ((await direct.query(sleeping)).rows.length === 0) await new Promise((r) => setTimeout(r, 20));
      for (const s of open) s.destroy();
      const err = await running;
      await direct.query(`select pg_terminate_backend(pid) from (${sleeping}) s`);
      return err;
    };
    try {
      for (const servers of [via, `127.0.0.1:1,${via}`]) {
        const store = await openStore({ databaseUrl: urlOf(servers), primaryWaitMs: 5000 });
        try {
          const err = await cut(store.db);
          expect(isUnavailable(err), String(err)).toBe(true);
          // the next query gets a new connection
          const { rows } = await sql<{ n: number }>`select 1::int8 as n`.execute(store.db);
          expect(rows).toEqual([{ n: 1 }]);
        } finally {
          await store.close();
        }
      }
    } finally {
      for (const s of open) s.destroy();
      await new Promise((r) => relay.close(r));
      await direct.end();
    }
  });

  it('opens a store over the servers: migrations, queries, bulk loads, LISTEN, reads on the primary', async () => {
    const store: Store = await openStore({
      // as pg_autoctl show uri prints it
      databaseUrl: urlOf(`127.0.0.1:1,${live}`, '?target_session_attrs=read-write&sslmode=prefer'),
      primaryWaitMs: 5000,
      readReplicas: { maxStalenessMs: 1000 },
    });
    try {
      const { rows } = await sql<{
        n: number;
        d: string;
      }>`select 7::int8 as n, date '2026-03-01' as d`.execute(store.db);
      expect(rows[0]).toEqual({ n: 7, d: '2026-03-01' });
      await store.bulk(async (load) => {
        await load.query('create table h3_probe (x int)');
        await load.copy('h3_probe', ['x'], '1\n2\n');
      });
      const got: string[] = [];
      let heard!: () => void;
      const arrived = new Promise<void>((r) => {
        heard = r;
      });
      const stop = await store.listen(
        (what) => {
          got.push(what);
          heard();
        },
        () => {},
      );
      await store.exec(`notify custodia_register, 'x'`);
      await arrived;
      await stop();
      expect(got).toEqual(['register']);
      // the only other server is dead: no standby, every read on the primary
      const choice = await store.reads();
      expect(choice.from).toBe('primary');
      expect(choice.db).toBe(store.db);
      expect(await store.walPosition()).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    } finally {
      await store.close();
    }
  });
});
