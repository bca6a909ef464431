import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ACTIVITY_KINDS, MAX_NAME, MAX_PLACES } from '../../domain/daily-life/activities.js';
import { logAccess } from '../../store/access-log.js';
import {
  activityDetail,
  allocateActivity,
  createActivity,
  endAllocation,
  joinWaitlist,
  listActivities,
  recordAttendance,
} from '../../store/activities.js';
import type { Store } from '../../store/db.js';
import {
  ActivityAllocated,
  ActivityAllocationEnded,
  ActivityAttendanceRecorded,
  ActivityCreated,
  ActivityDetail,
  ActivityWaitlisted,
  FacilityActivities,
} from '../answers/activities.js';
import { assertFacility, signedIn } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/** Who creates activities: the governor of the facility. */
const CREATORS = ['governor'] as const;
/** Who allocates, ends allocations, keeps waiting lists and records attendance. */
const KEEPERS = ['officer', 'governor', 'records'] as const;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const FacilityCode = Type.String({ minLength: 1, maxLength: 64 });
const ActivityCode = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[A-Za-z0-9._-]+$',
  description: bilingual(
    '1 to 40 characters among A-Z a-z 0-9 . _ -',
    'de 1 a 40 caracteres entre A-Z a-z 0-9 . _ -',
  ),
});
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Day = Type.String({
  format: 'date',
  description: bilingual('a calendar date, YYYY-MM-DD', 'una fecha de calendario, YYYY-MM-DD'),
});

const ActivityBody = Type.Object(
  {
    facility: FacilityCode,
    code: ActivityCode,
    name: Type.String({ minLength: 1, maxLength: MAX_NAME }),
    kind: Enum(ACTIVITY_KINDS),
    places: Type.Integer({ minimum: 1, maximum: MAX_PLACES }),
  },
  { additionalProperties: false },
);
const AllocationBody = Type.Object(
  { facility: FacilityCode, activity: ActivityCode, personId: Id },
  { additionalProperties: false },
);
const EndBody = Type.Object({ reason: Reason }, { additionalProperties: false });
const WaitlistBody = Type.Object({ personId: Id }, { additionalProperties: false });
const AttendanceBody = Type.Object(
  {
    date: Day,
    minutes: Type.Integer({ minimum: 0, maximum: 1440 }),
    present: Type.Array(Id, { maxItems: 10_000 }),
    absent: Type.Array(Type.Object({ personId: Id, reason: Reason }, { additionalProperties: false }), {
      maxItems: 10_000,
    }),
  },
  { additionalProperties: false },
);
const FacilityParams = Type.Object({ code: FacilityCode });
const ActivityParams = Type.Object({ code: FacilityCode, activity: ActivityCode });

