import { sql } from 'kysely';
import type { Role } from '../../src/store/users.js';
import { type Api, admission, PASSWORD, smallFacility } from './api.js';
import { FEATURE_ROUTES } from './routes-features.js';
import { smallScenario } from './scenario.js';

export { smallScenario };

/**
 * The authorization matrix, written out by hand from docs/security.md: for every /api route, who may
 * call it, whether the facility scope applies, what an allowed call answers, and how to make a valid
 * request about a given facility. The matrix test checks the server against it (and that the server
 * has no route missing here); the fuzz test mutates these valid bodies.
 */
export interface RouteSpec {
  roles: Role[] | 'any' | 'public';
  /** the facility of the request must be in the caller's scope (inspectors may read any) */
  scoped: boolean;
  /** the status of an allowed call in scope */
  ok: number;
  /**
   * what it does holds in every facility: only a user of every facility may (others get 403); true
   * for every role, or the roles that pass only so
   */
  everywhere?: boolean | Role[];
  /** a write that takes no body (the fuzz test has nothing to break) */
  bodiless?: boolean;
  request(ctx: Fixtures, o: { facility: string; role: Role }): Promise<Req>;
}

export interface Req {
  url: string;
  body?: unknown;
  /** a token of its own (logout ends the one it uses) */
  token?: string;
}

const P = '/api/v1';
const now = () => new Date().toISOString();
let serial = 0;
const next = () => ++serial;

/** Who verifies the register: oversight and administration, and governors of every facility. */
const VERIFIERS: Pick<RouteSpec, 'roles' | 'everywhere'> = {
  roles: ['inspector', 'governor', 'admin'],
  everywhere: ['governor'],
};

/** Whether `role` passes a route only as a user of every facility. */
export const needsEverywhere = (spec: RouteSpec, role: Role) =>
  spec.everywhere === true || (Array.isArray(spec.everywhere) && spec.everywhere.includes(role));

export const IN = 'ALFA';
export const IN2 = 'CHARLIE';
export const OUT = 'BRAVO';

/** Facilities and people the requests are about, made as `root` (the bootstrap administrator). */
export class Fixtures {
  private residents = new Map<string, string>();
  constructor(readonly api: Api) {}

  async setup() {
    for (const [code, cells] of [
      [IN, 25],
      [IN2, 5],
      [OUT, 25],
    ] as const) {
      const res = await this.api.call('POST', `${P}/facilities`, { body: smallFacility(code, cells) });
      if (res.statusCode !== 201) throw new Error(res.body);
    }
  }

  /** A newly admitted person. */
  async fresh(facility: string): Promise<{ personId: string; custodyId: string; cell: string }> {
    const res = await this.api.call('POST', `${P}/admissions`, { body: admission(facility) });
    if (res.statusCode !== 201) throw new Error(`fixture admission: ${res.body}`);
    return res.json();
  }

  /** One person per facility for reads. */
  async resident(facility: string): Promise<string> {
    let id = this.residents.get(facility);
    if (!id) {
      id = (await this.fresh(facility)).personId;
      this.residents.set(facility, id);
    }
    return id;
  }

