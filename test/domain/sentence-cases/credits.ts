import { type Case, credit, custody, reduction, sen } from './helpers.js';

export const creditsCases: Case[] = [
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
    name: 'a credit running past imposedAt counts every day (the contract), and a step says so',
    // Credit 2025-10-01..2026-02-01 = 31 + 30 + 31 + 31 + 1 = 124 days (the contract counts every credit
    // day). S + 2y = 2028-01-15: L = 730. Release 2028-01-15 − 124 = 2027-09-13 (Jan 15 − 15 = Dec 31,
    // − 109 more: Dec 31, Nov 30, Oct 31 = 92 → Sep 30, − 17 = Sep 13). P: 2026-01-15 + 365 = 2027-01-15,
    // − 124 = 2026-09-13. Sunday 2025-09-13.
    sentences: [sen('a', '2026-01-15', { years: 2 }, { credits: [credit('2025-10-01', '2026-02-01')] })],
    expected: {
      releaseDate: '2027-09-13',
      paroleEligibilityDate: '2026-09-13',
      sundayLeaveDate: '2025-09-13',
      creditedDays: 124,
    },
    rules: ['cl-cpp-348'],
  },
  {
    name: 'a credit ending on imposedAt counts that day too',
    // Credit 2026-01-06..2026-01-15 = 10 days, both ends included. Release 2028-01-15 − 10 = 2028-01-05.
    // P: 2026-01-15 + 365 − 10 = 2027-01-05. Sunday 2026-01-05.
    sentences: [sen('a', '2026-01-15', { years: 2 }, { credits: [credit('2026-01-06', '2026-01-15')] })],
    expected: {
      releaseDate: '2028-01-05',
      paroleEligibilityDate: '2027-01-05',
      sundayLeaveDate: '2026-01-05',
      creditedDays: 10,
    },
  },
  {
    name: 'a credit wholly after imposedAt still counts (the contract), flagged in the steps',
    // Credit 2026-02-01..02-10 = 10 days. Release 2028-01-15 − 10 = 2028-01-05, P 2027-01-05, Sunday 2026-01-05.
    sentences: [sen('a', '2026-01-15', { years: 2 }, { credits: [credit('2026-02-01', '2026-02-10')] })],
    expected: {
      releaseDate: '2028-01-05',
      paroleEligibilityDate: '2027-01-05',
      sundayLeaveDate: '2026-01-05',
      creditedDays: 10,
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
];
