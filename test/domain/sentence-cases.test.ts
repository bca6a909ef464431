import { describe, expect, it } from 'vitest';
import {
  type CalculateOptions,
  type CustodyFacts,
  calculate,
  type ReleaseDates,
} from '../../src/domain/sentences/calculate.js';
import { SENTENCE_RULES } from '../../src/domain/sentences/rules.js';
import type {
  Credit,
  CreditKind,
  OffenceCategory,
  Reduction,
  Relation,
  SentenceFacts,
  SentenceLength,
} from '../../src/domain/sentences/sentence.js';

/**
 * Hand-worked cases for the release-date calculator (src/domain/sentences/calculate.ts). Every
 * expected value was worked out from the counting conventions (docs/sentences.md, the header of
 * calculate.ts), not from the code; the comment above each case shows the arithmetic. Notation:
 * S = imposedAt, L = length in days (calendar distance from the start to start + years, then
 * months, then days), C = credited days, R = reduced days, ⌈x⌉ = rounded up, P = parole date,
 * "Sunday" = P − 12 months. "1y = 365/366" is the number of days from the chain's first start to
 * that day + 1 year: a chain has parole only when its total L is greater.
 */

/** Rule ids the table reads from the rule list (renamed while this was written); the ids fixed for
 * the steps are asserted literally in 'names its steps by the rule ids fixed for them' below. */
const SUNDAY = SENTENCE_RULES.sundayLeave.id;
const THRESHOLD = SENTENCE_RULES.paroleThreshold.id;

const sen = (
  id: string,
  imposedAt: string,
  length: SentenceLength,
  more: {
    cat?: OffenceCategory;
    relation?: Relation;
    credits?: Credit[];
    reductions?: Reduction[];
  } = {},
): SentenceFacts => ({
  id,
  caseReference: `RIT-${id.toUpperCase()}`,
  imposedAt,
  length,
  offenceCategory: more.cat ?? 'general',
  relation: more.relation ?? null,
  credits: more.credits ?? [],
  reductions: more.reductions ?? [],
});
const credit = (from: string, to: string, kind: CreditKind = 'detention'): Credit => ({
  from,
  to,
  kind,
  reference: `abono ${from}/${to}`,
});
const reduction = (days: number, grantedAt: string): Reduction => ({
  days,
  grantedAt,
  reference: `decreto ${grantedAt}`,
});
const after = (to: string): Relation => ({ kind: 'consecutive', to });
const alongside = (to: string): Relation => ({ kind: 'concurrent', to });
const custody = (admittedOn: string, status: CustodyFacts['status']): CustodyFacts => ({
  admittedOn,
  status,
});

interface Case {
  name: string;
  sentences: SentenceFacts[];
  custody?: CustodyFacts;
  options?: CalculateOptions;
  expected: {
    releaseDate: string | null;
    paroleEligibilityDate: string | null;
    sundayLeaveDate: string | null;
    creditedDays: number;
    reducedDays?: number;
  };
  /** per sentence: [startDate, lengthDays, creditedDays, releaseDate] */
  each?: Record<string, [string | null, number | null, number, string | null]>;
  /** rule ids that must appear among the steps, and ones that must not */
  rules?: string[];
  absent?: string[];
}