  async duty(personId: string, kind: string): Promise<string> {
    const row = await this.api.store.db
      .selectFrom('duty')
      .select('id')
      .where('person_id', '=', personId)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async admittedSeq(personId: string): Promise<number> {
    const row = await this.api.store.db
      .selectFrom('custody_event')
      .select('seq')
      .where('person_id', '=', personId)
      .where('kind', '=', 'custody.admitted')
      .executeTakeFirstOrThrow();
    return row.seq;
  }

  async segregation(facility: string): Promise<string> {
    const { personId } = await this.fresh(facility);
    const res = await this.api.call('POST', `${P}/segregations`, {
      body: { personId, authority: 'Alcaide', reason: 'Riesgo para su integridad' },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id;
  }

  /** A verification of the register, started as root (the id of one running or done). */
  async verification(): Promise<string> {
    const res = await this.api.call('POST', `${P}/audit/verifications`);
    if (res.statusCode !== 202) throw new Error(res.body);
    return res.json().id;
  }

  async nonAssociation(facility: string): Promise<string> {
    const [a, b] = [await this.fresh(facility), await this.fresh(facility)];
    const res = await this.api.call('POST', `${P}/non-associations`, {
      body: { personA: a.personId, personB: b.personId, scope: 'cell', reason: 'threat' },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id;
  }

  /** A cell of the facility with a free place, other than `not`. */
  async freeCell(facility: string, not: string): Promise<string> {
    const row = await this.api.store.db
      .selectFrom('unit as u')
      .innerJoin('cell_occupancy as o', 'o.unit_id', 'u.id')
      .select('u.code')
      .where('u.facility_code', '=', facility)
      .where('u.kind', '=', 'cell')
      .where('u.code', '!=', not)
      .whereRef('o.occupants', '<', 'u.design')
      // the untried are not moved in with the sentenced (the sentence routes' people)
      .where(sql<boolean>`not exists (select 1 from custody c
        where c.cell_id = u.id and c.released_at is null and c.status = 'sentenced')`)
      .orderBy('u.code')
      .executeTakeFirstOrThrow();
    return row.code;
  }

  async account(): Promise<string> {
    const username = `staff${next()}`;
    const res = await this.api.call('POST', `${P}/users`, {
      body: { username, password: PASSWORD, roles: ['officer'], facilities: [IN] },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return username;
  }
}

const releaseBasis = () => ({
  kind: 'release-order',
  reference: `L-${next()}`,
  issuedBy: 'Juzgado de Garantía',
  issuedAt: now(),
});
const regime = {
  visits: { allowed: true, perMonth: 4 },
  openAirMinutesPerDay: 60,
  lights: 'normal',
  programmes: ['work'],
  legalAdviserAccess: true,
  restraintsDuringMovement: false,
};
const staff = (role: Role) => `${role}-user`;

export const ROUTES: Record<string, RouteSpec> = {
  ...FEATURE_ROUTES,
  // access
  'POST /api/v1/auth/login': {
    roles: 'public',
    scoped: false,
    ok: 200,
    request: async (_c, { role }) => ({
      url: `${P}/auth/login`,
      body: { username: staff(role), password: PASSWORD },
    }),
  },
  'POST /api/v1/auth/logout': {
    roles: 'any',
    scoped: false,
    ok: 204,
    request: async (c, { role }) => ({ url: `${P}/auth/logout`, token: await c.api.freshToken(staff(role)) }),
  },
  'GET /api/v1/auth/me': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/auth/me` }),
  },
  'GET /api/v1/users': {
    roles: ['admin', 'inspector'],
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/users` }),
  },
  'POST /api/v1/users': {
    roles: ['admin'],
    scoped: false,
    ok: 201,
    request: async () => ({
      url: `${P}/users`,
      body: { username: `new${next()}`, password: PASSWORD, roles: ['records'], facilities: [IN] },
    }),
  },
  'PATCH /api/v1/users/:username': {
    roles: ['admin'],
    scoped: false,
    ok: 200,
    request: async (c) => ({ url: `${P}/users/${await c.account()}`, body: { facilities: [IN, IN2] } }),
  },
  'POST /api/v1/users/:username/password': {
    roles: ['admin'],
    scoped: false,
    ok: 204,
    request: async (c) => ({
      url: `${P}/users/${await c.account()}/password`,
      body: { password: 'another long password' },
    }),
  },
  'GET /api/v1/access-log': {
    roles: ['inspector'],
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/access-log?limit=5` }),
  },
  'GET /api/v1/audit/verify': {
    ...VERIFIERS,
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/audit/verify` }),
  },
  'POST /api/v1/audit/verifications': {
    ...VERIFIERS,
    bodiless: true,
    scoped: false,
    ok: 202,
    request: async () => ({ url: `${P}/audit/verifications` }),
  },
  'GET /api/v1/audit/verifications/:id': {
    ...VERIFIERS,
    scoped: false,
    ok: 200,
    request: async (c) => ({ url: `${P}/audit/verifications/${await c.verification()}` }),
  },
  'GET /api/v1/openapi.json': {
    roles: 'public',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/openapi.json` }),
  },
  // facilities
  'POST /api/v1/facilities': {
    roles: ['admin'],
    scoped: false,
    ok: 201,
    request: async () => ({ url: `${P}/facilities`, body: smallFacility(`NEW${next()}`, 1) }),
  },
  'GET /api/v1/facilities': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/facilities` }),
  },
  'GET /api/v1/facilities/:code': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}` }),
  },
  'GET /api/v1/facilities/:code/roll': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/roll` }),
  },
  'GET /api/v1/facilities/:code/units/:unit': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/facilities/${facility}/units/${(await c.fresh(facility)).cell}`,
    }),
  },
  'PUT /api/v1/facilities/:code/units/:unit/capacity': {
    roles: ['admin', 'governor'],
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({
      url: `${P}/facilities/${facility}/units/${facility}-B2-1/capacity`,
      body: { capacity: { design: 2, operational: 4 } },
    }),
  },
  // custody
  'POST /api/v1/admissions': {
    roles: ['records', 'governor'],
    scoped: true,
    ok: 201,
    request: async (_c, { facility }) => ({ url: `${P}/admissions`, body: admission(facility) }),
  },
  'POST /api/v1/admissions/preview': {
    roles: ['records', 'governor'],
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/admissions/preview`, body: admission(facility) }),
  },
  'POST /api/v1/admissions/bulk': {
    roles: ['records', 'governor'],
    scoped: true,
    ok: 201,
    request: async (_c, { facility }) => {
      const { facility: _f, ...one } = admission(facility);
      return { url: `${P}/admissions/bulk`, body: { facility, admissions: [one] } };
    },
  },
  'POST /api/v1/releases': {
    roles: ['records', 'governor'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/releases`,
      body: {
        personId: (await c.fresh(facility)).personId,
        reason: 'Sobreseimiento',
        legalBasis: releaseBasis(),
      },
    }),
  },
  'POST /api/v1/corrections': {
    roles: ['records', 'governor'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/corrections`,
      body: {
        corrects: await c.admittedSeq((await c.fresh(facility)).personId),
        reason: 'Error de transcripción',
        changes: { person: { givenNames: 'Juan Pedro' } },
      },
    }),
  },
  'GET /api/v1/people': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/people?q=Soto&facility=${facility}` }),
  },
  'GET /api/v1/people/:personId': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({ url: `${P}/people/${await c.resident(facility)}` }),
  },
  // housing
  'POST /api/v1/groups': {
    roles: ['governor'],
    scoped: false,
    everywhere: true,
    ok: 201,
    request: async () => ({
      url: `${P}/groups`,
      body: { code: `G${next()}`, name: 'Grupo de prueba', rivals: [], scope: 'block' },
    }),
  },
  'GET /api/v1/groups': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/groups` }),
  },
  'POST /api/v1/non-associations': {
    roles: ['officer', 'governor', 'records'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => {
      const [a, b] = [await c.fresh(facility), await c.fresh(facility)];
      return {
        url: `${P}/non-associations`,
        body: { personA: a.personId, personB: b.personId, scope: 'cell', reason: 'threat' },
      };
    },
  },
  'GET /api/v1/non-associations': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/non-associations` }),
  },
  'POST /api/v1/non-associations/:id/close': {
    roles: ['officer', 'governor', 'records'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/non-associations/${await c.nonAssociation(facility)}/close`,
      body: { reason: 'Ya no hay amenaza' },
    }),
  },
  'POST /api/v1/moves': {
    roles: ['officer', 'governor'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => {
      const p = await c.fresh(facility);
      return {
        url: `${P}/moves`,
        body: { personId: p.personId, toCell: await c.freeCell(facility, p.cell), reason: 'Reubicación' },
      };
    },
  },
  'POST /api/v1/transfers': {
    roles: ['governor', 'records'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/transfers`,
      body: { personIds: [(await c.fresh(facility)).personId], toFacility: IN2, reason: 'Traslado' },
    }),
  },
  'POST /api/v1/incidents': {
    roles: ['officer', 'governor'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/incidents`,
      body: {
        facility,
        kind: 'fight',
        unit: `${facility}-A`,
        people: [(await c.fresh(facility)).personId],
        description: 'Riña en el patio',
      },
    }),
  },
  'GET /api/v1/facilities/:code/incidents': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/incidents` }),
  },
  // safeguards
  'GET /api/v1/facilities/:code/regime': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/regime` }),
  },
  'PUT /api/v1/facilities/:code/regime': {
    roles: ['governor'],
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/regime`, body: regime }),
  },
  'PUT /api/v1/facilities/:code/units/:unit/regime': {
    roles: ['governor'],
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({
      url: `${P}/facilities/${facility}/units/${facility}-A/regime`,
      body: regime,
    }),
  },
  'GET /api/v1/facilities/:code/compliance': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/compliance?profile=cl` }),
  },
  'GET /api/v1/facilities/:code/compliance.html': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/facilities/${facility}/compliance.html` }),
  },
  'GET /api/v1/alerts': {
    roles: 'any',
    scoped: true,
    ok: 200,
    request: async (_c, { facility }) => ({ url: `${P}/alerts?facility=${facility}` }),
  },
  'POST /api/v1/duties/:id/fulfil': {
    roles: ['records', 'officer', 'governor', 'medical'],
    scoped: true,
    ok: 200,
    request: async (c, { facility, role }) => {
      const { personId } = await c.fresh(facility);
      const kind = role === 'medical' ? 'medical-exam' : 'family-notification';
      return { url: `${P}/duties/${await c.duty(personId, kind)}/fulfil`, body: { note: 'Hecho' } };
    },
  },
  'POST /api/v1/medical-examinations': {
    roles: ['medical'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/medical-examinations`,
      body: { personId: (await c.fresh(facility)).personId, findings: 'Sin hallazgos' },
    }),
  },
  'POST /api/v1/segregations': {
    roles: ['governor', 'officer'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/segregations`,
      body: { personId: (await c.fresh(facility)).personId, authority: 'Alcaide', reason: 'Riesgo' },
    }),
  },
  'POST /api/v1/segregations/:id/end': {
    roles: ['governor', 'officer'],
    scoped: true,
    ok: 200,
    request: async (c, { facility }) => ({
      url: `${P}/segregations/${await c.segregation(facility)}/end`,
      body: { note: 'Fin' },
    }),
  },
  'POST /api/v1/segregations/:id/reviews': {
    roles: ['governor', 'medical'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/segregations/${await c.segregation(facility)}/reviews`,
      body: { reviewedBy: 'Médico de turno', outcome: 'Apto' },
    }),
  },
  'POST /api/v1/deaths': {
    roles: ['records', 'governor', 'medical'],
    scoped: true,
    ok: 201,
    request: async (c, { facility }) => ({
      url: `${P}/deaths`,
      body: {
        personId: (await c.fresh(facility)).personId,
        diedAt: now(),
        circumstances: 'Hallado sin vida',
        medicalCause: 'Asfixia',
      },
    }),
  },
  // population projection (nothing written; no person in the answers)
  'GET /api/v1/projections/scenarios': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/projections/scenarios` }),
  },
  'GET /api/v1/projections/baseline': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/projections/baseline?months=12` }),
  },
  'POST /api/v1/projections': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/projections`, body: smallScenario() }),
  },
  // the backtest against real series (nothing written; no person)
  'GET /api/v1/projections/series': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/projections/series` }),
  },
  'POST /api/v1/projections/backtest': {
    roles: 'any',
    scoped: false,
    ok: 200,
    request: async () => ({ url: `${P}/projections/backtest`, body: { series: 'chile', runs: 5 } }),
  },
};
