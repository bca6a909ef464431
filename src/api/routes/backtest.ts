import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BACKTEST_DEFAULTS,
  backtestLimits,
  MAX_BACKTEST_RUNS,
  MAX_HORIZON,
} from '../../domain/projection/backtest.js';
import { MAX_SERIES_BYTES, readSeriesCsv } from '../../domain/projection/series.js';
import { invalid, notFound } from '../../domain/violation.js';
import { shippedSeries } from '../../store/projection.js';
import { Backtest, PopulationSeriesList } from '../answers/projection.js';
import { bodyLimitFor } from '../body-limit.js';
import { bilingual } from '../openapi/answer.js';
import type { WorkPool } from '../pool.js';

/** What a backtest is asked with: a shipped series or a CSV, and the options. */
const BacktestBody = Type.Object(
  {
    series: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: bilingual('a shipped series id', 'el id de una serie incluida en la aplicación'),
      }),
    ),
    csv: Type.Optional(
      Type.String({
        maxLength: MAX_SERIES_BYTES,
        description: bilingual('a series as CSV text', 'una serie como texto CSV'),
      }),
    ),
    horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_HORIZON })),
    runs: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BACKTEST_RUNS })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
  },
  { additionalProperties: false },
);

/**
 * The projection validated out of sample (issue 20; docs/projection.md#backtest): the series shipped
 * with Custodia, and a rolling-origin backtest of one of them or of a series sent as CSV. Nothing is
 * written; every signed-in role may use them (the answers hold no person).
 */
export const backtestRoutes =
  (pool: WorkPool): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/projections/series',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Las series de población que trae Custodia (data/series): id, nombre, editor, licencia y el texto CSV',
          answer: {
            status: 200,
            en: 'The shipped population series in their index order, each with its name, publisher and licence in both languages and its CSV text.',
            es: 'Las series de población incluidas en el orden de su índice, cada una con su nombre, editor y licencia en los dos idiomas y su texto CSV.',
            schema: PopulationSeriesList,
          },
        },
        schema: {
          tags: ['projection'],
          summary:
            'The population series shipped with Custodia (data/series): id, name, publisher, licence and the CSV text',
        },
      },
      async () => ({ series: shippedSeries() }),
    );

    app.post(
      '/projections/backtest',
      {
        config: {
          policy: { roles: 'any' },
          summaryEs:
            'Contrastar la proyección con una serie mensual (una incluida por id, o CSV month,population[,admissions,releases,pretrial]): desde cada mes a partir del 36.º, calibrar con los datos hasta él, pronosticar `horizon` meses y comparar con la cifra de entonces y con persistencia y deriva. Corre en un hilo de trabajo; 503 con Retry-After cuando hay demasiados esperando',
          answer: {
            status: 200,
            en: 'The backtest: the series as read, each origin’s forecast beside the figure then, persistence and drift, with its errors and interval, and their summary (mean absolute percentage errors, coverage).',
            es: 'El contraste: la serie tal como se leyó, el pronóstico de cada origen junto a la cifra de entonces, la persistencia y la deriva, con sus errores e intervalo, y su resumen (errores porcentuales absolutos medios, cobertura).',
            schema: Backtest,
          },
        },
        // a CSV of MAX_SERIES_BYTES characters, each escaped, and no more
        bodyLimit: bodyLimitFor(BacktestBody),
        schema: {
          tags: ['projection'],
          summary:
            'Backtest the projection on a monthly series (a shipped one by id, or CSV month,population[,admissions,releases,pretrial]): from each month from the 36th on, calibrate on the data up to it, forecast `horizon` months, compare with the figure then and with persistence and drift. Runs in a worker thread; 503 with Retry-After when too many are waiting',
          body: BacktestBody,
        },
      },
      async (req) => {
        const b = req.body;
        if ((b.series === undefined) === (b.csv === undefined)) throw invalid([{ rule: 'backtest-input' }]);
        let csv = b.csv;
        if (b.series !== undefined) {
          const all = shippedSeries();
          const found = all.find((s) => s.id === b.series);
          if (!found) throw notFound('unknown-series', { id: b.series, known: all.map((s) => s.id) });
          csv = found.csv;
        }
        const read = readSeriesCsv(csv ?? '');
        if ('violations' in read) throw invalid(read.violations);
        const options = {
          horizon: b.horizon ?? BACKTEST_DEFAULTS.horizon,
          runs: b.runs ?? BACKTEST_DEFAULTS.runs,
          seed: b.seed ?? BACKTEST_DEFAULTS.seed,
        };
        const limits = backtestLimits(read.rows, options);
        if (limits.length) throw invalid(limits);
        // seconds of CPU for a long series: in a worker thread, so every other request is served meanwhile
        return pool.run('backtest', { rows: read.rows, options });
      },
    );
  };
