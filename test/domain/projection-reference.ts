/**
 * The projection engine as it was before issue 18: every person simulated one by one in typed arrays
 * (one draw a month for each detained or pretrial person, a countdown for each sentenced person).
 * Kept here only as the reference the cohort engine (src/domain/projection/simulate.ts) is compared
 * with, statistically, in test/domain/projection-engine.test.ts.
 */
import type { RunSeries, Scenario } from '../../src/domain/projection/model.js';
import { type Rng, runStream } from '../../src/domain/projection/random.js';
import { monthsBetween } from '../../src/domain/projection/simulate.js';

const DETAINED = 0;
const PRETRIAL = 1;
const SENTENCED = 2;
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

export function referenceRun(s: Scenario, run: number): RunSeries {
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

  const init = s.initial;
  let size = Math.max(16, init.detained + init.pretrial + init.sentenced);
  let state = new Uint8Array(size);
  let inState = new Uint16Array(size);
  let left = new Uint16Array(size);
  let n = 0;
  const grow = (need: number) => {
    if (need <= size) return;
    while (size < need) size *= 2;
    const s2 = new Uint8Array(size);
    s2.set(state.subarray(0, n));
    state = s2;
    const i2 = new Uint16Array(size);
    i2.set(inState.subarray(0, n));
    inState = i2;
    const l2 = new Uint16Array(size);
    l2.set(left.subarray(0, n));
    left = l2;
  };
  // The people inside at the start are a stock, not an intake: long stays are over-represented in it.
  // Pretrial: months already served as in a steady state with the monthly exit probability (geometric),
  // below the limit in force. Sentenced: a sentence drawn in proportion to share × length (length-biased),
  // and the months left uniform within it.
  const t0 = s.transitions;
  const exitP = t0.pretrialToSentenced + t0.pretrialToReleased;
  const limit0 = sch.pretrialLimit[0]!;
  const servedCap = Number.isFinite(limit0) ? Math.max(0, limit0 - 1) : U16_MAX;
  for (let k = 0; k < init.detained; k++) state[n++] = DETAINED;
  for (let k = 0; k < init.pretrial; k++) {
    state[n] = PRETRIAL;
    const served = exitP > 0 && exitP < 1 ? Math.floor(Math.log(1 - rng.next()) / Math.log(1 - exitP)) : 0;
    inState[n++] = Math.min(served, servedCap);
  }
  const stockCum = new Float64Array(B);
  let stockTotal = 0;
  for (let k = 0; k < B; k++) {
    const b = s.sentenceBands[k]!;
    stockTotal += b.share * ((b.minMonths + b.maxMonths) / 2);
    stockCum[k] = stockTotal;
  }
  for (let k = 0; k < init.sentenced; k++) {
    state[n] = SENTENCED;
    let len = 1;
    if (B > 0 && stockTotal > 0) {
      const u = rng.next() * stockTotal;
      let b = 0;
      while (b < B - 1 && u >= stockCum[b]!) b++;
      len = Math.max(1, bMin[b]! + Math.floor(rng.next() * bSpan[b]!));
    }
    left[n++] = Math.min(U16_MAX, 1 + Math.floor(rng.next() * len));
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
  const pDX = t.detainedToPretrial + t.detainedToReleased;
  const pPS = t.pretrialToSentenced;
  const pPX = t.pretrialToSentenced + t.pretrialToReleased;

  for (let m = 0; m < M; m++) {
    const admitted = Math.round(sch.admissions[m]!);
    grow(n + admitted);
    state.fill(DETAINED, n, n + admitted);
    inState.fill(0, n, n + admitted);
    left.fill(0, n, n + admitted);
    n += admitted;
    out.personMonths += n;

    const limit = sch.pretrialLimit[m]!;
    const factor = sch.sentenceFactor[m]!;
    let released = 0;
    let cD = 0;
    let cP = 0;
    let cS = 0;
    let i = 0;
    while (i < n) {
      const st = state[i]!;
      let gone = false;
      if (st === SENTENCED) {
        const l = left[i]! - 1;
        if (l <= 0) gone = true;
        else {
          left[i] = l;
          cS++;
        }
      } else {
        const u = rng.next();
        if (st === DETAINED) {
          if (u < pDP) {
            state[i] = PRETRIAL;
            inState[i] = 0;
            cP++;
          } else if (u < pDX) gone = true;
          else {
            const k = inState[i]!;
            if (k < U16_MAX) inState[i] = k + 1;
            cD++;
          }
        } else if (u < pPS) {
          state[i] = SENTENCED;
          inState[i] = 0;
          left[i] = drawLength(factor);
          cS++;
        } else if (u < pPX) gone = true;
        else {
          const k = inState[i]! + 1;
          if (k >= limit) gone = true;
          else {
            inState[i] = Math.min(k, U16_MAX);
            cP++;
          }
        }
      }
      if (gone) {
        // swap with the last (not yet processed this month) and look at position i again
        n--;
        state[i] = state[n]!;
        inState[i] = inState[n]!;
        left[i] = left[n]!;
        released++;
      } else i++;
    }
    out.detained[m] = cD;
    out.pretrial[m] = cP;
    out.sentenced[m] = cS;
    out.admitted[m] = admitted;
    out.released[m] = released;
    out.inside[m] = n;
  }
  return out;
}
