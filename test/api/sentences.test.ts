import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

/** An admission on `admittedAt` under a pretrial detention order `reference` issued the day before. */
function admitted(
  facility: string,
  admittedAt: string,
  reference: string,
  extra: Record<string, unknown> = {},
) {
  const day = new Date(Date.parse(admittedAt) - 86_400_000).toISOString();
  return admission(facility, {
    admittedAt,
    legalBasis: {
      kind: 'pretrial-detention-order',
      reference,
      issuedBy: 'Juzgado de Garantía de Santiago',
      issuedAt: day,
    },
    ...extra,
  });
}

const sentence = (personId: string, extra: Record<string, unknown> = {}) => ({
  personId,
  caseReference: 'RIT-100-2025',
  court: 'Tribunal de Juicio Oral en lo Penal de Santiago',
  imposedAt: '2026-01-15',
  length: { years: 5 },
  offenceCategory: 'general',
  ...extra,
});

const plus = (d: string, days: number) =>
  new Date(Date.parse(d) + days * 86_400_000).toISOString().slice(0, 10);
/** Today in the test facilities' zone (the calendar a sentence's dates are in). */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });

describe('sentences and release dates', () => {
  let api: Api;
  let events = 0;
  const count = async () =>
    Number(
      (
        await api.store.db
          .selectFrom('custody_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const admit = async (body: Record<string, unknown>) => {
    const res = await api.call('POST', '/api/v1/admissions', { body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().personId as string;
  };

  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', '/api/v1/facilities', { body: smallFacility('SEN', 3) })).statusCode).toBe(
      201,
    );
    const other = smallFacility('OTRA', 1);
    expect((await api.call('POST', '/api/v1/facilities', { body: other })).statusCode).toBe(201);
  });
  afterAll(() => api.close());

  it('credits the custody’s pretrial days and makes the custody sentenced (the contract’s 320 days)', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-100-2025'));
    const res = await api.call('POST', '/api/v1/sentences', { body: sentence(personId) });
    expect(res.statusCode, res.body).toBe(201);
    // 2026-01-15 + 5 years = 2031-01-15 (1826 days, 2028 is leap); 2025-03-01..2026-01-14 = 320 days
    // held in pretrial detention: 2031-01-15 − 14 days = 2031-01-01, − 306 more (March to December) = 2030-03-01
    expect(res.json()).toMatchObject({
      sentenceId: expect.any(String),
      creditedDays: 320,
      releaseDate: '2030-03-01',
      // ½ of 1826 = 913 days: 2026-01-15 + 913 − 320 = 2027-08-31; Sunday leave 12 months before
      paroleEligibilityDate: '2027-08-31',
      sundayLeaveDate: '2026-08-31',
      findings: [],
    });
    const dates = (await api.call('GET', `/api/v1/people/${personId}/release-dates`, { lang: 'es' })).json();
    expect(dates).toMatchObject({
      releaseDate: '2030-03-01',
      creditedDays: 320,
      reducedDays: 0,
      sentences: [
        {
          caseReference: 'RIT-100-2025',
          startDate: '2026-01-15',
          lengthDays: 1826,
          releaseDate: '2030-03-01',
        },
      ],
    });
    const rules = dates.steps.map((s: { rule: string }) => s.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'sentence-length',
        'sentence-pretrial-credit',
        'release-date',
        'cl-dl321-2',
        'cl-ds518-sunday-leave',
      ]),
    );
    for (const s of dates.steps)
      expect(s).toMatchObject({ rule: expect.any(String), source: expect.any(String) });
    expect(dates.steps.find((s: { rule: string }) => s.rule === 'sentence-pretrial-credit').text).toMatch(
      /320 días/,
    );
    const file = (await api.call('GET', `/api/v1/people/${personId}`)).json();
    expect(file.custody.status).toBe('sentenced');
    expect(file.releaseDates).toMatchObject({
      releaseDate: '2030-03-01',
      sentences: [{ caseReference: 'RIT-100-2025' }],
    });
    expect(file.releaseDates.steps[0]).toMatchObject({
      rule: expect.any(String),
      text: expect.stringContaining('RIT-100-2025'),
    });
    expect(file.timeline.map((e: { kind: string }) => e.kind)).toContain('sentence.imposed');
    // the planning of the release opens three months before it (the floor's working limit)
    const planning = file.duties.find((d: { kind: string }) => d.kind === 'release-planning');
    expect(planning).toMatchObject({ status: 'open' });
    expect(planning.since.slice(0, 10)).toBe('2029-12-01');
  });

  it('adds credits and reductions, counts a day once, and moves the planning duty with the date', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-101-2025'));
    const { sentenceId } = (
      await api.call('POST', '/api/v1/sentences', {
        body: sentence(personId, { caseReference: 'RIT-101-2025' }),
      })
    ).json();
    // 2025-02-20..2025-03-05: 14 days, of which 2025-03-01..05 are already the custody's own
    const credit = await api.call('POST', `/api/v1/sentences/${sentenceId}/credits`, {
      body: { from: '2025-02-20', to: '2025-03-05', kind: 'detention', reference: 'Parte 55' },
    });
    expect(credit.statusCode, credit.body).toBe(201);
    expect(credit.json()).toMatchObject({ creditedDays: 329, releaseDate: '2030-02-20' });
    const reduction = await api.call('POST', `/api/v1/sentences/${sentenceId}/reductions`, {
      body: { days: 60, grantedAt: today(), reference: 'Decreto 19.856/2026' },
    });
    expect(reduction.statusCode, reduction.body).toBe(201);
    // 2030-02-20 − 60 days = 2029-12-22; parole (2027-08-31 − 9 more days = 2027-08-22) is not moved by a reduction
    expect(reduction.json()).toMatchObject({
      reducedDays: 60,
      releaseDate: '2029-12-22',
      paroleEligibilityDate: '2027-08-22',
    });
    const file = (await api.call('GET', `/api/v1/people/${personId}`)).json();
    const planning = file.duties.filter((d: { kind: string }) => d.kind === 'release-planning');
    expect(planning.map((d: { status: string }) => d.status).sort()).toEqual([
      'cancelled',
      'cancelled',
      'open',
    ]);
    expect(planning.find((d: { status: string }) => d.status === 'open').since.slice(0, 10)).toBe(
      '2029-09-22',
    );
  });

  it('chains sentences: consecutive after the first, concurrent beside it', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-102-2025'));
    const first = (await api.call('POST', '/api/v1/sentences', { body: sentence(personId) })).json();
    const second = await api.call('POST', '/api/v1/sentences', {
      body: sentence(personId, {
        caseReference: 'RIT-202-2025',
        imposedAt: '2026-02-01',
        length: { years: 2 },
        offenceCategory: 'dl321-art3',
        relation: { kind: 'consecutive', to: first.sentenceId },
      }),
    });
    expect(second.statusCode, second.body).toBe(201);
    // starts 2030-03-01 (the first's release); + 2 years = 2032-03-01 (731 days: 2032-02-29 is crossed);
    // its pretrial days were credited to the first already, so the person's credit stays 320
    expect(second.json()).toMatchObject({ releaseDate: '2032-03-01', creditedDays: 320 });
    // parole: ⌈1826/2⌉ + ⌈731 × 2/3⌉ = 913 + 488 = 1401 days from 2026-01-15, − 320 = 1081 → 2028-12-31
    expect(second.json().paroleEligibilityDate).toBe('2028-12-31');
    const third = await api.call('POST', '/api/v1/sentences', {
      body: sentence(personId, {
        caseReference: 'RIT-303-2025',
        imposedAt: '2026-03-01',
        length: { months: 6 },
        relation: { kind: 'concurrent', to: first.sentenceId },
      }),
    });
    expect(third.statusCode, third.body).toBe(201);
    expect(third.json().releaseDate).toBe('2032-03-01');
  });

  it('records a life sentence: no release date, parole after 20 years less credits', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-104-2025'));
    const res = await api.call('POST', '/api/v1/sentences', {
      body: sentence(personId, {
        caseReference: 'RIT-104-2025',
        length: { life: 'simple' },
        offenceCategory: 'dl321-art3',
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    // 2026-01-15 + 20 years = 2046-01-15, − 320 credited = 2045-03-01 (as 2031-01-15 − 320 above)
    expect(res.json()).toMatchObject({
      releaseDate: null,
      paroleEligibilityDate: '2045-03-01',
      sundayLeaveDate: '2044-03-01',
    });
    const { sentenceId } = res.json();
    const other = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-105-2025'));
    const before = await count();
    const follow = await api.call('POST', '/api/v1/sentences', {
      body: sentence(personId, { caseReference: 'X', relation: { kind: 'consecutive', to: sentenceId } }),
    });
    expect(follow.statusCode).toBe(409);
    expect(follow.json().violations[0].rule).toBe('sentence-consecutive-to-life');
    const foreign = await api.call('POST', '/api/v1/sentences', {
      body: sentence(other, { relation: { kind: 'concurrent', to: sentenceId } }),
    });
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json().violations[0].rule).toBe('sentence-relation-other-person');
    expect(await count()).toBe(before);
  });

  it('refuses bad input with the rule named and records nothing', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-106-2025'));
    const a = (await api.call('POST', '/api/v1/sentences', { body: sentence(personId) })).json();
    const b = (
      await api.call('POST', '/api/v1/sentences', {
        body: sentence(personId, { caseReference: 'B', relation: { kind: 'consecutive', to: a.sentenceId } }),
      })
    ).json();
    events = await count();
    const refusals: [string, string, unknown, number, string][] = [
      [
        'POST',
        `/api/v1/sentences/${a.sentenceId}/corrections`,
        { reason: 'error', relation: { kind: 'consecutive', to: b.sentenceId } },
        409,
        'sentence-relation-cycle',
      ],
      [
        'POST',
        `/api/v1/sentences/${a.sentenceId}/credits`,
        { from: '2025-02-10', to: '2025-02-01', kind: 'detention', reference: 'x' },
        409,
        'credit-range-reversed',
      ],
      [
        'POST',
        '/api/v1/sentences',
        sentence(personId, { caseReference: 'C', relation: { kind: 'consecutive', to: a.sentenceId } }),
        409,
        'sentence-already-followed',
      ],
      [
        'POST',
        `/api/v1/sentences/${a.sentenceId}/corrections`,
        { reason: 'error', length: { life: 'simple' } },
        409,
        'sentence-consecutive-to-life',
      ],
      [
        'POST',
        `/api/v1/sentences/${a.sentenceId}/corrections`,
        { reason: 'error', imposedAt: plus(today(), 1) },
        409,
        'sentence-in-future',
      ],
      [
        'POST',
        `/api/v1/sentences/${a.sentenceId}/reductions`,
        { days: 10, grantedAt: '2025-12-01', reference: 'x' },
        409,
        'reduction-before-sentence',
      ],
      [
        'POST',
        '/api/v1/sentences',
        sentence(personId, { imposedAt: plus(today(), 30) }),
        409,
        'sentence-in-future',
      ],
      [
        'POST',
        '/api/v1/sentences',
        sentence(personId, { length: { years: 0 } }),
        409,
        'sentence-length-empty',
      ],
      [
        'POST',
        '/api/v1/sentences',
        sentence(personId, { relation: { kind: 'consecutive', to: 'nope' } }),
        404,
        'unknown-sentence',
      ],
      [
        'POST',
        '/api/v1/sentences/nope/credits',
        { from: '2025-01-01', to: '2025-01-02', kind: 'detention', reference: 'x' },
        404,
        'unknown-sentence',
      ],
    ];
    for (const [method, url, body, status, rule] of refusals) {
      const res = await api.call(method, url, { body });
      expect(res.statusCode, `${url} ${res.body}`).toBe(status);
      expect(res.json().violations.map((v: { rule: string }) => v.rule)).toContain(rule);
    }
    // malformed: each field named
    const bad = await api.call('POST', '/api/v1/sentences', {
      body: {
        personId,
        caseReference: '',
        imposedAt: '2026-02-30',
        length: { weeks: 3 },
        offenceCategory: 'murder',
      },
    });
    expect(bad.statusCode).toBe(400);
    const fields = JSON.stringify(bad.json().violations);
    for (const f of ['caseReference', 'imposedAt', 'court', 'offenceCategory']) expect(fields).toContain(f);
    expect(await count()).toBe(events);
  });

  it('refuses a sentence for someone not in custody (409) and an unknown person (404)', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-107-2025'));
    const released = await api.call('POST', '/api/v1/releases', {
      body: {
        personId,
        reason: 'Sobreseimiento',
        legalBasis: {
          kind: 'release-order',
          reference: 'RIT-107-2025',
          issuedBy: 'Juzgado',
          issuedAt: new Date().toISOString(),
        },
      },
    });
    expect(released.statusCode, released.body).toBe(200);
    const res = await api.call('POST', '/api/v1/sentences', { body: sentence(personId) });
    expect(res.statusCode).toBe(409);
    expect(res.json().violations[0].rule).toBe('not-in-custody');
    expect(
      (await api.call('POST', '/api/v1/sentences', { body: sentence('no-such-person') })).statusCode,
    ).toBe(404);
  });

  it('keeps a released person’s sentences as history, and chains only within one custody', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-140-2025'));
    const { sentenceId } = (
      await api.call('POST', '/api/v1/sentences', {
        body: sentence(personId, { caseReference: 'RIT-140-2025' }),
      })
    ).json();
    const release = await api.call('POST', '/api/v1/releases', {
      body: {
        personId,
        reason: 'Indulto',
        legalBasis: {
          kind: 'release-order',
          reference: 'D-1',
          issuedBy: 'Ministerio',
          issuedAt: new Date().toISOString(),
        },
      },
    });
    expect(release.statusCode, release.body).toBe(200);
    const before = await count();
    for (const [path, body] of [
      ['credits', { from: '2025-01-01', to: '2025-01-31', kind: 'detention', reference: 'x' }],
      ['reductions', { days: 10, grantedAt: today(), reference: 'x' }],
      ['corrections', { reason: 'x', court: 'Otro tribunal' }],
    ] as const) {
      const res = await api.call('POST', `/api/v1/sentences/${sentenceId}/${path}`, { body });
      expect(res.statusCode, `${path} ${res.body}`).toBe(409);
      expect(res.json().violations[0].rule).toBe('not-in-custody');
    }
    expect(await count()).toBe(before);
    // admitted again, elsewhere: the new facility cannot touch the old custody's sentence, nor chain to it
    const again = await api.call('POST', '/api/v1/admissions', {
      body: { ...admitted('OTRA', new Date().toISOString(), 'RIT-141-2025'), personId },
    });
    expect(again.statusCode, again.body).toBe(201);
    const otra = await api.user('records-otra-2', ['records'], ['OTRA']);
    const reduce = await api.call('POST', `/api/v1/sentences/${sentenceId}/reductions`, {
      body: { days: 10, grantedAt: today(), reference: 'x' },
      token: otra,
    });
    expect(reduce.statusCode).toBe(403);
    const link = await api.call('POST', '/api/v1/sentences', {
      body: sentence(personId, { relation: { kind: 'consecutive', to: sentenceId } }),
      token: otra,
    });
    expect(link.statusCode).toBe(409);
    expect(link.json().violations[0].rule).toBe('sentence-relation-other-custody');
    expect(await count()).toBe(before + 1);
  });

  it('lists releases due and alerts on anyone held past the release date, unless another order holds them', async () => {
    const now = today();
    // a year and a day ago, 380 days: release in 14 days' time... computed below from the answer
    const due = await admit(
      admitted('SEN', '2025-06-01T12:00:00-04:00', 'RIT-110-2025', { status: 'pretrial' }),
    );
    const dueRes = (
      await api.call('POST', '/api/v1/sentences', {
        body: sentence(due, {
          caseReference: 'RIT-110-2025',
          imposedAt: plus(now, -10),
          length: { days: 15 },
        }),
      })
    ).json();
    // 15 days from 10 days ago, less the custody's pretrial days: already past
    expect(dueRes.releaseDate <= now).toBe(true);
    const soon = await admit(admitted('SEN', new Date().toISOString(), 'RIT-111-2025'));
    const soonRes = (
      await api.call('POST', '/api/v1/sentences', {
        body: sentence(soon, { caseReference: 'RIT-111-2025', imposedAt: now, length: { days: 5 } }),
      })
    ).json();
    expect(soonRes.releaseDate).toBe(plus(now, 5));
    // held for another case too: a pretrial detention order of another case, not expired
    const held = await admit(admitted('SEN', '2025-06-01T12:00:00-04:00', 'RIT-999-2025'));
    await api.call('POST', '/api/v1/sentences', {
      body: sentence(held, { caseReference: 'RIT-112-2025', imposedAt: plus(now, -10), length: { days: 3 } }),
    });

    // the release day itself is not overdue (a release is due in the course of it); the day after is
    const onTheDay = await admit(admitted('SEN', new Date().toISOString(), 'RIT-113-2025'));
    const dayRes = await api.call('POST', '/api/v1/sentences', {
      body: sentence(onTheDay, {
        caseReference: 'RIT-113-2025',
        imposedAt: plus(now, -5),
        length: { days: 5 },
      }),
    });
    expect(dayRes.json().releaseDate).toBe(now);
    const dayAfter = await admit(admitted('SEN', new Date().toISOString(), 'RIT-114-2025'));
    const afterRes = await api.call('POST', '/api/v1/sentences', {
      body: sentence(dayAfter, {
        caseReference: 'RIT-114-2025',
        imposedAt: plus(now, -6),
        length: { days: 5 },
      }),
    });
    expect(afterRes.json().releaseDate).toBe(plus(now, -1));

    const list = (
      await api.call('GET', `/api/v1/facilities/SEN/releases-due?from=${now}&to=${plus(now, 7)}`)
    ).json();
    expect(list.releases.map((r: { personId: string }) => r.personId)).toContain(soon);
    expect(list.releases.map((r: { personId: string }) => r.personId)).not.toContain(held);
    const later = (
      await api.call('GET', `/api/v1/facilities/SEN/releases-due?from=${plus(now, 6)}&to=${plus(now, 9)}`)
    ).json();
    expect(later.releases).toEqual([]);
    const reversed = await api.call(
      'GET',
      `/api/v1/facilities/SEN/releases-due?from=${now}&to=${plus(now, -1)}`,
    );
    expect(reversed.statusCode).toBe(400);

    const alerts = (await api.call('GET', '/api/v1/alerts?facility=SEN')).json().alerts;
    const overdue = alerts.filter((a: { rule: string }) => a.rule === 'release-overdue');
    expect(overdue.map((a: { personId: string }) => a.personId).sort()).toEqual([due, dayAfter].sort());
    expect(overdue[0]).toMatchObject({
      severity: 'critical',
      message: expect.stringContaining(dueRes.releaseDate),
    });
    const compliance = (await api.call('GET', '/api/v1/facilities/SEN/compliance')).json();
    const finding = compliance.findings.filter((f: { rule: string }) => f.rule === 'release-overdue');
    expect(finding.map((f: { subject: string }) => f.subject).sort()).toEqual([due, dayAfter].sort());
    // released as the sentence says: the alert ends
    await api.call('POST', '/api/v1/releases', {
      body: {
        personId: due,
        reason: 'Cumplimiento de condena',
        legalBasis: {
          kind: 'sentence',
          reference: 'RIT-110-2025',
          issuedBy: 'TOP',
          issuedAt: new Date().toISOString(),
        },
      },
    });
    const after = (await api.call('GET', '/api/v1/alerts?facility=SEN')).json().alerts;
    expect(
      after
        .filter((a: { rule: string }) => a.rule === 'release-overdue')
        .map((a: { personId: string }) => a.personId),
    ).toEqual([dayAfter]);
  });

  it('raises a rule 11 housing finding when someone is sentenced in a cell for the untried', async () => {
    const f = smallFacility('UNT', 1) as ReturnType<typeof smallFacility> & {
      units: { accepts?: unknown }[];
    };
    f.units[0]!.accepts = { statuses: ['untried'] };
    expect((await api.call('POST', '/api/v1/facilities', { body: f })).statusCode).toBe(201);
    const personId = await admit(
      admitted('UNT', '2025-03-01T12:00:00-03:00', 'RIT-120-2025', { cell: 'UNT-A1-1' }),
    );
    const res = await api.call('POST', '/api/v1/sentences', { body: sentence(personId), lang: 'es' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().findings).toEqual([
      expect.objectContaining({
        rule: 'mandela-11',
        text: expect.stringMatching(/UNT-A1-1, que no recibe condenados/),
      }),
    ]);
    const compliance = (await api.call('GET', '/api/v1/facilities/UNT/compliance')).json();
    expect(
      compliance.findings.filter(
        (x: { rule: string; subject: string }) => x.rule === 'mandela-11' && x.subject === personId,
      ),
    ).toHaveLength(1);
  });

  it('answers only the facility that holds the person', async () => {
    const personId = await admit(admitted('SEN', '2025-03-01T12:00:00-03:00', 'RIT-130-2025'));
    const { sentenceId } = (await api.call('POST', '/api/v1/sentences', { body: sentence(personId) })).json();
    const outsider = await api.user('records-otra', ['records'], ['OTRA']);
    const before = await count();
    expect(
      (await api.call('GET', `/api/v1/people/${personId}/release-dates`, { token: outsider })).statusCode,
    ).toBe(403);
    expect(
      (await api.call('POST', '/api/v1/sentences', { body: sentence(personId), token: outsider })).statusCode,
    ).toBe(403);
    expect(
      (
        await api.call('POST', `/api/v1/sentences/${sentenceId}/reductions`, {
          body: { days: 5, grantedAt: today(), reference: 'x' },
          token: outsider,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await api.call('GET', '/api/v1/facilities/SEN/releases-due', { token: outsider })).statusCode,
    ).toBe(403);
    const officer = await api.user('officer-sen', ['officer'], ['SEN']);
    expect(
      (await api.call('POST', '/api/v1/sentences', { body: sentence(personId), token: officer })).statusCode,
    ).toBe(403);
    expect(
      (await api.call('GET', `/api/v1/people/${personId}/release-dates`, { token: officer })).statusCode,
    ).toBe(200);
    expect(await count()).toBe(before);
  });
});
