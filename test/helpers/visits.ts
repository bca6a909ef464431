import { sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Api, admission, smallFacility, testApi } from './api.js';

/** Fixtures of the visit tests (test/api/visits.test.ts, test/api/visit-booking.test.ts). */

export const P = '/api/v1';
/** A time on a day of January 2031 in the test facilities' zone (Santiago, UTC−3 in summer). */
export const t = (day: number, hhmm: string) => `2031-01-${String(day).padStart(2, '0')}T${hhmm}:00-03:00`;

/**
 * A server with facilities VIS (4 cells a landing) and OTRA, started before the tests of the calling
 * `describe` and closed after them, and the helpers the tests use.
 */
export function visitWorld() {
  let api!: Api;
  let serial = 0;

  beforeAll(async () => {
    api = await testApi();
    for (const [code, cells] of [
      ['VIS', 4],
      ['OTRA', 1],
    ] as const) {
      const res = await api.call('POST', `${P}/facilities`, { body: smallFacility(code, cells) });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => api.close());

  const admit = async (facility = 'VIS', extra: Record<string, unknown> = {}) => {
    const res = await api.call('POST', `${P}/admissions`, { body: admission(facility, extra) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().personId as string;
  };
  const register = async (
    names: Partial<{ givenNames: string; familyNames: string; nationalId: string }> = {},
  ) => {
    serial++;
    const res = await api.call('POST', `${P}/visitors`, {
      body: {
        givenNames: 'Carmen',
        familyNames: `Díaz Fuentes ${serial}`,
        nationalId: `12.${serial}-K`,
        ...names,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().visitorId as string;
  };
  const enrol = async (personId: string, visitorId: string, kind = 'family', relationship = 'madre') => {
    const res = await api.call('POST', `${P}/people/${personId}/visitors`, {
      body: { visitorId, relationship, kind },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  /** A person at VIS with `n` visitors enrolled as `kind`. */
  const withVisitors = async (n = 1, kind = 'family', extra: Record<string, unknown> = {}) => {
    const personId = await admit('VIS', extra);
    const visitors: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = await register();
      await enrol(personId, v, kind);
      visitors.push(v);
    }
    return { personId, visitors };
  };
  const book = (body: Record<string, unknown>, token?: string) =>
    api.call('POST', `${P}/visits`, { body, ...(token ? { token } : {}) });
  const visit = (
    personId: string,
    visitorIds: string[],
    day: number,
    from = '10:00',
    to = '11:00',
    kind = 'family',
  ) => ({
    personId,
    visitorIds,
    kind,
    startsAt: t(day, from),
    endsAt: t(day, to),
  });
  const session = async (day: number, from: string, to: string, capacity: number, kinds?: string[]) => {
    const res = await api.call('POST', `${P}/facilities/VIS/visit-sessions`, {
      body: { startsAt: t(day, from), endsAt: t(day, to), capacity, ...(kinds ? { kinds } : {}) },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().sessionId as string;
  };

  /** What a refused request must leave as it was: the register's head and every visit table. */
  const footprint = async () => {
    const db = api.store.db;
    const head = await db.selectFrom('register_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    const counts = await sql<Record<string, number>>`select
    (select count(*)::int from visitor) as visitors, (select count(*)::int from visitor_ban) as bans,
    (select count(*)::int from person_visitor) as enrolments, (select count(*)::int from visit_session) as sessions,
    (select count(*)::int from visit) as visits,
    (select md5(coalesce(string_agg(v::text, '|' order by v.id), '')) from visit v) as visit_rows,
    (select md5(coalesce(string_agg(b::text, '|' order by b.id), '')) from visitor_ban b) as ban_rows,
    (select md5(coalesce(string_agg(pv::text, '|' order by pv.person_id, pv.visitor_id), '')) from person_visitor pv) as enrolment_rows`.execute(
      db,
    );
    return { head, ...counts.rows[0] };
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
    return res.json() as { violations: { rule: string; subject?: string; message: string }[] };
  };
  const lastEvent = async () =>
    api.store.db
      .selectFrom('custody_event')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

  return {
    get api() {
      return api;
    },
    admit,
    register,
    enrol,
    withVisitors,
    book,
    visit,
    session,
    footprint,
    refused,
    lastEvent,
  };
}
