import Fastify, { type FastifyInstance } from 'fastify';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  sql,
} from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOperations } from '../../src/api/metrics.js';
import { errorHandler } from '../../src/api/problem.js';
import { buildServer } from '../../src/api/server.js';
import { pickLang } from '../../src/domain/messages.js';
import type { Store } from '../../src/store/db.js';
import { isWritablePrimary, registerHead, replicationStatus } from '../../src/store/health.js';
import type { DB } from '../../src/store/schema.js';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';
import { freshStore, onPostgres } from '../helpers/store.js';

/**
 * Issue 19, operations: `/readyz` says whether this server may be sent requests (its database answers
 * and takes writes), within a bounded time; `/metrics` is Prometheus text with request durations by
 * route pattern and status, the worker pool, the database and the register head, and no person's data.
 */

/** A Prometheus text exposition, read line by line: every sample as name, labels and value. */
function parseMetrics(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') types.set(meta[2]!, meta[3]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|\+Inf|-Inf)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus text line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  const one = (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return { samples, types, one };
}

async function scrape(app: FastifyInstance) {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  return { res, ...parseMetrics(res.body) };
}

describe('/readyz and /metrics on the database of this run', () => {
  let api: Api;
  let person: { personId: string; name: string; familyNames: string; nationalId: string };

  beforeAll(async () => {
    api = await testApi({ pool: { threads: 1 } });
    expect((await api.call('POST', '/api/v1/facilities', { body: smallFacility('OPS') })).statusCode).toBe(
      201,
    );
    const body = admission('OPS');
    const res = await api.call('POST', '/api/v1/admissions', { body });
    expect(res.statusCode).toBe(201);
    person = {
      personId: res.json().personId,
      name: body.person.givenNames,
      familyNames: body.person.familyNames,
      nationalId: body.person.nationalId,
    };
  });
  afterAll(async () => api.close());

  it('is ready, without a session, and says so in no cache', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true });
    expect(res.headers['cache-control']).toBe('no-store');
    // the store's own answers behind it
    expect(await isWritablePrimary(api.store)).toBe(true);
    expect(await replicationStatus(api.store)).toEqual([]);
  });

  it('does not count a primary that still refuses writes (just promoted, read-only) as writable', async () => {
    // pg_auto_failover's promoted node is out of recovery a few seconds before it takes writes
    await api.store.db.connection().execute(async (conn) => {
      await sql`set default_transaction_read_only = on`.execute(conn);
      try {
        expect(await isWritablePrimary({ db: conn })).toBe(false);
      } finally {
        await sql`set default_transaction_read_only = off`.execute(conn);
      }
      expect(await isWritablePrimary({ db: conn })).toBe(true);
    });
  });

  it('stays ready while a long write holds the database (on PGlite, its only connection)', async () => {
    // a bulk admission holds its transaction for many seconds; the only server must stay in service
    let finish: () => void = () => {};
    const held = new Promise<void>((r) => {
      finish = r;
    });
    let begun: () => void = () => {};
    const holding = new Promise<void>((r) => {
      begun = r;
    });
    const write = api.store.db.transaction().execute(async (trx) => {
      await sql`select seq from register_head where id = 1 for update`.execute(trx);
      begun();
      await held;
    });
    await holding;
    try {
      const res = await api.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ ready: true });
    } finally {
      finish();
      await write;
    }
  });

  it('is not in the OpenAPI description, nor is /metrics', async () => {
    const paths = Object.keys((await api.call('GET', '/api/v1/openapi.json')).json().paths);
    expect(paths).not.toContain('/readyz');
    expect(paths).not.toContain('/metrics');
  });

  it('times requests by route pattern and status, and counts the pool, the database and the register head', async () => {
    await api.call('GET', `/api/v1/people/${person.personId}`);
    await api.call('GET', `/api/v1/people/${person.personId}`);
    await api.call('GET', '/api/v1/people/no-such-person');
    await api.call('GET', `/api/v1/people?q=${encodeURIComponent(person.familyNames)}`);
    await api.app.inject({ method: 'GET', url: `/no/such/route/${person.nationalId}` });
    await api.app.inject({ method: 'GET', url: '/api/v1/facilities' });

    const { res, samples, types, one } = await scrape(api.app);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(samples.length).toBeGreaterThan(50);

    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    const count = (route: string, status: string) =>
      one('http_request_duration_seconds_count', { method: 'GET', route, status_code: status })?.value;
    expect(count('/api/v1/people/:personId', '200')).toBe(2);
    expect(count('/api/v1/people/:personId', '404')).toBe(1);
    expect(count('/api/v1/people', '200')).toBe(1);
    expect(count('/api/v1/facilities', '401')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    expect(count('/api/v1/admissions', '201')).toBeUndefined(); // a POST: its own series
    expect(
      one('http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/admissions',
        status_code: '201',
      })?.value,
    ).toBe(1);
    // buckets are cumulative and end at +Inf with the count
    const inf = one('http_request_duration_seconds_bucket', {
      route: '/api/v1/people/:personId',
      status_code: '200',
      le: '+Inf',
    });
    expect(inf?.value).toBe(2);

    expect(one('custodia_work_pool_threads')?.value).toBe(1);
    expect(one('custodia_work_pool_queue_limit')?.value).toBe(api.app.pool.maxQueue);
    expect(one('custodia_work_pool_running')?.value).toBe(0);
    expect(one('custodia_work_pool_queued')?.value).toBe(0);
    expect(one('custodia_work_pool_utilisation_ratio')?.value).toBe(0);

    const head = await registerHead(api.store.db);
    expect(head.seq).toBeGreaterThan(0);
    expect(one('custodia_register_head_seq')?.value).toBe(head.seq);
    expect(one('custodia_database_up')?.value).toBe(1);
    expect(one('custodia_database_writable')?.value).toBe(1);
    expect(one('custodia_replication_standbys')?.value).toBe(0);
    expect(one('custodia_replication_sync_standbys')?.value).toBe(0);
    expect(samples.some((s) => s.name === 'custodia_replication_lag_seconds')).toBe(false);
    // the process (prom-client's default metrics)
    expect(one('process_cpu_user_seconds_total')).toBeDefined();
    expect(one('nodejs_heap_size_used_bytes')).toBeDefined();

    // nobody's name, national id or file number, nor a raw URL
    for (const secret of [
      person.personId,
      person.nationalId,
      person.familyNames,
      person.familyNames.split(' ')[0]!,
      person.name.split(' ')[0]!,
      'no-such-person',
      '/no/such/route',
    ])
      expect(res.body).not.toContain(secret);
    // every route label is a pattern the server declares (or `unmatched`): a bounded set
    for (const s of samples.filter((x) => x.labels.route && x.labels.route !== 'unmatched'))
      expect(api.app.hasRoute({ method: s.labels.method as 'GET', url: s.labels.route! })).toBe(true);
  });

  it('moves the register head with the next admission', async () => {
    const before = (await scrape(api.app)).one('custodia_register_head_seq')!.value;
    expect((await api.call('POST', '/api/v1/admissions', { body: admission('OPS') })).statusCode).toBe(201);
    const after = (await scrape(api.app)).one('custodia_register_head_seq')!.value;
    expect(after).toBeGreaterThan(before);
    expect(after).toBe((await registerHead(api.store.db)).seq);
  });

  it('keeps the figures of two servers in one process apart', async () => {
    const other = await buildServer(api.store, { pool: { threads: 0 } });
    try {
      await other.inject({ method: 'GET', url: '/healthz' });
      const { one, samples } = await scrape(other);
      expect(
        one('http_request_duration_seconds_count', { route: '/healthz', status_code: '200' })?.value,
      ).toBe(1);
      expect(samples.some((s) => s.labels.route === '/api/v1/people/:personId')).toBe(false);
      expect(one('custodia_work_pool_threads')?.value).toBe(0);
      // and the first still has its own
      expect((await scrape(api.app)).one('custodia_work_pool_threads')?.value).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('/readyz when the database is gone', () => {
  it('answers 503 with Retry-After, in Spanish and English; /metrics still answers, saying it is down', async () => {
    const store = await freshStore();
    const app = await buildServer(store, { pool: { threads: 0 } });
    let closed = false;
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      if (onPostgres) {
        // the database dropped under the running server: its connections ended, new ones refused
        const name = new URL(store.test.env.DATABASE_URL!).pathname.slice(1);
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        await admin.query(`drop database ${name} with (force)`);
        await admin.end();
      } else {
        // PGlite: the embedded database closed under the running server
        await store.close();
        closed = true;
      }
      for (const lang of ['en', 'es'] as const) {
        const res = await app.inject({ method: 'GET', url: '/readyz', headers: { 'accept-language': lang } });
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['retry-after']).toBe('5');
        const problem = res.json();
        expect(problem).toMatchObject({
          type: 'urn:custodia:problem:service-unavailable',
          status: 503,
          reason: 'unreachable',
          retryAfter: 5,
          instance: '/readyz',
        });
        expect(problem.detail).toBe(
          lang === 'es'
            ? 'El servidor no está listo: la base de datos no responde. Vuelva a intentarlo en 5 s.'
            : 'The server is not ready: the database does not answer. Try again in 5 s.',
        );
      }
      const { res, one } = await scrape(app);
      expect(res.statusCode).toBe(200);
      expect(one('custodia_database_up')?.value).toBe(0);
      expect(one('custodia_database_writable')?.value).toBe(0);
      expect(one('custodia_register_head_seq')).toBeUndefined();
    } finally {
      await app.close();
      if (!closed) await store.close();
      await store.test.drop();
    }
  });
});

/**
 * A database that answers as told (or never): the cases a single test server cannot be put in, a
 * standby in recovery and a database that hangs. Only the connection is a stand-in; the SQL and the
 * routes are the real ones.
 */
function stubStore(answer: (q: CompiledQuery) => Promise<QueryResult<unknown>>) {
  const calls: string[] = [];
  const connection: DatabaseConnection = {
    executeQuery: async <R>(q: CompiledQuery) => {
      calls.push(q.sql);
      return (await answer(q)) as QueryResult<R>;
    },
    // biome-ignore lint/correctness/useYield: never streamed
    streamQuery: async function* () {
      throw new Error('not streamed');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { store: { db, kind: 'postgres' } as unknown as Store, calls };
}

async function operationsOnly(store: Store) {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  // the language of the answer, as the server's auth hook picks it
  app.decorateRequest('lang', 'en');
  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
  });
  registerOperations(app, store, { timeoutMs: 100, retryAfter: 3 });
  await app.ready();
  return app;
}

describe('/readyz of a standby and of a hung database', () => {
  it('counts the connection pool of a store that tells its use', async () => {
    const { store } = stubStore(async () => ({ rows: [{ writable: true, seq: 1, hash: '0' }] }));
    const pooled = Object.assign(store, {
      poolUse: () => ({ total: 7, idle: 2, waiting: 3, max: 10 }),
    });
    const app = await operationsOnly(pooled);
    try {
      const { one } = await scrape(app);
      expect(one('custodia_db_pool_connections', { state: 'open' })?.value).toBe(7);
      expect(one('custodia_db_pool_connections', { state: 'idle' })?.value).toBe(2);
      expect(one('custodia_db_pool_connections', { state: 'in_use' })?.value).toBe(5);
      expect(one('custodia_db_pool_connections', { state: 'max' })?.value).toBe(10);
      expect(one('custodia_db_pool_waiting')?.value).toBe(3);
    } finally {
      await app.close();
    }
  });

  it('is not ready on a standby in recovery: 503, no writable primary', async () => {
    const { store } = stubStore(async () => ({ rows: [{ writable: false }] }));
    const app = await operationsOnly(store);
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz', headers: { 'accept-language': 'es' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.json()).toMatchObject({ reason: 'read-only', retryAfter: 3 });
      expect(res.json().detail).toMatch(/^El servidor no está listo: su base de datos es una réplica/);
    } finally {
      await app.close();
    }
  });

  it('does not hang with the database: 503 within the bound, one question at a time however many ask', async () => {
    let release: () => void = () => {};
    const hung = new Promise<never>((_, reject) => {
      release = () => reject(new Error('connection ended'));
    });
    const { store, calls } = stubStore(() => hung);
    const app = await operationsOnly(store);
    try {
      const answers = await Promise.all([1, 2, 3].map(() => app.inject({ method: 'GET', url: '/readyz' })));
      for (const res of answers) {
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ reason: 'timeout', retryAfter: 3 });
        expect(res.json().detail).toBe(
          'The server is not ready: the database did not answer within 100 ms. Try again in 3 s.',
        );
      }
      // the question still hangs: asked once, not once per request
      expect(calls.filter((q) => q.includes('pg_is_in_recovery'))).toHaveLength(1);
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json().reason).toBe('timeout');
      expect(calls.filter((q) => q.includes('pg_is_in_recovery'))).toHaveLength(1);
      // a scrape is bounded too
      const { res, one } = await scrape(app);
      expect(res.statusCode).toBe(200);
      expect(one('custodia_database_up')?.value).toBe(0);
    } finally {
      release();
      await app.close();
    }
  });

  it('is ready when the question waits only because every connection is busy (busy is not lost)', async () => {
    let release: () => void = () => {};
    const hung = new Promise<never>((_, reject) => {
      release = () => reject(new Error('connection ended'));
    });
    const { store } = stubStore(() => hung);
    let use = { total: 10, idle: 0, waiting: 4, max: 10 };
    const app = await operationsOnly(Object.assign(store, { poolUse: () => use }));
    try {
      const busy = await app.inject({ method: 'GET', url: '/readyz' });
      expect(busy.statusCode, busy.body).toBe(200);
      // the same silence with connections to spare is a database that does not answer
      use = { total: 3, idle: 1, waiting: 0, max: 10 };
      const silent = await app.inject({ method: 'GET', url: '/readyz' });
      expect(silent.statusCode).toBe(503);
      expect(silent.json().reason).toBe('timeout');
    } finally {
      release();
      await app.close();
    }
  });

  it('reads the standbys and their lag from pg_stat_replication', async () => {
    const { store } = stubStore(async (q) =>
      q.sql.includes('pg_stat_replication')
        ? {
            rows: [
              // caught up and idle: PostgreSQL shows no replay_lag
              {
                name: 'node_2',
                state: 'streaming',
                sync_state: 'sync',
                replay_lag: null,
                replay_lsn: '0/3000148',
                lag_bytes: 0,
              },
              {
                name: 'node_3',
                state: 'catchup',
                sync_state: 'async',
                replay_lag: 1.5,
                replay_lsn: '0/2000000',
                lag_bytes: 16777216,
              },
              // a database user without pg_monitor sees no positions
              {
                name: 'node_4',
                state: 'streaming',
                sync_state: 'potential',
                replay_lag: null,
                replay_lsn: null,
                lag_bytes: null,
              },
            ],
          }
        : q.sql.includes('register_head')
          ? { rows: [{ seq: 42, hash: 'a'.repeat(64) }] }
          : { rows: [{ writable: true }] },
    );
    expect(await replicationStatus(store)).toEqual([
      { name: 'node_2', state: 'streaming', syncState: 'sync', replayLagSeconds: 0, lagBytes: 0 },
      { name: 'node_3', state: 'catchup', syncState: 'async', replayLagSeconds: 1.5, lagBytes: 16777216 },
      { name: 'node_4', state: 'streaming', syncState: 'potential', replayLagSeconds: null, lagBytes: null },
    ]);
    const app = await operationsOnly(store);
    try {
      const { one, samples } = await scrape(app);
      expect(one('custodia_replication_standbys')?.value).toBe(3);
      expect(one('custodia_replication_sync_standbys')?.value).toBe(1);
      expect(one('custodia_replication_lag_seconds', { standby: 'node_2', sync_state: 'sync' })?.value).toBe(
        0,
      );
      expect(one('custodia_replication_lag_seconds', { standby: 'node_3' })?.value).toBe(1.5);
      expect(one('custodia_replication_lag_bytes', { standby: 'node_3' })?.value).toBe(16777216);
      expect(samples.some((s) => s.labels.standby === 'node_4')).toBe(false);
      expect(one('custodia_register_head_seq')?.value).toBe(42);
      // this store tells nothing of a connection pool: no such figures rather than false ones
      expect(samples.some((s) => s.name.startsWith('custodia_db_pool_'))).toBe(false);
    } finally {
      await app.close();
    }
  });
});
