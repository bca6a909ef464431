import { Type } from 'typebox';
import { UNIT_KINDS } from '../../domain/facility/units.js';
import { Closed } from '../openapi/answer.js';
import { Enum } from '../schemas.js';

/**
 * The success answers of the open-air routes (routes/open-air.ts), as the store writes them
 * (store/open-air.ts).
 */

const Day = Type.String({ format: 'date' });
const Minutes = Type.Integer({ minimum: 0 });

const UnitTimeException = Closed(
  { personId: Type.String(), reason: Type.String() },
  { $id: 'UnitTimeException' },
);

export const UnitTimeRecorded = Closed(
  {
    recordId: Type.String(),
    unit: Type.String(),
    date: Day,
    minutes: Minutes,
    totalMinutes: Type.Integer({ description: 'the minutes of every record of the unit, kind and day' }),
    people: Type.Integer({ description: 'the people held in the unit some time that day' }),
    exceptions: Type.Array(UnitTimeException),
  },
  { $id: 'UnitTimeRecorded' },
);

export const UnitTimeDay = Closed(
  {
    facility: Type.String(),
    date: Day,
    minMinutes: Type.Integer({
      description: 'the daily open air the floor (Mandela Rules) requires, in minutes',
    }),
    units: Type.Array(
      Closed(
        {
          unit: Type.String(),
          kind: Enum([...UNIT_KINDS]),
          openAirMinutes: Minutes,
          outOfCellMinutes: Minutes,
          records: Type.Array(
            Closed({
              recordId: Type.String(),
              kind: Enum(['open-air', 'out-of-cell'] as const),
              minutes: Minutes,
              exceptions: Type.Array(UnitTimeException),
            }),
          ),
        },
        { $id: 'UnitTimeOfUnit' },
      ),
    ),
    short: Closed(
      {
        count: Type.Integer({ description: 'every person short, though at most 200 are listed' }),
        people: Type.Array(Closed({ personId: Type.String(), cell: Type.String(), minutes: Minutes })),
      },
      { description: 'the people held in a cell all day whose open air is under the minimum' },
    ),
  },
  { $id: 'UnitTimeDay' },
);
