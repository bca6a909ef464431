import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { WEB_ROOT } from '../../src/api/web.js';
import { type Api, admission, footprint, PASSWORD, smallFacility, testApi } from '../helpers/api.js';

/**
 * Regressions of what an attack on a running server found (docs/security.md): each case is the
 * request that once answered wrongly, and what it must answer now.
 */
const P = '/api/v1';

describe('an attack on the running server: input, sign-in and answers', () => {
  let api: Api;
  let person: string;

  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('ONE', 4) })).statusCode).toBe(
      201,
    );
    const res = await api.call('POST', `${P}/admissions`, { body: admission('ONE') });
    expect(res.statusCode).toBe(201);
    person = res.json().personId;
  });
  afterAll(() => api?.close());

  const login = (username: string, password: string) =>
    api.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { username, password } });

  it('counts wrong passwords sent in parallel one by one: the account locks and the right one is refused', async () => {
    await api.user('raced', ['officer'], ['ONE']);
    const answers = await Promise.all(Array.from({ length: 24 }, () => login('raced', 'wrong password')));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(24 - 4);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
    expect((await login('raced', PASSWORD)).statusCode).toBe(429);
  });

  it('gives the same Retry-After for a locked account and a locked unknown name', async () => {
    await api.user('known', ['officer'], ['ONE']);
    const lockOut = async (name: string) => {
      let last = await login(name, 'wrong password');
      for (let i = 1; i < 5; i++) last = await login(name, 'wrong password');
      return last;
    };
    const known = await lockOut('known');
    const unknown = await lockOut('nobody-by-this-name');
    expect(known.statusCode).toBe(429);
    expect(unknown.statusCode).toBe(429);
    expect(unknown.headers['retry-after']).toBe(known.headers['retry-after']);
    expect(Number(known.headers['retry-after'])).toBe(15 * 60);
    // and again, while locked
    const [k, u] = [await login('known', PASSWORD), await login('nobody-by-this-name', 'x')];
    expect(Math.abs(Number(k.headers['retry-after']) - Number(u.headers['retry-after']))).toBeLessThanOrEqual(
      1,
    );
  });

  it('refuses a NUL character in any string with 400 naming the field, and changes nothing', async () => {
    const before = await footprint(api);
    const body = admission('ONE');
    body.person.givenNames = 'Ana\u0000';
    const res = await api.call('POST', `${P}/admissions`, { body });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().violations).toEqual([
      expect.objectContaining({ rule: 'invalid-field', subject: 'person.givenNames' }),
    ]);
    expect(await footprint(api)).toEqual(before);

    const signIn = await login('root\u0000', 'x');
    expect(signIn.statusCode).toBe(400);
    expect(signIn.json().violations[0].subject).toBe('username');
    const search = await api.call('GET', `${P}/people?q=${encodeURIComponent('So\u0000to')}`);
    expect(search.statusCode).toBe(400);
    expect(search.json().violations[0].subject).toBe('q');
  });

  it('answers 400, not 500, to the inputs that once broke it', async () => {
    for (const profile of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await api.call('GET', `${P}/facilities/ONE/compliance?profile=${profile}`);
      expect(res.statusCode, profile).toBe(400);
    }
    for (const at of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      const res = await api.call('GET', `${P}/facilities/ONE/roll?at=${encodeURIComponent(at)}`);
      expect(res.statusCode, at).toBe(400);
      expect(res.json().violations[0].subject).toBe('at');
    }
    const big = await api.app.inject({
      method: 'POST',
      url: `${P}/corrections`,
      headers: { authorization: `Bearer ${await api.token('root')}`, 'content-type': 'application/json' },
      payload: '{"corrects": 9223372036854775808, "reason": "x", "changes": {}}',
    });
    expect(big.statusCode).toBe(400);
    const cookie = await api.app.inject({
      method: 'GET',
      url: `${P}/auth/me`,
      headers: { cookie: 'custodia_session=%ZZ' },
    });
    expect(cookie.statusCode).toBe(401);
    const injuries = await api.call('POST', `${P}/admissions`, { body: admission('ONE', { injuries: 123 }) });
    expect(injuries.statusCode).toBe(400);
    expect(injuries.json().violations[0].subject).toBe('injuries');
    const long = await api.call('POST', `${P}/admissions`, {
      body: admission('ONE', { injuries: 'x'.repeat(5001) }),
    });
    expect(long.statusCode).toBe(400);
  });

  it('bounds a problem’s size: thousands of unknown ids name at most 100 violations and say how many', async () => {
    const ids = Array.from(
      { length: 3000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const res = await api.call('POST', `${P}/transfers`, {
      body: { personIds: ids, toFacility: 'ONE', reason: 'x' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const body = res.json();
    expect(body.violations.length).toBeLessThanOrEqual(100);
    if (body.violations.length === 100) expect(body.violationsTotal).toBeGreaterThan(100);
    expect(res.body.length).toBeLessThan(200_000);
  });

  it('serves the compliance report of a large facility in one pass', async () => {
    const res = await api.call('GET', `${P}/facilities/ONE/compliance.html?profile=cl`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>');
  });

  it('keeps names and search words out of the log, even when a request fails', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildServer(api.store, { logger: { level: 'info', stream: sink } as never });
    try {
      const token = await api.token('root');
      await app.inject({
        method: 'GET',
        url: `${P}/people?q=Zoila%20Quispe`,
        headers: { authorization: `Bearer ${token}` },
      });
      await app.inject({
        method: 'POST',
        url: `${P}/admissions`,
        headers: { authorization: `Bearer ${token}` },
        payload: { ...admission('ONE'), person: { ...admission('ONE').person, givenNames: 'Zoila\u0000' } },
      });
      await app.inject({
        method: 'GET',
        url: `${P}/people/${person}`,
        headers: { authorization: `Bearer ${token}` },
      });
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('/people');
    expect(log).not.toMatch(/Zoila|Quispe|q=/);
  });

  it('bounds the alerts answered: 500 unless asked, never more than 5000', async () => {
    const res = await api.call('GET', `${P}/alerts`);
    expect(res.statusCode).toBe(200);
    expect(res.json().alerts.length).toBeLessThanOrEqual(500);
    expect(res.json().total).toBeGreaterThanOrEqual(res.json().alerts.length);
    const tooMany = await api.call('GET', `${P}/alerts?limit=5001`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().violations[0].subject).toBe('limit');
    expect((await api.call('GET', `${P}/alerts?limit=5000`)).statusCode).toBe(200);
  });

  it('projects a user of one facility from that facility alone', async () => {
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('TWO', 2) })).statusCode).toBe(
      201,
    );
    for (let i = 0; i < 3; i++)
      expect((await api.call('POST', `${P}/admissions`, { body: admission('TWO') })).statusCode).toBe(201);
    const whole = (await api.call('GET', `${P}/projections/baseline`)).json();
    const two = await api.user('gov-two', ['governor'], ['TWO']);
    const mine = (await api.call('GET', `${P}/projections/baseline`, { token: two })).json();
    const inside = (s: { initial: Record<string, number> }) =>
      Object.values(s.initial).reduce((a, b) => a + b, 0);
    expect(inside(mine)).toBe(3);
    expect(inside(whole)).toBeGreaterThan(3);
    expect(mine.capacity).toBe(2 * 2 * 2 * 3);
    expect(whole.capacity).toBeGreaterThan(mine.capacity);
  });

  it.runIf(existsSync(join(WEB_ROOT, 'index.html')))(
    'never serves a source map, even one a build left behind',
    async () => {
      const built = readdirSync(join(WEB_ROOT, 'assets'));
      expect(built.filter((f) => f.endsWith('.map'))).toEqual([]);
      const stale = join(WEB_ROOT, 'assets', `stale-${process.pid}.js.map`);
      writeFileSync(stale, '{"sources":["secret.ts"]}');
      const app = await buildServer(api.store);
      try {
        const res = await app.inject({ method: 'GET', url: `/assets/stale-${process.pid}.js.map` });
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain('secret.ts');
      } finally {
        await app.close();
        rmSync(stale, { force: true });
      }
    },
  );
});

