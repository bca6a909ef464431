import { Type } from 'typebox';
import { VISIT_KINDS, VISIT_OUTCOMES, VISITOR_KINDS } from '../../domain/daily-life/visits.js';
import { bilingual, Closed } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/**
 * The success answers of the visitor and visit routes (routes/visits.ts), as the store writes them
 * (store/visitors.ts, store/visits.ts, store/visit-lists.ts).
 */

const Id = Type.String();
const Day = Type.String({ format: 'date' });
const Instant = Type.String({ format: 'date-time' });
const VisitStatus = Enum(['booked', ...VISIT_OUTCOMES] as const);

/** A visitor as the registry holds them (store/visitors.ts visitorView). */
const visitorProps = {
  visitorId: Id,
  givenNames: Type.String(),
  familyNames: Type.String(),
  nationalId: Type.String(),
  dateOfBirth: Type.Union([Day, Type.Null()]),
};

export const Visitor = Closed(visitorProps, { $id: 'Visitor' });

export const VisitorRegistered = Closed(
  {
    visitorId: Id,
    existing: Type.Optional(
      Type.Literal(true, {
        description: bilingual(
          'present when the visitor was already on file',
          'presente cuando el visitante ya estaba registrado',
        ),
      }),
    ),
  },
  { $id: 'VisitorRegistered' },
);

export const VisitorSearch = Closed({ visitors: Type.Array(Visitor) }, { $id: 'VisitorSearch' });

export const VisitorBan = Closed(
  {
    banId: Id,
    facility: Type.Union([Type.String(), Type.Null()]),
    reason: Type.String(),
    from: Day,
    until: Day,
    lifted: Type.Boolean(),
    liftedReason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'VisitorBan' },
);

export const VisitorDetail = Closed(
  {
    ...visitorProps,
    bans: Type.Array(VisitorBan),
    enrolments: Type.Array(
      Closed({
        personId: Id,
        names: Type.String(),
        facility: Type.Union([Type.String(), Type.Null()]),
        relationship: Type.String(),
        kind: Enum(VISITOR_KINDS),
      }),
    ),
  },
  { $id: 'VisitorDetail' },
);

export const VisitorBanned = Closed(
  { banId: Id, visitorId: Id, facility: Type.String(), from: Day, until: Day },
  { $id: 'VisitorBanned' },
);

export const VisitorBanLifted = Closed(
  { banId: Id, visitorId: Id, lifted: Type.Literal(true) },
  { $id: 'VisitorBanLifted' },
);

export const VisitorEnrolment = Closed(
  { personId: Id, visitorId: Id, kind: Enum(VISITOR_KINDS), relationship: Type.String() },
  { $id: 'VisitorEnrolment' },
);

export const PersonVisitors = Closed(
  {
    visitors: Type.Array(
      Closed({
        visitorId: Id,
        names: Type.String(),
        nationalId: Type.String(),
        relationship: Type.String(),
        kind: Enum(VISITOR_KINDS),
        bannedUntil: Type.Union([Day, Type.Null()], {
          description: bilingual(
            'the last day of a ban in force at the person’s facility, if any',
            'el último día de una prohibición vigente en el recinto de la persona, si la hay',
          ),
        }),
      }),
    ),
  },
  { $id: 'PersonVisitors' },
);

export const VisitSessionCreated = Closed({ sessionId: Id }, { $id: 'VisitSessionCreated' });

export const VisitSessionDay = Closed(
  {
    date: Day,
    sessions: Type.Array(
      Closed(
        {
          sessionId: Id,
          startsAt: Instant,
          endsAt: Instant,
          capacity: Type.Integer(),
          kinds: Type.Array(Enum(VISIT_KINDS)),
          booked: Type.Integer({
            description: bilingual(
              'visits booked or held in the session',
              'visitas reservadas o realizadas en el horario',
            ),
          }),
        },
        { $id: 'VisitSession' },
      ),
    ),
  },
  { $id: 'VisitSessionDay' },
);

export const VisitBooked = Closed(
  {
    visitId: Id,
    sessionId: Type.Union([Id, Type.Null()], {
      description: bilingual(
        'the session that holds the visit, if any',
        'el horario de visita en que está la visita, si lo hay',
      ),
    }),
  },
  { $id: 'VisitBooked' },
);

export const VisitOutcomeRecorded = Closed(
  { visitId: Id, outcome: Enum(VISIT_OUTCOMES) },
  { $id: 'VisitOutcomeRecorded' },
);

/** A visitor of a visit, with their relationship to the person visited (null when not enrolled). */
const VisitVisitor = Closed(
  { visitorId: Id, names: Type.String(), relationship: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'VisitVisitor' },
);

/** What every list of visits tells of a visit. */
const visitProps = {
  visitId: Id,
  kind: Enum(VISIT_KINDS),
  startsAt: Instant,
  endsAt: Instant,
  status: VisitStatus,
  reason: Type.Union([Type.String(), Type.Null()]),
  sessionId: Type.Union([Id, Type.Null()]),
  visitors: Type.Array(VisitVisitor),
};

export const FacilityVisits = Closed(
  {
    date: Day,
    visits: Type.Array(
      Closed(
        {
          ...visitProps,
          personId: Id,
          names: Type.String(),
          cell: Type.Union([Type.String(), Type.Null()]),
        },
        { $id: 'FacilityVisit' },
      ),
    ),
  },
  { $id: 'FacilityVisits' },
);

export const PersonVisits = Closed(
  {
    personId: Id,
    visits: Type.Array(Closed({ ...visitProps, facility: Type.String() }, { $id: 'PersonVisit' })),
  },
  { $id: 'PersonVisits' },
);
