/**
 * The projection engine: a monthly microsimulation kept as counts, one seeded stream per run. Pure
 * TypeScript with no I/O and no Node or DOM imports, so it runs in a browser worker as well as in Node.
 *
 * Each month m: (a) admissions = round(base × product of the arrest surges in force) enter as
 * detained; (b) every detained and every pretrial person draws once: detained → pretrial / released /
 * stays; pretrial → sentenced / released / stays, and a pretrial person whose months in pretrial reach
 * the limit in force is released; a sentenced person's months left count down and they are released
 * at 0 (no draw); (c) counts are recorded at the end of the month, flows during it. People admitted in
 * a month draw in that month; someone made pretrial or sentenced in a month starts counting down the
 * next month.
 *
 * People are not rows: detained people are one count, pretrial people a count per months in pretrial,
 * sentenced people a count per month their sentence ends (a sentence is fixed when imposed, so the
 * month it ends is known then). Each person's draws are the same as when every person was a row of an
 * array (issue 7); only the order in which people take numbers from the stream differs, so a seed
 * gives other figures than before issue 18, from the same distribution (docs/projection.md).
 *
 * `simulateRuns` computes a slice of the run indices and `combineRuns` makes the projection from all
 * of them: the web page splits the runs across workers with these and gets exactly `project`'s answer.
 */
import { binomial as drawBinomial } from './binomial.js';
import type { Month, MonthResult, Projection, RunSeries, Scenario } from './model.js';
import { type Rng, runStream } from './random.js';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (x: unknown): x is Month => typeof x === 'string' && MONTH_RE.test(x);

/** Months since year 0 ('0000-01' → 0). Throws on a malformed month. */
export function monthNumber(m: Month): number {
  const r = MONTH_RE.exec(m);
  if (!r) throw new Error(`not a month (YYYY-MM): ${m}`);
  return Number(r[1]) * 12 + Number(r[2]) - 1;
}

export function addMonths(m: Month, k: number): Month {
  const n = monthNumber(m) + k;
  const y = Math.floor(n / 12);
  return `${String(y).padStart(4, '0')}-${String(n - y * 12 + 1).padStart(2, '0')}`;
}

/** Whole months from `a` to `b` (negative when b is before a). */
export const monthsBetween = (a: Month, b: Month): number => monthNumber(b) - monthNumber(a);

const U16_MAX = 65535;
const NO_LIMIT = 0x7fffffff;

/** The levers resolved month by month (index 0 = start). */
interface Schedule {
  admissions: Float64Array; // base × surge factors, before rounding
  pretrialLimit: Int32Array; // NO_LIMIT when none
  sentenceFactor: Float64Array;
  capacity: Float64Array;
}

function schedule(s: Scenario): Schedule {
  const M = s.months;
  const admissions = new Float64Array(M);
  const pretrialLimit = new Int32Array(M).fill(s.pretrialLimitMonths ?? NO_LIMIT);
  const sentenceFactor = new Float64Array(M).fill(1);
  const capacity = new Float64Array(M).fill(s.capacity);
  const a = s.admissionsPerMonth;
  for (let m = 0; m < M; m++) {
    admissions[m] = typeof a === 'number' ? a : a.length === 0 ? 0 : a[Math.min(m, a.length - 1)]!;
  }
  const limitFrom = new Float64Array(M).fill(Number.NEGATIVE_INFINITY);
  for (const l of s.levers) {
    const from = monthsBetween(s.start, l.from);
    const lo = Math.max(0, from);
    switch (l.kind) {
      case 'arrest-surge':
        for (let m = lo; m < Math.min(M, from + l.months); m++) admissions[m]! *= l.factor;
        break;
      case 'pretrial-limit':
        // the latest lever in force wins (by its month; on a tie, the later in the list)
        for (let m = lo; m < M; m++) {
          if (from >= limitFrom[m]!) {
            limitFrom[m] = from;
            pretrialLimit[m] = l.months;
          }
        }
        break;
      case 'sentence-length':
        for (let m = lo; m < M; m++) sentenceFactor[m]! *= l.factor;
        break;
      case 'capacity':
        for (let m = lo; m < M; m++) capacity[m]! += l.places;
        break;
    }
  }
  return { admissions, pretrialLimit, sentenceFactor, capacity };
}

/** Capacity month by month: the scenario's plus every 'capacity' lever from its month on. */
export const capacityByMonth = (s: Scenario): Float64Array => schedule(s).capacity;

