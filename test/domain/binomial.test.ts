import { describe, expect, it } from 'vitest';
import { binomial } from '../../src/domain/projection/binomial.js';
import { Rng } from '../../src/domain/projection/random.js';

/** log(k!) summed exactly, for the probabilities the draws are checked against. */
const logFactorials = (n: number): Float64Array => {
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = lf[k - 1]! + Math.log(k);
  return lf;
};

/**
 * Pearson's chi-square of `draws` draws of Binomial(n, p) against the exact probabilities, over the
 * values expected at least 20 times (the rest pooled into one cell), with its degrees of freedom.
 */
function chiSquare(n: number, p: number, draws: number, seed: number) {
  const rng = new Rng(seed, 1);
  const counts = new Float64Array(n + 1);
  let sum = 0;
  let outside = 0;
  for (let i = 0; i < draws; i++) {
    const x = binomial(rng, n, p);
    if (!(Number.isInteger(x) && x >= 0 && x <= n)) outside++;
    else counts[x]!++;
    sum += x;
  }
  expect(outside).toBe(0);
  const lf = logFactorials(n);
  let chi = 0;
  let cells = 0;
  let restObserved = 0;
  let restExpected = 0;
  for (let k = 0; k <= n; k++) {
    const e = draws * Math.exp(lf[n]! - lf[k]! - lf[n - k]! + k * Math.log(p) + (n - k) * Math.log1p(-p));
    if (e < 20) {
      restObserved += counts[k]!;
      restExpected += e;
      continue;
    }
    chi += (counts[k]! - e) ** 2 / e;
    cells++;
  }
  if (restExpected > 0) {
    chi += (restObserved - restExpected) ** 2 / restExpected;
    cells++;
  }
  return { chi, df: cells - 1, mean: sum / draws };
}

describe('binomial draws (jumps below n·p = 10, BTRS above)', () => {
  // The bound is the chi-square's mean plus 5 standard deviations: a sampler off by one step in its
  // ratio (as the library measured in binomial.ts) is hundreds of standard deviations out at these sizes.
  it.each([
    [5, 0.1],
    [40, 0.2], // n·p = 8: by jumps
    [200, 0.05], // n·p = 10: the first by BTRS, where the library's bias was largest
    [100, 0.55], // p > 1/2: n minus a draw for 0.45
    [1000, 0.3],
    [10_000, 0.01],
    [85_000, 0.33],
  ])('Binomial(%i, %f) has the exact distribution', (n, p) => {
    const { chi, df, mean } = chiSquare(n, p, 200_000, 17);
    expect(df).toBeGreaterThan(3);
    expect(chi).toBeLessThan(df + 5 * Math.sqrt(2 * df));
    const se = Math.sqrt((n * p * (1 - p)) / 200_000);
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * se);
  });

  it('answers the certain and the empty cases without drawing', () => {
    const rng = new Rng(3, 0);
    const before = new Rng(3, 0).next();
    expect(binomial(rng, 0, 0.3)).toBe(0);
    expect(binomial(rng, 50, 0)).toBe(0);
    expect(binomial(rng, 50, 1)).toBe(50);
    expect(rng.next()).toBe(before);
  });

  it('refuses what is not a count or a probability rather than loop for ever', () => {
    const rng = new Rng(3, 0);
    expect(() => binomial(rng, Number.NaN, 0.3)).toThrow(RangeError);
    expect(() => binomial(rng, Number.POSITIVE_INFINITY, 0.3)).toThrow(RangeError);
    expect(() => binomial(rng, 50, Number.NaN)).toThrow(RangeError);
  });

  it('is the same for the same stream', () => {
    const a = new Rng(9, 4);
    const b = new Rng(9, 4);
    for (const [n, p] of [
      [500, 0.2],
      [20, 0.1],
      [3000, 0.7],
    ] as const)
      expect(binomial(a, n, p)).toBe(binomial(b, n, p));
  });
});
