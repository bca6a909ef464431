/**
 * The projection validated out of sample (issue 20; docs/projection.md#backtest): a rolling-origin
 * evaluation. For each reported month from the 36th month of a series on (the origin), the model is
 * calibrated on the data up to the origin only (calibrate.ts), the engine projects `horizon` months,
 * and the forecast is compared with the figure reported `horizon` months later (or, in a series with
 * gaps, the last one reported within the horizon), beside two baselines anyone can compute:
 * persistence (the origin's figure carried forward) and drift (the origin's figure plus the average
 * monthly change since the first month, as many months ahead). Pure: no I/O.
 *
 * Each run of the engine draws its own parameters, so the interval holds parameter uncertainty: the
 * months behind the level (and trend) of admissions are resampled with replacement (a bootstrap), and
 * a counted exit rate varies by the Poisson error of the releases it was counted from. Each run also
 * carries the errors the same calibration made from one earlier origin, drawn at random and centred
 * on their median (what a model of this kind gets wrong over a horizon, besides its parameters). The
 * interval is the 5th to 95th percentile of the runs; how often it held the figure is measured.
 */

import type { Violation } from '../violation.js';
import {
  type Admissions,
  type Calibration,
  type Choice,
  calendarMonth,
  calibrate,
  type Dense,
  densify,
  fitLine,
  impliedAdmissions,
  MAX_PAST,
  MIN_PAST,
  meanPath,
  STAYS,
  WINDOWS,
} from './calibrate.js';
import type { Month, Scenario } from './model.js';
import { type Rng, runStream } from './random.js';
import type { SeriesRow } from './series.js';
import { addMonths, simulateRun } from './simulate.js';

/** The first origin is the 36th month of the series: three years to calibrate from. */
export const FIRST_ORIGIN = 36;
/** Months of data before the first earlier forecast whose errors may make an interval. */
const FIRST_SHADOW = 12;
export const BACKTEST_DEFAULTS = { horizon: 12, runs: 40, seed: 1 } as const;
export const MAX_HORIZON = 36;
export const MAX_BACKTEST_RUNS = 200;
/** The largest figure a backtested series may hold (as a scenario's starting population). */
export const MAX_BACKTEST_POPULATION = 5_000_000;
/**
 * The most work one backtest may ask for (workOf): each month of each earlier forecast a
 * calibration scores counts 1, each month of each run of the engine 10. Measured, a series of 300
 * months at 36 months ahead and 200 runs (38 million) takes some 6 s of one core; England and Wales
 * takes 2.4 million at the defaults and 6.2 million at 200 runs and 36 months ahead.
 */
export const MAX_BACKTEST_WORK = 40_000_000;

export interface BacktestOptions {
  horizon: number;
  runs: number;
  seed: number;
}

export interface Band {
  p5: number;
  p50: number;
  p95: number;
}

export interface BacktestOrigin {
  origin: Month;
  /** the month compared: origin + horizon, or the last reported month within the horizon */
  target: Month;
  /** months from the origin to the target */
  lead: number;
  observed: number;
  forecast: Band;
  persistence: number;
  drift: number;
  /** (forecast − observed) / observed, for the p50 and the two baselines */
  error: number;
  persistenceError: number;
  driftError: number;
  covered: boolean;
  calibration: {
    from: 'flows' | 'stock';
    stay: number;
    window: number;
    trend: boolean;
    /** admissions a month (seasonally adjusted) at the origin, and their change a month */
    admissions: number;
    admissionsTrend: number;
    seasonal: boolean;
    /** earlier forecasts the choice was made from, and their mean absolute error at the horizon */
    pastForecasts: number;
    inSampleMape: number | null;
    /**
     * what the interval's errors came from: the model's own forecasts from earlier months whose horizon
     * had passed by the origin (at least six), else the calibration's fit, else parameters only
     */
    intervalFrom: 'earlier-forecasts' | 'fit' | 'parameters';
    intervalErrors: number;
  };
  /** every month of the forecast, with the figure reported then (null when none) */
  path: { month: Month; p5: number; p50: number; p95: number; observed: number | null }[];
}

export interface BacktestSummary {
  origins: number;
  /** mean absolute percentage errors (percent) of the model (p50) and the baselines */
  mape: number;
  persistence: number;
  drift: number;
  /** origins whose forecast was within 2 % of the figure */
  within2: number;
  /** share (percent) of origins whose figure was inside the 5-95 % interval */
  coverage: number;
}

export interface Backtest {
  horizon: number;
  runs: number;
  seed: number;
  /** the series as read */
  observed: { month: Month; population: number }[];
  origins: BacktestOrigin[];
  /** null when no origin could be evaluated */
  summary: BacktestSummary | null;
}

