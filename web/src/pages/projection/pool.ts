/**
 * A projection's runs spread over several workers. Each run has its own stream of the seed (run r is
 * the same series whichever worker computes it), so the page hands out run indices one at a time to
 * whichever worker is free, keeps each answer at its index and, when every run is in, combines them
 * with the engine's own `combineRuns`: the answer is exactly `project(scenario)`.
 *
 * No DOM here: `RunWorker` is the part of a Web Worker the pool uses, so the bench drives the same
 * code with node:worker_threads (bench/web-projection.ts) and the tests with in-process fakes.
 */
import type { Projection, RunSeries, Scenario } from '../../../../src/domain/projection/model.js';
import { combineRuns, simulateRun } from '../../../../src/domain/projection/simulate.js';

/** The most workers a projection starts, whatever the machine reports. */
export const MAX_WORKERS = 8;

/** What the page asks a worker: one run of a scenario. */
export interface RunRequest {
  scenario: Scenario;
  run: number;
}

export type RunAnswer = { run: number; series: RunSeries } | { run: number; error: string };

/** The worker's side: computes the run; the series' buffers can be transferred, not copied. */
export function answerRun(req: RunRequest): { answer: RunAnswer; transfer: ArrayBuffer[] } {
  try {
    const series = simulateRun(req.scenario, req.run);
    const transfer = [
      series.detained,
      series.pretrial,
      series.sentenced,
      series.admitted,
      series.released,
      series.inside,
    ].map((a) => a.buffer as ArrayBuffer);
    return { answer: { run: req.run, series }, transfer };
  } catch (err) {
    return {
      answer: { run: req.run, error: err instanceof Error ? err.message : String(err) },
      transfer: [],
    };
  }
}

/** The page's side of one worker (what a Web Worker offers). */
export interface RunWorker {
  postMessage(req: RunRequest): void;
  onmessage: ((e: { data: RunAnswer }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}

/** Workers for `runs` runs: the cores the machine reports, at least 1, at most MAX_WORKERS and `runs`. */
export function workerCount(cores: number | undefined, runs: number): number {
  const c = cores !== undefined && Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1;
  return Math.max(1, Math.min(MAX_WORKERS, c, Math.floor(runs)));
}

export interface PoolRun {
  /** the projection; null when cancelled; rejected when a worker fails */
  result: Promise<Projection | null>;
  /** how many workers it started */
  workers: number;
  /** stops every worker at once; `result` then gives null */
  cancel(): void;
}

/**
 * Runs every run of `s` on `workers` workers made by `spawn`, calling `onProgress(done, total)` as each
 * run comes in. Every worker is terminated when the projection ends, fails or is cancelled.
 */
export function projectInWorkers(
  s: Scenario,
  workers: number,
  spawn: () => RunWorker,
  onProgress: (done: number, total: number) => void = () => {},
): PoolRun {
  const total = s.runs;
  // the page's form allows whole runs from 1 only; anything else would never settle
  if (!Number.isInteger(total) || total < 1)
    throw new RangeError(`runs must be a whole number from 1: ${total}`);
  const n = Math.max(1, Math.min(workers, total));
  const series: (RunSeries | undefined)[] = new Array(total);
  const pool: RunWorker[] = [];
  let next = 0;
  let done = 0;
  let over = false;
  let settle: (p: Projection | null) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const result = new Promise<Projection | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const stop = () => {
    over = true;
    for (const w of pool) w.terminate();
  };
  const give = (w: RunWorker) => {
    if (next < total) w.postMessage({ scenario: s, run: next++ });
  };
  for (let k = 0; k < n; k++) {
    const w = spawn();
    pool.push(w);
    w.onmessage = (e) => {
      if (over) return;
      const a = e.data;
      if ('error' in a) {
        stop();
        fail(new Error(a.error));
        return;
      }
      if (series[a.run] === undefined) done++;
      series[a.run] = a.series;
      onProgress(done, total);
      if (over) return; // cancelled from onProgress
      if (done === total) {
        stop();
        try {
          settle(combineRuns(s, series as RunSeries[]));
        } catch (err) {
          fail(err instanceof Error ? err : new Error(String(err)));
        }
      } else give(w);
    };
    w.onerror = (e) => {
      if (over) return;
      stop();
      fail(new Error(e.message || 'worker'));
    };
  }
  onProgress(0, total);
  for (const w of pool) give(w);
  return {
    result,
    workers: n,
    cancel: () => {
      if (over) return;
      stop();
      settle(null);
    },
  };
}
