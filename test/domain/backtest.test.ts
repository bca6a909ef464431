import { describe, expect, it } from 'vitest';
import { backtest, backtestLimits, origins, summaryLine } from '../../src/domain/projection/backtest.js';
import { calibrate, densify, seasonalFactors } from '../../src/domain/projection/calibrate.js';
import { Rng } from '../../src/domain/projection/random.js';
import { readSeriesCsv, type SeriesRow, seriesCsv } from '../../src/domain/projection/series.js';
import { addMonths } from '../../src/domain/projection/simulate.js';

const rowsOf = (csv: string): SeriesRow[] => {
  const r = readSeriesCsv(csv);
  if ('violations' in r) throw new Error(JSON.stringify(r.violations));
  return r.rows;
};

/**
 * A series that follows the model's own stock and flow: stock(t) = (stock(t−1) + a(t)) × (1 − 1/stay),
 * admissions `a` a month (with Poisson-like noise when `noise`), releases counted, a calendar pattern.
 */
function generated(o: {
  months: number;
  start: number;
  admissions: (t: number) => number;
  stay: number;
  seasonal?: number[];
  noise?: number;
  seed?: number;
}): SeriesRow[] {
  const rng = new Rng(o.seed ?? 1, 0);
  const r = 1 / o.stay;
  let stock = o.start;
  const out: SeriesRow[] = [];
  for (let t = 0; t < o.months; t++) {
    const gauss = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const a = Math.max(0, Math.round(o.admissions(t) * (1 + (o.noise ?? 0) * gauss)));
    const before = stock;
    stock = (stock + a) * (1 - r);
    const f = o.seasonal ? o.seasonal[t % 12]! : 1;
    out.push({
      month: addMonths('2010-01', t),
      population: Math.round(stock * f),
      admissions: a,
      releases: Math.round((before + a) * r),
    });
  }
  return out;
}

describe('reading a series (CSV)', () => {
  it('reads month,population with the optional columns, a BOM, CRLF and gaps', () => {
    const rows = rowsOf(
      '\uFEFFMonth, Population ,pretrial\r\n2020-01,100,40\r\n2020-03,110,\r\n\r\n2021-01,120,50\r\n',
    );
    expect(rows).toEqual([
      { month: '2020-01', population: 100, pretrial: 40 },
      { month: '2020-03', population: 110 },
      { month: '2021-01', population: 120, pretrial: 50 },
    ]);
    expect(rowsOf(seriesCsv(rows))).toEqual(rows);
  });

  it('names every violation with its line and column, and keeps nothing', () => {
    const rules = (csv: string) => {
      const r = readSeriesCsv(csv);
      return 'violations' in r ? r.violations.map((v) => [v.rule, v.subject, v.params?.line]) : r;
    };
    expect(rules('')).toEqual([
      ['series-column-missing', 'month', undefined],
      ['series-column-missing', 'population', undefined],
    ]);
    expect(rules('month,population\n')).toEqual([['series-empty', undefined, undefined]]);
    expect(rules('month,people\n2020-01,5\n')).toEqual([
      ['series-column-missing', 'population', undefined],
      ['series-column-unknown', 'people', undefined],
    ]);
    expect(rules('month,population\n2020-01,5,7\n')).toEqual([['series-fields', undefined, 2]]);
    expect(
      rules(
        'month,population,admissions,pretrial\n2020-1,5,,\n2020-02,,,\n2020-02,5,,\n2020-03,5.5,-1,\n2020-04,5,1,6\n',
      ),
    ).toEqual([
      ['series-month', 'month', 2],
      ['series-missing', 'population', 3],
      ['series-order', 'month', 4],
      ['series-count', 'population', 5],
      ['series-count', 'admissions', 5],
      ['series-pretrial', 'pretrial', 6],
    ]);
    const long = `month,population\n${Array.from({ length: 1201 }, (_, i) => `${addMonths('1900-01', i)},1`).join('\n')}`;
    expect(rules(long)).toEqual([['series-too-long', undefined, undefined]]);
    // releases beyond the people inside at the month's start plus its admissions
    expect(
      rules(
        'month,population,admissions,releases\n2020-01,100,10,5\n2020-02,100,10,111\n2020-04,100,10,111\n',
      ),
    ).toEqual([['series-releases', 'releases', 3]]);
    expect(rules(`month,population\n${'2020-01,1\n'.repeat(30_000)}`)).toEqual([
      ['series-too-large', undefined, undefined],
    ]);
  });
});

