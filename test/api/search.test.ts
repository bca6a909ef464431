import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

describe('person search', () => {
  let api: Api;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    api = await testApi();
    await api.call('POST', '/api/v1/facilities', { body: smallFacility('NORTE') });
    await api.call('POST', '/api/v1/facilities', { body: smallFacility('SUR') });
    const admit = async (
      key: string,
      facility: string,
      givenNames: string,
      familyNames: string,
      nationalId: string,
    ) => {
      const a = admission(facility);
      const res = await api.call('POST', '/api/v1/admissions', {
        body: { ...a, person: { ...a.person, givenNames, familyNames, nationalId } },
      });
      expect(res.statusCode).toBe(201);
      ids[key] = res.json().personId;
    };
    await admit('jose', 'NORTE', 'José', 'Núñez Pérez', '15.432.876-K');
    await admit('josefa', 'SUR', 'Josefa', 'Núñez Soto', '9.876.543-2');
    await admit('maria', 'NORTE', 'María', 'González Rojas', '12.345.678-5');
  });
  afterAll(() => api.close());

  const search = async (q: string, extra = '', token?: string) => {
    const res = await api.call(
      'GET',
      `/api/v1/people?q=${encodeURIComponent(q)}${extra}`,
      token ? { token } : {},
    );
    expect(res.statusCode, res.body).toBe(200);
    return res.json().results as {
      personId: string;
      score: number;
      facility: string;
      cell: string;
      status: string;
    }[];
  };

  it('finds José Núñez from "jose nunez" and from "Jose Nunes", best match first', async () => {
    const plain = await search('jose nunez');
    expect(plain[0]).toMatchObject({
      personId: ids.jose,
      givenNames: 'José',
      familyNames: 'Núñez Pérez',
      facility: 'NORTE',
      status: 'pretrial',
      cell: expect.any(String),
    });
    expect(plain[0]!.score).toBeGreaterThan(0.8);
    const typo = await search('Jose Nunes');
    expect(typo[0]!.personId).toBe(ids.jose);
    expect(typo.map((r) => r.personId)).not.toContain(ids.maria);
    expect((await search('GONZALEZ'))[0]!.personId).toBe(ids.maria);
  });

  it('finds a person exactly by national id, and filters by facility', async () => {
    expect((await search('9.876.543-2')).map((r) => r.personId)).toEqual([ids.josefa]);
    const north = await search('nunez', '&facility=NORTE');
    expect(north.map((r) => r.personId)).toEqual([ids.jose]);
    expect((await search('zzqqxx')).length).toBe(0);
  });

  it('finds a person by register number, written as people write it, and shows it', async () => {
    const file = await api.call('GET', `/api/v1/people/${ids.josefa}`);
    const n = file.json().registerNumber as number;
    expect(n).toBeGreaterThan(0);
    // the number of the register entry of the first admission
    expect(file.json().timeline.find((e: { kind: string }) => e.kind === 'custody.admitted').seq).toBe(n);
    for (const q of [`00${n}`, `N° ${n}`, `n.${n}`, `#${n}`, `R-${n}`, ` no ${n} `]) {
      const found = await search(q);
      expect(
        found.map((r) => r.personId),
        q,
      ).toEqual([ids.josefa]);
      expect(found[0]).toMatchObject({ registerNumber: n, score: 1 });
    }
    // another person's number finds that person only; a number no one has finds nobody
    const jose = (await api.call('GET', `/api/v1/people/${ids.jose}`)).json().registerNumber as number;
    expect((await search(`N° ${jose}`)).map((r) => r.personId)).toEqual([ids.jose]);
    expect(await search('999999')).toEqual([]);
    // and only within the facility asked for
    expect(await search(`#${n}`, '&facility=NORTE')).toEqual([]);
  });

  it('ranks an exact national id above names that merely look alike', async () => {
    const a = admission('NORTE');
    // a person whose name is the other's national id, near enough to match by trigrams
    const res = await api.call('POST', '/api/v1/admissions', {
      body: {
        ...a,
        person: { ...a.person, givenNames: 'Nunez', familyNames: 'Soto 9876543', nationalId: '1-9' },
      },
    });
    expect(res.statusCode).toBe(201);
    const found = await search('9.876.543-2');
    expect(found[0]).toMatchObject({ personId: ids.josefa, score: 1 });
  });

  it('shows each user only the people of their facilities, and refuses a bad query', async () => {
    const officer = await api.user('officer-sur', ['officer'], ['SUR']);
    const seen = await search('nunez', '', officer);
    expect(seen.map((r) => r.personId)).toEqual([ids.josefa]);
    expect(
      (await api.call('GET', '/api/v1/people?q=nunez&facility=NORTE', { token: officer })).statusCode,
    ).toBe(403);
    const bad = await api.call('GET', '/api/v1/people?q=j');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().violations[0].subject).toBe('q');
    expect((await api.call('GET', '/api/v1/people')).statusCode).toBe(400);
  });

  it('lists a released person as released, with no cell', async () => {
    await api.call('POST', '/api/v1/releases', {
      body: {
        personId: ids.maria,
        reason: 'Libertad',
        legalBasis: { kind: 'release-order', reference: 'L', issuedBy: 'JG', issuedAt: '2026-02-01' },
      },
    });
    expect((await search('maria gonzalez'))[0]).toMatchObject({
      personId: ids.maria,
      status: 'released',
      cell: null,
      inCustody: false,
    });
  });
});
