import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { move } from '../../src/store/movement.js';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

const P = '/api/v1';
const TZ = 'America/Santiago';
/** Today in the test facilities' zone. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: TZ });
const plus = (d: string, days: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Midday of a date in Santiago (−03:00 in summer, −04:00 in winter: 11:00 or 12:00, midday either way). */
const noon = (d: string) => `${d}T12:00:00-03:00`;

type Finding = { rule: string; subject: string; message: string; people: number };

describe('open air and time out of cell, and compliance on what was given', () => {
  let api: Api;
  const D0 = plus(today(), -40);
  const people: Record<string, string> = {};

  const count = async (table: 'unit_time' | 'unit_time_exception' | 'custody_event') =>
    Number(
      (
        await api.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const admit = async (facility: string, cell: string, at: string) => {
    const res = await api.call('POST', `${P}/admissions`, {
      body: admission(facility, { cell, admittedAt: at }),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().personId as string;
  };
  const given = async (
    facility: string,
    unit: string,
    date: string,
    minutes: number,
    exceptions?: { personId: string; reason: string }[],
    path = 'open-air',
  ) => {
    const res = await api.call('POST', `${P}/facilities/${facility}/${path}`, {
      body: { unit, date, minutes, ...(exceptions ? { exceptions } : {}) },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const compliance = async (facility: string, q = '') => {
    const res = await api.call('GET', `${P}/facilities/${facility}/compliance?limit=5000${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      findings: Finding[];
      dailyLife: {
        window: { from: string; to: string };
        openAir: { judgedDays: number; personDays: number; shortPersonDays: number };
        visits: Record<string, number>;
        activities: { allocated: number; held: number; share: number | null };
      };
    };
  };
  const of = (body: { findings: Finding[] }, rule: string) => body.findings.filter((f) => f.rule === rule);

  beforeAll(async () => {
    api = await testApi();
    for (const [code, cells] of [
      ['OA', 2],
      ['OS', 1],
      ['OX', 1],
    ] as const) {
      const res = await api.call('POST', `${P}/facilities`, { body: smallFacility(code, cells) });
      expect(res.statusCode, res.body).toBe(201);
    }
    // two people in OA-A1-1 from the day before D0 (first whole day: D0)
    people.p1 = await admit('OA', 'OA-A1-1', noon(plus(D0, -1)));
    people.p2 = await admit('OA', 'OA-A1-1', noon(plus(D0, -1)));
    // one admitted at noon of D0+2 into OA-A2-1, moved at noon of D0+3 to OA-B1-1: never a whole day in either by D0+3
    people.p3 = await admit('OA', 'OA-A2-1', noon(plus(D0, 2)));
    await move(
      api.store.db,
      { personId: people.p3 as string, toCell: 'OA-B1-1', reason: 'Traslado interno' },
      'root',
      { now: new Date(noon(plus(D0, 3))) },
    );
    // a regime declared with no open air: the declared finding, until records are judged
    const regime = {
      visits: { allowed: true, perMonth: 4 },
      openAirMinutesPerDay: 0,
      lights: 'normal',
      programmes: ['work'],
      legalAdviserAccess: true,
      restraintsDuringMovement: false,
    };
    expect((await api.call('PUT', `${P}/facilities/OA/regime`, { body: regime })).statusCode).toBe(200);
  });
  afterAll(() => api.close());

  it('records a unit’s open air; records of a unit and day add up', async () => {
    const first = await given('OA', 'OA-A', D0, 30);
    expect(first).toMatchObject({
      recordId: expect.any(String),
      unit: 'OA-A',
      date: D0,
      minutes: 30,
      totalMinutes: 30,
      people: 2,
      exceptions: [],
    });
    const second = await given('OA', 'OA-A', D0, 30);
    expect(second).toMatchObject({ minutes: 30, totalMinutes: 60, people: 2 });
    expect(second.recordId).not.toBe(first.recordId);
    // time out of cell is its own total
    const out = await given('OA', 'OA-A', D0, 90, undefined, 'time-out-of-cell');
    expect(out).toMatchObject({ minutes: 90, totalMinutes: 90 });
    const event = await api.store.db
      .selectFrom('custody_event')
      .select(['kind', 'payload', 'facility_code'])
      .where('kind', '=', 'open-air.recorded')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      facility_code: 'OA',
      payload: { recordId: second.recordId, unit: 'OA-A', date: D0, minutes: 30, exceptions: [] },
    });
    const day = (await api.call('GET', `${P}/facilities/OA/open-air?date=${D0}`)).json();
    expect(day.units).toEqual([
      expect.objectContaining({ unit: 'OA-A', kind: 'block', openAirMinutes: 60, outOfCellMinutes: 90 }),
      { unit: 'OA-B', kind: 'block', openAirMinutes: 0, outOfCellMinutes: 0, records: [] },
    ]);
    expect(day.units[0].records).toHaveLength(3);
    expect(day.short).toEqual({ count: 0, people: [] });
  });

  it('refuses bad records with 400 naming each field, 409 for the future and people not in the unit; nothing recorded', async () => {
    const before = [
      await count('unit_time'),
      await count('unit_time_exception'),
      await count('custody_event'),
    ];
    const bad = async (body: Record<string, unknown>, status: number) => {
      const res = await api.call('POST', `${P}/facilities/OA/open-air`, {
        body: { unit: 'OA-A', date: D0, minutes: 60, ...body },
      });
      expect(res.statusCode, res.body).toBe(status);
      return res.json().violations as { rule: string; subject?: string }[];
    };
    expect(await bad({ minutes: -1 }, 400)).toEqual([expect.objectContaining({ subject: 'minutes' })]);
    expect(await bad({ minutes: 1441 }, 400)).toEqual([expect.objectContaining({ subject: 'minutes' })]);
    expect((await bad({ date: '2026-02-30' }, 400))[0]).toMatchObject({ subject: 'date' });
    expect((await bad({ date: 'yesterday' }, 400))[0]).toMatchObject({ subject: 'date' });
    expect(await bad({ unit: 'NOPE' }, 400)).toEqual([
      expect.objectContaining({ rule: 'unknown-unit', subject: 'unit' }),
    ]);
    const p1 = people.p1 as string;
    expect(
      await bad(
        {
          exceptions: [
            { personId: p1, reason: 'En el hospital' },
            { personId: p1, reason: 'En el tribunal' },
          ],
        },
        400,
      ),
    ).toEqual([expect.objectContaining({ rule: 'duplicate-exception', subject: 'exceptions[1].personId' })]);
    expect((await bad({ exceptions: [{ personId: p1, reason: '' }] }, 400))[0]?.subject).toMatch(
      /exceptions.*0.*reason/,
    );
    expect((await bad({ exceptions: [{ personId: p1, reason: 'x'.repeat(501) }] }, 400))[0]?.subject).toMatch(
      /exceptions.*0.*reason/,
    );
    const many = Array.from({ length: 2001 }, (_, i) => ({ personId: `p${i}`, reason: 'Se negó' }));
    expect((await bad({ exceptions: many }, 400))[0]?.subject).toMatch(/exceptions/);
    // several bad fields at once: each named
    const both = await bad({ minutes: -5, unit: 'NOPE', date: '2026-13-01' }, 400);
    expect(both.map((v) => v.subject).sort()).toEqual(expect.arrayContaining(['date', 'minutes']));
    expect(await bad({ date: plus(today(), 1) }, 409)).toEqual([
      expect.objectContaining({ rule: 'date-in-future', subject: 'date' }),
    ]);
    // p3 was not in block A on D0 (admitted on D0+2), nor is anyone of OS
    expect(
      await bad({ exceptions: [{ personId: people.p3 as string, reason: 'En el tribunal' }] }, 409),
    ).toEqual([expect.objectContaining({ rule: 'not-in-unit', subject: 'exceptions[0].personId' })]);
    const res = await api.call('POST', `${P}/facilities/OA/time-out-of-cell`, {
      body: { unit: 'OA-B', date: D0, minutes: 30, exceptions: [{ personId: p1, reason: 'Se negó' }] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().violations[0]).toMatchObject({
      rule: 'not-in-unit',
      subject: 'exceptions[0].personId',
    });
    expect(res.json().violations[0].message).toMatch(/was not held in unit OA-B on/);
    expect([
      await count('unit_time'),
      await count('unit_time_exception'),
      await count('custody_event'),
    ]).toEqual(before);
  });

  it('scopes writes to the facility and keeps inspectors to reading', async () => {
    const officer = await api.user('officer-os', ['officer'], ['OS']);
    const res = await api.call('POST', `${P}/facilities/OA/open-air`, {
      body: { unit: 'OA-A', date: D0, minutes: 60 },
      token: officer,
    });
    expect(res.statusCode).toBe(403);
    const inspector = await api.user('inspector-oa', ['inspector'], ['OS']);
    expect(
      (await api.call('GET', `${P}/facilities/OA/open-air?date=${D0}`, { token: inspector })).statusCode,
    ).toBe(200);
    expect(
      (
        await api.call('POST', `${P}/facilities/OA/open-air`, {
          body: { unit: 'OA-A', date: D0, minutes: 60 },
          token: inspector,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('judges open air per person and day on the days with records (mandela-23)', async () => {
    // D0: block A given 30 + 30: nobody short; the declared 0 minutes is not judged
    const ok = await compliance('OA', `&from=${D0}&to=${D0}`);
    expect(of(ok, 'mandela-23')).toEqual([]);
    expect(ok.dailyLife.window).toMatchObject({ from: D0, to: D0 });
    expect(ok.dailyLife.openAir).toMatchObject({ judgedDays: 1, personDays: 2, shortPersonDays: 0 });
    // D0+1: block A given 45: the cell of p1 and p2 fails, once, with both
    await given('OA', 'OA-A', plus(D0, 1), 45);
    const short = await compliance('OA', `&from=${plus(D0, 1)}&to=${plus(D0, 1)}`);
    expect(of(short, 'mandela-23')).toEqual([
      expect.objectContaining({
        subject: 'OA-A1-1',
        people: 2,
        message: expect.stringMatching(
          /OA-A1-1: 2 person-days under 60 minutes of open air on 1 days.*least given 45/,
        ),
      }),
    ]);
    expect(short.dailyLife.openAir).toMatchObject({ judgedDays: 1, personDays: 2, shortPersonDays: 2 });
    // D0+2: landing A1 given 40 and the cell 20 (they add up: 60), but p1 was in court for the cell's 20
    await given('OA', 'OA-A1', plus(D0, 2), 40);
    await given('OA', 'OA-A1-1', plus(D0, 2), 20, [
      { personId: people.p1 as string, reason: 'En el tribunal' },
    ]);
    const one = await compliance('OA', `&from=${plus(D0, 2)}&to=${plus(D0, 2)}`);
    expect(of(one, 'mandela-23')).toEqual([
      expect.objectContaining({
        subject: 'OA-A1-1',
        people: 1,
        message: expect.stringMatching(/least given 40/),
      }),
    ]);
    expect(one.dailyLife.openAir).toMatchObject({ personDays: 2, shortPersonDays: 1 });
    const day = (await api.call('GET', `${P}/facilities/OA/open-air?date=${plus(D0, 2)}`)).json();
    expect(day.short).toEqual({ count: 1, people: [{ personId: people.p1, cell: 'OA-A1-1', minutes: 40 }] });
    // D0+3: p3 moved at noon from A2-1 to B1-1: judged in neither, though block B got nothing
    await given('OA', 'OA-A', plus(D0, 3), 45, [{ personId: people.p3 as string, reason: 'Traslado' }]);
    await given('OA', 'OA-B', plus(D0, 3), 0);
    const moved = await compliance('OA', `&from=${plus(D0, 3)}&to=${plus(D0, 3)}`);
    expect(of(moved, 'mandela-23').map((f) => f.subject)).toEqual(['OA-A1-1']);
    expect(moved.dailyLife.openAir).toMatchObject({ judgedDays: 1, personDays: 2, shortPersonDays: 2 });
    // the whole run: days without records are not judged
    const all = await compliance('OA', `&from=${plus(D0, -5)}&to=${plus(D0, 9)}`);
    expect(all.dailyLife.openAir).toMatchObject({ judgedDays: 4, personDays: 8, shortPersonDays: 5 });
    expect(of(all, 'mandela-23')).toEqual([
      expect.objectContaining({
        subject: 'OA-A1-1',
        people: 2,
        message: expect.stringMatching(/5 person-days under 60 minutes of open air on 3 days/),
      }),
    ]);
  });

  it('keeps the declared finding when the window has no records, and names the window', async () => {
    const none = await compliance('OA', `&from=${plus(D0, -10)}&to=${plus(D0, -4)}`);
    expect(none.dailyLife.openAir).toMatchObject({ judgedDays: 0, personDays: 0 });
    // p3 is in block B since D0+3: both blocks are judged on the declaration
    expect(of(none, 'mandela-23')).toEqual([
      expect.objectContaining({
        subject: 'OA-A',
        message: expect.stringMatching(/0 minutes of open air a day/),
      }),
      expect.objectContaining({ subject: 'OA-B', people: 1 }),
    ]);
    // by default the last 7 days: none recorded there
    const recent = await compliance('OA');
    expect(recent.dailyLife.window).toEqual({ from: plus(today(), -6), to: today(), days: 7 });
    expect(of(recent, 'mandela-23').map((f) => f.subject)).toEqual(['OA-A', 'OA-B']);
    const page = await api.app.inject({
      method: 'GET',
      url: `${P}/facilities/OA/compliance.html?lang=en&from=${D0}&to=${plus(D0, 3)}`,
      headers: { authorization: `Bearer ${await api.token('root')}` },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Daily-life records from ${D0} to ${plus(D0, 3)}`);
    expect(page.body).toMatch(/person-days under 60 minutes/);
  });

  it('refuses a bad window with 400', async () => {
    const bad = async (q: string, subject: string, rule?: string) => {
      const res = await api.call('GET', `${P}/facilities/OA/compliance?${q}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().violations[0]).toMatchObject({ subject: expect.stringContaining(subject) });
      if (rule) expect(res.json().violations[0].rule).toBe(rule);
    };
    await bad(`from=${D0}&to=${plus(D0, -1)}`, 'to', 'window-reversed');
    await bad(`from=${D0}&to=${plus(D0, 366)}`, 'to', 'window-too-long');
    await bad('from=2026-02-30', 'from');
    await bad('to=soon', 'to');
    const longest = await api.call('GET', `${P}/facilities/OA/compliance?from=${D0}&to=${plus(D0, 365)}`);
    expect(longest.statusCode).toBe(200);
  });

  it('finds prolonged solitary from the records of time out of cell (mandela-44)', async () => {
    const S = plus(today(), -30);
    const alone = await admit('OS', 'OS-A1-1', noon(plus(S, -1)));
    const broken = await admit('OS', 'OS-B1-1', noon(plus(S, -1)));
    const pair = [
      await admit('OS', 'OS-A2-1', noon(plus(S, -1))),
      await admit('OS', 'OS-A2-1', noon(plus(S, -1))),
    ];
    for (let i = 0; i < 16; i++) {
      const d = plus(S, i);
      // block A: 60 of open air and 30 more out of cell, 90 < 120, every day
      await given('OS', 'OS-A', d, 60);
      await given('OS', 'OS-A', d, 30, undefined, 'time-out-of-cell');
      // block B: the same but on day 8, when a workshop took 60 more minutes out of cell
      await given('OS', 'OS-B', d, 60);
      await given('OS', 'OS-B1', d, i === 8 ? 90 : 30, undefined, 'time-out-of-cell');
    }
    const res = await compliance('OS', `&from=${S}&to=${plus(S, 15)}`);
    expect(of(res, 'mandela-44')).toEqual([
      expect.objectContaining({
        subject: alone,
        people: 1,
        message: expect.stringMatching(
          new RegExp(`on 16 consecutive recorded days \\(${S} – ${plus(S, 15)}`),
        ),
      }),
    ]);
    expect(of(res, 'mandela-44').map((f) => f.subject)).not.toContain(broken);
    for (const p of pair) expect(of(res, 'mandela-44').map((f) => f.subject)).not.toContain(p);
    // 15 days are not more than 15
    const fifteen = await compliance('OS', `&from=${plus(S, 1)}&to=${plus(S, 15)}`);
    expect(of(fifteen, 'mandela-44')).toEqual([]);
    // a day given 120 (60 open air, 30 to the block, 30 more to the cell) ends the run: 5 and 10 days
    await given('OS', 'OS-A1-1', plus(S, 5), 30, undefined, 'time-out-of-cell');
    const split = await compliance('OS', `&from=${S}&to=${plus(S, 15)}`);
    expect(of(split, 'mandela-44')).toEqual([]);
  });

  it('judges visits and activities given only where they are recorded', async () => {
    // OX records nothing of daily life: neither finding, facts counted
    await admit('OX', 'OX-A1-1', noon(plus(today(), -20)));
    const none = await compliance('OX', `&from=${plus(today(), -13)}&to=${today()}`);
    expect(of(none, 'mandela-4')).toEqual([]);
    expect(none.dailyLife.activities).toEqual({ allocated: 0, held: 1, share: 0 });
    expect(none.dailyLife.visits).toMatchObject({ recorded: 0, peopleHeld: 1, peopleWithVisit: 0 });
    // once the facility records open air, nobody with an activity is a finding of mandela-4
    await given('OX', 'OX-A', plus(today(), -2), 60);
    const some = await compliance('OX', `&from=${plus(today(), -13)}&to=${today()}`);
    expect(of(some, 'mandela-4')).toEqual([
      expect.objectContaining({
        subject: 'OX',
        people: 1,
        message: expect.stringMatching(/None of the 1 people/),
      }),
    ]);
  });

  it('judges visits given over a week or more, and activities (mandela-58, mandela-4)', async () => {
    const res = await api.call('POST', `${P}/facilities`, { body: smallFacility('OV', 1) });
    expect(res.statusCode, res.body).toBe(201);
    const since = noon(plus(today(), -30));
    const [p1, p2, p3] = [
      await admit('OV', 'OV-A1-1', since),
      await admit('OV', 'OV-A1-1', since),
      await admit('OV', 'OV-B1-1', since),
    ] as [string, string, string];
    const visitor = await api.call('POST', `${P}/visitors`, {
      body: { givenNames: 'María José', familyNames: 'Rojas Pérez', nationalId: '15.555.555-5' },
    });
    expect(visitor.statusCode, visitor.body).toBe(201);
    const visitorId = visitor.json().visitorId as string;
    const book = async (personId: string, day: string, outcome: string, reason?: string) => {
      const e = await api.call('POST', `${P}/people/${personId}/visitors`, {
        body: { visitorId, relationship: 'hermana', kind: 'family' },
      });
      expect([201, 200, 409]).toContain(e.statusCode);
      const v = await api.call('POST', `${P}/visits`, {
        body: {
          personId,
          visitorIds: [visitorId],
          kind: 'family',
          startsAt: `${day}T10:00:00-03:00`,
          endsAt: `${day}T11:00:00-03:00`,
        },
      });
      expect(v.statusCode, v.body).toBe(201);
      const o = await api.call('POST', `${P}/visits/${v.json().visitId}/outcome`, {
        body: { outcome, ...(reason ? { reason } : {}) },
      });
      expect(o.statusCode, o.body).toBe(200);
    };
    await book(p1, plus(today(), -5), 'held');
    await book(p2, plus(today(), -4), 'refused', 'Visitante sin documento');
    await book(p2, plus(today(), -3), 'refused', 'Visitante sin documento');
    const week = await compliance('OV', `&from=${plus(today(), -6)}&to=${today()}`);
    expect(week.dailyLife.visits).toMatchObject({
      recorded: 3,
      held: 1,
      refused: 2,
      peopleHeld: 3,
      peopleWithVisit: 1,
    });
    const given = of(week, 'mandela-58');
    expect(given).toEqual([
      expect.objectContaining({
        subject: 'OV',
        people: 2,
        message: expect.stringMatching(/^2 of 3 people held throughout .* had no visit held/),
      }),
      expect.objectContaining({
        subject: 'OV',
        message: expect.stringMatching(/2 visits refused by the facility .*Visitante sin documento \(2\)/),
      }),
    ]);
    // under a week: visits are not judged on records
    const short = await compliance('OV', `&from=${plus(today(), -5)}&to=${today()}`);
    expect(of(short, 'mandela-58')).toEqual([]);
    // Chile's entitlement (a visit of two hours a week): p1's hour is too short, a legal visit is not
    // one; p3's two hours are
    const lawyer = await api.call('POST', `${P}/visitors`, {
      body: { givenNames: 'Andrés', familyNames: 'Vera Soto', nationalId: '16.666.666-6' },
    });
    const lawyerId = lawyer.json().visitorId as string;
    expect(
      (
        await api.call('POST', `${P}/people/${p2}/visitors`, {
          body: { visitorId: lawyerId, relationship: 'defensor', kind: 'legal' },
        })
      ).statusCode,
    ).toBe(201);
    const hold = async (personId: string, visitorIds: string[], kind: string, day: string) => {
      const v = await api.call('POST', `${P}/visits`, {
        body: {
          personId,
          visitorIds,
          kind,
          startsAt: `${day}T15:00:00-03:00`,
          endsAt: `${day}T17:00:00-03:00`,
        },
      });
      expect(v.statusCode, v.body).toBe(201);
      const o = await api.call('POST', `${P}/visits/${v.json().visitId}/outcome`, {
        body: { outcome: 'held' },
      });
      expect(o.statusCode, o.body).toBe(200);
    };
    await hold(p2, [lawyerId], 'legal', plus(today(), -2));
    const e3 = await api.call('POST', `${P}/people/${p3}/visitors`, {
      body: { visitorId, relationship: 'hermana', kind: 'family' },
    });
    expect(e3.statusCode, e3.body).toBe(201);
    await hold(p3, [visitorId], 'family', plus(today(), -2));
    const cl = await compliance('OV', `&profile=cl&from=${plus(today(), -6)}&to=${today()}`);
    // the legal visit gives p2 no family contact either
    expect(cl.dailyLife.visits).toMatchObject({ held: 3, peopleWithVisit: 2 });
    expect(of(cl, 'cl-ds518-49')).toEqual([
      expect.objectContaining({
        subject: 'OV',
        people: 2,
        message: expect.stringMatching(
          /^2 of 3 people held .* fewer than 1 visit\(s\) of at least 120 minutes a week \(1 whole week/,
        ),
      }),
    ]);
    // the floor knows no such entitlement
    expect(of(await compliance('OV', `&from=${plus(today(), -6)}&to=${today()}`), 'cl-ds518-49')).toEqual([]);
    // the facility keeps activities: nobody allocated is a finding; one allocated ends it, and the share says so
    const act = await api.call('POST', `${P}/activities`, {
      body: { facility: 'OV', code: 'TALLER-1', name: 'Taller de carpintería', kind: 'work', places: 5 },
    });
    expect(act.statusCode, act.body).toBe(201);
    const before = await compliance('OV');
    expect(of(before, 'mandela-4')).toEqual([expect.objectContaining({ subject: 'OV', people: 3 })]);
    const alloc = await api.call('POST', `${P}/activity-allocations`, {
      body: { facility: 'OV', activity: 'TALLER-1', personId: p3 },
    });
    expect(alloc.statusCode, alloc.body).toBe(201);
    const after = await compliance('OV');
    expect(of(after, 'mandela-4')).toEqual([]);
    expect(after.dailyLife.activities).toEqual({ allocated: 1, held: 3, share: 0.3333 });
  });
});
