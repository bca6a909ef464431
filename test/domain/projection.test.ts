import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectionCsv } from '../../src/domain/projection/export.js';
import type { Lever, Scenario } from '../../src/domain/projection/model.js';
import { Rng } from '../../src/domain/projection/random.js';
import { checkScenario } from '../../src/domain/projection/scenario.js';
import { addMonths, monthsBetween, project, simulateRun } from '../../src/domain/projection/simulate.js';

const scenario = (extra: Partial<Scenario> = {}): Scenario => ({
  id: 'test',
  name: { es: 'Prueba', en: 'Test' },
  start: '2026-01',
  months: 24,
  initial: { detained: 200, pretrial: 1500, sentenced: 3000 },
  capacity: 5000,
  admissionsPerMonth: 400,
  transitions: {
    detainedToPretrial: 0.6,
    detainedToReleased: 0.3,
    pretrialToSentenced: 0.08,
    pretrialToReleased: 0.05,
  },
  pretrialLimitMonths: 24,
  sentenceBands: [
    { label: '<1y', share: 0.3, minMonths: 1, maxMonths: 11 },
    { label: '1-3y', share: 0.4, minMonths: 12, maxMonths: 36 },
    { label: '3y+', share: 0.3, minMonths: 37, maxMonths: 120 },
  ],
  levers: [],
  runs: 5,
  seed: 42,
  sources: [{ what: 'test', publisher: 'nobody' }],
  ...extra,
});

/** a deterministic scenario: nobody moves unless a probability is 1 */
const still = (extra: Partial<Scenario> = {}): Scenario =>
  scenario({
    initial: { detained: 0, pretrial: 0, sentenced: 0 },
    admissionsPerMonth: 10,
    transitions: {
      detainedToPretrial: 0,
      detainedToReleased: 0,
      pretrialToSentenced: 0,
      pretrialToReleased: 0,
    },
    pretrialLimitMonths: null,
    months: 12,
    runs: 3,
    ...extra,
  });

const conserves = (s: Scenario) => {
  const total0 = s.initial.detained + s.initial.pretrial + s.initial.sentenced;
  for (let r = 0; r < s.runs; r++) {
    const rs = simulateRun(s, r);
    let adm = 0;
    let rel = 0;
    for (let m = 0; m < s.months; m++) {
      adm += rs.admitted[m]!;
      rel += rs.released[m]!;
      expect(total0 + adm).toBe(rel + rs.inside[m]!);
      expect(rs.inside[m]).toBe(rs.detained[m]! + rs.pretrial[m]! + rs.sentenced[m]!);
    }
  }
};

