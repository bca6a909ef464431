import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { P, t, visitWorld } from '../helpers/visits.js';

/** The rules a visit booking is refused by (docs/daily-life.md): each refusal records nothing. */
describe('booking visits: refusals', () => {
  const w = visitWorld();
  const { register, enrol, withVisitors, book, visit, session, refused } = w;
  let api: Api;
  beforeAll(() => {
    api = w.api;
  });
  /** A person's or a visitor's name, as refusals give it. */
  const nameOf = async (table: 'person' | 'visitor', id: string) => {
    const r = await api.store.db
      .selectFrom(table)
      .select(['given_names', 'family_names'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return `${r.given_names} ${r.family_names}`;
  };

  describe('booking', () => {
    it('refuses visitors not enrolled, a relative on a legal visit and a lawyer on a family visit, all at once', async () => {
      const { personId, visitors } = await withVisitors(1);
      const lawyer = await register();
      await enrol(personId, lawyer, 'legal', 'abogada defensora');
      const stranger = await register();
      const res = await refused(409, () => book(visit(personId, [visitors[0]!, stranger, lawyer], 6)));
      expect(res.violations).toMatchObject([
        {
          rule: 'visitor-not-enrolled',
          subject: 'visitorIds[1]',
          message: expect.stringContaining(await nameOf('visitor', stranger)),
        },
        { rule: 'visitor-legal-only', subject: 'visitorIds[2]' },
      ]);
      const legal = await refused(409, () =>
        book(visit(personId, [lawyer, visitors[0]!], 6, '10:00', '11:00', 'legal')),
      );
      expect(legal.violations).toMatchObject([{ rule: 'visitor-not-legal', subject: 'visitorIds[1]' }]);
      const words = await api.call('POST', `${P}/visits`, {
        body: visit(personId, [stranger], 6),
        lang: 'es',
      });
      expect(words.json().violations[0]?.message).toMatch(/no está autorizado para visitar/);
    });

    it('refuses a banned visitor, for a lawyer too (a ban is on the visitor); the ban’s days and facility only', async () => {
      const { personId, visitors } = await withVisitors(1);
      const lawyer = await register();
      await enrol(personId, lawyer, 'legal', 'abogado');
      for (const v of [visitors[0]!, lawyer]) {
        const res = await api.call('POST', `${P}/visitors/${v}/bans`, {
          body: {
            facility: 'VIS',
            reason: 'Ingreso de objetos prohibidos',
            from: '2031-01-07',
            until: '2031-01-08',
          },
        });
        expect(res.statusCode).toBe(201);
      }
      const family = await refused(409, () => book(visit(personId, visitors, 8)));
      expect(family.violations).toMatchObject([
        {
          rule: 'visitor-banned',
          subject: 'visitorIds[0]',
          message: expect.stringContaining('until 2031-01-08'),
        },
      ]);
      const legal = await refused(409, () => book(visit(personId, [lawyer], 7, '10:00', '11:00', 'legal')));
      expect(legal.violations).toMatchObject([{ rule: 'visitor-banned', subject: 'visitorIds[0]' }]);
      // the day after the ban ends
      expect((await book(visit(personId, visitors, 9))).statusCode).toBe(201);
    });

    it('refuses more visitors than the national entitlement (Chile: 5) and a second visit at the same time', async () => {
      const { personId, visitors } = await withVisitors(6);
      const many = await refused(409, () => book(visit(personId, visitors, 10)));
      expect(many.violations).toMatchObject([
        {
          rule: 'too-many-visitors',
          subject: 'visitorIds',
          message: expect.stringContaining('at most 5 visitors'),
        },
      ]);
      const first = await book(visit(personId, visitors.slice(0, 5), 10, '10:00', '11:00'));
      expect(first.statusCode, first.body).toBe(201);
      const overlap = await refused(409, () =>
        book(visit(personId, visitors.slice(0, 1), 10, '10:30', '12:00')),
      );
      expect(overlap.violations).toMatchObject([
        {
          rule: 'visit-overlap',
          subject: 'startsAt',
          // on the facility's clock
          message: expect.stringContaining('(2031-01-10 10:00 – 2031-01-10 11:00)'),
        },
      ]);
      // right after it: no overlap
      expect((await book(visit(personId, visitors.slice(0, 1), 10, '11:00', '12:00'))).statusCode).toBe(201);
    });

    it('books into a session of its kind until it is full, refuses outside sessions, and a legal visit is not held to them', async () => {
      const sessionId = await session(12, '09:00', '12:00', 2);
      const legalOnly = await session(12, '14:00', '15:00', 1, ['legal']);
      const sessions = (await api.call('GET', `${P}/facilities/VIS/visit-sessions?date=2031-01-12`)).json();
      expect(sessions.sessions).toEqual([
        {
          sessionId,
          startsAt: '2031-01-12T12:00:00.000Z',
          endsAt: '2031-01-12T15:00:00.000Z',
          capacity: 2,
          kinds: ['family'],
          booked: 0,
        },
        {
          sessionId: legalOnly,
          startsAt: '2031-01-12T17:00:00.000Z',
          endsAt: '2031-01-12T18:00:00.000Z',
          capacity: 1,
          kinds: ['legal'],
          booked: 0,
        },
      ]);
      const a = await withVisitors(1);
      const b = await withVisitors(1);
      const c = await withVisitors(1);
      const ra = await book(visit(a.personId, a.visitors, 12, '09:30', '10:30'));
      expect(ra.json()).toEqual({ visitId: expect.any(String), sessionId });
      expect((await book(visit(b.personId, b.visitors, 12, '11:00', '12:00'))).json().sessionId).toBe(
        sessionId,
      );
      const full = await refused(409, () => book(visit(c.personId, c.visitors, 12, '10:00', '11:00')));
      expect(full.violations).toMatchObject([
        { rule: 'visit-session-full', subject: 'startsAt', message: expect.stringContaining('all 2 places') },
      ]);
      const outside = await refused(409, () => book(visit(c.personId, c.visitors, 12, '16:00', '17:00')));
      expect(outside.violations).toMatchObject([{ rule: 'outside-visit-session', subject: 'startsAt' }]);
      expect(
        (await api.call('GET', `${P}/facilities/VIS/visit-sessions?date=2031-01-12`)).json().sessions[0]
          .booked,
      ).toBe(2);

      // a legal visit where the family visit was refused: outside sessions, or in a full one
      const lawyer = await register();
      await enrol(c.personId, lawyer, 'legal', 'abogado');
      const legal = await book(visit(c.personId, [lawyer], 12, '16:00', '17:00', 'legal'));
      expect(legal.statusCode, legal.body).toBe(201);
      expect(legal.json().sessionId).toBeNull();
      const inSession = await book(visit(c.personId, [lawyer], 12, '14:00', '14:45', 'legal'));
      expect(inSession.json().sessionId).toBe(legalOnly);

      // a cancelled visit frees its place
      const cancel = await api.call('POST', `${P}/visits/${ra.json().visitId}/outcome`, {
        body: { outcome: 'cancelled', reason: 'La visitante avisó que no vendría' },
      });
      expect(cancel.statusCode).toBe(200);
      expect((await book(visit(c.personId, c.visitors, 12, '10:00', '11:00'))).json().sessionId).toBe(
        sessionId,
      );
    });

    it('never books two people kept apart into one session; another session, or a legal visit, is fine', async () => {
      const morning = await session(14, '09:00', '12:00', 20);
      const afternoon = await session(14, '15:00', '18:00', 20);
      const a = await withVisitors(1);
      const b = await withVisitors(1);
      const na = await api.call('POST', `${P}/non-associations`, {
        body: { personA: a.personId, personB: b.personId, scope: 'cell', reason: 'threat' },
      });
      expect(na.statusCode, na.body).toBe(201);
      expect((await book(visit(a.personId, a.visitors, 14, '09:00', '10:00'))).json().sessionId).toBe(
        morning,
      );
      const apart = await refused(409, () => book(visit(b.personId, b.visitors, 14, '11:00', '12:00')));
      expect(apart.violations).toMatchObject([{ rule: 'non-association', subject: 'personId' }]);
      expect(apart.violations[0]?.message).toBe(
        `${await nameOf('person', b.personId)} cannot have a visit at 2031-01-14 11:00–12:00: a non-association with ${await nameOf('person', a.personId)}, who has a visit then, forbids it.`,
      );
      const other = await book(visit(b.personId, b.visitors, 14, '15:00', '16:00'));
      expect(other.json().sessionId).toBe(afternoon);
      // a legal visit is held apart, in confidence: not checked
      const lawyer = await register();
      await enrol(b.personId, lawyer, 'legal', 'abogado');
      expect((await book(visit(b.personId, [lawyer], 14, '10:00', '10:30', 'legal'))).statusCode).toBe(201);
      // without sessions that day: the same time at the facility is the same room
      const c = await withVisitors(1);
      const d = await withVisitors(1);
      await api.call('POST', `${P}/non-associations`, {
        body: { personA: c.personId, personB: d.personId, scope: 'block', reason: 'violence' },
      });
      expect((await book(visit(c.personId, c.visitors, 15, '10:00', '11:00'))).statusCode).toBe(201);
      const same = await refused(409, () => book(visit(d.personId, d.visitors, 15, '10:30', '11:30')));
      expect(same.violations[0]).toMatchObject({
        rule: 'non-association',
        message: expect.stringContaining(await nameOf('person', c.personId)),
      });
      expect((await book(visit(d.personId, d.visitors, 15, '11:00', '12:00'))).statusCode).toBe(201);
    });

    it('keeps members of rival groups of facility scope apart, not of a smaller scope', async () => {
      for (const [code, rivals] of [
        ['VIS-G1', []],
        ['VIS-G2', ['VIS-G1']],
      ] as const) {
        const g = await api.call('POST', `${P}/groups`, {
          body: { code, name: code, rivals, scope: 'cell' },
        });
        expect(g.statusCode, g.body).toBe(201);
      }
      const a = await withVisitors(1, 'family', { groups: ['VIS-G1'] });
      const b = await withVisitors(1, 'family', { groups: ['VIS-G2'] });
      const morning = await session(16, '09:00', '12:00', 20);
      expect((await book(visit(a.personId, a.visitors, 16, '09:00', '10:00'))).json().sessionId).toBe(
        morning,
      );
      // a rivalry of cell scope is about housing only
      expect((await book(visit(b.personId, b.visitors, 16, '10:00', '11:00'))).statusCode).toBe(201);
      // widened to the whole facility after both were housed (the projection row, as a widening leaves it)
      await api.store.db
        .updateTable('group_rivalry')
        .set({ scope: 'facility' })
        .where('b', 'in', ['VIS-G1', 'VIS-G2'])
        .execute();
      const res = await refused(409, () => book(visit(b.personId, b.visitors, 16, '11:00', '12:00')));
      expect(res.violations).toMatchObject([{ rule: 'non-association', subject: 'personId' }]);
      expect(res.violations[0]?.message).toBe(
        `${await nameOf('person', b.personId)} (VIS-G2) cannot have a visit at 2031-01-16 11:00–12:00: ${await nameOf('person', a.personId)}, of rival group VIS-G1, has a visit then.`,
      );
    });

    it('refuses a governor of another facility (403) and an inspector (403), recording nothing', async () => {
      const { personId, visitors } = await withVisitors(1);
      const governor = await api.user('otra-governor-visit', ['governor'], ['OTRA']);
      await refused(403, () => book(visit(personId, visitors, 18), governor));
      const inspector = await api.user('inspector-visit', ['inspector'], ['*']);
      await refused(403, () => book(visit(personId, visitors, 18), inspector));
      await refused(403, () =>
        api.call('POST', `${P}/facilities/VIS/visit-sessions`, {
          token: governor,
          body: { startsAt: t(18, '09:00'), endsAt: t(18, '10:00'), capacity: 5 },
        }),
      );
      expect(
        (await api.call('GET', `${P}/facilities/VIS/visits?date=2031-01-18`, { token: governor })).statusCode,
      ).toBe(403);
      expect((await api.call('GET', `${P}/people/${personId}/visits`, { token: governor })).statusCode).toBe(
        403,
      );
      const mine = await api.user('vis-records-visit', ['records'], ['VIS']);
      expect((await book(visit(personId, visitors, 18), mine)).statusCode).toBe(201);
    });

    it('refuses a session that ends before it starts (400)', async () => {
      const bad = await refused(400, () =>
        api.call('POST', `${P}/facilities/VIS/visit-sessions`, {
          body: { startsAt: t(19, '12:00'), endsAt: t(19, '09:00'), capacity: 5 },
        }),
      );
      expect(bad.violations).toMatchObject([{ rule: 'visit-session-ends-before-start', subject: 'endsAt' }]);
      const shape = await refused(400, () =>
        api.call('POST', `${P}/facilities/VIS/visit-sessions`, {
          body: {
            startsAt: t(19, '09:00'),
            endsAt: t(19, '12:00'),
            capacity: 0,
            kinds: ['family', 'family'],
          },
        }),
      );
      expect(JSON.stringify(shape.violations)).toContain('capacity');
    });
  });
});
