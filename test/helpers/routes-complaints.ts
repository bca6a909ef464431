import type { Role } from '../../src/store/users.js';
import type { Fixtures, RouteSpec } from './routes.js';

/** The complaints routes of the authorization matrix (docs/security.md; see ./routes.ts). */

const P = '/api/v1';

/** Whom a role answers complaints for (docs/complaints.md). */
const ADDRESSEE_OF: Partial<Record<Role, string>> = {
  governor: 'governor',
  inspector: 'inspector',
  records: 'judge',
};

/**
 * A complaint lodged as root for the facility's resident (confidential when to the inspector): one
 * person takes many complaints, so the matrix does not fill the facility's cells.
 */
export async function complaint(c: Fixtures, facility: string, addressee = 'governor'): Promise<string> {
  const personId = await c.resident(facility);
  const res = await c.api.call('POST', `${P}/complaints`, {
    body: {
      personId,
      addressee,
      subject: 'Comida fría',
      text: 'La comida llega fría al módulo desde hace una semana.',
      confidential: addressee === 'inspector',
    },
  });
  if (res.statusCode !== 201) throw new Error(`fixture complaint: ${res.body}`);
  return res.json().complaintId;
}

export const COMPLAINTS_ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/complaints': {
    roles: ['records', 'officer', 'governor', 'inspector'],
    scoped: true,
    ok: 201,
    request: async (c, { facility, role }) => ({
      url: `${P}/complaints`,
      body: {
        personId: await c.resident(facility),
        addressee: role === 'inspector' ? 'inspector' : 'governor',
        subject: 'Visitas',
        text: 'No me dejaron recibir a mi madre el domingo.',
        confidential: role === 'inspector',
      },
    }),
  },
  'POST /api/v1/complaints/:id/response': {
    roles: ['governor', 'inspector', 'records'],
    scoped: true,
    ok: 200,
    request: async (c, { facility, role }) => ({
      url: `${P}/complaints/${await complaint(c, facility, ADDRESSEE_OF[role] ?? 'governor')}/response`,
      body: { text: 'Se revisó la cadena de distribución de alimentos.' },
    }),
  },
  'GET /api/v1/complaints': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/complaints?facility=${facility}&status=all` }),
  },
  'GET /api/v1/complaints/:id': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({ url: `${P}/complaints/${await complaint(c, facility)}` }),
  },
};
