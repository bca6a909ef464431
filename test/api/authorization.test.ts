import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { ROLES, type Role } from '../../src/store/users.js';
import { type Api, testApi } from '../helpers/api.js';
import { Fixtures, IN, IN2, needsEverywhere, OUT, type Req, ROUTES } from '../helpers/routes.js';

/**
 * The authorization matrix: every /api route × every role × in and out of the caller's facility
 * scope, against the table in test/helpers/routes.ts (docs/security.md in code). Each role's user
 * holds only that role, in facilities ALFA and CHARLIE; BRAVO is outside.
 */
describe('authorization matrix', () => {
  let api: Api;
  let fx: Fixtures;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    api = await testApi();
    fx = new Fixtures(api);
    await fx.setup();
    for (const role of ROLES) tokens.set(role, await api.user(`${role}-user`, [role], [IN, IN2]));
  });
  afterAll(() => api?.close());

  const send = (method: string, req: Req, token: string | null) =>
    api.app.inject({
      method: method as 'GET',
      url: req.url,
      ...(req.body === undefined ? {} : { payload: req.body as object }),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('covers every route the server has, and nothing it does not', () => {
    const served = api.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    expect(served).toEqual(Object.keys(ROUTES).sort());
  });

  it('refuses to start when a route declares no policy', async () => {
    const store = api.store;
    const app = await buildServer(store);
    // described in full (answer, summaries), so that the missing policy is what stops it
    const described = {
      schema: { summary: 'A new thing' },
      config: { summaryEs: 'Una cosa nueva', answer: { status: 204 as const, en: 'Done.', es: 'Hecho.' } },
    };
    expect(() => app.get('/api/v1/new-thing', described, async () => ({}))).toThrow(
      /declares no access policy/,
    );
    await app.close();
  });

  for (const [key, spec] of Object.entries(ROUTES)) {
    const method = key.split(' ')[0]!;
    it(key, async () => {
      const anon = await send(method, await spec.request(fx, { facility: IN, role: 'records' }), null);
      if (spec.roles === 'public')
        expect([401, 403], `${key} without a token`).not.toContain(anon.statusCode);
      else {
        expect(anon.statusCode, `${key} without a token`).toBe(401);
        expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      for (const role of ROLES) {
        const allowed = spec.roles === 'public' || spec.roles === 'any' || spec.roles.includes(role);
        const req = await spec.request(fx, { facility: IN, role });
        const res = await send(method, req, req.token ?? tokens.get(role)!);
        const what = `${key} as ${role} in scope: ${res.body.slice(0, 300)}`;
        const everywhere = needsEverywhere(spec, role);
        if (allowed && everywhere) {
          // a user of some facilities may not; the same role in every facility may
          expect(res.statusCode, what).toBe(403);
          const all = await api.user(`${role}-all-${key.length}-${Date.now()}`, [role], ['*']);
          const again = await spec.request(fx, { facility: IN, role });
          expect((await send(method, again, all)).statusCode, `${key} as ${role} of every facility`).toBe(
            spec.ok,
          );
        } else if (allowed) expect(res.statusCode, what).toBe(spec.ok);
        else {
          expect(res.statusCode, what).toBe(403);
          expect(res.json().type).toBe('urn:custodia:problem:forbidden');
        }
        if (!spec.scoped || !allowed) continue;
        const out = await spec.request(fx, { facility: OUT, role });
        const outRes = await send(method, out, out.token ?? tokens.get(role)!);
        const outWhat = `${key} as ${role} outside its scope: ${outRes.body.slice(0, 300)}`;
        // inspectors read every facility, and write nothing anywhere
        if (role === 'inspector' && method === 'GET') expect(outRes.statusCode, outWhat).toBe(spec.ok);
        else expect(outRes.statusCode, outWhat).toBe(403);
      }
    });
  }
});