export function simulateRun(s: Scenario, run: number): RunSeries {
  const M = s.months;
  const sch = schedule(s);
  const rng: Rng = runStream(s.seed, run);

  // sentence bands: cumulative shares (normalised), min and span
  const B = s.sentenceBands.length;
  const cum = new Float64Array(B);
  const bMin = new Float64Array(B);
  const bSpan = new Float64Array(B);
  let total = 0;
  for (const b of s.sentenceBands) total += b.share;
  let acc = 0;
  for (let k = 0; k < B; k++) {
    const b = s.sentenceBands[k]!;
    acc += b.share;
    cum[k] = total > 0 ? acc / total : (k + 1) / B;
    bMin[k] = b.minMonths;
    bSpan[k] = b.maxMonths - b.minMonths + 1;
  }
  /** a sentence length in months: band by share, uniform in [min, max], × factor, rounded, ≥ 1 */
  const drawLength = (factor: number): number => {
    if (B === 0) return 1;
    const u = rng.next();
    let k = 0;
    while (k < B - 1 && u >= cum[k]!) k++;
    const len = Math.round((bMin[k]! + Math.floor(rng.next() * bSpan[k]!)) * factor);
    return len < 1 ? 1 : Math.min(len, U16_MAX);
  };

  /** How many of n people, each independently with probability p, take an outcome (binomial.ts). */
  const binomial = (n: number, p: number): number => drawBinomial(rng, n, p);

  // The state is counts, not people: `detained` (their months detained change nothing); `pretrial[k]`,
  // the people with k months in pretrial (the limit needs k); `ending[m]`, the sentenced people whose
  // sentence ends in month m (index M: after the horizon). Each month's moves out of a group have
  // exactly the distribution of one draw per person, as when each person was a row of an array.
  let detained = s.initial.detained;
  // months in pretrial reach at most U16_MAX; with nobody in pretrial at the start, at most the months
  // simulated (a short projection need not clear 65,536 counters a run)
  const pretrialTopMonths = s.initial.pretrial > 0 ? U16_MAX : Math.min(U16_MAX, M);
  const pretrial = new Int32Array(pretrialTopMonths + 1);
  let pretrialTop = 0; // nobody in pretrial has more months than this
  let pretrialCount = s.initial.pretrial;
  const ending = new Int32Array(M + 1);
  let sentenced = s.initial.sentenced;

  // The people inside at the start are a stock, not an intake: long stays are over-represented in it.
  // Pretrial: months already served, geometric. With `initial.pretrialServed`, of the given mean and
  // conditioned on being below its maxMonths (the rules before the start); without it, as in a steady
  // state with the scenario's own monthly exit probability, capped below the limit in force at the
  // start. Sentenced: a sentence drawn in proportion to share × length (length-biased), and the months
  // left uniform within it.
  const given = s.initial.pretrialServed;
  if (given) {
    const lq = Math.log1p(-1 / (1 + given.meanMonths)); // log of the monthly probability of staying
    const maxAt = Math.min(U16_MAX, given.maxMonths) - 1;
    const below = -Math.expm1(given.maxMonths * lq); // P(a draw < maxMonths)
    for (let k = 0; k < s.initial.pretrial; k++) {
      // inverse of the geometric's distribution function, for a uniform within P(draw < maxMonths)
      const served = Math.floor(Math.log1p(-rng.next() * below) / lq);
      const at = served > 0 ? Math.min(served, maxAt) : 0;
      pretrial[at]!++;
      if (at > pretrialTop) pretrialTop = at;
    }
  } else {
    const t0 = s.transitions;
    const exitP = t0.pretrialToSentenced + t0.pretrialToReleased;
    const servedCap = Math.min(U16_MAX, Math.max(0, sch.pretrialLimit[0]! - 1));
    for (let k = 0; k < s.initial.pretrial; k++) {
      const served = exitP > 0 && exitP < 1 ? Math.floor(Math.log(1 - rng.next()) / Math.log(1 - exitP)) : 0;
      const at = served > 0 ? Math.min(served, servedCap) : 0; // an exit probability near 0 gives -∞
      pretrial[at]!++;
      if (at > pretrialTop) pretrialTop = at;
    }
  }
  const stockCum = new Float64Array(B);
  let stockTotal = 0;
  for (let k = 0; k < B; k++) {
    const b = s.sentenceBands[k]!;
    stockTotal += b.share * ((b.minMonths + b.maxMonths) / 2);
    stockCum[k] = stockTotal;
  }
  for (let k = 0; k < s.initial.sentenced; k++) {
    let len = 1;
    if (B > 0 && stockTotal > 0) {
      const u = rng.next() * stockTotal;
      let b = 0;
      while (b < B - 1 && u >= stockCum[b]!) b++;
      len = Math.max(1, bMin[b]! + Math.floor(rng.next() * bSpan[b]!));
    }
    // L months left (L ≥ 1), counted down from the first month: they leave in month L - 1
    const left = Math.min(U16_MAX, 1 + Math.floor(rng.next() * len));
    ending[Math.min(M, left - 1)]!++;
  }

  const out: RunSeries = {
    detained: new Int32Array(M),
    pretrial: new Int32Array(M),
    sentenced: new Int32Array(M),
    admitted: new Int32Array(M),
    released: new Int32Array(M),
    inside: new Int32Array(M),
    personMonths: 0,
  };
  const t = s.transitions;
  const pDP = t.detainedToPretrial;
  const pPS = t.pretrialToSentenced;
  // the second outcome among those who did not take the first (a person's three outcomes as two steps)
  const pDRgivenNotP = pDP < 1 ? t.detainedToReleased / (1 - pDP) : 0;
  const pPRgivenNotS = pPS < 1 ? t.pretrialToReleased / (1 - pPS) : 0;

  for (let m = 0; m < M; m++) {
    const admitted = Math.round(sch.admissions[m]!);
    detained += admitted;
    out.personMonths += detained + pretrialCount + sentenced;
    const limit = sch.pretrialLimit[m]!;
    const factor = sch.sentenceFactor[m]!;

    // the sentences ending this month
    let released = ending[m]!;
    sentenced -= released;

    // pretrial, the longest first, so that each group moves up into a group already emptied; someone
    // sentenced now starts counting down next month and leaves in month m + length
    let top = 0;
    for (let k = pretrialTop; k >= 0; k--) {
      const c = pretrial[k]!;
      if (c === 0) continue;
      pretrial[k] = 0;
      const toSentence = binomial(c, pPS);
      for (let j = 0; j < toSentence; j++) ending[Math.min(M, m + drawLength(factor))]!++;
      const stay = c - toSentence - binomial(c - toSentence, pPRgivenNotS);
      sentenced += toSentence;
      released += c - toSentence - stay;
      const next = k + 1;
      if (next >= limit) released += stay;
      else if (stay > 0) {
        const at = Math.min(next, pretrialTopMonths);
        pretrial[at]! += stay;
        if (at > top) top = at;
      }
    }

    // detained (this month's admissions too); the newly pretrial start at 0 months and draw next month
    const toPretrial = binomial(detained, pDP);
    const stayDetained = detained - toPretrial - binomial(detained - toPretrial, pDRgivenNotP);
    released += detained - toPretrial - stayDetained;
    detained = stayDetained;
    if (toPretrial > 0) pretrial[0]! += toPretrial;
    pretrialTop = top;
    pretrialCount = 0;
    for (let k = 0; k <= pretrialTop; k++) pretrialCount += pretrial[k]!;

    out.detained[m] = detained;
    out.pretrial[m] = pretrialCount;
    out.sentenced[m] = sentenced;
    out.admitted[m] = admitted;
    out.released[m] = released;
    out.inside[m] = detained + pretrialCount + sentenced;
  }
  return out;
}

