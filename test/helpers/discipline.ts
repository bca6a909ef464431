import { sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { disciplineRules, sanctionCatalogue } from '../../src/domain/discipline/sanctions.js';
import type { OffenceSeverity } from '../../src/domain/register/events-rights.js';
import { FLOOR, nationalProfile } from '../../src/domain/safeguards/profiles/index.js';
import { type Api, admission, smallFacility, testApi } from './api.js';

/** Fixtures of the discipline tests (test/api/discipline*.test.ts). */

export const P = '/api/v1';

/**
 * A server with facilities FLO (a jurisdiction with no national profile: the floor alone decides),
 * CHI (Chile: its national profile, whatever it holds, read generically) and OTRA (Chile), started
 * before the tests of the calling `describe`; users per role of FLO.
 */
export function disciplineWorld() {
  let api!: Api;
  let serial = 0;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await testApi();
    for (const [code, jurisdiction] of [
      ['FLO', 'UY'],
      ['CHI', 'CL'],
      ['OTRA', 'CL'],
    ] as const) {
      const res = await api.call('POST', `${P}/facilities`, {
        body: { ...smallFacility(code, 3), jurisdiction },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const role of ['officer', 'governor', 'records', 'medical', 'inspector'] as const)
      tokens[role] = await api.user(`dis-${role}`, [role], ['FLO', 'CHI']);
    tokens.otra = await api.user('dis-otra-governor', ['governor'], ['OTRA']);
  });
  afterAll(() => api.close());

  const admit = async (facility = 'FLO') => {
    const res = await api.call('POST', `${P}/admissions`, { body: admission(facility) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().personId as string;
  };
  const chargeBody = (personId: string, extra: Record<string, unknown> = {}) => {
    serial++;
    return {
      personId,
      incidentReference: `INC-${serial}`,
      offence: { code: 'riña', severity: 'grave', description: 'Riña con otro interno en el patio' },
      occurredAt: new Date().toISOString(),
      ...extra,
    };
  };
  const post = (url: string, body: unknown, token?: string, lang?: string) =>
    api.call('POST', `${P}${url}`, { body, ...(token ? { token } : {}), ...(lang ? { lang } : {}) });
  const get = (url: string, token?: string) => api.call('GET', `${P}${url}`, token ? { token } : {});
  const charge = async (personId: string, extra: Record<string, unknown> = {}) => {
    const res = await post('/disciplinary-charges', chargeBody(personId, extra));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().chargeId as string;
  };
  const notify = async (chargeId: string, body: Record<string, unknown> = { language: 'es' }) => {
    const res = await post(`/disciplinary-charges/${chargeId}/notice`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const hear = async (chargeId: string, body: Record<string, unknown>) => {
    const res = await post(`/disciplinary-charges/${chargeId}/hearing`, {
      adjudicator: 'Alcaide Pérez',
      heard: true,
      outcome: 'proved',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** A person at `facility` charged and told of it. */
  const notified = async (facility = 'FLO', extra: Record<string, unknown> = {}) => {
    const personId = await admit(facility);
    const chargeId = await charge(personId, extra);
    await notify(chargeId);
    return { personId, chargeId };
  };

  /** What a refused request must leave as it was: the register's head and every table it could touch. */
  const footprint = async () => {
    const db = api.store.db;
    const head = await db.selectFrom('register_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    const rows = await sql<Record<string, unknown>>`select
      (select count(*)::int from custody_event) as events,
      (select count(*)::int from disciplinary_charge) as charges,
      (select count(*)::int from sanction) as sanctions,
      (select count(*)::int from segregation) as segregations,
      (select count(*)::int from duty) as duties,
      (select md5(coalesce(string_agg(c::text, '|' order by c.id), '')) from disciplinary_charge c) as charge_rows,
      (select md5(coalesce(string_agg(s::text, '|' order by s.id), '')) from sanction s) as sanction_rows,
      (select md5(coalesce(string_agg(g::text, '|' order by g.id), '')) from segregation g) as segregation_rows,
      (select md5(coalesce(string_agg(d::text, '|' order by d.id), '')) from duty d) as duty_rows`.execute(
      db,
    );
    return { head, ...rows.rows[0] };
  };
  /** The answer of a request that must change nothing, checked to have changed nothing. */
  const refused = async (
    status: number,
    call: () => Promise<{ statusCode: number; body: string; json(): any }>,
  ) => {
    const before = await footprint();
    const res = await call();
    expect(res.statusCode, res.body).toBe(status);
    expect(await footprint()).toEqual(before);
    return res.json() as {
      violations?: { rule: string; subject?: string; message: string }[];
      detail?: string;
    };
  };
  const duties = (personId: string, kind: string) =>
    api.store.db
      .selectFrom('duty')
      .selectAll()
      .where('person_id', '=', personId)
      .where('kind', '=', kind)
      .orderBy('since')
      .orderBy('opened_seq')
      .execute();
  const events = (personId: string, kind: string) =>
    api.store.db
      .selectFrom('custody_event')
      .selectAll()
      .where('person_id', '=', personId)
      .where('kind', '=', kind)
      .orderBy('seq')
      .execute();
  /** A visitor enrolled for the person as `kind`. */
  const visitor = async (personId: string, kind: 'family' | 'legal') => {
    const reg = await post('/visitors', {
      givenNames: 'Carmen',
      familyNames: `Díaz ${Math.random()}`,
      nationalId: `D-${Math.random()}`,
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const { visitorId } = reg.json();
    const enrol = await post(`/people/${personId}/visitors`, { visitorId, relationship: 'madre', kind });
    expect(enrol.statusCode, enrol.body).toBe(201);
    return visitorId as string;
  };

  return {
    get api() {
      return api;
    },
    tokens,
    admit,
    chargeBody,
    charge,
    notify,
    hear,
    notified,
    post,
    get,
    footprint,
    refused,
    duties,
    events,
    visitor,
  };
}

/** A visit `daysAhead` days from now, of an hour. */
export const visitBody = (personId: string, visitorId: string, kind: string, daysAhead: number) => {
  const start = new Date(Date.now() + daysAhead * 86_400_000);
  return {
    personId,
    visitorIds: [visitorId],
    kind,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
  };
};

/** Chile's discipline as its profile holds it now, read generically (helper E fills it). */
export function chileDiscipline() {
  const rules = disciplineRules(FLOOR, nationalProfile('CL'));
  const catalogue = sanctionCatalogue(rules);
  /** a sanction of the catalogue, with an offence grade it answers and a code of that grade */
  const usable = (kind: 'isolation' | 'visit-restriction' | 'warning' | 'loss-of-privileges') => {
    const entry = catalogue[kind];
    if (!entry) return null;
    const severity: OffenceSeverity = entry.severities?.[0] ?? 'grave';
    const code = rules.offences?.find((o) => o.severity === severity)?.code ?? 'sin-catalogo';
    return { entry, severity, code };
  };
  return { rules, catalogue, usable };
}

export const rulesOf = (body: { violations?: { rule: string }[] }) =>
  (body.violations ?? []).map((v) => v.rule);
