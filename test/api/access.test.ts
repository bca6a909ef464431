import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuth } from '../../src/api/auth.js';
import { type Api, admission, PASSWORD, smallFacility, testApi } from '../helpers/api.js';

describe('access', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
    await api.call('POST', '/api/v1/facilities', { body: smallFacility('ONE') });
    await api.call('POST', '/api/v1/facilities', { body: smallFacility('TWO') });
  });
  afterAll(() => api.close());

  it('answers 401 problem+json without a valid token', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer nonsense' },
      { authorization: 'Basic cm9vdDpwdw==' },
    ]) {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/facilities', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, title: 'Not signed in' });
    }
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'root', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const nobody = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: PASSWORD },
    });
    expect(nobody.statusCode).toBe(401);
    expect(nobody.json().detail).toBe(wrong.json().detail);
  });

  it('signs in with the contract’s shape and revokes a token on logout', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'root', password: PASSWORD },
    });
    expect(res.json()).toMatchObject({
      token: expect.any(String),
      user: { username: 'root', roles: ['admin', 'records', 'officer', 'governor'], facilities: ['*'] },
    });
    const token = res.json().token;
    expect((await api.call('GET', '/api/v1/auth/me', { token })).statusCode).toBe(200);
    expect((await api.call('POST', '/api/v1/auth/logout', { token })).statusCode).toBe(204);
    expect((await api.call('GET', '/api/v1/auth/me', { token })).statusCode).toBe(401);
    const row = await api.store.db.selectFrom('auth_token').select('token_hash').execute();
    expect(row.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('lets only administrators create users and facilities; passwords are stored as argon2id', async () => {
    const officer = await api.user('officer1', ['officer'], ['ONE']);
    const asOfficer = await api.call('POST', '/api/v1/users', {
      token: officer,
      body: { username: 'x1', password: 'long enough pw', roles: ['records'], facilities: [] },
    });
    expect(asOfficer.statusCode).toBe(403);
    expect(
      (await api.call('POST', '/api/v1/facilities', { token: officer, body: smallFacility('THREE') }))
        .statusCode,
    ).toBe(403);
    const created = await api.call('POST', '/api/v1/users', {
      body: { username: 'clerk', password: 'long enough pw', roles: ['records'], facilities: ['ONE'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ username: 'clerk', roles: ['records'], facilities: ['ONE'] });
    const hash = await api.store.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'clerk')
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      (
        await api.call('POST', '/api/v1/users', {
          body: { username: 'clerk', password: 'long enough pw', roles: ['records'], facilities: [] },
        })
      ).statusCode,
    ).toBe(409);
    const bad = await api.call('POST', '/api/v1/users', {
      body: { username: 'c2', password: 'short', roles: ['warden'], facilities: ['NOPE'] },
    });
    expect(bad.statusCode).toBe(400);
    const weak = await api.call('POST', '/api/v1/users', {
      body: { username: 'c2', password: 'short', roles: ['records'], facilities: ['NOPE'] },
    });
    expect(weak.json().violations.map((v: { rule: string }) => v.rule)).toEqual([
      'weak-password',
      'unknown-facility',
    ]);
  });

  it('keeps users to their role and their facilities (403)', async () => {
    const officer = await api.user('officer2', ['officer'], ['ONE']);
    const clerk = await api.user('clerk2', ['records'], ['ONE']);
    expect(
      (await api.call('POST', '/api/v1/admissions', { token: officer, body: admission('ONE') })).statusCode,
    ).toBe(403);
    const own = await api.call('POST', '/api/v1/admissions', { token: clerk, body: admission('ONE') });
    expect(own.statusCode).toBe(201);
    const other = await api.call('POST', '/api/v1/admissions', { token: clerk, body: admission('TWO') });
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toMatch(/TWO/);
    expect((await api.call('GET', '/api/v1/facilities/TWO/roll', { token: officer })).statusCode).toBe(403);
    expect((await api.call('GET', '/api/v1/facilities/ONE/roll', { token: officer })).statusCode).toBe(200);
    const visible = (await api.call('GET', '/api/v1/facilities', { token: officer })).json();
    expect(visible.facilities.map((f: { code: string }) => f.code)).toEqual(['ONE']);
    const twoPerson = (await api.call('POST', '/api/v1/admissions', { body: admission('TWO') })).json();
    expect(
      (await api.call('GET', `/api/v1/people/${twoPerson.personId}`, { token: officer })).statusCode,
    ).toBe(403);
    expect(
      (await api.call('GET', `/api/v1/people/${own.json().personId}`, { token: officer })).statusCode,
    ).toBe(200);
    expect((await api.call('GET', '/api/v1/audit/verify', { token: officer })).statusCode).toBe(403);
    const inspector = await api.user('insp', ['inspector']);
    expect((await api.call('GET', '/api/v1/audit/verify', { token: inspector })).json().ok).toBe(true);
    expect(
      (await api.call('POST', '/api/v1/admissions', { token: inspector, body: admission('ONE') })).statusCode,
    ).toBe(403);
  });

  it('describes the contract in openapi.json', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/users',
      '/api/v1/facilities',
      '/api/v1/facilities/{code}',
      '/api/v1/facilities/{code}/roll',
      '/api/v1/admissions',
      '/api/v1/admissions/bulk',
      '/api/v1/releases',
      '/api/v1/people/{personId}',
      '/api/v1/audit/verify',
    ]) {
      expect(paths).toContain(p);
    }
    expect(
      res.json().paths['/api/v1/admissions'].post.requestBody.content['application/json'].schema.properties
        .legalBasis,
    ).toBeDefined();
  });

  it('answers unknown routes with a problem, and refuses to start with a route that declares no policy', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const app = Fastify();
    registerAuth(app, api.store, api.app.freshness);
    expect(() => app.get('/api/v1/undeclared', async () => 'x')).toThrow(/declares no access policy/);
  });
});
