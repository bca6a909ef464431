import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LastWrites,
  POSITION_WAIT_MS,
  READ_FROM,
  readFromValue,
  trackWrites,
} from '../../src/api/read-routing.js';
import { buildServer } from '../../src/api/server.js';
import { ConfigError, readConfig } from '../../src/config.js';
import { pgTypes, type Store } from '../../src/store/db.js';
import {
  isRecoveryConflict,
  lsnAtLeast,
  lsnValue,
  type Measurement,
  pickStandby,
  StandbyReads,
  type StandbyStatus,
  stalenessOf,
} from '../../src/store/replica.js';
import { createUser } from '../../src/store/users.js';
import { admission, PASSWORD, smallFacility } from '../helpers/api.js';
import { freshStore, onPostgres } from '../helpers/store.js';

const standby = (s: Partial<StandbyStatus>): StandbyStatus => ({
  inRecovery: true,
  replayLsn: '0/100',
  replayAgeMs: 0,
  ...s,
});

describe('WAL positions and staleness', () => {
  it('compares positions as numbers, not as text', () => {
    expect(lsnValue('0/10') > lsnValue('0/9')).toBe(true);
    expect(lsnValue('1/0') > lsnValue('0/FFFFFFFF')).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(lsnAtLeast('0/A', '0/a')).toBe(true);
    expect(() => lsnValue('16-B374')).toThrow(/Not a WAL position/);
  });

  it('a standby that replayed the primary’s position is as stale as that reading is old', () => {
    const m: Measurement = {
      status: standby({ replayLsn: '0/200', replayAgeMs: 60_000 }),
      at: 1000,
      primary: { lsn: '0/200', at: 990 },
    };
    // an idle primary: the last replayed commit is a minute old, and still nothing is missing
    expect(stalenessOf(m, 1040)).toBe(50);
  });

  it('a standby behind is as stale as its last replayed commit, aged since it was asked', () => {
    const m: Measurement = {
      status: standby({ replayLsn: '0/100', replayAgeMs: 300 }),
      at: 1000,
      primary: { lsn: '0/200', at: 990 },
    };
    expect(stalenessOf(m, 1100)).toBe(400);
    // nothing replayed yet, primary unknown: unknown
    expect(stalenessOf({ ...m, status: standby({ replayLsn: null, replayAgeMs: null }) }, 1100)).toBeNull();
  });

  it('picks the least stale standby within the bound that has the reader’s write, or none', () => {
    const at = (replayLsn: string, replayAgeMs: number, inRecovery = true): Measurement => ({
      status: { inRecovery, replayLsn, replayAgeMs },
      at: 0,
      primary: { lsn: '0/300', at: 0 },
    });
    const measured = new Map<number, Measurement>([
      [0, at('0/300', 0, false)], // the primary itself
      [1, at('0/250', 400)],
      [2, at('0/280', 100)],
      [3, at('0/100', 5000)], // too far behind
    ]);
    const o = { now: 0, maxStalenessMs: 1000 };
    expect(pickStandby(measured, o)).toEqual({ index: 2, lagMs: 100 });
    expect(pickStandby(measured, { ...o, skip: 2 })).toEqual({ index: 1, lagMs: 400 });
    // the reader wrote at 0/260: standby 1 has not replayed it
    expect(pickStandby(measured, { ...o, skip: 2, after: '0/260' })).toBeNull();
    expect(pickStandby(measured, { ...o, after: '0/280' })).toEqual({ index: 2, lagMs: 100 });
    expect(pickStandby(measured, { ...o, maxStalenessMs: 50 })).toBeNull();
  });

  it('knows a statement a standby cancelled for a recovery conflict', () => {
    for (const code of ['40001', '40P01', '57P04'])
      expect(isRecoveryConflict(Object.assign(new Error('conflict with recovery'), { code })), code).toBe(
        true,
      );
    for (const code of ['23505', '57P01', '25006'])
      expect(isRecoveryConflict(Object.assign(new Error('x'), { code })), code).toBe(false);
    expect(isRecoveryConflict('40001')).toBe(false);
  });

  it('says where an answer was read', () => {
    expect(readFromValue({ from: 'primary', lagMs: 0 })).toBe('primary');
    expect(readFromValue({ from: 'standby', lagMs: 123 })).toBe('standby; lag-ms=123');
  });
});