/** Work, education and programmes: places, allocations, waiting lists, attendance (docs/daily-life.md). */
export const activityRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    const by = (req: { headers: object }) => signedIn(req as never).username;
    const scope = (req: Parameters<typeof assertFacility>[0]) => ({
      authorize: (f: string) => assertFacility(req, f),
    });

    app.post(
      '/activities',
      {
        config: {
          policy: { roles: [...CREATORS] },
          summaryEs: 'Crea una actividad (trabajo, educación, programa) con sus plazas (409 activity-exists)',
          answer: {
            status: 201,
            en: 'The activity created: its facility and code.',
            es: 'La actividad creada: su recinto y su código.',
            schema: ActivityCreated,
          },
        },
        schema: {
          tags: ['activities'],
          summary: 'Create an activity (work, education, programme) with its places (409 activity-exists)',
          body: ActivityBody,
        },
      },
      async (req, reply) =>
        reply.code(201).send(await createActivity(store.db, req.body, by(req), scope(req))),
    );

    app.get(
      '/facilities/:code/activities',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Las actividades de un recinto con las plazas asignadas y las personas en espera, y la proporción de personas recluidas que tienen una',
          answer: {
            status: 200,
            en: 'The facility’s activities by code, with places allocated and people waiting, and how many of the people held have an activity.',
            es: 'Las actividades del recinto por código, con las plazas asignadas y las personas en espera, y cuántas de las personas recluidas tienen una actividad.',
            schema: FacilityActivities,
          },
        },
        schema: {
          tags: ['activities'],
          summary:
            'A facility’s activities with places allocated and people waiting, and the share of people held who have one',
          params: FacilityParams,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        return listActivities(store.db, req.params.code);
      },
    );

    app.get(
      '/facilities/:code/activities/:activity',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Una actividad: quién está asignado ahora, la lista de espera en orden, la asistencia de los últimos 14 días',
          answer: {
            status: 200,
            en: 'The activity: the people allocated now, the waiting list in order, and attendance per day of the last 14 days.',
            es: 'La actividad: las personas asignadas ahora, la lista de espera en orden y la asistencia por día de los últimos 14 días.',
            schema: ActivityDetail,
          },
        },
        schema: {
          tags: ['activities'],
          summary:
            'An activity: who is allocated now, the waiting list in order, attendance of the last 14 days',
          params: ActivityParams,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const detail = await activityDetail(store.db, req.params.code, req.params.activity);
        // the answer names people: the read is logged with them, one row
        await logAccess(store.db, signedIn(req), [
          {
            action: 'unit.read',
            people: [
              ...new Set([
                ...detail.allocations.map((a) => a.personId),
                ...detail.waitingList.map((w) => w.personId),
              ]),
            ],
            facility: req.params.code,
            detail: { what: 'activity', activity: req.params.activity },
          },
        ]);
        return detail;
      },
    );

    app.post(
      '/activity-allocations',
      {
        config: {
          policy: { roles: [...KEEPERS] },
          summaryEs:
            'Asigna a una persona recluida aquí a una actividad (409 activity-full, non-association, already-allocated, not-in-facility)',
          answer: {
            status: 201,
            en: 'The allocation made: its id.',
            es: 'La asignación hecha: su identificador.',
            schema: ActivityAllocated,
          },
        },
        schema: {
          tags: ['activities'],
          summary:
            'Allocate a person held here to an activity (409 activity-full, non-association, already-allocated, not-in-facility)',
          body: AllocationBody,
        },
      },
      async (req, reply) =>
        reply.code(201).send(await allocateActivity(store.db, req.body, by(req), scope(req))),
    );

    app.post(
      '/activity-allocations/:allocationId/end',
      {
        config: {
          policy: { roles: [...KEEPERS] },
          summaryEs: 'Termina una asignación, con el motivo (409 allocation-ended)',
          answer: {
            status: 200,
            en: 'The allocation ended: its id, when it ended and why.',
            es: 'La asignación terminada: su identificador, cuándo terminó y por qué.',
            schema: ActivityAllocationEnded,
          },
        },
        schema: {
          tags: ['activities'],
          summary: 'End an allocation, with the reason (409 allocation-ended)',
          params: Type.Object({ allocationId: Id }),
          body: EndBody,
        },
      },
      async (req) => endAllocation(store.db, req.params.allocationId, req.body.reason, by(req), scope(req)),
    );

    app.post(
      '/facilities/:code/activities/:activity/waiting-list',
      {
        config: {
          policy: { roles: [...KEEPERS] },
          summaryEs:
            'Pone a una persona recluida aquí en la lista de espera de una actividad; responde su lugar en ella',
          answer: {
            status: 201,
            en: 'The waiting-list entry: its id and the person’s place in the list (from 1).',
            es: 'La entrada en la lista de espera: su identificador y el lugar de la persona en la lista (desde 1).',
            schema: ActivityWaitlisted,
          },
        },
        schema: {
          tags: ['activities'],
          summary: 'Put a person held here on an activity’s waiting list; answers their place in it',
          params: ActivityParams,
          body: WaitlistBody,
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(
            await joinWaitlist(
              store.db,
              req.params.code,
              req.params.activity,
              req.body.personId,
              by(req),
              scope(req),
            ),
          ),
    );

    app.post(
      '/facilities/:code/activities/:activity/attendance',
      {
        config: {
          policy: { roles: [...KEEPERS] },
          summaryEs:
            'Registra la asistencia de un día: quién vino (y cuántos minutos) y quién no, y por qué; sustituye lo registrado para las mismas personas',
          answer: {
            status: 201,
            en: 'The attendance recorded: the day, how many people came and did not, and how many had attendance recorded that day before.',
            es: 'La asistencia registrada: el día, cuántas personas vinieron y cuántas no, y cuántas tenían ya asistencia registrada ese día.',
            schema: ActivityAttendanceRecorded,
          },
        },
        schema: {
          tags: ['activities'],
          summary:
            'Record attendance on a day: who came (for minutes) and who did not, and why; replaces what was recorded for the same people',
          params: ActivityParams,
          body: AttendanceBody,
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(
            await recordAttendance(
              store.db,
              req.params.code,
              req.params.activity,
              req.body,
              by(req),
              scope(req),
            ),
          ),
    );
  };
