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
import { bodyLimitFor } from '../body-limit.js';
import type { WorkPool } from '../pool.js';
import { problemAnswers } from '../problem.js';

/** What a backtest is asked with: a shipped series or a CSV, and the options. */
const BacktestBody = Type.Object(
  {
    series: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'a shipped series id' })),
    csv: Type.Optional(Type.String({ maxLength: MAX_SERIES_BYTES, description: 'a series as CSV text' })),
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
        config: { policy: { roles: 'any' } },
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
        config: { policy: { roles: 'any' } },
        // a CSV of MAX_SERIES_BYTES characters, each escaped, and no more
        bodyLimit: bodyLimitFor(BacktestBody),
        schema: {
          tags: ['projection'],
          summary:
            'Backtest the projection on a monthly series (a shipped one by id, or CSV month,population[,admissions,releases,pretrial]): from each month from the 36th on, calibrate on the data up to it, forecast `horizon` months, compare with the figure then and with persistence and drift. Runs in a worker thread; 503 with Retry-After when too many are waiting',
          body: BacktestBody,
          response: {
            200: Type.Unknown({ description: 'the backtest (src/domain/projection/backtest.ts, Backtest)' }),
            ...problemAnswers(400, 503),
          },
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
