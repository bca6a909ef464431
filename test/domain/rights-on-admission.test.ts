import { describe, expect, it } from 'vitest';
import { consularAfterCorrection } from '../../src/domain/safeguards/rights-on-admission.js';

/** What a corrected nationality does to the consular notice (Mandela Rule 62). */
describe('consularAfterCorrection', () => {
  const open = { status: 'open' as const };
  const done = { status: 'done' as const };
  const cancelled = { status: 'cancelled' as const };
  const decide = (nationality: string | null, duties: { status: 'open' | 'done' | 'cancelled' }[]) =>
    consularAfterCorrection({ nationality, jurisdiction: 'CL', duties });

  it('opens a notice for a person now foreign with none open or done', () => {
    expect(decide('PE', [])).toBe('open');
    expect(decide('pe', [cancelled])).toBe('open');
    expect(decide('PE', [open])).toBeNull();
    expect(decide('PE', [cancelled, done])).toBeNull();
  });

  it('cancels an open notice that no longer applies, and leaves one given', () => {
    expect(decide('CL', [open])).toBe('cancel');
    expect(decide(null, [cancelled, open])).toBe('cancel');
    expect(decide('CL', [done])).toBeNull();
    expect(decide('CL', [])).toBeNull();
  });

  it('decides nothing without a jurisdiction', () => {
    expect(consularAfterCorrection({ nationality: 'PE', jurisdiction: undefined, duties: [] })).toBeNull();
  });
});
