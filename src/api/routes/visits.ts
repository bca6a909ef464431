import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VISIT_KINDS, VISIT_OUTCOMES, VISITOR_KINDS } from '../../domain/daily-life/visits.js';
import { dateIn } from '../../domain/time.js';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { facilityRow } from '../../store/facilities.js';
import { facilityVisits, personVisits } from '../../store/visit-lists.js';
import {
  banVisitor,
  enrolVisitor,
  liftBan,
  personVisitors,
  registerVisitor,
  searchVisitors,
  visitorDetail,
} from '../../store/visitors.js';
import { bookVisit, createSession, recordOutcome, sessionsOn } from '../../store/visits.js';
import { assertFacility, personHolder, signedIn, visibleFacilities } from '../auth.js';
import { Enum } from '../schemas.js';

/** Who registers visitors, enrols them and books visits: records, officers and the governor. */
const WRITERS = ['records', 'officer', 'governor'] as const;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Code = Type.String({ minLength: 1, maxLength: 64 });
const Names = Type.String({ minLength: 1, maxLength: 200 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Day = Type.String({ format: 'date', description: 'a calendar date, YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time', description: 'RFC 3339 time with offset' });
const DayQuery = Type.Object({ date: Type.Optional(Day) });

const VisitorBody = Type.Object({
  givenNames: Names,
  familyNames: Names,
  nationalId: Type.String({ minLength: 1, maxLength: 40 }),
  dateOfBirth: Type.Optional(Day),
});
const BanBody = Type.Object({ facility: Code, reason: Reason, until: Day, from: Type.Optional(Day) });
const EnrolBody = Type.Object({
  visitorId: Id,
  relationship: Names,
  kind: Enum(VISITOR_KINDS, 'family, legal (a lawyer or legal adviser) or other'),
});
const SessionBody = Type.Object({
  startsAt: Instant,
  endsAt: Instant,
  capacity: Type.Integer({ minimum: 1, maximum: 10000 }),
  kinds: Type.Optional(Type.Array(Enum(VISIT_KINDS), { minItems: 1, maxItems: 3, uniqueItems: true })),
});
const VisitBody = Type.Object({
  personId: Id,
  visitorIds: Type.Array(Id, { minItems: 1, maxItems: 10 }),
  kind: Enum(VISIT_KINDS, 'family, legal (never refused for a sanction: Mandela rule 61) or intimate'),
  startsAt: Instant,
  endsAt: Instant,
});
const OutcomeBody = Type.Object({ outcome: Enum(VISIT_OUTCOMES), reason: Type.Optional(Reason) });

/** Visitors and visits (docs/daily-life.md). */
export const visitRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    const by = (req: { headers: object }) => signedIn(req as never).username;
    const scope = (req: Parameters<typeof assertFacility>[0]) => ({
      authorize: (f: string) => assertFacility(req, f),
    });

    /**
     * The facility that answers for a person (person-scope), refusing a caller who may not see it:
     * 404 for a person not on file, 403 out of scope (which facility holds them is not said).
     */

    app.post(
      '/visitors',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['visits'],
          summary:
            'Register a visitor (national registry); the same document and names again answers the entry on file (existing: true)',
          body: VisitorBody,
        },
      },
      async (req, reply) => {
        const r = await registerVisitor(store.db, req.body, by(req));
        return reply.code(201).send(r.existing ? r : { visitorId: r.visitorId });
      },
    );

    app.get(
      '/visitors',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['visits'],
          summary: 'Find visitors by identity document (exact) or words of their names (at most 50)',
          querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) }),
        },
      },
      async (req) => ({ visitors: await searchVisitors(store.db, req.query.q) }),
    );

    app.get(
      '/visitors/:visitorId',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['visits'],
          summary:
            'A visitor, their bans and whom they are enrolled to visit (of the people the caller may see)',
          params: Type.Object({ visitorId: Id }),
        },
      },
      async (req) => {
        const v = await visitorDetail(store.db, req.params.visitorId, visibleFacilities(req));
        if (v.enrolments.length)
          await logAccess(store.db, signedIn(req), [
            {
              action: 'person.read',
              people: v.enrolments.map((e) => e.personId),
              detail: { view: 'visitor', visitorId: v.visitorId },
            },
          ]);
        return v;
      },
    );

    app.post(
      '/visitors/:visitorId/bans',
      {
        config: { policy: { roles: ['governor'] } },
        schema: {
          tags: ['visits'],
          summary: 'Ban a visitor from a facility from `from` (default today) until `until`, both included',
          params: Type.Object({ visitorId: Id }),
          body: BanBody,
        },
      },
      async (req, reply) => {
        const r = await banVisitor(store.db, req.params.visitorId, req.body, by(req), scope(req));
        return reply.code(201).send(r);
      },
    );

    app.post(
      '/visitors/:visitorId/bans/:banId/lift',
      {
        config: { policy: { roles: ['governor'] } },
        schema: {
          tags: ['visits'],
          summary: 'Lift a ban before its end, with the reason (409 visitor-ban-lifted when it already was)',
          params: Type.Object({ visitorId: Id, banId: Id }),
          body: Type.Object({ reason: Reason }),
        },
      },
      async (req) =>
        liftBan(store.db, req.params.visitorId, req.params.banId, req.body.reason, by(req), scope(req)),
    );

    app.post(
      '/people/:personId/visitors',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['visits'],
          summary:
            'Enrol a visitor to visit a person in custody (409 not-in-custody); a later enrolment of the pair replaces it',
          params: Type.Object({ personId: Id }),
          body: EnrolBody,
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await enrolVisitor(store.db, req.params.personId, req.body, by(req), scope(req))),
    );

    app.get(
      '/people/:personId/visitors',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['visits'],
          summary: 'The visitors enrolled for a person, with the end of any ban in force',
          params: Type.Object({ personId: Id }),
        },
      },
      async (req) => {
        const holder = await personHolder(store.db, req, req.params.personId);
        const tz = holder ? (await facilityRow(store.db, holder)).timezone : 'UTC';
        const visitors = await personVisitors(store.db, req.params.personId, holder, dateIn(new Date(), tz));
        await logAccess(store.db, signedIn(req), [
          {
            action: 'person.read',
            personId: req.params.personId,
            facility: holder,
            detail: { view: 'visitors' },
          },
        ]);
        return { visitors };
      },
    );

    app.post(
      '/facilities/:code/visit-sessions',
      {
        config: { policy: { roles: ['governor'] } },
        schema: {
          tags: ['visits'],
          summary:
            'Offer a visit session at a facility: its time, how many visits it takes, and of which kinds',
          params: Type.Object({ code: Code }),
          body: SessionBody,
        },
      },
      async (req, reply) => {
        assertFacility(req, req.params.code);
        return reply
          .code(201)
          .send(await createSession(store.db, req.params.code, req.body, by(req), scope(req)));
      },
    );

    app.get(
      '/facilities/:code/visit-sessions',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['visits'],
          summary:
            'The visit sessions of a facility’s day (default today, in its zone), with the visits booked',
          params: Type.Object({ code: Code }),
          querystring: DayQuery,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const f = await facilityRow(store.db, req.params.code);
        const date = req.query.date ?? dateIn(new Date(), f.timezone);
        return { date, sessions: await sessionsOn(store.db, f.code, date) };
      },
    );

    app.post(
      '/visits',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['visits'],
          summary:
            'Book a visit; 409 with every rule that refuses it (visitor-not-enrolled, visitor-banned, visits-restricted, visit-session-full, non-association, …)',
          body: VisitBody,
        },
      },
      async (req, reply) => reply.code(201).send(await bookVisit(store.db, req.body, by(req), scope(req))),
    );

    app.post(
      '/visits/:visitId/outcome',
      {
        config: { policy: { roles: [...WRITERS] } },
        schema: {
          tags: ['visits'],
          summary:
            'Record what became of a booked visit (held, cancelled, no-show, refused) and why; legal visits keep no notes of their content',
          params: Type.Object({ visitId: Id }),
          body: OutcomeBody,
        },
      },
      async (req) => recordOutcome(store.db, req.params.visitId, req.body, by(req), scope(req)),
    );

    app.get(
      '/facilities/:code/visits',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['visits'],
          summary: 'The visits of a facility’s day (default today, in its zone), by start time',
          params: Type.Object({ code: Code }),
          querystring: DayQuery,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const f = await facilityRow(store.db, req.params.code);
        const date = req.query.date ?? dateIn(new Date(), f.timezone);
        const visits = await facilityVisits(store.db, f.code, date);
        if (visits.length)
          await logAccess(store.db, signedIn(req), [
            {
              action: 'person.read',
              people: visits.map((v) => v.personId),
              facility: f.code,
              detail: { view: 'visits', date },
            },
          ]);
        return { date, visits };
      },
    );

    app.get(
      '/people/:personId/visits',
      {
        config: { policy: { roles: 'any' } },
        schema: {
          tags: ['visits'],
          summary: 'A person’s visits, newest first (at most 200)',
          params: Type.Object({ personId: Id }),
        },
      },
      async (req) => {
        const holder = await personHolder(store.db, req, req.params.personId);
        const visits = await personVisits(store.db, req.params.personId);
        await logAccess(store.db, signedIn(req), [
          {
            action: 'person.read',
            personId: req.params.personId,
            facility: holder,
            detail: { view: 'visits' },
          },
        ]);
        return { personId: req.params.personId, visits };
      },
    );
  };
