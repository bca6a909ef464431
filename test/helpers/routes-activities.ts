import type { Fixtures, RouteSpec } from './routes.js';

/** The activities routes of the authorization matrix (docs/security.md; see ./routes.ts). */

const P = '/api/v1';
/** Today in the test facilities' zone. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });
let serial = 0;

/** A new activity of `facility` (made as root), with room for everyone the matrix allocates. */
async function activity(c: Fixtures, facility: string): Promise<string> {
  serial++;
  const code = `TALLER-${serial}`;
  const res = await c.api.call('POST', `${P}/activities`, {
    body: { facility, code, name: `Taller de carpintería ${serial}`, kind: 'work', places: 1000 },
  });
  if (res.statusCode !== 201) throw new Error(`fixture activity: ${res.body}`);
  return code;
}

/** Someone newly admitted at `facility` and allocated to a new activity there. */
async function allocated(
  c: Fixtures,
  facility: string,
): Promise<{ personId: string; activity: string; allocationId: string }> {
  const code = await activity(c, facility);
  const { personId } = await c.fresh(facility);
  const res = await c.api.call('POST', `${P}/activity-allocations`, {
    body: { facility, activity: code, personId },
  });
  if (res.statusCode !== 201) throw new Error(`fixture allocation: ${res.body}`);
  return { personId, activity: code, allocationId: res.json().allocationId };
}

const KEEPERS: RouteSpec['roles'] = ['officer', 'governor', 'records'];

export const ACTIVITIES_ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/activities': {
    roles: ['governor'],
    scoped: true,
    ok: 201,
    request: async (_c, { facility }) => {
      serial++;
      return {
        url: `${P}/activities`,
        body: { facility, code: `ESC-${serial}`, name: 'Escuela básica', kind: 'education', places: 30 },
      };
    },
  },
  'GET /api/v1/facilities/:code/activities': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/activities` }),
  },
  'GET /api/v1/facilities/:code/activities/:activity': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/facilities/${facility}/activities/${(await allocated(c, facility)).activity}`,
    }),
  },
  'POST /api/v1/activity-allocations': {
    roles: KEEPERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/activity-allocations`,
      body: { facility, activity: await activity(c, facility), personId: (await c.fresh(facility)).personId },
    }),
  },
  'POST /api/v1/activity-allocations/:allocationId/end': {
    roles: KEEPERS,
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/activity-allocations/${(await allocated(c, facility)).allocationId}/end`,
      body: { reason: 'Terminó el curso' },
    }),
  },
  'POST /api/v1/facilities/:code/activities/:activity/waiting-list': {
    roles: KEEPERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/facilities/${facility}/activities/${await activity(c, facility)}/waiting-list`,
      body: { personId: (await c.fresh(facility)).personId },
    }),
  },
  'POST /api/v1/facilities/:code/activities/:activity/attendance': {
    roles: KEEPERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => {
      const a = await allocated(c, facility);
      return {
        url: `${P}/facilities/${facility}/activities/${a.activity}/attendance`,
        body: { date: today(), minutes: 90, present: [a.personId], absent: [] },
      };
    },
  },
};
