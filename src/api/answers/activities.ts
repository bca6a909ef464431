import { Type } from 'typebox';
import { ACTIVITY_KINDS } from '../../domain/daily-life/activities.js';
import { bilingual, Closed } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/** The answers of the activity routes (src/api/routes/activities.ts), as src/store/activities.ts writes them. */

const Instant = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Count = Type.Integer({ minimum: 0 });

/** POST /activities */
export const ActivityCreated = Closed(
  { facility: Type.String(), code: Type.String() },
  {
    $id: 'ActivityCreated',
    description: bilingual(
      'the new activity: its facility and code',
      'la nueva actividad: su recinto y su código',
    ),
  },
);

/** GET /facilities/{code}/activities */
export const FacilityActivities = Closed(
  {
    facility: Type.String(),
    activities: Type.Array(
      Closed(
        {
          code: Type.String(),
          name: Type.String(),
          kind: Enum(ACTIVITY_KINDS),
          places: Type.Integer(),
          allocated: Count,
          waiting: Count,
        },
        { $id: 'ActivitySummary' },
      ),
      { description: bilingual('by code', 'por código') },
    ),
    held: Type.Integer({
      minimum: 0,
      description: bilingual('people held in the facility now', 'personas recluidas ahora en el recinto'),
    }),
    withActivity: Type.Integer({
      minimum: 0,
      description: bilingual(
        'of them, those allocated to an activity',
        'de ellas, las asignadas a una actividad',
      ),
    }),
    share: Type.Number({
      minimum: 0,
      maximum: 1,
      description: bilingual(
        'withActivity / held, 4 decimals; 0 with nobody held',
        'withActivity / held, con 4 decimales; 0 si no hay nadie recluido',
      ),
    }),
  },
  { $id: 'FacilityActivities' },
);

/** GET /facilities/{code}/activities/{activity} */
export const ActivityDetail = Closed(
  {
    facility: Type.String(),
    code: Type.String(),
    name: Type.String(),
    kind: Enum(ACTIVITY_KINDS),
    places: Type.Integer(),
    allocated: Count,
    waiting: Count,
    allocations: Type.Array(
      Closed({
        allocationId: Type.String(),
        personId: Type.String(),
        names: Type.String(),
        cell: Type.Union([Type.String(), Type.Null()]),
        startedAt: Instant,
      }),
      {
        description: bilingual(
          'the people allocated now, oldest allocation first',
          'las personas asignadas ahora, la asignación más antigua primero',
        ),
      },
    ),
    waitingList: Type.Array(
      Closed({
        entryId: Type.String(),
        position: Type.Integer({ minimum: 1 }),
        personId: Type.String(),
        names: Type.String(),
        addedAt: Instant,
      }),
      { description: bilingual('in order', 'en orden') },
    ),
    attendance: Type.Array(Closed({ date: Day, present: Count, absent: Count }), {
      description: bilingual(
        'the days of the last 14 with attendance recorded, oldest first',
        'los días de los últimos 14 con asistencia registrada, el más antiguo primero',
      ),
    }),
  },
  { $id: 'ActivityDetail' },
);

/** POST /activity-allocations */
export const ActivityAllocated = Closed({ allocationId: Type.String() }, { $id: 'ActivityAllocated' });

/** POST /activity-allocations/{allocationId}/end */
export const ActivityAllocationEnded = Closed(
  { allocationId: Type.String(), endedAt: Instant, reason: Type.String() },
  { $id: 'ActivityAllocationEnded' },
);

/** POST /facilities/{code}/activities/{activity}/waiting-list */
export const ActivityWaitlisted = Closed(
  {
    entryId: Type.String(),
    position: Type.Integer({ minimum: 1, description: bilingual('from 1', 'desde 1') }),
  },
  { $id: 'ActivityWaitlisted' },
);

/** POST /facilities/{code}/activities/{activity}/attendance */
export const ActivityAttendanceRecorded = Closed(
  {
    date: Day,
    present: Count,
    absent: Count,
    replaced: Type.Integer({
      minimum: 0,
      description: bilingual(
        'people whose attendance that day was recorded before',
        'personas cuya asistencia de ese día ya estaba registrada',
      ),
    }),
  },
  { $id: 'ActivityAttendanceRecorded' },
);
