import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAX_POPULATION, workLimits } from '../../domain/projection/limits.js';
import { checkScenario } from '../../domain/projection/scenario.js';
import { invalid, type Violation } from '../../domain/violation.js';
import type { Store } from '../../store/db.js';
import { baselineScenario, shippedScenarios } from '../../store/projection.js';
import { Projection, ProjectionScenario, ProjectionScenarios } from '../answers/projection.js';
import { visibleFacilities } from '../auth.js';
import { bilingual } from '../openapi/answer.js';
import type { WorkPool } from '../pool.js';
import { Enum } from '../schemas.js';

/** The most runs one request may ask for. */
export const MAX_RUNS = 200;

const Month = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: bilingual('YYYY-MM', 'un mes, YYYY-MM'),
});
const Probability = Type.Number({ minimum: 0, maximum: 1 });
const Count = Type.Integer({ minimum: 0, maximum: MAX_POPULATION });
const Label = Type.String({ minLength: 1, maxLength: 200 });

/** The scenario's shape; what it means (shares summing to 1, levers' fields…) is checkScenario's. */
const ScenarioBody = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    name: Type.Object({ es: Label, en: Label }),
    start: Month,
    months: Type.Integer({ minimum: 1, maximum: 600 }),
    initial: Type.Object({
      detained: Count,
      pretrial: Count,
      sentenced: Count,
      pretrialServed: Type.Optional(
        Type.Object({
          meanMonths: Type.Number({ exclusiveMinimum: 0 }),
          maxMonths: Type.Integer({ minimum: 1, maximum: 65535 }),
        }),
      ),
    }),
    capacity: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    admissionsPerMonth: Type.Union([
      Type.Number({ minimum: 0, maximum: 10_000_000 }),
      Type.Array(Type.Number({ minimum: 0, maximum: 10_000_000 }), { maxItems: 600 }),
    ]),
    transitions: Type.Object({
      detainedToPretrial: Probability,
      detainedToReleased: Probability,
      pretrialToSentenced: Probability,
      pretrialToReleased: Probability,
    }),
    pretrialLimitMonths: Type.Union([Type.Integer({ minimum: 0, maximum: 600 }), Type.Null()]),
    sentenceBands: Type.Array(
      Type.Object({
        label: Label,
        share: Probability,
        minMonths: Type.Integer({ minimum: 0, maximum: 1200 }),
        maxMonths: Type.Integer({ minimum: 0, maximum: 1200 }),
      }),
      { minItems: 1, maxItems: 50 },
    ),
    levers: Type.Array(
      Type.Object({
        kind: Enum(['arrest-surge', 'pretrial-limit', 'sentence-length', 'capacity'] as const),
        from: Month,
      }),
      { maxItems: 100 },
    ),
    runs: Type.Integer({ minimum: 1, maximum: MAX_RUNS }),
    seed: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
    sources: Type.Array(
      Type.Object({
        what: Type.String({ minLength: 1, maxLength: 1000 }),
        publisher: Type.String({ minLength: 1, maxLength: 500 }),
        url: Type.Optional(Type.String({ maxLength: 2000 })),
        date: Type.Optional(Type.String({ maxLength: 40 })),
      }),
      { maxItems: 100 },
    ),
    observed: Type.Optional(
      Type.Array(
        Type.Object({
          month: Month,
          population: Type.Integer({ minimum: 0 }),
          source: Type.String({ maxLength: 1000 }),
        }),
        { maxItems: 1200 },
      ),
    ),
  },
  {
    description: bilingual(
      'a population projection scenario (src/domain/projection/model.ts)',
      'un escenario de proyección de la población (src/domain/projection/model.ts)',
    ),
  },
);

const field = (field: string, problem: string): Violation => ({
  rule: 'invalid-field',
  subject: field,
  params: { field, problem },
});

/**
 * Population projections: the shipped scenarios, one calibrated from this register, and running a
 * scenario. Nothing is written; every signed-in role may use them (the answers hold no person).
 */
export const projectionRoutes =
  (store: Store, pool: WorkPool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/projections/scenarios',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Los escenarios que trae Custodia (data/scenarios): completos, con su id, nombre y fuentes',
          answer: {
            status: 200,
            en: 'The shipped scenarios that pass the scenario checks, whole, in file-name order.',
            es: 'Los escenarios incluidos que pasan las comprobaciones de escenario, completos, en el orden de sus archivos.',
            schema: ProjectionScenarios,
          },
        },
        schema: {
          tags: ['projection'],
          summary:
            'The scenarios shipped with Custodia (data/scenarios): whole, with their id, name and sources',
        },
      },
      async () => ({
        scenarios: shippedScenarios().flatMap((x) => {
          const r = checkScenario(x);
          return 'scenario' in r ? [r.scenario] : [];
        }),
      }),
    );

    app.get(
      '/projections/baseline',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Un escenario calibrado con el registro de esta instalación: la población actual, la capacidad, los ingresos y las tasas de egreso de los últimos 12 meses (?months=)',
          answer: {
            status: 200,
            en: 'A scenario (id `baseline`) calibrated from the register of the facilities the caller sees, ready to project.',
            es: 'Un escenario (id `baseline`) calibrado con el registro de los recintos que ve quien llama, listo para proyectar.',
            schema: ProjectionScenario,
          },
        },
        schema: {
          tags: ['projection'],
          summary:
            'A scenario calibrated from this installation’s register: the population now, capacity, admissions and release rates of the last 12 months (?months=)',
          querystring: Type.Object({ months: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })) }),
        },
      },
      async (req) => {
        const months = req.query.months === undefined ? undefined : Number(req.query.months);
        if (months !== undefined && (months < 1 || months > 600))
          throw invalid([field('months', 'a whole number of months from 1 to 600')]);
        // a user of some facilities sees only their numbers, not the whole system's
        const facilities = visibleFacilities(req);
        return baselineScenario(store.db, { ...(months === undefined ? {} : { months }), facilities });
      },
    );

    app.post(
      '/projections',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Proyectar un escenario: la población mes a mes (mediana e intervalo del 5 al 95 % de las corridas), cuándo supera la capacidad y las plazas que faltan. Corre en un hilo de trabajo; 503 con Retry-After cuando hay demasiados esperando',
          answer: {
            status: 200,
            en: 'The projection: the population month by month over the runs, the month it first exceeds capacity, and the places needed.',
            es: 'La proyección: la población mes a mes sobre las corridas, el primer mes en que supera la capacidad y las plazas que faltan.',
            schema: Projection,
          },
        },
        schema: {
          tags: ['projection'],
          summary:
            'Project a scenario: the population month by month (median and 5–95 % interval over the runs), when it exceeds capacity and the places needed. Runs in a worker thread; 503 with Retry-After when too many are waiting',
          body: ScenarioBody,
        },
      },
      async (req) => {
        const r = checkScenario(req.body);
        if ('violations' in r) throw invalid(r.violations.map((v) => field(v.field, v.problem)));
        // the same limits as `custodia project` (src/domain/projection/limits.ts)
        const limits = workLimits(r.scenario);
        if (limits.length) throw invalid(limits.map((v) => field(v.field, v.problem)));
        // seconds of CPU: in a worker thread, so that every other request is served meanwhile
        // (503 with Retry-After when the pool's queue is full)
        return pool.run('project', r.scenario);
      },
    );
  };
