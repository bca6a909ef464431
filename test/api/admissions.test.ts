import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, footprint, smallFacility, testApi } from '../helpers/api.js';

describe('admissions', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', '/api/v1/facilities', { body: smallFacility('ADM') })).statusCode).toBe(
      201,
    );
  });
  afterAll(() => api.close());

  it('refuses an admission without a legal basis with 409 legal-basis-required and writes nothing', async () => {
    const before = await footprint(api);
    for (const legalBasis of [undefined, null]) {
      const body = { ...admission('ADM'), legalBasis };
      const res = await api.call('POST', '/api/v1/admissions', { body });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 409,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
        violations: [
          {
            rule: 'legal-basis-required',
            subject: 'legalBasis',
            message: expect.stringMatching(/legal basis/),
          },
        ],
      });
    }
    const es = await api.call('POST', '/api/v1/admissions', {
      body: { ...admission('ADM'), legalBasis: undefined },
      lang: 'es-CL',
    });
    expect(es.json().violations[0].message).toMatch(/base legal/);
    expect(await footprint(api)).toEqual(before);
  });

  it('admits with a legal basis, places the person and records the event', async () => {
    const before = await footprint(api);
    const res = await api.call('POST', '/api/v1/admissions', { body: admission('ADM') });
    expect(res.statusCode).toBe(201);
    const placed = res.json();
    expect(placed).toEqual({ personId: expect.any(String), custodyId: expect.any(String), cell: 'ADM-A1-1' });
    const after = await footprint(api);
    expect(after.events).toBe(before.events + 1);
    expect(after.people).toBe(before.people + 1);
    const person = (await api.call('GET', `/api/v1/people/${placed.personId}`)).json();
    expect(person).toMatchObject({
      personId: placed.personId,
      inCustody: true,
      custody: { custodyId: placed.custodyId, facility: 'ADM', cell: 'ADM-A1-1', status: 'pretrial' },
      timeline: [{ kind: 'custody.admitted', actor: 'root', payload: { cell: 'ADM-A1-1' } }],
    });
  });

  it('names each invalid field with 400 and writes nothing', async () => {
    const before = await footprint(api);
    const body = admission('ADM', { status: 'convicted', securityLevel: 'extreme' }) as Record<string, any>;
    body.person = { ...body.person, dateOfBirth: '17/05/1990', sex: 'X' };
    delete body.person.givenNames;
    const res = await api.call('POST', '/api/v1/admissions', { body });
    expect(res.statusCode).toBe(400);
    const subjects = res
      .json()
      .violations.map((v: { subject: string }) => v.subject)
      .sort();
    expect(subjects).toEqual([
      'person.dateOfBirth',
      'person.givenNames',
      'person.sex',
      'securityLevel',
      'status',
    ]);
    expect(res.json().violations.every((v: { rule: string }) => v.rule === 'invalid-field')).toBe(true);
    const notJson = await api.app.inject({
      method: 'POST',
      url: '/api/v1/admissions',
      payload: '{"facility": ',
      headers: { authorization: `Bearer ${await api.token('root')}`, 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().violations[0].subject).toBe('body');
    expect(await footprint(api)).toEqual(before);
  });

  it('checks an explicit cell instead of overriding it', async () => {
    const before = await footprint(api);
    const unknown = await api.call('POST', '/api/v1/admissions', {
      body: admission('ADM', { cell: 'NOPE' }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().violations).toMatchObject([{ rule: 'unknown-cell', subject: 'cell' }]);
    // ADM-B2-2 holds 3 at most
    for (let i = 0; i < 3; i++) {
      const ok = await api.call('POST', '/api/v1/admissions', {
        body: admission('ADM', { cell: 'ADM-B2-2' }),
      });
      expect(ok.json().cell).toBe('ADM-B2-2');
    }
    const full = await api.call('POST', '/api/v1/admissions', {
      body: admission('ADM', { cell: 'ADM-B2-2' }),
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().violations).toMatchObject([
      { rule: 'capacity-exceeded', subject: 'ADM-B2-2', message: expect.stringContaining('ADM-B2-2') },
    ]);
    const after = await footprint(api);
    expect(after.events).toBe(before.events + 3);
  });

  it('answers 404 for an unknown facility', async () => {
    const res = await api.call('POST', '/api/v1/admissions', { body: admission('NOWHERE') });
    expect(res.statusCode).toBe(404);
    expect(res.json().violations[0].rule).toBe('unknown-facility');
  });

  it('refuses a whole bulk batch for one bad admission, listing every violation', async () => {
    const before = await footprint(api);
    const items = [
      admission('ADM'),
      admission('ADM'),
      admission('ADM', { legalBasis: undefined }),
      admission('ADM', { cell: 'ADM-B2-2' }),
      admission('ADM'),
    ].map(({ facility, ...rest }) => rest);
    const res = await api.call('POST', '/api/v1/admissions/bulk', {
      body: { facility: 'ADM', admissions: items },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().violations).toMatchObject([
      { rule: 'legal-basis-required', subject: 'admissions[2].legalBasis' },
      { rule: 'capacity-exceeded', subject: 'ADM-B2-2' },
    ]);
    expect(await footprint(api)).toEqual(before);
  });

  it('admits a valid bulk batch with placements in request order', async () => {
    const items = [admission('ADM'), admission('ADM', { cell: 'ADM-B1-1' }), admission('ADM')].map(
      ({ facility, ...rest }) => rest,
    );
    const res = await api.call('POST', '/api/v1/admissions/bulk', {
      body: { facility: 'ADM', admissions: items },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.admitted).toBe(3);
    expect(body.placements).toHaveLength(3);
    expect(body.placements[1].cell).toBe('ADM-B1-1');
    const roll = (await api.call('GET', '/api/v1/facilities/ADM/roll')).json();
    expect(roll.total.inCustody).toBe(7);
  });

  it('refuses a batch larger than the free places (facility-full) and one person twice', async () => {
    const roll = (await api.call('GET', '/api/v1/facilities/ADM/roll')).json();
    const free = roll.total.operational - roll.total.inCustody;
    const items = Array.from({ length: free + 1 }, () => admission('ADM')).map(
      ({ facility, ...rest }) => rest,
    );
    const res = await api.call('POST', '/api/v1/admissions/bulk', {
      body: { facility: 'ADM', admissions: items },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().violations).toMatchObject([{ rule: 'facility-full', subject: 'ADM' }]);
    const twin = admission('ADM');
    const dup = await api.call('POST', '/api/v1/admissions/bulk', {
      body: {
        facility: 'ADM',
        admissions: [twin, { ...admission('ADM'), person: twin.person }].map(({ facility, ...rest }) => rest),
      },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().violations).toMatchObject([{ rule: 'duplicate-in-batch', subject: 'admissions[1]' }]);
  });

  it('releases with a legal basis; the roll before the release still counts the person', async () => {
    const a = admission('ADM', { admittedAt: '2026-02-01T09:00:00-03:00' });
    const placed = (await api.call('POST', '/api/v1/admissions', { body: a })).json();
    const noBasis = await api.call('POST', '/api/v1/releases', {
      body: { personId: placed.personId, reason: 'Libertad' },
    });
    expect(noBasis.statusCode).toBe(409);
    expect(noBasis.json().violations[0].rule).toBe('legal-basis-required');
    const early = await api.call('POST', '/api/v1/releases', {
      body: {
        personId: placed.personId,
        reason: 'Libertad',
        releasedAt: '2026-01-15T00:00:00-03:00',
        legalBasis: { kind: 'release-order', reference: 'L-0', issuedBy: 'JG', issuedAt: '2026-01-14' },
      },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().violations[0].rule).toBe('time-before-admission');
    const rel = await api.call('POST', '/api/v1/releases', {
      body: {
        personId: placed.personId,
        reason: 'Sobreseimiento',
        releasedAt: '2026-03-01T12:00:00-03:00',
        legalBasis: {
          kind: 'release-order',
          reference: 'L-1',
          issuedBy: 'Juzgado de Garantía',
          issuedAt: '2026-03-01T10:00:00-03:00',
        },
      },
    });
    expect(rel.statusCode).toBe(200);
    expect(rel.json()).toMatchObject({ personId: placed.personId, custodyId: placed.custodyId });
    const again = await api.call('POST', '/api/v1/releases', {
      body: {
        personId: placed.personId,
        reason: 'x',
        legalBasis: { kind: 'release-order', reference: 'L-2', issuedBy: 'JG', issuedAt: '2026-03-02' },
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().violations[0].rule).toBe('not-in-custody');

    const cellOf = (r: { units: { code: string; inCustody: number }[] }) =>
      r.units.find((u) => u.code === placed.cell)!.inCustody;
    const during = (await api.call('GET', '/api/v1/facilities/ADM/roll?at=2026-02-20T00:00:00-03:00')).json();
    const afterwards = (
      await api.call(
        'GET',
        `/api/v1/facilities/ADM/roll?at=${encodeURIComponent('2026-03-01T12:00:01-03:00')}`,
      )
    ).json();
    const before = (await api.call('GET', '/api/v1/facilities/ADM/roll?at=2026-01-31T00:00:00Z')).json();
    expect(during.total.inCustody).toBe(1);
    expect(cellOf(during)).toBe(1);
    expect(afterwards.total.inCustody).toBe(0);
    expect(before.total.inCustody).toBe(0);
    expect(during.at).toBe('2026-02-20T00:00:00-03:00');

    // the same national id later: the same person's file, a new custody; never overlapping the old one
    const overlap = await api.call('POST', '/api/v1/admissions', {
      body: { ...admission('ADM', { admittedAt: '2026-02-15T00:00:00-03:00' }), person: a.person },
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().violations[0].rule).toBe('overlapping-custody');
    const back = await api.call('POST', '/api/v1/admissions', {
      body: { ...admission('ADM'), person: a.person },
    });
    expect(back.statusCode).toBe(201);
    expect(back.json().personId).toBe(placed.personId);
    const dup = await api.call('POST', '/api/v1/admissions', {
      body: { ...admission('ADM'), person: a.person },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().violations[0]).toMatchObject({ rule: 'already-in-custody' });
    const file = (await api.call('GET', `/api/v1/people/${placed.personId}`)).json();
    expect(file.custodies).toHaveLength(2);
    expect(file.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'custody.admitted',
      'custody.released',
      'custody.admitted',
    ]);
  });

  it('corrects an admission with a new event that points at it; the original stays as recorded', async () => {
    const placed = (await api.call('POST', '/api/v1/admissions', { body: admission('ADM') })).json();
    const file = (await api.call('GET', `/api/v1/people/${placed.personId}`)).json();
    const seq = file.timeline[0].seq;
    const res = await api.call('POST', '/api/v1/corrections', {
      body: {
        corrects: seq,
        reason: 'Error de transcripción del RIT',
        changes: { legalBasis: { reference: 'RIT-9999-2026' }, person: { givenNames: 'Juan Pedro' } },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ corrects: seq, personId: placed.personId });
    const after = (await api.call('GET', `/api/v1/people/${placed.personId}`)).json();
    expect(after.givenNames).toBe('Juan Pedro');
    expect(after.custody.legalBasis.reference).toBe('RIT-9999-2026');
    expect(after.timeline[0]).toMatchObject({
      seq,
      correctedBy: [res.json().seq],
      payload: { legalBasis: { reference: file.timeline[0].payload.legalBasis.reference } },
    });
    expect(after.timeline[1]).toMatchObject({
      kind: 'record.corrected',
      corrects: seq,
      payload: {
        before: {
          person: { givenNames: 'Juan Pablo' },
          legalBasis: { reference: file.timeline[0].payload.legalBasis.reference },
        },
      },
    });
    expect(
      (
        await api.call('POST', '/api/v1/corrections', {
          body: { corrects: 999999, reason: 'x', changes: { person: { givenNames: 'A' } } },
        })
      ).statusCode,
    ).toBe(404);
    const notAdmission = await api.call('POST', '/api/v1/corrections', {
      body: { corrects: 1, reason: 'x', changes: { person: { givenNames: 'A' } } },
    });
    expect(notAdmission.statusCode).toBe(409);
    expect(notAdmission.json().violations[0].rule).toBe('not-correctable');
    const empty = await api.call('POST', '/api/v1/corrections', {
      body: { corrects: seq, reason: 'x', changes: {} },
    });
    expect(empty.statusCode).toBe(400);
    const verify = (await api.call('GET', '/api/v1/audit/verify')).json();
    expect(verify).toMatchObject({ ok: true, problems: [] });
  });
});