describe('LastWrites', () => {
  it('keeps each user’s last write for ten minutes; an unknown position keeps them on the primary', () => {
    const w = new LastWrites();
    w.remember('ana', '0/100', 0);
    w.remember('ana', '0/180', 1000);
    w.remember('luis', null, 1000);
    expect(w.after('ana', 2000)).toBe('0/180');
    expect(w.after('luis', 2000)).toBeNull();
    expect(w.after('eva', 2000)).toBeUndefined();
    expect(w.after('ana', 1000 + 10 * 60_000 + 1)).toBeUndefined();
    // an old entry is dropped when another user writes later
    w.remember('eva', '0/200', 1000 + 10 * 60_000 + 1);
    expect(w.after('luis', 1000)).toBeUndefined();
  });
});

describe('the read routing settings', () => {
  it('is off unless asked for; the staleness bound and the primary wait have defaults', () => {
    expect(readConfig({})).toMatchObject({ readReplicas: undefined, primaryWaitMs: 10_000 });
    expect(
      readConfig({
        CUSTODIA_READ_REPLICAS: '1',
        CUSTODIA_MAX_STALENESS_MS: '250',
        CUSTODIA_PRIMARY_WAIT_MS: '3000',
      }),
    ).toMatchObject({ readReplicas: { maxStalenessMs: 250 }, primaryWaitMs: 3000 });
    expect(readConfig({ CUSTODIA_READ_REPLICAS: '1' }).readReplicas).toEqual({ maxStalenessMs: 1000 });
  });

  it('refuses bad values, naming each', () => {
    try {
      readConfig({
        CUSTODIA_READ_REPLICAS: 'yes',
        CUSTODIA_MAX_STALENESS_MS: '-5',
        CUSTODIA_PRIMARY_WAIT_MS: 'x',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.split('=')[0]).sort()).toEqual([
        'CUSTODIA_MAX_STALENESS_MS',
        'CUSTODIA_PRIMARY_WAIT_MS',
        'CUSTODIA_READ_REPLICAS',
      ]);
    }
  });
});

/** A server on `store` with write tracking, an administrator `root` and a records clerk. */
async function serve(store: Store) {
  const app = await buildServer(store);
  trackWrites(app, store);
  for (const [username, roles] of [
    ['root', ['admin', 'records', 'governor', 'inspector']],
    ['clerk', ['records']],
  ] as const)
    await createUser(store.db, { username, password: PASSWORD, roles: [...roles], facilities: ['*'] });
  const tokens: Record<string, string> = {};
  for (const username of ['root', 'clerk']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
    });
    tokens[username] = res.json().token;
  }
  const call = (
    user: string,
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method: method as 'GET',
      url,
      ...(body === undefined ? {} : { payload: body as object }),
      headers: { authorization: `Bearer ${tokens[user]}`, ...headers },
    });
  return { app, call };
}

const ROUTED = (at: string) => [
  '/api/v1/people?q=ana%20standby',
  `/api/v1/facilities/NORTE/roll?at=${encodeURIComponent(at)}`,
  '/api/v1/facilities/NORTE/compliance',
  '/api/v1/facilities/NORTE/compliance.html',
];

