import { describe, expect, it } from 'vitest';
import {
  type DeliveredFacts,
  deliveredFindings,
  openAirGiven,
} from '../../src/domain/daily-life/delivered.js';
import {
  checkNotFuture,
  checkUnitTime,
  complianceWindow,
  isCalendarDate,
  personDays,
  shortCells,
  solitaryRuns,
} from '../../src/domain/daily-life/open-air.js';
import { type ComplianceInput, check } from '../../src/domain/safeguards/compliance.js';
import { FLOOR } from '../../src/domain/safeguards/profiles/index.js';

const facts = (over: Partial<DeliveredFacts> = {}): DeliveredFacts => ({
  window: { from: '2026-11-01', to: '2026-11-07', days: 7 },
  openAir: { judgedDays: 0, personDays: 0, short: [] },
  solitary: [],
  visits: { recorded: 0, held: 0, refused: 0, refusedReasons: [], peopleHeld: 0, peopleWithVisit: 0 },
  activities: { judged: false, allocated: 0, held: 0, share: null },
  ...over,
});

describe('open-air records', () => {
  it('checks minutes, dates, exceptions and reasons, naming each field', () => {
    expect(checkUnitTime({ unit: 'A', date: '2026-11-01', minutes: 60 })).toEqual([]);
    expect(checkUnitTime({ unit: 'A', date: '2026-11-01', minutes: 1440 })).toEqual([]);
    const bad = checkUnitTime({
      unit: 'A',
      date: '2026-02-29',
      minutes: -1,
      exceptions: [
        { personId: 'p', reason: 'En el hospital' },
        { personId: 'p', reason: ' ' },
      ],
    });
    expect(bad.map((v) => [v.rule, v.subject])).toEqual([
      ['minutes-out-of-range', 'minutes'],
      ['bad-date', 'date'],
      ['duplicate-exception', 'exceptions[1].personId'],
      ['reason-length', 'exceptions[1].reason'],
    ]);
    expect(checkUnitTime({ unit: 'A', date: '2026-11-01', minutes: 1441 })[0]?.subject).toBe('minutes');
    const many = Array.from({ length: 2001 }, (_, i) => ({ personId: `p${i}`, reason: 'x' }));
    expect(checkUnitTime({ unit: 'A', date: '2026-11-01', minutes: 0, exceptions: many })[0]?.rule).toBe(
      'too-many-exceptions',
    );
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-11-31')).toBe(false);
    expect(checkNotFuture('2026-11-02', '2026-11-01')[0]?.rule).toBe('date-in-future');
    expect(checkNotFuture('2026-11-01', '2026-11-01')).toEqual([]);
  });

  it('takes the last 7 days by default, refuses reversed and over-long windows', () => {
    expect(complianceWindow({}, '2026-12-06').window).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(complianceWindow({ to: '2026-01-03' }, '2026-12-06').window).toEqual({
      from: '2025-12-28',
      to: '2026-01-03',
    });
    expect(complianceWindow({ from: '2026-01-01', to: '2026-12-31' }, '2026-12-06').violations).toEqual([]);
    expect(complianceWindow({ from: '2025-01-01', to: '2026-01-02' }, '2026-12-06').violations[0]?.rule).toBe(
      'window-too-long',
    );
    expect(complianceWindow({ from: '2026-02-02', to: '2026-02-01' }, '2026-12-06').violations[0]?.rule).toBe(
      'window-reversed',
    );
    expect(complianceWindow({ from: 'nope' }, '2026-12-06').violations[0]?.subject).toBe('from');
  });
});

