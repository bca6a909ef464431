import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { addLength, addMonths, isoOf, parseDay, toDay } from '../../src/domain/sentences/calendar.js';
import {
  checkCredit,
  checkLifeFollowed,
  checkReduction,
  checkRelation,
  checkSentence,
  type Relation,
  type SentenceLength,
} from '../../src/domain/sentences/sentence.js';
import { RuleError } from '../../src/domain/violation.js';

/** Day numbers and calendar steps of calendar.ts against Temporal's ISO calendar (overflow: constrain). */

const EPOCH = Temporal.PlainDate.from('1970-01-01');
const FIRST = EPOCH.until(Temporal.PlainDate.from('1900-01-01')).days;
const LAST = EPOCH.until(Temporal.PlainDate.from('2200-12-31')).days;
const dayArb = fc.integer({ min: FIRST, max: LAST });
const plain = (n: number) => EPOCH.add({ days: n });
const RUNS = { numRuns: 2000 };

describe('calendar.ts agrees with Temporal', () => {
  it('isoOf and parseDay are Temporal’s day numbers, both ways', () => {
    fc.assert(
      fc.property(dayArb, (n) => {
        const text = plain(n).toString();
        expect(isoOf(n)).toBe(text);
        expect(parseDay(text)).toBe(n);
        expect(toDay(text)).toBe(n);
      }),
      RUNS,
    );
  });

  it('addLength is + years, then + months, then + days, each constrained', () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.record({
          years: fc.integer({ min: 0, max: 60 }),
          months: fc.integer({ min: 0, max: 36 }),
          days: fc.integer({ min: 0, max: 1000 }),
        }),
        (n, l) => {
          const expected = plain(n).add({ years: l.years }).add({ months: l.months }).add({ days: l.days });
          expect(isoOf(addLength(n, l))).toBe(expected.toString());
        },
      ),
      RUNS,
    );
  });

  it('addLength takes any of years, months, days left out as 0', () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.record(
          {
            years: fc.integer({ min: 0, max: 40 }),
            months: fc.integer({ min: 0, max: 24 }),
            days: fc.integer({ min: 0, max: 500 }),
          },
          { requiredKeys: [] },
        ),
        (n, l) => {
          const expected = plain(n)
            .add({ years: l.years ?? 0 })
            .add({ months: l.months ?? 0 })
            .add({ days: l.days ?? 0 });
          expect(isoOf(addLength(n, l))).toBe(expected.toString());
        },
      ),
      RUNS,
    );
  });

  it('addMonths moves by whole months either way, constrained to the month’s end', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -600, max: 600 }), (n, months) => {
        expect(isoOf(addMonths(n, months))).toBe(plain(n).add({ months }).toString());
      }),
      RUNS,
    );
  });

  it('clamps at month ends and leap days as the conventions say', () => {
    const at = (d: string, l: { years?: number; months?: number; days?: number }) =>
      isoOf(addLength(toDay(d), l));
    expect(at('2025-01-31', { months: 1 })).toBe('2025-02-28');
    expect(at('2024-01-31', { months: 1 })).toBe('2024-02-29');
    expect(at('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(at('2024-02-29', { years: 4 })).toBe('2028-02-29');
    expect(at('2023-01-31', { years: 1, months: 1 })).toBe('2024-02-29');
    expect(at('2025-03-31', { months: 1, days: 1 })).toBe('2025-05-01');
    expect(at('2096-02-29', { years: 4 })).toBe('2100-02-28');
    expect(isoOf(addMonths(toDay('2028-02-29'), -12))).toBe('2027-02-28');
    expect(isoOf(addMonths(toDay('2025-03-31'), -1))).toBe('2025-02-28');
  });

  it('parseDay refuses what is not a real date in YYYY-MM-DD', () => {
    for (const bad of [
      '2025-02-29',
      '2024-13-01',
      '2024-1-01',
      '2024-01-1',
      '2024-00-10',
      '2024-04-31',
      '1900-02-29',
      '2100-02-29',
      '24-01-01',
      '2024/01/01',
      '2024-01-01T00:00',
      '',
    ]) {
      expect(parseDay(bad), bad).toBeNull();
      expect(() => toDay(bad), bad).toThrow(RangeError);
    }
    for (const good of ['2000-02-29', '2024-02-29', '1970-01-01', '2200-12-31']) {
      expect(isoOf(parseDay(good) as number)).toBe(good);
    }
    expect(parseDay('1970-01-01')).toBe(0);
  });
});

/** The refusal `f` throws: its status and violations; fails when `f` does not refuse. */
const refusal = (f: () => void) => {
  try {
    f();
  } catch (err) {
    if (err instanceof RuleError) return { status: err.status, rules: err.violations.map((v) => v.rule) };
    throw err;
  }
  throw new Error('not refused');
};

