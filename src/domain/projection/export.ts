/** A projection as CSV: one row a month (population percentiles, medians, capacity, ratios). */
import type { Projection } from './model.js';

export const PROJECTION_CSV_HEADER =
  'month,p5,p50,p95,detained,pretrial,sentenced,admitted,released,capacity,occupancy,pretrialShare';

const ratio = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');

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
