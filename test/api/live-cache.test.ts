import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';
import { custodia } from '../helpers/cli.js';
import { onPostgres } from '../helpers/store.js';

/** Polls until `check` holds (a notification crosses processes asynchronously); fails after 5 s. */
async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}`);
}

describe('answers kept between changes (the live roll, sessions)', () => {
  let api: Api;
  const rollOf = async (code = 'LIVE') => {
    const res = await api.call('GET', `/api/v1/facilities/${code}/roll`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      facility: string;
      at: string;
      total: { inCustody: number };
      today: { admitted: number };
      units: unknown[];
    };
  };

  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', '/api/v1/facilities', { body: smallFacility('LIVE') })).statusCode).toBe(
      201,
    );
    expect((await api.call('POST', '/api/v1/facilities', { body: smallFacility('OTRA') })).statusCode).toBe(
      201,
    );
    expect(api.app.freshness.live).toBe(true);
  });
  afterAll(() => api.close());

  it('answers the same roll until the register moves, with the time of each answer', async () => {
    const a = await rollOf();
    await new Promise((r) => setTimeout(r, 5));
    const b = await rollOf();
    expect({ ...b, at: null }).toEqual({ ...a, at: null });
    expect(b.at).not.toBe(a.at);
    expect(new Date(b.at).getTime()).toBeGreaterThan(new Date(a.at).getTime());
    // a roll of another facility is its own
    expect((await rollOf('OTRA')).facility).toBe('OTRA');
  });

  it('shows an admission in the very next roll, and a refused one changes nothing', async () => {
    const before = await rollOf();
    const res = await api.call('POST', '/api/v1/admissions', { body: admission('LIVE') });
    expect(res.statusCode).toBe(201);
    const after = await rollOf();
    expect(after.total.inCustody).toBe(before.total.inCustody + 1);
    expect(after.today.admitted).toBe(before.today.admitted + 1);
    const bad = await api.call('POST', '/api/v1/admissions', {
      body: { ...admission('LIVE'), legalBasis: undefined },
    });
    expect(bad.statusCode).toBe(409);
    expect({ ...(await rollOf()), at: null }).toEqual({ ...after, at: null });
    // the cached answer equals one computed afresh (?at= is never cached)
    const fresh = await api.call(
      'GET',
      `/api/v1/facilities/LIVE/roll?at=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(fresh.json().units).toEqual(after.units);
  });

  it('refuses a session the moment it is ended, though it was just used', async () => {
    const token = await api.user('clerk', ['records'], ['LIVE']);
    expect((await api.call('GET', '/api/v1/facilities/LIVE/roll', { token })).statusCode).toBe(200);
    const out = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.statusCode).toBeLessThan(300);
    expect((await api.call('GET', '/api/v1/facilities/LIVE/roll', { token })).statusCode).toBe(401);
    // a narrowed account sees the narrowing at once
    const other = await api.freshToken('clerk');
    expect((await api.call('GET', '/api/v1/facilities/LIVE/roll', { token: other })).statusCode).toBe(200);
    const patch = await api.call('PATCH', '/api/v1/users/clerk', { body: { facilities: ['OTRA'] } });
    expect(patch.statusCode).toBe(200);
    expect((await api.call('GET', '/api/v1/facilities/LIVE/roll', { token: other })).statusCode).toBe(403);
  });

  it.runIf(onPostgres)('hears of another process’s commits through the database', async () => {
    const before = await rollOf();
    // another server's append, as the database sees it: the head moves (and a cell fills) in one commit
    const c = new pg.Client({ connectionString: api.store.test.env.DATABASE_URL });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(`update cell_occupancy set occupants = occupants + 1 where unit_id =
        (select id from unit where facility_code = 'LIVE' and kind = 'cell' order by id limit 1)`);
      await c.query('update register_head set seq = seq where id = 1');
      await c.query('commit');
      await eventually(
        async () => (await rollOf()).total.inCustody === before.total.inCustody + 1,
        'roll refreshed',
      );
      await c.query(`update cell_occupancy set occupants = occupants - 1 where unit_id =
        (select id from unit where facility_code = 'LIVE' and kind = 'cell' order by id limit 1)`);
      await c.query('update register_head set seq = seq where id = 1');
      await eventually(async () => (await rollOf()).total.inCustody === before.total.inCustody, 'roll back');
    } finally {
      await c.end();
    }
  });

  it.runIf(onPostgres)('refuses a session another process ended (the command line), once told', async () => {
    const token = await api.user('night-clerk', ['records'], ['LIVE']);
    expect((await api.call('GET', '/api/v1/facilities/LIVE/roll', { token })).statusCode).toBe(200);
    const r = await custodia(api.store.test, ['user', 'disable', 'night-clerk']);
    expect(r.code, r.out).toBe(0);
    await eventually(
      async () => (await api.call('GET', '/api/v1/facilities/LIVE/roll', { token })).statusCode === 401,
      'session refused',
    );
  });

  it.runIf(onPostgres)('keeps nothing while not listening, and listens again', async () => {
    const token = await api.user('day-clerk', ['records'], ['LIVE']);
    expect((await api.call('GET', '/api/v1/facilities/LIVE/roll', { token })).statusCode).toBe(200);
    // the listening connection ends (a restart of the server, an administrator)
    const killed = await sql<{
      n: number;
    }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query like 'listen custodia_register%'`.execute(api.store.db);
    expect(killed.rows[0]!.n).toBe(1);
    await eventually(async () => !api.app.freshness.live, 'not live');
    // a session ended behind the server's back while it hears nothing: refused all the same
    await sql`update auth_token set revoked_at = now() where user_id = (select id from app_user where username = 'day-clerk')`.execute(
      api.store.db,
    );
    expect((await api.call('GET', '/api/v1/facilities/LIVE/roll', { token })).statusCode).toBe(401);
    await eventually(async () => api.app.freshness.live, 'live again');
    expect(api.app.freshness.live).toBe(true);
  });
});
