import type { RouteSpec } from './routes.js';

/** The open-air routes of the authorization matrix (docs/security.md; see ./routes.ts). */

const P = '/api/v1';
/** Today in the test facilities' zone. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });
const WRITERS: RouteSpec['roles'] = ['officer', 'governor'];

export const OPEN_AIR_ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/facilities/:code/open-air': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (_c, { facility }) => ({
      url: `${P}/facilities/${facility}/open-air`,
      body: { unit: `${facility}-A`, date: today(), minutes: 60 },
    }),
  },
  'POST /api/v1/facilities/:code/time-out-of-cell': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (_c, { facility }) => ({
      url: `${P}/facilities/${facility}/time-out-of-cell`,
      body: { unit: `${facility}-B1`, date: today(), minutes: 120 },
    }),
  },
  'GET /api/v1/facilities/:code/open-air': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/open-air?date=${today()}` }),
  },
};
