import { Type } from 'typebox';
import { ACTIVITY_KINDS } from '../../domain/daily-life/activities.js';
import { Closed } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/** The answers of the activity routes (src/api/routes/activities.ts), as src/store/activities.ts writes them. */

const Instant = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Count = Type.Integer({ minimum: 0 });

/** POST /activities */
export const ActivityCreated = Closed(
  { facility: Type.String(), code: Type.String() },
  { $id: 'ActivityCreated', description: 'the new activity: its facility and code' },
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
      { description: 'by code' },
    ),
    held: Type.Integer({ minimum: 0, description: 'people held in the facility now' }),
    withActivity: Type.Integer({ minimum: 0, description: 'of them, those allocated to an activity' }),
    share: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'withActivity / held, 4 decimals; 0 with nobody held',
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
      { description: 'the people allocated now, oldest allocation first' },
    ),
    waitingList: Type.Array(
      Closed({
        entryId: Type.String(),
        position: Type.Integer({ minimum: 1 }),
        personId: Type.String(),
        names: Type.String(),
        addedAt: Instant,
      }),
      { description: 'in order' },
    ),
    attendance: Type.Array(Closed({ date: Day, present: Count, absent: Count }), {
      description: 'the days of the last 14 with attendance recorded, oldest first',
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
  { entryId: Type.String(), position: Type.Integer({ minimum: 1, description: 'from 1' }) },
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
      description: 'people whose attendance that day was recorded before',
    }),
  },
  { $id: 'ActivityAttendanceRecorded' },
);