/** Choices a calibration from the stock scores (calibrate.ts: stays × windows × trend or not). */
const CHOICES = STAYS.length * WINDOWS.length * 2;

/**
 * The work a backtest of a dense series with `count` origins would ask for (see MAX_BACKTEST_WORK):
 * a calibration at most at every month up to the last origin, each scoring every choice on at most
 * MAX_PAST earlier forecasts of H months, and the runs of every origin.
 */
function workOf(d: Dense, count: number, o: BacktestOptions): number {
  const H = o.horizon;
  const n = d.population.length;
  let w = 0;
  for (let t = FIRST_SHADOW; t + H < n; t++) w += CHOICES * Math.min(MAX_PAST, Math.max(0, t - H)) * H;
  return w + 10 * count * o.runs * H;
}

/** The origins of a dense series: reported months from FIRST_ORIGIN on with a reported target. */
export function origins(d: Dense, H: number): { T: number; target: number }[] {
  const out: { T: number; target: number }[] = [];
  const n = d.population.length;
  // only where the series goes on past the horizon: its last months are not a shorter horizon
  for (let T = FIRST_ORIGIN - 1; T + H < n; T++) {
    if (!d.observed[T]) continue;
    let target = -1;
    for (let h = H; h >= 1; h--)
      if (d.observed[T + h]) {
        target = T + h;
        break;
      }
    if (target > 0) out.push({ T, target });
  }
  return out;
}

/** Nearest-rank percentile of sorted values. */
const rank = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/** A standard normal draw (Box-Muller). */
const normal = (rng: Rng): number =>
  Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

/** Admissions resampled with replacement from the months behind them (the bootstrap of one run). */
function resample(a: Admissions, rng: Rng, trend: boolean): ReturnType<typeof fitLine> {
  const n = a.points.length;
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) pts.push(a.points[Math.floor(rng.next() * n)]!);
  return fitLine(pts, trend);
}

/**
 * The choice (stay, window, trend) made again on a resample, with replacement, of the earlier origins
 * it was scored on: the smallest mean absolute error at the horizon among the choices with at least
 * MIN_PAST of the resampled origins.
 */
function rechoose(c: Calibration, rng: Rng): Choice {
  const n = c.origins.length;
  const drawn = new Int32Array(n);
  for (let i = 0; i < n; i++) drawn[i] = Math.floor(rng.next() * n);
  let best = c.choice;
  let bestMean = Number.POSITIVE_INFINITY;
  for (const { choice, errors } of c.candidates) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const e = errors[drawn[i]!]!;
      if (!Number.isNaN(e)) {
        sum += e;
        count++;
      }
    }
    if (count >= MIN_PAST && sum / count < bestMean) {
      bestMean = sum / count;
      best = choice;
    }
  }
  return best;
}

/** The median of each horizon's earlier errors (NaN ignored; 0 when none). */
function medians(errors: readonly Float64Array[], H: number): Float64Array {
  const out = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    const xs = errors.map((e) => e[h]!).filter((x) => !Number.isNaN(x));
    if (!xs.length) continue;
    xs.sort((a, b) => a - b);
    out[h] = xs[Math.floor((xs.length - 1) / 2)]!;
  }
  return out;
}

/**
 * The forecast from a calibration: `runs` runs of the engine, each with its own parameters, over the
 * adjusted stock; the calendar factor of each month and one earlier error path put on each run.
 */
