import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { P, t, visitWorld } from '../helpers/visits.js';

/** The visitor registry, bans, enrolments, booking and outcomes of visits (docs/daily-life.md). */
describe('visitors and visits', () => {
  const w = visitWorld();
  const { admit, register, enrol, withVisitors, book, visit, refused, lastEvent, footprint } = w;
  let api: Api;
  beforeAll(() => {
    api = w.api;
  });

  describe('the visitor registry', () => {
    it('registers a visitor, answers the same person again without recording, refuses the document under other names', async () => {
      const res = await api.call('POST', `${P}/visitors`, {
        body: {
          givenNames: 'José Ignacio',
          familyNames: 'Muñoz Ávila',
          nationalId: '9.876.543-2',
          dateOfBirth: '1980-02-29',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const { visitorId } = res.json();
      expect(res.json()).toEqual({ visitorId: expect.any(String) });
      const ev = await lastEvent();
      expect(ev).toMatchObject({ kind: 'visitor.registered', person_id: null, facility_code: null });
      expect(ev.payload).toMatchObject({ visitorId, nationalId: '9.876.543-2', dateOfBirth: '1980-02-29' });

      const before = await footprint();
      const again = await api.call('POST', `${P}/visitors`, {
        body: { givenNames: 'jose ignacio', familyNames: 'MUNOZ AVILA', nationalId: '9.876.543-2' },
      });
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual({ visitorId, existing: true });
      expect(await footprint()).toEqual(before);

      const other = await refused(409, () =>
        api.call('POST', `${P}/visitors`, {
          body: { givenNames: 'Pedro', familyNames: 'Muñoz Ávila', nationalId: '9.876.543-2' },
          lang: 'es',
        }),
      );
      expect(other.violations).toMatchObject([
        { rule: 'visitor-exists', subject: 'nationalId', message: expect.stringContaining(visitorId) },
      ]);
      expect(other.violations[0]!.message).toMatch(/ya está registrado/);

      const found = (await api.call('GET', `${P}/visitors?q=9.876.543-2`)).json();
      expect(found.visitors).toEqual([
        {
          visitorId,
          givenNames: 'José Ignacio',
          familyNames: 'Muñoz Ávila',
          nationalId: '9.876.543-2',
          dateOfBirth: '1980-02-29',
        },
      ]);
      const byWords = (await api.call('GET', `${P}/visitors?q=${encodeURIComponent('munoz jose')}`)).json();
      expect(byWords.visitors.map((v: { visitorId: string }) => v.visitorId)).toEqual([visitorId]);
      expect((await api.call('GET', `${P}/visitors?q=zzzz-nobody`)).json().visitors).toEqual([]);
    });

    it('names each bad field (400) and records nothing', async () => {
      const res = await refused(400, () =>
        api.call('POST', `${P}/visitors`, {
          body: {
            givenNames: '',
            familyNames: 'x'.repeat(201),
            nationalId: 'y'.repeat(41),
            dateOfBirth: '1980-13-01',
          },
        }),
      );
      const fields = JSON.stringify(res.violations);
      for (const f of ['givenNames', 'familyNames', 'nationalId', 'dateOfBirth']) expect(fields).toContain(f);
    });

    it('shows a visitor with bans and the enrolments of the people the caller may see', async () => {
      const visitorId = await register();
      const here = await admit('VIS');
      const there = await admit('OTRA');
      await enrol(here, visitorId);
      await enrol(there, visitorId, 'other', 'amiga');
      const ban = await api.call('POST', `${P}/visitors/${visitorId}/bans`, {
        body: { facility: 'OTRA', reason: 'Ingreso de droga', from: '2031-01-01', until: '2031-02-01' },
      });
      expect(ban.statusCode, ban.body).toBe(201);
      const all = (await api.call('GET', `${P}/visitors/${visitorId}`)).json();
      expect(all.bans).toMatchObject([
        { facility: 'OTRA', from: '2031-01-01', until: '2031-02-01', lifted: false },
      ]);
      expect(all.enrolments.map((e: { personId: string }) => e.personId).sort()).toEqual(
        [here, there].sort(),
      );
      const officer = await api.user('vis-officer-visitor', ['officer'], ['VIS']);
      const mine = (await api.call('GET', `${P}/visitors/${visitorId}`, { token: officer })).json();
      expect(mine.enrolments).toMatchObject([
        { personId: here, kind: 'family', relationship: 'madre', facility: 'VIS' },
      ]);
      expect(mine.bans).toHaveLength(1);
      const log = await api.store.db
        .selectFrom('access_log')
        .select(['action', 'people'])
        .where('username', '=', 'vis-officer-visitor')
        .execute();
      expect(log).toEqual([{ action: 'person.read', people: [here] }]);
      const unknown = await api.call('GET', `${P}/visitors/no-such-visitor`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().violations[0]?.rule).toBe('unknown-visitor');
    });
  });

  describe('bans', () => {
    it('bans a visitor from a facility and lifts the ban; each once, each recorded', async () => {
      const visitorId = await register();
      const res = await api.call('POST', `${P}/visitors/${visitorId}/bans`, {
        body: { facility: 'VIS', reason: 'Agresión a funcionario', until: '2031-12-31' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const { banId } = res.json();
      expect(res.json()).toMatchObject({ banId: expect.any(String), facility: 'VIS', until: '2031-12-31' });
      expect(await lastEvent()).toMatchObject({ kind: 'visitor.banned', facility_code: 'VIS' });

      const lift = await api.call('POST', `${P}/visitors/${visitorId}/bans/${banId}/lift`, {
        body: { reason: 'Resolución del alcaide' },
      });
      expect(lift.statusCode, lift.body).toBe(200);
      expect(await lastEvent()).toMatchObject({ kind: 'visitor.ban-lifted', facility_code: 'VIS' });
      const twice = await refused(409, () =>
        api.call('POST', `${P}/visitors/${visitorId}/bans/${banId}/lift`, { body: { reason: 'otra vez' } }),
      );
      expect(twice.violations).toMatchObject([{ rule: 'visitor-ban-lifted', subject: 'banId' }]);
      const unknown = await refused(404, () =>
        api.call('POST', `${P}/visitors/${visitorId}/bans/no-such-ban/lift`, { body: { reason: 'x' } }),
      );
      expect(unknown.violations[0]?.rule).toBe('unknown-ban');
    });

    it('refuses a ban that ends before it starts (400), an unknown visitor (404), another facility’s governor (403)', async () => {
      const visitorId = await register();
      const bad = await refused(400, () =>
        api.call('POST', `${P}/visitors/${visitorId}/bans`, {
          body: { facility: 'VIS', reason: 'x', from: '2031-02-01', until: '2031-01-31' },
        }),
      );
      expect(bad.violations).toMatchObject([{ rule: 'ban-ends-before-start', subject: 'until' }]);
      const unknown = await refused(404, () =>
        api.call('POST', `${P}/visitors/nobody/bans`, {
          body: { facility: 'VIS', reason: 'x', until: '2031-01-31' },
        }),
      );
      expect(unknown.violations[0]?.rule).toBe('unknown-visitor');
      const governor = await api.user('otra-governor-ban', ['governor'], ['OTRA']);
      await refused(403, () =>
        api.call('POST', `${P}/visitors/${visitorId}/bans`, {
          token: governor,
          body: { facility: 'VIS', reason: 'x', until: '2031-01-31' },
        }),
      );
    });
  });

  describe('enrolments', () => {
    it('enrols a visitor for a person; a later enrolment of the pair replaces it', async () => {
      const personId = await admit();
      const visitorId = await register();
      expect(await enrol(personId, visitorId, 'family', 'hermano')).toEqual({
        personId,
        visitorId,
        kind: 'family',
        relationship: 'hermano',
      });
      expect(await lastEvent()).toMatchObject({
        kind: 'visitor.enrolled',
        person_id: personId,
        facility_code: 'VIS',
      });
      await enrol(personId, visitorId, 'legal', 'abogado defensor');
      const list = (await api.call('GET', `${P}/people/${personId}/visitors`)).json();
      expect(list.visitors).toEqual([
        {
          visitorId,
          names: expect.stringContaining('Carmen'),
          nationalId: expect.any(String),
          relationship: 'abogado defensor',
          kind: 'legal',
          bannedUntil: null,
        },
      ]);
      await api.call('POST', `${P}/visitors/${visitorId}/bans`, {
        body: { facility: 'VIS', reason: 'Amenazas', until: '2099-01-01' },
      });
      expect((await api.call('GET', `${P}/people/${personId}/visitors`)).json().visitors[0].bannedUntil).toBe(
        '2099-01-01',
      );
    });

    it('refuses an unknown visitor (404), a person not in custody (409), out of scope (403)', async () => {
      const personId = await admit();
      const unknown = await refused(404, () =>
        api.call('POST', `${P}/people/${personId}/visitors`, {
          body: { visitorId: 'nobody', relationship: 'tía', kind: 'family' },
        }),
      );
      expect(unknown.violations).toMatchObject([{ rule: 'unknown-visitor', subject: 'visitorId' }]);
      const visitorId = await register();
      const released = await api.call('POST', `${P}/releases`, {
        body: {
          personId,
          reason: 'Sobreseimiento',
          legalBasis: {
            kind: 'release-order',
            reference: 'RIT-9-2026',
            issuedBy: 'Juzgado',
            issuedAt: new Date().toISOString(),
          },
        },
      });
      expect(released.statusCode, released.body).toBe(200);
      const gone = await refused(409, () =>
        api.call('POST', `${P}/people/${personId}/visitors`, {
          body: { visitorId, relationship: 'tía', kind: 'family' },
        }),
      );
      expect(gone.violations).toMatchObject([{ rule: 'not-in-custody', subject: 'personId' }]);
      const other = await admit();
      const governor = await api.user('otra-governor-enrol', ['governor'], ['OTRA']);
      await refused(403, () =>
        api.call('POST', `${P}/people/${other}/visitors`, {
          token: governor,
          body: { visitorId, relationship: 'tía', kind: 'family' },
        }),
      );
      expect((await api.call('GET', `${P}/people/${other}/visitors`, { token: governor })).statusCode).toBe(
        403,
      );
    });
  });

  describe('booking', () => {
    it('books a visit and records it; the day’s visits and the person’s show it', async () => {
      const { personId, visitors } = await withVisitors(2);
      const res = await book(visit(personId, visitors, 3, '15:00', '16:30'));
      expect(res.statusCode, res.body).toBe(201);
      const { visitId } = res.json();
      expect(res.json()).toEqual({ visitId: expect.any(String), sessionId: null });
      const ev = await lastEvent();
      expect(ev).toMatchObject({ kind: 'visit.booked', person_id: personId, facility_code: 'VIS' });
      expect(ev.payload).toMatchObject({ visitId, visitorIds: visitors, kind: 'family', sessionId: null });
      const day = (await api.call('GET', `${P}/facilities/VIS/visits?date=2031-01-03`)).json();
      expect(day.date).toBe('2031-01-03');
      expect(day.visits).toEqual([
        {
          visitId,
          personId,
          names: expect.stringContaining('Juan Pablo'),
          cell: expect.stringMatching(/^VIS-/),
          kind: 'family',
          startsAt: '2031-01-03T18:00:00.000Z',
          endsAt: '2031-01-03T19:30:00.000Z',
          status: 'booked',
          reason: null,
          sessionId: null,
          visitors: visitors.map((v) => ({
            visitorId: v,
            names: expect.stringContaining('Carmen'),
            relationship: 'madre',
          })),
        },
      ]);
      const mine = (await api.call('GET', `${P}/people/${personId}/visits`)).json();
      expect(mine.visits).toMatchObject([{ visitId, status: 'booked', facility: 'VIS' }]);
      const log = await api.store.db
        .selectFrom('access_log')
        .select(['action', 'person_id', 'people'])
        .where('username', '=', 'root')
        .orderBy('id', 'desc')
        .limit(2)
        .execute();
      expect(log).toEqual([
        { action: 'person.read', person_id: personId, people: null },
        { action: 'person.read', person_id: null, people: [personId] },
      ]);
    });

    it('names each bad field (400): ends before it starts, a visitor twice, longer than a day, no visitors', async () => {
      const { personId, visitors } = await withVisitors(1);
      const before = await refused(400, () => book(visit(personId, visitors, 4, '11:00', '10:00')));
      expect(before.violations).toMatchObject([{ rule: 'visit-ends-before-start', subject: 'endsAt' }]);
      const twice = await refused(400, () => book(visit(personId, [visitors[0]!, visitors[0]!], 4)));
      expect(twice.violations).toMatchObject([{ rule: 'duplicate-visitor', subject: 'visitorIds[1]' }]);
      const long = await refused(400, () => book({ ...visit(personId, visitors, 4), endsAt: t(5, '10:01') }));
      expect(long.violations).toMatchObject([{ rule: 'visit-too-long', subject: 'endsAt' }]);
      const shape = await refused(400, () =>
        book({ personId, visitorIds: [], kind: 'picnic', startsAt: 'tomorrow', endsAt: t(4, '10:00') }),
      );
      const fields = JSON.stringify(shape.violations);
      for (const f of ['visitorIds', 'kind', 'startsAt']) expect(fields).toContain(f);
    });

    it('refuses an unknown visitor (404) and a person not held (404 unknown, 409 released)', async () => {
      const { personId, visitors } = await withVisitors(1);
      const unknown = await refused(404, () => book(visit(personId, [visitors[0]!, 'nobody'], 5)));
      expect(unknown.violations).toMatchObject([{ rule: 'unknown-visitor', subject: 'visitorIds[1]' }]);
      const nobody = await refused(404, () => book(visit('no-such-person', visitors, 5)));
      expect(nobody.violations[0]?.rule).toBe('unknown-person');
      const released = await api.call('POST', `${P}/releases`, {
        body: {
          personId,
          reason: 'Libertad',
          legalBasis: {
            kind: 'release-order',
            reference: 'RIT-10-2026',
            issuedBy: 'Juzgado',
            issuedAt: new Date().toISOString(),
          },
        },
      });
      expect(released.statusCode, released.body).toBe(200);
      const gone = await refused(409, () => book(visit(personId, visitors, 5)));
      expect(gone.violations).toMatchObject([{ rule: 'not-in-custody', subject: 'personId' }]);
    });
  });

  describe('outcomes', () => {
    it('records what became of a visit once; a legal visit keeps only the outcome and its reason', async () => {
      const { personId, visitors } = await withVisitors(1, 'legal');
      const booked = await book(visit(personId, visitors, 20, '10:00', '11:00', 'legal'));
      expect(booked.statusCode, booked.body).toBe(201);
      const { visitId } = booked.json();
      const res = await api.call('POST', `${P}/visits/${visitId}/outcome`, { body: { outcome: 'held' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ visitId, outcome: 'held' });
      const ev = await lastEvent();
      expect(ev).toMatchObject({ kind: 'visit.outcome-recorded', person_id: personId, facility_code: 'VIS' });
      expect(ev.payload).toEqual({ visitId, outcome: 'held', reason: null });
      const again = await refused(409, () =>
        api.call('POST', `${P}/visits/${visitId}/outcome`, { body: { outcome: 'refused', reason: 'x' } }),
      );
      expect(again.violations).toMatchObject([
        { rule: 'visit-outcome-recorded', subject: 'visitId', message: expect.stringContaining('(held)') },
      ]);
      const row = await api.store.db
        .selectFrom('visit')
        .selectAll()
        .where('id', '=', visitId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'held', reason: null, kind: 'legal' });
      const unknown = await refused(404, () =>
        api.call('POST', `${P}/visits/no-such-visit/outcome`, { body: { outcome: 'held' } }),
      );
      expect(unknown.violations[0]?.rule).toBe('unknown-visit');
    });

    it('a refused visit says why; another facility’s staff may not record it (403)', async () => {
      const { personId, visitors } = await withVisitors(1);
      const { visitId } = (await book(visit(personId, visitors, 21))).json();
      const governor = await api.user('otra-governor-outcome', ['governor'], ['OTRA']);
      await refused(403, () =>
        api.call('POST', `${P}/visits/${visitId}/outcome`, { token: governor, body: { outcome: 'held' } }),
      );
      const res = await api.call('POST', `${P}/visits/${visitId}/outcome`, {
        body: { outcome: 'refused', reason: 'La visitante se negó al registro' },
      });
      expect(res.statusCode).toBe(200);
      const day = (await api.call('GET', `${P}/facilities/VIS/visits?date=2031-01-21`)).json();
      expect(day.visits).toMatchObject([
        { visitId, status: 'refused', reason: 'La visitante se negó al registro' },
      ]);
    });
  });
});
