import { describe, expect, it } from 'vitest';
import type { RunSeries, Scenario } from '../../src/domain/projection/model.js';
import { Rng } from '../../src/domain/projection/random.js';
import { combineRuns, project, simulateRun, simulateRuns } from '../../src/domain/projection/simulate.js';
import { referenceRun } from './projection-reference.js';

const scenario = (extra: Partial<Scenario> = {}): Scenario => ({
  id: 'engine',
  name: { es: 'Motor', en: 'Engine' },
  start: '2026-01',
  months: 30,
  initial: { detained: 150, pretrial: 1800, sentenced: 3500 },
  capacity: 5000,
  admissionsPerMonth: 420,
  transitions: {
    detainedToPretrial: 0.7,
    detainedToReleased: 0.25,
    pretrialToSentenced: 0.06,
    pretrialToReleased: 0.07,
  },
  pretrialLimitMonths: 18,
  sentenceBands: [
    { label: '<1y', share: 0.3, minMonths: 1, maxMonths: 11 },
    { label: '1-3y', share: 0.45, minMonths: 12, maxMonths: 36 },
    { label: '3y+', share: 0.25, minMonths: 37, maxMonths: 120 },
  ],
  levers: [
    { kind: 'arrest-surge', from: '2026-04', months: 5, factor: 1.8 },
    { kind: 'pretrial-limit', from: '2026-12', months: 6 },
    { kind: 'sentence-length', from: '2027-01', factor: 1.5 },
  ],
  runs: 9,
  seed: 77,
  sources: [{ what: 'test', publisher: 'nobody' }],
  ...extra,
});

describe('the seeded stream', () => {
  it('keeps its numbers (xoshiro128** seeded through splitmix32; its state moved to a typed array)', () => {
    const r = new Rng(0, 0);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([2626144589, 474120400, 469113463]);
  });
});

describe('splitting the runs (as the web page does across workers)', () => {
  it('gives exactly the projection of all runs at once, however the run indices are sliced', () => {
    const s = scenario();
    const whole = project(s);
    for (const cuts of [
      [0, 9],
      [0, 1, 9],
      [0, 3, 5, 9],
      [0, 2, 4, 6, 8, 9],
    ]) {
      const runs: RunSeries[] = [];
      for (let k = 0; k + 1 < cuts.length; k++) runs.push(...simulateRuns(s, cuts[k]!, cuts[k + 1]!));
      expect(runs).toHaveLength(9);
      expect(combineRuns(s, runs)).toEqual(whole);
    }
  });

  it('gives run r the same series whichever slice computes it, and the slices stay within 0..runs', () => {
    const s = scenario();
    expect(simulateRuns(s, 4, 5)[0]).toEqual(simulateRun(s, 4));
    expect(simulateRuns(s, 7, 100)).toEqual([simulateRun(s, 7), simulateRun(s, 8)]);
    expect(simulateRuns(s, -3, 1)).toEqual([simulateRun(s, 0)]);
    expect(simulateRuns(s, 5, 5)).toEqual([]);
  });

  it('survives structured cloning (a worker’s message) unchanged', () => {
    const s = scenario();
    const runs = structuredClone(simulateRuns(s, 0, s.runs));
    expect(combineRuns(s, runs)).toEqual(project(s));
  });

  it('refuses to combine a number of runs other than the scenario’s (a missing slice)', () => {
    const s = scenario();
    expect(() => combineRuns(s, simulateRuns(s, 0, 8))).toThrow('expected 9 runs, got 8');
    expect(() => combineRuns(s, [])).toThrow('expected 9 runs, got 0');
  });
});

/** per month: the mean and variance over runs of one series */
function moments(runs: RunSeries[], key: Exclude<keyof RunSeries, 'personMonths'>, months: number) {
  return Array.from({ length: months }, (_, m) => {
    const xs = runs.map((r) => r[key][m]!);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    return { mean, variance };
  });
}

describe('the cohort engine against the person-by-person engine it replaced (same distribution)', () => {
  const R = 160;
  const cases: [string, Scenario][] = [
    ['levers, a pretrial limit and a length-biased stock', scenario({ runs: R })],
    [
      'no pretrial limit, most detained staying, high exits',
      scenario({
        runs: R,
        pretrialLimitMonths: null,
        levers: [],
        transitions: {
          detainedToPretrial: 0.1,
          detainedToReleased: 0.05,
          pretrialToSentenced: 0.3,
          pretrialToReleased: 0.45,
        },
      }),
    ],
  ];
  for (const [name, s] of cases) {
    it(`matches means and variances month by month: ${name}`, () => {
      const cohort = Array.from({ length: R }, (_, r) => simulateRun(s, r));
      const reference = Array.from({ length: R }, (_, r) => referenceRun(s, r));
      for (const key of ['inside', 'detained', 'pretrial', 'sentenced', 'released'] as const) {
        const a = moments(cohort, key, s.months);
        const b = moments(reference, key, s.months);
        for (let m = 0; m < s.months; m++) {
          // the two means differ by at most 4.5 standard errors (or 0.5 person when both are ~constant)
          const se = Math.sqrt(a[m]!.variance / R + b[m]!.variance / R);
          expect(Math.abs(a[m]!.mean - b[m]!.mean), `${key} month ${m}`).toBeLessThanOrEqual(4.5 * se + 0.5);
          // and the spread across runs is of the same size (what the p5-p95 band shows)
          if (b[m]!.variance > 25) {
            const ratio = a[m]!.variance / b[m]!.variance;
            expect(ratio, `${key} month ${m} variance`).toBeGreaterThan(0.6);
            expect(ratio, `${key} month ${m} variance`).toBeLessThan(1.65);
          }
        }
      }
    });
  }
});