describe('an attack on the running server: administrators of one facility', () => {
  let api: Api;
  let admA: string;

  beforeAll(async () => {
    api = await testApi();
    for (const code of ['A', 'B'])
      expect((await api.call('POST', `${P}/facilities`, { body: smallFacility(code, 2) })).statusCode).toBe(
        201,
      );
    admA = await api.user('adm-a', ['admin'], ['A']);
    await api.user('off-b', ['officer'], ['B']);
    await api.user('insp', ['inspector'], []);
  });
  afterAll(() => api?.close());

  const account = async (username: string) =>
    (await api.call('GET', `${P}/users`))
      .json()
      .users?.find((u: { username: string }) => u.username === username) ??
    (await api.call('GET', `${P}/users`)).json().find?.((u: { username: string }) => u.username === username);

  it('cannot widen its own reach, nor create or manage accounts beyond it; nothing changes', async () => {
    const before = await account('adm-a');
    const refusals = [
      [
        'PATCH',
        `${P}/users/adm-a`,
        { roles: ['admin', 'records', 'officer', 'governor', 'medical', 'inspector'] },
      ],
      ['PATCH', `${P}/users/adm-a`, { facilities: ['*'] }],
      [
        'POST',
        `${P}/users`,
        { username: 'adm-all', password: PASSWORD, roles: ['admin'], facilities: ['*'] },
      ],
      ['POST', `${P}/users`, { username: 'insp2', password: PASSWORD, roles: ['inspector'], facilities: [] }],
      [
        'POST',
        `${P}/users`,
        { username: 'off-b2', password: PASSWORD, roles: ['officer'], facilities: ['B'] },
      ],
      ['PATCH', `${P}/users/off-b`, { disabled: true }],
      ['POST', `${P}/users/off-b/password`, { password: 'another password' }],
      ['POST', `${P}/users/insp/password`, { password: 'another password' }],
    ] as const;
    for (const [method, url, body] of refusals) {
      const res = await api.call(method, url, { token: admA, body });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(403);
      expect(res.json().violations[0].rule).toMatch(/^grant-/);
    }
    expect(await account('adm-a')).toEqual(before);
    expect(await account('adm-all')).toBeUndefined();
    expect((await api.freshToken('off-b')).length).toBeGreaterThan(10); // password unchanged, not disabled
  });

  it('still creates and manages staff of its own facility', async () => {
    const res = await api.call('POST', `${P}/users`, {
      token: admA,
      body: { username: 'off-a', password: PASSWORD, roles: ['officer'], facilities: ['A'] },
    });
    expect(res.statusCode).toBe(201);
    expect(
      (await api.call('PATCH', `${P}/users/off-a`, { token: admA, body: { roles: ['records'] } })).statusCode,
    ).toBe(200);
    expect(
      (
        await api.call('POST', `${P}/users/off-a/password`, {
          token: admA,
          body: { password: 'a new password' },
        })
      ).statusCode,
    ).toBeLessThan(300);
  });
});
