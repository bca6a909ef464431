/**
 * Checking a scenario (an analyst's JSON input): every field's type and range. Returns the scenario or
 * every violation, each naming its field ('transitions.detainedToPretrial', 'levers[2].from', …).
 */
import type { Scenario } from './model.js';
import { isMonth } from './simulate.js';

export type Violation = { field: string; problem: string };

const EPS = 1e-9;
const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt = (x: unknown): x is number => Number.isInteger(x);

export function checkScenario(x: unknown): { scenario: Scenario } | { violations: Violation[] } {
  const v: Violation[] = [];
  const bad = (field: string, problem: string): void => {
    v.push({ field, problem });
  };
  if (!isObj(x)) return { violations: [{ field: '', problem: 'must be an object' }] };

  const str = (o: Record<string, unknown>, k: string, path: string, optional = false) => {
    const val = o[k];
    if (val === undefined && optional) return;
    if (typeof val !== 'string' || (!optional && val.trim() === ''))
      bad(path, optional ? 'must be a string when present' : 'must be a non-empty string');
  };
  const int = (val: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!isInt(val) || (val as number) < min || (val as number) > max)
      bad(path, `must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}`);
  };
  const prob = (val: unknown, path: string): number => {
    if (!isNum(val) || val < 0 || val > 1) {
      bad(path, 'must be a probability from 0 to 1');
      return 0;
    }
    return val;
  };
  const month = (val: unknown, path: string) => {
    if (!isMonth(val)) bad(path, 'must be a month YYYY-MM');
  };

  str(x, 'id', 'id');
  if (!isObj(x.name)) bad('name', 'must be an object { es, en }');
  else {
    str(x.name, 'es', 'name.es');
    str(x.name, 'en', 'name.en');
  }
  month(x.start, 'start');
  int(x.months, 'months', 1, 600);
  if (!isObj(x.initial)) bad('initial', 'must be an object { detained, pretrial, sentenced }');
  else {
    for (const k of ['detained', 'pretrial', 'sentenced']) int(x.initial[k], `initial.${k}`, 0);
    const served = x.initial.pretrialServed;
    if (served !== undefined) {
      if (!isObj(served))
        bad('initial.pretrialServed', 'must be an object { meanMonths, maxMonths } when present');
      else {
        if (!isNum(served.meanMonths) || served.meanMonths <= 0)
          bad('initial.pretrialServed.meanMonths', 'must be a positive number of months');
        int(served.maxMonths, 'initial.pretrialServed.maxMonths', 1, 65535);
      }
    }
  }
  int(x.capacity, 'capacity', 0);

  const a = x.admissionsPerMonth;
  if (Array.isArray(a)) {
    if (a.length === 0) bad('admissionsPerMonth', 'must not be an empty list');
    a.forEach((n, i) => {
      if (!isNum(n) || n < 0) bad(`admissionsPerMonth[${i}]`, 'must be a non-negative number');
    });
  } else if (!isNum(a) || a < 0)
    bad('admissionsPerMonth', 'must be a non-negative number or a list of them (one per month)');

  if (!isObj(x.transitions)) bad('transitions', 'must be an object');
  else {
    const t = x.transitions;
    const dp = prob(t.detainedToPretrial, 'transitions.detainedToPretrial');
    const dr = prob(t.detainedToReleased, 'transitions.detainedToReleased');
    const ps = prob(t.pretrialToSentenced, 'transitions.pretrialToSentenced');
    const pr = prob(t.pretrialToReleased, 'transitions.pretrialToReleased');
    if (dp + dr > 1 + EPS)
      bad('transitions.detainedToReleased', 'detainedToPretrial + detainedToReleased must not exceed 1');
    if (ps + pr > 1 + EPS)
      bad('transitions.pretrialToReleased', 'pretrialToSentenced + pretrialToReleased must not exceed 1');
  }
  if (x.pretrialLimitMonths !== null) int(x.pretrialLimitMonths, 'pretrialLimitMonths', 1, 65535);

  if (!Array.isArray(x.sentenceBands) || x.sentenceBands.length === 0)
    bad('sentenceBands', 'must be a non-empty list');
  else {
    let sum = 0;
    x.sentenceBands.forEach((b: unknown, i) => {
      const p = `sentenceBands[${i}]`;
      if (!isObj(b)) {
        bad(p, 'must be an object { label, share, minMonths, maxMonths }');
        return;
      }
      str(b, 'label', `${p}.label`);
      if (!isNum(b.share) || b.share < 0 || b.share > 1) bad(`${p}.share`, 'must be a number from 0 to 1');
      else sum += b.share;
      int(b.minMonths, `${p}.minMonths`, 0, 65535);
      int(b.maxMonths, `${p}.maxMonths`, 0, 65535);
      if (isInt(b.minMonths) && isInt(b.maxMonths) && (b.minMonths as number) > (b.maxMonths as number))
        bad(`${p}.maxMonths`, 'must not be less than minMonths');
    });
    if (Math.abs(sum - 1) > 0.001) bad('sentenceBands', `the shares must sum to 1 (they sum to ${sum})`);
  }

  if (!Array.isArray(x.levers)) bad('levers', 'must be a list');
  else
    x.levers.forEach((l: unknown, i) => {
      const p = `levers[${i}]`;
      if (!isObj(l)) {
        bad(p, 'must be an object');
        return;
      }
      month(l.from, `${p}.from`);
      str(l, 'label', `${p}.label`, true);
      switch (l.kind) {
        case 'arrest-surge':
          int(l.months, `${p}.months`, 1, 600);
          if (!isNum(l.factor) || l.factor < 0) bad(`${p}.factor`, 'must be a non-negative number');
          break;
        case 'pretrial-limit':
          int(l.months, `${p}.months`, 1, 65535);
          break;
        case 'sentence-length':
          if (!isNum(l.factor) || l.factor <= 0) bad(`${p}.factor`, 'must be a positive number');
          break;
        case 'capacity':
          if (!isInt(l.places)) bad(`${p}.places`, 'must be an integer (negative: places closing)');
          break;
        default:
          bad(`${p}.kind`, "must be 'arrest-surge', 'pretrial-limit', 'sentence-length' or 'capacity'");
      }
    });

  int(x.runs, 'runs', 1, 200);
  int(x.seed, 'seed', 0, 0xffffffff);

  if (!Array.isArray(x.sources)) bad('sources', 'must be a list');
  else
    x.sources.forEach((s: unknown, i) => {
      const p = `sources[${i}]`;
      if (!isObj(s)) {
        bad(p, 'must be an object { what, publisher, url?, date? }');
        return;
      }
      str(s, 'what', `${p}.what`);
      str(s, 'publisher', `${p}.publisher`);
      str(s, 'url', `${p}.url`, true);
      str(s, 'date', `${p}.date`, true);
    });

  if (x.observed !== undefined) {
    if (!Array.isArray(x.observed)) bad('observed', 'must be a list when present');
    else
      x.observed.forEach((o: unknown, i) => {
        const p = `observed[${i}]`;
        if (!isObj(o)) {
          bad(p, 'must be an object { month, population, source }');
          return;
        }
        month(o.month, `${p}.month`);
        int(o.population, `${p}.population`, 0);
        str(o, 'source', `${p}.source`);
      });
  }

  return v.length > 0 ? { violations: v } : { scenario: x as unknown as Scenario };
}