/** Runs `from` to `to` - 1 of a scenario (each with its own stream): the share one worker computes. */
export function simulateRuns(s: Scenario, from: number, to: number): RunSeries[] {
  const out: RunSeries[] = [];
  for (let r = Math.max(0, from); r < Math.min(to, s.runs); r++) out.push(simulateRun(s, r));
  return out;
}

/** Nearest-rank percentile of sorted values (p in (0, 100]). */
function nearestRank(sorted: Int32Array, p: number): number {
  const r = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, r))]!;
}

/** Every run of a scenario, as one run `r` per index `r` of `runs`, made into its projection. */
export function combineRuns(s: Scenario, runs: readonly RunSeries[]): Projection {
  const R = s.runs;
  const M = s.months;
  if (runs.length !== R) throw new Error(`expected ${R} runs, got ${runs.length}`);
  let personMonths = 0;
  for (const rs of runs) personMonths += rs.personMonths;
  const capacity = capacityByMonth(s);
  const col = new Int32Array(R);
  const median = (key: keyof Omit<RunSeries, 'personMonths'>, m: number): number => {
    for (let r = 0; r < R; r++) col[r] = runs[r]![key][m]!;
    col.sort();
    return nearestRank(col, 50);
  };
  const months: MonthResult[] = [];
  let exceedsCapacityIn: Month | null = null;
  let placesNeeded = 0;
  for (let m = 0; m < M; m++) {
    for (let r = 0; r < R; r++) col[r] = runs[r]!.inside[m]!;
    col.sort();
    const p50 = nearestRank(col, 50);
    const population = { p5: nearestRank(col, 5), p50, p95: nearestRank(col, 95) };
    const detained = median('detained', m);
    const pretrial = median('pretrial', m);
    const cap = capacity[m]!;
    const month = addMonths(s.start, m);
    if (p50 > cap && exceedsCapacityIn === null) exceedsCapacityIn = month;
    placesNeeded = Math.max(placesNeeded, p50 - cap);
    months.push({
      month,
      population,
      detained,
      pretrial,
      sentenced: median('sentenced', m),
      admitted: median('admitted', m),
      released: median('released', m),
      capacity: cap,
      occupancy: cap > 0 ? p50 / cap : p50 > 0 ? Number.POSITIVE_INFINITY : 0,
      pretrialShare: p50 > 0 ? (detained + pretrial) / p50 : 0,
    });
  }
  return { scenario: s.id, seed: s.seed, runs: R, months, exceedsCapacityIn, placesNeeded, personMonths };
}

/** Every run of a scenario and its projection (what a browser splits across workers). */
export const project = (s: Scenario): Projection => combineRuns(s, simulateRuns(s, 0, s.runs));
