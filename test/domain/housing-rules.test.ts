import { describe, expect, it } from 'vitest';
import { checkNewGroup, groupRivals, rivalryChange, rivalryPair } from '../../src/domain/housing/groups.js';
import type { CellSpec } from '../../src/domain/housing/model.js';
import {
  checkNoneOpen,
  checkOnFile,
  checkPair,
  checkStillOpen,
  sharedLocation,
} from '../../src/domain/housing/non-association.js';
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

describe('groups', () => {
  it('takes each rival once, and no group as its own rival', () => {
    expect(groupRivals('MS13', ['B18', 'B18', 'LC'])).toEqual(['B18', 'LC']);
    expect(refusal(() => groupRivals('MS13', ['B18', 'MS13']))).toEqual({
      status: 400,
      violations: [{ rule: 'group-self-rival', subject: 'rivals', params: { group: 'MS13' } }],
    });
  });

  it('records a group once', () => {
    expect(() => checkNewGroup('MS13', false)).not.toThrow();
    expect(refusal(() => checkNewGroup('MS13', true))).toEqual({
      status: 409,
      violations: [{ rule: 'group-exists', subject: 'code', params: { group: 'MS13' } }],
    });
  });

  it('keeps a rivalry as one pair in code order, at the widest scope declared', () => {
    expect(rivalryPair('MS13', 'B18')).toEqual(['B18', 'MS13']);
    expect(rivalryPair('B18', 'MS13')).toEqual(['B18', 'MS13']);
    expect(rivalryChange(undefined, 'cell')).toBe('record');
    expect(rivalryChange('cell', 'block')).toBe('widen');
    expect(rivalryChange('block', 'facility')).toBe('widen');
    expect(rivalryChange('block', 'block')).toBe('keep');
    expect(rivalryChange('facility', 'landing')).toBe('keep');
  });
});

describe('non-associations', () => {
  const pair = { personA: 'p-1', personB: 'p-2' };

  it('keeps apart two different people, both on file', () => {
    expect(() => checkPair(pair)).not.toThrow();
    expect(refusal(() => checkPair({ personA: 'p-1', personB: 'p-1' }))).toEqual({
      status: 400,
      violations: [{ rule: 'same-person', subject: 'personB', params: {} }],
    });
    expect(() => checkOnFile(pair, new Set(['p-1', 'p-2']))).not.toThrow();
    expect(refusal(() => checkOnFile(pair, new Set(['p-2'])))).toEqual({
      status: 404,
      violations: [{ rule: 'unknown-person', params: { person: 'p-1' } }],
    });
    expect(refusal(() => checkOnFile(pair, new Set()))).toMatchObject({
      violations: [{ params: { person: 'p-1' } }],
    });
  });

  it('has one open at a time for a pair, and closes once', () => {
    expect(() => checkNoneOpen(pair, undefined)).not.toThrow();
    expect(refusal(() => checkNoneOpen(pair, 'na-1'))).toEqual({
      status: 409,
      violations: [
        {
          rule: 'non-association-exists',
          subject: 'personB',
          params: { personA: 'p-1', personB: 'p-2', id: 'na-1' },
        },
      ],
    });
    expect(() => checkStillOpen('na-1', null)).not.toThrow();
    expect(refusal(() => checkStillOpen('na-1', new Date()))).toEqual({
      status: 409,
      violations: [{ rule: 'non-association-closed', subject: 'id', params: { id: 'na-1' } }],
    });
  });

  it('says where two people share a location of the scope', () => {
    const cell = (code: string, landing: string, block: string): CellSpec => ({
      code,
      landing,
      block,
      design: 2,
      operational: 2,
      attributes: [],
      accepts: {},
    });
    const a = cell('A-1-1', 'A-1', 'A');
    const b = cell('A-1-2', 'A-1', 'A');
    expect(sharedLocation(a, b, 'cell')).toBeNull();
    expect(sharedLocation(a, b, 'landing')).toBe('landing:A-1');
    expect(sharedLocation(a, cell('A-2-1', 'A-2', 'A'), 'landing')).toBeNull();
    expect(sharedLocation(a, cell('A-2-1', 'A-2', 'A'), 'block')).toBe('block:A');
  });
});
