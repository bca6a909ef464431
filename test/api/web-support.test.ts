import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, footprint, smallFacility, testApi } from '../helpers/api.js';

const P = '/api/v1';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

describe('the unit (cell) view', () => {
  let api: Api;
  let a: { personId: string; cell: string };
  let b: { personId: string; cell: string };

  beforeAll(async () => {
    api = await testApi();
    for (const f of [smallFacility('WEB'), smallFacility('OTRO', 1)])
      expect((await api.call('POST', `${P}/facilities`, { body: f })).statusCode).toBe(201);
    const admit = async (cell: string) => {
      const res = await api.call('POST', `${P}/admissions`, { body: admission('WEB', { cell }) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    a = await admit('WEB-A1-1');
    b = await admit('WEB-A1-1');
  });
  afterAll(() => api?.close());

  it('shows a cell: capacity, m² per person, who is in it and its stays', async () => {
    const res = await api.call('GET', `${P}/facilities/WEB/units/WEB-A1-1`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.facility).toBe('WEB');
    expect(v.timezone).toBe('America/Santiago');
    expect(v.unit).toEqual({
      code: 'WEB-A1-1',
      kind: 'cell',
      parent: 'WEB-A1',
      design: 2,
      operational: 3,
      areaM2: 8,
      attributes: [],
      inCustody: 2,
      m2PerPerson: 4,
    });
    expect(v.occupants).toHaveLength(2);
    expect(v.occupants.map((o: { personId: string }) => o.personId).sort()).toEqual(
      [a.personId, b.personId].sort(),
    );
    for (const o of v.occupants) {
      expect(o).toEqual({
        personId: expect.any(String),
        givenNames: 'Juan Pablo',
        familyNames: expect.stringMatching(/^Soto Muñoz/),
        status: 'pretrial',
        cell: 'WEB-A1-1',
        since: expect.stringMatching(RFC3339),
      });
    }
    expect(v.history).toHaveLength(2);
    expect(v.history.every((h: { to: unknown }) => h.to === null)).toBe(true);
    // newest first
    expect(v.history[0].personId).toBe(b.personId);
    expect(v.history[1]).toMatchObject({ personId: a.personId, cell: 'WEB-A1-1', from: expect.any(String) });
  });

  it('shows an empty cell with no m² per person', async () => {
    const v = (await api.call('GET', `${P}/facilities/WEB/units/WEB-B2-2`)).json();
    expect(v.unit).toMatchObject({ code: 'WEB-B2-2', inCustody: 0, areaM2: 8, m2PerPerson: null });
    expect(v.occupants).toEqual([]);
    expect(v.history).toEqual([]);
  });

  it('after a move: the old cell’s history ends the stay, the new cell holds the person', async () => {
    const moved = await api.call('POST', `${P}/moves`, {
      body: { personId: a.personId, toCell: 'WEB-A2-1', reason: 'Reubicación' },
    });
    expect(moved.statusCode, moved.body).toBe(200);

    const old = (await api.call('GET', `${P}/facilities/WEB/units/WEB-A1-1`)).json();
    expect(old.unit).toMatchObject({ inCustody: 1, m2PerPerson: 8 });
    expect(old.occupants.map((o: { personId: string }) => o.personId)).toEqual([b.personId]);
    const ended = old.history.find((h: { personId: string }) => h.personId === a.personId);
    expect(ended).toMatchObject({ cell: 'WEB-A1-1', to: expect.stringMatching(RFC3339) });
    expect(old.history.find((h: { personId: string }) => h.personId === b.personId).to).toBeNull();

    const now = (await api.call('GET', `${P}/facilities/WEB/units/WEB-A2-1`)).json();
    expect(now.unit).toMatchObject({ inCustody: 1, m2PerPerson: 8 });
    expect(now.occupants).toEqual([expect.objectContaining({ personId: a.personId, cell: 'WEB-A2-1' })]);
    // the new stay begins when the old one ended
    expect(new Date(now.occupants[0].since).getTime()).toBe(new Date(ended.to).getTime());
    expect(now.history).toEqual([
      expect.objectContaining({
        personId: a.personId,
        cell: 'WEB-A2-1',
        from: now.occupants[0].since,
        to: null,
      }),
    ]);
  });

  it('shows a block or landing: everyone in its cells, with their cell, and all their stays', async () => {
    const landing = (await api.call('GET', `${P}/facilities/WEB/units/WEB-A1`)).json();
    expect(landing.unit).toEqual({
      code: 'WEB-A1',
      kind: 'landing',
      parent: 'WEB-A',
      design: 4,
      operational: 6,
      areaM2: 16,
      attributes: [],
      inCustody: 1,
      m2PerPerson: 16,
    });
    expect(landing.occupants).toEqual([expect.objectContaining({ personId: b.personId, cell: 'WEB-A1-1' })]);

    const block = (await api.call('GET', `${P}/facilities/WEB/units/WEB-A`)).json();
    expect(block.unit).toMatchObject({
      kind: 'block',
      parent: null,
      design: 8,
      inCustody: 2,
      m2PerPerson: 16,
    });
    expect(block.occupants.map((o: { cell: string }) => o.cell)).toEqual(['WEB-A1-1', 'WEB-A2-1']);
    // a's two stays and b's one, newest first
    expect(block.history.map((h: { personId: string; cell: string }) => [h.personId, h.cell])).toEqual([
      [a.personId, 'WEB-A2-1'],
      [b.personId, 'WEB-A1-1'],
      [a.personId, 'WEB-A1-1'],
    ]);
    const froms = block.history.map((h: { from: string }) => new Date(h.from).getTime());
    expect(froms).toEqual([...froms].sort((x, y) => y - x));
  });

  it('answers 404 unknown-unit for a unit not in the facility', async () => {
    for (const unit of ['NOPE', 'OTRO-A1-1']) {
      const res = await api.call('GET', `${P}/facilities/WEB/units/${unit}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().violations[0].rule).toBe('unknown-unit');
    }
    const noFacility = await api.call('GET', `${P}/facilities/NADA/units/NADA-A1-1`);
    expect(noFacility.statusCode).toBe(404);
    expect(noFacility.json().violations[0].rule).toBe('unknown-facility');
  });

  it('is for users of the facility: 403 outside the scope', async () => {
    const outsider = await api.user('outsider', ['officer'], ['OTHER']);
    const res = await api.call('GET', `${P}/facilities/WEB/units/WEB-A1-1`, { token: outsider });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('urn:custodia:problem:forbidden');
    // not even whether a unit exists
    const unknown = await api.call('GET', `${P}/facilities/WEB/units/NOPE`, { token: outsider });
    expect(unknown.statusCode).toBe(403);
    const insider = await api.user('insider', ['officer'], ['WEB']);
    expect((await api.call('GET', `${P}/facilities/WEB/units/WEB-A1-1`, { token: insider })).statusCode).toBe(
      200,
    );
    // who looked at a cell's occupants is in the access log, one row per view; a refused view too
    const log = await api.store.db
      .selectFrom('access_log')
      .select(['username', 'facility_code', 'person_id', 'people'])
      .where('action', '=', 'unit.read')
      .where('username', 'in', ['insider', 'outsider'])
      .execute();
    const refused = await api.store.db
      .selectFrom('access_log')
      .select(['username', 'facility_code', 'detail'])
      .where('action', '=', 'read.refused')
      .where('username', '=', 'outsider')
      .execute();
    expect(refused).toHaveLength(2);
    expect(refused.every((r) => r.facility_code === 'WEB')).toBe(true);
    expect(refused[0]?.detail).toEqual({
      method: 'GET',
      route: `${P}/facilities/:code/units/:unit`,
      status: 403,
    });
    const shown = (await api.call('GET', `${P}/facilities/WEB/units/WEB-A1-1`)).json();
    const people = new Set(
      [...shown.occupants, ...shown.history].map((p: { personId: string }) => p.personId),
    );
    expect(people.size).toBeGreaterThan(0);
    // one entry naming every person the view showed, so their own file lists who saw them there
    expect(log).toHaveLength(1);
    expect([...(log[0]?.people ?? [])].sort()).toEqual([...people].sort());
    expect(log[0]).toMatchObject({ username: 'insider', facility_code: 'WEB', person_id: null });
  });
});

describe('admission preview', () => {
  let api: Api;

  beforeAll(async () => {
    api = await testApi();
    for (const f of [smallFacility('PRE'), smallFacility('FULL', 1)])
      expect((await api.call('POST', `${P}/facilities`, { body: f })).statusCode).toBe(201);
    // FULL: 4 cells of operational capacity 3, all taken
    const admissions = Array.from({ length: 12 }, () => {
      const { facility: _f, ...one } = admission('FULL');
      return one;
    });
    const bulk = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'FULL', admissions } });
    expect(bulk.statusCode, bulk.body).toBe(201);
  });
  afterAll(() => api?.close());

  it('suggests the cell a real admission would get, and records nothing', async () => {
    const body = admission('PRE');
    const before = await footprint(api);
    const res = await api.call('POST', `${P}/admissions/preview`, { body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ cell: expect.stringMatching(/^PRE-/), facility: 'PRE' });
    expect(await footprint(api)).toEqual(before);
    expect(before.ok).toBe(true);
    // a second preview answers the same; the real admission then gets that cell
    expect((await api.call('POST', `${P}/admissions/preview`, { body })).json()).toEqual(res.json());
    const real = await api.call('POST', `${P}/admissions`, { body });
    expect(real.statusCode, real.body).toBe(201);
    expect(real.json().cell).toBe(res.json().cell);
    const after = await footprint(api);
    expect(after.events).toBe(before.events + 1);
    expect(after.people).toBe(before.people + 1);
    expect(after.head).not.toBe(before.head);
  });

  it('answers the asked cell when it is valid', async () => {
    const before = await footprint(api);
    const res = await api.call('POST', `${P}/admissions/preview`, {
      body: admission('PRE', { cell: 'PRE-B2-2' }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ cell: 'PRE-B2-2', facility: 'PRE' });
    expect(await footprint(api)).toEqual(before);
  });

  it('refuses as a real admission would, and records nothing', async () => {
    const before = await footprint(api);
    const noBasis = await api.call('POST', `${P}/admissions/preview`, {
      body: { ...admission('PRE'), legalBasis: null },
    });
    expect(noBasis.statusCode).toBe(409);
    expect(noBasis.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noBasis.json().violations).toEqual([expect.objectContaining({ rule: 'legal-basis-required' })]);

    const full = await api.call('POST', `${P}/admissions/preview`, { body: admission('FULL') });
    const real = await api.call('POST', `${P}/admissions`, { body: admission('FULL') });
    expect(full.statusCode, full.body).toBe(409);
    expect(full.json().violations.map((v: { rule: string }) => v.rule)).toEqual(
      real.json().violations.map((v: { rule: string }) => v.rule),
    );
    expect(full.json().violations[0].rule).toMatch(/^(facility-full|capacity-exceeded)$/);

    const fullCell = await api.call('POST', `${P}/admissions/preview`, {
      body: admission('FULL', { cell: 'FULL-A1-1' }),
    });
    expect(fullCell.statusCode).toBe(409);
    expect(fullCell.json().violations.map((v: { rule: string }) => v.rule)).toContain('capacity-exceeded');

    const badCell = await api.call('POST', `${P}/admissions/preview`, {
      body: admission('PRE', { cell: 'NOPE' }),
    });
    expect(badCell.statusCode).toBe(400);
    expect(badCell.json().violations[0]).toMatchObject({ rule: 'unknown-cell', subject: 'cell' });

    const malformed = await api.call('POST', `${P}/admissions/preview`, {
      body: { ...admission('PRE'), status: 'free' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(await footprint(api)).toEqual(before);
  });

  it('refuses someone already in custody, as a readmission would', async () => {
    const placed = (await api.call('POST', `${P}/admissions`, { body: admission('PRE') })).json();
    const before = await footprint(api);
    const res = await api.call('POST', `${P}/admissions/preview`, {
      body: admission('PRE', { personId: placed.personId }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().violations[0].rule).toBe('already-in-custody');
    expect(await footprint(api)).toEqual(before);
  });

  it('is for records staff and governors of the facility', async () => {
    const records = await api.user('records-pre', ['records'], ['PRE']);
    const governor = await api.user('governor-pre', ['governor'], ['PRE']);
    const officer = await api.user('officer-pre', ['officer'], ['PRE']);
    const elsewhere = await api.user('records-other', ['records'], ['OTHER']);
    const before = await footprint(api);
    for (const token of [records, governor]) {
      const res = await api.call('POST', `${P}/admissions/preview`, { body: admission('PRE'), token });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const token of [officer, elsewhere]) {
      const res = await api.call('POST', `${P}/admissions/preview`, { body: admission('PRE'), token });
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe('urn:custodia:problem:forbidden');
    }
    expect(await footprint(api)).toEqual(before);
  });

  it('lets go of the register: previews alongside writes all finish, and the chain verifies', async () => {
    const before = await footprint(api);
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        api.call('POST', `${P}/admissions/preview`, { body: admission('PRE') }),
      ),
      api.call('POST', `${P}/admissions/preview`, { body: { ...admission('PRE'), legalBasis: null } }),
      api.call('POST', `${P}/admissions`, { body: admission('PRE') }),
      ...Array.from({ length: 4 }, () =>
        api.call('POST', `${P}/admissions/preview`, { body: admission('PRE') }),
      ),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 409, 201, 200, 200, 200, 200]);
    const after = await footprint(api);
    expect(after.ok).toBe(true);
    expect(after.events).toBe(before.events + 1);
    expect(after.people).toBe(before.people + 1);
  });
});
