import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/register/canonical.js';
import { canonicalEvent, eventHash, hashPage, parsePage } from '../../src/domain/register/chain.js';

/**
 * Issue 18 made canonical JSON and the canonical event cheaper to write; the text, and so every hash
 * of every register already stored, must not change. These are the versions from before, side by side.
 */
function canonicalBefore(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number');
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalBefore(v))).join(',')}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalBefore((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

const eventBefore = (e: Parameters<typeof canonicalEvent>[0]) =>
  canonicalBefore({
    seq: e.seq,
    recordedAt: e.recordedAt.toISOString(),
    effectiveAt: e.effectiveAt.toISOString(),
    actor: e.actor,
    kind: e.kind,
    personId: e.personId,
    facility: e.facility,
    corrects: e.corrects,
    payload: e.payload,
  });

const time = fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true });
const event = fc.record({
  seq: fc.integer({ min: -5, max: 2 ** 40 }),
  recordedAt: time,
  effectiveAt: time,
  actor: fc.string(),
  kind: fc.string(),
  personId: fc.option(fc.string()),
  facility: fc.option(fc.string()),
  corrects: fc.option(fc.nat()),
  payload: fc.jsonValue(),
});

describe('canonical JSON, rewritten for speed', () => {
  it('writes the same text as before for any JSON value, keys with any characters', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(canonicalBefore(v));
      }),
      { numRuns: 500 },
    );
    // undefined members and elements, nested
    const odd = { b: undefined, a: [undefined, { z: 1, y: undefined }], é: 'ñ', A: null };
    expect(canonicalJson(odd)).toBe(canonicalBefore(odd));
    expect(() => canonicalJson({ a: [Number.POSITIVE_INFINITY] })).toThrow(TypeError);
  });

  it('writes the same canonical event, and so the same hash, as before', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(canonicalEvent(e)).toBe(eventBefore(e));
        const before = createHash('sha256').update('0'.repeat(64)).update(eventBefore(e)).digest('hex');
        expect(eventHash('0'.repeat(64), e)).toBe(before);
      }),
      { numRuns: 300 },
    );
    const e = { seq: 1, recordedAt: new Date(0), effectiveAt: new Date(0), actor: 'a', kind: 'k' } as never;
    // a member left undefined is dropped, as before
    expect(canonicalEvent({ ...(e as object), personId: undefined, payload: undefined } as never)).toBe(
      eventBefore({ ...(e as object), personId: undefined, payload: undefined } as never),
    );
  });

  it('reads a page of events as the driver would, and hashes each as eventHash does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(event, fc.boolean()), { maxLength: 20 }), (list) => {
        const json = JSON.stringify(
          list.map(([e, exact]) => [
            e.seq,
            e.recordedAt.getTime(),
            e.effectiveAt.getTime(),
            e.actor,
            e.kind,
            e.personId,
            e.facility,
            e.corrects,
            'p'.repeat(64),
            'h'.repeat(64),
            e.payload,
            exact,
          ]),
        );
        const parsed = parsePage(json);
        expect(parsed.map((p) => p.exact)).toEqual(list.map(([, exact]) => exact));
        expect(hashPage(json)).toEqual(
          list.map(([e, exact]) => ({
            seq: e.seq,
            prevHash: 'p'.repeat(64),
            hash: 'h'.repeat(64),
            exact,
            computed: eventHash('p'.repeat(64), { ...e, payload: JSON.parse(JSON.stringify(e.payload)) }),
          })),
        );
      }),
      { numRuns: 100 },
    );
  });
});
