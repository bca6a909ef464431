import { describe, expect, it } from 'vitest';
import {
  type ComplianceInput,
  check,
  compare,
  evaluate,
  type Regime,
  summarise,
} from '../../src/domain/safeguards/compliance.js';
import { daysBetween, dueAt } from '../../src/domain/safeguards/deadline.js';
import { nationalProfile, PROFILES } from '../../src/domain/safeguards/profiles/index.js';

const SCL = 'America/Santiago';
const at = (s: string) => new Date(s);

describe('deadlines in the facility time zone', () => {
  it('counts hours as elapsed time across Chile’s April and September clock changes', () => {
    // clocks go back at 24:00 on 4 April 2026 (-03 → -04): 24 hours later reads 09:00 local
    expect(dueAt(at('2026-04-04T10:00:00-03:00'), { hours: 24 }, SCL).toISOString()).toBe(
      '2026-04-05T13:00:00.000Z',
    );
    // clocks go forward at 24:00 on 5 September 2026 (-04 → -03): 24 hours later reads 11:00 local
    expect(dueAt(at('2026-09-05T10:00:00-04:00'), { hours: 24 }, SCL).toISOString()).toBe(
      '2026-09-06T14:00:00.000Z',
    );
    expect(dueAt(at('2026-04-04T23:30:00-03:00'), { hours: 48 }, SCL).toISOString()).toBe(
      '2026-04-07T02:30:00.000Z',
    );
  });

  it('counts days and months as calendar steps that keep the local time', () => {
    expect(dueAt(at('2026-03-25T10:00:00-03:00'), { days: 15 }, SCL).toISOString()).toBe(
      '2026-04-09T14:00:00.000Z',
    ); // 10:00 -04
    expect(dueAt(at('2026-08-30T10:00:00-04:00'), { days: 15 }, SCL).toISOString()).toBe(
      '2026-09-14T13:00:00.000Z',
    ); // 10:00 -03
    expect(dueAt(at('2026-03-10T10:00:00-03:00'), { months: 6 }, SCL).toISOString()).toBe(
      '2026-09-10T13:00:00.000Z',
    );
    // 00:30 on 6 September does not exist in Santiago: the step lands on 01:30, the same instant as 00:30 -04
    expect(dueAt(at('2026-09-05T00:30:00-04:00'), { days: 1 }, SCL).toISOString()).toBe(
      '2026-09-06T04:30:00.000Z',
    );
    expect(daysBetween(at('2026-03-30T08:00:00-03:00'), at('2026-04-15T08:00:00-04:00'), SCL)).toBe(16);
  });
});

const regime = (r: Partial<Regime> = {}): Regime => ({
  visits: { allowed: true, perMonth: 4 },
  openAirMinutesPerDay: 120,
  lights: 'normal',
  programmes: ['education', 'work'],
  legalAdviserAccess: true,
  restraintsDuringMovement: false,
  ...r,
});

const base = (over: Partial<ComplianceInput> = {}): ComplianceInput => ({
  facility: { code: 'F', timezone: SCL },
  regime: regime(),
  blockRegimes: {},
  blocks: [{ code: 'B1', inCustody: 4 }],
  cells: [{ code: 'B1-1', block: 'B1', areaM2: 20, design: 4, occupants: 4, single: false, categories: 1 }],
  duties: [],
  segregations: [],
  now: at('2026-06-15T12:00:00Z'),
  ...over,
});

const rules = (fs: { rule: string }[]) => [...new Set(fs.map((f) => f.rule))].sort();

