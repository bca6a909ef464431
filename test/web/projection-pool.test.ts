import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/domain/projection/model.js';
import { project } from '../../src/domain/projection/simulate.js';
import {
  answerRun,
  MAX_WORKERS,
  projectInWorkers,
  type RunAnswer,
  type RunRequest,
  type RunWorker,
  workerCount,
} from '../../web/src/pages/projection/pool.js';

const scenario = (extra: Partial<Scenario> = {}): Scenario => ({
  id: 'pool',
  name: { es: 'Pool', en: 'Pool' },
  start: '2026-01',
  months: 18,
  initial: { detained: 100, pretrial: 900, sentenced: 2000 },
  capacity: 2500,
  admissionsPerMonth: 250,
  transitions: {
    detainedToPretrial: 0.7,
    detainedToReleased: 0.25,
    pretrialToSentenced: 0.06,
    pretrialToReleased: 0.07,
  },
  pretrialLimitMonths: 12,
  sentenceBands: [
    { label: '<1y', share: 0.5, minMonths: 1, maxMonths: 11 },
    { label: '1y+', share: 0.5, minMonths: 12, maxMonths: 60 },
  ],
  levers: [{ kind: 'arrest-surge', from: '2026-03', months: 4, factor: 1.5 }],
  runs: 11,
  seed: 5,
  sources: [{ what: 'test', publisher: 'nobody' }],
  ...extra,
});

/** An in-process stand-in for a Web Worker: answers each request later, through a structured clone. */
class FakeWorker implements RunWorker {
  onmessage: ((e: { data: RunAnswer }) => void) | null = null;
  onerror: ((e: { message?: string }) => void) | null = null;
  terminated = false;
  asked: number[] = [];
  constructor(
    private readonly behave: (req: RunRequest) => RunAnswer | 'crash' = (r) => answerRun(r).answer,
  ) {}
  postMessage(req: RunRequest): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.asked.push(req.run);
    const copy = structuredClone(req);
    setTimeout(() => {
      if (this.terminated) return;
      const a = this.behave(copy);
      if (a === 'crash') this.onerror?.({ message: 'boom' });
      else this.onmessage?.({ data: structuredClone(a) });
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const spawner = (make: () => FakeWorker = () => new FakeWorker()) => {
  const made: FakeWorker[] = [];
  return {
    made,
    spawn: () => {
      const w = make();
      made.push(w);
      return w;
    },
  };
};

describe('workerCount', () => {
  it('uses the cores reported, at least 1, at most MAX_WORKERS and the number of runs', () => {
    expect(workerCount(2, 20)).toBe(2);
    expect(workerCount(64, 20)).toBe(MAX_WORKERS);
    expect(workerCount(4, 3)).toBe(3);
    expect(workerCount(undefined, 20)).toBe(1);
    expect(workerCount(0, 20)).toBe(1);
    expect(workerCount(Number.NaN, 20)).toBe(1);
    expect(workerCount(3.7, 20)).toBe(3);
  });
});

describe('projectInWorkers', () => {
  for (const workers of [1, 3, 8, 20]) {
    it(`gives exactly project(scenario) on ${workers} worker(s), each run asked once, progress 0..total`, async () => {
      const s = scenario();
      const { made, spawn } = spawner();
      const progress: [number, number][] = [];
      const job = projectInWorkers(s, workers, spawn, (d, t) => progress.push([d, t]));
      expect(job.workers).toBe(Math.min(workers, s.runs));
      expect(made).toHaveLength(job.workers);
      expect(await job.result).toEqual(project(s));
      expect(made.flatMap((w) => w.asked).sort((a, b) => a - b)).toEqual([...Array(s.runs).keys()]);
      expect(progress).toEqual(Array.from({ length: s.runs + 1 }, (_, k) => [k, s.runs]));
      expect(made.every((w) => w.terminated)).toBe(true);
    });
  }

  it('cancels: every worker stops, no run is asked after, and the result is null', async () => {
    const s = scenario({ runs: 12 });
    const { made, spawn } = spawner();
    let job: ReturnType<typeof projectInWorkers> | undefined;
    const progress: number[] = [];
    job = projectInWorkers(s, 2, spawn, (d) => {
      progress.push(d);
      if (d === 3) job?.cancel();
    });
    expect(await job.result).toBeNull();
    expect(made.every((w) => w.terminated)).toBe(true);
    const asked = made.flatMap((w) => w.asked).length;
    await new Promise((r) => setTimeout(r, 20));
    expect(made.flatMap((w) => w.asked)).toHaveLength(asked);
    expect(asked).toBeLessThan(s.runs);
    expect(progress).toEqual([0, 1, 2, 3]);
    job.cancel(); // a second cancel changes nothing
    expect(await job.result).toBeNull();
  });

  it('fails with the worker’s message when a run fails, and stops every worker', async () => {
    const s = scenario();
    const { made, spawn } = spawner(
      () =>
        new FakeWorker((r) =>
          r.run === 4 ? { run: 4, error: 'not a month (YYYY-MM): x' } : answerRun(r).answer,
        ),
    );
    const job = projectInWorkers(s, 3, spawn);
    await expect(job.result).rejects.toThrow('not a month (YYYY-MM): x');
    expect(made.every((w) => w.terminated)).toBe(true);
  });

  it('fails when a worker crashes (its error event), and stops every worker', async () => {
    const s = scenario();
    const { made, spawn } = spawner(
      () => new FakeWorker((r) => (r.run === 2 ? 'crash' : answerRun(r).answer)),
    );
    const job = projectInWorkers(s, 2, spawn);
    await expect(job.result).rejects.toThrow('boom');
    expect(made.every((w) => w.terminated)).toBe(true);
  });
});

describe('answerRun (the worker’s side)', () => {
  it('answers the run asked for, with its arrays’ buffers to transfer; an engine error as a message', () => {
    const s = scenario();
    const { answer, transfer } = answerRun({ scenario: s, run: 3 });
    expect(answer.run).toBe(3);
    expect('series' in answer && answer.series.inside.length).toBe(s.months);
    expect(transfer).toHaveLength(6);
    const bad = answerRun({ scenario: { ...s, start: 'soon' }, run: 0 });
    expect(bad.answer).toEqual({ run: 0, error: 'not a month (YYYY-MM): soon' });
    expect(bad.transfer).toEqual([]);
  });
});
