import { Type } from 'typebox';
import { Closed } from '../openapi/answer.js';
import { Nullable } from '../schema-kit.js';

/**
 * The success answers of the projection routes (routes/projection.ts, routes/backtest.ts): scenarios
 * as domain/projection/model.ts types them, and the series of store/projection.ts.
 */

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
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
      description: 'a number, or one per month from `start`',
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
    csv: Type.String({ description: 'the CSV text: month,population[,admissions,releases,pretrial]' }),
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
    scenario: Type.String({ description: 'the scenario’s id' }),
    seed: Type.Integer(),
    runs: Type.Integer(),
    months: Type.Array(
      Closed({
        month: Month,
        population: Closed(Band, { description: 'median over the runs, and the 5th and 95th percentiles' }),
        detained: Type.Number(),
        pretrial: Type.Number(),
        sentenced: Type.Number(),
        admitted: Type.Number(),
        released: Type.Number(),
        capacity: Type.Number(),
        occupancy: Nullable(
          Type.Number({ description: 'median population / capacity; null: people and no places' }),
        ),
        pretrialShare: Type.Number({ description: 'detained and pretrial, as a share of the median' }),
      }),
    ),
    exceedsCapacityIn: Nullable(Month),
    placesNeeded: Type.Number({ description: 'places to add to stay at or under 100 % every month' }),
    personMonths: Type.Number({ description: 'person-months simulated over all runs' }),
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
      description: 'the series as read',
    }),
    origins: Type.Array(
      Closed({
        origin: Month,
        target: Month,
        lead: Type.Integer({ description: 'months from the origin to the target' }),
        observed: Type.Number(),
        forecast: Closed(Band),
        persistence: Type.Number(),
        drift: Type.Number(),
        error: Type.Number({ description: '(forecast − observed) / observed, of the median' }),
        persistenceError: Type.Number(),
        driftError: Type.Number(),
        covered: Type.Boolean({ description: 'the figure was inside the 5-95 % interval' }),
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
          mape: Type.Number({ description: 'mean absolute percentage error of the median (percent)' }),
          persistence: Type.Number(),
          drift: Type.Number(),
          within2: Type.Integer({ description: 'origins whose forecast was within 2 % of the figure' }),
          coverage: Type.Number({ description: 'share (percent) of origins inside the interval' }),
        },
        { description: 'null when no origin could be evaluated' },
      ),
    ),
  },
  { $id: 'Backtest' },
);
