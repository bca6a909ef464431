import { Type } from 'typebox';
import { bilingual, Closed } from '../openapi/answer.js';
import { Nullable } from '../schema-kit.js';

/**
 * The success answers of the projection routes (routes/projection.ts, routes/backtest.ts): scenarios
 * as domain/projection/model.ts types them, and the series of store/projection.ts.
 */

const Month = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: bilingual('YYYY-MM', 'año y mes, YYYY-MM'),
});
const Words = Closed({ es: Type.String(), en: Type.String() });
const label = { label: Type.Optional(Type.String()) };

/** A policy lever in force for some months (model.ts Lever). */
const Lever = Type.Union([
  Closed({
    kind: Type.Literal('arrest-surge'),
    from: Month,
    months: Type.Integer(),
    factor: Type.Number(),
    ...label,
  }),
  Closed({ kind: Type.Literal('pretrial-limit'), from: Month, months: Type.Integer(), ...label }),
  Closed({ kind: Type.Literal('sentence-length'), from: Month, factor: Type.Number(), ...label }),
  Closed({ kind: Type.Literal('capacity'), from: Month, places: Type.Integer(), ...label }),
]);

/** A population projection scenario (domain/projection/model.ts Scenario), as POST /projections takes it. */
export const ProjectionScenario = Closed(
  {
    id: Type.String(),
    name: Words,
    start: Month,
    months: Type.Integer(),
    initial: Closed({
      detained: Type.Integer(),
      pretrial: Type.Integer(),
      sentenced: Type.Integer(),
      pretrialServed: Type.Optional(Closed({ meanMonths: Type.Number(), maxMonths: Type.Integer() })),
    }),
    capacity: Type.Integer(),
    admissionsPerMonth: Type.Union([Type.Number(), Type.Array(Type.Number())], {
      description: bilingual(
        'a number, or one per month from `start`',
        'un número, o uno por mes desde `start`',
      ),
    }),
    transitions: Closed({
      detainedToPretrial: Type.Number(),
      detainedToReleased: Type.Number(),
      pretrialToSentenced: Type.Number(),
      pretrialToReleased: Type.Number(),
    }),
    pretrialLimitMonths: Nullable(Type.Integer()),
    sentenceBands: Type.Array(
      Closed({
        label: Type.String(),
        share: Type.Number(),
        minMonths: Type.Integer(),
        maxMonths: Type.Integer(),
      }),
    ),
    levers: Type.Array(Lever),
    runs: Type.Integer(),
    seed: Type.Integer(),
    sources: Type.Array(
      Closed({
        what: Type.String(),
        publisher: Type.String(),
        url: Type.Optional(Type.String()),
        date: Type.Optional(Type.String()),
      }),
    ),
    observed: Type.Optional(
      Type.Array(Closed({ month: Month, population: Type.Integer(), source: Type.String() })),
    ),
  },
  { $id: 'ProjectionScenario' },
);

export const ProjectionScenarios = Closed(
  { scenarios: Type.Array(ProjectionScenario) },
  { $id: 'ProjectionScenarios' },
);

/** A population series shipped with Custodia (store/projection.ts ShippedSeries). */
export const PopulationSeries = Closed(
  {
    id: Type.String(),
    name: Words,
    publisher: Words,
    licence: Words,
    csv: Type.String({
      description: bilingual(
        'the CSV text: month,population[,admissions,releases,pretrial]',
        'el texto CSV: month,population[,admissions,releases,pretrial]',
      ),
    }),
  },
  { $id: 'PopulationSeries' },
);

export const PopulationSeriesList = Closed(
  { series: Type.Array(PopulationSeries) },
  { $id: 'PopulationSeriesList' },
);

/* The answers of POST /projections and POST /projections/backtest (domain/projection, run in the pool). */

const Band = { p5: Type.Number(), p50: Type.Number(), p95: Type.Number() };