export function forecast(
  d: Dense,
  T: number,
  c: Calibration,
  H: number,
  o: { runs: number; seed: number; errors: readonly Float64Array[] },
): Band[] {
  const { runs, seed, errors } = o;
  const seasonal = c.seasonal;
  const med = medians(errors, H);
  const values = Array.from({ length: H }, () => new Float64Array(runs));
  const start = addMonths(d.start, T + 1);
  for (let j = 0; j < runs; j++) {
    const rng = runStream((seed ^ 0x5bd1e995) >>> 0, T * MAX_BACKTEST_RUNS + j);
    // from the stock alone, the run makes the choice again on a resample of the earlier origins
    const choice = c.candidates.length > 1 ? rechoose(c, rng) : c.choice;
    const line = resample(
      choice === c.choice ? c.admissions : impliedAdmissions(c.z, T, choice),
      rng,
      choice.trend,
    );
    let exitRate = choice === c.choice ? c.exitRate : 1 / choice.stay;
    if (c.releases !== null)
      exitRate = Math.min(1, Math.max(1e-6, exitRate * (1 + normal(rng) / Math.sqrt(c.releases))));
    const admissions: number[] = [];
    for (let h = 1; h <= H; h++) admissions.push(Math.max(0, line.mean + line.slope * (h - line.at)));
    if (!admissions.every(Number.isFinite) || !Number.isFinite(c.stock) || !(exitRate >= 0))
      throw new RangeError(`backtest at ${addMonths(d.start, T)}: a calibration that is not a number`);
    const scenario: Scenario = {
      id: 'backtest',
      name: { es: 'Contraste', en: 'Backtest' },
      start,
      months: H,
      // one stock with a monthly exit rate: everyone inside, and everyone admitted, leaves with the same
      // probability each month (a geometric stay, so the stock at the origin needs no months served):
      // in their first month as `detained`, from the next as `pretrial`
      initial: { detained: Math.max(0, Math.round(c.stock)), pretrial: 0, sentenced: 0 },
      capacity: 0,
      admissionsPerMonth: admissions,
      transitions: {
        detainedToPretrial: 1 - exitRate,
        detainedToReleased: exitRate,
        pretrialToSentenced: 0,
        pretrialToReleased: exitRate,
      },
      pretrialLimitMonths: null,
      sentenceBands: [{ label: '-', share: 1, minMonths: 1, maxMonths: 1 }],
      levers: [],
      runs,
      seed: (seed + T) >>> 0,
      sources: [],
    };
    const inside = simulateRun(scenario, j).inside;
    const past = errors.length ? errors[Math.floor(rng.next() * errors.length)]! : null;
    for (let h = 1; h <= H; h++) {
      const f = seasonal ? seasonal[calendarMonth(d, T + h)]! : 1;
      // an error of −100 % or less (a forecast of nobody) says nothing of the spread: the median instead
      const e = past && past[h - 1]! > -0.99 ? past[h - 1]! : med[h - 1]!;
      values[h - 1]![j] = (inside[h - 1]! * f * (1 + med[h - 1]!)) / (1 + e);
    }
  }
  return values.map((v) => {
    v.sort();
    return { p5: Math.round(rank(v, 5)), p50: Math.round(rank(v, 50)), p95: Math.round(rank(v, 95)) };
  });
}

/** The mean forecast of a calibration, 1..H months after its origin, with the calendar put back. */
export function meanForecast(d: Dense, T: number, c: Calibration, H: number): Float64Array {
  const path = meanPath(c.stock, c.exitRate, c.admissions, c.choice.trend, H);
  for (let h = 1; h <= H; h++) path[h - 1]! *= c.seasonal ? c.seasonal[calendarMonth(d, T + h)]! : 1;
  return path;
}

