import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/store/users.js';
import { type Api, admission, PASSWORD, smallFacility, testApi } from '../helpers/api.js';
import { custodia } from '../helpers/cli.js';
import { type TestDb, testDb } from '../helpers/store.js';

const P = '/api/v1';

describe('accounts, sessions and the access log', () => {
  let api: Api;
  let person: string;
  let records: string;
  let officer: string;
  let medical: string;
  let inspector: string;

  beforeAll(async () => {
    api = await testApi();
    for (const code of ['ONE', 'TWO'])
      expect((await api.call('POST', `${P}/facilities`, { body: smallFacility(code, 4) })).statusCode).toBe(
        201,
      );
    records = await api.user('rec', ['records'], ['ONE']);
    officer = await api.user('off', ['officer'], ['ONE']);
    medical = await api.user('doc', ['medical'], ['ONE']);
    inspector = await api.user('insp', ['inspector'], []);
    const res = await api.call('POST', `${P}/admissions`, {
      token: records,
      body: admission('ONE', { injuries: 'Hematoma en el pómulo izquierdo' }),
    });
    expect(res.statusCode).toBe(201);
    person = res.json().personId;
  });
  afterAll(() => api?.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { username, password }, headers });

  it('locks an account after five wrong passwords in a row, even against the right one', async () => {
    await api.user('victim', ['officer'], ['ONE']);
    for (let i = 1; i <= 4; i++) expect((await login('victim', `wrong ${i}`)).statusCode).toBe(401);
    const fifth = await login('victim', 'wrong 5');
    expect(fifth.statusCode).toBe(429);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    expect(fifth.json().type).toBe('urn:custodia:problem:too-many-requests');
    const right = await login('victim', PASSWORD, { 'accept-language': 'es' });
    expect(right.statusCode).toBe(429);
    expect(right.json().detail).toMatch(/bloqueada hasta/);
    // a name that does not exist locks the same way, so a lock does not reveal that a name is real
    for (let i = 1; i <= 4; i++) expect((await login('nobody-here', `wrong ${i}`)).statusCode).toBe(401);
    expect((await login('nobody-here', 'wrong 5')).statusCode).toBe(429);
    // an administrator's reset lifts the lock and ends old sessions
    expect(
      (await api.call('POST', `${P}/users/victim/password`, { body: { password: 'a brand new password' } }))
        .statusCode,
    ).toBe(204);
    expect((await login('victim', 'a brand new password')).statusCode).toBe(200);
    const log = await api.store.db
      .selectFrom('access_log')
      .select(['action', 'username'])
      .where('username', 'in', ['victim', 'nobody-here'])
      .execute();
    expect(log.filter((l) => l.action === 'sign-in.failed')).toHaveLength(8);
    expect(log.filter((l) => l.action === 'sign-in.locked').length).toBeGreaterThanOrEqual(2);
  });

  it('lets administrators list, narrow, disable and re-enable accounts; a disabled account’s tokens die', async () => {
    const token = await api.user('temp', ['records'], ['ONE']);
    expect((await api.call('GET', `${P}/auth/me`, { token })).statusCode).toBe(200);
    const list = await api.call('GET', `${P}/users`);
    expect(list.json().users.map((u: { username: string }) => u.username)).toContain('temp');
    expect(list.body).not.toMatch(/argon2|password/i);
    const narrowed = await api.call('PATCH', `${P}/users/temp`, {
      body: { roles: ['officer'], facilities: ['TWO'] },
    });
    expect(narrowed.json()).toMatchObject({
      username: 'temp',
      roles: ['officer'],
      facilities: ['TWO'],
      disabled: false,
    });
    // the new roles apply to the token already issued
    expect((await api.call('POST', `${P}/admissions`, { token, body: admission('TWO') })).statusCode).toBe(
      403,
    );
    expect((await api.call('PATCH', `${P}/users/temp`, { body: { disabled: true } })).statusCode).toBe(200);
    expect((await api.call('GET', `${P}/auth/me`, { token })).statusCode).toBe(401);
    expect((await login('temp', PASSWORD)).statusCode).toBe(401);
    expect((await api.call('PATCH', `${P}/users/temp`, { body: { disabled: false } })).statusCode).toBe(200);
    expect((await api.call('GET', `${P}/auth/me`, { token })).statusCode).toBe(401); // still revoked
    expect((await login('temp', PASSWORD)).statusCode).toBe(200);
    // refusals: unknown user, unknown facility, weak password, the last administrator
    expect((await api.call('PATCH', `${P}/users/ghost`, { body: { disabled: true } })).statusCode).toBe(404);
    const bad = await api.call('PATCH', `${P}/users/temp`, { body: { facilities: ['NOPE'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().violations[0]).toMatchObject({ rule: 'unknown-facility', subject: 'facilities[0]' });
    expect(
      (await api.call('POST', `${P}/users/temp/password`, { body: { password: 'short' } })).json()
        .violations[0].rule,
    ).toBe('weak-password');
    const last = await api.call('PATCH', `${P}/users/root`, { body: { disabled: true } });
    expect(last.statusCode).toBe(409);
    expect(last.json().violations[0].rule).toBe('last-admin');
    expect((await api.call('GET', `${P}/auth/me`)).statusCode).toBe(200);
  });

  it('protects the cookie session against cross-site requests (CSRF)', async () => {
    const res = await login('off', PASSWORD);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/custodia_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const csrf = res.json().csrfToken as string;
    const me = await api.app.inject({ method: 'GET', url: `${P}/auth/me`, headers: { cookie: session } });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(csrf);
    const move = (headers: Record<string, string>) =>
      api.app.inject({
        method: 'POST',
        url: `${P}/segregations`,
        payload: { personId: person, authority: 'Jefe de guardia', reason: 'Riesgo' },
        headers: { cookie: session, ...headers },
      });
    const forged = await move({});
    expect(forged.statusCode).toBe(403);
    expect(forged.json().detail).toMatch(/CSRF/);
    expect((await move({ 'x-csrf-token': 'guessed' })).statusCode).toBe(403);
    expect((await api.store.db.selectFrom('segregation').select('id').execute()).length).toBe(0);
    expect((await move({ 'x-csrf-token': csrf })).statusCode).toBe(201);
    // a bearer token is never sent by a browser on its own: it needs no CSRF token
    const end = await api.call('GET', `${P}/people/${person}`, { token: officer });
    expect(end.statusCode).toBe(200);
    const out = await api.app.inject({
      method: 'POST',
      url: `${P}/auth/logout`,
      headers: { cookie: session, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect(
      (await api.app.inject({ method: 'GET', url: `${P}/auth/me`, headers: { cookie: session } })).statusCode,
    ).toBe(401);
  });

  it('sends security headers, and keeps API answers out of caches', async () => {
    const res = await api.call('GET', `${P}/people/${person}`);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const page = await api.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const html = await api.call('GET', `${P}/facilities/ONE/compliance.html`);
    expect(html.headers['content-security-policy']).toMatch(/style-src 'unsafe-inline'/);
  });

  it('hides medical detail from everyone but medical staff and inspectors', async () => {
    const seen = async (token: string) => (await api.call('GET', `${P}/people/${person}`, { token })).json();
    const admitted = (file: any) =>
      file.timeline.find((e: { kind: string }) => e.kind === 'custody.admitted');
    for (const token of [records, officer]) {
      const file = await seen(token);
      expect(JSON.stringify(file)).not.toMatch(/Hematoma/);
      expect(admitted(file).payload.restricted).toEqual(['injuries']);
    }
    expect(admitted(await seen(medical)).payload.injuries).toMatch(/Hematoma/);
    expect(admitted(await seen(inspector)).payload.injuries).toMatch(/Hematoma/);
    // an examination: only medical staff record it; it fulfils the admission examination
    const exam = {
      personId: person,
      findings: 'Contusión facial compatible con golpe',
      injuries: 'Hematoma',
    };
    expect(
      (await api.call('POST', `${P}/medical-examinations`, { token: officer, body: exam })).statusCode,
    ).toBe(403);
    const done = await api.call('POST', `${P}/medical-examinations`, { token: medical, body: exam });
    expect(done.statusCode).toBe(201);
    expect(done.json().fulfilled).toHaveLength(1);
    const forOfficer = await seen(officer);
    expect(JSON.stringify(forOfficer)).not.toMatch(/Contusión|Hematoma/);
    expect(forOfficer.duties.find((d: { kind: string }) => d.kind === 'medical-exam').status).toBe('done');
    // custody staff cannot close a medical duty, and medical staff cannot close a custody one
    const duties = (await seen(medical)).duties as { id: string; kind: string }[];
    const injury = duties.find((d) => d.kind === 'injury-report')!;
    const family = duties.find((d) => d.kind === 'family-notification')!;
    const fulfil = (id: string, token: string) =>
      api.call('POST', `${P}/duties/${id}/fulfil`, {
        token,
        body: { note: 'Informe enviado a la fiscalía' },
      });
    expect((await fulfil(injury.id, officer)).statusCode).toBe(403);
    expect((await fulfil(family.id, medical)).statusCode).toBe(403);
    expect((await fulfil(injury.id, medical)).statusCode).toBe(200);
    expect((await fulfil(family.id, officer)).statusCode).toBe(200);
  });

  it('logs every read of a person’s record; inspectors see who looked', async () => {
    const before = Date.now();
    await api.call('GET', `${P}/people/${person}`, { token: officer });
    await api.call('GET', `${P}/people?q=Soto&facility=ONE`, { token: records });
    // a refused read is not a read, but it is logged as refused
    const outsider = await api.user('outsider', ['officer'], ['TWO']);
    expect((await api.call('GET', `${P}/people/${person}`, { token: outsider })).statusCode).toBe(403);
    const file = (await api.call('GET', `${P}/people/${person}`, { token: inspector })).json();
    const who = file.accessLog.map((e: { username: string; action: string }) => `${e.username} ${e.action}`);
    expect(who).toContain('off person.read');
    expect(who).toContain('rec person.search');
    expect(who).toContain('insp person.read'); // the inspector's own read is logged too
    expect(who).not.toContain('outsider person.read');
    expect(who).toContain('outsider read.refused');
    expect(file.accessLog.every((e: { at: string }) => Date.parse(e.at) >= before - 1000)).toBe(true);
    // nobody else sees the log
    expect(
      (await api.call('GET', `${P}/people/${person}`, { token: officer })).json().accessLog,
    ).toBeUndefined();
    expect((await api.call('GET', `${P}/access-log?person=${person}`, { token: officer })).statusCode).toBe(
      403,
    );
    const log = await api.call('GET', `${P}/access-log?person=${person}&username=off`, { token: inspector });
    expect(log.statusCode).toBe(200);
    expect(log.json().entries.length).toBeGreaterThanOrEqual(2);
    expect(
      log
        .json()
        .entries.every(
          (e: { username: string; personId: string }) => e.username === 'off' && e.personId === person,
        ),
    ).toBe(true);
    // and it is append-only
    await expect(api.store.exec('delete from access_log')).rejects.toThrow(/append-only/);
  });
});

describe('custodia user (command line)', () => {
  const cli = (db: TestDb, args: string[], stdin?: string) => custodia(db, ['user', ...args], stdin);
  const canSignIn = async (db: TestDb, username: string, password: string) => {
    const store = await db.open();
    try {
      return (await signIn(store.db, username, password)).ok;
    } finally {
      await store.close();
    }
  };

  it('adds, disables, enables, resets and lists accounts, and refuses bad input', async () => {
    const db = await testDb();
    try {
      const added = await cli(db, [
        'add',
        'alice',
        '--role',
        'officer',
        '--role',
        'records',
        '--facility',
        '*',
      ]);
      expect(added.code, added.out).toBe(0);
      const password = added.out.match(/Password: (\S+)/)![1]!;
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(await canSignIn(db, 'alice', password)).toBe(true);
      expect((await cli(db, ['disable', 'alice'])).code).toBe(0);
      expect(await canSignIn(db, 'alice', password)).toBe(false);
      expect((await cli(db, ['enable', 'alice'])).code).toBe(0);
      const reset = await cli(db, ['reset', 'alice', '--password-stdin'], 'a new long password\n');
      expect(reset.code, reset.out).toBe(0);
      expect(reset.out).not.toMatch(/Password:/);
      expect(await canSignIn(db, 'alice', password)).toBe(false);
      expect(await canSignIn(db, 'alice', 'a new long password')).toBe(true);
      const list = await cli(db, ['list', '--json']);
      expect(JSON.parse(list.out)).toEqual([
        expect.objectContaining({
          username: 'alice',
          roles: ['officer', 'records'],
          facilities: ['*'],
          disabled: false,
        }),
      ]);
      // refusals change nothing
      expect((await cli(db, ['add', 'alice', '--role', 'officer'])).out).toMatch(/already exists/);
      const badRole = await cli(db, ['add', 'bob', '--role', 'warden']);
      expect(badRole.code).toBe(1);
      expect(badRole.out).toMatch(/Unknown role/);
      expect((await cli(db, ['add', 'bob', '--role', 'officer', '--facility', 'NOWHERE'])).code).toBe(1);
      const short = await cli(db, ['reset', 'alice', '--password-stdin'], 'short');
      expect(short.code).toBe(1);
      expect(short.out).toMatch(/at least 8 characters; nothing was changed/);
      expect((await cli(db, ['disable', 'carol'])).code).toBe(1);
      expect(JSON.parse((await cli(db, ['list', '--json'])).out)).toHaveLength(1);
      const store = await db.open();
      const log = await store.db.selectFrom('access_log').select(['action', 'username']).execute();
      await store.close();
      expect(log.map((l) => l.action)).toEqual([
        'user.create',
        'user.update',
        'user.update',
        'user.reset-password',
      ]);
      expect(log.every((l) => l.username.startsWith('cli:'))).toBe(true);
    } finally {
      await db.drop();
    }
  });
});

describe('incidents', () => {
  let api: Api;
  afterAll(() => api?.close());

  it('records an incident with the people involved; it shows in their files and the facility’s list', async () => {
    api = await testApi();
    for (const code of ['ONE', 'TWO'])
      expect((await api.call('POST', `${P}/facilities`, { body: smallFacility(code, 2) })).statusCode).toBe(
        201,
      );
    const officer = await api.user('off', ['officer'], ['ONE']);
    const a = (await api.call('POST', `${P}/admissions`, { body: admission('ONE') })).json().personId;
    const b = (await api.call('POST', `${P}/admissions`, { body: admission('ONE') })).json().personId;
    const elsewhere = (await api.call('POST', `${P}/admissions`, { body: admission('TWO') })).json().personId;
    const body = {
      facility: 'ONE',
      kind: 'use-of-force',
      unit: 'ONE-A1',
      people: [a, b],
      forceUsed: true,
      description: 'Separación de una riña con uso de fuerza física',
    };
    const res = await api.call('POST', `${P}/incidents`, { token: officer, body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'use-of-force',
      people: [a, b],
      forceUsed: true,
      unit: 'ONE-A1',
    });
    const file = (await api.call('GET', `${P}/people/${a}`, { token: officer })).json();
    expect(file.incidents.map((i: { id: string }) => i.id)).toEqual([res.json().id]);
    const list = (await api.call('GET', `${P}/facilities/ONE/incidents`, { token: officer })).json();
    expect(list.incidents).toHaveLength(1);
    // refusals change nothing
    const head = (await api.call('GET', `${P}/audit/verify`)).json().head;
    const notHere = await api.call('POST', `${P}/incidents`, {
      token: officer,
      body: { ...body, people: [a, elsewhere] },
    });
    expect(notHere.statusCode).toBe(409);
    expect(notHere.json().violations).toEqual([
      expect.objectContaining({ rule: 'not-in-facility', subject: 'people[1]' }),
    ]);
    expect(
      (await api.call('POST', `${P}/incidents`, { token: officer, body: { ...body, unit: 'NOPE' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await api.call('POST', `${P}/incidents`, {
          token: officer,
          body: { ...body, facility: 'TWO', people: [elsewhere] },
        })
      ).statusCode,
    ).toBe(403);
    expect((await api.call('GET', `${P}/audit/verify`)).json()).toMatchObject({ ok: true, head });
    expect((await api.call('GET', `${P}/facilities/ONE/incidents`)).json().incidents).toHaveLength(1);
  });
});
