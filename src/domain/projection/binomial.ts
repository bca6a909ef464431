/**
 * Binomial draws for the projection engine: how many of n people, each independently with probability
 * p, take an outcome. Pure arithmetic on the run's own stream (random.ts), so a seed gives the same
 * counts in Node and in a browser.
 *
 * - n·p < 10 (with p ≤ 1/2): the count of n Bernoulli draws found by jumping from one taker to the next
 *   (the gaps are geometric); exact, and its cost is the number of takers (under 10 on average).
 * - n·p ≥ 10: Hörmann's transformed rejection with squeeze (BTRS; W. Hörmann, "The generation of
 *   binomial random variates", Journal of Statistical Computation and Simulation 46, 1993): a candidate
 *   from a transformed uniform, accepted quickly inside the squeeze and otherwise against the exact
 *   log-ratio of probabilities (log-factorials through Stirling's series, exact to about 1e-11 from
 *   k = 10 and from a table below). Its cost does not grow with n.
 * - p > 1/2: n minus the draw for 1 − p.
 *
 * Why not a library: the maintained one in reach (@stdlib/random-base-binomial 0.2.2) was measured
 * biased for n·p between about 10 and 100 (a mean of 10.48 for n = 200, p = 0.05; z = 68 over 200,000
 * draws): its BTRD ratio loops start one step early. test/domain/binomial.test.ts checks this one
 * against the exact distribution.
 */
import type { Rng } from './random.js';

/** log(k!) − Stirling's approximation of it, for k = 0..9 (exact values). */
const TAIL = [
  0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
  0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
];

/** log(k!) − [(k + 1/2) log(k + 1) − (k + 1) + log(2π)/2]: the table, then Stirling's series. */
function stirlingTail(k: number): number {
  if (k < 10) return TAIL[k]!;
  const k1 = k + 1;
  const k2 = k1 * k1;
  return (1 / 12 - (1 / 360 - 1 / 1260 / k2) / k2) / k1;
}

/** The count of takers among n at probability p, jumping over the others (exact; cost ≈ n·p). */
function byJumps(rng: Rng, n: number, p: number): number {
  const lq = Math.log1p(-p);
  let k = 0;
  let at = Math.floor(Math.log(1 - rng.next()) / lq); // people skipped before the first taker
  while (at < n) {
    k++;
    at += 1 + Math.floor(Math.log(1 - rng.next()) / lq);
  }
  return k;
}

/** BTRS for n·p ≥ 10 and p ≤ 1/2. */
function btrs(rng: Rng, n: number, p: number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const lpm = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    let v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      lpm +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

/** A draw from Binomial(n, p) on the stream `rng` (n a whole number ≥ 0; p outside (0, 1) is 0 or n). */
export function binomial(rng: Rng, n: number, p: number): number {
  // NaN would never be accepted by the rejection loop: refuse it rather than spin
  if (!Number.isFinite(n) || Number.isNaN(p))
    throw new RangeError(`binomial(${n}, ${p}): not a count and a probability`);
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  return n * p < 10 ? byJumps(rng, n, p) : btrs(rng, n, p);
}