const cases: Case[] = [
  // ─── plain lengths ────────────────────────────────────────────────────────────────────────────
  {
    name: '5 years over a leap day',
    // S 2024-03-10 + 5y = 2029-03-10: L = 5×365 + 1 (2028-02-29) = 1826; release 2029-03-10.
    // P: ⌈1826/2⌉ = 913; 2024-03-10 + 365 = 2025-03-10, + 365 = 2026-03-10, + 183 = 2026-09-09. Sunday 2025-09-09.
    sentences: [sen('a', '2024-03-10', { years: 5 })],
    expected: {
      releaseDate: '2029-03-10',
      paroleEligibilityDate: '2026-09-09',
      sundayLeaveDate: '2025-09-09',
      creditedDays: 0,
      reducedDays: 0,
    },
    each: { a: ['2024-03-10', 1826, 0, '2029-03-10'] },
    rules: ['sentence-length', 'release-date', THRESHOLD, 'cl-dl321-2', SUNDAY],
    absent: ['cl-dl321-3', 'cl-dl321-3-life', 'sentence-consecutive', 'sentence-concurrent'],
  },
  {
    name: '3 years with one Feb 29 inside',
    // S 2021-06-15 + 3y = 2024-06-15: L = 3×365 + 1 (2024-02-29) = 1096.
    // P: ⌈1096/2⌉ = 548; 2021-06-15 + 365 = 2022-06-15, + 183 (15 Jun→30 Jun 15, Jul 46, Aug 77, Sep 107,
    // Oct 138, Nov 168, Dec 15 = 183) = 2022-12-15. Sunday 2021-12-15.
    sentences: [sen('a', '2021-06-15', { years: 3 })],
    expected: {
      releaseDate: '2024-06-15',
      paroleEligibilityDate: '2022-12-15',
      sundayLeaveDate: '2021-12-15',
      creditedDays: 0,
    },
  },
  {
    name: '2 years 6 months',
    // S 2022-01-01 + 2y = 2024-01-01, + 6m = 2024-07-01: L = 730 + 182 (Jan 31 + Feb 29 + Mar 31 + Apr 30
    // + May 31 + Jun 30) = 912. P: ⌈912/2⌉ = 456; 2022-01-01 + 365 = 2023-01-01, + 91 (Jan 31, Feb 28,
    // Mar 31 = 90 → Apr 1, +1) = 2023-04-02. Sunday 2022-04-02.
    sentences: [sen('a', '2022-01-01', { years: 2, months: 6 })],
    expected: {
      releaseDate: '2024-07-01',
      paroleEligibilityDate: '2023-04-02',
      sundayLeaveDate: '2022-04-02',
      creditedDays: 0,
    },
  },
  {
    name: '18 months written as months',
    // S 2023-05-20 + 18m = 2024-11-20: L = 366 (2023-05-20→2024-05-20, spans 2024-02-29) + 184 = 550.
    // 1y from S = 366 < 550. P: ⌈550/2⌉ = 275; 2023-05-20 + 275 = 2024-02-19 (May 11 left, Jun 41, Jul 72,
    // Aug 103, Sep 133, Oct 164, Nov 194, Dec 225, Jan 256, + 19). Sunday 2023-02-19.
    sentences: [sen('a', '2023-05-20', { months: 18 })],
    expected: {
      releaseDate: '2024-11-20',
      paroleEligibilityDate: '2024-02-19',
      sundayLeaveDate: '2023-02-19',
      creditedDays: 0,
    },
  },
  {
    name: 'years, months and days',
    // S 2023-11-30 + 1y = 2024-11-30, + 2m = 2025-01-30, + 3d = 2025-02-02: L = 366 + 61 + 3 = 430.
    // P: ⌈430/2⌉ = 215; 2023-11-30 + 215 = 2024-07-02 (→ 12-31 31, 01-31 62, 02-29 91, 03-31 122, 04-30 152,
    // 05-31 183, 06-30 213, + 2). Sunday 2023-07-02.
    sentences: [sen('a', '2023-11-30', { years: 1, months: 2, days: 3 })],
    expected: {
      releaseDate: '2025-02-02',
      paroleEligibilityDate: '2024-07-02',
      sundayLeaveDate: '2023-07-02',
      creditedDays: 0,
    },
  },
  {
    name: '10 years from a 31st',
    // S 2015-12-31 + 10y = 2025-12-31: L = 3650 + 3 (2016, 2020, 2024 Feb 29) = 3653.
    // P: ⌈3653/2⌉ = 1827 = 5×365 + 2 leap days (2016, 2020) → 2020-12-31. Sunday 2019-12-31.
    sentences: [sen('a', '2015-12-31', { years: 10 })],
    expected: {
      releaseDate: '2025-12-31',
      paroleEligibilityDate: '2020-12-31',
      sundayLeaveDate: '2019-12-31',
      creditedDays: 0,
    },
  },
  // ─── month-end clamping and leap years ────────────────────────────────────────────────────────
  {
    name: 'Jan 31 + 1 month keeps Feb 28',
    // S 2025-01-31 + 1m = 2025-02-31 → clamped to 2025-02-28: L = 28 ≤ 365: no parole, no Sunday leave.
    sentences: [sen('a', '2025-01-31', { months: 1 })],
    expected: {
      releaseDate: '2025-02-28',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
    each: { a: ['2025-01-31', 28, 0, '2025-02-28'] },
    rules: [THRESHOLD],
    absent: ['cl-dl321-2', 'cl-dl321-3', SUNDAY],
  },
  {
    name: 'Jan 31 + 1 month in a leap year keeps Feb 29',
    // S 2024-01-31 + 1m → 2024-02-29 (2024 is leap): L = 29; no parole.
    sentences: [sen('a', '2024-01-31', { months: 1 })],
    expected: {
      releaseDate: '2024-02-29',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
  },
  {
    name: 'Feb 29 + 1 year is Feb 28: exactly one year, no parole',
    // S 2024-02-29 + 1y = 2025-02-29 → clamped to 2025-02-28: L = 365; 1y from S is the same 365 days,
    // 365 ≤ 365: no parole.
    sentences: [sen('a', '2024-02-29', { years: 1 })],
    expected: {
      releaseDate: '2025-02-28',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
  },
  {
    name: 'Feb 29 + 4 years lands on Feb 29',
    // S 2024-02-29 + 4y = 2028-02-29 (leap): L = 4×365 + 1 (2028-02-29) = 1461.
    // P: ⌈1461/2⌉ = 731; 2024-02-29 + 731: + 365 = 2025-02-28, + 365 = 2026-02-28, + 1 = 2026-03-01.
    // Sunday 2025-03-01.
    sentences: [sen('a', '2024-02-29', { years: 4 })],
    expected: {
      releaseDate: '2028-02-29',
      paroleEligibilityDate: '2026-03-01',
      sundayLeaveDate: '2025-03-01',
      creditedDays: 0,
    },
  },
  {
    name: 'Aug 31 + 2 years 6 months clamps to Feb 28',
    // S 2023-08-31 + 2y = 2025-08-31, + 6m = 2026-02-31 → 2026-02-28: L = 731 (spans 2024-02-29) + 181 = 912.
    // P: ⌈912/2⌉ = 456; 2023-08-31 + 366 = 2024-08-31, + 90 (Sep 30, Oct 31, Nov 29) = 2024-11-29.
    // Sunday 2023-11-29.
    sentences: [sen('a', '2023-08-31', { years: 2, months: 6 })],
    expected: {
      releaseDate: '2026-02-28',
      paroleEligibilityDate: '2024-11-29',
      sundayLeaveDate: '2023-11-29',
      creditedDays: 0,
    },
  },
  {
    name: 'years before months: Jan 31 2023 + 1y 1m',
    // S 2023-01-31 + 1y = 2024-01-31, + 1m = 2024-02-31 → 2024-02-29 (months first would give
    // 2023-02-28 + 1y = 2024-02-28): L = 365 + 29 = 394. 1y from S = 365 < 394.
    // P: ⌈394/2⌉ = 197; 2023-01-31 + 197 = 2023-08-16 (Feb 28, Mar 59, Apr 89, May 120, Jun 150, Jul 181, + 16).
    // Sunday 2022-08-16.
    sentences: [sen('a', '2023-01-31', { years: 1, months: 1 })],
    expected: {
      releaseDate: '2024-02-29',
      paroleEligibilityDate: '2023-08-16',
      sundayLeaveDate: '2022-08-16',
      creditedDays: 0,
    },
  },
  {
    name: 'Mar 31 + 1y 1m 1d: the month step clamps to Apr 30 before the day is added',
    // S 2025-03-31 + 1y = 2026-03-31, + 1m = 2026-04-31 → 2026-04-30, + 1d = 2026-05-01: L = 365 + 30 + 1 = 396.
    // P: ⌈396/2⌉ = 198; 2025-03-31 + 198 = 2025-10-15 (Apr 30, May 61, Jun 91, Jul 122, Aug 153, Sep 183, + 15).
    // Sunday 2024-10-15.
    sentences: [sen('a', '2025-03-31', { years: 1, months: 1, days: 1 })],
    expected: {
      releaseDate: '2026-05-01',
      paroleEligibilityDate: '2025-10-15',
      sundayLeaveDate: '2024-10-15',
      creditedDays: 0,
    },
  },
  {
    name: '2100 is not a leap year: 2099-02-28 + 1y 1d',
    // S 2099-02-28 + 1y = 2100-02-28 (no Feb 29 in 2100), + 1d = 2100-03-01: L = 365 + 1 = 366 > 365.
    // P: ⌈366/2⌉ = 183; 2099-02-28 + 183 = 2099-08-30 (→ 03-31 31, 04-30 61, 05-31 92, 06-30 122, 07-31 153,
    // + 30). Sunday 2098-08-30.
    sentences: [sen('a', '2099-02-28', { years: 1, days: 1 })],
    expected: {
      releaseDate: '2100-03-01',
      paroleEligibilityDate: '2099-08-30',
      sundayLeaveDate: '2098-08-30',
      creditedDays: 0,
    },
  },
  // ─── days only ────────────────────────────────────────────────────────────────────────────────
  {
    name: '400 days only',
    // S 2023-05-01 + 400d = 2024-06-04 (366 days to 2024-05-01, spans 2024-02-29, + 34). 1y = 366 < 400.
    // P: 400/2 = 200; 2023-05-01 + 200 = 2023-11-17 (May 30 left, Jun 60, Jul 91, Aug 122, Sep 152, Oct 183,
    // + 17). Sunday 2022-11-17.
    sentences: [sen('a', '2023-05-01', { days: 400 })],
    expected: {
      releaseDate: '2024-06-04',
      paroleEligibilityDate: '2023-11-17',
      sundayLeaveDate: '2022-11-17',
      creditedDays: 0,
    },
  },
  {
    name: '366 days over a Feb 29 is exactly one year: no parole',
    // S 2023-03-01 + 366d = 2024-03-01; 1y from S = 2024-03-01 is 366 days too: 366 ≤ 366, no parole.
    sentences: [sen('a', '2023-03-01', { days: 366 })],
    expected: {
      releaseDate: '2024-03-01',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
  },
  {
    name: '367 days over a Feb 29: parole',
    // S 2023-03-01 + 367d = 2024-03-02; 367 > 366. P: ⌈367/2⌉ = 184; 2023-03-01 + 184 = 2023-09-01
    // (→ 04-01 31, 05-01 61, 06-01 92, 07-01 122, 08-01 153, 09-01 184). Sunday 2022-09-01.
    sentences: [sen('a', '2023-03-01', { days: 367 })],
    expected: {
      releaseDate: '2024-03-02',
      paroleEligibilityDate: '2023-09-01',
      sundayLeaveDate: '2022-09-01',
      creditedDays: 0,
    },
  },
  {
    name: '1460 days: parole on Feb 29, Sunday leave clamped to Feb 28',
    // S 2026-03-01 + 1460d: 2026-03-01 → 2027-03-01 365, → 2028-03-01 366, → 2029-03-01 365 (1096),
    // → 2030-03-01 365 (1461), so + 1460 = 2030-02-28. P: 1460/2 = 730; 2026-03-01 + 365 = 2027-03-01,
    // + 365 = 2028-02-29 (2028 leap). Sunday: 2028-02-29 − 12m = 2027-02-29 → 2027-02-28.
    sentences: [sen('a', '2026-03-01', { days: 1460 })],
    expected: {
      releaseDate: '2030-02-28',
      paroleEligibilityDate: '2028-02-29',
      sundayLeaveDate: '2027-02-28',
      creditedDays: 0,
    },
  },
  // ─── the one-year threshold ───────────────────────────────────────────────────────────────────
  {
    name: 'exactly one year: no parole',
    // S 2025-06-01 + 1y = 2026-06-01: L = 365 = 1y: no parole.
    sentences: [sen('a', '2025-06-01', { years: 1 })],
    expected: {
      releaseDate: '2026-06-01',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
    rules: [THRESHOLD],
    absent: ['cl-dl321-2', SUNDAY],
  },
  {
    name: 'one year and one day: parole',
    // S 2025-06-01 + 1y 1d = 2026-06-02: L = 366 > 365. P: 366/2 = 183; 2025-06-01 + 183 = 2025-12-01
    // (Jun 30, Jul 61, Aug 92, Sep 122, Oct 153, Nov 183). Sunday 2024-12-01.
    sentences: [sen('a', '2025-06-01', { years: 1, days: 1 })],
    expected: {
      releaseDate: '2026-06-02',
      paroleEligibilityDate: '2025-12-01',
      sundayLeaveDate: '2024-12-01',
      creditedDays: 0,
    },
    rules: ['cl-dl321-2', SUNDAY],
  },
  {
    name: '12 months across Feb 29 is one year: no parole',
    // S 2023-03-15 + 12m = 2024-03-15: L = 366 (spans 2024-02-29) = 1y from S (366): no parole.
    sentences: [sen('a', '2023-03-15', { months: 12 })],
    expected: {
      releaseDate: '2024-03-15',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
  },
  // ─── fractions and rounding ───────────────────────────────────────────────────────────────────
  {
    name: '½ of an odd length rounds up',
    // S 2025-01-01 + 3y = 2028-01-01: L = 1095 (no Feb 29 before 2028-01-01). P: ⌈1095/2⌉ = ⌈547.5⌉ = 548;
    // 2025-01-01 + 365 = 2026-01-01, + 183 = 2026-07-03 (Jan 31, Feb 59, Mar 90, Apr 120, May 151, Jun 181, + 2).
    // Sunday 2025-07-03.
    sentences: [sen('a', '2025-01-01', { years: 3 })],
    expected: {
      releaseDate: '2028-01-01',
      paroleEligibilityDate: '2026-07-03',
      sundayLeaveDate: '2025-07-03',
      creditedDays: 0,
    },
  },
  {
    name: '⅔ of a length one over a multiple of 3 rounds up',
    // S 2026-01-01 + 3y = 2029-01-01: L = 1096 (2028-02-29). P: ⌈1096×2/3⌉ = ⌈730.67⌉ = 731;
    // 2026-01-01 + 365 = 2027-01-01, + 365 = 2028-01-01, + 1 = 2028-01-02. Sunday 2027-01-02.
    sentences: [sen('a', '2026-01-01', { years: 3 }, { cat: 'dl321-art3' })],
    expected: {
      releaseDate: '2029-01-01',
      paroleEligibilityDate: '2028-01-02',
      sundayLeaveDate: '2027-01-02',
      creditedDays: 0,
    },
    rules: ['cl-dl321-3', SUNDAY],
    absent: ['cl-dl321-2'],
  },
  {
    name: '⅔ of a length divisible by 3 is exact',
    // S 2020-01-01 + 5y = 2025-01-01: L = 1825 + 2 (2020, 2024) = 1827 = 3 × 609. P: 1827×2/3 = 1218;
    // 2020-01-01 + 366 + 365 + 365 = 2023-01-01 (1096), + 122 (Jan 31, Feb 59, Mar 90, Apr 120, + 2) = 2023-05-03.
    // Sunday 2022-05-03.
    sentences: [sen('a', '2020-01-01', { years: 5 }, { cat: 'dl321-art3' })],
    expected: {
      releaseDate: '2025-01-01',
      paroleEligibilityDate: '2023-05-03',
      sundayLeaveDate: '2022-05-03',
      creditedDays: 0,
    },
  },
  {
    name: '⅔ of a length two over a multiple of 3 rounds up',
    // S 2025-01-01 + 2y = 2027-01-01: L = 730. P: ⌈730×2/3⌉ = ⌈486.67⌉ = 487; 2025-01-01 + 365 = 2026-01-01,
    // + 122 = 2026-05-03. Sunday 2025-05-03.
    sentences: [sen('a', '2025-01-01', { years: 2 }, { cat: 'dl321-art3' })],
    expected: {
      releaseDate: '2027-01-01',
      paroleEligibilityDate: '2026-05-03',
      sundayLeaveDate: '2025-05-03',
      creditedDays: 0,
    },
  },
  // ─── credits ──────────────────────────────────────────────────────────────────────────────────
  {
    name: 'detention credit',
    // S 2024-03-10 + 5y: L = 1826 (case 1). C = 2023-11-01..2023-11-30 = 30.
    // Release 2029-03-10 − 30 = 2029-02-08. P: 2024-03-10 + 913 − 30 = 2026-09-09 − 30 = 2026-08-10.
    // Sunday 2025-08-10.
    sentences: [sen('a', '2024-03-10', { years: 5 }, { credits: [credit('2023-11-01', '2023-11-30')] })],
    expected: {
      releaseDate: '2029-02-08',
      paroleEligibilityDate: '2026-08-10',
      sundayLeaveDate: '2025-08-10',
      creditedDays: 30,
    },
    each: { a: ['2024-03-10', 1826, 30, '2029-02-08'] },
    rules: ['cl-cpp-348'],
  },
  {
    name: 'pretrial-detention credit',
    // S 2022-09-01 + 4y = 2026-09-01: L = 1460 + 1 (2024-02-29) = 1461. C = 2021-09-01..2022-08-31 = 365.
    // Release 2026-09-01 − 365 = 2025-09-01 (2025-09-01→2026-09-01 has no Feb 29). P: ⌈1461/2⌉ = 731;
    // 2022-09-01 + 731 − 365 = 2022-09-01 + 366 = 2023-09-02. Sunday 2022-09-02.
    sentences: [
      sen(
        'a',
        '2022-09-01',
        { years: 4 },
        { credits: [credit('2021-09-01', '2022-08-31', 'pretrial-detention')] },
      ),
    ],
    expected: {
      releaseDate: '2025-09-01',
      paroleEligibilityDate: '2023-09-02',
      sundayLeaveDate: '2022-09-02',
      creditedDays: 365,
    },
  },
  {
    name: 'house-arrest credit',
    // S 2024-07-01 + 2y = 2026-07-01: L = 730. C = 2024-01-01..2024-04-30 = 31 + 29 + 31 + 30 = 121.
    // Release 2026-07-01 − 121 = 2026-03-02 (2026-03-02 → 04-01 30, → 05-01 60, → 06-01 91, → 07-01 121).
    // P: 730/2 = 365; 2024-07-01 + 365 − 121 = 2024-07-01 + 244 = 2025-03-02. Sunday 2024-03-02.
    sentences: [
      sen('a', '2024-07-01', { years: 2 }, { credits: [credit('2024-01-01', '2024-04-30', 'house-arrest')] }),
    ],
    expected: {
      releaseDate: '2026-03-02',
      paroleEligibilityDate: '2025-03-02',
      sundayLeaveDate: '2024-03-02',
      creditedDays: 121,
    },
  },
  {
    name: 'overlapping credits count once',
    // S 2024-06-01 + 3y = 2027-06-01: L = 1095. Credits 2024-01-01..2024-02-29 and 2024-02-15..2024-03-31
    // overlap; their union 2024-01-01..2024-03-31 = 31 + 29 + 31 = 91 (not 60 + 46 = 106).
    // Release 2027-06-01 − 91 = 2027-03-02. P: ⌈1095/2⌉ = 548; 2024-06-01 + 548 − 91 = + 457 = 2025-09-01.
    // Sunday 2024-09-01.
    sentences: [
      sen(
        'a',
        '2024-06-01',
        { years: 3 },
        {
          credits: [
            credit('2024-01-01', '2024-02-29'),
            credit('2024-02-15', '2024-03-31', 'pretrial-detention'),
          ],
        },
      ),
    ],
    expected: {
      releaseDate: '2027-03-02',
      paroleEligibilityDate: '2025-09-01',
      sundayLeaveDate: '2024-09-01',
      creditedDays: 91,
    },
  },
  {
    name: 'the same credit twice counts once; adjacent ranges both count',
    // S 2024-06-01 + 3y: L = 1095. 2024-01-01..01-31 (31) listed twice, + 2024-02-01..02-10 (10): C = 41.
    // Release 2027-06-01 − 41 = 2027-04-21. P: 2024-06-01 + 548 − 41 = + 507 = 2025-10-21. Sunday 2024-10-21.
    sentences: [
      sen(
        'a',
        '2024-06-01',
        { years: 3 },
        {
          credits: [
            credit('2024-01-01', '2024-01-31'),
            credit('2024-01-01', '2024-01-31'),
            credit('2024-02-01', '2024-02-10', 'house-arrest'),
          ],
        },
      ),
    ],
    expected: {
      releaseDate: '2027-04-21',
      paroleEligibilityDate: '2025-10-21',
      sundayLeaveDate: '2024-10-21',
      creditedDays: 41,
    },
  },
  {
    name: 'custody detained 2025-03-01, sentenced 2026-01-15: 320 days',
    // Pretrial days 2025-03-01..2026-01-14 = Mar..Dec (306) + 14 = 320. S 2026-01-15 + 5y = 2031-01-15:
    // L = 1826 (2028-02-29). Release 2031-01-15 − 320 = 2030-03-01 (2030-03-01 → 2031-01-15 is 320 days).
    // P: ⌈1826/2⌉ = 913; 2026-01-15 + 913 − 320 = + 593 = 2027-01-15 + 228 = 2027-08-31. Sunday 2026-08-31.
    sentences: [sen('a', '2026-01-15', { years: 5 })],
    custody: custody('2025-03-01', 'detained'),
    expected: {
      releaseDate: '2030-03-01',
      paroleEligibilityDate: '2027-08-31',
      sundayLeaveDate: '2026-08-31',
      creditedDays: 320,
    },
    each: { a: ['2026-01-15', 1826, 320, '2030-03-01'] },
    rules: ['sentence-pretrial-credit'],
  },
  {
    name: 'custody in pretrial detention from 2025-03-01: the same 320 days',
    // As the case before, status 'pretrial': C = 320, release 2030-03-01, P 2027-08-31, Sunday 2026-08-31.
    sentences: [sen('a', '2026-01-15', { years: 5 })],
    custody: custody('2025-03-01', 'pretrial'),
    expected: {
      releaseDate: '2030-03-01',
      paroleEligibilityDate: '2027-08-31',
      sundayLeaveDate: '2026-08-31',
      creditedDays: 320,
    },
  },
  {
    name: 'custody admitted as sentenced: no pretrial days',
    // Status 'sentenced': C = 0. Release S + 1826 = 2031-01-15. P: 2026-01-15 + 913 = 2027-01-15 + 548
    // = 2028-01-15 + 183 (2028 leap: Jan 16, Feb 45, Mar 76, Apr 106, May 137, Jun 167, + 16) = 2028-07-16.
    // Sunday 2027-07-16.
    sentences: [sen('a', '2026-01-15', { years: 5 })],
    custody: custody('2025-03-01', 'sentenced'),
    expected: {
      releaseDate: '2031-01-15',
      paroleEligibilityDate: '2028-07-16',
      sundayLeaveDate: '2027-07-16',
      creditedDays: 0,
    },
    absent: ['sentence-pretrial-credit'],
  },
  {
    name: 'custody detained on the very day of the sentence: no pretrial days',
    // admittedOn = S: no day of custody before S, C = 0; as the case before.
    sentences: [sen('a', '2026-01-15', { years: 5 })],
    custody: custody('2026-01-15', 'detained'),
    expected: {
      releaseDate: '2031-01-15',
      paroleEligibilityDate: '2028-07-16',
      sundayLeaveDate: '2027-07-16',
      creditedDays: 0,
    },
  },
  {
    name: 'credit overlapping the custody pretrial days counts once',
    // Credit 2025-01-01..2025-03-31 ∪ pretrial 2025-03-01..2026-01-14 = 2025-01-01..2026-01-14 = 365 + 14 = 379.
    // Release 2031-01-15 − 379 = 2030-01-01 (2030-01-01 → 2031-01-15 = 365 + 14). P: 2026-01-15 + 913 − 379
    // = + 534 = 2027-01-15 + 169 = 2027-07-03. Sunday 2026-07-03.
    sentences: [sen('a', '2026-01-15', { years: 5 }, { credits: [credit('2025-01-01', '2025-03-31')] })],
    custody: custody('2025-03-01', 'pretrial'),
    expected: {
      releaseDate: '2030-01-01',
      paroleEligibilityDate: '2027-07-03',
      sundayLeaveDate: '2026-07-03',
      creditedDays: 379,
    },
  },
  {
    name: 'a credit inside the custody pretrial days adds nothing',
    // 2025-06-01..2025-06-30 lies inside 2025-03-01..2026-01-14: C = 320, as for the 320-day case.
    sentences: [
      sen(
        'a',
        '2026-01-15',
        { years: 5 },
        { credits: [credit('2025-06-01', '2025-06-30', 'pretrial-detention')] },
      ),
    ],
    custody: custody('2025-03-01', 'detained'),
    expected: {
      releaseDate: '2030-03-01',
      paroleEligibilityDate: '2027-08-31',
      sundayLeaveDate: '2026-08-31',
      creditedDays: 320,
    },
  },
  {
    name: 'a credit running past imposedAt is clipped to the day before',
    // Credit 2025-10-01..2026-02-01, S 2026-01-15: only 2025-10-01..2026-01-14 counts = 31 + 30 + 31 + 14 = 106.
    // S + 2y = 2028-01-15: L = 730. Release 2028-01-15 − 106 = 2027-10-01. P: 365 − 106 = + 259
    // = 2026-10-01. Sunday 2025-10-01.
    sentences: [sen('a', '2026-01-15', { years: 2 }, { credits: [credit('2025-10-01', '2026-02-01')] })],
    expected: {
      releaseDate: '2027-10-01',
      paroleEligibilityDate: '2026-10-01',
      sundayLeaveDate: '2025-10-01',
      creditedDays: 106,
    },
  },
  {
    name: 'a credit ending on imposedAt loses that day',
    // Credit 2026-01-06..2026-01-15, S 2026-01-15: 2026-01-06..01-14 = 9 days. Release 2028-01-15 − 9 =
    // 2028-01-06. P: 2026-01-15 + 365 − 9 = 2027-01-06. Sunday 2026-01-06.
    sentences: [sen('a', '2026-01-15', { years: 2 }, { credits: [credit('2026-01-06', '2026-01-15')] })],
    expected: {
      releaseDate: '2028-01-06',
      paroleEligibilityDate: '2027-01-06',
      sundayLeaveDate: '2026-01-06',
      creditedDays: 9,
    },
  },
  {
    name: 'a credit wholly after imposedAt counts nothing',
    // Credit 2026-02-01..02-10 is after S 2026-01-15: C = 0. Release 2028-01-15, P 2027-01-15, Sunday 2026-01-15.
    sentences: [sen('a', '2026-01-15', { years: 2 }, { credits: [credit('2026-02-01', '2026-02-10')] })],
    expected: {
      releaseDate: '2028-01-15',
      paroleEligibilityDate: '2027-01-15',
      sundayLeaveDate: '2026-01-15',
      creditedDays: 0,
    },
  },
  // ─── reductions ───────────────────────────────────────────────────────────────────────────────
  {
    name: 'a reduction moves the release only',
    // S 2020-04-01 + 6y = 2026-04-01: L = 2190 + 1 (2024-02-29) = 2191. R = 60: release 2026-04-01 − 60 =
    // 2026-01-31 (Mar 31 + Feb 28 = 59 back → 02-01, − 1). P ignores R: ⌈2191/2⌉ = 1096; 2020-04-01 + 365 × 3
    // = 2023-04-01 (no Feb 29 between), + 1 = 2023-04-02. Sunday 2022-04-02.
    sentences: [sen('a', '2020-04-01', { years: 6 }, { reductions: [reduction(60, '2023-04-01')] })],
    expected: {
      releaseDate: '2026-01-31',
      paroleEligibilityDate: '2023-04-02',
      sundayLeaveDate: '2022-04-02',
      creditedDays: 0,
      reducedDays: 60,
    },
    rules: ['cl-ley-19856'],
  },
  {
    name: 'two reductions and a credit',
    // L = 2191 as before. C = 2019-10-01..2020-03-31 = 31 + 30 + 31 + 31 + 29 + 31 = 183. R = 60 + 90 = 150.
    // Release 2026-04-01 − 333 = 2025-05-03 (2025-05-03 → 06-01 29, + Jun..Mar 304 = 333).
    // P: 2020-04-01 + 1096 − 183 = + 913 = 2022-10-01 (2020-04-01 + 730 = 2022-04-01, + 183). Sunday 2021-10-01.
    sentences: [
      sen(
        'a',
        '2020-04-01',
        { years: 6 },
        {
          credits: [credit('2019-10-01', '2020-03-31')],
          reductions: [reduction(60, '2023-04-01'), reduction(90, '2024-04-01')],
        },
      ),
    ],
    expected: {
      releaseDate: '2025-05-03',
      paroleEligibilityDate: '2022-10-01',
      sundayLeaveDate: '2021-10-01',
      creditedDays: 183,
      reducedDays: 150,
    },
  },
  // ─── consecutive chains ───────────────────────────────────────────────────────────────────────
  {
    name: 'chain of 2',
    // a: S 2022-03-01 + 2y = 2024-03-01: L = 731 (2024-02-29). b follows a: starts 2024-03-01, + 1y 6m =
    // 2025-09-01: L = 365 + 184 = 549. Release 2025-09-01. P: ⌈731/2⌉ + ⌈549/2⌉ = 366 + 275 = 641;
    // 2022-03-01 + 641 = 2023-03-01 (365) + 276 = 2023-12-02. Sunday 2022-12-02.
    sentences: [
      sen('a', '2022-03-01', { years: 2 }),
      sen('b', '2023-01-10', { years: 1, months: 6 }, { relation: after('a') }),
    ],
    expected: {
      releaseDate: '2025-09-01',
      paroleEligibilityDate: '2023-12-02',
      sundayLeaveDate: '2022-12-02',
      creditedDays: 0,
    },
    each: { a: ['2022-03-01', 731, 0, '2024-03-01'], b: ['2024-03-01', 549, 0, '2025-09-01'] },
    rules: ['sentence-consecutive', 'cl-dl321-2'],
  },
  {
    name: 'chain of 2: a day credited to the first is not credited again to the second',
    // a: C = 2021-12-01..2022-02-28 = 31 + 31 + 28 = 90; release 2024-03-01 − 90 = 2023-12-02.
    // b: credit 2022-02-01..2022-03-31 (all before its S 2023-01-10) minus a's days (2022-02-01..02-28) =
    // 2022-03-01..03-31 = 31. b starts 2023-12-02, + 1y 6m = 2025-06-02: L = 366 (2024-02-29) + 182 = 548;
    // release 2025-06-02 − 31 = 2025-05-02. Chain C = 121.
    // P: ⌈731/2⌉ + ⌈548/2⌉ = 366 + 274 = 640; 2022-03-01 + 640 − 121 = + 519 = 2023-03-01 + 154 = 2023-08-02.
    // Sunday 2022-08-02.
    sentences: [
      sen('a', '2022-03-01', { years: 2 }, { credits: [credit('2021-12-01', '2022-02-28')] }),
      sen(
        'b',
        '2023-01-10',
        { years: 1, months: 6 },
        { relation: after('a'), credits: [credit('2022-02-01', '2022-03-31')] },
      ),
    ],
    expected: {
      releaseDate: '2025-05-02',
      paroleEligibilityDate: '2023-08-02',
      sundayLeaveDate: '2022-08-02',
      creditedDays: 121,
    },
    each: { a: ['2022-03-01', 731, 90, '2023-12-02'], b: ['2023-12-02', 548, 31, '2025-05-02'] },
  },
  {
    name: 'chain of 2 with custody pretrial days: credited to the first only',
    // a: S 2026-01-15 + 3y = 2029-01-15: L = 1096 (2028-02-29); C = 320 (2025-03-01..2026-01-14);
    // release 2029-01-15 − 320 = 2028-03-01. b: the same 320 days are a's: C = 0; starts 2028-03-01, + 2y =
    // 2030-03-01: L = 730. Release 2030-03-01; chain C = 320.
    // P: 548 + 365 = 913; 2026-01-15 + 913 − 320 = 2027-08-31 (as the 320-day case). Sunday 2026-08-31.
    sentences: [
      sen('a', '2026-01-15', { years: 3 }),
      sen('b', '2026-06-01', { years: 2 }, { relation: after('a') }),
    ],
    custody: custody('2025-03-01', 'detained'),
    expected: {
      releaseDate: '2030-03-01',
      paroleEligibilityDate: '2027-08-31',
      sundayLeaveDate: '2026-08-31',
      creditedDays: 320,
    },
    each: { a: ['2026-01-15', 1096, 320, '2028-03-01'], b: ['2028-03-01', 730, 0, '2030-03-01'] },
  },
  {
    name: 'chain of 3',
    // a: 2021-05-10 + 3y = 2024-05-10: L = 1096. b: 2024-05-10 + 18m = 2025-11-10: L = 365 + 184 = 549.
    // c: 2025-11-10 + 1y 10d = 2026-11-20: L = 365 + 10 = 375. Release 2026-11-20.
    // P: 548 + 275 + 188 = 1011; 2021-05-10 + 1011: + 365 = 2022-05-10, + 365 = 2023-05-10, + 281 =
    // 2024-02-15 (May 21, Jun 51, Jul 82, Aug 113, Sep 143, Oct 174, Nov 204, Dec 235, Jan 266, + 15).
    // Sunday 2023-02-15.
    sentences: [
      sen('a', '2021-05-10', { years: 3 }),
      sen('b', '2022-02-01', { months: 18 }, { relation: after('a') }),
      sen('c', '2023-03-15', { years: 1, days: 10 }, { relation: after('b') }),
    ],
    expected: {
      releaseDate: '2026-11-20',
      paroleEligibilityDate: '2024-02-15',
      sundayLeaveDate: '2023-02-15',
      creditedDays: 0,
    },
    each: {
      a: ['2021-05-10', 1096, 0, '2024-05-10'],
      b: ['2024-05-10', 549, 0, '2025-11-10'],
      c: ['2025-11-10', 375, 0, '2026-11-20'],
    },
    rules: ['sentence-consecutive', 'cl-dl321-2'],
  },
  {
    name: 'chain of 3 with credits and a reduction on the middle one',
    // a: C = 2021-01-10..2021-05-09 = 22 + 28 + 31 + 30 + 9 = 120; release 2024-05-10 − 120 = 2024-01-11.
    // b: credit 2021-04-01..06-30 (before its S 2022-02-01) minus a's days up to 05-09 = 2021-05-10..06-30 =
    // 22 + 30 = 52. b starts 2024-01-11, + 18m = 2025-07-11: L = 366 + 181 = 547; R = 30: release
    // 2025-07-11 − 52 − 30 = 2025-04-20. c: starts 2025-04-20, + 1y 10d = 2026-04-30: L = 375; release
    // 2026-04-30. Chain C = 172; R = 30.
    // P (no R): 548 + ⌈547/2⌉ 274 + 188 = 1010; 2021-05-10 + 1010 − 172 = + 838 = 2023-05-10 (730) + 108 =
    // 2023-08-26. Sunday 2022-08-26.
    sentences: [
      sen('a', '2021-05-10', { years: 3 }, { credits: [credit('2021-01-10', '2021-05-09')] }),
      sen(
        'b',
        '2022-02-01',
        { months: 18 },
        {
          relation: after('a'),
          credits: [credit('2021-04-01', '2021-06-30', 'house-arrest')],
          reductions: [reduction(30, '2024-06-01')],
        },
      ),
      sen('c', '2023-03-15', { years: 1, days: 10 }, { relation: after('b') }),
    ],
    expected: {
      releaseDate: '2026-04-30',
      paroleEligibilityDate: '2023-08-26',
      sundayLeaveDate: '2022-08-26',
      creditedDays: 172,
      reducedDays: 30,
    },
    each: {
      a: ['2021-05-10', 1096, 120, '2024-01-11'],
      b: ['2024-01-11', 547, 52, '2025-04-20'],
      c: ['2025-04-20', 375, 0, '2026-04-30'],
    },
  },
  {
    name: 'two short sentences chained past one year: parole',
    // a: 2025-01-10 + 8m = 2025-09-10: L = 243. b: 2025-09-10 + 8m = 2026-05-10: L = 242. Total 485 > 365.
    // P: ⌈243/2⌉ + 242/2 = 122 + 121 = 243 → 2025-01-10 + 243 = 2025-09-10. Sunday 2024-09-10.
    sentences: [
      sen('a', '2025-01-10', { months: 8 }),
      sen('b', '2025-03-01', { months: 8 }, { relation: after('a') }),
    ],
    expected: {
      releaseDate: '2026-05-10',
      paroleEligibilityDate: '2025-09-10',
      sundayLeaveDate: '2024-09-10',
      creditedDays: 0,
    },
  },
  {
    name: 'two short sentences chained to exactly one year: no parole',
    // a: 2025-01-01 + 6m = 2025-07-01: L = 181. b: 2025-07-01 + 6m = 2026-01-01: L = 184. Total 365 = 1y
    // from 2025-01-01: no parole.
    sentences: [
      sen('a', '2025-01-01', { months: 6 }),
      sen('b', '2025-02-01', { months: 6 }, { relation: after('a') }),
    ],
    expected: {
      releaseDate: '2026-01-01',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
    absent: ['cl-dl321-2', SUNDAY],
  },
  {
    name: 'chain general + art. 3, each sentence its own fraction',
    // a: 2020-01-15 + 3y = 2023-01-15: L = 1096 (2020-02-29). b (art. 3): 2023-01-15 + 4y = 2027-01-15:
    // L = 1461 (2024-02-29). P: ⌈1096/2⌉ + ⌈1461×2/3⌉ = 548 + 974 = 1522; 2020-01-15 + 1522: + 366 + 365 + 365 +
    // 365 = 2024-01-15 (1461), + 61 (Jan 16, Feb 45, + 16) = 2024-03-16. Sunday 2023-03-16.
    sentences: [
      sen('a', '2020-01-15', { years: 3 }),
      sen('b', '2021-02-01', { years: 4 }, { cat: 'dl321-art3', relation: after('a') }),
    ],
    expected: {
      releaseDate: '2027-01-15',
      paroleEligibilityDate: '2024-03-16',
      sundayLeaveDate: '2023-03-16',
      creditedDays: 0,
    },
    rules: ['cl-dl321-2', 'cl-dl321-3', 'sentence-consecutive'],
    absent: ['sentence-parole-chain'],
  },
  {
    name: 'chain general + art. 3, strictest fraction for the whole chain',
    // Same chain, total L = 2557: ⌈2557×2/3⌉ = ⌈1704.67⌉ = 1705; 2020-01-15 + 1461 = 2024-01-15, + 244 =
    // 2024-09-15 (Jan 16, Feb 45, Mar 76, Apr 106, May 137, Jun 167, Jul 198, Aug 229, + 15). Sunday 2023-09-15.
    sentences: [
      sen('a', '2020-01-15', { years: 3 }),
      sen('b', '2021-02-01', { years: 4 }, { cat: 'dl321-art3', relation: after('a') }),
    ],
    options: { chainFraction: 'strictest' },
    expected: {
      releaseDate: '2027-01-15',
      paroleEligibilityDate: '2024-09-15',
      sundayLeaveDate: '2023-09-15',
      creditedDays: 0,
    },
    rules: ['sentence-parole-chain'],
    absent: ['cl-dl321-2', 'cl-dl321-3'],
  },
  {
    name: 'chain of two odd general lengths: per sentence rounds twice',
    // a: 2025-01-01 + 3y = 2028-01-01: L = 1095. b: 2028-01-01 + 2y = 2030-01-01: L = 731 (2028-02-29).
    // P: ⌈547.5⌉ + ⌈365.5⌉ = 548 + 366 = 914; 2025-01-01 + 730 = 2027-01-01, + 184 = 2027-07-04. Sunday 2026-07-04.
    sentences: [
      sen('a', '2025-01-01', { years: 3 }),
      sen('b', '2025-02-01', { years: 2 }, { relation: after('a') }),
    ],
    expected: {
      releaseDate: '2030-01-01',
      paroleEligibilityDate: '2027-07-04',
      sundayLeaveDate: '2026-07-04',
      creditedDays: 0,
    },
  },
  {
    name: 'chain of two odd general lengths: strictest rounds once',
    // Total 1095 + 731 = 1826: ⌈1826/2⌉ = 913 (one day less than 914); 2025-01-01 + 913 = 2027-07-03.
    // Sunday 2026-07-03.
    sentences: [
      sen('a', '2025-01-01', { years: 3 }),
      sen('b', '2025-02-01', { years: 2 }, { relation: after('a') }),
    ],
    options: { chainFraction: 'strictest' },
    expected: {
      releaseDate: '2030-01-01',
      paroleEligibilityDate: '2027-07-03',
      sundayLeaveDate: '2026-07-03',
      creditedDays: 0,
    },
  },
  // ─── concurrent sentences ─────────────────────────────────────────────────────────────────────
  {
    name: 'two concurrent: the later release, the later parole',
    // a: 2021-01-10 + 5y = 2026-01-10: L = 1826 (2024-02-29); P_a = 913 → 2023-07-12.
    // b: 2022-06-01 + 6y = 2028-06-01: L = 2190 + 2 (2024, 2028) = 2192; P_b = 1096 → 2022-06-01 + 3 × 365 + 1
    // = 2025-06-01. Release max = 2028-06-01; P max = 2025-06-01. Sunday 2024-06-01.
    sentences: [
      sen('a', '2021-01-10', { years: 5 }),
      sen('b', '2022-06-01', { years: 6 }, { relation: alongside('a') }),
    ],
    expected: {
      releaseDate: '2028-06-01',
      paroleEligibilityDate: '2025-06-01',
      sundayLeaveDate: '2024-06-01',
      creditedDays: 0,
    },
    each: { a: ['2021-01-10', 1826, 0, '2026-01-10'], b: ['2022-06-01', 2192, 0, '2028-06-01'] },
    rules: ['sentence-concurrent'],
    absent: ['sentence-consecutive'],
  },
  {
    name: 'concurrent: a chain without parole counts with its release',
    // a: 2024-01-01 + 2y = 2026-01-01: L = 731 > 366; P_a = 366 → 2025-01-01.
    // b: 2025-06-01 + 10m = 2026-04-01: L = 304 ≤ 365: no parole, counts with release 2026-04-01.
    // P = max(2025-01-01, 2026-04-01) = 2026-04-01; release 2026-04-01. Sunday 2025-04-01.
    sentences: [
      sen('a', '2024-01-01', { years: 2 }),
      sen('b', '2025-06-01', { months: 10 }, { relation: alongside('a') }),
    ],
    expected: {
      releaseDate: '2026-04-01',
      paroleEligibilityDate: '2026-04-01',
      sundayLeaveDate: '2025-04-01',
      creditedDays: 0,
    },
  },
  {
    name: 'concurrent, neither over one year: no parole',
    // a: 2025-01-01 + 10m = 2025-11-01: L = 304. b: 2025-03-01 + 11m = 2026-02-01: L = 337. No chain has
    // parole: P null. Release 2026-02-01.
    sentences: [
      sen('a', '2025-01-01', { months: 10 }),
      sen('b', '2025-03-01', { months: 11 }, { relation: alongside('a') }),
    ],
    expected: {
      releaseDate: '2026-02-01',
      paroleEligibilityDate: null,
      sundayLeaveDate: null,
      creditedDays: 0,
    },
  },
  {
    name: 'concurrent sentences each use the same pretrial days',
    // Both imposed 2026-01-15, pretrial 320 days each (counted once in creditedDays).
    // a: L = 1826, release 2030-03-01, P_a = 2026-01-15 + 913 − 320 = 2027-08-31.
    // b (art. 3): + 4y = 2030-01-15: L = 1461; release 2030-01-15 − 320 = 2029-03-01; P_b = ⌈1461×2/3⌉ = 974;
    // 2026-01-15 + 654 = 2027-01-15 + 289 = 2027-10-31. P = 2027-10-31; Sunday 2026-10-31.
    sentences: [
      sen('a', '2026-01-15', { years: 5 }),
      sen('b', '2026-01-15', { years: 4 }, { cat: 'dl321-art3', relation: alongside('a') }),
    ],
    custody: custody('2025-03-01', 'pretrial'),
    expected: {
      releaseDate: '2030-03-01',
      paroleEligibilityDate: '2027-10-31',
      sundayLeaveDate: '2026-10-31',
      creditedDays: 320,
    },
    each: { a: ['2026-01-15', 1826, 320, '2030-03-01'], b: ['2026-01-15', 1461, 320, '2029-03-01'] },
  },
  {
    name: 'pretrial days stop at the first sentence, also for a later concurrent one',
    // Pretrial days 2025-03-01..2026-01-14 (320), before the FIRST sentence (a, 2026-01-15), for both.
    // a: + 2y = 2028-01-15: L = 730; release 2028-01-15 − 320 = 2027-03-01; P_a = 365 − 320 → 2026-03-01.
    // b: 2026-03-01 + 5y = 2031-03-01: L = 1826; release 2031-03-01 − 320 = 2030-04-15; P_b = 2026-03-01 + 913
    // − 320 = + 593 = 2027-03-01 + 228 = 2027-10-15. P = 2027-10-15; Sunday 2026-10-15.
    sentences: [
      sen('a', '2026-01-15', { years: 2 }),
      sen('b', '2026-03-01', { years: 5 }, { relation: alongside('a') }),
    ],
    custody: custody('2025-03-01', 'detained'),
    expected: {
      releaseDate: '2030-04-15',
      paroleEligibilityDate: '2027-10-15',
      sundayLeaveDate: '2026-10-15',
      creditedDays: 320,
    },
    each: { a: ['2026-01-15', 730, 320, '2027-03-01'], b: ['2026-03-01', 1826, 320, '2030-04-15'] },
  },
  {
    name: 'a consecutive sentence after one of a concurrent pair',
    // a: 2022-01-10 + 4y = 2026-01-10: L = 1461; P_a = 731 → 2024-01-11.
    // b (concurrent with a): 2022-03-01 + 3y = 2025-03-01: L = 1096. c follows b: 2025-03-01 + 2y =
    // 2027-03-01: L = 730. Release max(2026-01-10, 2027-03-01) = 2027-03-01.
    // Chain b→c: 548 + 365 = 913; 2022-03-01 + 731 (2024-02-29) = 2024-03-01, + 182 (→ 04-01 31, 05-01 61,
    // 06-01 92, 07-01 122, 08-01 153, + 29) = 2024-08-30. P = max(2024-01-11, 2024-08-30); Sunday 2023-08-30.
    sentences: [
      sen('a', '2022-01-10', { years: 4 }),
      sen('b', '2022-03-01', { years: 3 }, { relation: alongside('a') }),
      sen('c', '2023-02-01', { years: 2 }, { relation: after('b') }),
    ],
    expected: {
      releaseDate: '2027-03-01',
      paroleEligibilityDate: '2024-08-30',
      sundayLeaveDate: '2023-08-30',
      creditedDays: 0,
    },
    each: {
      a: ['2022-01-10', 1461, 0, '2026-01-10'],
      b: ['2022-03-01', 1096, 0, '2025-03-01'],
      c: ['2025-03-01', 730, 0, '2027-03-01'],
    },
    rules: ['sentence-concurrent', 'sentence-consecutive'],
  },
  {
    name: 'a chain of 50 years: may apply after 20 (DL 321 art. 3 inc. 4)',
    // a: 2010-01-01 + 25y = 2035-01-01: L = 25 × 365 + 6 (2012 … 2032) = 9131. b follows a: 2035-01-01 + 25y =
    // 2060-01-01: L = 9131 (2036 … 2056). ½ of each: ⌈9131/2⌉ × 2 = 9132 → 2035-01-02; but the chain is
    // 18262 days ≥ 40 years (2010-01-01 → 2050-01-01 = 14610), so the earlier 2010-01-01 + 20y = 2030-01-01
    // holds. Sunday 2029-01-01.
    sentences: [
      sen('a', '2010-01-01', { years: 25 }),
      sen('b', '2012-06-01', { years: 25 }, { relation: after('a') }),
    ],
    expected: {
      releaseDate: '2060-01-01',
      paroleEligibilityDate: '2030-01-01',
      sundayLeaveDate: '2029-01-01',
      creditedDays: 0,
    },
    each: { a: ['2010-01-01', 9131, 0, '2035-01-01'], b: ['2035-01-01', 9131, 0, '2060-01-01'] },
  },
  // ─── life ─────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'simple life',
    // No release. P = 2020-05-05 + 20y = 2040-05-05; Sunday 2039-05-05.
    sentences: [sen('a', '2020-05-05', { life: 'simple' })],
    expected: {
      releaseDate: null,
      paroleEligibilityDate: '2040-05-05',
      sundayLeaveDate: '2039-05-05',
      creditedDays: 0,
    },
    each: { a: ['2020-05-05', null, 0, null] },
    rules: ['cl-dl321-3-life', SUNDAY],
    absent: ['cl-dl321-2', 'cl-dl321-3', 'release-date'],
  },
  {
    name: 'simple life with the custody pretrial days',
    // C = 320 (2025-03-01..2026-01-14). P = 2026-01-15 + 20y = 2046-01-15, − 320 = 2045-03-01
    // (2045-03-01 → 2046-01-15 = 306 + 14). Sunday 2044-03-01.
    sentences: [sen('a', '2026-01-15', { life: 'simple' })],
    custody: custody('2025-03-01', 'detained'),
    expected: {
      releaseDate: null,
      paroleEligibilityDate: '2045-03-01',
      sundayLeaveDate: '2044-03-01',
      creditedDays: 320,
    },
    rules: ['cl-dl321-3-life'],
  },
  {
    name: 'qualified life with a credit',
    // C = 2018-07-01..2019-06-30 = 365. P = 2019-07-01 + 40y = 2059-07-01, − 365 = 2058-07-01
    // (2058-07-01 → 2059-07-01 has no Feb 29). No Sunday leave: a qualified life sentence bars every
    // leave that means release (Código Penal art. 32 bis rule 2).
    sentences: [
      sen(
        'a',
        '2019-07-01',
        { life: 'qualified' },
        { cat: 'dl321-art3', credits: [credit('2018-07-01', '2019-06-30', 'pretrial-detention')] },
      ),
    ],
    expected: {
      releaseDate: null,
      paroleEligibilityDate: '2058-07-01',
      sundayLeaveDate: null,
      creditedDays: 365,
    },
    rules: ['cl-dl321-3-life'],
    absent: ['cl-dl321-3'],
  },
  {
    name: 'qualified life imposed on Feb 29',
    // C = 2023-03-01..03-10 = 10. P = 2024-02-29 + 40y = 2064-02-29 (2064 leap), − 10 = 2064-02-19.
    // No Sunday leave under qualified life (CP art. 32 bis).
    sentences: [
      sen('a', '2024-02-29', { life: 'qualified' }, { credits: [credit('2023-03-01', '2023-03-10')] }),
    ],
    expected: {
      releaseDate: null,
      paroleEligibilityDate: '2064-02-19',
      sundayLeaveDate: null,
      creditedDays: 10,
    },
  },
  {
    name: 'life concurrent with a temporal sentence',
    // a life: P_a = 2020-01-01 + 20y = 2040-01-01. b: 2021-01-01 + 30y = 2051-01-01: L = 30 × 365 + 7 (2024,
    // 2028, …, 2048) = 10957; P_b = ⌈10957/2⌉ = 5479 = 15 × 365 + 3 (2024, 2028, 2032) + 1 → 2036-01-01 + 1 =
    // 2036-01-02. Release null (life); P = max = 2040-01-01; Sunday 2039-01-01.
    sentences: [
      sen('a', '2020-01-01', { life: 'simple' }),
      sen('b', '2021-01-01', { years: 30 }, { relation: alongside('a') }),
    ],
    expected: {
      releaseDate: null,
      paroleEligibilityDate: '2040-01-01',
      sundayLeaveDate: '2039-01-01',
      creditedDays: 0,
    },
    each: { a: ['2020-01-01', null, 0, null], b: ['2021-01-01', 10957, 0, '2051-01-01'] },
    rules: ['cl-dl321-3-life', 'cl-dl321-2', 'sentence-concurrent'],
  },
];

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
