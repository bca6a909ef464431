import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

describe('concurrent writers', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
    await api.call('POST', '/api/v1/facilities', { body: smallFacility('CON', 6) }); // 24 cells, 72 places
  });
  afterAll(() => api.close());

  it('admissions, bulk admissions and releases at once all succeed, and the register stays whole', async () => {
    const first = await api.call('POST', '/api/v1/admissions/bulk', {
      body: {
        facility: 'CON',
        admissions: Array.from({ length: 20 }, () => admission('CON')).map(({ facility, ...a }) => a),
      },
    });
    expect(first.statusCode).toBe(201);
    const leaving: string[] = first.json().placements.map((p: { personId: string }) => p.personId);
    const releaseBody = (personId: string, i: number) => ({
      personId,
      reason: 'Libertad',
      legalBasis: {
        kind: 'release-order',
        reference: `L-${i}`,
        issuedBy: 'Juzgado de Garantía',
        issuedAt: '2026-01-01',
      },
    });
    const results = await Promise.all([
      ...leaving.map((id, i) => api.call('POST', '/api/v1/releases', { body: releaseBody(id, i) })),
      ...Array.from({ length: 20 }, () => api.call('POST', '/api/v1/admissions', { body: admission('CON') })),
      ...Array.from({ length: 4 }, () =>
        api.call('POST', '/api/v1/admissions/bulk', {
          body: {
            facility: 'CON',
            admissions: Array.from({ length: 5 }, () => admission('CON')).map(({ facility, ...a }) => a),
          },
        }),
      ),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(20).fill(200), ...Array(24).fill(201)]);
    const roll = (await api.call('GET', '/api/v1/facilities/CON/roll')).json();
    expect(roll.total.inCustody).toBe(40);
    const open = await api.store.db
      .selectFrom('custody')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('released_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(40);
    expect((await api.call('GET', '/api/v1/audit/verify')).json()).toMatchObject({ ok: true, problems: [] });
  });

  it('never overfills a cell when two admissions race for its last place', async () => {
    const cell = 'CON-B2-6';
    // fill it to exactly one free place, whatever the allocator put there before
    const now = (await api.call('GET', '/api/v1/facilities/CON/roll')).json();
    const { inCustody, operational } = now.units.find((u: { code: string }) => u.code === cell);
    for (let i = inCustody; i < operational - 1; i++) {
      expect(
        (await api.call('POST', '/api/v1/admissions', { body: admission('CON', { cell }) })).statusCode,
      ).toBe(201);
    }
    const race = await Promise.all(
      [1, 2].map(() => api.call('POST', '/api/v1/admissions', { body: admission('CON', { cell }) })),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(race.find((r) => r.statusCode === 409)!.json().violations[0].rule).toBe('capacity-exceeded');
    const roll = (await api.call('GET', '/api/v1/facilities/CON/roll')).json();
    expect(roll.units.find((u: { code: string }) => u.code === cell).inCustody).toBe(3);
  });
});