describe('on one database (PGlite, or a URL of one server) every read is the primary’s, and says so', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let api: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    store = await freshStore();
    api = await serve(store);
    expect((await api.call('root', 'POST', '/api/v1/facilities', smallFacility('NORTE'))).statusCode).toBe(
      201,
    );
    const a = admission('NORTE');
    const res = await api.call('root', 'POST', '/api/v1/admissions', {
      ...a,
      person: { ...a.person, givenNames: 'Ana', familyNames: 'Standby Díaz' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => {
    await api.app.close();
    await store.drop();
  });

  it('search, the roll at a past moment and compliance reports answer from the primary', async () => {
    for (const user of ['root', 'clerk'])
      for (const url of ROUTED(new Date().toISOString())) {
        const res = await api.call(user, 'GET', url);
        expect(res.statusCode, `${url} ${res.body}`).toBe(200);
        expect(res.headers[READ_FROM], url).toBe('primary');
      }
    const found = await api.call('clerk', 'GET', ROUTED('')[0]!);
    expect(found.json().results[0]).toMatchObject({ givenNames: 'Ana' });
  });

  it('reads that are never routed say nothing of it', async () => {
    const live = await api.call('root', 'GET', '/api/v1/facilities/NORTE/roll');
    expect(live.statusCode).toBe(200);
    expect(live.headers[READ_FROM]).toBeUndefined();
  });
});

describe('the position of a write: asked only after a write that succeeded, and never waited for long', () => {
  let base: Awaited<ReturnType<typeof freshStore>>;
  let api: Awaited<ReturnType<typeof serve>>;
  /** what the store answers when asked for the primary's position */
  let position: () => Promise<string | null> = async () => '0/AB';
  let asked = 0;
  /** the `after` of every read routed through the store (a user at an unknown position is not routed) */
  const routed: (string | undefined)[] = [];
  const search = async (user: string) => {
    const before = routed.length;
    const res = await api.call(user, 'GET', '/api/v1/people?q=ana');
    expect(res.statusCode, res.body).toBe(200);
    return routed.length > before ? { after: routed.at(-1) } : 'not routed';
  };

  beforeAll(async () => {
    base = await freshStore();
    const store: Store = {
      ...base,
      reads: (o) => {
        routed.push(o?.after);
        return base.reads(o);
      },
      walPosition: () => {
        asked += 1;
        return position();
      },
    };
    api = await serve(store);
    expect((await api.call('root', 'POST', '/api/v1/facilities', smallFacility('NORTE'))).statusCode).toBe(
      201,
    );
  });
  afterAll(async () => {
    await api.app.close();
    await base.drop();
  });

  it('a write answered 201 is remembered at the primary’s position', async () => {
    position = async () => '0/AB';
    const res = await api.call('root', 'POST', '/api/v1/admissions', admission('NORTE'));
    expect(res.statusCode, res.body).toBe(201);
    expect(await search('root')).toEqual({ after: '0/AB' });
  });

  it('a refused write is not: the position is not asked, and the user’s reads are as before', async () => {
    expect(await search('clerk')).toEqual({ after: undefined });
    const before = asked;
    // no legal basis: refused with nothing recorded
    const { legalBasis: _, ...body } = admission('NORTE');
    const refused = await api.call('clerk', 'POST', '/api/v1/admissions', body);
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const unknown = await api.call('clerk', 'POST', '/api/v1/admissions', admission('NOSUCH'));
    expect(unknown.statusCode).toBeGreaterThanOrEqual(400);
    expect(asked).toBe(before);
    expect(await search('clerk')).toEqual({ after: undefined });
  });

  it('a position that does not come in time: the answer is sent, and the user reads the primary', async () => {
    // the position never comes (a failover: asking for it waits as long as a connection does); the
    // guard answers it long after the bound only so that an answer waiting for it ends
    let answer: (lsn: string) => void = () => {};
    position = () =>
      new Promise((resolve) => {
        answer = resolve;
      });
    let guarded = false;
    const guard = setTimeout(() => {
      guarded = true;
      answer('0/FF');
    }, POSITION_WAIT_MS * 10);
    const res = await api.call('clerk', 'POST', '/api/v1/admissions', admission('NORTE'));
    clearTimeout(guard);
    expect(res.statusCode, res.body).toBe(201);
    expect(guarded).toBe(false);
    // remembered at an unknown position: read on the primary, without asking where
    expect(await search('clerk')).toBe('not routed');
    const found = await api.call('clerk', 'GET', '/api/v1/people?q=ana');
    expect(found.headers[READ_FROM]).toBe('primary');
    answer('0/FF');
  });
});

// The real server of DATABASE_URL is given as a "standby": its reads are real, what it says of its
// replay is injected (how far it has replayed, how old its last replayed commit is).
describe.skipIf(!onPostgres)('a standby within the bound, and each user’s own writes', () => {
  let base: Awaited<ReturnType<typeof freshStore>>;
  let api: Awaited<ReturnType<typeof serve>>;
  let reads: StandbyReads;
  let primaryPool: pg.Pool;
  const made: pg.Pool[] = [];
  /** what the "standby" says of itself */
  let replay: { replayLsn: string; replayAgeMs: number };
  let standbyDown = false;
  let positionLost = false;
  /** the next statement the "standby" cancels as a recovery conflict, and with which SQLSTATE */
  let conflict: { on: RegExp; code: string } | null = null;
  /** what the "standby" ran */
  const ran: string[] = [];

  const catchUp = async () => {
    replay = { replayLsn: await reads.primaryLsn(), replayAgeMs: 20 };
    await reads.measure();
  };
  const fallBehind = async (replayAgeMs = 20) => {
    replay = { ...replay, replayAgeMs };
    await reads.measure();
  };
  const search = async (user: string, q = 'ana standby') => {
    const res = await api.call(user, 'GET', `/api/v1/people?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return {
      from: res.headers[READ_FROM] as string,
      names: res.json().results.map((r: any) => r.givenNames),
    };
  };
  const admit = async (givenNames: string, headers: Record<string, string> = {}) => {
    const a = admission('NORTE');
    const res = await api.call(
      'root',
      'POST',
      '/api/v1/admissions',
      { ...a, person: { ...a.person, givenNames, familyNames: 'Standby Díaz' } },
      headers,
    );
    expect(res.statusCode, res.body).toBe(201);
  };

  beforeAll(async () => {
    base = await freshStore();
    const url = base.test.env.DATABASE_URL!;
    primaryPool = new pg.Pool({ connectionString: url, max: 4, types: pgTypes });
    reads = new StandbyReads({
      maxStalenessMs: 1000,
      servers: ['standby.test:5432'],
      primaryIndex: () => null,
      primaryPool,
      primary: base.db,
      pool: () => {
        const p = new pg.Pool({ connectionString: url, max: 4, types: pgTypes });
        made.push(p);
        return {
          connect: async () => {
            if (standbyDown) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
            const c = await p.connect();
            // what Kysely uses of a client; a statement may be cancelled as replay would cancel it
            return {
              query: async (text: string, values?: unknown[]) => {
                ran.push(text);
                if (conflict?.on.test(text)) {
                  const { code } = conflict;
                  conflict = null;
                  throw Object.assign(new Error('canceling statement due to conflict with recovery'), {
                    code,
                  });
                }
                return c.query(text, values);
              },
              release: (err?: Error | boolean) => c.release(err),
            } as unknown as pg.PoolClient;
          },
          end: () => p.end(),
        };
      },
      readers: { standby: async () => ({ inRecovery: true, ...replay }) },
      // measured when the test says, never in the background
      intervalMs: 3_600_000,
    });
    const store: Store = {
      ...base,
      reads: (o) => reads.choose(o),
      walPosition: async () => {
        if (positionLost) throw new Error('Connection terminated unexpectedly');
        return reads.primaryLsn();
      },
    };
    api = await serve(store);
    expect((await api.call('root', 'POST', '/api/v1/facilities', smallFacility('NORTE'))).statusCode).toBe(
      201,
    );
    await admit('Ana');
    replay = { replayLsn: '0/0', replayAgeMs: 0 };
  });
  afterAll(async () => {
    await api.app.close();
    await reads.close();
    await primaryPool.end();
    await base.drop();
  });

  it('a caught-up standby answers search, the roll at a past moment and reports, saying how stale', async () => {
    await catchUp();
    for (const user of ['root', 'clerk'])
      for (const url of ROUTED(new Date(Date.now() - 60_000).toISOString())) {
        const res = await api.call(user, 'GET', url);
        expect(res.statusCode, `${url} ${res.body}`).toBe(200);
        const m = /^standby; lag-ms=(\d+)$/.exec(String(res.headers[READ_FROM]));
        expect(m, `${url}: ${res.headers[READ_FROM]}`).not.toBeNull();
        expect(Number(m![1])).toBeLessThanOrEqual(1000);
      }
    expect((await search('clerk')).names).toEqual(['Ana']);
  });

  it('after a user’s own write their reads stay on the primary until the standby replays it', async () => {
    await catchUp();
    await admit('Beatriz');
    // the standby has not replayed the admission, and is still within the staleness bound
    await fallBehind(20);
    const own = await search('root', 'beatriz standby');
    expect(own).toEqual({ from: 'primary', names: ['Beatriz'] });
    // someone who wrote nothing may read the standby, a little stale
    expect((await search('clerk')).from).toMatch(/^standby; lag-ms=\d+$/);
    await catchUp();
    const later = await search('root', 'beatriz standby');
    expect(later.from).toMatch(/^standby; lag-ms=\d+$/);
    expect(later.names).toEqual(['Beatriz']);
  });

  it('an idempotent write counts once it is committed', async () => {
    await catchUp();
    await admit('Carla', { 'idempotency-key': 'h3-read-routing-carla' });
    await fallBehind(20);
    expect(await search('root', 'carla standby')).toEqual({ from: 'primary', names: ['Carla'] });
    await catchUp();
    expect((await search('root', 'carla standby')).from).toMatch(/^standby/);
  });

  it('a write whose position cannot be read keeps its user on the primary', async () => {
    await catchUp();
    positionLost = true;
    try {
      await admit('Dora');
    } finally {
      positionLost = false;
    }
    await catchUp();
    expect((await search('root', 'dora standby')).from).toBe('primary');
    expect((await search('clerk', 'dora standby')).from).toMatch(/^standby/);
  });

  it('a standby past the bound is not used', async () => {
    await catchUp();
    await admit('Elena');
    await fallBehind(5000);
    expect((await search('clerk')).from).toBe('primary');
    await catchUp();
    expect((await search('clerk')).from).toMatch(/^standby/);
  });

  it('a standby that cannot be reached: the read goes to the primary and says so', async () => {
    await catchUp();
    standbyDown = true;
    try {
      const res = await search('clerk');
      expect(res).toEqual({ from: 'primary', names: ['Ana'] });
      // it is left out until measured again
      expect((await search('clerk')).from).toBe('primary');
    } finally {
      standbyDown = false;
    }
    await catchUp();
    expect((await search('clerk')).from).toMatch(/^standby/);
  });

  it('a read the standby cancels for a recovery conflict runs again on the primary, and says so', async () => {
    // a search: in a transaction, `set local` and the expansion of the words typed; then the people
    const expansion = /person_name_word/;
    const people = /left join lateral/;
    for (const code of ['40001', '40P01', '57P04']) {
      await catchUp();
      // cancelled before any row was read there: the transaction moves to the primary (its
      // `set local` again first), and the whole answer is the primary's
      ran.length = 0;
      conflict = { on: expansion, code };
      expect(await search('clerk'), code).toEqual({ from: 'primary', names: ['Ana'] });
      expect(conflict).toBeNull();
      expect(ran.some((q) => people.test(q))).toBe(false);
    }
    // cancelled after the expansion was read there: the rest reads the primary, and the header still
    // says standby, with its bound (part of the answer came from it)
    await catchUp();
    ran.length = 0;
    conflict = { on: people, code: '40001' };
    const res = await search('clerk');
    expect(conflict).toBeNull();
    expect(res.from).toMatch(/^standby; lag-ms=\d+$/);
    expect(res.names).toEqual(['Ana']);
    // the standby is still used
    expect((await search('clerk')).from).toMatch(/^standby/);
  });
});