describe('the per person and day judgement', () => {
  const ancestors = (cell: string) => [cell, cell.slice(0, 2), cell.slice(0, 1)];
  const stays = [
    { person: 'p1', cell: 'A1-1', firstDay: '2026-11-01', lastDay: '2026-11-30' },
    { person: 'p2', cell: 'A1-1', firstDay: '2026-11-01', lastDay: '2026-11-30' },
    // moved on the 3rd: a whole day in neither cell
    { person: 'p3', cell: 'A1-2', firstDay: '2026-11-01', lastDay: '2026-11-02' },
    { person: 'p3', cell: 'B1-1', firstDay: '2026-11-04', lastDay: '2026-11-30' },
  ];
  const records = [
    { id: 'r1', unit: 'A', day: '2026-11-01', minutes: 30, exceptions: [] },
    { id: 'r2', unit: 'A1', day: '2026-11-01', minutes: 30, exceptions: ['p2'] },
    { id: 'r3', unit: 'A', day: '2026-11-03', minutes: 45, exceptions: [] },
    { id: 'r4', unit: 'B', day: '2026-11-03', minutes: 90, exceptions: [] },
  ];
  const window = { from: '2026-11-01', to: '2026-11-30' };

  it('adds the records of the cell, landing and block, less the exceptions; judges only days with records', () => {
    const days = personDays(stays, records, ancestors, window);
    expect(Object.fromEntries([...days].map(([k, v]) => [k, v.minutes]))).toEqual({
      'p1|2026-11-01': 60,
      'p2|2026-11-01': 30,
      'p3|2026-11-01': 60,
      'p1|2026-11-03': 45,
      'p2|2026-11-03': 45,
    });
    expect(shortCells(days.values(), 60)).toEqual([
      { cell: 'A1-1', days: 2, personDays: 3, people: 2, minGiven: 30 },
    ]);
  });

  it('finds runs of more than maxDays consecutive judged days; unjudged days neither count nor break', () => {
    const judged = ['2026-11-01', '2026-11-02', '2026-11-04', '2026-11-05'];
    const short = judged.map((day) => ({ person: 'p', day }));
    expect(solitaryRuns(judged, short, 3)).toEqual([
      { person: 'p', days: 4, from: '2026-11-01', to: '2026-11-05' },
    ]);
    expect(solitaryRuns(judged, short, 4)).toEqual([]);
    const broken = short.filter((s) => s.day !== '2026-11-02');
    expect(solitaryRuns(judged, broken, 1)).toEqual([
      { person: 'p', days: 2, from: '2026-11-04', to: '2026-11-05' },
    ]);
  });
});

describe('findings on what was given', () => {
  const input = (delivered?: DeliveredFacts): ComplianceInput => ({
    facility: { code: 'F', timezone: 'America/Santiago' },
    regime: {
      visits: { allowed: false },
      openAirMinutesPerDay: 0,
      lights: 'normal',
      programmes: [],
      legalAdviserAccess: true,
      restraintsDuringMovement: false,
    },
    blockRegimes: {},
    blocks: [{ code: 'A', inCustody: 10 }],
    cells: [],
    duties: [],
    segregations: [],
    ...(delivered ? { delivered } : {}),
    now: new Date('2026-11-08T12:00:00Z'),
  });
  const cell = { cell: 'A1-1', days: 2, personDays: 3, people: 2, minGiven: 30 };

  it('judges open air on the records when the window has some, else on the declaration', () => {
    const declared = check(input(facts()), FLOOR).filter((f) => f.rule === 'mandela-23');
    expect(declared.map((f) => [f.subject, f.message])).toEqual([['A', 'finding.open-air']]);
    const d = facts({
      openAir: {
        judgedDays: 2,
        personDays: 10,
        short: [{ minMinutes: 60, shortPersonDays: 3, cells: [cell] }],
      },
    });
    expect(openAirGiven(d, FLOOR)).toBe(true);
    const given = check(input(d), FLOOR).filter((f) => f.rule === 'mandela-23');
    expect(given).toEqual([
      expect.objectContaining({
        subject: 'A1-1',
        message: 'finding.open-air-given',
        people: 2,
        params: expect.objectContaining({ ...cell, min: 60 }),
      }),
    ]);
    // the declared visits finding stays beside the records
    expect(check(input(d), FLOOR).some((f) => f.message === 'finding.visits-none')).toBe(true);
  });

  it('finds solitary runs, visits not given or refused, and no activities', () => {
    const d = facts({
      solitary: [
        {
          minOutOfCellMinutes: 120,
          maxDays: 15,
          judgedDays: 20,
          runs: [{ person: 'p', days: 16, from: '2026-11-01', to: '2026-11-16' }],
        },
      ],
      visits: {
        recorded: 5,
        held: 3,
        refused: 2,
        refusedReasons: [{ reason: 'Sin documento', count: 2 }],
        peopleHeld: 10,
        peopleWithVisit: 3,
      },
      activities: { judged: true, allocated: 0, held: 10, share: 0 },
    });
    const out = deliveredFindings(d, FLOOR, 'F');
    expect(out.map((f) => [f.rule, f.subject, f.message, f.people])).toEqual([
      ['mandela-44', 'p', 'finding.solitary-from-records', 1],
      ['mandela-58', 'F', 'finding.visits-not-given', 7],
      ['mandela-58', 'F', 'finding.visits-refused', 2],
      ['mandela-4', 'F', 'finding.no-activities', 10],
    ]);
    expect(out[2]?.params.reasons).toBe('Sin documento (2)');
    // a window under a week judges no visits; activities only where the facility keeps records
    const short = {
      ...d,
      window: { from: '2026-11-01', to: '2026-11-06', days: 6 },
      activities: { ...d.activities, judged: false },
    };
    expect(deliveredFindings(short, FLOOR, 'F').map((f) => f.rule)).toEqual(['mandela-44']);
    expect(deliveredFindings(undefined, FLOOR, 'F')).toEqual([]);
  });
});