describe('the checks before a sentence is recorded', () => {
  const years = (n: number): SentenceLength => ({ years: n });
  const consecutive = (to: string): Relation => ({ kind: 'consecutive', to });
  const concurrent = (to: string): Relation => ({ kind: 'concurrent', to });
  const mine = { personId: 'p-1', length: years(3) };

  describe('checkSentence', () => {
    it('refuses an empty length (409 sentence-length-empty)', () => {
      for (const length of [{}, { years: 0 }, { years: 0, months: 0, days: 0 }])
        expect(refusal(() => checkSentence({ imposedAt: '2025-01-01', length }, '2026-01-01'))).toEqual({
          status: 409,
          rules: ['sentence-length-empty'],
        });
    });

    it('refuses an imposition after today (409 sentence-in-future)', () => {
      expect(
        refusal(() => checkSentence({ imposedAt: '2026-01-02', length: years(1) }, '2026-01-01')),
      ).toEqual({
        status: 409,
        rules: ['sentence-in-future'],
      });
    });

    it('names both when both are wrong', () => {
      expect(refusal(() => checkSentence({ imposedAt: '2027-01-01', length: {} }, '2026-01-01'))).toEqual({
        status: 409,
        rules: ['sentence-length-empty', 'sentence-in-future'],
      });
    });

    it('accepts a sentence imposed today, of days only, or for life', () => {
      expect(() =>
        checkSentence({ imposedAt: '2026-01-01', length: { days: 1 } }, '2026-01-01'),
      ).not.toThrow();
      expect(() =>
        checkSentence({ imposedAt: '2025-06-01', length: { months: 18 } }, '2026-01-01'),
      ).not.toThrow();
      expect(() =>
        checkSentence({ imposedAt: '2025-06-01', length: { life: 'qualified' } }, '2026-01-01'),
      ).not.toThrow();
    });
  });

  describe('checkRelation', () => {
    /** person `p-1`'s custody `c-1`; the target in the same custody unless it says otherwise */
    const check = (
      id: string,
      personId: string,
      relation: Relation,
      target: { personId: string; custodyId?: string; length: SentenceLength },
      list: { id: string; relation: Relation | null }[],
    ) => checkRelation(id, { personId, custodyId: 'c-1' }, relation, { custodyId: 'c-1', ...target }, list);

    it('refuses a link to a sentence of an earlier custody (409 sentence-relation-other-custody)', () => {
      expect(
        refusal(() =>
          check('b', 'p-1', consecutive('a'), { personId: 'p-1', custodyId: 'c-0', length: years(2) }, []),
        ),
      ).toEqual({ status: 409, rules: ['sentence-relation-other-custody'] });
    });

    it('refuses a second sentence consecutive to the same one (409 sentence-already-followed)', () => {
      const followed = [
        { id: 'a', relation: null },
        { id: 'b', relation: consecutive('a') },
      ];
      expect(
        refusal(() => check('c', 'p-1', consecutive('a'), { personId: 'p-1', length: years(2) }, followed)),
      ).toEqual({
        status: 409,
        rules: ['sentence-already-followed'],
      });
      // b itself may be re-pointed at a, and c may run beside a
      expect(() =>
        check('b', 'p-1', consecutive('a'), { personId: 'p-1', length: years(2) }, followed),
      ).not.toThrow();
      expect(() =>
        check('c', 'p-1', concurrent('a'), { personId: 'p-1', length: years(2) }, followed),
      ).not.toThrow();
    });

    it('refuses making a followed sentence a life sentence (409 sentence-consecutive-to-life)', () => {
      const followed = [
        { id: 'a', relation: null },
        { id: 'b', relation: consecutive('a') },
      ];
      expect(refusal(() => checkLifeFollowed('a', { life: 'simple' }, followed))).toEqual({
        status: 409,
        rules: ['sentence-consecutive-to-life'],
      });
      expect(() => checkLifeFollowed('a', years(30), followed)).not.toThrow();
      expect(() => checkLifeFollowed('b', { life: 'simple' }, followed)).not.toThrow();
    });

    it('refuses a link to another person’s sentence (409 sentence-relation-other-person)', () => {
      expect(
        refusal(() => check('b', 'p-1', consecutive('a'), { personId: 'p-2', length: years(2) }, [])),
      ).toEqual({ status: 409, rules: ['sentence-relation-other-person'] });
    });

    it('refuses a sentence consecutive to a life sentence (409 sentence-consecutive-to-life)', () => {
      const life = { personId: 'p-1', length: { life: 'simple' } as SentenceLength };
      expect(refusal(() => check('b', 'p-1', consecutive('a'), life, [{ id: 'a', relation: null }]))).toEqual(
        {
          status: 409,
          rules: ['sentence-consecutive-to-life'],
        },
      );
      // concurrent with a life sentence is fine
      expect(() => check('b', 'p-1', concurrent('a'), life, [{ id: 'a', relation: null }])).not.toThrow();
    });

    it('refuses a cycle (409 sentence-relation-cycle): itself, two and three sentences round', () => {
      expect(refusal(() => check('a', 'p-1', consecutive('a'), mine, [{ id: 'a', relation: null }]))).toEqual(
        {
          status: 409,
          rules: ['sentence-relation-cycle'],
        },
      );
      const two = [
        { id: 'a', relation: null },
        { id: 'b', relation: consecutive('a') },
      ];
      expect(refusal(() => check('a', 'p-1', consecutive('b'), mine, two))).toEqual({
        status: 409,
        rules: ['sentence-relation-cycle'],
      });
      const three = [
        { id: 'a', relation: null },
        { id: 'b', relation: consecutive('a') },
        { id: 'c', relation: concurrent('b') },
      ];
      expect(refusal(() => check('a', 'p-1', consecutive('c'), mine, three))).toEqual({
        status: 409,
        rules: ['sentence-relation-cycle'],
      });
    });

    it('accepts a chain that ends, a sentence beside it, and a relation replaced on an existing sentence', () => {
      const chain = [
        { id: 'a', relation: null },
        { id: 'b', relation: consecutive('a') },
      ];
      expect(() => check('c', 'p-1', consecutive('b'), mine, chain)).not.toThrow();
      expect(() => check('c', 'p-1', concurrent('a'), mine, chain)).not.toThrow();
      // b already follows a; pointing b at c (which follows nothing) makes no cycle
      const withC = [...chain, { id: 'c', relation: null }];
      expect(() => check('b', 'p-1', consecutive('c'), mine, withC)).not.toThrow();
    });
  });

  describe('checkCredit', () => {
    it('refuses a reversed range (409 credit-range-reversed)', () => {
      expect(refusal(() => checkCredit({ from: '2025-03-10', to: '2025-03-09' }))).toEqual({
        status: 409,
        rules: ['credit-range-reversed'],
      });
    });

    it('accepts a range of days and a single day (a range reaching the sentence too: the steps say so)', () => {
      expect(() => checkCredit({ from: '2025-03-01', to: '2026-01-14' })).not.toThrow();
      expect(() => checkCredit({ from: '2025-03-01', to: '2025-03-01' })).not.toThrow();
      expect(() => checkCredit({ from: '2025-03-01', to: '2026-02-01' })).not.toThrow();
    });
  });

  describe('checkReduction', () => {
    it('refuses a reduction granted before the sentence (409 reduction-before-sentence)', () => {
      expect(refusal(() => checkReduction({ grantedAt: '2026-01-14' }, '2026-01-15', '2027-01-01'))).toEqual({
        status: 409,
        rules: ['reduction-before-sentence'],
      });
    });

    it('refuses a reduction granted after today (409 reduction-in-future)', () => {
      expect(refusal(() => checkReduction({ grantedAt: '2027-01-02' }, '2026-01-15', '2027-01-01'))).toEqual({
        status: 409,
        rules: ['reduction-in-future'],
      });
    });

    it('accepts one granted on the day of the sentence, or today', () => {
      expect(() => checkReduction({ grantedAt: '2026-01-15' }, '2026-01-15', '2027-01-01')).not.toThrow();
      expect(() => checkReduction({ grantedAt: '2027-01-01' }, '2026-01-15', '2027-01-01')).not.toThrow();
    });
  });
});

