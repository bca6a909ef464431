import { describe, expect, it } from 'vitest';
import {
  checkCapacity,
  checkCapacityUnit,
  checkFacility,
  checkNewFacility,
} from '../../src/domain/facility/facility.js';
import { RuleError } from '../../src/domain/violation.js';

const refusal = (f: () => void) => {
  try {
    f();
  } catch (err) {
    if (err instanceof RuleError) return { status: err.status, violations: err.violations };
    throw err;
  }
  throw new Error('not refused');
};

const cell = (code: string) => ({ code, kind: 'cell' as const, capacity: { design: 2, operational: 3 } });

describe('recording a facility', () => {
  it('answers its units in order when the tree and the time zone are sound', () => {
    const units = checkFacility({
      timezone: 'America/Santiago',
      units: [{ code: 'A', kind: 'block', children: [cell('A-1'), cell('A-2')] }],
    });
    expect(units.map((u) => u.code)).toEqual(['A', 'A-1', 'A-2']);
  });

  it('names every problem of the tree and an unknown time zone together', () => {
    const r = refusal(() =>
      checkFacility({
        timezone: 'Mars/Olympus',
        units: [{ code: 'A', kind: 'block', children: [cell('A'), cell('A-1')] }],
      }),
    );
    expect(r.status).toBe(400);
    expect(r.violations.map((v) => v.rule)).toEqual(['duplicate-unit-code', 'invalid-timezone']);
    expect(r.violations.at(-1)).toEqual({
      rule: 'invalid-timezone',
      subject: 'timezone',
      params: { timezone: 'Mars/Olympus' },
    });
  });

  it('records a code once', () => {
    expect(() => checkNewFacility('ALFA', false)).not.toThrow();
    expect(refusal(() => checkNewFacility('ALFA', true))).toEqual({
      status: 409,
      violations: [{ rule: 'facility-exists', subject: 'code', params: { code: 'ALFA' } }],
    });
  });
});

describe('a cell’s capacity', () => {
  it('is set on cells only', () => {
    expect(() => checkCapacityUnit({ code: 'A-1', kind: 'cell' })).not.toThrow();
    expect(refusal(() => checkCapacityUnit({ code: 'A', kind: 'block' }))).toEqual({
      status: 400,
      violations: [
        {
          rule: 'invalid-field',
          subject: 'unit',
          params: { field: 'A', problem: 'only cells carry a capacity' },
        },
      ],
    });
  });

  it('never goes below the people held in the cell', () => {
    expect(() => checkCapacity('A-1', { design: 2, operational: 3 }, 3)).not.toThrow();
    expect(refusal(() => checkCapacity('A-1', { design: 2, operational: 2 }, 3))).toEqual({
      status: 409,
      violations: [
        {
          rule: 'capacity-below-occupancy',
          subject: 'A-1',
          params: { cell: 'A-1', operational: 2, occupants: 3 },
        },
      ],
    });
  });
});
