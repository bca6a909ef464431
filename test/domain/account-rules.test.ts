import { describe, expect, it } from 'vitest';
import {
  ALL_FACILITIES,
  accountViolations,
  checkAdminsRemain,
  checkNewUser,
  MIN_PASSWORD,
  removesAdmin,
} from '../../src/domain/access/accounts.js';
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

describe('accounts', () => {
  const known = new Set(['ALFA', 'BRAVO']);

  it('take a long enough password and facilities on record, or all of them', () => {
    expect(
      accountViolations({ password: 'x'.repeat(MIN_PASSWORD), facilities: ['ALFA', ALL_FACILITIES] }, known),
    ).toEqual([]);
    expect(accountViolations({}, known)).toEqual([]);
  });

  it('name a short password and each facility not on record', () => {
    expect(
      accountViolations(
        { password: 'x'.repeat(MIN_PASSWORD - 1), facilities: ['ALFA', 'ZULU', 'YANKEE'] },
        known,
      ),
    ).toEqual([
      { rule: 'weak-password', subject: 'password', params: { min: MIN_PASSWORD } },
      { rule: 'unknown-facility', subject: 'facilities[1]', params: { facility: 'ZULU' } },
      { rule: 'unknown-facility', subject: 'facilities[2]', params: { facility: 'YANKEE' } },
    ]);
  });

  it('have one username each', () => {
    expect(() => checkNewUser('ana', false)).not.toThrow();
    expect(refusal(() => checkNewUser('ana', true))).toEqual({
      status: 409,
      violations: [{ rule: 'user-exists', subject: 'username', params: { username: 'ana' } }],
    });
  });

  it('never lose the last enabled administrator', () => {
    const admin = { username: 'root', roles: ['admin', 'records'], disabled: false };
    expect(removesAdmin(admin, { roles: ['records'] })).toBe(true);
    expect(removesAdmin(admin, { disabled: true })).toBe(true);
    expect(removesAdmin(admin, { roles: ['admin'] })).toBe(false);
    expect(removesAdmin(admin, { disabled: false })).toBe(false);
    expect(removesAdmin({ ...admin, disabled: true }, { roles: ['records'] })).toBe(false);
    expect(removesAdmin({ ...admin, roles: ['records'] }, { disabled: true })).toBe(false);
    expect(() => checkAdminsRemain(admin, { disabled: true }, 1)).not.toThrow();
    expect(() => checkAdminsRemain(admin, { roles: ['admin'] }, 0)).not.toThrow();
    expect(refusal(() => checkAdminsRemain(admin, { disabled: true }, 0))).toEqual({
      status: 409,
      violations: [{ rule: 'last-admin', subject: 'username', params: { username: 'root' } }],
    });
  });
});