describe('months and the PRNG', () => {
  it('adds months across years without dates', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsBetween('2025-12', '2027-02')).toBe(14);
  });

  it('gives the same sequence for the same seed and stream, another for another stream', () => {
    const seq = (seed: number, stream: number) => {
      const r = new Rng(seed, stream);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(seq(7, 0)).toEqual(seq(7, 0));
    expect(seq(7, 1)).not.toEqual(seq(7, 0));
    expect(seq(8, 0)).not.toEqual(seq(7, 0));
    const r = new Rng(1, 2);
    for (let i = 0; i < 1000; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});

describe('project', () => {
  it('is the same bit for bit for the same seed, and differs for another seed', () => {
    const s = scenario({ levers: [{ kind: 'arrest-surge', from: '2026-03', months: 4, factor: 1.5 }] });
    const a = JSON.stringify(project(s));
    expect(JSON.stringify(project(structuredClone(s)))).toBe(a);
    expect(JSON.stringify(project({ ...s, seed: 43 }))).not.toBe(a);
    expect(JSON.stringify(simulateRun(s, 0))).not.toBe(JSON.stringify(simulateRun(s, 1)));
  });

  it('conserves people in every run and every month (initial + admitted = released + inside)', () => {
    conserves(
      scenario({
        admissionsPerMonth: [100, 900, 50, 400],
        levers: [
          { kind: 'arrest-surge', from: '2026-02', months: 3, factor: 2.5 },
          { kind: 'pretrial-limit', from: '2026-06', months: 3 },
          { kind: 'sentence-length', from: '2026-04', factor: 1.7 },
        ],
      }),
    );
  });

  it('conserves people for random small scenarios', () => {
    const p = fc.double({ min: 0, max: 0.5, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({
          d: fc.nat(50),
          pt: fc.nat(50),
          st: fc.nat(50),
          adm: fc.nat(40),
          dp: p,
          dr: p,
          ps: p,
          pr: p,
          limit: fc.option(fc.integer({ min: 1, max: 6 })),
          seed: fc.nat(),
        }),
        (c) =>
          conserves(
            scenario({
              initial: { detained: c.d, pretrial: c.pt, sentenced: c.st },
              admissionsPerMonth: c.adm,
              transitions: {
                detainedToPretrial: c.dp,
                detainedToReleased: c.dr,
                pretrialToSentenced: c.ps,
                pretrialToReleased: c.pr,
              },
              pretrialLimitMonths: c.limit,
              seed: c.seed,
              runs: 2,
              months: 18,
            }),
          ),
      ),
      { numRuns: 50 },
    );
  });

  it('keeps a closed system constant (no admissions, no releases possible)', () => {
    const s = still({
      initial: { detained: 50, pretrial: 70, sentenced: 0 },
      admissionsPerMonth: 0,
      sentenceBands: [{ label: 'long', share: 1, minMonths: 1000, maxMonths: 1000 }],
      months: 36,
    });
    for (let r = 0; r < s.runs; r++) {
      const rs = simulateRun(s, r);
      expect([...new Set(rs.detained)]).toEqual([50]);
      expect([...new Set(rs.pretrial)]).toEqual([70]);
      expect([...new Set(rs.released)]).toEqual([0]);
    }
    const p = project(s);
    expect(p.months.every((m) => m.population.p5 === 120 && m.population.p95 === 120)).toBe(true);
    expect(p.personMonths).toBe(120 * 36 * 3);
  });

  it('treats the people serving sentences at the start as a stock: months left uniform within their sentence', () => {
    // one band of exactly 100 months: of a stock, about 1 % leave each month (not 2 %, as half of each
    // sentence would give, nor 0 %, as a fresh sentence would)
    const s = still({
      initial: { detained: 0, pretrial: 0, sentenced: 20_000 },
      admissionsPerMonth: 0,
      sentenceBands: [{ label: 'fixed', share: 1, minMonths: 100, maxMonths: 100 }],
      months: 24,
    });
    const rs = simulateRun(s, 0);
    const gone = rs.released.reduce((a, b) => a + b, 0);
    expect(gone / 20_000).toBeGreaterThan(0.22);
    expect(gone / 20_000).toBeLessThan(0.26);
  });

  it('multiplies admissions by an arrest surge in its months only (surges multiply)', () => {
    const levers: Lever[] = [
      { kind: 'arrest-surge', from: '2026-03', months: 3, factor: 1.5 },
      { kind: 'arrest-surge', from: '2026-05', months: 2, factor: 2 },
    ];
    const rs = simulateRun(still({ admissionsPerMonth: 100, levers, months: 8 }), 0);
    expect([...rs.admitted]).toEqual([100, 100, 150, 150, 300, 200, 100, 100]);
    // a per-month list: the last value repeats
    const rs2 = simulateRun(still({ admissionsPerMonth: [1, 2, 3], months: 5 }), 0);
    expect([...rs2.admitted]).toEqual([1, 2, 3, 3, 3]);
  });

  it('changes capacity from a capacity lever’s month on', () => {
    const p = project(
      still({
        capacity: 100,
        months: 6,
        levers: [
          { kind: 'capacity', from: '2026-03', places: 40 },
          { kind: 'capacity', from: '2026-05', places: -10 },
        ],
      }),
    );
    expect(p.months.map((m) => m.capacity)).toEqual([100, 100, 140, 140, 130, 130]);
    expect(p.months[2]!.month).toBe('2026-03');
  });

  it('releases pretrial people reaching the limit in force (nobody pretrial longer)', () => {
    const s = still({
      admissionsPerMonth: 10,
      transitions: {
        detainedToPretrial: 1,
        detainedToReleased: 0,
        pretrialToSentenced: 0,
        pretrialToReleased: 0,
      },
      pretrialLimitMonths: 3,
      levers: [{ kind: 'pretrial-limit', from: '2026-07', months: 1 }],
      months: 9,
    });
    const rs = simulateRun(s, 0);
    // each month's admissions spend 3 month-ends pretrial, then 1 after the lever
    expect([...rs.pretrial]).toEqual([10, 20, 30, 30, 30, 30, 10, 10, 10]);
    expect([...rs.released]).toEqual([0, 0, 0, 10, 10, 10, 30, 10, 10]);
    expect([...rs.detained]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // with random outflows too, the pretrial count never exceeds limit × admissions
    const r2 = simulateRun({ ...s, transitions: { ...s.transitions, pretrialToReleased: 0.2 } }, 1);
    for (let m = 0; m < 6; m++) expect(r2.pretrial[m]).toBeLessThanOrEqual(30);
  });

  it('draws the months the starting pretrial stock has served from initial.pretrialServed, below its maxMonths', () => {
    // 6,000 people in pretrial at the start who have served 0-5 months; nobody leaves but by a limit
    const s = still({
      initial: { detained: 0, pretrial: 6000, sentenced: 0, pretrialServed: { meanMonths: 3, maxMonths: 6 } },
      admissionsPerMonth: 0,
      levers: [{ kind: 'pretrial-limit', from: '2026-03', months: 7 }],
      months: 10,
    });
    for (let r = 0; r < s.runs; r++) {
      const rs = simulateRun(s, r);
      // nobody before the lever (month 2); at it, those who have served 4 or 5 months (they reach 7),
      // then one group a month: the last, who had served 0 months, in month 6 (7 months in pretrial)
      expect([rs.released[0], rs.released[1]]).toEqual([0, 0]);
      for (let m = 2; m <= 6; m++) expect(rs.released[m], `month ${m}`).toBeGreaterThan(0);
      expect(rs.released.slice(2, 7).reduce((a, b) => a + b, 0)).toBe(6000);
      expect([...rs.pretrial.slice(6)]).toEqual([0, 0, 0, 0]);
      // geometric of mean 3 below 6: P(4 or 5 months | under 6) = (0.75^4 - 0.75^6) / (1 - 0.75^6) ≈ 0.168
      expect(rs.released[2]! / 6000).toBeGreaterThan(0.14);
      expect(rs.released[2]! / 6000).toBeLessThan(0.2);
    }
    // a limit of 7 in force from the start: nobody has served 6 months, some have served 5
    const fromStart = simulateRun({ ...s, pretrialLimitMonths: 7, levers: [] }, 0);
    expect(fromStart.released[0]).toBe(0);
    expect(fromStart.released[1]).toBeGreaterThan(0);
  });

  it('without initial.pretrialServed, draws the starting stock from its own exit probability, capped below the limit', () => {
    // exit 1 % a month: a mean of 99 months, so most of the stock is put just below the 24-month limit
    // and released in the first month; with pretrialServed below 6 months, almost nobody is
    const s = still({
      initial: { detained: 0, pretrial: 6000, sentenced: 0 },
      admissionsPerMonth: 0,
      transitions: {
        detainedToPretrial: 0,
        detainedToReleased: 0,
        pretrialToSentenced: 0,
        pretrialToReleased: 0.01,
      },
      pretrialLimitMonths: 24,
      months: 3,
    });
    const old = simulateRun(s, 0);
    // P(served ≥ 23) = 0.99^23 ≈ 0.79
    expect(old.released[0]! / 6000).toBeGreaterThan(0.75);
    expect(old.released[0]! / 6000).toBeLessThan(0.83);
    const given = simulateRun(
      { ...s, initial: { ...s.initial, pretrialServed: { meanMonths: 3, maxMonths: 6 } } },
      0,
    );
    expect(given.released[0]! / 6000).toBeLessThan(0.03);
    // absent is absent: an explicit undefined draws exactly as before
    expect(simulateRun({ ...s, initial: { ...s.initial, pretrialServed: undefined } }, 0)).toEqual(old);
  });

  it('lengthens sentences imposed while a sentence-length lever is in force', () => {
    const s = still({
      initial: { detained: 0, pretrial: 10, sentenced: 0 },
      admissionsPerMonth: 0,
      transitions: {
        detainedToPretrial: 0,
        detainedToReleased: 0,
        pretrialToSentenced: 1,
        pretrialToReleased: 0,
      },
      sentenceBands: [{ label: '4m', share: 1, minMonths: 4, maxMonths: 4 }],
      months: 10,
    });
    expect(simulateRun(s, 0).released.indexOf(10)).toBe(4);
    const longer = { ...s, levers: [{ kind: 'sentence-length', from: '2026-01', factor: 2 } as Lever] };
    expect(simulateRun(longer, 0).released.indexOf(10)).toBe(8);
  });

  it('answers exceedsCapacityIn and placesNeeded on a hand-checkable case', () => {
    // inside at the end of month m = 10 (m + 1); capacity 25, then 45 from month 4
    const p = project(
      still({ capacity: 25, months: 6, levers: [{ kind: 'capacity', from: '2026-05', places: 20 }] }),
    );
    expect(p.months.map((m) => m.population.p50)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(p.exceedsCapacityIn).toBe('2026-03');
    expect(p.placesNeeded).toBe(15);
    expect(p.months[3]!.occupancy).toBeCloseTo(1.6);
    expect(p.months[0]!.pretrialShare).toBe(1);
    const fits = project(still({ capacity: 1000, months: 6 }));
    expect(fits.exceedsCapacityIn).toBeNull();
    expect(fits.placesNeeded).toBe(0);
  });

  it('orders the percentiles and writes one CSV row a month', () => {
    const p = project(scenario({ runs: 9 }));
    for (const m of p.months) {
      expect(m.population.p5).toBeLessThanOrEqual(m.population.p50);
      expect(m.population.p50).toBeLessThanOrEqual(m.population.p95);
    }
    const lines = projectionCsv(p).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'month,p5,p50,p95,detained,pretrial,sentenced,admitted,released,capacity,occupancy,pretrialShare',
    );
    expect(lines).toHaveLength(25);
    expect(lines[1]!.split(',')).toHaveLength(12);
    expect(lines[1]!.startsWith('2026-01,')).toBe(true);
  });
});

describe('checkScenario', () => {
  it('accepts a valid scenario', () => {
    expect(checkScenario(JSON.parse(JSON.stringify(scenario())))).toEqual({ scenario: scenario() });
  });

  it('names every bad field', () => {
    const bad: any = JSON.parse(JSON.stringify(scenario()));
    bad.start = '2026-13';
    bad.months = 0;
    bad.runs = 500;
    bad.initial.pretrial = -1;
    bad.transitions.detainedToPretrial = 1.5;
    bad.transitions.pretrialToSentenced = 0.7;
    bad.transitions.pretrialToReleased = 0.6;
    bad.sentenceBands[0].share = 0.2;
    bad.sentenceBands[1].minMonths = 40;
    bad.levers = [
      { kind: 'amnesty', from: '2026-02' },
      { kind: 'arrest-surge', from: '26-02', months: 0, factor: -1 },
    ];
    bad.admissionsPerMonth = [1, -2];
    delete bad.name.en;
    const r = checkScenario(bad);
    expect('violations' in r).toBe(true);
    const fields = 'violations' in r ? r.violations.map((v) => v.field) : [];
    expect(fields.sort()).toEqual(
      [
        'admissionsPerMonth[1]',
        'initial.pretrial',
        'levers[0].kind',
        'levers[1].factor',
        'levers[1].from',
        'levers[1].months',
        'months',
        'name.en',
        'runs',
        'sentenceBands',
        'sentenceBands[1].maxMonths',
        'start',
        'transitions.detainedToPretrial',
        'transitions.pretrialToReleased',
      ].sort(),
    );
    expect(checkScenario(null)).toEqual({ violations: [{ field: '', problem: 'must be an object' }] });
    expect(checkScenario('x')).toHaveProperty('violations');
  });

  it('checks initial.pretrialServed when present', () => {
    const fieldsOf = (pretrialServed: unknown) => {
      const s: any = JSON.parse(JSON.stringify(scenario()));
      s.initial.pretrialServed = pretrialServed;
      const r = checkScenario(s);
      return 'violations' in r ? r.violations.map((v) => v.field).sort() : [];
    };
    expect(fieldsOf({ meanMonths: 9, maxMonths: 24 })).toEqual([]);
    expect(fieldsOf({ meanMonths: 0.5, maxMonths: 1 })).toEqual([]);
    expect(fieldsOf({ meanMonths: 9, maxMonths: 65535 })).toEqual([]);
    expect(fieldsOf(undefined)).toEqual([]);
    expect(fieldsOf(12)).toEqual(['initial.pretrialServed']);
    expect(fieldsOf(null)).toEqual(['initial.pretrialServed']);
    expect(fieldsOf({ meanMonths: 0, maxMonths: 0 })).toEqual([
      'initial.pretrialServed.maxMonths',
      'initial.pretrialServed.meanMonths',
    ]);
    expect(fieldsOf({ meanMonths: -1, maxMonths: 2.5 })).toEqual([
      'initial.pretrialServed.maxMonths',
      'initial.pretrialServed.meanMonths',
    ]);
    expect(fieldsOf({ meanMonths: '9', maxMonths: 65536 })).toEqual([
      'initial.pretrialServed.maxMonths',
      'initial.pretrialServed.meanMonths',
    ]);
    expect(fieldsOf({ maxMonths: 24 })).toEqual(['initial.pretrialServed.meanMonths']);
    expect(fieldsOf({ meanMonths: 9 })).toEqual(['initial.pretrialServed.maxMonths']);
    // JSON has no Infinity; a caller in code might pass it
    expect(fieldsOf({ meanMonths: Number.POSITIVE_INFINITY, maxMonths: 24 })).toEqual([
      'initial.pretrialServed.meanMonths',
    ]);
  });
});
