import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

describe('facilities', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it('creates a facility whose parents sum their cells', async () => {
    const res = await api.call('POST', '/api/v1/facilities', { body: smallFacility('FAC', 3) });
    expect(res.statusCode).toBe(201);
    const f = res.json();
    expect(f).toMatchObject({
      code: 'FAC',
      timezone: 'America/Santiago',
      capacity: { design: 24, operational: 36 },
      cells: 12,
      inCustody: 0,
    });
    expect(f.units[0]).toMatchObject({
      code: 'FAC-A',
      kind: 'block',
      capacity: { design: 12, operational: 18 },
      areaM2: 48,
    });
    expect(f.units[0].children[0]).toMatchObject({
      code: 'FAC-A1',
      kind: 'landing',
      capacity: { design: 6, operational: 9 },
    });
    expect(f.units[0].children[0].children[0]).toEqual({
      code: 'FAC-A1-1',
      kind: 'cell',
      capacity: { design: 2, operational: 3 },
      areaM2: 8,
      attributes: [],
      inCustody: 0,
    });
    const list = (await api.call('GET', '/api/v1/facilities')).json();
    expect(list.facilities.map((x: { code: string }) => x.code)).toEqual(['FAC']);
    expect((await api.call('GET', '/api/v1/facilities/FAC')).json()).toEqual(f);
  });

  it('refuses a duplicate code (409) and a bad tree or time zone (400), naming each problem', async () => {
    const dup = await api.call('POST', '/api/v1/facilities', { body: smallFacility('FAC', 1) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().violations[0].rule).toBe('facility-exists');
    const bad = smallFacility('BAD', 1) as any;
    bad.timezone = 'Mars/Olympus';
    bad.units[0].children[0].children.push({
      code: 'BAD-A1-1',
      kind: 'cell',
      capacity: { design: 1, operational: 1 },
    });
    bad.units[1].children[0].children[0].capacity = undefined;
    const res = await api.call('POST', '/api/v1/facilities', { body: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().violations.map((v: { rule: string }) => v.rule)).toEqual([
      'duplicate-unit-code',
      'cell-capacity-required',
      'invalid-timezone',
    ]);
    const schema = await api.call('POST', '/api/v1/facilities', {
      body: {
        code: 'X Y',
        name: '',
        timezone: 'UTC',
        jurisdiction: 'CL',
        units: [{ code: 'A', kind: 'wing' }],
      },
    });
    expect(schema.statusCode).toBe(400);
    expect(
      schema
        .json()
        .violations.map((v: { subject: string }) => v.subject)
        .sort(),
    ).toEqual(['code', 'name', 'units[0].kind']);
    expect((await api.call('GET', '/api/v1/facilities/BAD')).statusCode).toBe(404);
  });

  it('never sets an operational capacity below the people in a cell; the roll remembers old capacities', async () => {
    for (let i = 0; i < 2; i++) {
      expect(
        (await api.call('POST', '/api/v1/admissions', { body: admission('FAC', { cell: 'FAC-A1-1' }) }))
          .statusCode,
      ).toBe(201);
    }
    const t0 = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const low = await api.call('PUT', '/api/v1/facilities/FAC/units/FAC-A1-1/capacity', {
      body: { capacity: { design: 1, operational: 1 } },
    });
    expect(low.statusCode).toBe(409);
    expect(low.json().violations[0]).toMatchObject({ rule: 'capacity-below-occupancy', subject: 'FAC-A1-1' });
    const ok = await api.call('PUT', '/api/v1/facilities/FAC/units/FAC-A1-1/capacity', {
      body: { capacity: { design: 1, operational: 2 } },
    });
    expect(ok.statusCode).toBe(200);
    const now = (await api.call('GET', '/api/v1/facilities/FAC/roll')).json();
    const cell = now.units.find((u: { code: string }) => u.code === 'FAC-A1-1');
    expect(cell).toMatchObject({
      kind: 'cell',
      parent: 'FAC-A1',
      inCustody: 2,
      design: 1,
      operational: 2,
      occupancyRate: 2,
      vacancies: 0,
    });
    const then = (
      await api.call('GET', `/api/v1/facilities/FAC/roll?at=${encodeURIComponent(t0.toISOString())}`)
    ).json();
    expect(then.units.find((u: { code: string }) => u.code === 'FAC-A1-1')).toMatchObject({
      design: 2,
      operational: 3,
      inCustody: 2,
    });
    expect(then.total).toMatchObject({ design: 24, operational: 36, inCustody: 2, occupancyRate: 0.0833 });
    const full = await api.call('POST', '/api/v1/admissions', {
      body: admission('FAC', { cell: 'FAC-A1-1' }),
    });
    expect(full.statusCode).toBe(409);
    expect(
      (
        await api.call('PUT', '/api/v1/facilities/FAC/units/FAC-A1/capacity', {
          body: { capacity: { design: 1, operational: 2 } },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await api.call('PUT', '/api/v1/facilities/FAC/units/NOPE/capacity', {
          body: { capacity: { design: 1, operational: 2 } },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('answers the roll with totals, and refuses a malformed ?at=', async () => {
    const roll = (await api.call('GET', '/api/v1/facilities/FAC/roll')).json();
    expect(roll.facility).toBe('FAC');
    expect(roll.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?-0[34]:00$/);
    expect(roll.units.filter((u: { kind: string }) => u.kind === 'cell')).toHaveLength(12);
    // space at the ICRC standard: FAC-A1-1 became a single cell (design 1) of 8 m² holding 2
    expect(roll.units.find((u: { code: string }) => u.code === 'FAC-A1-1')).toMatchObject({
      areaM2: 8,
      m2PerPerson: 4,
      spaceCapacity: 1,
      overcrowded: true,
    });
    expect(roll.units.find((u: { code: string }) => u.code === 'FAC-A1-2')).toMatchObject({
      areaM2: 8,
      m2PerPerson: null,
      spaceCapacity: 2,
    });
    expect(roll.units.find((u: { code: string }) => u.code === 'FAC-A1')).toMatchObject({
      areaM2: 24,
      spaceCapacity: 5,
      overcrowded: 1,
    });
    expect(roll.total).toMatchObject({ spaceCapacity: 23, overcrowdedCells: 1 });
    const blocks = roll.units.filter((u: { kind: string }) => u.kind === 'block');
    expect(blocks.reduce((s: number, b: { inCustody: number }) => s + b.inCustody, 0)).toBe(
      roll.total.inCustody,
    );
    for (const at of ['yesterday', '2026-01-01', '2026-01-01T00:00:00']) {
      const bad = await api.call('GET', `/api/v1/facilities/FAC/roll?at=${at}`);
      expect(bad.statusCode, at).toBe(400);
      expect(bad.json().violations[0].subject).toBe('at');
    }
    expect((await api.call('GET', '/api/v1/facilities/NOPE/roll')).statusCode).toBe(404);
  });
});
