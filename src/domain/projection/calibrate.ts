/**
 * Calibrating the projection from a population series, with the data up to one month (the origin)
 * only (issue 20; docs/projection.md#backtest). Pure: no I/O.
 *
 * The model is the engine's own stock and flow reduced to what a series of totals can tell:
 *
 *     stock(t+1) = (stock(t) + admissions(t+1)) × (1 − exit rate)
 *
 * on the seasonally adjusted stock, with the calendar pattern put back on the result:
 *
 * - seasonality: a factor per calendar month, the mean ratio of each observed month to the centred
 *   12-month moving average around it (only where all 13 months are observed; none when any calendar
 *   month has fewer than two ratios), scaled to average 1;
 * - with flows (admissions and releases in each of the last 12 months): the exit rate is releases /
 *   (the stock at the start of each month + its admissions), the monthly rate whose mean stay is its
 *   inverse, and
 *   admissions are their mean over those 12 months; nothing is chosen;
 * - from the stock alone, admissions are not counted but implied: a(t) = stock(t) / (1 − exit rate) −
 *   stock(t−1). The mean stay (3, 6, 12, 24 or 48 months), the months averaged for the level of
 *   admissions (6, 12 or 24) and whether their trend is carried on are chosen by how well each choice
 *   would have forecast `horizon` months ahead from every earlier month of the same data (the
 *   smallest mean absolute percentage error; at least six such earlier forecasts, else the middle
 *   choice: 12, 12, no trend). No choice sees a month after the origin; nothing is set per series.
 *
 * Months between two reported figures (a series with gaps) are filled with a steady monthly change for
 * the calibration only; forecasts are compared with reported figures only.
 */
import type { Month } from './model.js';
import type { SeriesRow } from './series.js';
import { addMonths, monthNumber } from './simulate.js';

/** A series laid out month by month from its first month: interpolated where nothing was reported. */
export interface Dense {
  start: Month;
  /** the calendar month (0 = January) of index 0 */
  firstCalendarMonth: number;
  population: Float64Array;
  /** 1 where the population was reported */
  observed: Uint8Array;
  /** NaN where not reported */
  admissions: Float64Array;
  releases: Float64Array;
}

export function densify(rows: readonly SeriesRow[]): Dense {
  const start = rows[0]!.month;
  const n = monthNumber(rows[rows.length - 1]!.month) - monthNumber(start) + 1;
  const d: Dense = {
    start,
    firstCalendarMonth: monthNumber(start) % 12,
    population: new Float64Array(n),
    observed: new Uint8Array(n),
    admissions: new Float64Array(n).fill(Number.NaN),
    releases: new Float64Array(n).fill(Number.NaN),
  };
  let prev = -1;
  for (const r of rows) {
    const i = monthNumber(r.month) - monthNumber(start);
    d.population[i] = r.population;
    d.observed[i] = 1;
    if (r.admissions !== undefined) d.admissions[i] = r.admissions;
    if (r.releases !== undefined) d.releases[i] = r.releases;
    if (prev >= 0)
      for (let k = prev + 1; k < i; k++)
        d.population[k] =
          d.population[prev]! + ((d.population[i]! - d.population[prev]!) * (k - prev)) / (i - prev);
    prev = i;
  }
  return d;
}

/** Calendar month of index i (0 = January). */
export const calendarMonth = (d: Dense, i: number): number => (d.firstCalendarMonth + i) % 12;

/** The mean stays (months) and the admission windows (months) the calibration chooses from. */
export const STAYS = [3, 6, 12, 24, 48] as const;
export const WINDOWS = [6, 12, 24] as const;
export const DEFAULT_CHOICE: Choice = { stay: 12, window: 12, trend: false };
/** Earlier forecasts needed before a choice is made from them (else DEFAULT_CHOICE). */
export const MIN_PAST = 6;
/** The choice is scored on the forecasts from at most this many latest earlier months (ten years). */
export const MAX_PAST = 120;

export interface Choice {
  stay: number;
  window: number;
  trend: boolean;
}

