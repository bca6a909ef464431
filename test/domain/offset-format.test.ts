import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIn, offsetFormatter } from '../../src/domain/time.js';

const ZONES = [
  'America/Santiago',
  'America/El_Salvador',
  'Europe/Madrid',
  'UTC',
  'Asia/Kolkata',
  'America/St_Johns',
];

describe('offsetFormatter', () => {
  it('writes what formatIn writes, for every instant until the next change of offset', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (tz, start, where, wholeSecond) => {
          const f = offsetFormatter(new Date(start), tz);
          expect(f.until).toBeGreaterThan(start);
          const span = Math.min(f.until, start + 400 * 86_400_000) - start;
          let ms = start + Math.floor(where * (span - 1));
          if (wholeSecond) ms -= ms % 1000;
          if (ms < start) ms = start;
          expect(f.format(ms)).toBe(formatIn(new Date(ms), tz));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stops at the change of offset: the last millisecond before it and the first after', () => {
    const f = offsetFormatter(new Date('2026-03-01T12:00:00Z'), 'America/Santiago');
    expect(Number.isFinite(f.until)).toBe(true);
    expect(f.format(f.until - 1)).toBe(formatIn(new Date(f.until - 1), 'America/Santiago'));
    // past `until` the offset is another: the formatter must not be used there
    expect(f.format(f.until)).not.toBe(formatIn(new Date(f.until), 'America/Santiago'));
    const after = offsetFormatter(new Date(f.until), 'America/Santiago');
    expect(after.format(f.until)).toBe(formatIn(new Date(f.until), 'America/Santiago'));
  });
});
