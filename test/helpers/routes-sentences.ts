import type { Fixtures, RouteSpec } from './routes.js';

/** The sentence routes of the authorization matrix (docs/security.md; see ./routes.ts). */

const P = '/api/v1';
/** Today in the test facilities' zone. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });

const sentenceBody = (personId: string) => ({
  personId,
  caseReference: 'RIT-77-2026',
  court: 'Tribunal de Juicio Oral en lo Penal de Santiago',
  imposedAt: today(),
  length: { years: 3, months: 1 },
  offenceCategory: 'general',
});

/** A sentence recorded as root for someone newly admitted at `facility`. */
async function sentenced(c: Fixtures, facility: string): Promise<{ personId: string; sentenceId: string }> {
  const { personId } = await c.fresh(facility);
  const res = await c.api.call('POST', `${P}/sentences`, { body: sentenceBody(personId) });
  if (res.statusCode !== 201) throw new Error(`fixture sentence: ${res.body}`);
  return { personId, sentenceId: res.json().sentenceId };
}

const WRITERS: RouteSpec['roles'] = ['records', 'governor'];

export const SENTENCE_ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/sentences': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/sentences`,
      body: sentenceBody((await c.fresh(facility)).personId),
    }),
  },
  'POST /api/v1/sentences/:sentenceId/credits': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/sentences/${(await sentenced(c, facility)).sentenceId}/credits`,
      body: { from: '2025-11-01', to: '2025-11-30', kind: 'house-arrest', reference: 'Resolución 12' },
    }),
  },
  'POST /api/v1/sentences/:sentenceId/reductions': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/sentences/${(await sentenced(c, facility)).sentenceId}/reductions`,
      body: { days: 30, grantedAt: today(), reference: 'Decreto exento 88' },
    }),
  },
  'POST /api/v1/sentences/:sentenceId/corrections': {
    roles: WRITERS,
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/sentences/${(await sentenced(c, facility)).sentenceId}/corrections`,
      body: { reason: 'Error de transcripción', length: { years: 3 } },
    }),
  },
  'GET /api/v1/people/:personId/release-dates': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({ url: `${P}/people/${await c.resident(facility)}/release-dates` }),
  },
  'GET /api/v1/facilities/:code/releases-due': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/releases-due` }),
  },
};