/** Seasonal factors by calendar month from the observed months up to `T`, or null when too few. */
export function seasonalFactors(d: Dense, T: number): number[] | null {
  const sums = new Float64Array(12);
  const counts = new Int32Array(12);
  for (let t = 6; t + 6 <= T; t++) {
    let all = true;
    for (let j = -6; j <= 6; j++) if (!d.observed[t + j]) all = false;
    if (!all) continue;
    let s = (d.population[t - 6]! + d.population[t + 6]!) / 2;
    for (let j = -5; j <= 5; j++) s += d.population[t + j]!;
    if (!(s > 0) || !(d.population[t]! > 0)) continue;
    const m = calendarMonth(d, t);
    sums[m]! += d.population[t]! / (s / 12);
    counts[m]!++;
  }
  for (let m = 0; m < 12; m++) if (counts[m]! < 2) return null;
  const f = Array.from(sums, (s, m) => s / counts[m]!);
  const mean = f.reduce((a, b) => a + b, 0) / 12;
  const factors = f.map((x) => x / mean);
  return factors.every((x) => Number.isFinite(x) && x > 0) ? factors : null;
}

/** Admissions at an origin: a level, a trend per month, and the months they were taken from. */
export interface Admissions {
  level: number;
  slope: number;
  /** the (month offset from the origin, admissions) pairs behind level and slope; offset 0 = origin */
  points: [number, number][];
}

/** Least squares level (at the mean offset) and slope of points. */
export function fitLine(
  points: readonly [number, number][],
  trend: boolean,
): { mean: number; at: number; slope: number } {
  const n = points.length;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  if (!trend || n < 2) return { mean: my, at: mx, slope: 0 };
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return { mean: my, at: mx, slope: sxx > 0 ? sxy / sxx : 0 };
}

/** Admissions per month at `h` months after the origin, from a fitted line (never negative). */
export const admissionsAt = (line: { mean: number; at: number; slope: number }, h: number): number =>
  Math.max(0, line.mean + line.slope * (h - line.at));

/** The adjusted stock z (population / seasonal factor) up to T. */
export function adjusted(d: Dense, T: number, f: number[] | null): Float64Array {
  const z = new Float64Array(T + 1);
  for (let t = 0; t <= T; t++) z[t] = f ? d.population[t]! / f[calendarMonth(d, t)]! : d.population[t]!;
  return z;
}

/** Flows at origin t: the exit rate and admissions of the last 12 months, when all were reported. */
export function flowsAt(
  d: Dense,
  t: number,
): { exitRate: number; admissions: Admissions; releases: number } | null {
  if (t < 12) return null;
  let rel = 0;
  let stock = 0;
  const points: [number, number][] = [];
  // everyone inside at the start of a month or admitted during it may leave in it
  for (let i = t - 11; i <= t; i++) {
    const a = d.admissions[i]!;
    const r = d.releases[i]!;
    if (Number.isNaN(a) || Number.isNaN(r) || !d.observed[i - 1]) return null;
    rel += r;
    stock += d.population[i - 1]! + a;
    points.push([i - t, a]);
  }
  // no release, or more releases than people (inconsistent flows): no exit rate to count
  if (!(stock > 0) || !(rel > 0) || rel >= stock) return null;
  const line = fitLine(points, false);
  return { exitRate: rel / stock, admissions: { level: line.mean, slope: 0, points }, releases: rel };
}

/** Admissions implied by the adjusted stock over the `window` months up to t (needs t ≥ window). */
export function impliedAdmissions(z: Float64Array, t: number, c: Choice): Admissions {
  const r = 1 / c.stay;
  const points: [number, number][] = [];
  for (let i = t - c.window + 1; i <= t; i++) points.push([i - t, z[i]! / (1 - r) - z[i - 1]!]);
  const line = fitLine(points, c.trend);
  return { level: admissionsAt(line, 0), slope: line.slope, points };
}

/** The expected adjusted stock 1..H months after t, for an exit rate and admissions. */
export function meanPath(
  z0: number,
  exitRate: number,
  a: Admissions,
  trend: boolean,
  H: number,
): Float64Array {
  const line = fitLine(a.points, trend);
  const out = new Float64Array(H);
  let v = z0;
  for (let h = 1; h <= H; h++) {
    v = (v + admissionsAt(line, h)) * (1 - exitRate);
    out[h - 1] = v;
  }
  return out;
}

