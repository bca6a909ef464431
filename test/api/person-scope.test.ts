import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, admission, footprint, smallFacility, testApi } from '../helpers/api.js';

/**
 * The rule person-scope (docs/security.md): every write about a person is checked against the
 * facility that holds the person now, every read of history against the facility whose custody it
 * was. Regressions of issue 21's items 1, 5, 6 and 11: a person transferred from A to B.
 */
const P = '/api/v1';

describe('person-scope: a person follows their custody from facility to facility', () => {
  let api: Api;
  /** transferred A → B, segregated at A before the transfer */
  let moved: string;
  /** admitted and released at A */
  let releasedAtA: string;
  /** held only in B: one held now, one released */
  let heldInB: string;
  let releasedAtB: string;
  let segregation: string;
  const t: Record<string, string> = {};

  const admit = async (facility: string) => {
    const res = await api.call('POST', `${P}/admissions`, { body: admission(facility) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().personId as string;
  };
  const release = async (personId: string) => {
    const res = await api.call('POST', `${P}/releases`, {
      body: {
        personId,
        reason: 'Sobreseimiento',
        legalBasis: {
          kind: 'release-order',
          reference: `L-${personId.slice(0, 6)}`,
          issuedBy: 'Juzgado de Garantía',
          issuedAt: new Date().toISOString(),
        },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const admittedSeq = async (personId: string) =>
    (await api.call('GET', `${P}/people/${personId}`))
      .json()
      .timeline.find((e: { kind: string }) => e.kind === 'custody.admitted').seq as number;
  const incident = async (facility: string, personId: string, description: string) => {
    const res = await api.call('POST', `${P}/incidents`, {
      body: { facility, kind: 'fight', unit: `${facility}-A`, people: [personId], description },
    });
    expect(res.statusCode, res.body).toBe(201);
  };

  beforeAll(async () => {
    api = await testApi();
    for (const code of ['FA', 'FB', 'FC'])
      expect((await api.call('POST', `${P}/facilities`, { body: smallFacility(code, 4) })).statusCode).toBe(
        201,
      );
    moved = await admit('FA');
    releasedAtA = await admit('FA');
    await release(releasedAtA);
    heldInB = await admit('FB');
    releasedAtB = await admit('FB');
    await release(releasedAtB);
    await incident('FA', moved, 'Riña antes del traslado');
    const seg = await api.call('POST', `${P}/segregations`, {
      body: { personId: moved, authority: 'Alcaide', reason: 'Amenazas de otro grupo' },
    });
    expect(seg.statusCode, seg.body).toBe(201);
    segregation = seg.json().id;
    const tr = await api.call('POST', `${P}/transfers`, {
      body: { personIds: [moved], toFacility: 'FB', reason: 'Traslado por seguridad' },
    });
    expect(tr.statusCode, tr.body).toBe(200);
    await incident('FB', moved, 'Incidente en el recinto nuevo');
    const na = await api.call('POST', `${P}/non-associations`, {
      body: { personA: moved, personB: heldInB, scope: 'cell', reason: 'threat' },
    });
    expect(na.statusCode, na.body).toBe(201);
    for (const f of ['FA', 'FB', 'FC'])
      for (const role of ['records', 'officer', 'governor', 'medical'] as const)
        t[`${role}${f}`] = await api.user(`${role}-${f}`, [role], [f]);
  });
  afterAll(() => api?.close());

  describe('corrections (item 1)', () => {
    it('refuses the old facility a change of who the person is, and of the legal basis of the custody now in B', async () => {
      const corrects = await admittedSeq(moved);
      const before = await footprint(api);
      for (const changes of [
        { person: { givenNames: 'Otro Nombre' } },
        { legalBasis: { reference: 'RIT-0-2026' } },
      ]) {
        for (const who of ['recordsFA', 'governorFA']) {
          const res = await api.call('POST', `${P}/corrections`, {
            token: t[who],
            body: { corrects, reason: 'Intento desde el recinto anterior', changes },
          });
          expect(res.statusCode, `${who} ${JSON.stringify(changes)}: ${res.body}`).toBe(403);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }
      expect(await footprint(api)).toEqual(before);
    });

    it('lets the facility that holds the person now correct them', async () => {
      const res = await api.call('POST', `${P}/corrections`, {
        token: t.recordsFB,
        body: {
          corrects: await admittedSeq(moved),
          reason: 'Error de transcripción',
          changes: { person: { givenNames: 'Juan Pedro' } },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect((await api.call('GET', `${P}/people/${moved}`)).json().givenNames).toBe('Juan Pedro');
    });

    it('lets the facility that held a released person last correct its own admission, and no other', async () => {
      const body = {
        corrects: await admittedSeq(releasedAtA),
        reason: 'Error de transcripción',
        changes: { legalBasis: { reference: 'RIT-77-2026' } },
      };
      expect((await api.call('POST', `${P}/corrections`, { token: t.recordsFB, body })).statusCode).toBe(403);
      const ok = await api.call('POST', `${P}/corrections`, { token: t.recordsFA, body });
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it('refuses out of scope before judging the request: a caller of C learns nothing from it', async () => {
      const file = (await api.call('GET', `${P}/people/${moved}`)).json();
      const transferSeq = file.timeline.find((e: { kind: string }) => e.kind === 'custody.transferred').seq;
      const body = { corrects: transferSeq, reason: 'x', changes: { person: { givenNames: 'Otro' } } };
      // the transfer is not correctable (409), but only a caller who may act for the person hears so
      expect((await api.call('POST', `${P}/corrections`, { token: t.recordsFC, body })).statusCode).toBe(403);
      const inScope = await api.call('POST', `${P}/corrections`, { token: t.recordsFB, body });
      expect(inScope.json().violations[0].rule).toBe('not-correctable');
    });
  });

  describe("the person's file (item 5)", () => {
    it('shows the facility that holds the person all of it', async () => {
      const res = await api.call('GET', `${P}/people/${moved}`, { token: t.governorFB });
      expect(res.statusCode, res.body).toBe(200);
      const f = res.json();
      expect(f.reach).toBe('full');
      expect(f.inCustody).toBe(true);
      expect(f.custody.facility).toBe('FB');
      expect(f.custody.cell).toMatch(/^FB-/);
      expect(f.incidents.map((i: { facility: string }) => i.facility).sort()).toEqual(['FA', 'FB']);
      expect(f.nonAssociations).toHaveLength(1);
      expect(f).not.toHaveProperty('holder');
    });

    it('shows the facility that held the person before only its own part of the history', async () => {
      const res = await api.call('GET', `${P}/people/${moved}`, { token: t.governorFA });
      expect(res.statusCode, res.body).toBe(200);
      const f = res.json();
      expect(f.reach).toBe('past');
      expect(f.custody).toBeNull();
      expect(f.inCustody).toBeNull(); // not whether the person is held elsewhere either
      expect(JSON.stringify(f)).not.toMatch(/"FB-/); // no cell of the new facility anywhere
      expect(f.custodies).toEqual([]); // the custody is B's now
      expect(f.incidents.map((i: { description: string }) => i.description)).toEqual([
        'Riña antes del traslado',
      ]);
      expect(f.nonAssociations).toEqual([]);
      expect(f.duties.every((d: { facility: string }) => d.facility === 'FA')).toBe(true);
      const kinds = f.timeline.map((e: { kind: string }) => e.kind);
      expect(kinds).toContain('custody.admitted');
      expect(kinds).toContain('segregation.started');
      expect(kinds).toContain('custody.transferred'); // it knows it sent the person away
      expect(kinds).not.toContain('non-association.opened'); // recorded at B, after
      expect(kinds).not.toContain('record.corrected'); // of B's custody, by B
      // what B recorded after the person left is not there, whoever asks at A
      for (const who of ['recordsFA', 'officerFA', 'medicalFA']) {
        const other = (await api.call('GET', `${P}/people/${moved}`, { token: t[who] })).json();
        expect(other.reach, who).toBe('past');
        expect(
          other.timeline.every(
            (e: { facility: string; kind: string }) =>
              e.facility === 'FA' || e.kind === 'custody.transferred',
          ),
          who,
        ).toBe(true);
      }
    });

    it('refuses a facility that never held the person, without saying which facility does', async () => {
      const res = await api.call('GET', `${P}/people/${moved}`, { token: t.governorFC });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toMatch(/FA|FB/);
    });

    it('does not count an event filed about the person elsewhere as having held them', async () => {
      // a non-association between someone released from B and someone held in A is filed under B's
      const heldInA = await admit('FA');
      const na = await api.call('POST', `${P}/non-associations`, {
        body: { personA: releasedAtB, personB: heldInA, scope: 'cell', reason: 'threat' },
      });
      expect(na.statusCode, na.body).toBe(201);
      const file = (await api.call('GET', `${P}/people/${releasedAtB}`)).json();
      const opened = file.timeline.find((e: { kind: string }) => e.kind === 'non-association.opened');
      expect(opened.facility).toBe('FB');
      expect((await api.call('GET', `${P}/people/${releasedAtB}`, { token: t.governorFA })).statusCode).toBe(
        403,
      );
    });

    it('still opens every file to inspectors', async () => {
      const inspector = await api.user('inspector-one', ['inspector'], ['FC']);
      const f = (await api.call('GET', `${P}/people/${moved}`, { token: inspector })).json();
      expect(f.reach).toBe('full');
      expect(f.custody.facility).toBe('FB');
    });
  });

  describe('segregation follows the person (item 6)', () => {
    it('refuses the old facility to end or review it, and lets the new one review and end it', async () => {
      const end = await api.call('POST', `${P}/segregations/${segregation}/end`, {
        token: t.officerFA,
        body: { note: 'Fin desde el recinto anterior' },
      });
      expect(end.statusCode, end.body).toBe(403);
      const oldReview = await api.call('POST', `${P}/segregations/${segregation}/reviews`, {
        token: t.governorFA,
        body: { reviewedBy: 'Alcaide FA', outcome: 'Se mantiene' },
      });
      expect(oldReview.statusCode).toBe(403);
      const review = await api.call('POST', `${P}/segregations/${segregation}/reviews`, {
        token: t.governorFB,
        body: { reviewedBy: 'Alcaide FB', outcome: 'Se mantiene' },
      });
      expect(review.statusCode, review.body).toBe(201);
      // the review is the new facility's record
      const file = (await api.call('GET', `${P}/people/${moved}`)).json();
      const reviewed = file.timeline.find((e: { kind: string }) => e.kind === 'segregation.reviewed');
      expect(reviewed.facility).toBe('FB');
      const ended = await api.call('POST', `${P}/segregations/${segregation}/end`, {
        token: t.officerFB,
        body: { note: 'Fin' },
      });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json().facility).toBe('FB');
      const again = await api.call('POST', `${P}/segregations`, {
        token: t.governorFB,
        body: { personId: moved, authority: 'Alcaide FB', reason: 'Nuevo riesgo' },
      });
      expect(again.statusCode, again.body).toBe(201);
    });

    it('ends a segregation when the custody ends by release', async () => {
      const someone = await admit('FA');
      const seg = await api.call('POST', `${P}/segregations`, {
        body: { personId: someone, authority: 'Alcaide', reason: 'Riesgo' },
      });
      expect(seg.statusCode, seg.body).toBe(201);
      await release(someone);
      const row = await api.store.db
        .selectFrom('segregation')
        .select(['ended_at', 'ended_seq'])
        .where('id', '=', seg.json().id)
        .executeTakeFirstOrThrow();
      expect(row.ended_at).not.toBeNull();
      const released = (await api.call('GET', `${P}/people/${someone}`)).json().timeline.at(-1);
      expect(released.kind).toBe('custody.released');
      expect(Number(row.ended_seq)).toBe(released.seq);
    });

    it('moves the open duties with the person', async () => {
      const f = (await api.call('GET', `${P}/people/${moved}`)).json();
      const open = f.duties.filter((d: { closed: boolean }) => !d.closed);
      expect(open.length).toBeGreaterThan(0);
      expect(open.every((d: { facility: string }) => d.facility === 'FB')).toBe(true);
    });
  });

  describe('non-associations (item 11)', () => {
    it('refuses a facility that holds neither person, also when one of them was released', async () => {
      const before = await footprint(api);
      const res = await api.call('POST', `${P}/non-associations`, {
        token: t.officerFA,
        body: { personA: heldInB, personB: releasedAtB, scope: 'cell', reason: 'threat' },
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(await footprint(api)).toEqual(before);
      const ok = await api.call('POST', `${P}/non-associations`, {
        token: t.officerFB,
        body: { personA: heldInB, personB: releasedAtB, scope: 'cell', reason: 'threat' },
      });
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it('lists a non-association to the facility that holds the person now, not the one that held them', async () => {
      const ids = async (token: string | undefined) =>
        (await api.call('GET', `${P}/non-associations?person=${moved}`, { token })).json().nonAssociations
          .length as number;
      expect(await ids(t.officerFB)).toBe(1);
      expect(await ids(t.officerFA)).toBe(0);
      // closing it is B's too
      const id = (await api.call('GET', `${P}/non-associations?person=${moved}`)).json().nonAssociations[0]
        .id;
      const close = (token: string | undefined) =>
        api.call('POST', `${P}/non-associations/${id}/close`, {
          token,
          body: { reason: 'Ya no hay amenaza' },
        });
      expect((await close(t.officerFA)).statusCode).toBe(403);
      expect((await close(t.officerFB)).statusCode).toBe(200);
    });
  });
});