/** A projection (domain/projection/model.ts Projection). */
export const Projection = Closed(
  {
    scenario: Type.String({ description: bilingual('the scenario’s id', 'el id del escenario') }),
    seed: Type.Integer(),
    runs: Type.Integer(),
    months: Type.Array(
      Closed({
        month: Month,
        population: Closed(Band, {
          description: bilingual(
            'median over the runs, and the 5th and 95th percentiles',
            'la mediana de las corridas, y los percentiles 5 y 95',
          ),
        }),
        detained: Type.Number(),
        pretrial: Type.Number(),
        sentenced: Type.Number(),
        admitted: Type.Number(),
        released: Type.Number(),
        capacity: Type.Number(),
        occupancy: Nullable(
          Type.Number({
            description: bilingual(
              'median population / capacity; null: people and no places',
              'población mediana / capacidad; null: hay personas y ninguna plaza',
            ),
          }),
        ),
        pretrialShare: Type.Number({
          description: bilingual(
            'detained and pretrial, as a share of the median',
            'detenidos y en prisión preventiva, como proporción de la mediana',
          ),
        }),
      }),
    ),
    exceedsCapacityIn: Nullable(Month),
    placesNeeded: Type.Number({
      description: bilingual(
        'places to add to stay at or under 100 % every month',
        'plazas que agregar para no superar el 100 % en ningún mes',
      ),
    }),
    personMonths: Type.Number({
      description: bilingual(
        'person-months simulated over all runs',
        'meses-persona simulados en todas las corridas',
      ),
    }),
  },
  { $id: 'Projection' },
);

/** A rolling-origin backtest (domain/projection/backtest.ts Backtest). */
export const Backtest = Closed(
  {
    horizon: Type.Integer(),
    runs: Type.Integer(),
    seed: Type.Integer(),
    observed: Type.Array(Closed({ month: Month, population: Type.Number() }), {
      description: bilingual('the series as read', 'la serie tal como se leyó'),
    }),
    origins: Type.Array(
      Closed({
        origin: Month,
        target: Month,
        lead: Type.Integer({
          description: bilingual(
            'months from the origin to the target',
            'meses desde el origen hasta el mes comparado',
          ),
        }),
        observed: Type.Number(),
        forecast: Closed(Band),
        persistence: Type.Number(),
        drift: Type.Number(),
        error: Type.Number({
          description: bilingual(
            '(forecast − observed) / observed, of the median',
            '(forecast − observed) / observed, de la mediana',
          ),
        }),
        persistenceError: Type.Number(),
        driftError: Type.Number(),
        covered: Type.Boolean({
          description: bilingual(
            'the figure was inside the 5-95 % interval',
            'la cifra quedó dentro del intervalo del 5-95 %',
          ),
        }),
        calibration: Closed({
          from: Type.Union([Type.Literal('flows'), Type.Literal('stock')]),
          stay: Type.Number(),
          window: Type.Integer(),
          trend: Type.Boolean(),
          admissions: Type.Number(),
          admissionsTrend: Type.Number(),
          seasonal: Type.Boolean(),
          pastForecasts: Type.Integer(),
          inSampleMape: Nullable(Type.Number()),
          intervalFrom: Type.Union([
            Type.Literal('earlier-forecasts'),
            Type.Literal('fit'),
            Type.Literal('parameters'),
          ]),
          intervalErrors: Type.Integer(),
        }),
        path: Type.Array(Closed({ month: Month, ...Band, observed: Nullable(Type.Number()) })),
      }),
    ),
    summary: Nullable(
      Closed(
        {
          origins: Type.Integer(),
          mape: Type.Number({
            description: bilingual(
              'mean absolute percentage error of the median (percent)',
              'error porcentual absoluto medio de la mediana (en porcentaje)',
            ),
          }),
          persistence: Type.Number(),
          drift: Type.Number(),
          within2: Type.Integer({
            description: bilingual(
              'origins whose forecast was within 2 % of the figure',
              'orígenes cuya proyección quedó a un 2 % o menos de la cifra',
            ),
          }),
          coverage: Type.Number({
            description: bilingual(
              'share (percent) of origins inside the interval',
              'proporción (en porcentaje) de orígenes dentro del intervalo',
            ),
          }),
        },
        {
          description: bilingual(
            'null when no origin could be evaluated',
            'null cuando no se pudo evaluar ningún origen',
          ),
        },
      ),
    ),
  },
  { $id: 'Backtest' },
);
