import { after, alongside, type Case, credit, custody, reduction, SUNDAY, sen } from './helpers.js';

export const chainsCases: Case[] = [
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
    // 2060-01-01: L = 9131 (2036 … 2056). ½ of each: ⌈9131/2⌉ × 2 = 9132 → 2035-01-02 (the contract's
    // date); the chain is 18262 days ≥ 40 years (2010-01-01 → 2050-01-01 = 14610), so the law's earlier
    // 2010-01-01 + 20y = 2030-01-01 is said beside it. Sunday 2034-01-02.
    sentences: [
      sen('a', '2010-01-01', { years: 25 }),
      sen('b', '2012-06-01', { years: 25 }, { relation: after('a') }),
    ],
    law: { paroleAfterTwentyYears: '2030-01-01', noLeave: false },
    expected: {
      releaseDate: '2060-01-01',
      paroleEligibilityDate: '2035-01-02',
      sundayLeaveDate: '2034-01-02',
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
    // (2058-07-01 → 2059-07-01 has no Feb 29). Sunday 2057-07-01 by the arithmetic; the law bars every
    // leave that means release under qualified life (Código Penal art. 32 bis rule 2): noLeave.
    law: { paroleAfterTwentyYears: null, noLeave: true },
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
      sundayLeaveDate: '2057-07-01',
      creditedDays: 365,
    },
    rules: ['cl-dl321-3-life'],
    absent: ['cl-dl321-3'],
  },
  {
    name: 'qualified life imposed on Feb 29',
    // C = 2023-03-01..03-10 = 10. P = 2024-02-29 + 40y = 2064-02-29 (2064 leap), − 10 = 2064-02-19.
    // Sunday 2063-02-19 by the arithmetic; noLeave under qualified life (CP art. 32 bis).
    law: { paroleAfterTwentyYears: null, noLeave: true },
    sentences: [
      sen('a', '2024-02-29', { life: 'qualified' }, { credits: [credit('2023-03-01', '2023-03-10')] }),
    ],
    expected: {
      releaseDate: null,
      paroleEligibilityDate: '2064-02-19',
      sundayLeaveDate: '2063-02-19',
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