/** The rolling-origin backtest of a checked series. */
export function backtest(rows: readonly SeriesRow[], o: BacktestOptions): Backtest {
  const H = o.horizon;
  const d = densify(rows);
  const n = d.population.length;
  // the forecast the model would have made from every reported month (data up to it only) and its
  // errors: at an origin, those whose whole horizon had passed by then are the errors one could
  // have seen, and the interval is made from them (from the calibration's own fit when too few)
  const calibrations = new Map<number, Calibration>();
  const calibrationAt = (t: number): Calibration => {
    const known = calibrations.get(t);
    if (known) return known;
    const c = calibrate(d, t, H);
    calibrations.set(t, c);
    return c;
  };
  const shadows: { t: number; errors: Float64Array }[] = [];
  // only those an origin can use: an origin is at most n − 1 − H, and uses forecasts whose horizon
  // had passed by then
  for (let t = FIRST_SHADOW; t + 2 * H <= n - 1; t++) {
    if (!d.observed[t]) continue;
    const path = meanForecast(d, t, calibrationAt(t), H);
    const errors = new Float64Array(H).fill(Number.NaN);
    for (let h = 1; h <= H && t + h < n; h++)
      if (d.observed[t + h] && d.population[t + h]! > 0)
        errors[h - 1] = (path[h - 1]! - d.population[t + h]!) / d.population[t + h]!;
    shadows.push({ t, errors });
  }
  const out: BacktestOrigin[] = [];
  for (const { T, target } of origins(d, H)) {
    const c = calibrationAt(T);
    const lead = target - T;
    // the earlier errors that say something at this lead (a series with gaps has few)
    const atLead = (errors: Float64Array[]) => errors.filter((e) => !Number.isNaN(e[lead - 1]!));
    // the latest MAX_PAST of them, as for the choice (ten years of months)
    const seen = atLead(shadows.filter((x) => x.t + H <= T).map((x) => x.errors)).slice(-MAX_PAST);
    const fit = atLead(c.pastErrors);
    const outOfSample = seen.length >= MIN_PAST;
    const bands = forecast(d, T, c, H, { runs: o.runs, seed: o.seed, errors: outOfSample ? seen : fit });
    const y0 = d.population[T]!;
    const observed = d.population[target]!;
    const band = bands[lead - 1]!;
    const drift = y0 + (lead * (y0 - d.population[0]!)) / T;
    const rel = (x: number) => (x - observed) / observed;
    out.push({
      origin: addMonths(d.start, T),
      target: addMonths(d.start, target),
      lead,
      observed,
      forecast: band,
      persistence: y0,
      drift: Math.round(drift),
      error: rel(band.p50),
      persistenceError: rel(y0),
      driftError: rel(drift),
      covered: band.p5 <= observed && observed <= band.p95,
      calibration: {
        from: c.from,
        stay: Math.round(c.choice.stay * 10) / 10,
        window: c.choice.window,
        trend: c.choice.trend,
        admissions: Math.round(c.admissions.level),
        admissionsTrend: Math.round(c.admissions.slope * 10) / 10,
        seasonal: c.seasonal !== null,
        pastForecasts: c.pastErrors.length,
        inSampleMape: c.inSampleMape === null ? null : Math.round(c.inSampleMape * 10_000) / 100,
        intervalFrom: outOfSample ? 'earlier-forecasts' : fit.length ? 'fit' : 'parameters',
        intervalErrors: outOfSample ? seen.length : fit.length,
      },
      path: bands.map((b, i) => ({
        month: addMonths(d.start, T + i + 1),
        ...b,
        observed: T + i + 1 < n && d.observed[T + i + 1] ? d.population[T + i + 1]! : null,
      })),
    });
  }
  return {
    horizon: H,
    runs: o.runs,
    seed: o.seed,
    observed: rows.map((r) => ({ month: r.month, population: r.population })),
    origins: out,
    summary: summarize(out),
  };
}

export function summarize(os: readonly BacktestOrigin[]): BacktestSummary | null {
  if (!os.length) return null;
  const mape = (f: (x: BacktestOrigin) => number) =>
    (100 * os.reduce((s, x) => s + Math.abs(f(x)), 0)) / os.length;
  return {
    origins: os.length,
    mape: mape((x) => x.error),
    persistence: mape((x) => x.persistenceError),
    drift: mape((x) => x.driftError),
    within2: os.filter((x) => Math.abs(x.error) <= 0.02).length,
    coverage: (100 * os.filter((x) => x.covered).length) / os.length,
  };
}

const pct = (x: number) => `${x.toFixed(1)} %`;

/** The one line: `MAPE x.x % · persistence y.y % · drift z.z % · within 2 %: n of m · 90 % interval coverage c %`. */
export function summaryLine(s: BacktestSummary | null): string {
  if (!s)
    return 'no origin to evaluate: the series needs a reported month from its 36th month on with a reported month after it';
  return `MAPE ${pct(s.mape)} · persistence ${pct(s.persistence)} · drift ${pct(s.drift)} · within 2 %: ${s.within2} of ${s.origins} · 90 % interval coverage ${Math.round(s.coverage)} %`;
}

/**
 * Why a checked series cannot be backtested with these options (empty: it can): a figure too large
 * to simulate or of nobody, no origin to evaluate, or more work than one request or command may ask
 * for.
 */
export function backtestLimits(rows: readonly SeriesRow[], o: BacktestOptions): Violation[] {
  const big: Violation[] = [];
  rows.forEach((r, i) => {
    if (r.population > MAX_BACKTEST_POPULATION)
      big.push({
        rule: 'series-population',
        subject: 'population',
        params: { line: i + 2, population: r.population, limit: MAX_BACKTEST_POPULATION },
      });
    // errors are percentages of the figure: a month of nobody cannot be compared
    else if (r.population === 0)
      big.push({ rule: 'series-zero', subject: 'population', params: { line: i + 2 } });
  });
  if (big.length) return big.slice(0, 50);
  const d = densify(rows);
  const count = origins(d, o.horizon).length;
  if (!count)
    return [
      {
        rule: 'series-too-short',
        params: { first: FIRST_ORIGIN, horizon: o.horizon, months: d.population.length },
      },
    ];
  const work = workOf(d, count, o);
  if (work > MAX_BACKTEST_WORK)
    return [
      {
        rule: 'backtest-work',
        subject: 'runs',
        params: { work: Math.round(work), limit: MAX_BACKTEST_WORK },
      },
    ];
  return [];
}
