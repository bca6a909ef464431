import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load.js';
import { type Api, admission, footprint, testApi } from '../helpers/api.js';

const item = (a: ReturnType<typeof admission>) => {
  const { facility, ...rest } = a;
  return rest;
};

/** Which groups are held in each block of a facility, from the live projections. */
async function groupsPerBlock(api: Api, facility: string) {
  const rows = await sql<{ block: string; grp: string }>`
    select distinct b.code as block, g.grp
    from custody c join unit cell on cell.id = c.cell_id join unit b on b.id = cell.parent_id,
      lateral unnest(c.groups) as g(grp)
    where c.facility_code = ${facility} and c.released_at is null`.execute(api.store.db);
  const out = new Map<string, Set<string>>();
  for (const r of rows.rows) out.set(r.block, (out.get(r.block) ?? new Set()).add(r.grp));
  return out;
}

describe('housing in the demo CECOT', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
    await loadDemo(api.store, {});
    for (const [code, name, rivals] of [
      ['MS-13', 'Mara Salvatrucha', ['BARRIO-18']],
      ['BARRIO-18', 'Barrio 18', ['MS-13']],
    ] as const) {
      const res = await api.call('POST', '/api/v1/groups', { body: { code, name, rivals, scope: 'block' } });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => api.close());

  it('records groups with their rivals, keeping the widest scope of a pair', async () => {
    const groups = (await api.call('GET', '/api/v1/groups')).json().groups;
    expect(groups).toEqual([
      { code: 'BARRIO-18', name: 'Barrio 18', rivals: [{ group: 'MS-13', scope: 'block' }], inCustody: 0 },
      {
        code: 'MS-13',
        name: 'Mara Salvatrucha',
        rivals: [{ group: 'BARRIO-18', scope: 'block' }],
        inCustody: 0,
      },
    ]);
    expect(
      (
        await api.call('POST', '/api/v1/groups', {
          body: { code: 'MS-13', name: 'x', rivals: [], scope: 'cell' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await api.call('POST', '/api/v1/groups', {
          body: { code: 'X', name: 'x', rivals: ['X'], scope: 'cell' },
        })
      ).statusCode,
    ).toBe(400);
    const unknown = await api.call('POST', '/api/v1/admissions', {
      body: admission('CECOT', { groups: ['MS13'] }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().violations).toMatchObject([{ rule: 'unknown-group', subject: 'groups[0]' }]);
  });

  it('admits 2,000 MS-13 and Barrio 18 members in one night with no block holding both', async () => {
    const admissions = Array.from({ length: 2000 }, (_, i) =>
      item(
        admission('CECOT', {
          groups: [i % 2 ? 'BARRIO-18' : 'MS-13'],
          securityLevel: 'maximum',
          admittedAt: '2026-11-20T22:00:00-06:00',
        }),
      ),
    );
    const res = await api.call('POST', '/api/v1/admissions/bulk', {
      body: { facility: 'CECOT', admissions },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().admitted).toBe(2000);
    const blocks = await groupsPerBlock(api, 'CECOT');
    expect([...blocks.values()].every((gs) => gs.size === 1)).toBe(true);
    expect(new Set([...blocks.values()].flatMap((gs) => [...gs]))).toEqual(new Set(['MS-13', 'BARRIO-18']));
    const roll = (await api.call('GET', '/api/v1/facilities/CECOT/roll')).json();
    expect(
      roll.units.filter(
        (u: { kind: string; inCustody: number; operational: number }) =>
          u.kind === 'cell' && u.inCustody > u.operational,
      ),
    ).toEqual([]);
    const file = (await api.call('GET', `/api/v1/people/${res.json().placements[0].personId}`)).json();
    expect(file.custody.groups).toEqual(['MS-13']);
  });

  it('refuses the whole batch for one infeasible admission, writing nothing', async () => {
    const before = await footprint(api);
    const roll = (await api.call('GET', '/api/v1/facilities/CECOT/roll')).json();
    const msBlock = [...(await groupsPerBlock(api, 'CECOT'))].find(([, g]) => g.has('MS-13'))![0];
    const msCell = roll.units.find(
      (u: { parent: string; kind: string }) => u.parent === msBlock && u.kind === 'cell',
    ).code;
    const admissions = [
      ...Array.from({ length: 50 }, (_, i) =>
        item(admission('CECOT', { groups: [i % 2 ? 'BARRIO-18' : 'MS-13'] })),
      ),
      item(admission('CECOT', { groups: ['BARRIO-18'], cell: msCell })), // into an MS-13 block
      item(admission('CECOT', { needs: ['accessible'] })), // CECOT has no accessible cell
    ];
    const res = await api.call('POST', '/api/v1/admissions/bulk', {
      body: { facility: 'CECOT', admissions },
    });
    expect(res.statusCode).toBe(409);
    const v = res.json().violations;
    expect(v).toContainEqual(
      expect.objectContaining({
        rule: 'rival-group',
        subject: 'admissions[50]',
        message: expect.stringMatching(/BARRIO-18.*MS-13/),
      }),
    );
    expect(v).toContainEqual(
      expect.objectContaining({ rule: 'no-suitable-cell', subject: 'admissions[51]' }),
    );
    expect(v).toHaveLength(2);
    expect(await footprint(api)).toEqual(before);
  });
});

/** A facility whose blocks accept different people: A maximum security, B anyone; landings by status. */
const mixedFacility = {
  code: 'MIX',
  name: 'Recinto mixto',
  timezone: 'America/Santiago',
  jurisdiction: 'CL',
  units: [
    {
      code: 'A',
      kind: 'block',
      accepts: { securityLevels: ['maximum'] },
      children: [
        {
          code: 'A1',
          kind: 'landing',
          accepts: { statuses: ['untried'] },
          children: [1, 2].map((i) => ({
            code: `A1-${i}`,
            kind: 'cell',
            capacity: { design: 2, operational: 2 },
          })),
        },
        {
          code: 'A2',
          kind: 'landing',
          accepts: { statuses: ['sentenced'] },
          children: [1, 2].map((i) => ({
            code: `A2-${i}`,
            kind: 'cell',
            capacity: { design: 2, operational: 2 },
          })),
        },
      ],
    },
    {
      code: 'B',
      kind: 'block',
      children: [1, 2, 3, 4].map((i) => ({
        code: `B-${i}`,
        kind: 'cell',
        capacity: { design: 2, operational: 3 },
        attributes: i === 4 ? ['accessible'] : [],
      })),
    },
  ],
};

describe('moves, transfers and the rules', () => {
  let api: Api;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', '/api/v1/facilities', { body: mixedFacility })).statusCode).toBe(201);
    expect(
      (
        await api.call('POST', '/api/v1/facilities', {
          body: {
            ...mixedFacility,
            code: 'MIX2',
            units: [mixedFacility.units[1]].map((b) => ({
              ...b,
              code: 'B2',
              children: b!.children.map((c) => ({ ...c, code: `2${c.code}` })),
            })),
          },
        })
      ).statusCode,
    ).toBe(201);
    const admit = async (key: string, extra: Record<string, unknown>) => {
      const res = await api.call('POST', '/api/v1/admissions', { body: admission('MIX', extra) });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().personId;
      return res.json().cell as string;
    };
    expect(await admit('maxUntried', { securityLevel: 'maximum', cell: 'A1-1' })).toBe('A1-1');
    expect(await admit('other', { cell: 'B-1' })).toBe('B-1');
    expect(
      await admit('sentenced', {
        status: 'sentenced',
        legalBasis: { kind: 'sentence', reference: 'S-1', issuedBy: 'TOP', issuedAt: '2025-12-01' },
        cell: 'B-2',
      }),
    ).toBe('B-2');
    expect(
      await admit('young', {
        person: { ...admission('MIX').person, dateOfBirth: '2007-01-01' },
        cell: 'B-3',
      }),
    ).toBe('B-3');
    expect(await admit('needsAccess', { needs: ['accessible'] })).toBe('B-4');
  });
  afterAll(() => api.close());

  it('keeps units to the people they accept, and the categories apart', async () => {
    const low = await api.call('POST', '/api/v1/admissions', {
      body: admission('MIX', { securityLevel: 'low', cell: 'A1-2' }),
    });
    expect(low.statusCode).toBe(409);
    expect(low.json().violations[0]).toMatchObject({ rule: 'not-accepted', subject: 'cell' });
    expect(low.json().violations[0].message).toMatch(/A1-2.*security-level low/);
    const sentencedHere = await api.call('POST', '/api/v1/moves', {
      body: { personId: ids.sentenced, toCell: 'B-1', reason: 'Reubicación' },
    });
    expect(sentencedHere.statusCode).toBe(409);
    expect(sentencedHere.json().violations[0]).toMatchObject({ rule: 'separation', subject: 'toCell' });
    const youngHere = await api.call('POST', '/api/v1/moves', {
      body: { personId: ids.young, toCell: 'B-1', reason: 'Reubicación' },
    });
    expect(youngHere.json().violations[0].rule).toBe('separation');
    const notAccessible = await api.call('POST', '/api/v1/moves', {
      body: { personId: ids.needsAccess, toCell: 'B-1', reason: 'x' },
    });
    expect(notAccessible.json().violations.map((v: { rule: string }) => v.rule)).toEqual(['needs-unmet']);
  });

  it('refuses to move a person next to a non-associated person, naming the rule and both people', async () => {
    const na = await api.call('POST', '/api/v1/non-associations', {
      body: {
        personA: ids.other,
        personB: ids.maxUntried,
        scope: 'block',
        reason: 'threat',
        details: 'Amenaza en audiencia',
      },
    });
    expect(na.statusCode).toBe(201);
    expect(na.json()).toMatchObject({
      personA: ids.other,
      personB: ids.maxUntried,
      scope: 'block',
      reason: 'threat',
      conflict: null,
    });
    const dup = await api.call('POST', '/api/v1/non-associations', {
      body: { personA: ids.maxUntried, personB: ids.other, scope: 'cell', reason: 'other' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().violations[0].rule).toBe('non-association-exists');
    // maxUntried (A1-1) may not come to block B, where `other` is
    const before = (await api.call('GET', `/api/v1/people/${ids.maxUntried}`)).json();
    const res = await api.call('POST', '/api/v1/moves', {
      body: { personId: ids.maxUntried, toCell: 'B-1', reason: 'Traslado interno' },
    });
    expect(res.statusCode).toBe(409);
    const v = res.json().violations.find((x: { rule: string }) => x.rule === 'non-association');
    expect(v.message).toContain(ids.maxUntried);
    expect(v.message).toContain(ids.other);
    const after = (await api.call('GET', `/api/v1/people/${ids.maxUntried}`)).json();
    expect(after.timeline).toEqual(before.timeline);
    // closing it keeps its history, and the move goes through
    const closed = await api.call('POST', `/api/v1/non-associations/${na.json().id}/close`, {
      body: { reason: 'Traslado del denunciante' },
    });
    expect(closed.json()).toMatchObject({
      closedAt: expect.any(String),
      closeReason: 'Traslado del denunciante',
    });
    expect(
      (await api.call('GET', `/api/v1/non-associations?person=${ids.other}&closed=true`)).json()
        .nonAssociations,
    ).toHaveLength(1);
    expect(
      (await api.call('GET', `/api/v1/non-associations?person=${ids.other}`)).json().nonAssociations,
    ).toHaveLength(0);
    const file = (await api.call('GET', `/api/v1/people/${ids.maxUntried}`)).json();
    expect(file.nonAssociations).toMatchObject([
      { other: ids.other, scope: 'block', reason: 'threat', closeReason: 'Traslado del denunciante' },
    ]);
    const ok = await api.call('POST', '/api/v1/moves', {
      body: { personId: ids.maxUntried, toCell: 'A1-2', reason: 'Traslado interno' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ personId: ids.maxUntried, cell: 'A1-2', from: 'A1-1' });
    const roll = (await api.call('GET', '/api/v1/facilities/MIX/roll')).json();
    expect(roll.today.moved).toBe(1);
    expect(roll.units.find((u: { code: string }) => u.code === 'A1-2').inCustody).toBe(1);
    expect(
      (
        await api.call('POST', '/api/v1/moves', {
          body: { personId: ids.maxUntried, toCell: 'A1-2', reason: 'x' },
        })
      ).json().violations[0].rule,
    ).toBe('already-in-cell');
  });

  it('records a non-association between people who share a cell now, and says so', async () => {
    const mate = await api.call('POST', '/api/v1/admissions', { body: admission('MIX', { cell: 'B-1' }) });
    const res = await api.call('POST', '/api/v1/non-associations', {
      body: { personA: ids.other, personB: mate.json().personId, scope: 'cell', reason: 'violence' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().conflict).toEqual({
      facility: 'MIX',
      cellA: 'B-1',
      cellB: 'B-1',
      location: 'cell:B-1',
    });
    expect(
      (
        await api.call('POST', '/api/v1/non-associations', {
          body: { personA: ids.other, personB: ids.other, scope: 'cell', reason: 'other' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await api.call('POST', '/api/v1/non-associations', {
          body: { personA: ids.other, personB: 'nobody', scope: 'cell', reason: 'other' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('transfers people between facilities all or nothing', async () => {
    const before = await footprint(api);
    const bad = await api.call('POST', '/api/v1/transfers', {
      body: { personIds: [ids.other, 'nobody', ids.young], toFacility: 'MIX2', reason: 'Descongestión' },
    });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().violations).toMatchObject([{ rule: 'unknown-person', subject: 'personIds[1]' }]);
    expect(await footprint(api)).toEqual(before);
    const res = await api.call('POST', '/api/v1/transfers', {
      body: { personIds: [ids.other, ids.young], toFacility: 'MIX2', reason: 'Descongestión' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      transferred: 2,
      placements: [
        { personId: ids.other, from: 'MIX' },
        { personId: ids.young, from: 'MIX' },
      ],
    });
    // the young person and the adult are placed apart
    const [a, b] = res.json().placements;
    expect(a.cell).not.toBe(b.cell);
    const to = (await api.call('GET', '/api/v1/facilities/MIX2/roll')).json();
    const from = (await api.call('GET', '/api/v1/facilities/MIX/roll')).json();
    expect(to.total.inCustody).toBe(2);
    expect(to.today.transferredIn).toBe(2);
    expect(from.today.transferredOut).toBe(2);
    const file = (await api.call('GET', `/api/v1/people/${ids.young}`)).json();
    expect(file.custody).toMatchObject({ facility: 'MIX2', cell: b.cell });
    expect(file.timeline.at(-1)).toMatchObject({
      kind: 'custody.transferred',
      payload: { fromFacility: 'MIX', toFacility: 'MIX2', toCell: b.cell },
    });
    const again = await api.call('POST', '/api/v1/transfers', {
      body: { personIds: [ids.young], toFacility: 'MIX2', reason: 'x' },
    });
    expect(again.json().violations[0].rule).toBe('already-in-facility');
    expect((await api.call('GET', '/api/v1/audit/verify')).json().ok).toBe(true);
  });

  it('lets exactly one of two concurrent moves take a cell’s last place', async () => {
    const race = {
      code: 'RACE',
      name: 'Carrera',
      timezone: 'America/Santiago',
      jurisdiction: 'CL',
      units: [
        {
          code: 'R',
          kind: 'block',
          children: [
            { code: 'R-1', kind: 'cell', capacity: { design: 1, operational: 1 } },
            { code: 'R-2', kind: 'cell', capacity: { design: 2, operational: 2 } },
          ],
        },
      ],
    };
    expect((await api.call('POST', '/api/v1/facilities', { body: race })).statusCode).toBe(201);
    const movers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await api.call('POST', '/api/v1/admissions', { body: admission('RACE', { cell: 'R-2' }) });
      movers.push(res.json().personId);
    }
    const results = await Promise.all(
      movers.map((personId) =>
        api.call('POST', '/api/v1/moves', { body: { personId, toCell: 'R-1', reason: 'Carrera' } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().violations[0].rule).toBe('capacity-exceeded');
    const roll = (await api.call('GET', '/api/v1/facilities/RACE/roll')).json();
    expect(roll.units.find((u: { code: string }) => u.code === 'R-1').inCustody).toBe(1);
    expect(roll.units.find((u: { code: string }) => u.code === 'R-2').inCustody).toBe(1);
  });
});
