import { createConnection, createServer, type Socket } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectionLoss } from '../../src/store/connection-errors.js';
import { openStore, type Store } from '../../src/store/db.js';
import {
  askRole,
  DatabaseUnavailable,
  FailoverPool,
  hostLabel,
  isUnavailable,
  KEEPALIVE_DELAY_MS,
  PoolBusy,
  parseDatabaseUrl,
  type ServerRole,
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
    // keepalive from 5 s idle, on the LISTEN connection and on every pool's
    expect(cfg).toMatchObject({ keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS });
    expect(KEEPALIVE_DELAY_MS).toBe(5000);
    const standbyPool = pool.makePool(1, 1);
    expect(standbyPool.options).toMatchObject({ keepAlive: true, keepAliveInitialDelayMillis: 5000 });
    await standbyPool.end();
    await pool.end();
    await expect(pool.connect()).rejects.toThrow(/closed/);
  });

  it('takes the server not in recovery, and follows a switch seen as a terminated connection', async () => {
    // index 0 plays a standby until the roles swap; the other answers as the server itself says
    let standby = 0;
    const asked: number[] = [];
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), {
      waitMs: 5000,
      role: async (client, i) => {
        asked.push(i);
        const real = await askRole(client);
        expect(real).toBe('primary');
        return i === standby ? 'standby' : real;
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
      role: async (client, i) => (i === standby ? 'standby' : askRole(client)),
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

  it('never takes a server out of recovery that still refuses writes (just promoted), and prefers a writable one', async () => {
    // the real server asked the real question; the sessions of index `readOnly` refuse writes, as a
    // node pg_auto_failover has just promoted does until the promotion is complete
    let readOnly: number | null = 0;
    const answers: ServerRole[] = [];
    const role = async (client: pg.Client, i: number) => {
      if (i === readOnly) await client.query('set default_transaction_read_only = on');
      const r = await askRole(client);
      answers.push(r);
      return r;
    };
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), { waitMs: 5000, role });
    const c = await pool.connect();
    c.release();
    expect(answers.sort()).toEqual(['primary', 'read-only']);
    expect(pool.primaryIndex).toBe(1);
    // the one in use turns read-only, the other takes writes: a failure sends the pool to the writable one
    readOnly = 1;
    pool.failed(withCode('terminating connection due to administrator command', '57P01'));
    (await pool.connect()).release();
    expect(pool.primaryIndex).toBe(0);
    await pool.end();

    // both read-only: no primary, whatever is out of recovery; the answer says why
    const none = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), {
      waitMs: 300,
      role: async (client) => {
        await client.query('set default_transaction_read_only = on');
        return askRole(client);
      },
    });
    const err = await none.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailable);
    expect((err as DatabaseUnavailable).servers.map((s) => s.answer)).toEqual([
      'read-only, not taking writes yet',
      'read-only, not taking writes yet',
    ]);
    await none.end();
  });

  it('a full pool is busy, not lost: it waits for a free connection and looks for no other primary', async () => {
    // index 1 plays a standby: a search for the primary asks it, checking the one in use does not
    const probes: number[] = [];
    const role = async (client: pg.Client, i: number): Promise<ServerRole> => {
      probes.push(i);
      return i === 1 ? 'standby' : askRole(client);
    };
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), {
      max: 1,
      waitMs: 10_000,
      // opening a connection may take 150 ms; waiting for a free one, up to waitMs
      connectTimeoutMs: 150,
      role,
    });
    const first = await pool.connect();
    expect(probes.sort()).toEqual([0, 1]);
    const second = pool.connect();
    // held well past the connect timeout, as a keyed write holds its connection until it is answered
    while (pool.connections.waiting === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 600));
    first.release();
    const c = await second;
    try {
      expect((await c.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      c.release();
    }
    // the server in use was asked whether it still takes writes; no search asked the other again
    expect(probes.filter((i) => i === 0).length).toBeGreaterThan(1);
    expect(probes.filter((i) => i === 1)).toEqual([1]);
    expect(pool.primaryIndex).toBe(0);
    await pool.end();

    // held past the whole wait: PoolBusy, which the API answers 503 (a connection error), not
    // DatabaseUnavailable
    const busy = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), {
      max: 1,
      waitMs: 300,
      connectTimeoutMs: 150,
      role,
    });
    probes.length = 0;
    const held = await busy.connect();
    const err = await busy.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoolBusy);
    expect(String(err)).toMatch(/all 1 connections to .* were in use for 300 ms/);
    expect(isConnectionLoss(err)).toBe(true);
    expect(probes.filter((i) => i === 1)).toEqual([1]);
    held.release();
    (await busy.connect()).release();
    await busy.end();
  });

  it('a full pool of a primary gone without a word: the callers waiting move to the new primary', async () => {
    // index 0 is the real server through a relay that can go silent (no reset: power lost, a
    // partition); index 1 is the real server directly, a standby until then
    const [host, port] = [live.split(':')[0]!, Number(live.split(':')[1] ?? 5432)];
    let silent = false;
    const open = new Set<Socket>();
    const relay = createServer((inbound) => {
      const outbound = createConnection({ host, port });
      for (const s of [inbound, outbound]) {
        open.add(s);
        s.on('error', () => {});
        s.on('close', () => open.delete(s));
      }
      inbound.on('data', (b: Buffer) => {
        if (!silent) outbound.write(b);
      });
      outbound.on('data', (b: Buffer) => {
        if (!silent) inbound.write(b);
      });
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const via = `127.0.0.1:${(relay.address() as { port: number }).port}`;
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`${via},${live}`)), {
      max: 1,
      waitMs: 10_000,
      connectTimeoutMs: 200,
      role: async (client, i) => (i === 1 && !silent ? 'standby' : askRole(client)),
    });
    let stuck: pg.PoolClient | undefined;
    try {
      stuck = await pool.connect();
      expect(pool.primaryIndex).toBe(0);
      // the primary goes silent with a query under way on the only connection; the other is promoted
      silent = true;
      void stuck.query('select 1').catch(() => {});
      const c = await pool.connect();
      try {
        expect(pool.primaryIndex).toBe(1);
        expect((await c.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      } finally {
        c.release();
      }
    } finally {
      for (const s of open) s.destroy();
      stuck?.release(true);
      await pool.end();
      await new Promise((r) => relay.close(r));
    }
  });

  it('callers waiting for a free connection follow the pool to a new primary', async () => {
    let primary = 0;
    const pool = new FailoverPool(parseDatabaseUrl(urlOf(`${live},${live}`)), {
      max: 1,
      waitMs: 10_000,
      role: async (client, i) => (i === primary ? askRole(client) : 'standby'),
    });
    const held = await pool.connect();
    const waiting = pool.connect();
    while (pool.connections.waiting === 0) await new Promise((r) => setTimeout(r, 10));
    // the roles swap and the pool hears of it (here through the LISTEN connection's settings)
    primary = 1;
    await pool.primaryConfig();
    expect(pool.primaryIndex).toBe(1);
    // the old pool, ending, serves its queue no more: the waiting caller is served by the new one
    const c = await waiting;
    c.release();
    held.release();
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

  it('a connection lost between connecting and LISTEN fails the listen, and does not end the process', async () => {
    // a relay to the real server that cuts the connection when the LISTEN statement comes through
    const [host, port] = [live.split(':')[0]!, Number(live.split(':')[1] ?? 5432)];
    let armed = false;
    let cuts = 0;
    const relay = createServer((inbound) => {
      const outbound = createConnection({ host, port });
      for (const s of [inbound, outbound]) s.on('error', () => {});
      inbound.on('data', (chunk: Buffer) => {
        if (armed && chunk.includes('listen custodia_register')) {
          cuts += 1;
          inbound.destroy();
          outbound.destroy();
        } else outbound.write(chunk);
      });
      outbound.pipe(inbound);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const via = `127.0.0.1:${(relay.address() as { port: number }).port}`;
    try {
      // one server (pg's own URL), and several (the failover pool's settings)
      for (const servers of [via, `127.0.0.1:1,${via}`]) {
        const store = await openStore({ databaseUrl: urlOf(servers), primaryWaitMs: 5000 });
        try {
          armed = true;
          const err = await store
            .listen(
              () => {},
              () => {},
            )
            .then(
              () => null,
              (e: unknown) => e,
            );
          armed = false;
          expect(isUnavailable(err), String(err)).toBe(true);
          // the caller tries again, and listens
          const stop = await store.listen(
            () => {},
            () => {},
          );
          await stop();
        } finally {
          await store.close();
        }
      }
      expect(cuts).toBe(2);
    } finally {
      await new Promise((r) => relay.close(r));
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