describe('calibration (data up to the origin only)', () => {
  it('counts the exit rate and admissions from the flows when they are given', () => {
    const rows = generated({ months: 60, start: 9000, admissions: () => 1000, stay: 10, noise: 0.05 });
    const d = densify(rows);
    const c = calibrate(d, 59, 12);
    expect(c.from).toBe('flows');
    expect(c.exitRate).toBeCloseTo(0.1, 2);
    expect(c.admissions.level).toBeGreaterThan(950);
    expect(c.admissions.level).toBeLessThan(1050);
    expect(c.releases).toBeGreaterThan(10_000);
  });

  it('from the stock alone, chooses the stay and window that would have forecast it best', () => {
    // far from its balance (10,000 at 1,000 a month for 10 months' stays): the stay shows in the curve
    const rows = generated({ months: 80, start: 2000, admissions: () => 1000, stay: 12 }).map(
      ({ month, population }) => ({ month, population }),
    );
    const c = calibrate(densify(rows), 79, 12);
    expect(c.from).toBe('stock');
    expect(c.choice).toMatchObject({ stay: 12, trend: false });
    expect(c.inSampleMape).toBeLessThan(0.002);
    expect(c.admissions.level).toBeCloseTo(1000, -1);
  });

  it('finds a calendar pattern and puts it back on the forecast', () => {
    const pattern = [0.98, 0.99, 1, 1.01, 1.01, 1.02, 1.02, 1.01, 1, 1, 0.99, 0.97];
    const rows = generated({
      months: 72,
      start: 50_000,
      admissions: () => 5000,
      stay: 10,
      seasonal: pattern,
    }).map(({ month, population }) => ({ month, population }));
    const f = seasonalFactors(densify(rows), 71)!;
    const mean = pattern.reduce((a, b) => a + b, 0) / 12;
    f.forEach((x, m) => {
      expect(x).toBeCloseTo(pattern[m]! / mean, 3);
    });
    // with two years only, too few ratios for each calendar month: no pattern
    expect(seasonalFactors(densify(rows.slice(0, 24)), 23)).toBeNull();
    // a calendar month of nobody gives no factor of 0 (the stock would be divided by it)
    const empty = rows.map((r, i) => (i % 12 === 0 ? { ...r, population: 0 } : r));
    expect(seasonalFactors(densify(empty), 71)).toBeNull();
  });

  it('sees nothing after its origin: changing every later figure changes no forecast from it', () => {
    const rows = generated({
      months: 70,
      start: 8000,
      admissions: (t) => 900 + 5 * t,
      stay: 9,
      noise: 0.1,
    }).map(({ month, population }) => ({ month, population }));
    const a = backtest(rows, { horizon: 12, runs: 20, seed: 4 });
    const origin = a.origins[5]!;
    const cut = rows.findIndex((r) => r.month === origin.origin);
    const changed = rows.map((r, i) => (i > cut ? { ...r, population: r.population * 2 } : r));
    const b = backtest(changed, { horizon: 12, runs: 20, seed: 4 });
    const same = b.origins.find((o) => o.origin === origin.origin)!;
    expect(same.forecast).toEqual(origin.forecast);
    expect(same.calibration).toEqual(origin.calibration);
    expect(same.observed).toBe(origin.observed * 2);
  });
});

