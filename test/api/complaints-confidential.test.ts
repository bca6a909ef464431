import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/store/users.js';
import { type Api, admission, testApi } from '../helpers/api.js';
import { Fixtures, IN, IN2, ROUTES } from '../helpers/routes.js';

/**
 * Confidential complaints in every answer (docs/complaints.md, rule `complaint-confidential`): every
 * GET route of the authorization matrix (test/helpers/routes.ts), asked as each role, must never show
 * a confidential complaint's id, subject, text or answer, nor its response duty — except to
 * inspectors, who find them where the file, the lists and the alerts put them.
 */
const P = '/api/v1';
const SUBJECT = 'Asunto reservado 7c1e';
const TEXT = 'Texto reservado para el inspector 9b42: el funcionario X me amenazó.';
const ANSWER = 'Respuesta reservada 3d5f: se abrió un sumario.';

describe('confidential complaints in every answer, as each role', () => {
  let api: Api;
  let fx: Fixtures;
  const tokens = new Map<Role | 'all', string>();
  const secrets: string[] = [SUBJECT, TEXT, ANSWER];
  let resident: string;

  beforeAll(async () => {
    api = await testApi();
    fx = new Fixtures(api);
    await fx.setup();
    for (const role of ROLES) tokens.set(role, await api.user(`${role}-user`, [role], [IN, IN2]));
    // root: every facility and every role but inspector
    tokens.set('all', await api.token('root'));
    const inspector = await api.user('inspector-all', ['inspector'], ['*']);
    const lodge = async (personId: string, receivedAt?: string) => {
      const res = await api.call('POST', `${P}/complaints`, {
        token: inspector,
        body: {
          personId,
          addressee: 'inspector',
          subject: SUBJECT,
          text: TEXT,
          confidential: true,
          ...(receivedAt ? { receivedAt } : {}),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().complaintId as string;
    };
    // about the person whose file the matrix reads, answered
    resident = await fx.resident(IN);
    const answered = await lodge(resident);
    const res = await api.call('POST', `${P}/complaints/${answered}/response`, {
      token: inspector,
      body: { text: ANSWER },
    });
    expect(res.statusCode, res.body).toBe(200);
    // and one long unanswered, so that it alerts
    const old = await api.call('POST', `${P}/admissions`, {
      body: admission(IN, { admittedAt: '2026-08-01T09:00:00-04:00' }),
    });
    expect(old.statusCode, old.body).toBe(201);
    const overdue = await lodge(old.json().personId, '2026-08-02T09:00:00-04:00');
    const duties = await api.store.db
      .selectFrom('duty')
      .select('id')
      .where('confidential', '=', true)
      .execute();
    expect(duties).toHaveLength(2);
    secrets.push(answered, overdue, ...duties.map((d) => d.id));
  });
  afterAll(() => api?.close());

  const gets = Object.entries(ROUTES).filter(([k]) => k.startsWith('GET '));

  it('has every GET route of the matrix to walk', () => {
    expect(gets.length).toBeGreaterThanOrEqual(30);
    expect(gets.map(([k]) => k)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/complaints',
        'GET /api/v1/people/:personId',
        'GET /api/v1/alerts',
      ]),
    );
  });

  /** What each inspector's answer showed of the secrets, by route. */
  const seenByInspector = new Map<string, string[]>();

  for (const [key, spec] of gets) {
    it(key, async () => {
      for (const role of [...ROLES, 'all'] as const) {
        const req = await spec.request(fx, { facility: IN, role: role === 'all' ? 'governor' : role });
        const res = await api.app.inject({
          method: 'GET',
          url: req.url,
          headers: { authorization: `Bearer ${req.token ?? tokens.get(role)}` },
        });
        const shown = secrets.filter((s) => res.body.includes(s));
        if (role === 'inspector') seenByInspector.set(key, shown);
        else expect(shown, `${key} as ${role} (${res.statusCode})`).toEqual([]);
      }
    });
  }

  it('shows them to inspectors where they belong: the lists, the file, the alerts', () => {
    const seen = (k: string) => seenByInspector.get(k) ?? [];
    expect(seen('GET /api/v1/complaints')).toEqual(
      expect.arrayContaining([SUBJECT, TEXT, ANSWER, secrets[3]]),
    );
    expect(seen('GET /api/v1/people/:personId')).toEqual(expect.arrayContaining([TEXT, ANSWER, secrets[3]]));
    // the overdue answer's duty
    expect(seen('GET /api/v1/alerts').length).toBe(1);
  });

  it('answers the confidential complaint by id to inspectors, and 404 to every other role', async () => {
    const id = secrets[3]!;
    for (const role of [...ROLES, 'all'] as const) {
      const res = await api.app.inject({
        method: 'GET',
        url: `${P}/complaints/${id}`,
        headers: { authorization: `Bearer ${tokens.get(role)}` },
      });
      expect(res.statusCode, `${role}`).toBe(role === 'inspector' ? 200 : 404);
    }
  });
});
