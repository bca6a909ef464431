/**
 * Population projection: the scenario a study runs, and what it answers. Pure data types; the engine
 * (`simulate.ts`) is a monthly stock-and-flow microsimulation, kept as counts, over these compartments:
 *
 *   admission → detained ─┬→ pretrial ─┬→ sentenced (by sentence band) → released
 *                         └→ released  └→ released
 *
 * Months are `YYYY-MM`. Probabilities are per month. Same scenario and seed → the same result, bit
 * for bit, in Node and in a browser worker.
 */

export type Month = string; // 'YYYY-MM'

export interface SentenceBand {
  /** e.g. '<1y', '1-3y', '3-5y', '5-10y', '10y+' */
  label: string;
  /** share of sentences in this band (the bands' shares sum to 1) */
  share: number;
  /** months served: drawn uniformly between min and max (inclusive) */
  minMonths: number;
  maxMonths: number;
}

/** A policy lever in force for some months. */
export type Lever =
  /** admissions × factor from `from` for `months` months (e.g. a state of exception's arrests) */
  | { kind: 'arrest-surge'; from: Month; months: number; factor: number; label?: string }
  /** the longest pretrial detention, in months, from `from` on (people reaching it are released) */
  | { kind: 'pretrial-limit'; from: Month; months: number; label?: string }
  /** sentence lengths × factor for sentences imposed from `from` on */
  | { kind: 'sentence-length'; from: Month; factor: number; label?: string }
  /** places coming online (or, negative, closing) at `from` */
  | { kind: 'capacity'; from: Month; places: number; label?: string };

export interface Source {
  /** what the figure is, e.g. 'population 31 Dec 2025' */
  what: string;
  /** who published it */
  publisher: string;
  url?: string;
  /** when it was read or published */
  date?: string;
}

/** The months already spent in pretrial by the pretrial stock at the start (Scenario.initial). */
export interface PretrialServed {
  /** the mean of the geometric draw, before it is cut at maxMonths (> 0) */
  meanMonths: number;
  /** every draw is below this (1-65535): at most maxMonths - 1 months already served */
  maxMonths: number;
}

export interface Scenario {
  id: string;
  name: { es: string; en: string };
  /** first simulated month; `initial` is the population at its start */
  start: Month;
  months: number;
  initial: {
    detained: number;
    pretrial: number;
    /** people serving a sentence; their remaining months are drawn from the bands */
    sentenced: number;
    /**
     * The months the people in `pretrial` at the start have already spent in pretrial: for each, a
     * geometric number of months (the count of months survived at a monthly exit probability of
     * 1 / (1 + meanMonths), so meanMonths is its mean) drawn below `maxMonths`, i.e. conditioned on
     * being at most maxMonths - 1 (the draws' mean is then a little less than meanMonths). maxMonths is
     * e.g. the legal limit in force before the projection; when it is above the limit in force at the
     * start, those who reach that limit in the first month are released in it. Absent: the steady
     * state of the scenario's own pretrial exit probability, capped below the limit in force at the
     * start — which assumes the rates were the same before the start as after it.
     */
    pretrialServed?: PretrialServed;
  };
  /** official places at the start */
  capacity: number;
  /** admissions per month before levers (a number, or one per month from `start`) */
  admissionsPerMonth: number | number[];
  transitions: {
    /** detained → pretrial (a judge orders pretrial detention) */
    detainedToPretrial: number;
    /** detained → released (no charge, released by the judge) */
    detainedToReleased: number;
    /** pretrial → sentenced */
    pretrialToSentenced: number;
    /** pretrial → released (acquitted, charges dropped, alternative measure) */
    pretrialToReleased: number;
  };
  /** the longest pretrial detention in months at the start (null: none) */
  pretrialLimitMonths: number | null;
  sentenceBands: SentenceBand[];
  levers: Lever[];
  /** runs for the interval (each with its own stream of the seed) */
  runs: number;
  seed: number;
  sources: Source[];
  /** observed populations to compare with (backcast), by month */
  observed?: { month: Month; population: number; source: string }[];
}

export interface MonthResult {
  month: Month;
  /** median over runs, and the 5th and 95th percentiles */
  population: { p5: number; p50: number; p95: number };
  detained: number;
  pretrial: number;
  sentenced: number;
  admitted: number;
  released: number;
  capacity: number;
  /** p50 population / capacity */
  occupancy: number;
  /** pretrial + detained, as a share of p50 population */
  pretrialShare: number;
}

export interface Projection {
  scenario: string;
  seed: number;
  runs: number;
  months: MonthResult[];
  /** the first month the median population exceeds capacity; null when it never does */
  exceedsCapacityIn: Month | null;
  /** places to add to stay at or under 100 % every month (0 when none) */
  placesNeeded: number;
  /** person-months simulated over all runs (for the benchmark) */
  personMonths: number;
}

/** One run, month by month (index 0 = `start`): counts at the end of each month, flows during it. */
export interface RunSeries {
  detained: Int32Array;
  pretrial: Int32Array;
  sentenced: Int32Array;
  admitted: Int32Array;
  released: Int32Array;
  /** detained + pretrial + sentenced */
  inside: Int32Array;
  personMonths: number;
}

/*
 * The engine's functions (src/domain/projection/simulate.ts, scenario.ts, export.ts):
 *   simulateRun(s: Scenario, run: number): RunSeries      one run, its own seeded stream
 *   simulateRuns(s: Scenario, from, to): RunSeries[]      runs from..to-1 (a worker's share)
 *   combineRuns(s: Scenario, runs: RunSeries[]): Projection   every run (index = run) into the answer
 *   project(s: Scenario): Projection                      all runs, percentiles, capacity answers
 *   checkScenario(x: unknown): { scenario: Scenario } | { violations: { field: string; problem: string }[] }
 *   projectionCsv(p: Projection): string                  one row a month
 */
