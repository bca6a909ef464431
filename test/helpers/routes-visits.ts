import type { Fixtures, RouteSpec } from './routes.js';

/** The visitor and visit routes of the authorization matrix (docs/security.md; see ./routes.ts). */

const P = '/api/v1';
let serial = 0;

/** A new visitor on the registry (as root). */
async function visitor(c: Fixtures): Promise<string> {
  const res = await c.api.call('POST', `${P}/visitors`, { body: visitorBody() });
  if (res.statusCode !== 201) throw new Error(`fixture visitor: ${res.body}`);
  return res.json().visitorId;
}

function visitorBody() {
  serial++;
  return {
    givenNames: 'María José',
    familyNames: `Rojas Pérez ${serial}`,
    nationalId: `V-${process.pid}-${serial}`,
    dateOfBirth: '1975-04-02',
  };
}

/** A ban of a new visitor at `facility` (as root). */
async function banned(c: Fixtures, facility: string): Promise<{ visitorId: string; banId: string }> {
  const visitorId = await visitor(c);
  const res = await c.api.call('POST', `${P}/visitors/${visitorId}/bans`, {
    body: { facility, reason: 'Ingreso de objetos prohibidos', until: '2099-12-31' },
  });
  if (res.statusCode !== 201) throw new Error(`fixture ban: ${res.body}`);
  return { visitorId, banId: res.json().banId };
}

/** A newly admitted person at `facility` and a visitor enrolled for them as family (as root). */
async function enrolled(c: Fixtures, facility: string): Promise<{ personId: string; visitorId: string }> {
  const { personId } = await c.fresh(facility);
  const visitorId = await visitor(c);
  const res = await c.api.call('POST', `${P}/people/${personId}/visitors`, {
    body: { visitorId, relationship: 'madre', kind: 'family' },
  });
  if (res.statusCode !== 201) throw new Error(`fixture enrolment: ${res.body}`);
  return { personId, visitorId };
}

/** A family visit far ahead, on a day with no session (sessions below are on another day). */
const visitBody = (personId: string, visitorId: string) => ({
  personId,
  visitorIds: [visitorId],
  kind: 'family',
  startsAt: '2031-03-05T15:00:00-03:00',
  endsAt: '2031-03-05T16:00:00-03:00',
});

const WRITERS: RouteSpec['roles'] = ['records', 'officer', 'governor'];

export const VISITS_ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/visitors': {
    roles: WRITERS,
    scoped: false,
    ok: 201,
    request: async () => ({ url: `${P}/visitors`, body: visitorBody() }),
  },
  'GET /api/v1/visitors': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/visitors?q=${encodeURIComponent('Rojas')}` }),
  },
  'GET /api/v1/visitors/:visitorId': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async (c) => ({ url: `${P}/visitors/${await visitor(c)}` }),
  },
  'POST /api/v1/visitors/:visitorId/bans': {
    roles: ['governor'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/visitors/${await visitor(c)}/bans`,
      body: { facility, reason: 'Agresión a funcionario', until: '2099-06-30', from: '2026-01-01' },
    }),
  },
  'POST /api/v1/visitors/:visitorId/bans/:banId/lift': {
    roles: ['governor'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => {
      const { visitorId, banId } = await banned(c, facility);
      return {
        url: `${P}/visitors/${visitorId}/bans/${banId}/lift`,
        body: { reason: 'Resolución del alcaide' },
      };
    },
  },
  'POST /api/v1/people/:personId/visitors': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/people/${await c.resident(facility)}/visitors`,
      body: { visitorId: await visitor(c), relationship: 'hermana', kind: 'family' },
    }),
  },
  'GET /api/v1/people/:personId/visitors': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({ url: `${P}/people/${await c.resident(facility)}/visitors` }),
  },
  'POST /api/v1/facilities/:code/visit-sessions': {
    roles: ['governor'],
    scoped: true,
    ok: 201,
    request: async (_c, { facility }) => ({
      url: `${P}/facilities/${facility}/visit-sessions`,
      body: {
        startsAt: '2031-03-04T10:00:00-03:00',
        endsAt: '2031-03-04T12:00:00-03:00',
        capacity: 40,
        kinds: ['family', 'intimate'],
      },
    }),
  },
  'GET /api/v1/facilities/:code/visit-sessions': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({
      url: `${P}/facilities/${facility}/visit-sessions?date=2031-03-04`,
    }),
  },
  'POST /api/v1/visits': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => {
      const { personId, visitorId } = await enrolled(c, facility);
      return { url: `${P}/visits`, body: visitBody(personId, visitorId) };
    },
  },
  'POST /api/v1/visits/:visitId/outcome': {
    roles: WRITERS,
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => {
      const { personId, visitorId } = await enrolled(c, facility);
      const res = await c.api.call('POST', `${P}/visits`, { body: visitBody(personId, visitorId) });
      if (res.statusCode !== 201) throw new Error(`fixture visit: ${res.body}`);
      return {
        url: `${P}/visits/${res.json().visitId}/outcome`,
        body: { outcome: 'held', reason: 'Visita realizada sin novedad' },
      };
    },
  },
  'GET /api/v1/facilities/:code/visits': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/visits?date=2031-03-05` }),
  },
  'GET /api/v1/people/:personId/visits': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({ url: `${P}/people/${await c.resident(facility)}/visits` }),
  },
};
