import type { Fixtures, RouteSpec } from './routes.js';

/** The discipline routes of the authorization matrix (docs/security.md; see ./routes.ts). */

const P = '/api/v1';
let serial = 0;

/** A charge's body against `personId`: an offence outside any catalogue, committed just now. */
const chargeBody = (personId: string) => {
  serial++;
  return {
    personId,
    incidentReference: `INC-M-${process.pid}-${serial}`,
    offence: { code: 'matrix-offence', severity: 'minor', description: 'Desobediencia a una orden' },
    occurredAt: new Date().toISOString(),
  };
};

async function post(c: Fixtures, url: string, body: unknown, status: number) {
  const res = await c.api.call('POST', url, { body });
  if (res.statusCode !== status) throw new Error(`fixture ${url}: ${res.body}`);
  return res.json();
}

/**
 * A charge against the facility's resident (as root), and how far it has gone. Each is for another
 * incident: one person carries them all, and the facility's cells stay free for the other routes.
 */
async function charge(c: Fixtures, facility: string, upTo: 'charged' | 'notified' | 'proved' | 'appealed') {
  const personId = await c.resident(facility);
  const { chargeId } = await post(c, `${P}/disciplinary-charges`, chargeBody(personId), 201);
  if (upTo === 'charged') return chargeId as string;
  await post(c, `${P}/disciplinary-charges/${chargeId}/notice`, { language: 'es' }, 200);
  if (upTo === 'notified') return chargeId as string;
  await post(
    c,
    `${P}/disciplinary-charges/${chargeId}/hearing`,
    { adjudicator: 'Alcaide', heard: true, outcome: 'proved' },
    200,
  );
  if (upTo === 'proved') return chargeId as string;
  await post(c, `${P}/disciplinary-charges/${chargeId}/appeal`, { grounds: 'No hubo tal orden' }, 200);
  return chargeId as string;
}

export const DISCIPLINE_ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/disciplinary-charges': {
    roles: ['officer', 'governor'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/disciplinary-charges`,
      body: chargeBody(await c.resident(facility)),
    }),
  },
  'POST /api/v1/disciplinary-charges/:chargeId/notice': {
    roles: ['officer', 'governor'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/disciplinary-charges/${await charge(c, facility, 'charged')}/notice`,
      body: { language: 'es', givenAt: new Date().toISOString() },
    }),
  },
  'POST /api/v1/disciplinary-charges/:chargeId/hearing': {
    roles: ['governor'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/disciplinary-charges/${await charge(c, facility, 'notified')}/hearing`,
      body: {
        adjudicator: 'Alcaide del recinto',
        heard: true,
        outcome: 'dismissed',
        interpreter: 'Intérprete de creole',
        legalAssistance: 'Defensoría Penal Pública',
        plea: 'denied',
        evidence: 'Parte del funcionario',
      },
    }),
  },
  'POST /api/v1/disciplinary-charges/:chargeId/appeal': {
    roles: ['records', 'governor'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/disciplinary-charges/${await charge(c, facility, 'proved')}/appeal`,
      body: { grounds: 'La orden no fue dada' },
    }),
  },
  'POST /api/v1/disciplinary-charges/:chargeId/appeal/decision': {
    roles: ['records', 'governor'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/disciplinary-charges/${await charge(c, facility, 'appealed')}/appeal/decision`,
      body: { decidedBy: 'Juzgado de Garantía', outcome: 'upheld', reason: 'Hechos acreditados' },
    }),
  },
  'GET /api/v1/disciplinary-charges/:chargeId': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/disciplinary-charges/${await charge(c, facility, 'charged')}`,
    }),
  },
  'GET /api/v1/facilities/:code/disciplinary-charges': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({
      url: `${P}/facilities/${facility}/disciplinary-charges?status=all`,
    }),
  },
  'GET /api/v1/facilities/:code/discipline-catalogue': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/discipline-catalogue` }),
  },
};
