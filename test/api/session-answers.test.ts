import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacilityList, Roll } from '../../src/api/answers/core.js';
import { PersonFile, PersonSearch } from '../../src/api/answers/core-people.js';
import { can, unknownActionRoutes } from '../../src/api/auth.js';
import { type Action, Can, LoginAnswer, MeAnswer, UnitDetail } from '../../src/api/schemas.js';
import { roll } from '../../src/store/facilities.js';
import { searchPeople } from '../../src/store/people.js';
import { ROLES, type Role } from '../../src/store/users.js';
import { type Api, admission, PASSWORD, smallFacility, testApi } from '../helpers/api.js';

const P = '/api/v1';

/** One request per action: refused by role, it is a 403 before its body is read (an empty body is a 400). */
const TRY: Record<Action, [method: string, url: string]> = {
  admit: ['POST', `${P}/admissions/bulk`],
  release: ['POST', `${P}/releases`],
  correct: ['POST', `${P}/corrections`],
  move: ['POST', `${P}/moves`],
  transfer: ['POST', `${P}/transfers`],
  keepApart: ['POST', `${P}/non-associations/x/close`],
  manageGroups: ['POST', `${P}/groups`],
  recordIncident: ['POST', `${P}/incidents`],
  createFacility: ['POST', `${P}/facilities`],
  setCapacity: ['PUT', `${P}/facilities/ANS/units/ANS-A1-1/capacity`],
  setRegime: ['PUT', `${P}/facilities/ANS/regime`],
  fulfilDuty: ['POST', `${P}/duties/x/fulfil`],
  segregate: ['POST', `${P}/segregations`],
  reviewSegregation: ['POST', `${P}/segregations/x/reviews`],
  examine: ['POST', `${P}/medical-examinations`],
  recordDeath: ['POST', `${P}/deaths`],
  recordSentence: ['POST', `${P}/sentences/x/credits`],
  manageUsers: ['PATCH', `${P}/users/nobody`],
  listUsers: ['GET', `${P}/users`],
  audit: ['GET', `${P}/audit/verify`],
  viewAccessLog: ['GET', `${P}/access-log`],
};

/** The answer fits the schema; else the schema's complaints, to read in the failure. */
const fits = (schema: TSchema, value: unknown) =>
  expect([...Value.Errors(schema, value)].map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);

