import { type Case, SUNDAY, sen, THRESHOLD } from './helpers.js';

export const lengthsCases: Case[] = [
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
];