describe('steps in words', () => {
  it('says a length in years, months and days, and one day in the singular', async () => {
    const { lengthWords, stepText } = await import('../../src/domain/sentences/explain.js');
    expect(lengthWords({ years: 5, months: 1 }, 'es')).toBe('5 años y 1 mes');
    expect(lengthWords({ years: 1, months: 2, days: 3 }, 'en')).toBe('1 year, 2 months and 3 days');
    expect(lengthWords({ days: 1 }, 'en')).toBe('1 day');
    const reduction = {
      message: 'sentence.step.reduction',
      params: { case: 'R', days: 1, grantedAt: '2026-01-01', reference: 'D' },
    };
    expect(stepText(reduction, 'en')).toBe('R: reduction of 1 day granted on 2026-01-01 (D).');
    expect(stepText({ ...reduction, params: { ...reduction.params, days: 2 } }, 'es')).toMatch(
      /rebaja de 2 días/,
    );
    const length = {
      message: 'sentence.step.length',
      params: { case: 'R', start: '2026-01-15', length: { years: 5 }, end: '2031-01-15', days: 1826 },
    };
    expect(stepText(length, 'es')).toBe('R: desde el 2026-01-15, 5 años llevan al 2031-01-15: 1826 días.');
  });
});

describe('kinds in words', () => {
  it('says a credit’s kind and a life sentence’s in the language of the text', async () => {
    const { stepText } = await import('../../src/domain/sentences/explain.js');
    const credit = {
      message: 'sentence.step.credit',
      params: {
        case: 'R',
        days: 3,
        from: '2025-01-01',
        to: '2025-01-03',
        kind: 'house-arrest',
        reference: 'X',
      },
    };
    expect(stepText(credit, 'es')).toBe(
      'R: abono de 3 días, del 2025-01-01 al 2025-01-03 (arresto domiciliario, X).',
    );
    expect(stepText(credit, 'en')).toMatch(/\(house arrest, X\)/);
    const life = {
      message: 'sentence.step.life',
      params: { case: 'R', imposedAt: '2020-01-01', life: 'qualified' },
    };
    expect(stepText(life, 'es')).toMatch(/perpetuo \(calificado\)/);
  });
});
