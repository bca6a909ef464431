import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { isConnectionLoss } from '../../src/store/connection-errors.js';
import type { Store } from '../../src/store/db.js';
import { PoolBusy } from '../../src/store/hosts.js';
import type { DB } from '../../src/store/schema.js';
import { type Api, testApi } from '../helpers/api.js';

describe('a database that cannot be reached', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it('tells connection losses from errors of the request', async () => {
    const dead = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 });
    const refused = await dead.connect().then(
      () => null,
      (err: unknown) => err,
    );
    expect(isConnectionLoss(refused)).toBe(true);
    // a write where writes are refused (a standby, a demoted primary): 25006
    const readOnly = await api.store.db
      .transaction()
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        await sql`create temporary table t_ro (x int)`.execute(trx);
        await sql`insert into facility (code) values ('X')`.execute(trx);
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect((readOnly as { code?: string }).code).toBe('25006');
    expect(isConnectionLoss(readOnly)).toBe(true);
    const syntax = await sql`selec 1`.execute(api.store.db).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isConnectionLoss(syntax)).toBe(false);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss('ECONNREFUSED')).toBe(false);
  });

  it('answers 503 with Retry-After (es/en), never 500, while the database is away', async () => {
    // the same server code over a pool whose every connection is refused
    const pool = new pg.Pool({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 });
    const gone: Store = {
      ...api.store,
      db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
      listen: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      },
    };
    const app = await buildServer(gone);
    try {
      for (const [lang, words] of [
        ['en', /database is unavailable/],
        ['es', /base de datos no está disponible/],
      ] as const) {
        const res = await app.inject({
          method: 'GET',
          url: '/api/v1/facilities',
          headers: { authorization: 'Bearer some-token', 'accept-language': lang },
        });
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('2');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({
          status: 503,
          retryAfter: 2,
          detail: expect.stringMatching(words),
        });
      }
    } finally {
      await app.close();
      await gone.db.destroy();
    }
  });

  it('says busy, not lost, when every connection is in use (503 with Retry-After)', async () => {
    const busyPool = {
      connect: async () => {
        throw new PoolBusy('127.0.0.1:5432', 10, 10_000);
      },
      end: async () => {},
    };
    const busy: Store = {
      ...api.store,
      db: new Kysely<DB>({ dialect: new PostgresDialect({ pool: busyPool as unknown as pg.Pool }) }),
      listen: async () => {
        throw new PoolBusy('127.0.0.1:5432', 10, 10_000);
      },
    };
    const app = await buildServer(busy);
    try {
      for (const [lang, words] of [
        ['en', /all its database connections are in use/],
        ['es', /todas sus conexiones con la base de datos están en uso/],
      ] as const) {
        const res = await app.inject({
          method: 'GET',
          url: '/api/v1/facilities',
          headers: { authorization: 'Bearer some-token', 'accept-language': lang },
        });
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('2');
        expect(res.json()).toMatchObject({ status: 503, detail: expect.stringMatching(words) });
      }
    } finally {
      await app.close();
    }
  });
});