describe('the rolling-origin backtest', () => {
  it('evaluates from the 36th month, 12 months ahead, beside persistence and drift', () => {
    const rows = generated({ months: 60, start: 3000, admissions: () => 1000, stay: 18, noise: 0.05 });
    const b = backtest(rows, { horizon: 12, runs: 30, seed: 1 });
    expect(b.origins.map((o) => o.origin)).toEqual(
      Array.from({ length: 13 }, (_, i) => addMonths('2012-12', i)),
    );
    for (const o of b.origins) {
      const y0 = rows.find((r) => r.month === o.origin)!.population;
      expect(o.persistence).toBe(y0);
      const T = rows.findIndex((r) => r.month === o.origin);
      expect(o.drift).toBe(Math.round(y0 + (12 * (y0 - rows[0]!.population)) / T));
      expect(o.lead).toBe(12);
      expect(o.forecast.p5).toBeLessThanOrEqual(o.forecast.p50);
      expect(o.forecast.p50).toBeLessThanOrEqual(o.forecast.p95);
      expect(o.error).toBeCloseTo((o.forecast.p50 - o.observed) / o.observed, 10);
      expect(o.covered).toBe(o.forecast.p5 <= o.observed && o.observed <= o.forecast.p95);
      expect(o.path).toHaveLength(12);
      expect(o.path[11]).toMatchObject({ month: o.target, p50: o.forecast.p50, observed: o.observed });
    }
    const s = b.summary!;
    const mape = (100 * b.origins.reduce((x, o) => x + Math.abs(o.error), 0)) / 13;
    expect(s.mape).toBeCloseTo(mape, 10);
    expect(s.within2).toBe(b.origins.filter((o) => Math.abs(o.error) <= 0.02).length);
    // a series the model itself generated, with flows, still rising to its balance: it beats carrying
    // the last figure forward
    expect(s.mape).toBeLessThan(s.persistence);
    // same series, options and seed: the same answer
    expect(backtest(rows, { horizon: 12, runs: 30, seed: 1 })).toEqual(b);
  });

  it('uses drift: the origin plus the mean monthly change since the first month', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      month: addMonths('2000-01', i),
      population: 1000 + 10 * i,
    }));
    const b = backtest(rows, { horizon: 6, runs: 5, seed: 1 });
    for (const o of b.origins) {
      expect(o.driftError).toBeCloseTo(0, 10);
      expect(o.persistenceError).toBeLessThan(0);
    }
    expect(b.summary!.drift).toBeCloseTo(0, 10);
  });

  it('in a series with gaps, compares with the last figure reported within the horizon', () => {
    const rows = rowsOf(
      'month,population\n2010-01,100\n2012-12,130\n2013-06,140\n2013-09,150\n2014-03,150\n2015-12,170\n2016-01,171\n',
    );
    const d = densify(rows);
    // 2012-12 (the 36th month): 2013-12 not reported, 2013-09 is the last within 12 months
    // 2013-06 → 2014-03; 2013-09 → 2014-03; 2014-03 → nothing within 12 months; 2015-12: the series
    // ends 1 month later, before its horizon
    expect(
      origins(d, 12).map(({ T, target }) => [addMonths('2010-01', T), addMonths('2010-01', target)]),
    ).toEqual([
      ['2012-12', '2013-09'],
      ['2013-06', '2014-03'],
      ['2013-09', '2014-03'],
    ]);
    const b = backtest(rows, { horizon: 12, runs: 10, seed: 1 });
    expect(b.origins.map((o) => o.lead)).toEqual([9, 9, 6]);
  });

  it('says why a series cannot be backtested', () => {
    const short = Array.from({ length: 47 }, (_, i) => ({ month: addMonths('2000-01', i), population: 100 }));
    expect(backtestLimits(short, { horizon: 12, runs: 10, seed: 1 }).map((v) => v.rule)).toEqual([
      'series-too-short',
    ]);
    expect(
      backtestLimits([...short, { month: '2003-12', population: 100 }], { horizon: 12, runs: 10, seed: 1 }),
    ).toEqual([]);
    const big = short.map((r, i) => ({ ...r, population: i === 3 ? 6_000_000 : 100 }));
    expect(backtestLimits(big, { horizon: 12, runs: 10, seed: 1 })).toEqual([
      expect.objectContaining({ rule: 'series-population', params: expect.objectContaining({ line: 5 }) }),
    ]);
    const zero = short.map((r, i) => ({ ...r, population: i === 7 ? 0 : 100 }));
    expect(backtestLimits(zero, { horizon: 12, runs: 10, seed: 1 })).toEqual([
      expect.objectContaining({ rule: 'series-zero', params: { line: 9 } }),
    ]);
    // a hundred years of months: every calibration scores its choices on ten years of forecasts
    const long = Array.from({ length: 1200 }, (_, i) => ({
      month: addMonths('1900-01', i),
      population: 100,
    }));
    expect(backtestLimits(long, { horizon: 12, runs: 40, seed: 1 }).map((v) => v.rule)).toEqual([
      'backtest-work',
    ]);
    expect(backtestLimits(long.slice(0, 300), { horizon: 36, runs: 200, seed: 1 })).toEqual([]);
    expect(backtest(short, { horizon: 12, runs: 5, seed: 1 }).summary).toBeNull();
  });

  it('prints the one line', () => {
    expect(
      summaryLine({ origins: 84, mape: 3.21, persistence: 2.96, drift: 3.18, within2: 28, coverage: 38.1 }),
    ).toBe(
      'MAPE 3.2 % · persistence 3.0 % · drift 3.2 % · within 2 %: 28 of 84 · 90 % interval coverage 38 %',
    );
  });
});