export interface Calibration {
  origin: Month;
  /** seasonal factors by calendar month (0 = January), or null */
  seasonal: number[] | null;
  /** 'flows' when the exit rate and admissions were counted, 'stock' when implied by the stock */
  from: 'flows' | 'stock';
  choice: Choice;
  exitRate: number;
  /** releases counted over the last 12 months (flows only): the exit rate's uncertainty */
  releases: number | null;
  admissions: Admissions;
  /** the adjusted stock at the origin */
  stock: number;
  /** the chosen calibration's errors ((forecast − observed) / observed) from earlier origins, h = 1..H */
  pastErrors: Float64Array[];
  /** their mean absolute error at H, or null when there were none */
  inSampleMape: number | null;
  /**
   * From the stock alone: every choice that could be scored, with its absolute error at H from each
   * earlier origin scored (`origins`, the union of those origins; NaN where a choice had no forecast),
   * so that a run can make the choice again on a resample of them (the choice's own uncertainty).
   */
  candidates: { choice: Choice; errors: Float64Array }[];
  origins: Int32Array;
  /** the adjusted stock up to the origin (for the admissions of another choice) */
  z: Float64Array;
}

/** What one choice would have forecast from every earlier origin t (t + H ≤ T): errors per h. */
function pastErrorsOf(
  d: Dense,
  z: Float64Array,
  f: number[] | null,
  T: number,
  H: number,
  at: (t: number) => { exitRate: number; admissions: Admissions; trend: boolean } | null,
): Float64Array[] {
  const out: Float64Array[] = [];
  for (let t = Math.max(1, T - H - MAX_PAST + 1); t + H <= T; t++) {
    if (!d.observed[t] || !d.observed[t + H]) continue;
    const c = at(t);
    if (!c) continue;
    const path = meanPath(z[t]!, c.exitRate, c.admissions, c.trend, H);
    const e = new Float64Array(H).fill(Number.NaN);
    for (let h = 1; h <= H; h++) {
      if (!d.observed[t + h]) continue;
      const y = d.population[t + h]!;
      const forecast = path[h - 1]! * (f ? f[calendarMonth(d, t + h)]! : 1);
      if (y > 0) e[h - 1] = (forecast - y) / y;
    }
    out.push(e);
  }
  return out;
}

const meanAbsAt = (errors: readonly Float64Array[], h: number): number => {
  let s = 0;
  let n = 0;
  for (const e of errors) {
    const x = e[h - 1]!;
    if (!Number.isNaN(x)) {
      s += Math.abs(x);
      n++;
    }
  }
  return n ? s / n : Number.NaN;
};
const countAt = (errors: readonly Float64Array[], h: number): number =>
  errors.reduce((n, e) => n + (Number.isNaN(e[h - 1]!) ? 0 : 1), 0);

/**
 * What `pastErrorsOf` gives for a stock-only choice, without building a line per earlier origin: the
 * implied admissions of a stay once, and prefix sums of them (and of index × them), so that each
 * origin's level and slope over its window cost O(1) and its forecast O(H). Same errors, same order.
 */
function stockErrors(
  d: Dense,
  z: Float64Array,
  f: number[] | null,
  T: number,
  H: number,
  choice: Choice,
  sums: { s0: Float64Array; s1: Float64Array },
  origins: number[],
): Float64Array[] {
  const { window: w, trend } = choice;
  const r = 1 / choice.stay;
  const mx = -(w - 1) / 2; // the mean offset of a window's months from its origin
  const sxx = (w * (w * w - 1)) / 12;
  const out: Float64Array[] = [];
  for (let t = Math.max(1, T - H - MAX_PAST + 1, w); t + H <= T; t++) {
    if (!d.observed[t] || !d.observed[t + H]) continue;
    const sumA = sums.s0[t]! - sums.s0[t - w]!;
    const sumIA = sums.s1[t]! - sums.s1[t - w]!;
    const my = sumA / w;
    const sxy = sumIA - t * sumA - w * mx * my; // Σ (x − mx)(a − my), x = i − t
    const slope = trend && w > 1 ? sxy / sxx : 0;
    const e = new Float64Array(H).fill(Number.NaN);
    let v = z[t]!;
    for (let h = 1; h <= H; h++) {
      v = (v + Math.max(0, my + slope * (h - mx))) * (1 - r);
      if (!d.observed[t + h]) continue;
      const y = d.population[t + h]!;
      if (y > 0) e[h - 1] = (v * (f ? f[calendarMonth(d, t + h)]! : 1) - y) / y;
    }
    out.push(e);
    origins.push(t);
  }
  return out;
}

