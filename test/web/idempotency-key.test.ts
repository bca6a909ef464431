import { describe, expect, it, vi } from 'vitest';
import { IDEMPOTENCY_HEADER, idempotencyHeader, newIdempotencyKey } from '../../web/src/idempotency.js';

/**
 * The web app's writes carry an Idempotency-Key (issue 19; `api()` and the bulk upload add this
 * header): a new key per write, the first try's key when a caller sends the same write again, none on
 * a read.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the Idempotency-Key of the web app', () => {
  it('is a new key for every write and none for a read', () => {
    for (const read of ['GET', 'get', 'HEAD', 'OPTIONS']) expect(idempotencyHeader(read)).toEqual({});
    const keys = ['POST', 'PUT', 'PATCH', 'DELETE', 'post'].map(
      (m) => idempotencyHeader(m)[IDEMPOTENCY_HEADER],
    );
    for (const k of keys) expect(k).toMatch(UUID);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('repeats the key a caller gives when it sends the same write again', () => {
    const key = newIdempotencyKey();
    expect(idempotencyHeader('POST', key)).toEqual({ 'idempotency-key': key });
    expect(idempotencyHeader('POST', key)).toEqual({ 'idempotency-key': key });
  });

  it('makes random version 4 UUIDs where crypto.randomUUID is missing (plain HTTP, not localhost)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
    try {
      expect(typeof crypto.randomUUID).toBe('undefined');
      const keys = Array.from({ length: 200 }, () => newIdempotencyKey());
      for (const k of keys) expect(k).toMatch(UUID);
      expect(new Set(keys).size).toBe(200);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(newIdempotencyKey()).toMatch(UUID);
  });
});