describe('what a user may do (can), from the routes’ own policies', () => {
  let api: Api;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('ANS') })).statusCode).toBe(201);
    for (const role of ROLES) tokens.set(role, await api.user(`${role}-only`, [role], ['ANS']));
  });
  afterAll(() => api?.close());

  it('names only routes the server has', () => {
    expect(unknownActionRoutes(api.app.routeTable)).toEqual([]);
    expect(unknownActionRoutes(api.app.routeTable.filter((r) => r.url !== `${P}/moves`))).toEqual([
      `POST ${P}/moves`,
    ]);
  });

  it('answers the same flags at sign-in and from /auth/me, and they fit the schemas', async () => {
    for (const role of ROLES) {
      const login = await api.app.inject({
        method: 'POST',
        url: `${P}/auth/login`,
        payload: { username: `${role}-only`, password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      fits(LoginAnswer, login.json());
      // the HTTP contract's sign-in answer keeps its fields
      expect(login.json().user).toMatchObject({
        username: `${role}-only`,
        roles: [role],
        facilities: ['ANS'],
      });
      const me = await api.call('GET', `${P}/auth/me`, { token: tokens.get(role)! });
      fits(MeAnswer, me.json());
      expect(me.json().can).toEqual(login.json().user.can);
      expect(Object.keys(me.json().can).sort()).toEqual(Object.keys(Can.properties).sort());
    }
  });

  it('flags exactly what the server then allows or refuses, for every role', async () => {
    for (const role of ROLES) {
      const flags = (await api.call('GET', `${P}/auth/me`, { token: tokens.get(role)! })).json().can;
      for (const [action, [method, url]] of Object.entries(TRY)) {
        const res = await api.call(method, url, {
          token: tokens.get(role)!,
          ...(method === 'GET' ? {} : { body: {} }),
        });
        // refused before the request is read: by role, or as a route for staff of every facility
        const refused = res.statusCode === 403 && /role|every facility/i.test(res.json().detail);
        expect(refused, `${role} ${action}: ${res.statusCode} ${res.body.slice(0, 200)}`).toBe(
          !flags[action],
        );
      }
    }
  });

  it('records staff may admit and not move; officers the reverse; inspectors read the access log', async () => {
    const flags = async (role: Role) =>
      (await api.call('GET', `${P}/auth/me`, { token: tokens.get(role)! })).json().can;
    expect(await flags('records')).toMatchObject({ admit: true, move: false, transfer: true, audit: false });
    expect(await flags('officer')).toMatchObject({ admit: false, move: true, transfer: false });
    expect(await flags('inspector')).toMatchObject({ viewAccessLog: true, audit: true, admit: false });
    expect(await flags('medical')).toMatchObject({ examine: true, segregate: false, manageUsers: false });
    // a user with two roles may do what either may
    expect(can({ roles: ['records', 'officer'], facilities: ['A'] }, api.app.routeTable)).toMatchObject({
      admit: true,
      move: true,
    });
    expect(
      Object.values(can({ roles: [], facilities: ['*'] }, api.app.routeTable)).every((x) => x === false),
    ).toBe(true);
    // rival groups hold everywhere: a governor of some facilities is not offered what the server refuses
    expect(can({ roles: ['governor'], facilities: ['A'] }, api.app.routeTable).manageGroups).toBe(false);
    expect(can({ roles: ['governor'], facilities: ['*'] }, api.app.routeTable).manageGroups).toBe(true);
  });
});

describe('the answers the web app reads fit their schemas (src/api/schemas.ts)', () => {
  let api: Api;
  let personId: string;

  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('ANS') })).statusCode).toBe(201);
    const admitted = await api.call('POST', `${P}/admissions`, {
      body: admission('ANS', { cell: 'ANS-A1-1', groups: [], securityLevel: 'medium' }),
    });
    expect(admitted.statusCode, admitted.body).toBe(201);
    personId = admitted.json().personId;
    const moved = await api.call('POST', `${P}/moves`, {
      body: { personId, toCell: 'ANS-A1-2', reason: 'Reubicación' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  });
  afterAll(() => api?.close());

  it('the roll, live and at a moment, as the store makes it', async () => {
    const live = (await api.call('GET', `${P}/facilities/ANS/roll`)).json();
    fits(Roll, live);
    expect(live.units.length).toBeGreaterThan(0);
    fits(Roll, (await api.call('GET', `${P}/facilities/ANS/roll?at=2026-01-01T00:00:00Z`)).json());
    // the store's own type is the schema's (tsc checks the assignment)
    const typed: Static<typeof Roll> = await roll(api.store.db, 'ANS');
    fits(Roll, typed);
  });

  it('a search, a person’s file (also as an inspector sees it), a unit and the facilities', async () => {
    const search = (await api.call('GET', `${P}/people?q=Soto`)).json();
    fits(PersonSearch, search);
    expect(search.results.map((r: { personId: string }) => r.personId)).toContain(personId);
    // the store types a status as a string; the answer's schema, as the values it can be
    const typed = await searchPeople(api.store.db, 'Soto', {
      scope: null,
      limit: 5,
    });
    fits(PersonSearch, { results: typed });

    const file = (await api.call('GET', `${P}/people/${personId}`)).json();
    fits(PersonFile, file);
    expect(file.timeline.map((e: { kind: string }) => e.kind)).toEqual(['custody.admitted', 'custody.moved']);
    const inspector = await api.user('inspector-a', ['inspector'], ['ANS']);
    const seen = (await api.call('GET', `${P}/people/${personId}`, { token: inspector })).json();
    fits(PersonFile, seen);
    expect(seen.accessLog.length).toBeGreaterThan(0);

    fits(UnitDetail, (await api.call('GET', `${P}/facilities/ANS/units/ANS-A1`)).json());
    fits(FacilityList, (await api.call('GET', `${P}/facilities`)).json());
  });

  it('a schema refuses an answer that does not fit it (the check can fail)', () => {
    expect(Value.Check(Roll, { facility: 'ANS', at: 'now', units: [] })).toBe(false);
    expect(Value.Check(MeAnswer, { username: 'x', roles: [], facilities: [], can: { admit: true } })).toBe(
      false,
    );
  });
});
