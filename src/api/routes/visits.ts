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
import {
  FacilityVisits,
  PersonVisitors,
  PersonVisits,
  VisitBooked,
  VisitOutcomeRecorded,
  VisitorBanLifted,
  VisitorBanned,
  VisitorDetail,
  VisitorEnrolment,
  VisitorRegistered,
  VisitorSearch,
  VisitSessionCreated,
  VisitSessionDay,
} from '../answers/visits.js';
import { assertFacility, personHolder, signedIn, visibleFacilities } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/** Who registers visitors, enrols them and books visits: records, officers and the governor. */
const WRITERS = ['records', 'officer', 'governor'] as const;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Code = Type.String({ minLength: 1, maxLength: 64 });
const Names = Type.String({ minLength: 1, maxLength: 200 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Day = Type.String({
  format: 'date',
  description: bilingual('a calendar date, YYYY-MM-DD', 'una fecha de calendario, YYYY-MM-DD'),
});
const Instant = Type.String({
  format: 'date-time',
  description: bilingual('RFC 3339 time with offset', 'hora RFC 3339 con su desfase'),
});
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
  kind: Enum(
    VISITOR_KINDS,
    bilingual(
      'family, legal (a lawyer or legal adviser) or other',
      'family (familiar), legal (abogado/a o asesor/a legal) o other (otro)',
    ),
  ),
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
  kind: Enum(
    VISIT_KINDS,
    bilingual(
      'family, legal (never refused for a sanction: Mandela rule 61) or intimate',
      'family (familiar), legal (abogado/a; nunca se niega por una sanción: Reglas Mandela, regla 61) o intimate (íntima)',
    ),
  ),
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
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Registrar a un visitante (registro nacional); el mismo documento con los mismos nombres responde la ficha existente (existing: true)',
          answer: {
            status: 201,
            en: 'The visitor’s identifier; existing: true when they were already on file.',
            es: 'El identificador del visitante; existing: true cuando ya constaba.',
            schema: VisitorRegistered,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Buscar visitantes por documento de identidad (exacto) o palabras de sus nombres (como mucho 50)',
          answer: {
            status: 200,
            en: 'The visitors found, at most 50.',
            es: 'Los visitantes encontrados, como mucho 50.',
            schema: VisitorSearch,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Un visitante, sus prohibiciones y a quién puede visitar (de las personas que quien llama puede ver)',
          answer: {
            status: 200,
            en: 'The visitor, every ban (in force or past) and their enrolments to people the caller may see.',
            es: 'El visitante, todas sus prohibiciones (vigentes o pasadas) y sus inscripciones para personas que quien llama puede ver.',
            schema: VisitorDetail,
          },
        },
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
        config: {
          policy: { roles: ['governor'] },
          summaryEs:
            'Prohibir a un visitante la entrada a un establecimiento desde `from` (por omisión hoy) hasta `until`, ambos incluidos',
          answer: {
            status: 201,
            en: 'The ban recorded: its identifier, facility and first and last day.',
            es: 'La prohibición registrada: su identificador, establecimiento y primer y último día.',
            schema: VisitorBanned,
          },
        },
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
        config: {
          policy: { roles: ['governor'] },
          summaryEs:
            'Levantar una prohibición antes de su fin, con el motivo (409 visitor-ban-lifted si ya lo estaba)',
          answer: {
            status: 200,
            en: 'The ban, now lifted.',
            es: 'La prohibición, ya levantada.',
            schema: VisitorBanLifted,
          },
        },
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
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Inscribir a un visitante para visitar a una persona custodiada (409 not-in-custody); una inscripción posterior del mismo par la reemplaza',
          answer: {
            status: 201,
            en: 'The enrolment recorded: the person, the visitor, the kind of visitor and the relationship.',
            es: 'La inscripción registrada: la persona, el visitante, el tipo de visitante y el parentesco o relación.',
            schema: VisitorEnrolment,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Los visitantes inscritos para una persona, con el fin de cualquier prohibición vigente',
          answer: {
            status: 200,
            en: 'The person’s enrolled visitors, with the last day of any ban in force.',
            es: 'Los visitantes inscritos de la persona, con el último día de cualquier prohibición vigente.',
            schema: PersonVisitors,
          },
        },
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
        config: {
          policy: { roles: ['governor'] },
          summaryEs:
            'Ofrecer una sesión de visitas en un establecimiento: su horario, cuántas visitas admite y de qué tipos',
          answer: {
            status: 201,
            en: 'The identifier of the session created.',
            es: 'El identificador de la sesión creada.',
            schema: VisitSessionCreated,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Las sesiones de visitas de un día del establecimiento (por omisión hoy, en su zona), con las visitas reservadas',
          answer: {
            status: 200,
            en: 'The day and its visit sessions by start time, each with the visits booked or held in it.',
            es: 'El día y sus sesiones de visitas por hora de inicio, cada una con las visitas reservadas o celebradas en ella.',
            schema: VisitSessionDay,
          },
        },
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
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Reservar una visita; 409 con cada regla que la rechaza (visitor-not-enrolled, visitor-banned, visits-restricted, visit-session-full, non-association, …)',
          answer: {
            status: 201,
            en: 'The visit booked and the session that holds it (null outside sessions).',
            es: 'La visita reservada y la sesión que la acoge (null fuera de sesiones).',
            schema: VisitBooked,
          },
        },
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
        config: {
          policy: { roles: [...WRITERS] },
          summaryEs:
            'Registrar qué fue de una visita reservada (celebrada, cancelada, no presentada, denegada) y por qué; de las visitas de abogado no se anota su contenido',
          answer: {
            status: 200,
            en: 'The visit and the outcome recorded.',
            es: 'La visita y el resultado registrado.',
            schema: VisitOutcomeRecorded,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Las visitas de un día del establecimiento (por omisión hoy, en su zona), por hora de inicio',
          answer: {
            status: 200,
            en: 'The day and its visits by start time, each with the person visited, their cell and the visitors.',
            es: 'El día y sus visitas por hora de inicio, cada una con la persona visitada, su celda y los visitantes.',
            schema: FacilityVisits,
          },
        },
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
        config: {
          policy: { roles: 'any' },
          summaryEs: 'Las visitas de una persona, las más recientes primero (como mucho 200)',
          answer: {
            status: 200,
            en: 'The person’s visits, newest first (at most 200), each with its visitors.',
            es: 'Las visitas de la persona, las más recientes primero (como mucho 200), cada una con sus visitantes.',
            schema: PersonVisits,
          },
        },
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
