import { describe, expect, it } from 'vitest';
import { unlistedViolations } from '../../web/src/format.js';
import common from '../../web/src/locales/common.js';

/** A refusal lists 100 violations at most (docs/api.md, Limits): the page says how many it left out. */
describe('violations a refusal found beyond those it lists', () => {
  const listed = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ rule: 'invalid-field', message: `m${i}` }));

  it('counts those beyond the list from violationsTotal', () => {
    expect(unlistedViolations({ violations: listed(100), violationsTotal: 150 })).toBe(50);
  });

  it('is none when the problem lists them all, says no total, or is no problem', () => {
    expect(unlistedViolations({ violations: listed(100) })).toBe(0);
    expect(unlistedViolations({ violations: listed(3), violationsTotal: 3 })).toBe(0);
    expect(unlistedViolations({})).toBe(0);
    expect(unlistedViolations(null)).toBe(0);
  });

  it('is said in Spanish and English, with the count and the total', () => {
    for (const lang of ['es', 'en'] as const) {
      expect(common[lang].moreViolations).toContain('{{count}}');
      expect(common[lang].moreViolations).toContain('{{total}}');
    }
  });
});
