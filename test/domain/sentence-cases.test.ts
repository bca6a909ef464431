import { describe, expect, it } from 'vitest';
import { calculate, type ReleaseDates } from '../../src/domain/sentences/calculate.js';
import { chainsCases } from './sentence-cases/chains.js';
import { creditsCases } from './sentence-cases/credits.js';
import { after, type Case, SUNDAY, sen } from './sentence-cases/helpers.js';
import { lengthsCases } from './sentence-cases/lengths.js';

/**
 * Hand-worked cases for the release-date calculator (src/domain/sentences/calculate.ts), in three
 * tables (./sentence-cases/): lengths, month ends, the one-year threshold and fractions; credits and
 * reductions; chains, concurrent sentences and life. Every expected value was worked out from the
 * counting conventions (docs/sentences.md), not from the code; the comment above each case shows
 * the arithmetic.
 */
const cases: Case[] = [...lengthsCases, ...creditsCases, ...chainsCases];

const dates = (r: ReleaseDates) => ({
  releaseDate: r.releaseDate,
  paroleEligibilityDate: r.paroleEligibilityDate,
  sundayLeaveDate: r.sundayLeaveDate,
  creditedDays: r.creditedDays,
});

describe('the release-date calculator, hand-worked cases', () => {
  it('has at least 45 cases, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name', (c) => {
    const r = calculate(c.sentences, c.custody ?? null, c.options);
    const { reducedDays, ...rest } = c.expected;
    expect(dates(r)).toEqual(rest);
    expect(r.reducedDays).toBe(reducedDays ?? 0);
    expect(r.legalLimits).toEqual(c.law ?? { paroleAfterTwentyYears: null, noLeave: false });
    for (const [id, [startDate, lengthDays, creditedDays, releaseDate]] of Object.entries(c.each ?? {})) {
      expect(r.sentences.find((s) => s.sentenceId === id)).toMatchObject({
        startDate,
        lengthDays,
        creditedDays,
        releaseDate,
      });
    }
    expect(r.steps.length).toBeGreaterThan(0);
    for (const s of r.steps) {
      expect(s.rule).toMatch(/\S/);
      expect(s.source).toMatch(/\S/);
      expect(s.message).toMatch(/\S/);
    }
    const rules = new Set(r.steps.map((s) => s.rule));
    for (const id of c.rules ?? []) expect(rules, `step ${id}`).toContain(id);
    for (const id of c.absent ?? []) expect(rules, `no step ${id}`).not.toContain(id);
  });

  it('names its steps by the rule ids fixed for them', () => {
    const rulesOf = (name: string) => {
      const c = cases.find((x) => x.name === name) as Case;
      return new Set(calculate(c.sentences, c.custody ?? null, c.options).steps.map((s) => s.rule));
    };
    expect(rulesOf('5 years over a leap day')).toContain('cl-dl321-2');
    expect(rulesOf('⅔ of a length one over a multiple of 3 rounds up')).toContain('cl-dl321-3');
    expect(rulesOf('simple life')).toContain('cl-dl321-3-life');
    expect(rulesOf('chain of 2')).toContain('sentence-consecutive');
    expect(rulesOf('5 years over a leap day')).toContain('cl-ds518-sunday-leave');
    expect(rulesOf('qualified life with a credit')).toContain('cl-cp-32bis');
    expect(rulesOf('a chain of 50 years: may apply after 20 (DL 321 art. 3 inc. 4)')).toContain(
      'cl-dl321-3-forty-years',
    );
  });

  it('gives the same dates without the explanation, and then no steps', () => {
    for (const c of cases) {
      const r = calculate(c.sentences, c.custody ?? null, { ...c.options, explain: false });
      const full = calculate(c.sentences, c.custody ?? null, c.options);
      expect(r.steps).toEqual([]);
      expect({ ...r, steps: [] }).toEqual({ ...full, steps: [] });
    }
  });

  it('explains a consecutive sentence with its start and a Sunday leave with the parole date', () => {
    const r = calculate(
      [
        sen('a', '2022-03-01', { years: 2 }),
        sen('b', '2023-01-10', { years: 1, months: 6 }, { relation: after('a') }),
      ],
      null,
    );
    expect(r.steps.find((s) => s.rule === 'sentence-consecutive')?.params).toMatchObject({
      sentence: 'b',
      follows: 'RIT-A',
      start: '2024-03-01',
    });
    expect(r.steps.find((s) => s.rule === SUNDAY)?.params).toMatchObject({
      parole: '2023-12-02',
      date: '2022-12-02',
    });
    expect(r.steps.filter((s) => s.rule === 'cl-dl321-2').map((s) => s.params.served)).toEqual([366, 275]);
  });
});
