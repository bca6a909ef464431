/**
 * The shipped projection scenarios (data/scenarios/*.json): they pass `checkScenario`, and the engine
 * reproduces what was observed. Bounds are stated here and in docs/projection.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Projection, Scenario } from '../../src/domain/projection/model.js';
import { checkScenario } from '../../src/domain/projection/scenario.js';
import { project } from '../../src/domain/projection/simulate.js';

const load = (name: string): Scenario => {
  const raw: unknown = JSON.parse(
    readFileSync(new URL(`../../data/scenarios/${name}`, import.meta.url), 'utf8'),
  );
  const checked = checkScenario(raw);
  if ('violations' in checked) throw new Error(`${name}: ${JSON.stringify(checked.violations)}`);
  return checked.scenario;
};

/** Absolute percentage error of the p50 at every observed month (all must be inside the projection). */
function errors(
  s: Scenario,
  p: Projection,
): { month: string; observed: number; p50: number; error: number }[] {
  return (s.observed ?? []).map((o) => {
    const m = p.months.find((r) => r.month === o.month);
    if (!m) throw new Error(`observed month ${o.month} is outside the projection`);
    return {
      month: o.month,
      observed: o.population,
      p50: m.population.p50,
      error: Math.abs(m.population.p50 - o.population) / o.population,
    };
  });
}
const mape = (e: { error: number }[]) => e.reduce((a, x) => a + x.error, 0) / e.length;

describe('shipped scenarios', () => {
  it('both pass checkScenario and cite sources', () => {
    for (const name of ['chile-2025.json', 'el-salvador-2022.json']) {
      const s = load(name);
      expect(s.sources.length).toBeGreaterThan(0);
      expect(s.runs).toBe(20);
    }
  });
});

describe('El Salvador 2022-2024 backcast', () => {
  const s = load('el-salvador-2022.json');
  const p = project(s);

  it('has at least 3 observed points from 2022 to 2024', () => {
    const years = new Set((s.observed ?? []).map((o) => o.month.slice(0, 4)));
    expect((s.observed ?? []).length).toBeGreaterThanOrEqual(3);
    expect([...years].sort()).toEqual(['2022', '2023', '2024']);
  });

  it('MAPE of the p50 against every observed point is at most 10 %', () => {
    const e = errors(s, p);
    expect(mape(e)).toBeLessThanOrEqual(0.1);
    // no single point off by more than 15 %
    for (const x of e) expect(x.error, x.month).toBeLessThanOrEqual(0.15);
  });

  it('end 2024 is within ±10 % of 108,500 (the reported 107,000-110,000)', () => {
    const end = p.months.find((m) => m.month === '2024-12')!;
    expect(Math.abs(end.population.p50 - 108_500) / 108_500).toBeLessThanOrEqual(0.1);
    // and roughly triple the population before the state of exception
    const before = s.initial.detained + s.initial.pretrial + s.initial.sentenced;
    expect(end.population.p50 / before).toBeGreaterThan(2.5);
  });

  it('is over capacity from the first month, and still after CECOT opens', () => {
    expect(p.exceedsCapacityIn).toBe('2022-03');
    const feb23 = p.months.find((m) => m.month === '2023-02')!;
    expect(feb23.capacity).toBe(s.capacity + 40_000);
    expect(feb23.occupancy).toBeGreaterThan(1);
  });

  it('releases no wave when the 36-month pretrial limit starts in 2023-08 (initial.pretrialServed)', () => {
    // the people in pretrial at the start had served under the pre-regime 24-month limit; only those
    // already past 36 months by August 2023 leave then, the rest month by month as they reach it
    expect(s.initial.pretrialServed).toEqual({ meanMonths: 9, maxMonths: 24 });
    const released = (month: string) => p.months.find((m) => m.month === month)!.released;
    const around = ['2023-05', '2023-06', '2023-07', '2023-09', '2023-10', '2023-11']
      .map(released)
      .sort((a, b) => a - b);
    const median = (around[2]! + around[3]!) / 2;
    expect(released('2023-08')).toBeLessThanOrEqual(2 * median);
    // the months before the lever release only by the regime's own rates
    for (const m of ['2023-05', '2023-06', '2023-07']) expect(released(m)).toBeLessThan(1000);
  });

  it('is reproducible: same seed, same result', () => {
    expect(project(s)).toEqual(p);
  });
});

describe('Chile from December 2025', () => {
  const s = load('chile-2025.json');
  const p = project(s);
  const first = p.months[0]!;

  it('starts at about 63,000 people for 42,000 places (about 148 %)', () => {
    expect(first.month).toBe('2025-12');
    expect(first.capacity).toBe(42_000);
    expect(first.occupancy).toBeGreaterThan(1.4);
    expect(first.occupancy).toBeLessThan(1.55);
    // about a third unsentenced (detained + pretrial), as in Gendarmería's figures
    expect(first.pretrialShare).toBeGreaterThan(0.3);
    expect(first.pretrialShare).toBeLessThan(0.4);
  });

  it('is already over capacity at the start and needs more than 20,000 places', () => {
    expect(p.exceedsCapacityIn).toBe('2025-12');
    expect(p.placesNeeded).toBeGreaterThan(20_000);
  });
});

/*
 * Chile backcast: the same parameters run from January 2022 (39,683 people, Gendarmería via The Clinic)
 * against the monthly Gendarmería figures reported in the press. Informative, loosely bounded: constant
 * rates cannot show the harsher laws of those years (docs/projection.md).
 */
describe('Chile 2022-2025 backcast (informative)', () => {
  const base = load('chile-2025.json');
  const s: Scenario = {
    ...base,
    id: 'chile-2022-backcast',
    start: '2022-01',
    months: 48,
    initial: { detained: 200, pretrial: 13_700, sentenced: 25_783 },
    observed: [
      { month: '2022-12', population: 45_644, source: 'Gendarmería via The Clinic, 27 May 2023' },
      { month: '2023-04', population: 48_407, source: 'Gendarmería via The Clinic, 27 May 2023' },
      { month: '2023-12', population: 52_525, source: 'Gendarmería via La Prensa Austral, 2 Aug 2025' },
      { month: '2024-10', population: 59_411, source: 'Gendarmería via BioBioChile, 18 Nov 2024' },
      { month: '2025-06', population: 63_276, source: 'Gendarmería via La Prensa Austral, 2 Aug 2025' },
      { month: '2025-12', population: 62_323, source: 'Gendarmería via Radio U. de Chile, 26 Feb 2026' },
    ],
  };
  const c = checkScenario(s);

  it('is a valid scenario and its MAPE stays under the loose bound of 20 %', () => {
    expect('scenario' in c).toBe(true);
    const e = errors(s, project(s));
    expect(mape(e)).toBeLessThanOrEqual(0.2);
  });
});
