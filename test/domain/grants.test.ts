import { describe, expect, it } from 'vitest';
import { grantViolations } from '../../src/domain/access/grants.js';

const rules = (v: { rule: string }[]) => v.map((x) => x.rule);
const adminOfA = { username: 'adm-a', roles: ['admin'], facilities: ['A'] };
const adminOfAll = { username: 'root', roles: ['admin'], facilities: ['*'] };

describe('who may grant what', () => {
  it('lets nobody change their own roles or facilities, not even an administrator of all', () => {
    expect(rules(grantViolations(adminOfAll, adminOfAll, { roles: ['admin', 'medical'] }))).toEqual([
      'grant-self',
    ]);
    expect(rules(grantViolations(adminOfA, adminOfA, { facilities: ['A', 'B'] }))).toEqual(['grant-self']);
    expect(grantViolations(adminOfA, adminOfA, {})).toEqual([]); // its own password
  });

  it('keeps an administrator of one facility to accounts of its facilities', () => {
    expect(grantViolations(adminOfA, null, { username: 'o', roles: ['officer'], facilities: ['A'] })).toEqual(
      [],
    );
    expect(
      grantViolations(adminOfA, null, { username: 'o', roles: ['officer'], facilities: ['A', 'B'] }),
    ).toEqual([{ rule: 'grant-outside-facilities', subject: 'facilities', params: { facility: 'B' } }]);
    const ofB = { username: 'ob', roles: ['officer'], facilities: ['B'] };
    expect(rules(grantViolations(adminOfA, ofB, {}))).toEqual(['grant-outside-facilities']); // reset, disable
    expect(rules(grantViolations(adminOfA, { ...ofB, facilities: ['A'] }, { facilities: ['B'] }))).toEqual([
      'grant-outside-facilities',
    ]);
  });

  it('leaves administrators, inspectors and accounts of all facilities to an administrator of all', () => {
    for (const after of [
      { username: 'x', roles: ['admin'], facilities: ['A'] },
      { username: 'x', roles: ['inspector'], facilities: [] },
      { username: 'x', roles: ['officer'], facilities: ['*'] },
    ]) {
      expect(rules(grantViolations(adminOfA, null, after))).toEqual(['grant-system-role']);
      expect(grantViolations(adminOfAll, null, after)).toEqual([]);
    }
    const inspector = { username: 'insp', roles: ['inspector'], facilities: [] };
    expect(rules(grantViolations(adminOfA, inspector, {}))).toEqual(['grant-system-role']);
  });
});
