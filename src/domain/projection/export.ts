/** Projections and backtests as CSV. */
import type { Backtest } from './backtest.js';
import type { Projection } from './model.js';

export const PROJECTION_CSV_HEADER =
  'month,p5,p50,p95,detained,pretrial,sentenced,admitted,released,capacity,occupancy,pretrialShare';

const ratio = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');

/** A projection: one row a month (population percentiles, medians, capacity, ratios). */
export function projectionCsv(p: Projection): string {
  const rows = [PROJECTION_CSV_HEADER];
  for (const m of p.months) {
    rows.push(
      [
        m.month,
        m.population.p5,
        m.population.p50,
        m.population.p95,
        m.detained,
        m.pretrial,
        m.sentenced,
        m.admitted,
        m.released,
        m.capacity,
        ratio(m.occupancy),
        ratio(m.pretrialShare),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/** A backtest as CSV: one row per origin (`custodia project --backtest --format csv`, the page's download). */
export function backtestCsv(b: Backtest): string {
  const head =
    'origin,target,lead,observed,p5,p50,p95,error,persistence,persistence_error,drift,drift_error,covered,stay,window,trend,from';
  const rows = b.origins.map((o) =>
    [
      o.origin,
      o.target,
      o.lead,
      o.observed,
      o.forecast.p5,
      o.forecast.p50,
      o.forecast.p95,
      o.error.toFixed(5),
      o.persistence,
      o.persistenceError.toFixed(5),
      o.drift,
      o.driftError.toFixed(5),
      o.covered,
      o.calibration.stay,
      o.calibration.window,
      o.calibration.trend,
      o.calibration.from,
    ].join(','),
  );
  return `${[head, ...rows].join('\n')}\n`;
}
