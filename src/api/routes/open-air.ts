import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import {
  MAX_EXCEPTIONS,
  MAX_MINUTES,
  MAX_REASON,
  type UnitTimeKind,
} from '../../domain/daily-life/open-air.js';
import { FLOOR } from '../../domain/safeguards/profiles/index.js';
import { logAccess } from '../../store/access-log.js';
import type { Store } from '../../store/db.js';
import { recordUnitTime, unitTimeDay } from '../../store/open-air.js';
import { UnitTimeDay, UnitTimeRecorded } from '../answers/open-air.js';
import { assertFacility, signedIn } from '../auth.js';
import { bilingual } from '../openapi/answer.js';

/** Who records a unit's open air and time out of cell: officers and the governor. */
const WRITERS = ['officer', 'governor'] as const;

const Code = Type.Object({ code: Type.String() });
const UnitTimeBody = Type.Object(
  {
    unit: Type.String({
      minLength: 1,
      maxLength: 64,
      description: bilingual('a block, landing or cell code', 'el código de un módulo, galería o celda'),
    }),
    date: Type.String({
      format: 'date',
      description: bilingual(
        'the day given, YYYY-MM-DD in the facility’s zone',
        'el día en que se dio, YYYY-MM-DD en la zona horaria del recinto',
      ),
    }),
    minutes: Type.Integer({ minimum: 0, maximum: MAX_MINUTES }),
    exceptions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            personId: Type.String({ minLength: 1, maxLength: 64 }),
            reason: Type.String({ minLength: 1, maxLength: MAX_REASON }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_EXCEPTIONS,
          description: bilingual(
            'people of the unit who did not get it, and why',
            'las personas de la unidad que no lo recibieron, y por qué',
          ),
        },
      ),
    ),
  },
  { additionalProperties: false },
);
const DayQuery = Type.Object({ date: Type.String({ format: 'date' }) });

/** Open air and time out of cell, as given (docs/daily-life.md). */
export const openAirRoutes =
  (store: Store): FastifyPluginAsyncTypebox =>
  async (app) => {
    const record = (path: string, kind: UnitTimeKind, summary: string, summaryEs: string) =>
      app.post(
        path,
        {
          config: {
            policy: { roles: [...WRITERS] },
            summaryEs,
            answer: {
              status: 201,
              en: 'The record: the unit, day and minutes given, the unit’s total for the day, the people held in it and the exceptions.',
              es: 'El registro: la unidad, el día y los minutos dados, el total de la unidad ese día, las personas alojadas en ella y las excepciones.',
              schema: UnitTimeRecorded,
            },
          },
          schema: { tags: ['daily-life'], summary, params: Code, body: UnitTimeBody },
        },
        async (req, reply) => {
          const body = req.body as Static<typeof UnitTimeBody>;
          const r = await recordUnitTime(store.db, req.params.code, kind, body, signedIn(req).username, {
            authorize: (f) => assertFacility(req, f),
          });
          const { seq: _seq, ...answer } = r;
          return reply.code(201).send(answer);
        },
      );
    record(
      '/facilities/:code/open-air',
      'open-air',
      'Record the open air a unit (block, landing or cell) was given on a day; records of a unit and day add up',
      'Registrar el aire libre dado a una unidad (módulo, galería o celda) un día; los registros de una unidad y día se suman',
    );
    record(
      '/facilities/:code/time-out-of-cell',
      'out-of-cell',
      'Record the time out of cell a unit was given on a day (open air counts too); records add up',
      'Registrar el tiempo fuera de celda dado a una unidad un día (el aire libre también cuenta); los registros se suman',
    );

    app.get(
      '/facilities/:code/open-air',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'El aire libre y el tiempo fuera de celda de un día por unidad, y las personas alojadas todo el día cuyo aire libre suma menos que el mínimo del piso internacional (Reglas Mandela)',
          answer: {
            status: 200,
            en: 'The day per unit (every block, and each landing or cell with records) with its records and totals, and the people held all day whose open air is under the minimum.',
            es: 'El día por unidad (cada módulo, y cada galería o celda con registros) con sus registros y totales, y las personas alojadas todo el día cuyo aire libre queda por debajo del mínimo.',
            schema: UnitTimeDay,
          },
        },
        schema: {
          tags: ['daily-life'],
          summary:
            'A day’s open air and time out of cell per unit, and the people held all day whose open air adds up to under the floor’s minimum',
          params: Code,
          querystring: DayQuery,
        },
      },
      async (req) => {
        assertFacility(req, req.params.code);
        const day = await unitTimeDay(
          store.db,
          req.params.code,
          req.query.date,
          FLOOR.regime?.openAir?.minMinutes ?? 60,
        );
        const named = [
          ...new Set([
            ...day.short.people.map((p) => p.personId),
            ...day.units.flatMap((u) => u.records.flatMap((r) => r.exceptions.map((e) => e.personId))),
          ]),
        ];
        // the answer names people: the read is logged with them, one row
        await logAccess(store.db, signedIn(req), [
          {
            action: 'unit.read',
            people: named,
            facility: req.params.code,
            detail: { what: 'open-air', date: req.query.date },
          },
        ]);
        return day;
      },
    );
  };