/** Prefix sums of the admissions a stay implies (index i: a(1) + … + a(i); s1 weights by i). */
function impliedSums(z: Float64Array, T: number, stay: number): { s0: Float64Array; s1: Float64Array } {
  const r = 1 / stay;
  const s0 = new Float64Array(T + 1);
  const s1 = new Float64Array(T + 1);
  for (let i = 1; i <= T; i++) {
    const a = z[i]! / (1 - r) - z[i - 1]!;
    s0[i] = s0[i - 1]! + a;
    s1[i] = s1[i - 1]! + i * a;
  }
  return { s0, s1 };
}

/** Calibrates at origin T (an index into d) for forecasts H months ahead, from d[0..T] only. */
export function calibrate(d: Dense, T: number, H: number): Calibration {
  const seasonal = seasonalFactors(d, T);
  const z = adjusted(d, T, seasonal);
  const origin = addMonths(d.start, T);
  const flows = flowsAt(d, T);
  if (flows) {
    const pastErrors = pastErrorsOf(d, z, seasonal, T, H, (t) => {
      const f = flowsAt(d, t);
      return f && { exitRate: f.exitRate, admissions: f.admissions, trend: false };
    });
    return {
      origin,
      seasonal,
      from: 'flows',
      choice: { stay: 1 / flows.exitRate, window: 12, trend: false },
      exitRate: flows.exitRate,
      releases: flows.releases,
      admissions: flows.admissions,
      stock: z[T]!,
      pastErrors,
      inSampleMape: countAt(pastErrors, H) ? meanAbsAt(pastErrors, H) : null,
      candidates: [],
      origins: new Int32Array(0),
      z,
    };
  }
  let best: { choice: Choice; errors: Float64Array[]; mape: number } | null = null;
  const scored: { choice: Choice; origins: number[]; errors: Float64Array[] }[] = [];
  for (const stay of STAYS) {
    const sums = impliedSums(z, T, stay);
    for (const window of WINDOWS)
      for (const trend of [false, true]) {
        const choice = { stay, window, trend };
        const origins: number[] = [];
        const errors = stockErrors(d, z, seasonal, T, H, choice, sums, origins);
        if (countAt(errors, H) < MIN_PAST) continue;
        scored.push({ choice, origins, errors });
        const mape = meanAbsAt(errors, H);
        if (!best || mape < best.mape) best = { choice, errors, mape };
      }
  }
  // every scored choice's error at H, on the union of the origins scored
  const union = [...new Set(scored.flatMap((c) => c.origins))].sort((a, b) => a - b);
  const position = new Map(union.map((t, i) => [t, i]));
  const candidates = scored.map(({ choice, origins, errors }) => {
    const at = new Float64Array(union.length).fill(Number.NaN);
    origins.forEach((t, i) => {
      at[position.get(t)!] = Math.abs(errors[i]![H - 1]!);
    });
    return { choice, errors: at };
  });
  const choice = best?.choice ?? DEFAULT_CHOICE;
  const window = Math.min(choice.window, T);
  const usable = { ...choice, window: Math.max(1, window) };
  return {
    origin,
    seasonal,
    from: 'stock',
    choice: usable,
    exitRate: 1 / usable.stay,
    releases: null,
    admissions: T >= 1 ? impliedAdmissions(z, T, usable) : { level: 0, slope: 0, points: [[0, 0]] },
    stock: z[T]!,
    pastErrors: best?.errors ?? [],
    inSampleMape: best ? best.mape : null,
    candidates,
    origins: Int32Array.from(union),
    z,
  };
}
