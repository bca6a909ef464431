import { Type } from 'typebox';
import { UNIT_KINDS } from '../../domain/facility/units.js';
import { bilingual, Closed } from '../openapi/answer.js';
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
    totalMinutes: Type.Integer({
      description: bilingual(
        'the minutes of every record of the unit, kind and day',
        'los minutos de todos los registros de esa unidad, ese tipo y ese día',
      ),
    }),
    people: Type.Integer({
      description: bilingual(
        'the people held in the unit some time that day',
        'las personas recluidas en la unidad en algún momento de ese día',
      ),
    }),
    exceptions: Type.Array(UnitTimeException),
  },
  { $id: 'UnitTimeRecorded' },
);

export const UnitTimeDay = Closed(
  {
    facility: Type.String(),
    date: Day,
    minMinutes: Type.Integer({
      description: bilingual(
        'the daily open air the floor (Mandela Rules) requires, in minutes',
        'el aire libre diario que exige el piso (Reglas Mandela), en minutos',
      ),
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
        count: Type.Integer({
          description: bilingual(
            'every person short, though at most 200 are listed',
            'todas las personas bajo el mínimo, aunque se listan 200 como máximo',
          ),
        }),
        people: Type.Array(Closed({ personId: Type.String(), cell: Type.String(), minutes: Minutes })),
      },
      {
        description: bilingual(
          'the people held in a cell all day whose open air is under the minimum',
          'las personas recluidas en una celda todo el día cuyo aire libre no alcanza el mínimo',
        ),
      },
    ),
  },
  { $id: 'UnitTimeDay' },
);