describe('compliance', () => {
  it('finds a CECOT-like regime and crowding against the floor, not a Chilean one', () => {
    const cecot = base({
      facility: { code: 'CECOT', timezone: 'America/El_Salvador' },
      regime: regime({
        visits: { allowed: false },
        openAirMinutesPerDay: 0,
        lights: 'constant',
        programmes: [],
        legalAdviserAccess: false,
        restraintsDuringMovement: true,
      }),
      blocks: [{ code: 'M1', inCustody: 70 }],
      cells: [
        { code: 'M1-C01', block: 'M1', areaM2: 100, design: 80, occupants: 70, single: false, categories: 1 },
      ],
    });
    const found = check(cecot, PROFILES['un-mandela']!);
    expect(rules(found)).toEqual(['mandela-13', 'mandela-23', 'mandela-43', 'mandela-58', 'mandela-61']);
    const space = found.find((f) => f.rule === 'mandela-13')!;
    expect(space).toMatchObject({
      ref: expect.stringContaining('rule 13'),
      people: 70,
      params: { m2: 1.43, standard: 3.4, spaceCapacity: 29 },
    });
    expect(rules(check(base(), PROFILES['un-mandela']!))).toEqual([]);
  });

  it('keeps the floor under a national profile: 10 days without a judge', () => {
    const tenDays = base({
      duties: [
        {
          id: 'd1',
          kind: 'detention-hearing',
          personId: 'p1',
          since: at('2026-06-05T12:00:00Z'),
          doneAt: null,
        },
      ],
    });
    const sv = check(tenDays, PROFILES['sv-exception']!);
    expect(rules(sv)).toEqual(['un-iccpr-9-3']);
    expect(sv[0]).toMatchObject({ profile: 'un-mandela', severity: 'critical', subject: 'p1' });
    expect(rules(evaluate(tenDays, PROFILES['sv-exception']!))).toEqual([]);
    const sixteen = base({ ...tenDays, now: at('2026-06-21T12:00:01Z') });
    expect(rules(check(sixteen, PROFILES['sv-exception']!))).toEqual(['sv-const-29', 'un-iccpr-9-3']);
  });

  it('makes a Chilean detention overdue after 24 hours', () => {
    const d = (now: string) =>
      base({
        now: at(now),
        duties: [
          {
            id: 'd',
            kind: 'detention-hearing',
            personId: 'p',
            since: at('2026-06-15T08:00:00-04:00'),
            doneAt: null,
          },
        ],
      });
    expect(rules(check(d('2026-06-16T07:59:00-04:00'), PROFILES.cl!))).toEqual([]);
    expect(rules(check(d('2026-06-16T08:01:00-04:00'), PROFILES.cl!))).toEqual(['cl-cpp-131']);
    expect(rules(check(d('2026-06-17T08:01:00-04:00'), PROFILES.cl!))).toEqual([
      'cl-cpp-131',
      'un-iccpr-9-3',
    ]);
    const late = base({
      duties: [
        {
          id: 'd',
          kind: 'detention-hearing',
          personId: 'p',
          since: at('2026-06-01T08:00:00Z'),
          doneAt: at('2026-06-02T20:00:00Z'),
        },
      ],
    });
    expect(check(late, PROFILES.cl!).map((f) => f.message)).toEqual(['finding.late.detention-hearing']);
  });

  it('raises prolonged solitary confinement after 15 days, and an unreported death', () => {
    const seg = (days: number) =>
      base({
        now: at(`2026-06-${String(1 + days).padStart(2, '0')}T09:00:00-04:00`),
        segregations: [
          {
            id: 's',
            personId: 'p',
            startedAt: at('2026-06-01T09:00:00-04:00'),
            endedAt: null,
            authority: 'Alcaide',
          },
        ],
      });
    expect(rules(check(seg(15), PROFILES.cl!))).toEqual([]);
    expect(rules(check(seg(16), PROFILES.cl!))).toEqual(['mandela-44']);
    const death = base({
      now: at('2026-06-03T12:00:00Z'),
      duties: [
        {
          id: 'k',
          kind: 'death-next-of-kin',
          personId: 'p',
          since: at('2026-06-01T12:00:00Z'),
          doneAt: at('2026-06-01T18:00:00Z'),
        },
        { id: 'a', kind: 'death-authority', personId: 'p', since: at('2026-06-01T12:00:00Z'), doneAt: null },
      ],
    });
    expect(rules(check(death, PROFILES['un-mandela']!))).toEqual(['mandela-71']);
  });

  it('summarises by rule with people affected, and compares two profiles rule by rule', () => {
    const input = base({
      duties: [
        {
          id: 'a',
          kind: 'detention-hearing',
          personId: 'p1',
          since: at('2026-06-13T11:00:00Z'),
          doneAt: null,
        },
        {
          id: 'b',
          kind: 'detention-hearing',
          personId: 'p2',
          since: at('2026-06-14T11:00:00Z'),
          doneAt: null,
        },
        { id: 'c', kind: 'medical-exam', personId: 'p1', since: at('2026-06-13T12:00:00Z'), doneAt: null },
      ],
      cells: [
        { code: 'B1-1', block: 'B1', areaM2: 6, design: 2, occupants: 3, single: false, categories: 1 },
        { code: 'B1-2', block: 'B1', areaM2: 6, design: 1, occupants: 2, single: true, categories: 2 },
      ],
    });
    const s = summarise(check(input, PROFILES.cl!));
    expect(s.map((x) => [x.rule, x.findings, x.people])).toEqual([
      ['cl-cpp-131', 2, 2],
      ['un-iccpr-9-3', 1, 1],
      ['mandela-11', 1, 2],
      ['mandela-12', 1, 2],
      ['mandela-13', 2, 5],
      ['mandela-30', 1, 1],
    ]);
    const side = compare(
      { id: 'un-mandela', findings: check(input, PROFILES['un-mandela']!) },
      { id: 'cl', findings: check(input, PROFILES.cl!) },
    );
    expect(side.find((r) => r.rule === 'cl-cpp-131')).toMatchObject({
      'un-mandela': null,
      cl: { findings: 2, people: 2 },
    });
    expect(side.find((r) => r.rule === 'mandela-13')).toMatchObject({
      'un-mandela': { findings: 2 },
      cl: { findings: 2 },
    });
    expect(nationalProfile('cl')?.id).toBe('cl');
    expect(nationalProfile('SV')?.id).toBe('sv-exception');
    expect(nationalProfile('AR')).toBeUndefined();
  });
});
